// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated host's control interface, one place for every backend:
 * /sys/kernel/debug/hvx_sim/
 *   devices   read: one line per device,
 *             "relid class instance offer-state channel-state target-vp sub-index
 *             monitor-id" (-1: signalled by hypercall only)
 *   subchannels  write "relid n": offer n more sub-channels of that device
 *   add       write a backend name (see sim_backends[]): hot-add a device
 *   control   write "relid command ...": a command for that device's backend
 *             (key strokes, pointer moves, faults: see sim/<backend>.c)
 *   state     read: one line per device (not per sub-channel: they share
 *             the device's) whose backend has state to show,
 *             "relid backend key=value ..."
 *   rescind   write a relid: the host takes that device back
 *   fault     write a fault to inject (see sim_faults[])
 *   stats     read: the host's counters and the negotiated version
 * and the files backends add for their devices (sim_debugfs_file()), such as
 *   screen-<relid>.ppm   read: a video device's screen (sim/video.c)
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "sim.h"

static int devices_show(struct seq_file *s, void *unused)
{
	struct sim_host *host = s->private;
	struct sim_device *dev;

	mutex_lock(&host->lock);
	list_for_each_entry(dev, &host->devices, list)
		seq_printf(s, "%u {%pUl} {%pUl} %s %s %u %u %d\n", dev->relid,
			   &dev->class_id, &dev->instance_id,
			   dev->rescinded ? "rescinded" :
			   dev->offered ? "offered" : "not-offered",
			   dev->chan ? "open" : "closed", dev->target_vp, dev->sub_index,
			   dev->monitor_id);
	mutex_unlock(&host->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(devices);

static int stats_show(struct seq_file *s, void *unused)
{
	struct sim_host *host = s->private;

	mutex_lock(&host->lock);
	seq_printf(s, "version %u.%u\n", host->version >> 16, host->version & 0xffff);
	seq_printf(s, "received %llu\n", host->stats.received);
	seq_printf(s, "wrong_conn_id %lld\n", atomic64_read(&host->wrong_conn_id));
	seq_printf(s, "unhandled %llu\n", host->stats.unhandled);
	seq_printf(s, "replies_dropped %llu\n", host->stats.replies_dropped);
	seq_printf(s, "relids_released %llu\n", host->stats.relids_released);
	seq_printf(s, "bad_gpadls %llu\n", host->stats.bad_gpadls);
	seq_printf(s, "bad_opens %llu\n", host->stats.bad_opens);
	seq_printf(s, "bad_monitor_pages %llu\n", host->stats.bad_monitor_pages);
	seq_printf(s, "monitor_latency_us %u\n", host->monitor_latency / 10);
	seq_printf(s, "monitor_signals %lld\n", atomic64_read(&host->monitor_signals));
	seq_printf(s, "hypercall_signals %lld\n", atomic64_read(&host->hypercall_signals));
	seq_printf(s, "send_bits %lld\n", atomic64_read(&host->send_bits));
	seq_printf(s, "link %s\n", host->via_hyperv ? "hyperv" : "direct");
	if (host->vram)
		seq_printf(s, "vram_window %#llx %#llx\n",
			   (u64)host->vram_window.start, (u64)host->vram_window.end);
	sim_hv_show(host, s);
	mutex_unlock(&host->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

/* Copy a short command from userspace, without its trailing newline. */
static int read_command(const char __user *ubuf, size_t count, char *buf, size_t size)
{
	if (count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = 0;
	strim(buf);
	return 0;
}

static const struct sim_backend *const sim_backends[] = {
	&sim_echo_backend,
	&sim_kbd_backend,
	&sim_mouse_backend,
	&sim_storage_backend,
	&sim_ide_backend,
	&sim_fc_backend,
	&sim_heartbeat_backend,
	&sim_shutdown_backend,
	&sim_timesync_backend,
	&sim_kvp_backend,
	&sim_vss_backend,
	&sim_fcopy_backend,
	&sim_net_backend,
	&sim_video_backend,
};

static ssize_t add_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	struct sim_host *host = file->private_data;
	char cmd[32];
	unsigned int i;
	int ret;

	ret = read_command(ubuf, count, cmd, sizeof(cmd));
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(sim_backends); i++) {
		if (!strcmp(cmd, sim_backends[i]->name)) {
			ret = sim_device_add(host, sim_backends[i]);
			return ret < 0 ? ret : count;
		}
	}
	return -EINVAL;
}

static const struct file_operations add_fops = {
	.open = simple_open,
	.write = add_write,
};

static ssize_t rescind_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct sim_host *host = file->private_data;
	u32 relid;
	int ret;

	ret = kstrtou32_from_user(ubuf, count, 0, &relid);
	if (ret)
		return ret;
	ret = sim_device_rescind(host, relid);
	return ret ?: count;
}

static ssize_t subchannels_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct sim_host *host = file->private_data;
	unsigned int relid, n;
	char cmd[32];
	int ret;

	ret = read_command(ubuf, count, cmd, sizeof(cmd));
	if (ret)
		return ret;
	if (sscanf(cmd, "%u %u", &relid, &n) != 2 || !n || n > 64)
		return -EINVAL;
	ret = sim_add_sub_channels(host, relid, n);
	return ret ?: count;
}

static const struct file_operations subchannels_fops = {
	.open = simple_open,
	.write = subchannels_write,
};

static int state_show(struct seq_file *s, void *unused)
{
	struct sim_host *host = s->private;
	struct sim_device *dev;

	mutex_lock(&host->lock);
	list_for_each_entry(dev, &host->devices, list) {
		if (!dev->backend->show || dev->sub_index)	/* sub-channels share it */
			continue;
		seq_printf(s, "%u %s", dev->relid, dev->backend->name);
		dev->backend->show(dev, s);
		seq_putc(s, '\n');
	}
	mutex_unlock(&host->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(state);

static int run_command(struct sim_device *dev, char *line)
{
	const struct sim_backend *b = dev->backend;
	char *name = strsep(&line, " ");
	const struct sim_command *cmd = NULL;
	unsigned int i;

	for (i = 0; i < b->nr_commands; i++)
		if (!strcmp(name, b->commands[i].name))
			cmd = &b->commands[i];
	for (i = 0; i < b->nr_shared_commands; i++)
		if (!strcmp(name, b->shared_commands[i].name))
			cmd = &b->shared_commands[i];
	if (!cmd)
		return -EINVAL;
	return cmd->run(dev, line ? skip_spaces(line) : name + strlen(name));
}

static ssize_t control_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct sim_host *host = file->private_data;
	struct sim_device *dev;
	char cmd[256], *args;
	u32 relid;
	int ret;

	ret = read_command(ubuf, count, cmd, sizeof(cmd));
	if (ret)
		return ret;
	args = strchr(cmd, ' ');
	if (!args)
		return -EINVAL;
	*args++ = 0;
	ret = kstrtou32(cmd, 0, &relid);
	if (ret)
		return ret;
	mutex_lock(&host->lock);
	ret = -ENOENT;
	list_for_each_entry(dev, &host->devices, list)
		if (dev->relid == relid && !dev->rescinded)
			ret = run_command(dev, skip_spaces(args));
	mutex_unlock(&host->lock);
	return ret ?: count;
}

static const struct file_operations control_fops = {
	.open = simple_open,
	.write = control_write,
};

static const struct file_operations rescind_fops = {
	.open = simple_open,
	.write = rescind_write,
};

/* ---- faults ----------------------------------------------------------- */

static void fault_send_offer(struct sim_host *host, u32 relid, u32 len)
{
	struct hvx_msg_offer offer = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_OFFERCHANNEL),
		.if_type = HVX_ECHO_CLASS_GUID,
		.if_instance = GUID_INIT(0xbad0ffe2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		.child_relid = cpu_to_le32(relid),
	};

	sim_send(host, &offer, len);
}

static void fault_malformed(struct sim_host *host)
{
	fault_send_offer(host, 100, 100);	/* an offer cut short */
}

static void fault_oversized(struct sim_host *host)
{
	u8 msg[HVX_MSG_MAX_SIZE + 16] = {};

	msg[0] = HVX_MSG_UNLOAD_RESPONSE;
	sim_send(host, msg, sizeof(msg));
}

static void fault_bad_relid(struct sim_host *host)
{
	fault_send_offer(host, 4000, sizeof(struct hvx_msg_offer));
}

static void fault_unsolicited(struct sim_host *host)
{
	struct hvx_msg_gpadl_created msg = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_GPADL_CREATED),
		.child_relid = cpu_to_le32(1),
		.gpadl = cpu_to_le32(0xdead),
	};

	sim_send(host, &msg, sizeof(msg));
}

static void fault_rescind_unknown(struct sim_host *host)
{
	struct hvx_msg_relid msg = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_RESCIND_CHANNELOFFER),
		.child_relid = cpu_to_le32(HVX_MAX_RELID - 1),
	};

	sim_send(host, &msg, sizeof(msg));
}

static void fault_duplicate_offer(struct sim_host *host)
{
	struct sim_device *dev;

	list_for_each_entry(dev, &host->devices, list) {
		if (dev->offered && !dev->rescinded) {
			fault_send_offer(host, dev->relid, sizeof(struct hvx_msg_offer));
			return;
		}
	}
}

/* A monitor id past the page's 128 bits, on a relid the host does not serve. */
static void fault_bad_monitor_id(struct sim_host *host)
{
	struct hvx_msg_offer offer = {
		.hdr.msgtype = cpu_to_le32(HVX_MSG_OFFERCHANNEL),
		.if_type = HVX_ECHO_CLASS_GUID,
		.if_instance = GUID_INIT(0xbad0ffe3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		.child_relid = cpu_to_le32(1000),
		.monitorid = 200,
		.monitor_allocated = 1,
	};

	sim_send(host, &offer, sizeof(offer));
}

static void fault_monitor_pause(struct sim_host *host)
{
	sim_monitor_pause(host, true);
}

static void fault_monitor_resume(struct sim_host *host)
{
	sim_monitor_pause(host, false);
}

static void fault_guest_type(struct sim_host *host)
{
	struct hvx_msg_header msg = { .msgtype = cpu_to_le32(HVX_MSG_REQUESTOFFERS) };

	sim_send(host, &msg, sizeof(msg));
}

static const struct {
	const char *name;
	void (*inject)(struct sim_host *host);
} sim_faults[] = {
	{ "malformed", fault_malformed },
	{ "oversized", fault_oversized },
	{ "bad_relid", fault_bad_relid },
	{ "unsolicited", fault_unsolicited },
	{ "rescind_unknown", fault_rescind_unknown },
	{ "duplicate_offer", fault_duplicate_offer },
	{ "guest_type", fault_guest_type },
	{ "bad_monitor_id", fault_bad_monitor_id },
	{ "monitor_pause", fault_monitor_pause },
	{ "monitor_resume", fault_monitor_resume },
};

static const char *const sim_bad_completions[] = {
	[0] = "none",
	[SIM_COMPLETION_DUPLICATE] = "duplicate",
	[SIM_COMPLETION_STALE] = "stale",
	[SIM_COMPLETION_UNKNOWN] = "unknown",
};

/*
 * "silent" / "talk": stop or resume answering; "drop N": drop the next N
 * messages the host sends; "delay MS": think MS milliseconds before each
 * answer; "rescind_on_open": answer the next OPENCHANNEL by rescinding the
 * device; "bad_completion duplicate|stale|unknown": follow the next reply on
 * any channel with a forged one; anything in sim_faults[]: do that once.
 */
static ssize_t fault_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	struct sim_host *host = file->private_data;
	unsigned int i, n;
	char cmd[32];
	int ret;

	ret = read_command(ubuf, count, cmd, sizeof(cmd));
	if (ret)
		return ret;
	mutex_lock(&host->lock);
	ret = -EINVAL;
	if (!strcmp(cmd, "silent") || !strcmp(cmd, "talk")) {
		host->silent = cmd[0] == 's';
		ret = 0;
	} else if (sscanf(cmd, "drop %u", &n) == 1) {
		host->drop_replies = n;
		ret = 0;
	} else if (sscanf(cmd, "delay %u", &n) == 1 && n <= 60000) {
		WRITE_ONCE(host->delay_ms, n);
		ret = 0;
	} else if (!strcmp(cmd, "rescind_on_open")) {
		host->rescind_on_open = true;
		ret = 0;
	} else if (!strncmp(cmd, "bad_completion ", 15)) {
		ret = match_string(sim_bad_completions, ARRAY_SIZE(sim_bad_completions),
				   cmd + 15);
		if (ret > 0)
			WRITE_ONCE(host->bad_completion, ret);
		ret = ret > 0 ? 0 : -EINVAL;
	}
	for (i = 0; ret && i < ARRAY_SIZE(sim_faults); i++) {
		if (!strcmp(cmd, sim_faults[i].name)) {
			sim_faults[i].inject(host);
			ret = 0;
		}
	}
	mutex_unlock(&host->lock);
	return ret ?: count;
}

static const struct file_operations fault_fops = {
	.open = simple_open,
	.write = fault_write,
};

/* Removes the directory with whatever backends added to it. */
void sim_debugfs_exit(struct sim_host *host)
{
	struct dentry *dir;

	mutex_lock(&host->lock);
	dir = host->debugfs;
	host->debugfs = NULL;	/* sim_debugfs_remove(): already gone */
	mutex_unlock(&host->lock);
	debugfs_remove_recursive(dir);
}

/**
 * sim_debugfs_file() - a read-only file of a device's own in hvx_sim/
 * @dev: the device (from its backend's init(), without host->lock)
 * @name: the file's name
 * @data: the inode's i_private
 * @fops: its operations
 *
 * Return: the file, for sim_debugfs_remove(); NULL when there is none.
 */
struct dentry *sim_debugfs_file(struct sim_device *dev, const char *name, void *data,
				const struct file_operations *fops)
{
	struct sim_host *host = dev->host;
	struct dentry *file = NULL;

	mutex_lock(&host->lock);
	if (host->debugfs)
		file = debugfs_create_file(name, 0444, host->debugfs, data, fops);
	mutex_unlock(&host->lock);
	return IS_ERR(file) ? NULL : file;
}

/**
 * sim_debugfs_remove() - remove a file sim_debugfs_file() made
 * @dev: the device (from its backend's release(), host->lock held)
 * @file: the file, or NULL
 *
 * Waits for the file's open() and read() calls to finish: they must not
 * take host->lock.
 */
void sim_debugfs_remove(struct sim_device *dev, struct dentry *file)
{
	if (dev->host->debugfs)	/* else it went with the directory */
		debugfs_remove(file);
}

void sim_debugfs_init(struct sim_host *host)
{
	host->debugfs = debugfs_create_dir("hvx_sim", NULL);
	debugfs_create_file("devices", 0444, host->debugfs, host, &devices_fops);
	debugfs_create_file("stats", 0444, host->debugfs, host, &stats_fops);
	debugfs_create_file("add", 0200, host->debugfs, host, &add_fops);
	debugfs_create_file("rescind", 0200, host->debugfs, host, &rescind_fops);
	debugfs_create_file("subchannels", 0200, host->debugfs, host, &subchannels_fops);
	debugfs_create_file("fault", 0200, host->debugfs, host, &fault_fops);
	debugfs_create_file("control", 0200, host->debugfs, host, &control_fops);
	debugfs_create_file("state", 0444, host->debugfs, host, &state_fops);
}
