// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_vmbus's ring code, built into hvx_sim too: the host must load without
 * hvx_vmbus (it may serve a guest that is not hvx). Exported by neither copy
 * here, so that the two modules never offer the same symbol.
 */
#include <linux/export.h>
#undef EXPORT_SYMBOL_GPL
#define EXPORT_SYMBOL_GPL(sym) __ADDRESSABLE(sym)
#include "../vmbus/ring.c"
