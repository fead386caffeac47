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

#define UTIL_MSG_MAX		4096	/* the largest request of these services */

struct util_dev;

/**
 * struct util_service - one integration service
 * @name: its name (module parameter, debugfs, messages)
 * @msgtype: the IC message type of its requests
 * @versions: service versions it speaks, newest first
 * @nr_versions: how many
 * @init: set up per-device state before the channel opens (optional)
 * @exit: tear it down after the channel closed (optional)
 * @handle: answer one request. @body holds @len bytes (the header's
 *	    msgsize, checked against the packet) and may be rewritten; runs
 *	    in the channel callback. Returns the status to answer with.
 * @answered: the answer to the request @handle saw has been sent: act
 *	      on it now (optional; channel callback)
 * @show: service state for debugfs (optional)
 */
struct util_service {
	const char *name;
	u16 msgtype;
	const u32 *versions;
	u32 nr_versions;
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
	struct dentry *debugfs;
	u64 requests;			/* answered */
	u64 bad;			/* malformed, dropped or failed */
	u8 rx[sizeof(struct hvx_vmpacket_desc) + UTIL_MSG_MAX];
};

extern const struct util_service util_heartbeat;
extern const struct util_service util_shutdown;
extern const struct util_service util_timesync;

#endif /* _HVX_UTILS_H */
