// SPDX-License-Identifier: GPL-2.0
/*
 * Time synchronization: SYNC sets the guest's clock to the host's (from a
 * work item); SAMPLE only records the host's time, which a PTP clock named
 * "hyperv" serves (/dev/ptpN, for chrony's PHC refclock). From version 4.0
 * on the host stamps each message with its reference counter, so the time
 * the message spent in flight is added back; a message that spent 600 s or
 * more is refused. A sample older than 600 s is no reference any more:
 * reading the clock then fails with -ESTALE.
 */
#include <linux/ptp_clock_kernel.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include "utils.h"

static const u32 timesync_versions[] = {
	HVX_IC_VERSION(4, 0), HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0),
};

#define TIMESYNC_STALE_NS	(600 * NSEC_PER_SEC)

struct timesync_state {
	struct util_dev *u;
	spinlock_t lock;		/* guards the sample */
	s64 host_ns;			/* the host's time at the last sample */
	u64 taken_ns;			/* our boot time then */
	bool have_sample;
	s64 sync_ns;			/* the clock to set, for the work */
	struct work_struct sync_work;
	struct ptp_clock_info ptp_info;
	struct ptp_clock *ptp;
	u64 syncs, samples, refused;
};

/* The host's time now, from the last sample. */
static int timesync_host_now(struct timesync_state *st, struct timespec64 *ts)
{
	unsigned long flags;
	bool have;
	u64 age;
	s64 ns;

	spin_lock_irqsave(&st->lock, flags);
	have = st->have_sample;
	age = ktime_get_boottime_ns() - st->taken_ns;
	ns = st->host_ns + age;
	spin_unlock_irqrestore(&st->lock, flags);
	if (!have)
		return -ENODATA;
	if (age > TIMESYNC_STALE_NS)
		return -ESTALE;
	*ts = ns_to_timespec64(ns);
	return 0;
}

static int timesync_ptp_gettime(struct ptp_clock_info *info, struct timespec64 *ts)
{
	return timesync_host_now(container_of(info, struct timesync_state, ptp_info), ts);
}

static int timesync_ptp_adjfine(struct ptp_clock_info *info, long scaled_ppm)
{
	return -EOPNOTSUPP;
}

static int timesync_ptp_adjtime(struct ptp_clock_info *info, s64 delta)
{
	return -EOPNOTSUPP;
}

static int timesync_ptp_settime(struct ptp_clock_info *info, const struct timespec64 *ts)
{
	return -EOPNOTSUPP;
}

static int timesync_ptp_enable(struct ptp_clock_info *info, struct ptp_clock_request *rq,
			       int on)
{
	return -EOPNOTSUPP;
}

static const struct ptp_clock_info timesync_ptp_template = {
	.owner = THIS_MODULE,
	.name = "hyperv",
	.gettime64 = timesync_ptp_gettime,
	.adjfine = timesync_ptp_adjfine,
	.adjtime = timesync_ptp_adjtime,
	.settime64 = timesync_ptp_settime,
	.enable = timesync_ptp_enable,
};

static void timesync_sync_work(struct work_struct *work)
{
	struct timesync_state *st = container_of(work, struct timesync_state, sync_work);
	struct timespec64 ts;

	if (timesync_host_now(st, &ts))
		return;
	do_settimeofday64(&ts);
}

/* The message's host time, corrected by its time in flight (4.0). */
static int timesync_parse(struct util_dev *u, const u8 *body, u32 len, s64 *ns, u8 *flags)
{
	u64 parent, ref = 0, now;
	int ret;

	if (u->ver.service >= HVX_IC_VERSION(4, 0)) {
		const struct hvx_ic_timesync4 *m = (const void *)body;

		if (len < sizeof(*m))
			return -EBADMSG;
		parent = le64_to_cpu(m->parent_time);
		ref = le64_to_cpu(m->ref_time);
		*flags = m->flags;
	} else {
		const struct hvx_ic_timesync *m = (const void *)body;

		if (len < sizeof(*m))
			return -EBADMSG;
		parent = le64_to_cpu(m->parent_time);
		*flags = m->flags;
	}
	ret = hvx_ic_time_to_ns(parent, ns);
	if (ret)
		return ret;
	now = hvx_vmbus_reference_time();
	if (!ref)
		return 0;
	/* One counter for the partition: a stamp after now is no stamp. */
	if (ref > now)
		return -EINVAL;
	if (now - ref >= TIMESYNC_STALE_NS / 100)
		return -ESTALE;	/* in flight for ten minutes: no reference */
	*ns += (now - ref) * 100;
	return 0;
}

static u32 timesync_handle(struct util_dev *u, u8 *body, u32 len)
{
	struct timesync_state *st = u->priv;
	u8 flags;
	s64 ns;

	if (timesync_parse(u, body, len, &ns, &flags)) {
		st->refused++;
		return HVX_IC_E_FAIL;
	}
	if (!(flags & (HVX_IC_TIME_SYNC | HVX_IC_TIME_SAMPLE)))
		return HVX_IC_S_OK;	/* a probe */
	spin_lock(&st->lock);
	st->host_ns = ns;
	st->taken_ns = ktime_get_boottime_ns();
	st->have_sample = true;
	spin_unlock(&st->lock);
	if (flags & HVX_IC_TIME_SYNC) {
		st->syncs++;
		schedule_work(&st->sync_work);
	} else {
		st->samples++;
	}
	return HVX_IC_S_OK;
}

static int timesync_init(struct util_dev *u)
{
	struct timesync_state *st = u->priv;

	st->u = u;
	spin_lock_init(&st->lock);
	INIT_WORK(&st->sync_work, timesync_sync_work);
	st->ptp_info = timesync_ptp_template;
	st->ptp = ptp_clock_register(&st->ptp_info, &u->hdev->dev);
	if (IS_ERR_OR_NULL(st->ptp)) {
		dev_warn(&u->hdev->dev, "no PTP clock (%ld): samples are not served\n",
			 PTR_ERR(st->ptp));
		st->ptp = NULL;
	}
	return 0;
}

static void timesync_exit(struct util_dev *u)
{
	struct timesync_state *st = u->priv;

	cancel_work_sync(&st->sync_work);
	if (st->ptp)
		ptp_clock_unregister(st->ptp);
}

static void timesync_show(struct util_dev *u, struct seq_file *s)
{
	struct timesync_state *st = u->priv;

	seq_printf(s, "syncs %llu\nsamples %llu\nrefused %llu\nptp %d\n", READ_ONCE(st->syncs),
		   READ_ONCE(st->samples), READ_ONCE(st->refused),
		   st->ptp ? ptp_clock_index(st->ptp) : -1);
}

const struct util_service util_timesync = {
	.name = "timesync",
	.msgtype = HVX_IC_TIMESYNC,
	.versions = timesync_versions,
	.nr_versions = ARRAY_SIZE(timesync_versions),
	.priv_size = sizeof(struct timesync_state),
	.init = timesync_init,
	.exit = timesync_exit,
	.handle = timesync_handle,
	.show = timesync_show,
};
