/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure parts of hvx_sim's network backend (sim/net_offload.c),
 * exported to its KUnit suite: the per-packet info of a frame the guest
 * sends, and the offloads it asks for, done as NIC hardware does them.
 */
#ifndef _HVX_SIM_NET_H
#define _HVX_SIM_NET_H

#include <linux/sizes.h>
#include <linux/types.h>

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

#define SIM_NET_LSO_MAX_PAYLOAD	SZ_64K
#define SIM_NET_L4_HEAD		128	/* enough of a frame for sim_net_find_l4() */

int sim_net_parse_ppi(const u8 *body, u32 len, struct sim_net_ppi *ppi);
u16 sim_net_vlan_tci(u32 ndis);
int sim_net_csum_tx(u8 *frame, u32 len, u32 info);
int sim_net_lso_parse(const u8 *frame, u32 len, u32 info, struct sim_net_lso *lso);
u32 sim_net_lso_segment(const struct sim_net_lso *lso, const u8 *frame, u32 i, u8 *out);
int sim_net_find_l4(const u8 *frame, u32 len, struct sim_net_l4 *l4);

#endif /* _HVX_SIM_NET_H */
