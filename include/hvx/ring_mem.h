/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest memory behind one ring: a header page and the data pages, mapped as
 * [header][data][data] so the ring core never splits a copy at the wrap.
 */
#ifndef _HVX_RING_MEM_H
#define _HVX_RING_MEM_H

#include <linux/gfp.h>
#include <linux/mm_types.h>
#include <hvx/ring.h>

struct hvx_ring_mem {
	struct page **pages;	/* header page, then the data pages */
	unsigned int nr_pages;	/* 1 + data pages */
	void *vaddr;		/* the double mapping */
};

int hvx_ring_mem_alloc(struct hvx_ring_mem *mem, u32 data_bytes, gfp_t gfp);
void hvx_ring_mem_free(struct hvx_ring_mem *mem);
int hvx_ring_init_mem(struct hvx_ring *ring, struct hvx_ring_mem *mem);

#endif /* _HVX_RING_MEM_H */
