// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/bus/vmbus/devices/<device>/channels/<relid>/: one directory per
 * channel (the primary and its sub-channels), as Linux's stable ABI has
 * it. "cpu" is writable and moves the channel's interrupt (MODIFYCHANNEL).
 */
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include "internal.h"

struct chan_kobj {
	struct kobject kobj;
	struct hvx_channel *ch;
};

struct chan_attr {
	struct attribute attr;
	ssize_t (*show)(struct hvx_channel *ch, char *buf);
	ssize_t (*store)(struct hvx_channel *ch, const char *buf, size_t count);
};

static struct hvx_channel *kobj_channel(struct kobject *kobj)
{
	return container_of(kobj, struct chan_kobj, kobj)->ch;
}

static ssize_t chan_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	const struct chan_attr *a = container_of(attr, struct chan_attr, attr);

	return a->show(kobj_channel(kobj), buf);
}

static ssize_t chan_attr_store(struct kobject *kobj, struct attribute *attr,
			       const char *buf, size_t count)
{
	const struct chan_attr *a = container_of(attr, struct chan_attr, attr);

	return a->store ? a->store(kobj_channel(kobj), buf, count) : -EIO;
}

static const struct sysfs_ops chan_sysfs_ops = {
	.show = chan_attr_show,
	.store = chan_attr_store,
};

/* A value read from an open channel's rings, 0 while it is closed. */
#define CHAN_RING_ATTR(name, expr)					\
static ssize_t name##_show(struct hvx_channel *ch, char *buf)		\
{									\
	u32 v = 0;							\
									\
	mutex_lock(&ch->lock);						\
	if (READ_ONCE(ch->state) == HVX_CHANNEL_OPEN)			\
		v = (expr);						\
	mutex_unlock(&ch->lock);					\
	return sysfs_emit(buf, "%u\n", v);				\
}									\
static struct chan_attr chan_attr_##name = __ATTR_RO(name)

#define CHAN_ATTR(name, fmt, expr)					\
static ssize_t name##_show(struct hvx_channel *ch, char *buf)		\
{									\
	return sysfs_emit(buf, fmt "\n", expr);				\
}									\
static struct chan_attr chan_attr_##name = __ATTR_RO(name)

static u32 ring_bytes_used(const struct hvx_ring *r)
{
	u32 w = le32_to_cpu(READ_ONCE(r->hdr->write_index));
	u32 rd = le32_to_cpu(READ_ONCE(r->hdr->read_index));

	if (w >= r->size || rd >= r->size)
		return 0;	/* the host wrote nonsense; the ring code says so */
	return w >= rd ? w - rd : r->size - (rd - w);
}

CHAN_RING_ATTR(out_mask, le32_to_cpu(READ_ONCE(ch->out.hdr->interrupt_mask)));
CHAN_RING_ATTR(in_mask, le32_to_cpu(READ_ONCE(ch->in.hdr->interrupt_mask)));
CHAN_RING_ATTR(read_avail, ring_bytes_used(&ch->in));
CHAN_RING_ATTR(write_avail, ch->out.size - ring_bytes_used(&ch->out));
CHAN_ATTR(interrupts, "%llu", READ_ONCE(ch->interrupts));
CHAN_ATTR(events, "%lld", atomic64_read(&ch->signals));
CHAN_ATTR(out_full_total, "%llu", READ_ONCE(ch->out.stats.full));
CHAN_ATTR(out_full_first, "%llu", READ_ONCE(ch->out.stats.full_first));
/* The guest's signals, by cause: its ring went non-empty, or freed room the host waits for. */
CHAN_ATTR(intr_out_empty, "%llu", READ_ONCE(ch->out.stats.signals));
CHAN_ATTR(intr_in_full, "%llu", READ_ONCE(ch->in.stats.signals));
CHAN_ATTR(monitor_id, "%u", ch->offer.monitorid);
CHAN_ATTR(pending, "%u", hvx_monitor_pending(ch, HVX_MONITOR_PAGE_GUEST));
CHAN_ATTR(latency, "%u", hvx_monitor_latency(ch, HVX_MONITOR_PAGE_GUEST));
CHAN_ATTR(subchannel_id, "%u", le16_to_cpu(ch->offer.sub_channel_index));

static const struct hvx_monitor_page *monitor_page(enum hvx_monitor_page_index side)
{
	return hvx_conn.monitor_pages[side];
}

/*
 * What the host keeps for a monitored channel in a monitor page. The
 * pending word is the whole group's, as Linux shows it.
 */
u32 hvx_monitor_pending(const struct hvx_channel *ch, enum hvx_monitor_page_index side)
{
	unsigned int group = ch->offer.monitorid / HVX_MONITOR_GROUP_BITS;

	return le32_to_cpu(READ_ONCE(monitor_page(side)->trigger_group[group].pending));
}

u16 hvx_monitor_latency(const struct hvx_channel *ch, enum hvx_monitor_page_index side)
{
	unsigned int group = ch->offer.monitorid / HVX_MONITOR_GROUP_BITS;
	unsigned int bit = ch->offer.monitorid % HVX_MONITOR_GROUP_BITS;

	return le16_to_cpu(READ_ONCE(monitor_page(side)->latency[group][bit]));
}

u32 hvx_monitor_conn_id(const struct hvx_channel *ch, enum hvx_monitor_page_index side)
{
	unsigned int group = ch->offer.monitorid / HVX_MONITOR_GROUP_BITS;
	unsigned int bit = ch->offer.monitorid % HVX_MONITOR_GROUP_BITS;
	const struct hvx_monitor_parameter *p = &monitor_page(side)->parameter[group][bit];

	return le32_to_cpu(READ_ONCE(p->connection_id)) & 0xffffff;
}

static ssize_t cpu_show(struct hvx_channel *ch, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(ch->target_cpu));
}

static ssize_t cpu_store(struct hvx_channel *ch, const char *buf, size_t count)
{
	unsigned int cpu;
	int ret;

	ret = kstrtouint(buf, 0, &cpu);
	if (ret)
		return ret;
	ret = hvx_channel_set_target_cpu(ch, cpu);
	return ret ?: count;
}

static struct chan_attr chan_attr_cpu = __ATTR_RW(cpu);

static struct attribute *chan_attrs[] = {
	&chan_attr_out_mask.attr,
	&chan_attr_in_mask.attr,
	&chan_attr_read_avail.attr,
	&chan_attr_write_avail.attr,
	&chan_attr_cpu.attr,
	&chan_attr_interrupts.attr,
	&chan_attr_events.attr,
	&chan_attr_out_full_total.attr,
	&chan_attr_out_full_first.attr,
	&chan_attr_intr_out_empty.attr,
	&chan_attr_intr_in_full.attr,
	&chan_attr_subchannel_id.attr,
	NULL,
};

static const struct attribute_group chan_group = {
	.attrs = chan_attrs,
};

static struct attribute *chan_monitor_attrs[] = {
	&chan_attr_monitor_id.attr,
	&chan_attr_pending.attr,
	&chan_attr_latency.attr,
	NULL,
};

/* Only for a channel the host monitors, as in Linux. */
static umode_t chan_monitor_visible(struct kobject *kobj, struct attribute *attr, int n)
{
	return hvx_channel_has_monitor(kobj_channel(kobj)) ? attr->mode : 0;
}

static const struct attribute_group chan_monitor_group = {
	.attrs = chan_monitor_attrs,
	.is_visible = chan_monitor_visible,
};

static const struct attribute_group *chan_groups[] = {
	&chan_group,
	&chan_monitor_group,
	NULL,
};

static void chan_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct chan_kobj, kobj));
}

static const struct kobj_type chan_ktype = {
	.sysfs_ops = &chan_sysfs_ops,
	.default_groups = chan_groups,
	.release = chan_kobj_release,
};

/**
 * hvx_chan_sysfs_add() - give a channel its channels/<relid>/ directory
 * @ch: the channel
 * @primary: the primary channel of its device (@ch itself for a primary)
 */
int hvx_chan_sysfs_add(struct hvx_channel *ch, struct hvx_channel *primary)
{
	struct chan_kobj *ck;
	int ret;

	if (ch == primary) {
		primary->channels_kset = kset_create_and_add("channels", NULL,
							     &ch->device->dev.kobj);
		if (!primary->channels_kset)
			return -ENOMEM;
	}
	ck = kzalloc(sizeof(*ck), GFP_KERNEL);
	if (!ck)
		return -ENOMEM;
	ck->ch = ch;
	ck->kobj.kset = primary->channels_kset;
	ret = kobject_init_and_add(&ck->kobj, &chan_ktype, NULL, "%u", ch->relid);
	if (ret) {
		kobject_put(&ck->kobj);
		return ret;
	}
	ch->kobj = &ck->kobj;
	kobject_uevent(ch->kobj, KOBJ_ADD);
	return 0;
}

/**
 * hvx_chan_sysfs_del() - remove it; no attribute runs once this returns
 * @ch: the channel
 */
void hvx_chan_sysfs_del(struct hvx_channel *ch)
{
	if (ch->kobj) {
		kobject_del(ch->kobj);
		kobject_put(ch->kobj);
		ch->kobj = NULL;
	}
	if (ch->channels_kset) {
		kset_unregister(ch->channels_kset);
		ch->channels_kset = NULL;
	}
}
