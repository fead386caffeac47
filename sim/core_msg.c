// SPDX-License-Identifier: GPL-2.0
/* The channel message table of hvx_vmbus, built in (see include/hvx/export.h). */
#include "../vmbus/msg.c"
