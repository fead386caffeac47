/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx_sim: a simulated Hyper-V host. It is the transport hvx_vmbus talks to
 * and plays the host side of the VMBus control protocol; device backends
 * serve the channels. Everything the guest posts is handled, in order, on
 * the host's own workqueue, as a real host would do it: asynchronously.
 */
#ifndef _HVX_SIM_H
#define _HVX_SIM_H

#include <linux/hrtimer.h>
#include <linux/idr.h>
#include <linux/ioport.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/uuid.h>
#include <linux/workqueue.h>
#include <hvx/echo.h>
#include <hvx/transport.h>
#include <hvx/vmbus_msg.h>

/* Where the simulated host tells a 5.0+ guest to post its messages. */
#define SIM_MSG_CONN_ID		0x2a
/* The guest signals channel N on connection id SIM_CONN_ID_CHANNEL + N. */
#define SIM_CONN_ID_CHANNEL	0x2000

struct file_operations;
struct hvx_ring_pkt;
struct pci_dev;
struct seq_file;
struct sim_channel;
struct sim_device;

/* A control command: @args is the rest of the line, spaces trimmed. */
struct sim_command {
	const char *name;
	int (*run)(struct sim_device *dev, char *args);
};

/**
 * struct sim_backend - a device class the host serves
 * @name: what the control interface calls it ("add <name>")
 * @class_id: the offer's if_type
 * @state_size: bytes of per-device state, zeroed at creation (dev->state);
 *		sub-channels share their primary's
 * @init: set up the state of a new device (optional; may fail). Its relid
 *	  is set; host->lock is not held.
 * @release: tear it down (optional)
 * @opened: the guest opened the device's channel; the host may speak first
 *	    (host->lock held). Optional.
 * @closed: the channel is closing (the guest closed it, or the host took
 *	    it back): its worker has stopped, and what the host queued on it
 *	    will never reach the guest (host->lock held). Optional.
 * @handle_packet: each packet the guest sends on an open channel, copied
 *		   out (descriptor first); answer with sim_chan_send(). Runs
 *		   on the channel's worker, without host->lock.
 * @commands: what the control file accepts for this device ("relid name
 *	      args"); each runs with host->lock held and sends with
 *	      sim_device_send(). Optional.
 * @nr_commands: how many
 * @shared_commands: more, that several backends share (optional)
 * @nr_shared_commands: how many
 * @show: one line of state for the state file, host->lock held. Optional.
 *
 * State that both the worker and control() touch is read and written with
 * READ_ONCE()/WRITE_ONCE()/xchg(): single words, no lock between them.
 */
struct sim_backend {
	const char *name;
	guid_t class_id;
	bool monitored;		/* a performance device: Hyper-V monitors its channels */
	size_t state_size;
	int (*init)(struct sim_device *dev);
	void (*release)(struct sim_device *dev);
	void (*opened)(struct sim_channel *ch);
	void (*closed)(struct sim_channel *ch);
	void (*handle_packet)(struct sim_channel *ch, const struct hvx_ring_pkt *pkt,
			      const u8 *packet);
	const struct sim_command *commands;
	unsigned int nr_commands;
	const struct sim_command *shared_commands;
	unsigned int nr_shared_commands;
	void (*show)(struct sim_device *dev, struct seq_file *s);
};

extern const struct sim_backend sim_echo_backend;
extern const struct sim_backend sim_kbd_backend;
extern const struct sim_backend sim_mouse_backend;
extern const struct sim_backend sim_storage_backend;
extern const struct sim_backend sim_ide_backend;
extern const struct sim_backend sim_fc_backend;
extern const struct sim_backend sim_heartbeat_backend;
extern const struct sim_backend sim_shutdown_backend;
extern const struct sim_backend sim_timesync_backend;
extern const struct sim_backend sim_kvp_backend;
extern const struct sim_backend sim_vss_backend;
extern const struct sim_backend sim_fcopy_backend;
extern const struct sim_backend sim_net_backend;
extern const struct sim_backend sim_video_backend;

struct sim_device {
	struct list_head list;
	const struct sim_backend *backend;
	u32 relid;
	guid_t class_id;
	guid_t instance_id;
	bool offered;		/* the guest has been told */
	bool rescinded;		/* waiting for RELID_RELEASED */
	struct sim_channel *chan;	/* while the guest has it open */
	u32 target_vp;		/* where the guest wants its interrupts */
	u16 sub_index;		/* 0: a primary channel (a device) */
	u32 primary;		/* sub-channel: its primary's relid */
	u16 mmio_megabytes;	/* offered MMIO space (the backend's init() sets it) */
	int monitor_id;		/* -1: not monitored */
	void *state;		/* the backend's, backend->state_size bytes */
	struct sim_host *host;
};

/* A GPADL the guest described: its page numbers, as they arrived. */
struct sim_gpadl {
	struct list_head list;
	u32 handle;
	u32 relid;
	u32 nr_pfns;
	u32 have;		/* PFNs received so far */
	u64 *pfns;
	bool in_use;		/* holds an open channel's rings */
};

struct sim_stats {
	u64 received;		/* messages the guest posted */
	u64 unhandled;		/* types this host does not implement */
	u64 replies_dropped;	/* by fault injection */
	u64 relids_released;
	u64 bad_gpadls;		/* GPADL messages that made no sense */
	u64 bad_opens;		/* OPENCHANNEL refused */
	u64 bad_monitor_pages;	/* contacts refused for their monitor pages */
};

/* hvx_vmbus's side of the direct link, found at load (guest.c). */
struct sim_direct {
	int (*connect)(struct hvx_transport *t);
	void (*disconnect)(struct hvx_transport *t);
	void (*deliver_msg)(const void *msg, u32 len);
	void (*deliver_event)(u32 relid);
};

struct sim_hv;

struct sim_host {
	struct hvx_transport transport;
	/* The link to the guest (guest.c): direct, or through the Hyper-V model. */
	bool via_hyperv;
	bool pinned;			/* a reference on hvx_sim while a guest is connected */
	struct sim_direct direct;
	struct sim_hv *hv;		/* hv.c's, through the Hyper-V model */
	u32 msg_vp;			/* VP index the guest's contact named */
	u8 msg_sint;			/* SINT the host's messages go to */
	atomic_t posts_inflight;	/* guest messages not handled yet */
	atomic64_t wrong_conn_id;	/* posted where the host does not serve */
	struct workqueue_struct *wq;	/* ordered: the host's processing */
	struct mutex lock;		/* guards everything below */
	u32 newest_version;		/* the newest version this host accepts */
	u32 version;			/* negotiated, 0 before */
	bool connected;
	bool silent;			/* fault: answer nothing */
	unsigned int drop_replies;	/* fault: drop this many replies */
	unsigned int delay_ms;		/* fault: think this long before each answer */
	bool rescind_on_open;		/* fault: answer the next OPENCHANNEL with a rescind */
	int bad_completion;		/* fault: follow the next reply with a forged one */
	struct list_head devices;
	struct list_head gpadls;
	struct ida relids;
	spinlock_t gpadl_lock;	/* gpadls: changed under both locks, read under either */
	spinlock_t chan_lock;	/* guards chans[]: the guest signals from any context */
	struct sim_channel *chans[HVX_MAX_RELID];
	struct workqueue_struct *chan_wq;	/* the backends' workers */
	unsigned int next_instance;
	struct sim_stats stats;
	struct dentry *debugfs;		/* NULL once removed (host->lock) */
	/* Monitored notification (monitor.c); the pages under lock, the rest fixed. */
	struct page *contact_pages[3];	/* the guest's, named by its contact: */
	struct page **monitor_pages;	/* the first two, or NULL */
	struct page *int_page;		/* the third (before 5.0), or NULL */
	struct ida monitor_ids;
	u32 monitor_relid[HVX_MONITOR_IDS];	/* 0: free; read by the poll */
	unsigned int monitored_open;	/* open channels the host monitors */
	bool monitor_paused;		/* fault: the poll stopped */
	struct hrtimer monitor_timer;
	ktime_t monitor_period;
	u16 monitor_latency;		/* 100 ns units; 0: monitor nothing */
	atomic64_t monitor_signals;	/* pending bits the poll took */
	atomic64_t hypercall_signals;	/* channel signals by hypercall */
	atomic64_t send_bits;		/* send bitmap bits taken with pending bits */
	/* The VRAM window (vram.c): the guest's MMIO space, the host's view of it. */
	struct resource vram_window;
	void *vram;			/* NULL: no window */
	struct pci_dev *vram_pdev;
};

/* Forged completions, sent right after a genuine one (fault injection). */
enum sim_bad_completion {
	SIM_COMPLETION_DUPLICATE = 1,	/* the same transaction id again */
	SIM_COMPLETION_STALE,		/* the id's slot, an older generation */
	SIM_COMPLETION_UNKNOWN,		/* an id the guest never used */
};

/* A message the guest posted, queued for the host. */
struct sim_msg {
	struct work_struct work;
	struct sim_host *host;
	u32 conn_id;		/* where the guest posted it */
	u32 len;
	u8 data[HVX_MSG_MAX_SIZE];
};

/* main.c */
int sim_post(struct sim_host *host, u32 conn_id, const void *msg, u32 len, gfp_t gfp);

/* guest.c: the link to the guest */
int sim_guest_attach(struct sim_host *host);
void sim_guest_detach(struct sim_host *host);
void sim_guest_msg(struct sim_host *host, const void *msg, u32 len);
void sim_guest_event(struct sim_host *host, const struct sim_device *dev);
u64 sim_reference_time(void);

/* hv.c: the host behind the Hyper-V model, where the kernel has it */
#ifdef HVX_HV_MODEL
bool sim_hv_attached(void);
int sim_hv_attach(struct sim_host *host);
void sim_hv_detach(struct sim_host *host);
void sim_hv_free(struct sim_host *host);
void sim_hv_send(struct sim_host *host, const void *msg, u32 len);
void sim_hv_event(struct sim_host *host, const struct sim_device *dev);
u64 sim_hv_reference_time(void);
void sim_hv_show(struct sim_host *host, struct seq_file *s);
#else
static inline bool sim_hv_attached(void) { return false; }
static inline int sim_hv_attach(struct sim_host *host) { return -ENODEV; }
static inline void sim_hv_detach(struct sim_host *host) { }
static inline void sim_hv_free(struct sim_host *host) { }
static inline void sim_hv_send(struct sim_host *host, const void *msg, u32 len) { }
static inline void sim_hv_event(struct sim_host *host, const struct sim_device *dev) { }
static inline u64 sim_hv_reference_time(void) { return 0; }
static inline void sim_hv_show(struct sim_host *host, struct seq_file *s) { }
#endif

/* vmbus.c: the host side of the control protocol */
void sim_handle_msg(struct sim_host *host, const struct sim_msg *msg);
void sim_send(struct sim_host *host, const void *msg, u32 len);
int sim_device_add(struct sim_host *host, const struct sim_backend *backend);
int sim_device_rescind(struct sim_host *host, u32 relid);
int sim_add_sub_channels(struct sim_host *host, u32 relid, unsigned int n);
void sim_offer_sub_channels(struct sim_device *dev, unsigned int n);
void sim_rescind_device(struct sim_host *host, struct sim_device *dev);
void sim_rescind_sub_channels(struct sim_host *host, struct sim_device *primary);
void sim_devices_free(struct sim_host *host);

/* channel.c: GPADLs, open channels and the workers that serve them */
void sim_on_gpadl_header(struct sim_host *host, const struct sim_msg *m);
void sim_on_gpadl_body(struct sim_host *host, const struct sim_msg *m);
void sim_on_gpadl_teardown(struct sim_host *host, const struct sim_msg *m);
void sim_on_open(struct sim_host *host, const struct sim_msg *m);
void sim_on_close(struct sim_host *host, const struct sim_msg *m);
void sim_on_modify(struct sim_host *host, const struct sim_msg *m);
void sim_channels_close(struct sim_host *host, u32 relid);
bool sim_chan_signal(struct sim_host *host, u32 relid);
int sim_chan_send(struct sim_channel *ch, u16 type, u16 flags, u64 trans_id,
		  const void *data, u32 len);
int sim_chan_send_hdr(struct sim_channel *ch, u16 type, u16 flags, u64 trans_id,
		      const void *hdr, u32 hdr_len, const void *data, u32 len);
int sim_chan_send_burst(struct sim_channel *ch, u16 type, const void *data, u32 len,
			unsigned int n);
int sim_device_send(struct sim_device *dev, u16 type, u16 flags, u64 trans_id,
		    const void *data, u32 len);
void *sim_chan_state(const struct sim_channel *ch);
struct sim_device *sim_chan_device(const struct sim_channel *ch);

/* gpa.c: the guest pages a GPA-direct packet names */
#define SIM_GPA_MAX_RANGES	512

/* The ranges, read as one buffer: each a struct hvx_gpa_range and its PFNs. */
struct sim_gpa {
	const u8 *ranges;	/* the first range, in the packet's copy */
	u32 nr_ranges;
	u32 count;		/* bytes, all ranges */
};

int sim_gpa_parse(const struct hvx_ring_pkt *pkt, const u8 *packet, struct sim_gpa *g);
int sim_gpa_copy(const struct sim_gpa *g, u32 pos, void *buf, u32 len, bool to_guest);
int sim_frame_copy(u64 pfn, u32 in_page, void *buf, u32 len, bool to_guest);
int sim_gpadl_copy(struct sim_host *host, u32 relid, u32 handle, u32 pos, void *buf,
		   u32 len, bool to_guest);
int sim_gpadl_size(struct sim_host *host, u32 relid, u32 handle, u32 *bytes);

/* debugfs.c: the control interface */
void sim_debugfs_init(struct sim_host *host);
void sim_debugfs_exit(struct sim_host *host);
struct dentry *sim_debugfs_file(struct sim_device *dev, const char *name, void *data,
				const struct file_operations *fops);
void sim_debugfs_remove(struct sim_device *dev, struct dentry *file);

/* monitor.c: monitored notification */
void sim_monitor_init(struct sim_host *host, unsigned int latency_us);
void sim_monitor_exit(struct sim_host *host);
int sim_monitor_attach(struct sim_host *host, u64 host_gpa, u64 guest_gpa, u64 int_gpa);
void sim_monitor_detach(struct sim_host *host);
void sim_monitor_id_get(struct sim_host *host, struct sim_device *dev);
void sim_monitor_id_put(struct sim_host *host, struct sim_device *dev);
void sim_monitor_describe(struct sim_host *host, const struct sim_device *dev);
void sim_monitor_channel_opened(struct sim_host *host, const struct sim_device *dev);
void sim_monitor_channel_closed(struct sim_host *host, const struct sim_device *dev);
void sim_monitor_pause(struct sim_host *host, bool pause);

/* vram.c: the memory behind the guest's MMIO window */
void sim_vram_init(struct sim_host *host);
void sim_vram_exit(struct sim_host *host);

#endif /* _HVX_SIM_H */
