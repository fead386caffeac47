// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of the IC framing: version negotiation, Hyper-V time, and
 * the UTF-16LE strings of the host against the UTF-8 ones of the daemons.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/nls.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include "utils.h"
#endif
#include <hvx/compat.h>
#include <hvx/ic.h>

static u32 ic_version(const struct hvx_ic_version *v)
{
	return HVX_IC_VERSION(le16_to_cpu(v->major), le16_to_cpu(v->minor));
}

/* Our newest version that the host also lists, or 0. */
static u32 ic_pick(const struct hvx_ic_version *host, u32 n, const u32 *ours, u32 nours)
{
	u32 i, j;

	for (i = 0; i < nours; i++)
		for (j = 0; j < n; j++)
			if (ic_version(&host[j]) == ours[i])
				return ours[i];
	return 0;
}

static void ic_put_version(struct hvx_ic_version *v, u32 version)
{
	v->major = cpu_to_le16(version >> 16);
	v->minor = cpu_to_le16(version & 0xffff);
}

/**
 * hvx_ic_negotiate() - answer a NEGOTIATE body in place
 * @body: the body the host sent; the answer overwrites it
 * @len: the body's length
 * @room: bytes @body may be written (at least HVX_IC_NEGOTIATE_ANSWER)
 * @fw: framework versions we speak, newest first
 * @nfw: how many
 * @srv: service versions we speak, newest first
 * @nsrv: how many
 * @out: the chosen framework and service versions
 *
 * Return: the answer's length; -EPROTONOSUPPORT when the host and we share
 * no framework or no service version (the answer, counts 0 and 0, is
 * written all the same); -EBADMSG when the body is malformed (nothing
 * written).
 */
int hvx_ic_negotiate(u8 *body, u32 len, u32 room, const u32 *fw, u32 nfw,
		     const u32 *srv, u32 nsrv, struct hvx_ic_versions *out)
{
	struct hvx_ic_negotiate *neg = (void *)body;
	u32 nframe, nmsg, f, s;

	if (len < sizeof(*neg) || room < HVX_IC_NEGOTIATE_ANSWER)
		return -EBADMSG;
	nframe = le16_to_cpu(neg->frame_count);
	nmsg = le16_to_cpu(neg->msg_count);
	if (nframe > HVX_IC_MAX_VERSIONS || nmsg > HVX_IC_MAX_VERSIONS ||
	    len < sizeof(*neg) + (nframe + nmsg) * sizeof(neg->versions[0]))
		return -EBADMSG;
	f = ic_pick(neg->versions, nframe, fw, nfw);
	s = ic_pick(neg->versions + nframe, nmsg, srv, nsrv);
	if (!f || !s) {
		neg->frame_count = 0;
		neg->msg_count = 0;
		return -EPROTONOSUPPORT;
	}
	neg->frame_count = cpu_to_le16(1);
	neg->msg_count = cpu_to_le16(1);
	ic_put_version(&neg->versions[0], f);
	ic_put_version(&neg->versions[1], s);
	out->framework = f;
	out->service = s;
	return HVX_IC_NEGOTIATE_ANSWER;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_ic_negotiate);

/**
 * hvx_ic_time_to_ns() - Hyper-V time to nanoseconds since the Unix epoch
 * @t: 100 ns units since 1601-01-01 UTC
 * @ns: the result
 *
 * Return: 0, or -ERANGE for a time before 1970 or past what s64 holds.
 */
int hvx_ic_time_to_ns(u64 t, s64 *ns)
{
	u64 units;

	if (t < HVX_IC_EPOCH_DELTA)
		return -ERANGE;
	units = t - HVX_IC_EPOCH_DELTA;
	if (units > S64_MAX / 100)
		return -ERANGE;
	*ns = units * 100;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_ic_time_to_ns);

#define IC_SURROGATE_HIGH	0xd800
#define IC_SURROGATE_LOW	0xdc00
#define IC_SURROGATE_END	0xe000

/**
 * hvx_ic_utf16_to_utf8() - a host string to a NUL-terminated UTF-8 one
 * @src: UTF-16LE, any alignment
 * @chars: at most this many code units; a NUL ends it earlier
 * @dst: the result
 * @size: bytes at @dst, the NUL included
 *
 * Nothing is cut short: a string that does not fit is refused.
 * Return: the UTF-8 length (no NUL); -EINVAL for a lone surrogate;
 * -ENAMETOOLONG when @dst is too small.
 */
int hvx_ic_utf16_to_utf8(const void *src, u32 chars, u8 *dst, u32 size)
{
	const u8 *p = src;
	u32 i, out = 0, lo;
	unicode_t c;
	int n;

	if (!size)
		return -ENAMETOOLONG;
	for (i = 0; i < chars; i++) {
		c = get_unaligned_le16(p + 2 * i);
		if (!c)
			break;
		if (c >= IC_SURROGATE_HIGH && c < IC_SURROGATE_LOW && i + 1 < chars) {
			lo = get_unaligned_le16(p + 2 * (i + 1));
			if (lo >= IC_SURROGATE_LOW && lo < IC_SURROGATE_END) {
				c = 0x10000 + ((c - IC_SURROGATE_HIGH) << 10) +
				    (lo - IC_SURROGATE_LOW);
				i++;
			}
		}
		if (c >= IC_SURROGATE_HIGH && c < IC_SURROGATE_END)
			return -EINVAL;
		n = utf32_to_utf8(c, dst + out, size - 1 - out);
		if (n < 0)
			return -ENAMETOOLONG;
		out += n;
	}
	dst[out] = 0;
	return out;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_ic_utf16_to_utf8);

/**
 * hvx_ic_utf8_to_utf16() - a daemon's string to a NUL-terminated host one
 * @src: UTF-8, ending at a NUL or after @size bytes
 * @size: bytes at @src
 * @dst: the result, UTF-16LE, any alignment
 * @chars: code units at @dst, the NUL included
 *
 * Return: the code units written (no NUL); -EINVAL for bad UTF-8;
 * -ENAMETOOLONG when @dst is too small.
 */
int hvx_ic_utf8_to_utf16(const u8 *src, u32 size, void *dst, u32 chars)
{
	u32 len = strnlen(src, size), out = 0;
	u8 *p = dst;
	unicode_t c;
	int n;

	if (!chars)
		return -ENAMETOOLONG;
	while (len) {
		n = utf8_to_utf32(src, len, &c);
		if (n <= 0)
			return -EINVAL;
		src += n;
		len -= n;
		if (out + (c >= 0x10000 ? 2 : 1) >= chars)
			return -ENAMETOOLONG;
		if (c >= 0x10000) {
			c -= 0x10000;
			put_unaligned_le16(IC_SURROGATE_HIGH + (c >> 10), p + 2 * out++);
			c = IC_SURROGATE_LOW + (c & 0x3ff);
		}
		put_unaligned_le16(c, p + 2 * out++);
	}
	put_unaligned_le16(0, p + 2 * out);
	return out;
}
EXPORT_SYMBOL_IF_KUNIT(hvx_ic_utf8_to_utf16);
