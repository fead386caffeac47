/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hvx driver API: the one header a VMBus class driver includes.
 *
 * A driver registers a struct hvx_driver whose id_table lists the device
 * classes (offer if_type GUIDs) it serves, and declares the same table with
 * MODULE_DEVICE_TABLE(vmbus, ...) so that modprobe autoloads it from the
 * device's "vmbus:<guid>" modalias. Every device on the bus is one primary
 * channel offered by the host.
 */
#ifndef _HVX_VMBUS_H
#define _HVX_VMBUS_H

#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/uuid.h>
#include <hvx/ring.h>
#include <hvx/vmbus_msg.h>

struct hvx_channel;

/**
 * struct hvx_device - a device on the vmbus bus: one primary channel
 * @dev: the driver-model device, named by the offer's instance GUID
 * @class_id: the device class (offer if_type)
 * @instance_id: this device (offer if_instance)
 * @vendor_id: PCI-style vendor id (0x1414, Microsoft), for sysfs
 * @device_id: PCI-style device id of the class, 0 when it has none
 * @mmio_megabytes: MMIO space the host offers the device for memory of its
 *		    own (the video card's VRAM), in MiB; see hvx_mmio_alloc()
 * @channel: the primary channel
 * @driver_override: driver name forced through sysfs, or NULL
 * @dma_mask: what dev.dma_mask points to (64 bits)
 */
struct hvx_device {
	struct device dev;
	guid_t class_id;
	guid_t instance_id;
	u16 vendor_id;
	u16 device_id;
	u16 mmio_megabytes;
	struct hvx_channel *channel;
	const char *driver_override;
	u64 dma_mask;
};

/**
 * struct hvx_driver - a VMBus class driver
 * @name: driver name (sysfs, driver_override)
 * @id_table: the classes served, ending with an all-zero entry
 * @probe: bind to a device; may sleep and talk to the host
 * @remove: unbind; the host may already have rescinded the device. Close
 *	    every channel you opened (the core closes what is left, loudly).
 * @sub_channel: the host offered a sub-channel of a bound device (after
 *		 the class protocol asked for it), or the driver was bound to
 *		 a device that already has some. Process context, device lock
 *		 held; open it here or later. Optional.
 * @sub_channel_rescind: the host took a sub-channel back: stop using it.
 *			 The core closes and frees it when this returns.
 * @driver: the driver-model driver
 */
struct hvx_driver {
	const char *name;
	const struct hv_vmbus_device_id *id_table;
	int (*probe)(struct hvx_device *dev, const struct hv_vmbus_device_id *id);
	void (*remove)(struct hvx_device *dev);
	void (*sub_channel)(struct hvx_device *dev, struct hvx_channel *ch);
	void (*sub_channel_rescind)(struct hvx_device *dev, struct hvx_channel *ch);
	struct device_driver driver;
};

static inline struct hvx_device *to_hvx_device(struct device *dev)
{
	return container_of(dev, struct hvx_device, dev);
}

static inline struct hvx_driver *to_hvx_driver(struct device_driver *drv)
{
	return container_of(drv, struct hvx_driver, driver);
}

int __hvx_driver_register(struct hvx_driver *drv, struct module *owner,
			  const char *mod_name);
void hvx_driver_unregister(struct hvx_driver *drv);

/**
 * hvx_driver_register() - register a class driver with the vmbus bus
 * @drv: the driver
 */
#define hvx_driver_register(drv) \
	__hvx_driver_register(drv, THIS_MODULE, KBUILD_MODNAME)

/**
 * typedef hvx_channel_cb_t - a channel's interrupt callback
 * @ctx: what the driver passed to hvx_channel_open()
 *
 * Runs in softirq context (a tasklet) when the host signals the channel,
 * with the channel's inbound interrupt masked: take at most
 * HVX_CHANNEL_CB_BUDGET packets with hvx_channel_recv() (or schedule NAPI
 * and drain there). If packets are left when it returns, the core calls it
 * again, so a host that floods the ring cannot hold a CPU in softirq (or,
 * with a driver's lock, with interrupts off) for long. It also runs once when
 * the host rescinds the channel (hvx_channel_rescinded() is then true), so
 * that whatever waits on the channel can give up.
 */
typedef void (*hvx_channel_cb_t)(void *ctx);

#define HVX_CHANNEL_CB_BUDGET	64	/* packets per callback run, at most */

int hvx_channel_open(struct hvx_channel *ch, u32 ring_bytes, const void *user_data,
		     u32 user_len, hvx_channel_cb_t callback, void *ctx);
void hvx_channel_close(struct hvx_channel *ch);
int hvx_channel_send(struct hvx_channel *ch, u16 type, u16 flags, u64 trans_id,
		     const void *data, u32 len);
int hvx_channel_send_gpa(struct hvx_channel *ch, u16 flags, u64 trans_id,
			 u32 offset, u32 count, const __le64 *pfns, u32 nr_pfns,
			 const void *data, u32 len);
/**
 * struct hvx_gpa_list - the page ranges of a GPA-direct packet
 * @words: the caller's storage: each range takes one word, then one per
 *	   4 KiB page it touches
 * @size: how many words @words has
 * @used: words filled (start at 0)
 * @ranges: ranges added (start at 0)
 */
struct hvx_gpa_list {
	__le64 *words;
	u32 size;
	u32 used;
	u32 ranges;
};

int hvx_gpa_list_add(struct hvx_gpa_list *l, phys_addr_t addr, u32 len);
int hvx_channel_send_gpa_list(struct hvx_channel *ch, u16 flags, u64 trans_id,
			      const struct hvx_gpa_list *l, const void *data, u32 len);
int hvx_channel_recv(struct hvx_channel *ch, void *buf, u32 buflen,
		     struct hvx_ring_pkt *pkt);
bool hvx_channel_rescinded(const struct hvx_channel *ch);
void hvx_channel_schedule(struct hvx_channel *ch);
void hvx_channel_pause(struct hvx_channel *ch);
void hvx_channel_want_room(struct hvx_channel *ch, u32 len);
u32 hvx_channel_out_avail(struct hvx_channel *ch);
int hvx_gpadl_create(struct hvx_channel *ch, void *buf, u32 size, u32 *handle);
int hvx_gpadl_teardown(struct hvx_channel *ch, u32 handle);
u16 hvx_channel_sub_index(const struct hvx_channel *ch);
int hvx_channel_set_target_cpu(struct hvx_channel *ch, unsigned int cpu);

struct resource *hvx_mmio_alloc(struct hvx_device *dev, resource_size_t size,
				resource_size_t align);
void hvx_mmio_free(struct resource *res);

/* The relid of a device's primary channel, for logs. */
u32 hvx_device_relid(const struct hvx_device *dev);

/* Negotiated VMBus protocol version, 0 when not connected. */
u32 hvx_vmbus_version(void);

/* The partition reference counter (100 ns units), 0 when unknown. */
u64 hvx_vmbus_reference_time(void);

#endif /* _HVX_VMBUS_H */
