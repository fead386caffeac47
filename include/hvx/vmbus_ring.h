/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMBus ring buffer and ring packet wire formats, as Hyper-V defines them.
 *
 * A channel owns two rings, one per direction. Each ring is a 4 KiB header
 * page followed by the data area. Indices are byte offsets into the data
 * area; every packet is a 16-byte descriptor, its payload padded to 8 bytes,
 * and an 8-byte trailer. All fields are little-endian.
 */
#ifndef _HVX_VMBUS_RING_H
#define _HVX_VMBUS_RING_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#endif
#include <hvx/compat.h>

#define HVX_RING_HEADER_SIZE		4096
#define HVX_RING_TRAILER_SIZE		8
#define HVX_RING_ALIGN			8

/* feature_bits: the consumer honours pending_send_sz (signals a blocked producer). */
#define HVX_RING_FEAT_PENDING_SEND_SZ	0x1

struct hvx_ring_header {
	__le32 write_index;	/* written only by the producer */
	__le32 read_index;	/* written only by the consumer */
	__le32 interrupt_mask;	/* consumer: "don't signal me, I'm draining" */
	__le32 pending_send_sz;	/* producer: "signal me when this much is free" */
	__le32 reserved1[12];
	__le32 feature_bits;
	u8 reserved2[HVX_RING_HEADER_SIZE - 68];
};

static_assert(sizeof(struct hvx_ring_header) == HVX_RING_HEADER_SIZE);
static_assert(offsetof(struct hvx_ring_header, pending_send_sz) == 12);
static_assert(offsetof(struct hvx_ring_header, feature_bits) == 64);

enum hvx_vmpacket_type {
	HVX_VMPKT_INVALID		= 0x0,
	HVX_VMPKT_SYNCH			= 0x1,
	HVX_VMPKT_ADD_XFER_PAGESET	= 0x2,
	HVX_VMPKT_RM_XFER_PAGESET	= 0x3,
	HVX_VMPKT_ESTABLISH_GPADL	= 0x4,
	HVX_VMPKT_TEARDOWN_GPADL	= 0x5,
	HVX_VMPKT_DATA_INBAND		= 0x6,
	HVX_VMPKT_DATA_USING_XFER_PAGES	= 0x7,
	HVX_VMPKT_DATA_USING_GPADL	= 0x8,
	HVX_VMPKT_DATA_USING_GPA_DIRECT	= 0x9,
	HVX_VMPKT_CANCEL_REQUEST	= 0xa,
	HVX_VMPKT_COMP			= 0xb,
	HVX_VMPKT_DATA_USING_ADDITIONAL_PKT = 0xc,
	HVX_VMPKT_ADDITIONAL_DATA	= 0xd,
};

#define HVX_VMPKT_FLAG_COMPLETION_REQUESTED	0x1

/* Every packet starts with this descriptor. Lengths are in 8-byte units. */
struct hvx_vmpacket_desc {
	__le16 type;
	__le16 offset8;		/* payload offset from the descriptor start */
	__le16 len8;		/* whole packet, descriptor included, trailer excluded */
	__le16 flags;
	__le64 trans_id;
};

static_assert(sizeof(struct hvx_vmpacket_desc) == 16);

/* DATA_USING_XFER_PAGES: ranges point into a receive buffer the guest registered. */
struct hvx_xfer_page_range {
	__le32 byte_count;
	__le32 byte_offset;
};

struct hvx_xfer_page_packet {
	struct hvx_vmpacket_desc desc;
	__le16 xfer_pageset_id;
	u8 sender_owns_set;
	u8 reserved;
	__le32 range_count;
	struct hvx_xfer_page_range ranges[] __counted_by_le(range_count);
};

static_assert(sizeof(struct hvx_xfer_page_packet) == 24);

/*
 * DATA_USING_GPA_DIRECT: after the descriptor, range_count ranges, each a
 * struct hvx_gpa_range followed by one PFN per 4 KiB page it touches, then
 * the inband payload at offset8 * 8.
 */
struct hvx_gpa_direct_hdr {
	struct hvx_vmpacket_desc desc;
	__le32 reserved;
	__le32 range_count;
};

/* A range: DIV_ROUND_UP(byte_offset + byte_count, 4096) PFNs follow it. */
struct hvx_gpa_range {
	__le32 byte_count;
	__le32 byte_offset;	/* into the first page, below 4096 */
};

static_assert(sizeof(struct hvx_gpa_direct_hdr) == 24);
static_assert(sizeof(struct hvx_gpa_range) == 8);

/* The one-range form (a request's data buffer). */
struct hvx_gpa_direct_single {
	struct hvx_vmpacket_desc desc;
	__le32 reserved;
	__le32 range_count;	/* 1 */
	__le32 byte_count;
	__le32 byte_offset;	/* into the first page */
};

static_assert(sizeof(struct hvx_gpa_direct_single) == 32);

#define HVX_GPA_PAGE_SIZE	4096U

#endif /* _HVX_VMBUS_RING_H */
