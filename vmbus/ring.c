// SPDX-License-Identifier: GPL-2.0
/*
 * VMBus ring buffer core. See include/hvx/ring.h for the contract.
 *
 * Memory ordering, producer side: packet bytes, full barrier, write_index;
 * then full barrier, then interrupt_mask and read_index to decide whether
 * to signal. Consumer side: write_index, read barrier, packet bytes; on
 * commit full barrier, read_index, full barrier, then pending_send_sz.
 * Each pair of barriers matches the peer's opposite order, so that one of
 * the two sides always sees the other's update and no signal is lost.
 */
#ifdef __KERNEL__
#include <linux/align.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include <asm/byteorder.h>
#endif
#include <hvx/ring.h>

#define RING_DESC_SIZE		((u32)sizeof(struct hvx_vmpacket_desc))
/* The smallest packet: a bare descriptor and its trailer. */
#define RING_MIN_PACKET		(RING_DESC_SIZE + HVX_RING_TRAILER_SIZE)

static u32 ring_used(const struct hvx_ring *ring, u32 write, u32 read)
{
	return write >= read ? write - read : ring->size - (read - write);
}

static u32 ring_free(const struct hvx_ring *ring, u32 write, u32 read)
{
	return ring->size - ring_used(ring, write, read);
}

static u32 ring_advance(const struct hvx_ring *ring, u32 index, u32 bytes)
{
	index += bytes;
	return index >= ring->size ? index - ring->size : index;
}

/* Load an index the peer writes. False if no valid ring could hold it. */
static bool ring_load_index(const struct hvx_ring *ring, __le32 *field,
			    u32 *index)
{
	*index = le32_to_cpu(READ_ONCE(*field));
	return *index < ring->size && IS_ALIGNED(*index, HVX_RING_ALIGN);
}

static bool ring_size_ok(u32 size)
{
	return size > 2 * RING_MIN_PACKET && size <= HVX_RING_MAX_SIZE &&
	       IS_ALIGNED(size, HVX_RING_ALIGN);
}

static int ring_mark_corrupt(struct hvx_ring *ring)
{
	ring->broken = true;
	ring->stats.corrupt++;
	return -EIO;
}

/**
 * hvx_ring_init() - set up one direction of a channel and reset its header
 * @ring: the ring to initialise
 * @hdr: the shared header page
 * @data: the shared data area, mapped twice back to back
 * @size: bytes in the data area: a multiple of 8, at most HVX_RING_MAX_SIZE
 *
 * Return: 0, or -EINVAL for an impossible size.
 */
int hvx_ring_init(struct hvx_ring *ring, void *hdr, void *data, u32 size)
{
	if (!ring_size_ok(size))
		return -EINVAL;

	memset(ring, 0, sizeof(*ring));
	ring->hdr = hdr;
	ring->data = data;
	ring->size = size;
	memset(ring->hdr, 0, sizeof(*ring->hdr));
	ring->hdr->feature_bits = cpu_to_le32(HVX_RING_FEAT_PENDING_SEND_SZ);
	return 0;
}
EXPORT_SYMBOL_GPL(hvx_ring_init);

/**
 * hvx_ring_attach() - take the other end of a ring the peer set up
 * @ring: the ring to initialise
 * @hdr: the shared header page, as the peer initialised it
 * @data: the shared data area, mapped twice back to back
 * @size: bytes in the data area
 *
 * For a host: the guest allocated and reset the ring; the indices found in
 * the header are checked like any other the peer writes.
 *
 * Return: 0, -EINVAL for an impossible size, -EIO for corrupt indices.
 */
int hvx_ring_attach(struct hvx_ring *ring, void *hdr, void *data, u32 size)
{
	struct hvx_ring_header *h = hdr;
	u32 write, read;

	if (!ring_size_ok(size))
		return -EINVAL;
	memset(ring, 0, sizeof(*ring));
	ring->hdr = h;
	ring->data = data;
	ring->size = size;
	if (!ring_load_index(ring, &h->write_index, &write) ||
	    !ring_load_index(ring, &h->read_index, &read))
		return ring_mark_corrupt(ring);
	ring->write = write;
	ring->read = read;
	ring->read_published = read;
	return 0;
}
EXPORT_SYMBOL_GPL(hvx_ring_attach);

/**
 * hvx_ring_max_packet() - largest packet (trailer excluded) the ring can hold
 * @ring: the ring
 *
 * An empty ring has @ring->size bytes free; a write needs strictly more free
 * space than the packet plus its trailer, and sizes are multiples of 8.
 */
u32 hvx_ring_max_packet(const struct hvx_ring *ring)
{
	return ring->size - HVX_RING_TRAILER_SIZE - HVX_RING_ALIGN;
}
EXPORT_SYMBOL_GPL(hvx_ring_max_packet);

static void ring_copy_in(struct hvx_ring *ring, u32 start,
			 const struct hvx_ring_vec *vec, unsigned int nvec,
			 u32 total, u32 packet_len)
{
	__le64 trailer = cpu_to_le64((u64)start << 32);
	u8 *dst = ring->data + start;
	unsigned int i;

	/* The double mapping makes every copy contiguous, even across the wrap. */
	for (i = 0; i < nvec; i++) {
		if (vec[i].len)
			memcpy(dst, vec[i].base, vec[i].len);
		dst += vec[i].len;
	}
	memset(dst, 0, packet_len - total);
	memcpy(ring->data + start + packet_len, &trailer, sizeof(trailer));
}

/**
 * hvx_ring_write() - write one packet and publish it
 * @ring: the outbound ring
 * @vec: the packet's pieces, descriptor first; padding to 8 bytes is added
 * @nvec: number of pieces
 * @signal: set to true when the peer must be signalled
 *
 * The peer is signalled only when the ring goes from empty to non-empty and
 * the peer has not masked its interrupt.
 *
 * Return: 0; -EAGAIN when the ring has no room now; -EMSGSIZE when the packet
 * can never fit; -EIO when the peer corrupted the ring.
 */
int hvx_ring_write(struct hvx_ring *ring, const struct hvx_ring_vec *vec,
		   unsigned int nvec, bool *signal)
{
	u32 start = ring->write, read, total, packet_len;
	u64 sum = 0;
	unsigned int i;

	*signal = false;
	if (ring->broken)
		return -EIO;
	for (i = 0; i < nvec; i++)
		sum += vec[i].len;
	if (sum > hvx_ring_max_packet(ring))
		return -EMSGSIZE;
	total = sum;
	packet_len = ALIGN(total, HVX_RING_ALIGN);

	if (!ring_load_index(ring, &ring->hdr->read_index, &read))
		return ring_mark_corrupt(ring);
	/*
	 * One byte always stays free so that a full ring never looks empty.
	 * This branch also orders the read_index load before the stores into
	 * the space it frees (a control dependency).
	 */
	if (ring_free(ring, start, read) <= packet_len + HVX_RING_TRAILER_SIZE) {
		ring->stats.full++;
		if (!ring->full)
			ring->stats.full_first++;
		ring->full = true;
		return -EAGAIN;
	}
	ring->full = false;

	ring_copy_in(ring, start, vec, nvec, total, packet_len);
	ring->write = ring_advance(ring, start, packet_len + HVX_RING_TRAILER_SIZE);
	ring->stats.packets++;
	ring->stats.bytes += packet_len + HVX_RING_TRAILER_SIZE;

	/* The packet is in place before the index that publishes it. */
	virt_mb();
	WRITE_ONCE(ring->hdr->write_index, cpu_to_le32(ring->write));
	/* Publish, then look at the consumer's mask and index (it does the reverse). */
	virt_mb();

	if (READ_ONCE(ring->hdr->interrupt_mask))
		return 0;
	if (le32_to_cpu(READ_ONCE(ring->hdr->read_index)) != start)
		return 0;
	ring->stats.signals++;
	*signal = true;
	return 0;
}
EXPORT_SYMBOL_GPL(hvx_ring_write);

/**
 * hvx_ring_avail() - the room a producer has now
 * @ring: the outbound ring
 *
 * Return: free bytes (one packet of up to this many bytes, trailer
 * included, may not fit: a byte always stays free); 0 when the peer
 * corrupted the read index.
 */
u32 hvx_ring_avail(const struct hvx_ring *ring)
{
	u32 read;

	if (ring->broken || !ring_load_index(ring, &ring->hdr->read_index, &read))
		return 0;
	return ring_free(ring, READ_ONCE(ring->write), read);
}
EXPORT_SYMBOL_GPL(hvx_ring_avail);

/**
 * hvx_ring_set_pending_send() - ask the peer to signal when space frees up
 * @ring: the outbound ring
 * @bytes: signal once more than this many bytes are free; 0 cancels
 *
 * After setting it, the producer must try its write again: the consumer may
 * have freed the space before it saw the request.
 */
void hvx_ring_set_pending_send(struct hvx_ring *ring, u32 bytes)
{
	WRITE_ONCE(ring->hdr->pending_send_sz, cpu_to_le32(bytes));
	/* The request is visible before the producer looks at the space again. */
	virt_mb();
}
EXPORT_SYMBOL_GPL(hvx_ring_set_pending_send);

/**
 * hvx_ring_peek() - find the next packet without consuming it
 * @ring: the inbound ring
 * @pkt: filled with a private copy of the checked descriptor
 *
 * Return: 0; -EAGAIN when the ring is empty; -EIO when the peer corrupted
 * the ring (it is then marked broken).
 */
int hvx_ring_peek(struct hvx_ring *ring, struct hvx_ring_pkt *pkt)
{
	struct hvx_vmpacket_desc desc;
	u32 write, avail, len, offset;

	if (ring->broken)
		return -EIO;
	if (!ring_load_index(ring, &ring->hdr->write_index, &write))
		return ring_mark_corrupt(ring);
	avail = ring_used(ring, write, ring->read);
	if (!avail)
		return -EAGAIN;
	/* Read the packet only after the index that published it. */
	virt_rmb();
	if (avail < RING_MIN_PACKET)
		return ring_mark_corrupt(ring);

	memcpy(&desc, ring->data + ring->read, sizeof(desc));
	len = le16_to_cpu(desc.len8) * 8U;
	offset = le16_to_cpu(desc.offset8) * 8U;
	if (len < RING_DESC_SIZE || offset < RING_DESC_SIZE || offset > len ||
	    len + HVX_RING_TRAILER_SIZE > avail)
		return ring_mark_corrupt(ring);

	pkt->type = le16_to_cpu(desc.type);
	pkt->flags = le16_to_cpu(desc.flags);
	pkt->trans_id = le64_to_cpu(desc.trans_id);
	pkt->len = len;
	pkt->offset = offset;
	pkt->shared = ring->data + ring->read;
	ring->peeked = len + HVX_RING_TRAILER_SIZE;
	return 0;
}
EXPORT_SYMBOL_GPL(hvx_ring_peek);

/**
 * hvx_ring_copy_out() - copy a peeked packet to private memory
 * @ring: the inbound ring
 * @pkt: the packet hvx_ring_peek() returned
 * @buf: destination, at least @pkt->len bytes
 * @buflen: size of @buf
 *
 * The descriptor in @buf is the checked one, whatever the peer wrote since.
 *
 * Return: 0; -ENOBUFS when @buf is too small (the packet stays); -EINVAL
 * when @pkt is not a packet of @ring.
 */
int hvx_ring_copy_out(const struct hvx_ring *ring,
		      const struct hvx_ring_pkt *pkt, void *buf, u32 buflen)
{
	struct hvx_vmpacket_desc desc = {
		.type = cpu_to_le16(pkt->type),
		.offset8 = cpu_to_le16(pkt->offset / 8),
		.len8 = cpu_to_le16(pkt->len / 8),
		.flags = cpu_to_le16(pkt->flags),
		.trans_id = cpu_to_le64(pkt->trans_id),
	};

	if (!pkt->shared || pkt->shared < ring->data ||
	    pkt->shared >= ring->data + ring->size)
		return -EINVAL;
	if (pkt->len > buflen)
		return -ENOBUFS;
	memcpy(buf, pkt->shared, pkt->len);
	memcpy(buf, &desc, sizeof(desc));
	return 0;
}
EXPORT_SYMBOL_GPL(hvx_ring_copy_out);

/**
 * hvx_ring_consume() - step over the packet hvx_ring_peek() returned
 * @ring: the inbound ring
 *
 * The space goes back to the peer only at hvx_ring_commit_read().
 */
void hvx_ring_consume(struct hvx_ring *ring)
{
	if (!ring->peeked)
		return;
	ring->read = ring_advance(ring, ring->read, ring->peeked);
	ring->stats.packets++;
	ring->stats.bytes += ring->peeked;
	ring->peeked = 0;
}
EXPORT_SYMBOL_GPL(hvx_ring_consume);

/**
 * hvx_ring_read() - copy out and consume the next packet
 * @ring: the inbound ring
 * @buf: destination for the whole packet, descriptor included
 * @buflen: size of @buf
 * @pkt: filled with the packet's checked descriptor
 *
 * Return: 0; -EAGAIN when empty; -ENOBUFS when @buf is smaller than the
 * packet (it stays in the ring, @pkt->len says how much is needed); -EIO
 * when the ring is corrupt.
 */
int hvx_ring_read(struct hvx_ring *ring, void *buf, u32 buflen,
		  struct hvx_ring_pkt *pkt)
{
	int ret;

	ret = hvx_ring_peek(ring, pkt);
	if (ret)
		return ret;
	ret = hvx_ring_copy_out(ring, pkt, buf, buflen);
	if (ret)
		return ret;
	hvx_ring_consume(ring);
	pkt->shared = NULL;
	return 0;
}
EXPORT_SYMBOL_GPL(hvx_ring_read);

/**
 * hvx_ring_commit_read() - give consumed space back to the peer
 * @ring: the inbound ring
 *
 * Return: true when the peer must be signalled: it asked (pending_send_sz)
 * to be told when more than that many bytes are free, and this commit is
 * what made it so.
 */
bool hvx_ring_commit_read(struct hvx_ring *ring)
{
	u32 before = ring->read_published, write, pending;

	if (ring->broken || ring->read == before)
		return false;

	/* Our reads of the packets are done before the peer may reuse the space. */
	virt_mb();
	WRITE_ONCE(ring->hdr->read_index, cpu_to_le32(ring->read));
	ring->read_published = ring->read;
	/* Publish, then look at pending_send_sz (the producer does the reverse). */
	virt_mb();

	if (!(le32_to_cpu(READ_ONCE(ring->hdr->feature_bits)) &
	      HVX_RING_FEAT_PENDING_SEND_SZ))
		return false;
	pending = le32_to_cpu(READ_ONCE(ring->hdr->pending_send_sz));
	if (!pending)
		return false;
	if (!ring_load_index(ring, &ring->hdr->write_index, &write)) {
		ring_mark_corrupt(ring);
		return false;
	}
	if (ring_free(ring, write, before) > pending ||
	    ring_free(ring, write, ring->read) <= pending)
		return false;
	ring->stats.signals++;
	return true;
}
EXPORT_SYMBOL_GPL(hvx_ring_commit_read);

/**
 * hvx_ring_mask_interrupts() - tell the peer not to signal while we drain
 * @ring: the inbound ring
 */
void hvx_ring_mask_interrupts(struct hvx_ring *ring)
{
	WRITE_ONCE(ring->hdr->interrupt_mask, cpu_to_le32(1));
	/* The mask is visible before we drain: the producer checks it after publishing. */
	virt_mb();
}
EXPORT_SYMBOL_GPL(hvx_ring_mask_interrupts);

/**
 * hvx_ring_unmask_interrupts() - let the peer signal again
 * @ring: the inbound ring
 *
 * Return: bytes still unread. A packet published before the peer saw the
 * unmask was not signalled, so a caller that gets non-zero must drain again.
 */
u32 hvx_ring_unmask_interrupts(struct hvx_ring *ring)
{
	u32 write;

	WRITE_ONCE(ring->hdr->interrupt_mask, 0);
	/* Unmask, then re-check: a packet published before the peer saw it went unsignalled. */
	virt_mb();
	if (ring->broken)
		return 0;
	if (!ring_load_index(ring, &ring->hdr->write_index, &write)) {
		ring_mark_corrupt(ring);
		return 0;
	}
	return ring_used(ring, write, ring->read);
}
EXPORT_SYMBOL_GPL(hvx_ring_unmask_interrupts);
