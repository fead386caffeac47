/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx_sim: a simulated Hyper-V host. It is the transport hvx_vmbus talks to
 * and plays the host side of the VMBus control protocol; device backends
 * serve the channels. Everything the guest posts is handled, in order, on
 * the host's own workqueue, as a real host would do it: asynchronously.
 */
#ifndef _HVX_SIM_H
#define _HVX_SIM_H

#include <linux/idr.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/uuid.h>
#include <linux/workqueue.h>
#include <hvx/echo.h>
#include <hvx/transport.h>
#include <hvx/vmbus_msg.h>

/* Where the simulated host tells a 5.0+ guest to post its messages. */
#define SIM_MSG_CONN_ID		0x2a

struct sim_device {
	struct list_head list;
	u32 relid;
	guid_t class_id;
	guid_t instance_id;
	bool offered;		/* the guest has been told */
	bool rescinded;		/* waiting for RELID_RELEASED */
};

struct sim_stats {
	u64 received;		/* messages the guest posted */
	u64 wrong_conn_id;	/* posted to a connection id the host does not serve */
	u64 unhandled;		/* types this host does not implement */
	u64 replies_dropped;	/* by fault injection */
	u64 relids_released;
};

struct sim_host {
	struct hvx_transport transport;
	struct workqueue_struct *wq;	/* ordered: the host's processing */
	struct mutex lock;		/* guards everything below */
	u32 newest_version;		/* the newest version this host accepts */
	u32 version;			/* negotiated, 0 before */
	bool connected;
	bool silent;			/* fault: answer nothing */
	unsigned int drop_replies;	/* fault: drop this many replies */
	struct list_head devices;
	struct ida relids;
	unsigned int next_instance;
	struct sim_stats stats;
	struct dentry *debugfs;
};

/* A message the guest posted, queued for the host. */
struct sim_msg {
	struct work_struct work;
	struct sim_host *host;
	u32 conn_id;		/* where the guest posted it */
	u32 len;
	u8 data[HVX_MSG_MAX_SIZE];
};

/* vmbus.c: the host side of the control protocol */
void sim_handle_msg(struct sim_host *host, const struct sim_msg *msg);
void sim_send(struct sim_host *host, const void *msg, u32 len);
int sim_device_add(struct sim_host *host, const guid_t *class_id);
int sim_device_rescind(struct sim_host *host, u32 relid);
void sim_devices_free(struct sim_host *host);

/* debugfs.c: the control interface */
void sim_debugfs_init(struct sim_host *host);

#endif /* _HVX_SIM_H */
