/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RNDIS, the messages inside NVSP's SEND_RNDIS_PKT, as hvx_netvsc and the
 * simulated host both speak them. Every message is a header (type, length
 * of the whole message) and a body; requests and their completions carry
 * a request id. Offsets in a body count from the body's first field (the
 * request id, or for PACKET its data_offset field, right after the header).
 * All little-endian.
 */
#ifndef _HVX_RNDIS_H
#define _HVX_RNDIS_H

#include <linux/build_bug.h>
#include <linux/types.h>

enum hvx_rndis_type {
	HVX_RNDIS_PACKET = 0x1,
	HVX_RNDIS_INIT = 0x2,
	HVX_RNDIS_HALT = 0x3,
	HVX_RNDIS_QUERY = 0x4,
	HVX_RNDIS_SET = 0x5,
	HVX_RNDIS_RESET = 0x6,
	HVX_RNDIS_INDICATE = 0x7,
	HVX_RNDIS_KEEPALIVE = 0x8,
};

#define HVX_RNDIS_COMPLETION	0x80000000	/* type | this: the answer */

/* Status */
#define HVX_RNDIS_STATUS_SUCCESS		0x00000000
#define HVX_RNDIS_STATUS_FAILURE		0xc0000001
#define HVX_RNDIS_STATUS_NOT_SUPPORTED		0xc00000bb
#define HVX_RNDIS_STATUS_MEDIA_CONNECT		0x4001000b
#define HVX_RNDIS_STATUS_MEDIA_DISCONNECT	0x4001000c
#define HVX_RNDIS_STATUS_LINK_SPEED_CHANGE	0x40010013
#define HVX_RNDIS_STATUS_NETWORK_CHANGE		0x40010018

/* OIDs */
#define HVX_OID_GEN_MAXIMUM_FRAME_SIZE		0x00010106
#define HVX_OID_GEN_LINK_SPEED			0x00010107
#define HVX_OID_GEN_CURRENT_PACKET_FILTER	0x0001010e
#define HVX_OID_GEN_MEDIA_CONNECT_STATUS	0x00010114
#define HVX_OID_802_3_PERMANENT_ADDRESS		0x01010101
#define HVX_OID_802_3_CURRENT_ADDRESS		0x01010102

/* Packet filter */
#define HVX_RNDIS_FILTER_DIRECTED	0x01
#define HVX_RNDIS_FILTER_MULTICAST	0x02
#define HVX_RNDIS_FILTER_ALL_MULTICAST	0x04
#define HVX_RNDIS_FILTER_BROADCAST	0x08
#define HVX_RNDIS_FILTER_PROMISCUOUS	0x20

/* MEDIA_CONNECT_STATUS */
#define HVX_RNDIS_MEDIA_CONNECTED	0
#define HVX_RNDIS_MEDIA_DISCONNECTED	1

struct hvx_rndis_hdr {
	__le32 type;
	__le32 len;			/* the whole message, header included */
} __packed;

struct hvx_rndis_init {
	__le32 req_id;
	__le32 major;
	__le32 minor;
	__le32 max_xfer_size;
} __packed;

struct hvx_rndis_init_complete {
	__le32 req_id;
	__le32 status;
	__le32 major;
	__le32 minor;
	__le32 dev_flags;
	__le32 medium;
	__le32 max_pkt_per_msg;
	__le32 max_xfer_size;
	__le32 pkt_align_factor;
	__le32 af_list_offset;
	__le32 af_list_size;
} __packed;

/* QUERY and SET; the information buffer follows (its offset from req_id). */
struct hvx_rndis_query {
	__le32 req_id;
	__le32 oid;
	__le32 info_buflen;
	__le32 info_buf_offset;
	__le32 dev_vc_handle;
} __packed;

struct hvx_rndis_query_complete {
	__le32 req_id;
	__le32 status;
	__le32 info_buflen;
	__le32 info_buf_offset;
} __packed;

/* SET_C, RESET_C (without req_id's meaning), KEEPALIVE_C */
struct hvx_rndis_complete {
	__le32 req_id;
	__le32 status;
} __packed;

struct hvx_rndis_indicate {
	__le32 status;
	__le32 status_buflen;
	__le32 status_buf_offset;	/* from status */
} __packed;

struct hvx_rndis_keepalive {
	__le32 req_id;
} __packed;

/* PACKET: offsets count from data_offset's own position. */
struct hvx_rndis_packet {
	__le32 data_offset;
	__le32 data_len;
	__le32 oob_data_offset;
	__le32 oob_data_len;
	__le32 num_oob_data_elements;
	__le32 ppi_offset;
	__le32 ppi_len;
	__le32 vc_handle;
	__le32 reserved;
} __packed;

/* A per-packet info entry; its data at ppi_offset from the entry's start. */
struct hvx_rndis_ppi {
	__le32 size;			/* the entry, data included */
	__le32 type;
	__le32 ppi_offset;
} __packed;

#define HVX_RNDIS_PPI_IEEE_8021Q	6

/* The header hvx puts in front of each frame it sends. */
#define HVX_RNDIS_PACKET_HDR	(sizeof(struct hvx_rndis_hdr) + sizeof(struct hvx_rndis_packet))

static_assert(sizeof(struct hvx_rndis_init_complete) == 44);
static_assert(sizeof(struct hvx_rndis_packet) == 36);
static_assert(sizeof(struct hvx_rndis_ppi) == 12);
static_assert(HVX_RNDIS_PACKET_HDR == 44);

/* hvx_netvsc's pure helpers (drivers/net/rndis.c) */
struct hvx_rndis_rx {
	u32 data_offset;		/* of the frame, from the message start */
	u32 data_len;
	bool vlan;			/* an 802.1Q PPI was there */
	u16 vlan_tci;
};

int hvx_rndis_check(const void *msg, u32 len, u32 *type);
int hvx_rndis_parse_packet(const void *msg, u32 len, u32 avail, struct hvx_rndis_rx *rx);
int hvx_rndis_parse_query_complete(const void *msg, u32 len, u32 *status,
				   const void **buf, u32 *buflen);
int hvx_rndis_parse_indicate(const void *msg, u32 len, u32 *status, const void **buf,
			     u32 *buflen);
u32 hvx_rndis_build_packet(void *hdr, u32 data_len);
u32 hvx_rndis_build_request(void *buf, u32 type, u32 req_id, u32 oid, const void *info,
			    u32 info_len);

#endif /* _HVX_RNDIS_H */
