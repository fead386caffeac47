// SPDX-License-Identifier: GPL-2.0
/*
 * How the host and its guest reach each other. Two links:
 *
 * - direct: hvx_vmbus's transport interface, called as functions (the fast
 *   default test runs). The functions are looked up at load (symbol_get),
 *   so hvx_sim does not depend on hvx_vmbus and can also be the host of a
 *   guest that is not hvx.
 * - Hyper-V: when the kernel runs the model of Hyper-V (booted with
 *   hv_model), the guest finds a Hyper-V and reaches this host through the
 *   SynIC and hypercalls, as it would reach a real one (hv.c).
 */
#include <linux/kmod.h>
#include <linux/module.h>
#include "sim.h"

static bool start_guest = true;
module_param(start_guest, bool, 0444);
MODULE_PARM_DESC(start_guest,
		 "Through the Hyper-V model, load hvx_vmbus once the host is up, as the guest's boot would (default on)");

static void sim_direct_put(struct sim_direct *d)
{
	if (d->connect)
		symbol_put(hvx_vmbus_connect);
	if (d->disconnect)
		symbol_put(hvx_vmbus_disconnect);
	if (d->deliver_msg)
		symbol_put(hvx_vmbus_deliver_msg);
	if (d->deliver_event)
		symbol_put(hvx_vmbus_deliver_event);
	memset(d, 0, sizeof(*d));
}

static int sim_direct_attach(struct sim_host *host)
{
	struct sim_direct *d = &host->direct;
	int ret;

	request_module("hvx_vmbus");
	d->connect = symbol_get(hvx_vmbus_connect);
	d->disconnect = symbol_get(hvx_vmbus_disconnect);
	d->deliver_msg = symbol_get(hvx_vmbus_deliver_msg);
	d->deliver_event = symbol_get(hvx_vmbus_deliver_event);
	if (!d->connect || !d->disconnect || !d->deliver_msg || !d->deliver_event) {
		pr_err("hvx_vmbus is not loaded and could not be\n");
		sim_direct_put(d);
		return -ENODEV;
	}
	ret = d->connect(&host->transport);
	if (ret) {
		pr_err("the guest did not connect: %d\n", ret);
		sim_direct_put(d);
	}
	return ret;
}

/**
 * sim_guest_attach() - open the link to the guest
 * @host: a host whose devices are set up
 *
 * Directly, hvx_vmbus connects before this returns. Through Hyper-V, the
 * guest connects when it wants to; hvx_vmbus is loaded if start_guest.
 */
int sim_guest_attach(struct sim_host *host)
{
	int ret;

	ret = sim_hv_attach(host);
	if (ret == -ENODEV)
		return sim_direct_attach(host);
	if (ret)
		return ret;
	host->via_hyperv = true;
	pr_info("host: serving the guest through the Hyper-V model\n");
	if (start_guest)
		request_module("hvx_vmbus");
	return 0;
}

/* Directly, the guest is disconnected first; through Hyper-V it is gone. */
void sim_guest_detach(struct sim_host *host)
{
	if (host->via_hyperv) {
		sim_hv_detach(host);
		return;
	}
	host->direct.disconnect(&host->transport);
	sim_direct_put(&host->direct);
}

/* A channel message to the guest. */
void sim_guest_msg(struct sim_host *host, const void *msg, u32 len)
{
	if (host->via_hyperv)
		sim_hv_send(host, msg, len);
	else
		host->direct.deliver_msg(msg, len);
}

/* The guest's interrupt for @dev's channel. Any context. */
void sim_guest_event(struct sim_host *host, const struct sim_device *dev)
{
	if (host->via_hyperv)
		sim_hv_event(host, dev);
	else
		host->direct.deliver_event(dev->relid);
}

/*
 * The partition's reference counter, 100 ns units. Through Hyper-V, the one
 * the guest reads (HV_X64_MSR_TIME_REF_COUNT); directly, boot time as if the
 * partition had started an hour before the guest booted (so that a host can
 * stamp a message well in the past).
 */
u64 sim_reference_time(void)
{
	if (sim_hv_attached())
		return sim_hv_reference_time();
	return div_u64(ktime_get_boottime_ns(), 100) + 3600ULL * 10000000;
}
