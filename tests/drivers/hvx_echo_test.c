// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_echo_test: the class driver for the echo test devices hvx_sim offers.
 * It proves the driver API end to end: modalias autoload, matching, probe
 * and remove, driver_override, and a channel carrying traffic.
 *
 * /sys/kernel/debug/hvx_echo_test/<device>/ (the primary channel) and
 * /sys/kernel/debug/hvx_echo_test/<device>/sub<N>/ (sub-channel N):
 *   ping    write N: send N packets (at most ECHO_WINDOW in flight), wait
 *           for every echo and check it; the write fails with the error
 *           (-ENODEV after a rescind, -ETIMEDOUT, -EIO on a wrong echo)
 *   stats   read: sent, received and bad echoes, and completions whose
 *           transaction id was rejected (unknown, stale or duplicate)
 *   gpa     write "BYTES OFFSET": hand the host BYTES of a pattern that
 *           starts OFFSET bytes into a page, by page number (GPA direct),
 *           and check the host read back exactly those bytes
 *   gpadl   write PAGES: describe a buffer of PAGES pages to the host in a
 *           GPADL; the host reads three ranges of it (start, middle, end)
 *           and writes one, and must fail past its end; after the teardown
 *           it must no longer reach it
 */
#include <linux/debugfs.h>
#include <linux/kmemleak.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <hvx/echo.h>
#include <hvx/rqstor.h>
#include <hvx/vmbus.h>

#define ECHO_RING_BYTES		(16 * 1024)
#define ECHO_WINDOW		32
#define ECHO_PAYLOAD		64
#define ECHO_TIMEOUT		(10 * HZ)
#define ECHO_GPA_MAX		(12 * 1024)	/* the echo fits the 16 KiB ring */
#define ECHO_GPA_COOKIE		U64_MAX		/* the request id of a GPA ping */
#define ECHO_RX_BYTES		(sizeof(struct hvx_vmpacket_desc) + ECHO_GPA_MAX)

/* One channel's traffic. */
struct echo_chan {
	struct hvx_channel *ch;
	struct list_head list;		/* sub-channels, on echo_dev.subs */
	struct mutex ping_lock;		/* one ping at a time */
	wait_queue_head_t wait;
	u64 sent;			/* under ping_lock */
	atomic64_t received;
	atomic64_t bad;
	u64 expect;			/* next sequence: the host echoes in order */
	struct hvx_rqstor ids;		/* transaction ids; the cookie is the sequence */
	atomic64_t rejected;		/* completions with an id we never sent */
	u8 *rx;				/* the largest echo, descriptor included */
	struct dentry *debugfs;
	/* A GPA ping in flight: what the host must read back. */
	const u8 *gpa_want;
	u32 gpa_len;
	int gpa_result;			/* 1 while waiting, then 0 or -EIO */
};

struct echo_dev {
	struct echo_chan *primary;
	struct list_head subs;		/* under the device lock */
	struct dentry *debugfs;
};

static struct dentry *echo_debugfs;

static void echo_fill(u8 *payload, u64 seq)
{
	unsigned int i;

	for (i = 0; i < ECHO_PAYLOAD; i++)
		payload[i] = seq * 31 + i;
}

/* Tasklet context: the only reader of the channel. */
static void echo_callback(void *ctx)
{
	struct echo_chan *ed = ctx;
	u8 want[ECHO_PAYLOAD];
	struct hvx_ring_pkt pkt;
	u64 seq;
	int ret;

	while ((ret = hvx_channel_recv(ed->ch, ed->rx, ECHO_RX_BYTES, &pkt)) != -EAGAIN &&
	       ret != -EIO) {
		if (ret) {	/* -EMSGSIZE: more than any echo, dropped */
			atomic64_inc(&ed->bad);
			continue;
		}
		/* Whatever id the host sends back must be one in flight. */
		if (hvx_rqstor_put(&ed->ids, pkt.trans_id, &seq)) {
			atomic64_inc(&ed->rejected);
			continue;
		}
		if (seq == ECHO_GPA_COOKIE) {
			WRITE_ONCE(ed->gpa_result,
				   hvx_ring_payload_len(&pkt) < ed->gpa_len ||
				   memcmp(ed->rx + pkt.offset, ed->gpa_want, ed->gpa_len) ?
				   -EIO : 0);
			continue;
		}
		echo_fill(want, seq);
		if (pkt.type != HVX_VMPKT_COMP || seq != ed->expect ||
		    hvx_ring_payload_len(&pkt) != ECHO_PAYLOAD ||
		    memcmp(ed->rx + pkt.offset, want, ECHO_PAYLOAD))
			atomic64_inc(&ed->bad);
		ed->expect = seq + 1;
		atomic64_inc(&ed->received);
	}
	wake_up(&ed->wait);
}

/* Send one request; its id comes from the allocator and goes back on error. */
static int echo_send(struct echo_chan *ed, u64 cookie, const void *payload, u32 len,
		     u32 offset, u32 bytes, const __le64 *pfns, u32 nr)
{
	u64 id, unused;
	int ret;

	ret = hvx_rqstor_get(&ed->ids, cookie, &id);
	if (ret)
		return ret;
	if (pfns)
		ret = hvx_channel_send_gpa(ed->ch, HVX_VMPKT_FLAG_COMPLETION_REQUESTED, id,
					   offset, bytes, pfns, nr, NULL, 0);
	else
		ret = hvx_channel_send(ed->ch, HVX_VMPKT_DATA_INBAND,
				       HVX_VMPKT_FLAG_COMPLETION_REQUESTED, id, payload, len);
	if (ret)
		hvx_rqstor_put(&ed->ids, id, &unused);
	return ret;
}

/* Wait until at most @in_flight packets are unanswered. */
static int echo_wait(struct echo_chan *ed, u64 in_flight)
{
	long left = wait_event_timeout(ed->wait,
				       ed->sent - atomic64_read(&ed->received) <= in_flight ||
				       hvx_channel_rescinded(ed->ch),
				       ECHO_TIMEOUT);

	if (hvx_channel_rescinded(ed->ch))
		return -ENODEV;
	return left ? 0 : -ETIMEDOUT;
}

static int echo_ping(struct echo_chan *ed, u64 count)
{
	u64 done = 0, bad = atomic64_read(&ed->bad), in_flight;
	u8 payload[ECHO_PAYLOAD];
	int ret = 0;

	while (done < count) {
		ret = echo_wait(ed, ECHO_WINDOW - 1);
		if (ret)
			return ret;
		echo_fill(payload, ed->sent);
		ret = echo_send(ed, ed->sent, payload, sizeof(payload), 0, 0, NULL, 0);
		if (ret == -EAGAIN) {
			/* Ring full: wait for one more echo, then try again. */
			in_flight = ed->sent - atomic64_read(&ed->received);
			ret = echo_wait(ed, in_flight ? in_flight - 1 : 0);
			if (ret)
				return ret;
			continue;
		}
		if (ret)
			return ret;
		ed->sent++;
		done++;
	}
	ret = echo_wait(ed, 0);
	if (!ret && atomic64_read(&ed->bad) != bad)
		ret = -EIO;
	return ret;
}

static int echo_gpa(struct echo_chan *ed, u32 bytes, u32 offset)
{
	u32 nr = DIV_ROUND_UP(offset + bytes, HVX_GPA_PAGE_SIZE), i;
	struct page *pages;
	__le64 *pfns;
	u8 *buf;
	int ret;

	if (!bytes || bytes > ECHO_GPA_MAX || offset >= HVX_GPA_PAGE_SIZE)
		return -EINVAL;
	pages = alloc_pages(GFP_KERNEL, get_order(nr * PAGE_SIZE));
	pfns = kcalloc(nr, sizeof(*pfns), GFP_KERNEL);
	if (!pages || !pfns) {
		ret = -ENOMEM;
		goto out;
	}
	buf = page_address(pages);
	for (i = 0; i < offset + bytes; i++)
		buf[i] = i < offset ? 0xee : (u8)(i * 7 + bytes);
	for (i = 0; i < nr; i++)
		pfns[i] = cpu_to_le64(page_to_pfn(pages) + i);

	ed->gpa_want = buf + offset;
	ed->gpa_len = bytes;
	WRITE_ONCE(ed->gpa_result, 1);
	ret = echo_send(ed, ECHO_GPA_COOKIE, NULL, 0, offset, bytes, pfns, nr);
	if (!ret && !wait_event_timeout(ed->wait, READ_ONCE(ed->gpa_result) != 1 ||
					hvx_channel_rescinded(ed->ch), ECHO_TIMEOUT))
		ret = -ETIMEDOUT;
	if (!ret)
		ret = READ_ONCE(ed->gpa_result) == 1 ? -ENODEV : READ_ONCE(ed->gpa_result);
out:
	kfree(pfns);
	if (pages)
		__free_pages(pages, get_order(nr * PAGE_SIZE));
	return ret;
}

/* Ask the host for a GPADL read or write; its echo must equal @want. */
static int echo_gpadl_ask(struct echo_chan *ed, u32 magic, u32 handle, u32 offset, u32 len,
			  const u8 *want)
{
	struct hvx_echo_gpadl_req req = {
		.magic = cpu_to_le32(magic),
		.handle = cpu_to_le32(handle),
		.offset = cpu_to_le32(offset),
		.len = cpu_to_le32(len),
	};
	int ret;

	ed->gpa_want = want ?: (u8 *)&req;
	ed->gpa_len = want ? len : sizeof(req);
	WRITE_ONCE(ed->gpa_result, 1);
	ret = echo_send(ed, ECHO_GPA_COOKIE, &req, sizeof(req), 0, 0, NULL, 0);
	if (!ret && !wait_event_timeout(ed->wait, READ_ONCE(ed->gpa_result) != 1 ||
					hvx_channel_rescinded(ed->ch), ECHO_TIMEOUT))
		ret = -ETIMEDOUT;
	if (!ret)
		ret = READ_ONCE(ed->gpa_result) == 1 ? -ENODEV : READ_ONCE(ed->gpa_result);
	return ret;
}

/* The host reads and writes the buffer, only while the GPADL exists. */
static int echo_gpadl_check(struct echo_chan *ed, u8 *buf, u32 size, u32 handle)
{
	const u32 reads[] = { 0, size / 2 - 50, size - 100 };
	u32 i, at = size > 3000 ? size - 3000 : 0, n = min(size, 3000U);
	int ret;

	for (i = 0; i < ARRAY_SIZE(reads); i++) {
		ret = echo_gpadl_ask(ed, HVX_ECHO_GPADL_READ, handle, reads[i], 100,
				     buf + reads[i]);
		if (ret)
			return ret;
	}
	ret = echo_gpadl_ask(ed, HVX_ECHO_GPADL_WRITE, handle, at, n, NULL);
	for (i = 0; !ret && i < n; i++)
		if (buf[at + i] != hvx_echo_gpadl_byte(at + i))
			ret = -EIO;
	if (ret)
		return ret;
	/* Past the end: the host must refuse (its echo differs). */
	return echo_gpadl_ask(ed, HVX_ECHO_GPADL_READ, handle, size - 50, 100, buf) == -EIO ?
	       0 : -EIO;
}

static int echo_gpadl(struct echo_chan *ed, u32 pages)
{
	u32 size = pages * PAGE_SIZE, handle, i;
	int ret, teardown;
	u8 *buf;

	if (!pages || pages > 1024)
		return -EINVAL;
	buf = vmalloc(size);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < size; i++)
		buf[i] = i * 7 + 3;
	ret = hvx_gpadl_create(ed->ch, buf, size, &handle);
	if (ret == -EBUSY) {
		kmemleak_not_leak(buf);	/* the host may hold the pages */
		return ret;
	}
	if (ret)
		goto out;
	ret = echo_gpadl_check(ed, buf, size, handle);
	teardown = hvx_gpadl_teardown(ed->ch, handle);
	if (teardown) {
		kmemleak_not_leak(buf);	/* the host may hold the pages */
		return teardown;
	}
	/* Gone: the host no longer reaches the buffer. */
	if (!ret && echo_gpadl_ask(ed, HVX_ECHO_GPADL_READ, handle, 0, 100, buf) != -EIO)
		ret = -EIO;
out:
	vfree(buf);
	return ret;
}

static ssize_t gpadl_write(struct file *file, const char __user *ubuf, size_t len,
			   loff_t *ppos)
{
	struct echo_chan *ed = file->private_data;
	unsigned int pages;
	int ret;

	ret = kstrtouint_from_user(ubuf, len, 0, &pages);
	if (ret)
		return ret;
	mutex_lock(&ed->ping_lock);
	ret = echo_gpadl(ed, pages);
	mutex_unlock(&ed->ping_lock);
	return ret ?: len;
}

static const struct file_operations gpadl_fops = {
	.open = simple_open,
	.write = gpadl_write,
};

static ssize_t gpa_write(struct file *file, const char __user *ubuf, size_t len,
			 loff_t *ppos)
{
	struct echo_chan *ed = file->private_data;
	unsigned int bytes, offset;
	char cmd[32];
	int ret;

	if (len >= sizeof(cmd) || copy_from_user(cmd, ubuf, len))
		return -EINVAL;
	cmd[len] = 0;
	if (sscanf(cmd, "%u %u", &bytes, &offset) != 2)
		return -EINVAL;
	mutex_lock(&ed->ping_lock);
	ret = echo_gpa(ed, bytes, offset);
	mutex_unlock(&ed->ping_lock);
	return ret ?: len;
}

static const struct file_operations gpa_fops = {
	.open = simple_open,
	.write = gpa_write,
};

static ssize_t ping_write(struct file *file, const char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	struct echo_chan *ed = file->private_data;
	u64 count;
	int ret;

	ret = kstrtou64_from_user(ubuf, len, 0, &count);
	if (ret)
		return ret;
	mutex_lock(&ed->ping_lock);
	ret = echo_ping(ed, count);
	mutex_unlock(&ed->ping_lock);
	return ret ?: len;
}

static const struct file_operations ping_fops = {
	.open = simple_open,
	.write = ping_write,
};

static int stats_show(struct seq_file *s, void *unused)
{
	struct echo_chan *ed = s->private;

	seq_printf(s, "sent %llu\nreceived %lld\nbad %lld\nrejected %lld\n",
		   READ_ONCE(ed->sent), atomic64_read(&ed->received),
		   atomic64_read(&ed->bad), atomic64_read(&ed->rejected));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

/* Open @ch and give it its debugfs files in @dir. */
static struct echo_chan *echo_chan_open(struct hvx_channel *ch, struct dentry *dir)
{
	struct echo_chan *ec = kzalloc(sizeof(*ec), GFP_KERNEL);
	int ret;

	if (!ec)
		return ERR_PTR(-ENOMEM);
	ec->ch = ch;
	ec->rx = kmalloc(ECHO_RX_BYTES, GFP_KERNEL);
	if (!ec->rx) {
		kfree(ec);
		return ERR_PTR(-ENOMEM);
	}
	mutex_init(&ec->ping_lock);
	init_waitqueue_head(&ec->wait);
	ret = hvx_rqstor_init(&ec->ids, 2 * ECHO_WINDOW);
	if (!ret) {
		ret = hvx_channel_open(ch, ECHO_RING_BYTES, NULL, 0, echo_callback, ec);
		if (ret)
			hvx_rqstor_destroy(&ec->ids);
	}
	if (ret) {
		kfree(ec->rx);
		kfree(ec);
		return ERR_PTR(ret);
	}
	ec->debugfs = dir;
	debugfs_create_file("ping", 0200, dir, ec, &ping_fops);
	debugfs_create_file("stats", 0444, dir, ec, &stats_fops);
	debugfs_create_file("gpa", 0200, dir, ec, &gpa_fops);
	debugfs_create_file("gpadl", 0200, dir, ec, &gpadl_fops);
	return ec;
}

static void echo_forget(void *ctx, u64 cookie)
{
}

static void echo_chan_close(struct echo_chan *ec)
{
	debugfs_remove_recursive(ec->debugfs);	/* waits for pings in progress */
	hvx_channel_close(ec->ch);
	/* Requests the host never answered (a rescind) end here. */
	hvx_rqstor_cancel_all(&ec->ids, echo_forget, NULL);
	hvx_rqstor_destroy(&ec->ids);
	kfree(ec->rx);
	kfree(ec);
}

static void echo_sub_channel(struct hvx_device *dev, struct hvx_channel *ch)
{
	struct echo_dev *ed = dev_get_drvdata(&dev->dev);
	struct echo_chan *ec;
	char name[16];

	snprintf(name, sizeof(name), "sub%u", hvx_channel_sub_index(ch));
	ec = echo_chan_open(ch, debugfs_create_dir(name, ed->debugfs));
	if (IS_ERR(ec)) {
		dev_err(&dev->dev, "sub-channel %u: %ld\n", hvx_channel_sub_index(ch),
			PTR_ERR(ec));
		return;
	}
	list_add_tail(&ec->list, &ed->subs);
}

static void echo_sub_channel_rescind(struct hvx_device *dev, struct hvx_channel *ch)
{
	struct echo_dev *ed = dev_get_drvdata(&dev->dev);
	struct echo_chan *ec;

	list_for_each_entry(ec, &ed->subs, list) {
		if (ec->ch == ch) {
			list_del(&ec->list);
			echo_chan_close(ec);
			return;
		}
	}
}

static int echo_probe(struct hvx_device *dev, const struct hv_vmbus_device_id *id)
{
	struct echo_dev *ed = kzalloc(sizeof(*ed), GFP_KERNEL);

	if (!ed)
		return -ENOMEM;
	INIT_LIST_HEAD(&ed->subs);
	ed->debugfs = debugfs_create_dir(dev_name(&dev->dev), echo_debugfs);
	ed->primary = echo_chan_open(dev->channel, ed->debugfs);
	if (IS_ERR(ed->primary)) {
		int ret = PTR_ERR(ed->primary);

		debugfs_remove_recursive(ed->debugfs);
		kfree(ed);
		return ret;
	}
	dev_set_drvdata(&dev->dev, ed);
	dev_info(&dev->dev, "echo device bound (relid %u)\n", hvx_device_relid(dev));
	return 0;
}

static void echo_remove(struct hvx_device *dev)
{
	struct echo_dev *ed = dev_get_drvdata(&dev->dev);
	struct echo_chan *ec, *tmp;

	list_for_each_entry_safe(ec, tmp, &ed->subs, list)
		echo_chan_close(ec);
	/* The primary's files are the device directory itself. */
	echo_chan_close(ed->primary);
	dev_info(&dev->dev, "echo device unbound (relid %u)\n", hvx_device_relid(dev));
	kfree(ed);
}

static const struct hv_vmbus_device_id echo_ids[] = {
	{ .guid = HVX_ECHO_CLASS_GUID },
	{}
};
MODULE_DEVICE_TABLE(vmbus, echo_ids);

static struct hvx_driver echo_driver = {
	.name = "hvx_echo_test",
	.id_table = echo_ids,
	.probe = echo_probe,
	.remove = echo_remove,
	.sub_channel = echo_sub_channel,
	.sub_channel_rescind = echo_sub_channel_rescind,
};

static int __init echo_init(void)
{
	int ret;

	echo_debugfs = debugfs_create_dir("hvx_echo_test", NULL);
	ret = hvx_driver_register(&echo_driver);
	if (ret)
		debugfs_remove(echo_debugfs);
	return ret;
}

static void __exit echo_exit(void)
{
	hvx_driver_unregister(&echo_driver);
	debugfs_remove(echo_debugfs);
}

module_init(echo_init);
module_exit(echo_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvx echo test class driver");
