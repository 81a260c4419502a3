/* SPDX-License-Identifier: MIT */
/*
 * Filling a CMA area with movable data, and the cma_alloc benchmark on top of it (shared by
 * tests/mm/test_cma*.c and the firmware's `bench`).
 *
 * cma_fill_movable() makes the state that CMA exists for: the area full of movable pages.
 * Movable allocations only go to CMA once it holds more than half of the free memory, so
 * first every other free page of the area's node is taken by unmovable placeholders
 * (never in CMA); then vmalloc(__GFP_MOVABLE) areas of area_pages pages, every word
 * written with a pattern of (area, page, word), go in until no CMA page of the zone is
 * free; then the placeholders are freed, and extra_pages more movable pages are vmalloc'ed
 * (outside CMA now). Data is reached as the MMU does: vmalloc_to_phys() of the address,
 * through the direct map, so the check also proves the page tables are right.
 *
 * cma_bench() fills, then times `rounds` cma_alloc() calls of `pages` pages with the
 * instruction counter (read_instret(): exact under QEMU -icount, 0 on the host), checks
 * the data, releases and frees everything.
 */
#ifndef RVMM_MM_CMA_BENCH_H
#define RVMM_MM_CMA_BENCH_H

#include "mm/cma.h"

#define CMA_FILL_MAX_AREAS   1024
#define CMA_BENCH_MAX_ROUNDS 64

struct cma_fill {
	void *areas[CMA_FILL_MAX_AREAS]; /* vmalloc'ed with __GFP_MOVABLE */
	unsigned int nr_areas;
	unsigned long area_pages; /* pages per area */
	unsigned long pages;	  /* data pages in all areas */
	unsigned long in_cma;	  /* of which inside the CMA area right after the fill */
};

struct cma_bench_result {
	unsigned long attempts;	 /* cma_alloc() calls */
	unsigned long successes; /* that returned pages */
	unsigned long migrated;	 /* pages migrated by them */
	u64 instret;		 /* instructions spent in them */
	u64 instret_per_page;	 /* instret / migrated (0 when nothing moved) */
	unsigned long filled;	 /* movable data pages of the fill (in the area: in_cma) */
	unsigned long in_cma;
	unsigned long corrupt; /* data pages whose contents changed: must be 0 */
};

/** Fill cma (and extra_pages outside it) with patterned movable vmalloc data; 0 or -ENOMEM */
int cma_fill_movable(struct cma *cma, struct cma_fill *f, unsigned long extra_pages);
/** Data pages of the fill whose contents differ from the pattern (0: all intact) */
unsigned long cma_fill_check(const struct cma_fill *f);
/** Free the fill's areas */
void cma_fill_free(struct cma_fill *f);
/** Pages of the fill whose frame is inside [start, end) */
unsigned long cma_fill_count_in(const struct cma_fill *f, pfn_t start, pfn_t end);
/** Fill, then time rounds cma_alloc() of pages pages each; 0 or negative (r filled anyway) */
int cma_bench(struct cma *cma, unsigned long pages, unsigned int rounds,
	      struct cma_bench_result *r);

#endif
