/* SPDX-License-Identifier: MIT */
/* Boot step 7 and on: nodes, zones, memmap, the buddy allocator, CMA pageblocks, vmalloc. */
#ifndef RVMM_FIRMWARE_MM_INIT_H
#define RVMM_FIRMWARE_MM_INIT_H

#include "mm/boot_mem.h"

struct mm_init_stats {
	struct boot_mem_buddy_stats buddy; /* memmap and free-to-buddy figures */
	phys_addr_t test_base;  /* the region lent to on-target allocator tests (0: none) */
	u64 test_size;
};

extern struct mm_init_stats mm_init_stats;

/** Bring up nodes, zones and the buddy allocator from memblock; 0 or a negative error */
int mm_init(void);

#endif
