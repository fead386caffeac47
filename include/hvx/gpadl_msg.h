/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building the messages that describe a GPADL to the host: one GPADL_HEADER
 * with the first HVX_GPADL_HEADER_PFNS page numbers, then GPADL_BODY
 * messages with up to HVX_GPADL_BODY_PFNS each. Pure code: builds in the
 * kernel and in userspace.
 */
#ifndef _HVX_GPADL_MSG_H
#define _HVX_GPADL_MSG_H

#include <hvx/vmbus_msg.h>

/* range_buflen is 16 bits: 8 bytes of range header plus 8 per PFN. */
#define HVX_GPADL_MAX_PFNS	((0xffff - 8) / 8)

u32 hvx_gpadl_msg_count(u32 nr_pfns);
int hvx_gpadl_msg_build(void *buf, u32 index, u32 relid, u32 gpadl,
			const u64 *pfns, u32 nr_pfns);

#endif /* _HVX_GPADL_MSG_H */
