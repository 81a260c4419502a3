// SPDX-License-Identifier: MIT
/*
 * splitmix64, and unbiased ranges by rejection: a draw is rejected when it falls in the
 * incomplete last bucket (the 2^64 mod span values at the top), so every value of a span
 * is equally likely. At most half the draws are rejected, usually almost none.
 */
#include "lib/random.h"

void rand_seed(struct rand_state *r, u64 seed)
{
	r->s = seed;
}

u64 rand_next(struct rand_state *r)
{
	u64 z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

u64 rand_range(struct rand_state *r, u64 lo, u64 hi)
{
	if (hi <= lo)
		return lo;
	u64 span = hi - lo + 1; /* 0 means the whole 64-bit range */

	if (span == 0)
		return rand_next(r);
	u64 limit = -span % span; /* 2^64 mod span: values below this are rejected */
	u64 v;

	do {
		v = rand_next(r);
	} while (v < limit);
	return lo + v % span;
}

bool rand_chance(struct rand_state *r, u64 num, u64 den)
{
	if (den == 0)
		return false;
	return rand_range(r, 0, den - 1) < num;
}
