/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version negotiation, the one way every hvx protocol does it: offer the
 * versions of a ladder newest first, one round trip each, until the host
 * accepts one. Versions are compared as u32 (major << 16 | minor for VMBus;
 * each protocol converts its own encoding at its edge).
 */
#ifndef _HVX_VERSION_H
#define _HVX_VERSION_H

#include <linux/types.h>

/*
 * Offer @version to the host. Return 1 if it accepted, 0 if it refused,
 * or a negative errno to stop negotiating (a timeout, a dead channel).
 */
typedef int (*hvx_version_try_t)(void *ctx, u32 version);

int hvx_negotiate_version(const u32 *ladder, unsigned int n, u32 max,
			  hvx_version_try_t try, void *ctx, u32 *agreed);
int hvx_vmbus_negotiate(u32 max, hvx_version_try_t try, void *ctx, u32 *agreed);

#endif /* _HVX_VERSION_H */
