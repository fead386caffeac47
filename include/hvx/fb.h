/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx_fb internals that its KUnit suite checks: the damage (dirty
 * rectangle) list, the DIRT and resolution messages, the mode choice.
 */
#ifndef _HVX_FB_H
#define _HVX_FB_H

#ifdef __KERNEL__
#include <linux/types.h>
#endif
#include <hvx/synthvid.h>

/* Half-open: x1 <= x < x2, y1 <= y < y2. */
struct hvx_fb_rect {
	u32 x1, y1, x2, y2;
};

/* What changed since the last flush, at most HVX_SYNTHVID_MAX_DIRT rectangles. */
struct hvx_fb_damage {
	unsigned int n;
	struct hvx_fb_rect r[HVX_SYNTHVID_MAX_DIRT];
};

/* The modes the host offers (3.5+), or the fixed ones of a 3.2 host. */
struct hvx_fb_modes {
	unsigned int count;
	unsigned int default_index;
	u32 max_width, max_height;
	struct {
		u16 width, height;
	} mode[HVX_SYNTHVID_MAX_RESOLUTIONS];
};

#define HVX_FB_BPP		32	/* what hvx_fb draws and tells the host */
#define HVX_FB_MIN_WIDTH	640
#define HVX_FB_MIN_HEIGHT	480

void hvx_fb_damage_add(struct hvx_fb_damage *d, const struct hvx_fb_rect *rect);
u32 hvx_fb_build_dirt(const struct hvx_fb_damage *d, struct hvx_synthvid_dirt *msg);
bool hvx_fb_mode_fits(const struct hvx_fb_modes *modes, u32 w, u32 h, u64 vram);
int hvx_fb_parse_resolutions(const void *msg, u32 len, struct hvx_fb_modes *modes);
int hvx_fb_choose_mode(const struct hvx_fb_modes *modes, u32 want_w, u32 want_h,
		       u64 vram, u32 *w, u32 *h);

#endif /* _HVX_FB_H */
