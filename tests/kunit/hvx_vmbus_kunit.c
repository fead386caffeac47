// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the VMBus core's pure parts: channel message checks,
 * GPADL message building, the request-id allocator, version negotiation,
 * and the rule that a rescind fails every wait about its channel.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <hvx/compat.h>
#include <hvx/gpadl_msg.h>
#include <hvx/rqstor.h>
#include <hvx/version.h>
#include <hvx/vmbus.h>
#include <hvx/vmbus_msg.h>
#include "../../vmbus/internal.h"

/* ---- channel messages ------------------------------------------------- */

struct msg_case {
	const char *name;
	u32 type;
	u32 len;
	u32 relid;
	int expect;	/* the type, or -errno */
};

#define OK(t, l)	{ #t " exact", HVX_MSG_##t, l, 7, HVX_MSG_##t }
#define SHORT(t, l)	{ #t " one byte short", HVX_MSG_##t, (l) - 1, 7, -EBADMSG }
#define FROM_GUEST(t)	{ #t " sent by the host", HVX_MSG_##t, 240, 7, -EPROTO }

static const struct msg_case msg_cases[] = {
	OK(OFFERCHANNEL, 196),		SHORT(OFFERCHANNEL, 196),
	OK(RESCIND_CHANNELOFFER, 12),	SHORT(RESCIND_CHANNELOFFER, 12),
	OK(ALLOFFERS_DELIVERED, 8),
	OK(OPENCHANNEL_RESULT, 20),	SHORT(OPENCHANNEL_RESULT, 20),
	OK(GPADL_CREATED, 20),		SHORT(GPADL_CREATED, 20),
	OK(GPADL_TORNDOWN, 12),		SHORT(GPADL_TORNDOWN, 12),
	OK(VERSION_RESPONSE, 16),	SHORT(VERSION_RESPONSE, 16),
	OK(UNLOAD_RESPONSE, 8),
	OK(MODIFYCHANNEL_RESPONSE, 16),	SHORT(MODIFYCHANNEL_RESPONSE, 16),
	FROM_GUEST(REQUESTOFFERS),	FROM_GUEST(OPENCHANNEL),
	FROM_GUEST(CLOSECHANNEL),	FROM_GUEST(GPADL_HEADER),
	FROM_GUEST(GPADL_BODY),		FROM_GUEST(GPADL_TEARDOWN),
	FROM_GUEST(RELID_RELEASED),	FROM_GUEST(INITIATE_CONTACT),
	FROM_GUEST(UNLOAD),		FROM_GUEST(MODIFYCHANNEL),
	FROM_GUEST(TL_CONNECT_REQUEST),	FROM_GUEST(INVALID),
	{ "longer than its layout", HVX_MSG_OFFERCHANNEL, 240, 7, HVX_MSG_OFFERCHANNEL },
	{ "longer than a SynIC payload", HVX_MSG_OFFERCHANNEL, 241, 7, -EMSGSIZE },
	{ "shorter than a header", HVX_MSG_UNLOAD_RESPONSE, 7, 7, -EBADMSG },
	{ "empty", HVX_MSG_UNLOAD_RESPONSE, 0, 7, -EBADMSG },
	{ "unused type 18", 18, 240, 7, -EPROTO },
	{ "type past the table", HVX_MSG_COUNT, 240, 7, -EPROTO },
	{ "type 0xffffffff", 0xffffffff, 240, 7, -EPROTO },
	{ "offer with relid 0", HVX_MSG_OFFERCHANNEL, 196, 0, -ERANGE },
	{ "offer with relid 2047", HVX_MSG_OFFERCHANNEL, 196, 2047, HVX_MSG_OFFERCHANNEL },
	{ "offer with relid 2048", HVX_MSG_OFFERCHANNEL, 196, 2048, -ERANGE },
	{ "rescind with relid 0xffffffff", HVX_MSG_RESCIND_CHANNELOFFER, 12,
	  0xffffffff, -ERANGE },
	{ "open result with relid 4096", HVX_MSG_OPENCHANNEL_RESULT, 20, 4096, -ERANGE },
	{ "gpadl created with relid 0", HVX_MSG_GPADL_CREATED, 20, 0, -ERANGE },
	{ "modify response with relid 2048", HVX_MSG_MODIFYCHANNEL_RESPONSE, 16,
	  2048, -ERANGE },
	{ "torndown carries no relid", HVX_MSG_GPADL_TORNDOWN, 12, 0, HVX_MSG_GPADL_TORNDOWN },
};

static void msg_case_desc(const struct msg_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(msg, msg_cases, msg_case_desc);

/* Where each type keeps its relid (0: none), as the wire layouts say. */
static u32 relid_offset(u32 type)
{
	switch (type) {
	case HVX_MSG_OFFERCHANNEL:
		return offsetof(struct hvx_msg_offer, child_relid);
	case HVX_MSG_RESCIND_CHANNELOFFER:
	case HVX_MSG_OPENCHANNEL_RESULT:
	case HVX_MSG_GPADL_CREATED:
	case HVX_MSG_MODIFYCHANNEL_RESPONSE:
		return 8;
	default:
		return 0;
	}
}

static void vmbus_msg_check_case(struct kunit *test)
{
	const struct msg_case *c = test->param_value;
	u8 buf[HVX_MSG_MAX_SIZE + 8] = {};
	struct hvx_msg_header *hdr = (void *)buf;
	u32 at = relid_offset(c->type);
	__le32 relid = cpu_to_le32(c->relid);

	hdr->msgtype = cpu_to_le32(c->type);
	if (at)
		memcpy(buf + at, &relid, sizeof(relid));
	KUNIT_EXPECT_EQ(test, hvx_msg_check(buf, c->len), c->expect);
}

static void vmbus_msg_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, hvx_msg_name(HVX_MSG_OFFERCHANNEL), "OFFERCHANNEL");
	KUNIT_EXPECT_STREQ(test, hvx_msg_name(HVX_MSG_MODIFYCHANNEL_RESPONSE),
			   "MODIFYCHANNEL_RESPONSE");
	KUNIT_EXPECT_STREQ(test, hvx_msg_name(HVX_MSG_GPADL_BODY), "GPADL_BODY");
	KUNIT_EXPECT_STREQ(test, hvx_msg_name(0), "UNKNOWN");
	KUNIT_EXPECT_STREQ(test, hvx_msg_name(19), "UNKNOWN");
	KUNIT_EXPECT_STREQ(test, hvx_msg_name(12345), "UNKNOWN");
}

static struct kunit_case vmbus_msg_cases[] = {
	KUNIT_CASE_PARAM(vmbus_msg_check_case, msg_gen_params),
	KUNIT_CASE(vmbus_msg_names),
	{}
};

static struct kunit_suite vmbus_msg_suite = {
	.name = "hvx_vmbus_msg",
	.test_cases = vmbus_msg_cases,
};

/* ---- GPADL messages --------------------------------------------------- */

struct gpadl_case {
	u32 nr_pfns;
	u32 messages;
};

/* Every boundary: the header holds 26 PFNs, each body message 28. */
static const struct gpadl_case gpadl_cases[] = {
	{ 1, 1 }, { 25, 1 }, { 26, 1 }, { 27, 2 }, { 53, 2 }, { 54, 2 },
	{ 55, 3 }, { 82, 3 }, { 83, 4 }, { 4096, 147 }, { HVX_GPADL_MAX_PFNS, 293 },
};

static void gpadl_case_desc(const struct gpadl_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u pages", c->nr_pfns);
}

KUNIT_ARRAY_PARAM(gpadl, gpadl_cases, gpadl_case_desc);

static void gpadl_check_header(struct kunit *test, const u8 *buf, int len, u32 n)
{
	const struct hvx_msg_gpadl_header *h = (const void *)buf;
	u32 in_header = min_t(u32, n, 26);

	KUNIT_EXPECT_EQ(test, len, (int)(28 + 8 * in_header));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->hdr.msgtype), (u32)HVX_MSG_GPADL_HEADER);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->child_relid), 42U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->gpadl), 0xe1e10U);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(h->range_buflen), (u16)(8 + 8 * n));
	KUNIT_EXPECT_EQ(test, le16_to_cpu(h->range_count), 1);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->byte_count), n * 4096);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->byte_offset), 0U);
}

static void gpadl_split_case(struct kunit *test)
{
	const struct gpadl_case *c = test->param_value;
	u64 *pfns = kunit_kmalloc_array(test, c->nr_pfns, sizeof(u64), GFP_KERNEL);
	u64 *seen = kunit_kcalloc(test, c->nr_pfns, sizeof(u64), GFP_KERNEL);
	u8 *buf = kunit_kmalloc(test, HVX_MSG_MAX_SIZE, GFP_KERNEL);
	u32 i, got = 0, k;
	int len;

	KUNIT_ASSERT_NOT_NULL(test, pfns);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < c->nr_pfns; i++)
		pfns[i] = 0x100000000ULL + i * 3;	/* above 4 GiB: all 64 bits go out */

	KUNIT_ASSERT_EQ(test, hvx_gpadl_msg_count(c->nr_pfns), c->messages);
	for (i = 0; i < c->messages; i++) {
		const struct hvx_msg_gpadl_body *b = (const void *)buf;
		const __le64 *p;

		memset(buf, 0xcc, HVX_MSG_MAX_SIZE);
		len = hvx_gpadl_msg_build(buf, i, 42, 0xe1e10, pfns, c->nr_pfns);
		KUNIT_ASSERT_GT(test, len, 0);
		KUNIT_EXPECT_LE(test, len, HVX_MSG_MAX_SIZE);
		if (i == 0) {
			gpadl_check_header(test, buf, len, c->nr_pfns);
			p = ((const struct hvx_msg_gpadl_header *)buf)->pfn;
			k = (len - 28) / 8;
		} else {
			KUNIT_EXPECT_EQ(test, le32_to_cpu(b->hdr.msgtype), (u32)HVX_MSG_GPADL_BODY);
			KUNIT_EXPECT_EQ(test, le32_to_cpu(b->gpadl), 0xe1e10U);
			KUNIT_EXPECT_EQ(test, le32_to_cpu(b->msgnumber), 0U);
			/* Every body message but the last is full. */
			if (i + 1 < c->messages)
				KUNIT_EXPECT_EQ(test, len, 16 + 8 * 28);
			p = b->pfn;
			k = (len - 16) / 8;
		}
		KUNIT_ASSERT_LE(test, got + k, c->nr_pfns);
		for (; k; k--, p++)
			seen[got++] = le64_to_cpu(*p);
	}
	KUNIT_EXPECT_EQ(test, got, c->nr_pfns);
	KUNIT_EXPECT_MEMEQ(test, seen, pfns, c->nr_pfns * sizeof(u64));
	KUNIT_EXPECT_EQ(test, hvx_gpadl_msg_build(buf, c->messages, 42, 0xe1e10, pfns,
						  c->nr_pfns), -EINVAL);
}

static void gpadl_rejects_bad_sizes(struct kunit *test)
{
	u8 buf[HVX_MSG_MAX_SIZE];
	u64 pfn = 1;

	KUNIT_EXPECT_EQ(test, hvx_gpadl_msg_count(0), 0U);
	KUNIT_EXPECT_EQ(test, hvx_gpadl_msg_count(HVX_GPADL_MAX_PFNS + 1), 0U);
	KUNIT_EXPECT_EQ(test, hvx_gpadl_msg_build(buf, 0, 1, 1, &pfn, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvx_gpadl_msg_build(buf, 0, 1, 1, &pfn,
						  HVX_GPADL_MAX_PFNS + 1), -EINVAL);
	/* range_buflen of the largest GPADL still fits its 16 bits. */
	KUNIT_EXPECT_LE(test, 8 + 8 * HVX_GPADL_MAX_PFNS, 0xffff);
}

static struct kunit_case gpadl_msg_cases[] = {
	KUNIT_CASE_PARAM(gpadl_split_case, gpadl_gen_params),
	KUNIT_CASE(gpadl_rejects_bad_sizes),
	{}
};

static struct kunit_suite gpadl_msg_suite = {
	.name = "hvx_gpadl_msg",
	.test_cases = gpadl_msg_cases,
};

/* ---- request ids ------------------------------------------------------ */

static void rqstor_test_exit(struct kunit *test)
{
	struct hvx_rqstor *rq = test->priv;

	if (rq && rq->slots) {
		rq->in_use = 0;		/* tests may end with requests in flight */
		hvx_rqstor_destroy(rq);
	}
}

static struct hvx_rqstor *rqstor_new(struct kunit *test, u32 size)
{
	struct hvx_rqstor *rq = kunit_kzalloc(test, sizeof(*rq), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, rq);
	KUNIT_ASSERT_EQ(test, hvx_rqstor_init(rq, size), 0);
	test->priv = rq;
	return rq;
}

static void rqstor_round_trip(struct kunit *test)
{
	struct hvx_rqstor *rq = rqstor_new(test, 4);
	u64 ids[4], cookie;
	u32 i, j;

	for (i = 0; i < 4; i++) {
		KUNIT_ASSERT_EQ(test, hvx_rqstor_get(rq, 1000 + i, &ids[i]), 0);
		/* A small slot number in the low half, never 0, never a pointer. */
		KUNIT_EXPECT_GE(test, (u32)ids[i], 1U);
		KUNIT_EXPECT_LE(test, (u32)ids[i], 4U);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, ids[i], ids[j]);
	}
	KUNIT_EXPECT_EQ(test, hvx_rqstor_get(rq, 9, &cookie), -ENOSPC);
	KUNIT_EXPECT_EQ(test, rq->in_use, 4U);

	/* Completions in any order give each request its own cookie back. */
	KUNIT_ASSERT_EQ(test, hvx_rqstor_put(rq, ids[2], &cookie), 0);
	KUNIT_EXPECT_EQ(test, cookie, 1002ULL);
	KUNIT_ASSERT_EQ(test, hvx_rqstor_put(rq, ids[0], &cookie), 0);
	KUNIT_EXPECT_EQ(test, cookie, 1000ULL);
	KUNIT_EXPECT_EQ(test, rq->in_use, 2U);
}

static void rqstor_rejects_bad_ids(struct kunit *test)
{
	struct hvx_rqstor *rq = rqstor_new(test, 1);	/* one slot: reuse is forced */
	u64 id, old, cookie = 77;

	KUNIT_ASSERT_EQ(test, hvx_rqstor_get(rq, 5, &id), 0);

	/* Unknown: never handed out. */
	KUNIT_EXPECT_EQ(test, hvx_rqstor_put(rq, 0, &cookie), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvx_rqstor_put(rq, 5, &cookie), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvx_rqstor_put(rq, 0xffffffff, &cookie), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvx_rqstor_put(rq, id & 0xffffffff00000000ULL, &cookie),
			-EINVAL);
	/* Stale: the right slot, the wrong generation. */
	KUNIT_EXPECT_EQ(test, hvx_rqstor_put(rq, id + (1ULL << 32), &cookie), -ESTALE);
	KUNIT_EXPECT_EQ(test, cookie, 77ULL);
	KUNIT_EXPECT_EQ(test, rq->in_use, 1U);

	KUNIT_ASSERT_EQ(test, hvx_rqstor_put(rq, id, &cookie), 0);
	KUNIT_EXPECT_EQ(test, cookie, 5ULL);
	/* Duplicate: the host completes the same request twice. */
	KUNIT_EXPECT_EQ(test, hvx_rqstor_put(rq, id, &cookie), -EALREADY);

	/* The slot is reused: the old id is now stale, the new one works. */
	old = id;
	KUNIT_ASSERT_EQ(test, hvx_rqstor_get(rq, 6, &id), 0);
	KUNIT_EXPECT_EQ(test, (u32)id, (u32)old);
	KUNIT_EXPECT_NE(test, id, old);
	KUNIT_EXPECT_EQ(test, hvx_rqstor_put(rq, old, &cookie), -ESTALE);
	KUNIT_EXPECT_EQ(test, rq->in_use, 1U);
	KUNIT_ASSERT_EQ(test, hvx_rqstor_put(rq, id, &cookie), 0);
	KUNIT_EXPECT_EQ(test, cookie, 6ULL);
	KUNIT_EXPECT_EQ(test, rq->in_use, 0U);
}

static void rqstor_count_cancelled(void *ctx, u64 cookie)
{
	u64 *sum = ctx;

	*sum += cookie;
}

static void rqstor_cancel_all_once(struct kunit *test)
{
	struct hvx_rqstor *rq = rqstor_new(test, 8);
	u64 ids[5], sum = 0, cookie;
	u32 i;

	for (i = 0; i < 5; i++)
		KUNIT_ASSERT_EQ(test, hvx_rqstor_get(rq, 1ULL << i, &ids[i]), 0);
	KUNIT_ASSERT_EQ(test, hvx_rqstor_put(rq, ids[1], &cookie), 0);

	KUNIT_EXPECT_EQ(test, hvx_rqstor_cancel_all(rq, rqstor_count_cancelled, &sum), 4U);
	KUNIT_EXPECT_EQ(test, sum, 1ULL + 4 + 8 + 16);	/* each once, not the completed one */
	KUNIT_EXPECT_EQ(test, rq->in_use, 0U);
	/* A late completion from the host for a cancelled request changes nothing. */
	KUNIT_EXPECT_EQ(test, hvx_rqstor_put(rq, ids[3], &cookie), -EALREADY);
	/* All 8 slots are free again. */
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, hvx_rqstor_get(rq, i, &ids[0]), 0);
	KUNIT_EXPECT_EQ(test, hvx_rqstor_get(rq, 0, &ids[0]), -ENOSPC);
}

/* A freed slot waits behind every other free one before it is reused. */
static void rqstor_reuses_oldest_free_slot(struct kunit *test)
{
	struct hvx_rqstor *rq = rqstor_new(test, 4);
	static const u32 order[] = { 2, 0, 3, 1 };
	u64 ids[4], got[4], id, cookie;
	u32 i;

	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, hvx_rqstor_get(rq, i, &ids[i]), 0);
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, hvx_rqstor_put(rq, ids[order[i]], &cookie), 0);
	for (i = 0; i < 4; i++) {
		KUNIT_ASSERT_EQ(test, hvx_rqstor_get(rq, i, &got[i]), 0);
		KUNIT_EXPECT_EQ(test, (u32)got[i], order[i] + 1);
	}
	/* Slots 2 and 0 free, then 3: 3 is reused last, not first. */
	KUNIT_ASSERT_EQ(test, hvx_rqstor_put(rq, got[0], &cookie), 0);
	KUNIT_ASSERT_EQ(test, hvx_rqstor_put(rq, got[1], &cookie), 0);
	KUNIT_ASSERT_EQ(test, hvx_rqstor_put(rq, got[2], &cookie), 0);
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, hvx_rqstor_get(rq, 9, &id), 0);
		KUNIT_EXPECT_EQ(test, (u32)id, order[i] + 1);
	}
	KUNIT_EXPECT_EQ(test, hvx_rqstor_get(rq, 9, &id), -ENOSPC);
}

static void rqstor_rejects_bad_size(struct kunit *test)
{
	struct hvx_rqstor rq = {};

	KUNIT_EXPECT_EQ(test, hvx_rqstor_init(&rq, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvx_rqstor_init(&rq, U32_MAX), -EINVAL);
}

static struct kunit_case rqstor_cases[] = {
	KUNIT_CASE(rqstor_round_trip),
	KUNIT_CASE(rqstor_rejects_bad_ids),
	KUNIT_CASE(rqstor_cancel_all_once),
	KUNIT_CASE(rqstor_reuses_oldest_free_slot),
	KUNIT_CASE(rqstor_rejects_bad_size),
	{}
};

static struct kunit_suite rqstor_suite = {
	.name = "hvx_rqstor",
	.exit = rqstor_test_exit,
	.test_cases = rqstor_cases,
};

/* ---- version negotiation ---------------------------------------------- */

#define V(major, minor)	HVX_VMBUS_VERSION(major, minor)

struct fake_host {
	u32 newest;		/* accepts any ladder version up to this */
	int fail_on_call;	/* 1-based call that times out, 0: never */
	unsigned int calls;
	u32 offered[16];
};

static int fake_host_try(void *ctx, u32 version)
{
	struct fake_host *host = ctx;

	if (host->calls < ARRAY_SIZE(host->offered))
		host->offered[host->calls] = version;
	if (++host->calls == host->fail_on_call)
		return -ETIMEDOUT;
	return version <= host->newest;
}

struct version_case {
	const char *name;
	u32 host, max;
	int fail_on_call;
	int expect;
	u32 agreed;
	unsigned int calls;
};

static const struct version_case version_cases[] = {
	{ "host 5.3", V(5, 3), V(5, 3), 0, 0, V(5, 3), 1 },
	{ "host 5.2", V(5, 2), V(5, 3), 0, 0, V(5, 2), 2 },
	{ "host 5.1", V(5, 1), V(5, 3), 0, 0, V(5, 1), 3 },
	{ "host 5.0", V(5, 0), V(5, 3), 0, 0, V(5, 0), 4 },
	{ "host 4.1", V(4, 1), V(5, 3), 0, 0, V(4, 1), 5 },
	{ "host 4.0", V(4, 0), V(5, 3), 0, 0, V(4, 0), 6 },
	{ "host 3.0 (2012 R2)", V(3, 0), V(5, 3), 0, 0, V(3, 0), 7 },
	{ "host 2.4 (2012)", V(2, 4), V(5, 3), 0, 0, V(2, 4), 8 },
	{ "host 1.1 (2008 R2) refused", V(1, 1), V(5, 3), 0, -EPROTONOSUPPORT, 0, 8 },
	{ "host newer than hvx", V(6, 0), V(5, 3), 0, 0, V(5, 3), 1 },
	{ "capped at 4.0", V(5, 3), V(4, 0), 0, 0, V(4, 0), 1 },
	{ "capped between rungs", V(5, 3), V(4, 7), 0, 0, V(4, 1), 1 },
	{ "cap above the ladder", V(5, 3), V(9, 0), 0, 0, V(5, 3), 1 },
	{ "cap below the ladder", V(5, 3), V(2, 0), 0, -EINVAL, 0, 0 },
	{ "host times out", V(4, 0), V(5, 3), 2, -ETIMEDOUT, 0, 2 },
};

static void version_case_desc(const struct version_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(version, version_cases, version_case_desc);

static void vmbus_version_ladder(struct kunit *test)
{
	static const u32 ladder[] = {
		V(5, 3), V(5, 2), V(5, 1), V(5, 0), V(4, 1), V(4, 0), V(3, 0), V(2, 4),
	};
	const struct version_case *c = test->param_value;
	struct fake_host host = { .newest = c->host, .fail_on_call = c->fail_on_call };
	unsigned int i, first = 0;
	u32 agreed = 0;

	KUNIT_EXPECT_EQ(test, hvx_vmbus_negotiate(c->max, fake_host_try, &host, &agreed),
			c->expect);
	KUNIT_EXPECT_EQ(test, agreed, c->agreed);
	KUNIT_ASSERT_EQ(test, host.calls, c->calls);
	/* Offers go newest first, skip nothing below the cap, stop at success. */
	while (first < ARRAY_SIZE(ladder) && ladder[first] > c->max)
		first++;
	for (i = 0; i < host.calls; i++)
		KUNIT_EXPECT_EQ(test, host.offered[i], ladder[first + i]);
}

static struct kunit_case version_cases_list[] = {
	KUNIT_CASE_PARAM(vmbus_version_ladder, version_gen_params),
	{}
};

static struct kunit_suite version_suite = {
	.name = "hvx_vmbus_version",
	.test_cases = version_cases_list,
};

/* ---- GPA-direct page lists -------------------------------------------------------- */

/* Ranges at every offset in a page and lengths around page ends: exact words. */
static void gpa_list_words(struct kunit *test)
{
	static const u32 offsets[] = { 0, 1, 8, 4095 };
	static const u32 lens[] = { 1, 4095, 4096, 4097, 8192, 65536 };
	__le64 words[32];
	unsigned int i, j, k;

	for (i = 0; i < ARRAY_SIZE(offsets); i++) {
		for (j = 0; j < ARRAY_SIZE(lens); j++) {
			struct hvx_gpa_list l = { .words = words, .size = ARRAY_SIZE(words) };
			phys_addr_t addr = 0x123456000ULL + offsets[i];
			u32 nr = DIV_ROUND_UP(offsets[i] + lens[j], 4096);

			KUNIT_ASSERT_EQ(test, hvx_gpa_list_add(&l, addr, lens[j]), 0);
			KUNIT_EXPECT_EQ(test, l.ranges, 1);
			KUNIT_EXPECT_EQ(test, l.used, 1 + nr);
			KUNIT_EXPECT_EQ(test, get_unaligned_le32(&words[0]), lens[j]);
			KUNIT_EXPECT_EQ(test, get_unaligned_le32((u8 *)&words[0] + 4), offsets[i]);
			for (k = 0; k < nr; k++)
				KUNIT_EXPECT_EQ(test, le64_to_cpu(words[1 + k]), 0x123456ULL + k);
		}
	}
}

/* A second range follows the first; a range that does not fit changes nothing. */
static void gpa_list_full(struct kunit *test)
{
	__le64 words[6];
	struct hvx_gpa_list l = { .words = words, .size = ARRAY_SIZE(words) };

	KUNIT_EXPECT_EQ(test, hvx_gpa_list_add(&l, 0x5000 + 100, 5000), 0);	/* 2 pages */
	KUNIT_EXPECT_EQ(test, hvx_gpa_list_add(&l, 0x9000, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvx_gpa_list_add(&l, 0x9000, 8193), -ENOSPC);	/* 3 pages */
	KUNIT_EXPECT_EQ(test, l.used, 3);
	KUNIT_EXPECT_EQ(test, l.ranges, 1);
	KUNIT_EXPECT_EQ(test, hvx_gpa_list_add(&l, 0x9000, 8192), 0);	/* exactly full */
	KUNIT_EXPECT_EQ(test, l.used, 6);
	KUNIT_EXPECT_EQ(test, l.ranges, 2);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(words[2]), 6);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(&words[3]), 8192);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(words[5]), 10);
	KUNIT_EXPECT_EQ(test, hvx_gpa_list_add(&l, 0x9000, 1), -ENOSPC);
}

static struct kunit_case gpa_list_cases[] = {
	KUNIT_CASE(gpa_list_words),
	KUNIT_CASE(gpa_list_full),
	{}
};

static struct kunit_suite gpa_list_suite = {
	.name = "hvx_gpa_list",
	.test_cases = gpa_list_cases,
};

/* ---- waiters and rescinds -------------------------------------------- */

/* A connection with one offered channel, relid 7, and nothing else. */
static struct hvx_conn *waiter_conn(struct kunit *test)
{
	struct hvx_conn *conn = kunit_kzalloc(test, sizeof(*conn), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, conn);
	spin_lock_init(&conn->inbox_lock);
	spin_lock_init(&conn->chan_lock);
	INIT_LIST_HEAD(&conn->waiters);
	conn->channels[7] = kunit_kzalloc(test, sizeof(struct hvx_channel), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, conn->channels[7]);
	conn->channels[7]->relid = 7;
	return conn;
}

static struct hvx_waiter *waiter_new(struct kunit *test)
{
	struct hvx_waiter *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	return w;
}

/* Registered, then rescinded: failed at once; another channel's wait is not. */
static void waiter_rescinded_after(struct kunit *test)
{
	struct hvx_conn *conn = waiter_conn(test);
	struct hvx_waiter *w = waiter_new(test), *other = waiter_new(test);

	hvx_conn_expect(conn, w, HVX_MSG_OPENCHANNEL_RESULT, 7, 7);
	hvx_conn_expect(conn, other, HVX_MSG_OPENCHANNEL_RESULT, 8, 8);
	KUNIT_EXPECT_FALSE(test, completion_done(&w->done));
	hvx_rescind_mark(conn, 7);
	KUNIT_EXPECT_TRUE(test, completion_done(&w->done));
	KUNIT_EXPECT_EQ(test, w->status, -ENODEV);
	KUNIT_EXPECT_FALSE(test, completion_done(&other->done));
	KUNIT_EXPECT_EQ(test, other->status, 0);
}

/*
 * Rescinded before the waiter was registered (an open that passed its
 * rescind check, then the rescind, then OPENCHANNEL's wait): failed at
 * once too, not left to the reply timeout. A wait about no channel, or
 * about one never rescinded, is not.
 */
static void waiter_rescinded_before(struct kunit *test)
{
	struct hvx_conn *conn = waiter_conn(test);
	struct hvx_waiter *w = waiter_new(test), *none = waiter_new(test);
	struct hvx_waiter *other = waiter_new(test);

	hvx_rescind_mark(conn, 7);
	KUNIT_EXPECT_TRUE(test, hvx_relid_rescinded(conn, 7));
	KUNIT_EXPECT_FALSE(test, hvx_relid_rescinded(conn, 8));
	KUNIT_EXPECT_FALSE(test, hvx_relid_rescinded(conn, HVX_MAX_RELID));
	hvx_conn_expect(conn, w, HVX_MSG_OPENCHANNEL_RESULT, 7, 7);
	KUNIT_EXPECT_TRUE(test, completion_done(&w->done));
	KUNIT_EXPECT_EQ(test, w->status, -ENODEV);
	hvx_conn_expect(conn, none, HVX_MSG_VERSION_RESPONSE, 0, 0);
	KUNIT_EXPECT_FALSE(test, completion_done(&none->done));
	hvx_conn_expect(conn, other, HVX_MSG_OPENCHANNEL_RESULT, 8, 8);
	KUNIT_EXPECT_FALSE(test, completion_done(&other->done));
}

static struct kunit_case waiter_cases[] = {
	KUNIT_CASE(waiter_rescinded_after),
	KUNIT_CASE(waiter_rescinded_before),
	{}
};

static struct kunit_suite waiter_suite = {
	.name = "hvx_vmbus_waiters",
	.test_cases = waiter_cases,
};

kunit_test_suites(&vmbus_msg_suite, &gpadl_msg_suite, &rqstor_suite, &version_suite,
		  &gpa_list_suite, &waiter_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the hvx VMBus core");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
