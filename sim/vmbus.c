// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the VMBus control protocol. One row per message type a
 * guest posts; the host answers as Hyper-V does, and checks what Hyper-V
 * checks (the connection id a message arrives on, the SINT a 5.0+ guest
 * asks for). Runs on the host's ordered workqueue under host->lock.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <hvx/synic.h>
#include "sim.h"

#define SIM_CONN_ID_MESSAGE	1
#define SIM_CONN_ID_MESSAGE_V5	4

static const u32 sim_known_versions[] = {
	HVX_VMBUS_WIN8, HVX_VMBUS_WIN8_1, HVX_VMBUS_WIN10, HVX_VMBUS_WIN10_V4_1,
	HVX_VMBUS_WIN10_V5, HVX_VMBUS_WIN10_V5_1, HVX_VMBUS_WIN10_V5_2,
	HVX_VMBUS_WIN10_V5_3,
};

/* Everything the host sends goes through here (and the fault knobs). */
void sim_send(struct sim_host *host, const void *msg, u32 len)
{
	if (host->silent)
		return;
	if (host->drop_replies) {
		host->drop_replies--;
		host->stats.replies_dropped++;
		return;
	}
	sim_guest_msg(host, msg, len);
}

static void sim_send_offer(struct sim_host *host, struct sim_device *dev)
{
	struct hvx_msg_offer offer = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_OFFERCHANNEL),
		.if_type = dev->class_id,
		.if_instance = dev->instance_id,
		.mmio_megabytes = cpu_to_le16(dev->mmio_megabytes),
		.sub_channel_index = cpu_to_le16(dev->sub_index),
		.child_relid = cpu_to_le32(dev->relid),
		/* Hyper-V has given every channel its own interrupt since 2012. */
		.is_dedicated_interrupt = cpu_to_le16(1),
		.connection_id = cpu_to_le32(SIM_CONN_ID_CHANNEL + dev->relid),
	};

	if (dev->monitor_id >= 0) {
		offer.monitorid = dev->monitor_id;
		offer.monitor_allocated = 1;
		offer.chn_flags = cpu_to_le16(HVX_OFFER_REQUEST_MONITORED_NOTIFICATION);
		sim_monitor_describe(host, dev);
	}
	dev->offered = true;
	sim_send(host, &offer, sizeof(offer));
}

static void sim_send_relid_msg(struct sim_host *host, u32 type, u32 relid)
{
	struct hvx_msg_relid msg = {
		.hdr.msgtype = cpu_to_le32(type),
		.child_relid = cpu_to_le32(relid),
	};

	sim_send(host, &msg, sizeof(msg));
}

static void sim_send_header(struct sim_host *host, u32 type)
{
	struct hvx_msg_header msg = { .msgtype = cpu_to_le32(type) };

	sim_send(host, &msg, sizeof(msg));
}

static bool sim_version_known(u32 version)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_known_versions); i++)
		if (sim_known_versions[i] == version)
			return true;
	return false;
}

static void sim_on_initiate_contact(struct sim_host *host, const struct sim_msg *m)
{
	const struct hvx_msg_initiate_contact *req = (const void *)m->data;
	struct hvx_msg_version_response resp = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_VERSION_RESPONSE),
	};
	u32 version = le32_to_cpu(req->version);
	bool v5 = version >= HVX_VMBUS_WIN10_V5;
	bool ok = version <= host->newest_version && sim_version_known(version);

	/* Hyper-V answers on the VP the contact names (and, 5.0+, its SINT). */
	WRITE_ONCE(host->msg_vp, le32_to_cpu(req->target_vcpu));
	if (v5 && req->msg_sint < HVX_SYNIC_SLOTS)
		WRITE_ONCE(host->msg_sint, req->msg_sint);

	/* 5.0 moved contact to connection id 4 and added the SINT to use. */
	if (v5)
		ok = ok && m->conn_id == SIM_CONN_ID_MESSAGE_V5 && req->msg_sint == 2;
	else
		ok = ok && m->conn_id == SIM_CONN_ID_MESSAGE;
	if (ok && sim_monitor_attach(host, le64_to_cpu(req->monitor_page1),
				     le64_to_cpu(req->monitor_page2),
				     v5 ? 0 : le64_to_cpu(req->interrupt_page))) {
		host->stats.bad_monitor_pages++;
		ok = false;
	}
	if (ok) {
		/*
		 * Through Hyper-V the host stays while a guest that will say
		 * goodbye is connected (UNLOAD came with 2012 R2's 3.0).
		 */
		if (host->via_hyperv && !host->pinned && version >= HVX_VMBUS_WIN8_1) {
			__module_get(THIS_MODULE);
			host->pinned = true;
		}
		WRITE_ONCE(host->version, version);
		WRITE_ONCE(host->connected, true);
		resp.version_supported = 1;
		if (v5)
			resp.msg_conn_id = cpu_to_le32(SIM_MSG_CONN_ID);
	}
	sim_send(host, &resp, sizeof(resp));
}

static void sim_on_request_offers(struct sim_host *host, const struct sim_msg *m)
{
	struct sim_device *dev;

	list_for_each_entry(dev, &host->devices, list)
		if (!dev->rescinded)
			sim_send_offer(host, dev);
	sim_send_header(host, HVX_MSG_ALLOFFERS_DELIVERED);
}

static struct sim_device *sim_find(struct sim_host *host, u32 relid)
{
	struct sim_device *dev;

	list_for_each_entry(dev, &host->devices, list)
		if (dev->relid == relid)
			return dev;
	return NULL;
}

/* Backend state: a primary's own, shared by its sub-channels. */
static int sim_state_get(struct sim_device *dev, struct sim_device *primary)
{
	const struct sim_backend *b = dev->backend;
	int ret;

	if (primary) {
		dev->state = primary->state;
		return 0;
	}
	dev->state = kzalloc(b->state_size, GFP_KERNEL);
	if (!dev->state)
		return -ENOMEM;
	ret = b->init ? b->init(dev) : 0;
	if (ret)
		kfree(dev->state);
	return ret;
}

static void sim_state_put(struct sim_device *dev)
{
	if (dev->sub_index)
		return;
	if (dev->backend->release)
		dev->backend->release(dev);
	kfree(dev->state);
}

static void sim_device_free(struct sim_host *host, struct sim_device *dev)
{
	sim_channels_close(host, dev->relid);
	list_del(&dev->list);
	sim_state_put(dev);
	sim_monitor_id_put(host, dev);
	ida_free(&host->relids, dev->relid);
	kfree(dev);
}

static void sim_on_relid_released(struct sim_host *host, const struct sim_msg *m)
{
	const struct hvx_msg_relid *msg = (const void *)m->data;
	struct sim_device *dev = sim_find(host, le32_to_cpu(msg->child_relid));

	host->stats.relids_released++;
	if (!dev)
		return;
	if (dev->rescinded)
		sim_device_free(host, dev);
	else
		dev->offered = false;	/* the guest refused the offer */
}

static void sim_on_unload(struct sim_host *host, const struct sim_msg *m)
{
	struct sim_device *dev, *tmp;

	sim_channels_close(host, 0);
	list_for_each_entry_safe(dev, tmp, &host->devices, list) {
		if (dev->rescinded)
			sim_device_free(host, dev);
		else
			dev->offered = false;
	}
	sim_monitor_detach(host);
	if (host->pinned) {
		host->pinned = false;
		module_put(THIS_MODULE);
	}
	WRITE_ONCE(host->connected, false);
	WRITE_ONCE(host->version, 0);
	/* The guest's kexec and crash tests look for this line before the jump. */
	pr_info("UNLOAD: the guest's channels are closed, its offers withdrawn; answering\n");
	sim_send_header(host, HVX_MSG_UNLOAD_RESPONSE);
}

static const struct {
	u16 size;
	void (*handle)(struct sim_host *host, const struct sim_msg *m);
} sim_handlers[HVX_MSG_COUNT] = {
	[HVX_MSG_INITIATE_CONTACT] = { sizeof(struct hvx_msg_initiate_contact),
				       sim_on_initiate_contact },
	[HVX_MSG_REQUESTOFFERS] = { sizeof(struct hvx_msg_header), sim_on_request_offers },
	[HVX_MSG_RELID_RELEASED] = { sizeof(struct hvx_msg_relid), sim_on_relid_released },
	[HVX_MSG_UNLOAD] = { sizeof(struct hvx_msg_header), sim_on_unload },
	[HVX_MSG_GPADL_HEADER] = { sizeof(struct hvx_msg_gpadl_header) + 8,
				   sim_on_gpadl_header },
	[HVX_MSG_GPADL_BODY] = { sizeof(struct hvx_msg_gpadl_body) + 8, sim_on_gpadl_body },
	[HVX_MSG_GPADL_TEARDOWN] = { sizeof(struct hvx_msg_gpadl_teardown),
				     sim_on_gpadl_teardown },
	[HVX_MSG_OPENCHANNEL] = { sizeof(struct hvx_msg_open), sim_on_open },
	[HVX_MSG_CLOSECHANNEL] = { sizeof(struct hvx_msg_relid), sim_on_close },
	[HVX_MSG_MODIFYCHANNEL] = { sizeof(struct hvx_msg_modify_channel), sim_on_modify },
};

void sim_handle_msg(struct sim_host *host, const struct sim_msg *m)
{
	const struct hvx_msg_header *hdr = (const void *)m->data;
	u32 type = le32_to_cpu(hdr->msgtype);

	mutex_lock(&host->lock);
	host->stats.received++;
	if (type >= HVX_MSG_COUNT || !sim_handlers[type].handle ||
	    m->len < sim_handlers[type].size) {
		host->stats.unhandled++;
		pr_warn_ratelimited("host: unhandled %s (%u bytes)\n",
				    hvx_msg_name(type), m->len);
	} else if (!host->silent) {
		sim_handlers[type].handle(host, m);
	}
	mutex_unlock(&host->lock);
}

static struct sim_device *sim_device_new(struct sim_host *host,
					 const struct sim_backend *backend,
					 struct sim_device *primary)
{
	struct sim_device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	int relid, ret;

	if (!dev)
		return ERR_PTR(-ENOMEM);
	dev->backend = backend;
	dev->class_id = backend->class_id;
	dev->host = host;
	/* The relid first: a backend's init() may name things after it. */
	relid = ida_alloc_range(&host->relids, 1, HVX_MAX_RELID - 1, GFP_KERNEL);
	if (relid < 0) {
		kfree(dev);
		return ERR_PTR(relid);
	}
	dev->relid = relid;
	sim_monitor_id_get(host, dev);
	ret = sim_state_get(dev, primary);
	if (ret) {
		sim_monitor_id_put(host, dev);
		ida_free(&host->relids, relid);
		kfree(dev);
		return ERR_PTR(ret);
	}
	return dev;
}

/**
 * sim_device_add() - create a device and offer it if a guest is connected
 * @host: the host
 * @backend: what serves it (its class)
 *
 * Return: its relid, or a negative errno.
 */
int sim_device_add(struct sim_host *host, const struct sim_backend *backend)
{
	struct sim_device *dev = sim_device_new(host, backend, NULL);

	if (IS_ERR(dev))
		return PTR_ERR(dev);
	mutex_lock(&host->lock);
	/* Instance GUIDs 48565853-0000-0000-0000-00000000000n: stable for tests. */
	dev->instance_id = GUID_INIT(0x48565853, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				     ++host->next_instance);
	list_add_tail(&dev->list, &host->devices);
	if (host->connected)
		sim_send_offer(host, dev);
	mutex_unlock(&host->lock);
	return dev->relid;
}

/* An offered primary, or NULL. */
static struct sim_device *sim_find_primary(struct sim_host *host, u32 relid)
{
	struct sim_device *dev = sim_find(host, relid);

	if (!dev || dev->sub_index || !dev->offered || dev->rescinded)
		return NULL;
	return dev;
}

/*
 * A rescinded sub-channel's index is free again: a guest that closed its
 * primary and asks again gets indices 1..n (in-tree netvsc opens no other).
 */
static bool sim_sub_index_used(struct sim_host *host, u32 relid, u16 index)
{
	struct sim_device *dev;

	list_for_each_entry(dev, &host->devices, list)
		if (dev->primary == relid && dev->sub_index == index && !dev->rescinded)
			return true;
	return false;
}

/* Offer @n more sub-channels of @primary, each at the lowest index free. Under host->lock. */
static int sim_subs_add(struct sim_host *host, struct sim_device *primary, unsigned int n)
{
	struct sim_device *dev;

	while (n--) {
		dev = sim_device_new(host, primary->backend, primary);
		if (IS_ERR(dev))
			return PTR_ERR(dev);
		dev->instance_id = primary->instance_id;
		dev->primary = primary->relid;
		dev->sub_index = 1;
		while (sim_sub_index_used(host, primary->relid, dev->sub_index))
			dev->sub_index++;
		list_add_tail(&dev->list, &host->devices);
		sim_send_offer(host, dev);
	}
	return 0;
}

/**
 * sim_add_sub_channels() - offer @n more sub-channels of a device
 * @host: the host
 * @relid: the device's (primary channel's) relid
 * @n: how many
 *
 * Tests ask for them directly; a backend asks with
 * sim_offer_sub_channels().
 * Return: 0; -ENOENT when @relid is not an offered primary; -ENOMEM.
 */
int sim_add_sub_channels(struct sim_host *host, u32 relid, unsigned int n)
{
	struct sim_device *primary;
	int ret = -ENOENT;

	mutex_lock(&host->lock);
	primary = sim_find_primary(host, relid);
	if (primary)
		ret = sim_subs_add(host, primary, n);
	mutex_unlock(&host->lock);
	return ret;
}

static void sim_rescind_one(struct sim_host *host, struct sim_device *dev)
{
	if (!dev->offered || !host->connected) {
		sim_device_free(host, dev);
		return;
	}
	/* Let go of the guest's pages before saying the channel is gone. */
	sim_channels_close(host, dev->relid);
	dev->rescinded = true;
	sim_send_relid_msg(host, HVX_MSG_RESCIND_CHANNELOFFER, dev->relid);
}

/**
 * sim_device_rescind() - take a device (or one sub-channel) back from the guest
 * @host: the host
 * @relid: the device's relid
 *
 * Rescinding a device rescinds its sub-channels first, as Hyper-V does.
 * Return: 0, or -ENOENT when no such device is offered.
 */
int sim_device_rescind(struct sim_host *host, u32 relid)
{
	struct sim_device *dev;
	int ret = 0;

	mutex_lock(&host->lock);
	dev = sim_find(host, relid);
	if (!dev || dev->rescinded)
		ret = -ENOENT;
	else
		sim_rescind_device(host, dev);
	mutex_unlock(&host->lock);
	return ret;
}

/**
 * sim_rescind_sub_channels() - take back every sub-channel of a device
 * @host: the host (locked)
 * @primary: the device
 *
 * Hyper-V does so when the device goes, and when the guest closes the
 * primary channel: sub-channels live only while their primary is open, and
 * the next bring-up asks for them again (in-tree netvsc waits for new
 * offers then; FreeBSD's hn waits for these rescinds after its close).
 */
void sim_rescind_sub_channels(struct sim_host *host, struct sim_device *primary)
{
	struct sim_device *sub, *tmp;

	list_for_each_entry_safe(sub, tmp, &host->devices, list)
		if (sub->primary == primary->relid && sub->sub_index && !sub->rescinded)
			sim_rescind_one(host, sub);
}

/* A device goes with its sub-channels, and they go first. Under host->lock. */
void sim_rescind_device(struct sim_host *host, struct sim_device *dev)
{
	if (!dev->sub_index)
		sim_rescind_sub_channels(host, dev);
	sim_rescind_one(host, dev);
}

void sim_devices_free(struct sim_host *host)
{
	struct sim_device *dev, *tmp;

	sim_channels_close(host, 0);
	list_for_each_entry_safe(dev, tmp, &host->devices, list)
		sim_device_free(host, dev);
}

struct sim_sub_work {
	struct work_struct work;
	struct sim_host *host;
	u32 relid;
	unsigned int n;
};

/* Sub-channels not rescinded: a guest that asks again gets no more. */
static void sim_sub_work(struct work_struct *work)
{
	struct sim_sub_work *w = container_of(work, struct sim_sub_work, work);
	struct sim_host *host = w->host;
	struct sim_device *primary, *dev;
	unsigned int have = 0;

	mutex_lock(&host->lock);
	primary = sim_find_primary(host, w->relid);
	if (primary) {
		list_for_each_entry(dev, &host->devices, list)
			if (dev->primary == w->relid && !dev->rescinded)
				have++;
		if (have < w->n)
			sim_subs_add(host, primary, w->n - have);
	}
	mutex_unlock(&host->lock);
	kfree(w);
}

/**
 * sim_offer_sub_channels() - a backend's class protocol asked for sub-channels
 * @dev: the primary
 * @n: how many the device is to have
 *
 * Those the device has (and has not rescinded) count: only the missing
 * ones are offered. From a channel worker: the offers go out from the
 * host's own queue, after what the worker sends now (its reply to the
 * request), as on Hyper-V.
 */
void sim_offer_sub_channels(struct sim_device *dev, unsigned int n)
{
	struct sim_sub_work *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return;
	INIT_WORK(&w->work, sim_sub_work);
	w->host = dev->host;
	w->relid = dev->relid;
	w->n = n;
	queue_work(dev->host->wq, &w->work);
}
