// SPDX-License-Identifier: MIT
/*
 * Anti-fragmentation benchmark (see firmware/bench.h): the churn of tests/mm/test_antifrag.c
 * in a private 16 MiB zone, with grouping by mobility on and then off, and Linux's
 * unusable free space index at order 9 after each (0.00: all free memory is in 2 MiB
 * blocks or larger; 1.00: none is):
 *
 *	unusable_index_o9_grouping_on	the buddy allocator as it is
 *	unusable_index_o9_grouping_off	every allocation Unmovable (page_alloc.grouping=off)
 *
 * Both measure a state, not instructions: one run each, the same value on every boot.
 */
#include "firmware/bench.h"
#include "lib/errno.h"

int antifrag_unusable_index(bool grouping, unsigned *permille);

static int antifrag(struct bench *b, bool grouping)
{
	unsigned permille = 0;
	int err = antifrag_unusable_index(grouping, &permille);

	if (err == -ENOSYS || err == -ENODEV)
		return bench_skip(b, "no test memory region (%d)", err);
	if (err)
		return bench_fail(b, "churn in the test zone failed (%d)", err);
	return bench_value(b, permille, 1000);
}

static int bench_grouping_on(struct bench *b)
{
	return antifrag(b, true);
}

static int bench_grouping_off(struct bench *b)
{
	return antifrag(b, false);
}
BENCH_FLAGS(unusable_index_o9_grouping_on, "ratio", bench_grouping_on, BENCH_ONCE);
BENCH_FLAGS(unusable_index_o9_grouping_off, "ratio", bench_grouping_off, BENCH_ONCE);
