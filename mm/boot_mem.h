/* SPDX-License-Identifier: MIT */
/*
 * Boot memory setup, shared by the firmware and the host tool rvmm-dt: from a device-tree
 * scan to memblock (memory per node, every reservation, CMA areas carved out) and the NUMA
 * topology. The firmware then builds page tables and zones; rvmm-dt prints the reports.
 */
#ifndef RVMM_MM_BOOT_MEM_H
#define RVMM_MM_BOOT_MEM_H

#include "mm/dt_scan.h"

#define MAX_CMA_AREAS 8

struct boot_mem_args {
	const char *bootargs;   /* for cma= and movablecore= (NULL: none) */
	bool simulate;          /* rvmm-dt: assume fw_jump's placement of image and DTB */
	phys_addr_t image_base; /* the firmware image, reserved */
	u64 image_size;
	phys_addr_t dtb_base;   /* the DTB, reserved */
	u64 dtb_size;
};

struct cma_decl {
	char name[32];
	phys_addr_t base; /* bytes, pageblock aligned */
	u64 size;         /* bytes, pageblock multiple */
	int nid;
	bool is_default;  /* linux,cma-default or cma= */
};

/* What boot_mem_init() decided, for the later stages and the reports. */
struct boot_mem {
	phys_addr_t phys_ram_base;              /* 1 GiB aligned: PAGE_OFFSET maps it */
	struct cma_decl cma[MAX_CMA_AREAS];
	int ncma;
	u64 movablecore;                        /* bytes asked for ZONE_MOVABLE (0: none) */
	int warnings;
};

extern struct boot_mem boot_mem;

/** Fill memblock and the NUMA topology from info; 0 or a negative error (boot_mem_error) */
int boot_mem_init(const struct dt_memory_info *info, const struct boot_mem_args *args);
/** Cause of the last boot_mem_init failure */
const char *boot_mem_error(void);
struct boot_mem_buddy_stats {
	u64 memmap_instret; /* instructions to build every node's memmap and zones */
	u64 free_instret;   /* instructions to free memblock's free ranges and CMA to the buddy */
	u64 pages_freed;    /* pages given to the buddy at boot (CMA included) */
	u64 present_pages;  /* pages with a struct page */
};

/*
 * Bring up the page allocator from memblock: NUMA state, every node's zones and memmap
 * (memory from alloc, on that node), zonelists, memblock's free ranges and the CMA
 * pageblocks to the buddy, watermarks. 0 or a negative error.
 */
int boot_mem_buddy_init(void *(*alloc)(size_t bytes, int nid), struct boot_mem_buddy_stats *st);
/** rvmm-dt: print memblock, numa and zoneinfo as the firmware would */
void boot_mem_report_all(void);
/* rvmm-dt: where the memmap of the simulated boot comes from (the host has no such RAM) */
extern void *(*boot_mem_host_alloc)(size_t bytes, int nid);

#endif
