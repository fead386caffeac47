/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the kernels hvx supports (Debian's 6.1 and
 * 6.12). Force-included into every hvx object by the top-level Kbuild, so the
 * driver code reads like mainline code and carries no version #ifs.
 *
 * Prefer feature tests (#ifndef of the macro) over LINUX_VERSION_CODE: distro
 * kernels backport features into old point releases (Debian's 6.1 has
 * __counted_by, for example, but not __counted_by_le).
 */
#ifndef _HVX_COMPAT_H
#define _HVX_COMPAT_H

#ifdef __KERNEL__
#include <linux/compiler.h>
#include <linux/version.h>
#endif

/* 6.10: bounds annotation for flexible arrays whose count is little-endian. */
#ifndef __counted_by_le
#define __counted_by_le(member)
#endif

#ifdef __KERNEL__
/*
 * 6.3 made the device argument of bus_type.uevent const, 6.4 the bus
 * argument of bus attributes; 6.11 did the same for the driver argument of
 * bus_type.match. Signature changes cannot be feature-tested, so these go
 * by version.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define hvx_uevent_device	const struct device
#else
#define hvx_uevent_device	struct device
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define hvx_bus_attr_bus	const struct bus_type
#else
#define hvx_bus_attr_bus	struct bus_type
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define hvx_match_driver	const struct device_driver
#else
#define hvx_match_driver	struct device_driver
#endif
/* FITHAW's calls, thaw_super() and ->thaw_super(): 6.6 added who froze. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define hvx_thaw_as_user(thaw, sb)	thaw(sb, FREEZE_HOLDER_USERSPACE)
#else
#define hvx_thaw_as_user(thaw, sb)	thaw(sb)
#endif
/*
 * The synthetic MSRs through the kernel's accessors, which isolated VMs and
 * nested Hyper-V need (and the test kernel's model of Hyper-V sees): 6.9
 * renamed hv_{get,set}_register() to hv_{get,set}_msr(). <asm/mshyperv.h>.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
#define hvx_hv_get_msr(reg)		hv_get_msr(reg)
#define hvx_hv_set_msr(reg, val)	hv_set_msr(reg, val)
#else
#define hvx_hv_get_msr(reg)		hv_get_register(reg)
#define hvx_hv_set_msr(reg, val)	hv_set_register(reg, val)
#endif
/* get/put_unaligned_*(): 6.12 moved <asm/unaligned.h> to <linux/unaligned.h>. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif
/* skb_gso_segment(): 6.5 moved it from <linux/netdevice.h> to <net/gso.h>. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif
/* ethtool's get_rxfh()/set_rxfh(): 6.8 put their arguments in one struct. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define HVX_ETHTOOL_RXFH_PARAM
#endif
/* fb_get_options(): from 6.5 the caller owns the string (before, it may not). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#define hvx_fb_put_options(opt)	kfree(opt)
#else
#define hvx_fb_put_options(opt)	do { } while (0)
#endif
#endif /* __KERNEL__ */

#endif /* _HVX_COMPAT_H */
