// SPDX-License-Identifier: GPL-2.0
/*
 * Ring memory: zeroed pages, mapped [header][data][data]. The pages need not
 * be physically contiguous; the host finds them through the GPADL.
 */
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <hvx/ring_mem.h>

/* Hyper-V pages are 4 KiB; hvx supports guests whose pages are the same. */
static_assert(PAGE_SIZE == HVX_RING_HEADER_SIZE);

static void ring_mem_put_pages(struct page **pages, unsigned int nr)
{
	while (nr--)
		__free_page(pages[nr]);
}

/**
 * hvx_ring_mem_alloc() - allocate and double-map the memory of one ring
 * @mem: filled in on success
 * @data_bytes: data area size, a non-zero multiple of PAGE_SIZE
 * @gfp: allocation flags
 *
 * Return: 0, -EINVAL for a bad size, -ENOMEM.
 */
int hvx_ring_mem_alloc(struct hvx_ring_mem *mem, u32 data_bytes, gfp_t gfp)
{
	unsigned int data_pages = data_bytes / PAGE_SIZE, i;
	struct page **map;
	int ret = -ENOMEM;

	if (!data_bytes || !PAGE_ALIGNED(data_bytes) ||
	    data_bytes > HVX_RING_MAX_SIZE)
		return -EINVAL;

	mem->nr_pages = 1 + data_pages;
	mem->pages = kcalloc(mem->nr_pages, sizeof(*mem->pages), gfp);
	map = kcalloc(1 + 2 * data_pages, sizeof(*map), gfp);
	if (!mem->pages || !map)
		goto out_free_arrays;

	for (i = 0; i < mem->nr_pages; i++) {
		mem->pages[i] = alloc_page(gfp | __GFP_ZERO);
		if (!mem->pages[i])
			goto out_put_pages;
	}

	map[0] = mem->pages[0];
	for (i = 0; i < data_pages; i++) {
		map[1 + i] = mem->pages[1 + i];
		map[1 + data_pages + i] = mem->pages[1 + i];
	}
	mem->vaddr = vmap(map, 1 + 2 * data_pages, VM_MAP, PAGE_KERNEL);
	if (!mem->vaddr)
		goto out_put_pages;
	kfree(map);
	return 0;

out_put_pages:
	ring_mem_put_pages(mem->pages, i);
out_free_arrays:
	kfree(map);
	kfree(mem->pages);
	mem->pages = NULL;
	return ret;
}
EXPORT_SYMBOL_GPL(hvx_ring_mem_alloc);

/**
 * hvx_ring_mem_free() - unmap and free what hvx_ring_mem_alloc() set up
 * @mem: the ring memory; safe to call twice
 */
void hvx_ring_mem_free(struct hvx_ring_mem *mem)
{
	if (!mem->pages)
		return;
	vunmap(mem->vaddr);
	ring_mem_put_pages(mem->pages, mem->nr_pages);
	kfree(mem->pages);
	mem->pages = NULL;
	mem->vaddr = NULL;
}
EXPORT_SYMBOL_GPL(hvx_ring_mem_free);

/**
 * hvx_ring_init_mem() - initialise a ring over memory from hvx_ring_mem_alloc()
 * @ring: the ring
 * @mem: its memory
 *
 * Return: 0 or -EINVAL.
 */
int hvx_ring_init_mem(struct hvx_ring *ring, struct hvx_ring_mem *mem)
{
	return hvx_ring_init(ring, mem->vaddr, mem->vaddr + PAGE_SIZE,
			     (mem->nr_pages - 1) * PAGE_SIZE);
}
EXPORT_SYMBOL_GPL(hvx_ring_init_mem);
