/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VSTOR, the Hyper-V synthetic storage protocol (classes HVX_CLASS_SCSI,
 * HVX_CLASS_IDE, HVX_CLASS_FC), as the guest driver and the simulated host
 * both speak it. Every message is one 64-byte struct hvx_vstor_packet sent
 * inband, or, for an SRB with data, GPA-direct with the data's pages.
 *
 * Sequence: BEGIN_INITIALIZATION, QUERY_PROTOCOL_VERSION (newest first until
 * the host says yes), QUERY_PROPERTIES, END_INITIALIZATION, then
 * CREATE_SUB_CHANNELS when the host offers more than one channel. Each is
 * answered with COMPLETE_IO and status 0. EXECUTE_SRB carries a SCSI
 * command; its COMPLETE_IO carries the SRB back with status, sense and the
 * bytes transferred. The host sends ENUMERATE_BUS or REMOVE_DEVICE on its
 * own when LUNs come or go.
 */
#ifndef _HVX_VSTOR_H
#define _HVX_VSTOR_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/types.h>
#endif

/* Versions are major << 8 | minor. */
#define HVX_VSTOR_WIN8		0x0501
#define HVX_VSTOR_WIN8_1	0x0600
#define HVX_VSTOR_WIN10		0x0602

enum hvx_vstor_op {
	HVX_VSTOR_COMPLETE_IO = 1,
	HVX_VSTOR_REMOVE_DEVICE = 2,
	HVX_VSTOR_EXECUTE_SRB = 3,
	HVX_VSTOR_RESET_LUN = 4,
	HVX_VSTOR_RESET_ADAPTER = 5,
	HVX_VSTOR_RESET_BUS = 6,
	HVX_VSTOR_BEGIN_INIT = 7,
	HVX_VSTOR_END_INIT = 8,
	HVX_VSTOR_QUERY_VERSION = 9,
	HVX_VSTOR_QUERY_PROPERTIES = 10,
	HVX_VSTOR_ENUMERATE_BUS = 11,
	HVX_VSTOR_FCHBA_DATA = 12,
	HVX_VSTOR_CREATE_SUB_CHANNELS = 13,
};

#define HVX_VSTOR_FLAG_REQUEST_COMPLETION	0x1

#define HVX_VSTOR_CDB_MAX	16
#define HVX_VSTOR_SENSE_MAX	20

/* data_in */
enum hvx_vstor_dir {
	HVX_VSTOR_DATA_OUT = 0,		/* write */
	HVX_VSTOR_DATA_IN = 1,		/* read */
	HVX_VSTOR_DATA_NONE = 2,
};

/* SRB status (low 6 bits) and its flags */
#define HVX_SRB_SUCCESS			0x01
#define HVX_SRB_ABORTED			0x02
#define HVX_SRB_ERROR			0x04
#define HVX_SRB_INVALID_REQUEST		0x06
#define HVX_SRB_TIMEOUT			0x09
#define HVX_SRB_SELECTION_TIMEOUT	0x0a
#define HVX_SRB_BUS_RESET		0x0e
#define HVX_SRB_DATA_OVERRUN		0x12
#define HVX_SRB_INVALID_LUN		0x20
#define HVX_SRB_INTERNAL_ERROR		0x30
#define HVX_SRB_STATUS_MASK		0x3f
#define HVX_SRB_QUEUE_FROZEN		0x40
#define HVX_SRB_AUTOSENSE_VALID		0x80

/* srb_flags */
#define HVX_SRB_FLAG_QUEUE_ACTION_ENABLE	0x00000002
#define HVX_SRB_FLAG_DISABLE_SYNCH_TRANSFER	0x00000008
#define HVX_SRB_FLAG_DATA_IN			0x00000040
#define HVX_SRB_FLAG_DATA_OUT			0x00000080
#define HVX_SRB_FLAG_NO_QUEUE_FREEZE		0x00000100

#define HVX_SRB_SIMPLE_TAG	0x20	/* queue_action */
#define HVX_SRB_UNTAGGED	0xff	/* queue_tag */

/* A SCSI request block, the Windows 8 layout (52 bytes). */
struct hvx_vstor_srb {
	__le16 length;		/* of this structure */
	u8 srb_status;
	u8 scsi_status;
	u8 port;
	u8 path_id;
	u8 target_id;
	u8 lun;
	u8 cdb_length;
	u8 sense_length;
	u8 data_in;		/* enum hvx_vstor_dir */
	u8 reserved;
	__le32 data_length;	/* request: bytes to move; reply: bytes moved */
	union {
		u8 cdb[HVX_VSTOR_CDB_MAX];	/* request */
		u8 sense[HVX_VSTOR_SENSE_MAX];	/* reply */
	};
	__le16 reserve;
	u8 queue_tag;
	u8 queue_action;
	__le32 srb_flags;
	__le32 timeout;		/* seconds */
	__le32 queue_sort_key;
} __packed;

#define HVX_VSTOR_MULTI_CHANNEL		0x1	/* properties flags */

struct hvx_vstor_properties {
	__le32 reserved;
	__le16 max_channels;	/* sub-channels the host can offer */
	__le16 reserved1;
	__le32 flags;
	__le32 max_transfer;	/* bytes per SRB */
	__le64 reserved2;
} __packed;

struct hvx_vstor_version {
	__le16 version;
	__le16 revision;	/* 0 */
} __packed;

/* FCHBA_DATA (virtual Fibre Channel): the adapter's world wide names. */
struct hvx_vstor_wwn {
	u8 primary_active;
	u8 reserved[3];
	u8 primary_port[8];	/* big-endian, as WWNs are written */
	u8 primary_node[8];
	u8 secondary_port[8];
	u8 secondary_node[8];
} __packed;

struct hvx_vstor_packet {
	__le32 op;		/* enum hvx_vstor_op */
	__le32 flags;
	__le32 status;		/* 0: success */
	union {
		struct hvx_vstor_srb srb;
		struct hvx_vstor_properties props;
		struct hvx_vstor_version version;
		struct hvx_vstor_wwn wwn;
		__le16 sub_channels;
		u8 raw[52];
	};
} __packed;

static_assert(sizeof(struct hvx_vstor_srb) == 52);
static_assert(offsetof(struct hvx_vstor_srb, cdb) == 16);
static_assert(offsetof(struct hvx_vstor_srb, srb_flags) == 40);
static_assert(sizeof(struct hvx_vstor_properties) == 24);
static_assert(sizeof(struct hvx_vstor_wwn) == 36);
static_assert(sizeof(struct hvx_vstor_packet) == 64);

#endif /* _HVX_VSTOR_H */
