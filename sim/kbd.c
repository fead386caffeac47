// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the synthetic keyboard: it accepts protocol 1.0, types
 * what the control interface asks for and records the LED state the guest
 * sets. Control commands (write "relid command" to hvx_sim/control):
 *   key CODE [e0|e1] [break] [unicode]   one key stroke (CODE: make code)
 *   refuse          answer the next protocol request with "not accepted"
 *   unsolicited     a protocol response nobody asked for
 *   truncated       a key stroke cut to its first 8 bytes
 *   oversized       a 300-byte message (the protocol's maximum is 256)
 *   bad_type        a message of type 99
 * State: "accepted=0|1 leds=0xN led_msgs=N strokes=N bad=N".
 */
#include <linux/seq_file.h>
#include <linux/string.h>
#include <hvx/ring.h>
#include <hvx/synth_kbd.h>
#include <hvx/vmbus_classes.h>
#include "sim.h"

struct sim_kbd {
	bool accepted;		/* the last protocol request was accepted */
	bool refuse;		/* fault: refuse the next one */
	u32 leds;		/* HVX_KBD_LED_* the guest set last */
	u32 led_msgs;
	u32 strokes;		/* key strokes sent */
	u32 bad;		/* guest messages that made no sense */
};

/* Completions carry nothing; the guest asks for one with every message. */
static void kbd_complete(struct sim_channel *ch, const struct hvx_ring_pkt *pkt)
{
	if (pkt->flags & HVX_VMPKT_FLAG_COMPLETION_REQUESTED)
		sim_chan_send(ch, HVX_VMPKT_COMP, 0, pkt->trans_id, NULL, 0);
}

static void kbd_on_protocol_request(struct sim_channel *ch, struct sim_kbd *kbd,
				    const void *msg)
{
	const struct hvx_kbd_protocol_request *req = msg;
	struct hvx_kbd_protocol_response resp = {
		.hdr.type = cpu_to_le32(HVX_KBD_PROTOCOL_RESPONSE),
	};
	bool ok = le32_to_cpu(req->version) == HVX_KBD_VERSION_1_0 && !xchg(&kbd->refuse, false);

	WRITE_ONCE(kbd->accepted, ok);
	resp.status = cpu_to_le32(ok ? HVX_KBD_PROTOCOL_ACCEPTED : 0);
	sim_chan_send(ch, HVX_VMPKT_DATA_INBAND, 0, 0, &resp, sizeof(resp));
}

static void kbd_on_set_leds(struct sim_channel *ch, struct sim_kbd *kbd, const void *msg)
{
	const struct hvx_kbd_set_leds *leds = msg;

	WRITE_ONCE(kbd->leds, le16_to_cpu(leds->leds));
	WRITE_ONCE(kbd->led_msgs, kbd->led_msgs + 1);
}

static const struct {
	u32 type;
	u32 len;
	void (*handle)(struct sim_channel *ch, struct sim_kbd *kbd, const void *msg);
} kbd_guest_msgs[] = {
	{ HVX_KBD_PROTOCOL_REQUEST, sizeof(struct hvx_kbd_protocol_request),
	  kbd_on_protocol_request },
	/* The leds field is all a host reads of it. */
	{ HVX_KBD_SET_LEDS, offsetof(struct hvx_kbd_set_leds, reserved), kbd_on_set_leds },
};

static void kbd_handle_packet(struct sim_channel *ch, const struct hvx_ring_pkt *pkt,
			      const u8 *packet)
{
	struct sim_kbd *kbd = sim_chan_state(ch);
	const void *msg = packet + pkt->offset;
	u32 len = hvx_ring_payload_len(pkt), type;
	unsigned int i;

	if (pkt->type == HVX_VMPKT_DATA_INBAND && len >= sizeof(struct hvx_kbd_hdr)) {
		type = le32_to_cpu(((const struct hvx_kbd_hdr *)msg)->type);
		for (i = 0; i < ARRAY_SIZE(kbd_guest_msgs); i++) {
			if (kbd_guest_msgs[i].type == type && len >= kbd_guest_msgs[i].len) {
				kbd_guest_msgs[i].handle(ch, kbd, msg);
				kbd_complete(ch, pkt);
				return;
			}
		}
	}
	WRITE_ONCE(kbd->bad, kbd->bad + 1);
	kbd_complete(ch, pkt);
}

static int kbd_send(struct sim_device *dev, const void *msg, u32 len)
{
	return sim_device_send(dev, HVX_VMPKT_DATA_INBAND, 0, 0, msg, len);
}

static int kbd_send_stroke(struct sim_device *dev, u16 code, u32 info, u32 len)
{
	struct sim_kbd *kbd = dev->state;
	struct hvx_kbd_keystroke ks = {
		.hdr.type = cpu_to_le32(HVX_KBD_EVENT),
		.make_code = cpu_to_le16(code),
		.info = cpu_to_le32(info),
	};
	int ret = kbd_send(dev, &ks, len);

	if (!ret)
		WRITE_ONCE(kbd->strokes, kbd->strokes + 1);
	return ret;
}

static const struct {
	const char *name;
	u32 flag;
} kbd_key_flags[] = {
	{ "e0", HVX_KBD_E0 },
	{ "e1", HVX_KBD_E1 },
	{ "break", HVX_KBD_BREAK },
	{ "unicode", HVX_KBD_UNICODE },
};

/* "CODE [flag]...": a key stroke as the host would send it. */
static int kbd_key(struct sim_device *dev, char *args)
{
	char *word = strsep(&args, " ");
	unsigned int i;
	u32 info = 0;
	u16 code;

	if (!word || kstrtou16(word, 0, &code))
		return -EINVAL;
	while ((word = strsep(&args, " "))) {
		for (i = 0; i < ARRAY_SIZE(kbd_key_flags); i++)
			if (!strcmp(word, kbd_key_flags[i].name))
				break;
		if (i == ARRAY_SIZE(kbd_key_flags))
			return -EINVAL;
		info |= kbd_key_flags[i].flag;
	}
	return kbd_send_stroke(dev, code, info, sizeof(struct hvx_kbd_keystroke));
}

static int kbd_refuse(struct sim_device *dev, char *args)
{
	struct sim_kbd *kbd = dev->state;

	WRITE_ONCE(kbd->refuse, true);
	return 0;
}

static int kbd_unsolicited(struct sim_device *dev, char *args)
{
	struct hvx_kbd_protocol_response resp = {
		.hdr.type = cpu_to_le32(HVX_KBD_PROTOCOL_RESPONSE),
		.status = cpu_to_le32(HVX_KBD_PROTOCOL_ACCEPTED),
	};

	return kbd_send(dev, &resp, sizeof(resp));
}

static int kbd_truncated(struct sim_device *dev, char *args)
{
	return kbd_send_stroke(dev, 0x1e, 0, 8);
}

static int kbd_oversized(struct sim_device *dev, char *args)
{
	u8 msg[300] = { HVX_KBD_EVENT };

	return kbd_send(dev, msg, sizeof(msg));
}

static int kbd_bad_type(struct sim_device *dev, char *args)
{
	struct hvx_kbd_keystroke ks = { .hdr.type = cpu_to_le32(99) };

	return kbd_send(dev, &ks, sizeof(ks));
}

static const struct sim_command kbd_commands[] = {
	{ "key", kbd_key },
	{ "refuse", kbd_refuse },
	{ "unsolicited", kbd_unsolicited },
	{ "truncated", kbd_truncated },
	{ "oversized", kbd_oversized },
	{ "bad_type", kbd_bad_type },
};

static void kbd_show(struct sim_device *dev, struct seq_file *s)
{
	struct sim_kbd *kbd = dev->state;

	seq_printf(s, " accepted=%d leds=%#x led_msgs=%u strokes=%u bad=%u",
		   READ_ONCE(kbd->accepted), READ_ONCE(kbd->leds), READ_ONCE(kbd->led_msgs),
		   READ_ONCE(kbd->strokes), READ_ONCE(kbd->bad));
}

const struct sim_backend sim_kbd_backend = {
	.name = "kbd",
	.class_id = HVX_CLASS_KBD,
	.state_size = sizeof(struct sim_kbd),
	.handle_packet = kbd_handle_packet,
	.commands = kbd_commands,
	.nr_commands = ARRAY_SIZE(kbd_commands),
	.show = kbd_show,
};
