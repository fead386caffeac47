/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Hyper-V synthetic video protocol (class HVX_CLASS_FB), as the guest
 * driver and the simulated host both speak it. Both sides send inband
 * packets without completions. Every message is a pipe header, a synthvid
 * header, then the body; all fields little-endian and packed.
 *
 * The guest places its VRAM in the host's MMIO space (VRAM_LOCATION), says
 * which part of it is the screen (SITUATION_UPDATE), and after each repaint
 * tells the host which rectangles changed (DIRT) once the host asked for
 * them (FEATURE_CHANGE).
 */
#ifndef _HVX_SYNTHVID_H
#define _HVX_SYNTHVID_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/types.h>
#endif

/* Versions are minor << 16 | major: the reverse of every other class. */
#define HVX_SYNTHVID_VERSION(major, minor)	((u32)(minor) << 16 | (major))
#define HVX_SYNTHVID_VERSION_3_2	HVX_SYNTHVID_VERSION(3, 2)	/* Windows 8 */
#define HVX_SYNTHVID_VERSION_3_5	HVX_SYNTHVID_VERSION(3, 5)	/* Windows 10 */

#define HVX_SYNTHVID_PIPE_DATA		1	/* pipe header type of every message */
#define HVX_SYNTHVID_MAX_MSG		512	/* more than any message either side sends */
#define HVX_SYNTHVID_EDID_BYTES		128
#define HVX_SYNTHVID_MAX_RESOLUTIONS	64
#define HVX_SYNTHVID_MAX_DIRT		16	/* rectangles per DIRT message (ours) */
#define HVX_SYNTHVID_POINTER_COMPLETE	0xff	/* part_idx: the whole shape at once */

enum hvx_synthvid_msg_type {
	HVX_SYNTHVID_ERROR = 0,
	HVX_SYNTHVID_VERSION_REQUEST = 1,	/* guest */
	HVX_SYNTHVID_VERSION_RESPONSE = 2,	/* host */
	HVX_SYNTHVID_VRAM_LOCATION = 3,		/* guest */
	HVX_SYNTHVID_VRAM_LOCATION_ACK = 4,	/* host */
	HVX_SYNTHVID_SITUATION_UPDATE = 5,	/* guest */
	HVX_SYNTHVID_SITUATION_UPDATE_ACK = 6,	/* host */
	HVX_SYNTHVID_POINTER_POSITION = 7,	/* guest */
	HVX_SYNTHVID_POINTER_SHAPE = 8,		/* guest */
	HVX_SYNTHVID_FEATURE_CHANGE = 9,	/* host */
	HVX_SYNTHVID_DIRT = 10,			/* guest */
	HVX_SYNTHVID_RESOLUTION_REQUEST = 13,	/* guest, 3.5+ */
	HVX_SYNTHVID_RESOLUTION_RESPONSE = 14,	/* host */
};

/* pipe_size and size are equal: the message less its 8-byte pipe header. */
struct hvx_synthvid_hdr {
	__le32 pipe_type;	/* HVX_SYNTHVID_PIPE_DATA */
	__le32 pipe_size;	/* bytes after the pipe header */
	__le32 type;		/* enum hvx_synthvid_msg_type */
	__le32 size;		/* this synthvid header (8) and the body */
} __packed;

struct hvx_synthvid_version_request {
	struct hvx_synthvid_hdr hdr;
	__le32 version;
} __packed;

struct hvx_synthvid_version_response {
	struct hvx_synthvid_hdr hdr;
	__le32 version;
	u8 is_accepted;
	u8 max_video_outputs;
} __packed;

struct hvx_synthvid_resolution_request {
	struct hvx_synthvid_hdr hdr;
	u8 max_resolutions;	/* how many the guest can take */
} __packed;

struct hvx_synthvid_resolution {
	__le16 width;
	__le16 height;
} __packed;

struct hvx_synthvid_resolution_response {
	struct hvx_synthvid_hdr hdr;
	u8 edid[HVX_SYNTHVID_EDID_BYTES];
	u8 count;
	u8 default_index;
	u8 is_standard;
	struct hvx_synthvid_resolution res[HVX_SYNTHVID_MAX_RESOLUTIONS];
} __packed;

/* The least a response carries: everything before the list. */
#define HVX_SYNTHVID_RESOLUTION_RESPONSE_MIN \
	offsetof(struct hvx_synthvid_resolution_response, res)

struct hvx_synthvid_vram_location {
	struct hvx_synthvid_hdr hdr;
	__le64 user_ctx;	/* echoed by the ack; hvx sends the GPA */
	u8 is_vram_gpa_specified;
	__le64 vram_gpa;
} __packed;

struct hvx_synthvid_vram_location_ack {
	struct hvx_synthvid_hdr hdr;
	__le64 user_ctx;
} __packed;

struct hvx_synthvid_output {
	u8 active;
	__le32 vram_offset;	/* of the first pixel, from the VRAM GPA */
	u8 depth_bits;
	__le32 width;
	__le32 height;
	__le32 pitch;		/* bytes per line */
} __packed;

struct hvx_synthvid_situation_update {
	struct hvx_synthvid_hdr hdr;
	__le64 user_ctx;
	u8 output_count;
	struct hvx_synthvid_output output;	/* the first; hvx drives one */
} __packed;

struct hvx_synthvid_situation_update_ack {
	struct hvx_synthvid_hdr hdr;
	__le64 user_ctx;
} __packed;

struct hvx_synthvid_pointer_position {
	struct hvx_synthvid_hdr hdr;
	u8 is_visible;
	u8 video_output;
	__le32 x;
	__le32 y;
} __packed;

struct hvx_synthvid_pointer_shape {
	struct hvx_synthvid_hdr hdr;
	u8 part_idx;
	u8 is_argb;
	__le32 width;		/* 96 at most */
	__le32 height;
	__le32 hot_x;
	__le32 hot_y;
	u8 data[4];		/* width * height ARGB pixels; one for a hidden pointer */
} __packed;

struct hvx_synthvid_feature_change {
	struct hvx_synthvid_hdr hdr;
	u8 is_dirt_needed;
	u8 is_ptr_pos_needed;
	u8 is_ptr_shape_needed;
	u8 is_situ_needed;
} __packed;

/* x2 and y2 are exclusive. */
struct hvx_synthvid_rect {
	__le32 x1;
	__le32 y1;
	__le32 x2;
	__le32 y2;
} __packed;

struct hvx_synthvid_dirt {
	struct hvx_synthvid_hdr hdr;
	u8 video_output;
	u8 count;
	struct hvx_synthvid_rect rect[HVX_SYNTHVID_MAX_DIRT];
} __packed;

/* A DIRT message with @n rectangles. */
#define HVX_SYNTHVID_DIRT_SIZE(n) \
	(offsetof(struct hvx_synthvid_dirt, rect) + (n) * sizeof(struct hvx_synthvid_rect))

static_assert(sizeof(struct hvx_synthvid_hdr) == 16);
static_assert(sizeof(struct hvx_synthvid_version_request) == 20);
static_assert(sizeof(struct hvx_synthvid_version_response) == 22);
static_assert(sizeof(struct hvx_synthvid_resolution_request) == 17);
static_assert(sizeof(struct hvx_synthvid_resolution_response) == 16 + 387);
static_assert(sizeof(struct hvx_synthvid_vram_location) == 16 + 17);
static_assert(sizeof(struct hvx_synthvid_vram_location_ack) == 24);
static_assert(sizeof(struct hvx_synthvid_output) == 18);
static_assert(sizeof(struct hvx_synthvid_situation_update) == 16 + 27);
static_assert(sizeof(struct hvx_synthvid_pointer_position) == 16 + 10);
static_assert(sizeof(struct hvx_synthvid_pointer_shape) == 16 + 22);
static_assert(sizeof(struct hvx_synthvid_feature_change) == 20);
static_assert(HVX_SYNTHVID_DIRT_SIZE(1) == 16 + 18);
static_assert(sizeof(struct hvx_synthvid_dirt) <= HVX_SYNTHVID_MAX_MSG);
static_assert(sizeof(struct hvx_synthvid_resolution_response) <= HVX_SYNTHVID_MAX_MSG);

/**
 * hvx_synthvid_hdr_init() - fill both headers of a message
 * @hdr: the message's header
 * @type: enum hvx_synthvid_msg_type
 * @len: the whole message, headers included
 */
static inline void hvx_synthvid_hdr_init(struct hvx_synthvid_hdr *hdr, u32 type, u32 len)
{
	hdr->pipe_type = cpu_to_le32(HVX_SYNTHVID_PIPE_DATA);
	hdr->pipe_size = cpu_to_le32(len - 8);
	hdr->type = cpu_to_le32(type);
	hdr->size = cpu_to_le32(len - 8);
}

#endif /* _HVX_SYNTHVID_H */
