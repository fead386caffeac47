// SPDX-License-Identifier: GPL-2.0
/*
 * The request-id allocator. Free slots form a FIFO threaded through their
 * next_free fields; an id is (generation << 32) | (slot + 1), so 0 (the id of
 * unsolicited host messages) is never handed out and a slot's reuse makes
 * the ids of its earlier uses stale. FIFO, not LIFO: a slot freed a moment
 * ago is the last to be reused, so a late or forged completion carrying its
 * next generation does not meet a request already in flight there.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <hvx/rqstor.h>

struct hvx_rqstor_slot {
	u64 cookie;
	u32 gen;
	u32 next_free;
	bool busy;
};

static u64 rqstor_id(u32 slot, u32 gen)
{
	return (u64)gen << 32 | (slot + 1);
}

/**
 * hvx_rqstor_init() - set up @size request slots
 * @rq: the allocator
 * @size: how many requests may be in flight at once, at least 1
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int hvx_rqstor_init(struct hvx_rqstor *rq, u32 size)
{
	u32 i;

	if (!size || size == U32_MAX)
		return -EINVAL;
	rq->slots = kvcalloc(size, sizeof(*rq->slots), GFP_KERNEL);
	if (!rq->slots)
		return -ENOMEM;
	for (i = 0; i < size; i++)
		rq->slots[i].next_free = i + 1;
	spin_lock_init(&rq->lock);
	rq->size = size;
	rq->free = 0;
	rq->free_tail = size - 1;
	rq->in_use = 0;
	return 0;
}
EXPORT_SYMBOL_GPL(hvx_rqstor_init);

/**
 * hvx_rqstor_destroy() - free the slots; no request may be in flight
 * @rq: the allocator
 */
void hvx_rqstor_destroy(struct hvx_rqstor *rq)
{
	WARN_ON_ONCE(rq->in_use);
	kvfree(rq->slots);
	rq->slots = NULL;
}
EXPORT_SYMBOL_GPL(hvx_rqstor_destroy);

/**
 * hvx_rqstor_get() - take a slot for a request
 * @rq: the allocator
 * @cookie: the caller's context, returned by hvx_rqstor_put()
 * @id: set to the id to send with the request
 *
 * Context: any; takes a spinlock with interrupts disabled.
 * Return: 0, or -ENOSPC when every slot is in flight.
 */
int hvx_rqstor_get(struct hvx_rqstor *rq, u64 cookie, u64 *id)
{
	struct hvx_rqstor_slot *s;
	unsigned long flags;
	u32 slot;

	spin_lock_irqsave(&rq->lock, flags);
	slot = rq->free;
	if (slot >= rq->size) {
		spin_unlock_irqrestore(&rq->lock, flags);
		return -ENOSPC;
	}
	s = &rq->slots[slot];
	rq->free = s->next_free;
	if (rq->free >= rq->size)
		rq->free_tail = rq->size;
	s->busy = true;
	s->cookie = cookie;
	s->gen++;
	rq->in_use++;
	*id = rqstor_id(slot, s->gen);
	spin_unlock_irqrestore(&rq->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(hvx_rqstor_get);

static void rqstor_free_slot(struct hvx_rqstor *rq, u32 slot)
{
	struct hvx_rqstor_slot *s = &rq->slots[slot];

	s->busy = false;
	s->next_free = rq->size;
	if (rq->free_tail < rq->size)
		rq->slots[rq->free_tail].next_free = slot;
	else
		rq->free = slot;
	rq->free_tail = slot;
	rq->in_use--;
}

/**
 * hvx_rqstor_put() - complete the request an id from the host names
 * @rq: the allocator
 * @id: the transaction id the host sent back
 * @cookie: set to the context given to hvx_rqstor_get()
 *
 * Context: any; takes a spinlock with interrupts disabled.
 * Return: 0; -EINVAL for an id never handed out; -EALREADY for a request
 * already completed; -ESTALE for an id from an earlier use of its slot.
 * On error nothing changes.
 */
int hvx_rqstor_put(struct hvx_rqstor *rq, u64 id, u64 *cookie)
{
	u32 slot = (u32)id - 1, gen = id >> 32;
	struct hvx_rqstor_slot *s;
	unsigned long flags;
	int ret = 0;

	if ((u32)id == 0 || slot >= rq->size)
		return -EINVAL;
	s = &rq->slots[slot];
	spin_lock_irqsave(&rq->lock, flags);
	if (!s->busy)
		ret = gen == s->gen ? -EALREADY : -ESTALE;
	else if (gen != s->gen)
		ret = -ESTALE;
	else
		*cookie = s->cookie;
	if (!ret)
		rqstor_free_slot(rq, slot);
	spin_unlock_irqrestore(&rq->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(hvx_rqstor_put);

/**
 * hvx_rqstor_cancel_all() - end every request in flight (host gone)
 * @rq: the allocator
 * @cancel: called once per request with its cookie, under the allocator's
 *	    spinlock: it must not sleep or call back into @rq
 * @ctx: passed to @cancel
 *
 * Return: how many requests were cancelled. Their ids become stale.
 */
unsigned int hvx_rqstor_cancel_all(struct hvx_rqstor *rq,
				   void (*cancel)(void *ctx, u64 cookie),
				   void *ctx)
{
	unsigned int n = 0;
	unsigned long flags;
	u32 slot;

	spin_lock_irqsave(&rq->lock, flags);
	for (slot = 0; slot < rq->size; slot++) {
		if (!rq->slots[slot].busy)
			continue;
		cancel(ctx, rq->slots[slot].cookie);
		rqstor_free_slot(rq, slot);
		n++;
	}
	spin_unlock_irqrestore(&rq->lock, flags);
	return n;
}
EXPORT_SYMBOL_GPL(hvx_rqstor_cancel_all);
