/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A service's relay to its userspace daemon through /dev/vmbus/<name>
 * (relay.c). The service's @handle takes the relay's message buffer with
 * util_relay_begin(), writes the daemon's request into it and queues it
 * with util_relay_submit(), then returns UTIL_ANSWER_LATER; the relay
 * calls @answer or @failed later, each of which answers the host with
 * util_answer().
 */
#ifndef _HVX_UTILS_RELAY_H
#define _HVX_UTILS_RELAY_H

#include "utils.h"

/**
 * struct util_relay_ops - what a service tells its relay
 * @devname: the misc device, under /dev ("vmbus/hv_kvp")
 * @msg_max: the largest message for the daemon
 * @answer_len: the length of everything the daemon writes, hello included
 * @hello: the daemon's first write, its version: write the reply it
 *	   expects to @reply and return its length, 0 when it expects none,
 *	   or -EINVAL for a daemon we cannot serve
 * @registered: the daemon is ready for requests (optional)
 * @answer: the daemon's answer to the request in flight: answer the host
 * @failed: no answer will come (timeout, daemon gone): answer the host
 * @closed: the daemon closed the device (optional; after @failed)
 *
 * Every callback but @hello's reply runs in process context under the
 * relay's mutex, never concurrently with another.
 */
struct util_relay_ops {
	const char *devname;
	u32 msg_max;
	u32 answer_len;
	int (*hello)(struct util_dev *u, const void *msg, u32 len, void *reply);
	void (*registered)(struct util_dev *u);
	void (*answer)(struct util_dev *u, const void *msg);
	void (*failed)(struct util_dev *u);
	void (*closed)(struct util_dev *u);
};

struct util_relay *util_relay_create(struct util_dev *u, const struct util_relay_ops *ops);
void util_relay_destroy(struct util_relay *r);
/* Softirq (the channel callback): NULL when no daemon can take a request. */
void *util_relay_begin(struct util_relay *r);
/* ... then queue what was written, or give the buffer back. */
bool util_relay_submit(struct util_relay *r, u32 len, unsigned int timeout_s);
void util_relay_cancel(struct util_relay *r);
unsigned int util_relay_timeout_s(void);
void util_relay_show(struct util_relay *r, struct seq_file *s);

#endif /* _HVX_UTILS_RELAY_H */
