// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_kbd: the Hyper-V synthetic keyboard as a serio port.
 *
 * The host sends key strokes as set-1 make codes with E0/E1/break flags;
 * they go to the port as the bytes an i8042 in translating mode would
 * deliver, so the standard atkbd driver turns them into input events.
 * The port also answers atkbd's PS/2 commands the way a keyboard does,
 * which gives atkbd a writable keyboard: the lock LEDs it sets (0xed) are
 * passed on to the host, which the in-tree driver never did.
 */
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/serio.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <kunit/visibility.h>
#include <hvx/drop_in.h>
#include <hvx/synth_kbd.h>
#include <hvx/vmbus.h>
#include <hvx/vmbus_classes.h>
#include <hvx/input.h>

#define KBD_RING_BYTES		(36 * 1024)
#define KBD_RX_BYTES		(sizeof(struct hvx_vmpacket_desc) + HVX_KBD_MAX_MSG)
#define KBD_PROTOCOL_TIMEOUT	(10 * HZ)
/* Our requests ask for completions we never wait on: one fixed id, no pointer. */
#define KBD_TRANS_ID		1

struct hvx_kbd_stats {
	u64 strokes;		/* key strokes passed to the port */
	u64 unicode;		/* unicode strokes: no scan code, dropped */
	u64 bad;		/* malformed or unexpected host messages, dropped */
	u64 completions;	/* the host completing our requests */
	u64 leds;		/* LED states sent to the host */
	u64 leds_failed;	/* ... that could not be sent */
};

struct hvx_kbd {
	struct hvx_device *hdev;
	struct hvx_channel *ch;
	struct serio *serio;
	struct dentry *debugfs;
	spinlock_t lock;	/* guards started, ps2 and stats; taken before serio's */
	bool started;		/* the port is registered: bytes may go to it */
	struct hvx_kbd_ps2 ps2;
	struct hvx_kbd_stats stats;
	struct completion protocol_done;
	bool waiting;		/* a PROTOCOL_RESPONSE is expected */
	u32 protocol_status;
	u8 rx[KBD_RX_BYTES];	/* the callback's packet buffer */
};

static struct dentry *kbd_debugfs_root;

/**
 * hvx_kbd_stroke_bytes() - the port bytes of one synthetic key stroke
 * @make_code: the set-1 make code the host sent
 * @info: its HVX_KBD_* flags
 * @out: the bytes: an optional 0xe0/0xe1 prefix, then the code, with 0x80
 *	 set on release
 *
 * Make codes outside 0x01-0x7f cannot be told from a release or a prefix,
 * nor can 0x60 and 0x61 (their releases are the 0xe0 and 0xe1 prefixes).
 *
 * Return: the number of bytes; -EINVAL for a stroke no keyboard sends;
 * -EOPNOTSUPP for a unicode stroke (it has no scan code).
 */
int hvx_kbd_stroke_bytes(u16 make_code, u32 info, u8 out[HVX_KBD_STROKE_MAX])
{
	int n = 0;

	if (info & HVX_KBD_UNICODE)
		return -EOPNOTSUPP;
	if (!make_code || make_code > 0x7f || make_code == 0x60 || make_code == 0x61 ||
	    (info & (HVX_KBD_E0 | HVX_KBD_E1)) == (HVX_KBD_E0 | HVX_KBD_E1))
		return -EINVAL;
	if (info & HVX_KBD_E0)
		out[n++] = 0xe0;
	else if (info & HVX_KBD_E1)
		out[n++] = 0xe1;
	out[n++] = make_code | (info & HVX_KBD_BREAK ? 0x80 : 0);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_kbd_stroke_bytes);

/* The PS/2 keyboard commands atkbd uses, and what a keyboard answers. */
static const struct {
	u8 cmd;
	u8 has_param;		/* a parameter byte follows, acknowledged too */
	u8 nreply;		/* bytes after the acknowledgment */
	u8 reply[2];
} ps2_commands[] = {
	{ 0xed, 1 },				/* set LEDs */
	{ 0xf0, 1 },				/* select scan code set */
	{ 0xf3, 1 },				/* set typematic rate */
	{ 0xf2, 0, 2, { 0xab, 0x41 } },		/* identify: MF2, translated */
	{ 0xf4 }, { 0xf5 }, { 0xf6 },		/* enable, disable, defaults */
	{ 0xf7 }, { 0xf8 }, { 0xf9 }, { 0xfa },	/* set-3 key modes */
	{ 0xff, 0, 1, { 0xaa } },		/* reset: self test passed */
};

/**
 * hvx_kbd_ps2_write() - a keyboard's answer to a byte written to the port
 * @ps2: the command state
 * @byte: the byte atkbd wrote
 * @reply: the answer, at least HVX_KBD_PS2_REPLY_MAX bytes
 * @leds: set to the new LED bits when this byte set them, else left alone
 *
 * Return: the number of reply bytes.
 */
int hvx_kbd_ps2_write(struct hvx_kbd_ps2 *ps2, u8 byte, u8 *reply, int *leds)
{
	unsigned int i;

	if (ps2->pending) {
		if (ps2->pending == 0xed)
			*leds = byte & (HVX_KBD_LED_SCROLL | HVX_KBD_LED_NUM |
					HVX_KBD_LED_CAPS);
		ps2->pending = 0;
		reply[0] = HVX_PS2_ACK;
		return 1;
	}
	if (byte == 0xee) {		/* echo */
		reply[0] = 0xee;
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(ps2_commands); i++) {
		if (ps2_commands[i].cmd != byte)
			continue;
		if (ps2_commands[i].has_param)
			ps2->pending = byte;
		reply[0] = HVX_PS2_ACK;
		memcpy(reply + 1, ps2_commands[i].reply, ps2_commands[i].nreply);
		return 1 + ps2_commands[i].nreply;
	}
	reply[0] = HVX_PS2_RESEND;	/* what a keyboard says to a byte it does not know */
	return 1;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_kbd_ps2_write);

/* Under kbd->lock; the port is there while started. */
static void kbd_to_port(struct hvx_kbd *kbd, const u8 *bytes, int n)
{
	int i;

	if (!kbd->started)
		return;
	for (i = 0; i < n; i++)
		serio_interrupt(kbd->serio, bytes[i], 0);
}

static int kbd_send_leds(struct hvx_kbd *kbd, int leds)
{
	struct hvx_kbd_set_leds msg = {
		.hdr.type = cpu_to_le32(HVX_KBD_SET_LEDS),
		.leds = cpu_to_le16(leds),
	};

	return hvx_channel_send(kbd->ch, HVX_VMPKT_DATA_INBAND,
				HVX_VMPKT_FLAG_COMPLETION_REQUESTED, KBD_TRANS_ID,
				&msg, sizeof(msg));
}

/* serio->write: atkbd talks to "the keyboard". Any context. */
static int kbd_serio_write(struct serio *serio, u8 byte)
{
	struct hvx_kbd *kbd = serio->port_data;
	u8 reply[HVX_KBD_PS2_REPLY_MAX];
	unsigned long flags;
	int n, leds = -1, ret = 0;

	spin_lock_irqsave(&kbd->lock, flags);
	n = hvx_kbd_ps2_write(&kbd->ps2, byte, reply, &leds);
	if (leds >= 0) {
		ret = kbd_send_leds(kbd, leds);
		if (ret)
			kbd->stats.leds_failed++;
		else
			kbd->stats.leds++;
	}
	if (!ret)
		kbd_to_port(kbd, reply, n);
	spin_unlock_irqrestore(&kbd->lock, flags);
	return ret;
}

static int kbd_serio_start(struct serio *serio)
{
	struct hvx_kbd *kbd = serio->port_data;

	spin_lock_irq(&kbd->lock);
	kbd->started = true;
	spin_unlock_irq(&kbd->lock);
	return 0;
}

static void kbd_serio_stop(struct serio *serio)
{
	struct hvx_kbd *kbd = serio->port_data;

	spin_lock_irq(&kbd->lock);
	kbd->started = false;
	spin_unlock_irq(&kbd->lock);
}

/* ---- messages from the host (the channel callback, softirq) ------------ */

static void kbd_on_protocol_response(struct hvx_kbd *kbd, const void *msg)
{
	const struct hvx_kbd_protocol_response *resp = msg;

	if (!kbd->waiting) {
		kbd->stats.bad++;
		return;
	}
	kbd->waiting = false;
	kbd->protocol_status = le32_to_cpu(resp->status);
	complete(&kbd->protocol_done);
}

static void kbd_on_event(struct hvx_kbd *kbd, const void *msg)
{
	const struct hvx_kbd_keystroke *ks = msg;
	u32 info = le32_to_cpu(ks->info);
	u8 bytes[HVX_KBD_STROKE_MAX];
	int n;

	n = hvx_kbd_stroke_bytes(le16_to_cpu(ks->make_code), info, bytes);
	if (n == -EOPNOTSUPP) {
		kbd->stats.unicode++;
		return;
	}
	if (n < 0) {
		kbd->stats.bad++;
		return;
	}
	kbd->stats.strokes++;
	kbd_to_port(kbd, bytes, n);
	if (!(info & HVX_KBD_BREAK))
		pm_wakeup_hard_event(&kbd->hdev->dev);
}

static const struct {
	u32 type;
	u32 len;	/* the least a message of this type carries */
	void (*handle)(struct hvx_kbd *kbd, const void *msg);
} kbd_handlers[] = {
	{ HVX_KBD_PROTOCOL_RESPONSE, sizeof(struct hvx_kbd_protocol_response),
	  kbd_on_protocol_response },
	{ HVX_KBD_EVENT, sizeof(struct hvx_kbd_keystroke), kbd_on_event },
};

static void kbd_on_packet(struct hvx_kbd *kbd, const struct hvx_ring_pkt *pkt)
{
	const void *msg = kbd->rx + pkt->offset;
	u32 len = hvx_ring_payload_len(pkt), type;
	unsigned int i;

	if (pkt->type == HVX_VMPKT_COMP) {
		kbd->stats.completions++;
		return;
	}
	if (pkt->type != HVX_VMPKT_DATA_INBAND || len < sizeof(struct hvx_kbd_hdr)) {
		kbd->stats.bad++;
		return;
	}
	type = le32_to_cpu(((const struct hvx_kbd_hdr *)msg)->type);
	for (i = 0; i < ARRAY_SIZE(kbd_handlers); i++) {
		if (kbd_handlers[i].type == type) {
			if (len < kbd_handlers[i].len)
				break;
			kbd_handlers[i].handle(kbd, msg);
			return;
		}
	}
	kbd->stats.bad++;
}

static void kbd_callback(void *ctx)
{
	struct hvx_kbd *kbd = ctx;
	struct hvx_ring_pkt pkt;
	unsigned int n;
	int ret;

	spin_lock(&kbd->lock);
	for (n = 0; n < HVX_CHANNEL_CB_BUDGET; n++) {
		ret = hvx_channel_recv(kbd->ch, kbd->rx, sizeof(kbd->rx), &pkt);
		if (ret == -EAGAIN || ret == -EIO)
			break;
		if (ret)
			kbd->stats.bad++;	/* longer than any keyboard message */
		else
			kbd_on_packet(kbd, &pkt);
	}
	if (hvx_channel_rescinded(kbd->ch) && kbd->waiting) {
		kbd->waiting = false;
		complete(&kbd->protocol_done);
	}
	spin_unlock(&kbd->lock);
}

/* ---- probe and remove --------------------------------------------------- */

static int kbd_connect(struct hvx_kbd *kbd)
{
	struct hvx_kbd_protocol_request req = {
		.hdr.type = cpu_to_le32(HVX_KBD_PROTOCOL_REQUEST),
		.version = cpu_to_le32(HVX_KBD_VERSION_1_0),
	};
	struct device *dev = &kbd->hdev->dev;
	int ret;

	spin_lock_bh(&kbd->lock);
	kbd->waiting = true;
	spin_unlock_bh(&kbd->lock);
	ret = hvx_channel_send(kbd->ch, HVX_VMPKT_DATA_INBAND,
			       HVX_VMPKT_FLAG_COMPLETION_REQUESTED, KBD_TRANS_ID,
			       &req, sizeof(req));
	if (ret)
		return ret;
	if (!wait_for_completion_timeout(&kbd->protocol_done, KBD_PROTOCOL_TIMEOUT)) {
		dev_err(dev, "host did not answer the protocol request in %u s\n",
			KBD_PROTOCOL_TIMEOUT / HZ);
		return -ETIMEDOUT;
	}
	if (hvx_channel_rescinded(kbd->ch))
		return -ENODEV;
	if (!(kbd->protocol_status & HVX_KBD_PROTOCOL_ACCEPTED)) {
		dev_err(dev, "host refused keyboard protocol 1.0 (status %#x)\n",
			kbd->protocol_status);
		return -EPROTO;
	}
	return 0;
}

static int kbd_stats_show(struct seq_file *s, void *unused)
{
	struct hvx_kbd *kbd = s->private;
	struct hvx_kbd_stats st;

	spin_lock_bh(&kbd->lock);
	st = kbd->stats;
	spin_unlock_bh(&kbd->lock);
	seq_printf(s, "strokes %llu\nunicode %llu\nbad %llu\ncompletions %llu\n",
		   st.strokes, st.unicode, st.bad, st.completions);
	seq_printf(s, "leds %llu\nleds_failed %llu\n", st.leds, st.leds_failed);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kbd_stats);

static int kbd_probe(struct hvx_device *hdev, const struct hv_vmbus_device_id *id)
{
	struct hvx_kbd *kbd;
	struct serio *serio;
	int ret;

	kbd = kzalloc(sizeof(*kbd), GFP_KERNEL);
	serio = kzalloc(sizeof(*serio), GFP_KERNEL);
	if (!kbd || !serio) {
		ret = -ENOMEM;
		goto err_free;
	}
	kbd->hdev = hdev;
	kbd->ch = hdev->channel;
	kbd->serio = serio;
	spin_lock_init(&kbd->lock);
	init_completion(&kbd->protocol_done);

	serio->dev.parent = &hdev->dev;
	serio->id.type = SERIO_8042_XL;
	serio->port_data = kbd;
	serio->write = kbd_serio_write;
	serio->start = kbd_serio_start;
	serio->stop = kbd_serio_stop;
	strscpy(serio->name, dev_name(&hdev->dev), sizeof(serio->name));
	strscpy(serio->phys, dev_name(&hdev->dev), sizeof(serio->phys));

	ret = hvx_channel_open(kbd->ch, KBD_RING_BYTES, NULL, 0, kbd_callback, kbd);
	if (ret)
		goto err_free;
	ret = kbd_connect(kbd);
	if (ret)
		goto err_close;

	dev_set_drvdata(&hdev->dev, kbd);
	kbd->debugfs = debugfs_create_file(dev_name(&hdev->dev), 0444, kbd_debugfs_root,
					   kbd, &kbd_stats_fops);
	serio_register_port(serio);
	device_init_wakeup(&hdev->dev, true);
	return 0;

err_close:
	hvx_channel_close(kbd->ch);
err_free:
	kfree(serio);
	kfree(kbd);
	return ret;
}

static void kbd_remove(struct hvx_device *hdev)
{
	struct hvx_kbd *kbd = dev_get_drvdata(&hdev->dev);

	device_init_wakeup(&hdev->dev, false);
	/* No more strokes once the channel is closed; then the port can go. */
	hvx_channel_close(kbd->ch);
	serio_unregister_port(kbd->serio);
	debugfs_remove(kbd->debugfs);
	kfree(kbd);
}

static const struct hv_vmbus_device_id kbd_ids[] = {
	{ .guid = HVX_CLASS_KBD },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, kbd_ids);

static struct hvx_driver kbd_driver = {
	.name = HVX_NAME_KBD,
	.id_table = kbd_ids,
	.probe = kbd_probe,
	.remove = kbd_remove,
};

static int __init kbd_init(void)
{
	int ret;

	kbd_debugfs_root = debugfs_create_dir("hvx_kbd", NULL);
	ret = hvx_driver_register(&kbd_driver);
	if (ret)
		debugfs_remove(kbd_debugfs_root);
	return ret;
}

static void __exit kbd_exit(void)
{
	hvx_driver_unregister(&kbd_driver);
	debugfs_remove(kbd_debugfs_root);
}

module_init(kbd_init);
module_exit(kbd_exit);
MODULE_DESCRIPTION("hvx: Hyper-V synthetic keyboard");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVX_VERSION);
