/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NVSP, the network VSP's protocol on a network channel, as the guest
 * driver (hvx_netvsc) and the simulated host both speak it. Every message
 * is struct hvx_nvsp_msg (40 bytes, little-endian): a type and a body.
 *
 * Bring-up, guest to host, each answered unless noted: INIT (one version
 * at a time, newest first), NDIS_CONFIG and NDIS_VERSION (not answered),
 * SEND_RECV_BUF (the receive buffer's GPADL, id 0xCAFE; the host answers
 * with its one section), SEND_SEND_BUF (the send buffer's GPADL, id 0; the
 * host answers with its section size).
 *
 * Data: RNDIS messages ride in SEND_RNDIS_PKT. Guest to host: an inband
 * packet (completion requested) whose RNDIS bytes sit in a send-buffer
 * section, or in guest pages (GPA direct, section index NONE); the host
 * completes it with a COMP packet carrying SEND_RNDIS_PKT_COMPLETE. Host to
 * guest: an XFER_PAGES packet (pageset 0xCAFE) whose ranges are RNDIS
 * messages in the receive buffer; the guest completes it with a COMP
 * packet, same transaction id, carrying SEND_RNDIS_PKT_COMPLETE, which
 * gives the ranges back to the host.
 */
#ifndef _HVX_NVSP_H
#define _HVX_NVSP_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/types.h>
#endif

#define HVX_NVSP_VERSION_1	0x00002
#define HVX_NVSP_VERSION_2	0x30002
#define HVX_NVSP_VERSION_4	0x40000
#define HVX_NVSP_VERSION_5	0x50000
#define HVX_NVSP_VERSION_6	0x60000
#define HVX_NVSP_VERSION_61	0x60001

enum hvx_nvsp_type {
	HVX_NVSP_INIT = 1,
	HVX_NVSP_INIT_COMPLETE = 2,
	HVX_NVSP_NDIS_VERSION = 100,
	HVX_NVSP_SEND_RECV_BUF = 101,
	HVX_NVSP_SEND_RECV_BUF_COMPLETE = 102,
	HVX_NVSP_REVOKE_RECV_BUF = 103,
	HVX_NVSP_SEND_SEND_BUF = 104,
	HVX_NVSP_SEND_SEND_BUF_COMPLETE = 105,
	HVX_NVSP_REVOKE_SEND_BUF = 106,
	HVX_NVSP_SEND_RNDIS_PKT = 107,
	HVX_NVSP_SEND_RNDIS_PKT_COMPLETE = 108,
	HVX_NVSP_NDIS_CONFIG = 125,
	HVX_NVSP_SUBCHANNEL = 133,		/* NVSP 5: request and its answer */
	HVX_NVSP_SEND_INDIRECTION_TABLE = 134,	/* NVSP 5: host to guest, not answered */
};

enum hvx_nvsp_status {
	HVX_NVSP_STAT_NONE = 0,
	HVX_NVSP_STAT_SUCCESS = 1,
	HVX_NVSP_STAT_FAIL = 2,
};

#define HVX_NVSP_RECV_BUF_ID	0xcafe	/* also the XFER_PAGES pageset id */
#define HVX_NVSP_SEND_BUF_ID	0
#define HVX_NVSP_NO_SECTION	0xffffffff
#define HVX_NVSP_CHANNEL_DATA	0
#define HVX_NVSP_CHANNEL_CONTROL	1

/* SUBCHANNEL op */
#define HVX_NVSP_SUBCHANNEL_ALLOCATE	1

/*
 * SEND_INDIRECTION_TABLE: HVX_NVSP_SEND_TABLE_SIZE u32 channel numbers, the
 * host's choice of channel for each (hash % 16) of the frames the guest
 * sends, at send_table.offset from the message's start. Hosts up to NVSP 6
 * put a wrong offset there: the table is right after the 40-byte message.
 */
#define HVX_NVSP_SEND_TABLE_SIZE	16
#define HVX_NVSP_SEND_TABLE_OFFSET	40

/* NDIS_CONFIG capabilities */
#define HVX_NVSP_CAP_IEEE8021Q	BIT_ULL(3)

struct hvx_nvsp_recv_section {
	__le32 offset;
	__le32 sub_alloc_size;
	__le32 num_sub_allocs;
	__le32 end_offset;
} __packed;

struct hvx_nvsp_msg {
	__le32 type;
	union {
		struct {
			__le32 min_version;
			__le32 max_version;
		} __packed init;
		struct {
			__le32 version;
			__le32 max_mdl_chain_len;
			__le32 status;
		} __packed init_complete;
		struct {
			__le32 major;
			__le32 minor;
		} __packed ndis_version;
		struct {
			__le32 mtu;		/* the MTU plus the Ethernet header */
			__le32 reserved;
			__le64 capabilities;
		} __packed ndis_config;
		struct {
			__le32 gpadl;
			__le16 id;
		} __packed send_buf;		/* SEND_RECV_BUF and SEND_SEND_BUF */
		struct {
			__le32 status;
			__le32 num_sections;
			struct hvx_nvsp_recv_section sections[1];
		} __packed recv_buf_complete;
		struct {
			__le32 status;
			__le32 section_size;
		} __packed send_buf_complete;
		struct {
			__le16 id;
		} __packed revoke;
		struct {
			__le32 channel_type;
			__le32 section_index;
			__le32 section_size;
		} __packed rndis_pkt;
		struct {
			__le32 status;
		} __packed rndis_pkt_complete;
		struct {
			__le32 op;		/* HVX_NVSP_SUBCHANNEL_ALLOCATE */
			__le32 count;		/* sub-channels wanted */
		} __packed subchannel;
		struct {
			__le32 status;
			__le32 count;		/* sub-channels granted, at most those wanted */
		} __packed subchannel_complete;
		struct {
			__le32 count;
			__le32 offset;
		} __packed send_table;
		u8 raw[36];
	};
} __packed;

static_assert(sizeof(struct hvx_nvsp_msg) == 40);

#endif /* _HVX_NVSP_H */
