/* SPDX-License-Identifier: MIT */
/* Boot step 7 and on: nodes, zones, memmap, the buddy allocator, CMA pageblocks, vmalloc. */
#ifndef RVMM_FIRMWARE_MM_INIT_H
#define RVMM_FIRMWARE_MM_INIT_H

#include "lib/types.h"

struct mm_init_stats {
	u64 memmap_instret;     /* instructions to build every node's memmap and zones */
	u64 free_instret;       /* instructions to free memblock's free ranges to the buddy */
	u64 pages_freed;        /* pages given to the buddy at boot (CMA included) */
	u64 present_pages;      /* pages with a struct page */
	phys_addr_t test_base;  /* the region lent to on-target allocator tests (0: none) */
	u64 test_size;
};

extern struct mm_init_stats mm_init_stats;

/** Bring up nodes, zones and the buddy allocator from memblock; 0 or a negative error */
int mm_init(void);

#endif
