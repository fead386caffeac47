// SPDX-License-Identifier: GPL-2.0
/*
 * The echo backend: every packet the guest sends comes back with the same
 * transaction id, as a completion when the guest asked for one and as an
 * inband packet otherwise. An inband packet's payload comes back as is; a
 * GPA-direct packet's answer carries the bytes the host read from the
 * guest pages it named, so a test sees what the host saw; a GPADL request
 * (struct hvx_echo_gpadl_req) is served from the buffer the GPADL names.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <hvx/ring.h>
#include "sim.h"

/* Copy what a GPA-direct packet names; NULL when it makes no sense. */
static u8 *echo_read_gpa(const struct hvx_ring_pkt *pkt, const u8 *packet, u32 *len)
{
	struct sim_gpa g;
	u8 *buf;

	if (sim_gpa_parse(pkt, packet, &g) || g.count > SZ_1M)
		return NULL;
	buf = kvmalloc(g.count, GFP_KERNEL);
	if (buf && sim_gpa_copy(&g, 0, buf, g.count, false)) {
		kvfree(buf);
		return NULL;
	}
	*len = g.count;
	return buf;
}

static void echo_gpadl(struct sim_channel *ch, u16 type, u64 trans_id,
		       const struct hvx_echo_gpadl_req *req)
{
	struct sim_device *dev = sim_chan_device(ch);
	u32 magic = le32_to_cpu(req->magic), pos = le32_to_cpu(req->offset);
	u32 len = le32_to_cpu(req->len), i;
	struct hvx_echo_gpadl_req answer = *req;
	int ret = -EINVAL;
	u8 *buf = NULL;

	if (len && len <= HVX_ECHO_GPADL_MAX)
		buf = kmalloc(len, GFP_KERNEL);
	if (buf && magic == HVX_ECHO_GPADL_WRITE) {
		for (i = 0; i < len; i++)
			buf[i] = hvx_echo_gpadl_byte(pos + i);
		ret = sim_gpadl_copy(dev->host, dev->relid, le32_to_cpu(req->handle), pos, buf,
				     len, true);
	} else if (buf) {
		ret = sim_gpadl_copy(dev->host, dev->relid, le32_to_cpu(req->handle), pos, buf,
				     len, false);
	}
	if (!ret && magic == HVX_ECHO_GPADL_READ) {
		sim_chan_send(ch, type, 0, trans_id, buf, len);
	} else {
		if (ret)
			answer.len = 0;
		sim_chan_send(ch, type, 0, trans_id, &answer, sizeof(answer));
	}
	kfree(buf);
}

static bool echo_is_gpadl_req(const struct hvx_ring_pkt *pkt, const u8 *packet)
{
	const struct hvx_echo_gpadl_req *req = (const void *)(packet + pkt->offset);

	return pkt->type == HVX_VMPKT_DATA_INBAND && hvx_ring_payload_len(pkt) == sizeof(*req) &&
	       (req->magic == cpu_to_le32(HVX_ECHO_GPADL_READ) ||
		req->magic == cpu_to_le32(HVX_ECHO_GPADL_WRITE));
}

static void echo_handle_packet(struct sim_channel *ch, const struct hvx_ring_pkt *pkt,
			       const u8 *packet)
{
	u16 type = pkt->flags & HVX_VMPKT_FLAG_COMPLETION_REQUESTED ?
		   HVX_VMPKT_COMP : HVX_VMPKT_DATA_INBAND;
	u8 *data;
	u32 len;

	if (echo_is_gpadl_req(pkt, packet)) {
		echo_gpadl(ch, type, pkt->trans_id, (const void *)(packet + pkt->offset));
		return;
	}
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
	.monitored = true,
	.handle_packet = echo_handle_packet,
};
