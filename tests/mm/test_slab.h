/* SPDX-License-Identifier: MIT */
/*
 * The slab test environment: every case runs a private slab state (mm/slab_internal.h)
 * over the private buddy allocator of tests/mm/test_buddy.h, so on the target the live
 * allocators are left alone (and the cases SKIP when the firmware lends no test region).
 *
 * ts_begin() builds the buddy layout, notes its free pages, then bootstraps a slab state
 * with the given debug flags (the kmalloc caches included). ts_end() checks that
 * slab_verify() is clean, tears the whole slab state down (every cache must be empty),
 * and checks that the buddy allocator has every page back except those of quarantined
 * slabs: the accounting returns to its baseline after every case.
 */
#ifndef RVMM_TESTS_MM_TEST_SLAB_H
#define RVMM_TESTS_MM_TEST_SLAB_H

#include "tests/mm/test_buddy.h"
#include "mm/slab_internal.h"

/** Buddy layout l (NULL: one node, all free), then a slab state with debug flags; 0 or error */
int ts_begin(const struct tb_layout *l, slab_flags_t debug);
/** Verify, tear the slab state down, check the buddy pages are back; then switch back */
void ts_end(struct ktest *t);
/** Undo ts_begin() without checks (after a failed ASSERT, suite exit) */
void ts_cleanup(void);
/** Free pages of the buddy allocator with per-CPU lists drained */
unsigned long ts_free_pages(void);
/** Occurrences of s in the allocator log since the last tb_log_clear() */
unsigned ts_log_count(const char *s);
/** Print the allocator log into the test output (for failures) */
void ts_log_show(struct ktest *t);

#define TS_BEGIN(layout, debug)                                                                    \
	do {                                                                                       \
		int _e = ts_begin(layout, debug);                                                  \
		if (_e == -ENOSYS || _e == -ENODEV)                                                \
			SKIP("%s", tb_skip_reason(_e));                                            \
		ASSERT_EQ(_e, 0);                                                                  \
	} while (0)

#endif
