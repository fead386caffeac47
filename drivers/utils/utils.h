/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx_utils internals: one VMBus driver for the integration services, each
 * service a struct util_service that says which class it serves, what it
 * negotiates and how it answers a request.
 */
#ifndef _HVX_UTILS_H
#define _HVX_UTILS_H

#include <linux/types.h>
#include <hvx/ic.h>
#include <hvx/vmbus.h>

#define UTIL_MSG_MAX		4096	/* the largest request of most services */

/* What @handle returns when the service answers later, with util_answer(). */
#define UTIL_ANSWER_LATER	1	/* no HRESULT is 1 */

struct util_dev;
struct util_relay;

/**
 * struct util_service - one integration service
 * @name: its name (module parameter, debugfs, messages)
 * @msgtype: the IC message type of its requests
 * @versions: service versions it speaks, newest first
 * @nr_versions: how many
 * @frameworks: framework versions, newest first (optional: 3.0 and 1.0)
 * @nr_frameworks: how many
 * @msg_max: the largest request it takes (optional: UTIL_MSG_MAX)
 * @priv_size: bytes of zeroed state the core allocates at u->priv (optional)
 * @relay: its daemon's device, which the core creates at u->relay (optional)
 * @ready: may the next request be read now? (optional; channel callback).
 *	   While false the host's messages wait in the ring; call
 *	   hvx_channel_schedule() once it turns true.
 * @init: set up per-device state before the channel opens (optional)
 * @exit: tear it down after the channel closed and the relay is gone
 *	  (optional)
 * @handle: answer one request. @body holds @len bytes (the header's
 *	    msgsize, checked against the packet) and may be rewritten; runs
 *	    in the channel callback. Returns the status to answer with, or
 *	    UTIL_ANSWER_LATER: no more requests are read until the service
 *	    calls util_answer().
 * @answered: the answer to the request @handle saw has been sent: act
 *	      on it now (optional; channel callback)
 * @show: service state for debugfs (optional)
 */
struct util_service {
	const char *name;
	u16 msgtype;
	const u32 *versions;
	u32 nr_versions;
	const u32 *frameworks;
	u32 nr_frameworks;
	u32 msg_max;
	size_t priv_size;
	const struct util_relay_ops *relay;
	bool (*ready)(struct util_dev *u);
	int (*init)(struct util_dev *u);
	void (*exit)(struct util_dev *u);
	u32 (*handle)(struct util_dev *u, u8 *body, u32 len);
	void (*answered)(struct util_dev *u);
	void (*show)(struct util_dev *u, struct seq_file *s);
};

struct util_dev {
	struct hvx_device *hdev;
	struct hvx_channel *ch;
	const struct util_service *svc;
	struct hvx_ic_versions ver;	/* negotiated; 0 before */
	void *priv;			/* the service's */
	struct util_relay *relay;	/* to its daemon */
	struct dentry *debugfs;
	u64 requests;			/* answered */
	u64 bad;			/* malformed, dropped or failed */
	u64 ring_full;			/* answers that waited for room */
	bool pending;			/* a request waits for util_answer() */
	bool answer_due;		/* ... or for room in the ring */
	u32 cur_offset;			/* the request being answered: in rx */
	u32 cur_len;			/* ... its payload length */
	u64 cur_id;			/* ... and transaction id */
	u32 rx_size;
	u8 rx[];			/* one packet: descriptor, headers, body */
};

void util_answer(struct util_dev *u, u32 status);

/* The body of the request being answered, in the receive buffer. */
static inline void *util_body(struct util_dev *u)
{
	return u->rx + u->cur_offset + sizeof(struct hvx_ic_hdr);
}

extern const struct util_service util_fcopy;
extern const struct util_service util_heartbeat;
extern const struct util_service util_kvp;
extern const struct util_service util_shutdown;
extern const struct util_service util_timesync;
extern const struct util_service util_vss;

#endif /* _HVX_UTILS_H */
