// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: the ring pair a driver talks to the host through. Opening one
 * allocates both rings, describes them to the host in one GPADL (the
 * guest-to-host ring's pages first) and sends OPENCHANNEL; closing undoes
 * it. The host signals a channel through hvx_vmbus_deliver_event(), which
 * runs the driver's callback in a tasklet.
 */
#include <linux/kmemleak.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <hvx/gpadl_msg.h>
#include "internal.h"

void hvx_channel_init(struct hvx_channel *ch)
{
	ch->state = HVX_CHANNEL_OFFERED;
	INIT_LIST_HEAD(&ch->sub_channels);
	spin_lock_init(&ch->out_lock);
	mutex_init(&ch->lock);
}

/**
 * hvx_channel_sub_index() - which sub-channel of its device this is
 * @ch: the channel
 *
 * Return: 0 for the primary channel, 1.. for sub-channels.
 */
u16 hvx_channel_sub_index(const struct hvx_channel *ch)
{
	return le16_to_cpu(ch->offer.sub_channel_index);
}
EXPORT_SYMBOL_GPL(hvx_channel_sub_index);

/**
 * hvx_channel_rescinded() - has the host taken this channel back?
 * @ch: the channel
 *
 * Once true, every request about the channel fails with -ENODEV; the
 * driver's remove() follows.
 */
bool hvx_channel_rescinded(const struct hvx_channel *ch)
{
	return READ_ONCE(ch->rescinded);
}
EXPORT_SYMBOL_GPL(hvx_channel_rescinded);

static bool monitor_signal = true;
module_param(monitor_signal, bool, 0444);
MODULE_PARM_DESC(monitor_signal,
		 "Signal channels the host monitors through the monitor page, without a hypercall (default 1)");

/*
 * hvx_channel_init_signal() - choose how the guest signals this channel
 * @ch: a channel whose offer was just copied
 *
 * A channel the host monitors is signalled by a bit in the guest's monitor
 * page; the host polls it. A monitor id past the page's 128 bits is the
 * host's mistake: the channel is then signalled by hypercall, and its
 * monitor attributes stay hidden.
 */
void hvx_channel_init_signal(struct hvx_channel *ch)
{
	struct hvx_msg_offer *offer = &ch->offer;

	if (!(offer->monitor_allocated & 1))
		return;
	if (offer->monitorid >= HVX_MONITOR_IDS) {
		pr_warn("relid %u: monitor id %u out of range: signalled by hypercall\n",
			ch->relid, offer->monitorid);
		atomic64_inc(&hvx_conn.stats.bad_offers);
		offer->monitor_allocated = 0;
		return;
	}
	ch->monitored = monitor_signal;
}

/* Before 5.0 the host also reads the guest's send bitmap. */
static void channel_set_send_bit(struct hvx_conn *conn, const struct hvx_channel *ch)
{
	unsigned long *send_bitmap = conn->int_page + HVX_INT_PAGE_SEND_OFFSET;

	if (READ_ONCE(conn->version) >= HVX_VMBUS_WIN10_V5)
		return;
	if (ch->monitored || !(le16_to_cpu(ch->offer.is_dedicated_interrupt) & 1))
		set_bit(ch->relid, send_bitmap);
}

static void channel_signal(struct hvx_channel *ch)
{
	struct hvx_conn *conn = &hvx_conn;
	struct hvx_transport *t = conn->transport;
	struct hvx_monitor_page *mp = conn->monitor_pages[HVX_MONITOR_PAGE_GUEST];
	u8 id = ch->offer.monitorid;

	atomic64_inc(&ch->signals);
	channel_set_send_bit(conn, ch);
	if (!ch->monitored) {
		t->ops->signal(t, le32_to_cpu(ch->offer.connection_id));
		return;
	}
	/*
	 * The ring's new write index must be visible before the host can see
	 * the bit: once it does, it reads the ring without another signal.
	 */
	smp_mb__before_atomic();
	atomic_or((__force int)cpu_to_le32(BIT(id % HVX_MONITOR_GROUP_BITS)),
		  (atomic_t *)&mp->trigger_group[id / HVX_MONITOR_GROUP_BITS].pending);
}

/* Describe @nr pages to the host; on success *@handle names the GPADL. */
static int channel_gpadl_create(struct hvx_conn *conn, struct hvx_channel *ch,
				const u64 *pfns, u32 nr, u32 *handle)
{
	u32 i, count = hvx_gpadl_msg_count(nr), gpadl;
	struct hvx_msg_gpadl_created *created;
	struct hvx_waiter *w;
	int ret = 0, len;
	void *msg;

	if (!count)
		return -EINVAL;
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	msg = kmalloc(HVX_MSG_MAX_SIZE, GFP_KERNEL);
	if (!w || !msg) {
		ret = -ENOMEM;
		goto out;
	}
	gpadl = atomic_inc_return(&conn->next_gpadl);
	*handle = gpadl;	/* even on failure: a timed-out GPADL is torn down */
	/* All messages go out back to back; the host answers once. */
	hvx_conn_expect(conn, w, HVX_MSG_GPADL_CREATED, gpadl, ch->relid);
	for (i = 0; i < count && !ret; i++) {
		len = hvx_gpadl_msg_build(msg, i, ch->relid, gpadl, pfns, nr);
		ret = len < 0 ? len : hvx_conn_post(conn, msg, len);
	}
	ret = hvx_conn_wait(conn, w, ret, "GPADL_HEADER");
	created = (void *)w->reply;
	if (!ret && created->creation_status) {
		pr_err("relid %u: the host refused a GPADL of %u pages: status %#x\n",
		       ch->relid, nr, le32_to_cpu(created->creation_status));
		ret = -ENOSPC;
	}
out:
	kfree(msg);
	kfree(w);
	return ret;
}

/* Return: 0 when the host is done with the GPADL's pages. */
static int gpadl_teardown(struct hvx_conn *conn, struct hvx_channel *ch, u32 gpadl)
{
	struct hvx_msg_gpadl_teardown msg = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_GPADL_TEARDOWN),
		.child_relid = cpu_to_le32(ch->relid),
		.gpadl = cpu_to_le32(gpadl),
	};
	struct hvx_waiter *w;
	int ret;

	/* A rescinded channel's GPADLs are gone with it. */
	if (hvx_channel_rescinded(ch))
		return 0;
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	ret = hvx_conn_transact(conn, &msg, sizeof(msg), w, HVX_MSG_GPADL_TORNDOWN,
				gpadl, ch->relid);
	kfree(w);
	return ret == -ENODEV && hvx_channel_rescinded(ch) ? 0 : ret;
}

static int channel_gpadl_teardown(struct hvx_conn *conn, struct hvx_channel *ch)
{
	return gpadl_teardown(conn, ch, ch->gpadl);
}

/**
 * hvx_gpadl_create() - describe a driver's buffer to the host
 * @ch: the channel the buffer serves (offered or open)
 * @buf: page-aligned memory, from vmalloc() or the page allocator
 * @size: its length, a multiple of PAGE_SIZE
 * @handle: set to the GPADL's handle, which the class protocol names
 *
 * The host may read and write @buf until hvx_gpadl_teardown() succeeds;
 * tear it down before closing the channel.
 * Context: process; sleeps until the host answers or the reply timeout.
 * Return: 0; -EINVAL; -ENOMEM; -ENODEV when rescinded; -ENOSPC when the
 * host refuses; -ETIMEDOUT when it did not answer (and has let go of it);
 * -EBUSY when it did not answer and may still hold it: never free @buf then.
 */
int hvx_gpadl_create(struct hvx_channel *ch, void *buf, u32 size, u32 *handle)
{
	u32 i, nr = size >> PAGE_SHIFT;
	void *page;
	u64 *pfns;
	int ret;

	if (!nr || !PAGE_ALIGNED(size) || !PAGE_ALIGNED(buf))
		return -EINVAL;
	pfns = kvmalloc_array(nr, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		page = buf + ((size_t)i << PAGE_SHIFT);
		pfns[i] = is_vmalloc_addr(page) ? vmalloc_to_pfn(page) :
						  page_to_pfn(virt_to_page(page));
	}
	ret = channel_gpadl_create(&hvx_conn, ch, pfns, nr, handle);
	kvfree(pfns);
	if (ret == -ETIMEDOUT && gpadl_teardown(&hvx_conn, ch, *handle))
		ret = -EBUSY;
	return ret;
}
EXPORT_SYMBOL_GPL(hvx_gpadl_create);

/**
 * hvx_gpadl_teardown() - take a buffer back from the host
 * @ch: the channel hvx_gpadl_create() was given
 * @handle: the GPADL
 *
 * Context: process; sleeps until the host answers or the reply timeout.
 * Return: 0 when the host has let go of the pages (a rescinded channel's
 * GPADLs are gone with it); otherwise it may still use them: do not free
 * them (leak them, and tell kmemleak).
 */
int hvx_gpadl_teardown(struct hvx_channel *ch, u32 handle)
{
	return gpadl_teardown(&hvx_conn, ch, handle);
}
EXPORT_SYMBOL_GPL(hvx_gpadl_teardown);

static int channel_rings_alloc(struct hvx_channel *ch, u32 ring_bytes, u64 **pfns,
			       u32 *nr)
{
	u32 i, n;
	int ret;

	ret = hvx_ring_mem_alloc(&ch->out_mem, ring_bytes, GFP_KERNEL);
	if (ret)
		return ret;
	ret = hvx_ring_mem_alloc(&ch->in_mem, ring_bytes, GFP_KERNEL);
	if (ret)
		goto out_free_out;
	hvx_ring_init_mem(&ch->out, &ch->out_mem);
	hvx_ring_init_mem(&ch->in, &ch->in_mem);

	n = ch->out_mem.nr_pages + ch->in_mem.nr_pages;
	*pfns = kvmalloc_array(n, sizeof(**pfns), GFP_KERNEL);
	if (!*pfns) {
		ret = -ENOMEM;
		goto out_free_in;
	}
	for (i = 0; i < ch->out_mem.nr_pages; i++)
		(*pfns)[i] = page_to_pfn(ch->out_mem.pages[i]);
	for (i = 0; i < ch->in_mem.nr_pages; i++)
		(*pfns)[ch->out_mem.nr_pages + i] = page_to_pfn(ch->in_mem.pages[i]);
	*nr = n;
	return 0;

out_free_in:
	hvx_ring_mem_free(&ch->in_mem);
out_free_out:
	hvx_ring_mem_free(&ch->out_mem);
	return ret;
}

/* Ring memory the host did not give back: it may still write it. */
struct held_rings {
	struct list_head list;
	struct hvx_ring_mem out, in;
};

static void channel_rings_hold(struct hvx_channel *ch, int teardown)
{
	struct held_rings *held = kmalloc(sizeof(*held), GFP_KERNEL);

	pr_warn("relid %u: the host still holds the ring memory (%d): kept until UNLOAD\n",
		ch->relid, teardown);
	if (held) {
		held->out = ch->out_mem;
		held->in = ch->in_mem;
		spin_lock_irq(&hvx_conn.chan_lock);
		list_add_tail(&held->list, &hvx_conn.held_rings);
		spin_unlock_irq(&hvx_conn.chan_lock);
	} else {
		kmemleak_not_leak(ch->out_mem.pages);
		kmemleak_not_leak(ch->in_mem.pages);
	}
	memset(&ch->out_mem, 0, sizeof(ch->out_mem));
	memset(&ch->in_mem, 0, sizeof(ch->in_mem));
}

/**
 * hvx_held_rings_release() - deal with ring memory the host kept
 * @conn: the connection
 * @host_done: the host acknowledged UNLOAD, so it holds nothing any more
 *
 * Without @host_done the memory is given up for good (and kmemleak told).
 */
void hvx_held_rings_release(struct hvx_conn *conn, bool host_done)
{
	struct held_rings *held, *tmp;
	unsigned int n = 0;
	LIST_HEAD(list);

	spin_lock_irq(&conn->chan_lock);
	list_splice_init(&conn->held_rings, &list);
	spin_unlock_irq(&conn->chan_lock);
	list_for_each_entry_safe(held, tmp, &list, list) {
		if (host_done) {
			hvx_ring_mem_free(&held->out);
			hvx_ring_mem_free(&held->in);
			kfree(held);
		} else {
			kmemleak_not_leak(held);
			kmemleak_not_leak(held->out.pages);
			kmemleak_not_leak(held->in.pages);
		}
		n++;
	}
	if (n)
		pr_info("%s the ring memory of %u channel(s) the host held\n",
			host_done ? "released" : "leaking", n);
}

static void channel_rings_free(struct hvx_channel *ch, int teardown)
{
	if (teardown) {
		channel_rings_hold(ch, teardown);
		return;
	}
	hvx_ring_mem_free(&ch->out_mem);
	hvx_ring_mem_free(&ch->in_mem);
}

static int channel_send_open(struct hvx_conn *conn, struct hvx_channel *ch,
			     const void *user_data, u32 user_len)
{
	struct hvx_transport *t = conn->transport;
	struct hvx_msg_open msg = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_OPENCHANNEL),
		.child_relid = cpu_to_le32(ch->relid),
		.openid = cpu_to_le32(ch->relid),
		.ring_gpadl = cpu_to_le32(ch->gpadl),
		.target_vp = cpu_to_le32(t->ops->vp_index(t, ch->target_cpu)),
		.downstream_page_offset = cpu_to_le32(ch->out_mem.nr_pages),
	};
	struct hvx_msg_open_result *result;
	struct hvx_waiter *w;
	int ret;

	memcpy(msg.user_data, user_data, user_len);
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	ret = hvx_conn_transact(conn, &msg, sizeof(msg), w, HVX_MSG_OPENCHANNEL_RESULT,
				ch->relid, ch->relid);
	result = (void *)w->reply;
	if (!ret && (le32_to_cpu(result->openid) != ch->relid || result->status)) {
		pr_err("relid %u: the host refused to open it: status %#x\n",
		       ch->relid, le32_to_cpu(result->status));
		ret = -EIO;
	}
	kfree(w);
	return ret;
}

static void channel_tasklet(struct tasklet_struct *t)
{
	struct hvx_channel *ch = from_tasklet(ch, t, tasklet);

	/*
	 * Not open yet: the host may already send (Hyper-V's integration
	 * services speak first), but the driver may not answer before
	 * hvx_channel_open() returns; it runs the callback then. Closing: no
	 * callback, and no rescheduling that tasklet_kill would chase.
	 */
	if (READ_ONCE(ch->state) != HVX_CHANNEL_OPEN)
		return;
	ch->callbacks++;
	hvx_ring_mask_interrupts(&ch->in);
	WRITE_ONCE(ch->paused, false);
	ch->callback(ch->ctx);
	/* Paused: the host's packets wait, masked, for hvx_channel_schedule(). */
	if (READ_ONCE(ch->paused))
		return;
	if (hvx_ring_unmask_interrupts(&ch->in))
		tasklet_schedule(&ch->tasklet);
}

static void channel_set_state(struct hvx_channel *ch, enum hvx_channel_state state)
{
	spin_lock_irq(&hvx_conn.chan_lock);
	WRITE_ONCE(ch->state, state);
	spin_unlock_irq(&hvx_conn.chan_lock);
}

/**
 * hvx_channel_open() - open a channel: rings, GPADL, OPENCHANNEL
 * @ch: the channel (a device's primary channel, say)
 * @ring_bytes: data bytes of each ring, a multiple of PAGE_SIZE
 * @user_data: class-specific bytes for OPENCHANNEL, or NULL
 * @user_len: their length, at most 120
 * @callback: run when the host signals the channel (see hvx_channel_cb_t)
 * @ctx: passed to @callback
 *
 * Context: process; sleeps until the host answers or the reply timeout.
 * Return: 0; -EBUSY when already open; -ENODEV when rescinded; -EINVAL;
 * -ENOMEM; -ETIMEDOUT; -EIO or -ENOSPC when the host refuses.
 */
int hvx_channel_open(struct hvx_channel *ch, u32 ring_bytes, const void *user_data,
		     u32 user_len, hvx_channel_cb_t callback, void *ctx)
{
	struct hvx_conn *conn = &hvx_conn;
	u64 *pfns;
	u32 nr;
	int ret;

	if (user_len > sizeof_field(struct hvx_msg_open, user_data) || !callback)
		return -EINVAL;
	mutex_lock(&ch->lock);
	if (READ_ONCE(ch->state) != HVX_CHANNEL_OFFERED) {
		ret = -EBUSY;
		goto out_unlock;
	}
	if (hvx_channel_rescinded(ch)) {
		ret = -ENODEV;
		goto out_unlock;
	}

	ret = channel_rings_alloc(ch, ring_bytes, &pfns, &nr);
	if (ret)
		goto out_unlock;
	ret = channel_gpadl_create(conn, ch, pfns, nr, &ch->gpadl);
	kvfree(pfns);
	/* The host may have made it after all: free the pages only once it says so. */
	if (ret == -ETIMEDOUT) {
		channel_rings_free(ch, channel_gpadl_teardown(conn, ch));
		goto out_unlock;
	}
	if (ret)
		goto out_free_rings;

	ch->callback = callback;
	ch->ctx = ctx;
	tasklet_setup(&ch->tasklet, channel_tasklet);
	channel_set_state(ch, HVX_CHANNEL_OPENING);
	ret = channel_send_open(conn, ch, user_data, user_len);
	if (ret)
		goto out_teardown;
	channel_set_state(ch, HVX_CHANNEL_OPEN);
	/* Whatever the host sent while we were opening. */
	tasklet_schedule(&ch->tasklet);
	mutex_unlock(&ch->lock);
	return 0;

out_teardown:
	channel_set_state(ch, HVX_CHANNEL_OFFERED);
	tasklet_kill(&ch->tasklet);
	channel_rings_free(ch, channel_gpadl_teardown(conn, ch));
	goto out_unlock;
out_free_rings:
	channel_rings_free(ch, 0);
out_unlock:
	mutex_unlock(&ch->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(hvx_channel_open);

/**
 * hvx_channel_close() - close a channel hvx_channel_open() opened
 * @ch: the channel
 *
 * After it returns the callback no longer runs and the rings are gone.
 * Context: process; may wait for the host (bounded by the reply timeout).
 */
void hvx_channel_close(struct hvx_channel *ch)
{
	struct hvx_conn *conn = &hvx_conn;
	struct hvx_msg_relid msg = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_CLOSECHANNEL),
		.child_relid = cpu_to_le32(ch->relid),
	};

	mutex_lock(&ch->lock);
	if (READ_ONCE(ch->state) == HVX_CHANNEL_OFFERED)
		goto out_unlock;
	/*
	 * No new callbacks or sends once the state says closed; wait out a
	 * running callback, and a sender inside out_lock.
	 */
	channel_set_state(ch, HVX_CHANNEL_OFFERED);
	tasklet_kill(&ch->tasklet);
	spin_lock_irq(&ch->out_lock);
	spin_unlock_irq(&ch->out_lock);
	if (!hvx_channel_rescinded(ch))
		hvx_conn_post(conn, &msg, sizeof(msg));
	channel_rings_free(ch, channel_gpadl_teardown(conn, ch));
out_unlock:
	mutex_unlock(&ch->lock);
}
EXPORT_SYMBOL_GPL(hvx_channel_close);

/**
 * hvx_channel_schedule() - run the channel's callback again soon
 * @ch: an open channel
 *
 * For a driver that left packets in the ring on purpose (one request at a
 * time, say) and is now ready for the next: the callback runs as if the
 * host had signalled. Nothing happens once the channel is closing; close
 * waits for a callback scheduled here.
 * Context: any.
 */
void hvx_channel_schedule(struct hvx_channel *ch)
{
	unsigned long flags;

	spin_lock_irqsave(&hvx_conn.chan_lock, flags);
	if (READ_ONCE(ch->state) == HVX_CHANNEL_OPEN)
		tasklet_schedule(&ch->tasklet);
	spin_unlock_irqrestore(&hvx_conn.chan_lock, flags);
}
EXPORT_SYMBOL_GPL(hvx_channel_schedule);

/**
 * hvx_channel_pause() - leave the packets in the ring until told
 * @ch: the channel whose callback is running
 *
 * From the callback, when the driver will read no more for now (one
 * request at a time, say): the core neither runs the callback again for
 * the packets left nor lets the host signal; hvx_channel_schedule() ends
 * the pause. Without it the callback would run again at once, and again.
 * Context: the channel's callback.
 */
void hvx_channel_pause(struct hvx_channel *ch)
{
	WRITE_ONCE(ch->paused, true);
}
EXPORT_SYMBOL_GPL(hvx_channel_pause);

/**
 * hvx_channel_want_room() - have the host signal once a send fits again
 * @ch: the channel
 * @len: the payload of a send that failed with -EAGAIN; 0 cancels
 *
 * The host signals the channel (its callback runs) once it has freed room
 * for that packet. It may have freed it before it saw the request: send
 * once more after asking. Cancel after the send went through.
 * Context: any.
 */
void hvx_channel_want_room(struct hvx_channel *ch, u32 len)
{
	u32 need = 0;
	unsigned long flags;

	if (len)
		need = ALIGN(sizeof(struct hvx_vmpacket_desc) + len, HVX_RING_ALIGN) +
		       HVX_RING_TRAILER_SIZE;
	spin_lock_irqsave(&ch->out_lock, flags);
	if (READ_ONCE(ch->state) == HVX_CHANNEL_OPEN)
		hvx_ring_set_pending_send(&ch->out, need);
	spin_unlock_irqrestore(&ch->out_lock, flags);
}
EXPORT_SYMBOL_GPL(hvx_channel_want_room);

/**
 * hvx_channel_out_avail() - the room in the channel's outbound ring now
 * @ch: the channel
 *
 * For a driver that stops sending before the ring is full (to keep room
 * for its completions); pair with hvx_channel_want_room().
 * Context: any. Return: free bytes; 0 when the channel is not open.
 */
u32 hvx_channel_out_avail(struct hvx_channel *ch)
{
	return READ_ONCE(ch->state) == HVX_CHANNEL_OPEN ? hvx_ring_avail(&ch->out) : 0;
}
EXPORT_SYMBOL_GPL(hvx_channel_out_avail);

/* Write one packet; the state is checked under out_lock (close waits there). */
static int channel_write(struct hvx_channel *ch, const struct hvx_ring_vec *vec,
			 unsigned int nvec)
{
	unsigned long irqflags;
	bool signal;
	int ret;

	if (hvx_channel_rescinded(ch))
		return -ENODEV;
	spin_lock_irqsave(&ch->out_lock, irqflags);
	if (READ_ONCE(ch->state) == HVX_CHANNEL_OPEN)
		ret = hvx_ring_write(&ch->out, vec, nvec, &signal);
	else
		ret = -ENOTCONN;
	spin_unlock_irqrestore(&ch->out_lock, irqflags);
	if (!ret && signal)
		channel_signal(ch);
	return ret;
}

/**
 * hvx_channel_send() - send one packet on an open channel
 * @ch: the channel
 * @type: HVX_VMPKT_DATA_INBAND, HVX_VMPKT_COMP, ...
 * @flags: HVX_VMPKT_FLAG_COMPLETION_REQUESTED or 0
 * @trans_id: the transaction id (from hvx_rqstor_get() when a reply is due)
 * @data: the payload
 * @len: its length
 *
 * Context: any.
 * Return: 0; -EAGAIN when the ring is full now; -ENODEV when rescinded;
 * -ENOTCONN when not open; -EMSGSIZE; -EIO when the host corrupted the ring.
 */
int hvx_channel_send(struct hvx_channel *ch, u16 type, u16 flags, u64 trans_id,
		     const void *data, u32 len)
{
	struct hvx_vmpacket_desc desc = hvx_vmpacket_desc(type, flags, trans_id, len);
	struct hvx_ring_vec vec[] = { { &desc, sizeof(desc) }, { data, len } };

	if (len > U16_MAX * 8 - sizeof(desc))
		return -EMSGSIZE;
	return channel_write(ch, vec, ARRAY_SIZE(vec));
}
EXPORT_SYMBOL_GPL(hvx_channel_send);

/*
 * DATA_USING_GPA_DIRECT: @nr_ranges ranges, their descriptors and PFNs in
 * the @nrvec pieces of @rvec (at most 2), then the inband payload.
 */
static int channel_send_ranges(struct hvx_channel *ch, u16 flags, u64 trans_id,
			       u32 nr_ranges, const struct hvx_ring_vec *rvec, unsigned int nrvec,
			       const void *data, u32 len)
{
	struct hvx_gpa_direct_hdr hdr = { .range_count = cpu_to_le32(nr_ranges) };
	struct hvx_ring_vec vec[4] = { { &hdr, sizeof(hdr) } };
	u32 hdrlen = sizeof(hdr);
	unsigned int i;

	for (i = 0; i < nrvec; i++) {
		vec[1 + i] = rvec[i];
		hdrlen += rvec[i].len;
	}
	vec[1 + nrvec] = (struct hvx_ring_vec){ data, len };
	if ((u64)hdrlen + len > U16_MAX * 8)
		return -EMSGSIZE;
	hdr.desc = hvx_vmpacket_desc(HVX_VMPKT_DATA_USING_GPA_DIRECT, flags, trans_id,
				     hdrlen - sizeof(hdr.desc) + len);
	/* The inband payload follows the page list. */
	hdr.desc.offset8 = cpu_to_le16(hdrlen / 8);
	return channel_write(ch, vec, nrvec + 2);
}

/**
 * hvx_channel_send_gpa() - send a packet that hands the host guest pages
 * @ch: the channel
 * @flags: HVX_VMPKT_FLAG_COMPLETION_REQUESTED or 0
 * @trans_id: the transaction id
 * @offset: where the data starts in the first page (below 4096)
 * @count: data bytes, at least 1
 * @pfns: the 4 KiB frames the data lies in, in order, little-endian
 * @nr_pfns: DIV_ROUND_UP(@offset + @count, 4096)
 * @data: inband payload after the page list (a request describing it)
 * @len: its length
 *
 * The host reads or writes the pages directly (DATA_USING_GPA_DIRECT): they
 * must stay put until it completes the request.
 *
 * Context: any.
 * Return: as hvx_channel_send(); -EINVAL for an inconsistent page range.
 */
int hvx_channel_send_gpa(struct hvx_channel *ch, u16 flags, u64 trans_id,
			 u32 offset, u32 count, const __le64 *pfns, u32 nr_pfns,
			 const void *data, u32 len)
{
	struct hvx_gpa_range range = {
		.byte_count = cpu_to_le32(count),
		.byte_offset = cpu_to_le32(offset),
	};
	struct hvx_ring_vec rvec[] = {
		{ &range, sizeof(range) },
		{ pfns, nr_pfns * sizeof(*pfns) },
	};

	if (!count || offset >= HVX_GPA_PAGE_SIZE ||
	    nr_pfns != DIV_ROUND_UP((u64)offset + count, HVX_GPA_PAGE_SIZE) ||
	    nr_pfns > U16_MAX)
		return -EINVAL;
	return channel_send_ranges(ch, flags, trans_id, 1, rvec, ARRAY_SIZE(rvec), data, len);
}
EXPORT_SYMBOL_GPL(hvx_channel_send_gpa);

/**
 * hvx_gpa_list_add() - add a physically contiguous buffer to a page list
 * @l: the list
 * @addr: the buffer's physical address
 * @len: its length, at least 1
 *
 * Context: any.
 * Return: 0; -EINVAL for an empty buffer; -ENOSPC when @l has no room
 * for its range (the list is unchanged).
 */
int hvx_gpa_list_add(struct hvx_gpa_list *l, phys_addr_t addr, u32 len)
{
	u32 offset = addr % HVX_GPA_PAGE_SIZE, nr, i;
	u64 pfn = addr / HVX_GPA_PAGE_SIZE;
	struct hvx_gpa_range *r;

	if (!len)
		return -EINVAL;
	nr = DIV_ROUND_UP((u64)offset + len, HVX_GPA_PAGE_SIZE);
	if (l->used > l->size || nr >= l->size - l->used)
		return -ENOSPC;
	r = (struct hvx_gpa_range *)&l->words[l->used];
	r->byte_count = cpu_to_le32(len);
	r->byte_offset = cpu_to_le32(offset);
	for (i = 0; i < nr; i++)
		l->words[l->used + 1 + i] = cpu_to_le64(pfn + i);
	l->used += 1 + nr;
	l->ranges++;
	return 0;
}
EXPORT_SYMBOL_GPL(hvx_gpa_list_add);

/**
 * hvx_channel_send_gpa_list() - send a packet that hands the host page ranges
 * @ch: the channel
 * @flags: HVX_VMPKT_FLAG_COMPLETION_REQUESTED or 0
 * @trans_id: the transaction id
 * @l: the ranges, at least one, in the order the host reads them as one buffer
 * @data: inband payload after the page list
 * @len: its length
 *
 * As hvx_channel_send_gpa(), for data scattered over several buffers.
 *
 * Context: any.
 * Return: as hvx_channel_send(); -EINVAL for an empty list.
 */
int hvx_channel_send_gpa_list(struct hvx_channel *ch, u16 flags, u64 trans_id,
			      const struct hvx_gpa_list *l, const void *data, u32 len)
{
	struct hvx_ring_vec rvec = { l->words, l->used * sizeof(*l->words) };

	if (!l->ranges || l->used > l->size)
		return -EINVAL;
	return channel_send_ranges(ch, flags, trans_id, l->ranges, &rvec, 1, data, len);
}
EXPORT_SYMBOL_GPL(hvx_channel_send_gpa_list);

/**
 * hvx_channel_recv() - copy out and consume the next packet from the host
 * @ch: the channel
 * @buf: destination for the whole packet, descriptor first
 * @buflen: its size
 * @pkt: the packet's checked descriptor
 *
 * A packet larger than @buflen is one the class protocol never sends: it
 * is consumed unread so that the packets behind it still arrive, and
 * -EMSGSIZE says so (@pkt->len is its size). Count it and go on.
 *
 * Context: the channel's callback (the only reader of its inbound ring).
 * Return: 0; -EAGAIN when empty; -EMSGSIZE as above; -EIO when the ring is
 * corrupt (nothing more will arrive).
 */
int hvx_channel_recv(struct hvx_channel *ch, void *buf, u32 buflen,
		     struct hvx_ring_pkt *pkt)
{
	int ret = hvx_ring_read(&ch->in, buf, buflen, pkt);

	if (ret == -ENOBUFS) {
		hvx_ring_consume(&ch->in);
		ret = -EMSGSIZE;
	}
	if (ret != -EAGAIN && ret != -EIO && hvx_ring_commit_read(&ch->in))
		channel_signal(ch);
	return ret;
}
EXPORT_SYMBOL_GPL(hvx_channel_recv);

/**
 * hvx_conn_cpu_in_use() - does an open channel have @cpu as its target?
 * @conn: the connection
 * @cpu: a CPU about to go offline
 */
bool hvx_conn_cpu_in_use(struct hvx_conn *conn, unsigned int cpu)
{
	struct hvx_channel *ch;
	bool used = false;
	u32 relid;

	spin_lock_irq(&conn->chan_lock);
	for (relid = 1; relid < HVX_MAX_RELID && !used; relid++) {
		ch = conn->channels[relid];
		used = ch && READ_ONCE(ch->state) != HVX_CHANNEL_OFFERED &&
		       READ_ONCE(ch->target_cpu) == cpu;
	}
	spin_unlock_irq(&conn->chan_lock);
	return used;
}

/**
 * hvx_channels_show() - debugfs hvx_vmbus/channels: one line per channel
 * @s: the file
 * @unused: -
 *
 * "relid state=S cpu=C signal=monitor|hypercall signals=N interrupts=N
 * callbacks=N": how the guest signals it, how often it did, how often the
 * host signalled it and how often its callback ran.
 */
int hvx_channels_show(struct seq_file *s, void *unused)
{
	struct hvx_conn *conn = s->private;
	struct hvx_channel *ch;
	u32 relid;

	spin_lock_irq(&conn->chan_lock);
	for (relid = 1; relid < HVX_MAX_RELID; relid++) {
		ch = conn->channels[relid];
		if (!ch)
			continue;
		seq_printf(s, "%u state=%d cpu=%u signal=%s signals=%lld interrupts=%llu callbacks=%llu\n",
			   relid, READ_ONCE(ch->state), READ_ONCE(ch->target_cpu),
			   ch->monitored ? "monitor" : "hypercall", atomic64_read(&ch->signals),
			   ch->interrupts, READ_ONCE(ch->callbacks));
	}
	spin_unlock_irq(&conn->chan_lock);
	return 0;
}

/**
 * hvx_vmbus_deliver_event() - a transport says the host signalled a channel
 * @relid: the channel
 *
 * Context: any.
 */
void hvx_vmbus_deliver_event(u32 relid)
{
	struct hvx_channel *ch;
	unsigned long flags;

	if (relid >= HVX_MAX_RELID)
		return;
	spin_lock_irqsave(&hvx_conn.chan_lock, flags);
	ch = hvx_conn.channels[relid];
	if (ch && READ_ONCE(ch->state) != HVX_CHANNEL_OFFERED) {
		ch->interrupts++;
		tasklet_schedule(&ch->tasklet);
	}
	spin_unlock_irqrestore(&hvx_conn.chan_lock, flags);
}
EXPORT_SYMBOL_GPL(hvx_vmbus_deliver_event);

static int channel_send_modify(struct hvx_conn *conn, struct hvx_channel *ch,
			       unsigned int cpu)
{
	struct hvx_transport *t = conn->transport;
	struct hvx_msg_modify_channel msg = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_MODIFYCHANNEL),
		.child_relid = cpu_to_le32(ch->relid),
		.target_vp = cpu_to_le32(t->ops->vp_index(t, cpu)),
	};
	struct hvx_msg_modify_channel_response *resp;
	struct hvx_waiter *w;
	int ret;

	/* Before 5.3 the host does not answer; nothing to wait for. */
	if (conn->version < HVX_VMBUS_WIN10_V5_3)
		return hvx_conn_post(conn, &msg, sizeof(msg));
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	ret = hvx_conn_transact(conn, &msg, sizeof(msg), w,
				HVX_MSG_MODIFYCHANNEL_RESPONSE, ch->relid, ch->relid);
	resp = (void *)w->reply;
	if (!ret && resp->status) {
		pr_err("relid %u: the host refused to move it to CPU %u: status %#x\n",
		       ch->relid, cpu, le32_to_cpu(resp->status));
		ret = -EIO;
	}
	kfree(w);
	return ret;
}

/**
 * hvx_channel_set_target_cpu() - choose the CPU the host interrupts
 * @ch: the channel
 * @cpu: an online CPU
 *
 * Before the channel opens this only records @cpu for OPENCHANNEL; on an
 * open channel it sends MODIFYCHANNEL (VMBus 4.1 and later).
 *
 * Context: process.
 * Return: 0; -EINVAL for a CPU that is not online; -EOPNOTSUPP when the
 * host is older than 4.1; or the host's error.
 */
int hvx_channel_set_target_cpu(struct hvx_channel *ch, unsigned int cpu)
{
	struct hvx_conn *conn = &hvx_conn;
	int ret = 0;

	if (cpu >= nr_cpu_ids || !cpu_online(cpu))
		return -EINVAL;
	mutex_lock(&ch->lock);
	if (READ_ONCE(ch->state) == HVX_CHANNEL_OPEN && cpu != ch->target_cpu) {
		if (hvx_channel_rescinded(ch))
			ret = -ENODEV;
		else if (conn->version < HVX_VMBUS_WIN10_V4_1)
			ret = -EOPNOTSUPP;
		else
			ret = channel_send_modify(conn, ch, cpu);
	}
	if (!ret)
		WRITE_ONCE(ch->target_cpu, cpu);
	mutex_unlock(&ch->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(hvx_channel_set_target_cpu);
