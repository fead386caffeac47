// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the offloads of hvx_sim's network backend: LSOv2 frames
 * cut into segments equal, byte for byte, to segments built by hand and
 * checksummed with csum_tcpudp_magic()/csum_ipv6_magic(); completed TCP and
 * UDP checksums; every malformed request refused with the frame unchanged;
 * the per-packet info walk; the VLAN tag; finding a frame's checksum field.
 */
#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>
#include <hvx/compat.h>
#include <hvx/rndis.h>
#include <hvx/sim_net.h>

#define IP6_HLEN	40
#define ID		0xfffe		/* the IPv4 id wraps in the segments */
#define SEQ		0xfffff800	/* ... and the sequence number */

static const __be32 saddr4 = cpu_to_be32(0xc0a80001);
static const __be32 daddr4 = cpu_to_be32(0xc0a80002);
static const struct in6_addr saddr6 = {{{ 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }}};
static const struct in6_addr daddr6 = {{{ 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 }}};

/* The shape of a test frame. */
struct shape {
	bool v6;
	u8 proto;
	u32 ip_hlen;		/* IPv4: 20 to 60 (options are NOPs) */
	u32 l4_hlen;		/* TCP: 20 to 60 (options are NOPs); UDP: 8 */
};

static u32 l4_off(const struct shape *s)
{
	return ETH_HLEN + (s->v6 ? IP6_HLEN : s->ip_hlen);
}

static u8 pattern(u32 i)
{
	return i * 7 + 1;
}

/* Headers for @n payload bytes, checksums 0; returns where the payload goes. */
static u32 put_headers(u8 *f, const struct shape *s, u32 n, u8 flags, u32 seq, u16 id)
{
	u8 *ip = f + ETH_HLEN, *l4 = f + l4_off(s);
	u32 end = l4_off(s) + s->l4_hlen;

	memset(f, 0, end);
	memset(f, 0x02, ETH_ALEN);
	memset(f + ETH_ALEN, 0x04, ETH_ALEN);
	put_unaligned_be16(s->v6 ? ETH_P_IPV6 : ETH_P_IP, f + 12);
	if (s->v6) {
		ip[0] = 0x60;
		put_unaligned_be16(s->l4_hlen + n, ip + 4);
		ip[6] = s->proto;
		ip[7] = 64;
		memcpy(ip + 8, &saddr6, sizeof(saddr6));
		memcpy(ip + 24, &daddr6, sizeof(daddr6));
	} else {
		ip[0] = 0x40 | s->ip_hlen / 4;
		put_unaligned_be16(s->ip_hlen + s->l4_hlen + n, ip + 2);
		put_unaligned_be16(id, ip + 4);
		ip[6] = 0x40;		/* DF */
		ip[8] = 64;
		ip[9] = s->proto;
		memcpy(ip + 12, &saddr4, 4);
		memcpy(ip + 16, &daddr4, 4);
		memset(ip + 20, 1, s->ip_hlen - 20);
	}
	put_unaligned_be16(40000, l4);
	put_unaligned_be16(80, l4 + 2);
	if (s->proto == IPPROTO_UDP) {
		put_unaligned_be16(s->l4_hlen + n, l4 + 4);
		return end;
	}
	put_unaligned_be32(seq, l4 + 4);
	put_unaligned_be32(0x12345678, l4 + 8);
	l4[12] = s->l4_hlen / 4 << 4;
	l4[13] = flags;
	put_unaligned_be16(512, l4 + 14);
	memset(l4 + 20, 1, s->l4_hlen - 20);
	return end;
}

static void put_payload(u8 *at, u32 from, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		at[i] = pattern(from + i);
}

static __sum16 *check_of(u8 *f, const struct shape *s)
{
	return (__sum16 *)(f + l4_off(s) + (s->proto == IPPROTO_TCP ? 16 : 6));
}

/* The pseudo-header sum of @len transport bytes, as the guest seeds it. */
static __sum16 seed(const struct shape *s, u32 len)
{
	if (s->v6)
		return ~csum_ipv6_magic(&saddr6, &daddr6, len, s->proto, 0);
	return ~csum_tcpudp_magic(saddr4, daddr4, len, s->proto, 0);
}

/* The checksum of @len transport bytes at @l4, computed the usual way. */
static __sum16 full_csum(const struct shape *s, const u8 *l4, u32 len)
{
	__wsum sum = csum_partial(l4, len, 0);

	if (s->v6)
		return csum_ipv6_magic(&saddr6, &daddr6, len, s->proto, sum);
	return csum_tcpudp_magic(saddr4, daddr4, len, s->proto, sum);
}

/* A frame with final checksums, built by hand. */
static u32 build_final(u8 *f, const struct shape *s, u32 from, u32 n, u8 flags, u32 seq, u16 id)
{
	u32 hdr = put_headers(f, s, n, flags, seq, id), l4 = l4_off(s);

	put_payload(f + hdr, from, n);
	if (!s->v6)
		put_unaligned(ip_fast_csum(f + ETH_HLEN, s->ip_hlen / 4), (__sum16 *)(f + 24));
	put_unaligned(full_csum(s, f + l4, hdr + n - l4), check_of(f, s));
	return hdr + n;
}

/* An LSO frame as the guest sends it: IP length 0, seed without the length. */
static u32 build_lso(u8 *f, const struct shape *s, u32 payload, u8 flags)
{
	u32 hdr = put_headers(f, s, payload, flags, SEQ, ID);

	put_unaligned_be16(0, f + ETH_HLEN + (s->v6 ? 4 : 2));
	put_unaligned(seed(s, 0), check_of(f, s));
	put_payload(f + hdr, 0, payload);
	return hdr + payload;
}

static u32 lso_info(const struct shape *s, u32 mss)
{
	return HVX_PPI_LSO_V2 | (s->v6 ? HVX_PPI_LSO_IPV6 : 0) |
	       l4_off(s) << HVX_PPI_LSO_TCP_SHIFT | mss;
}

/* ---- LSO ---------------------------------------------------------------------- */

static void lso_cut(struct kunit *test, const struct shape *s, u32 mss)
{
	const u8 all = TCPHDR_FIN | TCPHDR_PSH | TCPHDR_CWR | TCPHDR_ACK;
	u32 payload = 3 * mss + 7, hdr = l4_off(s) + s->l4_hlen, i, len, n, seg;
	u8 *frame = kunit_kzalloc(test, hdr + payload, GFP_KERNEL);
	u8 *out = kunit_kzalloc(test, hdr + mss, GFP_KERNEL);
	u8 *want = kunit_kzalloc(test, hdr + mss, GFP_KERNEL);
	struct sim_net_lso lso;
	u8 flags;

	KUNIT_ASSERT_NOT_NULL(test, frame);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, want);
	len = build_lso(frame, s, payload, all);
	KUNIT_ASSERT_EQ(test, sim_net_lso_parse(frame, len, lso_info(s, mss), &lso), 0);
	KUNIT_EXPECT_EQ(test, lso.nsegs, 4);
	KUNIT_EXPECT_EQ(test, lso.hdr_len, hdr);
	for (i = 0; i < 4; i++) {
		n = i < 3 ? mss : 7;
		flags = TCPHDR_ACK | (i == 0 ? TCPHDR_CWR : 0) |
			(i == 3 ? TCPHDR_FIN | TCPHDR_PSH : 0);
		memset(out, 0xaa, hdr + mss);
		seg = sim_net_lso_segment(&lso, frame, i, out);
		KUNIT_EXPECT_EQ_MSG(test, seg, hdr + n, "segment %u", i);
		KUNIT_EXPECT_EQ(test, build_final(want, s, i * mss, n, flags, SEQ + i * mss,
						  ID + i), hdr + n);
		KUNIT_EXPECT_MEMEQ_MSG(test, out, want, hdr + n, "segment %u", i);
		/* The fields one by one, and the checksum as a receiver checks it. */
		KUNIT_EXPECT_EQ(test, get_unaligned_be32(out + l4_off(s) + 4), SEQ + i * mss);
		KUNIT_EXPECT_EQ(test, out[l4_off(s) + 13], flags);
		if (s->v6) {
			KUNIT_EXPECT_EQ(test, get_unaligned_be16(out + ETH_HLEN + 4),
					s->l4_hlen + n);
		} else {
			KUNIT_EXPECT_EQ(test, get_unaligned_be16(out + ETH_HLEN + 2),
					s->ip_hlen + s->l4_hlen + n);
			KUNIT_EXPECT_EQ(test, get_unaligned_be16(out + ETH_HLEN + 4),
					(u16)(ID + i));
			KUNIT_EXPECT_EQ(test, (__force u16)ip_fast_csum(out + ETH_HLEN,
									s->ip_hlen / 4), 0);
		}
		KUNIT_EXPECT_EQ(test, (__force u16)full_csum(s, out + l4_off(s),
							     seg - l4_off(s)), 0);
	}
	KUNIT_EXPECT_EQ(test, sim_net_lso_segment(&lso, frame, 4, out), 0);
}

static void lso_ipv4(struct kunit *test)
{
	const struct shape s = { .proto = IPPROTO_TCP, .ip_hlen = 24, .l4_hlen = 32 };

	lso_cut(test, &s, 1000);
}

static void lso_ipv6(struct kunit *test)
{
	const struct shape s = { .v6 = true, .proto = IPPROTO_TCP, .l4_hlen = 20 };

	lso_cut(test, &s, 1220);
}

/* A frame too big for one segment of the largest MSS still cuts. */
static void lso_largest(struct kunit *test)
{
	const struct shape s = { .proto = IPPROTO_TCP, .ip_hlen = 20, .l4_hlen = 20 };
	u32 payload = SIM_NET_LSO_MAX_PAYLOAD, len;
	u8 *frame = kunit_kzalloc(test, 54 + payload + 1, GFP_KERNEL);
	struct sim_net_lso lso;

	KUNIT_ASSERT_NOT_NULL(test, frame);
	len = build_lso(frame, &s, payload, TCPHDR_ACK);
	KUNIT_EXPECT_EQ(test, sim_net_lso_parse(frame, len, lso_info(&s, 65000), &lso), 0);
	KUNIT_EXPECT_EQ(test, lso.nsegs, 2);
	/* One segment would pass IPv4's 64 KiB total length. */
	KUNIT_EXPECT_EQ(test, sim_net_lso_parse(frame, len, lso_info(&s, 65535), &lso), -EINVAL);
	/* A byte more payload than the host takes. */
	len = build_lso(frame, &s, payload + 1, TCPHDR_ACK);
	KUNIT_EXPECT_EQ(test, sim_net_lso_parse(frame, len, lso_info(&s, 1460), &lso), -EINVAL);
}

/* One mutation of a good LSO frame, or of the request; each must be refused. */
struct lso_bad {
	const char *name;
	bool v6;
	u32 at;			/* a byte to set, 0 for none */
	u16 value;
	bool be16;		/* ... two bytes */
	s32 len;		/* added to the frame's length (1007 bytes of payload) */
	u32 info_set, info_clear;
};

#define TCP_AT(n)	((n) << HVX_PPI_LSO_TCP_SHIFT)
#define TCP_ANY		TCP_AT(0x3ff)

static const struct lso_bad lso_bads[] = {
	{ "mss 0", .info_clear = HVX_PPI_LSO_MSS_MASK },
	{ "mss 65536", .info_clear = HVX_PPI_LSO_MSS_MASK, .info_set = 65536 },
	{ "not LSOv2", .info_clear = HVX_PPI_LSO_V2 },
	{ "IPv4 ihl 4", .at = ETH_HLEN, .value = 0x44 },
	{ "IPv4 version 6", .at = ETH_HLEN, .value = 0x65 },
	{ "IPv4 header past the TCP offset", .at = ETH_HLEN, .value = 0x46 },
	{ "IPv4 carries UDP", .at = ETH_HLEN + 9, .value = IPPROTO_UDP },
	{ "IPv4 fragment", .at = ETH_HLEN + 6, .value = 0x20 },
	{ "ethertype IPv6, info IPv4", .at = 12, .value = ETH_P_IPV6, .be16 = true },
	{ "ethertype IPv4, info IPv6", .v6 = true, .at = 12, .value = ETH_P_IP, .be16 = true },
	{ "ethertype ARP", .at = 12, .value = ETH_P_ARP, .be16 = true },
	{ "TCP doff 4", .at = 34 + 12, .value = 0x40 },
	{ "TCP doff past the frame", .len = -1006, .at = 34 + 12, .value = 0xf0 },
	{ "TCP offset past the frame", .len = -1007, .info_clear = TCP_ANY,
	  .info_set = TCP_AT(1023) },
	{ "TCP header past the frame", .len = -1007, .info_clear = TCP_ANY,
	  .info_set = TCP_AT(40) },
	{ "TCP offset in the IPv4 header", .info_clear = TCP_ANY, .info_set = TCP_AT(30) },
	{ "no payload", .len = -1007 },
	{ "TCP header cut", .len = -1008 },
	{ "IPv4 header cut", .len = -1030 },
	{ "IPv6 extension header", .v6 = true, .at = ETH_HLEN + 6, .value = 0 },
	{ "IPv6 carries UDP", .v6 = true, .at = ETH_HLEN + 6, .value = IPPROTO_UDP },
	{ "IPv6 TCP offset after a gap", .v6 = true, .info_clear = TCP_ANY,
	  .info_set = TCP_AT(62) },
	{ "IPv6 version 4", .v6 = true, .at = ETH_HLEN, .value = 0x40 },
	{ "IPv6 header cut", .v6 = true, .len = -1007 - 20 - 1 },
};

static void lso_bad_desc(const struct lso_bad *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(lso_bad, lso_bads, lso_bad_desc);

static void lso_refused(struct kunit *test)
{
	const struct lso_bad *c = test->param_value;
	const struct shape s = { .v6 = c->v6, .proto = IPPROTO_TCP, .ip_hlen = 20,
				 .l4_hlen = 20 };
	u8 *frame = kunit_kzalloc(test, 2048, GFP_KERNEL);
	struct sim_net_lso lso;
	u32 len, info;

	KUNIT_ASSERT_NOT_NULL(test, frame);
	len = build_lso(frame, &s, 1007, TCPHDR_ACK);
	info = lso_info(&s, 1000);
	KUNIT_ASSERT_EQ(test, sim_net_lso_parse(frame, len, info, &lso), 0);
	if (c->be16)
		put_unaligned_be16(c->value, frame + c->at);
	else if (c->at)
		frame[c->at] = c->value;
	info = (info & ~c->info_clear) | c->info_set;
	KUNIT_EXPECT_EQ(test, sim_net_lso_parse(frame, len + c->len, info, &lso), -EINVAL);
}

/* ---- checksums ---------------------------------------------------------------- */

/* A frame whose checksum the host completes: the guest's seed in place. */
static u32 build_partial(u8 *f, const struct shape *s, u32 payload)
{
	u32 hdr = put_headers(f, s, payload, TCPHDR_ACK | TCPHDR_PSH, SEQ, ID);

	put_payload(f + hdr, 0, payload);
	put_unaligned(seed(s, hdr + payload - l4_off(s)), check_of(f, s));
	return hdr + payload;
}

static u32 csum_info(const struct shape *s)
{
	return (s->v6 ? HVX_PPI_CSUM_TX_IPV6 : HVX_PPI_CSUM_TX_IPV4) |
	       (s->proto == IPPROTO_TCP ? HVX_PPI_CSUM_TX_TCP : HVX_PPI_CSUM_TX_UDP) |
	       l4_off(s) << HVX_PPI_CSUM_TX_L4_SHIFT;
}

static void csum_complete(struct kunit *test, const struct shape *s, u32 payload)
{
	u8 *frame = kunit_kzalloc(test, 1600, GFP_KERNEL);
	u8 *want = kunit_kzalloc(test, 1600, GFP_KERNEL);
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, frame);
	KUNIT_ASSERT_NOT_NULL(test, want);
	len = build_partial(frame, s, payload);

	KUNIT_ASSERT_EQ(test, build_final(want, s, 0, payload, TCPHDR_ACK | TCPHDR_PSH, SEQ, ID),
			len);
	if (!s->v6)	/* build_partial() left the IPv4 header checksum out */
		memcpy(frame + ETH_HLEN + 10, want + ETH_HLEN + 10, 2);
	KUNIT_EXPECT_EQ(test, sim_net_csum_tx(frame, len, csum_info(s)), 0);
	KUNIT_EXPECT_MEMEQ(test, frame, want, len);
}

static void csum_tcp4(struct kunit *test)
{
	const struct shape s = { .proto = IPPROTO_TCP, .ip_hlen = 20, .l4_hlen = 32 };

	csum_complete(test, &s, 333);
}

static void csum_udp4(struct kunit *test)
{
	const struct shape s = { .proto = IPPROTO_UDP, .ip_hlen = 28, .l4_hlen = 8 };

	csum_complete(test, &s, 1001);
}

static void csum_tcp6(struct kunit *test)
{
	const struct shape s = { .v6 = true, .proto = IPPROTO_TCP, .l4_hlen = 20 };

	csum_complete(test, &s, 1400);
}

static void csum_udp6(struct kunit *test)
{
	const struct shape s = { .v6 = true, .proto = IPPROTO_UDP, .l4_hlen = 8 };

	csum_complete(test, &s, 64);
}

/* A UDP datagram whose checksum comes out 0 goes with 0xffff. */
static void csum_udp_zero(struct kunit *test)
{
	const struct shape s = { .proto = IPPROTO_UDP, .ip_hlen = 20, .l4_hlen = 8 };
	u32 l4 = l4_off(&s), len;
	u8 frame[128];
	__sum16 c;

	len = build_partial(frame, &s, 64);
	/* Make the last payload word cancel the rest: the sum folds to 0. */
	put_unaligned_be16(0, frame + len - 2);
	put_unaligned(0, check_of(frame, &s));
	c = full_csum(&s, frame + l4, len - l4);
	memcpy(frame + len - 2, &c, 2);
	put_unaligned(seed(&s, len - l4), check_of(frame, &s));
	KUNIT_EXPECT_EQ(test, sim_net_csum_tx(frame, len, csum_info(&s)), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(check_of(frame, &s)), 0xffff);
	KUNIT_EXPECT_EQ(test, (__force u16)full_csum(&s, frame + l4, len - l4), 0);
}

/* IP_HDR: the IPv4 header checksum, whatever was in it. */
static void csum_ip_header(struct kunit *test)
{
	const struct shape s = { .proto = IPPROTO_TCP, .ip_hlen = 60, .l4_hlen = 20 };
	u8 frame[256];
	u32 len = build_partial(frame, &s, 10);

	put_unaligned_be16(0x1234, frame + ETH_HLEN + 10);
	KUNIT_EXPECT_EQ(test, sim_net_csum_tx(frame, len, csum_info(&s) |
					      HVX_PPI_CSUM_TX_IP_HDR), 0);
	KUNIT_EXPECT_EQ(test, (__force u16)ip_fast_csum(frame + ETH_HLEN, 15), 0);
	KUNIT_EXPECT_EQ(test, (__force u16)full_csum(&s, frame + l4_off(&s), len - l4_off(&s)),
			0);
	/* Alone, on a frame that is no TCP or UDP. */
	put_unaligned_be16(0x1234, frame + ETH_HLEN + 10);
	KUNIT_EXPECT_EQ(test, sim_net_csum_tx(frame, len, HVX_PPI_CSUM_TX_IPV4 |
					      HVX_PPI_CSUM_TX_IP_HDR), 0);
	KUNIT_EXPECT_EQ(test, (__force u16)ip_fast_csum(frame + ETH_HLEN, 15), 0);
	/* Nothing asked: nothing done. */
	KUNIT_EXPECT_EQ(test, sim_net_csum_tx(frame, len, 0), 0);
	KUNIT_EXPECT_EQ(test, sim_net_csum_tx(frame, len, HVX_PPI_CSUM_TX_IPV6), 0);
}

struct csum_bad {
	const char *name;
	bool v6;
	u8 proto;
	u32 info_set, info_clear;
	s32 len;		/* added to the frame's length */
	u32 at;			/* a byte to set, 0 for none */
	u8 value;
};

#define L4(n)	((n) << HVX_PPI_CSUM_TX_L4_SHIFT)

static const struct csum_bad csum_bads[] = {
	{ "TCP and UDP", .proto = IPPROTO_TCP, .info_set = HVX_PPI_CSUM_TX_UDP },
	{ "IPv4 and IPv6", .proto = IPPROTO_TCP, .info_set = HVX_PPI_CSUM_TX_IPV6 },
	{ "TCP, no IP version", .proto = IPPROTO_TCP, .info_clear = HVX_PPI_CSUM_TX_IPV4 },
	{ "IP header of IPv6", .v6 = true, .proto = IPPROTO_TCP,
	  .info_set = HVX_PPI_CSUM_TX_IP_HDR },
	{ "IP header, ethertype not IPv4", .proto = IPPROTO_TCP,
	  .info_set = HVX_PPI_CSUM_TX_IP_HDR, .at = 12, .value = 0x86 },
	{ "IP header, ihl 4", .proto = IPPROTO_TCP, .info_set = HVX_PPI_CSUM_TX_IP_HDR,
	  .at = ETH_HLEN, .value = 0x44 },
	{ "IPv4 L4 offset in the IP header", .proto = IPPROTO_TCP, .info_clear = L4(34),
	  .info_set = L4(33) },
	{ "IPv6 L4 offset in the IP header", .v6 = true, .proto = IPPROTO_UDP,
	  .info_clear = L4(54), .info_set = L4(53) },
	{ "IPv6 L4 offset 34", .v6 = true, .proto = IPPROTO_TCP, .info_clear = L4(54),
	  .info_set = L4(34) },
	{ "L4 offset past the frame", .proto = IPPROTO_UDP, .info_set = L4(1023) },
	{ "TCP header cut", .proto = IPPROTO_TCP, .len = -100 - 1 },
	{ "UDP header cut", .v6 = true, .proto = IPPROTO_UDP, .len = -100 - 1 },
};

static void csum_bad_desc(const struct csum_bad *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(csum_bad, csum_bads, csum_bad_desc);

static void csum_refused(struct kunit *test)
{
	const struct csum_bad *c = test->param_value;
	const struct shape s = { .v6 = c->v6, .proto = c->proto, .ip_hlen = 20,
				 .l4_hlen = c->proto == IPPROTO_TCP ? 20 : 8 };
	u8 frame[256], copy[256];
	u32 len = build_partial(frame, &s, 100), info = csum_info(&s);
	u8 *probe = kunit_kzalloc(test, 256, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, probe);
	memcpy(probe, frame, len);
	KUNIT_ASSERT_EQ(test, sim_net_csum_tx(probe, len, info), 0);
	if (c->at)
		frame[c->at] = c->value;
	memcpy(copy, frame, len);
	info = (info & ~c->info_clear) | c->info_set;
	KUNIT_EXPECT_EQ(test, sim_net_csum_tx(frame, len + c->len, info), -EINVAL);
	KUNIT_EXPECT_MEMEQ(test, frame, copy, len);
}

/* ---- per-packet info ---------------------------------------------------------- */

#define BODY	sizeof(struct hvx_rndis_packet)

/* An entry at @at: size, type, value offset, value there. */
static u32 put_entry(u8 *b, u32 at, u32 size, u32 type, u32 offset, u32 value)
{
	put_unaligned_le32(size, b + at);
	put_unaligned_le32(type, b + at + 4);
	put_unaligned_le32(offset, b + at + 8);
	if (offset >= 12 && size >= 16 && offset <= size - 4)
		put_unaligned_le32(value, b + at + offset);
	return at + size;
}

static void put_list(u8 *b, u32 off, u32 len)
{
	put_unaligned_le32(off, b + 20);	/* ppi_offset */
	put_unaligned_le32(len, b + 24);	/* ppi_len */
}

static void ppi_good(struct kunit *test)
{
	struct sim_net_ppi ppi;
	u8 b[256] = {};
	u32 end;

	KUNIT_EXPECT_EQ(test, sim_net_parse_ppi(b, BODY, &ppi), 0);
	KUNIT_EXPECT_EQ(test, ppi.seen, 0);
	end = put_entry(b, BODY, 16, HVX_RNDIS_PPI_CSUM, 12, 0x220005);
	end = put_entry(b, end, 16, HVX_RNDIS_PPI_HASH, 12, 0xdeadbeef);
	end = put_entry(b, end, 24, HVX_RNDIS_PPI_LSO, 20, 0x42205b4);	/* a longer entry */
	end = put_entry(b, end, 16, HVX_RNDIS_PPI_IEEE_8021Q, 12, 0x123d);
	put_list(b, BODY, end - BODY);
	KUNIT_EXPECT_EQ(test, sim_net_parse_ppi(b, end, &ppi), 0);
	KUNIT_EXPECT_EQ(test, ppi.seen, BIT(HVX_RNDIS_PPI_CSUM) | BIT(HVX_RNDIS_PPI_LSO) |
			BIT(HVX_RNDIS_PPI_IEEE_8021Q));
	KUNIT_EXPECT_EQ(test, ppi.csum, 0x220005);
	KUNIT_EXPECT_EQ(test, ppi.lso, 0x42205b4);
	KUNIT_EXPECT_EQ(test, ppi.vlan, 0x123d);
}

struct ppi_bad {
	const char *name;
	u32 size, offset;	/* of the one entry */
	u32 list_off, list_len;	/* 0: BODY, the entry's size */
	u32 body;		/* 0: the list's end */
	bool twice;		/* a second checksum entry */
};

static const struct ppi_bad ppi_bads[] = {
	{ "entry size 0", .size = 0, .offset = 12, .list_len = 16 },
	{ "entry size 11", .size = 11, .offset = 12, .list_len = 16 },
	{ "entry past the list", .size = 20, .offset = 12, .list_len = 16 },
	{ "value offset 11", .size = 16, .offset = 11 },
	{ "value past the entry", .size = 16, .offset = 13 },
	{ "value offset huge", .size = 16, .offset = 0xfffffffe },
	{ "list in the PACKET body", .size = 16, .offset = 12, .list_off = 32 },
	{ "list past the message", .size = 16, .offset = 12, .body = BODY + 15 },
	{ "list offset past the message", .size = 16, .offset = 12, .list_off = 0xfffffff0 },
	{ "list length huge", .size = 16, .offset = 12, .list_len = 0xfffffff0 },
	{ "a tail shorter than an entry", .size = 16, .offset = 12, .list_len = 20,
	  .body = BODY + 20 },
	{ "the checksum twice", .size = 16, .offset = 12, .twice = true },
	{ "body shorter than PACKET", .size = 16, .offset = 12, .body = BODY - 1 },
};

static void ppi_bad_desc(const struct ppi_bad *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ppi_bad, ppi_bads, ppi_bad_desc);

static void ppi_refused(struct kunit *test)
{
	const struct ppi_bad *c = test->param_value;
	struct sim_net_ppi ppi;
	u8 b[256] = {};
	u32 end = put_entry(b, BODY, c->size, HVX_RNDIS_PPI_CSUM, c->offset, 1);

	if (c->twice)
		end = put_entry(b, end, 16, HVX_RNDIS_PPI_CSUM, 12, 2);
	put_list(b, c->list_off ?: BODY, c->list_len ?: end - BODY);
	KUNIT_EXPECT_EQ(test, sim_net_parse_ppi(b, c->body ?: max_t(u32, end, BODY + 16), &ppi),
			-EINVAL);
}

/* ---- VLAN and the receive side ------------------------------------------------ */

static void vlan_tag(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sim_net_vlan_tci(0x123d), 0xb123);	/* prio 5, CFI, 0x123 */
	KUNIT_EXPECT_EQ(test, sim_net_vlan_tci(0xfff0), 0x0fff);
	KUNIT_EXPECT_EQ(test, sim_net_vlan_tci(0x0007), 0xe000);
	KUNIT_EXPECT_EQ(test, sim_net_vlan_tci(0xffff0000), 0);
}

static void find_l4(struct kunit *test)
{
	const struct shape tcp4 = { .proto = IPPROTO_TCP, .ip_hlen = 24, .l4_hlen = 20 };
	const struct shape udp6 = { .v6 = true, .proto = IPPROTO_UDP, .l4_hlen = 8 };
	struct sim_net_l4 l4;
	u8 f[256];
	u32 len;

	len = build_partial(f, &tcp4, 100);
	KUNIT_EXPECT_EQ(test, sim_net_find_l4(f, SIM_NET_L4_HEAD, &l4), 0);
	KUNIT_EXPECT_EQ(test, l4.proto, IPPROTO_TCP);
	KUNIT_EXPECT_FALSE(test, l4.ipv6);
	KUNIT_EXPECT_EQ(test, l4.start, 38);
	KUNIT_EXPECT_EQ(test, l4.check, 38 + 16);
	KUNIT_EXPECT_EQ(test, sim_net_find_l4(f, 38 + 19, &l4), -ENOENT);
	f[ETH_HLEN + 7] = 1;		/* a fragment */
	KUNIT_EXPECT_EQ(test, sim_net_find_l4(f, len, &l4), -ENOENT);
	len = build_partial(f, &udp6, 10);
	KUNIT_EXPECT_EQ(test, sim_net_find_l4(f, len, &l4), 0);
	KUNIT_EXPECT_EQ(test, l4.proto, IPPROTO_UDP);
	KUNIT_EXPECT_TRUE(test, l4.ipv6);
	KUNIT_EXPECT_EQ(test, l4.check, 54 + 6);
	f[ETH_HLEN + 6] = 0;		/* hop-by-hop options first */
	KUNIT_EXPECT_EQ(test, sim_net_find_l4(f, len, &l4), -ENOENT);
	put_unaligned_be16(ETH_P_ARP, f + 12);
	KUNIT_EXPECT_EQ(test, sim_net_find_l4(f, len, &l4), -ENOENT);
	KUNIT_EXPECT_EQ(test, sim_net_find_l4(f, 10, &l4), -ENOENT);
}

static struct kunit_case hvx_sim_net_cases[] = {
	KUNIT_CASE(lso_ipv4),
	KUNIT_CASE(lso_ipv6),
	KUNIT_CASE(lso_largest),
	KUNIT_CASE_PARAM(lso_refused, lso_bad_gen_params),
	KUNIT_CASE(csum_tcp4),
	KUNIT_CASE(csum_udp4),
	KUNIT_CASE(csum_tcp6),
	KUNIT_CASE(csum_udp6),
	KUNIT_CASE(csum_udp_zero),
	KUNIT_CASE(csum_ip_header),
	KUNIT_CASE_PARAM(csum_refused, csum_bad_gen_params),
	KUNIT_CASE(ppi_good),
	KUNIT_CASE_PARAM(ppi_refused, ppi_bad_gen_params),
	KUNIT_CASE(vlan_tag),
	KUNIT_CASE(find_l4),
	{}
};

static struct kunit_suite hvx_sim_net_suite = {
	.name = "hvx_sim_net",
	.test_cases = hvx_sim_net_cases,
};

kunit_test_suite(hvx_sim_net_suite);

MODULE_DESCRIPTION("KUnit tests for hvx_sim's network offloads");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
