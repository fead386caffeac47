/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure parts of hvx_sim's network backend (sim/net_offload.c),
 * exported to its KUnit suite: the per-packet info of a frame the guest
 * sends, and the offloads it asks for, done as NIC hardware does them;
 * receive-side scaling: the guest's parameters, and the Toeplitz hash.
 */
#ifndef _HVX_SIM_NET_H
#define _HVX_SIM_NET_H

#include <linux/sizes.h>
#include <linux/types.h>
#include <hvx/rndis.h>

/* What a PACKET's per-packet info asks of the host. */
struct sim_net_ppi {
	u32 seen;		/* BIT(HVX_RNDIS_PPI_*) of each entry found */
	u32 csum;		/* HVX_PPI_CSUM_TX_* */
	u32 lso;		/* HVX_PPI_LSO_* */
	u32 vlan;		/* NDIS: priority 0-2, CFI 3, VLAN id 4-15 */
};

/* An LSOv2 frame, checked: the headers every segment repeats, and its cuts. */
struct sim_net_lso {
	u32 len;		/* the frame */
	u32 mss;
	u32 tcp;		/* where TCP starts */
	u32 ip_hlen;		/* the IPv4 header's length, 0 for IPv6 */
	u32 hdr_len;		/* the headers, through TCP's */
	u32 nsegs;
	bool ipv6;
};

/* Where a frame's TCP or UDP header and its checksum field are. */
struct sim_net_l4 {
	u8 proto;		/* IPPROTO_TCP or IPPROTO_UDP */
	bool ipv6;
	u32 start;
	u32 check;		/* the checksum field's offset in the frame */
};

/* The RSS parameters the guest set (OID_GEN_RSS_PARAMETERS), checked. */
struct sim_net_rss {
	bool on;
	u32 hash_info;		/* HVX_NDIS_HASH_* */
	u32 entries;		/* of the table: a power of two */
	u8 key[HVX_RSS_KEY_LEN];
	u8 table[HVX_RSS_TABLE_MAX];	/* channel numbers: 0 the primary, n sub-channel n */
};

#define SIM_NET_LSO_MAX_PAYLOAD	SZ_64K
#define SIM_NET_L4_HEAD		128	/* enough of a frame for sim_net_find_l4() */
#define SIM_NET_RSS_HEAD	64	/* ... and for sim_net_rss_input() */
#define SIM_NET_RSS_INPUT_MAX	36	/* a hash input: IPv6 addresses and TCP ports */

int sim_net_parse_ppi(const u8 *body, u32 len, struct sim_net_ppi *ppi);
u16 sim_net_vlan_tci(u32 ndis);
int sim_net_csum_tx(u8 *frame, u32 len, u32 info);
int sim_net_lso_parse(const u8 *frame, u32 len, u32 info, struct sim_net_lso *lso);
u32 sim_net_lso_segment(const struct sim_net_lso *lso, const u8 *frame, u32 i, u8 *out);
int sim_net_find_l4(const u8 *frame, u32 len, struct sim_net_l4 *l4);
u32 sim_net_toeplitz(const u8 *key, u32 key_len, const u8 *data, u32 len);
int sim_net_rss_input(const u8 *frame, u32 len, u32 hash_info, u8 *out, u32 *out_len);
int sim_net_rss_parse(const u8 *info, u32 len, u32 channels, struct sim_net_rss *rss);

#endif /* _HVX_SIM_NET_H */
