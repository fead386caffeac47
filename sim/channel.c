// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of GPADLs and channels. The host reaches guest memory only
 * through the pages a GPADL names: an open channel maps its two rings from
 * the GPADL's PFNs (the guest-to-host ring first, the other from the
 * OPENCHANNEL page offset on) and attaches to them as their other end.
 * A worker per channel reads what the guest sends and hands each packet to
 * the device's backend; what the host sends (answers, and packets a backend
 * starts on its own, such as key strokes) waits in the channel's outbox and
 * goes out in order as the guest's receive ring has room.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <hvx/ring.h>
#include "sim.h"

#define SIM_STATUS_FAILED	0xc0000001	/* an NTSTATUS, as Hyper-V answers */
/* Packets the host queues for a guest that does not read: beyond, sends fail. */
#define SIM_OUTBOX_MAX		4096

/* One packet the host has queued: descriptor, then payload. */
struct sim_out {
	struct list_head list;
	bool quiet;		/* of a burst: its signal goes with the next packet */
	u32 len;
	u8 data[] __counted_by(len);
};

struct sim_channel {
	struct sim_host *host;
	struct sim_device *dev;
	struct sim_gpadl *gpadl;
	void *from_guest_map, *to_guest_map;
	struct hvx_ring from_guest;	/* the guest's send ring: we consume */
	struct hvx_ring to_guest;	/* the guest's receive ring: we produce */
	struct work_struct work;
	u8 *packet;			/* the packet being served */
	spinlock_t out_lock;		/* guards outbox, queued: backends add, the worker takes */
	struct list_head outbox;	/* struct sim_out, oldest first */
	unsigned int queued;
	bool signal_owed;		/* a quiet packet's signal, not yet given */
	bool stopped;			/* the guest corrupted a ring */
};

static struct sim_gpadl *sim_gpadl_find(struct sim_host *host, u32 handle)
{
	struct sim_gpadl *g;

	list_for_each_entry(g, &host->gpadls, list)
		if (g->handle == handle)
			return g;
	return NULL;
}

static void sim_gpadl_free(struct sim_host *host, struct sim_gpadl *g)
{
	spin_lock_bh(&host->gpadl_lock);
	list_del(&g->list);
	spin_unlock_bh(&host->gpadl_lock);
	kvfree(g->pfns);
	kfree(g);
}

/**
 * sim_gpadl_copy() - copy to or from the buffer a guest's GPADL describes
 * @host: the host
 * @relid: the channel the GPADL must belong to
 * @handle: the GPADL, as the class protocol named it
 * @pos: byte offset in the buffer
 * @buf: our side
 * @len: bytes
 * @to_guest: the direction
 *
 * For backends, from any context but hard irq.
 * Return: 0; -ENOENT when the guest has no such GPADL for @relid (or it
 * holds rings); -ERANGE past its end; -EFAULT for a frame that is no memory.
 */
int sim_gpadl_copy(struct sim_host *host, u32 relid, u32 handle, u32 pos, void *buf,
		   u32 len, bool to_guest)
{
	struct sim_gpadl *g;
	u32 done = 0, chunk;
	u64 at = pos;
	int ret = 0;

	spin_lock_bh(&host->gpadl_lock);
	g = sim_gpadl_find(host, handle);
	if (!g || g->relid != relid || g->have != g->nr_pfns || g->in_use)
		ret = -ENOENT;
	else if (at + len > (u64)g->nr_pfns * PAGE_SIZE)
		ret = -ERANGE;
	while (!ret && done < len) {
		chunk = min_t(u32, len - done, PAGE_SIZE - at % PAGE_SIZE);
		ret = sim_frame_copy(g->pfns[at / PAGE_SIZE], at % PAGE_SIZE, buf + done, chunk,
				     to_guest);
		done += chunk;
		at += chunk;
	}
	spin_unlock_bh(&host->gpadl_lock);
	return ret;
}

/**
 * sim_gpadl_size() - how big the buffer a guest's GPADL describes is
 * @host: the host
 * @relid: the channel the GPADL must belong to
 * @handle: the GPADL, as the class protocol named it
 * @bytes: its size
 *
 * For backends, from any context but hard irq.
 * Return: 0; -ENOENT as sim_gpadl_copy().
 */
int sim_gpadl_size(struct sim_host *host, u32 relid, u32 handle, u32 *bytes)
{
	struct sim_gpadl *g;
	int ret = -ENOENT;

	spin_lock_bh(&host->gpadl_lock);
	g = sim_gpadl_find(host, handle);
	if (g && g->relid == relid && g->have == g->nr_pfns && !g->in_use) {
		*bytes = min_t(u64, (u64)g->nr_pfns * PAGE_SIZE, U32_MAX);
		ret = 0;
	}
	spin_unlock_bh(&host->gpadl_lock);
	return ret;
}

static void sim_send_gpadl_created(struct sim_host *host, u32 relid, u32 handle,
				   u32 status)
{
	struct hvx_msg_gpadl_created msg = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_GPADL_CREATED),
		.child_relid = cpu_to_le32(relid),
		.gpadl = cpu_to_le32(handle),
		.creation_status = cpu_to_le32(status),
	};

	if (status)
		host->stats.bad_gpadls++;
	sim_send(host, &msg, sizeof(msg));
}

static void sim_gpadl_add_pfns(struct sim_host *host, struct sim_gpadl *g,
			       const __le64 *pfns, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		g->pfns[g->have + i] = le64_to_cpu(pfns[i]);
	spin_lock_bh(&host->gpadl_lock);	/* readers see the PFNs before the count */
	g->have += n;
	spin_unlock_bh(&host->gpadl_lock);
	if (g->have == g->nr_pfns)
		sim_send_gpadl_created(host, g->relid, g->handle, 0);
}

void sim_on_gpadl_header(struct sim_host *host, const struct sim_msg *m)
{
	const struct hvx_msg_gpadl_header *h = (const void *)m->data;
	u32 relid = le32_to_cpu(h->child_relid), handle = le32_to_cpu(h->gpadl);
	u32 buflen = le16_to_cpu(h->range_buflen), total = (buflen - 8) / 8;
	u32 in_msg = (m->len - sizeof(*h)) / 8;
	struct sim_device *dev;
	struct sim_gpadl *g;

	list_for_each_entry(dev, &host->devices, list)
		if (dev->relid == relid && dev->offered && !dev->rescinded)
			break;
	if (list_entry_is_head(dev, &host->devices, list) || buflen < 16 ||
	    buflen % 8 || le16_to_cpu(h->range_count) != 1 || h->byte_offset ||
	    le32_to_cpu(h->byte_count) != total * 4096 || !in_msg ||
	    in_msg > total || (in_msg < total && in_msg != HVX_GPADL_HEADER_PFNS) ||
	    sim_gpadl_find(host, handle)) {
		sim_send_gpadl_created(host, relid, handle, SIM_STATUS_FAILED);
		return;
	}
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (g)
		g->pfns = kvmalloc_array(total, sizeof(u64), GFP_KERNEL);
	if (!g || !g->pfns) {
		kfree(g);
		sim_send_gpadl_created(host, relid, handle, SIM_STATUS_FAILED);
		return;
	}
	g->handle = handle;
	g->relid = relid;
	g->nr_pfns = total;
	spin_lock_bh(&host->gpadl_lock);
	list_add_tail(&g->list, &host->gpadls);
	spin_unlock_bh(&host->gpadl_lock);
	sim_gpadl_add_pfns(host, g, h->pfn, in_msg);
}

void sim_on_gpadl_body(struct sim_host *host, const struct sim_msg *m)
{
	const struct hvx_msg_gpadl_body *b = (const void *)m->data;
	struct sim_gpadl *g = sim_gpadl_find(host, le32_to_cpu(b->gpadl));
	u32 n = (m->len - sizeof(*b)) / 8;

	if (!g || g->have == g->nr_pfns || !n || g->have + n > g->nr_pfns ||
	    (g->have + n < g->nr_pfns && n != HVX_GPADL_BODY_PFNS)) {
		host->stats.bad_gpadls++;
		return;
	}
	sim_gpadl_add_pfns(host, g, b->pfn, n);
}

void sim_on_gpadl_teardown(struct sim_host *host, const struct sim_msg *m)
{
	const struct hvx_msg_gpadl_teardown *t = (const void *)m->data;
	struct hvx_msg_gpadl_torndown msg = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_GPADL_TORNDOWN),
		.gpadl = t->gpadl,
	};
	struct sim_gpadl *g = sim_gpadl_find(host, le32_to_cpu(t->gpadl));

	if (!g || g->in_use || g->relid != le32_to_cpu(t->child_relid)) {
		host->stats.bad_gpadls++;
		return;
	}
	sim_gpadl_free(host, g);
	sim_send(host, &msg, sizeof(msg));
}

/* Map GPADL pages [first, first + n) as a ring: header, data, data again. */
static void *sim_map_ring(const struct sim_gpadl *g, u32 first, u32 n)
{
	u32 data = n - 1, i;
	struct page **map;
	void *vaddr = NULL;

	map = kcalloc(1 + 2 * data, sizeof(*map), GFP_KERNEL);
	if (!map)
		return NULL;
	for (i = 0; i < n; i++) {
		if (!pfn_valid(g->pfns[first + i]))
			goto out;
		map[i] = pfn_to_page(g->pfns[first + i]);
	}
	for (i = 0; i < data; i++)
		map[1 + data + i] = map[1 + i];
	vaddr = vmap(map, 1 + 2 * data, VM_MAP, PAGE_KERNEL);
out:
	kfree(map);
	return vaddr;
}

static void sim_chan_free(struct sim_channel *ch)
{
	struct sim_out *out, *tmp;

	list_for_each_entry_safe(out, tmp, &ch->outbox, list)
		kfree(out);
	if (ch->from_guest_map)
		vunmap(ch->from_guest_map);
	if (ch->to_guest_map)
		vunmap(ch->to_guest_map);
	kvfree(ch->packet);
	kfree(ch);
}

static void sim_chan_work(struct work_struct *work);

static struct sim_channel *sim_chan_create(struct sim_host *host,
					   struct sim_device *dev,
					   struct sim_gpadl *g, u32 offset)
{
	struct sim_channel *ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	u32 up = offset - 1, down = g->nr_pfns - offset - 1;

	if (!ch)
		return NULL;
	ch->host = host;
	ch->dev = dev;
	ch->gpadl = g;
	INIT_WORK(&ch->work, sim_chan_work);
	spin_lock_init(&ch->out_lock);
	INIT_LIST_HEAD(&ch->outbox);
	ch->from_guest_map = sim_map_ring(g, 0, offset);
	ch->to_guest_map = sim_map_ring(g, offset, g->nr_pfns - offset);
	ch->packet = kvmalloc(up * PAGE_SIZE, GFP_KERNEL);
	if (!ch->from_guest_map || !ch->to_guest_map || !ch->packet ||
	    hvx_ring_attach(&ch->from_guest, ch->from_guest_map,
			    ch->from_guest_map + PAGE_SIZE, up * PAGE_SIZE) ||
	    hvx_ring_attach(&ch->to_guest, ch->to_guest_map,
			    ch->to_guest_map + PAGE_SIZE, down * PAGE_SIZE)) {
		sim_chan_free(ch);
		return NULL;
	}
	return ch;
}

static void sim_send_open_result(struct sim_host *host, const struct hvx_msg_open *req,
				 u32 status)
{
	struct hvx_msg_open_result msg = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_OPENCHANNEL_RESULT),
		.child_relid = req->child_relid,
		.openid = req->openid,
		.status = cpu_to_le32(status),
	};

	if (status)
		host->stats.bad_opens++;
	sim_send(host, &msg, sizeof(msg));
}

void sim_on_open(struct sim_host *host, const struct sim_msg *m)
{
	const struct hvx_msg_open *req = (const void *)m->data;
	u32 relid = le32_to_cpu(req->child_relid);
	u32 offset = le32_to_cpu(req->downstream_page_offset);
	struct sim_gpadl *g = sim_gpadl_find(host, le32_to_cpu(req->ring_gpadl));
	struct sim_device *dev;
	struct sim_channel *ch;

	list_for_each_entry(dev, &host->devices, list)
		if (dev->relid == relid && dev->offered && !dev->rescinded)
			break;
	if (host->rescind_on_open && !list_entry_is_head(dev, &host->devices, list)) {
		host->rescind_on_open = false;
		sim_rescind_device(host, dev);
		return;
	}
	/* Each ring needs its header page and at least one data page. */
	if (list_entry_is_head(dev, &host->devices, list) || dev->chan || !g ||
	    g->relid != relid || g->in_use || g->have != g->nr_pfns ||
	    g->nr_pfns < 4 || offset < 2 || offset > g->nr_pfns - 2) {
		sim_send_open_result(host, req, SIM_STATUS_FAILED);
		return;
	}
	ch = sim_chan_create(host, dev, g, offset);
	if (!ch) {
		sim_send_open_result(host, req, SIM_STATUS_FAILED);
		return;
	}
	g->in_use = true;
	dev->chan = ch;
	dev->target_vp = le32_to_cpu(req->target_vp);
	spin_lock_irq(&host->chan_lock);
	host->chans[relid] = ch;
	spin_unlock_irq(&host->chan_lock);
	sim_monitor_channel_opened(host, dev);
	/*
	 * A host that speaks first may be heard before the guest learns that
	 * the open succeeded: ring and message are separate paths. Make it so.
	 */
	if (dev->backend->opened)
		dev->backend->opened(ch);
	sim_send_open_result(host, req, 0);
}

/* Stop serving a channel and let go of the guest's pages. */
static void sim_chan_close(struct sim_host *host, struct sim_device *dev)
{
	struct sim_channel *ch = dev->chan;

	if (!ch)
		return;
	spin_lock_irq(&host->chan_lock);
	host->chans[dev->relid] = NULL;
	spin_unlock_irq(&host->chan_lock);
	sim_monitor_channel_closed(host, dev);
	cancel_work_sync(&ch->work);
	if (dev->backend->closed)
		dev->backend->closed(ch);
	ch->gpadl->in_use = false;
	dev->chan = NULL;
	sim_chan_free(ch);
}

void sim_on_close(struct sim_host *host, const struct sim_msg *m)
{
	const struct hvx_msg_relid *msg = (const void *)m->data;
	u32 relid = le32_to_cpu(msg->child_relid);
	struct sim_device *dev;

	list_for_each_entry(dev, &host->devices, list) {
		if (dev->relid != relid || !dev->chan)
			continue;
		sim_chan_close(host, dev);
		/* Closing a primary ends its sub-channels (see the callee). */
		if (!dev->sub_index && !dev->rescinded)
			sim_rescind_sub_channels(host, dev);
		return;
	}
}

void sim_on_modify(struct sim_host *host, const struct sim_msg *m)
{
	const struct hvx_msg_modify_channel *req = (const void *)m->data;
	struct hvx_msg_modify_channel_response resp = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_MODIFYCHANNEL_RESPONSE),
		.child_relid = req->child_relid,
	};
	u32 relid = le32_to_cpu(req->child_relid);
	struct sim_device *dev;
	bool found = false;

	list_for_each_entry(dev, &host->devices, list) {
		if (dev->relid == relid && dev->chan) {
			dev->target_vp = le32_to_cpu(req->target_vp);
			found = true;
		}
	}
	if (!found) {
		host->stats.bad_opens++;
		resp.status = cpu_to_le32(SIM_STATUS_FAILED);
	}
	/* Hosts answer MODIFYCHANNEL from 5.3 on. */
	if (host->version >= HVX_VMBUS_WIN10_V5_3)
		sim_send(host, &resp, sizeof(resp));
}

/**
 * sim_channels_close() - drop the channels and GPADLs of one relid, or all
 * @host: the host
 * @relid: the device's relid, or 0 for every device (UNLOAD)
 *
 * The host is done with the guest's pages when this returns: call it
 * before telling the guest a channel is gone.
 */
void sim_channels_close(struct sim_host *host, u32 relid)
{
	struct sim_gpadl *g, *tmp;
	struct sim_device *dev;

	list_for_each_entry(dev, &host->devices, list)
		if (!relid || dev->relid == relid)
			sim_chan_close(host, dev);
	list_for_each_entry_safe(g, tmp, &host->gpadls, list)
		if (!relid || g->relid == relid)
			sim_gpadl_free(host, g);
}

/* The guest signalled a channel (any context). */
bool sim_chan_signal(struct sim_host *host, u32 relid)
{
	unsigned long flags;
	bool open;

	if (relid >= HVX_MAX_RELID)
		return false;
	spin_lock_irqsave(&host->chan_lock, flags);
	open = host->chans[relid];
	if (open)
		queue_work(host->chan_wq, &host->chans[relid]->work);
	spin_unlock_irqrestore(&host->chan_lock, flags);
	return open;
}

static int sim_chan_queue(struct sim_channel *ch, u16 type, u16 flags, u64 trans_id,
			  const void *hdr, u32 hdr_len, const void *data, u32 len,
			  bool quiet)
{
	struct hvx_vmpacket_desc desc = hvx_vmpacket_desc(type, flags, trans_id, hdr_len + len);
	u32 total = sizeof(desc) + hdr_len + len;
	struct sim_out *out;
	int ret = 0;

	if (hdr_len % 8 || hdr_len > U16_MAX)
		return -EINVAL;
	if (total > hvx_ring_max_packet(&ch->to_guest))
		return -EMSGSIZE;
	desc.offset8 = cpu_to_le16((sizeof(desc) + hdr_len) / 8);
	out = kmalloc(struct_size(out, data, total), GFP_KERNEL);
	if (!out)
		return -ENOMEM;
	out->len = total;
	out->quiet = quiet;
	memcpy(out->data, &desc, sizeof(desc));
	if (hdr_len)
		memcpy(out->data + sizeof(desc), hdr, hdr_len);
	memcpy(out->data + sizeof(desc) + hdr_len, data, len);
	spin_lock(&ch->out_lock);
	if (ch->queued < SIM_OUTBOX_MAX) {
		list_add_tail(&out->list, &ch->outbox);
		ch->queued++;
	} else {
		ret = -ENOBUFS;
	}
	spin_unlock(&ch->out_lock);
	if (ret)
		kfree(out);
	else
		queue_work(ch->host->chan_wq, &ch->work);
	return ret;
}

/**
 * sim_chan_send_hdr() - the host sends a packet with a header of its type
 * @ch: the channel
 * @type: packet type
 * @flags: packet flags
 * @trans_id: the transaction id (echo the request's for a completion)
 * @hdr: what goes between the descriptor and the payload (an XFER_PAGES
 *	 packet's pageset and ranges), or NULL
 * @hdr_len: its length, a multiple of 8
 * @data: the payload
 * @len: its length
 *
 * The packet is queued behind what the host sent before and goes out when
 * the guest's receive ring has room. A backend answers from its
 * handle_packet() or sends on its own (from its control()).
 *
 * Context: process.
 * Return: 0; -EINVAL for a header of the wrong size; -EMSGSIZE when it can
 * never fit; -ENOBUFS when the guest has left SIM_OUTBOX_MAX packets unread;
 * -ENOMEM.
 */
int sim_chan_send_hdr(struct sim_channel *ch, u16 type, u16 flags, u64 trans_id,
		      const void *hdr, u32 hdr_len, const void *data, u32 len)
{
	return sim_chan_queue(ch, type, flags, trans_id, hdr, hdr_len, data, len, false);
}

/**
 * sim_chan_send_burst() - @n copies of a packet, found by the guest at once
 * @ch: the channel
 * @type: packet type
 * @data: the payload
 * @len: its length
 * @n: how many
 *
 * The guest is signalled once, after the last copy is in its ring (a host
 * may batch so): one interrupt finds up to @n packets waiting.
 *
 * Context: process.
 * Return: as sim_chan_send_hdr(); the copies queued before a failure stay,
 * and their signal waits for the next packet.
 */
int sim_chan_send_burst(struct sim_channel *ch, u16 type, const void *data, u32 len,
			unsigned int n)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < n && !ret; i++)
		ret = sim_chan_queue(ch, type, 0, 0, NULL, 0, data, len, i + 1 < n);
	return ret;
}

/**
 * sim_chan_send() - the host sends a packet on an open channel
 * @ch: the channel
 * @type: packet type
 * @flags: packet flags
 * @trans_id: the transaction id (echo the request's for a completion)
 * @data: the payload, right after the descriptor
 * @len: its length
 *
 * Context: process.
 * Return: as sim_chan_send_hdr().
 */
int sim_chan_send(struct sim_channel *ch, u16 type, u16 flags, u64 trans_id,
		  const void *data, u32 len)
{
	return sim_chan_send_hdr(ch, type, flags, trans_id, NULL, 0, data, len);
}

/**
 * sim_device_send() - the host sends on a device's channel, if it is open
 * @dev: the device (host->lock held: its channel stays put)
 * @type: packet type
 * @flags: packet flags
 * @trans_id: the transaction id
 * @data: the payload
 * @len: its length
 *
 * Return: as sim_chan_send(); -ENOTCONN when the guest has not opened it.
 */
int sim_device_send(struct sim_device *dev, u16 type, u16 flags, u64 trans_id,
		    const void *data, u32 len)
{
	if (!dev->chan)
		return -ENOTCONN;
	return sim_chan_send(dev->chan, type, flags, trans_id, data, len);
}

/* Fault injection: queue a forged copy of @out right behind it. */
static void sim_chan_forge(struct sim_channel *ch, struct sim_out *out)
{
	int kind = xchg(&ch->host->bad_completion, 0);
	struct hvx_vmpacket_desc *desc;
	struct sim_out *forged;
	u64 id;

	if (!kind)
		return;
	forged = kmemdup(out, struct_size(out, data, out->len), GFP_KERNEL);
	if (!forged)
		return;
	desc = (void *)forged->data;
	id = le64_to_cpu(desc->trans_id);
	if (kind == SIM_COMPLETION_STALE)
		id += 1ULL << 32;	/* the same slot, the next generation */
	else if (kind == SIM_COMPLETION_UNKNOWN)
		id = (id & ~0xffffffffULL) | 0x7fff;	/* a slot never handed out */
	desc->trans_id = cpu_to_le64(id);
	spin_lock(&ch->out_lock);
	list_add(&forged->list, &out->list);
	ch->queued++;
	spin_unlock(&ch->out_lock);
}

/* Put one packet in the guest's ring. False: no room yet, or ring broken. */
static bool sim_chan_write(struct sim_channel *ch, const struct sim_out *out)
{
	struct hvx_ring_vec vec = { out->data, out->len };
	bool signal;
	int ret;

	ret = hvx_ring_write(&ch->to_guest, &vec, 1, &signal);
	if (ret == -EAGAIN) {
		/* Ask the guest to signal once it has room, then look again. */
		hvx_ring_set_pending_send(&ch->to_guest,
					  ALIGN(out->len, 8) + HVX_RING_TRAILER_SIZE);
		ret = hvx_ring_write(&ch->to_guest, &vec, 1, &signal);
		if (ret == -EAGAIN)
			return false;
	}
	hvx_ring_set_pending_send(&ch->to_guest, 0);
	if (ret) {
		ch->stopped = true;
		pr_warn_ratelimited("host: relid %u: receive ring broken, channel stopped\n",
				    ch->dev->relid);
		return false;
	}
	ch->signal_owed |= signal;
	if (ch->signal_owed && !out->quiet) {
		ch->signal_owed = false;
		sim_guest_event(ch->dev->host, ch->dev);
	}
	return true;
}

/* Send what is queued, in order. False: the guest must make room first. */
static bool sim_chan_flush(struct sim_channel *ch)
{
	struct sim_out *out;

	for (;;) {
		/* Backends only add at the tail: the head stays ours. */
		spin_lock(&ch->out_lock);
		out = list_first_entry_or_null(&ch->outbox, struct sim_out, list);
		spin_unlock(&ch->out_lock);
		if (!out)
			return true;
		if (!sim_chan_write(ch, out))
			return false;
		sim_chan_forge(ch, out);
		spin_lock(&ch->out_lock);
		list_del(&out->list);
		ch->queued--;
		spin_unlock(&ch->out_lock);
		kfree(out);
	}
}

static void sim_chan_work(struct work_struct *work)
{
	struct sim_channel *ch = container_of(work, struct sim_channel, work);
	u32 relid = ch->dev->relid, size = ch->from_guest.size;
	struct hvx_ring_pkt pkt;
	bool blocked = false;
	int ret = 0;

	for (;;) {
		if (ch->stopped || !sim_chan_flush(ch))
			return;	/* the guest signals when it has room */
		hvx_ring_mask_interrupts(&ch->from_guest);
		while (!(ret = hvx_ring_read(&ch->from_guest, ch->packet, size, &pkt))) {
			ch->dev->backend->handle_packet(ch, &pkt, ch->packet);
			blocked = !sim_chan_flush(ch);
			if (blocked)
				break;
		}
		if (hvx_ring_commit_read(&ch->from_guest))
			sim_guest_event(ch->dev->host, ch->dev);
		if (blocked || ch->stopped)
			return;
		if (ret == -EIO) {
			ch->stopped = true;
			pr_warn_ratelimited("host: relid %u: send ring broken, channel stopped\n",
					    relid);
			return;
		}
		if (!hvx_ring_unmask_interrupts(&ch->from_guest))
			return;
	}
}

/* The device a channel belongs to. */
struct sim_device *sim_chan_device(const struct sim_channel *ch)
{
	return ch->dev;
}

/* The backend state of the device a channel belongs to. */
void *sim_chan_state(const struct sim_channel *ch)
{
	return ch->dev->state;
}
