// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_echo_test: a class driver for the echo test devices hvx_sim offers.
 * It proves the driver API end to end: modalias autoload, matching, probe
 * and remove, driver_override. (Echo traffic over the channel comes with
 * channel support.)
 */
#include <linux/module.h>
#include <hvx/echo.h>
#include <hvx/vmbus.h>

static int echo_probe(struct hvx_device *dev, const struct hv_vmbus_device_id *id)
{
	dev_info(&dev->dev, "echo device bound (relid %u)\n", hvx_device_relid(dev));
	return 0;
}

static void echo_remove(struct hvx_device *dev)
{
	dev_info(&dev->dev, "echo device unbound (relid %u)\n", hvx_device_relid(dev));
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
	return hvx_driver_register(&echo_driver);
}

static void __exit echo_exit(void)
{
	hvx_driver_unregister(&echo_driver);
}

module_init(echo_init);
module_exit(echo_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvx echo test class driver");
