// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_mouse: the Hyper-V synthetic mouse as a HID transport.
 *
 * The host describes the device (ids, HID descriptor, report descriptor)
 * once the protocol version is agreed, then sends raw HID input reports;
 * hid-generic makes an absolute pointer with buttons and wheel of it.
 * Everything the host sends is checked against the packet that carried it
 * and, for input reports, against the report descriptor.
 */
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/hid.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <kunit/visibility.h>
#include <hvx/drop_in.h>
#include <hvx/input.h>
#include <hvx/synth_hid.h>
#include <hvx/vmbus.h>
#include <hvx/vmbus_classes.h>

#define MOUSE_RING_BYTES	(36 * 1024)
/* The largest packet: a device info with the largest report descriptor. */
#define MOUSE_MSG_MAX		(sizeof(struct hvx_hid_device_info) + 64 + HID_MAX_DESCRIPTOR_SIZE)
#define MOUSE_RX_BYTES		(sizeof(struct hvx_vmpacket_desc) + MOUSE_MSG_MAX)
/* The longest input report one message can carry: a longer one could never arrive. */
#define MOUSE_REPORT_MAX	(MOUSE_MSG_MAX - sizeof(struct hvx_hid_msg))
#define MOUSE_TIMEOUT		(5 * HZ)
#define MOUSE_TRANS_ID		1	/* completions are not waited on: no pointer */

/* The HID core's limit is the protocol's (HVX_HID_MAX_DESCRIPTOR, synth_hid.c). */
static_assert(HVX_HID_MAX_DESCRIPTOR == HID_MAX_DESCRIPTOR_SIZE);

enum mouse_state {
	MOUSE_IDLE,
	MOUSE_WAIT_RESPONSE,	/* PROTOCOL_REQUEST sent */
	MOUSE_WAIT_INFO,	/* version approved, device info expected */
	MOUSE_RUNNING,		/* described and acknowledged */
};

struct hvx_mouse_stats {
	u64 reports;		/* input reports HID took */
	u64 refused;		/* input reports HID refused (shorter than declared, say) */
	u64 early;		/* input reports before the HID device existed */
	u64 bad;		/* malformed or unexpected host messages, dropped */
	u64 completions;	/* the host completing our requests */
};

struct hvx_mouse {
	struct hvx_device *hdev;
	struct hvx_channel *ch;
	struct hid_device *hid;		/* set once added, under lock */
	struct dentry *debugfs;
	spinlock_t lock;		/* guards state, hid, stats and the info copy */
	enum mouse_state state;
	bool approved;
	u32 report_max;			/* longest input report the descriptor defines */
	u8 *report;			/* report_max bytes: what HID reads an input report from */
	struct hvx_mouse_stats stats;
	struct completion responded, described;
	u8 *info;			/* the device info body, as received */
	u32 info_len;
	u8 *report_desc;		/* the checked (and fixed) report descriptor */
	u32 report_len;
	u8 *rx;				/* the callback's packet buffer */
};

static struct dentry *mouse_debugfs_root;

/* ---- the HID transport -------------------------------------------------- */

static int mouse_ll_parse(struct hid_device *hid)
{
	struct hvx_mouse *mouse = hid->driver_data;

	return hid_parse_report(hid, mouse->report_desc, mouse->report_len);
}

static int mouse_ll_start(struct hid_device *hid)
{
	return 0;
}

static void mouse_ll_stop(struct hid_device *hid)
{
}

static int mouse_ll_open(struct hid_device *hid)
{
	return 0;
}

static void mouse_ll_close(struct hid_device *hid)
{
}

/* The synthetic protocol has no way to get or set a report. */
static int mouse_ll_raw_request(struct hid_device *hid, unsigned char reportnum,
				u8 *buf, size_t len, unsigned char rtype, int reqtype)
{
	return -EIO;
}

static struct hid_ll_driver mouse_ll_driver = {
	.parse = mouse_ll_parse,
	.start = mouse_ll_start,
	.stop = mouse_ll_stop,
	.open = mouse_ll_open,
	.close = mouse_ll_close,
	.raw_request = mouse_ll_raw_request,
};

/* ---- messages from the host (the channel callback, softirq, under lock) -- */

static void mouse_on_protocol_response(struct hvx_mouse *mouse, const u8 *body, u32 len)
{
	if (mouse->state != MOUSE_WAIT_RESPONSE) {
		mouse->stats.bad++;
		return;
	}
	/* body: the version the guest asked for, then approved */
	mouse->approved = body[4];
	mouse->state = mouse->approved ? MOUSE_WAIT_INFO : MOUSE_IDLE;
	complete(&mouse->responded);
}

static void mouse_on_device_info(struct hvx_mouse *mouse, const u8 *body, u32 len)
{
	if (mouse->state != MOUSE_WAIT_INFO) {
		mouse->stats.bad++;
		return;
	}
	memcpy(mouse->info, body, len);
	mouse->info_len = len;
	mouse->state = MOUSE_IDLE;
	complete(&mouse->described);
}

static void mouse_on_input_report(struct hvx_mouse *mouse, const u8 *body, u32 len)
{
	if (!mouse->hid) {
		mouse->stats.early++;
		return;
	}
	if (len > mouse->report_max) {
		mouse->stats.bad++;
		return;
	}
	/*
	 * HID cores before the 2026 buffer-size fix zero-fill a short report
	 * up to the length its descriptor declares, in the buffer they are
	 * given: give them one that long. Later cores refuse a short report.
	 */
	memcpy(mouse->report, body, len);
	memset(mouse->report + len, 0, mouse->report_max - len);
	if (hid_input_report(mouse->hid, HID_INPUT_REPORT, mouse->report, len, 1) < 0) {
		mouse->stats.refused++;
		return;
	}
	mouse->stats.reports++;
	pm_wakeup_hard_event(&mouse->hdev->dev);
}

static const struct {
	u32 type;
	u32 len;	/* the least body a message of this type carries */
	void (*handle)(struct hvx_mouse *mouse, const u8 *body, u32 len);
} mouse_handlers[] = {
	{ HVX_HID_PROTOCOL_RESPONSE, 5, mouse_on_protocol_response },
	{ HVX_HID_DEVICE_INFO, sizeof(struct hvx_hid_dev_info) +
	  sizeof(struct hvx_hid_class_desc), mouse_on_device_info },
	{ HVX_HID_INPUT_REPORT, 1, mouse_on_input_report },
};

static void mouse_on_packet(struct hvx_mouse *mouse, const struct hvx_ring_pkt *pkt)
{
	const struct hvx_hid_pipe_hdr *pipe = (const void *)(mouse->rx + pkt->offset);
	const struct hvx_hid_msg_hdr *hdr = (const void *)(pipe + 1);
	u32 len = hvx_ring_payload_len(pkt), pipe_len, body_len, type;
	unsigned int i;

	if (pkt->type == HVX_VMPKT_COMP) {
		mouse->stats.completions++;
		return;
	}
	if (pkt->type != HVX_VMPKT_DATA_INBAND || len < sizeof(*pipe) + sizeof(*hdr))
		goto bad;
	pipe_len = le32_to_cpu(pipe->size);
	body_len = le32_to_cpu(hdr->size);
	if (le32_to_cpu(pipe->type) != HVX_HID_PIPE_DATA || pipe_len > len - sizeof(*pipe) ||
	    pipe_len < sizeof(*hdr) || body_len > pipe_len - sizeof(*hdr))
		goto bad;
	type = le32_to_cpu(hdr->type);
	for (i = 0; i < ARRAY_SIZE(mouse_handlers); i++) {
		if (mouse_handlers[i].type != type)
			continue;
		if (body_len < mouse_handlers[i].len)
			break;
		mouse_handlers[i].handle(mouse, (const u8 *)(hdr + 1), body_len);
		return;
	}
bad:
	mouse->stats.bad++;
}

static void mouse_callback(void *ctx)
{
	struct hvx_mouse *mouse = ctx;
	struct hvx_ring_pkt pkt;
	unsigned int n;
	int ret;

	spin_lock(&mouse->lock);
	for (n = 0; n < HVX_CHANNEL_CB_BUDGET; n++) {
		ret = hvx_channel_recv(mouse->ch, mouse->rx, MOUSE_RX_BYTES, &pkt);
		if (ret == -EAGAIN || ret == -EIO)
			break;
		if (ret)
			mouse->stats.bad++;	/* longer than any SynthHID message */
		else
			mouse_on_packet(mouse, &pkt);
	}
	if (hvx_channel_rescinded(mouse->ch)) {
		complete(&mouse->responded);
		complete(&mouse->described);
	}
	spin_unlock(&mouse->lock);
}

/* ---- probe and remove --------------------------------------------------- */

static int mouse_send(struct hvx_mouse *mouse, void *msg, u32 len)
{
	return hvx_channel_send(mouse->ch, HVX_VMPKT_DATA_INBAND,
				HVX_VMPKT_FLAG_COMPLETION_REQUESTED, MOUSE_TRANS_ID, msg, len);
}

/* Wait for what the callback completes; the host may also rescind. */
static int mouse_wait(struct hvx_mouse *mouse, struct completion *done, const char *what)
{
	if (!wait_for_completion_timeout(done, MOUSE_TIMEOUT)) {
		dev_err(&mouse->hdev->dev, "host sent no %s in %u s\n", what,
			MOUSE_TIMEOUT / HZ);
		return -ETIMEDOUT;
	}
	return hvx_channel_rescinded(mouse->ch) ? -ENODEV : 0;
}

static int mouse_connect(struct hvx_mouse *mouse)
{
	struct hvx_hid_protocol_request req = {
		.pipe.type = cpu_to_le32(HVX_HID_PIPE_DATA),
		.pipe.size = cpu_to_le32(sizeof(req) - sizeof(req.pipe)),
		.hdr.type = cpu_to_le32(HVX_HID_PROTOCOL_REQUEST),
		.hdr.size = cpu_to_le32(sizeof(req.version)),
		.version = cpu_to_le32(HVX_HID_VERSION_2_0),
	};
	int ret;

	spin_lock_bh(&mouse->lock);
	mouse->state = MOUSE_WAIT_RESPONSE;
	spin_unlock_bh(&mouse->lock);
	ret = mouse_send(mouse, &req, sizeof(req));
	if (!ret)
		ret = mouse_wait(mouse, &mouse->responded, "protocol response");
	if (ret)
		return ret;
	if (!mouse->approved) {
		dev_err(&mouse->hdev->dev, "host refused SynthHID protocol 2.0\n");
		return -EPROTO;
	}
	return mouse_wait(mouse, &mouse->described, "device info");
}

/*
 * Hyper-V's report descriptor says Logical Maximum (0x25) where its
 * buttons' Usage Maximum (0x29) belongs, right after Usage Minimum (1):
 * put the right item there, as Windows does.
 */
static void mouse_fix_report_desc(u8 *rd, u32 len)
{
	if (len > 15 && rd[12] == 0x19 && rd[13] == 0x01 && rd[14] == 0x25)
		rd[14] = 0x29;
}

/* The longest input report the parsed descriptor defines. */
static u32 mouse_report_max(struct hid_device *hid)
{
	struct hid_report_enum *re = &hid->report_enum[HID_INPUT_REPORT];
	struct hid_report *report;
	u32 max = 0;

	list_for_each_entry(report, &re->report_list, list)
		max = max(max, hid_report_len(report));
	return max;
}

static int mouse_add_hid(struct hvx_mouse *mouse, const struct hvx_hid_info *info)
{
	struct hid_device *hid;
	u32 longest;
	int ret;

	hid = hid_allocate_device();
	if (IS_ERR(hid))
		return PTR_ERR(hid);
	hid->ll_driver = &mouse_ll_driver;
	hid->driver_data = mouse;
	hid->dev.parent = &mouse->hdev->dev;
	hid->bus = BUS_VIRTUAL;
	hid->vendor = info->vendor;
	hid->product = info->product;
	hid->version = info->version;
	strscpy(hid->name, "Microsoft Vmbus HID-compliant Mouse", sizeof(hid->name));
	strscpy(hid->phys, dev_name(&mouse->hdev->dev), sizeof(hid->phys));
	ret = hid_add_device(hid);
	if (ret) {
		hid_destroy_device(hid);
		return ret;
	}
	longest = mouse_report_max(hid);
	if (longest > MOUSE_REPORT_MAX) {
		dev_err(&mouse->hdev->dev,
			"host's report descriptor declares a %u-byte input report; a SynthHID message carries %zu\n",
			longest, MOUSE_REPORT_MAX);
		hid_destroy_device(hid);
		return -EINVAL;
	}
	mouse->report = kzalloc(longest, GFP_KERNEL);
	if (!mouse->report) {
		hid_destroy_device(hid);
		return -ENOMEM;
	}
	spin_lock_bh(&mouse->lock);
	mouse->report_max = longest;
	mouse->hid = hid;
	mouse->state = MOUSE_RUNNING;
	spin_unlock_bh(&mouse->lock);
	return 0;
}

static int mouse_describe(struct hvx_mouse *mouse)
{
	struct hvx_hid_device_info_ack ack = {
		.pipe.type = cpu_to_le32(HVX_HID_PIPE_DATA),
		.pipe.size = cpu_to_le32(sizeof(ack) - sizeof(ack.pipe)),
		.hdr.type = cpu_to_le32(HVX_HID_DEVICE_INFO_ACK),
		.hdr.size = cpu_to_le32(sizeof(ack.reserved)),
	};
	struct hvx_hid_info info;
	int ret;

	ret = hvx_hid_parse_device_info(mouse->info, mouse->info_len, &info);
	if (ret) {
		dev_err(&mouse->hdev->dev, "host sent a malformed device info (%u bytes)\n",
			mouse->info_len);
		return ret;
	}
	mouse->report_desc = kmemdup(info.report_desc, info.report_len, GFP_KERNEL);
	if (!mouse->report_desc)
		return -ENOMEM;
	mouse->report_len = info.report_len;
	mouse_fix_report_desc(mouse->report_desc, mouse->report_len);
	ret = mouse_send(mouse, &ack, sizeof(ack));
	if (ret)
		return ret;
	return mouse_add_hid(mouse, &info);
}

static int mouse_stats_show(struct seq_file *s, void *unused)
{
	struct hvx_mouse *mouse = s->private;
	struct hvx_mouse_stats st;

	spin_lock_bh(&mouse->lock);
	st = mouse->stats;
	spin_unlock_bh(&mouse->lock);
	seq_printf(s, "reports %llu\nrefused %llu\nearly %llu\nbad %llu\ncompletions %llu\n",
		   st.reports, st.refused, st.early, st.bad, st.completions);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mouse_stats);

static void mouse_free(struct hvx_mouse *mouse)
{
	kfree(mouse->report);
	kfree(mouse->report_desc);
	kfree(mouse->info);
	kfree(mouse->rx);
	kfree(mouse);
}

static int mouse_probe(struct hvx_device *hdev, const struct hv_vmbus_device_id *id)
{
	struct hvx_mouse *mouse;
	int ret;

	mouse = kzalloc(sizeof(*mouse), GFP_KERNEL);
	if (!mouse)
		return -ENOMEM;
	mouse->hdev = hdev;
	mouse->ch = hdev->channel;
	spin_lock_init(&mouse->lock);
	init_completion(&mouse->responded);
	init_completion(&mouse->described);
	mouse->rx = kmalloc(MOUSE_RX_BYTES, GFP_KERNEL);
	mouse->info = kmalloc(MOUSE_MSG_MAX, GFP_KERNEL);
	if (!mouse->rx || !mouse->info) {
		ret = -ENOMEM;
		goto err_free;
	}
	dev_set_drvdata(&hdev->dev, mouse);
	ret = hvx_channel_open(mouse->ch, MOUSE_RING_BYTES, NULL, 0, mouse_callback, mouse);
	if (ret)
		goto err_free;
	ret = mouse_connect(mouse);
	if (!ret)
		ret = mouse_describe(mouse);
	if (ret)
		goto err_close;
	mouse->debugfs = debugfs_create_file(dev_name(&hdev->dev), 0444, mouse_debugfs_root,
					     mouse, &mouse_stats_fops);
	device_init_wakeup(&hdev->dev, true);
	return 0;

err_close:
	hvx_channel_close(mouse->ch);
err_free:
	mouse_free(mouse);
	return ret;
}

static void mouse_remove(struct hvx_device *hdev)
{
	struct hvx_mouse *mouse = dev_get_drvdata(&hdev->dev);

	device_init_wakeup(&hdev->dev, false);
	/* No more reports once the channel is closed; then HID can go. */
	hvx_channel_close(mouse->ch);
	hid_destroy_device(mouse->hid);
	debugfs_remove(mouse->debugfs);
	mouse_free(mouse);
}

static const struct hv_vmbus_device_id mouse_ids[] = {
	{ .guid = HVX_CLASS_MOUSE },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, mouse_ids);

static struct hvx_driver mouse_driver = {
	.name = HVX_NAME_MOUSE,
	.id_table = mouse_ids,
	.probe = mouse_probe,
	.remove = mouse_remove,
};

static int __init mouse_init(void)
{
	int ret;

	mouse_debugfs_root = debugfs_create_dir("hvx_mouse", NULL);
	ret = hvx_driver_register(&mouse_driver);
	if (ret)
		debugfs_remove(mouse_debugfs_root);
	return ret;
}

static void __exit mouse_exit(void)
{
	hvx_driver_unregister(&mouse_driver);
	debugfs_remove(mouse_debugfs_root);
}

module_init(mouse_init);
module_exit(mouse_exit);
MODULE_DESCRIPTION("hvx: Hyper-V synthetic mouse (HID)");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVX_VERSION);
