// SPDX-License-Identifier: GPL-2.0
/*
 * The relay between a service and its userspace daemon (hv_kvp_daemon,
 * hv_vss_daemon, hv_fcopy_daemon), through the misc device the daemons
 * open: /dev/vmbus/hv_kvp, hv_vss, hv_fcopy. The ABI is Linux's: the
 * daemon opens the device, writes a hello (its version), reads the
 * kernel's reply if its version expects one, then loops: read a request,
 * write its answer. One daemon at a time, one request at a time.
 *
 * States (r->state, under r->lock):
 *   CLOSED     no daemon: requests are refused at once
 *   HELLO      a daemon opened the device; its hello, or our reply, is due
 *   IDLE       registered, no request in flight
 *   FILLING    the channel callback is writing a request into r->msg
 *   QUEUED     the request waits for the daemon's read()
 *   AT_DAEMON  the daemon read it; its answer is due before the timeout
 *   DEAD       the device is gone; an open file only gets -ENODEV
 * A request in flight (QUEUED, AT_DAEMON) ends exactly once: by the
 * daemon's answer, the timeout, or the daemon closing the device.
 * Whoever ends it holds r->io and moves the state to IDLE or CLOSED first,
 * so the other two find nothing to end; remove() takes r->io too before it
 * frees the device, so no late answer touches it.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "relay.h"

static unsigned int daemon_timeout_s = 30;
module_param(daemon_timeout_s, uint, 0644);
MODULE_PARM_DESC(daemon_timeout_s,
		 "Seconds a daemon has to answer a request before the host gets a failure (default 30)");

enum relay_state { CLOSED, HELLO, IDLE, FILLING, QUEUED, AT_DAEMON, DEAD };

static const char *const relay_state_names[] = {
	[CLOSED] = "no daemon", [HELLO] = "daemon registering", [IDLE] = "idle",
	[FILLING] = "filling", [QUEUED] = "queued", [AT_DAEMON] = "at daemon",
	[DEAD] = "dead",
};

struct util_relay {
	struct kref ref;		/* the device's, and each open file's */
	struct util_dev *u;		/* NULL once DEAD */
	const struct util_relay_ops *ops;
	struct miscdevice misc;
	struct mutex io;		/* ends requests; serializes daemon calls */
	spinlock_t lock;		/* guards state, msg_len */
	int state;			/* enum relay_state */
	u32 msg_len;			/* r->msg holds this much for read(); 0: none */
	wait_queue_head_t wait;
	struct delayed_work timeout;
	u64 relayed, answered, timeouts, refused, daemons;
	u8 msg[];			/* the message for the daemon */
};

unsigned int util_relay_timeout_s(void)
{
	return daemon_timeout_s ?: 1;
}

static void relay_free(struct kref *ref)
{
	kfree(container_of(ref, struct util_relay, ref));
}

static int relay_get_state(struct util_relay *r)
{
	int state;

	spin_lock_bh(&r->lock);
	state = r->state;
	spin_unlock_bh(&r->lock);
	return state;
}

/* Move from @from to @to; false when the state was something else. */
static bool relay_claim(struct util_relay *r, int from, int to)
{
	bool ok;

	spin_lock_bh(&r->lock);
	ok = r->state == from;
	if (ok)
		r->state = to;
	spin_unlock_bh(&r->lock);
	return ok;
}

/* End the request in flight, if any, with a failure. Holds r->io. */
static bool relay_fail_request(struct util_relay *r, int to)
{
	bool ended;

	spin_lock_bh(&r->lock);
	ended = r->state == QUEUED || r->state == AT_DAEMON;
	if (ended) {
		r->state = to;
		r->msg_len = 0;
	}
	spin_unlock_bh(&r->lock);
	if (ended)
		r->ops->failed(r->u);
	return ended;
}

static void relay_timeout(struct work_struct *work)
{
	struct util_relay *r = container_of(to_delayed_work(work), struct util_relay,
					    timeout);

	mutex_lock(&r->io);
	if (relay_fail_request(r, IDLE)) {
		r->timeouts++;
		dev_warn_ratelimited(&r->u->hdev->dev, "%s daemon did not answer in time\n",
				     r->u->svc->name);
	}
	mutex_unlock(&r->io);
}

void *util_relay_begin(struct util_relay *r)
{
	if (relay_claim(r, IDLE, FILLING))
		return r->msg;
	r->refused++;
	return NULL;
}

bool util_relay_submit(struct util_relay *r, u32 len, unsigned int timeout_s)
{
	bool queued;

	spin_lock_bh(&r->lock);
	queued = r->state == FILLING;	/* not when the daemon left meanwhile */
	if (queued) {
		r->state = QUEUED;
		r->msg_len = len;
	}
	spin_unlock_bh(&r->lock);
	if (!queued) {
		r->refused++;
		return false;
	}
	r->relayed++;
	mod_delayed_work(system_wq, &r->timeout, timeout_s * HZ);
	wake_up_interruptible(&r->wait);
	return true;
}

void util_relay_cancel(struct util_relay *r)
{
	relay_claim(r, FILLING, IDLE);
}

static struct util_relay *relay_of(struct file *file)
{
	return container_of(file->private_data, struct util_relay, misc);
}

static int relay_open(struct inode *inode, struct file *file)
{
	struct util_relay *r = relay_of(file);
	int ret = 0;

	mutex_lock(&r->io);
	if (r->state == DEAD)
		ret = -ENODEV;
	else if (!relay_claim(r, CLOSED, HELLO))
		ret = -EBUSY;		/* one daemon at a time */
	if (!ret) {
		kref_get(&r->ref);
		r->daemons++;
	}
	mutex_unlock(&r->io);
	return ret;
}

static int relay_release(struct inode *inode, struct file *file)
{
	struct util_relay *r = relay_of(file);

	mutex_lock(&r->io);
	if (r->state != DEAD) {
		relay_fail_request(r, CLOSED);
		spin_lock_bh(&r->lock);
		r->state = CLOSED;
		r->msg_len = 0;
		spin_unlock_bh(&r->lock);
		if (r->ops->closed)
			r->ops->closed(r->u);
	}
	mutex_unlock(&r->io);
	kref_put(&r->ref, relay_free);
	return 0;
}

static bool relay_readable(struct util_relay *r)
{
	return READ_ONCE(r->msg_len) || READ_ONCE(r->state) == DEAD;
}

/* A registered daemon: requests may flow. Holds r->io. */
static void relay_registered(struct util_relay *r)
{
	if (!relay_claim(r, HELLO, IDLE))
		return;
	if (r->ops->registered)
		r->ops->registered(r->u);
	hvx_channel_schedule(r->u->ch);
}

static ssize_t relay_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct util_relay *r = relay_of(file);
	ssize_t ret;
	int state;
	u32 len;

	for (;;) {
		if (!relay_readable(r)) {
			if (file->f_flags & O_NONBLOCK)
				return -EAGAIN;
			if (wait_event_interruptible(r->wait, relay_readable(r)))
				return -ERESTARTSYS;
		}
		mutex_lock(&r->io);
		/* The lock orders our reading of r->msg after its writing. */
		spin_lock_bh(&r->lock);
		len = r->msg_len;
		state = r->state;
		spin_unlock_bh(&r->lock);
		if (len || state == DEAD)
			break;
		mutex_unlock(&r->io);
	}
	if (state == DEAD) {
		ret = -ENODEV;
	} else if (count < len) {
		ret = -EINVAL;		/* the daemons read whole messages */
	} else if (copy_to_user(buf, r->msg, len)) {
		ret = -EFAULT;
	} else {
		ret = len;
		spin_lock_bh(&r->lock);
		r->msg_len = 0;
		if (r->state == QUEUED)
			r->state = AT_DAEMON;
		spin_unlock_bh(&r->lock);
		relay_registered(r);	/* when this was the reply to the hello */
	}
	mutex_unlock(&r->io);
	return ret;
}

/* The daemon's hello: its version. Queue the reply it expects, if any. */
static int relay_hello(struct util_relay *r, const void *msg, u32 len)
{
	int ret = r->ops->hello(r->u, msg, len, r->msg);

	if (ret < 0) {
		dev_warn(&r->u->hdev->dev, "%s daemon: unknown hello, not registered\n",
			 r->u->svc->name);
		return ret;
	}
	dev_info(&r->u->hdev->dev, "%s daemon registered\n", r->u->svc->name);
	if (!ret) {
		relay_registered(r);
		return 0;
	}
	spin_lock_bh(&r->lock);
	r->msg_len = ret;
	spin_unlock_bh(&r->lock);
	wake_up_interruptible(&r->wait);
	return 0;
}

static ssize_t relay_write(struct file *file, const char __user *buf, size_t count,
			   loff_t *pos)
{
	struct util_relay *r = relay_of(file);
	void *msg;
	int ret;

	if (count != r->ops->answer_len)
		return -EINVAL;
	msg = memdup_user(buf, count);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	mutex_lock(&r->io);
	if (r->state == DEAD) {
		ret = -ENODEV;
	} else if (relay_get_state(r) == HELLO && !READ_ONCE(r->msg_len)) {
		ret = relay_hello(r, msg, count);
	} else if (relay_claim(r, AT_DAEMON, IDLE)) {
		cancel_delayed_work(&r->timeout);
		r->answered++;
		r->ops->answer(r->u, msg);
		ret = 0;
	} else {
		ret = -EINVAL;		/* nothing asked, or too late */
	}
	mutex_unlock(&r->io);
	kfree(msg);
	return ret ?: count;
}

static __poll_t relay_poll(struct file *file, poll_table *wait)
{
	struct util_relay *r = relay_of(file);

	poll_wait(file, &r->wait, wait);
	if (READ_ONCE(r->state) == DEAD)
		return EPOLLERR | EPOLLHUP;
	return READ_ONCE(r->msg_len) ? EPOLLIN | EPOLLRDNORM : 0;
}

/* No nonseekable_open(): hv_fcopy_daemon uses pread() and pwrite(). */
static const struct file_operations relay_fops = {
	.owner = THIS_MODULE,
	.open = relay_open,
	.release = relay_release,
	.read = relay_read,
	.write = relay_write,
	.poll = relay_poll,
	.llseek = noop_llseek,
};

struct util_relay *util_relay_create(struct util_dev *u, const struct util_relay_ops *ops)
{
	struct util_relay *r;
	int ret;

	r = kzalloc(struct_size(r, msg, ops->msg_max), GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	kref_init(&r->ref);
	r->u = u;
	r->ops = ops;
	mutex_init(&r->io);
	spin_lock_init(&r->lock);
	init_waitqueue_head(&r->wait);
	INIT_DELAYED_WORK(&r->timeout, relay_timeout);
	r->misc.minor = MISC_DYNAMIC_MINOR;
	r->misc.name = ops->devname;
	r->misc.fops = &relay_fops;
	ret = misc_register(&r->misc);
	if (ret) {
		dev_err(&u->hdev->dev, "cannot create /dev/%s (%d): another %s device is served\n",
			ops->devname, ret, u->svc->name);
		kfree(r);
		return ERR_PTR(ret);
	}
	return r;
}

/* After the channel closed: no request can begin, none is answered. */
void util_relay_destroy(struct util_relay *r)
{
	misc_deregister(&r->misc);
	mutex_lock(&r->io);
	spin_lock_bh(&r->lock);
	r->state = DEAD;
	r->msg_len = 0;
	spin_unlock_bh(&r->lock);
	mutex_unlock(&r->io);
	cancel_delayed_work_sync(&r->timeout);
	wake_up_interruptible(&r->wait);
	r->u = NULL;
	kref_put(&r->ref, relay_free);
}

void util_relay_show(struct util_relay *r, struct seq_file *s)
{
	seq_printf(s, "daemon %s\nrelayed %llu\nanswered %llu\ntimeouts %llu\nrefused %llu\ndaemons %llu\n",
		   relay_state_names[relay_get_state(r)], r->relayed, r->answered,
		   r->timeouts, r->refused, r->daemons);
}
