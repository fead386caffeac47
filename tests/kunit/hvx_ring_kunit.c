// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the VMBus ring buffer (vmbus/ring.c) over real double-mapped
 * ring memory. One struct hvx_ring plays both sides here: its producer fields
 * write the packets its consumer fields read, and the tests poke the shared
 * header directly where they play a corrupt or racing peer.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>
#include <hvx/ring_mem.h>

#define RING_DATA	8192U	/* small, so full and wrap cases are cheap */

struct ring_fixture {
	struct hvx_ring_mem mem;
	struct hvx_ring ring;
};

static int ring_test_init(struct kunit *test)
{
	struct ring_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_EQ(test, hvx_ring_mem_alloc(&f->mem, RING_DATA, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, hvx_ring_init_mem(&f->ring, &f->mem), 0);
	test->priv = f;
	return 0;
}

static void ring_test_exit(struct kunit *test)
{
	struct ring_fixture *f = test->priv;

	hvx_ring_mem_free(&f->mem);
}

static struct hvx_ring *test_ring(struct kunit *test)
{
	return &((struct ring_fixture *)test->priv)->ring;
}

/* Write an inband packet carrying @len bytes of @payload. */
static int put_packet(struct hvx_ring *ring, const void *payload, u32 len,
		      u64 trans_id, bool *signal)
{
	struct hvx_vmpacket_desc desc =
		hvx_vmpacket_desc(HVX_VMPKT_DATA_INBAND,
				  HVX_VMPKT_FLAG_COMPLETION_REQUESTED, trans_id, len);
	struct hvx_ring_vec vec[] = {
		{ &desc, sizeof(desc) },
		{ payload, len },
	};
	bool ignored;

	return hvx_ring_write(ring, vec, ARRAY_SIZE(vec), signal ?: &ignored);
}

/* A packet whose bytes on the wire, trailer included, are @wire bytes. */
static int put_sized(struct hvx_ring *ring, u32 wire)
{
	static const u8 zeros[RING_DATA];

	return put_packet(ring, zeros, wire - 16 - HVX_RING_TRAILER_SIZE, 0, NULL);
}

static int get_and_drop(struct hvx_ring *ring)
{
	struct hvx_ring_pkt pkt;
	int ret = hvx_ring_peek(ring, &pkt);

	if (!ret)
		hvx_ring_consume(ring);
	return ret;
}

/* Move an empty ring's indices to @index, as if that much had gone through. */
static void ring_set_empty_at(struct hvx_ring *ring, u32 index)
{
	ring->write = index;
	ring->read = index;
	ring->read_published = index;
	ring->hdr->write_index = cpu_to_le32(index);
	ring->hdr->read_index = cpu_to_le32(index);
}

static void ring_init_rejects_bad_sizes(struct kunit *test)
{
	static const u32 bad[] = { 0, 12, 40, 48, HVX_RING_MAX_SIZE + 8 };
	struct hvx_ring *ring = test_ring(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, hvx_ring_init(ring, ring->hdr, ring->data, bad[i]),
				    -EINVAL, "size %u", bad[i]);
	KUNIT_EXPECT_EQ(test, hvx_ring_init(ring, ring->hdr, ring->data, 56), 0);
}

static void ring_init_resets_header(struct kunit *test)
{
	struct hvx_ring *ring = test_ring(test);
	void *hdr = ring->hdr, *data = ring->data;

	memset(hdr, 0xa5, HVX_RING_HEADER_SIZE);
	KUNIT_ASSERT_EQ(test, hvx_ring_init(ring, hdr, data, RING_DATA), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->write_index), 0U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->read_index), 0U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->interrupt_mask), 0U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->pending_send_sz), 0U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->feature_bits),
			(u32)HVX_RING_FEAT_PENDING_SEND_SZ);
	KUNIT_EXPECT_EQ(test, hvx_ring_max_packet(ring), RING_DATA - 16);
}

static void ring_wire_bytes(struct kunit *test)
{
	static const u8 expect[40] = {
		0x06, 0x00, 0x02, 0x00, 0x04, 0x00, 0x01, 0x00,	/* type, off8, len8, flags */
		0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,	/* trans_id */
		'h', 'e', 'l', 'l', 'o', ',', ' ', 'v', 'm', 'b', 'u', 's', '!',
		0, 0, 0,					/* padding */
		0, 0, 0, 0, 0, 0, 0, 0,				/* trailer: start 0 << 32 */
	};
	struct hvx_ring *ring = test_ring(test);
	u8 buf[64];
	struct hvx_ring_pkt pkt;
	__le64 trailer;

	KUNIT_ASSERT_EQ(test, put_packet(ring, "hello, vmbus!", 13,
					 0x1122334455667788ULL, NULL), 0);
	KUNIT_EXPECT_MEMEQ(test, ring->data, expect, sizeof(expect));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->write_index), 40U);

	KUNIT_ASSERT_EQ(test, put_packet(ring, "x", 1, 2, NULL), 0);
	memcpy(&trailer, ring->data + 40 + 24, sizeof(trailer));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(trailer), 40ULL << 32);

	KUNIT_ASSERT_EQ(test, hvx_ring_read(ring, buf, sizeof(buf), &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.type, (u16)HVX_VMPKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, pkt.flags, (u16)HVX_VMPKT_FLAG_COMPLETION_REQUESTED);
	KUNIT_EXPECT_EQ(test, pkt.trans_id, 0x1122334455667788ULL);
	KUNIT_EXPECT_EQ(test, pkt.len, 32U);
	KUNIT_EXPECT_EQ(test, pkt.offset, 16U);
	KUNIT_EXPECT_MEMEQ(test, buf, expect, 32);

	KUNIT_ASSERT_EQ(test, hvx_ring_read(ring, buf, sizeof(buf), &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.trans_id, 2ULL);
	KUNIT_EXPECT_EQ(test, hvx_ring_payload_len(&pkt), 8U);
	KUNIT_EXPECT_EQ(test, buf[16], (u8)'x');
	KUNIT_EXPECT_EQ(test, hvx_ring_read(ring, buf, sizeof(buf), &pkt), -EAGAIN);
	KUNIT_EXPECT_EQ(test, ring->stats.packets, 4ULL);	/* 2 written, 2 read */
}

static void ring_zero_length_packet(struct kunit *test)
{
	struct hvx_ring *ring = test_ring(test);
	struct hvx_ring_pkt pkt;

	KUNIT_ASSERT_EQ(test, put_packet(ring, NULL, 0, 7, NULL), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->write_index), 24U);
	KUNIT_ASSERT_EQ(test, hvx_ring_peek(ring, &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.len, 16U);
	KUNIT_EXPECT_EQ(test, hvx_ring_payload_len(&pkt), 0U);
	hvx_ring_consume(ring);
	KUNIT_EXPECT_EQ(test, hvx_ring_peek(ring, &pkt), -EAGAIN);
}

static void ring_maximum_packet(struct kunit *test)
{
	struct hvx_ring *ring = test_ring(test);
	u32 max = hvx_ring_max_packet(ring);
	u8 *payload = kunit_kmalloc(test, RING_DATA, GFP_KERNEL);
	u8 *buf = kunit_kmalloc(test, RING_DATA, GFP_KERNEL);
	struct hvx_ring_pkt pkt;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, payload);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < RING_DATA; i++)
		payload[i] = i * 7;

	/* One packet more than the largest can never fit, not even in an empty ring. */
	KUNIT_EXPECT_EQ(test, put_packet(ring, payload, max - 16 + 8, 0, NULL), -EMSGSIZE);
	KUNIT_ASSERT_EQ(test, put_packet(ring, payload, max - 16, 0, NULL), 0);
	/* 8 bytes stay free: not even a bare descriptor fits now. */
	KUNIT_EXPECT_EQ(test, put_packet(ring, NULL, 0, 0, NULL), -EAGAIN);

	KUNIT_ASSERT_EQ(test, hvx_ring_read(ring, buf, RING_DATA, &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.len, max);
	KUNIT_EXPECT_MEMEQ(test, buf + 16, payload, max - 16);
}

static void ring_full_and_exact_fit(struct kunit *test)
{
	struct hvx_ring *ring = test_ring(test);
	unsigned int n = 0;

	/* 88 bytes on the wire each: a write needs more than 88 bytes free. */
	while (put_sized(ring, 88) == 0)
		n++;
	KUNIT_EXPECT_EQ(test, n, (RING_DATA - 1) / 88);
	KUNIT_EXPECT_EQ(test, ring->stats.full, 1ULL);
	KUNIT_EXPECT_EQ(test, ring->stats.full_first, 1ULL);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->write_index), n * 88);

	/* Free 88 more (96 now): a 96-byte packet needs 97 and is refused ... */
	KUNIT_ASSERT_EQ(test, get_and_drop(ring), 0);
	hvx_ring_commit_read(ring);
	KUNIT_EXPECT_EQ(test, put_sized(ring, 96), -EAGAIN);
	/* ... an 88-byte one is the exact fit that leaves the one free slot. */
	KUNIT_EXPECT_EQ(test, put_sized(ring, 88), 0);
	KUNIT_EXPECT_EQ(test, put_sized(ring, 24), -EAGAIN);
	KUNIT_EXPECT_EQ(test, ring->stats.full, 3ULL);
	/* The 96-byte refusal followed a refusal; the 24-byte one a fit. */
	KUNIT_EXPECT_EQ(test, ring->stats.full_first, 2ULL);
}

static void ring_wraps_contiguously(struct kunit *test)
{
	struct hvx_ring *ring = test_ring(test);
	u8 payload[64], buf[96];
	struct hvx_ring_pkt pkt;
	u32 start = RING_DATA - 24, i;
	__le64 trailer;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = 0x80 | i;
	ring_set_empty_at(ring, start);

	KUNIT_ASSERT_EQ(test, put_packet(ring, payload, sizeof(payload), 9, NULL), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->write_index), (start + 88) % RING_DATA);
	/* The descriptor sits before the wrap; payload byte 8 on is at offset 0. */
	KUNIT_EXPECT_MEMEQ(test, ring->data + start + 16, payload, 8);
	KUNIT_EXPECT_MEMEQ(test, ring->data, payload + 8, sizeof(payload) - 8);
	memcpy(&trailer, ring->data + (start + 80) % RING_DATA, sizeof(trailer));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(trailer), (u64)start << 32);

	KUNIT_ASSERT_EQ(test, hvx_ring_read(ring, buf, sizeof(buf), &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.trans_id, 9ULL);
	KUNIT_EXPECT_MEMEQ(test, buf + 16, payload, sizeof(payload));
	KUNIT_EXPECT_FALSE(test, hvx_ring_commit_read(ring));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->read_index), 64U);
}

static void ring_write_signals_empty_to_non_empty(struct kunit *test)
{
	struct hvx_ring *ring = test_ring(test);
	bool signal;

	KUNIT_ASSERT_EQ(test, put_packet(ring, "a", 1, 0, &signal), 0);
	KUNIT_EXPECT_TRUE(test, signal);
	KUNIT_ASSERT_EQ(test, put_packet(ring, "b", 1, 0, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);

	/* The consumer drained one of two: still non-empty, still no signal. */
	KUNIT_ASSERT_EQ(test, get_and_drop(ring), 0);
	hvx_ring_commit_read(ring);
	KUNIT_ASSERT_EQ(test, put_packet(ring, "c", 1, 0, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);

	while (get_and_drop(ring) == 0)
		;
	hvx_ring_commit_read(ring);
	KUNIT_ASSERT_EQ(test, put_packet(ring, "d", 1, 0, &signal), 0);
	KUNIT_EXPECT_TRUE(test, signal);

	/* A consumer that masked its interrupt is draining: never signal it. */
	get_and_drop(ring);
	hvx_ring_commit_read(ring);
	hvx_ring_mask_interrupts(ring);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->interrupt_mask), 1U);
	KUNIT_ASSERT_EQ(test, put_packet(ring, "e", 1, 0, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);
	KUNIT_EXPECT_EQ(test, ring->stats.signals, 2ULL);
}

struct pending_case {
	const char *name;
	bool feature;
	u32 pending;
	bool expect;
};

/* Ten 88-byte packets queued (free 7312), one consumed (free 7400). */
static const struct pending_case pending_cases[] = {
	{ "crosses the threshold", true, 7350, true },
	{ "already above before", true, 7300, false },
	{ "still not above after", true, 7400, false },
	{ "exactly at before", true, 7312, true },
	{ "nothing pending", true, 0, false },
	{ "feature bit clear", false, 7350, false },
};

static void pending_case_desc(const struct pending_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pending, pending_cases, pending_case_desc);

static void ring_commit_pending_send(struct kunit *test)
{
	const struct pending_case *c = test->param_value;
	struct hvx_ring *ring = test_ring(test);
	unsigned int i;

	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_EQ(test, put_sized(ring, 88), 0);
	if (!c->feature)
		ring->hdr->feature_bits = 0;
	ring->hdr->pending_send_sz = cpu_to_le32(c->pending);

	KUNIT_EXPECT_FALSE(test, hvx_ring_commit_read(ring));	/* nothing read yet */
	KUNIT_ASSERT_EQ(test, get_and_drop(ring), 0);
	KUNIT_EXPECT_EQ(test, hvx_ring_commit_read(ring), c->expect);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->read_index), 88U);
}

static void ring_unmask_reports_unread(struct kunit *test)
{
	struct hvx_ring *ring = test_ring(test);

	hvx_ring_mask_interrupts(ring);
	KUNIT_ASSERT_EQ(test, put_sized(ring, 88), 0);
	KUNIT_ASSERT_EQ(test, put_sized(ring, 32), 0);
	KUNIT_EXPECT_EQ(test, hvx_ring_unmask_interrupts(ring), 120U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->interrupt_mask), 0U);
	get_and_drop(ring);
	get_and_drop(ring);
	KUNIT_EXPECT_EQ(test, hvx_ring_unmask_interrupts(ring), 0U);
}

static void ring_read_needs_room(struct kunit *test)
{
	struct hvx_ring *ring = test_ring(test);
	struct hvx_ring_pkt pkt;
	u8 buf[64];

	KUNIT_ASSERT_EQ(test, put_packet(ring, "0123456789abcdef0123", 20, 5, NULL), 0);
	KUNIT_EXPECT_EQ(test, hvx_ring_read(ring, buf, 32, &pkt), -ENOBUFS);
	KUNIT_EXPECT_EQ(test, pkt.len, 40U);
	KUNIT_ASSERT_EQ(test, hvx_ring_read(ring, buf, sizeof(buf), &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.trans_id, 5ULL);
	KUNIT_EXPECT_MEMEQ(test, buf + 16, "0123456789abcdef0123", 20);
}

static void ring_copy_out_keeps_checked_descriptor(struct kunit *test)
{
	struct hvx_ring *ring = test_ring(test);
	struct hvx_vmpacket_desc *shared = (void *)ring->data, copy;
	struct hvx_ring_pkt pkt;
	u8 buf[64];

	KUNIT_ASSERT_EQ(test, put_packet(ring, "payload!", 8, 3, NULL), 0);
	KUNIT_ASSERT_EQ(test, hvx_ring_peek(ring, &pkt), 0);
	/* The peer rewrites the descriptor after we checked it. */
	shared->len8 = cpu_to_le16(0xffff);
	shared->offset8 = cpu_to_le16(0xfff0);
	shared->trans_id = cpu_to_le64(0xdead);
	KUNIT_ASSERT_EQ(test, hvx_ring_copy_out(ring, &pkt, buf, sizeof(buf)), 0);
	memcpy(&copy, buf, sizeof(copy));
	KUNIT_EXPECT_EQ(test, le16_to_cpu(copy.len8), 3);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(copy.offset8), 2);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(copy.trans_id), 3ULL);
	KUNIT_EXPECT_MEMEQ(test, buf + 16, "payload!", 8);
}

struct corrupt_case {
	const char *name;
	u32 write_index;	/* what the peer publishes */
	u16 len8, offset8;	/* the descriptor it wrote at offset 0 */
	int expect;
};

static const struct corrupt_case corrupt_cases[] = {
	{ "valid packet (control)",	  48, 5, 2, 0 },
	{ "zero-length payload (control)", 24, 2, 2, 0 },
	{ "write_index past the end",	  RING_DATA, 5, 2, -EIO },
	{ "write_index far past the end", 0xfffffff8, 5, 2, -EIO },
	{ "write_index unaligned",	  44, 5, 2, -EIO },
	{ "less than a descriptor",	  8, 5, 2, -EIO },
	{ "descriptor but no trailer",	  16, 2, 2, -EIO },
	{ "len8 zero",			  48, 0, 2, -EIO },
	{ "len8 shorter than descriptor", 48, 1, 1, -EIO },
	{ "offset8 inside descriptor",	  48, 5, 1, -EIO },
	{ "offset8 past the packet",	  48, 5, 6, -EIO },
	{ "packet longer than published", 48, 7, 2, -EIO },
	{ "packet covers trailer",	  48, 6, 6, -EIO },
	{ "len8 maximum",		  48, 0xffff, 2, -EIO },
};

static void corrupt_case_desc(const struct corrupt_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(corrupt, corrupt_cases, corrupt_case_desc);

static void ring_reader_rejects_corruption(struct kunit *test)
{
	const struct corrupt_case *c = test->param_value;
	struct hvx_ring *ring = test_ring(test);
	struct hvx_vmpacket_desc desc = {
		.type = cpu_to_le16(HVX_VMPKT_DATA_INBAND),
		.len8 = cpu_to_le16(c->len8),
		.offset8 = cpu_to_le16(c->offset8),
	};
	struct hvx_ring_pkt pkt;
	bool signal;

	memcpy(ring->data, &desc, sizeof(desc));
	ring->hdr->write_index = cpu_to_le32(c->write_index);

	KUNIT_EXPECT_EQ(test, hvx_ring_peek(ring, &pkt), c->expect);
	if (!c->expect) {
		KUNIT_EXPECT_EQ(test, pkt.len, c->len8 * 8U);
		KUNIT_EXPECT_FALSE(test, ring->broken);
		return;
	}
	KUNIT_EXPECT_TRUE(test, ring->broken);
	KUNIT_EXPECT_EQ(test, ring->stats.corrupt, 1ULL);
	/* Broken stays broken, whatever the peer writes next; counted once. */
	ring->hdr->write_index = 0;
	KUNIT_EXPECT_EQ(test, hvx_ring_peek(ring, &pkt), -EIO);
	KUNIT_EXPECT_EQ(test, put_packet(ring, "x", 1, 0, &signal), -EIO);
	KUNIT_EXPECT_FALSE(test, signal);
	KUNIT_EXPECT_EQ(test, hvx_ring_unmask_interrupts(ring), 0U);
	KUNIT_EXPECT_EQ(test, ring->stats.corrupt, 1ULL);
}

static void ring_writer_rejects_corrupt_read_index(struct kunit *test)
{
	static const u32 bad[] = { RING_DATA, RING_DATA + 8, 4, 0xfffffff8 };
	struct hvx_ring *ring = test_ring(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_ASSERT_EQ(test, hvx_ring_init(ring, ring->hdr, ring->data, RING_DATA), 0);
		ring->hdr->read_index = cpu_to_le32(bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, put_sized(ring, 32), -EIO, "read_index %u", bad[i]);
		KUNIT_EXPECT_TRUE(test, ring->broken);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->write_index), 0U);
	}
}

static void ring_commit_rejects_corrupt_write_index(struct kunit *test)
{
	struct hvx_ring *ring = test_ring(test);

	KUNIT_ASSERT_EQ(test, put_sized(ring, 88), 0);
	KUNIT_ASSERT_EQ(test, get_and_drop(ring), 0);
	ring->hdr->pending_send_sz = cpu_to_le32(100);
	ring->hdr->write_index = cpu_to_le32(RING_DATA + 88);
	KUNIT_EXPECT_FALSE(test, hvx_ring_commit_read(ring));
	KUNIT_EXPECT_TRUE(test, ring->broken);
	/* The consumed space was still handed back before the bad index was seen. */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->read_index), 88U);
}

/* The host end of a ring the guest set up: indices read, and checked. */
static void ring_attach_checks_indices(struct kunit *test)
{
	struct hvx_ring *ring = test_ring(test), host;
	struct hvx_ring_pkt pkt;
	u8 buf[64];

	KUNIT_ASSERT_EQ(test, put_packet(ring, "to the host", 11, 4, NULL), 0);
	KUNIT_ASSERT_EQ(test, hvx_ring_attach(&host, ring->hdr, ring->data, RING_DATA), 0);
	KUNIT_EXPECT_EQ(test, host.write, 40U);
	KUNIT_EXPECT_EQ(test, host.read, 0U);
	KUNIT_ASSERT_EQ(test, hvx_ring_read(&host, buf, sizeof(buf), &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.trans_id, 4ULL);
	KUNIT_EXPECT_MEMEQ(test, buf + 16, "to the host", 11);
	/* Attaching leaves the header as the guest wrote it. */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ring->hdr->write_index), 40U);

	ring->hdr->read_index = cpu_to_le32(RING_DATA);
	KUNIT_EXPECT_EQ(test, hvx_ring_attach(&host, ring->hdr, ring->data, RING_DATA), -EIO);
	KUNIT_EXPECT_TRUE(test, host.broken);
	ring->hdr->read_index = 0;
	ring->hdr->write_index = cpu_to_le32(12);
	KUNIT_EXPECT_EQ(test, hvx_ring_attach(&host, ring->hdr, ring->data, RING_DATA), -EIO);
	KUNIT_EXPECT_EQ(test, hvx_ring_attach(&host, ring->hdr, ring->data, 40), -EINVAL);
}

static struct kunit_case hvx_ring_cases[] = {
	KUNIT_CASE(ring_init_rejects_bad_sizes),
	KUNIT_CASE(ring_init_resets_header),
	KUNIT_CASE(ring_wire_bytes),
	KUNIT_CASE(ring_zero_length_packet),
	KUNIT_CASE(ring_maximum_packet),
	KUNIT_CASE(ring_full_and_exact_fit),
	KUNIT_CASE(ring_wraps_contiguously),
	KUNIT_CASE(ring_write_signals_empty_to_non_empty),
	KUNIT_CASE_PARAM(ring_commit_pending_send, pending_gen_params),
	KUNIT_CASE(ring_unmask_reports_unread),
	KUNIT_CASE(ring_read_needs_room),
	KUNIT_CASE(ring_copy_out_keeps_checked_descriptor),
	KUNIT_CASE_PARAM(ring_reader_rejects_corruption, corrupt_gen_params),
	KUNIT_CASE(ring_writer_rejects_corrupt_read_index),
	KUNIT_CASE(ring_commit_rejects_corrupt_write_index),
	KUNIT_CASE(ring_attach_checks_indices),
	{}
};

static struct kunit_suite hvx_ring_suite = {
	.name = "hvx_ring",
	.init = ring_test_init,
	.exit = ring_test_exit,
	.test_cases = hvx_ring_cases,
};

kunit_test_suite(hvx_ring_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the hvx VMBus ring buffer");
