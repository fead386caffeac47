// SPDX-License-Identifier: GPL-2.0
/*
 * The VMBus connection: version negotiation, offers, unload, and the path
 * every host message takes.
 *
 * A transport hands each host message to hvx_vmbus_deliver_msg(), from any
 * context. It is copied to a private item and queued; inbox_work checks it
 * (hvx_msg_check) and dispatches it by type through conn_handlers[]:
 * replies complete the request waiting for them and never block; offers
 * and rescinds move on, in order, to devq_work, which adds and removes
 * devices and may block in a driver's probe. So a probe that waits for a
 * reply never waits behind itself.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <hvx/version.h>
#include <kunit/visibility.h>
#include "internal.h"

static unsigned int max_version = HVX_VMBUS_WIN10_V5_3;
module_param(max_version, uint, 0444);
MODULE_PARM_DESC(max_version,
		 "Newest VMBus protocol version to offer, major << 16 | minor (default 5.3)");

static unsigned int reply_timeout_ms = 10000;
module_param(reply_timeout_ms, uint, 0644);
MODULE_PARM_DESC(reply_timeout_ms,
		 "How long to wait for the host to answer a request (default 10000)");

/* Connection ids messages are posted to (TLFS "ports"). */
#define CONN_ID_MESSAGE		1	/* before 5.0 */
#define CONN_ID_MESSAGE_V5	4	/* INITIATE_CONTACT on 5.0 and later */
#define VMBUS_MESSAGE_SINT	2

struct hvx_conn hvx_conn;

/**
 * hvx_vmbus_version() - the VMBus protocol version in force
 *
 * Return: major << 16 | minor, or 0 when not connected.
 */
u32 hvx_vmbus_version(void)
{
	return READ_ONCE(hvx_conn.version);
}
EXPORT_SYMBOL_GPL(hvx_vmbus_version);

/**
 * hvx_vmbus_reference_time() - the partition reference counter, if known
 *
 * Hyper-V's reference time: 100 ns units since the partition started, the
 * clock the host stamps time samples with.
 * Return: the counter, or 0 when the transport has none.
 */
u64 hvx_vmbus_reference_time(void)
{
	struct hvx_transport *t = READ_ONCE(hvx_conn.transport);

	return t && t->ops->reference_time ? t->ops->reference_time(t) : 0;
}
EXPORT_SYMBOL_GPL(hvx_vmbus_reference_time);

int hvx_conn_post(struct hvx_conn *conn, const void *msg, u32 len)
{
	return conn->transport->ops->post_msg(conn->transport, conn->msg_conn_id,
					       msg, len);
}

/**
 * hvx_conn_expect() - get ready for a reply before posting its request
 * @conn: the connection
 * @w: the waiter
 * @reply_type: the message type that will answer
 * @key: what identifies the answer among others of its type (relid, gpadl)
 * @relid: the channel the request is about, 0 for none: its rescind fails
 *	   the wait at once
 */
void hvx_conn_expect(struct hvx_conn *conn, struct hvx_waiter *w,
		     u32 reply_type, u32 key, u32 relid)
{
	unsigned long flags;

	w->type = reply_type;
	w->key = key;
	w->relid = relid;
	w->status = 0;
	w->len = 0;
	init_completion(&w->done);
	spin_lock_irqsave(&conn->inbox_lock, flags);
	list_add_tail(&w->list, &conn->waiters);
	spin_unlock_irqrestore(&conn->inbox_lock, flags);
	/*
	 * A rescind that hvx_rescind_mark() failed the waiters for before this
	 * one was on the list: it set the flag first, so seeing no flag here
	 * means it has yet to walk the list, and will find this waiter.
	 */
	if (relid && hvx_relid_rescinded(conn, relid))
		hvx_conn_fail_relid(conn, relid);
}
EXPORT_SYMBOL_IF_KUNIT(hvx_conn_expect);

/**
 * hvx_conn_wait() - wait for the reply hvx_conn_expect() prepared for
 * @conn: the connection
 * @w: the waiter; on success w->reply holds the reply, checked for its type
 * @post_ret: what posting the request returned (no wait when it failed)
 * @what: the request, for the log
 *
 * Every wait for the host goes through here, and every one has a timeout.
 *
 * Return: 0; -ETIMEDOUT; -ENODEV when the host or the channel went away;
 * or @post_ret.
 */
int hvx_conn_wait(struct hvx_conn *conn, struct hvx_waiter *w, int post_ret,
		  const char *what)
{
	unsigned long flags;
	int ret = post_ret;

	if (!ret && !wait_for_completion_timeout(&w->done,
						 msecs_to_jiffies(reply_timeout_ms)))
		ret = -ETIMEDOUT;

	spin_lock_irqsave(&conn->inbox_lock, flags);
	list_del(&w->list);
	spin_unlock_irqrestore(&conn->inbox_lock, flags);
	if (ret == -ETIMEDOUT)
		pr_err("the host did not answer %s within %u ms\n", what,
		       reply_timeout_ms);
	return ret ?: w->status;
}

/**
 * hvx_conn_transact() - post one request and wait for its reply
 * @conn: the connection
 * @req: the request message
 * @len: its length
 * @w: the waiter (see hvx_conn_wait())
 * @reply_type: the message type that answers @req
 * @key: what identifies the answer among others of its type
 * @relid: the channel the request is about, or 0
 */
int hvx_conn_transact(struct hvx_conn *conn, const void *req, u32 len,
		      struct hvx_waiter *w, u32 reply_type, u32 key, u32 relid)
{
	const struct hvx_msg_header *hdr = req;

	hvx_conn_expect(conn, w, reply_type, key, relid);
	return hvx_conn_wait(conn, w, hvx_conn_post(conn, req, len),
			     hvx_msg_name(le32_to_cpu(hdr->msgtype)));
}

/* Fail the waits about one channel: the host rescinded it. */
void hvx_conn_fail_relid(struct hvx_conn *conn, u32 relid)
{
	struct hvx_waiter *w;
	unsigned long flags;

	spin_lock_irqsave(&conn->inbox_lock, flags);
	list_for_each_entry(w, &conn->waiters, list) {
		if (w->relid == relid && !completion_done(&w->done)) {
			w->status = -ENODEV;
			complete(&w->done);
		}
	}
	spin_unlock_irqrestore(&conn->inbox_lock, flags);
}

/* Fail every waiter: the host is gone. */
static void conn_fail_waiters(struct hvx_conn *conn)
{
	struct hvx_waiter *w;
	unsigned long flags;

	spin_lock_irqsave(&conn->inbox_lock, flags);
	list_for_each_entry(w, &conn->waiters, list) {
		w->status = -ENODEV;
		complete(&w->done);
	}
	spin_unlock_irqrestore(&conn->inbox_lock, flags);
}

/* ---- host messages ---------------------------------------------------- */

static u32 msg_field(const struct hvx_msg_item *item, size_t offset)
{
	__le32 v;

	memcpy(&v, item->data + offset, sizeof(v));
	return le32_to_cpu(v);
}

/* A reply: hand it to the request waiting for it, if any is. */
static void conn_on_reply(struct hvx_conn *conn, struct hvx_msg_item *item,
			  u32 type, u32 key)
{
	struct hvx_waiter *w;
	unsigned long flags;

	spin_lock_irqsave(&conn->inbox_lock, flags);
	list_for_each_entry(w, &conn->waiters, list) {
		if (w->type != type || w->key != key || completion_done(&w->done))
			continue;
		memcpy(w->reply, item->data, item->len);
		w->len = item->len;
		complete(&w->done);
		spin_unlock_irqrestore(&conn->inbox_lock, flags);
		return;
	}
	spin_unlock_irqrestore(&conn->inbox_lock, flags);
	/* The answer to a kexec or crash UNLOAD: its transport has seen it. */
	if (type == HVX_MSG_UNLOAD_RESPONSE && READ_ONCE(conn->unload_posted))
		return;
	atomic64_inc(&conn->stats.unsolicited);
	pr_warn_ratelimited("dropped %s nobody asked for (key %u)\n",
			    hvx_msg_name(type), key);
}

static void conn_to_devq(struct hvx_conn *conn, struct hvx_msg_item *item)
{
	unsigned long flags;

	spin_lock_irqsave(&conn->inbox_lock, flags);
	list_add_tail(&item->list, &conn->devq);
	spin_unlock_irqrestore(&conn->inbox_lock, flags);
	queue_work(conn->dev_wq, &conn->devq_work);
}

/*
 * What to do with each message type from the host. reply_key is the offset
 * of the field that matches a reply to its request (0: the type alone).
 */
enum conn_action { CONN_IGNORE, CONN_REPLY, CONN_DEVICE_EVENT, CONN_RESCIND };

static const struct {
	enum conn_action action;
	u16 reply_key;
} conn_handlers[HVX_MSG_COUNT] = {
	[HVX_MSG_VERSION_RESPONSE]	= { CONN_REPLY, 0 },
	[HVX_MSG_UNLOAD_RESPONSE]	= { CONN_REPLY, 0 },
	[HVX_MSG_OPENCHANNEL_RESULT]	= { CONN_REPLY,
		offsetof(struct hvx_msg_open_result, child_relid) },
	[HVX_MSG_GPADL_CREATED]		= { CONN_REPLY,
		offsetof(struct hvx_msg_gpadl_created, gpadl) },
	[HVX_MSG_GPADL_TORNDOWN]	= { CONN_REPLY,
		offsetof(struct hvx_msg_gpadl_torndown, gpadl) },
	[HVX_MSG_MODIFYCHANNEL_RESPONSE] = { CONN_REPLY,
		offsetof(struct hvx_msg_modify_channel_response, child_relid) },
	[HVX_MSG_OFFERCHANNEL]		= { CONN_DEVICE_EVENT },
	[HVX_MSG_ALLOFFERS_DELIVERED]	= { CONN_DEVICE_EVENT },
	[HVX_MSG_RESCIND_CHANNELOFFER]	= { CONN_RESCIND },
};

/* Returns true when @item was passed on (and must not be freed). */
static bool conn_dispatch(struct hvx_conn *conn, struct hvx_msg_item *item)
{
	int type = hvx_msg_check(item->data, item->len);

	if (type < 0) {
		atomic64_inc(&conn->stats.malformed);
		pr_warn_ratelimited("dropped malformed message (type %u, %u bytes): %d\n",
				    item->len >= 4 ? msg_field(item, 0) : 0,
				    item->len, type);
		return false;
	}
	switch (conn_handlers[type].action) {
	case CONN_IGNORE:
		return false;
	case CONN_REPLY:
		conn_on_reply(conn, item, type, conn_handlers[type].reply_key ?
			      msg_field(item, conn_handlers[type].reply_key) : 0);
		return false;
	case CONN_RESCIND:
		if (READ_ONCE(conn->closing))
			return false;
		/* Now, not in order behind a probe that may wait on this channel. */
		hvx_rescind_mark(conn, msg_field(item, offsetof(struct hvx_msg_relid,
								child_relid)));
		fallthrough;
	case CONN_DEVICE_EVENT:
		if (READ_ONCE(conn->closing) &&
		    type != HVX_MSG_ALLOFFERS_DELIVERED)
			return false;
		conn_to_devq(conn, item);
		return true;
	}
	return false;
}

static struct hvx_msg_item *conn_pop(struct hvx_conn *conn, struct list_head *q)
{
	struct hvx_msg_item *item;
	unsigned long flags;

	spin_lock_irqsave(&conn->inbox_lock, flags);
	item = list_first_entry_or_null(q, struct hvx_msg_item, list);
	if (item)
		list_del(&item->list);
	spin_unlock_irqrestore(&conn->inbox_lock, flags);
	return item;
}

static void conn_inbox_work(struct work_struct *work)
{
	struct hvx_conn *conn = container_of(work, struct hvx_conn, inbox_work);
	struct hvx_msg_item *item;

	while ((item = conn_pop(conn, &conn->inbox))) {
		atomic64_inc(&conn->stats.received);
		if (!conn_dispatch(conn, item))
			kfree(item);
	}
}

static void conn_devq_work(struct work_struct *work)
{
	struct hvx_conn *conn = container_of(work, struct hvx_conn, devq_work);
	struct hvx_msg_item *item;

	while ((item = conn_pop(conn, &conn->devq))) {
		switch (msg_field(item, 0)) {
		case HVX_MSG_OFFERCHANNEL:
			hvx_offer_handle(conn, item);
			break;
		case HVX_MSG_RESCIND_CHANNELOFFER:
			hvx_rescind_handle(conn, item);
			break;
		case HVX_MSG_ALLOFFERS_DELIVERED:
			/* A reply, but in order: after every offer before it. */
			conn_on_reply(conn, item, HVX_MSG_ALLOFFERS_DELIVERED, 0);
			break;
		}
		kfree(item);
	}
}

/**
 * hvx_vmbus_deliver_msg() - a transport hands over a message from the host
 * @msg: the message (the transport's buffer; copied before anything else)
 * @len: its length as the host gave it
 *
 * Context: any. Messages are processed in the order they are delivered.
 */
void hvx_vmbus_deliver_msg(const void *msg, u32 len)
{
	struct hvx_conn *conn = &hvx_conn;
	struct hvx_msg_item *item;
	unsigned long flags;

	if (len > HVX_MSG_MAX_SIZE) {
		atomic64_inc(&conn->stats.malformed);
		pr_warn_ratelimited("dropped oversized message (%u bytes)\n", len);
		return;
	}
	item = kzalloc(sizeof(*item), GFP_ATOMIC);
	if (!item) {
		atomic64_inc(&conn->stats.dropped);
		return;
	}
	memcpy(item->data, msg, len);
	item->len = len;
	/* Seen here, not in inbox_work: kexec and crash may not run that. */
	if (len >= sizeof(struct hvx_msg_header) &&
	    get_unaligned_le32(item->data) == HVX_MSG_UNLOAD_RESPONSE)
		WRITE_ONCE(conn->unload_acked, true);

	spin_lock_irqsave(&conn->inbox_lock, flags);
	if (!conn->accepting) {
		spin_unlock_irqrestore(&conn->inbox_lock, flags);
		kfree(item);
		return;
	}
	list_add_tail(&item->list, &conn->inbox);
	spin_unlock_irqrestore(&conn->inbox_lock, flags);
	queue_work(conn->msg_wq, &conn->inbox_work);
}
EXPORT_SYMBOL_GPL(hvx_vmbus_deliver_msg);

/*
 * UNLOAD as the machine goes down (kexec, crash): the transport posts it and
 * waits on its own, since no work may run then; an UNLOAD_RESPONSE that an
 * interrupt delivered meanwhile shows here.
 */
void hvx_conn_unload_expect(struct hvx_conn *conn)
{
	WRITE_ONCE(conn->unload_posted, true);
	WRITE_ONCE(conn->unload_acked, false);
	/* Cleared before the UNLOAD that the caller posts next. */
	smp_mb();
}

bool hvx_conn_unload_acked(struct hvx_conn *conn)
{
	return READ_ONCE(conn->unload_acked);
}

/* ---- connect and disconnect ------------------------------------------- */

static int conn_try_version(void *ctx, u32 version)
{
	struct hvx_conn *conn = ctx;
	struct hvx_transport *t = conn->transport;
	struct hvx_msg_initiate_contact msg = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_INITIATE_CONTACT),
		.version = cpu_to_le32(version),
		.target_vcpu = cpu_to_le32(t->ops->vp_index(t, 0)),
		.monitor_page1 =
			cpu_to_le64(virt_to_phys(conn->monitor_pages[HVX_MONITOR_PAGE_HOST])),
		.monitor_page2 =
			cpu_to_le64(virt_to_phys(conn->monitor_pages[HVX_MONITOR_PAGE_GUEST])),
	};
	struct hvx_msg_version_response *resp;
	struct hvx_waiter *w;
	int ret;

	if (version >= HVX_VMBUS_WIN10_V5) {
		msg.msg_sint = VMBUS_MESSAGE_SINT;
		conn->msg_conn_id = CONN_ID_MESSAGE_V5;
	} else {
		msg.interrupt_page = cpu_to_le64(virt_to_phys(conn->int_page));
		conn->msg_conn_id = CONN_ID_MESSAGE;
	}

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	ret = hvx_conn_transact(conn, &msg, sizeof(msg), w, HVX_MSG_VERSION_RESPONSE, 0, 0);
	if (!ret) {
		resp = (void *)w->reply;
		ret = resp->version_supported ? 1 : 0;
		/* From 5.0 on the host says where to post everything else. */
		if (ret && version >= HVX_VMBUS_WIN10_V5)
			conn->msg_conn_id = le32_to_cpu(resp->msg_conn_id);
	}
	kfree(w);
	return ret;
}

static int conn_request_offers(struct hvx_conn *conn)
{
	struct hvx_msg_header msg = {
		.msgtype = cpu_to_le32(HVX_MSG_REQUESTOFFERS),
	};
	struct hvx_waiter *w = kzalloc(sizeof(*w), GFP_KERNEL);
	int ret;

	if (!w)
		return -ENOMEM;
	ret = hvx_conn_transact(conn, &msg, sizeof(msg), w,
				HVX_MSG_ALLOFFERS_DELIVERED, 0, 0);
	kfree(w);
	/* The offers before it are on the bus once the device work is idle. */
	if (!ret)
		flush_workqueue(conn->dev_wq);
	return ret;
}

static void conn_unload(struct hvx_conn *conn)
{
	struct hvx_msg_header msg = { .msgtype = cpu_to_le32(HVX_MSG_UNLOAD) };
	struct hvx_waiter *w;

	/* Hosts before Server 2012 R2 do not know UNLOAD. */
	if (conn->version < HVX_VMBUS_WIN8_1)
		return;
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return;
	if (hvx_conn_transact(conn, &msg, sizeof(msg), w, HVX_MSG_UNLOAD_RESPONSE, 0, 0))
		pr_warn("the host did not acknowledge UNLOAD\n");
	else
		hvx_held_rings_release(conn, true);
	kfree(w);
}

static void conn_set_accepting(struct hvx_conn *conn, bool on)
{
	unsigned long flags;

	spin_lock_irqsave(&conn->inbox_lock, flags);
	conn->accepting = on;
	spin_unlock_irqrestore(&conn->inbox_lock, flags);
}

/* Stop taking messages and drop what is still queued. */
static void conn_drain(struct hvx_conn *conn)
{
	struct hvx_msg_item *item;

	conn_set_accepting(conn, false);
	flush_workqueue(conn->msg_wq);
	flush_workqueue(conn->dev_wq);
	while ((item = conn_pop(conn, &conn->inbox)))
		kfree(item);
	while ((item = conn_pop(conn, &conn->devq)))
		kfree(item);
}

static void conn_teardown(struct hvx_conn *conn, bool unload)
{
	/* No new devices from here on; finish what is queued, then remove all. */
	WRITE_ONCE(conn->closing, true);
	flush_workqueue(conn->msg_wq);
	flush_workqueue(conn->dev_wq);
	hvx_offers_remove_all(conn);
	if (unload)
		conn_unload(conn);
	conn_fail_waiters(conn);
	conn_drain(conn);
	hvx_mmio_windows_exit(conn);
	WRITE_ONCE(conn->version, 0);
	WRITE_ONCE(conn->closing, false);
	conn->transport = NULL;
}

/**
 * hvx_vmbus_connect() - attach a transport and connect to its host
 * @t: the transport
 *
 * Negotiates the newest version both sides speak (5.3 down to 2.4, capped
 * by max_version), asks for the offers and returns once every offered
 * device is on the bus.
 *
 * Return: 0; -EBUSY when another transport is attached; -EPROTONOSUPPORT
 * when the host speaks none of our versions; -ETIMEDOUT when it does not
 * answer; or the transport's error.
 */
int hvx_vmbus_connect(struct hvx_transport *t)
{
	struct hvx_conn *conn = &hvx_conn;
	u32 version;
	int ret;

	mutex_lock(&conn->lock);
	if (conn->transport) {
		ret = -EBUSY;
		goto out_unlock;
	}
	ret = hvx_mmio_windows_init(conn, t);
	if (ret)
		goto out_unlock;
	conn->transport = t;
	conn_set_accepting(conn, true);

	ret = hvx_vmbus_negotiate(max_version, conn_try_version, conn, &version);
	if (ret) {
		pr_err("%s host: no VMBus version agreed: %d\n", t->name, ret);
		conn_teardown(conn, false);
		goto out_unlock;
	}
	WRITE_ONCE(conn->version, version);

	ret = conn_request_offers(conn);
	if (ret) {
		conn_teardown(conn, true);
		goto out_unlock;
	}
	pr_info("connected to the %s host: VMBus %u.%u\n", t->name,
		version >> 16, version & 0xffff);
out_unlock:
	mutex_unlock(&conn->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(hvx_vmbus_connect);

/**
 * hvx_vmbus_disconnect() - remove every device, unload, detach the transport
 * @t: the transport hvx_vmbus_connect() attached
 */
void hvx_vmbus_disconnect(struct hvx_transport *t)
{
	struct hvx_conn *conn = &hvx_conn;

	mutex_lock(&conn->lock);
	if (conn->transport == t) {
		conn_teardown(conn, true);
		pr_info("disconnected from the %s host\n", t->name);
	}
	mutex_unlock(&conn->lock);
}
EXPORT_SYMBOL_GPL(hvx_vmbus_disconnect);

static int stats_show(struct seq_file *s, void *unused)
{
	struct hvx_conn *conn = s->private;
	u32 v = READ_ONCE(conn->version);

	seq_printf(s, "version %u.%u\n", v >> 16, v & 0xffff);
	seq_printf(s, "received %lld\n", atomic64_read(&conn->stats.received));
	seq_printf(s, "malformed %lld\n", atomic64_read(&conn->stats.malformed));
	seq_printf(s, "unsolicited %lld\n", atomic64_read(&conn->stats.unsolicited));
	seq_printf(s, "dropped %lld\n", atomic64_read(&conn->stats.dropped));
	seq_printf(s, "bad_offers %lld\n", atomic64_read(&conn->stats.bad_offers));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);
DEFINE_SHOW_ATTRIBUTE(hvx_channels);

int hvx_conn_init(struct hvx_conn *conn)
{
	int i;

	mutex_init(&conn->lock);
	spin_lock_init(&conn->inbox_lock);
	spin_lock_init(&conn->chan_lock);
	INIT_LIST_HEAD(&conn->inbox);
	INIT_LIST_HEAD(&conn->devq);
	INIT_LIST_HEAD(&conn->waiters);
	INIT_LIST_HEAD(&conn->held_rings);
	INIT_WORK(&conn->inbox_work, conn_inbox_work);
	INIT_WORK(&conn->devq_work, conn_devq_work);
	/* GPADL handles: any u32 the guest likes; Linux starts here too. */
	atomic_set(&conn->next_gpadl, 0xe1e10);

	conn->msg_wq = alloc_ordered_workqueue("hvx_vmbus_msg", 0);
	conn->dev_wq = alloc_ordered_workqueue("hvx_vmbus_dev", 0);
	conn->int_page = (void *)get_zeroed_page(GFP_KERNEL);
	for (i = 0; i < 2; i++)
		conn->monitor_pages[i] = (void *)get_zeroed_page(GFP_KERNEL);
	if (!conn->msg_wq || !conn->dev_wq || !conn->int_page ||
	    !conn->monitor_pages[0] || !conn->monitor_pages[1]) {
		hvx_conn_exit(conn);
		return -ENOMEM;
	}
	conn->debugfs = debugfs_create_dir("hvx_vmbus", NULL);
	debugfs_create_file("stats", 0444, conn->debugfs, conn, &stats_fops);
	debugfs_create_file("channels", 0444, conn->debugfs, conn, &hvx_channels_fops);
	return 0;
}

void hvx_conn_exit(struct hvx_conn *conn)
{
	int i;

	debugfs_remove_recursive(conn->debugfs);
	if (conn->held_rings.next)
		hvx_held_rings_release(conn, false);
	if (conn->dev_wq)
		destroy_workqueue(conn->dev_wq);
	if (conn->msg_wq)
		destroy_workqueue(conn->msg_wq);
	free_page((unsigned long)conn->int_page);
	for (i = 0; i < 2; i++)
		free_page((unsigned long)conn->monitor_pages[i]);
	memset(conn, 0, sizeof(*conn));
}
