// SPDX-License-Identifier: GPL-2.0
/*
 * The vmbus bus: devices are primary channels, drivers match them by class
 * GUID (or by name through driver_override), and sysfs shows what Linux's
 * stable ABI for this bus promises (Documentation/ABI/stable/sysfs-bus-vmbus),
 * so udev rules and tools/hv/lsvmbus work unchanged.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/topology.h>
#include <hvx/vmbus_classes.h>
#include "internal.h"

/*
 * Device ids of the classes Linux knows, as its sysfs "device" attribute
 * numbers them (the in-tree vmbus_device_type order).
 */
static const struct {
	guid_t class_id;
	u16 device_id;
} class_device_ids[] = {
	{ HVX_CLASS_IDE, 0 },		{ HVX_CLASS_SCSI, 1 },
	{ HVX_CLASS_FC, 2 },		{ HVX_CLASS_NIC, 3 },
	{ HVX_CLASS_ND, 4 },		{ HVX_CLASS_PCIE, 5 },
	{ HVX_CLASS_FB, 6 },		{ HVX_CLASS_KBD, 7 },
	{ HVX_CLASS_MOUSE, 8 },		{ HVX_CLASS_KVP, 9 },
	{ HVX_CLASS_TIMESYNC, 10 },	{ HVX_CLASS_HEARTBEAT, 11 },
	{ HVX_CLASS_SHUTDOWN, 12 },	{ HVX_CLASS_FCOPY, 13 },
	{ HVX_CLASS_VSS, 14 },		{ HVX_CLASS_BALLOON, 15 },
};

#define HVX_DEVICE_ID_UNKNOWN	16

u16 hvx_class_device_id(const guid_t *class_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(class_device_ids); i++)
		if (guid_equal(&class_device_ids[i].class_id, class_id))
			return class_device_ids[i].device_id;
	return HVX_DEVICE_ID_UNKNOWN;
}

/**
 * hvx_device_relid() - the relid of a device's primary channel
 * @dev: the device
 */
u32 hvx_device_relid(const struct hvx_device *dev)
{
	return dev->channel->relid;
}
EXPORT_SYMBOL_GPL(hvx_device_relid);

/* ---- sysfs: Linux's stable ABI for vmbus devices ----------------------- */

#define HVX_DEV_ATTR_RO(name, fmt, ...)					\
static ssize_t name##_show(struct device *d, struct device_attribute *attr,	\
			   char *buf)						\
{										\
	struct hvx_device *dev = to_hvx_device(d);				\
										\
	return sysfs_emit(buf, fmt "\n", __VA_ARGS__);				\
}										\
static DEVICE_ATTR_RO(name)

HVX_DEV_ATTR_RO(id, "%u", dev->channel->relid);
HVX_DEV_ATTR_RO(state, "%d", READ_ONCE(dev->channel->state));
HVX_DEV_ATTR_RO(monitor_id, "%u", dev->channel->offer.monitorid);
/* server_*: what the host keeps in its monitor page; client_*: in the guest's. */
HVX_DEV_ATTR_RO(server_monitor_pending, "%u",
		hvx_monitor_pending(dev->channel, HVX_MONITOR_PAGE_HOST));
HVX_DEV_ATTR_RO(client_monitor_pending, "%u",
		hvx_monitor_pending(dev->channel, HVX_MONITOR_PAGE_GUEST));
HVX_DEV_ATTR_RO(server_monitor_latency, "%u",
		hvx_monitor_latency(dev->channel, HVX_MONITOR_PAGE_HOST));
HVX_DEV_ATTR_RO(client_monitor_latency, "%u",
		hvx_monitor_latency(dev->channel, HVX_MONITOR_PAGE_GUEST));
HVX_DEV_ATTR_RO(server_monitor_conn_id, "%u",
		hvx_monitor_conn_id(dev->channel, HVX_MONITOR_PAGE_HOST));
HVX_DEV_ATTR_RO(client_monitor_conn_id, "%u",
		hvx_monitor_conn_id(dev->channel, HVX_MONITOR_PAGE_GUEST));
HVX_DEV_ATTR_RO(class_id, "{%pUl}", &dev->class_id);
HVX_DEV_ATTR_RO(device_id, "{%pUl}", &dev->instance_id);
HVX_DEV_ATTR_RO(modalias, "vmbus:%*phN", UUID_SIZE, &dev->class_id);
HVX_DEV_ATTR_RO(numa_node, "%d", cpu_to_node(dev->channel->target_cpu));
HVX_DEV_ATTR_RO(vendor, "0x%x", dev->vendor_id);
HVX_DEV_ATTR_RO(device, "0x%x", dev->device_id);

/* "relid:cpu" per line, primary first, then the sub-channels. */
static ssize_t channel_vp_mapping_show(struct device *d,
				       struct device_attribute *attr, char *buf)
{
	struct hvx_channel *ch = to_hvx_device(d)->channel, *sub;
	int n;

	spin_lock_irq(&hvx_conn.chan_lock);
	n = sysfs_emit(buf, "%u:%u\n", ch->relid, ch->target_cpu);
	list_for_each_entry(sub, &ch->sub_channels, sub_entry)
		n += sysfs_emit_at(buf, n, "%u:%u\n", sub->relid, sub->target_cpu);
	spin_unlock_irq(&hvx_conn.chan_lock);
	return n;
}
static DEVICE_ATTR_RO(channel_vp_mapping);

static ssize_t driver_override_show(struct device *d,
				    struct device_attribute *attr, char *buf)
{
	ssize_t n;

	device_lock(d);
	n = sysfs_emit(buf, "%s\n", to_hvx_device(d)->driver_override);
	device_unlock(d);
	return n;
}

static ssize_t driver_override_store(struct device *d,
				     struct device_attribute *attr,
				     const char *buf, size_t count)
{
	int ret = driver_set_override(d, &to_hvx_device(d)->driver_override,
				      buf, count);

	return ret ?: count;
}
static DEVICE_ATTR_RW(driver_override);

static struct attribute *hvx_dev_attrs[] = {
	&dev_attr_id.attr,
	&dev_attr_state.attr,
	&dev_attr_class_id.attr,
	&dev_attr_device_id.attr,
	&dev_attr_modalias.attr,
	&dev_attr_numa_node.attr,
	&dev_attr_vendor.attr,
	&dev_attr_device.attr,
	&dev_attr_channel_vp_mapping.attr,
	&dev_attr_driver_override.attr,
	NULL,
};

static const struct attribute_group hvx_dev_group = {
	.attrs = hvx_dev_attrs,
};

static struct attribute *hvx_dev_monitor_attrs[] = {
	&dev_attr_monitor_id.attr,
	&dev_attr_server_monitor_pending.attr,
	&dev_attr_client_monitor_pending.attr,
	&dev_attr_server_monitor_latency.attr,
	&dev_attr_client_monitor_latency.attr,
	&dev_attr_server_monitor_conn_id.attr,
	&dev_attr_client_monitor_conn_id.attr,
	NULL,
};

/* Only for a device the host monitors, as in Linux. */
static umode_t hvx_dev_monitor_visible(struct kobject *kobj, struct attribute *attr, int n)
{
	struct hvx_device *dev = to_hvx_device(kobj_to_dev(kobj));

	return hvx_channel_has_monitor(dev->channel) ? attr->mode : 0;
}

static const struct attribute_group hvx_dev_monitor_group = {
	.attrs = hvx_dev_monitor_attrs,
	.is_visible = hvx_dev_monitor_visible,
};

static const struct attribute_group *hvx_dev_groups[] = {
	&hvx_dev_group,
	&hvx_dev_monitor_group,
	NULL,
};

/* ---- matching, probe, remove ------------------------------------------ */

static const struct hv_vmbus_device_id *bus_match_id(const struct hvx_driver *drv,
						     const struct hvx_device *dev)
{
	const struct hv_vmbus_device_id *id;

	for (id = drv->id_table; id && !guid_is_null(&id->guid); id++)
		if (guid_equal(&id->guid, &dev->class_id))
			return id;
	return NULL;
}

static int hvx_bus_match(struct device *d, hvx_match_driver *drv)
{
	struct hvx_device *dev = to_hvx_device(d);
	const struct hvx_driver *hdrv = container_of(drv, struct hvx_driver, driver);

	if (dev->driver_override)
		return !strcmp(dev->driver_override, drv->name);
	return !!bus_match_id(hdrv, dev);
}

static int hvx_bus_uevent(hvx_uevent_device *d, struct kobj_uevent_env *env)
{
	const struct hvx_device *dev = container_of(d, struct hvx_device, dev);

	return add_uevent_var(env, "MODALIAS=vmbus:%*phN", UUID_SIZE, &dev->class_id);
}

static int hvx_bus_probe(struct device *d)
{
	static const struct hv_vmbus_device_id no_id;
	struct hvx_driver *drv = to_hvx_driver(d->driver);
	struct hvx_device *dev = to_hvx_device(d);
	const struct hv_vmbus_device_id *id = bus_match_id(drv, dev);

	struct hvx_channel *sub;
	int ret;

	if (!drv->probe)
		return -ENODEV;
	/* Bound through driver_override: the driver gets an empty id. */
	ret = drv->probe(dev, id ?: &no_id);
	/* Sub-channels offered before this driver came (list stable: device lock). */
	if (!ret && drv->sub_channel)
		list_for_each_entry(sub, &dev->channel->sub_channels, sub_entry)
			drv->sub_channel(dev, sub);
	return ret;
}

/* A driver must close what it opened; if it did not, close it for it. */
void hvx_bus_close_leftover(struct hvx_device *dev, struct hvx_channel *ch)
{
	if (READ_ONCE(ch->state) == HVX_CHANNEL_OFFERED)
		return;
	dev_warn(&dev->dev, "%s left channel %u open\n",
		 dev->dev.driver ? dev->dev.driver->name : "a driver", ch->relid);
	hvx_channel_close(ch);
}

static void hvx_bus_remove(struct device *d)
{
	struct hvx_driver *drv = to_hvx_driver(d->driver);
	struct hvx_device *dev = to_hvx_device(d);
	struct hvx_channel *sub;

	if (drv->remove)
		drv->remove(dev);
	list_for_each_entry(sub, &dev->channel->sub_channels, sub_entry)
		hvx_bus_close_leftover(dev, sub);
	hvx_bus_close_leftover(dev, dev->channel);
}

/*
 * /sys/bus/vmbus/hibernation, Linux's stable ABI: whether the guest can
 * hibernate. Not with hvx: its drivers keep no channel state across it.
 */
static ssize_t hibernation_show(hvx_bus_attr_bus *bus, char *buf)
{
	return sysfs_emit(buf, "0\n");
}
static BUS_ATTR_RO(hibernation);

static struct attribute *hvx_bus_attrs[] = {
	&bus_attr_hibernation.attr,
	NULL,
};
ATTRIBUTE_GROUPS(hvx_bus);

/* Not const: Linux 6.1 registers buses and drivers through mutable pointers. */
struct bus_type hvx_bus = {
	.name = "vmbus",
	.match = hvx_bus_match,
	.uevent = hvx_bus_uevent,
	.probe = hvx_bus_probe,
	.remove = hvx_bus_remove,
	.dev_groups = hvx_dev_groups,
	.bus_groups = hvx_bus_groups,
};

/**
 * __hvx_driver_register() - register a class driver; use hvx_driver_register()
 * @drv: the driver
 * @owner: its module
 * @mod_name: its module name
 *
 * Return: 0 or a negative errno.
 */
int __hvx_driver_register(struct hvx_driver *drv, struct module *owner,
			  const char *mod_name)
{
	drv->driver.name = drv->name;
	drv->driver.bus = &hvx_bus;
	drv->driver.owner = owner;
	drv->driver.mod_name = mod_name;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_GPL(__hvx_driver_register);

/**
 * hvx_driver_unregister() - unregister a class driver
 * @drv: the driver
 */
void hvx_driver_unregister(struct hvx_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_GPL(hvx_driver_unregister);

int hvx_bus_init(void)
{
	int ret = bus_register(&hvx_bus);

	if (ret == -EEXIST)
		pr_err("a vmbus bus exists already: unload the in-tree hv_vmbus first\n");
	if (ret)
		return ret;
	hvx_conn.root = root_device_register("hvx_vmbus");
	if (IS_ERR(hvx_conn.root)) {
		ret = PTR_ERR(hvx_conn.root);
		bus_unregister(&hvx_bus);
	}
	return ret;
}

void hvx_bus_exit(void)
{
	root_device_unregister(hvx_conn.root);
	bus_unregister(&hvx_bus);
}
