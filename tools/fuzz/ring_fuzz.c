// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the ring reader (and the writer's view of a hostile
 * read_index). The input is what a malicious host controls:
 *
 *   u16 size8      data area size in 8-byte units (clamped to 7..1024)
 *   u32 write      write_index the host publishes
 *   u32 read       read_index the host publishes on our outbound ring
 *   u32 pending    pending_send_sz
 *   u8  ops        bit0..: when to commit, write back, unmask
 *   ...            ring contents
 *
 * The data area is a heap buffer of exactly twice the ring size, its second
 * half a copy of the first (the double mapping, as the reader sees it), so
 * AddressSanitizer catches any access past the mapping. Every packet the
 * reader hands out must lie inside the ring and be copied out in full.
 */
#include <hvx/ring.h>
#include <stdlib.h>

struct fuzz_input {
	u16 size8;
	u32 write, read, pending;
	u8 ops;
} __attribute__((packed));

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

static void drain(struct hvx_ring *ring, u8 ops)
{
	struct hvx_ring_pkt pkt;
	unsigned int n;

	for (n = 0; n < 64; n++) {
		u8 *buf;
		int ret = hvx_ring_peek(ring, &pkt);

		if (ret) {
			check(ret == -EAGAIN || (ret == -EIO && ring->broken));
			break;
		}
		check(pkt.offset >= 16 && pkt.offset <= pkt.len);
		check(pkt.len + HVX_RING_TRAILER_SIZE <= ring->size);
		check(pkt.shared >= ring->data && pkt.shared < ring->data + ring->size);
		buf = malloc(pkt.len);	/* exact size: ASan sees any overrun */
		check(buf && hvx_ring_copy_out(ring, &pkt, buf, pkt.len) == 0);
		check(hvx_ring_copy_out(ring, &pkt, buf, pkt.len - 1) == -ENOBUFS);
		free(buf);
		hvx_ring_consume(ring);
		if (ops & (1U << (n % 8)))
			hvx_ring_commit_read(ring);
	}
	hvx_ring_commit_read(ring);
	hvx_ring_unmask_interrupts(ring);
}

static void write_back(struct hvx_ring *ring, const struct fuzz_input *in)
{
	static const u8 payload[1024];
	struct hvx_ring_vec vec = { payload, (in->pending % sizeof(payload)) & ~7U };
	bool signal;
	int ret;

	ring->broken = false;
	ring->hdr->read_index = in->read;
	ret = hvx_ring_write(ring, &vec, 1, &signal);
	check(ret == 0 || ret == -EAGAIN || ret == -EMSGSIZE ||
	      (ret == -EIO && ring->broken));
	check(ring->write < ring->size && ring->write % 8 == 0);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	struct hvx_ring_header *hdr;
	struct fuzz_input in;
	struct hvx_ring ring;
	u32 size, body;
	u8 *area;

	if (len < sizeof(in))
		return 0;
	memcpy(&in, data, sizeof(in));
	data += sizeof(in);
	len -= sizeof(in);

	size = 8 * (7 + in.size8 % 1018);
	hdr = calloc(1, sizeof(*hdr));
	area = calloc(2, size);
	if (!hdr || !area)
		abort();
	body = len < size ? len : size;
	memcpy(area, data, body);
	memcpy(area + size, area, size);

	check(hvx_ring_init(&ring, hdr, area, size) == 0);
	hdr->write_index = in.write;
	hdr->pending_send_sz = in.pending;
	if (in.ops & 0x80)
		hvx_ring_mask_interrupts(&ring);
	drain(&ring, in.ops);
	if (in.ops & 0x40)
		write_back(&ring, &in);

	free(area);
	free(hdr);
	return 0;
}
