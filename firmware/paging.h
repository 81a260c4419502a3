/* SPDX-License-Identifier: MIT */
/* The kernel page table: built from memblock at boot, then the one satp points at. */
#ifndef RVMM_FIRMWARE_PAGING_H
#define RVMM_FIRMWARE_PAGING_H

#include "mm/pgtable.h"

extern struct pgtable kernel_pgt;

struct paging_stats {
	u64 direct_map_pte_writes;   /* PTE words written to build the direct map */
	u64 direct_map_instret;      /* instructions to build it (rdinstret) */
	u64 direct_map_tables;       /* table pages it needed */
	u64 direct_map_bytes;        /* RAM it maps */
	unsigned wx_violations;      /* W+X runs found by the boot check */
};

extern struct paging_stats paging_stats;

/** Map all RAM in the early table, build the final table (direct map, W^X image, fixmap),
 *  switch satp to it; 0 or a negative error (the early table stays in use) */
int paging_init(void);
/** Direct map = RAM minus no-map, no W+X, fixmap slots clear when unused; error count */
int paging_verify(pgt_print_fn out, void *arg);
/** Table pages come from the buddy allocator from now on (after memblock is retired) */
void paging_use_buddy(void);

#endif
