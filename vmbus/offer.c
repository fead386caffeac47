// SPDX-License-Identifier: GPL-2.0
/*
 * Offers and rescinds: the host adds and removes channels. A primary offer
 * becomes a device on the vmbus bus; a sub-channel offer joins its primary
 * (same instance GUID). Runs on the connection's ordered device workqueue,
 * so offers and rescinds take effect in the order the host sent them.
 */
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include "internal.h"

static struct hvx_channel *chan_get(struct hvx_conn *conn, u32 relid)
{
	struct hvx_channel *ch;

	spin_lock_irq(&conn->chan_lock);
	ch = conn->channels[relid];
	spin_unlock_irq(&conn->chan_lock);
	return ch;
}

static void chan_set(struct hvx_conn *conn, u32 relid, struct hvx_channel *ch)
{
	spin_lock_irq(&conn->chan_lock);
	conn->channels[relid] = ch;
	spin_unlock_irq(&conn->chan_lock);
}

/* The primary channel offered with @instance, if it is still there. */
static struct hvx_channel *chan_find_primary(struct hvx_conn *conn,
					     const guid_t *instance)
{
	struct hvx_channel *ch;
	u32 relid;

	for (relid = 1; relid < HVX_MAX_RELID; relid++) {
		ch = conn->channels[relid];
		if (ch && ch->device && guid_equal(&ch->offer.if_instance, instance))
			return ch;
	}
	return NULL;
}

/* Tell the host the guest is done with a relid (rescinded, or refused). */
static int hvx_relid_release(struct hvx_conn *conn, u32 relid)
{
	struct hvx_msg_relid msg = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_RELID_RELEASED),
		.child_relid = cpu_to_le32(relid),
	};

	return hvx_conn_post(conn, &msg, sizeof(msg));
}

static void device_release(struct device *d)
{
	struct hvx_device *dev = to_hvx_device(d);
	struct hvx_channel *ch = dev->channel, *sub, *tmp;

	list_for_each_entry_safe(sub, tmp, &ch->sub_channels, sub_entry)
		kfree(sub);
	kfree(dev->driver_override);
	kfree(ch);
	kfree(dev);
}

static void offer_add_sub_channel(struct hvx_conn *conn, struct hvx_channel *ch)
{
	struct hvx_channel *primary;
	struct hvx_driver *drv;
	struct device *d;

	/* Only this (ordered) work adds and removes primaries: it stays. */
	spin_lock_irq(&conn->chan_lock);
	primary = chan_find_primary(conn, &ch->offer.if_instance);
	spin_unlock_irq(&conn->chan_lock);
	if (!primary) {
		atomic64_inc(&conn->stats.bad_offers);
		pr_warn("sub-channel offer %u has no primary %pUl\n", ch->relid,
			&ch->offer.if_instance);
		hvx_relid_release(conn, ch->relid);
		kfree(ch);
		return;
	}
	/* The device lock keeps the list still for a probe walking it. */
	d = &primary->device->dev;
	device_lock(d);
	ch->primary = primary;
	spin_lock_irq(&conn->chan_lock);
	list_add_tail(&ch->sub_entry, &primary->sub_channels);
	conn->channels[ch->relid] = ch;
	spin_unlock_irq(&conn->chan_lock);
	if (hvx_chan_sysfs_add(ch, primary))
		pr_warn("relid %u: no sysfs directory\n", ch->relid);
	drv = d->driver ? to_hvx_driver(d->driver) : NULL;
	if (drv && drv->sub_channel)
		drv->sub_channel(primary->device, ch);
	device_unlock(d);
}

static void offer_add_device(struct hvx_conn *conn, struct hvx_channel *ch)
{
	struct hvx_device *dev;
	int ret;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev) {
		hvx_relid_release(conn, ch->relid);
		kfree(ch);
		return;
	}
	dev->channel = ch;
	ch->device = dev;
	dev->class_id = ch->offer.if_type;
	dev->instance_id = ch->offer.if_instance;
	dev->vendor_id = 0x1414;	/* Microsoft */
	dev->device_id = hvx_class_device_id(&dev->class_id);
	dev->mmio_megabytes = le16_to_cpu(ch->offer.mmio_megabytes);

	device_initialize(&dev->dev);
	dev->dev.bus = &hvx_bus;
	dev->dev.parent = conn->transport->parent ?: conn->root;
	dev->dev.release = device_release;
	/*
	 * The host reaches guest memory by frame number, all 64 bits of it:
	 * say so, or the block layer sizes requests for a 32-bit device.
	 */
	dev->dev.dma_mask = &dev->dma_mask;
	dev->dev.coherent_dma_mask = DMA_BIT_MASK(64);
	dev->dma_mask = DMA_BIT_MASK(64);
	ret = dev_set_name(&dev->dev, "%pUl", &dev->instance_id);
	if (!ret) {
		chan_set(conn, ch->relid, ch);
		ret = device_add(&dev->dev);
	}
	if (!ret && hvx_chan_sysfs_add(ch, ch))
		dev_warn(&dev->dev, "no channels/ directory in sysfs\n");
	if (ret) {
		pr_warn("offer %u (%pUl): cannot add the device: %d\n", ch->relid,
			&dev->instance_id, ret);
		atomic64_inc(&conn->stats.bad_offers);
		chan_set(conn, ch->relid, NULL);
		hvx_relid_release(conn, ch->relid);
		put_device(&dev->dev);
	}
}

/**
 * hvx_offer_handle() - the host offers a channel
 * @conn: the connection
 * @item: an OFFERCHANNEL message that passed hvx_msg_check()
 */
void hvx_offer_handle(struct hvx_conn *conn, const struct hvx_msg_item *item)
{
	const struct hvx_msg_offer *offer = (const void *)item->data;
	u32 relid = le32_to_cpu(offer->child_relid);
	struct hvx_channel *ch;

	if (chan_get(conn, relid)) {
		atomic64_inc(&conn->stats.bad_offers);
		pr_warn("dropped a second offer of relid %u\n", relid);
		return;
	}
	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch) {
		hvx_relid_release(conn, relid);
		return;
	}
	memcpy(&ch->offer, offer, sizeof(ch->offer));
	ch->relid = relid;
	hvx_channel_init(ch);
	hvx_channel_init_signal(ch);

	if (le16_to_cpu(offer->sub_channel_index))
		offer_add_sub_channel(conn, ch);
	else
		offer_add_device(conn, ch);
}

/* Has the host rescinded the channel with @relid? */
bool hvx_relid_rescinded(struct hvx_conn *conn, u32 relid)
{
	struct hvx_channel *ch;
	unsigned long flags;
	bool gone;

	spin_lock_irqsave(&conn->chan_lock, flags);
	ch = relid < HVX_MAX_RELID ? conn->channels[relid] : NULL;
	gone = ch && READ_ONCE(ch->rescinded);
	spin_unlock_irqrestore(&conn->chan_lock, flags);
	return gone;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_relid_rescinded);

/**
 * hvx_rescind_mark() - note a rescind as soon as it arrives
 * @conn: the connection
 * @relid: the rescinded channel (checked to be in range)
 *
 * Called in message order but ahead of the device work, so that a probe
 * or an I/O path can see the channel is gone while its removal waits.
 */
void hvx_rescind_mark(struct hvx_conn *conn, u32 relid)
{
	struct hvx_channel *ch;
	unsigned long flags;

	spin_lock_irqsave(&conn->chan_lock, flags);
	ch = conn->channels[relid];
	if (ch) {
		WRITE_ONCE(ch->rescinded, true);
		/* Let the driver's callback see it: waiters there wake up. */
		if (READ_ONCE(ch->state) != HVX_CHANNEL_OFFERED)
			tasklet_schedule(&ch->tasklet);
	}
	spin_unlock_irqrestore(&conn->chan_lock, flags);
	hvx_conn_fail_relid(conn, relid);
}
EXPORT_SYMBOL_IF_KUNIT(hvx_rescind_mark);

/* Take a primary and its sub-channels off the bus and out of the table. */
static void offer_remove_device(struct hvx_conn *conn, struct hvx_channel *ch,
				bool release_relids)
{
	struct hvx_device *dev = ch->device;
	struct hvx_channel *sub;

	list_for_each_entry(sub, &ch->sub_channels, sub_entry)
		hvx_chan_sysfs_del(sub);
	hvx_chan_sysfs_del(ch);
	device_del(&dev->dev);
	spin_lock_irq(&conn->chan_lock);
	conn->channels[ch->relid] = NULL;
	list_for_each_entry(sub, &ch->sub_channels, sub_entry)
		conn->channels[sub->relid] = NULL;
	spin_unlock_irq(&conn->chan_lock);
	if (release_relids) {
		hvx_relid_release(conn, ch->relid);
		list_for_each_entry(sub, &ch->sub_channels, sub_entry)
			hvx_relid_release(conn, sub->relid);
	}
	put_device(&dev->dev);
}

/* A rescinded sub-channel: the driver lets go, the core closes it. */
static void offer_remove_sub_channel(struct hvx_conn *conn, struct hvx_channel *ch)
{
	struct hvx_device *dev = ch->primary->device;
	struct hvx_driver *drv;

	device_lock(&dev->dev);
	drv = dev->dev.driver ? to_hvx_driver(dev->dev.driver) : NULL;
	if (drv && drv->sub_channel_rescind)
		drv->sub_channel_rescind(dev, ch);
	hvx_bus_close_leftover(dev, ch);
	hvx_chan_sysfs_del(ch);
	spin_lock_irq(&conn->chan_lock);
	conn->channels[ch->relid] = NULL;
	list_del(&ch->sub_entry);
	spin_unlock_irq(&conn->chan_lock);
	device_unlock(&dev->dev);
}

/**
 * hvx_rescind_handle() - the host takes a channel back
 * @conn: the connection
 * @item: a RESCIND_CHANNELOFFER message that passed hvx_msg_check()
 */
void hvx_rescind_handle(struct hvx_conn *conn, const struct hvx_msg_item *item)
{
	const struct hvx_msg_relid *msg = (const void *)item->data;
	u32 relid = le32_to_cpu(msg->child_relid);
	struct hvx_channel *ch = chan_get(conn, relid);

	if (!ch) {
		atomic64_inc(&conn->stats.bad_offers);
		pr_warn_ratelimited("rescind of unknown relid %u\n", relid);
		return;
	}
	if (ch->device) {
		offer_remove_device(conn, ch, true);
		return;
	}
	offer_remove_sub_channel(conn, ch);
	hvx_relid_release(conn, relid);
	kfree(ch);
}

/**
 * hvx_offers_remove_all() - remove every device (the connection is ending)
 * @conn: the connection
 */
void hvx_offers_remove_all(struct hvx_conn *conn)
{
	struct hvx_channel *ch;
	u32 relid;

	for (relid = 1; relid < HVX_MAX_RELID; relid++) {
		ch = chan_get(conn, relid);
		if (ch && ch->device)
			offer_remove_device(conn, ch, false);
	}
}
