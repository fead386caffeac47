/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every hvx libFuzzer harness shares. The host's bytes are copied to a
 * heap buffer of exactly their length, as the drivers copy them to private
 * memory, so that AddressSanitizer sees any read past what the host sent.
 */
#ifndef _HVX_FUZZ_H
#define _HVX_FUZZ_H

#include <stdlib.h>

/* A property of the parser that does not hold: a crash libFuzzer keeps. */
#define fuzz_check(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

static inline u8 *fuzz_copy(const u8 *data, size_t len)
{
	u8 *p = malloc(len ? len : 1);

	fuzz_check(p);
	memcpy(p, data, len);
	return p;
}

/* Read every byte of [p, p + len): ASan reports any outside the copy. */
static inline u32 fuzz_touch(const void *p, size_t len)
{
	const volatile u8 *b = p;
	u32 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

/* Does [p, p + n) lie inside [base, base + size)? */
static inline bool fuzz_inside(const void *p, size_t n, const void *base, size_t size)
{
	const u8 *b = base, *q = p;

	return q >= b && q <= b + size && n <= (size_t)(b + size - q);
}

#endif /* _HVX_FUZZ_H */
