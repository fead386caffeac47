/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMBus channel messages: the control protocol between the guest and the
 * host, carried as SynIC message payloads (at most 240 bytes). Every message
 * starts with an 8-byte header; offsets below include it. Little-endian.
 */
#ifndef _HVX_VMBUS_MSG_H
#define _HVX_VMBUS_MSG_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/uuid.h>
#endif
#include <hvx/compat.h>

#define HVX_MSG_MAX_SIZE	240	/* SynIC message payload */

/* Relids index the 2048-bit event-flag page; bit 0 is never a channel. */
#define HVX_MAX_RELID		2048

/* Protocol versions: major << 16 | minor. */
#define HVX_VMBUS_VERSION(major, minor)	((u32)(major) << 16 | (minor))
#define HVX_VMBUS_WIN8		HVX_VMBUS_VERSION(2, 4)	/* Server 2012: oldest supported */
#define HVX_VMBUS_WIN8_1	HVX_VMBUS_VERSION(3, 0)	/* UNLOAD */
#define HVX_VMBUS_WIN10		HVX_VMBUS_VERSION(4, 0)
#define HVX_VMBUS_WIN10_V4_1	HVX_VMBUS_VERSION(4, 1)	/* MODIFYCHANNEL */
#define HVX_VMBUS_WIN10_V5	HVX_VMBUS_VERSION(5, 0)	/* message connection id 4 */
#define HVX_VMBUS_WIN10_V5_1	HVX_VMBUS_VERSION(5, 1)
#define HVX_VMBUS_WIN10_V5_2	HVX_VMBUS_VERSION(5, 2)
#define HVX_VMBUS_WIN10_V5_3	HVX_VMBUS_VERSION(5, 3)	/* MODIFYCHANNEL_RESPONSE */

enum hvx_msg_type {
	HVX_MSG_INVALID			= 0,
	HVX_MSG_OFFERCHANNEL		= 1,
	HVX_MSG_RESCIND_CHANNELOFFER	= 2,
	HVX_MSG_REQUESTOFFERS		= 3,
	HVX_MSG_ALLOFFERS_DELIVERED	= 4,
	HVX_MSG_OPENCHANNEL		= 5,
	HVX_MSG_OPENCHANNEL_RESULT	= 6,
	HVX_MSG_CLOSECHANNEL		= 7,
	HVX_MSG_GPADL_HEADER		= 8,
	HVX_MSG_GPADL_BODY		= 9,
	HVX_MSG_GPADL_CREATED		= 10,
	HVX_MSG_GPADL_TEARDOWN		= 11,
	HVX_MSG_GPADL_TORNDOWN		= 12,
	HVX_MSG_RELID_RELEASED		= 13,
	HVX_MSG_INITIATE_CONTACT	= 14,
	HVX_MSG_VERSION_RESPONSE	= 15,
	HVX_MSG_UNLOAD			= 16,
	HVX_MSG_UNLOAD_RESPONSE		= 17,
	HVX_MSG_TL_CONNECT_REQUEST	= 21,
	HVX_MSG_MODIFYCHANNEL		= 22,
	HVX_MSG_TL_CONNECT_RESULT	= 23,
	HVX_MSG_MODIFYCHANNEL_RESPONSE	= 24,
	HVX_MSG_COUNT
};

struct hvx_msg_header {
	__le32 msgtype;
	__le32 padding;
};

/* OFFERCHANNEL.chn_flags */
#define HVX_OFFER_ENUMERATE_DEVICE_INTERFACE	0x0001
#define HVX_OFFER_NAMED_PIPE_MODE		0x0010
#define HVX_OFFER_REQUEST_MONITORED_NOTIFICATION 0x0400

struct hvx_msg_offer {
	struct hvx_msg_header hdr;
	guid_t if_type;			/* device class */
	guid_t if_instance;		/* this device */
	u8 reserved1[16];
	__le16 chn_flags;
	__le16 mmio_megabytes;
	u8 user_def[120];
	__le16 sub_channel_index;	/* 0: primary channel */
	__le16 reserved2;
	__le32 child_relid;
	u8 monitorid;
	u8 monitor_allocated;		/* bit 0 */
	__le16 is_dedicated_interrupt;	/* bit 0 */
	__le32 connection_id;		/* for HvSignalEvent */
};

static_assert(sizeof(struct hvx_msg_offer) == 196);
static_assert(offsetof(struct hvx_msg_offer, chn_flags) == 56);
static_assert(offsetof(struct hvx_msg_offer, sub_channel_index) == 180);
static_assert(offsetof(struct hvx_msg_offer, child_relid) == 184);
static_assert(offsetof(struct hvx_msg_offer, connection_id) == 192);

/* RESCIND_CHANNELOFFER, CLOSECHANNEL, RELID_RELEASED */
struct hvx_msg_relid {
	struct hvx_msg_header hdr;
	__le32 child_relid;
};

static_assert(sizeof(struct hvx_msg_relid) == 12);

struct hvx_msg_open {
	struct hvx_msg_header hdr;
	__le32 child_relid;
	__le32 openid;
	__le32 ring_gpadl;
	__le32 target_vp;
	__le32 downstream_page_offset;	/* host-to-guest ring, in 4 KiB pages */
	u8 user_data[120];
};

static_assert(sizeof(struct hvx_msg_open) == 148);

struct hvx_msg_open_result {
	struct hvx_msg_header hdr;
	__le32 child_relid;
	__le32 openid;
	__le32 status;			/* 0: success */
};

static_assert(sizeof(struct hvx_msg_open_result) == 20);

struct hvx_msg_gpadl_header {
	struct hvx_msg_header hdr;
	__le32 child_relid;
	__le32 gpadl;
	__le16 range_buflen;		/* 8 + 8 * all PFNs, body messages' included */
	__le16 range_count;		/* hvx always sends 1 */
	__le32 byte_count;		/* the one range */
	__le32 byte_offset;
	__le64 pfn[];
} __packed;

static_assert(sizeof(struct hvx_msg_gpadl_header) == 28);

struct hvx_msg_gpadl_body {
	struct hvx_msg_header hdr;
	__le32 msgnumber;
	__le32 gpadl;
	__le64 pfn[];
};

static_assert(sizeof(struct hvx_msg_gpadl_body) == 16);

#define HVX_GPADL_HEADER_PFNS \
	((HVX_MSG_MAX_SIZE - sizeof(struct hvx_msg_gpadl_header)) / sizeof(__le64))
#define HVX_GPADL_BODY_PFNS \
	((HVX_MSG_MAX_SIZE - sizeof(struct hvx_msg_gpadl_body)) / sizeof(__le64))

static_assert(HVX_GPADL_HEADER_PFNS == 26);
static_assert(HVX_GPADL_BODY_PFNS == 28);

struct hvx_msg_gpadl_created {
	struct hvx_msg_header hdr;
	__le32 child_relid;
	__le32 gpadl;
	__le32 creation_status;		/* 0: success */
};

static_assert(sizeof(struct hvx_msg_gpadl_created) == 20);

struct hvx_msg_gpadl_teardown {
	struct hvx_msg_header hdr;
	__le32 child_relid;
	__le32 gpadl;
};

static_assert(sizeof(struct hvx_msg_gpadl_teardown) == 16);

struct hvx_msg_gpadl_torndown {
	struct hvx_msg_header hdr;
	__le32 gpadl;
};

static_assert(sizeof(struct hvx_msg_gpadl_torndown) == 12);

struct hvx_msg_initiate_contact {
	struct hvx_msg_header hdr;
	__le32 version;
	__le32 target_vcpu;		/* VP index of the CPU that gets messages */
	union {
		__le64 interrupt_page;	/* before 5.0 */
		struct {		/* 5.0 and later */
			u8 msg_sint;
			u8 msg_vtl;
			u8 reserved[6];
		};
	};
	__le64 monitor_page1;
	__le64 monitor_page2;
};

static_assert(sizeof(struct hvx_msg_initiate_contact) == 40);

/*
 * A monitor page (INITIATE_CONTACT's monitor_page1/2, guest memory). The
 * host fills in what it monitors; the guest only sets pending bits. A
 * channel offered with monitor_allocated has monitor id N: group N / 32,
 * bit N % 32. Page 1 is the host's (server) side, page 2 the guest's
 * (client): the guest signals a monitored channel by setting its pending
 * bit in page 2 and the host polls for it, with no hypercall.
 */
#define HVX_MONITOR_GROUPS		4
#define HVX_MONITOR_GROUP_BITS		32
#define HVX_MONITOR_IDS			(HVX_MONITOR_GROUPS * HVX_MONITOR_GROUP_BITS)

/*
 * The interrupt page (INITIATE_CONTACT before 5.0): the lower half is the
 * host's bitmap, the upper half the guest's send bitmap, one bit per relid.
 */
#define HVX_INT_PAGE_SEND_OFFSET	2048

/* Which page: INITIATE_CONTACT's monitor_page1, monitor_page2. */
enum hvx_monitor_page_index {
	HVX_MONITOR_PAGE_HOST = 0,	/* the host's ("server") */
	HVX_MONITOR_PAGE_GUEST = 1,	/* the guest's ("client"): pending bits */
};

struct hvx_monitor_trigger_group {
	__le32 pending;
	__le32 armed;
};

struct hvx_monitor_parameter {
	__le32 connection_id;		/* bits 23:0 */
	__le16 flag_number;
	__le16 reserved;
};

struct hvx_monitor_page {
	__le32 trigger_state;		/* bit g: group g enabled */
	__le32 reserved1;
	struct hvx_monitor_trigger_group trigger_group[HVX_MONITOR_GROUPS];
	__le64 reserved2[3];
	__le32 next_checktime[HVX_MONITOR_GROUPS][HVX_MONITOR_GROUP_BITS];
	__le16 latency[HVX_MONITOR_GROUPS][HVX_MONITOR_GROUP_BITS];	/* 100 ns units */
	__le64 reserved3[32];
	struct hvx_monitor_parameter parameter[HVX_MONITOR_GROUPS][HVX_MONITOR_GROUP_BITS];
	u8 reserved4[1984];
};

static_assert(sizeof(struct hvx_monitor_page) == 4096);
static_assert(offsetof(struct hvx_monitor_page, trigger_group) == 8);
static_assert(offsetof(struct hvx_monitor_page, next_checktime) == 64);
static_assert(offsetof(struct hvx_monitor_page, latency) == 576);
static_assert(offsetof(struct hvx_monitor_page, parameter) == 1088);

struct hvx_msg_version_response {
	struct hvx_msg_header hdr;
	u8 version_supported;
	u8 connection_state;
	__le16 padding;
	__le32 msg_conn_id;		/* 5.0 and later: post messages here */
};

static_assert(sizeof(struct hvx_msg_version_response) == 16);

struct hvx_msg_modify_channel {
	struct hvx_msg_header hdr;
	__le32 child_relid;
	__le32 target_vp;
};

static_assert(sizeof(struct hvx_msg_modify_channel) == 16);

struct hvx_msg_modify_channel_response {
	struct hvx_msg_header hdr;
	__le32 child_relid;
	__le32 status;
};

static_assert(sizeof(struct hvx_msg_modify_channel_response) == 16);

int hvx_msg_check(const void *msg, u32 len);
const char *hvx_msg_name(u32 type);

#endif /* _HVX_VMBUS_MSG_H */
