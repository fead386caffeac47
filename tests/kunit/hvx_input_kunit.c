// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the input drivers' pure parts: the key stroke to port
 * byte translation over the whole set-1 table, the PS/2 keyboard answers
 * atkbd gets, and the SynthHID device info checks for every malformed length.
 */
#include <kunit/test.h>
#include <linux/hid.h>
#include <linux/module.h>
#include <hvx/input.h>
#include <hvx/synth_hid.h>
#include <hvx/synth_kbd.h>

/* ---- key strokes -------------------------------------------------------- */

struct stroke_case {
	const char *name;
	u16 code;
	u32 info;
	int n;		/* bytes, or -errno */
	u8 bytes[HVX_KBD_STROKE_MAX];
};

static const struct stroke_case stroke_cases[] = {
	{ "A down", 0x1e, 0, 1, { 0x1e } },
	{ "A up", 0x1e, HVX_KBD_BREAK, 1, { 0x9e } },
	{ "Esc down", 0x01, 0, 1, { 0x01 } },
	{ "F12 up", 0x58, HVX_KBD_BREAK, 1, { 0xd8 } },
	{ "left shift up (0xaa, not a self-test result)", 0x2a, HVX_KBD_BREAK, 1, { 0xaa } },
	{ "up arrow down", 0x48, HVX_KBD_E0, 2, { 0xe0, 0x48 } },
	{ "up arrow up", 0x48, HVX_KBD_E0 | HVX_KBD_BREAK, 2, { 0xe0, 0xc8 } },
	{ "keypad enter down", 0x1c, HVX_KBD_E0, 2, { 0xe0, 0x1c } },
	{ "right ctrl up", 0x1d, HVX_KBD_E0 | HVX_KBD_BREAK, 2, { 0xe0, 0x9d } },
	{ "Pause, first half", 0x1d, HVX_KBD_E1, 2, { 0xe1, 0x1d } },
	{ "Pause, second half", 0x45, 0, 1, { 0x45 } },
	{ "Pause released, first half", 0x1d, HVX_KBD_E1 | HVX_KBD_BREAK, 2, { 0xe1, 0x9d } },
	{ "highest code", 0x7f, HVX_KBD_E0 | HVX_KBD_BREAK, 2, { 0xe0, 0xff } },
	{ "code 0", 0x00, 0, -EINVAL },
	{ "code 0x60 (release reads as E0)", 0x60, 0, -EINVAL },
	{ "code 0x61 (release reads as E1)", 0x61, HVX_KBD_E0, -EINVAL },
	{ "code 0x80 (reads as a release)", 0x80, 0, -EINVAL },
	{ "code 0x1e1e", 0x1e1e, 0, -EINVAL },
	{ "E0 and E1 at once", 0x1d, HVX_KBD_E0 | HVX_KBD_E1, -EINVAL },
	{ "unicode", 0x00e9, HVX_KBD_UNICODE, -EOPNOTSUPP },
	{ "unicode that looks like a scan code", 0x1e, HVX_KBD_UNICODE, -EOPNOTSUPP },
};

static void stroke_case_desc(const struct stroke_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(stroke, stroke_cases, stroke_case_desc);

static void kbd_stroke_vectors(struct kunit *test)
{
	const struct stroke_case *c = test->param_value;
	u8 out[HVX_KBD_STROKE_MAX] = {};
	int n = hvx_kbd_stroke_bytes(c->code, c->info, out);

	KUNIT_ASSERT_EQ(test, n, c->n);
	if (n > 0)
		KUNIT_EXPECT_MEMEQ(test, out, c->bytes, n);
}

/* Every make code with every prefix, pressed and released. */
static void kbd_stroke_whole_table(struct kunit *test)
{
	static const u32 prefixes[] = { 0, HVX_KBD_E0, HVX_KBD_E1 };
	unsigned int code, p, brk;

	for (code = 0; code <= 0xffff; code++) {
		bool valid = code >= 0x01 && code <= 0x7f && code != 0x60 && code != 0x61;

		for (p = 0; p < ARRAY_SIZE(prefixes); p++) {
			for (brk = 0; brk < 2; brk++) {
				u32 info = prefixes[p] | (brk ? HVX_KBD_BREAK : 0);
				u8 out[HVX_KBD_STROKE_MAX] = {}, want = code | (brk ? 0x80 : 0);
				int n = hvx_kbd_stroke_bytes(code, info, out);

				if (!valid) {
					KUNIT_ASSERT_EQ_MSG(test, n, -EINVAL, "code %#x", code);
					continue;
				}
				KUNIT_ASSERT_EQ_MSG(test, n, p ? 2 : 1, "code %#x", code);
				if (p)
					KUNIT_ASSERT_EQ(test, out[0], p == 1 ? 0xe0 : 0xe1);
				KUNIT_ASSERT_EQ_MSG(test, out[n - 1], want, "code %#x", code);
			}
		}
	}
}

/* ---- the PS/2 keyboard atkbd talks to ----------------------------------- */

/* Write @n bytes; return the concatenated replies' length in @reply. */
static int ps2_talk(struct hvx_kbd_ps2 *ps2, const u8 *bytes, int n, u8 *reply, int *leds)
{
	int i, len = 0;

	for (i = 0; i < n; i++)
		len += hvx_kbd_ps2_write(ps2, bytes[i], reply + len, leds);
	return len;
}

struct ps2_case {
	const char *name;
	u8 in[2];
	int nin;
	u8 out[6];
	int nout;
	int leds;	/* -1: untouched */
};

static const struct ps2_case ps2_cases[] = {
	{ "identify: MF2 keyboard, translated", { 0xf2 }, 1, { 0xfa, 0xab, 0x41 }, 3, -1 },
	{ "set LEDs: caps", { 0xed, 0x04 }, 2, { 0xfa, 0xfa }, 2, HVX_KBD_LED_CAPS },
	{ "set LEDs: all", { 0xed, 0x07 }, 2, { 0xfa, 0xfa }, 2, 7 },
	{ "set LEDs: none", { 0xed, 0x00 }, 2, { 0xfa, 0xfa }, 2, 0 },
	{ "set LEDs: unknown bits dropped", { 0xed, 0xfa }, 2, { 0xfa, 0xfa }, 2, 2 },
	{ "typematic rate: not LEDs", { 0xf3, 0x07 }, 2, { 0xfa, 0xfa }, 2, -1 },
	{ "scan set: not LEDs", { 0xf0, 0x02 }, 2, { 0xfa, 0xfa }, 2, -1 },
	{ "enable", { 0xf4 }, 1, { 0xfa }, 1, -1 },
	{ "reset to defaults and disable", { 0xf5 }, 1, { 0xfa }, 1, -1 },
	{ "reset: self test passed", { 0xff }, 1, { 0xfa, 0xaa }, 2, -1 },
	{ "echo", { 0xee }, 1, { 0xee }, 1, -1 },
	{ "unknown byte: resend", { 0x12 }, 1, { 0xfe }, 1, -1 },
	{ "two commands", { 0xf4, 0xf2 }, 2, { 0xfa, 0xfa, 0xab, 0x41 }, 4, -1 },
};

static void ps2_case_desc(const struct ps2_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ps2, ps2_cases, ps2_case_desc);

static void kbd_ps2_answers(struct kunit *test)
{
	const struct ps2_case *c = test->param_value;
	struct hvx_kbd_ps2 ps2 = {};
	u8 reply[2 * HVX_KBD_PS2_REPLY_MAX];
	int leds = -1;

	KUNIT_ASSERT_EQ(test, ps2_talk(&ps2, c->in, c->nin, reply, &leds), c->nout);
	KUNIT_EXPECT_MEMEQ(test, reply, c->out, c->nout);
	KUNIT_EXPECT_EQ(test, leds, c->leds);
	KUNIT_EXPECT_EQ(test, ps2.pending, 0);
}

/* A parameter byte is taken as one even when it looks like a command. */
static void kbd_ps2_param_not_command(struct kunit *test)
{
	struct hvx_kbd_ps2 ps2 = {};
	u8 reply[HVX_KBD_PS2_REPLY_MAX];
	int leds = -1;

	KUNIT_EXPECT_EQ(test, hvx_kbd_ps2_write(&ps2, 0xf3, reply, &leds), 1);
	KUNIT_EXPECT_EQ(test, hvx_kbd_ps2_write(&ps2, 0xf2, reply, &leds), 1);
	KUNIT_EXPECT_EQ(test, reply[0], HVX_PS2_ACK);
	KUNIT_EXPECT_EQ(test, leds, -1);
	KUNIT_EXPECT_EQ(test, hvx_kbd_ps2_write(&ps2, 0xf2, reply, &leds), 3);
}

static struct kunit_case hvx_kbd_cases[] = {
	KUNIT_CASE_PARAM(kbd_stroke_vectors, stroke_gen_params),
	KUNIT_CASE(kbd_stroke_whole_table),
	KUNIT_CASE_PARAM(kbd_ps2_answers, ps2_gen_params),
	KUNIT_CASE(kbd_ps2_param_not_command),
	{}
};

static struct kunit_suite hvx_kbd_suite = {
	.name = "hvx_kbd",
	.test_cases = hvx_kbd_cases,
};

/* ---- SynthHID device info ----------------------------------------------- */

#define REPORT_LEN	20
#define INFO_LEN	(sizeof(struct hvx_hid_dev_info) + 9 + REPORT_LEN)

/* A valid body: ids, a 9-byte HID descriptor, REPORT_LEN bytes 0xa0.. */
static u32 hid_info_build(u8 *body, u8 desc_len, u16 report_len)
{
	struct hvx_hid_dev_info *dev = (void *)body;
	struct hvx_hid_class_desc *desc = (void *)(dev + 1);
	u8 *rd = (u8 *)desc + desc_len;
	u32 i;

	memset(body, 0, sizeof(*dev) + max_t(u32, desc_len, sizeof(*desc)));
	dev->size = cpu_to_le32(sizeof(*dev));
	dev->vendor = cpu_to_le16(0x045e);
	dev->product = cpu_to_le16(0x0621);
	dev->version = cpu_to_le16(0x0001);
	desc->length = desc_len;
	desc->desc_type = 0x21;
	desc->num_desc = 1;
	desc->report_type = 0x22;
	desc->report_len = cpu_to_le16(report_len);
	for (i = 0; i < REPORT_LEN; i++)
		rd[i] = 0xa0 + i;
	return sizeof(*dev) + desc_len + REPORT_LEN;
}

static void hid_info_valid(struct kunit *test)
{
	u8 body[INFO_LEN + 16];
	struct hvx_hid_info info = {};
	u32 len = hid_info_build(body, 9, REPORT_LEN);

	KUNIT_ASSERT_EQ(test, len, INFO_LEN);
	KUNIT_ASSERT_EQ(test, hvx_hid_parse_device_info(body, len, &info), 0);
	KUNIT_EXPECT_EQ(test, info.vendor, 0x045e);
	KUNIT_EXPECT_EQ(test, info.product, 0x0621);
	KUNIT_EXPECT_EQ(test, info.version, 1);
	KUNIT_EXPECT_PTR_EQ(test, info.report_desc, (const u8 *)body + 32 + 9);
	KUNIT_EXPECT_EQ(test, info.report_len, REPORT_LEN);
	KUNIT_EXPECT_EQ(test, info.report_desc[0], 0xa0);
	/* Trailing bytes after the report descriptor are allowed. */
	KUNIT_EXPECT_EQ(test, hvx_hid_parse_device_info(body, len + 16, &info), 0);
}

/* The report descriptor starts where a longer HID descriptor ends. */
static void hid_info_long_hid_descriptor(struct kunit *test)
{
	u8 body[INFO_LEN + 6];
	struct hvx_hid_info info = {};
	u32 len = hid_info_build(body, 15, REPORT_LEN);

	KUNIT_ASSERT_EQ(test, hvx_hid_parse_device_info(body, len, &info), 0);
	KUNIT_EXPECT_PTR_EQ(test, info.report_desc, (const u8 *)body + 32 + 15);
	KUNIT_EXPECT_EQ(test, info.report_desc[REPORT_LEN - 1], 0xa0 + REPORT_LEN - 1);
}

/* Every body shorter than the whole description is refused. */
static void hid_info_every_short_length(struct kunit *test)
{
	u8 body[INFO_LEN];
	struct hvx_hid_info info;
	u32 len = hid_info_build(body, 9, REPORT_LEN), n;

	for (n = 0; n < len; n++)
		KUNIT_EXPECT_EQ_MSG(test, hvx_hid_parse_device_info(body, n, &info),
				    -EBADMSG, "length %u", n);
}

/* Every HID descriptor length below its own size or past the body. */
static void hid_info_every_bad_desc_length(struct kunit *test)
{
	u8 body[INFO_LEN + 300];
	struct hvx_hid_info info;
	u32 len;
	int l;

	for (l = 0; l < 256; l++) {
		len = hid_info_build(body, l, REPORT_LEN);
		if (l >= 9)
			KUNIT_EXPECT_EQ_MSG(test, hvx_hid_parse_device_info(body, len, &info),
					    0, "bLength %d", l);
		else
			KUNIT_EXPECT_EQ_MSG(test, hvx_hid_parse_device_info(body, len, &info),
					    -EBADMSG, "bLength %d", l);
		/* The same descriptor in a body that ends right after it. */
		if (l >= 9)
			KUNIT_EXPECT_EQ_MSG(test,
					    hvx_hid_parse_device_info(body, 32 + l - 1, &info),
					    -EBADMSG, "bLength %d past the body", l);
	}
}

/* Every report descriptor length: 1..what the body holds, nothing else. */
static void hid_info_every_report_length(struct kunit *test)
{
	u8 body[INFO_LEN];
	struct hvx_hid_info info;
	u32 len = hid_info_build(body, 9, REPORT_LEN), r;

	for (r = 0; r <= 0xffff; r++) {
		int want = r >= 1 && r <= REPORT_LEN ? 0 : -EBADMSG;

		hid_info_build(body, 9, r);
		KUNIT_ASSERT_EQ_MSG(test, hvx_hid_parse_device_info(body, len, &info), want,
				    "wDescriptorLength %u", r);
	}
}

static void hid_info_no_descriptors(struct kunit *test)
{
	u8 body[INFO_LEN];
	struct hvx_hid_info info;
	u32 len = hid_info_build(body, 9, REPORT_LEN);

	body[32 + 5] = 0;	/* bNumDescriptors */
	KUNIT_EXPECT_EQ(test, hvx_hid_parse_device_info(body, len, &info), -EBADMSG);
}

/* Larger than any HID report descriptor may be, even when the body holds it. */
static void hid_info_report_too_large(struct kunit *test)
{
	u32 room = sizeof(struct hvx_hid_dev_info) + 9 + HID_MAX_DESCRIPTOR_SIZE + 1;
	struct hvx_hid_info info;
	u8 *body = kunit_kzalloc(test, room, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, body);
	hid_info_build(body, 9, HID_MAX_DESCRIPTOR_SIZE);
	KUNIT_EXPECT_EQ(test, hvx_hid_parse_device_info(body, room, &info), 0);
	hid_info_build(body, 9, HID_MAX_DESCRIPTOR_SIZE + 1);
	KUNIT_EXPECT_EQ(test, hvx_hid_parse_device_info(body, room, &info), -EBADMSG);
}

static struct kunit_case hvx_hid_cases[] = {
	KUNIT_CASE(hid_info_valid),
	KUNIT_CASE(hid_info_long_hid_descriptor),
	KUNIT_CASE(hid_info_every_short_length),
	KUNIT_CASE(hid_info_every_bad_desc_length),
	KUNIT_CASE(hid_info_every_report_length),
	KUNIT_CASE(hid_info_no_descriptors),
	KUNIT_CASE(hid_info_report_too_large),
	{}
};

static struct kunit_suite hvx_hid_suite = {
	.name = "hvx_mouse_device_info",
	.test_cases = hvx_hid_cases,
};

kunit_test_suites(&hvx_kbd_suite, &hvx_hid_suite);

MODULE_DESCRIPTION("KUnit tests for hvx_kbd and hvx_mouse");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
