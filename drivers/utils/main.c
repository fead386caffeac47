// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_utils: Hyper-V's integration services, one VMBus driver. Each
 * service's device is a channel on which the host sends IC requests; the
 * core here checks the framing, answers NEGOTIATE, hands every other
 * request to its service and sends the answer back in the same buffer.
 * A service can be switched off with its module parameter: its device then
 * stays unbound and its channel closed, as on Windows guests.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <hvx/drop_in.h>
#include <hvx/vmbus_classes.h>
#include "relay.h"

static bool shutdown = true;
module_param(shutdown, bool, 0644);
MODULE_PARM_DESC(shutdown, "Serve the shutdown service (default on; at bind)");

static bool timesync = true;
module_param(timesync, bool, 0644);
MODULE_PARM_DESC(timesync, "Serve the time synchronization service (default on; at bind)");

static bool heartbeat = true;
module_param(heartbeat, bool, 0644);
MODULE_PARM_DESC(heartbeat, "Serve the heartbeat service (default on; at bind)");

static bool kvp = true;
module_param(kvp, bool, 0644);
MODULE_PARM_DESC(kvp, "Serve the key-value pair exchange (default on; at bind)");

static bool vss = true;
module_param(vss, bool, 0644);
MODULE_PARM_DESC(vss, "Serve the backup (VSS) service (default on; at bind)");

static bool fcopy = true;
module_param(fcopy, bool, 0644);
MODULE_PARM_DESC(fcopy, "Serve the guest file copy service (default on; at bind)");

#define UTIL_RING_BYTES		(16 * 1024)

/* The framework versions every service here speaks, newest first. */
static const u32 util_fw_versions[] = { HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0) };

enum { UTIL_SHUTDOWN, UTIL_TIMESYNC, UTIL_HEARTBEAT, UTIL_KVP, UTIL_VSS, UTIL_FCOPY };

static const struct util_service *const util_services[] = {
	[UTIL_SHUTDOWN] = &util_shutdown,
	[UTIL_TIMESYNC] = &util_timesync,
	[UTIL_HEARTBEAT] = &util_heartbeat,
	[UTIL_KVP] = &util_kvp,
	[UTIL_VSS] = &util_vss,
	[UTIL_FCOPY] = &util_fcopy,
};

static bool *const util_enabled[] = {
	[UTIL_SHUTDOWN] = &shutdown,
	[UTIL_TIMESYNC] = &timesync,
	[UTIL_HEARTBEAT] = &heartbeat,
	[UTIL_KVP] = &kvp,
	[UTIL_VSS] = &vss,
	[UTIL_FCOPY] = &fcopy,
};

static struct dentry *util_debugfs_root;

/*
 * Answer NEGOTIATE in place; the status goes in the header. The answer may
 * be longer than the request: @room is what the receive buffer holds past
 * @body (the host chose where the payload starts).
 */
static u32 util_negotiate(struct util_dev *u, struct hvx_ic_hdr *hdr, u8 *body, u32 len,
			  u32 room)
{
	const struct util_service *svc = u->svc;
	int ret;

	if (svc->frameworks)
		ret = hvx_ic_negotiate(body, len, room, svc->frameworks, svc->nr_frameworks,
				       svc->versions, svc->nr_versions, &u->ver);
	else
		ret = hvx_ic_negotiate(body, len, room, util_fw_versions,
				       ARRAY_SIZE(util_fw_versions), svc->versions,
				       svc->nr_versions, &u->ver);
	if (ret == -EBADMSG)
		return HVX_IC_E_FAIL;
	hdr->msgsize = cpu_to_le16(ret < 0 ? sizeof(struct hvx_ic_negotiate) : ret);
	if (ret < 0) {
		dev_warn_ratelimited(&u->hdev->dev, "%s: no version in common with the host\n",
				     u->svc->name);
		return HVX_IC_E_FAIL;
	}
	return HVX_IC_S_OK;
}

static u32 util_answer_len(struct util_dev *u)
{
	struct hvx_ic_hdr *hdr = (void *)(u->rx + u->cur_offset);

	return max_t(u32, u->cur_len, sizeof(*hdr) + le16_to_cpu(hdr->msgsize));
}

/*
 * Send the answer in the receive buffer. False when the ring is full: the
 * host signals once it has room, and the callback sends it then.
 */
static bool util_try_send(struct util_dev *u)
{
	void *hdr = u->rx + u->cur_offset;
	u32 len = util_answer_len(u);
	int ret;

	ret = hvx_channel_send(u->ch, HVX_VMPKT_DATA_INBAND, 0, u->cur_id, hdr, len);
	if (ret == -EAGAIN) {
		hvx_channel_want_room(u->ch, len);
		ret = hvx_channel_send(u->ch, HVX_VMPKT_DATA_INBAND, 0, u->cur_id, hdr, len);
		if (ret == -EAGAIN)
			return false;
		hvx_channel_want_room(u->ch, 0);
	}
	if (ret)
		u->bad++;	/* closing or rescinded: nobody to answer */
	return true;
}

/* The answer is out: act on it, and let the callback read into rx again. */
static void util_sent(struct util_dev *u)
{
	struct hvx_ic_hdr *hdr = (void *)(u->rx + u->cur_offset);

	if (le16_to_cpu(hdr->msgtype) == u->svc->msgtype &&
	    hdr->status == cpu_to_le32(HVX_IC_S_OK) && u->svc->answered)
		u->svc->answered(u);
	/* Done with rx: the callback's acquire sees our last use of it first. */
	smp_store_release(&u->pending, false);
}

/* Answer the current request in place; false when it waits for room. */
static bool util_send_answer(struct util_dev *u, u32 status)
{
	struct hvx_ic_hdr *hdr = (void *)(u->rx + u->cur_offset);

	if (status != HVX_IC_S_OK)
		u->bad++;
	u->requests++;
	hdr->status = cpu_to_le32(status);
	hdr->flags = HVX_IC_FLAG_TRANSACTION | HVX_IC_FLAG_RESPONSE;
	if (!util_try_send(u)) {
		u->ring_full++;
		/* Pairs with the callback's acquire: the answer in rx is complete. */
		smp_store_release(&u->answer_due, true);
		return false;
	}
	util_sent(u);
	return true;
}

/**
 * util_answer() - answer the request a service's @handle left pending
 * @u: the device
 * @status: HVX_IC_S_OK or an error; the body in u->rx is already rewritten
 *
 * Context: process or softirq; never twice for one request.
 */
void util_answer(struct util_dev *u, u32 status)
{
	util_send_answer(u, status);
	hvx_channel_schedule(u->ch);
}

/* One request: check it, answer it in the receive buffer, send it back. */
static void util_on_packet(struct util_dev *u, const struct hvx_ring_pkt *pkt)
{
	struct hvx_ic_hdr *hdr = (void *)(u->rx + pkt->offset);
	u32 len = hvx_ring_payload_len(pkt), body_len, status;
	u16 type;

	if (pkt->type != HVX_VMPKT_DATA_INBAND || len < sizeof(*hdr) ||
	    !(hdr->flags & HVX_IC_FLAG_REQUEST)) {
		u->bad++;
		return;
	}
	body_len = le16_to_cpu(hdr->msgsize);
	if (body_len > len - sizeof(*hdr)) {
		u->bad++;
		return;
	}
	/* Before @handle: a daemon may answer before it returns. */
	u->cur_offset = pkt->offset;
	u->cur_len = len;
	u->cur_id = pkt->trans_id;
	WRITE_ONCE(u->pending, true);
	type = le16_to_cpu(hdr->msgtype);
	if (type == HVX_IC_NEGOTIATE)
		status = util_negotiate(u, hdr, (u8 *)(hdr + 1), body_len,
					u->rx_size - pkt->offset - sizeof(*hdr));
	else if (type == u->svc->msgtype && u->ver.service)
		status = u->svc->handle(u, (u8 *)(hdr + 1), body_len);
	else
		status = HVX_IC_E_NOT_SUPPORTED;
	if (status != UTIL_ANSWER_LATER)
		util_send_answer(u, status);
}

static void util_callback(void *ctx)
{
	struct util_dev *u = ctx;
	struct hvx_ring_pkt pkt;
	unsigned int n = 0;
	int ret;

	/* An answer that found the ring full: the host has made room, or will. */
	if (smp_load_acquire(&u->answer_due)) {
		if (!util_try_send(u))
			return;
		WRITE_ONCE(u->answer_due, false);
		util_sent(u);
	}
	/* The receive buffer is one message larger than any request: answers fit. */
	while (n++ < HVX_CHANNEL_CB_BUDGET && !smp_load_acquire(&u->pending) &&
	       (!u->svc->ready || u->svc->ready(u))) {
		ret = hvx_channel_recv(u->ch, u->rx, u->rx_size, &pkt);
		if (ret == -EAGAIN || ret == -EIO)
			break;
		if (ret)
			u->bad++;
		else
			util_on_packet(u, &pkt);
	}
	/* Held on purpose: util_answer() or the service reschedules us. */
	if (smp_load_acquire(&u->pending) || (u->svc->ready && !u->svc->ready(u)))
		hvx_channel_pause(u->ch);
}

static int util_stats_show(struct seq_file *s, void *unused)
{
	struct util_dev *u = s->private;

	seq_printf(s, "framework %u.%u\nversion %u.%u\nrequests %llu\nbad %llu\nring_full %llu\n",
		   u->ver.framework >> 16, u->ver.framework & 0xffff,
		   u->ver.service >> 16, u->ver.service & 0xffff,
		   READ_ONCE(u->requests), READ_ONCE(u->bad), READ_ONCE(u->ring_full));
	if (u->svc->show)
		u->svc->show(u, s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(util_stats);

/* Undo a probe from the relay on; @exit: the service's init had run. */
static void util_free(struct util_dev *u, bool exit)
{
	if (!IS_ERR_OR_NULL(u->relay))
		util_relay_destroy(u->relay);
	if (exit && u->svc->exit)
		u->svc->exit(u);
	if (u->svc->priv_size)
		kfree(u->priv);
	kfree(u);
}

static int util_probe(struct hvx_device *hdev, const struct hv_vmbus_device_id *id)
{
	const struct util_service *svc = util_services[id->driver_data];
	struct util_dev *u;
	u32 rx_size;
	int ret;

	if (!*util_enabled[id->driver_data]) {
		dev_info(&hdev->dev, "%s service disabled (hvx_utils.%s=0)\n", svc->name,
			 svc->name);
		return -ENODEV;
	}
	rx_size = sizeof(struct hvx_vmpacket_desc) + (svc->msg_max ?: UTIL_MSG_MAX);
	u = kzalloc(struct_size(u, rx, rx_size), GFP_KERNEL);
	if (!u)
		return -ENOMEM;
	u->rx_size = rx_size;
	u->hdev = hdev;
	u->ch = hdev->channel;
	u->svc = svc;
	dev_set_drvdata(&hdev->dev, u);
	if (svc->priv_size) {
		u->priv = kzalloc(svc->priv_size, GFP_KERNEL);
		if (!u->priv) {
			util_free(u, false);
			return -ENOMEM;
		}
	}
	if (svc->relay) {
		u->relay = util_relay_create(u, svc->relay);
		ret = PTR_ERR_OR_ZERO(u->relay);
		if (ret) {
			util_free(u, false);
			return ret;
		}
	}
	ret = svc->init ? svc->init(u) : 0;
	if (ret) {
		util_free(u, false);
		return ret;
	}
	ret = hvx_channel_open(u->ch, UTIL_RING_BYTES, NULL, 0, util_callback, u);
	if (ret) {
		util_free(u, true);
		return ret;
	}
	u->debugfs = debugfs_create_file(svc->name, 0444, util_debugfs_root, u,
					 &util_stats_fops);
	return 0;
}

static void util_remove(struct hvx_device *hdev)
{
	struct util_dev *u = dev_get_drvdata(&hdev->dev);

	debugfs_remove(u->debugfs);
	hvx_channel_close(u->ch);
	util_free(u, true);
}

static const struct hv_vmbus_device_id util_ids[] = {
	{ .guid = HVX_CLASS_SHUTDOWN, .driver_data = UTIL_SHUTDOWN },
	{ .guid = HVX_CLASS_TIMESYNC, .driver_data = UTIL_TIMESYNC },
	{ .guid = HVX_CLASS_HEARTBEAT, .driver_data = UTIL_HEARTBEAT },
	{ .guid = HVX_CLASS_KVP, .driver_data = UTIL_KVP },
	{ .guid = HVX_CLASS_VSS, .driver_data = UTIL_VSS },
	{ .guid = HVX_CLASS_FCOPY, .driver_data = UTIL_FCOPY },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, util_ids);

static struct hvx_driver util_driver = {
	.name = HVX_NAME_UTILS,
	.id_table = util_ids,
	.probe = util_probe,
	.remove = util_remove,
};

static int __init util_init(void)
{
	int ret;

	util_debugfs_root = debugfs_create_dir("hvx_utils", NULL);
	ret = hvx_driver_register(&util_driver);
	if (ret)
		debugfs_remove(util_debugfs_root);
	return ret;
}

static void __exit util_exit(void)
{
	hvx_driver_unregister(&util_driver);
	debugfs_remove(util_debugfs_root);
}

module_init(util_init);
module_exit(util_exit);
MODULE_DESCRIPTION("hvx: Hyper-V integration services (shutdown, time sync, heartbeat, KVP, VSS, file copy)");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVX_VERSION);
