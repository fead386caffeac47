// SPDX-License-Identifier: GPL-2.0
/* Version negotiation: the shared ladder walk and the VMBus ladder. */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <kunit/visibility.h>
#include <hvx/version.h>
#include <hvx/vmbus_msg.h>

/**
 * hvx_negotiate_version() - offer a ladder of versions, newest first
 * @ladder: the versions this side speaks, newest first
 * @n: entries in @ladder
 * @max: offer nothing newer than this (a module parameter, say)
 * @try: offers one version to the host (see hvx_version_try_t)
 * @ctx: passed to @try
 * @agreed: set to the version the host accepted
 *
 * Return: 0; -EINVAL when @max is older than every rung; -EPROTONOSUPPORT
 * when the host refused every version offered; or @try's error.
 */
int hvx_negotiate_version(const u32 *ladder, unsigned int n, u32 max,
			  hvx_version_try_t try, void *ctx, u32 *agreed)
{
	bool offered = false;
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		if (ladder[i] > max)
			continue;
		offered = true;
		ret = try(ctx, ladder[i]);
		if (ret < 0)
			return ret;
		if (ret) {
			*agreed = ladder[i];
			return 0;
		}
	}
	return offered ? -EPROTONOSUPPORT : -EINVAL;
}
EXPORT_SYMBOL_GPL(hvx_negotiate_version);

static const u32 vmbus_versions[] = {
	HVX_VMBUS_WIN10_V5_3,
	HVX_VMBUS_WIN10_V5_2,
	HVX_VMBUS_WIN10_V5_1,
	HVX_VMBUS_WIN10_V5,
	HVX_VMBUS_WIN10_V4_1,
	HVX_VMBUS_WIN10,
	HVX_VMBUS_WIN8_1,
	HVX_VMBUS_WIN8,
};

/**
 * hvx_vmbus_negotiate() - negotiate the VMBus protocol: 5.3 down to 2.4
 * @max: newest version to offer
 * @try: sends INITIATE_CONTACT with one version and waits for the answer
 * @ctx: passed to @try
 * @agreed: set to the version in force
 *
 * Return: as hvx_negotiate_version().
 */
int hvx_vmbus_negotiate(u32 max, hvx_version_try_t try, void *ctx, u32 *agreed)
{
	return hvx_negotiate_version(vmbus_versions, ARRAY_SIZE(vmbus_versions),
				     max, try, ctx, agreed);
}
EXPORT_SYMBOL_IF_KUNIT(hvx_vmbus_negotiate);
