// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the synthetic mouse: SynthHID 2.0, a device that
 * describes itself like Hyper-V's absolute mouse (same ids, same report
 * layout, and the same report descriptor mistake at byte 14 that guests
 * must correct), and input reports made from what the control interface
 * asks for. Control commands (write "relid command" to hvx_sim/control):
 *   move X Y        pointer to X, Y (0-32767), buttons held as they are
 *   buttons MASK    bit 0 left, 1 right, 2 middle, 3 side, 4 extra
 *   wheel N         one wheel step report, N in -127..127
 *   refuse          answer the next protocol request with "not approved"
 *   bad_info        describe the device with a report descriptor longer
 *                   than the message, at the next protocol request
 *   unsolicited     a protocol response nobody asked for
 *   truncated       a packet too short for its headers
 *   short_body      a report whose header claims more than the packet holds
 *   long_report     a 40-byte input report (the descriptor's is 6)
 *   oversized       a packet longer than any SynthHID message
 *   bad_pipe        a report in a pipe message of type 2
 *   pad N           from the next protocol request on, describe the device
 *                   with N constant bytes (a multiple of 4, up to 16000)
 *                   after the wheel in its input report (reports of 6 + N
 *                   bytes), as N/4 32-bit fields: HID takes 12288 at most
 *   report LEN      an input report of LEN bytes (1-4096): buttons, X, Y as
 *                   they are, no wheel, zeros after
 * State: "acked=0|1 reports=N bad=N".
 */
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <hvx/ring.h>
#include <hvx/synth_hid.h>
#include <hvx/vmbus_classes.h>
#include "sim.h"

#define MOUSE_VENDOR	0x045e	/* Microsoft */
#define MOUSE_PRODUCT	0x0621
#define MOUSE_VERSION	0x0001

/* Buttons 1-5, X and Y absolute 0-32767, a relative wheel: 6-byte reports. */
static const u8 mouse_report_desc[] = {
	0x05, 0x01,		/* Usage Page (Generic Desktop) */
	0x09, 0x02,		/* Usage (Mouse) */
	0xa1, 0x01,		/* Collection (Application) */
	0x09, 0x01,		/*  Usage (Pointer) */
	0xa1, 0x00,		/*  Collection (Physical) */
	0x05, 0x09,		/*   Usage Page (Button) */
	0x19, 0x01,		/*   Usage Minimum (1) */
	0x25, 0x05,		/*   Hyper-V's: Logical Maximum, meant Usage Maximum (5) */
	0x95, 0x05,		/*   Report Count (5) */
	0x75, 0x01,		/*   Report Size (1) */
	0x15, 0x00,		/*   Logical Minimum (0) */
	0x25, 0x01,		/*   Logical Maximum (1) */
	0x81, 0x02,		/*   Input (Data, Variable, Absolute) */
	0x95, 0x01,		/*   Report Count (1) */
	0x75, 0x03,		/*   Report Size (3) */
	0x81, 0x01,		/*   Input (Constant) */
	0x05, 0x01,		/*   Usage Page (Generic Desktop) */
	0x09, 0x30,		/*   Usage (X) */
	0x09, 0x31,		/*   Usage (Y) */
	0x15, 0x00,		/*   Logical Minimum (0) */
	0x26, 0xff, 0x7f,	/*   Logical Maximum (32767) */
	0x75, 0x10,		/*   Report Size (16) */
	0x95, 0x02,		/*   Report Count (2) */
	0x81, 0x02,		/*   Input (Data, Variable, Absolute) */
	0x09, 0x38,		/*   Usage (Wheel) */
	0x15, 0x81,		/*   Logical Minimum (-127) */
	0x25, 0x7f,		/*   Logical Maximum (127) */
	0x75, 0x08,		/*   Report Size (8) */
	0x95, 0x01,		/*   Report Count (1) */
	0x81, 0x06,		/*   Input (Data, Variable, Relative) */
	0xc0,			/*  End Collection */
	0xc0,			/* End Collection */
};

struct mouse_report {
	u8 buttons;
	__le16 x;
	__le16 y;
	s8 wheel;
} __packed;

struct sim_mouse {
	bool acked;		/* the guest acknowledged the device info */
	bool refuse;		/* fault: refuse the next protocol request */
	bool bad_info;		/* fault: describe the device wrongly next time */
	u16 pad;		/* constant bytes the descriptor adds to a report */
	u8 buttons;		/* held now */
	u16 x, y;		/* where the pointer is */
	u32 reports;		/* input reports sent */
	u32 bad;		/* guest messages that made no sense */
};

/* A SynthHID message: pipe and SynthHID headers, then @body_len of @body. */
static int mouse_send(struct sim_device *dev, struct sim_channel *ch, u32 type,
		      const void *body, u32 body_len)
{
	struct hvx_hid_msg *msg;
	u32 len = sizeof(*msg) + body_len;
	int ret;

	msg = kmalloc(len, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	msg->pipe.type = cpu_to_le32(HVX_HID_PIPE_DATA);
	msg->pipe.size = cpu_to_le32(sizeof(msg->hdr) + body_len);
	msg->hdr.type = cpu_to_le32(type);
	msg->hdr.size = cpu_to_le32(body_len);
	memcpy(msg->body, body, body_len);
	ret = ch ? sim_chan_send(ch, HVX_VMPKT_DATA_INBAND, 0, 0, msg, len) :
		   sim_device_send(dev, HVX_VMPKT_DATA_INBAND, 0, 0, msg, len);
	kfree(msg);
	return ret;
}

/* Report Size 32, Report Count N/4, Input (Constant): before the two End Collections. */
#define MOUSE_PAD_ITEMS		7

static void mouse_send_device_info(struct sim_channel *ch, struct sim_mouse *mouse)
{
	struct {
		struct hvx_hid_dev_info info;
		struct hvx_hid_class_desc desc;
		u8 report_desc[sizeof(mouse_report_desc) + MOUSE_PAD_ITEMS];
	} __packed body = {
		.info.size = cpu_to_le32(sizeof(body.info)),
		.info.vendor = cpu_to_le16(MOUSE_VENDOR),
		.info.product = cpu_to_le16(MOUSE_PRODUCT),
		.info.version = cpu_to_le16(MOUSE_VERSION),
		.desc.length = sizeof(body.desc),
		.desc.desc_type = 0x21,		/* HID */
		.desc.bcd_hid = cpu_to_le16(0x0101),
		.desc.num_desc = 1,
		.desc.report_type = 0x22,	/* report */
	};
	u16 pad = READ_ONCE(mouse->pad);
	u32 len = sizeof(mouse_report_desc), end = len - 2;

	memcpy(body.report_desc, mouse_report_desc, len);
	if (pad) {
		u16 fields = pad / 4;
		u8 items[MOUSE_PAD_ITEMS] = { 0x75, 0x20, 0x96, fields & 0xff, fields >> 8,
					      0x81, 0x01 };

		memcpy(body.report_desc + end, items, sizeof(items));
		memcpy(body.report_desc + end + sizeof(items), mouse_report_desc + end, 2);
		len += sizeof(items);
	}
	body.desc.report_len = cpu_to_le16(len);
	if (xchg(&mouse->bad_info, false))
		body.desc.report_len = cpu_to_le16(len + 1);
	mouse_send(NULL, ch, HVX_HID_DEVICE_INFO, &body,
		   offsetof(typeof(body), report_desc) + len);
}

static void mouse_on_protocol_request(struct sim_channel *ch, struct sim_mouse *mouse,
				      const u8 *body)
{
	struct {
		__le32 version;
		u8 approved;
	} __packed resp = { .version = *(const __le32 *)body };

	resp.approved = le32_to_cpu(resp.version) == HVX_HID_VERSION_2_0 &&
			!xchg(&mouse->refuse, false);
	WRITE_ONCE(mouse->acked, false);
	mouse_send(NULL, ch, HVX_HID_PROTOCOL_RESPONSE, &resp, sizeof(resp));
	if (resp.approved)
		mouse_send_device_info(ch, mouse);
}

static void mouse_on_device_info_ack(struct sim_channel *ch, struct sim_mouse *mouse,
				     const u8 *body)
{
	WRITE_ONCE(mouse->acked, true);
}

static const struct {
	u32 type;
	u32 len;
	void (*handle)(struct sim_channel *ch, struct sim_mouse *mouse, const u8 *body);
} mouse_guest_msgs[] = {
	{ HVX_HID_PROTOCOL_REQUEST, 4, mouse_on_protocol_request },
	{ HVX_HID_DEVICE_INFO_ACK, 1, mouse_on_device_info_ack },
};

static void mouse_handle_packet(struct sim_channel *ch, const struct hvx_ring_pkt *pkt,
				const u8 *packet)
{
	const struct hvx_hid_pipe_hdr *pipe = (const void *)(packet + pkt->offset);
	const struct hvx_hid_msg_hdr *hdr = (const void *)(pipe + 1);
	struct sim_mouse *mouse = sim_chan_state(ch);
	u32 len = hvx_ring_payload_len(pkt), type, size;
	unsigned int i;

	if (pkt->flags & HVX_VMPKT_FLAG_COMPLETION_REQUESTED)
		sim_chan_send(ch, HVX_VMPKT_COMP, 0, pkt->trans_id, NULL, 0);
	if (pkt->type != HVX_VMPKT_DATA_INBAND || len < sizeof(*pipe) + sizeof(*hdr) ||
	    le32_to_cpu(pipe->type) != HVX_HID_PIPE_DATA)
		goto bad;
	type = le32_to_cpu(hdr->type);
	size = le32_to_cpu(hdr->size);
	if (size > len - sizeof(*pipe) - sizeof(*hdr))
		goto bad;
	for (i = 0; i < ARRAY_SIZE(mouse_guest_msgs); i++) {
		if (mouse_guest_msgs[i].type == type && size >= mouse_guest_msgs[i].len) {
			mouse_guest_msgs[i].handle(ch, mouse, (const u8 *)(hdr + 1));
			return;
		}
	}
bad:
	WRITE_ONCE(mouse->bad, mouse->bad + 1);
}

static int mouse_report(struct sim_device *dev, s8 wheel)
{
	struct sim_mouse *mouse = dev->state;
	struct mouse_report r = {
		.buttons = mouse->buttons,
		.x = cpu_to_le16(mouse->x),
		.y = cpu_to_le16(mouse->y),
		.wheel = wheel,
	};
	int ret = mouse_send(dev, NULL, HVX_HID_INPUT_REPORT, &r, sizeof(r));

	if (!ret)
		WRITE_ONCE(mouse->reports, mouse->reports + 1);
	return ret;
}

static int mouse_move(struct sim_device *dev, char *args)
{
	struct sim_mouse *mouse = dev->state;
	u16 x, y;

	if (sscanf(args, "%hu %hu", &x, &y) != 2 || x > 32767 || y > 32767)
		return -EINVAL;
	mouse->x = x;
	mouse->y = y;
	return mouse_report(dev, 0);
}

static int mouse_buttons(struct sim_device *dev, char *args)
{
	struct sim_mouse *mouse = dev->state;
	u8 mask;

	if (kstrtou8(args, 0, &mask) || mask > 0x1f)
		return -EINVAL;
	mouse->buttons = mask;
	return mouse_report(dev, 0);
}

static int mouse_wheel(struct sim_device *dev, char *args)
{
	s8 steps;

	if (kstrtos8(args, 0, &steps) || steps < -127)
		return -EINVAL;
	return mouse_report(dev, steps);
}

static int mouse_refuse(struct sim_device *dev, char *args)
{
	struct sim_mouse *mouse = dev->state;

	WRITE_ONCE(mouse->refuse, true);
	return 0;
}

static int mouse_bad_info(struct sim_device *dev, char *args)
{
	struct sim_mouse *mouse = dev->state;

	WRITE_ONCE(mouse->bad_info, true);
	return 0;
}

static int mouse_unsolicited(struct sim_device *dev, char *args)
{
	u8 resp[5] = { 0, 0, 2, 0, 1 };	/* version 2.0, approved */

	return mouse_send(dev, NULL, HVX_HID_PROTOCOL_RESPONSE, resp, sizeof(resp));
}

static int mouse_truncated(struct sim_device *dev, char *args)
{
	struct hvx_hid_pipe_hdr pipe = { .type = cpu_to_le32(HVX_HID_PIPE_DATA) };

	return sim_device_send(dev, HVX_VMPKT_DATA_INBAND, 0, 0, &pipe, sizeof(pipe));
}

/* A left-click report with a chosen pipe type and SynthHID body size. */
static int mouse_send_forged(struct sim_device *dev, u32 pipe_type, u32 body_size)
{
	u8 buf[sizeof(struct hvx_hid_msg) + sizeof(struct mouse_report)] = {};
	struct hvx_hid_msg *msg = (void *)buf;

	msg->pipe.type = cpu_to_le32(pipe_type);
	msg->pipe.size = cpu_to_le32(sizeof(buf) - sizeof(msg->pipe));
	msg->hdr.type = cpu_to_le32(HVX_HID_INPUT_REPORT);
	msg->hdr.size = cpu_to_le32(body_size);
	msg->body[0] = 1;
	return sim_device_send(dev, HVX_VMPKT_DATA_INBAND, 0, 0, buf, sizeof(buf));
}

/* The SynthHID header claims 64 bytes in a 6-byte body. */
static int mouse_short_body(struct sim_device *dev, char *args)
{
	return mouse_send_forged(dev, HVX_HID_PIPE_DATA, 64);
}

static int mouse_long_report(struct sim_device *dev, char *args)
{
	u8 report[40] = { 0x1f };

	return mouse_send(dev, NULL, HVX_HID_INPUT_REPORT, report, sizeof(report));
}

static int mouse_oversized(struct sim_device *dev, char *args)
{
	u32 len = 8192;
	u8 *body = kzalloc(len, GFP_KERNEL);
	int ret;

	if (!body)
		return -ENOMEM;
	ret = mouse_send(dev, NULL, HVX_HID_INPUT_REPORT, body, len);
	kfree(body);
	return ret;
}

static int mouse_bad_pipe(struct sim_device *dev, char *args)
{
	return mouse_send_forged(dev, 2, sizeof(struct mouse_report));
}

static int mouse_pad(struct sim_device *dev, char *args)
{
	struct sim_mouse *mouse = dev->state;
	u16 n;

	if (kstrtou16(args, 0, &n) || n > 16000 || n % 4)
		return -EINVAL;
	WRITE_ONCE(mouse->pad, n);
	return 0;
}

static int mouse_report_len(struct sim_device *dev, char *args)
{
	struct sim_mouse *mouse = dev->state;
	struct mouse_report r = {
		.buttons = mouse->buttons,
		.x = cpu_to_le16(mouse->x),
		.y = cpu_to_le16(mouse->y),
	};
	u8 *body;
	u32 len;
	int ret;

	if (kstrtou32(args, 0, &len) || !len || len > 4096)
		return -EINVAL;
	body = kzalloc(len, GFP_KERNEL);
	if (!body)
		return -ENOMEM;
	memcpy(body, &r, min_t(u32, len, sizeof(r)));
	ret = mouse_send(dev, NULL, HVX_HID_INPUT_REPORT, body, len);
	kfree(body);
	if (!ret)
		WRITE_ONCE(mouse->reports, mouse->reports + 1);
	return ret;
}

static const struct sim_command mouse_commands[] = {
	{ "move", mouse_move },
	{ "buttons", mouse_buttons },
	{ "wheel", mouse_wheel },
	{ "refuse", mouse_refuse },
	{ "bad_info", mouse_bad_info },
	{ "unsolicited", mouse_unsolicited },
	{ "truncated", mouse_truncated },
	{ "short_body", mouse_short_body },
	{ "long_report", mouse_long_report },
	{ "oversized", mouse_oversized },
	{ "bad_pipe", mouse_bad_pipe },
	{ "pad", mouse_pad },
	{ "report", mouse_report_len },
};

static void mouse_show(struct sim_device *dev, struct seq_file *s)
{
	struct sim_mouse *mouse = dev->state;

	seq_printf(s, " acked=%d reports=%u bad=%u", READ_ONCE(mouse->acked),
		   READ_ONCE(mouse->reports), READ_ONCE(mouse->bad));
}

const struct sim_backend sim_mouse_backend = {
	.name = "mouse",
	.class_id = HVX_CLASS_MOUSE,
	.state_size = sizeof(struct sim_mouse),
	.handle_packet = mouse_handle_packet,
	.commands = mouse_commands,
	.nr_commands = ARRAY_SIZE(mouse_commands),
	.show = mouse_show,
};
