// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_sim: a simulated Hyper-V host for testing hvx without Hyper-V. Loading
 * it opens the link to the guest (guest.c): directly, it attaches the "sim"
 * transport to hvx_vmbus, which connects, negotiates and receives the offers
 * of the devices configured below, and unloading it disconnects the guest
 * (UNLOAD) and removes them; through the Hyper-V model, the guest connects
 * as to Hyper-V and the host stays until the guest has unloaded.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "sim.h"

static unsigned int host_version = HVX_VMBUS_WIN10_V5_3;
module_param(host_version, uint, 0444);
MODULE_PARM_DESC(host_version, "Newest VMBus version the host accepts (default 5.3)");

static bool silent;
module_param(silent, bool, 0444);
MODULE_PARM_DESC(silent, "Fault: the host never answers (the guest must time out)");

static unsigned int echo_devices = 1;
module_param(echo_devices, uint, 0444);
MODULE_PARM_DESC(echo_devices, "Echo test devices offered at load (default 1)");

static unsigned int monitor_latency_us = 100;
module_param(monitor_latency_us, uint, 0444);
MODULE_PARM_DESC(monitor_latency_us,
		 "How often the host polls the guest's monitor page, 10-6500 us; 0: monitor no device (default 100)");

static struct sim_host *sim_host;

static void sim_msg_work(struct work_struct *work)
{
	struct sim_msg *m = container_of(work, struct sim_msg, work);
	struct sim_host *host = m->host;
	unsigned int delay = READ_ONCE(host->delay_ms);

	if (delay)
		msleep(delay);	/* a slow host, on the host's own worker */
	sim_handle_msg(host, m);
	kfree(m);
	atomic_dec(&host->posts_inflight);
}

/*
 * Like the hypervisor: refuse a message on a connection id nobody serves.
 * Read without host->lock: a hypercall may post with interrupts off.
 */
static bool sim_conn_id_ok(struct sim_host *host, u32 conn_id)
{
	if (!READ_ONCE(host->connected))
		return conn_id == 1 || conn_id == 4;
	if (READ_ONCE(host->version) >= HVX_VMBUS_WIN10_V5)
		return conn_id == SIM_MSG_CONN_ID;
	return conn_id == 1;
}

/**
 * sim_post() - a channel message from the guest, for the host's worker
 * @host: the host
 * @conn_id: the connection id it was posted to
 * @msg: the message, copied
 * @len: its length, a header to HVX_MSG_MAX_SIZE bytes
 * @gfp: GFP_ATOMIC where the caller may not sleep
 *
 * Return: 0, -ENXIO for a connection id the host does not serve, -EINVAL
 * for a bad length, -ENOMEM.
 */
int sim_post(struct sim_host *host, u32 conn_id, const void *msg, u32 len, gfp_t gfp)
{
	struct sim_msg *m;

	if (len < sizeof(struct hvx_msg_header) || len > HVX_MSG_MAX_SIZE)
		return -EINVAL;
	if (!sim_conn_id_ok(host, conn_id)) {
		atomic64_inc(&host->wrong_conn_id);
		return -ENXIO;
	}
	m = kzalloc(sizeof(*m), gfp);
	if (!m)
		return -ENOMEM;
	INIT_WORK(&m->work, sim_msg_work);
	m->host = host;
	m->conn_id = conn_id;
	m->len = len;
	memcpy(m->data, msg, len);
	atomic_inc(&host->posts_inflight);
	queue_work(host->wq, &m->work);
	return 0;
}

static int sim_post_msg(struct hvx_transport *t, u32 conn_id, const void *msg, u32 len)
{
	return sim_post(container_of(t, struct sim_host, transport), conn_id, msg, len,
			GFP_KERNEL);
}

static void sim_signal(struct hvx_transport *t, u32 conn_id)
{
	struct sim_host *host = container_of(t, struct sim_host, transport);

	if (conn_id >= SIM_CONN_ID_CHANNEL) {
		atomic64_inc(&host->hypercall_signals);
		sim_chan_signal(host, conn_id - SIM_CONN_ID_CHANNEL);
	}
}

static u64 sim_transport_time(struct hvx_transport *t)
{
	return sim_reference_time();
}

static u32 sim_vp_index(struct hvx_transport *t, unsigned int cpu)
{
	return cpu;
}

static const struct hvx_transport_ops sim_transport_ops = {
	.post_msg = sim_post_msg,
	.signal = sim_signal,
	.vp_index = sim_vp_index,
	.reference_time = sim_transport_time,
};

static void sim_host_free(struct sim_host *host)
{
	sim_debugfs_exit(host);
	destroy_workqueue(host->wq);
	mutex_lock(&host->lock);
	sim_devices_free(host);
	sim_monitor_exit(host);
	mutex_unlock(&host->lock);
	destroy_workqueue(host->chan_wq);
	sim_vram_exit(host);	/* nothing copies from it any more */
	sim_hv_free(host);	/* nothing sends any more */
	ida_destroy(&host->relids);
	kfree(host);
}

static int __init sim_init(void)
{
	struct sim_host *host;
	unsigned int i;
	int ret;

	host = kzalloc(sizeof(*host), GFP_KERNEL);
	if (!host)
		return -ENOMEM;
	host->transport.name = "sim";
	host->transport.ops = &sim_transport_ops;
	host->newest_version = host_version;
	host->silent = silent;
	mutex_init(&host->lock);
	INIT_LIST_HEAD(&host->devices);
	INIT_LIST_HEAD(&host->gpadls);
	spin_lock_init(&host->gpadl_lock);
	spin_lock_init(&host->chan_lock);
	ida_init(&host->relids);
	sim_monitor_init(host, monitor_latency_us);
	host->wq = alloc_ordered_workqueue("hvx_sim_host", 0);
	host->chan_wq = alloc_workqueue("hvx_sim_chan", WQ_UNBOUND, 0);
	if (!host->wq || !host->chan_wq) {
		if (host->wq)
			destroy_workqueue(host->wq);
		if (host->chan_wq)
			destroy_workqueue(host->chan_wq);
		kfree(host);
		return -ENOMEM;
	}
	sim_debugfs_init(host);
	sim_vram_init(host);
	for (i = 0; i < echo_devices; i++) {
		ret = sim_device_add(host, &sim_echo_backend);
		if (ret < 0)
			goto out_free;
	}

	ret = sim_guest_attach(host);
	if (ret)
		goto out_free;
	sim_host = host;
	return 0;

out_free:
	sim_host_free(host);
	return ret;
}

static void __exit sim_exit(void)
{
	sim_guest_detach(sim_host);
	sim_host_free(sim_host);
}

module_init(sim_init);
module_exit(sim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvx simulated Hyper-V host (for tests)");
MODULE_VERSION(HVX_VERSION);
