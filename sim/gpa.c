// SPDX-License-Identifier: GPL-2.0
/*
 * Guest pages a GPA-direct packet hands the host: the one range of page
 * frame numbers, checked against the packet, and copies to and from them,
 * as a host's DMA would do them.
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

/**
 * sim_gpa_parse() - the page range of a one-range GPA-direct packet
 * @pkt: the packet's descriptor
 * @packet: the packet, descriptor first
 * @g: the range
 *
 * Return: 0, or -EINVAL when the range does not fit the packet.
 */
int sim_gpa_parse(const struct hvx_ring_pkt *pkt, const u8 *packet, struct sim_gpa *g)
{
	const struct hvx_gpa_direct_single *hdr = (const void *)packet;

	if (pkt->type != HVX_VMPKT_DATA_USING_GPA_DIRECT || pkt->offset < sizeof(*hdr) ||
	    le32_to_cpu(hdr->range_count) != 1)
		return -EINVAL;
	g->pfns = (const __le64 *)(hdr + 1);
	g->nr = (pkt->offset - sizeof(*hdr)) / sizeof(*g->pfns);
	g->offset = le32_to_cpu(hdr->byte_offset);
	g->count = le32_to_cpu(hdr->byte_count);
	if (!g->count || g->offset >= HVX_GPA_PAGE_SIZE ||
	    g->nr != DIV_ROUND_UP((u64)g->offset + g->count, HVX_GPA_PAGE_SIZE))
		return -EINVAL;
	return 0;
}

/**
 * sim_gpa_copy() - copy between the range and a host buffer
 * @g: the range
 * @pos: where in the range to start
 * @buf: the host buffer
 * @len: bytes; @pos + @len must lie in the range
 * @to_guest: write the guest's pages (a read for the guest), else read them
 *
 * Return: 0, or -EFAULT for a frame that is not RAM.
 */
int sim_gpa_copy(const struct sim_gpa *g, u32 pos, void *buf, u32 len, bool to_guest)
{
	u64 at = (u64)g->offset + pos;
	u32 done = 0;

	if ((u64)pos + len > g->count)
		return -EFAULT;
	while (done < len) {
		u64 pfn = le64_to_cpu(g->pfns[at / HVX_GPA_PAGE_SIZE]);
		u32 in_page = at % HVX_GPA_PAGE_SIZE;
		u32 chunk = min(len - done, HVX_GPA_PAGE_SIZE - in_page);

		if (sim_frame_copy(pfn, in_page, buf + done, chunk, to_guest))
			return -EFAULT;
		done += chunk;
		at += chunk;
	}
	return 0;
}
