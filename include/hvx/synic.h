/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hyper-V synthetic interrupt controller (SynIC) and the hypercalls VMBus
 * uses, as the Hyper-V TLFS defines them. Only what hvx needs.
 */
#ifndef _HVX_SYNIC_H
#define _HVX_SYNIC_H

#include <linux/build_bug.h>
#include <linux/types.h>

#define HVX_MSR_TIME_REF_COUNT	0x40000020	/* partition reference time, 100 ns */
#define HVX_MSR_SCONTROL	0x40000080	/* bit 0: SynIC enabled */
#define HVX_MSR_SIEFP		0x40000082	/* event flags page GPA | enable */
#define HVX_MSR_SIMP		0x40000083	/* message page GPA | enable */
#define HVX_MSR_EOM		0x40000084	/* write 0: deliver the next message */
#define HVX_MSR_SINT0		0x40000090	/* SINTn = SINT0 + n */

#define HVX_SYNIC_ENABLE	BIT_ULL(0)
#define HVX_SINT_MASKED		BIT_ULL(16)
#define HVX_SINT_AUTO_EOI	BIT_ULL(17)

#define HVX_VMBUS_SINT		2	/* VMBus messages and channel events */
#define HVX_SYNIC_SLOTS		16	/* one message slot per SINT */
#define HVX_SYNIC_PAYLOAD	240	/* bytes of a message */

#define HVX_HVCALL_POST_MESSAGE	0x005c
#define HVX_HVCALL_SIGNAL_EVENT	0x005d

#define HVX_HV_STATUS_SUCCESS			0
#define HVX_HV_STATUS_INVALID_HYPERCALL_CODE	2
#define HVX_HV_STATUS_INVALID_HYPERCALL_INPUT	3
#define HVX_HV_STATUS_INVALID_ALIGNMENT		4
#define HVX_HV_STATUS_INVALID_PARAMETER		5
#define HVX_HV_STATUS_INSUFFICIENT_MEMORY	11
#define HVX_HV_STATUS_INVALID_CONNECTION_ID	18
#define HVX_HV_STATUS_INSUFFICIENT_BUFFERS	19

#define HVX_HVMSG_NONE			0x00000000
#define HVX_HVMSG_VMBUS			0x00000001	/* channel messages, both ways */
#define HVX_HVMSG_TIMER_EXPIRED		0x80000010
#define HVX_HVMSG_FLAG_PENDING		0x01

/* One slot of the per-CPU message page. */
struct hvx_synic_msg {
	__le32 message_type;
	u8 payload_size;
	u8 flags;
	__le16 reserved;
	__le64 sender;
	u8 payload[HVX_SYNIC_PAYLOAD];
};

static_assert(sizeof(struct hvx_synic_msg) == 256);

/* HvPostMessage input (the per-CPU hypercall input page). */
struct hvx_post_message_input {
	__le32 connection_id;
	__le32 reserved;
	__le32 message_type;	/* VMBus uses 1 */
	__le32 payload_size;
	u8 payload[HVX_SYNIC_PAYLOAD];
};

static_assert(sizeof(struct hvx_post_message_input) == 256);

#endif /* _HVX_SYNIC_H */
