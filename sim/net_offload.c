// SPDX-License-Identifier: GPL-2.0
/*
 * The offloads of the simulated NIC, on plain buffers: the per-packet info
 * list of a frame the guest sends, the checksums it leaves to the host and
 * the LSOv2 segmentation, done as the hardware of a real NIC would do
 * them, plus finding a frame's TCP or UDP checksum on the way back; and
 * receive-side scaling: the guest's RSS parameters, the Toeplitz hash of
 * a frame's addresses and ports. Every offset the guest gives is checked
 * against the frame first.
 */
#include <linux/errno.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/log2.h>
#include <linux/string.h>
#include <linux/udp.h>
#include <kunit/visibility.h>
#include <net/checksum.h>
#include <net/tcp.h>
#include <hvx/rndis.h>
#include <hvx/sim_net.h>

#define NET_OFFSET_MASK		0x3ff	/* the 10-bit offsets of the PPI values */

/* The entries the host acts on; others (the hash) are skipped. */
static const struct {
	u32 type;
	size_t field;
} sim_net_ppi_fields[] = {
	{ HVX_RNDIS_PPI_CSUM, offsetof(struct sim_net_ppi, csum) },
	{ HVX_RNDIS_PPI_LSO, offsetof(struct sim_net_ppi, lso) },
	{ HVX_RNDIS_PPI_IEEE_8021Q, offsetof(struct sim_net_ppi, vlan) },
};

/* The transport headers a checksum is completed in. */
static const struct {
	u8 proto;
	u8 check;		/* the checksum field's offset */
	u8 hlen;		/* the shortest header */
} sim_net_l4s[] = {
	{ IPPROTO_TCP, offsetof(struct tcphdr, check), sizeof(struct tcphdr) },
	{ IPPROTO_UDP, offsetof(struct udphdr, check), sizeof(struct udphdr) },
};

/* One entry's value; false for an entry the host takes twice. */
static bool sim_net_ppi_take(struct sim_net_ppi *ppi, u32 type, u32 value)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_net_ppi_fields); i++) {
		if (sim_net_ppi_fields[i].type != type)
			continue;
		if (ppi->seen & BIT(type))
			return false;
		ppi->seen |= BIT(type);
		*(u32 *)((u8 *)ppi + sim_net_ppi_fields[i].field) = value;
	}
	return true;
}

/**
 * sim_net_parse_ppi() - the per-packet info of a PACKET the guest sent
 * @body: the PACKET's body (struct hvx_rndis_packet first)
 * @len: its bytes, the header excluded
 * @ppi: what the entries ask for
 *
 * Each entry must lie in the list, the list in @body, and each entry's
 * value (a u32) in the entry; an entry the host acts on may come once.
 *
 * Return: 0, or -EINVAL for a list that makes no sense.
 */
int sim_net_parse_ppi(const u8 *body, u32 len, struct sim_net_ppi *ppi)
{
	const struct hvx_rndis_packet *p = (const void *)body;
	u32 off, n, size, at;

	memset(ppi, 0, sizeof(*ppi));
	if (len < sizeof(*p))
		return -EINVAL;
	off = le32_to_cpu(p->ppi_offset);
	n = le32_to_cpu(p->ppi_len);
	if (!n)
		return 0;
	if (off < sizeof(*p) || off > len || n > len - off)
		return -EINVAL;
	while (n) {
		const struct hvx_rndis_ppi *e = (const void *)(body + off);

		if (n < sizeof(*e))
			return -EINVAL;
		size = le32_to_cpu(e->size);
		at = le32_to_cpu(e->ppi_offset);
		if (size < sizeof(*e) || size > n || at < sizeof(*e) ||
		    at > size - sizeof(__le32) ||
		    !sim_net_ppi_take(ppi, le32_to_cpu(e->type),
				      get_unaligned_le32(body + off + at)))
			return -EINVAL;
		off += size;
		n -= size;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sim_net_parse_ppi);

/**
 * sim_net_vlan_tci() - an 802.1Q entry's value as a Linux tag
 * @ndis: priority in bits 0-2, CFI in bit 3, the VLAN id in bits 4-15
 */
u16 sim_net_vlan_tci(u32 ndis)
{
	return ((ndis >> 4) & VLAN_VID_MASK) | (ndis & BIT(3) ? VLAN_CFI_MASK : 0) |
	       (ndis & 7) << VLAN_PRIO_SHIFT;
}
EXPORT_SYMBOL_IF_KUNIT(sim_net_vlan_tci);

/* The length of the IPv4 header right after the Ethernet one; 0: none there. */
static u32 sim_net_ip4_hlen(const u8 *frame, u32 len)
{
	const u8 *ip = frame + ETH_HLEN;
	u32 hlen;

	if (len < ETH_HLEN + sizeof(struct iphdr) ||
	    get_unaligned_be16(frame + 12) != ETH_P_IP || ip[0] >> 4 != 4)
		return 0;
	hlen = (ip[0] & 0xf) * 4;
	if (hlen < sizeof(struct iphdr) || hlen > len - ETH_HLEN)
		return 0;
	return hlen;
}

static bool sim_net_ip4_fragment(const u8 *frame)
{
	return get_unaligned_be16(frame + ETH_HLEN + 6) & (IP_MF | IP_OFFSET);
}

static bool sim_net_ip6_ok(const u8 *frame, u32 len)
{
	return len >= ETH_HLEN + sizeof(struct ipv6hdr) &&
	       get_unaligned_be16(frame + 12) == ETH_P_IPV6 && frame[ETH_HLEN] >> 4 == 6;
}

static void sim_net_ip4_check(u8 *ip, u32 hlen)
{
	put_unaligned(0, (__sum16 *)(ip + 10));
	put_unaligned(csum_fold(csum_partial(ip, hlen, 0)), (__sum16 *)(ip + 10));
}

/**
 * sim_net_csum_tx() - complete the checksums a frame's info asks for
 * @frame: the frame, from its Ethernet header
 * @len: its bytes
 * @info: the TCPIP_CHKSUM entry's value (HVX_PPI_CSUM_TX_*)
 *
 * TCP or UDP: the guest left the pseudo-header sum, length included, in
 * the checksum field; the sum of everything from the transport header to
 * the frame's end, that field included, completes it (UDP's 0 goes out as
 * 0xffff). IP_HDR: the IPv4 header right after the Ethernet one gets its
 * checksum.
 *
 * Return: 0, or -EINVAL when the offsets or flags make no sense.
 */
int sim_net_csum_tx(u8 *frame, u32 len, u32 info)
{
	bool v4 = info & HVX_PPI_CSUM_TX_IPV4, v6 = info & HVX_PPI_CSUM_TX_IPV6;
	bool tcp = info & HVX_PPI_CSUM_TX_TCP, udp = info & HVX_PPI_CSUM_TX_UDP;
	bool ip_hdr = info & HVX_PPI_CSUM_TX_IP_HDR;
	u32 l4 = (info >> HVX_PPI_CSUM_TX_L4_SHIFT) & NET_OFFSET_MASK;
	u32 ip_hlen = ip_hdr ? sim_net_ip4_hlen(frame, len) : 0;
	u32 l4_min = ETH_HLEN + (v4 ? sizeof(struct iphdr) : sizeof(struct ipv6hdr));
	__sum16 check;

	/* sim_net_l4s[udp]: TCP's entry, or UDP's. */
	if ((v4 && v6) || (tcp && udp) || ((tcp || udp) && !v4 && !v6) ||
	    (ip_hdr && (!v4 || !ip_hlen)))
		return -EINVAL;
	if ((tcp || udp) && (l4 < l4_min || l4 > len || len - l4 < sim_net_l4s[udp].hlen))
		return -EINVAL;
	if (ip_hdr)
		sim_net_ip4_check(frame + ETH_HLEN, ip_hlen);
	if (!tcp && !udp)
		return 0;
	check = csum_fold(csum_partial(frame + l4, len - l4, 0));
	if (udp && !check)
		check = CSUM_MANGLED_0;
	put_unaligned(check, (__sum16 *)(frame + l4 + sim_net_l4s[udp].check));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sim_net_csum_tx);

/* The IP part of an LSO frame: IPv4 (options allowed) or IPv6 (no extensions). */
static int sim_net_lso_ip(const u8 *frame, u32 len, struct sim_net_lso *lso)
{
	const u8 *ip = frame + ETH_HLEN;

	if (lso->ipv6) {
		if (!sim_net_ip6_ok(frame, len) || ip[6] != IPPROTO_TCP ||
		    lso->tcp != ETH_HLEN + sizeof(struct ipv6hdr))
			return -EINVAL;
		return 0;
	}
	lso->ip_hlen = sim_net_ip4_hlen(frame, len);
	if (!lso->ip_hlen || ip[9] != IPPROTO_TCP || sim_net_ip4_fragment(frame) ||
	    lso->tcp < ETH_HLEN + lso->ip_hlen)
		return -EINVAL;
	return 0;
}

/**
 * sim_net_lso_parse() - check an LSOv2 frame and plan its segments
 * @frame: the frame, from its Ethernet header (no 802.1Q tag in it)
 * @len: its bytes
 * @info: the TCP_LARGESEND entry's value (HVX_PPI_LSO_*)
 * @lso: the plan, for sim_net_lso_segment()
 *
 * The headers must be in the frame: Ethernet, IPv4 or IPv6 as the info
 * says, TCP at the offset it gives; then 1 to SIM_NET_LSO_MAX_PAYLOAD bytes
 * of payload, cut in pieces of at most the MSS (1 to 65535), each piece's
 * segment small enough for its IP length field.
 *
 * Return: 0, or -EINVAL.
 */
int sim_net_lso_parse(const u8 *frame, u32 len, u32 info, struct sim_net_lso *lso)
{
	u32 doff, payload, ip_len;

	memset(lso, 0, sizeof(*lso));
	lso->len = len;
	lso->mss = info & HVX_PPI_LSO_MSS_MASK;
	lso->tcp = (info >> HVX_PPI_LSO_TCP_SHIFT) & NET_OFFSET_MASK;
	lso->ipv6 = info & HVX_PPI_LSO_IPV6;
	if (!(info & HVX_PPI_LSO_V2) || !lso->mss || lso->mss > U16_MAX ||
	    sim_net_lso_ip(frame, len, lso) || lso->tcp > len ||
	    len - lso->tcp < sizeof(struct tcphdr))
		return -EINVAL;
	doff = frame[lso->tcp + 12] >> 4;
	lso->hdr_len = lso->tcp + doff * 4;
	if (doff < 5 || lso->hdr_len > len)
		return -EINVAL;
	payload = len - lso->hdr_len;
	ip_len = lso->hdr_len - ETH_HLEN + min(lso->mss, payload) -
		 (lso->ipv6 ? sizeof(struct ipv6hdr) : 0);
	if (!payload || payload > SIM_NET_LSO_MAX_PAYLOAD || ip_len > U16_MAX)
		return -EINVAL;
	lso->nsegs = DIV_ROUND_UP(payload, lso->mss);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sim_net_lso_parse);

/**
 * sim_net_lso_segment() - build one segment of an LSO frame
 * @lso: the plan, from sim_net_lso_parse()
 * @frame: the frame it checked
 * @i: the segment, below @lso->nsegs
 * @out: room for @lso->hdr_len + @lso->mss bytes
 *
 * The headers, then the segment's piece of the payload: IP length, IPv4 id
 * (the frame's plus @i) and header checksum, TCP sequence number (plus the
 * piece's offset); FIN and PSH only on the last segment, CWR only on the
 * first. The TCP checksum field holds the pseudo-header sum without the
 * length: adding the segment's TCP length and its bytes completes it.
 *
 * Return: the segment's length, 0 for no such segment.
 */
u32 sim_net_lso_segment(const struct sim_net_lso *lso, const u8 *frame, u32 i, u8 *out)
{
	u32 start = i * lso->mss, n, seg, tcp_len;
	u8 *ip = out + ETH_HLEN, *th = out + lso->tcp;
	__wsum sum;

	if (i >= lso->nsegs)
		return 0;
	n = min(lso->mss, lso->len - lso->hdr_len - start);
	seg = lso->hdr_len + n;
	tcp_len = seg - lso->tcp;
	memcpy(out, frame, lso->hdr_len);
	memcpy(out + lso->hdr_len, frame + lso->hdr_len + start, n);
	if (lso->ipv6) {
		put_unaligned_be16(seg - ETH_HLEN - sizeof(struct ipv6hdr), ip + 4);
	} else {
		put_unaligned_be16(seg - ETH_HLEN, ip + 2);
		put_unaligned_be16(get_unaligned_be16(ip + 4) + i, ip + 4);
		sim_net_ip4_check(ip, lso->ip_hlen);
	}
	put_unaligned_be32(get_unaligned_be32(th + 4) + start, th + 4);
	if (i + 1 < lso->nsegs)
		th[13] &= ~(TCPHDR_FIN | TCPHDR_PSH);
	if (i)
		th[13] &= ~TCPHDR_CWR;
	sum = csum_partial(th, tcp_len, 0);
	sum = csum_add(sum, (__force __wsum)htons(tcp_len));
	put_unaligned(csum_fold(sum), (__sum16 *)(th + offsetof(struct tcphdr, check)));
	return seg;
}
EXPORT_SYMBOL_IF_KUNIT(sim_net_lso_segment);

/**
 * sim_net_find_l4() - a frame's TCP or UDP header, right after IPv4 or IPv6
 * @frame: the frame, or its first bytes (SIM_NET_L4_HEAD is enough)
 * @len: how many there are
 * @l4: where the header and its checksum field are
 *
 * An IPv4 fragment and IPv6 extension headers do not count.
 *
 * Return: 0, or -ENOENT.
 */
int sim_net_find_l4(const u8 *frame, u32 len, struct sim_net_l4 *l4)
{
	u32 ip_hlen = sim_net_ip4_hlen(frame, len);
	unsigned int i;

	memset(l4, 0, sizeof(*l4));
	if (ip_hlen && !sim_net_ip4_fragment(frame)) {
		l4->proto = frame[ETH_HLEN + 9];
		l4->start = ETH_HLEN + ip_hlen;
	} else if (sim_net_ip6_ok(frame, len)) {
		l4->proto = frame[ETH_HLEN + 6];
		l4->start = ETH_HLEN + sizeof(struct ipv6hdr);
		l4->ipv6 = true;
	} else {
		return -ENOENT;
	}
	for (i = 0; i < ARRAY_SIZE(sim_net_l4s); i++) {
		if (sim_net_l4s[i].proto != l4->proto || len - l4->start < sim_net_l4s[i].hlen)
			continue;
		l4->check = l4->start + sim_net_l4s[i].check;
		return 0;
	}
	return -ENOENT;
}
EXPORT_SYMBOL_IF_KUNIT(sim_net_find_l4);

/**
 * sim_net_toeplitz() - the Toeplitz hash of @data under @key
 * @key: the secret key
 * @key_len: its bytes: at least @len + 4
 * @data: the hash input
 * @len: its bytes
 *
 * Each bit set in @data, the most significant of its first byte first,
 * adds (XOR) the 32 bits of @key that start at the same bit position.
 *
 * Return: the hash; 0 when @key is too short.
 */
u32 sim_net_toeplitz(const u8 *key, u32 key_len, const u8 *data, u32 len)
{
	u32 window, hash = 0, i;
	int bit;

	if (key_len < sizeof(u32) || len > key_len - sizeof(u32))
		return 0;
	window = get_unaligned_be32(key);
	for (i = 0; i < len; i++) {
		for (bit = 7; bit >= 0; bit--) {
			if (data[i] & BIT(bit))
				hash ^= window;
			window = window << 1 | ((key[i + sizeof(u32)] >> bit) & 1);
		}
	}
	return hash;
}
EXPORT_SYMBOL_IF_KUNIT(sim_net_toeplitz);

/* Where an IPv4 header's TCP ports are: 0 for none, -ENOENT for a bad header. */
static int sim_net_rss_tcp4(const u8 *ip, u32 len)
{
	u32 hlen;

	if (len < sizeof(struct iphdr) || ip[0] >> 4 != 4)
		return -ENOENT;
	hlen = (ip[0] & 0xf) * 4;
	if (hlen < sizeof(struct iphdr) || hlen > len)
		return -ENOENT;
	if (ip[9] != IPPROTO_TCP || (get_unaligned_be16(ip + 6) & (IP_MF | IP_OFFSET)) ||
	    len - hlen < 2 * sizeof(__be16))
		return 0;
	return hlen;
}

/* ... an IPv6 header's: TCP right after it (no extension headers). */
static int sim_net_rss_tcp6(const u8 *ip, u32 len)
{
	if (len < sizeof(struct ipv6hdr) || ip[0] >> 4 != 6)
		return -ENOENT;
	if (ip[6] != IPPROTO_TCP || len - sizeof(struct ipv6hdr) < 2 * sizeof(__be16))
		return 0;
	return sizeof(struct ipv6hdr);
}

/* What RSS hashes of each IP version, and the hash types that ask for it. */
static const struct {
	u16 ethertype;
	u32 hash_addrs;		/* HVX_NDIS_HASH_*: the addresses */
	u32 hash_tcp;		/* ... and TCP's ports after them */
	u8 addrs;		/* where the source address starts, the destination follows */
	u8 addr_len;
	int (*tcp)(const u8 *ip, u32 len);
} sim_net_rss_l3s[] = {
	{ ETH_P_IP, HVX_NDIS_HASH_IPV4, HVX_NDIS_HASH_TCP_IPV4,
	  offsetof(struct iphdr, saddr), sizeof(__be32), sim_net_rss_tcp4 },
	{ ETH_P_IPV6, HVX_NDIS_HASH_IPV6, HVX_NDIS_HASH_TCP_IPV6,
	  offsetof(struct ipv6hdr, saddr), sizeof(struct in6_addr), sim_net_rss_tcp6 },
};

/**
 * sim_net_rss_input() - what RSS hashes of a frame
 * @frame: the frame, from its Ethernet header (an 802.1Q tag may follow)
 * @len: its bytes (SIM_NET_RSS_HEAD are enough)
 * @hash_info: the hash types the guest turned on (HVX_NDIS_HASH_*)
 * @out: room for SIM_NET_RSS_INPUT_MAX bytes: the hash input
 * @out_len: its length
 *
 * The source and destination addresses, then, for TCP (not an IPv4
 * fragment) with the TCP hash type of its IP version on, the source and
 * destination ports: 8 or 12 bytes for IPv4, 32 or 36 for IPv6. UDP and
 * other protocols hash by their addresses only.
 *
 * Return: 0, or -ENOENT for a frame with nothing to hash: no whole IP
 * header, or no hash type that takes it.
 */
int sim_net_rss_input(const u8 *frame, u32 len, u32 hash_info, u8 *out, u32 *out_len)
{
	u32 off = ETH_HLEN, type, i;
	bool ports;
	int tcp;

	if (len < ETH_HLEN)
		return -ENOENT;
	type = get_unaligned_be16(frame + 12);
	if (type == ETH_P_8021Q && len >= VLAN_ETH_HLEN) {
		type = get_unaligned_be16(frame + 16);
		off = VLAN_ETH_HLEN;
	}
	for (i = 0; i < ARRAY_SIZE(sim_net_rss_l3s); i++)
		if (sim_net_rss_l3s[i].ethertype == type)
			break;
	if (i == ARRAY_SIZE(sim_net_rss_l3s))
		return -ENOENT;
	tcp = sim_net_rss_l3s[i].tcp(frame + off, len - off);
	ports = tcp > 0 && (hash_info & sim_net_rss_l3s[i].hash_tcp);
	if (tcp < 0 || (!ports && !(hash_info & sim_net_rss_l3s[i].hash_addrs)))
		return -ENOENT;
	*out_len = 2 * sim_net_rss_l3s[i].addr_len;
	memcpy(out, frame + off + sim_net_rss_l3s[i].addrs, *out_len);
	if (ports) {
		memcpy(out + *out_len, frame + off + tcp, 2 * sizeof(__be16));
		*out_len += 2 * sizeof(__be16);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sim_net_rss_input);

/* @size bytes at @off lie in @len, without wrapping. */
static bool sim_net_inside(u32 off, u32 size, u32 len)
{
	return off <= len && size <= len - off;
}

/**
 * sim_net_rss_parse() - check the RSS parameters the guest set
 * @info: OID_GEN_RSS_PARAMETERS' information buffer (hvx_ndis_rss_params)
 * @len: its bytes
 * @channels: how many channels the table may name (the primary included)
 * @rss: the parameters taken; @rss->on false for DISABLE
 *
 * A header of type RSS_PARAMS, revision 2, with its size in @len; unless
 * the DISABLE flag is set: the Toeplitz hash, a HVX_RSS_KEY_LEN-byte key,
 * a table of 1 to HVX_RSS_TABLE_MAX u32 entries (a power of two), each
 * below @channels; table and key after the header, within @len.
 *
 * Return: 0, or -EINVAL (@rss off).
 */
int sim_net_rss_parse(const u8 *info, u32 len, u32 channels, struct sim_net_rss *rss)
{
	struct hvx_ndis_rss_params p;
	u32 size, table, key, entries, v, i;

	memset(rss, 0, sizeof(*rss));
	if (len < sizeof(p))
		return -EINVAL;
	memcpy(&p, info, sizeof(p));
	size = le16_to_cpu(p.header.size);
	if (p.header.type != HVX_NDIS_OBJECT_RSS_PARAMS ||
	    p.header.revision != HVX_NDIS_RSS_REVISION || size < sizeof(p) || size > len)
		return -EINVAL;
	if (le16_to_cpu(p.flags) & HVX_NDIS_RSS_FLAG_DISABLE)
		return 0;
	size = le16_to_cpu(p.table_size);
	table = le32_to_cpu(p.table_offset);
	key = le32_to_cpu(p.key_offset);
	entries = size / sizeof(__le32);
	if (!(le32_to_cpu(p.hash_info) & HVX_NDIS_HASH_TOEPLITZ) ||
	    le16_to_cpu(p.key_size) != HVX_RSS_KEY_LEN || size % sizeof(__le32) ||
	    !entries || entries > HVX_RSS_TABLE_MAX || !is_power_of_2(entries) ||
	    table < sizeof(p) || !sim_net_inside(table, size, len) ||
	    key < sizeof(p) || !sim_net_inside(key, HVX_RSS_KEY_LEN, len))
		return -EINVAL;
	for (i = 0; i < entries; i++) {
		v = get_unaligned_le32(info + table + i * sizeof(__le32));
		if (v >= channels || v > U8_MAX) {
			memset(rss, 0, sizeof(*rss));
			return -EINVAL;
		}
		rss->table[i] = v;
	}
	memcpy(rss->key, info + key, HVX_RSS_KEY_LEN);
	rss->hash_info = le32_to_cpu(p.hash_info);
	rss->entries = entries;
	rss->on = true;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sim_net_rss_parse);
