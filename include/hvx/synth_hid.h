/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Hyper-V synthetic HID protocol (class HVX_CLASS_MOUSE), as the guest
 * driver and the simulated host both speak it. Each packet is a pipe header
 * (type DATA, size of what follows), then a SynthHID header (type, size of
 * the body), then the body. Packed: the host lays them out byte by byte.
 *
 * Sequence: the guest sends PROTOCOL_REQUEST; the host answers
 * PROTOCOL_RESPONSE, then INITIAL_DEVICE_INFO (device ids, the HID
 * descriptor, the report descriptor); the guest acknowledges it with
 * INITIAL_DEVICE_INFO_ACK; from then on the host sends INPUT_REPORTs.
 */
#ifndef _HVX_SYNTH_HID_H
#define _HVX_SYNTH_HID_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/types.h>
#endif

/* Version 2.0 (major << 16 | minor); Windows Server 2008 R2 and later. */
#define HVX_HID_VERSION_2_0	0x00020000

#define HVX_HID_PIPE_DATA	1

/* The longest report descriptor (the HID core's HID_MAX_DESCRIPTOR_SIZE). */
#define HVX_HID_MAX_DESCRIPTOR	4096

struct hvx_hid_pipe_hdr {
	__le32 type;		/* HVX_HID_PIPE_DATA */
	__le32 size;		/* bytes after this header */
} __packed;

enum hvx_hid_msg_type {
	HVX_HID_PROTOCOL_REQUEST = 0,	/* guest */
	HVX_HID_PROTOCOL_RESPONSE = 1,	/* host */
	HVX_HID_DEVICE_INFO = 2,	/* host */
	HVX_HID_DEVICE_INFO_ACK = 3,	/* guest */
	HVX_HID_INPUT_REPORT = 4,	/* host */
};

struct hvx_hid_msg_hdr {
	__le32 type;
	__le32 size;		/* bytes of body after this header */
} __packed;

struct hvx_hid_protocol_request {
	struct hvx_hid_pipe_hdr pipe;
	struct hvx_hid_msg_hdr hdr;
	__le32 version;
} __packed;

struct hvx_hid_protocol_response {
	struct hvx_hid_pipe_hdr pipe;
	struct hvx_hid_msg_hdr hdr;
	__le32 version;
	u8 approved;
} __packed;

/* The device's identity, as Hyper-V describes it. */
struct hvx_hid_dev_info {
	__le32 size;
	__le16 vendor;
	__le16 product;
	__le16 version;
	__le16 reserved[11];
} __packed;

/* A USB HID class descriptor naming one report descriptor. */
struct hvx_hid_class_desc {
	u8 length;		/* bLength: where the report descriptor starts */
	u8 desc_type;		/* HID_DT_HID */
	__le16 bcd_hid;
	u8 country;
	u8 num_desc;		/* at least 1 */
	u8 report_type;		/* HID_DT_REPORT */
	__le16 report_len;	/* bytes of report descriptor */
} __packed;

/*
 * INITIAL_DEVICE_INFO: the body is dev_info, then the class descriptor,
 * then (at class descriptor + its length) the report descriptor.
 */
struct hvx_hid_device_info {
	struct hvx_hid_pipe_hdr pipe;
	struct hvx_hid_msg_hdr hdr;
	struct hvx_hid_dev_info info;
	struct hvx_hid_class_desc desc;
} __packed;

struct hvx_hid_device_info_ack {
	struct hvx_hid_pipe_hdr pipe;
	struct hvx_hid_msg_hdr hdr;
	u8 reserved;
} __packed;

/* Any message; an INPUT_REPORT's body is hdr.size bytes of one raw HID report. */
struct hvx_hid_msg {
	struct hvx_hid_pipe_hdr pipe;
	struct hvx_hid_msg_hdr hdr;
	u8 body[];
} __packed;

static_assert(sizeof(struct hvx_hid_protocol_request) == 20);
static_assert(sizeof(struct hvx_hid_protocol_response) == 21);
static_assert(sizeof(struct hvx_hid_dev_info) == 32);
static_assert(sizeof(struct hvx_hid_class_desc) == 9);
static_assert(sizeof(struct hvx_hid_device_info) == 57);
static_assert(sizeof(struct hvx_hid_device_info_ack) == 17);

#endif /* _HVX_SYNTH_HID_H */
