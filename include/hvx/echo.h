/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The echo test class: a device hvx_sim offers whose host backend returns
 * every packet it receives. Not a Hyper-V device; it exists to test the
 * VMBus core end to end.
 */
#ifndef _HVX_ECHO_H
#define _HVX_ECHO_H

#include <linux/uuid.h>

/* {6f3c0a4e-8a25-4d4b-9d43-5c2f0c8e1a01} */
#define HVX_ECHO_CLASS_GUID \
	GUID_INIT(0x6f3c0a4e, 0x8a25, 0x4d4b, 0x9d, 0x43, 0x5c, 0x2f, 0x0c, 0x8e, 0x1a, 0x01)

#endif /* _HVX_ECHO_H */
