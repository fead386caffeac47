// SPDX-License-Identifier: GPL-2.0
/*
 * Ring buffer throughput: a producer thread writes packets, a consumer
 * thread copies each one out (as a driver does) and gives the space back in
 * batches. Both spin instead of signalling, so this measures the ring itself.
 * Plain memcpy of the same payloads, measured in the same run, is the
 * baseline: the ring moves every byte twice (in, then out) across two CPUs.
 *
 * Usage: ring_bench [seconds-per-size]   (default 1)
 */
#include <hvx/ring.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include "ring_shm.h"

#define RING_BYTES	(1U << 20)	/* netvsc uses 512 KiB; room for 64 KiB packets */
#define COMMIT_EVERY	16

struct run {
	struct hvx_ring ring;
	u32 payload;
	u64 packets;		/* to send: fixed after calibration */
	u8 *src, *dst;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *producer(void *arg)
{
	struct run *r = arg;
	struct hvx_vmpacket_desc desc =
		hvx_vmpacket_desc(HVX_VMPKT_DATA_INBAND, 0, 0, r->payload);
	struct hvx_ring_vec vec[2] = { { &desc, sizeof(desc) }, { r->src, r->payload } };
	bool signal;
	u64 i;

	for (i = 0; i < r->packets; i++) {
		desc.trans_id = cpu_to_le64(i);
		while (hvx_ring_write(&r->ring, vec, 2, &signal) == -EAGAIN)
			__builtin_ia32_pause();
	}
	return NULL;
}

static int consume(struct run *r)
{
	struct hvx_ring_pkt pkt;
	u64 i;
	int ret;

	for (i = 0; i < r->packets; i++) {
		while ((ret = hvx_ring_peek(&r->ring, &pkt)) == -EAGAIN) {
			hvx_ring_commit_read(&r->ring);
			__builtin_ia32_pause();
		}
		if (ret || pkt.trans_id != i) {
			fprintf(stderr, "packet %llu: peek %d, trans_id %llu\n",
				(unsigned long long)i, ret,
				(unsigned long long)pkt.trans_id);
			return -1;
		}
		ret = hvx_ring_copy_out(&r->ring, &pkt, r->dst, RING_BYTES);
		if (ret) {
			fprintf(stderr, "packet %llu: copy_out %d\n", (unsigned long long)i, ret);
			return -1;
		}
		hvx_ring_consume(&r->ring);
		if (i % COMMIT_EVERY == 0)
			hvx_ring_commit_read(&r->ring);
	}
	hvx_ring_commit_read(&r->ring);
	return 0;
}

static double ring_run(struct ring_shm *shm, struct run *r)
{
	pthread_t tid;
	double t0;

	if (hvx_ring_init(&r->ring, shm->hdr, shm->data, shm->size)) {
		fprintf(stderr, "ring init failed\n");
		return -1;
	}
	t0 = now();
	pthread_create(&tid, NULL, producer, r);
	if (consume(r))
		return -1;
	pthread_join(tid, NULL);
	return now() - t0;
}

static double memcpy_run(struct run *r)
{
	u64 i, off = 0;
	double t0 = now();

	/* Same payloads, destinations walking a ring-sized area like the ring does. */
	for (i = 0; i < r->packets; i++) {
		memcpy(r->dst + off, r->src, r->payload);
		__asm__ volatile("" : : "r"(r->dst) : "memory");
		off += ALIGN(r->payload, 8);
		if (off + r->payload > RING_BYTES)
			off = 0;
	}
	return now() - t0;
}

int main(int argc, char **argv)
{
	static const u32 sizes[] = { 64, 1500, 65536 };
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	struct ring_shm shm;
	struct run r = { 0 };
	unsigned int i;

	r.src = malloc(RING_BYTES);
	r.dst = malloc(RING_BYTES);
	if (!r.src || !r.dst || ring_shm_map(&shm, RING_BYTES)) {
		perror("ring_bench: setup");
		return 1;
	}
	memset(r.src, 0x5a, RING_BYTES);
	memset(r.dst, 0, RING_BYTES);

	printf("hvx ring benchmark: %u KiB ring, producer and consumer threads, %.1f s per size\n",
	       RING_BYTES >> 10, seconds);
	printf("%-9s %14s %10s %14s %8s\n", "payload", "packets/s", "ring GB/s",
	       "memcpy GB/s", "ratio");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		double t_ring, t_copy, gb;

		r.payload = sizes[i];
		/* Calibrate the packet count on a short run, then measure. */
		r.packets = 10000;
		t_ring = ring_run(&shm, &r);
		if (t_ring < 0)
			goto fail;
		r.packets = (u64)(r.packets * seconds / (t_ring > 1e-6 ? t_ring : 1e-6)) + 1;
		t_ring = ring_run(&shm, &r);
		if (t_ring < 0)
			goto fail;
		t_copy = memcpy_run(&r);
		gb = (double)r.packets * r.payload / 1e9;
		printf("%-7u B %14.0f %10.2f %14.2f %8.2f\n", r.payload,
		       r.packets / t_ring, gb / t_ring, gb / t_copy, t_copy / t_ring);
	}
	ring_shm_unmap(&shm);
	return 0;
fail:
	fprintf(stderr, "ring_bench: ring error or lost packet\n");
	return 1;
}
