// SPDX-License-Identifier: GPL-2.0
/*
 * Shutdown: the host asks for a power-off, a reboot or a hibernation, with
 * a reason and a "force" bit. The answer goes out first; the action runs
 * from a work item after it (orderly_poweroff() and orderly_reboot() run
 * the kernel's poweroff and reboot commands; hibernation is a uevent for
 * userspace, refused when the kernel cannot hibernate).
 */
#include <linux/kobject.h>
#include <linux/reboot.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>
#include "utils.h"

static const u32 shutdown_versions[] = {
	HVX_IC_VERSION(3, 2), HVX_IC_VERSION(3, 1), HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0),
};

enum shutdown_action { SHUTDOWN_NONE, SHUTDOWN_POWEROFF, SHUTDOWN_REBOOT, SHUTDOWN_HIBERNATE };

struct shutdown_state {
	struct util_dev *u;
	struct work_struct work;
	int action;			/* enum shutdown_action, set in the callback */
	bool force;
	u32 reason;
	u64 refused;
};

static const char *const shutdown_names[] = {
	[SHUTDOWN_POWEROFF] = "power off",
	[SHUTDOWN_REBOOT] = "reboot",
	[SHUTDOWN_HIBERNATE] = "hibernate",
};

static void shutdown_work(struct work_struct *work)
{
	struct shutdown_state *st = container_of(work, struct shutdown_state, work);
	char *env[2] = { "EVENT=hibernate", NULL };
	int action = xchg(&st->action, SHUTDOWN_NONE);

	if (action == SHUTDOWN_NONE)
		return;
	dev_notice(&st->u->hdev->dev, "the host requests %s%s (reason %#x)\n",
		   shutdown_names[action], st->force ? ", forced" : "", st->reason);
	switch (action) {
	case SHUTDOWN_POWEROFF:
		orderly_poweroff(st->force);
		break;
	case SHUTDOWN_REBOOT:
		orderly_reboot();
		break;
	case SHUTDOWN_HIBERNATE:
		kobject_uevent_env(&st->u->hdev->dev.kobj, KOBJ_CHANGE, env);
		break;
	}
}

static u32 shutdown_handle(struct util_dev *u, u8 *body, u32 len)
{
	struct hvx_ic_shutdown *req = (void *)body;
	struct shutdown_state *st = u->priv;
	u32 flags;
	int action;

	if (len < offsetof(struct hvx_ic_shutdown, message))
		return HVX_IC_E_FAIL;
	flags = le32_to_cpu(req->flags);
	switch (flags & ~HVX_IC_SHUTDOWN_FORCE) {
	case 0:
		action = SHUTDOWN_POWEROFF;
		break;
	case HVX_IC_SHUTDOWN_REBOOT:
		action = SHUTDOWN_REBOOT;
		break;
	case HVX_IC_SHUTDOWN_HIBERNATE:
		if (IS_ENABLED(CONFIG_HIBERNATION)) {
			action = SHUTDOWN_HIBERNATE;
			break;
		}
		fallthrough;
	default:
		st->refused++;
		return HVX_IC_E_FAIL;
	}
	st->force = flags & HVX_IC_SHUTDOWN_FORCE;
	st->reason = le32_to_cpu(req->reason);
	WRITE_ONCE(st->action, action);
	return HVX_IC_S_OK;
}

/* Act only once the host has its answer. */
static void shutdown_answered(struct util_dev *u)
{
	struct shutdown_state *st = u->priv;

	schedule_work(&st->work);
}

static int shutdown_init(struct util_dev *u)
{
	struct shutdown_state *st = u->priv;

	st->u = u;
	INIT_WORK(&st->work, shutdown_work);
	return 0;
}

static void shutdown_exit(struct util_dev *u)
{
	struct shutdown_state *st = u->priv;

	cancel_work_sync(&st->work);
}

static void shutdown_show(struct util_dev *u, struct seq_file *s)
{
	struct shutdown_state *st = u->priv;

	seq_printf(s, "refused %llu\n", READ_ONCE(st->refused));
}

const struct util_service util_shutdown = {
	.name = "shutdown",
	.msgtype = HVX_IC_SHUTDOWN,
	.versions = shutdown_versions,
	.nr_versions = ARRAY_SIZE(shutdown_versions),
	.priv_size = sizeof(struct shutdown_state),
	.init = shutdown_init,
	.exit = shutdown_exit,
	.handle = shutdown_handle,
	.answered = shutdown_answered,
	.show = shutdown_show,
};
