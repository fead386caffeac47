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

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#endif

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
#define HVX_OID_GEN_RSS_CAPABILITIES		0x00010203	/* query: hvx_ndis_rss_caps */
#define HVX_OID_GEN_RSS_PARAMETERS		0x00010204	/* set: hvx_ndis_rss_params */
#define HVX_OID_GEN_RNDIS_CONFIG_PARAMETER	0x0001021b	/* set: hvx_rndis_config_param */
#define HVX_OID_802_3_PERMANENT_ADDRESS		0x01010101
#define HVX_OID_802_3_CURRENT_ADDRESS		0x01010102
#define HVX_OID_TCP_OFFLOAD_PARAMETERS		0xfc01020c	/* set: hvx_ndis_offload_params */
#define HVX_OID_TCP_OFFLOAD_HW_CAPS		0xfc01020d	/* query: hvx_ndis_offload */

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

/* Per-packet info types; each entry's data is one little-endian u32. */
#define HVX_RNDIS_PPI_CSUM		0	/* TCPIP_CHKSUM: HVX_PPI_CSUM_* */
#define HVX_RNDIS_PPI_LSO		2	/* TCP_LARGESEND: HVX_PPI_LSO_* */
#define HVX_RNDIS_PPI_IEEE_8021Q	6	/* priority 0-2, CFI 3, VLAN id 4-15 */
#define HVX_RNDIS_PPI_HASH		8	/* NBL_HASH_VALUE: the flow's RSS hash */

/*
 * TCPIP_CHKSUM on a sent frame: the checksums the host fills in. The
 * guest leaves the pseudo-header sum (length included) in the TCP or UDP
 * checksum field, as for CHECKSUM_PARTIAL.
 */
#define HVX_PPI_CSUM_TX_IPV4		0x1
#define HVX_PPI_CSUM_TX_IPV6		0x2
#define HVX_PPI_CSUM_TX_TCP		0x4
#define HVX_PPI_CSUM_TX_UDP		0x8
#define HVX_PPI_CSUM_TX_IP_HDR		0x10
#define HVX_PPI_CSUM_TX_L4_SHIFT	16	/* 10 bits: where TCP/UDP starts in the frame */
/* ... on a received frame: what the host checked. */
#define HVX_PPI_CSUM_RX_TCP_FAILED	0x1
#define HVX_PPI_CSUM_RX_UDP_FAILED	0x2
#define HVX_PPI_CSUM_RX_IP_FAILED	0x4
#define HVX_PPI_CSUM_RX_TCP_OK		0x8
#define HVX_PPI_CSUM_RX_UDP_OK		0x10
#define HVX_PPI_CSUM_RX_IP_OK		0x20

/*
 * TCP_LARGESEND (LSOv2): the host cuts the TCP payload into MSS-sized
 * segments, each with its own IP length, IPv4 id (+1 per segment) and
 * header checksum, sequence number and TCP checksum; FIN and PSH stay on
 * the last segment, CWR on the first. The guest sends IPv4 total length
 * (IPv6 payload length) 0 and the pseudo-header sum without the length in
 * the TCP checksum field.
 */
#define HVX_PPI_LSO_MSS_MASK		0xfffff	/* bits 0-19 */
#define HVX_PPI_LSO_TCP_SHIFT		20	/* 10 bits: where TCP starts in the frame */
#define HVX_PPI_LSO_V2			0x40000000
#define HVX_PPI_LSO_IPV6		0x80000000

/* The header hvx puts in front of each frame it sends. */
#define HVX_RNDIS_PACKET_HDR	(sizeof(struct hvx_rndis_hdr) + sizeof(struct hvx_rndis_packet))

/* The largest header hvx sends: checksum or LSO, VLAN and hash entries. */
#define HVX_RNDIS_PPI_ENTRY	(sizeof(struct hvx_rndis_ppi) + sizeof(__le32))
#define HVX_RNDIS_TX_HDR_MAX	(HVX_RNDIS_PACKET_HDR + 4 * HVX_RNDIS_PPI_ENTRY)

/* NDIS objects in information buffers start with this header. */
struct hvx_ndis_object_header {
	u8 type;
	u8 revision;
	__le16 size;
} __packed;

#define HVX_NDIS_OBJECT_DEFAULT		0x80	/* type of the offload parameters */
#define HVX_NDIS_OBJECT_OFFLOAD		0xa7	/* type of the offload capabilities */

/*
 * OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES: the guest queries with the
 * header alone (revision 3 and the full size from NVSP 5, revision 2 and
 * HVX_NDIS_OFFLOAD_SIZE_6_1 from NVSP 4, else 1 and _6_0); the host answers
 * at least HVX_NDIS_OFFLOAD_SIZE_6_0 bytes.
 */
struct hvx_ndis_offload {
	struct hvx_ndis_object_header header;
	__le32 ip4_tx_encap;
	__le32 ip4_tx_csum;		/* HVX_NDIS_CSUM_* */
	__le32 ip4_rx_encap;
	__le32 ip4_rx_csum;
	__le32 ip6_tx_encap;
	__le32 ip6_tx_csum;
	__le32 ip6_rx_encap;
	__le32 ip6_rx_csum;
	__le32 lsov1[4];
	__le32 ipsecv1[7];
	__le32 lsov2_ip4_encap;		/* HVX_NDIS_ENCAP_8023: LSOv2 for IPv4 */
	__le32 lsov2_ip4_max_size;
	__le32 lsov2_ip4_min_segs;
	__le32 lsov2_ip6_encap;
	__le32 lsov2_ip6_max_size;
	__le32 lsov2_ip6_min_segs;
	__le32 lsov2_ip6_opts;		/* HVX_NDIS_LSOV2_IP6_* */
	__le32 flags;
	u8 ipsecv2[32];			/* NDIS 6.1 */
	u8 rsc_ip4;			/* NDIS 6.30 */
	u8 rsc_ip6;
	u8 reserved[2];
	__le32 encap_gre[2];
} __packed;

#define HVX_NDIS_OFFLOAD_SIZE_6_0	offsetof(struct hvx_ndis_offload, ipsecv2)
#define HVX_NDIS_OFFLOAD_SIZE_6_1	offsetof(struct hvx_ndis_offload, rsc_ip4)

#define HVX_NDIS_ENCAP_8023		0x2
#define HVX_NDIS_CSUM_IP_OPTS		0x1	/* IPv4 options, IPv6 extension headers */
#define HVX_NDIS_CSUM_TCP_OPTS		0x4
#define HVX_NDIS_CSUM_TCP		0x10
#define HVX_NDIS_CSUM_UDP		0x40
#define HVX_NDIS_CSUM_IP4_HDR		0x100
#define HVX_NDIS_LSOV2_IP6_EXT		0x1
#define HVX_NDIS_LSOV2_IP6_TCP_OPTS	0x4

/* OID_TCP_OFFLOAD_PARAMETERS: type DEFAULT, revision 3; 22 bytes up to NVSP 4. */
struct hvx_ndis_offload_params {
	struct hvx_ndis_object_header header;
	u8 ip4_csum;			/* HVX_NDIS_OFFLOAD_* */
	u8 tcp4_csum;
	u8 udp4_csum;
	u8 tcp6_csum;
	u8 udp6_csum;
	u8 lsov1;
	u8 ipsecv1;
	u8 lsov2_ip4;			/* HVX_NDIS_LSOV2_* */
	u8 lsov2_ip6;
	u8 tcp_conn_ip4;
	u8 tcp_conn_ip6;
	u8 reserved;
	__le32 flags;
	u8 ipsecv2;
	u8 ipsecv2_ip4;
	u8 rsc_ip4;
	u8 rsc_ip6;
	u8 encap_offload;
	u8 encap_types;
	u8 reserved2[2];
} __packed;

#define HVX_NDIS_OFFLOAD_PARAMS_SIZE_V4	22
#define HVX_NDIS_OFFLOAD_NO_CHANGE	0
#define HVX_NDIS_OFFLOAD_DISABLED	1
#define HVX_NDIS_OFFLOAD_TX		2	/* transmit on, receive off */
#define HVX_NDIS_OFFLOAD_RX		3
#define HVX_NDIS_OFFLOAD_TX_RX		4
#define HVX_NDIS_LSOV2_DISABLED		1
#define HVX_NDIS_LSOV2_ENABLED		2

/*
 * Receive-side scaling. The guest queries the capabilities (the header
 * alone, type RSS_CAPS, revision 2, 18 bytes); a host with two queues or
 * more can spread received frames over the sub-channels: the guest sets a
 * Toeplitz key and an indirection table of channel numbers, and the host
 * sends each frame on the channel table[hash % entries] names, the hash
 * in the frame's HASH per-packet info.
 */
#define HVX_NDIS_OBJECT_RSS_CAPS	0x88
#define HVX_NDIS_OBJECT_RSS_PARAMS	0x89
#define HVX_NDIS_RSS_REVISION		2

struct hvx_ndis_rss_caps {
	struct hvx_ndis_object_header header;
	__le32 flags;			/* HVX_NDIS_RSS_CAPS_* */
	__le32 nr_interrupts;
	__le32 nr_queues;
	__le16 nr_table_entries;	/* 0: the default, HVX_RSS_TABLE_DEFAULT */
} __packed;

#define HVX_NDIS_RSS_CAPS_TCP4		0x100
#define HVX_NDIS_RSS_CAPS_TCP6		0x200
#define HVX_NDIS_RSS_CAPS_TCP6_EX	0x400

/*
 * The parameters: this header, then the table (table_size bytes of u32
 * entries) and the key, each at its offset from the header's start.
 */
struct hvx_ndis_rss_params {
	struct hvx_ndis_object_header header;
	__le16 flags;			/* HVX_NDIS_RSS_FLAG_* */
	__le16 base_cpu;
	__le32 hash_info;		/* HVX_NDIS_HASH_* */
	__le16 table_size;		/* bytes */
	__le16 reserved1;
	__le32 table_offset;
	__le16 key_size;		/* bytes: HVX_RSS_KEY_LEN */
	__le16 reserved2;
	__le32 key_offset;
	__le32 cpu_masks_offset;
	__le32 nr_cpu_masks;
	__le32 cpu_mask_size;
} __packed;

#define HVX_NDIS_RSS_FLAG_DISABLE	0x10	/* the rest is ignored: all on the primary */
#define HVX_NDIS_HASH_TOEPLITZ		0x1
#define HVX_NDIS_HASH_IPV4		0x100	/* addresses */
#define HVX_NDIS_HASH_TCP_IPV4		0x200	/* addresses and ports */
#define HVX_NDIS_HASH_IPV6		0x400
#define HVX_NDIS_HASH_TCP_IPV6		0x1000
#define HVX_RSS_KEY_LEN			40
#define HVX_RSS_TABLE_DEFAULT		128
#define HVX_RSS_TABLE_MAX		256

static_assert(sizeof(struct hvx_ndis_rss_caps) == 18);
static_assert(sizeof(struct hvx_ndis_rss_params) == 40);
static_assert(sizeof(struct hvx_ndis_offload) == 156);
static_assert(HVX_NDIS_OFFLOAD_SIZE_6_0 == 112);
static_assert(HVX_NDIS_OFFLOAD_SIZE_6_1 == 144);
static_assert(sizeof(struct hvx_ndis_offload_params) == 28);
static_assert(offsetof(struct hvx_ndis_offload_params, flags) == 16);
static_assert(sizeof(struct hvx_rndis_init_complete) == 44);
static_assert(sizeof(struct hvx_rndis_packet) == 36);
static_assert(sizeof(struct hvx_rndis_ppi) == 12);
static_assert(HVX_RNDIS_PACKET_HDR == 44);

/*
 * OID_GEN_RNDIS_CONFIG_PARAMETER: a named setting, name and value in
 * UTF-16LE after this header (offsets from its start). hvx sets one:
 * "NetworkAddress", a string of 12 lowercase hex digits, the new MAC.
 */
struct hvx_rndis_config_param {
	__le32 name_offset;
	__le32 name_len;		/* bytes */
	__le32 type;			/* HVX_RNDIS_CONFIG_STRING */
	__le32 value_offset;
	__le32 value_len;
} __packed;

#define HVX_RNDIS_CONFIG_STRING		2
#define HVX_RNDIS_MAC_PARAM_LEN		(sizeof(struct hvx_rndis_config_param) + 2 * 14 + 2 * 12)

/* hvx_netvsc's pure helpers (drivers/net/rndis.c) */
struct hvx_rndis_rx {
	u32 data_offset;		/* of the frame, from the message start */
	u32 data_len;
	bool vlan;			/* an 802.1Q PPI was there */
	u16 vlan_tci;
	bool csum;			/* a checksum PPI was there */
	u32 csum_info;			/* HVX_PPI_CSUM_RX_* */
	bool hash;			/* a hash PPI was there */
	u32 hash_value;
};

/* What a sent frame asks of the host: its per-packet info. */
struct hvx_rndis_tx {
	u32 csum;			/* HVX_PPI_CSUM_TX_*, 0: none */
	u32 lso;			/* HVX_PPI_LSO_*, 0: none */
	bool vlan;
	u16 vlan_tci;
	bool hash;
	u32 hash_value;
};

int hvx_rndis_check(const void *msg, u32 len, u32 *type);
int hvx_rndis_parse_packet(const void *msg, u32 len, u32 avail, struct hvx_rndis_rx *rx);
int hvx_rndis_parse_query_complete(const void *msg, u32 len, u32 *status,
				   const void **buf, u32 *buflen);
int hvx_rndis_parse_indicate(const void *msg, u32 len, u32 *status, const void **buf,
			     u32 *buflen);
u32 hvx_rndis_packet_hdr_len(const struct hvx_rndis_tx *tx);
u32 hvx_rndis_build_packet(void *hdr, u32 data_len, const struct hvx_rndis_tx *tx);
u32 hvx_rndis_build_mac_param(void *buf, const u8 *mac);
u32 hvx_rndis_build_request(void *buf, u32 type, u32 req_id, u32 oid, const void *info,
			    u32 info_len);
u32 hvx_rndis_build_rss_params(void *buf, u32 hash_info, const u32 *table, u32 entries,
			       const u8 *key);
int hvx_nvsp_parse_send_table(const void *msg, u32 len, u32 nvsp_version, u8 *table);

#endif /* _HVX_RNDIS_H */
