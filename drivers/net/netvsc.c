// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_netvsc: Hyper-V's synthetic network adapter as an Ethernet netdev.
 *
 * Bring-up (process context, one control request at a time, each bounded
 * by ctrl_timeout_s): NVSP INIT from 6.1 down to 2, NDIS_CONFIG and
 * NDIS_VERSION, the receive buffer's GPADL (SEND_RECV_BUF), the send
 * buffer's (SEND_SEND_BUF), then RNDIS INIT and the queries: MAC, largest
 * frame, link state and speed.
 *
 * Queues: one per channel, the primary's (queue 0, which also carries every
 * control request) and its sub-channels', each with its own NAPI, sends in
 * flight and counters. From NVSP 5 on, a host that does RSS grants
 * sub-channels (SUBCHANNEL) and offers them; each is opened as it comes
 * (netvsc_queues_work()), and the RSS key and indirection table then spread
 * received frames over the open queues. The host's send table picks the
 * queue of a sent frame. The buffers are shared: sections are taken by any
 * queue, and a receive range is completed on the channel it came on.
 *
 * Data path, in each queue's NAPI: a frame goes to the host in a
 * send-buffer section (copied) when it fits one, else by GPA direct from
 * the skb itself; the host's completion frees the section or the skb. The
 * host's XFER_PAGES packets name RNDIS messages in the receive buffer:
 * each is copied out before it is checked (the host shares that memory),
 * frames go up through GRO, control answers to the waiting request, status
 * indications to the carrier; then the packet is completed so the host
 * can reuse the ranges. Whatever the host sends that does not add up is
 * dropped and counted, never trusted.
 */
#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ethtool.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip6_checksum.h>
#include <linux/seq_file.h>
#include <linux/u64_stats_sync.h>
#include <linux/vmalloc.h>
#include <hvx/compat.h>
#include <hvx/drop_in.h>
#include <hvx/nvsp.h>
#include <hvx/rndis.h>
#include <hvx/rqstor.h>
#include <hvx/vmbus.h>
#include <hvx/vmbus_classes.h>

static unsigned int ring_kb = 128;
module_param(ring_kb, uint, 0444);
MODULE_PARM_DESC(ring_kb, "Ring size per direction, KiB (default 128)");

static unsigned int recv_buf_kb = 2048;
module_param(recv_buf_kb, uint, 0444);
MODULE_PARM_DESC(recv_buf_kb, "Receive buffer the host writes frames into, KiB (default 2048)");

static unsigned int send_buf_kb = 1024;
module_param(send_buf_kb, uint, 0444);
MODULE_PARM_DESC(send_buf_kb, "Send buffer frames are copied into, KiB (default 1024)");

static unsigned int max_queues = 16;
module_param(max_queues, uint, 0444);
MODULE_PARM_DESC(max_queues, "Most queues (channels) per device, 1-64 (default 16); also capped by online CPUs and the host");

static unsigned int ctrl_timeout_s = 10;
module_param(ctrl_timeout_s, uint, 0644);
MODULE_PARM_DESC(ctrl_timeout_s, "Seconds to wait for the host to answer a control request (1-3600)");

static const u32 nvsp_versions[] = {
	HVX_NVSP_VERSION_61, HVX_NVSP_VERSION_6, HVX_NVSP_VERSION_5, HVX_NVSP_VERSION_4,
	HVX_NVSP_VERSION_2,
};

#define NETVSC_CTRL_ID		(U64_MAX - 1)	/* the id of NVSP control requests */
#define NETVSC_SENDS		1024		/* sends in flight, per queue */
#define NETVSC_MAX_QUEUES	64
#define NETVSC_RX_MAX		(16 * 1024)	/* the largest packet the host sends */
#define NETVSC_CTRL_MAX		256		/* the largest control answer kept */
#define NETVSC_MIN_MTU		68
#define NETVSC_COMPLETIONS	512		/* XFER_PAGES completions waiting for room */
/*
 * A GPA-direct send's page list: a frame of at most 64 KiB (the LSO size is
 * capped below that) in the linear part and MAX_SKB_FRAGS fragments: one
 * word per range, 16 pages, and one more page per range it straddles.
 */
#define NETVSC_GPA_WORDS	(2 * (MAX_SKB_FRAGS + 1) + SZ_64K / HVX_GPA_PAGE_SIZE)
#define NETVSC_L4_MAX		0x3ff		/* the furthest TCP/UDP header the host finds */
#define NETVSC_TSO_MAX		62780		/* LSO size when the host names none */
#define NETVSC_RECV_BUF_MIN	SZ_256K		/* ethtool -G bounds */
#define NETVSC_RECV_BUF_MAX	SZ_16M
#define NETVSC_SEND_BUF_MIN	SZ_64K
#define NETVSC_SEND_BUF_MAX	(15 * SZ_1M)
/* A send cookie: a section (bit 0 set) or the skb sent from its own pages. */
#define NETVSC_SECTION_COOKIE(n)	((u64)(n) << 1 | 1)

struct netvsc_stats {
	u64 packets;
	u64 bytes;
	struct u64_stats_sync syncp;
};

/* One channel's queue: NAPI, its sends in flight and its counters. */
struct netvsc_queue {
	struct netvsc *nv;
	struct hvx_channel *ch;		/* NULL while closed */
	u16 index;
	bool closing;			/* set under the queue's xmit lock: no more sends */
	struct napi_struct napi;
	struct hvx_rqstor sends;	/* ids of sends in flight */

	/* NAPI's: completions the ring had no room for, sent before reading on. */
	u64 *completions;
	u32 nr_completions;

	struct netvsc_stats rx;		/* NAPI's */
	struct netvsc_stats tx;		/* the transmit queue's (counted when sent) */
	u64 rx_dropped, tx_dropped, tx_busy;
	u64 tx_lso, tx_csum_help, rx_csum_ok, rx_csum_bad;
	u64 bad_packets, bad_rndis, bad_completions, ring_full;
	u8 rx_pkt[NETVSC_RX_MAX];	/* NAPI's copy of one packet */
	u8 rx_msg[HVX_RNDIS_PACKET_HDR + 256];	/* a message's head, copied out */
};

struct netvsc {
	struct hvx_device *hdev;
	struct hvx_channel *ch;		/* the primary: queue 0's, and control's */
	struct net_device *ndev;
	u32 nvsp_version;
	u32 ring_bytes;			/* each direction's */
	u32 max_mtu;
	u32 link_speed;			/* in 100 bps, from the host */
	u32 tx_csum;			/* NETVSC_CSUM_*: what the host completes */

	bool up;			/* brought up: channel open, buffers given */
	u32 recv_want, send_want;	/* buffer sizes for the next bring-up */
	void *recv_buf;
	u32 recv_size;
	u32 recv_slot;			/* the host's unit in it, for ethtool -g */
	u32 recv_gpadl;
	void *send_buf;
	u32 send_size;
	u32 send_gpadl;
	u32 section_size;
	u32 nr_sections;
	unsigned long *sections;	/* in use */
	DECLARE_BITMAP(section_wait, NETVSC_MAX_QUEUES);	/* queues stopped for one */

	/*
	 * Queues: allocated when first opened, kept until remove. Queue i runs
	 * on sub-channel i (the primary for 0) once the host offered it; the
	 * first nr_queues are open and are the netdev's queues. RTNL.
	 */
	struct netvsc_queue *queues[NETVSC_MAX_QUEUES];
	u32 nr_queues;
	u32 want_queues;		/* ethtool -L, for the next bring-up */
	u32 host_queues;		/* the host's RSS queues, 1: none */
	u32 granted;			/* sub-channels the host granted */
	struct hvx_channel *subs[NETVSC_MAX_QUEUES];	/* offered sub-channels, by index */
	u8 send_table[HVX_NVSP_SEND_TABLE_SIZE];	/* the host's queue per tx hash */
	bool send_table_valid;
	u32 rss_hash;			/* HVX_NDIS_HASH_* in force */
	u32 rss_entries;
	u8 rss_key[HVX_RSS_KEY_LEN];
	u32 rss_table[HVX_RSS_TABLE_MAX];

	/*
	 * One control request at a time: NVSP (by id) or RNDIS (by req_id).
	 * Answers may come on any queue: ctrl_answer_lock makes taking one,
	 * copying it and completing one step, and a timed-out waiter's give-up
	 * another.
	 */
	struct mutex ctrl_lock;
	spinlock_t ctrl_answer_lock;	/* ctrl_want, ctrl_req_id, ctrl_reply, ctrl_len */
	struct completion ctrl_done;
	u32 ctrl_want;			/* the NVSP or RNDIS answer type awaited */
	u32 ctrl_req_id;
	u32 ctrl_len;
	u8 ctrl_reply[NETVSC_CTRL_MAX];
	u32 next_req_id;
	struct work_struct rx_mode_work;
	struct dentry *debugfs;
};

/* Checksums the host completes on sent frames. */
#define NETVSC_CSUM_TCP4	0x1
#define NETVSC_CSUM_UDP4	0x2
#define NETVSC_CSUM_TCP6	0x4
#define NETVSC_CSUM_UDP6	0x8

static struct dentry *netvsc_debugfs;

static void netvsc_inc(struct netvsc_stats *s, u32 bytes)
{
	u64_stats_update_begin(&s->syncp);
	s->packets++;
	s->bytes += bytes;
	u64_stats_update_end(&s->syncp);
}

/* ---- send buffer sections --------------------------------------------------- */

static int netvsc_section_get(struct netvsc *nv)
{
	u32 i;

	do {
		i = find_first_zero_bit(nv->sections, nv->nr_sections);
		if (i >= nv->nr_sections)
			return -ENOSPC;
	} while (test_and_set_bit(i, nv->sections));
	return i;
}

/*
 * A freed section wakes the queues that stopped for want of one. (They set
 * their bit, then look for a section again: one of the two sees the other.)
 */
static void netvsc_section_put(struct netvsc *nv, u32 i)
{
	u32 q;

	clear_bit(i, nv->sections);
	smp_mb__after_atomic();		/* the section free before the bits are read */
	for_each_set_bit(q, nv->section_wait, NETVSC_MAX_QUEUES)
		if (test_and_clear_bit(q, nv->section_wait))
			netif_wake_subqueue(nv->ndev, q);
}

/* ---- sending ------------------------------------------------------------------ */

/* SEND_RNDIS_PKT on queue @q for the @len RNDIS bytes in section @sec. */
static int netvsc_send_section(struct netvsc_queue *q, u32 channel_type, u32 sec, u32 len)
{
	struct hvx_nvsp_msg msg = {
		.type = cpu_to_le32(HVX_NVSP_SEND_RNDIS_PKT),
		.rndis_pkt.channel_type = cpu_to_le32(channel_type),
		.rndis_pkt.section_index = cpu_to_le32(sec),
		.rndis_pkt.section_size = cpu_to_le32(len),
	};
	u64 id, unused;
	int ret;

	ret = hvx_rqstor_get(&q->sends, NETVSC_SECTION_COOKIE(sec), &id);
	if (ret)
		return ret;
	ret = hvx_channel_send(q->ch, HVX_VMPKT_DATA_INBAND, HVX_VMPKT_FLAG_COMPLETION_REQUESTED,
			       id, &msg, sizeof(msg));
	if (ret)
		hvx_rqstor_put(&q->sends, id, &unused);
	return ret;
}

/*
 * A frame too large for a section: the host reads the RNDIS header (pushed
 * into the headroom) and the frame from the skb's own pages, one range for
 * the linear part and one per fragment. The header is taken off again
 * unless the send went out.
 */
static int netvsc_send_gpa(struct netvsc_queue *q, struct sk_buff *skb,
			   const struct hvx_rndis_tx *tx)
{
	struct hvx_nvsp_msg msg = {
		.type = cpu_to_le32(HVX_NVSP_SEND_RNDIS_PKT),
		.rndis_pkt.channel_type = cpu_to_le32(HVX_NVSP_CHANNEL_DATA),
		.rndis_pkt.section_index = cpu_to_le32(HVX_NVSP_NO_SECTION),
	};
	__le64 words[NETVSC_GPA_WORDS];
	struct hvx_gpa_list l = { .words = words, .size = ARRAY_SIZE(words) };
	u32 hdr = hvx_rndis_packet_hdr_len(tx), len = skb->len, i;
	u64 id, unused;
	int ret;

	if (skb_cow_head(skb, hdr))
		return -ENOMEM;
	hvx_rndis_build_packet(skb_push(skb, hdr), len, tx);
	ret = hvx_gpa_list_add(&l, virt_to_phys(skb->data), skb_headlen(skb));
	for (i = 0; !ret && i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		ret = hvx_gpa_list_add(&l, page_to_phys(skb_frag_page(f)) + skb_frag_off(f),
				       skb_frag_size(f));
	}
	if (!ret)
		ret = hvx_rqstor_get(&q->sends, (u64)(uintptr_t)skb, &id);
	if (!ret) {
		ret = hvx_channel_send_gpa_list(q->ch, HVX_VMPKT_FLAG_COMPLETION_REQUESTED, id,
						&l, &msg, sizeof(msg));
		if (ret)
			hvx_rqstor_put(&q->sends, id, &unused);
	}
	if (ret)
		skb_pull(skb, hdr);
	return ret;
}

/*
 * Frames stop while less than a tenth of the outbound ring is free: the
 * rest stays for the completions that give the host its receive ranges
 * back (without them it has to drop what it sends us). The host signals
 * once a fifth is free again, and NAPI wakes the queue.
 */
#define NETVSC_TX_STOP(nv)	((nv)->ring_bytes / 10)
#define NETVSC_TX_WAKE(nv)	((nv)->ring_bytes / 5)

static struct netdev_queue *netvsc_txq(struct netvsc_queue *q)
{
	return netdev_get_tx_queue(q->nv->ndev, q->index);
}

/*
 * The one pending_send_sz serves two needs: room for the queue to wake, and
 * room for the receive completions that wait. Ask for the larger.
 */
static void netvsc_want_room(struct netvsc_queue *q)
{
	u32 need = 0;

	if (netif_tx_queue_stopped(netvsc_txq(q)))
		need = NETVSC_TX_WAKE(q->nv);
	else if (q->nr_completions)
		need = sizeof(struct hvx_nvsp_msg);
	hvx_channel_want_room(q->ch, need);
}

static void netvsc_tx_throttle(struct netvsc_queue *q)
{
	if (hvx_channel_out_avail(q->ch) >= NETVSC_TX_STOP(q->nv))
		return;
	netif_tx_stop_queue(netvsc_txq(q));
	q->ring_full++;
	netvsc_want_room(q);
	/* It may have made the room before it saw the request. */
	if (hvx_channel_out_avail(q->ch) >= NETVSC_TX_WAKE(q->nv))
		netif_tx_wake_queue(netvsc_txq(q));
}

/* NAPI: room in the ring again? (A free section wakes the queue itself.) */
static void netvsc_tx_wake(struct netvsc_queue *q)
{
	if (!netif_tx_queue_stopped(netvsc_txq(q)) || test_bit(q->index, q->nv->section_wait) ||
	    hvx_channel_out_avail(q->ch) < NETVSC_TX_WAKE(q->nv))
		return;
	netif_tx_wake_queue(netvsc_txq(q));
}

/*
 * LSOv2: the host cuts the frame into gso_size segments and fills in each
 * one's lengths and checksums; it wants the lengths 0 and the pseudo-header
 * sum without them. The headers are the stack's to share: unshare first.
 */
static int netvsc_tx_lso(struct sk_buff *skb, struct hvx_rndis_tx *tx)
{
	u32 v6 = skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6 ? HVX_PPI_LSO_IPV6 : 0;
	struct tcphdr *th;

	if (skb_cow_head(skb, 0))
		return -ENOMEM;
	th = tcp_hdr(skb);
	if (v6) {
		ipv6_hdr(skb)->payload_len = 0;
		th->check = ~csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr, 0,
					     IPPROTO_TCP, 0);
	} else {
		ip_hdr(skb)->tot_len = 0;
		ip_hdr(skb)->check = 0;
		th->check = ~csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr, 0,
					       IPPROTO_TCP, 0);
	}
	tx->lso = HVX_PPI_LSO_V2 | v6 | skb_transport_offset(skb) << HVX_PPI_LSO_TCP_SHIFT |
		  skb_shinfo(skb)->gso_size;
	return 0;
}

/*
 * CHECKSUM_PARTIAL: the pseudo-header sum is in place, the host completes
 * TCP and UDP checksums it offered to; anything else is summed here.
 */
static int netvsc_tx_csum(struct netvsc_queue *q, struct sk_buff *skb, struct hvx_rndis_tx *tx)
{
	bool v4 = vlan_get_protocol(skb) == htons(ETH_P_IP);
	bool tcp = skb->csum_offset == offsetof(struct tcphdr, check);
	u32 need = v4 ? (tcp ? NETVSC_CSUM_TCP4 : NETVSC_CSUM_UDP4) :
			(tcp ? NETVSC_CSUM_TCP6 : NETVSC_CSUM_UDP6);

	if ((!tcp && skb->csum_offset != offsetof(struct udphdr, check)) ||
	    !(q->nv->tx_csum & need) || skb_checksum_start_offset(skb) > NETVSC_L4_MAX) {
		q->tx_csum_help++;
		return skb_checksum_help(skb);
	}
	tx->csum = (v4 ? HVX_PPI_CSUM_TX_IPV4 : HVX_PPI_CSUM_TX_IPV6) |
		   (tcp ? HVX_PPI_CSUM_TX_TCP : HVX_PPI_CSUM_TX_UDP) |
		   skb_checksum_start_offset(skb) << HVX_PPI_CSUM_TX_L4_SHIFT;
	return 0;
}

/* What the host must do with a frame, told in its per-packet info. */
static int netvsc_tx_info(struct netvsc_queue *q, struct sk_buff *skb, struct hvx_rndis_tx *tx)
{
	memset(tx, 0, sizeof(*tx));
	if (skb_vlan_tag_present(skb)) {
		tx->vlan = true;
		tx->vlan_tci = skb_vlan_tag_get(skb);
	}
	if (skb_is_gso(skb))
		return netvsc_tx_lso(skb, tx);
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		return netvsc_tx_csum(q, skb, tx);
	return 0;
}

/* A frame that fits a section is copied into one: the skb goes at once. */
static int netvsc_send_copy(struct netvsc_queue *q, struct sk_buff *skb,
			    const struct hvx_rndis_tx *tx)
{
	u32 hdr = hvx_rndis_packet_hdr_len(tx);
	struct netvsc *nv = q->nv;
	int sec, ret;
	void *dst;

	sec = netvsc_section_get(nv);
	if (sec < 0) {
		netif_tx_stop_queue(netvsc_txq(q));
		set_bit(q->index, nv->section_wait);
		/* A section freed before the bit was set woke no one: look again. */
		smp_mb__after_atomic();
		sec = netvsc_section_get(nv);
		if (sec < 0) {
			q->tx_busy++;
			return -EBUSY;
		}
		clear_bit(q->index, nv->section_wait);
		netif_tx_start_queue(netvsc_txq(q));
	}
	dst = nv->send_buf + sec * nv->section_size;
	hvx_rndis_build_packet(dst, skb->len, tx);
	skb_copy_bits(skb, 0, dst + hdr, skb->len);
	ret = netvsc_send_section(q, HVX_NVSP_CHANNEL_DATA, sec, hdr + skb->len);
	if (ret)
		netvsc_section_put(nv, sec);
	else
		dev_consume_skb_any(skb);
	return ret;
}

static netdev_tx_t netvsc_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct netvsc *nv = netdev_priv(ndev);
	struct netvsc_queue *q = nv->queues[skb_get_queue_mapping(skb)];
	struct hvx_rndis_tx tx;
	u32 len = skb->len;
	int ret;

	if (unlikely(q->closing)) {	/* woken while it closed */
		q->tx_dropped++;
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	ret = netvsc_tx_info(q, skb, &tx);
	if (!ret && hvx_rndis_packet_hdr_len(&tx) + len <= nv->section_size)
		ret = netvsc_send_copy(q, skb, &tx);
	else if (!ret)
		ret = netvsc_send_gpa(q, skb, &tx);
	if (!ret) {
		netvsc_inc(&q->tx, len);
		q->tx_lso += !!tx.lso;
		netvsc_tx_throttle(q);
		return NETDEV_TX_OK;	/* a GPA-direct skb is freed at its completion */
	}
	if (ret == -EBUSY)
		return NETDEV_TX_BUSY;	/* no section: the queue is stopped */
	if (ret == -EAGAIN) {	/* the throttle keeps this rare */
		netif_tx_stop_queue(netvsc_txq(q));
		q->ring_full++;
		netvsc_want_room(q);
		return NETDEV_TX_BUSY;
	}
	q->tx_dropped++;
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/* The host's send table names a queue for the flow's hash, when it sent one. */
static u16 netvsc_select_queue(struct net_device *ndev, struct sk_buff *skb,
			       struct net_device *sb_dev)
{
	struct netvsc *nv = netdev_priv(ndev);
	u32 i;

	if (READ_ONCE(nv->send_table_valid)) {
		i = READ_ONCE(nv->send_table[skb_get_hash(skb) % HVX_NVSP_SEND_TABLE_SIZE]);
		if (i < ndev->real_num_tx_queues)
			return i;
	}
	return netdev_pick_tx(ndev, skb, sb_dev);
}

/* ---- control requests ------------------------------------------------------- */

/* What the next answer must be: @want (0: none) and, for RNDIS, @req_id. */
static void netvsc_ctrl_expect(struct netvsc *nv, u32 want, u32 req_id)
{
	spin_lock_bh(&nv->ctrl_answer_lock);
	nv->ctrl_want = want;
	nv->ctrl_req_id = req_id;
	spin_unlock_bh(&nv->ctrl_answer_lock);
}

static int netvsc_ctrl_wait(struct netvsc *nv)
{
	unsigned int secs = clamp(READ_ONCE(ctrl_timeout_s), 1U, 3600U);

	if (!wait_for_completion_timeout(&nv->ctrl_done, secs * HZ)) {
		netvsc_ctrl_expect(nv, 0, 0);
		/* An answer taken just before is complete now: not the next one's. */
		reinit_completion(&nv->ctrl_done);
		dev_err(&nv->hdev->dev, "the host did not answer in %u s\n", secs);
		return -ETIMEDOUT;
	}
	return hvx_channel_rescinded(nv->ch) ? -ENODEV : 0;
}

/* An NVSP request; the host's answer of type @want lands in ctrl_reply. */
static int netvsc_nvsp_request(struct netvsc *nv, const struct hvx_nvsp_msg *msg, u32 want)
{
	int ret;

	reinit_completion(&nv->ctrl_done);
	netvsc_ctrl_expect(nv, want, U32_MAX);
	ret = hvx_channel_send(nv->ch, HVX_VMPKT_DATA_INBAND,
			       want ? HVX_VMPKT_FLAG_COMPLETION_REQUESTED : 0, NETVSC_CTRL_ID,
			       msg, sizeof(*msg));
	if (ret || !want) {
		netvsc_ctrl_expect(nv, 0, 0);
		return ret;
	}
	return netvsc_ctrl_wait(nv);
}

/*
 * An RNDIS request through a send-buffer section; its completion (type |
 * COMPLETION, same req_id) lands in ctrl_reply. HALT has none.
 */
static int netvsc_rndis_request(struct netvsc *nv, u32 type, u32 oid, const void *info,
				u32 info_len)
{
	u32 req_id = ++nv->next_req_id, want = type | HVX_RNDIS_COMPLETION, len;
	int sec, ret;

	if (HVX_RNDIS_PACKET_HDR + info_len > nv->section_size)
		return -EINVAL;
	sec = netvsc_section_get(nv);
	if (sec < 0)
		return sec;
	len = hvx_rndis_build_request(nv->send_buf + sec * nv->section_size, type, req_id, oid,
				      info, info_len);
	reinit_completion(&nv->ctrl_done);
	netvsc_ctrl_expect(nv, type == HVX_RNDIS_HALT ? 0 : want, req_id);
	ret = netvsc_send_section(nv->queues[0], HVX_NVSP_CHANNEL_CONTROL, sec, len);
	if (ret) {
		netvsc_section_put(nv, sec);
		netvsc_ctrl_expect(nv, 0, 0);
		return ret;
	}
	return type == HVX_RNDIS_HALT ? 0 : netvsc_ctrl_wait(nv);
}

/*
 * QUERY @oid, with @in_len bytes of @in for the host to go by: between @min
 * and *@len bytes of answer into @val, *@len set to how many.
 */
static int netvsc_query_buf(struct netvsc *nv, u32 oid, const void *in, u32 in_len, void *val,
			    u32 min, u32 *len)
{
	const void *buf;
	u32 status, n;
	int ret;

	mutex_lock(&nv->ctrl_lock);
	ret = netvsc_rndis_request(nv, HVX_RNDIS_QUERY, oid, in, in_len);
	if (!ret)
		ret = hvx_rndis_parse_query_complete(nv->ctrl_reply, nv->ctrl_len, &status, &buf,
						     &n);
	if (!ret && (status != HVX_RNDIS_STATUS_SUCCESS || n < min || n > *len))
		ret = -EIO;
	if (!ret) {
		memcpy(val, buf, n);
		*len = n;
	}
	mutex_unlock(&nv->ctrl_lock);
	return ret;
}

/* QUERY @oid: exactly @len bytes of answer into @val. */
static int netvsc_query(struct netvsc *nv, u32 oid, void *val, u32 len)
{
	return netvsc_query_buf(nv, oid, NULL, 0, val, len, &len);
}

static int netvsc_set(struct netvsc *nv, u32 oid, const void *val, u32 len)
{
	const struct hvx_rndis_complete *c = (const void *)(nv->ctrl_reply +
							    sizeof(struct hvx_rndis_hdr));
	int ret;

	mutex_lock(&nv->ctrl_lock);
	ret = netvsc_rndis_request(nv, HVX_RNDIS_SET, oid, val, len);
	if (!ret && c->status != cpu_to_le32(HVX_RNDIS_STATUS_SUCCESS))
		ret = -EIO;
	mutex_unlock(&nv->ctrl_lock);
	return ret;
}

static int netvsc_set_filter(struct netvsc *nv, u32 filter)
{
	__le32 val = cpu_to_le32(filter);

	return netvsc_set(nv, HVX_OID_GEN_CURRENT_PACKET_FILTER, &val, sizeof(val));
}

/* ---- receiving ---------------------------------------------------------------- */

/*
 * A control answer: the one awaited, by type and request id (U32_MAX for
 * NVSP). Any queue's NAPI.
 */
static void netvsc_ctrl_answer(struct netvsc_queue *q, u32 type, u32 req_id, const void *msg,
			       u32 len)
{
	struct netvsc *nv = q->nv;
	bool taken;

	spin_lock(&nv->ctrl_answer_lock);
	taken = nv->ctrl_want == type && req_id == nv->ctrl_req_id &&
		len <= sizeof(nv->ctrl_reply);
	if (taken) {
		memcpy(nv->ctrl_reply, msg, len);
		nv->ctrl_len = len;
		nv->ctrl_want = 0;
		complete(&nv->ctrl_done);
	}
	spin_unlock(&nv->ctrl_answer_lock);
	if (!taken)
		q->bad_rndis++;
}

static void netvsc_indicate(struct netvsc_queue *q, const void *msg, u32 len)
{
	struct netvsc *nv = q->nv;
	const void *buf;
	u32 status, n;

	if (hvx_rndis_parse_indicate(msg, len, &status, &buf, &n)) {
		q->bad_rndis++;
		return;
	}
	switch (status) {
	case HVX_RNDIS_STATUS_MEDIA_CONNECT:
		netif_carrier_on(nv->ndev);
		break;
	case HVX_RNDIS_STATUS_MEDIA_DISCONNECT:
		netif_carrier_off(nv->ndev);
		break;
	case HVX_RNDIS_STATUS_LINK_SPEED_CHANGE:
		if (n >= sizeof(u32))
			WRITE_ONCE(nv->link_speed, get_unaligned_le32(buf));
		break;
	}
}

/*
 * Did the host check the frame's TCP or UDP checksum and find it right?
 * A frame it found wrong goes up unmarked: the stack checks it again.
 */
static bool netvsc_rx_csum_ok(struct netvsc_queue *q, const struct hvx_rndis_rx *rx)
{
	const u32 failed = HVX_PPI_CSUM_RX_TCP_FAILED | HVX_PPI_CSUM_RX_UDP_FAILED |
			   HVX_PPI_CSUM_RX_IP_FAILED;

	if (!rx->csum || !(q->nv->ndev->features & NETIF_F_RXCSUM))
		return false;
	if (rx->csum_info & failed) {
		q->rx_csum_bad++;
		return false;
	}
	return rx->csum_info & (HVX_PPI_CSUM_RX_TCP_OK | HVX_PPI_CSUM_RX_UDP_OK);
}

/* A frame in the receive buffer: up the stack. @msg holds @head bytes of it. */
static void netvsc_rx_frame(struct netvsc_queue *q, const u8 *range, const void *msg, u32 len,
			    u32 head)
{
	struct net_device *ndev = q->nv->ndev;
	struct hvx_rndis_rx rx;
	struct sk_buff *skb;

	if (hvx_rndis_parse_packet(msg, len, head, &rx) || rx.data_len < ETH_HLEN ||
	    rx.data_len > ndev->mtu + VLAN_ETH_HLEN) {
		q->bad_rndis++;
		return;
	}
	skb = napi_alloc_skb(&q->napi, rx.data_len);
	if (!skb) {
		q->rx_dropped++;
		return;
	}
	skb_put_data(skb, range + rx.data_offset, rx.data_len);
	skb->protocol = eth_type_trans(skb, ndev);
	if (netvsc_rx_csum_ok(q, &rx)) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		q->rx_csum_ok++;
	}
	if (rx.vlan)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), rx.vlan_tci);
	if (rx.hash && (ndev->features & NETIF_F_RXHASH))
		skb_set_hash(skb, rx.hash_value, PKT_HASH_TYPE_L4);
	skb_record_rx_queue(skb, q->index);
	netvsc_inc(&q->rx, rx.data_len);
	napi_gro_receive(&q->napi, skb);
}

/*
 * One RNDIS message, @len bytes at @range in the receive buffer. Its head
 * is copied out first: the host could change the shared bytes between a
 * check and their use. (For a frame only the offsets come from the copy.)
 */
static void netvsc_rx_message(struct netvsc_queue *q, const u8 *range, u32 len)
{
	u32 head = min_t(u32, len, sizeof(q->rx_msg)), type;
	void *msg = q->rx_msg;
	int mlen;

	memcpy(msg, range, head);
	mlen = hvx_rndis_check(msg, len, &type);
	if (mlen < 0) {
		q->bad_rndis++;
		return;
	}
	if (type == HVX_RNDIS_PACKET) {
		netvsc_rx_frame(q, range, msg, mlen, head);
		return;
	}
	if ((u32)mlen > head) {		/* no control message is this long */
		q->bad_rndis++;
		return;
	}
	if (type == HVX_RNDIS_INDICATE)
		netvsc_indicate(q, msg, mlen);
	else if (type & HVX_RNDIS_COMPLETION)
		netvsc_ctrl_answer(q, type, get_unaligned_le32(msg + sizeof(struct hvx_rndis_hdr)),
				   msg, mlen);
}

/* Give an XFER_PAGES packet's ranges back; false when the ring is full. */
static bool netvsc_complete_rx(struct netvsc_queue *q, u64 id)
{
	struct hvx_nvsp_msg msg = {
		.type = cpu_to_le32(HVX_NVSP_SEND_RNDIS_PKT_COMPLETE),
		.rndis_pkt_complete.status = cpu_to_le32(HVX_NVSP_STAT_SUCCESS),
	};

	return hvx_channel_send(q->ch, HVX_VMPKT_COMP, 0, id, &msg, sizeof(msg)) != -EAGAIN;
}

/* Completions that found the ring full, oldest first; false while some remain. */
static bool netvsc_flush_completions(struct netvsc_queue *q)
{
	u32 done = 0;

	while (done < q->nr_completions && netvsc_complete_rx(q, q->completions[done]))
		done++;
	memmove(q->completions, q->completions + done,
		(q->nr_completions - done) * sizeof(*q->completions));
	q->nr_completions -= done;
	return !q->nr_completions;
}

static void netvsc_on_xfer(struct netvsc_queue *q, const struct hvx_ring_pkt *pkt)
{
	const struct hvx_xfer_page_packet *x = (const void *)q->rx_pkt;
	u32 payload = hvx_ring_payload_len(pkt), n, i, off, count;
	const struct hvx_nvsp_msg *msg = (const void *)(q->rx_pkt + pkt->offset);
	struct netvsc *nv = q->nv;

	n = le32_to_cpu(x->range_count);
	if (pkt->offset < sizeof(*x) || le16_to_cpu(x->xfer_pageset_id) != HVX_NVSP_RECV_BUF_ID ||
	    !n || n > (pkt->offset - sizeof(*x)) / sizeof(x->ranges[0]) ||
	    payload < sizeof(msg->type) ||
	    msg->type != cpu_to_le32(HVX_NVSP_SEND_RNDIS_PKT)) {
		q->bad_packets++;
		goto complete;
	}
	for (i = 0; i < n; i++) {
		off = le32_to_cpu(x->ranges[i].byte_offset);
		count = le32_to_cpu(x->ranges[i].byte_count);
		if (off > nv->recv_size || count > nv->recv_size - off) {
			q->bad_packets++;
			continue;
		}
		netvsc_rx_message(q, nv->recv_buf + off, count);
	}
complete:
	/* Even a bad packet is completed: the host gets its ranges back. */
	if (!q->nr_completions && netvsc_complete_rx(q, pkt->trans_id))
		return;
	if (q->nr_completions < NETVSC_COMPLETIONS)
		q->completions[q->nr_completions++] = pkt->trans_id;
	else
		q->bad_completions++;	/* cannot happen with a host that waits */
}

/* SEND_INDIRECTION_TABLE, on the primary: the host's queue for each tx hash. */
static void netvsc_on_send_table(struct netvsc_queue *q, const struct hvx_ring_pkt *pkt)
{
	struct netvsc *nv = q->nv;
	u8 table[HVX_NVSP_SEND_TABLE_SIZE];
	u32 i;

	if (q->index || hvx_nvsp_parse_send_table(q->rx_pkt + pkt->offset,
						  hvx_ring_payload_len(pkt), nv->nvsp_version,
						  table)) {
		q->bad_packets++;
		return;
	}
	for (i = 0; i < HVX_NVSP_SEND_TABLE_SIZE; i++)
		WRITE_ONCE(nv->send_table[i], table[i]);
	WRITE_ONCE(nv->send_table_valid, true);
}

/* The host completed a send (or answered an NVSP request). */
static void netvsc_on_completion(struct netvsc_queue *q, const struct hvx_ring_pkt *pkt)
{
	const struct hvx_nvsp_msg *msg = (const void *)(q->rx_pkt + pkt->offset);
	u32 len = hvx_ring_payload_len(pkt), type;
	struct sk_buff *skb;
	u64 cookie;

	if (len < sizeof(msg->type)) {
		q->bad_completions++;
		return;
	}
	type = le32_to_cpu(msg->type);
	if (pkt->trans_id == NETVSC_CTRL_ID) {
		/* Answers are read as whole messages: a shorter one is refused. */
		if (len < sizeof(*msg))
			q->bad_completions++;
		else
			netvsc_ctrl_answer(q, type, U32_MAX, msg, sizeof(*msg));
		return;
	}
	if (type != HVX_NVSP_SEND_RNDIS_PKT_COMPLETE ||
	    hvx_rqstor_put(&q->sends, pkt->trans_id, &cookie)) {
		q->bad_completions++;		/* unknown, stale or duplicate id */
		return;
	}
	if (cookie & 1) {
		netvsc_section_put(q->nv, cookie >> 1);
	} else {
		skb = (struct sk_buff *)(uintptr_t)cookie;
		napi_consume_skb(skb, 1);
	}
}

static void netvsc_on_packet(struct netvsc_queue *q, const struct hvx_ring_pkt *pkt)
{
	const __le32 *type = (const void *)(q->rx_pkt + pkt->offset);

	if (pkt->type == HVX_VMPKT_DATA_USING_XFER_PAGES)
		netvsc_on_xfer(q, pkt);
	else if (pkt->type == HVX_VMPKT_COMP)
		netvsc_on_completion(q, pkt);
	else if (pkt->type == HVX_VMPKT_DATA_INBAND && hvx_ring_payload_len(pkt) >= sizeof(*type) &&
		 *type == cpu_to_le32(HVX_NVSP_SEND_INDIRECTION_TABLE))
		netvsc_on_send_table(q, pkt);
	else
		q->bad_packets++;	/* nothing else is needed yet */
}

static int netvsc_poll(struct napi_struct *napi, int budget)
{
	struct netvsc_queue *q = container_of(napi, struct netvsc_queue, napi);
	struct hvx_ring_pkt pkt;
	int done = 0, ret;

	while (done < budget && netvsc_flush_completions(q)) {
		ret = hvx_channel_recv(q->ch, q->rx_pkt, sizeof(q->rx_pkt), &pkt);
		if (ret == -EAGAIN || ret == -EIO)
			break;
		done++;
		if (ret)
			q->bad_packets++;	/* -EMSGSIZE: larger than any, dropped */
		else
			netvsc_on_packet(q, &pkt);
	}
	netvsc_tx_wake(q);
	netvsc_want_room(q);
	/* A signal while we polled marked NAPI missed: it polls again. */
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

/* Softirq: the host signalled the channel (or rescinded it). */
static void netvsc_callback(void *ctx)
{
	struct netvsc_queue *q = ctx;

	if (!q->index && hvx_channel_rescinded(q->ch))
		complete(&q->nv->ctrl_done);
	napi_schedule(&q->napi);
}

/* ---- bring-up and teardown --------------------------------------------------- */

static int netvsc_nvsp_init(struct netvsc *nv)
{
	const struct hvx_nvsp_msg *r = (const void *)nv->ctrl_reply;
	struct hvx_nvsp_msg msg = { .type = cpu_to_le32(HVX_NVSP_INIT) };
	unsigned int i;
	int ret = -EPROTO;

	mutex_lock(&nv->ctrl_lock);
	for (i = 0; i < ARRAY_SIZE(nvsp_versions); i++) {
		msg.init.min_version = cpu_to_le32(nvsp_versions[i]);
		msg.init.max_version = msg.init.min_version;
		ret = netvsc_nvsp_request(nv, &msg, HVX_NVSP_INIT_COMPLETE);
		if (ret)
			break;
		if (r->init_complete.status == cpu_to_le32(HVX_NVSP_STAT_SUCCESS)) {
			nv->nvsp_version = nvsp_versions[i];
			break;
		}
		ret = -EPROTO;
	}
	mutex_unlock(&nv->ctrl_lock);
	if (ret == -EPROTO)
		dev_err(&nv->hdev->dev, "the host speaks no NVSP version from 2 to 6.1\n");
	return ret;
}

/* NDIS_CONFIG (MTU, 802.1Q) and NDIS_VERSION: the host answers neither. */
static int netvsc_ndis_announce(struct netvsc *nv)
{
	bool old = nv->nvsp_version <= HVX_NVSP_VERSION_4;
	struct hvx_nvsp_msg cfg = {
		.type = cpu_to_le32(HVX_NVSP_NDIS_CONFIG),
		.ndis_config.mtu = cpu_to_le32(nv->ndev->mtu + ETH_HLEN),
		.ndis_config.capabilities = cpu_to_le64(HVX_NVSP_CAP_IEEE8021Q),
	};
	struct hvx_nvsp_msg ver = {
		.type = cpu_to_le32(HVX_NVSP_NDIS_VERSION),
		.ndis_version.major = cpu_to_le32(6),
		.ndis_version.minor = cpu_to_le32(old ? 1 : 30),
	};
	int ret;

	mutex_lock(&nv->ctrl_lock);
	ret = netvsc_nvsp_request(nv, &cfg, 0);
	if (!ret)
		ret = netvsc_nvsp_request(nv, &ver, 0);
	mutex_unlock(&nv->ctrl_lock);
	return ret;
}

/* A buffer in a GPADL, handed over with @type; the answer is @want. */
static int netvsc_give_buffer(struct netvsc *nv, void **buf, u32 size, u32 *gpadl, u32 type,
			      u16 id, u32 want)
{
	struct hvx_nvsp_msg msg = { .type = cpu_to_le32(type) };
	int ret;

	*buf = vzalloc(size);
	if (!*buf)
		return -ENOMEM;
	ret = hvx_gpadl_create(nv->ch, *buf, size, gpadl);
	if (ret) {
		if (ret != -EBUSY)
			vfree(*buf);
		*buf = NULL;		/* -EBUSY: the host may hold it, leak it */
		return ret;
	}
	msg.send_buf.gpadl = cpu_to_le32(*gpadl);
	msg.send_buf.id = cpu_to_le16(id);
	mutex_lock(&nv->ctrl_lock);
	ret = netvsc_nvsp_request(nv, &msg, want);
	mutex_unlock(&nv->ctrl_lock);
	return ret;
}

static int netvsc_buffers(struct netvsc *nv)
{
	const struct hvx_nvsp_msg *r = (const void *)nv->ctrl_reply;
	u32 section;
	int ret;

	nv->recv_size = nv->recv_want;
	ret = netvsc_give_buffer(nv, &nv->recv_buf, nv->recv_size, &nv->recv_gpadl,
				 HVX_NVSP_SEND_RECV_BUF, HVX_NVSP_RECV_BUF_ID,
				 HVX_NVSP_SEND_RECV_BUF_COMPLETE);
	if (!ret && (r->recv_buf_complete.status != cpu_to_le32(HVX_NVSP_STAT_SUCCESS) ||
		     r->recv_buf_complete.num_sections != cpu_to_le32(1)))
		ret = -EIO;
	if (ret)
		return ret;
	nv->recv_slot = le32_to_cpu(r->recv_buf_complete.sections[0].sub_alloc_size);
	if (!nv->recv_slot || nv->recv_slot > nv->recv_size)
		nv->recv_slot = nv->recv_size;	/* only ethtool -g looks at it */
	nv->send_size = nv->send_want;
	ret = netvsc_give_buffer(nv, &nv->send_buf, nv->send_size, &nv->send_gpadl,
				 HVX_NVSP_SEND_SEND_BUF, HVX_NVSP_SEND_BUF_ID,
				 HVX_NVSP_SEND_SEND_BUF_COMPLETE);
	if (ret)
		return ret;
	if (r->send_buf_complete.status != cpu_to_le32(HVX_NVSP_STAT_SUCCESS))
		return -EIO;
	section = le32_to_cpu(r->send_buf_complete.section_size);
	if (section < HVX_RNDIS_PACKET_HDR + ETH_ZLEN || section > nv->send_size) {
		dev_err(&nv->hdev->dev, "the host's send section size %u makes no sense\n",
			section);
		return -EPROTO;
	}
	nv->nr_sections = nv->send_size / section;
	nv->sections = bitmap_zalloc(nv->nr_sections, GFP_KERNEL);
	if (!nv->sections)
		return -ENOMEM;
	/* From now on RNDIS requests may take sections (see netvsc_teardown()). */
	mutex_lock(&nv->ctrl_lock);
	nv->section_size = section;
	mutex_unlock(&nv->ctrl_lock);
	return 0;
}

/* Take a buffer back; a host that does not let go of it keeps it. */
static void netvsc_revoke(struct netvsc *nv, void **buf, u32 gpadl, u32 type, u16 id)
{
	struct hvx_nvsp_msg msg = {
		.type = cpu_to_le32(type),
		.revoke.id = cpu_to_le16(id),
	};

	if (!*buf)
		return;
	mutex_lock(&nv->ctrl_lock);
	netvsc_nvsp_request(nv, &msg, 0);
	mutex_unlock(&nv->ctrl_lock);
	if (hvx_gpadl_teardown(nv->ch, gpadl)) {
		dev_warn(&nv->hdev->dev, "the host kept a buffer: leaking it\n");
		*buf = NULL;
		return;
	}
	vfree(*buf);
	*buf = NULL;
}

static int netvsc_rndis_init(struct netvsc *nv)
{
	const struct hvx_rndis_init_complete *c = (const void *)(nv->ctrl_reply +
								 sizeof(struct hvx_rndis_hdr));
	u8 mac[ETH_ALEN], param[HVX_RNDIS_MAC_PARAM_LEN];
	__le32 val;
	int ret;

	mutex_lock(&nv->ctrl_lock);
	ret = netvsc_rndis_request(nv, HVX_RNDIS_INIT, 0, NULL, 0);
	if (!ret && c->status != cpu_to_le32(HVX_RNDIS_STATUS_SUCCESS))
		ret = -EIO;
	mutex_unlock(&nv->ctrl_lock);
	if (ret)
		return ret;
	ret = netvsc_query(nv, HVX_OID_802_3_PERMANENT_ADDRESS, mac, sizeof(mac));
	if (ret || !is_valid_ether_addr(mac)) {
		dev_err(&nv->hdev->dev, "no valid MAC address from the host (%d)\n", ret);
		return ret ?: -EPROTO;
	}
	if (!is_valid_ether_addr(nv->ndev->perm_addr)) {
		ether_addr_copy(nv->ndev->perm_addr, mac);
		eth_hw_addr_set(nv->ndev, mac);
	} else if (!ether_addr_equal(nv->ndev->dev_addr, mac)) {
		/* A restart: the host forgot the address the user gave. */
		ret = netvsc_set(nv, HVX_OID_GEN_RNDIS_CONFIG_PARAMETER, param,
				 hvx_rndis_build_mac_param(param, nv->ndev->dev_addr));
		if (ret)
			return ret;
	}
	nv->max_mtu = ETH_DATA_LEN;
	if (!netvsc_query(nv, HVX_OID_GEN_MAXIMUM_FRAME_SIZE, &val, sizeof(val)))
		nv->max_mtu = clamp_t(u32, le32_to_cpu(val), NETVSC_MIN_MTU,
				      NETVSC_RX_MAX - HVX_RNDIS_PACKET_HDR - VLAN_ETH_HLEN);
	if (!netvsc_query(nv, HVX_OID_GEN_LINK_SPEED, &val, sizeof(val)))
		nv->link_speed = le32_to_cpu(val);
	if (!netvsc_query(nv, HVX_OID_GEN_MEDIA_CONNECT_STATUS, &val, sizeof(val)) &&
	    val == cpu_to_le32(HVX_RNDIS_MEDIA_CONNECTED))
		netif_carrier_on(nv->ndev);
	else
		netif_carrier_off(nv->ndev);
	return 0;
}

/* The offload capabilities the host reports; zeroed when it reports none. */
static int netvsc_offload_caps(struct netvsc *nv, struct hvx_ndis_offload *caps)
{
	struct hvx_ndis_object_header ask = {
		.type = HVX_NDIS_OBJECT_OFFLOAD,
		.revision = 3,
		.size = cpu_to_le16(sizeof(*caps)),
	};
	u32 len = sizeof(*caps);
	int ret;

	if (nv->nvsp_version < HVX_NVSP_VERSION_4) {
		ask.revision = 1;
		ask.size = cpu_to_le16(HVX_NDIS_OFFLOAD_SIZE_6_0);
	} else if (nv->nvsp_version < HVX_NVSP_VERSION_5) {
		ask.revision = 2;
		ask.size = cpu_to_le16(HVX_NDIS_OFFLOAD_SIZE_6_1);
	}
	memset(caps, 0, sizeof(*caps));
	ret = netvsc_query_buf(nv, HVX_OID_TCP_OFFLOAD_HW_CAPS, &ask, sizeof(ask), caps,
			       HVX_NDIS_OFFLOAD_SIZE_6_0, &len);
	if (!ret && (caps->header.type != HVX_NDIS_OBJECT_OFFLOAD || !caps->header.revision ||
		     le16_to_cpu(caps->header.size) < HVX_NDIS_OFFLOAD_SIZE_6_0)) {
		dev_warn(&nv->hdev->dev, "the host's offload capabilities make no sense\n");
		ret = -EPROTO;
	}
	if (ret)
		memset(caps, 0, sizeof(*caps));
	return ret;
}

static bool netvsc_has(__le32 caps, u32 want)
{
	return (le32_to_cpu(caps) & want) == want;
}

/*
 * Checksums and LSO as far as the host offers them (UDP only from NVSP 5);
 * IPv4 header checksums stay ours. The host is told what to do, the netdev
 * what it may ask for.
 */
static int netvsc_offloads(struct netvsc *nv)
{
	const u32 tcp = HVX_NDIS_CSUM_TCP | HVX_NDIS_CSUM_TCP_OPTS;
	struct hvx_ndis_offload_params p = {
		.header.type = HVX_NDIS_OBJECT_DEFAULT,
		.header.revision = 3,
		.ip4_csum = HVX_NDIS_OFFLOAD_DISABLED,
	};
	struct net_device *ndev = nv->ndev;
	bool udp = nv->nvsp_version >= HVX_NVSP_VERSION_5;
	u32 size = udp ? sizeof(p) : HVX_NDIS_OFFLOAD_PARAMS_SIZE_V4, tso = NETVSC_TSO_MAX;
	struct hvx_ndis_offload caps;

	ndev->hw_features |= NETIF_F_SG | NETIF_F_RXCSUM;
	if (netvsc_offload_caps(nv, &caps))
		return 0;	/* none: everything is done here */
	if (netvsc_has(caps.ip4_tx_csum, tcp)) {
		p.tcp4_csum = HVX_NDIS_OFFLOAD_TX_RX;
		nv->tx_csum |= NETVSC_CSUM_TCP4;
		ndev->hw_features |= NETIF_F_IP_CSUM;
		if (netvsc_has(caps.ip4_tx_csum, HVX_NDIS_CSUM_UDP) && udp) {
			p.udp4_csum = HVX_NDIS_OFFLOAD_TX_RX;
			nv->tx_csum |= NETVSC_CSUM_UDP4;
		}
		if (netvsc_has(caps.lsov2_ip4_encap, HVX_NDIS_ENCAP_8023)) {
			p.lsov2_ip4 = HVX_NDIS_LSOV2_ENABLED;
			ndev->hw_features |= NETIF_F_TSO;
			tso = min(tso, le32_to_cpu(caps.lsov2_ip4_max_size));
		}
	}
	if (netvsc_has(caps.ip6_tx_csum, tcp | HVX_NDIS_CSUM_IP_OPTS)) {
		p.tcp6_csum = HVX_NDIS_OFFLOAD_TX_RX;
		nv->tx_csum |= NETVSC_CSUM_TCP6;
		ndev->hw_features |= NETIF_F_IPV6_CSUM;
		if (netvsc_has(caps.ip6_tx_csum, HVX_NDIS_CSUM_UDP) && udp) {
			p.udp6_csum = HVX_NDIS_OFFLOAD_TX_RX;
			nv->tx_csum |= NETVSC_CSUM_UDP6;
		}
		if (netvsc_has(caps.lsov2_ip6_encap, HVX_NDIS_ENCAP_8023) &&
		    netvsc_has(caps.lsov2_ip6_opts,
			       HVX_NDIS_LSOV2_IP6_EXT | HVX_NDIS_LSOV2_IP6_TCP_OPTS)) {
			p.lsov2_ip6 = HVX_NDIS_LSOV2_ENABLED;
			ndev->hw_features |= NETIF_F_TSO6;
			tso = min(tso, le32_to_cpu(caps.lsov2_ip6_max_size));
		}
	}
	/* A host that cannot take a useful LSO size gets no LSO. */
	if (tso < 2 * ETH_DATA_LEN) {
		ndev->hw_features &= ~(NETIF_F_TSO | NETIF_F_TSO6);
		p.lsov2_ip4 = p.lsov2_ip4 ? HVX_NDIS_LSOV2_DISABLED : 0;
		p.lsov2_ip6 = p.lsov2_ip6 ? HVX_NDIS_LSOV2_DISABLED : 0;
	}
	netif_set_tso_max_size(ndev, tso);
	p.header.size = cpu_to_le16(size);
	return netvsc_set(nv, HVX_OID_TCP_OFFLOAD_PARAMETERS, &p, size);
}

/* ---- netdev ------------------------------------------------------------------ */

static u32 netvsc_filter(struct net_device *ndev)
{
	u32 filter = HVX_RNDIS_FILTER_DIRECTED | HVX_RNDIS_FILTER_MULTICAST |
		     HVX_RNDIS_FILTER_BROADCAST;

	if (ndev->flags & IFF_PROMISC)
		filter |= HVX_RNDIS_FILTER_PROMISCUOUS;
	if (ndev->flags & IFF_ALLMULTI)
		filter |= HVX_RNDIS_FILTER_ALL_MULTICAST;
	return filter;
}

static void netvsc_rx_mode_work(struct work_struct *work)
{
	struct netvsc *nv = container_of(work, struct netvsc, rx_mode_work);

	if (READ_ONCE(nv->up) && netif_running(nv->ndev) &&
	    netvsc_set_filter(nv, netvsc_filter(nv->ndev)))
		netdev_warn(nv->ndev, "the host did not take the packet filter\n");
}

static void netvsc_set_rx_mode(struct net_device *ndev)
{
	struct netvsc *nv = netdev_priv(ndev);

	schedule_work(&nv->rx_mode_work);	/* a control request sleeps */
}

static int netvsc_open(struct net_device *ndev)
{
	struct netvsc *nv = netdev_priv(ndev);
	int ret = netvsc_set_filter(nv, netvsc_filter(ndev));

	if (ret)
		return ret;
	netif_tx_start_all_queues(ndev);
	return 0;
}

static int netvsc_stop(struct net_device *ndev)
{
	struct netvsc *nv = netdev_priv(ndev);

	netif_tx_disable(ndev);
	cancel_work_sync(&nv->rx_mode_work);
	netvsc_set_filter(nv, 0);	/* a rescinded channel fails; nothing to undo */
	return 0;
}

static void netvsc_read_stats(const struct netvsc_stats *s, u64 *packets, u64 *bytes)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&s->syncp);
		*packets = s->packets;
		*bytes = s->bytes;
	} while (u64_stats_fetch_retry(&s->syncp, start));
}

/* Queue @i, or NULL before it was first opened (no RTNL needed). */
static struct netvsc_queue *netvsc_queue(struct netvsc *nv, u32 i)
{
	return smp_load_acquire(&nv->queues[i]);	/* pairs with netvsc_queue_get() */
}

/* Every queue's, the closed ones' too: nothing counted is lost. */
static void netvsc_get_stats64(struct net_device *ndev, struct rtnl_link_stats64 *st)
{
	struct netvsc *nv = netdev_priv(ndev);
	struct netvsc_queue *q;
	u64 packets, bytes;
	u32 i;

	for (i = 0; i < NETVSC_MAX_QUEUES; i++) {
		q = netvsc_queue(nv, i);
		if (!q)
			continue;
		netvsc_read_stats(&q->rx, &packets, &bytes);
		st->rx_packets += packets;
		st->rx_bytes += bytes;
		netvsc_read_stats(&q->tx, &packets, &bytes);
		st->tx_packets += packets;
		st->tx_bytes += bytes;
		st->rx_dropped += READ_ONCE(q->rx_dropped);
		st->tx_dropped += READ_ONCE(q->tx_dropped);
		st->rx_errors += READ_ONCE(q->bad_rndis) + READ_ONCE(q->bad_packets);
	}
}

/* The host finds TCP and UDP headers only within the frame's first 1023 bytes. */
static netdev_features_t netvsc_features_check(struct sk_buff *skb, struct net_device *ndev,
					       netdev_features_t features)
{
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb_checksum_start_offset(skb) > NETVSC_L4_MAX)
		features &= ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);
	return features;
}

/* ---- queues ------------------------------------------------------------------- */

/* A send the host will never complete: its section back, its skb freed. */
static void netvsc_cancel_send(void *ctx, u64 cookie)
{
	if (cookie & 1)
		netvsc_section_put(ctx, cookie >> 1);
	else
		dev_kfree_skb_any((struct sk_buff *)(uintptr_t)cookie);
}

/* Queue @index, allocated on first use; it lives until remove. */
static struct netvsc_queue *netvsc_queue_get(struct netvsc *nv, u16 index)
{
	struct netvsc_queue *q = nv->queues[index];

	if (q)
		return q;
	q = kvzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return NULL;
	q->completions = kcalloc(NETVSC_COMPLETIONS, sizeof(u64), GFP_KERNEL);
	if (!q->completions || hvx_rqstor_init(&q->sends, NETVSC_SENDS)) {
		kfree(q->completions);
		kvfree(q);
		return NULL;
	}
	q->nv = nv;
	q->index = index;
	u64_stats_init(&q->rx.syncp);
	u64_stats_init(&q->tx.syncp);
	netif_napi_add(nv->ndev, &q->napi, netvsc_poll);
	/* Published whole: the statistics readers walk the array without RTNL. */
	smp_store_release(&nv->queues[index], q);
	return q;
}

static void netvsc_queue_free(struct netvsc_queue *q)
{
	netif_napi_del(&q->napi);
	hvx_rqstor_destroy(&q->sends);
	kfree(q->completions);
	kvfree(q);
}

static void netvsc_free_queues(struct netvsc *nv)
{
	u32 i;

	for (i = 0; i < NETVSC_MAX_QUEUES; i++)
		if (nv->queues[i])
			netvsc_queue_free(nv->queues[i]);
}

/* NAPI on, then the channel: its first signal finds NAPI ready. */
static int netvsc_queue_open(struct netvsc *nv, u16 index, struct hvx_channel *ch)
{
	struct netvsc_queue *q = netvsc_queue_get(nv, index);
	int ret;

	if (!q)
		return -ENOMEM;
	q->ch = ch;
	q->closing = false;
	napi_enable(&q->napi);
	ret = hvx_channel_open(ch, nv->ring_bytes, NULL, 0, netvsc_callback, q);
	if (ret) {
		napi_disable(&q->napi);
		q->ch = NULL;
	}
	return ret;
}

/*
 * No NAPI, no transmit: closing is set under the queue's xmit lock, so a
 * wake from another queue's freed section cannot send on it again.
 */
static void netvsc_queue_quiesce(struct netvsc_queue *q)
{
	struct netdev_queue *txq = netvsc_txq(q);

	napi_disable(&q->napi);
	__netif_tx_lock_bh(txq);
	q->closing = true;
	netif_tx_stop_queue(txq);
	__netif_tx_unlock_bh(txq);
}

/* Then no channel; the sends the host will never complete are let go. */
static void netvsc_queue_release(struct netvsc_queue *q)
{
	hvx_channel_close(q->ch);
	hvx_rqstor_cancel_all(&q->sends, netvsc_cancel_send, q->nv);
	q->nr_completions = 0;
	q->ch = NULL;
}

static void netvsc_queue_close(struct netvsc_queue *q)
{
	if (!q || !q->ch)
		return;
	netvsc_queue_quiesce(q);
	netvsc_queue_release(q);
}

/* The host's RSS queues (1: no RSS) and the size of its indirection table. */
static void netvsc_rss_caps(struct netvsc *nv)
{
	struct hvx_ndis_rss_caps caps = {
		.header.type = HVX_NDIS_OBJECT_RSS_CAPS,
		.header.revision = HVX_NDIS_RSS_REVISION,
		.header.size = cpu_to_le16(sizeof(caps)),
	};
	u32 len = sizeof(caps), entries;

	nv->host_queues = 1;
	if (nv->nvsp_version < HVX_NVSP_VERSION_5 ||
	    netvsc_query_buf(nv, HVX_OID_GEN_RSS_CAPABILITIES, &caps, sizeof(caps), &caps,
			     sizeof(caps), &len))
		return;
	entries = le16_to_cpu(caps.nr_table_entries);
	if (!entries || entries > HVX_RSS_TABLE_MAX || !is_power_of_2(entries))
		entries = HVX_RSS_TABLE_DEFAULT;
	if (entries != nv->rss_entries) {
		/* A table of another size: the user's is gone, the default comes. */
		nv->rss_entries = entries;
		nv->ndev->priv_flags &= ~IFF_RXFH_CONFIGURED;
	}
	nv->host_queues = clamp_t(u32, le32_to_cpu(caps.nr_queues), 1, NETVSC_MAX_QUEUES);
}

/* SUBCHANNEL: sub-channels for the queues wanted; the host may grant fewer. */
static void netvsc_ask_sub_channels(struct netvsc *nv)
{
	const struct hvx_nvsp_msg *r = (const void *)nv->ctrl_reply;
	struct hvx_nvsp_msg msg = {
		.type = cpu_to_le32(HVX_NVSP_SUBCHANNEL),
		.subchannel.op = cpu_to_le32(HVX_NVSP_SUBCHANNEL_ALLOCATE),
	};
	u32 want = min3(nv->want_queues, nv->host_queues, num_online_cpus()) - 1;
	int ret;

	nv->granted = 0;
	if (!want)
		return;
	msg.subchannel.count = cpu_to_le32(want);
	mutex_lock(&nv->ctrl_lock);
	ret = netvsc_nvsp_request(nv, &msg, HVX_NVSP_SUBCHANNEL);
	if (!ret && (r->subchannel_complete.status != cpu_to_le32(HVX_NVSP_STAT_SUCCESS) ||
		     le32_to_cpu(r->subchannel_complete.count) > want))
		ret = -EPROTO;
	if (!ret)
		nv->granted = le32_to_cpu(r->subchannel_complete.count);
	mutex_unlock(&nv->ctrl_lock);
	if (ret)
		netdev_warn(nv->ndev, "no sub-channels from the host (%d): one queue\n", ret);
}

/* RSS parameters: the key, the table over the open queues, the hash types. */
static int netvsc_set_rss(struct netvsc *nv)
{
	u32 len = sizeof(struct hvx_ndis_rss_params) + sizeof(nv->rss_table) + HVX_RSS_KEY_LEN;
	void *p = kmalloc(len, GFP_KERNEL);
	int ret;

	if (!p)
		return -ENOMEM;
	len = hvx_rndis_build_rss_params(p, HVX_NDIS_HASH_TOEPLITZ | HVX_NDIS_HASH_IPV4 |
					 HVX_NDIS_HASH_IPV6 | nv->rss_hash, nv->rss_table,
					 nv->rss_entries, nv->rss_key);
	ret = netvsc_set(nv, HVX_OID_GEN_RSS_PARAMETERS, p, len);
	kfree(p);
	return ret;
}

/*
 * @n queues from now: the netdev's (before a new queue's first frame is
 * seen), then the host's table over them unless @quiet. A table the user
 * set stays while it names open queues only. RTNL.
 */
static void netvsc_set_queues(struct netvsc *nv, u32 n, bool quiet)
{
	struct net_device *ndev = nv->ndev;
	bool keep = netif_is_rxfh_configured(ndev);
	u32 i;

	if (netif_set_real_num_tx_queues(ndev, n) || netif_set_real_num_rx_queues(ndev, n))
		netdev_warn(ndev, "the stack did not take %u queues\n", n);
	WRITE_ONCE(nv->nr_queues, n);	/* debugfs reads it without RTNL */
	for (i = 0; i < nv->rss_entries; i++)
		keep &= nv->rss_table[i] < n;
	for (i = 0; !keep && i < nv->rss_entries; i++)
		nv->rss_table[i] = ethtool_rxfh_indir_default(i, n);
	if (nv->granted && !quiet && netvsc_set_rss(nv))
		netdev_warn(ndev, "the host did not take the RSS parameters\n");
}

/*
 * Open the sub-channels the host offered for the queues it granted, in
 * order; the first that is missing (not offered yet) or fails ends the
 * run, and a later offer resumes it. RTNL.
 */
static void netvsc_queues_update(struct netvsc *nv)
{
	u32 n = 1;

	while (n <= nv->granted && n < NETVSC_MAX_QUEUES) {
		if (!nv->queues[n] || !nv->queues[n]->ch) {
			if (!nv->subs[n] || netvsc_queue_open(nv, n, nv->subs[n]))
				break;
		}
		n++;
	}
	if (n != nv->nr_queues || nv->granted)
		netvsc_set_queues(nv, n, false);
}

/*
 * The host took sub-channel @n back: queues @n and up close, the netdev
 * keeps the first @n. The host is not asked for anything: it may be taking
 * the whole device away (the next bring-up sends the table again). RTNL.
 */
static void netvsc_queues_shrink(struct netvsc *nv, u32 n)
{
	u32 i;

	for (i = n; i < NETVSC_MAX_QUEUES; i++)
		netvsc_queue_close(nv->queues[i]);
	netvsc_set_queues(nv, n, true);
}

/* The host offered a sub-channel (it granted it, or it was there before). */
static void netvsc_sub_channel(struct hvx_device *hdev, struct hvx_channel *ch)
{
	struct netvsc *nv = dev_get_drvdata(&hdev->dev);
	u16 i = hvx_channel_sub_index(ch);

	if (!i || i >= NETVSC_MAX_QUEUES)
		return;
	rtnl_lock();
	nv->subs[i] = ch;
	if (nv->up && i <= nv->granted && i == nv->nr_queues)
		netvsc_queues_update(nv);
	rtnl_unlock();
}

static void netvsc_sub_channel_rescind(struct hvx_device *hdev, struct hvx_channel *ch)
{
	struct netvsc *nv = dev_get_drvdata(&hdev->dev);
	u16 i = hvx_channel_sub_index(ch);

	if (!i || i >= NETVSC_MAX_QUEUES)
		return;
	rtnl_lock();
	if (nv->queues[i] && nv->queues[i]->ch == ch)
		netvsc_queues_shrink(nv, i);
	if (nv->subs[i] == ch)
		nv->subs[i] = NULL;
	rtnl_unlock();
}

/* ---- restarts ------------------------------------------------------------------ */

/* Undo the bring-up: RNDIS halt, queues closed, buffers back. */
static void netvsc_teardown(struct netvsc *nv)
{
	u32 i;

	/*
	 * The last RNDIS request: with section_size 0 a late one (the rx-mode
	 * work) fails before it touches the sections or the send buffer.
	 */
	mutex_lock(&nv->ctrl_lock);
	if (nv->section_size)
		netvsc_rndis_request(nv, HVX_RNDIS_HALT, 0, NULL, 0);
	nv->section_size = 0;
	mutex_unlock(&nv->ctrl_lock);
	/* The sections the closes give back must not wake a stopped queue. */
	bitmap_zero(nv->section_wait, NETVSC_MAX_QUEUES);
	for (i = 1; i < NETVSC_MAX_QUEUES; i++)
		netvsc_queue_close(nv->queues[i]);
	/* Nothing reads the receive buffer once NAPI is off (nor answers: none due). */
	netvsc_queue_quiesce(nv->queues[0]);
	netvsc_revoke(nv, &nv->send_buf, nv->send_gpadl, HVX_NVSP_REVOKE_SEND_BUF,
		      HVX_NVSP_SEND_BUF_ID);
	netvsc_revoke(nv, &nv->recv_buf, nv->recv_gpadl, HVX_NVSP_REVOKE_RECV_BUF,
		      HVX_NVSP_RECV_BUF_ID);
	netvsc_queue_release(nv->queues[0]);
	bitmap_free(nv->sections);
	nv->sections = NULL;
	nv->nr_sections = 0;
	nv->tx_csum = 0;
	nv->granted = 0;
	WRITE_ONCE(nv->send_table_valid, false);
}

/* Channel, NVSP, buffers, RNDIS, offloads, queues: what probe and a restart do. */
static int netvsc_bring_up(struct netvsc *nv)
{
	int ret;

	ret = netvsc_queue_open(nv, 0, nv->ch);
	if (ret)
		return ret;
	ret = netvsc_nvsp_init(nv);
	if (!ret)
		ret = netvsc_ndis_announce(nv);
	if (!ret)
		ret = netvsc_buffers(nv);
	if (!ret)
		ret = netvsc_rndis_init(nv);
	if (!ret)
		ret = netvsc_offloads(nv);
	if (ret) {
		netvsc_teardown(nv);
		return ret;
	}
	netvsc_rss_caps(nv);
	netvsc_ask_sub_channels(nv);
	WRITE_ONCE(nv->up, true);
	netvsc_queues_update(nv);
	return 0;
}

static void netvsc_down(struct netvsc *nv)
{
	if (!nv->up)
		return;
	WRITE_ONCE(nv->up, false);
	netvsc_teardown(nv);
}

/*
 * What the host learns only at bring-up (the MTU in NDIS_CONFIG, the
 * buffers) takes a restart: down to a closed channel and up again, the
 * netdev detached meanwhile. RTNL held.
 */
static int netvsc_restart(struct netvsc *nv)
{
	struct net_device *ndev = nv->ndev;
	int ret;

	netif_tx_disable(ndev);
	netif_device_detach(ndev);
	cancel_work_sync(&nv->rx_mode_work);
	netvsc_down(nv);
	ret = netvsc_bring_up(nv);
	if (!ret && netif_running(ndev))
		ret = netvsc_set_filter(nv, netvsc_filter(ndev));
	if (ret)
		return ret;
	netif_device_attach(ndev);
	return 0;
}

/* A restart with new settings failed: try again with the old ones. */
static void netvsc_recover(struct netvsc *nv, int err)
{
	netdev_err(nv->ndev, "the host did not take the new settings (%d)\n", err);
	if (netvsc_restart(nv))
		netdev_err(nv->ndev, "the device is down: unbind and bind it to retry\n");
}

static int netvsc_change_mtu(struct net_device *ndev, int mtu)
{
	struct netvsc *nv = netdev_priv(ndev);
	unsigned int old = ndev->mtu;
	int ret;

	if (!netif_device_present(ndev))
		return -ENODEV;
	WRITE_ONCE(ndev->mtu, mtu);
	ret = netvsc_restart(nv);
	if (ret) {
		WRITE_ONCE(ndev->mtu, old);
		netvsc_recover(nv, ret);
	}
	return ret;
}

/* The host forwards frames to and from the new address once it took it. */
static int netvsc_set_mac(struct net_device *ndev, void *p)
{
	struct netvsc *nv = netdev_priv(ndev);
	struct sockaddr *sa = p;
	u8 param[HVX_RNDIS_MAC_PARAM_LEN];
	int ret;

	ret = eth_prepare_mac_addr_change(ndev, p);
	if (ret)
		return ret;
	ret = netvsc_set(nv, HVX_OID_GEN_RNDIS_CONFIG_PARAMETER, param,
			 hvx_rndis_build_mac_param(param, sa->sa_data));
	if (ret) {
		netdev_err(ndev, "the host did not take MAC %pM (%d)\n", sa->sa_data, ret);
		return ret;
	}
	eth_commit_mac_addr_change(ndev, p);
	return 0;
}

static const struct net_device_ops netvsc_ops = {
	.ndo_open = netvsc_open,
	.ndo_stop = netvsc_stop,
	.ndo_start_xmit = netvsc_xmit,
	.ndo_select_queue = netvsc_select_queue,
	.ndo_set_rx_mode = netvsc_set_rx_mode,
	.ndo_get_stats64 = netvsc_get_stats64,
	.ndo_features_check = netvsc_features_check,
	.ndo_set_mac_address = netvsc_set_mac,
	.ndo_change_mtu = netvsc_change_mtu,
	.ndo_validate_addr = eth_validate_addr,
};

static void netvsc_get_drvinfo(struct net_device *ndev, struct ethtool_drvinfo *info)
{
	struct netvsc *nv = netdev_priv(ndev);

	strscpy(info->driver, HVX_NAME_NETVSC, sizeof(info->driver));
	strscpy(info->version, HVX_VERSION, sizeof(info->version));
	snprintf(info->fw_version, sizeof(info->fw_version), "NVSP %u.%u",
		 nv->nvsp_version >> 16, nv->nvsp_version & 0xffff);
	strscpy(info->bus_info, dev_name(&nv->hdev->dev), sizeof(info->bus_info));
}

static int netvsc_get_link_ksettings(struct net_device *ndev,
				     struct ethtool_link_ksettings *cmd)
{
	struct netvsc *nv = netdev_priv(ndev);

	cmd->base.speed = netif_carrier_ok(ndev) ?
			  READ_ONCE(nv->link_speed) / 10000 : SPEED_UNKNOWN;
	cmd->base.duplex = netif_carrier_ok(ndev) ? DUPLEX_FULL : DUPLEX_UNKNOWN;
	cmd->base.port = PORT_OTHER;
	return 0;
}

/* The driver's own counters, summed over the queues, as ethtool -S and debugfs name them. */
static const struct {
	char name[ETH_GSTRING_LEN];
	size_t offset;
} netvsc_counters[] = {
#define NETVSC_COUNTER(field) { #field, offsetof(struct netvsc_queue, field) }
	NETVSC_COUNTER(rx_dropped),
	NETVSC_COUNTER(tx_dropped),
	NETVSC_COUNTER(tx_busy),
	NETVSC_COUNTER(ring_full),
	NETVSC_COUNTER(bad_packets),
	NETVSC_COUNTER(bad_rndis),
	NETVSC_COUNTER(bad_completions),
	NETVSC_COUNTER(tx_lso),
	NETVSC_COUNTER(tx_csum_help),
	NETVSC_COUNTER(rx_csum_ok),
	NETVSC_COUNTER(rx_csum_bad),
#undef NETVSC_COUNTER
};

/* Then, per open queue: */
static const char *const netvsc_queue_counters[] = {
	"rx_queue_%u_packets", "rx_queue_%u_bytes", "tx_queue_%u_packets", "tx_queue_%u_bytes",
};

static u64 netvsc_counter(struct netvsc *nv, unsigned int c)
{
	struct netvsc_queue *q;
	u64 sum = 0;
	u32 i;

	for (i = 0; i < NETVSC_MAX_QUEUES; i++) {
		q = netvsc_queue(nv, i);
		if (q)
			sum += READ_ONCE(*(u64 *)((u8 *)q + netvsc_counters[c].offset));
	}
	return sum;
}

/* Queue @q's packets and bytes, received then sent. */
static void netvsc_queue_stats(struct netvsc_queue *q, u64 *v)
{
	netvsc_read_stats(&q->rx, &v[0], &v[1]);
	netvsc_read_stats(&q->tx, &v[2], &v[3]);
}

static int netvsc_stats_show(struct seq_file *s, void *unused)
{
	struct netvsc *nv = s->private;
	u64 v[ARRAY_SIZE(netvsc_queue_counters)];
	struct netvsc_queue *q;
	unsigned int i;

	seq_printf(s, "nvsp 0x%x\nsection_size %u\nsections %u\nrecv_buf %u\nmax_mtu %u\n",
		   nv->nvsp_version, nv->section_size, nv->nr_sections, nv->recv_size,
		   nv->max_mtu);
	seq_printf(s, "tx_csum 0x%x\nqueues %u\nhost_queues %u\ngranted %u\n", nv->tx_csum,
		   READ_ONCE(nv->nr_queues), nv->host_queues, nv->granted);
	for (i = 0; i < ARRAY_SIZE(netvsc_counters); i++)
		seq_printf(s, "%s %llu\n", netvsc_counters[i].name, netvsc_counter(nv, i));
	for (i = 0; i < NETVSC_MAX_QUEUES; i++) {
		q = netvsc_queue(nv, i);
		if (!q)
			continue;
		netvsc_queue_stats(q, v);
		seq_printf(s, "queue%u %s rx %llu %llu tx %llu %llu\n", i,
			   q->ch ? "open" : "closed", v[0], v[1], v[2], v[3]);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(netvsc_stats);

static int netvsc_get_sset_count(struct net_device *ndev, int sset)
{
	struct netvsc *nv = netdev_priv(ndev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return ARRAY_SIZE(netvsc_counters) + nv->nr_queues * ARRAY_SIZE(netvsc_queue_counters);
}

/* RTNL (as for the count and the values): the queues do not change meanwhile. */
static void netvsc_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	struct netvsc *nv = netdev_priv(ndev);
	unsigned int i, c;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(netvsc_counters); i++, data += ETH_GSTRING_LEN)
		memcpy(data, netvsc_counters[i].name, ETH_GSTRING_LEN);
	for (i = 0; i < nv->nr_queues; i++)
		for (c = 0; c < ARRAY_SIZE(netvsc_queue_counters); c++)
			ethtool_sprintf(&data, netvsc_queue_counters[c], i);
}

static void netvsc_get_ethtool_stats(struct net_device *ndev, struct ethtool_stats *stats,
				     u64 *data)
{
	struct netvsc *nv = netdev_priv(ndev);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(netvsc_counters); i++)
		*data++ = netvsc_counter(nv, i);
	for (i = 0; i < nv->nr_queues; i++, data += ARRAY_SIZE(netvsc_queue_counters))
		netvsc_queue_stats(nv->queues[i], data);
}

/* Ring sizes as buffers: receive in the host's slots, send in sections. */
static void netvsc_get_ringparam(struct net_device *ndev, struct ethtool_ringparam *ring,
				 struct kernel_ethtool_ringparam *kring,
				 struct netlink_ext_ack *extack)
{
	struct netvsc *nv = netdev_priv(ndev);

	if (!nv->up)
		return;
	ring->rx_max_pending = NETVSC_RECV_BUF_MAX / nv->recv_slot;
	ring->rx_pending = nv->recv_size / nv->recv_slot;
	ring->tx_max_pending = NETVSC_SEND_BUF_MAX / nv->section_size;
	ring->tx_pending = nv->nr_sections;
}

static int netvsc_set_ringparam(struct net_device *ndev, struct ethtool_ringparam *ring,
				struct kernel_ethtool_ringparam *kring,
				struct netlink_ext_ack *extack)
{
	struct netvsc *nv = netdev_priv(ndev);
	u32 old_recv = nv->recv_want, old_send = nv->send_want;
	u64 recv, send;
	int ret;

	if (!nv->up || !netif_device_present(ndev))
		return -ENODEV;
	recv = ALIGN((u64)ring->rx_pending * nv->recv_slot, PAGE_SIZE);
	send = ALIGN((u64)ring->tx_pending * nv->section_size, PAGE_SIZE);
	if (recv < NETVSC_RECV_BUF_MIN || recv > NETVSC_RECV_BUF_MAX ||
	    send < NETVSC_SEND_BUF_MIN || send > NETVSC_SEND_BUF_MAX) {
		NL_SET_ERR_MSG(extack, "receive buffer 256 KiB-16 MiB, send buffer 64 KiB-15 MiB");
		return -EINVAL;
	}
	if (recv == nv->recv_size && send == nv->send_size)
		return 0;
	nv->recv_want = recv;
	nv->send_want = send;
	ret = netvsc_restart(nv);
	if (ret) {
		nv->recv_want = old_recv;
		nv->send_want = old_send;
		netvsc_recover(nv, ret);
	}
	return ret;
}

/* ---- queues and RSS through ethtool -------------------------------------------- */

static u32 netvsc_max_queues(struct netvsc *nv)
{
	return clamp(min3(max_queues, num_online_cpus(), nv->host_queues), 1U, NETVSC_MAX_QUEUES);
}

static void netvsc_get_channels(struct net_device *ndev, struct ethtool_channels *ch)
{
	struct netvsc *nv = netdev_priv(ndev);

	ch->max_combined = netvsc_max_queues(nv);
	ch->combined_count = nv->nr_queues;
}

/* A new count of queues: the host grants sub-channels at bring-up only. */
static int netvsc_set_channels(struct net_device *ndev, struct ethtool_channels *ch)
{
	struct netvsc *nv = netdev_priv(ndev);
	u32 old = nv->want_queues, n = ch->combined_count;
	int ret;

	if (!n || n > netvsc_max_queues(nv) || ch->rx_count || ch->tx_count)
		return -EINVAL;
	if (!nv->up || !netif_device_present(ndev))
		return -ENODEV;
	if (n == nv->nr_queues && n == nv->want_queues)
		return 0;
	nv->want_queues = n;
	ret = netvsc_restart(nv);
	if (ret) {
		nv->want_queues = old;
		netvsc_recover(nv, ret);
	}
	return ret;
}

/* The header fields hashed for a flow type: the host hashes TCP's ports or none. */
static u64 netvsc_hash_fields(struct netvsc *nv, u32 flow_type)
{
	u64 l3 = RXH_IP_SRC | RXH_IP_DST, l4 = RXH_L4_B_0_1 | RXH_L4_B_2_3;

	switch (flow_type) {
	case TCP_V4_FLOW:
		return l3 | (nv->rss_hash & HVX_NDIS_HASH_TCP_IPV4 ? l4 : 0);
	case TCP_V6_FLOW:
		return l3 | (nv->rss_hash & HVX_NDIS_HASH_TCP_IPV6 ? l4 : 0);
	case UDP_V4_FLOW:
	case UDP_V6_FLOW:
	case IPV4_FLOW:
	case IPV6_FLOW:
		return l3;
	}
	return 0;
}

static int netvsc_get_rxnfc(struct net_device *ndev, struct ethtool_rxnfc *info, u32 *rules)
{
	struct netvsc *nv = netdev_priv(ndev);

	switch (info->cmd) {
	case ETHTOOL_GRXRINGS:
		info->data = nv->nr_queues;
		return 0;
	case ETHTOOL_GRXFH:
		info->data = netvsc_hash_fields(nv, info->flow_type);
		return 0;
	}
	return -EOPNOTSUPP;
}

/* New RSS settings to the host; a host doing no RSS now gets them at the next bring-up. */
static int netvsc_rss_apply(struct netvsc *nv)
{
	return nv->granted ? netvsc_set_rss(nv) : 0;
}

/* Ports in the TCP hash or not; the other flow types hash addresses only. */
static int netvsc_set_rxnfc(struct net_device *ndev, struct ethtool_rxnfc *info)
{
	struct netvsc *nv = netdev_priv(ndev);
	u64 l3 = RXH_IP_SRC | RXH_IP_DST, l4 = l3 | RXH_L4_B_0_1 | RXH_L4_B_2_3;
	u32 old = nv->rss_hash, bit;
	int ret;

	if (info->cmd != ETHTOOL_SRXFH)
		return -EOPNOTSUPP;
	if (info->flow_type == TCP_V4_FLOW || info->flow_type == TCP_V6_FLOW) {
		if (info->data != l3 && info->data != l4)
			return -EINVAL;
		bit = info->flow_type == TCP_V4_FLOW ? HVX_NDIS_HASH_TCP_IPV4 :
						       HVX_NDIS_HASH_TCP_IPV6;
		nv->rss_hash = info->data == l4 ? old | bit : old & ~bit;
		ret = old == nv->rss_hash ? 0 : netvsc_rss_apply(nv);
		if (ret)
			nv->rss_hash = old;	/* the host refused: as before */
		return ret;
	}
	return netvsc_hash_fields(nv, info->flow_type) == info->data ? 0 : -EINVAL;
}

static u32 netvsc_get_rxfh_key_size(struct net_device *ndev)
{
	return HVX_RSS_KEY_LEN;
}

static u32 netvsc_get_rxfh_indir_size(struct net_device *ndev)
{
	struct netvsc *nv = netdev_priv(ndev);

	return nv->rss_entries;
}

static void netvsc_rxfh_get(struct netvsc *nv, u32 *indir, u8 *key, u8 *hfunc)
{
	if (hfunc)
		*hfunc = ETH_RSS_HASH_TOP;
	if (indir)
		memcpy(indir, nv->rss_table, nv->rss_entries * sizeof(u32));
	if (key)
		memcpy(key, nv->rss_key, HVX_RSS_KEY_LEN);
}

/* Toeplitz only; the stack checked that the table names open queues only. */
static int netvsc_rxfh_set(struct netvsc *nv, const u32 *indir, const u8 *key, u8 hfunc)
{
	u32 old_table[HVX_RSS_TABLE_MAX];
	u8 old_key[HVX_RSS_KEY_LEN];
	int ret;

	if (hfunc != ETH_RSS_HASH_NO_CHANGE && hfunc != ETH_RSS_HASH_TOP)
		return -EOPNOTSUPP;
	memcpy(old_table, nv->rss_table, sizeof(old_table));
	memcpy(old_key, nv->rss_key, sizeof(old_key));
	if (indir)
		memcpy(nv->rss_table, indir, nv->rss_entries * sizeof(u32));
	if (key)
		memcpy(nv->rss_key, key, HVX_RSS_KEY_LEN);
	ret = netvsc_rss_apply(nv);
	if (ret) {			/* the host refused: as before */
		memcpy(nv->rss_table, old_table, sizeof(old_table));
		memcpy(nv->rss_key, old_key, sizeof(old_key));
	}
	return ret;
}

#ifdef HVX_ETHTOOL_RXFH_PARAM
static int netvsc_get_rxfh(struct net_device *ndev, struct ethtool_rxfh_param *p)
{
	netvsc_rxfh_get(netdev_priv(ndev), p->indir, p->key, &p->hfunc);
	return 0;
}

static int netvsc_set_rxfh(struct net_device *ndev, struct ethtool_rxfh_param *p,
			   struct netlink_ext_ack *extack)
{
	return netvsc_rxfh_set(netdev_priv(ndev), p->indir, p->key, p->hfunc);
}
#else
static int netvsc_get_rxfh(struct net_device *ndev, u32 *indir, u8 *key, u8 *hfunc)
{
	netvsc_rxfh_get(netdev_priv(ndev), indir, key, hfunc);
	return 0;
}

static int netvsc_set_rxfh(struct net_device *ndev, const u32 *indir, const u8 *key,
			   const u8 hfunc)
{
	return netvsc_rxfh_set(netdev_priv(ndev), indir, key, hfunc);
}
#endif

static const struct ethtool_ops netvsc_ethtool_ops = {
	.get_drvinfo = netvsc_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = netvsc_get_link_ksettings,
	.get_sset_count = netvsc_get_sset_count,
	.get_strings = netvsc_get_strings,
	.get_ethtool_stats = netvsc_get_ethtool_stats,
	.get_ringparam = netvsc_get_ringparam,
	.set_ringparam = netvsc_set_ringparam,
	.get_channels = netvsc_get_channels,
	.set_channels = netvsc_set_channels,
	.get_rxnfc = netvsc_get_rxnfc,
	.set_rxnfc = netvsc_set_rxnfc,
	.get_rxfh_key_size = netvsc_get_rxfh_key_size,
	.get_rxfh_indir_size = netvsc_get_rxfh_indir_size,
	.get_rxfh = netvsc_get_rxfh,
	.set_rxfh = netvsc_set_rxfh,
};

/* ---- the device ---------------------------------------------------------------- */

static int netvsc_probe(struct hvx_device *hdev, const struct hv_vmbus_device_id *id)
{
	struct net_device *ndev;
	struct netvsc *nv;
	int ret;

	ndev = alloc_etherdev_mq(sizeof(*nv), NETVSC_MAX_QUEUES);
	if (!ndev)
		return -ENOMEM;
	SET_NETDEV_DEV(ndev, &hdev->dev);
	nv = netdev_priv(ndev);
	nv->hdev = hdev;
	nv->ch = hdev->channel;
	nv->ndev = ndev;
	mutex_init(&nv->ctrl_lock);
	spin_lock_init(&nv->ctrl_answer_lock);
	init_completion(&nv->ctrl_done);
	INIT_WORK(&nv->rx_mode_work, netvsc_rx_mode_work);
	nv->ring_bytes = ring_kb * 1024;
	nv->recv_want = ALIGN(recv_buf_kb * 1024, PAGE_SIZE);
	nv->send_want = ALIGN(send_buf_kb * 1024, PAGE_SIZE);
	nv->want_queues = clamp(max_queues, 1U, NETVSC_MAX_QUEUES);
	nv->host_queues = 1;
	nv->nr_queues = 1;
	nv->rss_entries = HVX_RSS_TABLE_DEFAULT;
	nv->rss_hash = HVX_NDIS_HASH_TCP_IPV4 | HVX_NDIS_HASH_TCP_IPV6;
	netdev_rss_key_fill(nv->rss_key, sizeof(nv->rss_key));
	netif_set_real_num_tx_queues(ndev, 1);
	netif_set_real_num_rx_queues(ndev, 1);
	ret = netvsc_bring_up(nv);
	if (ret)
		goto err_free;

	ndev->netdev_ops = &netvsc_ops;
	ndev->ethtool_ops = &netvsc_ethtool_ops;
	ndev->min_mtu = NETVSC_MIN_MTU;
	ndev->max_mtu = nv->max_mtu;
	ndev->needed_headroom = HVX_RNDIS_TX_HDR_MAX;
	ndev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	ndev->hw_features |= NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_RXHASH;
	ndev->features |= ndev->hw_features | NETIF_F_HIGHDMA;
	ndev->vlan_features = ndev->features;
	dev_set_drvdata(&hdev->dev, nv);
	ret = register_netdev(ndev);
	if (ret)
		goto err_down;
	nv->debugfs = debugfs_create_file(dev_name(&hdev->dev), 0444, netvsc_debugfs, nv,
					  &netvsc_stats_fops);
	netdev_info(ndev, "%pM, NVSP %u.%u, MTU up to %u, %u sub-channels granted\n",
		    ndev->dev_addr, nv->nvsp_version >> 16, nv->nvsp_version & 0xffff,
		    nv->max_mtu, nv->granted);
	return 0;

err_down:
	netvsc_down(nv);
err_free:
	netvsc_free_queues(nv);
	free_netdev(ndev);
	return ret;
}

static void netvsc_remove(struct hvx_device *hdev)
{
	struct netvsc *nv = dev_get_drvdata(&hdev->dev);
	struct net_device *ndev = nv->ndev;

	debugfs_remove(nv->debugfs);
	unregister_netdev(ndev);
	cancel_work_sync(&nv->rx_mode_work);
	netvsc_down(nv);
	netvsc_free_queues(nv);
	free_netdev(ndev);
}

static const struct hv_vmbus_device_id netvsc_ids[] = {
	{ .guid = HVX_CLASS_NIC },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, netvsc_ids);

static struct hvx_driver netvsc_driver = {
	.name = HVX_NAME_NETVSC,
	.id_table = netvsc_ids,
	.probe = netvsc_probe,
	.remove = netvsc_remove,
	.sub_channel = netvsc_sub_channel,
	.sub_channel_rescind = netvsc_sub_channel_rescind,
};

static int __init netvsc_init(void)
{
	int ret;

	if (!ring_kb || ring_kb % 4 || !recv_buf_kb || !send_buf_kb) {
		pr_err("hvx_netvsc: ring_kb must be a multiple of 4, buffers non-empty\n");
		return -EINVAL;
	}
	netvsc_debugfs = debugfs_create_dir("hvx_netvsc", NULL);
	ret = hvx_driver_register(&netvsc_driver);
	if (ret)
		debugfs_remove(netvsc_debugfs);
	return ret;
}

static void __exit netvsc_exit(void)
{
	hvx_driver_unregister(&netvsc_driver);
	debugfs_remove(netvsc_debugfs);
}

module_init(netvsc_init);
module_exit(netvsc_exit);
MODULE_DESCRIPTION("hvx: Hyper-V synthetic network adapter");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVX_VERSION);
