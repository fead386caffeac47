// SPDX-License-Identifier: GPL-2.0
/*
 * The pure part of hvx_mouse: the host's device description checked. No
 * kernel state: it builds in userspace too (tools/fuzz).
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <kunit/visibility.h>
#endif
#include <hvx/input.h>
#include <hvx/synth_hid.h>

/**
 * hvx_hid_parse_device_info() - check an INITIAL_DEVICE_INFO body
 * @body: the bytes after the SynthHID header
 * @len: how many (the header's size, already checked against the packet)
 * @info: what it describes, pointing into @body
 *
 * The report descriptor starts where the HID descriptor's own length says,
 * and both must lie inside @len.
 * Return: 0, or -EBADMSG.
 */
int hvx_hid_parse_device_info(const u8 *body, u32 len, struct hvx_hid_info *info)
{
	const struct hvx_hid_dev_info *dev = (const void *)body;
	const struct hvx_hid_class_desc *desc = (const void *)(dev + 1);
	u32 room, report_len;

	if (len < sizeof(*dev) + sizeof(*desc))
		return -EBADMSG;
	room = len - sizeof(*dev);
	report_len = le16_to_cpu(desc->report_len);
	if (desc->length < sizeof(*desc) || desc->length > room || !desc->num_desc ||
	    !report_len || report_len > HVX_HID_MAX_DESCRIPTOR ||
	    report_len > room - desc->length)
		return -EBADMSG;
	info->vendor = le16_to_cpu(dev->vendor);
	info->product = le16_to_cpu(dev->product);
	info->version = le16_to_cpu(dev->version);
	info->desc = desc;
	info->report_desc = (const u8 *)desc + desc->length;
	info->report_len = report_len;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_hid_parse_device_info);
