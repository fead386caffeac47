// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_vmbus: the VMBus core. It registers the vmbus bus and waits for a
 * transport (Hyper-V, or hvx_sim) to connect it to a host.
 */
#include <linux/init.h>
#include <linux/module.h>
#include "internal.h"

static int __init hvx_vmbus_init(void)
{
	int ret;

	ret = hvx_conn_init(&hvx_conn);
	if (ret)
		return ret;
	ret = hvx_bus_init();
	if (ret)
		goto out_conn;
	pr_info("hvx_vmbus " HVX_VERSION " loaded\n");
	/* On Hyper-V, connect now; elsewhere a transport module (hvx_sim) will. */
	ret = hvx_hyperv_init();
	if (ret)
		goto out_bus;
	return 0;

out_bus:
	hvx_bus_exit();
out_conn:
	hvx_conn_exit(&hvx_conn);
	return ret;
}

static void __exit hvx_vmbus_exit(void)
{
	/* A transport module holds a reference on us while it is connected. */
	hvx_hyperv_exit();
	hvx_bus_exit();
	hvx_conn_exit(&hvx_conn);
}

module_init(hvx_vmbus_init);
module_exit(hvx_vmbus_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvx VMBus core for Hyper-V guests");
MODULE_VERSION(HVX_VERSION);
