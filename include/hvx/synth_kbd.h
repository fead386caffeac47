/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Hyper-V synthetic keyboard protocol (class HVX_CLASS_KBD), as the
 * guest driver and the simulated host both speak it. Every message starts
 * with a little-endian u32 type; the guest sends inband packets that ask
 * for a completion, the host sends inband packets.
 */
#ifndef _HVX_SYNTH_KBD_H
#define _HVX_SYNTH_KBD_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>
#endif

/* Version 1.0 (major << 16 | minor), the only one; Windows 8 and later. */
#define HVX_KBD_VERSION_1_0	0x00010000

#define HVX_KBD_MAX_MSG		256	/* the largest message either side sends */

enum hvx_kbd_msg_type {
	HVX_KBD_PROTOCOL_REQUEST = 1,	/* guest: the version it speaks */
	HVX_KBD_PROTOCOL_RESPONSE = 2,	/* host: accepted or not */
	HVX_KBD_EVENT = 3,		/* host: one key stroke */
	HVX_KBD_SET_LEDS = 4,		/* guest: the lock LEDs to show */
};

struct hvx_kbd_hdr {
	__le32 type;
};

struct hvx_kbd_protocol_request {
	struct hvx_kbd_hdr hdr;
	__le32 version;
};

#define HVX_KBD_PROTOCOL_ACCEPTED	BIT(0)

struct hvx_kbd_protocol_response {
	struct hvx_kbd_hdr hdr;
	__le32 status;
};

/* Key stroke info bits */
#define HVX_KBD_UNICODE		BIT(0)	/* make_code is a UTF-16 unit, not a scan code */
#define HVX_KBD_BREAK		BIT(1)	/* key released */
#define HVX_KBD_E0		BIT(2)	/* scan code has the 0xe0 prefix */
#define HVX_KBD_E1		BIT(3)	/* scan code has the 0xe1 prefix (Pause) */

struct hvx_kbd_keystroke {
	struct hvx_kbd_hdr hdr;
	__le16 make_code;	/* set-1 make code, 0x01-0x7f */
	__le16 reserved;
	__le32 info;
};

/* LED bits, as Windows' KEYBOARD_*_LOCK_ON (and as a PS/2 keyboard's 0xed). */
#define HVX_KBD_LED_SCROLL	BIT(0)
#define HVX_KBD_LED_NUM		BIT(1)
#define HVX_KBD_LED_CAPS	BIT(2)

struct hvx_kbd_set_leds {
	struct hvx_kbd_hdr hdr;
	__le16 leds;
	__le16 reserved;	/* the host's structure is padded to 8 bytes */
};

static_assert(sizeof(struct hvx_kbd_protocol_request) == 8);
static_assert(sizeof(struct hvx_kbd_protocol_response) == 8);
static_assert(sizeof(struct hvx_kbd_keystroke) == 12);
static_assert(sizeof(struct hvx_kbd_set_leds) == 8);

#endif /* _HVX_SYNTH_KBD_H */
