// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_vmbus's channel message table, built into hvx_sim too (see
 * core_ring.c), without its exports.
 */
#include <linux/export.h>
#include <kunit/visibility.h>
#undef EXPORT_SYMBOL_GPL
#define EXPORT_SYMBOL_GPL(sym) __ADDRESSABLE(sym)
#undef EXPORT_SYMBOL_IF_KUNIT
#define EXPORT_SYMBOL_IF_KUNIT(sym) __ADDRESSABLE(sym)
#include "../vmbus/msg.c"
