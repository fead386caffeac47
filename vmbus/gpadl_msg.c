// SPDX-License-Identifier: GPL-2.0
/*
 * GPADL messages. A GPADL is one range of guest pages (byte offset 0, byte
 * count = pages * 4 KiB); the host learns its page numbers from a header
 * message and as many body messages as the rest needs, all posted before it
 * answers with one GPADL_CREATED.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#endif
#include <hvx/gpadl_msg.h>

#define GPADL_PAGE_SIZE	4096U

/**
 * hvx_gpadl_msg_count() - how many messages describe @nr_pfns pages
 * @nr_pfns: pages in the GPADL, 1..HVX_GPADL_MAX_PFNS
 *
 * Return: the count (header included), or 0 for an impossible page count.
 */
u32 hvx_gpadl_msg_count(u32 nr_pfns)
{
	if (!nr_pfns || nr_pfns > HVX_GPADL_MAX_PFNS)
		return 0;
	if (nr_pfns <= HVX_GPADL_HEADER_PFNS)
		return 1;
	return 1 + DIV_ROUND_UP(nr_pfns - HVX_GPADL_HEADER_PFNS, HVX_GPADL_BODY_PFNS);
}
EXPORT_SYMBOL_IF_KUNIT(hvx_gpadl_msg_count);

static void gpadl_put_pfns(__le64 *dst, const u64 *pfns, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		dst[i] = cpu_to_le64(pfns[i]);
}

/**
 * hvx_gpadl_msg_build() - build one message of a GPADL's description
 * @buf: HVX_MSG_MAX_SIZE bytes
 * @index: 0 for the header, then 1.. for the body messages
 * @relid: the channel the GPADL belongs to
 * @gpadl: the GPADL handle the guest chose
 * @pfns: every page number of the GPADL, in order (4 KiB pages)
 * @nr_pfns: their count
 *
 * Return: the message length, or -EINVAL for an impossible @nr_pfns or an
 * @index past the last message.
 */
int hvx_gpadl_msg_build(void *buf, u32 index, u32 relid, u32 gpadl,
			const u64 *pfns, u32 nr_pfns)
{
	struct hvx_msg_gpadl_header *hdr = buf;
	struct hvx_msg_gpadl_body *body = buf;
	u32 first, n;

	if (index >= hvx_gpadl_msg_count(nr_pfns))
		return -EINVAL;
	memset(buf, 0, HVX_MSG_MAX_SIZE);

	if (index == 0) {
		n = min_t(u32, nr_pfns, HVX_GPADL_HEADER_PFNS);
		hdr->hdr.msgtype = cpu_to_le32(HVX_MSG_GPADL_HEADER);
		hdr->child_relid = cpu_to_le32(relid);
		hdr->gpadl = cpu_to_le32(gpadl);
		hdr->range_buflen = cpu_to_le16(8 + 8 * nr_pfns);
		hdr->range_count = cpu_to_le16(1);
		hdr->byte_count = cpu_to_le32(nr_pfns * GPADL_PAGE_SIZE);
		gpadl_put_pfns(hdr->pfn, pfns, n);
		return sizeof(*hdr) + n * sizeof(__le64);
	}

	/* Linux leaves msgnumber 0 and Hyper-V accepts it; so does hvx. */
	first = HVX_GPADL_HEADER_PFNS + (index - 1) * HVX_GPADL_BODY_PFNS;
	n = min_t(u32, nr_pfns - first, HVX_GPADL_BODY_PFNS);
	body->hdr.msgtype = cpu_to_le32(HVX_MSG_GPADL_BODY);
	body->gpadl = cpu_to_le32(gpadl);
	gpadl_put_pfns(body->pfn, pfns + first, n);
	return sizeof(*body) + n * sizeof(__le64);
}
EXPORT_SYMBOL_IF_KUNIT(hvx_gpadl_msg_build);
