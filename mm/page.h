/* SPDX-License-Identifier: MIT */
/* Page and pageblock sizes, and physical address <-> frame number conversions. */
#ifndef RVMM_MM_PAGE_H
#define RVMM_MM_PAGE_H

#include "lib/types.h"

#define PAGE_SHIFT      12
#define PAGE_SIZE       (1UL << PAGE_SHIFT)
#define PAGE_MASK       (~(PAGE_SIZE - 1))

#define MAX_PAGE_ORDER  10                    /* largest buddy block: 2^10 pages = 4 MiB */
#define NR_PAGE_ORDERS  (MAX_PAGE_ORDER + 1)  /* orders 0..10, as /proc/buddyinfo shows */
#define PAGEBLOCK_ORDER 9                     /* 2 MiB pageblocks: one migratetype each */
#define PAGEBLOCK_PAGES (1UL << PAGEBLOCK_ORDER)
#define PAGEBLOCK_SIZE  (PAGEBLOCK_PAGES << PAGE_SHIFT)

#define PHYS_PFN(pa)    ((pfn_t)((pa) >> PAGE_SHIFT))
#define PFN_PHYS(pfn)   ((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PFN_UP(pa)      PHYS_PFN((pa) + PAGE_SIZE - 1)
#define PFN_DOWN(pa)    PHYS_PFN(pa)

_Static_assert(PAGEBLOCK_ORDER <= MAX_PAGE_ORDER, "a pageblock must fit in a buddy block");
_Static_assert((PAGE_SIZE << PAGEBLOCK_ORDER) == SZ_2M, "pageblocks are 2 MiB (SV39 megapage)");

#endif
