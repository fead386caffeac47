/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The integration-component (IC) framing Hyper-V's integration services
 * share (shutdown, time sync, heartbeat, KVP, VSS, file copy), as the guest
 * driver and the simulated host both speak it. Every message is a pipe
 * header, an IC header, then the service's body. The host sends requests;
 * the guest answers each in the same buffer, with the RESPONSE flag, the
 * same transaction id and a status. The first exchange on a channel is
 * NEGOTIATE: the host lists the framework and service versions it speaks,
 * the guest answers with the one of each it picked, or none.
 */
#ifndef _HVX_IC_H
#define _HVX_IC_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/types.h>
#endif

/* Versions: major << 16 | minor (in the header: two u16, major first). */
#define HVX_IC_VERSION(major, minor)	((u32)(major) << 16 | (minor))

enum hvx_ic_msgtype {
	HVX_IC_NEGOTIATE = 0,
	HVX_IC_HEARTBEAT = 1,
	HVX_IC_KVP = 2,
	HVX_IC_SHUTDOWN = 3,
	HVX_IC_TIMESYNC = 4,
	HVX_IC_VSS = 5,
	HVX_IC_FCOPY = 7,
};

#define HVX_IC_FLAG_TRANSACTION	0x01
#define HVX_IC_FLAG_REQUEST	0x02
#define HVX_IC_FLAG_RESPONSE	0x04

/* Status (HRESULTs) */
#define HVX_IC_S_OK		0x00000000
#define HVX_IC_E_FAIL		0x80004005
#define HVX_IC_E_NOT_SUPPORTED	0x80070032

struct hvx_ic_version {
	__le16 major;
	__le16 minor;
} __packed;

struct hvx_ic_hdr {
	__le32 pipe_flags;		/* vmbuspipe header: flags */
	__le32 pipe_size;		/* ... and message size */
	struct hvx_ic_version frame;	/* framework version */
	__le16 msgtype;			/* enum hvx_ic_msgtype */
	struct hvx_ic_version msgver;	/* service version */
	__le16 msgsize;			/* body bytes */
	__le32 status;
	u8 trans_id;
	u8 flags;
	u8 reserved[2];
} __packed;

/* NEGOTIATE: counts, then frame_count + msg_count versions. */
struct hvx_ic_negotiate {
	__le16 frame_count;
	__le16 msg_count;
	__le32 reserved;
	struct hvx_ic_version versions[];
} __packed;

#define HVX_IC_MAX_VERSIONS	100	/* per list: more is malformed */

/* HEARTBEAT: the guest answers seq + 1. */
struct hvx_ic_heartbeat {
	__le64 seq;
	__le32 reserved[8];
} __packed;

/* SHUTDOWN flags */
#define HVX_IC_SHUTDOWN_FORCE		0x1
#define HVX_IC_SHUTDOWN_REBOOT		0x2
#define HVX_IC_SHUTDOWN_HIBERNATE	0x4

struct hvx_ic_shutdown {
	__le32 reason;
	__le32 timeout_s;
	__le32 flags;
	u8 message[2048];
} __packed;

/* TIMESYNC: times are 100 ns units since 1601-01-01 UTC. */
#define HVX_IC_TIME_PROBE	0x0
#define HVX_IC_TIME_SYNC	0x1
#define HVX_IC_TIME_SAMPLE	0x2
#define HVX_IC_EPOCH_DELTA	116444736000000000ULL	/* 1601 to 1970, 100 ns */

struct hvx_ic_timesync {		/* versions below 4.0 */
	__le64 parent_time;
	__le64 child_time;
	__le64 round_trip;
	u8 flags;
} __packed;

struct hvx_ic_timesync4 {		/* 4.0 */
	__le64 parent_time;
	__le64 ref_time;		/* the host's reference counter when it sampled */
	u8 flags;
	u8 leap_flags;
	u8 stratum;
	u8 reserved[3];
} __packed;

/* What a guest picked in NEGOTIATE. */
struct hvx_ic_versions {
	u32 framework;
	u32 service;
};

#define HVX_IC_NEGOTIATE_ANSWER	16	/* counts 1/1 and the two versions */

/* hvx_utils' pure helpers (drivers/utils/ic.c) */
int hvx_ic_negotiate(u8 *body, u32 len, u32 room, const u32 *fw, u32 nfw,
		     const u32 *srv, u32 nsrv, struct hvx_ic_versions *out);
int hvx_ic_time_to_ns(u64 t, s64 *ns);
int hvx_ic_utf16_to_utf8(const void *src, u32 chars, u8 *dst, u32 size);
int hvx_ic_utf8_to_utf16(const u8 *src, u32 size, void *dst, u32 chars);

static_assert(sizeof(struct hvx_ic_hdr) == 28);
static_assert(sizeof(struct hvx_ic_negotiate) == 8);
static_assert(sizeof(struct hvx_ic_heartbeat) == 40);
static_assert(sizeof(struct hvx_ic_shutdown) == 2060);
static_assert(sizeof(struct hvx_ic_timesync) == 25);
static_assert(sizeof(struct hvx_ic_timesync4) == 22);

#endif /* _HVX_IC_H */
