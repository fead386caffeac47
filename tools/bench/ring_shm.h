/* SPDX-License-Identifier: GPL-2.0 */
/* A ring's memory in userspace: a header page and a data area mapped twice. */
#ifndef _RING_SHM_H
#define _RING_SHM_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

struct ring_shm {
	void *hdr;
	u8 *data;
	size_t size;
};

static int ring_shm_map(struct ring_shm *shm, size_t size)
{
	int fd = memfd_create("hvx-ring", 0);
	u8 *base;

	if (fd < 0 || ftruncate(fd, size) < 0)
		return -1;
	base = mmap(NULL, 2 * size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -1;
	if (mmap(base, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED ||
	    mmap(base + size, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED)
		return -1;
	close(fd);
	shm->hdr = aligned_alloc(4096, HVX_RING_HEADER_SIZE);
	shm->data = base;
	shm->size = size;
	return shm->hdr ? 0 : -1;
}

static void ring_shm_unmap(struct ring_shm *shm)
{
	munmap(shm->data, 2 * shm->size);
	free(shm->hdr);
}

#endif /* _RING_SHM_H */
