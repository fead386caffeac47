// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of hvx_fb: the damage list and the DIRT message made of
 * it, and the host's resolution list checked and chosen from. No kernel
 * state: they build in userspace too (tools/fuzz).
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#endif
#include <hvx/fb.h>
#include <hvx/synthvid.h>

/* ---- damage: a short list of merged rectangles --------------------------- */

static bool rect_touches(const struct hvx_fb_rect *a, const struct hvx_fb_rect *b)
{
	return a->x1 <= b->x2 && b->x1 <= a->x2 && a->y1 <= b->y2 && b->y1 <= a->y2;
}

static void rect_union(struct hvx_fb_rect *a, const struct hvx_fb_rect *b)
{
	a->x1 = min(a->x1, b->x1);
	a->y1 = min(a->y1, b->y1);
	a->x2 = max(a->x2, b->x2);
	a->y2 = max(a->y2, b->y2);
}

static u64 rect_area(const struct hvx_fb_rect *r)
{
	return (u64)(r->x2 - r->x1) * (r->y2 - r->y1);
}

/* The area @a grows by when it takes in @b. */
static u64 rect_growth(const struct hvx_fb_rect *a, const struct hvx_fb_rect *b)
{
	struct hvx_fb_rect u = *a;

	rect_union(&u, b);
	return rect_area(&u) - rect_area(a);
}

static void damage_remove(struct hvx_fb_damage *d, unsigned int i)
{
	d->r[i] = d->r[--d->n];
}

/**
 * hvx_fb_damage_add() - note a changed rectangle
 * @d: the damage list
 * @rect: what changed; an empty one is ignored
 *
 * Rectangles that overlap or touch become their bounding box, repeatedly,
 * so the list never holds two that could be one. When the list is full,
 * the new rectangle joins the one whose area grows least.
 */
void hvx_fb_damage_add(struct hvx_fb_damage *d, const struct hvx_fb_rect *rect)
{
	struct hvx_fb_rect r = *rect;
	unsigned int i, best;
	u64 growth, least;

	if (r.x1 >= r.x2 || r.y1 >= r.y2)
		return;
again:
	for (i = 0; i < d->n; i++) {
		if (rect_touches(&d->r[i], &r)) {
			rect_union(&r, &d->r[i]);
			damage_remove(d, i);
			goto again;
		}
	}
	if (d->n < ARRAY_SIZE(d->r)) {
		d->r[d->n++] = r;
		return;
	}
	best = 0;
	least = U64_MAX;
	for (i = 0; i < d->n; i++) {
		growth = rect_growth(&d->r[i], &r);
		if (growth < least) {
			least = growth;
			best = i;
		}
	}
	rect_union(&r, &d->r[best]);
	damage_remove(d, best);
	goto again;	/* the bigger one may now touch others */
}
EXPORT_SYMBOL_IF_KUNIT(hvx_fb_damage_add);

/**
 * hvx_fb_build_dirt() - the DIRT message naming a damage list
 * @d: the rectangles, at least one
 * @msg: filled in
 *
 * Return: the message length.
 */
u32 hvx_fb_build_dirt(const struct hvx_fb_damage *d, struct hvx_synthvid_dirt *msg)
{
	u32 len = HVX_SYNTHVID_DIRT_SIZE(d->n);
	unsigned int i;

	memset(msg, 0, sizeof(*msg));
	hvx_synthvid_hdr_init(&msg->hdr, HVX_SYNTHVID_DIRT, len);
	msg->video_output = 0;
	msg->count = d->n;
	for (i = 0; i < d->n; i++) {
		msg->rect[i].x1 = cpu_to_le32(d->r[i].x1);
		msg->rect[i].y1 = cpu_to_le32(d->r[i].y1);
		msg->rect[i].x2 = cpu_to_le32(d->r[i].x2);
		msg->rect[i].y2 = cpu_to_le32(d->r[i].y2);
	}
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_fb_build_dirt);

/* ---- modes ----------------------------------------------------------------- */

/**
 * hvx_fb_parse_resolutions() - check and copy the host's resolution list
 * @msg: a RESOLUTION_RESPONSE, headers included
 * @len: its length (from its header)
 * @modes: filled in
 *
 * Return: 0; -EPROTO when the list is empty, longer than the protocol
 * allows or than the message, names a default outside it, or holds a
 * zero width or height.
 */
int hvx_fb_parse_resolutions(const void *msg, u32 len, struct hvx_fb_modes *modes)
{
	const struct hvx_synthvid_resolution_response *resp = msg;
	unsigned int i;

	if (len < HVX_SYNTHVID_RESOLUTION_RESPONSE_MIN)
		return -EPROTO;
	if (!resp->count || resp->count > HVX_SYNTHVID_MAX_RESOLUTIONS ||
	    len < HVX_SYNTHVID_RESOLUTION_RESPONSE_MIN + resp->count * sizeof(resp->res[0]) ||
	    resp->default_index >= resp->count)
		return -EPROTO;
	memset(modes, 0, sizeof(*modes));
	for (i = 0; i < resp->count; i++) {
		modes->mode[i].width = le16_to_cpu(resp->res[i].width);
		modes->mode[i].height = le16_to_cpu(resp->res[i].height);
		if (!modes->mode[i].width || !modes->mode[i].height)
			return -EPROTO;
		modes->max_width = max_t(u32, modes->max_width, modes->mode[i].width);
		modes->max_height = max_t(u32, modes->max_height, modes->mode[i].height);
	}
	modes->count = resp->count;
	modes->default_index = resp->default_index;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_fb_parse_resolutions);

/**
 * hvx_fb_mode_fits() - may hvx_fb show @w x @h?
 * @modes: what the host offers
 * @w: the width
 * @h: the height
 * @vram: bytes of VRAM
 *
 * Return: true when it is at least 640x480, within the host's maximum, and
 * fits the VRAM.
 */
bool hvx_fb_mode_fits(const struct hvx_fb_modes *modes, u32 w, u32 h, u64 vram)
{
	return w >= HVX_FB_MIN_WIDTH && h >= HVX_FB_MIN_HEIGHT &&
	       w <= modes->max_width && h <= modes->max_height &&
	       (u64)w * h * (HVX_FB_BPP / 8) <= vram;
}

/**
 * hvx_fb_choose_mode() - the resolution to start with
 * @modes: what the host offers
 * @want_w: the user's width (video=hvx_fb:WxH), 0 for none
 * @want_h: the user's height
 * @vram: bytes of VRAM
 * @w: the width chosen
 * @h: the height chosen
 *
 * The user's mode when it is at least 640x480, within the host's maximum
 * and fits the VRAM; else the host's default when it fits; else the
 * largest listed mode that fits.
 *
 * Return: 0 if @want_w x @want_h was taken or none was asked for, 1 when
 * the request was refused for another mode, -ENOSPC when nothing fits.
 */
int hvx_fb_choose_mode(const struct hvx_fb_modes *modes, u32 want_w, u32 want_h,
		       u64 vram, u32 *w, u32 *h)
{
	unsigned int i, d = modes->default_index;
	u64 best = 0;

	if (want_w && hvx_fb_mode_fits(modes, want_w, want_h, vram)) {
		*w = want_w;
		*h = want_h;
		return 0;
	}
	if (hvx_fb_mode_fits(modes, modes->mode[d].width, modes->mode[d].height, vram)) {
		*w = modes->mode[d].width;
		*h = modes->mode[d].height;
		return want_w ? 1 : 0;
	}
	for (i = 0; i < modes->count; i++) {
		u32 mw = modes->mode[i].width, mh = modes->mode[i].height;

		if (hvx_fb_mode_fits(modes, mw, mh, vram) && (u64)mw * mh > best) {
			best = (u64)mw * mh;
			*w = mw;
			*h = mh;
		}
	}
	if (!best)
		return -ENOSPC;
	return want_w ? 1 : 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_fb_choose_mode);
