/* SPDX-License-Identifier: GPL-2.0 */
/* get/put_unaligned_*(): 6.12 moved <asm/unaligned.h> to <linux/unaligned.h>. */
#ifndef _HVX_UNALIGNED_H
#define _HVX_UNALIGNED_H

#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#endif /* _HVX_UNALIGNED_H */
