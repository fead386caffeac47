// SPDX-License-Identifier: GPL-2.0
/*
 * Guest pages a GPA-direct packet hands the host: its ranges of page frame
 * numbers, checked against the packet, and copies to and from them, as a
 * host's DMA would do them. The ranges read as one buffer, in their order.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <hvx/ring.h>
#include "sim.h"

/**
 * sim_frame_copy() - copy within one guest frame, to or from it
 * @pfn: the frame, as the guest named it
 * @in_page: where in it
 * @buf: our side
 * @len: bytes, not past the frame's end
 * @to_guest: the direction
 *
 * Return: 0, or -EFAULT for a frame that is no memory.
 */
int sim_frame_copy(u64 pfn, u32 in_page, void *buf, u32 len, bool to_guest)
{
	void *page;

	if (!pfn_valid(pfn))
		return -EFAULT;
	page = kmap_local_page(pfn_to_page(pfn));
	if (to_guest)
		memcpy(page + in_page, buf, len);
	else
		memcpy(buf, page + in_page, len);
	kunmap_local(page);
	return 0;
}

/* The PFNs a range of @count bytes starting @offset into its first page needs. */
static u32 sim_gpa_pages(u32 offset, u32 count)
{
	return DIV_ROUND_UP((u64)offset + count, HVX_GPA_PAGE_SIZE);
}

/* The range at @at, its PFNs before @end; the next one's position, or 0. */
static u32 sim_gpa_range_ok(const u8 *packet, u32 at, u32 end, u32 *count)
{
	const struct hvx_gpa_range *r = (const void *)(packet + at);
	u32 offset, pages;

	if (end - at < sizeof(*r))
		return 0;
	*count = le32_to_cpu(r->byte_count);
	offset = le32_to_cpu(r->byte_offset);
	if (!*count || offset >= HVX_GPA_PAGE_SIZE)
		return 0;
	pages = sim_gpa_pages(offset, *count);
	at += sizeof(*r);
	if ((end - at) / sizeof(__le64) < pages)
		return 0;
	return at + pages * sizeof(__le64);
}

/**
 * sim_gpa_parse() - the page ranges of a GPA-direct packet
 * @pkt: the packet's descriptor
 * @packet: the packet, descriptor first, in host memory
 * @g: the ranges, pointing into @packet
 *
 * The ranges and their PFNs must fill the packet up to its payload, each
 * range at least one byte starting in its first page, at most
 * SIM_GPA_MAX_RANGES of them, their sum at most U32_MAX bytes.
 *
 * Return: 0, or -EINVAL when they do not fit the packet.
 */
int sim_gpa_parse(const struct hvx_ring_pkt *pkt, const u8 *packet, struct sim_gpa *g)
{
	const struct hvx_gpa_direct_hdr *hdr = (const void *)packet;
	u32 at = sizeof(*hdr), count, i;
	u64 total = 0;

	if (pkt->type != HVX_VMPKT_DATA_USING_GPA_DIRECT || pkt->offset < sizeof(*hdr))
		return -EINVAL;
	g->ranges = packet + at;
	g->nr_ranges = le32_to_cpu(hdr->range_count);
	if (!g->nr_ranges || g->nr_ranges > SIM_GPA_MAX_RANGES)
		return -EINVAL;
	for (i = 0; i < g->nr_ranges; i++) {
		at = sim_gpa_range_ok(packet, at, pkt->offset, &count);
		if (!at)
			return -EINVAL;
		total += count;
	}
	if (at != pkt->offset || total > U32_MAX)
		return -EINVAL;
	g->count = total;
	return 0;
}

/* Copy within one range: @pos + @len lie in it. */
static int sim_gpa_range_copy(const struct hvx_gpa_range *r, u32 pos, void *buf, u32 len,
			      bool to_guest)
{
	const __le64 *pfns = (const __le64 *)(r + 1);
	u64 at = (u64)le32_to_cpu(r->byte_offset) + pos;
	u32 done = 0;

	while (done < len) {
		u64 pfn = le64_to_cpu(pfns[at / HVX_GPA_PAGE_SIZE]);
		u32 in_page = at % HVX_GPA_PAGE_SIZE;
		u32 chunk = min(len - done, HVX_GPA_PAGE_SIZE - in_page);

		if (sim_frame_copy(pfn, in_page, buf + done, chunk, to_guest))
			return -EFAULT;
		done += chunk;
		at += chunk;
	}
	return 0;
}

/**
 * sim_gpa_copy() - copy between the ranges and a host buffer
 * @g: the ranges, as sim_gpa_parse() found them
 * @pos: where to start, counting the ranges as one buffer of @g->count bytes
 * @buf: the host buffer
 * @len: bytes; @pos + @len must lie in the ranges
 * @to_guest: write the guest's pages (a read for the guest), else read them
 *
 * Return: 0, or -EFAULT for a frame that is not RAM or bytes past the end.
 */
int sim_gpa_copy(const struct sim_gpa *g, u32 pos, void *buf, u32 len, bool to_guest)
{
	const u8 *at = g->ranges;
	u32 i, count, chunk;

	if ((u64)pos + len > g->count)
		return -EFAULT;
	for (i = 0; i < g->nr_ranges && len; i++) {
		const struct hvx_gpa_range *r = (const void *)at;

		count = le32_to_cpu(r->byte_count);
		at += sizeof(*r) + sim_gpa_pages(le32_to_cpu(r->byte_offset), count) *
		      sizeof(__le64);
		if (pos >= count) {
			pos -= count;
			continue;
		}
		chunk = min(len, count - pos);
		if (sim_gpa_range_copy(r, pos, buf, chunk, to_guest))
			return -EFAULT;
		buf += chunk;
		len -= chunk;
		pos = 0;
	}
	return 0;
}
