// SPDX-License-Identifier: GPL-2.0
/*
 * The echo backend: every packet the guest sends comes back with the same
 * transaction id and payload, as a completion when the guest asked for one
 * and as an inband packet otherwise.
 */
#include <hvx/ring.h>
#include "sim.h"

static void echo_handle_packet(struct sim_channel *ch, const struct hvx_ring_pkt *pkt,
			       const u8 *packet)
{
	u16 type = pkt->flags & HVX_VMPKT_FLAG_COMPLETION_REQUESTED ?
		   HVX_VMPKT_COMP : HVX_VMPKT_DATA_INBAND;

	sim_chan_reply(ch, type, 0, pkt->trans_id, packet + pkt->offset,
		       hvx_ring_payload_len(pkt));
}

const struct sim_backend sim_echo_backend = {
	.name = "echo",
	.class_id = HVX_ECHO_CLASS_GUID,
	.handle_packet = echo_handle_packet,
};
