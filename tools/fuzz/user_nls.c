// SPDX-License-Identifier: GPL-2.0
/*
 * utf8_to_utf32() and utf32_to_utf8() for the userspace builds, with the
 * kernel's contract (lib/nls): code points up to U+10FFFF, no surrogates,
 * no overlong forms; -1 for anything else or for too little room.
 */
#define NLS_MAX		0x10ffff
#define NLS_SURROGATE(c)	((c) >= 0xd800 && (c) < 0xe000)

int utf8_to_utf32(const u8 *s, int inlen, unicode_t *pu)
{
	static const u32 least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	unicode_t c;
	int n, i;

	if (inlen < 1)
		return -1;
	if (s[0] < 0x80)
		n = 1, c = s[0];
	else if ((s[0] & 0xe0) == 0xc0)
		n = 2, c = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, c = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, c = s[0] & 0x07;
	else
		return -1;
	if (inlen < n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < least[n] || c > NLS_MAX || NLS_SURROGATE(c))
		return -1;
	*pu = c;
	return n;
}

int utf32_to_utf8(unicode_t u, u8 *s, int maxout)
{
	int n = u < 0x80 ? 1 : u < 0x800 ? 2 : u < 0x10000 ? 3 : 4;
	int i;

	if (u > NLS_MAX || NLS_SURROGATE(u) || maxout < n)
		return -1;
	if (n == 1) {
		s[0] = u;
		return 1;
	}
	for (i = n - 1; i > 0; i--, u >>= 6)
		s[i] = 0x80 | (u & 0x3f);
	s[0] = (0xf00 >> n) | u;
	return n;
}
