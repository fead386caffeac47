// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for hvx_netvsc's RNDIS parsers and builders: every message
 * the host may send at every length; a frame and a per-packet info list at
 * every offset around the message's end, with offsets that overflow; info
 * entries that would stall a careless walk; and the bytes of what the
 * guest sends.
 */
#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/module.h>
#include <hvx/compat.h>
#include <hvx/nvsp.h>
#include <hvx/rndis.h>

#define HDR	sizeof(struct hvx_rndis_hdr)

static void put_hdr(u8 *m, u32 type, u32 len)
{
	put_unaligned_le32(type, m);
	put_unaligned_le32(len, m + 4);
}

/* ---- framing ------------------------------------------------------------------ */

static const struct {
	u32 type;
	u32 min;
} known[] = {
	{ HVX_RNDIS_PACKET, HDR + 36 },
	{ HVX_RNDIS_INDICATE, HDR + 12 },
	{ HVX_RNDIS_KEEPALIVE, HDR + 4 },
	{ HVX_RNDIS_INIT | HVX_RNDIS_COMPLETION, HDR + 44 },
	{ HVX_RNDIS_QUERY | HVX_RNDIS_COMPLETION, HDR + 16 },
	{ HVX_RNDIS_SET | HVX_RNDIS_COMPLETION, HDR + 8 },
	{ HVX_RNDIS_RESET | HVX_RNDIS_COMPLETION, HDR + 8 },
	{ HVX_RNDIS_KEEPALIVE | HVX_RNDIS_COMPLETION, HDR + 8 },
};

static void check_every_length(struct kunit *test)
{
	u8 m[128] = {};
	u32 i, mlen, type;

	for (i = 0; i < ARRAY_SIZE(known); i++) {
		for (mlen = 0; mlen < 100; mlen++) {
			put_hdr(m, known[i].type, mlen);
			/* The range holds exactly the message, or more. */
			KUNIT_EXPECT_EQ_MSG(test, hvx_rndis_check(m, mlen, &type),
					    mlen < known[i].min ? -EINVAL : (int)mlen,
					    "type %#x len %u", known[i].type, mlen);
			KUNIT_EXPECT_EQ_MSG(test, hvx_rndis_check(m, sizeof(m), &type),
					    mlen < known[i].min ? -EINVAL : (int)mlen,
					    "type %#x len %u in a larger range", known[i].type,
					    mlen);
			/* A message longer than its range. */
			if (mlen)
				KUNIT_EXPECT_EQ(test, hvx_rndis_check(m, mlen - 1, &type),
						-EINVAL);
		}
	}
	for (mlen = 0; mlen < HDR; mlen++)
		KUNIT_EXPECT_EQ(test, hvx_rndis_check(m, mlen, &type), -EINVAL);
	put_hdr(m, 0xffffffff, 0xffffffff);
	KUNIT_EXPECT_EQ(test, hvx_rndis_check(m, U32_MAX, &type), -EOPNOTSUPP);
	put_hdr(m, HVX_RNDIS_PACKET, 0xffffffff);
	KUNIT_EXPECT_EQ(test, hvx_rndis_check(m, U32_MAX, &type), -EINVAL);
	put_hdr(m, HVX_RNDIS_INIT, 60);		/* a request: hosts do not send them */
	KUNIT_EXPECT_EQ(test, hvx_rndis_check(m, sizeof(m), &type), -EOPNOTSUPP);
}

/* ---- PACKET ------------------------------------------------------------------- */

#define PKT_LEN		128

/* A PACKET message of PKT_LEN bytes: frame and info list where told. */
static void build_pkt(u8 *m, u32 data_off, u32 data_len, u32 ppi_off, u32 ppi_len)
{
	memset(m, 0, PKT_LEN);
	put_hdr(m, HVX_RNDIS_PACKET, PKT_LEN);
	put_unaligned_le32(data_off, m + HDR);
	put_unaligned_le32(data_len, m + HDR + 4);
	put_unaligned_le32(ppi_off, m + HDR + 20);
	put_unaligned_le32(ppi_len, m + HDR + 24);
}

static void packet_frame_everywhere(struct kunit *test)
{
	const u32 body = PKT_LEN - HDR;
	struct hvx_rndis_rx rx;
	u32 off, len;
	u8 m[PKT_LEN];
	int want;

	for (off = 0; off <= body + 1; off++) {
		for (len = 0; len <= body + 1; len++) {
			build_pkt(m, off, len, 0, 0);
			want = len && off >= 36 && off + len <= body ? 0 : -EINVAL;
			KUNIT_ASSERT_EQ_MSG(test, hvx_rndis_parse_packet(m, PKT_LEN, PKT_LEN, &rx),
					    want, "offset %u len %u", off, len);
			if (!want) {
				KUNIT_EXPECT_EQ(test, rx.data_offset, HDR + off);
				KUNIT_EXPECT_EQ(test, rx.data_len, len);
				KUNIT_EXPECT_FALSE(test, rx.vlan);
			}
		}
	}
	/* Sums that wrap around. */
	build_pkt(m, 40, 0xffffffff - 20, 0, 0);
	KUNIT_EXPECT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, PKT_LEN, &rx), -EINVAL);
	build_pkt(m, 0xfffffff0, 0x20, 0, 0);
	KUNIT_EXPECT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, PKT_LEN, &rx), -EINVAL);
}

/* One info entry at body offset 36: size, type, its data's offset, data. */
static void put_ppi(u8 *m, u32 at, u32 size, u32 type, u32 off, u32 data)
{
	u8 *e = m + HDR + at;

	put_unaligned_le32(size, e);
	put_unaligned_le32(type, e + 4);
	put_unaligned_le32(off, e + 8);
	if (at + 16 <= PKT_LEN - HDR)
		put_unaligned_le32(data, e + 12);
}

static void packet_vlan(struct kunit *test)
{
	struct hvx_rndis_rx rx;
	u8 m[PKT_LEN];

	/* VLAN 0x123, CFI 1, priority 5: NDIS packs them id << 4 | cfi << 3 | pri. */
	build_pkt(m, 52, 60, 36, 16);
	put_ppi(m, 36, 16, HVX_RNDIS_PPI_IEEE_8021Q, 12, 0x123 << 4 | 1 << 3 | 5);
	KUNIT_ASSERT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, PKT_LEN, &rx), 0);
	KUNIT_EXPECT_TRUE(test, rx.vlan);
	KUNIT_EXPECT_EQ(test, rx.vlan_tci, 0x123 | 1 << 12 | 5 << 13);
	/* Another type first, then the VLAN. */
	build_pkt(m, 68, 50, 36, 32);
	put_ppi(m, 36, 16, 0, 12, 0xffffffff);
	put_ppi(m, 52, 16, HVX_RNDIS_PPI_IEEE_8021Q, 12, 7 << 4);
	KUNIT_ASSERT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, PKT_LEN, &rx), 0);
	KUNIT_EXPECT_EQ(test, rx.vlan_tci, 7);
	/* A VLAN entry too short for its value is no VLAN. */
	build_pkt(m, 52, 60, 36, 16);
	put_ppi(m, 36, 16, HVX_RNDIS_PPI_IEEE_8021Q, 14, 0x123 << 4);
	KUNIT_ASSERT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, PKT_LEN, &rx), 0);
	KUNIT_EXPECT_FALSE(test, rx.vlan);
}

static void packet_csum_hash(struct kunit *test)
{
	struct hvx_rndis_rx rx;
	u8 m[PKT_LEN];

	build_pkt(m, 68, 40, 36, 32);
	put_ppi(m, 36, 16, HVX_RNDIS_PPI_CSUM, 12,
		HVX_PPI_CSUM_RX_TCP_OK | HVX_PPI_CSUM_RX_IP_OK);
	put_ppi(m, 52, 16, HVX_RNDIS_PPI_HASH, 12, 0xdeadbeef);
	KUNIT_ASSERT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, PKT_LEN, &rx), 0);
	KUNIT_EXPECT_TRUE(test, rx.csum);
	KUNIT_EXPECT_EQ(test, rx.csum_info, HVX_PPI_CSUM_RX_TCP_OK | HVX_PPI_CSUM_RX_IP_OK);
	KUNIT_EXPECT_TRUE(test, rx.hash);
	KUNIT_EXPECT_EQ(test, rx.hash_value, 0xdeadbeef);
	KUNIT_EXPECT_FALSE(test, rx.vlan);
	/* Without entries, none is reported. */
	build_pkt(m, 36, 40, 0, 0);
	KUNIT_ASSERT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, PKT_LEN, &rx), 0);
	KUNIT_EXPECT_FALSE(test, rx.csum);
	KUNIT_EXPECT_FALSE(test, rx.hash);
	/* An unknown type is stepped over. */
	build_pkt(m, 52, 40, 36, 16);
	put_ppi(m, 36, 16, 31, 12, 0xffffffff);
	KUNIT_ASSERT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, PKT_LEN, &rx), 0);
	KUNIT_EXPECT_FALSE(test, rx.csum || rx.hash || rx.vlan);
}

static void packet_bad_info(struct kunit *test)
{
	static const struct {
		const char *name;
		u32 ppi_off, ppi_len, size, entry_off;
	} bad[] = {
		{ "entry of size 0 (a careless walk never ends)", 36, 16, 0, 12 },
		{ "entry smaller than its header", 36, 16, 11, 11 },
		{ "entry larger than the list", 36, 16, 20, 12 },
		{ "data offset inside the entry header", 36, 16, 16, 11 },
		{ "data offset past the entry", 36, 16, 16, 17 },
		{ "list shorter than an entry header", 36, 8, 16, 12 },
		{ "list before the fixed part", 35, 16, 16, 12 },
		{ "list past the message", 100, 40, 16, 12 },
		{ "list offset that wraps", 0xfffffff0, 0x20, 16, 12 },
	};
	struct hvx_rndis_rx rx;
	u8 m[PKT_LEN];
	u32 i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		build_pkt(m, 60, 20, bad[i].ppi_off, bad[i].ppi_len);
		if (bad[i].ppi_off == 36)
			put_ppi(m, 36, bad[i].size, HVX_RNDIS_PPI_IEEE_8021Q, bad[i].entry_off, 0);
		KUNIT_EXPECT_EQ_MSG(test, hvx_rndis_parse_packet(m, PKT_LEN, PKT_LEN, &rx), -EINVAL,
				    "%s", bad[i].name);
	}
	/* An info list past what the copy holds (the frame may lie past it). */
	build_pkt(m, 60, 60, 36, 16);
	put_ppi(m, 36, 16, 0, 12, 0);
	KUNIT_EXPECT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, HDR + 52, &rx), 0);
	KUNIT_EXPECT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, HDR + 51, &rx), -EINVAL);
	build_pkt(m, 36, 80, 0, 0);
	KUNIT_EXPECT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, HDR + 36, &rx), 0);
	/* A good entry followed by leftover bytes too few for another. */
	build_pkt(m, 60, 20, 36, 20);
	put_ppi(m, 36, 16, 0, 12, 0);
	KUNIT_EXPECT_EQ(test, hvx_rndis_parse_packet(m, PKT_LEN, PKT_LEN, &rx), -EINVAL);
}

/* ---- QUERY_C and INDICATE ------------------------------------------------------ */

static void query_complete_buffers(struct kunit *test)
{
	const u32 body = 64 - HDR;
	const void *buf;
	u32 off, len, status, n;
	u8 m[64] = {};
	int want, ret;

	put_hdr(m, HVX_RNDIS_QUERY | HVX_RNDIS_COMPLETION, sizeof(m));
	put_unaligned_le32(0xc0000001, m + HDR + 4);
	for (off = 0; off <= body + 1; off++) {
		for (len = 0; len <= body + 1; len++) {
			put_unaligned_le32(len, m + HDR + 8);
			put_unaligned_le32(off, m + HDR + 12);
			want = !len || (off >= 16 && off + len <= body) ? 0 : -EINVAL;
			ret = hvx_rndis_parse_query_complete(m, sizeof(m), &status, &buf, &n);
			KUNIT_ASSERT_EQ_MSG(test, ret, want, "offset %u len %u", off, len);
			KUNIT_EXPECT_EQ(test, status, 0xc0000001);
			if (!want && len) {
				KUNIT_EXPECT_PTR_EQ(test, buf, (const void *)(m + HDR + off));
				KUNIT_EXPECT_EQ(test, n, len);
			}
		}
	}
}

static void indicate_buffers(struct kunit *test)
{
	const void *buf;
	u32 status, n;
	u8 m[32] = {};

	put_hdr(m, HVX_RNDIS_INDICATE, 24);
	put_unaligned_le32(HVX_RNDIS_STATUS_LINK_SPEED_CHANGE, m + HDR);
	put_unaligned_le32(4, m + HDR + 4);
	put_unaligned_le32(12, m + HDR + 8);
	put_unaligned_le32(100000, m + HDR + 12);
	KUNIT_ASSERT_EQ(test, hvx_rndis_parse_indicate(m, 24, &status, &buf, &n), 0);
	KUNIT_EXPECT_EQ(test, status, HVX_RNDIS_STATUS_LINK_SPEED_CHANGE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(buf), 100000);
	KUNIT_EXPECT_EQ(test, hvx_rndis_parse_indicate(m, 20, &status, &buf, &n), -EINVAL);
	put_unaligned_le32(11, m + HDR + 8);
	KUNIT_EXPECT_EQ(test, hvx_rndis_parse_indicate(m, 24, &status, &buf, &n), -EINVAL);
	put_unaligned_le32(0, m + HDR + 4);	/* no buffer: its offset does not matter */
	KUNIT_EXPECT_EQ(test, hvx_rndis_parse_indicate(m, 24, &status, &buf, &n), 0);
	KUNIT_EXPECT_PTR_EQ(test, buf, NULL);
}

/* ---- what the guest sends --------------------------------------------------------- */

static void build_messages(struct kunit *test)
{
	static const u8 packet[44] = {
		1, 0, 0, 0, 44 + 60, 0, 0, 0,		/* PACKET, 104 bytes */
		36, 0, 0, 0, 60, 0, 0, 0,		/* data at 36, 60 bytes */
	};
	static const u8 init[24] = {
		2, 0, 0, 0, 24, 0, 0, 0, 7, 0, 0, 0,	/* INIT, 24 bytes, req 7 */
		1, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0,	/* 1.0, 16 KiB transfers */
	};
	static const u8 set[32] = {
		5, 0, 0, 0, 32, 0, 0, 0, 9, 0, 0, 0,	/* SET, 32 bytes, req 9 */
		0x0e, 0x01, 0x01, 0x00,			/* OID_GEN_CURRENT_PACKET_FILTER */
		4, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0,	/* 4 bytes at 20 */
		0x0b, 0, 0, 0,				/* the filter */
	};
	static const u8 query[28] = {
		4, 0, 0, 0, 28, 0, 0, 0, 3, 0, 0, 0,	/* QUERY, 28 bytes, req 3 */
		0x01, 0x01, 0x01, 0x01,			/* OID_802_3_PERMANENT_ADDRESS */
	};
	static const u8 halt[12] = { 3, 0, 0, 0, 12, 0, 0, 0, 4, 0, 0, 0 };
	__le32 filter = cpu_to_le32(0x0b);
	u8 b[64];

	memset(b, 0xaa, sizeof(b));
	KUNIT_EXPECT_EQ(test, hvx_rndis_build_packet(b, 60, NULL), 44);
	KUNIT_EXPECT_MEMEQ(test, b, packet, sizeof(packet));
	memset(b, 0xaa, sizeof(b));
	KUNIT_EXPECT_EQ(test, hvx_rndis_build_request(b, HVX_RNDIS_INIT, 7, 0, NULL, 0), 24);
	KUNIT_EXPECT_MEMEQ(test, b, init, sizeof(init));
	memset(b, 0xaa, sizeof(b));
	KUNIT_EXPECT_EQ(test, hvx_rndis_build_request(b, HVX_RNDIS_SET, 9,
						      HVX_OID_GEN_CURRENT_PACKET_FILTER, &filter,
						      sizeof(filter)), 32);
	KUNIT_EXPECT_MEMEQ(test, b, set, sizeof(set));
	memset(b, 0xaa, sizeof(b));
	KUNIT_EXPECT_EQ(test, hvx_rndis_build_request(b, HVX_RNDIS_QUERY, 3,
						      HVX_OID_802_3_PERMANENT_ADDRESS, NULL, 0),
			28);
	KUNIT_EXPECT_MEMEQ(test, b, query, sizeof(query));
	memset(b, 0xaa, sizeof(b));
	KUNIT_EXPECT_EQ(test, hvx_rndis_build_request(b, HVX_RNDIS_HALT, 4, 0, NULL, 0), 12);
	KUNIT_EXPECT_MEMEQ(test, b, halt, sizeof(halt));
	KUNIT_EXPECT_EQ(test, hvx_rndis_build_request(b, HVX_RNDIS_PACKET, 1, 0, NULL, 0), 0);
}

/* A frame's header with every info entry, and with some. */
static void build_packet_info(struct kunit *test)
{
	static const u8 all[108] = {
		1, 0, 0, 0, 108 + 60, 0, 0, 0,		/* PACKET, header + frame */
		36 + 64, 0, 0, 0, 60, 0, 0, 0,		/* frame after 4 entries */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* no OOB data */
		36, 0, 0, 0, 64, 0, 0, 0,		/* info list at 36, 64 bytes */
		0, 0, 0, 0, 0, 0, 0, 0,
		16, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0,	/* checksum: IPv4, TCP, at 34 */
		0x05, 0, 34, 0,
		16, 0, 0, 0, 2, 0, 0, 0, 12, 0, 0, 0,	/* LSOv2: IPv6, TCP at 54, MSS 1440 */
		0xa0, 0x05, 0x60, 0xc3,
		16, 0, 0, 0, 6, 0, 0, 0, 12, 0, 0, 0,	/* VLAN 0x123, CFI, priority 5 */
		0x3d, 0x12, 0, 0,
		16, 0, 0, 0, 8, 0, 0, 0, 12, 0, 0, 0,	/* hash */
		0xef, 0xbe, 0xad, 0xde,
	};
	struct hvx_rndis_tx tx = {
		.csum = HVX_PPI_CSUM_TX_IPV4 | HVX_PPI_CSUM_TX_TCP | 34 << HVX_PPI_CSUM_TX_L4_SHIFT,
		.lso = HVX_PPI_LSO_V2 | HVX_PPI_LSO_IPV6 | 54 << HVX_PPI_LSO_TCP_SHIFT | 1440,
		.vlan = true,
		.vlan_tci = 0x123 | 1 << 12 | 5 << 13,
		.hash = true,
		.hash_value = 0xdeadbeef,
	};
	struct hvx_rndis_tx vlan_only = { .vlan = true, .vlan_tci = 7 };
	struct hvx_rndis_rx rx;
	u8 b[HVX_RNDIS_TX_HDR_MAX + 60];

	KUNIT_EXPECT_EQ(test, HVX_RNDIS_TX_HDR_MAX, sizeof(all));
	memset(b, 0xaa, sizeof(b));
	KUNIT_EXPECT_EQ(test, hvx_rndis_packet_hdr_len(&tx), 108);
	KUNIT_EXPECT_EQ(test, hvx_rndis_build_packet(b, 60, &tx), 108);
	KUNIT_EXPECT_MEMEQ(test, b, all, sizeof(all));
	/* Our parser reads back what the builder wrote. */
	KUNIT_ASSERT_EQ(test, hvx_rndis_parse_packet(b, sizeof(b), sizeof(b), &rx), 0);
	KUNIT_EXPECT_EQ(test, rx.data_offset, 108);
	KUNIT_EXPECT_EQ(test, rx.data_len, 60);
	KUNIT_EXPECT_EQ(test, rx.vlan_tci, tx.vlan_tci);
	KUNIT_EXPECT_EQ(test, rx.csum_info, tx.csum);
	KUNIT_EXPECT_EQ(test, rx.hash_value, 0xdeadbeef);
	/* One entry: the frame follows it. */
	memset(b, 0xaa, sizeof(b));
	KUNIT_EXPECT_EQ(test, hvx_rndis_build_packet(b, 60, &vlan_only), 60);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 4), 120);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 8), 52);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 32), 16);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 48), HVX_RNDIS_PPI_IEEE_8021Q);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 56), 7 << 4);
	KUNIT_EXPECT_EQ(test, b[60], 0xaa);
}

/* The MAC as Hyper-V's NetworkAddress setting: UTF-16LE name and value. */
static void build_mac_param(struct kunit *test)
{
	static const u8 want[HVX_RNDIS_MAC_PARAM_LEN] = {
		20, 0, 0, 0, 28, 0, 0, 0, 2, 0, 0, 0,	/* name at 20, 28 bytes, string */
		48, 0, 0, 0, 24, 0, 0, 0,		/* value at 48, 24 bytes */
		'N', 0, 'e', 0, 't', 0, 'w', 0, 'o', 0, 'r', 0, 'k', 0,
		'A', 0, 'd', 0, 'd', 0, 'r', 0, 'e', 0, 's', 0, 's', 0,
		'0', 0, '2', 0, '1', 0, '5', 0, '5', 0, 'd', 0,
		'a', 0, 'b', 0, 'c', 0, 'd', 0, 'e', 0, 'f', 0,
	};
	static const u8 mac[ETH_ALEN] = { 0x02, 0x15, 0x5d, 0xab, 0xcd, 0xef };
	u8 b[HVX_RNDIS_MAC_PARAM_LEN + 4];

	memset(b, 0xaa, sizeof(b));
	KUNIT_EXPECT_EQ(test, hvx_rndis_build_mac_param(b, mac), sizeof(want));
	KUNIT_EXPECT_MEMEQ(test, b, want, sizeof(want));
	KUNIT_EXPECT_EQ(test, b[sizeof(want)], 0xaa);
}

/* RSS parameters: header, table right after it, key after the table. */
static void build_rss_params(struct kunit *test)
{
	static const u32 table[4] = { 0, 1, 0, 0x01020304 };
	static const u8 want_head[40] = {
		0x89, 2, 40, 0,			/* RSS_PARAMS, revision 2, 40 bytes */
		0, 0, 0, 0,			/* flags, base CPU */
		0x01, 0x12, 0, 0,		/* Toeplitz, TCP/IPv4, TCP/IPv6 */
		16, 0, 0, 0, 40, 0, 0, 0,	/* table: 16 bytes at 40 */
		40, 0, 0, 0, 56, 0, 0, 0,	/* key: 40 bytes at 56 */
	};
	u8 key[HVX_RSS_KEY_LEN], b[40 + 16 + HVX_RSS_KEY_LEN + 4];
	u32 i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = 0x40 + i;
	memset(b, 0xaa, sizeof(b));
	KUNIT_EXPECT_EQ(test, hvx_rndis_build_rss_params(b, HVX_NDIS_HASH_TOEPLITZ |
							 HVX_NDIS_HASH_TCP_IPV4 |
							 HVX_NDIS_HASH_TCP_IPV6, table, 4, key),
			40 + 16 + HVX_RSS_KEY_LEN);
	KUNIT_EXPECT_MEMEQ(test, b, want_head, sizeof(want_head));
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 40 + 4 * i), table[i]);
	KUNIT_EXPECT_MEMEQ(test, b + 56, key, sizeof(key));
	KUNIT_EXPECT_EQ(test, b[56 + sizeof(key)], 0xaa);
}

/* A send table message of @len bytes, count @count, its offset field @off, the table at @at. */
static void put_send_table(u8 *m, u32 len, u32 count, u32 off, u32 at)
{
	u32 i;

	memset(m, 0, len);
	put_unaligned_le32(HVX_NVSP_SEND_INDIRECTION_TABLE, m);
	put_unaligned_le32(count, m + 4);
	put_unaligned_le32(off, m + 8);
	for (i = 0; i < HVX_NVSP_SEND_TABLE_SIZE && at + 4 * i + 4 <= len; i++)
		put_unaligned_le32(i % 3, m + at + 4 * i);
}

static void send_table(struct kunit *test)
{
	u8 m[160], t[HVX_NVSP_SEND_TABLE_SIZE];
	u32 i, len;

	/* NVSP 6.1: the table where the offset says. */
	put_send_table(m, sizeof(m), 16, 80, 80);
	KUNIT_EXPECT_EQ(test, hvx_nvsp_parse_send_table(m, sizeof(m), HVX_NVSP_VERSION_61, t), 0);
	for (i = 0; i < HVX_NVSP_SEND_TABLE_SIZE; i++)
		KUNIT_EXPECT_EQ(test, t[i], i % 3);
	/* Up to NVSP 6 the offset field is wrong: the table is at 40. */
	put_send_table(m, 104, 16, 0xdead, 40);
	KUNIT_EXPECT_EQ(test, hvx_nvsp_parse_send_table(m, 104, HVX_NVSP_VERSION_6, t), 0);
	KUNIT_EXPECT_EQ(test, t[5], 2);
	/* Every length short of the table's end is refused, never read past. */
	for (len = 0; len < 104; len++) {
		put_send_table(m, len, 16, 40, 40);
		KUNIT_EXPECT_EQ(test, hvx_nvsp_parse_send_table(m, len, HVX_NVSP_VERSION_61, t),
				-EPROTO);
	}
	put_send_table(m, sizeof(m), 15, 40, 40);
	KUNIT_EXPECT_EQ(test, hvx_nvsp_parse_send_table(m, sizeof(m), HVX_NVSP_VERSION_61, t),
			-EPROTO);
	put_send_table(m, sizeof(m), 16, 0xfffffff0, 40);	/* offset + table wraps */
	KUNIT_EXPECT_EQ(test, hvx_nvsp_parse_send_table(m, sizeof(m), HVX_NVSP_VERSION_61, t),
			-EPROTO);
	put_send_table(m, sizeof(m), 16, 97, 40);		/* one byte past the end */
	KUNIT_EXPECT_EQ(test, hvx_nvsp_parse_send_table(m, sizeof(m), HVX_NVSP_VERSION_61, t),
			-EPROTO);
	/* A queue number past 255 is capped, not truncated to a small one. */
	put_send_table(m, 104, 16, 40, 40);
	put_unaligned_le32(0x100, m + 40);
	KUNIT_EXPECT_EQ(test, hvx_nvsp_parse_send_table(m, 104, HVX_NVSP_VERSION_61, t), 0);
	KUNIT_EXPECT_EQ(test, t[0], 255);
}

static struct kunit_case hvx_rndis_cases[] = {
	KUNIT_CASE(check_every_length),
	KUNIT_CASE(packet_frame_everywhere),
	KUNIT_CASE(packet_vlan),
	KUNIT_CASE(packet_csum_hash),
	KUNIT_CASE(packet_bad_info),
	KUNIT_CASE(query_complete_buffers),
	KUNIT_CASE(indicate_buffers),
	KUNIT_CASE(build_messages),
	KUNIT_CASE(build_packet_info),
	KUNIT_CASE(build_mac_param),
	KUNIT_CASE(build_rss_params),
	KUNIT_CASE(send_table),
	{}
};

static struct kunit_suite hvx_rndis_suite = {
	.name = "hvx_rndis",
	.test_cases = hvx_rndis_cases,
};

kunit_test_suite(hvx_rndis_suite);

MODULE_DESCRIPTION("KUnit tests for hvx_netvsc");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
