/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMBus transport: how the core reaches "the host". Two implement it:
 * Hyper-V (SynIC and hypercalls) and hvx_sim (a simulated host). The core
 * posts channel messages and signals channels through the ops; the
 * transport hands it what the host sends through hvx_vmbus_deliver_msg()
 * and hvx_vmbus_deliver_event(). Only one transport is active at a time.
 */
#ifndef _HVX_TRANSPORT_H
#define _HVX_TRANSPORT_H

#include <linux/types.h>

struct hvx_transport;
struct resource;

/**
 * struct hvx_transport_ops - what the core asks of a transport
 * @post_msg: post a channel message (at most HVX_MSG_MAX_SIZE bytes) to the
 *	      host on connection id @conn_id. Process context, may sleep.
 *	      Return 0 or a negative errno (-ENXIO: no such connection id).
 * @signal: tell the host that a channel's guest-to-host ring has data;
 *	    @conn_id is the offer's connection_id. Any context.
 * @vp_index: the host's virtual processor number of a Linux CPU.
 */
struct hvx_transport_ops {
	int (*post_msg)(struct hvx_transport *t, u32 conn_id, const void *msg, u32 len);
	void (*signal)(struct hvx_transport *t, u32 conn_id);
	u32 (*vp_index)(struct hvx_transport *t, unsigned int cpu);
	u64 (*reference_time)(struct hvx_transport *t);
};

/**
 * struct hvx_transport - one way to reach a host
 * @name: shown in logs ("hyperv", "sim")
 * @ops: the operations
 * @mmio: the host's MMIO windows, where devices such as the video card
 *	  place their memory (hvx_mmio_alloc()); set before connecting and
 *	  left alone until disconnected. May be NULL.
 * @nr_mmio: how many
 * @parent: the device the bus's devices sit below in sysfs (on Hyper-V the
 *	    VMBus ACPI device, as for Linux's in-tree bus: udev's paths and
 *	    userspace see the same); NULL: /sys/devices/hvx_vmbus. Held by
 *	    the transport until disconnected.
 */
struct hvx_transport {
	const char *name;
	const struct hvx_transport_ops *ops;
	const struct resource *mmio;
	unsigned int nr_mmio;
	struct device *parent;
};

int hvx_vmbus_connect(struct hvx_transport *t);
void hvx_vmbus_disconnect(struct hvx_transport *t);
void hvx_vmbus_deliver_msg(const void *msg, u32 len);
void hvx_vmbus_deliver_event(u32 relid);

#endif /* _HVX_TRANSPORT_H */
