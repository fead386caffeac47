// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_echo_test: the class driver for the echo test devices hvx_sim offers.
 * It proves the driver API end to end: modalias autoload, matching, probe
 * and remove, driver_override, and a channel carrying traffic.
 *
 * /sys/kernel/debug/hvx_echo_test/<device>/
 *   ping    write N: send N packets (at most ECHO_WINDOW in flight), wait
 *           for every echo and check it; the write fails with the error
 *           (-ENODEV after a rescind, -ETIMEDOUT, -EIO on a wrong echo)
 *   stats   read: sent, received and bad echoes
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <hvx/echo.h>
#include <hvx/vmbus.h>

#define ECHO_RING_BYTES		(16 * 1024)
#define ECHO_WINDOW		32
#define ECHO_PAYLOAD		64
#define ECHO_TIMEOUT		(10 * HZ)

struct echo_dev {
	struct hvx_device *hdev;
	struct mutex ping_lock;		/* one ping at a time */
	wait_queue_head_t wait;
	u64 sent;			/* under ping_lock */
	atomic64_t received;
	atomic64_t bad;
	u64 expect;			/* next trans_id: the host echoes in order */
	u8 rx[sizeof(struct hvx_vmpacket_desc) + ECHO_PAYLOAD];
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
	struct echo_dev *ed = ctx;
	u8 want[ECHO_PAYLOAD];
	struct hvx_ring_pkt pkt;

	while (!hvx_channel_recv(ed->hdev->channel, ed->rx, sizeof(ed->rx), &pkt)) {
		echo_fill(want, ed->expect);
		if (pkt.type != HVX_VMPKT_COMP || pkt.trans_id != ed->expect ||
		    hvx_ring_payload_len(&pkt) != ECHO_PAYLOAD ||
		    memcmp(ed->rx + pkt.offset, want, ECHO_PAYLOAD))
			atomic64_inc(&ed->bad);
		ed->expect = pkt.trans_id + 1;
		atomic64_inc(&ed->received);
	}
	wake_up(&ed->wait);
}

/* Wait until at most @in_flight packets are unanswered. */
static int echo_wait(struct echo_dev *ed, u64 in_flight)
{
	long left = wait_event_timeout(ed->wait,
				       ed->sent - atomic64_read(&ed->received) <= in_flight ||
				       hvx_channel_rescinded(ed->hdev->channel),
				       ECHO_TIMEOUT);

	if (hvx_channel_rescinded(ed->hdev->channel))
		return -ENODEV;
	return left ? 0 : -ETIMEDOUT;
}

static int echo_ping(struct echo_dev *ed, u64 count)
{
	u64 done = 0, bad = atomic64_read(&ed->bad), in_flight;
	u8 payload[ECHO_PAYLOAD];
	int ret = 0;

	while (done < count) {
		ret = echo_wait(ed, ECHO_WINDOW - 1);
		if (ret)
			return ret;
		echo_fill(payload, ed->sent);
		ret = hvx_channel_send(ed->hdev->channel, HVX_VMPKT_DATA_INBAND,
				       HVX_VMPKT_FLAG_COMPLETION_REQUESTED, ed->sent,
				       payload, sizeof(payload));
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

static ssize_t ping_write(struct file *file, const char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	struct echo_dev *ed = file->private_data;
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
	struct echo_dev *ed = s->private;

	seq_printf(s, "sent %llu\nreceived %lld\nbad %lld\n", READ_ONCE(ed->sent),
		   atomic64_read(&ed->received), atomic64_read(&ed->bad));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

static int echo_probe(struct hvx_device *dev, const struct hv_vmbus_device_id *id)
{
	struct echo_dev *ed = kzalloc(sizeof(*ed), GFP_KERNEL);
	int ret;

	if (!ed)
		return -ENOMEM;
	ed->hdev = dev;
	mutex_init(&ed->ping_lock);
	init_waitqueue_head(&ed->wait);
	ret = hvx_channel_open(dev->channel, ECHO_RING_BYTES, NULL, 0, echo_callback, ed);
	if (ret) {
		kfree(ed);
		return ret;
	}
	dev_set_drvdata(&dev->dev, ed);
	ed->debugfs = debugfs_create_dir(dev_name(&dev->dev), echo_debugfs);
	debugfs_create_file("ping", 0200, ed->debugfs, ed, &ping_fops);
	debugfs_create_file("stats", 0444, ed->debugfs, ed, &stats_fops);
	dev_info(&dev->dev, "echo device bound (relid %u)\n", hvx_device_relid(dev));
	return 0;
}

static void echo_remove(struct hvx_device *dev)
{
	struct echo_dev *ed = dev_get_drvdata(&dev->dev);

	debugfs_remove_recursive(ed->debugfs);	/* waits for pings in progress */
	hvx_channel_close(dev->channel);
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
