// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for hvx_utils' pure parts: IC version negotiation over every
 * combination of offered versions and every malformed count, Hyper-V
 * time (100 ns units since 1601) to Unix nanoseconds, and the host's
 * UTF-16LE strings against the daemons' UTF-8 ones.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/nls.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <hvx/compat.h>
#include <hvx/ic.h>

static const u32 fw_ours[] = { HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0) };
static const u32 srv_ours[] = { HVX_IC_VERSION(4, 0), HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0) };

/* Versions a host might list: ours and ones we do not speak. */
static const u32 candidates[] = {
	HVX_IC_VERSION(1, 0), HVX_IC_VERSION(3, 0), HVX_IC_VERSION(4, 0),
	HVX_IC_VERSION(2, 0), HVX_IC_VERSION(3, 1),
};

#define BUF_BYTES	(8 + 2 * ARRAY_SIZE(candidates) * 4)

/* A NEGOTIATE body listing the candidates in @fw_mask, then @srv_mask. */
static u32 neg_build(u8 *buf, unsigned int fw_mask, unsigned int srv_mask)
{
	struct hvx_ic_negotiate *neg = (void *)buf;
	unsigned int i, n = 0, nf = 0;

	memset(buf, 0, BUF_BYTES);
	for (i = 0; i < ARRAY_SIZE(candidates); i++) {
		if (fw_mask & BIT(i)) {
			neg->versions[n].major = cpu_to_le16(candidates[i] >> 16);
			neg->versions[n++].minor = cpu_to_le16(candidates[i] & 0xffff);
			nf++;
		}
	}
	for (i = 0; i < ARRAY_SIZE(candidates); i++) {
		if (srv_mask & BIT(i)) {
			neg->versions[n].major = cpu_to_le16(candidates[i] >> 16);
			neg->versions[n++].minor = cpu_to_le16(candidates[i] & 0xffff);
		}
	}
	neg->frame_count = cpu_to_le16(nf);
	neg->msg_count = cpu_to_le16(n - nf);
	return sizeof(*neg) + n * sizeof(neg->versions[0]);
}

/* Our newest version among the candidates in @mask, or 0. */
static u32 expected_pick(const u32 *ours, unsigned int n, unsigned int mask)
{
	unsigned int i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < ARRAY_SIZE(candidates); j++)
			if (mask & BIT(j) && candidates[j] == ours[i])
				return ours[i];
	return 0;
}

static void negotiate_every_combination(struct kunit *test)
{
	unsigned int fw_mask, srv_mask, all = BIT(ARRAY_SIZE(candidates)) - 1;
	struct hvx_ic_negotiate *neg;
	u8 buf[BUF_BYTES];

	neg = (void *)buf;
	for (fw_mask = 0; fw_mask <= all; fw_mask++) {
		for (srv_mask = 0; srv_mask <= all; srv_mask++) {
			u32 f = expected_pick(fw_ours, ARRAY_SIZE(fw_ours), fw_mask);
			u32 s = expected_pick(srv_ours, ARRAY_SIZE(srv_ours), srv_mask);
			struct hvx_ic_versions got = {};
			u32 len = neg_build(buf, fw_mask, srv_mask);
			int ret = hvx_ic_negotiate(buf, len, sizeof(buf), fw_ours,
						   ARRAY_SIZE(fw_ours), srv_ours,
						   ARRAY_SIZE(srv_ours), &got);

			if (!f || !s) {
				KUNIT_ASSERT_EQ_MSG(test, ret, -EPROTONOSUPPORT,
						    "fw %#x srv %#x", fw_mask, srv_mask);
				KUNIT_ASSERT_EQ(test, le16_to_cpu(neg->frame_count), 0);
				KUNIT_ASSERT_EQ(test, le16_to_cpu(neg->msg_count), 0);
				continue;
			}
			KUNIT_ASSERT_EQ_MSG(test, ret, HVX_IC_NEGOTIATE_ANSWER,
					    "fw %#x srv %#x", fw_mask, srv_mask);
			KUNIT_ASSERT_EQ(test, got.framework, f);
			KUNIT_ASSERT_EQ(test, got.service, s);
			KUNIT_ASSERT_EQ(test, le16_to_cpu(neg->frame_count), 1);
			KUNIT_ASSERT_EQ(test, le16_to_cpu(neg->msg_count), 1);
			KUNIT_ASSERT_EQ(test, le16_to_cpu(neg->versions[0].major), f >> 16);
			KUNIT_ASSERT_EQ(test, le16_to_cpu(neg->versions[0].minor), f & 0xffff);
			KUNIT_ASSERT_EQ(test, le16_to_cpu(neg->versions[1].major), s >> 16);
			KUNIT_ASSERT_EQ(test, le16_to_cpu(neg->versions[1].minor), s & 0xffff);
		}
	}
}

/* The bytes of an answer, exactly: counts, reserved, two versions. */
static void negotiate_answer_bytes(struct kunit *test)
{
	static const u8 want[16] = { 1, 0, 1, 0, 0, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0 };
	struct hvx_ic_versions got;
	u8 buf[BUF_BYTES];
	u32 len = neg_build(buf, 0x3, 0x7);

	KUNIT_ASSERT_EQ(test, hvx_ic_negotiate(buf, len, sizeof(buf), fw_ours, 2, srv_ours, 3,
					       &got), 16);
	KUNIT_EXPECT_MEMEQ(test, buf, want, sizeof(want));
}

static void negotiate_every_short_length(struct kunit *test)
{
	struct hvx_ic_versions got;
	u8 buf[BUF_BYTES];
	u32 len = neg_build(buf, 0x3, 0x7), n;

	for (n = 0; n < len; n++) {
		neg_build(buf, 0x3, 0x7);
		KUNIT_EXPECT_EQ_MSG(test, hvx_ic_negotiate(buf, n, sizeof(buf), fw_ours, 2,
							   srv_ours, 3, &got), -EBADMSG,
				    "length %u", n);
	}
}

static void negotiate_counts_too_large(struct kunit *test)
{
	struct hvx_ic_negotiate *neg;
	struct hvx_ic_versions got;
	u8 *buf;
	u32 len = sizeof(*neg) + 202 * sizeof(neg->versions[0]);

	buf = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	neg = (void *)buf;
	neg->frame_count = cpu_to_le16(101);
	neg->msg_count = cpu_to_le16(1);
	KUNIT_EXPECT_EQ(test, hvx_ic_negotiate(buf, len, len, fw_ours, 2, srv_ours, 3, &got),
			-EBADMSG);
	neg->frame_count = cpu_to_le16(1);
	neg->msg_count = cpu_to_le16(101);
	KUNIT_EXPECT_EQ(test, hvx_ic_negotiate(buf, len, len, fw_ours, 2, srv_ours, 3, &got),
			-EBADMSG);
	neg->frame_count = cpu_to_le16(0xffff);
	neg->msg_count = cpu_to_le16(0xffff);
	KUNIT_EXPECT_EQ(test, hvx_ic_negotiate(buf, len, len, fw_ours, 2, srv_ours, 3, &got),
			-EBADMSG);
	/* 100 and 100 is the most a well-formed list has. */
	neg->frame_count = cpu_to_le16(100);
	neg->msg_count = cpu_to_le16(100);
	KUNIT_EXPECT_EQ(test, hvx_ic_negotiate(buf, len, len, fw_ours, 2, srv_ours, 3, &got),
			-EPROTONOSUPPORT);
}

/* No room for the answer: nothing is written. */
static void negotiate_no_room(struct kunit *test)
{
	struct hvx_ic_versions got;
	u8 buf[BUF_BYTES], copy[BUF_BYTES];
	u32 len = neg_build(buf, 0x1, 0x1);

	memcpy(copy, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, hvx_ic_negotiate(buf, len, HVX_IC_NEGOTIATE_ANSWER - 1,
					       fw_ours, 2, srv_ours, 3, &got), -EBADMSG);
	KUNIT_EXPECT_MEMEQ(test, buf, copy, sizeof(buf));
}

/* ---- time ------------------------------------------------------------------ */

static void time_conversion(struct kunit *test)
{
	/* 2026-11-26 00:00:00 UTC */
	const u64 unix_s = 1795651200ULL;
	s64 ns;

	KUNIT_ASSERT_EQ(test, hvx_ic_time_to_ns(HVX_IC_EPOCH_DELTA, &ns), 0);
	KUNIT_EXPECT_EQ(test, ns, 0);
	KUNIT_ASSERT_EQ(test, hvx_ic_time_to_ns(HVX_IC_EPOCH_DELTA + 1, &ns), 0);
	KUNIT_EXPECT_EQ(test, ns, 100);
	KUNIT_ASSERT_EQ(test, hvx_ic_time_to_ns(HVX_IC_EPOCH_DELTA + unix_s * 10000000, &ns), 0);
	KUNIT_EXPECT_EQ(test, ns, unix_s * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, hvx_ic_time_to_ns(0, &ns), -ERANGE);
	KUNIT_EXPECT_EQ(test, hvx_ic_time_to_ns(HVX_IC_EPOCH_DELTA - 1, &ns), -ERANGE);
	KUNIT_ASSERT_EQ(test, hvx_ic_time_to_ns(HVX_IC_EPOCH_DELTA + S64_MAX / 100, &ns), 0);
	KUNIT_EXPECT_EQ(test, ns, S64_MAX / 100 * 100);
	KUNIT_EXPECT_EQ(test, hvx_ic_time_to_ns(HVX_IC_EPOCH_DELTA + S64_MAX / 100 + 1, &ns),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, hvx_ic_time_to_ns(U64_MAX, &ns), -ERANGE);
}

/* ---- strings --------------------------------------------------------------- */

struct utf16_case {
	const char *name;
	u16 in[8];		/* code units, host order; converted to LE below */
	u32 chars;		/* how many the host says there are */
	u32 size;		/* room for the UTF-8, NUL included */
	int ret;
	const char *out;
};

static const struct utf16_case utf16_cases[] = {
	{ "ascii, NUL inside", { 'K', 'e', 'y', 0, 'x' }, 5, 16, 3, "Key" },
	{ "no NUL: chars end it", { 'a', 'b', 'c', 'd' }, 3, 16, 3, "abc" },
	{ "empty", { 0 }, 1, 1, 0, "" },
	{ "zero chars", { 'a' }, 0, 1, 0, "" },
	{ "two-byte", { 'G', 'r', 0xfc, 0xdf, 'e' }, 5, 16, 7, "Gr\xc3\xbc\xc3\x9f\x65" },
	{ "three-byte", { 0x20ac }, 1, 4, 3, "\xe2\x82\xac" },
	{ "surrogate pair", { 0xd83d, 0xde00 }, 2, 5, 4, "\xf0\x9f\x98\x80" },
	{ "fits exactly", { 'a', 'b', 'c' }, 3, 4, 3, "abc" },
	{ "one byte short", { 'a', 'b', 'c' }, 3, 3, -ENAMETOOLONG },
	{ "three-byte, no room for it", { 'a', 0x20ac }, 2, 4, -ENAMETOOLONG },
	{ "pair, no room for it", { 0xd83d, 0xde00 }, 2, 4, -ENAMETOOLONG },
	{ "no room at all", { 0 }, 1, 0, -ENAMETOOLONG },
	{ "lone high surrogate", { 0xd800, 'e' }, 2, 16, -EINVAL },
	{ "high surrogate cut off by chars", { 0xd83d, 0xde00 }, 1, 16, -EINVAL },
	{ "lone low surrogate", { 'a', 0xdc00 }, 2, 16, -EINVAL },
	{ "two high surrogates", { 0xd800, 0xd800, 0xdc00 }, 3, 16, -EINVAL },
};

static void utf16_to_utf8_vectors(struct kunit *test)
{
	u8 src[2 * 8 + 1], dst[32];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(utf16_cases); i++) {
		const struct utf16_case *c = &utf16_cases[i];

		/* At an odd address: the host's strings need not be aligned. */
		for (j = 0; j < ARRAY_SIZE(c->in); j++)
			put_unaligned_le16(c->in[j], src + 1 + 2 * j);
		memset(dst, 0xaa, sizeof(dst));
		KUNIT_EXPECT_EQ_MSG(test, hvx_ic_utf16_to_utf8(src + 1, c->chars, dst, c->size),
				    c->ret, "%s", c->name);
		if (c->ret >= 0)
			KUNIT_EXPECT_STREQ_MSG(test, (char *)dst, c->out, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, dst[c->size], 0xaa, "%s: wrote past", c->name);
	}
}

struct utf8_case {
	const char *name;
	const char *in;
	u32 size;		/* bytes at in */
	u32 chars;		/* room for the UTF-16, NUL included */
	int ret;
	u16 out[6];		/* without the NUL */
};

static const struct utf8_case utf8_cases[] = {
	{ "ascii", "Key", 16, 8, 3, { 'K', 'e', 'y' } },
	{ "size ends it", "abcdef", 3, 8, 3, { 'a', 'b', 'c' } },
	{ "empty", "", 1, 1, 0 },
	{ "two- and three-byte", "\xc3\xbc\xe2\x82\xac", 16, 8, 2, { 0xfc, 0x20ac } },
	{ "four-byte: a pair", "\xf0\x9f\x98\x80", 16, 3, 2, { 0xd83d, 0xde00 } },
	{ "fits exactly", "abc", 16, 4, 3, { 'a', 'b', 'c' } },
	{ "one unit short", "abc", 16, 3, -ENAMETOOLONG },
	{ "pair, one unit short", "\xf0\x9f\x98\x80", 16, 2, -ENAMETOOLONG },
	{ "no room at all", "", 16, 0, -ENAMETOOLONG },
	{ "bad lead byte", "a\xff", 16, 8, -EINVAL },
	{ "cut short", "a\xc3", 16, 8, -EINVAL },
	{ "overlong NUL", "\xc0\x80", 16, 8, -EINVAL },
	{ "an encoded surrogate", "\xed\xa0\x80", 16, 8, -EINVAL },
	{ "past U+10FFFF", "\xf4\x90\x80\x80", 16, 8, -EINVAL },
};

static void utf8_to_utf16_vectors(struct kunit *test)
{
	u8 dst[2 * 8 + 1];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(utf8_cases); i++) {
		const struct utf8_case *c = &utf8_cases[i];

		memset(dst, 0xaa, sizeof(dst));
		KUNIT_EXPECT_EQ_MSG(test, hvx_ic_utf8_to_utf16(c->in, c->size, dst + 1, c->chars),
				    c->ret, "%s", c->name);
		if (c->ret < 0)
			continue;
		for (j = 0; j < c->ret; j++)
			KUNIT_EXPECT_EQ_MSG(test, get_unaligned_le16(dst + 1 + 2 * j), c->out[j],
					    "%s: unit %u", c->name, j);
		KUNIT_EXPECT_EQ_MSG(test, get_unaligned_le16(dst + 1 + 2 * j), 0, "%s: NUL",
				    c->name);
	}
}

/* Every code point there is, through UTF-8 to UTF-16 and back. */
static void utf_every_code_point(struct kunit *test)
{
	u8 utf8[5], back[5], utf16[6];
	unicode_t c;
	int n;

	for (c = 1; c <= 0x10ffff; c++) {
		if (c >= 0xd800 && c < 0xe000)
			continue;
		n = utf32_to_utf8(c, utf8, 4);
		utf8[n] = 0;
		n = hvx_ic_utf8_to_utf16(utf8, sizeof(utf8), utf16, 3);
		if (n != (c >= 0x10000 ? 2 : 1)) {
			KUNIT_FAIL(test, "U+%04X to UTF-16: %d", c, n);
			return;
		}
		n = hvx_ic_utf16_to_utf8(utf16, 3, back, sizeof(back));
		if (n < 0 || strcmp(back, utf8)) {
			KUNIT_FAIL(test, "U+%04X back to UTF-8: %d", c, n);
			return;
		}
	}
}

static struct kunit_case hvx_ic_cases[] = {
	KUNIT_CASE(negotiate_every_combination),
	KUNIT_CASE(negotiate_answer_bytes),
	KUNIT_CASE(negotiate_every_short_length),
	KUNIT_CASE(negotiate_counts_too_large),
	KUNIT_CASE(negotiate_no_room),
	KUNIT_CASE(time_conversion),
	KUNIT_CASE(utf16_to_utf8_vectors),
	KUNIT_CASE(utf8_to_utf16_vectors),
	KUNIT_CASE(utf_every_code_point),
	{}
};

static struct kunit_suite hvx_ic_suite = {
	.name = "hvx_ic",
	.test_cases = hvx_ic_cases,
};

kunit_test_suite(hvx_ic_suite);

MODULE_DESCRIPTION("KUnit tests for hvx_utils");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
