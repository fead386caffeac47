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
#include <linux/if_vlan.h>
#include <linux/in6.h>
#include <linux/inet.h>
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

/* ---- receive-side scaling ------------------------------------------------------ */

/* The key of Microsoft's RSS verification suite. */
static const u8 ms_key[HVX_RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

struct rss_vector {
	const char *src, *dst;
	u16 sport, dport;
	u32 hash2, hash4;	/* addresses; addresses and ports */
};

static const struct rss_vector rss_vectors[] = {
	{ "66.9.149.187", "161.142.100.80", 2794, 1766, 0x323e8fc2, 0x51ccc178 },
	{ "199.92.111.2", "65.69.140.83", 14230, 4739, 0xd718262a, 0xc626b0ea },
	{ "24.19.198.95", "12.22.207.184", 12898, 38024, 0xd2d0a5de, 0x5c2b394a },
	{ "38.27.205.30", "209.142.163.6", 48228, 2217, 0x82989176, 0xafc7327f },
	{ "153.39.163.191", "202.188.127.2", 44251, 1303, 0x5d1809c5, 0x10e828a2 },
	{ "3ffe:2501:200:1fff::7", "3ffe:2501:200:3::1", 2794, 1766, 0x2cc18cd5, 0x40207d3d },
	{ "3ffe:501:8::260:97ff:fe40:efab", "ff02::1", 14230, 4739, 0x0f0c461c, 0xdde51bbf },
	{ "3ffe:1900:4545:3:200:f8ff:fe21:67cf", "fe80::200:f8ff:fe21:67cf", 44251, 38024,
	  0x4b61e985, 0x02d1feef },
};

static void rss_vector_desc(const struct rss_vector *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s.%u -> %s.%u", v->src, v->sport, v->dst,
		 v->dport);
}

KUNIT_ARRAY_PARAM(rss_vector, rss_vectors, rss_vector_desc);

static bool rss_v6(const struct rss_vector *v)
{
	return strchr(v->src, ':');
}

/* A vector's hash input: addresses, then ports. Its length (with the ports). */
static u32 rss_put_input(struct kunit *test, const struct rss_vector *v, u8 *in)
{
	u32 n = rss_v6(v) ? 16 : 4;

	if (rss_v6(v)) {
		KUNIT_ASSERT_EQ(test, in6_pton(v->src, -1, in, -1, NULL), 1);
		KUNIT_ASSERT_EQ(test, in6_pton(v->dst, -1, in + n, -1, NULL), 1);
	} else {
		KUNIT_ASSERT_EQ(test, in4_pton(v->src, -1, in, -1, NULL), 1);
		KUNIT_ASSERT_EQ(test, in4_pton(v->dst, -1, in + n, -1, NULL), 1);
	}
	put_unaligned_be16(v->sport, in + 2 * n);
	put_unaligned_be16(v->dport, in + 2 * n + 2);
	return 2 * n + 4;
}

/*
 * A frame carrying the vector's flow: Ethernet (802.1Q tagged if @vlan),
 * IPv4 or IPv6, then a TCP or UDP header. Its length.
 */
static u32 rss_put_frame(const u8 *in, u32 in_len, bool v6, u8 proto, bool vlan, u8 *f)
{
	u32 l3 = vlan ? VLAN_ETH_HLEN : ETH_HLEN, alen = (in_len - 4) / 2;
	u32 l4 = l3 + (v6 ? IP6_HLEN : 20), hlen = proto == IPPROTO_TCP ? 20 : 8;
	u8 *ip = f + l3;

	memset(f, 0, l4 + hlen);
	memset(f, 0x02, ETH_ALEN);
	if (vlan) {
		put_unaligned_be16(ETH_P_8021Q, f + 12);
		put_unaligned_be16(0x0123, f + 14);
	}
	put_unaligned_be16(v6 ? ETH_P_IPV6 : ETH_P_IP, f + l3 - 2);
	if (v6) {
		ip[0] = 0x60;
		put_unaligned_be16(hlen, ip + 4);
		ip[6] = proto;
		ip[7] = 64;
		memcpy(ip + 8, in, 2 * alen);
	} else {
		ip[0] = 0x45;
		put_unaligned_be16(20 + hlen, ip + 2);
		ip[8] = 64;
		ip[9] = proto;
		memcpy(ip + 12, in, 2 * alen);
	}
	memcpy(f + l4, in + 2 * alen, 4);
	return l4 + hlen;
}

/* The hash of a frame's input, the frame copied to a buffer of its own size. */
static int rss_frame_hash(struct kunit *test, const u8 *f, u32 len, u32 hash_info,
			  u32 *in_len, u32 *hash)
{
	u8 *copy = kunit_kmalloc(test, len, GFP_KERNEL);
	u8 in[SIM_NET_RSS_INPUT_MAX];
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, f, len);
	ret = sim_net_rss_input(copy, len, hash_info, in, in_len);
	if (!ret)
		*hash = sim_net_toeplitz(ms_key, sizeof(ms_key), in, *in_len);
	return ret;
}

/* A vector's TCP and UDP frames, 802.1Q tagged if @vlan, through sim_net_rss_input(). */
static void rss_vector_frames(struct kunit *test, const struct rss_vector *v, const u8 *in,
			      u32 n, bool vlan)
{
	const u32 ip = rss_v6(v) ? HVX_NDIS_HASH_IPV6 : HVX_NDIS_HASH_IPV4;
	const u32 tcp = rss_v6(v) ? HVX_NDIS_HASH_TCP_IPV6 : HVX_NDIS_HASH_TCP_IPV4;
	u32 len, in_len = 0, hash = 0;
	u8 f[128];

	len = rss_put_frame(in, n, rss_v6(v), IPPROTO_TCP, vlan, f);
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len, tcp | ip, &in_len, &hash), 0);
	KUNIT_EXPECT_EQ(test, in_len, n);
	KUNIT_EXPECT_EQ(test, hash, v->hash4);
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len, tcp, &in_len, &hash), 0);
	KUNIT_EXPECT_EQ(test, hash, v->hash4);
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len, ip, &in_len, &hash), 0);
	KUNIT_EXPECT_EQ(test, in_len, n - 4);
	KUNIT_EXPECT_EQ(test, hash, v->hash2);
	/* UDP: the addresses only, and only if they are asked for. */
	len = rss_put_frame(in, n, rss_v6(v), IPPROTO_UDP, vlan, f);
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len, tcp | ip, &in_len, &hash), 0);
	KUNIT_EXPECT_EQ(test, in_len, n - 4);
	KUNIT_EXPECT_EQ(test, hash, v->hash2);
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len, tcp, &in_len, &hash), -ENOENT);
}

static void rss_vector(struct kunit *test)
{
	const struct rss_vector *v = test->param_value;
	u8 in[SIM_NET_RSS_INPUT_MAX];
	u32 n = rss_put_input(test, v, in);

	KUNIT_EXPECT_EQ(test, sim_net_toeplitz(ms_key, sizeof(ms_key), in, n - 4), v->hash2);
	KUNIT_EXPECT_EQ(test, sim_net_toeplitz(ms_key, sizeof(ms_key), in, n), v->hash4);
	rss_vector_frames(test, v, in, n, false);
	rss_vector_frames(test, v, in, n, true);
}

static void rss_short_key(struct kunit *test)
{
	u8 in[SIM_NET_RSS_INPUT_MAX] = { 1 };

	KUNIT_EXPECT_EQ(test, sim_net_toeplitz(ms_key, sizeof(ms_key), in, 36),
			sim_net_toeplitz(ms_key, 40, in, 1));
	KUNIT_EXPECT_NE(test, sim_net_toeplitz(ms_key, 40, in, 1), 0);
	KUNIT_EXPECT_EQ(test, sim_net_toeplitz(ms_key, sizeof(ms_key), in, 37), 0);
	KUNIT_EXPECT_EQ(test, sim_net_toeplitz(ms_key, 5, in, 2), 0);
	KUNIT_EXPECT_EQ(test, sim_net_toeplitz(ms_key, 3, in, 0), 0);
	KUNIT_EXPECT_EQ(test, sim_net_toeplitz(ms_key, 5, in, 0xffffffff), 0);
}

/* A fragment hashes by its addresses even when TCP's ports are asked for. */
static void rss_fragment(struct kunit *test)
{
	const struct rss_vector *v = &rss_vectors[0];
	u32 n, len, in_len = 0, hash = 0;
	u8 in[SIM_NET_RSS_INPUT_MAX], f[128];

	n = rss_put_input(test, v, in);
	len = rss_put_frame(in, n, false, IPPROTO_TCP, false, f);
	put_unaligned_be16(IP_MF, f + ETH_HLEN + 6);
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len,
					     HVX_NDIS_HASH_TCP_IPV4 | HVX_NDIS_HASH_IPV4,
					     &in_len, &hash), 0);
	KUNIT_EXPECT_EQ(test, in_len, 8);
	KUNIT_EXPECT_EQ(test, hash, v->hash2);
	put_unaligned_be16(1, f + ETH_HLEN + 6);	/* a later fragment */
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len, HVX_NDIS_HASH_TCP_IPV4, &in_len, &hash),
			-ENOENT);
}

/* Frames with nothing to hash: a change to a good TCP frame, or a shorter length. */
struct rss_bad {
	const char *name;
	bool v6, vlan;
	u32 at;			/* a byte to change, 0: none */
	u8 value;
	u32 len;		/* 0: the frame's */
};

static const struct rss_bad rss_bads[] = {
	{ "shorter than Ethernet", .len = ETH_HLEN - 1 },
	{ "Ethernet alone", .len = ETH_HLEN },
	{ "IPv4 header cut", .len = ETH_HLEN + 19 },
	{ "IPv4 version 5", .at = ETH_HLEN, .value = 0x55 },
	{ "IHL 4", .at = ETH_HLEN, .value = 0x44 },
	{ "IHL 0", .at = ETH_HLEN, .value = 0x40 },
	{ "IHL past the frame", .at = ETH_HLEN, .value = 0x4f, .len = ETH_HLEN + 40 },
	{ "ARP", .at = 13, .value = 0x06 },
	{ "IPv6 header cut", .v6 = true, .len = ETH_HLEN + IP6_HLEN - 1 },
	{ "IPv6 version 4", .v6 = true, .at = ETH_HLEN, .value = 0x40 },
	{ "802.1Q tag cut", .vlan = true, .len = VLAN_ETH_HLEN - 1 },
	{ "802.1Q, IPv4 header cut", .vlan = true, .len = VLAN_ETH_HLEN + 19 },
	{ "802.1Q, IHL 4", .vlan = true, .at = VLAN_ETH_HLEN, .value = 0x44 },
	{ "802.1Q, IPv6 header cut", .v6 = true, .vlan = true,
	  .len = VLAN_ETH_HLEN + IP6_HLEN - 1 },
	{ "802.1Q twice", .vlan = true, .at = 16, .value = 0x81 },
};

static void rss_bad_desc(const struct rss_bad *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rss_bad, rss_bads, rss_bad_desc);

static void rss_refused(struct kunit *test)
{
	const struct rss_bad *c = test->param_value;
	const struct rss_vector *v = &rss_vectors[c->v6 ? 5 : 0];
	const u32 all = HVX_NDIS_HASH_IPV4 | HVX_NDIS_HASH_TCP_IPV4 | HVX_NDIS_HASH_IPV6 |
			HVX_NDIS_HASH_TCP_IPV6;
	u32 n, len, in_len = 0, hash = 0;
	u8 in[SIM_NET_RSS_INPUT_MAX], f[128];

	n = rss_put_input(test, v, in);
	len = rss_put_frame(in, n, c->v6, IPPROTO_TCP, c->vlan, f);
	if (c->at)
		f[c->at] = c->value;
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, c->len ?: len, all, &in_len, &hash),
			-ENOENT);
}

/* A hash type of the other IP version, or none: nothing to hash. */
static void rss_types_off(struct kunit *test)
{
	u32 n, len, in_len = 0, hash = 0;
	u8 in[SIM_NET_RSS_INPUT_MAX], f[128];

	n = rss_put_input(test, &rss_vectors[0], in);
	len = rss_put_frame(in, n, false, IPPROTO_TCP, false, f);
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len, HVX_NDIS_HASH_IPV6 |
					     HVX_NDIS_HASH_TCP_IPV6, &in_len, &hash), -ENOENT);
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len, HVX_NDIS_HASH_TOEPLITZ, &in_len,
					     &hash), -ENOENT);
	n = rss_put_input(test, &rss_vectors[5], in);
	len = rss_put_frame(in, n, true, IPPROTO_TCP, false, f);
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len, HVX_NDIS_HASH_IPV4 |
					     HVX_NDIS_HASH_TCP_IPV4, &in_len, &hash), -ENOENT);
	/* TCP's ports cut: the addresses still hash, if asked for. */
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len - 17, HVX_NDIS_HASH_TCP_IPV6 |
					     HVX_NDIS_HASH_IPV6, &in_len, &hash), 0);
	KUNIT_EXPECT_EQ(test, in_len, 32);
	KUNIT_EXPECT_EQ(test, hash, rss_vectors[5].hash2);
	KUNIT_EXPECT_EQ(test, rss_frame_hash(test, f, len - 17, HVX_NDIS_HASH_TCP_IPV6, &in_len,
					     &hash), -ENOENT);
}

#define RSS_P(field)	offsetof(struct hvx_ndis_rss_params, field)
#define RSS_ENTRIES	128
#define RSS_LEN		(RSS_P(cpu_mask_size) + 4 + RSS_ENTRIES * 4 + HVX_RSS_KEY_LEN)

/* Good parameters: @entries entries (i % 2), Microsoft's key after them. Their length. */
static u32 put_rss(u8 *b, u32 entries)
{
	u32 table = sizeof(struct hvx_ndis_rss_params), i;

	memset(b, 0, table);
	b[0] = HVX_NDIS_OBJECT_RSS_PARAMS;
	b[1] = HVX_NDIS_RSS_REVISION;
	put_unaligned_le16(table, b + 2);
	put_unaligned_le32(HVX_NDIS_HASH_TOEPLITZ | HVX_NDIS_HASH_IPV4 |
			   HVX_NDIS_HASH_TCP_IPV4, b + RSS_P(hash_info));
	put_unaligned_le16(entries * 4, b + RSS_P(table_size));
	put_unaligned_le32(table, b + RSS_P(table_offset));
	put_unaligned_le16(HVX_RSS_KEY_LEN, b + RSS_P(key_size));
	put_unaligned_le32(table + entries * 4, b + RSS_P(key_offset));
	for (i = 0; i < entries; i++)
		put_unaligned_le32(i % 2, b + table + i * 4);
	memcpy(b + table + entries * 4, ms_key, HVX_RSS_KEY_LEN);
	return table + entries * 4 + HVX_RSS_KEY_LEN;
}

static void rss_params(struct kunit *test)
{
	u8 *b = kunit_kzalloc(test, RSS_LEN, GFP_KERNEL);
	struct sim_net_rss rss;
	u32 len, i;

	KUNIT_ASSERT_NOT_NULL(test, b);
	len = put_rss(b, RSS_ENTRIES);
	KUNIT_ASSERT_EQ(test, len, RSS_LEN);
	KUNIT_EXPECT_EQ(test, sim_net_rss_parse(b, len, 2, &rss), 0);
	KUNIT_EXPECT_TRUE(test, rss.on);
	KUNIT_EXPECT_EQ(test, rss.entries, RSS_ENTRIES);
	KUNIT_EXPECT_EQ(test, rss.hash_info, HVX_NDIS_HASH_TOEPLITZ | HVX_NDIS_HASH_IPV4 |
			HVX_NDIS_HASH_TCP_IPV4);
	KUNIT_EXPECT_MEMEQ(test, rss.key, ms_key, HVX_RSS_KEY_LEN);
	for (i = 0; i < RSS_ENTRIES; i++)
		KUNIT_EXPECT_EQ(test, rss.table[i], i % 2);
	len = put_rss(b, 1);
	KUNIT_EXPECT_EQ(test, sim_net_rss_parse(b, len, 2, &rss), 0);
	KUNIT_EXPECT_EQ(test, rss.entries, 1);
	/* DISABLE: the rest does not count. */
	memset(b + 8, 0xff, 32);
	put_unaligned_le16(HVX_NDIS_RSS_FLAG_DISABLE, b + RSS_P(flags));
	rss.on = true;
	KUNIT_EXPECT_EQ(test, sim_net_rss_parse(b, sizeof(struct hvx_ndis_rss_params), 1, &rss),
			0);
	KUNIT_EXPECT_FALSE(test, rss.on);
}

/* A change to good parameters (@size bytes of @value at @at), or a shorter length. */
struct rss_params_bad {
	const char *name;
	u32 at, size, value;
	u32 len;		/* 0: RSS_LEN */
	u32 channels;		/* 0: 2 */
};

static const struct rss_params_bad rss_params_bads[] = {
	{ "shorter than the header", .len = sizeof(struct hvx_ndis_rss_params) - 1 },
	{ "type 0x88", 0, 1, HVX_NDIS_OBJECT_RSS_CAPS },
	{ "revision 1", 1, 1, 1 },
	{ "revision 3", 1, 1, 3 },
	{ "size 39", 2, 2, 39 },
	{ "size past the buffer", 2, 2, RSS_LEN + 1 },
	{ "no Toeplitz", RSS_P(hash_info), 4, HVX_NDIS_HASH_IPV4 | HVX_NDIS_HASH_TCP_IPV4 },
	{ "key size 39", RSS_P(key_size), 2, 39 },
	{ "key size 0", RSS_P(key_size), 2, 0 },
	{ "table size 6", RSS_P(table_size), 2, 6 },
	{ "3 entries", RSS_P(table_size), 2, 12 },
	{ "no entries", RSS_P(table_size), 2, 0 },
	{ "512 entries", RSS_P(table_size), 2, 2048, 4096 },
	{ "table past the buffer", RSS_P(table_offset), 4, RSS_LEN - RSS_ENTRIES * 4 + 1 },
	{ "table offset past the buffer", RSS_P(table_offset), 4, RSS_LEN + 1 },
	{ "table offset wraps", RSS_P(table_offset), 4, 0xffffff00 },
	{ "table over the header", RSS_P(table_offset), 4, 36 },
	{ "key past the buffer", RSS_P(key_offset), 4, RSS_LEN - HVX_RSS_KEY_LEN + 1 },
	{ "key offset wraps", RSS_P(key_offset), 4, 0xffffffe0 },
	{ "key over the header", RSS_P(key_offset), 4, 0 },
	{ "entry 2 of 2 channels", sizeof(struct hvx_ndis_rss_params) + 5 * 4, 4, 2 },
	{ "last entry huge", RSS_LEN - HVX_RSS_KEY_LEN - 4, 4, 0xffffffff },
	{ "entry 256 of 1024 channels", sizeof(struct hvx_ndis_rss_params), 4, 256,
	  .channels = 1024 },
};

static void rss_params_bad_desc(const struct rss_params_bad *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rss_params_bad, rss_params_bads, rss_params_bad_desc);

static void rss_params_refused(struct kunit *test)
{
	const struct rss_params_bad *c = test->param_value;
	u32 len = c->len ?: RSS_LEN;
	u8 *b = kunit_kzalloc(test, max_t(u32, len, RSS_LEN), GFP_KERNEL);
	u8 *copy = kunit_kmalloc(test, len, GFP_KERNEL);
	struct sim_net_rss rss;

	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	put_rss(b, RSS_ENTRIES);
	if (c->size == 1)
		b[c->at] = c->value;
	else if (c->size == 2)
		put_unaligned_le16(c->value, b + c->at);
	else if (c->size == 4)
		put_unaligned_le32(c->value, b + c->at);
	memcpy(copy, b, len);
	KUNIT_EXPECT_EQ(test, sim_net_rss_parse(copy, len, c->channels ?: 2, &rss), -EINVAL);
	KUNIT_EXPECT_FALSE(test, rss.on);
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
	KUNIT_CASE_PARAM(rss_vector, rss_vector_gen_params),
	KUNIT_CASE(rss_short_key),
	KUNIT_CASE(rss_fragment),
	KUNIT_CASE_PARAM(rss_refused, rss_bad_gen_params),
	KUNIT_CASE(rss_types_off),
	KUNIT_CASE(rss_params),
	KUNIT_CASE_PARAM(rss_params_refused, rss_params_bad_gen_params),
	{}
};

static struct kunit_suite hvx_sim_net_suite = {
	.name = "hvx_sim_net",
	.test_cases = hvx_sim_net_cases,
};

kunit_test_suite(hvx_sim_net_suite);

MODULE_DESCRIPTION("KUnit tests for hvx_sim's network offloads and RSS");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
