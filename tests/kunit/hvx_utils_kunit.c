// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for hvx_utils' pure parts: IC version negotiation over every
 * combination of offered versions and every malformed count, and Hyper-V
 * time (100 ns units since 1601) to Unix nanoseconds.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/time64.h>
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

static struct kunit_case hvx_ic_cases[] = {
	KUNIT_CASE(negotiate_every_combination),
	KUNIT_CASE(negotiate_answer_bytes),
	KUNIT_CASE(negotiate_every_short_length),
	KUNIT_CASE(negotiate_counts_too_large),
	KUNIT_CASE(negotiate_no_room),
	KUNIT_CASE(time_conversion),
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
