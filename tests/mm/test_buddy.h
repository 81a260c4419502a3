/* SPDX-License-Identifier: MIT */
/*
 * A private page allocator for tests: tb_setup() builds nodes and zones over a test
 * region of 16 MiB of "physical memory" in a struct mm_state of its own and makes it the
 * live one; tb_teardown() switches back. Layouts are written in page offsets from the
 * region start, so a test reads the same on the host (a static buffer that appears at
 * physical 0x80000000 through host_phys_offset) and on the target (a region the firmware
 * lends through ktest_mm_region()). Allocator messages go to a log the test can search.
 */
#ifndef RVMM_TESTS_MM_TEST_BUDDY_H
#define RVMM_TESTS_MM_TEST_BUDDY_H

#include "tests/ktest.h"
#include "mm/gfp.h"
#include "mm/page_alloc_internal.h"
#include "lib/errno.h"

#define TB_PAGES     4096UL /* the test region: 16 MiB */
#define TB_MAX_NODES 3

struct tb_node {
	struct pfn_range present[4]; /* page offsets, sorted */
	unsigned nr;
	unsigned long movable_start; /* page offset where ZONE_MOVABLE starts; 0: none */
	unsigned long cpus;	     /* CPUs of this node (mask; cpu 0 is on node 0 else) */
};

struct tb_layout {
	int nr_nodes;
	struct tb_node node[TB_MAX_NODES];
	unsigned long dma32_end;      /* page offset where ZONE_DMA32 ends; 0: all DMA32 */
	struct pfn_range reserved[4]; /* page offsets kept out of the buddy allocator */
	unsigned nr_reserved;
	bool no_wmark_init; /* skip init_per_zone_wmark_min() (watermarks 0) */
};

/*
 * Region for the tests on the target, provided by the firmware: physical base (4 MiB
 * aligned) and size (at least 16 MiB) of memory it does not otherwise use. The default
 * (weak) one returns -ENOSYS, which makes the suites skip there.
 */
int ktest_mm_region(phys_addr_t *base, size_t *size);

/** Build layout l as the live allocator; 0, or a negative code (the test should SKIP) */
int tb_setup(const struct tb_layout *l);
/** Switch back to the allocator that was live before tb_setup() */
void tb_teardown(void);
/** The one-node, all-free, all-DMA32 layout */
int tb_setup_simple(void);
/** Physical frame of a page offset in the region */
pfn_t tb_pfn(unsigned long off);
/** struct page of a page offset in the region */
struct page *tb_page(unsigned long off);
/** Page offset of a struct page */
unsigned long tb_off(const struct page *page);
/** Zone t of node nid */
struct zone *tb_zone(int nid, enum zone_type t);
/** Set every zone's watermarks to 0 (allocations may empty the zones) */
void tb_zero_watermarks(void);
/** Set high/batch of every zone's per-CPU lists */
void tb_set_pcp(int high, int batch);
/** True when the allocator log contains s; tb_log_clear() empties it */
bool tb_log_has(const char *s);
void tb_log_clear(void);
/** Everything logged since the last tb_log_clear() */
const char *tb_log_text(void);
/** Run buddy_verify(); on errors show the allocator log in the test output */
int tb_verify(struct ktest *t);
/** Why tb_setup() failed, for SKIP() */
const char *tb_skip_reason(int err);

/* Free blocks per order of one zone, to compare before and after. */
struct tb_snap {
	unsigned long nr_free[NR_PAGE_ORDERS];
	unsigned long free_pages, pcp_pages, bad;
};
void tb_snapshot(struct zone *zone, struct tb_snap *s);
bool tb_snap_equal(const struct tb_snap *a, const struct tb_snap *b);

#define TB_SETUP(layout)                                                                           \
	do {                                                                                       \
		int _e = tb_setup(layout);                                                         \
		if (_e == -ENOSYS || _e == -ENODEV)                                                \
			SKIP("%s", tb_skip_reason(_e));                                            \
		ASSERT_EQ(_e, 0);                                                                  \
	} while (0)

#endif
