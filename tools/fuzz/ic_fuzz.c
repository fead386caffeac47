// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the integration services' shared parsing
 * (drivers/utils/ic.c): a NEGOTIATE body answered in place, Hyper-V time,
 * and the host's UTF-16 strings. A negotiation writes only the room it was
 * given; a string converts to NUL-terminated UTF-8 within its buffer, and
 * back to the same UTF-16.
 *
 * Input: u8 selector (what to run, how much room), then the host's bytes.
 */
#include <hvx/ic.h>
#include "fuzz.h"

static const u32 fw[] = { HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0) };
static const u32 srv[] = { HVX_IC_VERSION(4, 0), HVX_IC_VERSION(3, 0), HVX_IC_VERSION(1, 0) };

static void negotiate(const u8 *data, u32 len, u8 sel)
{
	u32 room = max_t(u32, len, HVX_IC_NEGOTIATE_ANSWER) + sel % 8;
	struct hvx_ic_versions out = { 0 };
	u8 *body = malloc(room);
	int ret;

	fuzz_check(body);
	memset(body, 0, room);
	memcpy(body, data, len);
	ret = hvx_ic_negotiate(body, len, room, fw, ARRAY_SIZE(fw), srv, ARRAY_SIZE(srv), &out);
	if (ret >= 0)
		fuzz_check(ret == HVX_IC_NEGOTIATE_ANSWER && out.framework && out.service);
	else
		fuzz_check(ret == -EPROTONOSUPPORT || ret == -EBADMSG);
	free(body);
}

static void utf16(const u8 *data, u32 len, u8 sel)
{
	u32 chars = len / 2, size = sel % 64 + 1, i;
	u8 *src = fuzz_copy(data, chars * 2), *dst = malloc(size);
	u8 *back;
	int n, m;

	fuzz_check(dst);
	n = hvx_ic_utf16_to_utf8(src, chars, dst, size);
	if (n >= 0) {
		fuzz_check((u32)n < size && dst[n] == 0 && strlen((char *)dst) == (size_t)n);
		back = malloc(2 * (chars + 1));
		fuzz_check(back);
		m = hvx_ic_utf8_to_utf16(dst, n + 1, back, chars + 1);
		fuzz_check(m >= 0 && (u32)m <= chars);
		for (i = 0; i < (u32)m; i++)
			fuzz_check(get_unaligned_le16(back + 2 * i) == get_unaligned_le16(src + 2 * i));
		fuzz_check(m == (int)chars || get_unaligned_le16(src + 2 * m) == 0);
		free(back);
	} else {
		fuzz_check(n == -EINVAL || n == -ENAMETOOLONG);
	}
	free(dst);
	free(src);
}

static void utf8(const u8 *data, u32 len, u8 sel)
{
	u32 chars = sel % 64 + 1;
	u8 *src = fuzz_copy(data, len), *dst = malloc(2 * chars);
	int n;

	fuzz_check(dst);
	n = hvx_ic_utf8_to_utf16(src, len, dst, chars);
	if (n >= 0)
		fuzz_check((u32)n < chars && get_unaligned_le16(dst + 2 * n) == 0);
	else
		fuzz_check(n == -EINVAL || n == -ENAMETOOLONG);
	free(dst);
	free(src);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	s64 ns;
	u8 sel;

	if (len < 1 || len > 1 << 16)
		return 0;
	sel = data[0];
	data++;
	len--;
	switch (sel >> 6) {
	case 0:
		negotiate(data, len, sel);
		break;
	case 1:
		utf16(data, len, sel);
		break;
	case 2:
		utf8(data, len, sel);
		break;
	default:
		if (len >= 8 && !hvx_ic_time_to_ns(get_unaligned_le64(data), &ns))
			fuzz_check(ns >= 0);
	}
	return 0;
}
