// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the synthetic video device's resolution list
 * (drivers/video/synthvid.c), then the mode chosen from it. An accepted
 * list has 1 to HVX_SYNTHVID_MAX_RESOLUTIONS modes, none empty, and a
 * default among them; the mode chosen fits the host's maximum and the VRAM.
 *
 * Input: u16 the user's width, u16 height, u8 VRAM in MiB, then the message.
 */
#include <hvx/fb.h>
#include <hvx/synthvid.h>
#include "fuzz.h"

struct fuzz_input {
	u16 want_w, want_h;
	u8 vram_mib;
} __packed;

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	struct hvx_fb_modes modes;
	struct fuzz_input in;
	u32 w = 0, h = 0, i;
	u64 vram;
	u8 *msg;
	int ret;

	if (len < sizeof(in) || len > 1 << 16)
		return 0;
	memcpy(&in, data, sizeof(in));
	msg = fuzz_copy(data + sizeof(in), len - sizeof(in));
	if (!hvx_fb_parse_resolutions(msg, len - sizeof(in), &modes)) {
		fuzz_check(modes.count >= 1 && modes.count <= HVX_SYNTHVID_MAX_RESOLUTIONS);
		fuzz_check(modes.default_index < modes.count);
		for (i = 0; i < modes.count; i++)
			fuzz_check(modes.mode[i].width && modes.mode[i].height &&
				   modes.mode[i].width <= modes.max_width &&
				   modes.mode[i].height <= modes.max_height);
		vram = (u64)in.vram_mib << 20;
		ret = hvx_fb_choose_mode(&modes, in.want_w, in.want_h, vram, &w, &h);
		if (ret >= 0)
			fuzz_check(hvx_fb_mode_fits(&modes, w, h, vram));
		else
			fuzz_check(ret == -ENOSPC);
	}
	free(msg);
	return 0;
}
