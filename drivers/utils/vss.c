// SPDX-License-Identifier: GPL-2.0
/*
 * Backup (VSS): before a host-side snapshot the host asks the guest to
 * freeze its file systems, after it to thaw them; hv_vss_daemon does both
 * (FIFREEZE/FITHAW on each mounted block device file system). A hot-backup
 * check is relayed too and answered "no auto-recovery"; the other
 * operations need nothing from the guest.
 *
 * A daemon that dies, hangs or fails while file systems may be frozen
 * would leave them frozen for good, every writer blocked. Whenever that can
 * be the case (the daemon closed the device after a freeze and before a
 * successful thaw; a freeze or a thaw timed out or failed) the driver thaws
 * every file system mounted from a block device itself, as FITHAW would.
 */
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/sizes.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <uapi/linux/hyperv.h>
#include <hvx/compat.h>
#include <hvx/vmbus_msg.h>
#include "relay.h"

static const u32 vss_versions[] = { HVX_IC_VERSION(5, 0) };
static const u32 vss_frameworks[] = { HVX_IC_VERSION(3, 0) };

/* A large file system may take long to freeze; Hyper-V waits this long. */
#define VSS_FREEZE_TIMEOUT_S	(15 * 60)
#define VSS_MSG_MAX		8192	/* a FREEZE may carry 6 KiB of volume data */
#define VSS_MOUNTS_MAX		SZ_1M

struct vss_state {
	struct util_dev *u;
	struct work_struct thaw_work;
	u8 op;				/* of the request at the daemon */
	bool frozen;			/* file systems may be frozen */
	u64 thaws_forced;
	u64 malformed;
};

/* FITHAW's work on one file system; 6.6 added who holds a freeze. */
static int vss_thaw_super(struct super_block *sb)
{
	if (sb->s_op->thaw_super)
		return hvx_thaw_as_user(sb->s_op->thaw_super, sb);
	return hvx_thaw_as_user(thaw_super, sb);
}

/* The file system mounted at @dir thawed: 0, or -EINVAL when it was not frozen. */
static int vss_thaw_mount(const char *dir)
{
	struct path path;
	int ret = kern_path(dir, LOOKUP_FOLLOW, &path);

	if (ret)
		return ret;
	ret = vss_thaw_super(path.mnt->mnt_sb);
	path_put(&path);
	return ret;
}

/* A mount point from /proc/<pid>/mounts, its octal escapes (\040...) undone. */
static void vss_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && isodigit(s[2]) &&
		    isodigit(s[3])) {
			*d++ = (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = 0;
}

/* /proc/1/mounts, NUL-terminated: what the daemon froze, as init sees it. */
static char *vss_read_mounts(void)
{
	struct file *f = filp_open("/proc/1/mounts", O_RDONLY, 0);
	loff_t pos = 0;
	size_t len = 0;
	ssize_t n = 0;
	char *buf;

	if (IS_ERR(f))
		return ERR_CAST(f);
	buf = kvmalloc(VSS_MOUNTS_MAX, GFP_KERNEL);
	while (buf && len < VSS_MOUNTS_MAX - 1) {
		n = kernel_read(f, buf + len, VSS_MOUNTS_MAX - 1 - len, &pos);
		if (n <= 0)
			break;
		len += n;
	}
	filp_close(f, NULL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	if (n < 0) {
		kvfree(buf);
		return ERR_PTR(n);
	}
	buf[len] = 0;
	return buf;
}

/*
 * What hv_vss_daemon froze thawed behind it: every file system mounted from
 * a block device. FITHAW of one that is not frozen does nothing. From a
 * worker, so that paths resolve as init sees them.
 */
static void vss_thaw_all(struct work_struct *work)
{
	struct vss_state *st = container_of(work, struct vss_state, thaw_work);
	char *mounts = vss_read_mounts(), *p = mounts, *line, *dev, *dir;
	unsigned int thawed = 0;

	if (IS_ERR(mounts)) {
		dev_err(&st->u->hdev->dev,
			"backup: cannot read the mounts (%ld): run fsfreeze --unfreeze on each\n",
			PTR_ERR(mounts));
		return;
	}
	while ((line = strsep(&p, "\n"))) {
		dev = strsep(&line, " ");
		dir = strsep(&line, " ");
		if (!dir || strncmp(dev, "/dev/", 5))
			continue;
		vss_unescape(dir);
		if (!vss_thaw_mount(dir))
			thawed++;
	}
	kvfree(mounts);
	dev_notice(&st->u->hdev->dev, "backup: %u file systems thawed\n", thawed);
}

/* The daemon can no longer be trusted to thaw: do it. Holds the relay's mutex. */
static void vss_force_thaw(struct vss_state *st, const char *why)
{
	if (!READ_ONCE(st->frozen))
		return;
	dev_warn(&st->u->hdev->dev, "backup: %s; thawing every frozen file system\n", why);
	WRITE_ONCE(st->frozen, false);
	st->thaws_forced++;
	schedule_work(&st->thaw_work);
}

static u32 vss_handle(struct util_dev *u, u8 *body, u32 len)
{
	struct hv_vss_msg *req = (void *)body, *out;
	struct vss_state *st = u->priv;
	bool was_frozen;
	u8 op;

	if (len < sizeof(*req)) {
		st->malformed++;
		return HVX_IC_E_FAIL;
	}
	op = req->vss_hdr.operation;
	switch (op) {
	case VSS_OP_FREEZE:
	case VSS_OP_THAW:
	case VSS_OP_HOT_BACKUP:
		break;
	case VSS_OP_GET_DM_INFO:
		put_unaligned_le32(0, &req->dm_info.flags);
		return HVX_IC_S_OK;
	case VSS_OP_CREATE:
	case VSS_OP_DELETE:
	case VSS_OP_BU_COMPLETE:
	case VSS_OP_AUTO_RECOVER:
		return HVX_IC_S_OK;	/* nothing for the guest to do */
	default:
		st->malformed++;
		return HVX_IC_E_NOT_SUPPORTED;
	}
	out = util_relay_begin(u->relay);
	if (!out)
		return HVX_IC_E_FAIL;		/* no daemon */
	memset(out, 0, sizeof(*out));
	out->vss_hdr.operation = op;
	st->op = op;
	/* From its read on, the daemon may freeze: assume it did until a thaw. */
	was_frozen = READ_ONCE(st->frozen);
	if (op == VSS_OP_FREEZE)
		WRITE_ONCE(st->frozen, true);
	if (!util_relay_submit(u->relay, sizeof(*out), op == VSS_OP_FREEZE ?
			       VSS_FREEZE_TIMEOUT_S : util_relay_timeout_s())) {
		WRITE_ONCE(st->frozen, was_frozen);	/* the daemon never saw it */
		return HVX_IC_E_FAIL;
	}
	return UTIL_ANSWER_LATER;
}

static int vss_hello(struct util_dev *u, const void *msg, u32 len, void *reply)
{
	const struct hv_vss_msg *hello = msg;

	switch (hello->vss_hdr.operation) {
	case VSS_OP_REGISTER:
		return 0;		/* an older daemon: it expects no reply */
	case VSS_OP_REGISTER1:
		put_unaligned((u32)VSS_OP_REGISTER1, (u32 *)reply);
		return sizeof(u32);
	}
	return -EINVAL;
}

static void vss_answer(struct util_dev *u, const void *msg)
{
	const struct hv_vss_msg *d = msg;
	struct vss_state *st = u->priv;
	struct hv_vss_msg *h = util_body(u);
	u32 status = d->error;

	switch (st->op) {
	case VSS_OP_HOT_BACKUP:
		put_unaligned_le32(VSS_HBU_NO_AUTO_RECOVERY, &h->vss_cf.flags);
		break;
	case VSS_OP_FREEZE:
		/* A daemon whose freeze failed thawed what it had frozen. */
		WRITE_ONCE(st->frozen, status == HVX_IC_S_OK);
		break;
	case VSS_OP_THAW:
		if (status == HVX_IC_S_OK)
			WRITE_ONCE(st->frozen, false);
		else
			vss_force_thaw(st, "the daemon failed to thaw");
		break;
	}
	util_answer(u, status);
}

static void vss_failed(struct util_dev *u)
{
	struct vss_state *st = u->priv;

	util_answer(u, HVX_IC_E_FAIL);
	vss_force_thaw(st, "the daemon did not finish a freeze or thaw");
}

static void vss_closed(struct util_dev *u)
{
	vss_force_thaw(u->priv, "the daemon left with file systems frozen");
}

static const struct util_relay_ops vss_relay_ops = {
	.devname = "vmbus/hv_vss",
	.msg_max = sizeof(struct hv_vss_msg),
	.answer_len = sizeof(struct hv_vss_msg),
	.hello = vss_hello,
	.answer = vss_answer,
	.failed = vss_failed,
	.closed = vss_closed,
};

static int vss_init(struct util_dev *u)
{
	struct vss_state *st = u->priv;

	/* Hyper-V offers it to older hosts' guests too, but serves it from 2012 R2 on. */
	if (hvx_vmbus_version() < HVX_VMBUS_WIN8_1) {
		dev_info(&u->hdev->dev, "backup: not served on this host's VMBus version\n");
		return -EOPNOTSUPP;
	}
	st->u = u;
	INIT_WORK(&st->thaw_work, vss_thaw_all);
	return 0;
}

static void vss_exit(struct util_dev *u)
{
	struct vss_state *st = u->priv;

	flush_work(&st->thaw_work);
}

static void vss_show(struct util_dev *u, struct seq_file *s)
{
	struct vss_state *st = u->priv;

	util_relay_show(u->relay, s);
	seq_printf(s, "frozen %d\nthaws_forced %llu\nmalformed %llu\n", READ_ONCE(st->frozen),
		   st->thaws_forced, st->malformed);
}

const struct util_service util_vss = {
	.name = "vss",
	.msgtype = HVX_IC_VSS,
	.versions = vss_versions,
	.nr_versions = ARRAY_SIZE(vss_versions),
	.frameworks = vss_frameworks,
	.nr_frameworks = ARRAY_SIZE(vss_frameworks),
	.msg_max = VSS_MSG_MAX,
	.priv_size = sizeof(struct vss_state),
	.relay = &vss_relay_ops,
	.init = vss_init,
	.exit = vss_exit,
	.handle = vss_handle,
	.show = vss_show,
};

static_assert(sizeof(struct hv_vss_msg) == 12);
