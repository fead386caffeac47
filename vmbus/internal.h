/* SPDX-License-Identifier: GPL-2.0 */
/* hvx_vmbus internals: the connection, channels, the bus. Not for drivers. */
#ifndef _HVX_VMBUS_INTERNAL_H
#define _HVX_VMBUS_INTERNAL_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>
#include <hvx/ring_mem.h>
#include <hvx/transport.h>
#include <hvx/vmbus.h>

/* Channel states, numbered as Linux's stable sysfs ABI shows them. */
enum hvx_channel_state {
	HVX_CHANNEL_OFFERED = 0,
	HVX_CHANNEL_OPENING = 1,
	HVX_CHANNEL_OPEN = 2,
};

struct hvx_channel {
	u32 relid;
	struct hvx_msg_offer offer;	/* private copy, checked */
	enum hvx_channel_state state;
	unsigned int target_cpu;
	bool rescinded;
	bool paused;			/* this callback run left packets on purpose */
	struct hvx_device *device;	/* primary: its device; sub-channel: NULL */
	struct hvx_channel *primary;	/* sub-channel: its primary */
	struct list_head sub_channels;	/* primary: its sub-channels */
	struct list_head sub_entry;

	struct kobject *kobj;		/* channels/<relid>/ in sysfs */
	struct kset *channels_kset;	/* primary: the channels/ directory */
	bool monitored;			/* signalled through the monitor page */
	atomic64_t signals;		/* the guest signalled the host */
	u64 interrupts;			/* the host signalled the guest */
	u64 callbacks;			/* the driver's callback ran */

	/* While open (state and rings guarded by lock): */
	struct mutex lock;		/* open, close, retarget, sysfs */
	u32 gpadl;			/* the rings' GPADL */
	struct hvx_ring_mem out_mem, in_mem;
	struct hvx_ring out;		/* guest to host */
	struct hvx_ring in;		/* host to guest: read only by the callback */
	spinlock_t out_lock;		/* serialises senders */
	hvx_channel_cb_t callback;
	void *ctx;
	struct tasklet_struct tasklet;
};

/* A message from the host, copied out of the transport's buffer. */
struct hvx_msg_item {
	struct list_head list;
	u32 len;
	u8 data[HVX_MSG_MAX_SIZE];
};

/* A request waiting for the host's reply of @type about @key. */
struct hvx_waiter {
	struct list_head list;
	u32 type;
	u32 key;
	u32 relid;			/* the channel it is about, or 0 */
	int status;			/* -ENODEV when the host went away */
	struct completion done;
	u32 len;
	u8 reply[HVX_MSG_MAX_SIZE];
};

/* Counted, shown in /sys/kernel/debug/hvx_vmbus/stats. */
struct hvx_msg_stats {
	atomic64_t received;
	atomic64_t malformed;	/* failed the checks: dropped */
	atomic64_t unsolicited;	/* a reply nobody waits for */
	atomic64_t dropped;	/* no memory to queue it */
	atomic64_t bad_offers;	/* duplicate relid, orphan sub-channel, ... */
};

/* The one VMBus connection of this guest. */
struct hvx_conn {
	struct mutex lock;		/* connect and disconnect */
	struct hvx_transport *transport;
	u32 version;
	u32 msg_conn_id;
	struct device *root;		/* parent of every vmbus device */

	spinlock_t inbox_lock;		/* guards inbox, devq, waiters, accepting */
	struct list_head inbox;		/* from the host, not yet looked at */
	struct list_head devq;		/* offers and rescinds, in order */
	struct list_head waiters;
	bool accepting;			/* a transport is attached */
	bool closing;			/* disconnecting: no new devices */
	bool unload_posted;		/* kexec, crash: the transport sent UNLOAD */
	bool unload_acked;		/* and an UNLOAD_RESPONSE came */
	struct work_struct inbox_work;
	struct work_struct devq_work;
	struct workqueue_struct *msg_wq;	/* ordered: replies, never blocks */
	struct workqueue_struct *dev_wq;	/* ordered: device add/remove */

	spinlock_t chan_lock;		/* guards channels[] and sub-channel lists */
	struct hvx_channel *channels[HVX_MAX_RELID];
	atomic_t next_gpadl;

	struct list_head held_rings;	/* ring memory the host never gave back */

	struct resource *mmio;		/* the transport's MMIO windows, copied */
	unsigned int nr_mmio;

	void *int_page;			/* before 5.0: signalling bitmaps */
	void *monitor_pages[2];		/* the host's, the guest's (struct hvx_monitor_page) */
	struct hvx_msg_stats stats;
	struct dentry *debugfs;
};

extern struct hvx_conn hvx_conn;
extern struct bus_type hvx_bus;

/* mmio.c */
int hvx_mmio_windows_init(struct hvx_conn *conn, const struct hvx_transport *t);
void hvx_mmio_windows_exit(struct hvx_conn *conn);

/* connection.c */
int hvx_conn_init(struct hvx_conn *conn);
void hvx_conn_exit(struct hvx_conn *conn);
int hvx_conn_post(struct hvx_conn *conn, const void *msg, u32 len);
void hvx_conn_expect(struct hvx_conn *conn, struct hvx_waiter *w,
		     u32 reply_type, u32 key, u32 relid);
int hvx_conn_wait(struct hvx_conn *conn, struct hvx_waiter *w, int post_ret,
		  const char *what);
int hvx_conn_transact(struct hvx_conn *conn, const void *req, u32 len,
		      struct hvx_waiter *w, u32 reply_type, u32 key, u32 relid);
void hvx_conn_fail_relid(struct hvx_conn *conn, u32 relid);
void hvx_conn_unload_expect(struct hvx_conn *conn);
bool hvx_conn_unload_acked(struct hvx_conn *conn);

/* offer.c */
void hvx_offer_handle(struct hvx_conn *conn, const struct hvx_msg_item *item);
void hvx_rescind_mark(struct hvx_conn *conn, u32 relid);
bool hvx_relid_rescinded(struct hvx_conn *conn, u32 relid);
void hvx_rescind_handle(struct hvx_conn *conn, const struct hvx_msg_item *item);
void hvx_offers_remove_all(struct hvx_conn *conn);

/* channel.c */
void hvx_channel_init(struct hvx_channel *ch);
void hvx_channel_init_signal(struct hvx_channel *ch);
void hvx_held_rings_release(struct hvx_conn *conn, bool host_done);
bool hvx_conn_cpu_in_use(struct hvx_conn *conn, unsigned int cpu);
int hvx_channels_show(struct seq_file *s, void *unused);

/* chan_sysfs.c */
/* The offer gave the channel a monitor id (hvx_channel_init_signal() checked it). */
static inline bool hvx_channel_has_monitor(const struct hvx_channel *ch)
{
	return ch->offer.monitor_allocated & 1;
}

u32 hvx_monitor_pending(const struct hvx_channel *ch, enum hvx_monitor_page_index side);
u16 hvx_monitor_latency(const struct hvx_channel *ch, enum hvx_monitor_page_index side);
u32 hvx_monitor_conn_id(const struct hvx_channel *ch, enum hvx_monitor_page_index side);
int hvx_chan_sysfs_add(struct hvx_channel *ch, struct hvx_channel *primary);
void hvx_chan_sysfs_del(struct hvx_channel *ch);

/* hyperv.c: the Hyper-V transport, where the kernel has Hyper-V support */
#if IS_ENABLED(CONFIG_HYPERV) && defined(CONFIG_X86_64)
int hvx_hyperv_init(void);
void hvx_hyperv_exit(void);
#else
static inline int hvx_hyperv_init(void) { return 0; }
static inline void hvx_hyperv_exit(void) { }
#endif

/* bus.c */
int hvx_bus_init(void);
void hvx_bus_exit(void);
u16 hvx_class_device_id(const guid_t *class_id);
void hvx_bus_close_leftover(struct hvx_device *dev, struct hvx_channel *ch);

#endif /* _HVX_VMBUS_INTERNAL_H */
