/* SPDX-License-Identifier: MIT */
/*
 * The CMA test environment (tests/mm/test_cma_env.c), shared by the cma and cma_migrate
 * suites: the 16 MiB private allocator of tests/mm/test_buddy.h (a host buffer, or the
 * firmware's test region on the target) with one zone whose pages [TC_CMA_OFF,
 * TC_CMA_OFF + TC_CMA_PAGES) are MIGRATE_CMA pageblocks registered as area "test" in the
 * private CMA table, and the private vmalloc instance mapping into a page table of its own
 * (tables from a static pool; the mappings are not live, content is reached by walking
 * them) with pages from that allocator. tc_teardown() puts everything back.
 */
#ifndef RVMM_TESTS_MM_TEST_CMA_H
#define RVMM_TESTS_MM_TEST_CMA_H

#include "tests/mm/test_buddy.h"
#include "mm/cma.h"
#include "mm/migrate.h"
#include "mm/vmalloc.h"

#define TC_CMA_OFF   2048UL /* page offset of the area in the region: pageblocks 4 and 5 */
#define TC_CMA_PAGES 1024UL /* 4 MiB */
#define GFP_MOV	     (GFP_KERNEL | __GFP_MOVABLE)

struct tc_env {
	struct cma *cma;   /* the area "test" */
	struct zone *zone; /* its zone (ZONE_DMA32 of node 0: the whole region) */
	pfn_t base, end;   /* its frames [base, end) */
};

extern struct tc_env tc;

/** Build the environment; 0, or a negative code (-ENOSYS/-ENODEV: SKIP) */
int tc_setup(void);
/** Undo tc_setup() (safe to call twice) */
void tc_teardown(void);
/** buddy_verify(), vmalloc_verify() and cma_verify() of the environment; total errors */
int tc_verify_all(struct ktest *t);
/** The test instance's page table */
struct pgtable *tc_pgt(void);
/** Restart the vmalloc test instance with page ops that do or do not name struct pages */
int tc_vmalloc_reinit(bool with_page_struct);
/** TLB flushes the test page table asked for so far */
unsigned long tc_flushes(void);
/** True when pfn is inside the area */
bool tc_in_cma(pfn_t pfn);
/** Allocate every free page outside CMA (unmovable, order 0..10) onto list; pages taken */
unsigned long tc_take_all(struct list_head *list);
/** Give back pages from tc_take_all() (all of them, or about `pages` of them) */
void tc_give_back(struct list_head *list);
unsigned long tc_give_back_some(struct list_head *list, unsigned long pages);

#define TC_SETUP()                                                                                 \
	do {                                                                                       \
		int _e = tc_setup();                                                               \
		if (_e == -ENOSYS || _e == -ENODEV)                                                \
			SKIP("%s", tb_skip_reason(_e));                                            \
		ASSERT_EQ(_e, 0);                                                                  \
	} while (0)

#endif
