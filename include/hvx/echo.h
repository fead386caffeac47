/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The echo test class: a device hvx_sim offers whose host backend returns
 * every packet it receives. Not a Hyper-V device; it exists to test the
 * VMBus core end to end.
 */
#ifndef _HVX_ECHO_H
#define _HVX_ECHO_H

#include <linux/types.h>
#include <linux/uuid.h>

/* {6f3c0a4e-8a25-4d4b-9d43-5c2f0c8e1a01} */
#define HVX_ECHO_CLASS_GUID \
	GUID_INIT(0x6f3c0a4e, 0x8a25, 0x4d4b, 0x9d, 0x43, 0x5c, 0x2f, 0x0c, 0x8e, 0x1a, 0x01)

/*
 * An inband packet that is exactly this asks the host to read (READ) or
 * write (WRITE) @len bytes at @offset of the buffer the guest described in
 * GPADL @handle. The echo of a read carries the bytes; the echo of a write
 * is the request. When the host cannot (no such GPADL for this channel,
 * past its end) the echo is the request with @len 0.
 */
#define HVX_ECHO_GPADL_READ	0x4c444150	/* "PADL" */
#define HVX_ECHO_GPADL_WRITE	0x57444150	/* "PADW" */
#define HVX_ECHO_GPADL_MAX	4096

struct hvx_echo_gpadl_req {
	__le32 magic;
	__le32 handle;
	__le32 offset;
	__le32 len;
};

/* What the host writes at byte @pos of the buffer. */
static inline u8 hvx_echo_gpadl_byte(u32 pos)
{
	return pos * 13 + 5;
}

#endif /* _HVX_ECHO_H */
