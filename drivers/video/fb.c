// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_fb: the Hyper-V synthetic video device as a Linux framebuffer.
 *
 * The screen lives in VRAM the driver places in the host's MMIO space;
 * the host shows it once told where (VRAM_LOCATION) and how it is laid out
 * (SITUATION_UPDATE). Everything draws into a shadow in guest memory:
 * fbcon through the drawing ops, user space through write() and mmap (the
 * latter tracked page by page by deferred I/O). Changes are kept as a short
 * list of merged rectangles; a delayed flush, at most HVX_FB_FLUSH_HZ times
 * a second, copies them to VRAM and names them to the host in one DIRT.
 */
#include <linux/debugfs.h>
#include <linux/fb.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <kunit/visibility.h>
#include <hvx/drop_in.h>
#include <hvx/fb.h>
#include <hvx/synthvid.h>
#include <hvx/vmbus.h>
#include <hvx/vmbus_classes.h>

#define FB_RING_BYTES		(256 * 1024)
#define FB_RX_BYTES		(sizeof(struct hvx_vmpacket_desc) + HVX_SYNTHVID_MAX_MSG)
#define FB_REPLY_TIMEOUT	(10 * HZ)
#define HVX_FB_FLUSH_HZ		20
#define FB_FLUSH_DELAY		(HZ / HVX_FB_FLUSH_HZ)
#define FB_BPP			HVX_FB_BPP
/* A Windows 8 host (3.2) sends no resolution list: its documented modes. */
#define FB_WIN8_WIDTH		1152
#define FB_WIN8_HEIGHT		864
#define FB_WIN8_MAX_WIDTH	1600
#define FB_WIN8_MAX_HEIGHT	1200
#define FB_DEFAULT_VRAM		SZ_8M	/* when the offer names none */

static const u32 fb_versions[] = { HVX_SYNTHVID_VERSION_3_5, HVX_SYNTHVID_VERSION_3_2 };

struct hvx_fb_stats {
	u64 flushes;		/* DIRT messages sent */
	u64 rects;		/* rectangles in them */
	u64 send_failed;	/* DIRT or situation the ring refused */
	u64 situation_acks;
	u64 bad;		/* malformed or unexpected host messages, dropped */
};

struct hvx_fb {
	struct fb_info *info;
	struct hvx_device *hdev;
	struct hvx_channel *ch;
	u32 version;
	struct hvx_fb_modes modes;

	struct resource *vram_res;	/* in the host's MMIO space */
	void *vram;			/* mapped write-back */
	u64 vram_size;
	void *shadow;			/* what fbcon and user space draw into */
	u32 pseudo_palette[16];

	/* Serialises flushes, mode changes and removal (process context). */
	struct mutex io_lock;
	bool gone;			/* removed: nothing reaches the host any more */
	u32 situation_ctx;
	u32 width, height, pitch;	/* the mode the host was told of */
	struct dentry *debugfs;

	spinlock_t lock;		/* guards everything below; any context */
	struct hvx_fb_damage damage;
	bool dirt_needed;		/* the host asked for DIRT messages */
	bool situ_needed;		/* ... to be told the mode again */
	bool live;			/* the shadow exists, removal not begun: flushes allowed */
	struct hvx_fb_stats stats;
	/* One request in flight at a time, during probe. */
	u32 wait_type;			/* the reply expected, 0 for none */
	u32 reply_len;
	u8 reply[HVX_SYNTHVID_MAX_MSG];
	struct completion reply_done;

	struct delayed_work flush_work;
	struct fb_deferred_io defio;
	struct notifier_block panic_nb;
	u8 rx[FB_RX_BYTES];		/* the callback's packet buffer */
};

/* ---- modes ----------------------------------------------------------------- */

static void fb_win8_modes(struct hvx_fb_modes *modes)
{
	memset(modes, 0, sizeof(*modes));
	modes->count = 1;
	modes->mode[0].width = FB_WIN8_WIDTH;
	modes->mode[0].height = FB_WIN8_HEIGHT;
	modes->max_width = FB_WIN8_MAX_WIDTH;
	modes->max_height = FB_WIN8_MAX_HEIGHT;
}

/* ---- talking to the host ---------------------------------------------------- */

static int fb_send(struct hvx_fb *fb, const void *msg, u32 len)
{
	return hvx_channel_send(fb->ch, HVX_VMPKT_DATA_INBAND, 0, 0, msg, len);
}

/* Send @msg and wait for the reply of @reply_type; it lands in fb->reply. */
static int fb_request(struct hvx_fb *fb, const void *msg, u32 len, u32 reply_type,
		      const char *what)
{
	int ret;

	reinit_completion(&fb->reply_done);
	spin_lock_irq(&fb->lock);
	fb->wait_type = reply_type;
	fb->reply_len = 0;
	spin_unlock_irq(&fb->lock);
	ret = fb_send(fb, msg, len);
	if (!ret && !wait_for_completion_timeout(&fb->reply_done, FB_REPLY_TIMEOUT)) {
		dev_err(&fb->hdev->dev, "host did not answer the %s in %u s\n", what,
			FB_REPLY_TIMEOUT / HZ);
		ret = -ETIMEDOUT;
	}
	spin_lock_irq(&fb->lock);
	fb->wait_type = 0;
	if (!ret && !fb->reply_len)
		ret = -ENODEV;		/* rescinded while we waited */
	spin_unlock_irq(&fb->lock);
	return ret;
}

static int fb_negotiate(struct hvx_fb *fb)
{
	const struct hvx_synthvid_version_response *resp = (const void *)fb->reply;
	struct hvx_synthvid_version_request req;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(fb_versions); i++) {
		hvx_synthvid_hdr_init(&req.hdr, HVX_SYNTHVID_VERSION_REQUEST, sizeof(req));
		req.version = cpu_to_le32(fb_versions[i]);
		ret = fb_request(fb, &req, sizeof(req), HVX_SYNTHVID_VERSION_RESPONSE,
				 "version request");
		if (ret)
			return ret;
		if (resp->is_accepted && le32_to_cpu(resp->version) == fb_versions[i]) {
			fb->version = fb_versions[i];
			return 0;
		}
	}
	dev_err(&fb->hdev->dev, "host refused synthvid 3.5 and 3.2\n");
	return -EPROTONOSUPPORT;
}

static int fb_get_modes(struct hvx_fb *fb)
{
	struct hvx_synthvid_resolution_request req = {
		.max_resolutions = HVX_SYNTHVID_MAX_RESOLUTIONS,
	};
	int ret;

	if (fb->version == HVX_SYNTHVID_VERSION_3_2) {
		fb_win8_modes(&fb->modes);
		return 0;
	}
	hvx_synthvid_hdr_init(&req.hdr, HVX_SYNTHVID_RESOLUTION_REQUEST, sizeof(req));
	ret = fb_request(fb, &req, sizeof(req), HVX_SYNTHVID_RESOLUTION_RESPONSE,
			 "resolution request");
	if (ret)
		return ret;
	ret = hvx_fb_parse_resolutions(fb->reply, fb->reply_len, &fb->modes);
	if (ret)
		dev_err(&fb->hdev->dev, "host sent a malformed resolution list\n");
	return ret;
}

static int fb_place_vram(struct hvx_fb *fb)
{
	const struct hvx_synthvid_vram_location_ack *ack = (const void *)fb->reply;
	u64 gpa = fb->vram_res->start;
	struct hvx_synthvid_vram_location msg = {
		.user_ctx = cpu_to_le64(gpa),
		.is_vram_gpa_specified = 1,
		.vram_gpa = cpu_to_le64(gpa),
	};
	int ret;

	hvx_synthvid_hdr_init(&msg.hdr, HVX_SYNTHVID_VRAM_LOCATION, sizeof(msg));
	ret = fb_request(fb, &msg, sizeof(msg), HVX_SYNTHVID_VRAM_LOCATION_ACK,
			 "VRAM location");
	if (ret)
		return ret;
	if (le64_to_cpu(ack->user_ctx) != gpa) {
		dev_err(&fb->hdev->dev, "host acknowledged VRAM at %#llx, not %#llx\n",
			le64_to_cpu(ack->user_ctx), gpa);
		return -EPROTO;
	}
	return 0;
}

/* The host draws no pointer of its own over the console. */
static int fb_hide_pointer(struct hvx_fb *fb)
{
	struct hvx_synthvid_pointer_position pos = { .is_visible = 0 };
	struct hvx_synthvid_pointer_shape shape = {
		.part_idx = HVX_SYNTHVID_POINTER_COMPLETE,
		.is_argb = 1,
		.width = cpu_to_le32(1),
		.height = cpu_to_le32(1),
	};
	int ret;

	hvx_synthvid_hdr_init(&pos.hdr, HVX_SYNTHVID_POINTER_POSITION, sizeof(pos));
	hvx_synthvid_hdr_init(&shape.hdr, HVX_SYNTHVID_POINTER_SHAPE, sizeof(shape));
	ret = fb_send(fb, &pos, sizeof(pos));
	return ret ?: fb_send(fb, &shape, sizeof(shape));
}

/* Tell the host the mode; flushes use it from now on. Under io_lock. */
static int fb_send_situation(struct hvx_fb *fb, u32 w, u32 h, u32 pitch)
{
	struct hvx_synthvid_situation_update msg = {
		.user_ctx = cpu_to_le64(++fb->situation_ctx),
		.output_count = 1,
		.output = {
			.active = 1,
			.vram_offset = 0,
			.depth_bits = FB_BPP,
			.width = cpu_to_le32(w),
			.height = cpu_to_le32(h),
			.pitch = cpu_to_le32(pitch),
		},
	};

	int ret;

	hvx_synthvid_hdr_init(&msg.hdr, HVX_SYNTHVID_SITUATION_UPDATE, sizeof(msg));
	ret = fb_send(fb, &msg, sizeof(msg));
	if (!ret) {
		fb->width = w;
		fb->height = h;
		fb->pitch = pitch;
	}
	return ret;
}

/* ---- messages from the host (the channel callback, softirq) ------------------ */

/* Damage of the whole screen, whatever the mode: flushes clip it. */
static const struct hvx_fb_rect fb_whole_screen = { 0, 0, U16_MAX, U16_MAX };

static void fb_on_reply(struct hvx_fb *fb, const void *msg, u32 len)
{
	u32 type = le32_to_cpu(((const struct hvx_synthvid_hdr *)msg)->type);

	if (fb->wait_type != type || len > sizeof(fb->reply)) {
		fb->stats.bad++;	/* nobody asked */
		return;
	}
	memcpy(fb->reply, msg, len);
	fb->reply_len = len;
	fb->wait_type = 0;
	complete(&fb->reply_done);
}

static void fb_on_situation_ack(struct hvx_fb *fb, const void *msg, u32 len)
{
	fb->stats.situation_acks++;
}

static void fb_on_feature_change(struct hvx_fb *fb, const void *msg, u32 len)
{
	const struct hvx_synthvid_feature_change *fc = msg;

	fb->dirt_needed = fc->is_dirt_needed;
	/* Before registration the probe's own SITUATION_UPDATE is still to come. */
	fb->situ_needed = fc->is_situ_needed && fb->live;
	if ((fb->dirt_needed || fb->situ_needed) && fb->live) {
		/* The host may have missed everything so far: show it all. */
		hvx_fb_damage_add(&fb->damage, &fb_whole_screen);
		mod_delayed_work(system_wq, &fb->flush_work, 0);
	}
}

static const struct {
	u32 type;
	u32 len;	/* the least a message of this type carries */
	void (*handle)(struct hvx_fb *fb, const void *msg, u32 len);
} fb_handlers[] = {
	{ HVX_SYNTHVID_VERSION_RESPONSE, sizeof(struct hvx_synthvid_version_response),
	  fb_on_reply },
	{ HVX_SYNTHVID_RESOLUTION_RESPONSE, HVX_SYNTHVID_RESOLUTION_RESPONSE_MIN, fb_on_reply },
	{ HVX_SYNTHVID_VRAM_LOCATION_ACK, sizeof(struct hvx_synthvid_vram_location_ack),
	  fb_on_reply },
	{ HVX_SYNTHVID_SITUATION_UPDATE_ACK, sizeof(struct hvx_synthvid_situation_update_ack),
	  fb_on_situation_ack },
	{ HVX_SYNTHVID_FEATURE_CHANGE, sizeof(struct hvx_synthvid_feature_change),
	  fb_on_feature_change },
};

/*
 * Both header sizes must agree and fit the packet (which the ring pads to
 * 8 bytes); the message is as long as they say.
 */
static int fb_msg_len(const void *msg, u32 len)
{
	const struct hvx_synthvid_hdr *hdr = msg;
	u32 size;

	if (len < sizeof(*hdr) || le32_to_cpu(hdr->pipe_type) != HVX_SYNTHVID_PIPE_DATA)
		return -EPROTO;
	size = le32_to_cpu(hdr->size);
	if (le32_to_cpu(hdr->pipe_size) != size || size > len - 8 || size < 8)
		return -EPROTO;
	return size + 8;
}

/* Under fb->lock. */
static void fb_on_packet(struct hvx_fb *fb, const struct hvx_ring_pkt *pkt)
{
	const void *msg = fb->rx + pkt->offset;
	int len = fb_msg_len(msg, hvx_ring_payload_len(pkt));
	unsigned int i;
	u32 type;

	if (pkt->type != HVX_VMPKT_DATA_INBAND || len < 0) {
		fb->stats.bad++;
		return;
	}
	type = le32_to_cpu(((const struct hvx_synthvid_hdr *)msg)->type);
	for (i = 0; i < ARRAY_SIZE(fb_handlers); i++) {
		if (fb_handlers[i].type == type) {
			if (len < fb_handlers[i].len)
				break;
			fb_handlers[i].handle(fb, msg, len);
			return;
		}
	}
	fb->stats.bad++;
}

static void fb_callback(void *ctx)
{
	struct hvx_fb *fb = ctx;
	struct hvx_ring_pkt pkt;
	unsigned long flags;
	unsigned int n;
	int ret;

	/* fbcon may draw (and note damage) with interrupts off: keep them off here. */
	spin_lock_irqsave(&fb->lock, flags);
	for (n = 0; n < HVX_CHANNEL_CB_BUDGET; n++) {
		ret = hvx_channel_recv(fb->ch, fb->rx, sizeof(fb->rx), &pkt);
		if (ret == -EAGAIN || ret == -EIO)
			break;
		if (ret)
			fb->stats.bad++;	/* longer than any synthvid message */
		else
			fb_on_packet(fb, &pkt);
	}
	if (hvx_channel_rescinded(fb->ch) && fb->wait_type) {
		fb->wait_type = 0;
		complete(&fb->reply_done);
	}
	spin_unlock_irqrestore(&fb->lock, flags);
}

/* ---- flushing the shadow to the host ------------------------------------------- */

static void fb_copy_rect(struct hvx_fb *fb, const struct hvx_fb_rect *r, u32 pitch)
{
	u32 off = r->y1 * pitch + r->x1 * (FB_BPP / 8);
	u32 bytes = (r->x2 - r->x1) * (FB_BPP / 8);
	u32 y;

	for (y = r->y1; y < r->y2; y++, off += pitch)
		memcpy(fb->vram + off, fb->shadow + off, bytes);
}

/* Copy the damage to VRAM and tell the host (the mode first, if it asked). Under io_lock. */
static void fb_flush(struct hvx_fb *fb)
{
	struct hvx_synthvid_dirt msg;
	struct hvx_fb_damage d;
	struct hvx_fb_rect clip;
	bool dirt, situ;
	unsigned int i;
	u32 len;

	spin_lock_irq(&fb->lock);
	d = fb->damage;
	fb->damage.n = 0;
	dirt = fb->dirt_needed;
	situ = fb->situ_needed;
	fb->situ_needed = false;
	spin_unlock_irq(&fb->lock);
	if (fb->gone)
		return;
	if (situ && fb_send_situation(fb, fb->width, fb->height, fb->pitch)) {
		spin_lock_irq(&fb->lock);
		fb->stats.send_failed++;
		spin_unlock_irq(&fb->lock);
	}
	if (!d.n)
		return;

	/* Damage from before a mode change may lie outside the new screen. */
	for (i = 0; i < d.n; i++) {
		clip = d.r[i];
		clip.x2 = min(clip.x2, fb->width);
		clip.y2 = min(clip.y2, fb->height);
		if (clip.x1 >= clip.x2 || clip.y1 >= clip.y2)
			clip = (struct hvx_fb_rect){ 0, 0, 1, 1 };
		d.r[i] = clip;
		fb_copy_rect(fb, &clip, fb->pitch);
	}
	if (!dirt)
		return;		/* the host reads VRAM on its own */
	len = hvx_fb_build_dirt(&d, &msg);
	if (fb_send(fb, &msg, len)) {
		spin_lock_irq(&fb->lock);
		fb->stats.send_failed++;
		spin_unlock_irq(&fb->lock);
		return;
	}
	spin_lock_irq(&fb->lock);
	fb->stats.flushes++;
	fb->stats.rects += d.n;
	spin_unlock_irq(&fb->lock);
}

static void fb_flush_work(struct work_struct *work)
{
	struct hvx_fb *fb = container_of(to_delayed_work(work), struct hvx_fb, flush_work);

	mutex_lock(&fb->io_lock);
	fb_flush(fb);
	mutex_unlock(&fb->io_lock);
}

/* Any context: note @r and flush within FB_FLUSH_DELAY. */
static void fb_damage(struct hvx_fb *fb, u32 x, u32 y, u32 w, u32 h)
{
	struct hvx_fb_rect r = { x, y, x + w, y + h };
	unsigned long flags;

	spin_lock_irqsave(&fb->lock, flags);
	if (fb->live) {
		hvx_fb_damage_add(&fb->damage, &r);
		schedule_delayed_work(&fb->flush_work, FB_FLUSH_DELAY);
	}
	spin_unlock_irqrestore(&fb->lock, flags);
}

/* Whole lines from byte @off, @len bytes long. */
static void fb_damage_bytes(struct hvx_fb *fb, unsigned long off, unsigned long len)
{
	struct fb_info *info = fb->info;
	u32 pitch = info->fix.line_length;
	u32 y1 = off / pitch, y2 = DIV_ROUND_UP(off + len, pitch);

	y2 = min(y2, info->var.yres);
	if (y1 < y2)
		fb_damage(fb, 0, y1, info->var.xres, y2 - y1);
}

/* Deferred I/O: the pages user space wrote through mmap. */
static void fb_deferred_io(struct fb_info *info, struct list_head *pagereflist)
{
	struct hvx_fb *fb = info->par;
	struct fb_deferred_io_pageref *ref;

	list_for_each_entry(ref, pagereflist, list)
		fb_damage_bytes(fb, ref->offset, PAGE_SIZE);
	/* Already batched by deferred I/O: flush now, not another delay later. */
	spin_lock_irq(&fb->lock);
	if (fb->live)
		mod_delayed_work(system_wq, &fb->flush_work, 0);
	spin_unlock_irq(&fb->lock);
}

/* On panic the flush work will not run: show the last console lines now. */
static int fb_panic(struct notifier_block *nb, unsigned long event, void *unused)
{
	struct hvx_fb *fb = container_of(nb, struct hvx_fb, panic_nb);
	struct hvx_fb_damage all = { 1, { { 0, 0, fb->width, fb->height } } };
	struct hvx_synthvid_dirt msg;

	if (READ_ONCE(fb->gone))
		return NOTIFY_DONE;
	fb_copy_rect(fb, &all.r[0], fb->pitch);
	if (READ_ONCE(fb->dirt_needed))
		fb_send(fb, &msg, hvx_fb_build_dirt(&all, &msg));
	return NOTIFY_DONE;
}

/* ---- fbdev ----------------------------------------------------------------------- */

static ssize_t fb_ops_write(struct fb_info *info, const char __user *buf, size_t count,
			    loff_t *ppos)
{
	loff_t pos = *ppos;
	ssize_t ret = fb_sys_write(info, buf, count, ppos);

	if (ret > 0)
		fb_damage_bytes(info->par, pos, ret);
	return ret;
}

static void fb_ops_fillrect(struct fb_info *info, const struct fb_fillrect *r)
{
	sys_fillrect(info, r);
	fb_damage(info->par, r->dx, r->dy, r->width, r->height);
}

static void fb_ops_copyarea(struct fb_info *info, const struct fb_copyarea *a)
{
	sys_copyarea(info, a);
	fb_damage(info->par, a->dx, a->dy, a->width, a->height);
}

static void fb_ops_imageblit(struct fb_info *info, const struct fb_image *image)
{
	sys_imageblit(info, image);
	fb_damage(info->par, image->dx, image->dy, image->width, image->height);
}

static int fb_ops_setcolreg(unsigned int regno, unsigned int red, unsigned int green,
			    unsigned int blue, unsigned int transp, struct fb_info *info)
{
	u32 *palette = info->pseudo_palette;

	if (regno >= ARRAY_SIZE(((struct hvx_fb *)NULL)->pseudo_palette))
		return -EINVAL;
	palette[regno] = (red & 0xff00) << 8 | (green & 0xff00) | (blue & 0xff00) >> 8;
	return 0;
}

static void fb_set_format(struct fb_var_screeninfo *var)
{
	var->bits_per_pixel = FB_BPP;
	var->red = (struct fb_bitfield){ .offset = 16, .length = 8 };
	var->green = (struct fb_bitfield){ .offset = 8, .length = 8 };
	var->blue = (struct fb_bitfield){ .offset = 0, .length = 8 };
	var->transp = (struct fb_bitfield){ 0 };
}

static int fb_ops_check_var(struct fb_var_screeninfo *var, struct fb_info *info)
{
	struct hvx_fb *fb = info->par;

	if (var->bits_per_pixel != FB_BPP)
		return -EINVAL;
	if (!hvx_fb_mode_fits(&fb->modes, var->xres, var->yres, info->fix.smem_len))
		return -EINVAL;
	var->xres_virtual = var->xres;
	var->yres_virtual = var->yres;
	var->xoffset = 0;
	var->yoffset = 0;
	fb_set_format(var);
	return 0;
}

/* A new mode: the host hears of it, then gets the whole screen. */
static int fb_ops_set_par(struct fb_info *info)
{
	struct hvx_fb *fb = info->par;
	u32 pitch = info->var.xres * (FB_BPP / 8);
	int ret = 0;

	mutex_lock(&fb->io_lock);
	info->fix.line_length = pitch;
	if (!fb->gone)
		ret = fb_send_situation(fb, info->var.xres, info->var.yres, pitch);
	mutex_unlock(&fb->io_lock);
	if (ret) {
		dev_warn(&fb->hdev->dev, "could not tell the host the new mode: %d\n", ret);
		return ret;
	}
	fb_damage(fb, 0, 0, U16_MAX, U16_MAX);
	return 0;
}

/* The last user is gone (the device may have been long before). */
static void fb_ops_destroy(struct fb_info *info)
{
	struct hvx_fb *fb = info->par;

	fb_deferred_io_cleanup(info);
	cancel_delayed_work_sync(&fb->flush_work);
	vfree(fb->shadow);
	framebuffer_release(info);
}

static const struct fb_ops hvx_fb_ops = {
	.owner = THIS_MODULE,
	.fb_read = fb_sys_read,
	.fb_write = fb_ops_write,
	.fb_fillrect = fb_ops_fillrect,
	.fb_copyarea = fb_ops_copyarea,
	.fb_imageblit = fb_ops_imageblit,
	.fb_setcolreg = fb_ops_setcolreg,
	.fb_check_var = fb_ops_check_var,
	.fb_set_par = fb_ops_set_par,
	.fb_mmap = fb_deferred_io_mmap,
	.fb_destroy = fb_ops_destroy,
};

/* ---- probe and remove --------------------------------------------------------------- */

/* video=NAME:..., or NULL. */
static char *fb_option(const char *name)
{
	char *opt = NULL;

	if (!fb_get_options(name, &opt) && opt)
		return opt;
	hvx_fb_put_options(opt);
	return NULL;
}

/* video=hyperv_fb:WxH (in-tree's spelling, or video=hvx_fb:), if well formed. */
static void fb_wanted_mode(struct device *dev, u32 *w, u32 *h)
{
	const char *name = HVX_NAME_FB;
	char *opt = fb_option(name);

	*w = 0;
	*h = 0;
	if (!opt) {
		name = KBUILD_MODNAME;
		opt = fb_option(name);
	}
	if (!opt)
		return;
	if (sscanf(opt, "%ux%u", w, h) != 2) {
		dev_warn(dev, "video=%s:%s is not WIDTHxHEIGHT; ignored\n", name, opt);
		*w = 0;
		*h = 0;
	}
	hvx_fb_put_options(opt);
}

static int fb_setup_vram(struct hvx_fb *fb)
{
	struct device *dev = &fb->hdev->dev;

	fb->vram_size = fb->hdev->mmio_megabytes ? (u64)fb->hdev->mmio_megabytes * SZ_1M :
						   FB_DEFAULT_VRAM;
	fb->vram_res = hvx_mmio_alloc(fb->hdev, fb->vram_size, SZ_1M);
	if (IS_ERR(fb->vram_res)) {
		dev_err(dev, "no room for %llu MiB of VRAM in the host's MMIO space: %ld\n",
			fb->vram_size >> 20, PTR_ERR(fb->vram_res));
		return PTR_ERR(fb->vram_res);
	}
	fb->vram = memremap(fb->vram_res->start, fb->vram_size, MEMREMAP_WB);
	if (!fb->vram) {
		hvx_mmio_free(fb->vram_res);
		return -ENOMEM;
	}
	return 0;
}

static void fb_free_vram(struct hvx_fb *fb)
{
	memunmap(fb->vram);
	hvx_mmio_free(fb->vram_res);
}

/* The fbdev side, in the mode @w x @h; the shadow takes the largest mode. */
static int fb_setup_info(struct hvx_fb *fb, u32 w, u32 h)
{
	struct fb_info *info = fb->info;
	u64 size = (u64)fb->modes.max_width * fb->modes.max_height * (FB_BPP / 8);

	size = PAGE_ALIGN(min(size, fb->vram_size));
	fb->shadow = vzalloc(size);
	if (!fb->shadow)
		return -ENOMEM;
	info->par = fb;
	info->flags = FBINFO_VIRTFB;
	info->fbops = &hvx_fb_ops;
	info->screen_buffer = fb->shadow;
	info->pseudo_palette = fb->pseudo_palette;
	strscpy(info->fix.id, HVX_NAME_FB, sizeof(info->fix.id));
	info->fix.type = FB_TYPE_PACKED_PIXELS;
	info->fix.visual = FB_VISUAL_TRUECOLOR;
	info->fix.accel = FB_ACCEL_NONE;
	info->fix.smem_len = size;
	info->fix.line_length = w * (FB_BPP / 8);
	info->var.xres = w;
	info->var.yres = h;
	info->var.xres_virtual = w;
	info->var.yres_virtual = h;
	info->var.height = -1;
	info->var.width = -1;
	info->var.activate = FB_ACTIVATE_NOW;
	info->var.vmode = FB_VMODE_NONINTERLACED;
	fb_set_format(&info->var);

	fb->defio.delay = FB_FLUSH_DELAY;
	fb->defio.deferred_io = fb_deferred_io;
	info->fbdefio = &fb->defio;
	return fb_deferred_io_init(info);
}

/* Everything the host must hear before it shows anything. */
static int fb_connect(struct hvx_fb *fb, u32 *w, u32 *h)
{
	struct device *dev = &fb->hdev->dev;
	u32 want_w, want_h;
	int ret;

	ret = fb_negotiate(fb);
	ret = ret ?: fb_get_modes(fb);
	if (ret)
		return ret;
	fb_wanted_mode(dev, &want_w, &want_h);
	ret = fb_setup_vram(fb);
	if (ret)
		return ret;
	ret = hvx_fb_choose_mode(&fb->modes, want_w, want_h, fb->vram_size, w, h);
	if (ret < 0) {
		dev_err(dev, "no mode of the host fits %llu MiB of VRAM\n", fb->vram_size >> 20);
		goto err_vram;
	}
	if (ret)
		dev_warn(dev, "mode %ux%u not possible (host maximum %ux%u, %llu MiB VRAM); using %ux%u\n",
			 want_w, want_h, fb->modes.max_width, fb->modes.max_height,
			 fb->vram_size >> 20, *w, *h);
	ret = fb_place_vram(fb);
	ret = ret ?: fb_hide_pointer(fb);
	ret = ret ?: fb_send_situation(fb, *w, *h, *w * (FB_BPP / 8));
	if (ret)
		goto err_vram;
	return 0;

err_vram:
	fb_free_vram(fb);
	return ret;
}

static struct dentry *fb_debugfs_root;

static int fb_stats_show(struct seq_file *s, void *unused)
{
	struct hvx_fb *fb = s->private;
	struct hvx_fb_stats st;
	bool dirt;

	spin_lock_irq(&fb->lock);
	st = fb->stats;
	dirt = fb->dirt_needed;
	spin_unlock_irq(&fb->lock);
	mutex_lock(&fb->io_lock);
	seq_printf(s, "mode %ux%u\npitch %u\n", fb->width, fb->height, fb->pitch);
	mutex_unlock(&fb->io_lock);
	seq_printf(s, "version %u.%u\nvram %pR\ndirt_needed %d\n", fb->version & 0xffff,
		   fb->version >> 16, fb->vram_res, dirt);
	seq_printf(s, "flushes %llu\nrects %llu\nsend_failed %llu\nsituation_acks %llu\nbad %llu\n",
		   st.flushes, st.rects, st.send_failed, st.situation_acks, st.bad);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(fb_stats);

static int fb_probe(struct hvx_device *hdev, const struct hv_vmbus_device_id *id)
{
	struct fb_info *info;
	struct hvx_fb *fb;
	u32 w, h;
	int ret;

	info = framebuffer_alloc(sizeof(*fb), &hdev->dev);
	if (!info)
		return -ENOMEM;
	fb = info->par;
	fb->info = info;
	fb->hdev = hdev;
	fb->ch = hdev->channel;
	mutex_init(&fb->io_lock);
	spin_lock_init(&fb->lock);
	init_completion(&fb->reply_done);
	INIT_DELAYED_WORK(&fb->flush_work, fb_flush_work);

	ret = hvx_channel_open(fb->ch, FB_RING_BYTES, NULL, 0, fb_callback, fb);
	if (ret)
		goto err_release;
	ret = fb_connect(fb, &w, &h);
	if (ret)
		goto err_close;
	ret = fb_setup_info(fb, w, h);
	if (ret)
		goto err_vram;
	spin_lock_irq(&fb->lock);
	fb->live = true;
	spin_unlock_irq(&fb->lock);
	dev_set_drvdata(&hdev->dev, fb);
	ret = register_framebuffer(info);
	if (ret)
		goto err_defio;
	fb->panic_nb.notifier_call = fb_panic;
	atomic_notifier_chain_register(&panic_notifier_list, &fb->panic_nb);
	fb->debugfs = debugfs_create_file(dev_name(&hdev->dev), 0444, fb_debugfs_root, fb,
					  &fb_stats_fops);
	fb_damage(fb, 0, 0, w, h);
	dev_info(&hdev->dev, "fb%d: %ux%u, synthvid %u.%u, %llu MiB VRAM at %pR\n",
		 info->node, w, h, fb->version & 0xffff, fb->version >> 16,
		 fb->vram_size >> 20, fb->vram_res);
	return 0;

err_defio:
	fb_deferred_io_cleanup(info);
err_vram:
	spin_lock_irq(&fb->lock);
	fb->live = false;
	spin_unlock_irq(&fb->lock);
	cancel_delayed_work_sync(&fb->flush_work);
	vfree(fb->shadow);
	hvx_channel_close(fb->ch);
	fb_free_vram(fb);
	framebuffer_release(info);
	return ret;
err_close:
	hvx_channel_close(fb->ch);
err_release:
	framebuffer_release(info);
	return ret;
}

/*
 * Stop talking to the host, then let the framebuffer go: fb_info (and this
 * struct in it) lives on in fb_ops_destroy() until user space closes it.
 */
static void fb_remove(struct hvx_device *hdev)
{
	struct hvx_fb *fb = dev_get_drvdata(&hdev->dev);

	atomic_notifier_chain_unregister(&panic_notifier_list, &fb->panic_nb);
	debugfs_remove(fb->debugfs);
	spin_lock_irq(&fb->lock);
	fb->live = false;
	spin_unlock_irq(&fb->lock);
	mutex_lock(&fb->io_lock);
	WRITE_ONCE(fb->gone, true);
	mutex_unlock(&fb->io_lock);
	cancel_delayed_work_sync(&fb->flush_work);
	hvx_channel_close(fb->ch);
	fb_free_vram(fb);
	unregister_framebuffer(fb->info);
}

static const struct hv_vmbus_device_id fb_ids[] = {
	{ .guid = HVX_CLASS_FB },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, fb_ids);

static struct hvx_driver fb_driver = {
	.name = HVX_NAME_FB,
	.id_table = fb_ids,
	.probe = fb_probe,
	.remove = fb_remove,
};

static int __init fb_init(void)
{
	int ret;

	fb_debugfs_root = debugfs_create_dir("hvx_fb", NULL);
	ret = hvx_driver_register(&fb_driver);
	if (ret)
		debugfs_remove(fb_debugfs_root);
	return ret;
}

static void __exit fb_exit(void)
{
	hvx_driver_unregister(&fb_driver);
	debugfs_remove(fb_debugfs_root);
}

module_init(fb_init);
module_exit(fb_exit);
MODULE_DESCRIPTION("hvx: Hyper-V synthetic video framebuffer");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVX_VERSION);
