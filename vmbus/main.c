// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_vmbus: the VMBus core. Today it carries the ring buffer that every
 * channel will use; connection, offers and channels come next.
 */
#include <linux/init.h>
#include <linux/module.h>

static int __init hvx_vmbus_init(void)
{
	pr_info("hvx_vmbus " HVX_VERSION " loaded\n");
	return 0;
}

static void __exit hvx_vmbus_exit(void)
{
}

module_init(hvx_vmbus_init);
module_exit(hvx_vmbus_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvx VMBus core for Hyper-V guests");
MODULE_VERSION(HVX_VERSION);
