// SPDX-License-Identifier: GPL-2.0
/*
 * Monitored notification, the host's side. A device the host monitors gets
 * a monitor id in its offer; the guest then signals its channel by setting
 * the id's pending bit in the guest's monitor page (INITIATE_CONTACT's
 * monitor_page2) instead of making a hypercall. The host polls that page
 * every "latency" while a monitored channel is open, takes the bits it
 * finds and serves those channels, as if they had been signalled. It
 * describes each monitored channel (latency, connection id) in both pages.
 *
 * Before 5.0 the contact also names the interrupt page, whose upper half
 * is the guest's send bitmap: the guest sets a monitored channel's relid
 * bit there too, and the host takes it along with the pending bit.
 *
 * The pages are the guest's memory: the host holds a reference on them
 * from the contact that named them until UNLOAD, so a guest that frees them
 * early corrupts nothing.
 */
#include <linux/mm.h>
#include "sim.h"

/* The guest's page: where it sets pending bits. */
static struct hvx_monitor_page *sim_monitor_guest_page(struct sim_host *host)
{
	return page_address(host->monitor_pages[HVX_MONITOR_PAGE_GUEST]);
}

static struct page *sim_contact_page_get(u64 gpa)
{
	struct page *page;

	if (!gpa || offset_in_page(gpa) || !pfn_valid(PHYS_PFN(gpa)))
		return NULL;
	page = pfn_to_page(PHYS_PFN(gpa));
	return get_page_unless_zero(page) ? page : NULL;
}

/* Let go of the guest's pages; every channel is closed by now (host->lock held). */
void sim_monitor_detach(struct sim_host *host)
{
	unsigned int i;

	hrtimer_cancel(&host->monitor_timer);
	host->monitored_open = 0;
	for (i = 0; i < ARRAY_SIZE(host->contact_pages); i++) {
		if (host->contact_pages[i])
			put_page(host->contact_pages[i]);
		host->contact_pages[i] = NULL;
	}
	host->monitor_pages = NULL;
	host->int_page = NULL;
}

/**
 * sim_monitor_attach() - take the pages a guest's contact names
 * @host: the host (host->lock held)
 * @host_gpa: monitor_page1, the host's page
 * @guest_gpa: monitor_page2, the guest's page
 * @int_gpa: the interrupt page (before 5.0), or 0
 *
 * Return: 0, or -EINVAL when one is not a page of the guest's memory or
 * two are the same page.
 */
int sim_monitor_attach(struct sim_host *host, u64 host_gpa, u64 guest_gpa, u64 int_gpa)
{
	const u64 gpas[] = { host_gpa, guest_gpa, int_gpa };
	unsigned int i, n = int_gpa ? 3 : 2;

	sim_monitor_detach(host);
	if (host_gpa == guest_gpa || int_gpa == host_gpa || int_gpa == guest_gpa)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		host->contact_pages[i] = sim_contact_page_get(gpas[i]);
		if (!host->contact_pages[i]) {
			sim_monitor_detach(host);
			return -EINVAL;
		}
	}
	host->monitor_pages = host->contact_pages;
	if (int_gpa)
		host->int_page = host->contact_pages[2];
	return 0;
}

/**
 * sim_monitor_id_get() - give a new device a monitor id, if the host monitors
 * @host: the host
 * @dev: the device; its relid and backend are set
 *
 * Hyper-V monitors the channels of performance devices (storage, network;
 * and here the echo test device), up to 128; the others are signalled by
 * hypercall.
 */
void sim_monitor_id_get(struct sim_host *host, struct sim_device *dev)
{
	int id = -1;

	if (host->monitor_latency && dev->backend->monitored)
		id = ida_alloc_max(&host->monitor_ids, HVX_MONITOR_IDS - 1, GFP_KERNEL);
	dev->monitor_id = id < 0 ? -1 : id;
	if (id >= 0)
		WRITE_ONCE(host->monitor_relid[id], dev->relid);
}

void sim_monitor_id_put(struct sim_host *host, struct sim_device *dev)
{
	if (dev->monitor_id < 0)
		return;
	WRITE_ONCE(host->monitor_relid[dev->monitor_id], 0);
	ida_free(&host->monitor_ids, dev->monitor_id);
	dev->monitor_id = -1;
}

/* Describe a monitored device in both pages, before offering it (host->lock held). */
void sim_monitor_describe(struct sim_host *host, const struct sim_device *dev)
{
	unsigned int group = dev->monitor_id / HVX_MONITOR_GROUP_BITS;
	unsigned int bit = dev->monitor_id % HVX_MONITOR_GROUP_BITS;
	struct hvx_monitor_page *mp;
	unsigned int i;

	if (dev->monitor_id < 0 || !host->monitor_pages)
		return;
	for (i = 0; i < 2; i++) {
		mp = page_address(host->monitor_pages[i]);
		WRITE_ONCE(mp->latency[group][bit], cpu_to_le16(host->monitor_latency));
		WRITE_ONCE(mp->parameter[group][bit].connection_id,
			   cpu_to_le32(SIM_CONN_ID_CHANNEL + dev->relid));
		WRITE_ONCE(mp->parameter[group][bit].flag_number, cpu_to_le16(dev->relid));
		WRITE_ONCE(mp->trigger_state, mp->trigger_state | cpu_to_le32(BIT(group)));
	}
}

static void sim_monitor_poll_start(struct sim_host *host)
{
	if (host->monitored_open && !host->monitor_paused)
		hrtimer_start(&host->monitor_timer, host->monitor_period,
			      HRTIMER_MODE_REL_SOFT);
}

/* A monitored channel opened or closed: poll while any is open (host->lock held). */
void sim_monitor_channel_opened(struct sim_host *host, const struct sim_device *dev)
{
	if (dev->monitor_id < 0 || !host->monitor_pages)
		return;
	if (!host->monitored_open++)
		sim_monitor_poll_start(host);
}

void sim_monitor_channel_closed(struct sim_host *host, const struct sim_device *dev)
{
	if (dev->monitor_id < 0 || !host->monitored_open)
		return;
	if (!--host->monitored_open)
		hrtimer_cancel(&host->monitor_timer);
}

/**
 * sim_monitor_pause() - stop or resume polling (fault injection)
 * @host: the host (host->lock held)
 * @pause: true to stop
 *
 * While paused the guest's pending bits stay where it set them, for a test
 * to read, and its monitored channels go unserved.
 */
void sim_monitor_pause(struct sim_host *host, bool pause)
{
	host->monitor_paused = pause;
	if (pause)
		hrtimer_cancel(&host->monitor_timer);
	else
		sim_monitor_poll_start(host);
}

/* Take the pending bits of one group; look before writing the guest's line. */
static u32 sim_monitor_take(struct hvx_monitor_trigger_group *tg)
{
	atomic_t *pending = (atomic_t *)&tg->pending;

	if (!atomic_read(pending))
		return 0;
	return le32_to_cpu((__force __le32)atomic_xchg(pending, 0));
}

/* Before 5.0: the relid's bit in the guest's send bitmap, taken too. */
static void sim_monitor_take_send_bit(struct sim_host *host, u32 relid)
{
	unsigned long *send_bitmap = page_address(host->int_page) + HVX_INT_PAGE_SEND_OFFSET;

	if (test_and_clear_bit(relid, send_bitmap))
		atomic64_inc(&host->send_bits);
}

/* Every latency: take the guest's pending bits and serve their channels. */
static enum hrtimer_restart sim_monitor_poll(struct hrtimer *timer)
{
	struct sim_host *host = container_of(timer, struct sim_host, monitor_timer);
	struct hvx_monitor_page *mp = sim_monitor_guest_page(host);
	unsigned long pending;
	unsigned int group, bit;
	const u32 *relids;
	u32 relid;

	for (group = 0; group < HVX_MONITOR_GROUPS; group++) {
		pending = sim_monitor_take(&mp->trigger_group[group]);
		relids = &host->monitor_relid[group * HVX_MONITOR_GROUP_BITS];
		for_each_set_bit(bit, &pending, HVX_MONITOR_GROUP_BITS) {
			atomic64_inc(&host->monitor_signals);
			relid = READ_ONCE(relids[bit]);
			if (!relid)
				continue;
			if (host->int_page)
				sim_monitor_take_send_bit(host, relid);
			sim_chan_signal(host, relid);
		}
	}
	hrtimer_forward_now(timer, host->monitor_period);
	return HRTIMER_RESTART;
}

/**
 * sim_monitor_init() - set the host's monitoring up
 * @host: the host
 * @latency_us: how often the host looks at the guest's page; 0: the host
 *		monitors no device (every channel is signalled by hypercall)
 */
void sim_monitor_init(struct sim_host *host, unsigned int latency_us)
{
	ida_init(&host->monitor_ids);
	hrtimer_init(&host->monitor_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	host->monitor_timer.function = sim_monitor_poll;
	latency_us = latency_us ? clamp(latency_us, 10U, 6500U) : 0;
	host->monitor_latency = latency_us * 10;	/* 100 ns units */
	host->monitor_period = ns_to_ktime((u64)latency_us * NSEC_PER_USEC);
}

void sim_monitor_exit(struct sim_host *host)
{
	sim_monitor_detach(host);
	ida_destroy(&host->monitor_ids);
}
