// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for hvx_fb's pure parts: dirty-rectangle merging, the DIRT
 * bytes, the host's resolution list (every malformed shape) and the choice
 * of the starting mode.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <hvx/fb.h>
#include <hvx/synthvid.h>

/* ---- damage ------------------------------------------------------------- */

static void add(struct hvx_fb_damage *d, u32 x1, u32 y1, u32 x2, u32 y2)
{
	struct hvx_fb_rect r = { x1, y1, x2, y2 };

	hvx_fb_damage_add(d, &r);
}

static void expect_rect(struct kunit *test, const struct hvx_fb_rect *r,
			u32 x1, u32 y1, u32 x2, u32 y2)
{
	KUNIT_EXPECT_EQ(test, r->x1, x1);
	KUNIT_EXPECT_EQ(test, r->y1, y1);
	KUNIT_EXPECT_EQ(test, r->x2, x2);
	KUNIT_EXPECT_EQ(test, r->y2, y2);
}

static void damage_empty_ignored(struct kunit *test)
{
	struct hvx_fb_damage d = { 0 };

	add(&d, 5, 5, 5, 10);
	add(&d, 5, 5, 10, 5);
	add(&d, 9, 5, 3, 10);
	KUNIT_EXPECT_EQ(test, d.n, 0);
}

static void damage_apart_kept_apart(struct kunit *test)
{
	struct hvx_fb_damage d = { 0 };

	add(&d, 0, 0, 10, 10);
	add(&d, 20, 0, 30, 10);
	add(&d, 0, 20, 10, 30);
	KUNIT_ASSERT_EQ(test, d.n, 3);
	expect_rect(test, &d.r[0], 0, 0, 10, 10);
	expect_rect(test, &d.r[1], 20, 0, 30, 10);
	expect_rect(test, &d.r[2], 0, 20, 10, 30);
}

static void damage_overlap_merged(struct kunit *test)
{
	struct hvx_fb_damage d = { 0 };

	add(&d, 0, 0, 10, 10);
	add(&d, 5, 5, 15, 12);
	KUNIT_ASSERT_EQ(test, d.n, 1);
	expect_rect(test, &d.r[0], 0, 0, 15, 12);
}

/* fbcon draws a line of text glyph by glyph: one rectangle results. */
static void damage_touching_merged(struct kunit *test)
{
	struct hvx_fb_damage d = { 0 };
	u32 x;

	for (x = 0; x < 80 * 8; x += 8)
		add(&d, x, 16, x + 8, 32);
	KUNIT_ASSERT_EQ(test, d.n, 1);
	expect_rect(test, &d.r[0], 0, 16, 640, 32);
}

static void damage_contained_absorbed(struct kunit *test)
{
	struct hvx_fb_damage d = { 0 };

	add(&d, 0, 0, 100, 100);
	add(&d, 10, 10, 20, 20);
	KUNIT_ASSERT_EQ(test, d.n, 1);
	expect_rect(test, &d.r[0], 0, 0, 100, 100);
}

/* A rectangle bridging two others joins all three. */
static void damage_bridge_chains(struct kunit *test)
{
	struct hvx_fb_damage d = { 0 };

	add(&d, 0, 0, 10, 10);
	add(&d, 50, 0, 60, 10);
	add(&d, 200, 200, 210, 210);
	add(&d, 9, 2, 51, 4);
	KUNIT_ASSERT_EQ(test, d.n, 2);
	expect_rect(test, &d.r[0], 200, 200, 210, 210);
	expect_rect(test, &d.r[1], 0, 0, 60, 10);
}

/* Full: the newcomer joins the rectangle that grows least. */
static void damage_full_joins_nearest(struct kunit *test)
{
	struct hvx_fb_damage d = { 0 };
	unsigned int i;

	for (i = 0; i < HVX_SYNTHVID_MAX_DIRT; i++)
		add(&d, i * 100, 0, i * 100 + 10, 10);
	KUNIT_ASSERT_EQ(test, d.n, HVX_SYNTHVID_MAX_DIRT);
	add(&d, 712, 0, 715, 10);	/* nearest: the one at 700..710 */
	KUNIT_ASSERT_EQ(test, d.n, HVX_SYNTHVID_MAX_DIRT);
	for (i = 0; i < d.n; i++)
		if (d.r[i].x1 == 700)
			break;
	KUNIT_ASSERT_LT(test, i, d.n);
	expect_rect(test, &d.r[i], 700, 0, 715, 10);
}

/* Whatever arrives, the list covers it all and holds no two touching. */
static void damage_covers_everything(struct kunit *test)
{
	struct hvx_fb_damage d = { 0 };
	u32 seed = 12345, x, y, w, h;
	unsigned int i, j, k;
	bool covered;

	for (i = 0; i < 500; i++) {
		seed = seed * 1103515245 + 12345;
		x = (seed >> 8) % 1000;
		y = (seed >> 18) % 700;
		w = 1 + seed % 37;
		h = 1 + (seed >> 3) % 19;
		add(&d, x, y, x + w, y + h);
		KUNIT_ASSERT_LE(test, d.n, HVX_SYNTHVID_MAX_DIRT);
		for (j = 0; j < d.n; j++)
			for (k = j + 1; k < d.n; k++)
				KUNIT_ASSERT_FALSE(test, d.r[j].x1 <= d.r[k].x2 &&
						   d.r[k].x1 <= d.r[j].x2 &&
						   d.r[j].y1 <= d.r[k].y2 &&
						   d.r[k].y1 <= d.r[j].y2);
		covered = false;
		for (j = 0; j < d.n; j++)
			covered |= d.r[j].x1 <= x && d.r[j].y1 <= y &&
				   d.r[j].x2 >= x + w && d.r[j].y2 >= y + h;
		KUNIT_ASSERT_TRUE(test, covered);
	}
}

static void dirt_bytes(struct kunit *test)
{
	struct hvx_fb_damage d = { 2, { { 1, 2, 3, 4 }, { 640, 0, 1024, 768 } } };
	static const u8 want[] = {
		1, 0, 0, 0, 42, 0, 0, 0,	/* pipe: data, 42 bytes follow */
		10, 0, 0, 0, 42, 0, 0, 0,	/* DIRT, 42 bytes with this header */
		0, 2,				/* output 0, two rectangles */
		1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0,
		0x80, 2, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 3, 0, 0,
	};
	struct hvx_synthvid_dirt msg;
	u32 len = hvx_fb_build_dirt(&d, &msg);

	KUNIT_ASSERT_EQ(test, len, sizeof(want));
	KUNIT_EXPECT_MEMEQ(test, &msg, want, sizeof(want));
}

/* ---- the resolution list -------------------------------------------------- */

static const u16 host_modes[][2] = {
	{ 640, 480 }, { 1024, 768 }, { 1920, 1080 }, { 1280, 1024 },
};

/* A response listing @count modes, host_modes over and over. */
static u32 resolutions_build(struct hvx_synthvid_resolution_response *r, u8 count, u8 def)
{
	const unsigned int nr = ARRAY_SIZE(host_modes);

	u32 len = HVX_SYNTHVID_RESOLUTION_RESPONSE_MIN + count * sizeof(r->res[0]);
	unsigned int i;

	memset(r, 0, sizeof(*r));
	hvx_synthvid_hdr_init(&r->hdr, HVX_SYNTHVID_RESOLUTION_RESPONSE, len);
	r->count = count;
	r->default_index = def;
	for (i = 0; i < count && i < HVX_SYNTHVID_MAX_RESOLUTIONS; i++) {
		r->res[i].width = cpu_to_le16(host_modes[i % nr][0]);
		r->res[i].height = cpu_to_le16(host_modes[i % nr][1]);
	}
	return len;
}

static void resolutions_valid(struct kunit *test)
{
	struct hvx_synthvid_resolution_response r;
	struct hvx_fb_modes m;
	u32 len = resolutions_build(&r, 4, 1);

	KUNIT_ASSERT_EQ(test, hvx_fb_parse_resolutions(&r, len, &m), 0);
	KUNIT_EXPECT_EQ(test, m.count, 4);
	KUNIT_EXPECT_EQ(test, m.default_index, 1);
	KUNIT_EXPECT_EQ(test, m.max_width, 1920);
	KUNIT_EXPECT_EQ(test, m.max_height, 1080);
	KUNIT_EXPECT_EQ(test, m.mode[3].width, 1280);
	KUNIT_EXPECT_EQ(test, m.mode[3].height, 1024);
}

static void resolutions_every_short_length(struct kunit *test)
{
	struct hvx_synthvid_resolution_response r;
	struct hvx_fb_modes m;
	u32 len = resolutions_build(&r, 4, 1), l;

	for (l = 0; l < len; l++)
		KUNIT_EXPECT_EQ_MSG(test, hvx_fb_parse_resolutions(&r, l, &m), -EPROTO,
				    "length %u", l);
}

static void resolutions_bad_counts(struct kunit *test)
{
	struct hvx_synthvid_resolution_response r;
	struct hvx_fb_modes m;
	u32 len;

	len = resolutions_build(&r, 0, 0);
	KUNIT_EXPECT_EQ(test, hvx_fb_parse_resolutions(&r, len, &m), -EPROTO);
	/* More than the protocol allows, even with the bytes there. */
	resolutions_build(&r, 4, 0);
	r.count = HVX_SYNTHVID_MAX_RESOLUTIONS + 1;
	KUNIT_EXPECT_EQ(test, hvx_fb_parse_resolutions(&r, sizeof(r), &m), -EPROTO);
	/* A default outside the list. */
	len = resolutions_build(&r, 4, 4);
	KUNIT_EXPECT_EQ(test, hvx_fb_parse_resolutions(&r, len, &m), -EPROTO);
	/* A zero height. */
	len = resolutions_build(&r, 4, 0);
	r.res[2].height = 0;
	KUNIT_EXPECT_EQ(test, hvx_fb_parse_resolutions(&r, len, &m), -EPROTO);
	/* All 64 the protocol allows. */
	len = resolutions_build(&r, 64, 63);
	KUNIT_EXPECT_EQ(test, len, sizeof(r));
	KUNIT_EXPECT_EQ(test, hvx_fb_parse_resolutions(&r, len, &m), 0);
	KUNIT_EXPECT_EQ(test, m.count, 64);
}

/* ---- choosing the mode ----------------------------------------------------- */

static void modes_from(struct kunit *test, struct hvx_fb_modes *m, u8 def)
{
	struct hvx_synthvid_resolution_response r;
	u32 len = resolutions_build(&r, 4, def);

	KUNIT_ASSERT_EQ(test, hvx_fb_parse_resolutions(&r, len, m), 0);
}

static void choose_host_default(struct kunit *test)
{
	struct hvx_fb_modes m;
	u32 w = 0, h = 0;

	modes_from(test, &m, 1);
	KUNIT_EXPECT_EQ(test, hvx_fb_choose_mode(&m, 0, 0, SZ_8M, &w, &h), 0);
	KUNIT_EXPECT_EQ(test, w, 1024);
	KUNIT_EXPECT_EQ(test, h, 768);
}

static void choose_user_mode(struct kunit *test)
{
	struct hvx_fb_modes m;
	u32 w = 0, h = 0;

	modes_from(test, &m, 1);
	/* Not in the list but within the maximum: taken (fbdev has no list). */
	KUNIT_EXPECT_EQ(test, hvx_fb_choose_mode(&m, 800, 600, SZ_8M, &w, &h), 0);
	KUNIT_EXPECT_EQ(test, w, 800);
	KUNIT_EXPECT_EQ(test, h, 600);
	/* Above the host's maximum, too small, too big for VRAM: the default. */
	KUNIT_EXPECT_EQ(test, hvx_fb_choose_mode(&m, 2560, 1440, SZ_64M, &w, &h), 1);
	KUNIT_EXPECT_EQ(test, w, 1024);
	KUNIT_EXPECT_EQ(test, hvx_fb_choose_mode(&m, 320, 200, SZ_8M, &w, &h), 1);
	KUNIT_EXPECT_EQ(test, w, 1024);
	KUNIT_EXPECT_EQ(test, hvx_fb_choose_mode(&m, 1920, 1080, SZ_4M, &w, &h), 1);
	KUNIT_EXPECT_EQ(test, w, 1024);
	/* 1920x1080x4 fits in 8 MiB, and is the host's maximum. */
	KUNIT_EXPECT_EQ(test, hvx_fb_choose_mode(&m, 1920, 1080, SZ_8M, &w, &h), 0);
	KUNIT_EXPECT_EQ(test, w, 1920);
	KUNIT_EXPECT_EQ(test, h, 1080);
}

/* The default does not fit: the largest listed mode that does. */
static void choose_largest_that_fits(struct kunit *test)
{
	struct hvx_fb_modes m;
	u32 w = 0, h = 0;

	modes_from(test, &m, 2);	/* 1920x1080: 8294400 bytes */
	KUNIT_EXPECT_EQ(test, hvx_fb_choose_mode(&m, 0, 0, SZ_4M + SZ_2M, &w, &h), 0);
	KUNIT_EXPECT_EQ(test, w, 1280);
	KUNIT_EXPECT_EQ(test, h, 1024);
	KUNIT_EXPECT_EQ(test, hvx_fb_choose_mode(&m, 0, 0, SZ_1M, &w, &h), -ENOSPC);
}

static struct kunit_case hvx_fb_cases[] = {
	KUNIT_CASE(damage_empty_ignored),
	KUNIT_CASE(damage_apart_kept_apart),
	KUNIT_CASE(damage_overlap_merged),
	KUNIT_CASE(damage_touching_merged),
	KUNIT_CASE(damage_contained_absorbed),
	KUNIT_CASE(damage_bridge_chains),
	KUNIT_CASE(damage_full_joins_nearest),
	KUNIT_CASE(damage_covers_everything),
	KUNIT_CASE(dirt_bytes),
	KUNIT_CASE(resolutions_valid),
	KUNIT_CASE(resolutions_every_short_length),
	KUNIT_CASE(resolutions_bad_counts),
	KUNIT_CASE(choose_host_default),
	KUNIT_CASE(choose_user_mode),
	KUNIT_CASE(choose_largest_that_fits),
	{}
};

static struct kunit_suite hvx_fb_suite = {
	.name = "hvx_fb",
	.test_cases = hvx_fb_cases,
};

kunit_test_suites(&hvx_fb_suite);

MODULE_DESCRIPTION("KUnit tests for hvx_fb");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
