/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx ring buffer: one direction of a VMBus channel.
 *
 * The core (vmbus/ring.c) is pure: it builds in the kernel and, through
 * tools/include/hvx_user.h, in userspace for the benchmark and the fuzzer.
 * It never trusts the peer: every index and length the peer can write is
 * read once into private memory and checked before it is used. A ring whose
 * peer wrote an impossible value is marked broken and every later call
 * fails with -EIO; it never reads or writes outside its data area.
 *
 * The data area must be mapped twice back to back (data[size + i] aliases
 * data[i]), so a packet that wraps is still one contiguous copy.
 *
 * Locking: one producer and one consumer; callers serialise each side.
 */
#ifndef _HVX_RING_H
#define _HVX_RING_H

#ifdef __KERNEL__
#include <linux/align.h>
#include <linux/bits.h>
#include <asm/byteorder.h>
#endif
#include <hvx/vmbus_ring.h>

struct hvx_ring_stats {
	u64 packets;		/* packets written or read */
	u64 bytes;		/* their bytes, descriptor and padding included */
	u64 full;		/* writes refused for lack of space */
	u64 full_first;		/* of those, the first after a write that fitted */
	u64 signals;		/* times the peer had to be signalled */
	u64 corrupt;		/* impossible values found in peer-written fields */
};

struct hvx_ring {
	struct hvx_ring_header *hdr;	/* shared with the peer */
	u8 *data;			/* shared, mapped twice back to back */
	u32 size;			/* bytes in the data area */
	u32 write;			/* producer: our write index (private) */
	u32 read;			/* consumer: our read index (private) */
	u32 read_published;		/* consumer: read index the peer has seen */
	u32 peeked;			/* consumer: bytes of the packet last peeked */
	bool broken;
	bool full;			/* producer: the last write was refused */
	struct hvx_ring_stats stats;
};

/* One piece of a packet to write. */
struct hvx_ring_vec {
	const void *base;
	u32 len;
};

/* A packet found by hvx_ring_peek(): a private, validated copy of its descriptor. */
struct hvx_ring_pkt {
	u16 type;
	u16 flags;
	u64 trans_id;
	u32 len;		/* descriptor + payload + padding, trailer excluded */
	u32 offset;		/* payload offset from the descriptor */
	/*
	 * The packet in the shared ring: the peer can still write to it, so
	 * copy what you need (hvx_ring_copy_out()) before checking it.
	 */
	const u8 *shared;
};

/* Largest data area: indices are u32 and the area is mapped twice. */
#define HVX_RING_MAX_SIZE		BIT(30)

int hvx_ring_init(struct hvx_ring *ring, void *hdr, void *data, u32 size);
int hvx_ring_attach(struct hvx_ring *ring, void *hdr, void *data, u32 size);
u32 hvx_ring_max_packet(const struct hvx_ring *ring);

int hvx_ring_write(struct hvx_ring *ring, const struct hvx_ring_vec *vec,
		   unsigned int nvec, bool *signal);
void hvx_ring_set_pending_send(struct hvx_ring *ring, u32 bytes);
u32 hvx_ring_avail(const struct hvx_ring *ring);

int hvx_ring_peek(struct hvx_ring *ring, struct hvx_ring_pkt *pkt);
int hvx_ring_copy_out(const struct hvx_ring *ring, const struct hvx_ring_pkt *pkt,
		      void *buf, u32 buflen);
void hvx_ring_consume(struct hvx_ring *ring);
int hvx_ring_read(struct hvx_ring *ring, void *buf, u32 buflen,
		  struct hvx_ring_pkt *pkt);
bool hvx_ring_commit_read(struct hvx_ring *ring);

void hvx_ring_mask_interrupts(struct hvx_ring *ring);
u32 hvx_ring_unmask_interrupts(struct hvx_ring *ring);

/* The descriptor of an inband-style packet: payload right after it. */
static inline struct hvx_vmpacket_desc hvx_vmpacket_desc(u16 type, u16 flags,
							 u64 trans_id, u32 payload_len)
{
	struct hvx_vmpacket_desc desc = {
		.type = cpu_to_le16(type),
		.offset8 = cpu_to_le16(sizeof(desc) / 8),
		.len8 = cpu_to_le16(ALIGN(sizeof(desc) + payload_len, 8) / 8),
		.flags = cpu_to_le16(flags),
		.trans_id = cpu_to_le64(trans_id),
	};

	return desc;
}

static inline u32 hvx_ring_payload_len(const struct hvx_ring_pkt *pkt)
{
	return pkt->len - pkt->offset;
}

#endif /* _HVX_RING_H */
