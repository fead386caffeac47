// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the synthetic video device (synthvid): it negotiates
 * 3.2 or 3.5, lists its resolutions, lets the guest place its VRAM in the
 * host's MMIO window (vram.c) and describe the screen in it, and copies
 * the rectangles the guest reports dirty from VRAM to the host's screen,
 * which debugfs shows as a PPM image: hvx_sim/screen-<relid>.ppm.
 *
 * Control commands (write "relid command" to hvx_sim/control):
 *   version 3.2|3.5      the newest version the host accepts (default 3.5)
 *   resolutions WxH[,WxH...] [default N]   the list a 3.5 guest is given
 *   dirt 0|1             ask for DIRT messages or not (FEATURE_CHANGE now)
 *   situ                 forget the screen; FEATURE_CHANGE asks for it again
 *   refuse               refuse the next VERSION_REQUEST (twice: the next two)
 *   silent N             ignore the next N requests the host answers
 *                        (VERSION, RESOLUTION, VRAM_LOCATION)
 *   bad_resolutions      the next RESOLUTION_RESPONSE says 200, carries 64
 *   bad_default          its default_index is its count
 *   truncated            the next message the host sends is cut to 10 bytes
 *   oversized            a 600-byte VERSION_RESPONSE, now
 *   bad_type             a message of type 99, now
 *   unsolicited_ack [N]  a VRAM_LOCATION_ACK (user_ctx 0xdead), now; N of
 *                        them (up to 1000) in one burst: one signal for all
 * State: "version=3.5|none host_version=3.5 vram=0xGPA|none
 * mode=WxHx32|none pitch=N offset=N active=0|1 dirt_msgs=N dirt_rects=N
 * dirt_bytes=N situations=N ptr_visible=0|1 ptr_shapes=N ptr_pos=N
 * feature_dirt=0|1 bad=N last_dirt=x1,y1,x2,y2|none" (the last rectangle
 * applied).
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <hvx/ring.h>
#include <hvx/synthvid.h>
#include <hvx/vmbus_classes.h>
#include "sim.h"

#define VIDEO_NO_WINDOW_MB	8	/* what the offer says without a window */
#define VIDEO_MAX_POINTER	96
#define VIDEO_DEFAULT_RES	2	/* 1024x768 */
/* A 3.2 guest is given no list: a Windows 8 host takes up to this. */
#define VIDEO_WIN8_MAX_WIDTH	1600
#define VIDEO_WIN8_MAX_HEIGHT	1200

struct video_res {
	u16 width;
	u16 height;
};

static const struct video_res video_default_res[] = {
	{ 640, 480 }, { 800, 600 }, { 1024, 768 }, { 1152, 864 },
	{ 1280, 720 }, { 1280, 1024 }, { 1600, 900 }, { 1920, 1080 },
};

/* A dirty rectangle, within the screen: x2 and y2 exclusive. */
struct video_rect {
	u32 x1, y1, x2, y2;
};

/* The screen as the guest described it: width 0 until it did. */
struct video_situ {
	bool active;
	u8 depth;
	u32 offset;		/* from the VRAM GPA */
	u32 width;
	u32 height;
	u32 pitch;
};

struct sim_video {
	struct mutex lock;	/* guards everything below (the worker, control, debugfs) */
	struct sim_host *host;
	struct dentry *capture;
	u32 host_version;	/* the newest the host accepts */
	u32 version;		/* accepted, 0 before */
	struct video_res res[HVX_SYNTHVID_MAX_RESOLUTIONS];
	unsigned int nr_res;
	unsigned int default_res;
	bool vram_placed;
	u64 vram_gpa;
	struct video_situ situ;
	u32 *screen;		/* situ.width * situ.height XRGB pixels */
	bool dirt_needed;	/* what FEATURE_CHANGE asks */
	/* faults */
	unsigned int refuse;	/* refuse this many VERSION_REQUESTs */
	unsigned int silent;
	bool bad_resolutions;
	bool bad_default;
	bool truncated;
	/* counters */
	u32 bad;		/* guest messages that made no sense */
	u32 situations;
	u32 dirt_msgs;
	u32 dirt_rects;
	u64 dirt_bytes;
	struct video_rect last_dirt;	/* the last applied; x2 0 before */
	u32 ptr_pos;
	u32 ptr_shapes;
	bool ptr_visible;
	bool feature_dirt;	/* what the host asked last */
};

/* ---- checks (pure) --------------------------------------------------------- */

static bool video_version_known(u32 version)
{
	return version == HVX_SYNTHVID_VERSION_3_2 || version == HVX_SYNTHVID_VERSION_3_5;
}

/* Why VRAM at @gpa cannot be, or NULL: page-aligned, in the window. */
static const char *video_vram_check(const struct resource *win, bool have_window, u64 gpa)
{
	if (!have_window)
		return "VRAM placed, but the host has no MMIO window";
	if (!PAGE_ALIGNED(gpa))
		return "VRAM GPA not page-aligned";
	if (gpa < win->start || gpa > win->end)
		return "VRAM GPA outside the MMIO window";
	return NULL;
}

/* Whether the screen fits in @room bytes of VRAM (from its GPA to the window's end). */
static bool video_situ_fits(const struct video_situ *s, u64 room)
{
	return (u64)s->offset + (u64)s->pitch * s->height <= room;
}

/*
 * Why the guest's screen cannot be, or NULL. @max_w and @max_h: the largest
 * width and height listed; @room: as video_situ_fits().
 */
static const char *video_situ_check(const struct video_situ *s, u32 max_w, u32 max_h, u64 room)
{
	if (s->depth != 32)
		return "depth not 32 bits";
	if (!s->width || !s->height || s->width > max_w || s->height > max_h)
		return "width or height out of range";
	if (s->pitch < (u64)s->width * 4)
		return "pitch smaller than a line";
	if (!video_situ_fits(s, room))
		return "screen beyond the end of the MMIO window";
	return NULL;
}

static const char *video_rect_check(const struct hvx_synthvid_rect *r, u32 width, u32 height,
				    struct video_rect *out)
{
	s32 x1 = le32_to_cpu(r->x1), y1 = le32_to_cpu(r->y1);
	s32 x2 = le32_to_cpu(r->x2), y2 = le32_to_cpu(r->y2);

	if (x1 < 0 || y1 < 0 || x1 >= x2 || y1 >= y2)
		return "empty or negative dirty rectangle";
	if ((u32)x2 > width || (u32)y2 > height)
		return "dirty rectangle beyond the screen";
	*out = (struct video_rect){ x1, y1, x2, y2 };
	return NULL;
}

/* VRAM bytes from the GPA the guest placed it at to the end of the window. */
static u64 video_room(const struct sim_video *v)
{
	const struct resource *win = &v->host->vram_window;

	return resource_size(win) - (v->vram_gpa - win->start);
}

/* The largest screen: the largest width and height listed (3.5), or Windows 8's. */
static void video_max_size(const struct sim_video *v, u32 *width, u32 *height)
{
	unsigned int i;

	if (v->version == HVX_SYNTHVID_VERSION_3_2) {
		*width = VIDEO_WIN8_MAX_WIDTH;
		*height = VIDEO_WIN8_MAX_HEIGHT;
		return;
	}
	*width = 0;
	*height = 0;
	for (i = 0; i < v->nr_res; i++) {
		*width = max_t(u32, *width, v->res[i].width);
		*height = max_t(u32, *height, v->res[i].height);
	}
}

/* A guest message that made no sense (or one rectangle of it). */
static void video_bad(struct sim_channel *ch, struct sim_video *v, u32 type, const char *why)
{
	v->bad++;
	pr_warn_ratelimited("host: relid %u: video: type %u: %s\n", sim_chan_device(ch)->relid,
			    type, why);
}

/* ---- sending --------------------------------------------------------------- */

/*
 * Everything the host sends goes through here (the truncated fault): @msg,
 * of @len bytes, gets its headers for them.
 */
static int video_send(struct sim_video *v, struct sim_channel *ch, void *msg, u32 type, u32 len)
{
	hvx_synthvid_hdr_init(msg, type, len);
	if (!ch)
		return -ENOTCONN;
	if (v->truncated) {
		v->truncated = false;
		len = min(len, 10U);
	}
	return sim_chan_send(ch, HVX_VMPKT_DATA_INBAND, 0, 0, msg, len);
}

/* @situ: the host lost the screen's description and wants it again. */
static int video_send_features(struct sim_video *v, struct sim_channel *ch, bool situ)
{
	struct hvx_synthvid_feature_change msg = {
		.is_dirt_needed = v->dirt_needed,
		.is_situ_needed = situ,
	};
	int ret;

	ret = video_send(v, ch, &msg, HVX_SYNTHVID_FEATURE_CHANGE, sizeof(msg));
	if (!ret)
		v->feature_dirt = v->dirt_needed;
	return ret;
}

/* ---- what the guest sends ------------------------------------------------- */

/* Each returns why the message made no sense, or NULL. Under v->lock. */

static const char *video_on_version(struct sim_channel *ch, struct sim_video *v,
				    const void *msg, u32 len)
{
	const struct hvx_synthvid_version_request *req = msg;
	struct hvx_synthvid_version_response resp = {
		.version = req->version,
		.max_video_outputs = 1,
	};
	u32 version = le32_to_cpu(req->version);
	bool refuse = v->refuse;

	if (refuse)
		v->refuse--;
	resp.is_accepted = video_version_known(version) && version <= v->host_version &&
			   !refuse;
	v->version = resp.is_accepted ? version : 0;
	video_send(v, ch, &resp, HVX_SYNTHVID_VERSION_RESPONSE, sizeof(resp));
	return NULL;
}

static const char *video_on_resolution(struct sim_channel *ch, struct sim_video *v,
				       const void *msg, u32 len)
{
	const struct hvx_synthvid_resolution_request *req = msg;
	struct hvx_synthvid_resolution_response resp = {
		/* An EDID with a valid header and nothing else. */
		.edid = { 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00 },
	};
	unsigned int n = min_t(unsigned int, v->nr_res, req->max_resolutions), i;
	u32 size = HVX_SYNTHVID_RESOLUTION_RESPONSE_MIN + n * sizeof(resp.res[0]);

	if (v->version != HVX_SYNTHVID_VERSION_3_5)
		return "RESOLUTION_REQUEST without version 3.5";
	resp.count = n;
	resp.default_index = v->default_res < n ? v->default_res : 0;
	for (i = 0; i < n; i++) {
		resp.res[i].width = cpu_to_le16(v->res[i].width);
		resp.res[i].height = cpu_to_le16(v->res[i].height);
	}
	if (v->bad_resolutions) {
		v->bad_resolutions = false;
		for (i = 0; i < HVX_SYNTHVID_MAX_RESOLUTIONS; i++) {
			resp.res[i].width = cpu_to_le16(v->res[i % v->nr_res].width);
			resp.res[i].height = cpu_to_le16(v->res[i % v->nr_res].height);
		}
		resp.count = 200;
		size = sizeof(resp);
	}
	if (v->bad_default) {
		v->bad_default = false;
		resp.default_index = resp.count;
	}
	video_send(v, ch, &resp, HVX_SYNTHVID_RESOLUTION_RESPONSE, size);
	return NULL;
}

static const char *video_on_vram(struct sim_channel *ch, struct sim_video *v,
				 const void *msg, u32 len)
{
	const struct hvx_synthvid_vram_location *req = msg;
	struct hvx_synthvid_vram_location_ack ack = { .user_ctx = req->user_ctx };
	u64 gpa = le64_to_cpu(req->vram_gpa);
	const char *why;

	if (req->is_vram_gpa_specified != 1)
		return "VRAM_LOCATION without a GPA";
	why = video_vram_check(&v->host->vram_window, !!v->host->vram, gpa);
	if (why)
		return why;
	v->vram_placed = true;
	v->vram_gpa = gpa;
	video_send(v, ch, &ack, HVX_SYNTHVID_VRAM_LOCATION_ACK, sizeof(ack));
	video_send_features(v, ch, false);
	return NULL;
}

static const char *video_on_situation(struct sim_channel *ch, struct sim_video *v,
				      const void *msg, u32 len)
{
	const struct hvx_synthvid_situation_update *req = msg;
	const struct hvx_synthvid_output *out = &req->output;
	struct hvx_synthvid_situation_update_ack ack = { .user_ctx = req->user_ctx };
	struct video_situ s = {
		.active = out->active,
		.depth = out->depth_bits,
		.offset = le32_to_cpu(out->vram_offset),
		.width = le32_to_cpu(out->width),
		.height = le32_to_cpu(out->height),
		.pitch = le32_to_cpu(out->pitch),
	};
	u32 max_w, max_h, *screen;
	const char *why;

	if (!req->output_count)
		return "SITUATION_UPDATE without outputs";
	if (!v->vram_placed)
		return "SITUATION_UPDATE before VRAM_LOCATION";
	video_max_size(v, &max_w, &max_h);
	why = video_situ_check(&s, max_w, max_h, video_room(v));
	if (why)
		return why;
	/* At most the window's size (the check above): no overflow. */
	screen = vzalloc(array3_size(s.width, s.height, sizeof(u32)));
	if (!screen)
		return NULL;
	vfree(v->screen);
	v->screen = screen;
	v->situ = s;
	v->situations++;
	video_send(v, ch, &ack, HVX_SYNTHVID_SITUATION_UPDATE_ACK, sizeof(ack));
	return NULL;
}

static const char *video_on_pointer_position(struct sim_channel *ch, struct sim_video *v,
					     const void *msg, u32 len)
{
	const struct hvx_synthvid_pointer_position *req = msg;

	v->ptr_visible = req->is_visible;
	v->ptr_pos++;
	return NULL;
}

static const char *video_on_pointer_shape(struct sim_channel *ch, struct sim_video *v,
					  const void *msg, u32 len)
{
	const struct hvx_synthvid_pointer_shape *req = msg;

	if (le32_to_cpu(req->width) > VIDEO_MAX_POINTER ||
	    le32_to_cpu(req->height) > VIDEO_MAX_POINTER)
		return "pointer shape larger than 96x96";
	v->ptr_shapes++;
	return NULL;
}

/* One line of a rectangle at a time, from VRAM to the host's screen. */
static void video_copy_rect(struct sim_video *v, const struct video_rect *r)
{
	const struct video_situ *s = &v->situ;
	const u8 *vram = (const u8 *)v->host->vram + (v->vram_gpa - v->host->vram_window.start) +
			 s->offset;
	u32 y;

	for (y = r->y1; y < r->y2; y++)
		memcpy(v->screen + (size_t)y * s->width + r->x1,
		       vram + (size_t)y * s->pitch + (size_t)r->x1 * 4, (r->x2 - r->x1) * 4);
}

static const char *video_on_dirt(struct sim_channel *ch, struct sim_video *v,
				 const void *msg, u32 len)
{
	const struct hvx_synthvid_dirt *req = msg;
	const struct hvx_synthvid_rect *rects = msg + offsetof(struct hvx_synthvid_dirt, rect);
	struct video_rect r;
	const char *why;
	unsigned int i;

	if (req->video_output != 0)
		return "DIRT for an output other than 0";
	if (!req->count || len < HVX_SYNTHVID_DIRT_SIZE(req->count))
		return "DIRT rectangle count 0 or beyond the message";
	if (!v->vram_placed || !v->situ.width)
		return "DIRT before VRAM_LOCATION and SITUATION_UPDATE";
	/* VRAM placed again, further on, since the screen was described */
	if (!video_situ_fits(&v->situ, video_room(v)))
		return "DIRT on a screen beyond the end of the MMIO window";
	v->dirt_msgs++;
	for (i = 0; i < req->count; i++) {
		/* Each bad one counts; the good ones are applied. */
		why = video_rect_check(&rects[i], v->situ.width, v->situ.height, &r);
		if (why) {
			video_bad(ch, v, HVX_SYNTHVID_DIRT, why);
			continue;
		}
		if (v->situ.active)
			video_copy_rect(v, &r);
		v->dirt_rects++;
		v->dirt_bytes += (u64)(r.x2 - r.x1) * (r.y2 - r.y1) * 4;
		v->last_dirt = r;
	}
	return NULL;
}

static const struct {
	u32 type;
	u32 len;		/* the least it has */
	bool answered;		/* the host answers it (the silent fault skips it) */
	const char *(*handle)(struct sim_channel *ch, struct sim_video *v, const void *msg,
			      u32 len);
} video_guest_msgs[] = {
	{ HVX_SYNTHVID_VERSION_REQUEST, sizeof(struct hvx_synthvid_version_request), true,
	  video_on_version },
	{ HVX_SYNTHVID_RESOLUTION_REQUEST, sizeof(struct hvx_synthvid_resolution_request),
	  true, video_on_resolution },
	{ HVX_SYNTHVID_VRAM_LOCATION, sizeof(struct hvx_synthvid_vram_location), true,
	  video_on_vram },
	{ HVX_SYNTHVID_SITUATION_UPDATE, sizeof(struct hvx_synthvid_situation_update), false,
	  video_on_situation },
	{ HVX_SYNTHVID_POINTER_POSITION, sizeof(struct hvx_synthvid_pointer_position), false,
	  video_on_pointer_position },
	{ HVX_SYNTHVID_POINTER_SHAPE, sizeof(struct hvx_synthvid_pointer_shape), false,
	  video_on_pointer_shape },
	{ HVX_SYNTHVID_DIRT, HVX_SYNTHVID_DIRT_SIZE(0), false, video_on_dirt },
};

/*
 * Both sizes in the header are the message less its pipe header; the
 * packet's payload is the message padded to 8 bytes.
 */
static const char *video_msg_len(const void *msg, u32 len, u32 *msg_len)
{
	const struct hvx_synthvid_hdr *hdr = msg;
	u32 size;

	if (len < sizeof(*hdr))
		return "shorter than its headers";
	size = le32_to_cpu(hdr->size);
	if (le32_to_cpu(hdr->pipe_type) != HVX_SYNTHVID_PIPE_DATA)
		return "pipe type not 1";
	if (le32_to_cpu(hdr->pipe_size) != size)
		return "pipe size and size differ";
	if (size > len - 8 || ALIGN(size + 8, 8) != len || size + 8 < sizeof(*hdr))
		return "size does not match the packet";
	*msg_len = size + 8;
	return NULL;
}

static const char *video_dispatch(struct sim_channel *ch, struct sim_video *v,
				  const struct hvx_ring_pkt *pkt, const u8 *msg, u32 *type)
{
	u32 len = hvx_ring_payload_len(pkt);
	const char *why;
	unsigned int i;

	if (pkt->type != HVX_VMPKT_DATA_INBAND)
		return "not an inband packet";
	why = video_msg_len(msg, len, &len);
	if (why)
		return why;
	*type = le32_to_cpu(((const struct hvx_synthvid_hdr *)msg)->type);
	for (i = 0; i < ARRAY_SIZE(video_guest_msgs); i++) {
		if (video_guest_msgs[i].type != *type)
			continue;
		if (len < video_guest_msgs[i].len)
			return "shorter than its type";
		if (video_guest_msgs[i].answered && v->silent) {
			v->silent--;
			return NULL;
		}
		return video_guest_msgs[i].handle(ch, v, msg, len);
	}
	return "a type the guest does not send";
}

static void video_handle_packet(struct sim_channel *ch, const struct hvx_ring_pkt *pkt,
				const u8 *packet)
{
	struct sim_video *v = sim_chan_state(ch);
	const char *why;
	u32 type = 0;

	mutex_lock(&v->lock);
	why = video_dispatch(ch, v, pkt, packet + pkt->offset, &type);
	if (why)
		video_bad(ch, v, type, why);
	mutex_unlock(&v->lock);
}

/* A new connection negotiates and places its VRAM again; the screen stays. */
static void video_closed(struct sim_channel *ch)
{
	struct sim_video *v = sim_chan_state(ch);

	mutex_lock(&v->lock);
	v->version = 0;
	v->vram_placed = false;
	mutex_unlock(&v->lock);
}

/* ---- the capture: hvx_sim/screen-<relid>.ppm ----------------------------- */

struct video_capture {
	size_t len;
	u8 data[];
};

/* The screen at the moment of open(), a binary PPM. */
static int video_capture_open(struct inode *inode, struct file *file)
{
	struct sim_video *v = inode->i_private;
	struct video_capture *c;
	size_t pixels, i;
	char hdr[32];
	int hdr_len;
	u8 *p;

	mutex_lock(&v->lock);
	if (!v->screen) {
		mutex_unlock(&v->lock);
		return -ENODATA;
	}
	hdr_len = snprintf(hdr, sizeof(hdr), "P6\n%u %u\n255\n", v->situ.width, v->situ.height);
	pixels = (size_t)v->situ.width * v->situ.height;
	c = vmalloc(struct_size(c, data, hdr_len + pixels * 3));
	if (!c) {
		mutex_unlock(&v->lock);
		return -ENOMEM;
	}
	c->len = hdr_len + pixels * 3;
	memcpy(c->data, hdr, hdr_len);
	p = c->data + hdr_len;
	for (i = 0; i < pixels; i++) {
		*p++ = v->screen[i] >> 16;
		*p++ = v->screen[i] >> 8;
		*p++ = v->screen[i];
	}
	mutex_unlock(&v->lock);
	file->private_data = c;
	return 0;
}

static ssize_t video_capture_read(struct file *file, char __user *buf, size_t count,
				  loff_t *ppos)
{
	struct video_capture *c = file->private_data;

	return simple_read_from_buffer(buf, count, ppos, c->data, c->len);
}

static int video_capture_release(struct inode *inode, struct file *file)
{
	vfree(file->private_data);
	return 0;
}

static const struct file_operations video_capture_fops = {
	.owner = THIS_MODULE,
	.open = video_capture_open,
	.read = video_capture_read,
	.release = video_capture_release,
	.llseek = default_llseek,
};

/* ---- the device ----------------------------------------------------------- */

static int video_init(struct sim_device *dev)
{
	struct sim_video *v = dev->state;
	struct sim_host *host = dev->host;
	char name[32];

	mutex_init(&v->lock);
	v->host = host;
	v->host_version = HVX_SYNTHVID_VERSION_3_5;
	memcpy(v->res, video_default_res, sizeof(video_default_res));
	v->nr_res = ARRAY_SIZE(video_default_res);
	v->default_res = VIDEO_DEFAULT_RES;
	v->dirt_needed = true;
	if (host->vram)
		dev->mmio_megabytes = min_t(u64, resource_size(&host->vram_window) >> 20, U16_MAX);
	else
		dev->mmio_megabytes = VIDEO_NO_WINDOW_MB;
	snprintf(name, sizeof(name), "screen-%u.ppm", dev->relid);
	v->capture = sim_debugfs_file(dev, name, v, &video_capture_fops);
	return 0;
}

/* The channel is closed: nothing but the capture reaches the state. */
static void video_release(struct sim_device *dev)
{
	struct sim_video *v = dev->state;

	sim_debugfs_remove(dev, v->capture);
	vfree(v->screen);
	mutex_destroy(&v->lock);
}

/* ---- control -------------------------------------------------------------- */

static int video_cmd_version(struct sim_device *dev, char *args)
{
	struct sim_video *v = dev->state;
	u32 version;

	if (!strcmp(args, "3.2"))
		version = HVX_SYNTHVID_VERSION_3_2;
	else if (!strcmp(args, "3.5"))
		version = HVX_SYNTHVID_VERSION_3_5;
	else
		return -EINVAL;
	mutex_lock(&v->lock);
	v->host_version = version;
	mutex_unlock(&v->lock);
	return 0;
}

/* "WxH": both 1..65535. */
static int video_parse_res(char *word, struct video_res *r)
{
	char *h = strchr(word, 'x');

	if (!h)
		return -EINVAL;
	*h++ = 0;
	if (kstrtou16(word, 10, &r->width) || kstrtou16(h, 10, &r->height) ||
	    !r->width || !r->height)
		return -EINVAL;
	return 0;
}

/* "WxH[,WxH...] [default N]" */
static int video_cmd_resolutions(struct sim_device *dev, char *args)
{
	struct sim_video *v = dev->state;
	struct video_res res[HVX_SYNTHVID_MAX_RESOLUTIONS];
	char *list = strsep(&args, " "), *word;
	unsigned int n = 0, def = 0;

	while ((word = strsep(&list, ","))) {
		if (n == ARRAY_SIZE(res) || video_parse_res(word, &res[n]))
			return -EINVAL;
		n++;
	}
	if (!n)
		return -EINVAL;
	if (args) {
		args = skip_spaces(args);
		if (strncmp(args, "default ", 8) || kstrtouint(skip_spaces(args + 8), 10, &def))
			return -EINVAL;
	}
	if (def >= n)
		return -EINVAL;
	mutex_lock(&v->lock);
	memcpy(v->res, res, n * sizeof(res[0]));
	v->nr_res = n;
	v->default_res = def;
	mutex_unlock(&v->lock);
	return 0;
}

static int video_cmd_dirt(struct sim_device *dev, char *args)
{
	struct sim_video *v = dev->state;
	int ret = 0;
	u8 on;

	if (kstrtou8(args, 10, &on) || on > 1)
		return -EINVAL;
	mutex_lock(&v->lock);
	v->dirt_needed = on;
	if (dev->chan)
		ret = video_send_features(v, dev->chan, false);
	mutex_unlock(&v->lock);
	return ret;
}

/* As after a restore: the host forgets the screen and asks for it again. */
static int video_cmd_situ(struct sim_device *dev, char *args)
{
	struct sim_video *v = dev->state;
	int ret = -ENOTCONN;

	mutex_lock(&v->lock);
	if (dev->chan) {
		vfree(v->screen);
		v->screen = NULL;
		v->situ = (struct video_situ){ 0 };
		ret = video_send_features(v, dev->chan, true);
	}
	mutex_unlock(&v->lock);
	return ret;
}

static int video_cmd_silent(struct sim_device *dev, char *args)
{
	struct sim_video *v = dev->state;
	unsigned int n;

	if (kstrtouint(args, 10, &n))
		return -EINVAL;
	mutex_lock(&v->lock);
	v->silent = n;
	mutex_unlock(&v->lock);
	return 0;
}

/* The one-shot faults: a flag each, cleared when it has struck. */
static int video_set_fault(struct sim_video *v, bool *fault)
{
	mutex_lock(&v->lock);
	*fault = true;
	mutex_unlock(&v->lock);
	return 0;
}

/* Each one refuses one more VERSION_REQUEST. */
static int video_cmd_refuse(struct sim_device *dev, char *args)
{
	struct sim_video *v = dev->state;

	mutex_lock(&v->lock);
	v->refuse++;
	mutex_unlock(&v->lock);
	return 0;
}

static int video_cmd_bad_resolutions(struct sim_device *dev, char *args)
{
	struct sim_video *v = dev->state;

	return video_set_fault(v, &v->bad_resolutions);
}

static int video_cmd_bad_default(struct sim_device *dev, char *args)
{
	struct sim_video *v = dev->state;

	return video_set_fault(v, &v->bad_default);
}

static int video_cmd_truncated(struct sim_device *dev, char *args)
{
	struct sim_video *v = dev->state;

	return video_set_fault(v, &v->truncated);
}

/* A message from the control interface, sent now. */
static int video_send_now(struct sim_device *dev, void *msg, u32 type, u32 len)
{
	struct sim_video *v = dev->state;
	int ret;

	mutex_lock(&v->lock);
	ret = video_send(v, dev->chan, msg, type, len);
	mutex_unlock(&v->lock);
	return ret;
}

static int video_cmd_oversized(struct sim_device *dev, char *args)
{
	u8 *msg = kzalloc(600, GFP_KERNEL);
	int ret;

	if (!msg)
		return -ENOMEM;
	ret = video_send_now(dev, msg, HVX_SYNTHVID_VERSION_RESPONSE, 600);
	kfree(msg);
	return ret;
}

static int video_cmd_bad_type(struct sim_device *dev, char *args)
{
	struct hvx_synthvid_feature_change msg = { .is_dirt_needed = 1 };

	return video_send_now(dev, &msg, 99, sizeof(msg));
}

static int video_cmd_unsolicited_ack(struct sim_device *dev, char *args)
{
	struct hvx_synthvid_vram_location_ack ack = { .user_ctx = cpu_to_le64(0xdead) };
	struct sim_video *v = dev->state;
	unsigned int n = 1;
	int ret = -ENOTCONN;

	if (*args && (kstrtouint(args, 10, &n) || !n || n > 1000))
		return -EINVAL;
	if (n == 1)
		return video_send_now(dev, &ack, HVX_SYNTHVID_VRAM_LOCATION_ACK, sizeof(ack));
	hvx_synthvid_hdr_init(&ack.hdr, HVX_SYNTHVID_VRAM_LOCATION_ACK, sizeof(ack));
	mutex_lock(&v->lock);
	if (dev->chan)
		ret = sim_chan_send_burst(dev->chan, HVX_VMPKT_DATA_INBAND, &ack, sizeof(ack), n);
	mutex_unlock(&v->lock);
	return ret;
}

static const struct sim_command video_commands[] = {
	{ "version", video_cmd_version },
	{ "resolutions", video_cmd_resolutions },
	{ "dirt", video_cmd_dirt },
	{ "situ", video_cmd_situ },
	{ "refuse", video_cmd_refuse },
	{ "silent", video_cmd_silent },
	{ "bad_resolutions", video_cmd_bad_resolutions },
	{ "bad_default", video_cmd_bad_default },
	{ "truncated", video_cmd_truncated },
	{ "oversized", video_cmd_oversized },
	{ "bad_type", video_cmd_bad_type },
	{ "unsolicited_ack", video_cmd_unsolicited_ack },
};

static void video_show_version(struct seq_file *s, const char *key, u32 version)
{
	if (version)
		seq_printf(s, " %s=%u.%u", key, version & 0xffff, version >> 16);
	else
		seq_printf(s, " %s=none", key);
}

static void video_show(struct sim_device *dev, struct seq_file *s)
{
	struct sim_video *v = dev->state;
	const struct video_situ *situ = &v->situ;

	mutex_lock(&v->lock);
	video_show_version(s, "version", v->version);
	video_show_version(s, "host_version", v->host_version);
	if (v->vram_placed)
		seq_printf(s, " vram=%#llx", v->vram_gpa);
	else
		seq_puts(s, " vram=none");
	if (situ->width)
		seq_printf(s, " mode=%ux%ux%u", situ->width, situ->height, situ->depth);
	else
		seq_puts(s, " mode=none");
	seq_printf(s, " pitch=%u offset=%u active=%d dirt_msgs=%u dirt_rects=%u dirt_bytes=%llu",
		   situ->pitch, situ->offset, situ->active, v->dirt_msgs, v->dirt_rects,
		   v->dirt_bytes);
	seq_printf(s, " situations=%u ptr_visible=%d ptr_shapes=%u ptr_pos=%u feature_dirt=%d bad=%u",
		   v->situations, v->ptr_visible, v->ptr_shapes, v->ptr_pos, v->feature_dirt,
		   v->bad);
	if (v->last_dirt.x2)
		seq_printf(s, " last_dirt=%u,%u,%u,%u", v->last_dirt.x1, v->last_dirt.y1,
			   v->last_dirt.x2, v->last_dirt.y2);
	else
		seq_puts(s, " last_dirt=none");
	mutex_unlock(&v->lock);
}

const struct sim_backend sim_video_backend = {
	.name = "video",
	.class_id = HVX_CLASS_FB,
	.state_size = sizeof(struct sim_video),
	.init = video_init,
	.release = video_release,
	.closed = video_closed,
	.handle_packet = video_handle_packet,
	.commands = video_commands,
	.nr_commands = ARRAY_SIZE(video_commands),
	.show = video_show,
};
