// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of a synthetic NIC: NVSP on the channel, RNDIS inside it,
 * and on this side of the wire an Ethernet netdev, "hvxh<relid>", that is
 * the virtual switch port: frames the guest sends come out of it, frames
 * sent into it go to the guest. Every RNDIS message the host sends (answers,
 * indications, frames) goes into a 16 KiB slot of the guest's receive
 * buffer, announced by an XFER_PAGES packet; the slot is busy until the
 * guest completes that packet. The port's carrier is on while the guest can
 * take frames (receive buffer, RNDIS initialized, a packet filter) and the
 * link is up.
 *
 * Offloads: the host offers checksums and LSOv2 as Hyper-V does
 * (OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES) and does what the guest turned on
 * (OID_TCP_OFFLOAD_PARAMETERS) to its frames, as their per-packet info asks
 * (net_offload.c): completes TCP, UDP and IPv4 header checksums, cuts an
 * LSO frame into segments, turns an 802.1Q entry into the frame's tag. An
 * entry that makes no sense, or asks for an offload the guest did not turn
 * on, drops the frame (bad); other entries (the hash) are skipped. The port
 * takes GSO frames with partial checksums from the host's stack; the host
 * cuts and completes them, and tells a guest that turned on receive
 * checksums for that protocol which TCP or UDP checksums it computed.
 *
 * Queues (vRSS): from NVSP 5 on, a host with two queues or more answers
 * OID_GEN_RSS_CAPABILITIES; the guest asks for sub-channels on the primary
 * (NVSP SUBCHANNEL) and gets up to queues - 1, offered after the answer,
 * then the host's send table (SEND_INDIRECTION_TABLE: which channel the
 * guest should send each flow on; the host takes frames on any). With the
 * guest's RSS parameters (OID_GEN_RSS_PARAMETERS: Toeplitz key, hash types,
 * a table of channels) each frame to the guest goes on the channel the
 * table names for its hash, with a HASH entry, or on the primary if that
 * sub-channel is not open; frames with nothing to hash (not IP, or a hash
 * type the guest left off) go on the primary without one. A new grant
 * turns RSS off: the guest sets it again for its new channels. The receive
 * buffer's slots serve every channel: a slot is freed by the guest's
 * completion on any channel, or when the channel it went out on closes.
 * Other NVSP messages than SEND_RNDIS_PKT on a sub-channel are bad; RNDIS
 * answers go on the channel the request came on.
 *
 * Control commands (write "relid command" to hvx_sim/control):
 *   link up|down      record, and tell the guest (MEDIA_CONNECT/DISCONNECT)
 *   speed MBPS        record, and tell the guest (LINK_SPEED_CHANGE)
 *   max_frame N       what OID_GEN_MAXIMUM_FRAME_SIZE answers from now on
 *   version 0xN       the newest NVSP version the host accepts
 *   bad_range         the next frame to the guest: its range passes the buffer's end
 *   bad_rndis_len     ... its RNDIS length exceeds its range
 *   bad_ppi           ... it carries a per-packet info entry of size 0
 *   bad_data          ... data_offset + data_len passes the message's end
 *   drop_completion   do not complete the guest's next SEND_RNDIS_PKT
 *   offload none|csum|all  what the capabilities offer from now on (default
 *                     all: checksums and LSOv2; UDP checksums from NVSP 5)
 *   bad_csum          the next TCP or UDP frame to the guest: a wrong
 *                     checksum, and an entry saying so (TCP/UDP_FAILED)
 *   mac MAC           the permanent address the host answers from now on (a
 *                     unicast one; the guest reads it when it binds)
 *   queues N          the host's RSS queues for the next capabilities query
 *                     and SUBCHANNEL request (1-64, default 8; 1: no RSS,
 *                     no sub-channels)
 * Each bad_* command but bad_csum sends a 60-byte broadcast to carry its
 * fault; if the guest cannot take frames yet, the fault waits for the next
 * one.
 * The guest may give itself another MAC (RNDIS_CONFIG_PARAMETER
 * "NetworkAddress", for this session); mac= in the state is its current one.
 * State: "nvsp=0xN ndis=M.m mtu=N filter=0xN link=up|down mac=MAC
 * slots_busy=N slots=N frames_to_host=N frames_to_guest=N dropped=N bad=N
 * offer=none|csum|all offload=ip4:V,tcp4:V,udp4:V,tcp6:V,udp6:V,lso4:V,lso6:V
 * lso=N segs=N csum=N gso=N rx_csum=N queues=N subch=N rss=off|on rss_table=N
 * rxq=N,N,... netdev=hvxhN": offload= holds the guest's OFFLOAD_PARAMETERS
 * (0 never set; checksums 1 off, 2 transmit, 3 receive, 4 both; LSO 1 off,
 * 2 on); lso= counts the guest's LSO frames, segs= the segments cut from
 * them, csum= its frames whose checksums the host completed; gso= the host
 * stack's GSO frames cut for the guest, rx_csum= frames to the guest
 * marked with good checksums; queues= the "queues" setting; subch= the
 * sub-channels granted in this session, rss_table= the entries of the
 * guest's table (0 with RSS off), rxq= the frames delivered on each channel
 * this session (the primary first, then sub-channels 1 to subch); netdev=-
 * until the port is registered, just after "add".
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/nls.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <hvx/nvsp.h>
#include <hvx/ring.h>
#include <hvx/rndis.h>
#include <hvx/sim_net.h>
#include <hvx/vmbus_classes.h>
#include "sim.h"

#define NET_RX_SLOT		16384	/* a receive-buffer slot: one message */
#define NET_SEND_SECTION	6144	/* a send-buffer section */
#define NET_MAX_SLOTS		2048	/* 32 MiB; the rest of a larger buffer is unused */
#define NET_CTRL_SLOTS		2	/* kept free of frames, for answers */
#define NET_TXQ_MAX		512	/* frames waiting for net_tx_work() */
#define NET_MSG_MAX		SZ_64K	/* a GPA-direct RNDIS message */
#define NET_MAX_FRAME		9000	/* the default OID_GEN_MAXIMUM_FRAME_SIZE */
#define NET_SPEED		100000000	/* 10 Gbit/s in 100 bps units */
#define NET_PPI_OUT_MAX		2	/* entries on a frame to the guest: checksum, hash */
/* ... and bad_ppi's entry of size 0 */
#define NET_PACKET_HDR_MAX	(HVX_RNDIS_PACKET_HDR + sizeof(struct hvx_rndis_ppi) + \
				 NET_PPI_OUT_MAX * HVX_RNDIS_PPI_ENTRY)
#define NET_FRAME_MAX		(NET_RX_SLOT - NET_PACKET_HDR_MAX)
#define NET_LSO_MAX_SIZE	62780	/* what Hyper-V offers */
#define NET_LSO_MIN_SEGS	2
#define NET_CAPS_REVISION	3	/* the newest offload capabilities */
#define NET_QUEUES		8	/* the default of the "queues" command */
#define NET_QUEUES_MAX		64	/* ... its largest: the primary and 63 sub-channels */

static_assert(SIM_NET_L4_HEAD >= SIM_NET_RSS_HEAD);

enum net_fault {
	NET_FAULT_NONE,
	NET_FAULT_BAD_RANGE,
	NET_FAULT_BAD_RNDIS_LEN,
	NET_FAULT_BAD_PPI,
	NET_FAULT_BAD_DATA,
};

/* What the offload capabilities offer ("offload" command). */
enum net_offer {
	NET_OFFER_NONE,
	NET_OFFER_CSUM,
	NET_OFFER_ALL,
};

static const char *const net_offer_names[] = {
	[NET_OFFER_NONE] = "none",
	[NET_OFFER_CSUM] = "csum",
	[NET_OFFER_ALL] = "all",
};

/* The offload parameters the host keeps, in the guest's values. */
enum net_offload {
	NET_OFL_IP4,
	NET_OFL_TCP4,
	NET_OFL_UDP4,
	NET_OFL_TCP6,
	NET_OFL_UDP6,
	NET_OFL_LSO4,
	NET_OFL_LSO6,
	NET_OFL_NR,
};

static const struct {
	const char *name;
	size_t field;		/* in struct hvx_ndis_offload_params */
	u8 max;
} net_offload_fields[NET_OFL_NR] = {
	[NET_OFL_IP4] = { "ip4", offsetof(struct hvx_ndis_offload_params, ip4_csum),
			  HVX_NDIS_OFFLOAD_TX_RX },
	[NET_OFL_TCP4] = { "tcp4", offsetof(struct hvx_ndis_offload_params, tcp4_csum),
			   HVX_NDIS_OFFLOAD_TX_RX },
	[NET_OFL_UDP4] = { "udp4", offsetof(struct hvx_ndis_offload_params, udp4_csum),
			   HVX_NDIS_OFFLOAD_TX_RX },
	[NET_OFL_TCP6] = { "tcp6", offsetof(struct hvx_ndis_offload_params, tcp6_csum),
			   HVX_NDIS_OFFLOAD_TX_RX },
	[NET_OFL_UDP6] = { "udp6", offsetof(struct hvx_ndis_offload_params, udp6_csum),
			   HVX_NDIS_OFFLOAD_TX_RX },
	[NET_OFL_LSO4] = { "lso4", offsetof(struct hvx_ndis_offload_params, lsov2_ip4),
			   HVX_NDIS_LSOV2_ENABLED },
	[NET_OFL_LSO6] = { "lso6", offsetof(struct hvx_ndis_offload_params, lsov2_ip6),
			   HVX_NDIS_LSOV2_ENABLED },
};

/* The checksum parameter of TCP or UDP ([udp]) over IPv4 or IPv6 ([ipv6]). */
static const u8 net_l4_offload[2][2] = {
	{ NET_OFL_TCP4, NET_OFL_UDP4 },
	{ NET_OFL_TCP6, NET_OFL_UDP6 },
};

/* A per-packet info entry on a frame to the guest. */
struct net_ppi_out {
	u32 type;
	u32 value;
};

/* What follows an XFER_PAGES descriptor: the pageset and our one range. */
struct net_xfer {
	__le16 pageset_id;
	u8 sender_owns_set;
	u8 reserved;
	__le32 range_count;
	struct hvx_xfer_page_range range;
} __packed;

static_assert(sizeof(struct net_xfer) == sizeof(struct hvx_xfer_page_packet) -
	      sizeof(struct hvx_vmpacket_desc) + sizeof(struct hvx_xfer_page_range));

/* An RNDIS message the host sends, other than a frame. */
struct net_answer {
	struct hvx_rndis_hdr hdr;
	union {
		struct hvx_rndis_init_complete init;
		struct {
			struct hvx_rndis_query_complete c;
			u8 info[sizeof(struct hvx_ndis_offload)];	/* the largest */
		} __packed query;
		struct hvx_rndis_complete done;
		struct {
			struct hvx_rndis_indicate c;
			__le32 value;
		} __packed indicate;
	};
} __packed;

static_assert(sizeof(struct hvx_ndis_rss_caps) <= sizeof(struct hvx_ndis_offload));

struct net_buf {
	u32 relid;		/* the channel the GPADL belongs to */
	u32 gpadl;
	u32 bytes;		/* 0: none */
};

/* What the guest set up since it opened the channel. */
struct net_session {
	u32 nvsp, ndis, mtu, filter;	/* READ_ONCE()/WRITE_ONCE() */
	bool rndis_up;			/* likewise */
	u8 offload[NET_OFL_NR];		/* likewise; HVX_NDIS_OFFLOAD_*, _LSOV2_* */
	u32 subch;			/* likewise; the sub-channels granted */
	struct net_buf recv, send;	/* the rest: net->lock */
	u8 mac[ETH_ALEN];		/* the guest's NetworkAddress; zero: the offered one */
	struct sim_net_rss rss;
	u32 nslots, busy;
	DECLARE_BITMAP(busy_map, NET_MAX_SLOTS);
	u32 slot_seq[NET_MAX_SLOTS];	/* a busy slot's transaction id, high half */
	u16 slot_chan[NET_MAX_SLOTS];	/* ... and the channel it went on (sub_index) */
};

/* The port's private part; it outlives the sim device (see net_release()). */
struct sim_net {
	struct net_device *ndev;
	struct sim_host *host;
	struct sim_device *sdev;	/* NULL once released; host->lock */
	struct delayed_work reg_work;
	struct work_struct tx_work, free_work;
	struct sk_buff_head txq;
	bool registered;
	u32 newest, max_frame, speed;	/* READ_ONCE()/WRITE_ONCE() */
	bool link;			/* likewise */
	int offer;			/* likewise; enum net_offer */
	u32 queues;			/* likewise; RSS queues, 1: none */
	int rx_fault;			/* enum net_fault, xchg() */
	int bad_csum;			/* xchg() */
	int drop_completion;		/* xchg() */
	spinlock_t lock;		/* guards the buffers, slots, seq, offered_mac */
	u8 offered_mac[ETH_ALEN];	/* the "mac" command's; zero: the default */
	u32 seq;
	struct net_session s;
	atomic64_t bad;			/* the rest are the port's stats */
	atomic64_t lso, segs, csum;	/* the guest's offloads done */
	atomic64_t gso, rx_csum;	/* the host's frames cut, marked for the guest */
	atomic64_t rxq[NET_QUEUES_MAX];	/* frames to the guest per channel, this session */
};

/* One NVSP message from the guest. */
struct net_req {
	struct sim_channel *ch;
	struct sim_net *net;
	const struct hvx_ring_pkt *pkt;
	const u8 *packet;
	struct hvx_nvsp_msg msg;	/* a copy */
	void (*then)(struct net_req *r);	/* a handler's: after the reply */
};

/* dev->state holds a pointer: sim frees it at release, the port goes later. */
static struct sim_net *net_of(void *state)
{
	return *(struct sim_net **)state;
}

static bool net_requested(const struct net_req *r)
{
	return r->pkt->flags & HVX_VMPKT_FLAG_COMPLETION_REQUESTED;
}

static bool net_offload_tx(struct net_session *s, int f)
{
	u8 v = READ_ONCE(s->offload[f]);

	return v == HVX_NDIS_OFFLOAD_TX || v == HVX_NDIS_OFFLOAD_TX_RX;
}

static bool net_offload_rx(struct net_session *s, int f)
{
	u8 v = READ_ONCE(s->offload[f]);

	return v == HVX_NDIS_OFFLOAD_RX || v == HVX_NDIS_OFFLOAD_TX_RX;
}

/* The "mac" command's, else 00:15:5d (Hyper-V's OUI):00:00:<the device's relid> */
static void net_guest_mac(struct sim_net *net, const struct sim_device *d, u8 *mac)
{
	static const u8 base[ETH_ALEN] = { 0x00, 0x15, 0x5d };

	spin_lock(&net->lock);
	memcpy(mac, net->offered_mac, ETH_ALEN);	/* @mac may sit in a packed answer */
	spin_unlock(&net->lock);
	if (!is_zero_ether_addr(mac))
		return;
	memcpy(mac, base, ETH_ALEN);
	mac[5] = d->sub_index ? d->primary : d->relid;
}

/* The guest's address now: the one it set, else the one offered. */
static void net_current_mac(struct sim_net *net, const struct sim_device *d, u8 *mac)
{
	spin_lock(&net->lock);
	memcpy(mac, net->s.mac, ETH_ALEN);
	spin_unlock(&net->lock);
	if (is_zero_ether_addr(mac))
		net_guest_mac(net, d, mac);
}

/* ---- the receive buffer ------------------------------------------------- */

static bool net_ready(struct sim_net *net)
{
	struct net_session *s = &net->s;

	return READ_ONCE(s->recv.bytes) && READ_ONCE(s->rndis_up) && READ_ONCE(s->filter) &&
	       READ_ONCE(net->link);
}

/* After a change net_ready() looks at: the last caller sees them all. */
static void net_carrier(struct sim_net *net)
{
	spin_lock(&net->lock);
	if (net_ready(net))
		netif_carrier_on(net->ndev);
	else
		netif_carrier_off(net->ndev);
	spin_unlock(&net->lock);
}

/*
 * A free slot and its transaction id, for a message on channel @chan (a
 * sub_index); frames leave NET_CTRL_SLOTS. Locked.
 */
static int net_slot_get(struct sim_net *net, bool data, u16 chan, u64 *id)
{
	struct net_session *s = &net->s;
	u32 slot;

	if (s->busy + (data ? NET_CTRL_SLOTS : 0) >= s->nslots)
		return -ENOBUFS;
	slot = find_first_zero_bit(s->busy_map, s->nslots);
	if (!++net->seq)
		net->seq = 1;
	__set_bit(slot, s->busy_map);
	s->slot_seq[slot] = net->seq;
	s->slot_chan[slot] = chan;
	s->busy++;
	*id = (u64)net->seq << 32 | slot;
	return slot;
}

static bool net_slot_put(struct sim_net *net, u64 id)
{
	struct net_session *s = &net->s;
	u32 slot = lower_32_bits(id);

	if (slot >= s->nslots || !test_bit(slot, s->busy_map) ||
	    s->slot_seq[slot] != upper_32_bits(id))
		return false;
	__clear_bit(slot, s->busy_map);
	s->busy--;
	return true;
}

/* Write an RNDIS message into a slot and announce it with XFER_PAGES. */
static int net_deliver(struct sim_net *net, struct sim_channel *ch, void *msg, u32 len,
		       bool data, bool bad_range)
{
	struct hvx_nvsp_msg nvsp = {
		.type = cpu_to_le32(HVX_NVSP_SEND_RNDIS_PKT),
		.rndis_pkt.channel_type = cpu_to_le32(data ? HVX_NVSP_CHANNEL_DATA :
						      HVX_NVSP_CHANNEL_CONTROL),
		.rndis_pkt.section_index = cpu_to_le32(HVX_NVSP_NO_SECTION),
	};
	struct net_xfer x = {
		.pageset_id = cpu_to_le16(HVX_NVSP_RECV_BUF_ID),
		.range_count = cpu_to_le32(1),
		.range.byte_count = cpu_to_le32(len),
	};
	struct net_buf rb;
	int slot, ret;
	u64 id;

	if (!ch || len > NET_RX_SLOT)
		return -EINVAL;
	spin_lock(&net->lock);
	rb = net->s.recv;
	slot = net_slot_get(net, data, sim_chan_device(ch)->sub_index, &id);
	spin_unlock(&net->lock);
	if (slot < 0)
		return slot;
	/* Straddle the end: a check of the offset alone passes. */
	x.range.byte_offset = cpu_to_le32(bad_range ? rb.bytes - 8 : slot * NET_RX_SLOT);
	ret = sim_gpadl_copy(net->host, rb.relid, rb.gpadl, slot * NET_RX_SLOT, msg, len, true);
	if (!ret)
		ret = sim_chan_send_hdr(ch, HVX_VMPKT_DATA_USING_XFER_PAGES,
					HVX_VMPKT_FLAG_COMPLETION_REQUESTED, id, &x, sizeof(x),
					&nvsp, sizeof(nvsp));
	if (ret) {
		spin_lock(&net->lock);
		net_slot_put(net, id);
		spin_unlock(&net->lock);
	}
	return ret;
}

/* An answer or an indication: @type, then @body bytes of @a. */
static void net_send(struct sim_net *net, struct sim_channel *ch, struct net_answer *a,
		     u32 type, u32 body)
{
	a->hdr.type = cpu_to_le32(type);
	a->hdr.len = cpu_to_le32(sizeof(a->hdr) + body);
	if (net_deliver(net, ch, a, sizeof(a->hdr) + body, false, false))
		DEV_STATS_INC(net->ndev, tx_dropped);
}

static void net_indicate(struct sim_net *net, struct sim_channel *ch, u32 status,
			 const u32 *value)
{
	struct net_answer a = { .indicate.c.status = cpu_to_le32(status) };

	if (!READ_ONCE(net->s.rndis_up))
		return;
	if (value) {
		a.indicate.c.status_buflen = cpu_to_le32(sizeof(a.indicate.value));
		a.indicate.c.status_buf_offset = cpu_to_le32(sizeof(a.indicate.c));
		a.indicate.value = cpu_to_le32(*value);
	}
	net_send(net, ch, &a, HVX_RNDIS_INDICATE,
		 sizeof(a.indicate.c) + (value ? sizeof(a.indicate.value) : 0));
}

/*
 * The PACKET header of a @len-byte frame with @n info entries, faults
 * included: the frame's offset.
 */
static u32 net_build_packet(u8 *msg, u32 len, int fault, const struct net_ppi_out *ppi,
			    unsigned int n)
{
	struct hvx_rndis_hdr *h = (void *)msg;
	struct hvx_rndis_packet *p = (void *)(h + 1);
	u8 *at = (u8 *)(p + 1);
	struct hvx_rndis_ppi *e;
	unsigned int i;
	u32 off;

	memset(msg, 0, NET_PACKET_HDR_MAX);
	if (fault == NET_FAULT_BAD_PPI) {
		/* An entry of size 0, first: a parser stepping by it never moves on. */
		e = (void *)at;
		e->ppi_offset = cpu_to_le32(sizeof(*e));
		at += sizeof(*e);
	}
	for (i = 0; i < n; i++) {
		e = (void *)at;
		e->size = cpu_to_le32(HVX_RNDIS_PPI_ENTRY);
		e->type = cpu_to_le32(ppi[i].type);
		e->ppi_offset = cpu_to_le32(sizeof(*e));
		put_unaligned_le32(ppi[i].value, at + sizeof(*e));
		at += HVX_RNDIS_PPI_ENTRY;
	}
	off = at - (u8 *)p;
	if (off > sizeof(*p)) {
		p->ppi_offset = cpu_to_le32(sizeof(*p));
		p->ppi_len = cpu_to_le32(off - sizeof(*p));
	}
	h->type = cpu_to_le32(HVX_RNDIS_PACKET);
	h->len = cpu_to_le32(sizeof(*h) + off + len +
			     (fault == NET_FAULT_BAD_RNDIS_LEN ? NET_RX_SLOT : 0));
	p->data_offset = cpu_to_le32(off);
	p->data_len = cpu_to_le32(len + (fault == NET_FAULT_BAD_DATA ? NET_RX_SLOT : 0));
	return sizeof(*h) + off;
}

/*
 * The checksum entry of a TCP or UDP frame to the guest, 0 for none: OK
 * for a checksum the host completed (@done) if the guest turned receive
 * checksums on, FAILED for the bad_csum fault (@bad).
 */
static u32 net_rx_csum(struct sim_net *net, const struct sim_net_l4 *l4, bool done, bool bad)
{
	bool udp = l4->proto == IPPROTO_UDP;
	u32 ip = l4->ipv6 ? 0 : HVX_PPI_CSUM_RX_IP_OK;

	if (bad)
		return ip | (udp ? HVX_PPI_CSUM_RX_UDP_FAILED : HVX_PPI_CSUM_RX_TCP_FAILED);
	if (!done || !net_offload_rx(&net->s, net_l4_offload[l4->ipv6][udp]))
		return 0;
	return ip | (udp ? HVX_PPI_CSUM_RX_UDP_OK : HVX_PPI_CSUM_RX_TCP_OK);
}

/* Flip a bit of a checksum: wrong, and never 0 (no UDP checksum at all). */
static void net_spoil_csum(u8 *check)
{
	u16 c = get_unaligned_be16(check);

	put_unaligned_be16(c ^ (c == 0x0100 ? 0x0200 : 0x0100), check);
}

/*
 * The channel a frame's hash names, -ENOENT for none: RSS off, or nothing
 * in the frame (@head, @len bytes of it) to hash.
 */
static int net_rss_queue(struct sim_net *net, const u8 *head, u32 len, u32 *hash)
{
	struct sim_net_rss *rss = &net->s.rss;
	u8 in[SIM_NET_RSS_INPUT_MAX];
	int queue = -ENOENT;
	u32 n;

	spin_lock(&net->lock);
	if (rss->on && !sim_net_rss_input(head, len, rss->hash_info, in, &n)) {
		*hash = sim_net_toeplitz(rss->key, sizeof(rss->key), in, n);
		queue = rss->table[*hash & (rss->entries - 1)];
	}
	spin_unlock(&net->lock);
	return queue;
}

/*
 * The channel of @queue (0: the primary, N: sub-channel N) if the guest
 * has it open, else the primary's (NULL if closed too); @queue becomes
 * the one used. Under host->lock.
 */
static struct sim_channel *net_queue_chan(struct sim_net *net, u32 *queue)
{
	struct sim_device *d;

	if (!net->sdev)
		return NULL;
	if (*queue && *queue < NET_QUEUES_MAX)
		list_for_each_entry(d, &net->host->devices, list)
			if (d->primary == net->sdev->relid && d->sub_index == *queue && d->chan)
				return d->chan;
	*queue = 0;
	return net->sdev->chan;
}

/*
 * Where a frame goes (@head, @len bytes of it): on its RSS queue, with
 * its hash as an entry of @ppi (@n of them), or the primary. @queue: the
 * channel's index. Under host->lock.
 */
static struct sim_channel *net_rx_chan(struct sim_net *net, const u8 *head, u32 len,
				       u32 *queue, struct net_ppi_out *ppi, u32 *n)
{
	u32 hash = 0;
	int q = net_rss_queue(net, head, len, &hash);

	*queue = max(q, 0);
	if (q >= 0)
		ppi[(*n)++] = (struct net_ppi_out){ HVX_RNDIS_PPI_HASH, hash };
	return net_queue_chan(net, queue);
}

/*
 * A frame sent into the port goes to the guest, or is dropped.
 * @csum_start: where the TCP or UDP header whose checksum the host
 * completed starts, 0 for none. Under host->lock.
 */
static void net_frame_to_guest(struct sim_net *net, const struct sk_buff *skb, u32 csum_start)
{
	u32 len = skb->len, head = min_t(u32, len, SIM_NET_L4_HEAD), hdr, n = 0, csum = 0, queue;
	struct net_ppi_out ppi[NET_PPI_OUT_MAX];
	u8 buf[SIM_NET_L4_HEAD];
	struct sim_channel *ch;
	struct sim_net_l4 l4;
	bool bad = false;
	int fault, ret;
	u8 *msg;

	if (!net_ready(net) || len > NET_FRAME_MAX || skb_copy_bits(skb, 0, buf, head))
		goto drop;
	ch = net_rx_chan(net, buf, head, &queue, ppi, &n);
	msg = ch ? kmalloc(NET_PACKET_HDR_MAX + len, GFP_KERNEL) : NULL;
	if (!msg)
		goto drop;
	fault = xchg(&net->rx_fault, NET_FAULT_NONE);
	if (!sim_net_find_l4(buf, head, &l4)) {
		bad = xchg(&net->bad_csum, 0);
		csum = net_rx_csum(net, &l4, csum_start && csum_start == l4.start, bad);
		if (csum)
			ppi[n++] = (struct net_ppi_out){ HVX_RNDIS_PPI_CSUM, csum };
	}
	hdr = net_build_packet(msg, len, fault, ppi, n);
	ret = skb_copy_bits(skb, 0, msg + hdr, len);
	if (!ret && bad)
		net_spoil_csum(msg + hdr + l4.check);
	if (!ret)
		ret = net_deliver(net, ch, msg, hdr + len, true, fault == NET_FAULT_BAD_RANGE);
	kfree(msg);
	if (ret) {
		/* For the next frame. */
		cmpxchg(&net->rx_fault, NET_FAULT_NONE, fault);
		if (bad)
			WRITE_ONCE(net->bad_csum, 1);
		goto drop;
	}
	if (csum && !bad)
		atomic64_inc(&net->rx_csum);
	atomic64_inc(&net->rxq[queue]);
	DEV_STATS_INC(net->ndev, tx_packets);
	DEV_STATS_ADD(net->ndev, tx_bytes, len);
	return;
drop:
	DEV_STATS_INC(net->ndev, tx_dropped);
}

/* ---- RNDIS from the guest ----------------------------------------------- */

/* A frame from the guest, or a segment of one, out of the port. */
static void net_to_host(struct sim_net *net, struct sk_buff *skb, const struct sim_net_ppi *ppi)
{
	u32 len = skb->len;

	if (!netif_running(net->ndev)) {
		kfree_skb(skb);
		goto drop;
	}
	if (ppi->seen & BIT(HVX_RNDIS_PPI_IEEE_8021Q))
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), sim_net_vlan_tci(ppi->vlan));
	skb->protocol = eth_type_trans(skb, net->ndev);
	if (netif_rx(skb) == NET_RX_DROP)
		goto drop;
	DEV_STATS_INC(net->ndev, rx_packets);
	DEV_STATS_ADD(net->ndev, rx_bytes, len);
	return;
drop:
	DEV_STATS_INC(net->ndev, rx_dropped);
}

/* The checksums a frame's entry asks for: has the guest turned them on? */
static bool net_csum_allowed(struct net_session *s, u32 info)
{
	bool v6 = info & HVX_PPI_CSUM_TX_IPV6;

	if ((info & HVX_PPI_CSUM_TX_TCP) && !net_offload_tx(s, net_l4_offload[v6][0]))
		return false;
	if ((info & HVX_PPI_CSUM_TX_UDP) && !net_offload_tx(s, net_l4_offload[v6][1]))
		return false;
	return !(info & HVX_PPI_CSUM_TX_IP_HDR) || net_offload_tx(s, NET_OFL_IP4);
}

/* A frame without LSO, its checksums completed as its entry asks. False: bad. */
static bool net_tx_frame(struct sim_net *net, const u8 *frame, u32 len,
			 const struct sim_net_ppi *ppi)
{
	const u32 work = HVX_PPI_CSUM_TX_TCP | HVX_PPI_CSUM_TX_UDP | HVX_PPI_CSUM_TX_IP_HDR;
	u32 csum = ppi->seen & BIT(HVX_RNDIS_PPI_CSUM) ? ppi->csum : 0;
	struct sk_buff *skb;

	if (!net_csum_allowed(&net->s, csum))
		return false;
	skb = netdev_alloc_skb_ip_align(net->ndev, len);
	if (!skb) {
		DEV_STATS_INC(net->ndev, rx_dropped);
		return true;
	}
	skb_put_data(skb, frame, len);
	if (sim_net_csum_tx(skb->data, len, csum)) {
		kfree_skb(skb);
		return false;
	}
	if (csum & work)
		atomic64_inc(&net->csum);
	net_to_host(net, skb, ppi);
	return true;
}

/* An LSO frame: each of its segments out of the port. False: bad. */
static bool net_tx_lso(struct sim_net *net, const u8 *frame, u32 len,
		       const struct sim_net_ppi *ppi)
{
	struct sim_net_lso lso;
	struct sk_buff *skb;
	u32 i, seg;

	if (sim_net_lso_parse(frame, len, ppi->lso, &lso) ||
	    READ_ONCE(net->s.offload[lso.ipv6 ? NET_OFL_LSO6 : NET_OFL_LSO4]) !=
	    HVX_NDIS_LSOV2_ENABLED)
		return false;
	atomic64_inc(&net->lso);
	if (!netif_running(net->ndev)) {
		DEV_STATS_INC(net->ndev, rx_dropped);
		return true;
	}
	for (i = 0; i < lso.nsegs; i++) {
		skb = netdev_alloc_skb_ip_align(net->ndev,
						lso.hdr_len + min(lso.mss, len - lso.hdr_len));
		if (!skb) {
			DEV_STATS_INC(net->ndev, rx_dropped);
			continue;
		}
		seg = sim_net_lso_segment(&lso, frame, i, skb_tail_pointer(skb));
		skb_put(skb, seg);
		atomic64_inc(&net->segs);
		net_to_host(net, skb, ppi);
	}
	return true;
}

/* Offsets in a PACKET count from its first field, data_offset. */
static bool net_rndis_packet(struct net_req *r, const u8 *body, u32 len)
{
	const struct hvx_rndis_packet *p = (const void *)body;
	u32 off = le32_to_cpu(p->data_offset), n = le32_to_cpu(p->data_len);
	struct sim_net_ppi ppi;

	if (off < sizeof(*p) || off > len || n > len - off || n < ETH_HLEN ||
	    sim_net_parse_ppi(body, len, &ppi))
		return false;
	if (ppi.seen & BIT(HVX_RNDIS_PPI_LSO))
		return net_tx_lso(r->net, body + off, n, &ppi);
	return net_tx_frame(r->net, body + off, n, &ppi);
}

static bool net_rndis_init(struct net_req *r, const u8 *body, u32 len)
{
	const struct hvx_rndis_init *in = (const void *)body;
	struct net_answer a = {
		.init = {
			.req_id = in->req_id,
			.status = cpu_to_le32(HVX_RNDIS_STATUS_SUCCESS),
			.major = cpu_to_le32(1),
			.dev_flags = cpu_to_le32(1),
			.max_pkt_per_msg = cpu_to_le32(1),
			.max_xfer_size = cpu_to_le32(NET_RX_SLOT),
			.pkt_align_factor = cpu_to_le32(3),
		},
	};

	WRITE_ONCE(r->net->s.rndis_up, true);
	net_carrier(r->net);
	net_send(r->net, r->ch, &a, HVX_RNDIS_INIT | HVX_RNDIS_COMPLETION, sizeof(a.init));
	return true;
}

static bool net_rndis_halt(struct net_req *r, const u8 *body, u32 len)
{
	WRITE_ONCE(r->net->s.rndis_up, false);
	net_carrier(r->net);
	return true;
}

/* A request's information buffer: in the message, offsets from req_id. */
static const u8 *net_info(const u8 *body, u32 len, u32 *n)
{
	const struct hvx_rndis_query *q = (const void *)body;
	u32 off = le32_to_cpu(q->info_buf_offset);

	*n = le32_to_cpu(q->info_buflen);
	if (!*n || off < sizeof(*q) || off > len || *n > len - off)
		return NULL;
	return body + off;
}

/* What the host offers: checksums, UDP's from NVSP 5, and LSOv2. */
static void net_caps(struct hvx_ndis_offload *c, int offer, u32 nvsp)
{
	const __le32 encap = cpu_to_le32(HVX_NDIS_ENCAP_8023);
	u32 csum = HVX_NDIS_CSUM_TCP | HVX_NDIS_CSUM_TCP_OPTS | HVX_NDIS_CSUM_IP_OPTS;

	if (offer == NET_OFFER_NONE)
		return;
	if (nvsp > HVX_NVSP_VERSION_4)
		csum |= HVX_NDIS_CSUM_UDP;
	c->ip4_tx_encap = encap;
	c->ip4_rx_encap = encap;
	c->ip6_tx_encap = encap;
	c->ip6_rx_encap = encap;
	c->ip4_tx_csum = cpu_to_le32(csum);
	c->ip4_rx_csum = cpu_to_le32(csum | HVX_NDIS_CSUM_IP4_HDR);
	c->ip6_tx_csum = cpu_to_le32(csum);
	c->ip6_rx_csum = cpu_to_le32(csum);
	if (offer != NET_OFFER_ALL)
		return;
	c->lsov2_ip4_encap = encap;
	c->lsov2_ip4_max_size = cpu_to_le32(NET_LSO_MAX_SIZE);
	c->lsov2_ip4_min_segs = cpu_to_le32(NET_LSO_MIN_SEGS);
	c->lsov2_ip6_encap = encap;
	c->lsov2_ip6_max_size = cpu_to_le32(NET_LSO_MAX_SIZE);
	c->lsov2_ip6_min_segs = cpu_to_le32(NET_LSO_MIN_SEGS);
	c->lsov2_ip6_opts = cpu_to_le32(HVX_NDIS_LSOV2_IP6_EXT | HVX_NDIS_LSOV2_IP6_TCP_OPTS);
}

/*
 * OFFLOAD_HW_CAPS: the guest sends the object header it wants back, the
 * revision and size its NDIS knows; the answer has them (the size at most
 * ours). Its length, or -EINVAL.
 */
static int net_query_caps(struct net_req *r, const u8 *body, u32 len, u8 *info)
{
	struct hvx_ndis_offload caps = {};
	struct hvx_ndis_object_header ask;
	u32 n, size;
	const u8 *in = net_info(body, len, &n);

	if (!in || n < sizeof(ask))
		return -EINVAL;
	memcpy(&ask, in, sizeof(ask));
	size = min_t(u32, le16_to_cpu(ask.size), sizeof(caps));
	if (ask.type != HVX_NDIS_OBJECT_OFFLOAD || !ask.revision ||
	    ask.revision > NET_CAPS_REVISION || size < HVX_NDIS_OFFLOAD_SIZE_6_0)
		return -EINVAL;
	net_caps(&caps, READ_ONCE(r->net->offer), READ_ONCE(r->net->s.nvsp));
	caps.header = ask;
	caps.header.size = cpu_to_le16(size);
	memcpy(info, &caps, size);
	return size;
}

/* RSS_CAPABILITIES: from NVSP 5, on a host with two queues or more. Its length, or 0. */
static u32 net_query_rss_caps(struct net_req *r, u8 *info)
{
	u32 queues = READ_ONCE(r->net->queues);
	struct hvx_ndis_rss_caps caps = {
		.header.type = HVX_NDIS_OBJECT_RSS_CAPS,
		.header.revision = HVX_NDIS_RSS_REVISION,
		.header.size = cpu_to_le16(sizeof(caps)),
		.flags = cpu_to_le32(HVX_NDIS_RSS_CAPS_TCP4 | HVX_NDIS_RSS_CAPS_TCP6),
		.nr_interrupts = cpu_to_le32(queues),
		.nr_queues = cpu_to_le32(queues),
		.nr_table_entries = cpu_to_le16(HVX_RSS_TABLE_DEFAULT),
	};

	if (READ_ONCE(r->net->s.nvsp) < HVX_NVSP_VERSION_5 || queues < 2)
		return 0;
	memcpy(info, &caps, sizeof(caps));
	return sizeof(caps);
}

/* The answer's information buffer follows its body (offsets count from req_id). */
static bool net_rndis_query(struct net_req *r, const u8 *body, u32 len)
{
	const struct hvx_rndis_query *q = (const void *)body;
	struct net_answer a = { .query.c.req_id = q->req_id };
	u32 n = sizeof(u32), v = 0, status = HVX_RNDIS_STATUS_SUCCESS;
	int ret;

	switch (le32_to_cpu(q->oid)) {
	case HVX_OID_802_3_PERMANENT_ADDRESS:
		net_guest_mac(r->net, sim_chan_device(r->ch), a.query.info);
		n = ETH_ALEN;
		break;
	case HVX_OID_802_3_CURRENT_ADDRESS:
		net_current_mac(r->net, sim_chan_device(r->ch), a.query.info);
		n = ETH_ALEN;
		break;
	case HVX_OID_GEN_MAXIMUM_FRAME_SIZE:
		v = READ_ONCE(r->net->max_frame);
		break;
	case HVX_OID_GEN_MEDIA_CONNECT_STATUS:
		v = READ_ONCE(r->net->link) ? HVX_RNDIS_MEDIA_CONNECTED :
		    HVX_RNDIS_MEDIA_DISCONNECTED;
		break;
	case HVX_OID_GEN_LINK_SPEED:
		v = READ_ONCE(r->net->speed);
		break;
	case HVX_OID_TCP_OFFLOAD_HW_CAPS:
		ret = net_query_caps(r, body, len, a.query.info);
		n = max(ret, 0);
		if (ret < 0)
			status = HVX_RNDIS_STATUS_FAILURE;
		break;
	case HVX_OID_GEN_RSS_CAPABILITIES:
		n = net_query_rss_caps(r, a.query.info);
		if (!n)
			status = HVX_RNDIS_STATUS_NOT_SUPPORTED;
		break;
	default:
		status = HVX_RNDIS_STATUS_NOT_SUPPORTED;
		n = 0;
	}
	if (n == sizeof(u32))
		put_unaligned_le32(v, a.query.info);
	a.query.c.status = cpu_to_le32(status);
	a.query.c.info_buflen = cpu_to_le32(n);
	a.query.c.info_buf_offset = cpu_to_le32(sizeof(a.query.c));
	net_send(r->net, r->ch, &a, HVX_RNDIS_QUERY | HVX_RNDIS_COMPLETION,
		 sizeof(a.query.c) + n);
	return status != HVX_RNDIS_STATUS_FAILURE;
}

static bool net_set_filter(struct net_req *r, const u8 *info, u32 n)
{
	if (n < sizeof(u32))
		return false;
	WRITE_ONCE(r->net->s.filter, get_unaligned_le32(info));
	net_carrier(r->net);
	return true;
}

/* Every value in range, or none taken; 0 (no change) keeps the old one. */
static bool net_set_offload(struct net_req *r, const u8 *info, u32 n)
{
	u32 size = n >= sizeof(struct hvx_ndis_object_header) ? get_unaligned_le16(info + 2) : 0;
	unsigned int i;
	u8 v;

	if (n < HVX_NDIS_OFFLOAD_PARAMS_SIZE_V4 || info[0] != HVX_NDIS_OBJECT_DEFAULT ||
	    !info[1] || size < HVX_NDIS_OFFLOAD_PARAMS_SIZE_V4 || size > n)
		return false;
	for (i = 0; i < NET_OFL_NR; i++)
		if (info[net_offload_fields[i].field] > net_offload_fields[i].max)
			return false;
	for (i = 0; i < NET_OFL_NR; i++) {
		v = info[net_offload_fields[i].field];
		if (v != HVX_NDIS_OFFLOAD_NO_CHANGE)
			WRITE_ONCE(r->net->s.offload[i], v);
	}
	return true;
}

/*
 * @len bytes of UTF-16LE at @u as an ASCII string in @out (@size bytes,
 * NUL included); false unless they are a whole, aligned, ASCII string
 * that fits.
 */
static bool net_utf16_ascii(const u8 *u, u32 len, char *out, u32 size)
{
	int n;

	if (len % 2 || !IS_ALIGNED((uintptr_t)u, 2) || len / 2 >= size)
		return false;
	n = utf16s_to_utf8s((const wchar_t *)u, len / 2, UTF16_LITTLE_ENDIAN, out, size - 1);
	if (n != len / 2)	/* something took more than a byte: not ASCII */
		return false;
	out[n] = '\0';
	return true;
}

/* RNDIS_CONFIG_PARAMETER: only "NetworkAddress", the guest's new MAC. */
static bool net_set_config(struct net_req *r, const u8 *info, u32 n)
{
	const struct hvx_rndis_config_param *c = (const void *)info;
	u32 name_off, name_len, val_off, val_len;
	char name[32], value[2 * ETH_ALEN + 1];
	u8 mac[ETH_ALEN];

	if (n < sizeof(*c) || le32_to_cpu(c->type) != HVX_RNDIS_CONFIG_STRING)
		return false;
	name_off = le32_to_cpu(c->name_offset);
	name_len = le32_to_cpu(c->name_len);
	val_off = le32_to_cpu(c->value_offset);
	val_len = le32_to_cpu(c->value_len);
	if (name_off > n || name_len > n - name_off || val_off > n || val_len > n - val_off ||
	    !net_utf16_ascii(info + name_off, name_len, name, sizeof(name)) ||
	    strcasecmp(name, "NetworkAddress") ||
	    !net_utf16_ascii(info + val_off, val_len, value, sizeof(value)) ||
	    strlen(value) != 2 * ETH_ALEN || hex2bin(mac, value, ETH_ALEN) ||
	    !is_valid_ether_addr(mac))
		return false;
	spin_lock(&r->net->lock);
	ether_addr_copy(r->net->s.mac, mac);
	spin_unlock(&r->net->lock);
	return true;
}

/*
 * RSS parameters: their table may name the primary and the sub-channels
 * granted (net->lock: a new grant turns RSS off). Bad ones change nothing.
 */
static bool net_set_rss(struct net_req *r, const u8 *info, u32 n)
{
	struct sim_net *net = r->net;
	struct sim_net_rss rss;
	bool ok;

	spin_lock(&net->lock);
	ok = !sim_net_rss_parse(info, n, net->s.subch + 1, &rss);
	if (ok)
		net->s.rss = rss;
	spin_unlock(&net->lock);
	return ok;
}

/* What the guest may set: each takes a well-placed information buffer. */
static const struct {
	u32 oid;
	bool (*set)(struct net_req *r, const u8 *info, u32 n);
} net_set_ops[] = {
	{ HVX_OID_GEN_CURRENT_PACKET_FILTER, net_set_filter },
	{ HVX_OID_TCP_OFFLOAD_PARAMETERS, net_set_offload },
	{ HVX_OID_GEN_RNDIS_CONFIG_PARAMETER, net_set_config },
	{ HVX_OID_GEN_RSS_PARAMETERS, net_set_rss },
};

/* An OID the host does not set is NOT_SUPPORTED; a bad one FAILURE, and bad. */
static bool net_rndis_set(struct net_req *r, const u8 *body, u32 len)
{
	const struct hvx_rndis_query *q = (const void *)body;
	u32 oid = le32_to_cpu(q->oid), status = HVX_RNDIS_STATUS_NOT_SUPPORTED, n;
	struct net_answer a = { .done.req_id = q->req_id };
	const u8 *info = net_info(body, len, &n);
	bool ok = info || !n;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(net_set_ops); i++)
		if (net_set_ops[i].oid == oid)
			break;
	if (i < ARRAY_SIZE(net_set_ops)) {
		ok = info && net_set_ops[i].set(r, info, n);
		status = HVX_RNDIS_STATUS_SUCCESS;
	}
	if (!ok)
		status = HVX_RNDIS_STATUS_FAILURE;
	a.done.status = cpu_to_le32(status);
	net_send(r->net, r->ch, &a, HVX_RNDIS_SET | HVX_RNDIS_COMPLETION, sizeof(a.done));
	return ok;
}

static bool net_rndis_keepalive(struct net_req *r, const u8 *body, u32 len)
{
	const struct hvx_rndis_keepalive *k = (const void *)body;
	struct net_answer a = { .done.req_id = k->req_id };

	net_send(r->net, r->ch, &a, HVX_RNDIS_KEEPALIVE | HVX_RNDIS_COMPLETION, sizeof(a.done));
	return true;
}

static const struct {
	u32 type;
	u32 body;		/* at least */
	bool (*handle)(struct net_req *r, const u8 *body, u32 len);
} net_rndis_ops[] = {
	{ HVX_RNDIS_PACKET, sizeof(struct hvx_rndis_packet), net_rndis_packet },
	{ HVX_RNDIS_INIT, sizeof(struct hvx_rndis_init), net_rndis_init },
	{ HVX_RNDIS_HALT, sizeof(struct hvx_rndis_keepalive), net_rndis_halt },
	{ HVX_RNDIS_QUERY, sizeof(struct hvx_rndis_query), net_rndis_query },
	{ HVX_RNDIS_SET, sizeof(struct hvx_rndis_query), net_rndis_set },
	{ HVX_RNDIS_KEEPALIVE, sizeof(struct hvx_rndis_keepalive), net_rndis_keepalive },
};

/* One RNDIS message in @len bytes. False: it made no sense. */
static bool net_rndis(struct net_req *r, const u8 *msg, u32 len)
{
	const struct hvx_rndis_hdr *h = (const void *)msg;
	u32 type, n, i;

	if (len < sizeof(*h))
		return false;
	type = le32_to_cpu(h->type);
	n = le32_to_cpu(h->len);
	if (n < sizeof(*h) || n > len)
		return false;
	n -= sizeof(*h);
	for (i = 0; i < ARRAY_SIZE(net_rndis_ops); i++)
		if (net_rndis_ops[i].type == type)
			return n >= net_rndis_ops[i].body &&
			       net_rndis_ops[i].handle(r, msg + sizeof(*h), n);
	return false;
}

/* ---- NVSP from the guest ------------------------------------------------ */

static bool net_nvsp_known(u32 v)
{
	static const u32 known[] = {
		HVX_NVSP_VERSION_1, HVX_NVSP_VERSION_2, HVX_NVSP_VERSION_4,
		HVX_NVSP_VERSION_5, HVX_NVSP_VERSION_6, HVX_NVSP_VERSION_61,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (known[i] == v)
			return true;
	return false;
}

static bool net_nvsp_init(struct net_req *r, struct hvx_nvsp_msg *reply)
{
	u32 min = le32_to_cpu(r->msg.init.min_version);
	u32 max = le32_to_cpu(r->msg.init.max_version);
	bool ok = min == max && max <= READ_ONCE(r->net->newest) && net_nvsp_known(max);

	reply->init_complete.version = cpu_to_le32(max);
	reply->init_complete.max_mdl_chain_len = cpu_to_le32(34);
	reply->init_complete.status = cpu_to_le32(ok ? HVX_NVSP_STAT_SUCCESS :
						  HVX_NVSP_STAT_FAIL);
	if (ok)
		WRITE_ONCE(r->net->s.nvsp, max);
	return true;
}

/* NDIS_CONFIG and NDIS_VERSION: noted; completed (echoed) only if asked. */
static bool net_nvsp_ndis(struct net_req *r, struct hvx_nvsp_msg *reply)
{
	struct net_session *s = &r->net->s;

	if (le32_to_cpu(r->msg.type) == HVX_NVSP_NDIS_CONFIG)
		WRITE_ONCE(s->mtu, le32_to_cpu(r->msg.ndis_config.mtu));
	else
		WRITE_ONCE(s->ndis, le32_to_cpu(r->msg.ndis_version.major) << 16 |
			   (le32_to_cpu(r->msg.ndis_version.minor) & 0xffff));
	return net_requested(r);
}

/* SEND_RECV_BUF or SEND_SEND_BUF: take the buffer; its size, or 0. */
static u32 net_take_buf(struct net_req *r, bool recv)
{
	struct sim_device *d = sim_chan_device(r->ch);
	u32 gpadl = le32_to_cpu(r->msg.send_buf.gpadl), bytes = 0;
	u16 id = recv ? HVX_NVSP_RECV_BUF_ID : HVX_NVSP_SEND_BUF_ID;
	struct sim_net *net = r->net;
	struct net_buf *b = recv ? &net->s.recv : &net->s.send;

	if (le16_to_cpu(r->msg.send_buf.id) != id ||
	    sim_gpadl_size(d->host, d->relid, gpadl, &bytes) ||
	    bytes < (recv ? NET_RX_SLOT : NET_SEND_SECTION))
		bytes = 0;
	spin_lock(&net->lock);
	if (b->bytes)
		bytes = 0;	/* one at a time: revoke first */
	if (bytes && recv) {
		net->s.nslots = min_t(u32, bytes / NET_RX_SLOT, NET_MAX_SLOTS);
		net->s.busy = 0;
		bitmap_zero(net->s.busy_map, NET_MAX_SLOTS);
	}
	if (bytes)
		*b = (struct net_buf){ .relid = d->relid, .gpadl = gpadl, .bytes = bytes };
	spin_unlock(&net->lock);
	if (!bytes)
		atomic64_inc(&net->bad);
	return bytes;
}

/* The receive buffer: one section of 16 KiB slots; the send buffer: 6 KiB sections. */
static bool net_nvsp_buf(struct net_req *r, struct hvx_nvsp_msg *reply)
{
	struct hvx_nvsp_recv_section *sec = &reply->recv_buf_complete.sections[0];
	bool recv = le32_to_cpu(r->msg.type) == HVX_NVSP_SEND_RECV_BUF;
	u32 bytes = net_take_buf(r, recv), n = min_t(u32, bytes / NET_RX_SLOT, NET_MAX_SLOTS);
	__le32 status = cpu_to_le32(bytes ? HVX_NVSP_STAT_SUCCESS : HVX_NVSP_STAT_FAIL);

	if (!recv) {
		reply->send_buf_complete.status = status;
		if (bytes)
			reply->send_buf_complete.section_size = cpu_to_le32(NET_SEND_SECTION);
		return true;
	}
	reply->recv_buf_complete.status = status;
	if (!bytes)
		return true;
	net_carrier(r->net);
	reply->recv_buf_complete.num_sections = cpu_to_le32(1);
	sec->sub_alloc_size = cpu_to_le32(NET_RX_SLOT);
	sec->num_sub_allocs = cpu_to_le32(n);
	sec->end_offset = cpu_to_le32(n * NET_RX_SLOT);
	return true;
}

/* REVOKE_RECV_BUF and REVOKE_SEND_BUF: the host stops using the buffer. */
static bool net_nvsp_revoke(struct net_req *r, struct hvx_nvsp_msg *reply)
{
	bool recv = le32_to_cpu(r->msg.type) == HVX_NVSP_REVOKE_RECV_BUF;
	u16 id = recv ? HVX_NVSP_RECV_BUF_ID : HVX_NVSP_SEND_BUF_ID;
	struct sim_net *net = r->net;
	struct net_buf *b = recv ? &net->s.recv : &net->s.send;
	bool ok;

	spin_lock(&net->lock);
	ok = b->bytes && le16_to_cpu(r->msg.revoke.id) == id;
	if (ok && recv)
		net->s.nslots = 0;
	if (ok)
		memset(b, 0, sizeof(*b));
	spin_unlock(&net->lock);
	if (!ok)
		atomic64_inc(&net->bad);
	net_carrier(net);
	return net_requested(r);
}

/* A SEND_RNDIS_PKT's message: in a send-buffer section, or in guest pages. */
static u8 *net_rndis_read(struct net_req *r, u32 *len)
{
	u32 index = le32_to_cpu(r->msg.rndis_pkt.section_index);
	u32 size = le32_to_cpu(r->msg.rndis_pkt.section_size);
	bool direct = index == HVX_NVSP_NO_SECTION;
	struct net_buf sb;
	struct sim_gpa g;
	u8 *buf;
	int ret;

	spin_lock(&r->net->lock);
	sb = r->net->s.send;
	spin_unlock(&r->net->lock);
	if (direct && (sim_gpa_parse(r->pkt, r->packet, &g) || g.count > NET_MSG_MAX))
		return NULL;
	if (!direct && (r->pkt->type != HVX_VMPKT_DATA_INBAND || !size ||
			size > NET_SEND_SECTION || index >= sb.bytes / NET_SEND_SECTION))
		return NULL;
	*len = direct ? g.count : size;
	buf = kvmalloc(*len, GFP_KERNEL);
	if (!buf)
		return NULL;
	if (direct)
		ret = sim_gpa_copy(&g, 0, buf, *len, false);
	else
		ret = sim_gpadl_copy(r->net->host, sb.relid, sb.gpadl, index * NET_SEND_SECTION,
				     buf, *len, false);
	if (!ret)
		return buf;
	kvfree(buf);
	return NULL;
}

static bool net_nvsp_rndis(struct net_req *r, struct hvx_nvsp_msg *reply)
{
	u32 len = 0;
	u8 *msg = net_rndis_read(r, &len);
	bool ok = msg && net_rndis(r, msg, len);

	kvfree(msg);
	if (!ok)
		atomic64_inc(&r->net->bad);
	reply->rndis_pkt_complete.status = cpu_to_le32(ok ? HVX_NVSP_STAT_SUCCESS :
						       HVX_NVSP_STAT_FAIL);
	return net_requested(r) && !xchg(&r->net->drop_completion, 0);
}

/* The guest's sends spread over the primary and @granted sub-channels. */
struct net_send_table {
	struct hvx_nvsp_msg msg;
	__le32 table[HVX_NVSP_SEND_TABLE_SIZE];
} __packed;

static_assert(offsetof(struct net_send_table, table) == HVX_NVSP_SEND_TABLE_OFFSET);

/* After the SUBCHANNEL answer: the offers (from the host's queue), the send table. */
static void net_nvsp_offer_subs(struct net_req *r)
{
	u32 granted = READ_ONCE(r->net->s.subch), i;
	struct net_send_table t = {
		.msg.type = cpu_to_le32(HVX_NVSP_SEND_INDIRECTION_TABLE),
		.msg.send_table.count = cpu_to_le32(HVX_NVSP_SEND_TABLE_SIZE),
		.msg.send_table.offset = cpu_to_le32(HVX_NVSP_SEND_TABLE_OFFSET),
	};

	if (granted)
		sim_offer_sub_channels(sim_chan_device(r->ch), granted);
	for (i = 0; i < HVX_NVSP_SEND_TABLE_SIZE; i++)
		t.table[i] = cpu_to_le32(i % (granted + 1));
	sim_chan_send(r->ch, HVX_VMPKT_DATA_INBAND, 0, 0, &t, sizeof(t));
}

/*
 * SUBCHANNEL (NVSP 5): up to queues - 1 sub-channels. A new grant changes
 * the channels an RSS table may name: RSS is off until the guest sets it.
 */
static bool net_nvsp_subchannel(struct net_req *r, struct hvx_nvsp_msg *reply)
{
	u32 want = le32_to_cpu(r->msg.subchannel.count), granted;
	struct sim_net *net = r->net;
	bool ok = READ_ONCE(net->s.nvsp) >= HVX_NVSP_VERSION_5 && want &&
		  le32_to_cpu(r->msg.subchannel.op) == HVX_NVSP_SUBCHANNEL_ALLOCATE;

	reply->subchannel_complete.status = cpu_to_le32(ok ? HVX_NVSP_STAT_SUCCESS :
							HVX_NVSP_STAT_FAIL);
	if (!ok) {
		atomic64_inc(&net->bad);
		return net_requested(r);
	}
	granted = min(want, READ_ONCE(net->queues) - 1);
	spin_lock(&net->lock);
	WRITE_ONCE(net->s.subch, granted);
	net->s.rss = (struct sim_net_rss){};
	spin_unlock(&net->lock);
	reply->subchannel_complete.count = cpu_to_le32(granted);
	r->then = net_nvsp_offer_subs;
	return net_requested(r);
}

/*
 * Each fills in the reply (its type preset); true: send it as a
 * completion. Only SEND_RNDIS_PKT may come on a sub-channel (@any).
 */
static const struct {
	u32 type;
	u32 answer;
	bool (*handle)(struct net_req *r, struct hvx_nvsp_msg *reply);
	bool any;
} net_nvsp_ops[] = {
	{ HVX_NVSP_INIT, HVX_NVSP_INIT_COMPLETE, net_nvsp_init },
	{ HVX_NVSP_NDIS_CONFIG, HVX_NVSP_NDIS_CONFIG, net_nvsp_ndis },
	{ HVX_NVSP_NDIS_VERSION, HVX_NVSP_NDIS_VERSION, net_nvsp_ndis },
	{ HVX_NVSP_SEND_RECV_BUF, HVX_NVSP_SEND_RECV_BUF_COMPLETE, net_nvsp_buf },
	{ HVX_NVSP_REVOKE_RECV_BUF, HVX_NVSP_REVOKE_RECV_BUF, net_nvsp_revoke },
	{ HVX_NVSP_SEND_SEND_BUF, HVX_NVSP_SEND_SEND_BUF_COMPLETE, net_nvsp_buf },
	{ HVX_NVSP_REVOKE_SEND_BUF, HVX_NVSP_REVOKE_SEND_BUF, net_nvsp_revoke },
	{ HVX_NVSP_SEND_RNDIS_PKT, HVX_NVSP_SEND_RNDIS_PKT_COMPLETE, net_nvsp_rndis, true },
	{ HVX_NVSP_SUBCHANNEL, HVX_NVSP_SUBCHANNEL, net_nvsp_subchannel },
};

/* The guest is done with one of our XFER_PAGES packets: its slot is free. */
static bool net_guest_completion(struct net_req *r)
{
	__le32 type;
	bool ok;

	if (hvx_ring_payload_len(r->pkt) < sizeof(type) + sizeof(r->msg.rndis_pkt_complete))
		return false;
	memcpy(&type, r->packet + r->pkt->offset, sizeof(type));
	if (le32_to_cpu(type) != HVX_NVSP_SEND_RNDIS_PKT_COMPLETE)
		return false;
	spin_lock(&r->net->lock);
	ok = net_slot_put(r->net, r->pkt->trans_id);
	spin_unlock(&r->net->lock);
	return ok;
}

static void net_handle_packet(struct sim_channel *ch, const struct hvx_ring_pkt *pkt,
			      const u8 *packet)
{
	struct net_req r = {
		.ch = ch, .net = net_of(sim_chan_state(ch)), .pkt = pkt, .packet = packet,
	};
	struct hvx_nvsp_msg reply = {};
	unsigned int i = ARRAY_SIZE(net_nvsp_ops);
	u32 type;

	if (pkt->type == HVX_VMPKT_COMP) {
		if (!net_guest_completion(&r))
			atomic64_inc(&r.net->bad);
		return;
	}
	if ((pkt->type == HVX_VMPKT_DATA_INBAND || pkt->type == HVX_VMPKT_DATA_USING_GPA_DIRECT) &&
	    hvx_ring_payload_len(pkt) >= sizeof(r.msg)) {
		memcpy(&r.msg, packet + pkt->offset, sizeof(r.msg));
		type = le32_to_cpu(r.msg.type);
		for (i = 0; i < ARRAY_SIZE(net_nvsp_ops); i++)
			if (net_nvsp_ops[i].type == type)
				break;
	}
	/* Only SEND_RNDIS_PKT may name guest pages. */
	if (i == ARRAY_SIZE(net_nvsp_ops) ||
	    (pkt->type == HVX_VMPKT_DATA_USING_GPA_DIRECT && type != HVX_NVSP_SEND_RNDIS_PKT) ||
	    (sim_chan_device(ch)->sub_index && !net_nvsp_ops[i].any)) {
		atomic64_inc(&r.net->bad);
		return;
	}
	reply.type = cpu_to_le32(net_nvsp_ops[i].answer);
	if (net_nvsp_ops[i].handle(&r, &reply))
		sim_chan_send(ch, HVX_VMPKT_COMP, 0, pkt->trans_id, &reply, sizeof(reply));
	if (r.then)
		r.then(&r);
}

/* A new session: what the guest set up before is gone. Under host->lock. */
static void net_opened(struct sim_channel *ch)
{
	struct sim_net *net = net_of(sim_chan_state(ch));
	unsigned int i;

	if (sim_chan_device(ch)->sub_index)
		return;
	spin_lock(&net->lock);
	memset(&net->s, 0, sizeof(net->s));
	spin_unlock(&net->lock);
	for (i = 0; i < NET_QUEUES_MAX; i++)
		atomic64_set(&net->rxq[i], 0);
	net_carrier(net);
}

/*
 * The guest will never complete what went out on a closed channel: its
 * slots are free again. Under host->lock, the channel's worker stopped.
 */
static void net_closed(struct sim_channel *ch)
{
	struct sim_net *net = net_of(sim_chan_state(ch));
	u16 chan = sim_chan_device(ch)->sub_index;
	struct net_session *s = &net->s;
	unsigned int slot;

	spin_lock(&net->lock);
	for_each_set_bit(slot, s->busy_map, s->nslots) {
		if (s->slot_chan[slot] == chan) {
			__clear_bit(slot, s->busy_map);
			s->busy--;
		}
	}
	spin_unlock(&net->lock);
}

/* ---- the host port ------------------------------------------------------ */

/*
 * Atomic context: queue for net_tx_work(), which may sleep. A full queue
 * stops the port's queue; the work wakes it once it has drained, and it
 * always runs after a stop (it is queued after it).
 */
static netdev_tx_t net_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct sim_net *net = netdev_priv(ndev);

	if (skb_queue_len_lockless(&net->txq) >= NET_TXQ_MAX) {
		DEV_STATS_INC(ndev, tx_dropped);
		dev_kfree_skb_any(skb);
	} else {
		skb_queue_tail(&net->txq, skb);
	}
	if (skb_queue_len_lockless(&net->txq) >= NET_TXQ_MAX)
		netif_stop_queue(ndev);
	/* Not chan_wq: that may be draining (module unload) while frames come. */
	queue_work(system_unbound_wq, &net->tx_work);
	return NETDEV_TX_OK;
}

/* One frame: a partial checksum completed, as a NIC's hardware would. */
static void net_xmit_one(struct sim_net *net, struct sk_buff *skb)
{
	u32 start = 0;

	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		start = skb_checksum_start_offset(skb);
		if (skb_checksum_help(skb)) {
			DEV_STATS_INC(net->ndev, tx_dropped);
			kfree_skb(skb);
			return;
		}
	}
	net_frame_to_guest(net, skb, start);
	consume_skb(skb);
}

/* A frame the host's stack sent: a GSO one is cut into segments first. */
static void net_xmit(struct sim_net *net, struct sk_buff *skb)
{
	struct sk_buff *segs, *seg, *next;

	if (!skb_is_gso(skb)) {
		net_xmit_one(net, skb);
		return;
	}
	segs = skb_gso_segment(skb, net->ndev->features & ~NETIF_F_GSO_MASK);
	if (IS_ERR_OR_NULL(segs)) {
		DEV_STATS_INC(net->ndev, tx_dropped);
		kfree_skb(skb);
		return;
	}
	consume_skb(skb);
	atomic64_inc(&net->gso);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		net_xmit_one(net, seg);
	}
}

static void net_tx_work(struct work_struct *work)
{
	struct sim_net *net = container_of(work, struct sim_net, tx_work);
	struct sk_buff *skb;

	mutex_lock(&net->host->lock);	/* keeps sdev and the channels */
	while ((skb = skb_dequeue(&net->txq)))
		net_xmit(net, skb);
	mutex_unlock(&net->host->lock);
	if (netif_queue_stopped(net->ndev))
		netif_wake_queue(net->ndev);
}

static const struct net_device_ops net_netdev_ops = {
	.ndo_start_xmit = net_start_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

/*
 * Registering takes RTNL, never to be taken under host->lock (a guest may
 * hold RTNL while it waits for the host), so it is done here, on the host's
 * channel queue. The name needs the relid, looked up once sim_device_add()
 * has listed the device: wait until it has.
 */
static void net_register_work(struct work_struct *work)
{
	struct sim_net *net = container_of(to_delayed_work(work), struct sim_net, reg_work);
	struct sim_device *d;
	int relid = -1;
	bool gone;

	mutex_lock(&net->host->lock);
	gone = !net->sdev;
	list_for_each_entry(d, &net->host->devices, list)
		if (d == net->sdev)
			relid = d->relid;
	mutex_unlock(&net->host->lock);
	if (gone)
		return;
	if (relid < 0) {
		queue_delayed_work(net->host->chan_wq, &net->reg_work, 1);
		return;
	}
	snprintf(net->ndev->name, IFNAMSIZ, "hvxh%d", relid);
	if (register_netdev(net->ndev))
		pr_warn("host: relid %d: no host port %s\n", relid, net->ndev->name);
	else
		WRITE_ONCE(net->registered, true);
}

static void net_free_work(struct work_struct *work)
{
	struct sim_net *net = container_of(work, struct sim_net, free_work);

	cancel_delayed_work_sync(&net->reg_work);
	if (net->registered)
		unregister_netdev(net->ndev);
	cancel_work_sync(&net->tx_work);
	skb_queue_purge(&net->txq);
	free_netdev(net->ndev);
}

static int net_init(struct sim_device *dev)
{
	struct net_device *ndev = alloc_etherdev(sizeof(struct sim_net));
	struct sim_net *net;

	if (!ndev)
		return -ENOMEM;
	net = netdev_priv(ndev);
	net->ndev = ndev;
	net->host = dev->host;
	net->sdev = dev;
	INIT_DELAYED_WORK(&net->reg_work, net_register_work);
	INIT_WORK(&net->tx_work, net_tx_work);
	INIT_WORK(&net->free_work, net_free_work);
	skb_queue_head_init(&net->txq);
	spin_lock_init(&net->lock);
	net->link = true;
	net->newest = HVX_NVSP_VERSION_61;
	net->max_frame = NET_MAX_FRAME;
	net->speed = NET_SPEED;
	net->offer = NET_OFFER_ALL;
	net->queues = NET_QUEUES;
	ndev->netdev_ops = &net_netdev_ops;
	/* Large frames with partial checksums from the stack: net_xmit() does them. */
	ndev->hw_features = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO | NETIF_F_TSO6;
	ndev->features = ndev->hw_features;
	ndev->min_mtu = ETH_MIN_MTU;
	ndev->max_mtu = NET_MAX_FRAME;
	eth_hw_addr_random(ndev);
	netif_carrier_off(ndev);
	*(struct sim_net **)dev->state = net;
	queue_delayed_work(dev->host->chan_wq, &net->reg_work, 0);
	return 0;
}

/* Under host->lock, the channels closed: the port goes from a work item. */
static void net_release(struct sim_device *dev)
{
	struct sim_net *net = net_of(dev->state);

	net->sdev = NULL;
	queue_work(dev->host->chan_wq, &net->free_work);
}

/* ---- control ------------------------------------------------------------ */

static int net_cmd_link(struct sim_device *dev, char *args)
{
	struct sim_net *net = net_of(dev->state);
	bool up = sysfs_streq(args, "up");

	if (!up && !sysfs_streq(args, "down"))
		return -EINVAL;
	WRITE_ONCE(net->link, up);
	net_carrier(net);
	net_indicate(net, dev->chan, up ? HVX_RNDIS_STATUS_MEDIA_CONNECT :
		     HVX_RNDIS_STATUS_MEDIA_DISCONNECT, NULL);
	return 0;
}

static int net_cmd_speed(struct sim_device *dev, char *args)
{
	struct sim_net *net = net_of(dev->state);
	u32 mbps, speed;

	if (kstrtou32(args, 0, &mbps) || !mbps || mbps > U32_MAX / 10000)
		return -EINVAL;
	speed = mbps * 10000;		/* in 100 bps units */
	WRITE_ONCE(net->speed, speed);
	net_indicate(net, dev->chan, HVX_RNDIS_STATUS_LINK_SPEED_CHANGE, &speed);
	return 0;
}

static int net_cmd_max_frame(struct sim_device *dev, char *args)
{
	u32 n;

	if (kstrtou32(args, 0, &n) || n < ETH_MIN_MTU || n > NET_FRAME_MAX)
		return -EINVAL;
	WRITE_ONCE(net_of(dev->state)->max_frame, n);
	return 0;
}

static int net_cmd_version(struct sim_device *dev, char *args)
{
	u32 v;

	if (kstrtou32(args, 0, &v) || !net_nvsp_known(v))
		return -EINVAL;
	WRITE_ONCE(net_of(dev->state)->newest, v);
	return 0;
}

/* Arm a fault for the next frame to the guest, and send one to carry it. */
static int net_fault(struct sim_device *dev, int fault)
{
	struct sim_net *net = net_of(dev->state);
	struct sk_buff *skb = alloc_skb(ETH_ZLEN, GFP_KERNEL);
	struct ethhdr *eth;

	WRITE_ONCE(net->rx_fault, fault);
	if (!skb)
		return 0;
	eth = skb_put_zero(skb, ETH_ZLEN);
	eth_broadcast_addr(eth->h_dest);
	ether_addr_copy(eth->h_source, net->ndev->dev_addr);
	eth->h_proto = htons(ETH_P_802_EX1);
	net_frame_to_guest(net, skb, 0);
	consume_skb(skb);
	return 0;
}

#define NET_FAULT_COMMAND(name, fault)					\
static int net_cmd_##name(struct sim_device *dev, char *args)		\
{									\
	return net_fault(dev, fault);					\
}

NET_FAULT_COMMAND(bad_range, NET_FAULT_BAD_RANGE)
NET_FAULT_COMMAND(bad_rndis_len, NET_FAULT_BAD_RNDIS_LEN)
NET_FAULT_COMMAND(bad_ppi, NET_FAULT_BAD_PPI)
NET_FAULT_COMMAND(bad_data, NET_FAULT_BAD_DATA)

static int net_cmd_drop_completion(struct sim_device *dev, char *args)
{
	WRITE_ONCE(net_of(dev->state)->drop_completion, 1);
	return 0;
}

/* Waits for a TCP or UDP frame: no frame of its own. */
static int net_cmd_bad_csum(struct sim_device *dev, char *args)
{
	WRITE_ONCE(net_of(dev->state)->bad_csum, 1);
	return 0;
}

static int net_cmd_offload(struct sim_device *dev, char *args)
{
	int offer = sysfs_match_string(net_offer_names, args);

	if (offer < 0)
		return -EINVAL;
	WRITE_ONCE(net_of(dev->state)->offer, offer);
	return 0;
}

static int net_cmd_mac(struct sim_device *dev, char *args)
{
	struct sim_net *net = net_of(dev->state);
	u8 mac[ETH_ALEN];

	if (!mac_pton(strim(args), mac) || !is_valid_ether_addr(mac))
		return -EINVAL;
	spin_lock(&net->lock);
	ether_addr_copy(net->offered_mac, mac);
	spin_unlock(&net->lock);
	return 0;
}

static int net_cmd_queues(struct sim_device *dev, char *args)
{
	u32 n;

	if (kstrtou32(args, 0, &n) || !n || n > NET_QUEUES_MAX)
		return -EINVAL;
	WRITE_ONCE(net_of(dev->state)->queues, n);
	return 0;
}

static const struct sim_command net_commands[] = {
	{ "link", net_cmd_link },
	{ "speed", net_cmd_speed },
	{ "max_frame", net_cmd_max_frame },
	{ "version", net_cmd_version },
	{ "bad_range", net_cmd_bad_range },
	{ "bad_rndis_len", net_cmd_bad_rndis_len },
	{ "bad_ppi", net_cmd_bad_ppi },
	{ "bad_data", net_cmd_bad_data },
	{ "drop_completion", net_cmd_drop_completion },
	{ "offload", net_cmd_offload },
	{ "bad_csum", net_cmd_bad_csum },
	{ "queues", net_cmd_queues },
	{ "mac", net_cmd_mac },
};

static void net_show_queues(struct sim_net *net, struct seq_file *s)
{
	u32 subch = min_t(u32, READ_ONCE(net->s.subch), NET_QUEUES_MAX - 1), entries, i;
	bool on;

	spin_lock(&net->lock);
	on = net->s.rss.on;
	entries = net->s.rss.entries;
	spin_unlock(&net->lock);
	seq_printf(s, " queues=%u subch=%u rss=%s rss_table=%u rxq=", READ_ONCE(net->queues),
		   subch, on ? "on" : "off", entries);
	for (i = 0; i <= subch; i++)
		seq_printf(s, "%s%lld", i ? "," : "", atomic64_read(&net->rxq[i]));
}

static void net_show(struct sim_device *dev, struct seq_file *s)
{
	struct sim_net *net = net_of(dev->state);
	struct net_session *ss = &net->s;
	u32 ndis = READ_ONCE(ss->ndis);
	u8 mac[ETH_ALEN];
	unsigned int i;

	net_current_mac(net, dev, mac);
	seq_printf(s, " nvsp=0x%x ndis=%u.%u mtu=%u filter=0x%x link=%s mac=%pM",
		   READ_ONCE(ss->nvsp), ndis >> 16, ndis & 0xffff, READ_ONCE(ss->mtu),
		   READ_ONCE(ss->filter), READ_ONCE(net->link) ? "up" : "down", mac);
	spin_lock(&net->lock);
	seq_printf(s, " slots_busy=%u slots=%u", ss->busy, ss->nslots);
	spin_unlock(&net->lock);
	seq_printf(s, " frames_to_host=%lu frames_to_guest=%lu dropped=%lu bad=%lld",
		   DEV_STATS_READ(net->ndev, rx_packets), DEV_STATS_READ(net->ndev, tx_packets),
		   DEV_STATS_READ(net->ndev, rx_dropped) + DEV_STATS_READ(net->ndev, tx_dropped),
		   atomic64_read(&net->bad));
	seq_printf(s, " offer=%s offload=", net_offer_names[READ_ONCE(net->offer)]);
	for (i = 0; i < NET_OFL_NR; i++)
		seq_printf(s, "%s%s:%u", i ? "," : "", net_offload_fields[i].name,
			   READ_ONCE(ss->offload[i]));
	seq_printf(s, " lso=%lld segs=%lld csum=%lld gso=%lld rx_csum=%lld",
		   atomic64_read(&net->lso), atomic64_read(&net->segs), atomic64_read(&net->csum),
		   atomic64_read(&net->gso), atomic64_read(&net->rx_csum));
	net_show_queues(net, s);
	if (READ_ONCE(net->registered))
		seq_printf(s, " netdev=hvxh%u", dev->relid);
	else
		seq_puts(s, " netdev=-");
}

const struct sim_backend sim_net_backend = {
	.name = "net",
	.class_id = HVX_CLASS_NIC,
	.monitored = true,
	.state_size = sizeof(struct sim_net *),
	.init = net_init,
	.release = net_release,
	.opened = net_opened,
	.closed = net_closed,
	.handle_packet = net_handle_packet,
	.commands = net_commands,
	.nr_commands = ARRAY_SIZE(net_commands),
	.show = net_show,
};
