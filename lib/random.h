/* SPDX-License-Identifier: MIT */
/*
 * A small, seeded pseudo-random generator for tests and benchmarks: the same seed gives
 * the same sequence on the host and on the target, so a failing random test can be
 * replayed. splitmix64 (Steele, Lea, Flood 2014): a 64-bit counter stepped by an odd
 * constant and run through a mixing function. Not for anything secret.
 */
#ifndef RVMM_LIB_RANDOM_H
#define RVMM_LIB_RANDOM_H

#include "lib/types.h"

struct rand_state {
	u64 s; /* counter; advanced by a fixed odd constant per draw */
};

/** Start a sequence from seed (any value, 0 included) */
void rand_seed(struct rand_state *r, u64 seed);
/** Next 64 random bits */
u64 rand_next(struct rand_state *r);
/** Uniform value in [lo, hi] (inclusive; lo > hi is treated as lo == hi) */
u64 rand_range(struct rand_state *r, u64 lo, u64 hi);
/** True with probability num/den (den > 0) */
bool rand_chance(struct rand_state *r, u64 num, u64 den);

#endif
