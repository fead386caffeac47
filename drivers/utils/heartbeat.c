// SPDX-License-Identifier: GPL-2.0
/* Heartbeat: the host sends a sequence number, the guest answers it plus one. */
#include <linux/seq_file.h>
#include "utils.h"

static const u32 heartbeat_versions[] = { HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0) };

static u32 heartbeat_handle(struct util_dev *u, u8 *body, u32 len)
{
	struct hvx_ic_heartbeat *hb = (void *)body;

	if (len < sizeof(hb->seq))
		return HVX_IC_E_FAIL;
	hb->seq = cpu_to_le64(le64_to_cpu(hb->seq) + 1);
	u->priv = (void *)(uintptr_t)le64_to_cpu(hb->seq);
	return HVX_IC_S_OK;
}

static void heartbeat_show(struct util_dev *u, struct seq_file *s)
{
	seq_printf(s, "last_answer %lu\n", (unsigned long)(uintptr_t)READ_ONCE(u->priv));
}

const struct util_service util_heartbeat = {
	.name = "heartbeat",
	.msgtype = HVX_IC_HEARTBEAT,
	.versions = heartbeat_versions,
	.nr_versions = ARRAY_SIZE(heartbeat_versions),
	.handle = heartbeat_handle,
	.show = heartbeat_show,
};
