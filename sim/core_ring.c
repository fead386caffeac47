// SPDX-License-Identifier: GPL-2.0
/* The ring code of hvx_vmbus, built in (see include/hvx/export.h). */
#include "../vmbus/ring.c"
