// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for hvx_storvsc's pure parts: the SRB it builds, byte for
 * byte; the page frame list of every scatter-gather shape; and the SCSI
 * result of every SRB status.
 */
#include <kunit/test.h>
#include <linux/dma-direction.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <scsi/scsi.h>
#include <scsi/scsi_proto.h>
#include <hvx/storvsc.h>
#include <hvx/vstor.h>

/* ---- the SRB ---------------------------------------------------------------- */

static void srb_read10(struct kunit *test)
{
	static const u8 cdb[10] = { 0x28, 0, 0, 0, 0x12, 0x34, 0, 0, 8, 0 };
	struct hvx_vstor_packet pkt;
	u8 *b = (u8 *)&pkt;

	memset(&pkt, 0xaa, sizeof(pkt));
	hvx_vstor_build_srb(&pkt, cdb, sizeof(cdb), 0, 1, 7, DMA_FROM_DEVICE, 4096);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 0), HVX_VSTOR_EXECUTE_SRB);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 4), 1);	/* completion requested */
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 8), 0);	/* status */
	KUNIT_EXPECT_EQ(test, get_unaligned_le16(b + 12), 52);	/* srb length */
	KUNIT_EXPECT_EQ(test, b[14], 0);	/* srb status */
	KUNIT_EXPECT_EQ(test, b[15], 0);	/* scsi status */
	KUNIT_EXPECT_EQ(test, b[17], 0);	/* path */
	KUNIT_EXPECT_EQ(test, b[18], 1);	/* target */
	KUNIT_EXPECT_EQ(test, b[19], 7);	/* lun */
	KUNIT_EXPECT_EQ(test, b[20], 10);	/* cdb length */
	KUNIT_EXPECT_EQ(test, b[21], 20);	/* sense room */
	KUNIT_EXPECT_EQ(test, b[22], HVX_VSTOR_DATA_IN);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 24), 4096);
	KUNIT_EXPECT_MEMEQ(test, b + 28, cdb, sizeof(cdb));
	KUNIT_EXPECT_EQ(test, b[38], 0);	/* rest of the cdb zeroed */
	KUNIT_EXPECT_EQ(test, b[50], HVX_SRB_UNTAGGED);
	KUNIT_EXPECT_EQ(test, b[51], HVX_SRB_SIMPLE_TAG);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 52),
			HVX_SRB_FLAG_DATA_IN | HVX_SRB_FLAG_DISABLE_SYNCH_TRANSFER |
			HVX_SRB_FLAG_QUEUE_ACTION_ENABLE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 56), 60);	/* timeout, seconds */
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(b + 60), 0);
}

static void srb_directions(struct kunit *test)
{
	static const u8 tur[6];
	struct hvx_vstor_packet pkt;

	hvx_vstor_build_srb(&pkt, tur, 6, 0, 0, 0, DMA_TO_DEVICE, 512);
	KUNIT_EXPECT_EQ(test, pkt.srb.data_in, HVX_VSTOR_DATA_OUT);
	KUNIT_EXPECT_TRUE(test, le32_to_cpu(pkt.srb.srb_flags) & HVX_SRB_FLAG_DATA_OUT);
	KUNIT_EXPECT_FALSE(test, le32_to_cpu(pkt.srb.srb_flags) & HVX_SRB_FLAG_DATA_IN);
	hvx_vstor_build_srb(&pkt, tur, 6, 0, 0, 0, DMA_NONE, 0);
	KUNIT_EXPECT_EQ(test, pkt.srb.data_in, HVX_VSTOR_DATA_NONE);
	KUNIT_EXPECT_FALSE(test, le32_to_cpu(pkt.srb.srb_flags) &
			   (HVX_SRB_FLAG_DATA_OUT | HVX_SRB_FLAG_DATA_IN));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(pkt.srb.data_length), 0);
}

/* ---- SRB status to SCSI result ------------------------------------------------ */

struct result_case {
	const char *name;
	u8 srb, scsi;
	u32 result;
};

#define R(host, status)	((host) << 16 | (status))

static const struct result_case result_cases[] = {
	{ "success", HVX_SRB_SUCCESS, SAM_STAT_GOOD, R(DID_OK, 0) },
	{ "underrun", HVX_SRB_DATA_OVERRUN, SAM_STAT_GOOD, R(DID_OK, 0) },
	{ "check condition with sense", HVX_SRB_ERROR | HVX_SRB_AUTOSENSE_VALID,
	  SAM_STAT_CHECK_CONDITION, R(DID_OK, SAM_STAT_CHECK_CONDITION) },
	{ "check condition, queue frozen", HVX_SRB_ERROR | HVX_SRB_AUTOSENSE_VALID |
	  HVX_SRB_QUEUE_FROZEN, SAM_STAT_CHECK_CONDITION, R(DID_OK, SAM_STAT_CHECK_CONDITION) },
	{ "busy", HVX_SRB_ERROR, SAM_STAT_BUSY, R(DID_OK, SAM_STAT_BUSY) },
	{ "reservation conflict", HVX_SRB_ERROR, SAM_STAT_RESERVATION_CONFLICT,
	  R(DID_OK, SAM_STAT_RESERVATION_CONFLICT) },
	{ "error, no status", HVX_SRB_ERROR, SAM_STAT_GOOD, R(DID_ERROR, 0) },
	{ "aborted", HVX_SRB_ABORTED, SAM_STAT_GOOD, R(DID_ERROR, 0) },
	{ "invalid request", HVX_SRB_INVALID_REQUEST, SAM_STAT_GOOD, R(DID_ERROR, 0) },
	{ "internal error", HVX_SRB_INTERNAL_ERROR, SAM_STAT_GOOD, R(DID_ERROR, 0) },
	{ "unknown status", 0x3e, SAM_STAT_GOOD, R(DID_ERROR, 0) },
	{ "pending (0)", 0x00, SAM_STAT_GOOD, R(DID_ERROR, 0) },
	{ "invalid LUN", HVX_SRB_INVALID_LUN, SAM_STAT_GOOD, R(DID_NO_CONNECT, 0) },
	{ "invalid LUN, a status too", HVX_SRB_INVALID_LUN, SAM_STAT_CHECK_CONDITION,
	  R(DID_NO_CONNECT, 0) },
	{ "selection timeout", HVX_SRB_SELECTION_TIMEOUT, SAM_STAT_GOOD, R(DID_NO_CONNECT, 0) },
	{ "bus reset", HVX_SRB_BUS_RESET, SAM_STAT_GOOD, R(DID_RESET, 0) },
	{ "timeout", HVX_SRB_TIMEOUT, SAM_STAT_GOOD, R(DID_TIME_OUT, 0) },
};

static void result_case_desc(const struct result_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(result, result_cases, result_case_desc);

static void srb_result(struct kunit *test)
{
	const struct result_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, hvx_vstor_result(c->srb, c->scsi), c->result);
}

static struct kunit_case hvx_vstor_cases[] = {
	KUNIT_CASE(srb_read10),
	KUNIT_CASE(srb_directions),
	KUNIT_CASE_PARAM(srb_result, result_gen_params),
	{}
};

static struct kunit_suite hvx_vstor_suite = {
	.name = "hvx_vstor",
	.test_cases = hvx_vstor_cases,
};

/* ---- page frame lists ---------------------------------------------------- */

#define MAX_ENTS	260

struct sg_fixture {
	struct scatterlist sg[MAX_ENTS];
	struct page *pages[MAX_ENTS];
	unsigned int order[MAX_ENTS];
	unsigned int n;
	__le64 pfns[MAX_ENTS + 8];
};

static void sg_fixture_exit(struct kunit *test)
{
	struct sg_fixture *f = test->priv;
	unsigned int i;

	for (i = 0; i < f->n; i++)
		__free_pages(f->pages[i], f->order[i]);
}

static int sg_fixture_init(struct kunit *test)
{
	struct sg_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	sg_init_table(f->sg, MAX_ENTS);
	test->priv = f;
	return 0;
}

/* Entry n: 2^order fresh contiguous pages, @len bytes from @offset. */
static struct page *sg_add(struct kunit *test, unsigned int order, u32 offset, u32 len)
{
	struct sg_fixture *f = test->priv;
	struct page *p = alloc_pages(GFP_KERNEL, order);

	KUNIT_ASSERT_NOT_NULL(test, p);
	f->pages[f->n] = p;
	f->order[f->n] = order;
	sg_set_page(&f->sg[f->n], p, len, offset);
	f->n++;
	return p;
}

static int sg_pfns(struct kunit *test, u32 max, u32 *offset)
{
	struct sg_fixture *f = test->priv;

	sg_mark_end(&f->sg[f->n - 1]);
	return hvx_vstor_sg_pfns(f->sg, f->n, f->pfns, max, offset);
}

static void expect_pfn(struct kunit *test, unsigned int i, struct page *page, unsigned int plus)
{
	struct sg_fixture *f = test->priv;

	KUNIT_EXPECT_EQ_MSG(test, le64_to_cpu(f->pfns[i]), page_to_pfn(page) + plus, "pfn %u", i);
}

static void pfns_one_aligned_page(struct kunit *test)
{
	struct page *p = sg_add(test, 0, 0, PAGE_SIZE);
	u32 offset = 99;

	KUNIT_ASSERT_EQ(test, sg_pfns(test, 8, &offset), 1);
	KUNIT_EXPECT_EQ(test, offset, 0);
	expect_pfn(test, 0, p, 0);
}

static void pfns_unaligned_inside_a_page(struct kunit *test)
{
	struct page *p = sg_add(test, 0, 512, 1024);
	u32 offset;

	KUNIT_ASSERT_EQ(test, sg_pfns(test, 8, &offset), 1);
	KUNIT_EXPECT_EQ(test, offset, 512);
	expect_pfn(test, 0, p, 0);
}

static void pfns_unaligned_crossing_a_page(struct kunit *test)
{
	struct page *p = sg_add(test, 1, 3584, 1024);
	u32 offset;

	KUNIT_ASSERT_EQ(test, sg_pfns(test, 8, &offset), 2);
	KUNIT_EXPECT_EQ(test, offset, 3584);
	expect_pfn(test, 0, p, 0);
	expect_pfn(test, 1, p, 1);
}

/* An entry whose offset is past its first page starts at a later frame. */
static void pfns_offset_beyond_first_page(struct kunit *test)
{
	struct page *p = sg_add(test, 2, 2 * PAGE_SIZE + 8, 100);
	u32 offset;

	KUNIT_ASSERT_EQ(test, sg_pfns(test, 8, &offset), 1);
	KUNIT_EXPECT_EQ(test, offset, 8);
	expect_pfn(test, 0, p, 2);
}

static void pfns_several_entries(struct kunit *test)
{
	struct page *a = sg_add(test, 0, 512, PAGE_SIZE - 512);
	struct page *b = sg_add(test, 2, 0, 4 * PAGE_SIZE);
	struct page *c = sg_add(test, 0, 0, 100);
	u32 offset;

	KUNIT_ASSERT_EQ(test, sg_pfns(test, 8, &offset), 6);
	KUNIT_EXPECT_EQ(test, offset, 512);
	expect_pfn(test, 0, a, 0);
	expect_pfn(test, 1, b, 0);
	expect_pfn(test, 4, b, 3);
	expect_pfn(test, 5, c, 0);
}

/* 1 MiB from an unaligned start: 257 frames, and not one more room. */
static void pfns_maximum(struct kunit *test)
{
	struct sg_fixture *f = test->priv;
	unsigned int i;
	u32 offset;

	sg_add(test, 0, 2048, PAGE_SIZE - 2048);
	for (i = 0; i < 255; i++)
		sg_add(test, 0, 0, PAGE_SIZE);
	sg_add(test, 0, 0, 2048);
	KUNIT_ASSERT_EQ(test, sg_pfns(test, 257, &offset), 257);
	KUNIT_EXPECT_EQ(test, offset, 2048);
	for (i = 0; i < 257; i++)
		expect_pfn(test, i, f->pages[i], 0);
	KUNIT_EXPECT_EQ(test, hvx_vstor_sg_pfns(f->sg, f->n, f->pfns, 256, &offset), -E2BIG);
}

static void pfns_gap_at_start_of_second(struct kunit *test)
{
	u32 offset;

	sg_add(test, 0, 0, PAGE_SIZE);
	sg_add(test, 0, 8, 100);
	KUNIT_EXPECT_EQ(test, sg_pfns(test, 8, &offset), -EINVAL);
}

static void pfns_gap_at_end_of_first(struct kunit *test)
{
	u32 offset;

	sg_add(test, 0, 0, 1024);
	sg_add(test, 0, 0, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, sg_pfns(test, 8, &offset), -EINVAL);
}

static void pfns_empty_entry(struct kunit *test)
{
	u32 offset;

	sg_add(test, 0, 0, PAGE_SIZE);
	sg_add(test, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, sg_pfns(test, 8, &offset), -EINVAL);
}

static struct kunit_case hvx_vstor_sg_cases[] = {
	KUNIT_CASE(pfns_one_aligned_page),
	KUNIT_CASE(pfns_unaligned_inside_a_page),
	KUNIT_CASE(pfns_unaligned_crossing_a_page),
	KUNIT_CASE(pfns_offset_beyond_first_page),
	KUNIT_CASE(pfns_several_entries),
	KUNIT_CASE(pfns_maximum),
	KUNIT_CASE(pfns_gap_at_start_of_second),
	KUNIT_CASE(pfns_gap_at_end_of_first),
	KUNIT_CASE(pfns_empty_entry),
	{}
};

static struct kunit_suite hvx_vstor_sg_suite = {
	.name = "hvx_vstor_pfns",
	.init = sg_fixture_init,
	.exit = sg_fixture_exit,
	.test_cases = hvx_vstor_sg_cases,
};

kunit_test_suites(&hvx_vstor_suite, &hvx_vstor_sg_suite);

MODULE_DESCRIPTION("KUnit tests for hvx_storvsc");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
