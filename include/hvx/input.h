/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure parts of the input drivers (hvx_kbd, hvx_mouse), exported to
 * their KUnit suite.
 */
#ifndef _HVX_INPUT_H
#define _HVX_INPUT_H

#ifdef __KERNEL__
#include <linux/types.h>
#endif

struct hvx_hid_class_desc;
struct hvx_hid_dev_info;

/* ---- hvx_kbd ---- */

#define HVX_KBD_STROKE_MAX	2	/* prefix + code */
#define HVX_KBD_PS2_REPLY_MAX	3	/* acknowledgment + two id bytes */
#define HVX_PS2_ACK		0xfa
#define HVX_PS2_RESEND		0xfe

/* What the emulated keyboard remembers between the bytes atkbd writes. */
struct hvx_kbd_ps2 {
	u8 pending;		/* a command waiting for its parameter, or 0 */
};

int hvx_kbd_stroke_bytes(u16 make_code, u32 info, u8 out[HVX_KBD_STROKE_MAX]);
int hvx_kbd_ps2_write(struct hvx_kbd_ps2 *ps2, u8 byte, u8 *reply, int *leds);

/* ---- hvx_mouse ---- */

/* What a valid INITIAL_DEVICE_INFO body describes. */
struct hvx_hid_info {
	u16 vendor;
	u16 product;
	u16 version;
	const struct hvx_hid_class_desc *desc;	/* in the checked body */
	const u8 *report_desc;			/* in the checked body */
	u32 report_len;
};

int hvx_hid_parse_device_info(const u8 *body, u32 len, struct hvx_hid_info *info);

#endif /* _HVX_INPUT_H */
