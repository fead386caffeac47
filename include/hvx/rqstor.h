/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Request ids: the transaction ids a channel puts on requests it sends, so
 * that the host's completion finds its request again. An id is a small slot
 * index plus a generation, never a pointer; the caller's context (a pointer,
 * a tag) stays in the slot, private to the guest. A completion whose id is
 * unknown, already completed or from an earlier use of the slot is rejected
 * and changes nothing. Free slots are reused oldest first, so an id stays
 * distinguishable from its slot's next use for as long as possible.
 */
#ifndef _HVX_RQSTOR_H
#define _HVX_RQSTOR_H

#include <linux/spinlock.h>
#include <linux/types.h>

struct hvx_rqstor_slot;

struct hvx_rqstor {
	spinlock_t lock;		/* guards free, in_use and the slots */
	u32 size;
	u32 free;			/* first free slot; size when full */
	u32 free_tail;			/* last free slot: freed slots queue here */
	u32 in_use;
	struct hvx_rqstor_slot *slots;
};

int hvx_rqstor_init(struct hvx_rqstor *rq, u32 size);
void hvx_rqstor_destroy(struct hvx_rqstor *rq);
int hvx_rqstor_get(struct hvx_rqstor *rq, u64 cookie, u64 *id);
int hvx_rqstor_put(struct hvx_rqstor *rq, u64 id, u64 *cookie);
unsigned int hvx_rqstor_cancel_all(struct hvx_rqstor *rq,
				   void (*cancel)(void *ctx, u64 cookie),
				   void *ctx);

#endif /* _HVX_RQSTOR_H */
