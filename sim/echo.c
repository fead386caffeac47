// SPDX-License-Identifier: GPL-2.0
/*
 * The echo backend: every packet the guest sends comes back with the same
 * transaction id, as a completion when the guest asked for one and as an
 * inband packet otherwise. An inband packet's payload comes back as is; a
 * GPA-direct packet's answer carries the bytes the host read from the
 * guest pages it named, so a test sees what the host saw.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <hvx/ring.h>
#include "sim.h"

/* Copy what a one-range GPA-direct packet names; NULL when it makes no sense. */
static u8 *echo_read_gpa(const struct hvx_ring_pkt *pkt, const u8 *packet, u32 *len)
{
	const struct hvx_gpa_direct_single *hdr = (const void *)packet;
	const __le64 *pfns = (const void *)(hdr + 1);
	u32 offset, count, n, i, done = 0;
	u8 *buf;

	if (pkt->offset < sizeof(*hdr) || le32_to_cpu(hdr->range_count) != 1)
		return NULL;
	offset = le32_to_cpu(hdr->byte_offset);
	count = le32_to_cpu(hdr->byte_count);
	n = (pkt->offset - sizeof(*hdr)) / sizeof(*pfns);
	if (!count || count > SZ_1M || offset >= HVX_GPA_PAGE_SIZE ||
	    n != DIV_ROUND_UP(offset + count, HVX_GPA_PAGE_SIZE))
		return NULL;
	buf = kvmalloc(count, GFP_KERNEL);
	if (!buf)
		return NULL;
	for (i = 0; i < n; i++) {
		u32 start = i ? 0 : offset;
		u32 chunk = min(count - done, HVX_GPA_PAGE_SIZE - start);
		u64 pfn = le64_to_cpu(pfns[i]);
		void *page;

		if (!pfn_valid(pfn)) {
			kvfree(buf);
			return NULL;
		}
		page = kmap_local_page(pfn_to_page(pfn));
		memcpy(buf + done, page + start, chunk);
		kunmap_local(page);
		done += chunk;
	}
	*len = count;
	return buf;
}

static void echo_handle_packet(struct sim_channel *ch, const struct hvx_ring_pkt *pkt,
			       const u8 *packet)
{
	u16 type = pkt->flags & HVX_VMPKT_FLAG_COMPLETION_REQUESTED ?
		   HVX_VMPKT_COMP : HVX_VMPKT_DATA_INBAND;
	u8 *data;
	u32 len;

	if (pkt->type != HVX_VMPKT_DATA_USING_GPA_DIRECT) {
		sim_chan_send(ch, type, 0, pkt->trans_id, packet + pkt->offset,
			      hvx_ring_payload_len(pkt));
		return;
	}
	data = echo_read_gpa(pkt, packet, &len);
	if (!data) {
		pr_warn_ratelimited("host: echo: bad GPA-direct packet dropped\n");
		return;
	}
	sim_chan_send(ch, type, 0, pkt->trans_id, data, len);
	kvfree(data);
}

const struct sim_backend sim_echo_backend = {
	.name = "echo",
	.class_id = HVX_ECHO_CLASS_GUID,
	.handle_packet = echo_handle_packet,
};
