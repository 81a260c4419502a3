/* SPDX-License-Identifier: MIT */
/*
 * In-place sort of an array: heapsort, so O(n log n) in the worst case, no recursion and
 * no allocation (safe on a small boot stack). Not stable.
 */
#ifndef RVMM_LIB_SORT_H
#define RVMM_LIB_SORT_H

#include "lib/types.h"

/* Returns <0, 0 or >0 as a sorts before, with or after b. */
typedef int (*sort_cmp_t)(const void *a, const void *b);

/** Sort n elements of size bytes at base into ascending order by cmp */
void sort(void *base, size_t n, size_t size, sort_cmp_t cmp);

#endif
