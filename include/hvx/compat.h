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
#endif

/* 6.10: bounds annotation for flexible arrays whose count is little-endian. */
#ifndef __counted_by_le
#define __counted_by_le(member)
#endif

#endif /* _HVX_COMPAT_H */
