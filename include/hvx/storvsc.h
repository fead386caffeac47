/* SPDX-License-Identifier: GPL-2.0 */
/* The pure parts of hvx_storvsc, exported to its KUnit suite. */
#ifndef _HVX_STORVSC_H
#define _HVX_STORVSC_H

#include <linux/types.h>

struct hvx_vstor_packet;
struct scatterlist;

u32 hvx_vstor_result(u8 srb_status, u8 scsi_status);
int hvx_vstor_sg_pfns(struct scatterlist *sgl, unsigned int nents, __le64 *pfns,
		      u32 max, u32 *offset);
void hvx_vstor_build_srb(struct hvx_vstor_packet *pkt, const u8 *cdb, u8 cdb_len,
			 u8 path, u8 target, u8 lun, int dir, u32 len);

#endif /* _HVX_STORVSC_H */
