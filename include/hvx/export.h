/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's pure code (the ring, the channel message table) is built into
 * hvx_sim too, which must load without hvx_vmbus: a host for guests that are
 * not hvx. There (HVX_NO_EXPORT) it exports nothing, so the two modules
 * never offer the same symbol.
 */
#ifndef _HVX_EXPORT_H
#define _HVX_EXPORT_H

#include <linux/export.h>
#include <kunit/visibility.h>

#ifdef HVX_NO_EXPORT
#define HVX_EXPORT(sym)
#define HVX_EXPORT_IF_KUNIT(sym)
#else
#define HVX_EXPORT(sym) EXPORT_SYMBOL_GPL(sym)
#define HVX_EXPORT_IF_KUNIT(sym) EXPORT_SYMBOL_IF_KUNIT(sym)
#endif

#endif /* _HVX_EXPORT_H */
