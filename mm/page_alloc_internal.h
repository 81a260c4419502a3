/* SPDX-License-Identifier: MIT */
/* Page allocator internals shared by mm/page_alloc*.c, mm/buddy_verify.c and their tests. */
#ifndef RVMM_MM_PAGE_ALLOC_INTERNAL_H
#define RVMM_MM_PAGE_ALLOC_INTERNAL_H

#include "mm/mmzone.h"

/*
 * How far into a zone's reserves an allocation attempt may go (Linux's ALLOC_*): the low
 * two bits index zone->_watermark[]; ALLOC_HIGH halves min; ALLOC_HARDER takes another
 * quarter off and may use MIGRATE_HIGHATOMIC blocks; ALLOC_CMA lets movable allocations
 * use CMA pageblocks.
 */
#define ALLOC_WMARK_MIN	    WMARK_MIN
#define ALLOC_WMARK_LOW	    WMARK_LOW
#define ALLOC_WMARK_HIGH    WMARK_HIGH
#define ALLOC_NO_WATERMARKS 0x04
#define ALLOC_WMARK_MASK    (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_HARDER	    0x10
#define ALLOC_HIGH	    0x20
#define ALLOC_CMA	    0x80

/* Pageblock bitmap: 4 bits per block, of which 3 hold the migratetype. */
#define NR_PAGEBLOCK_BITS 4
_Static_assert(MIGRATE_TYPES <= 8, "a migratetype fits in 3 pageblock bits");

/** Per-CPU list index of (order, migratetype) */
static inline unsigned int order_to_pindex(int migratetype, unsigned int order)
{
	return order * MIGRATE_PCPTYPES + (unsigned)migratetype;
}

/** Order of the blocks on per-CPU list pindex */
static inline unsigned int pindex_to_order(unsigned int pindex)
{
	return pindex / MIGRATE_PCPTYPES;
}

/** True when zone z keeps more than mark pages free after a 2^order allocation */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark, int highest_zoneidx,
		       unsigned int alloc_flags);
/** Hand a reserved block to the buddy allocator: managed_pages grows (setup path) */
void __free_pages_core(struct page *page, unsigned int order);
/** Report a bad page state (one line) and count it; the page is left as it is */
void bad_page(const struct page *page, const char *reason);
/** Free a prepared block straight into the buddy lists (takes zone->lock) */
void free_one_page(struct zone *zone, struct page *page, pfn_t pfn, unsigned order, int mt);
/** Free a prepared block of order <= PAGE_ALLOC_COSTLY_ORDER to this CPU's lists */
void free_unref_page(struct zone *zone, struct page *page, pfn_t pfn, unsigned order, int mt);
/** Set migratetype on every pageblock of the 2^order block at page (zone->lock held) */
void change_pageblock_range(struct page *page, unsigned int order, int migratetype);

/*
 * Free-list primitives, zone->lock held. Exposed for page isolation and contiguous
 * allocation (mm/page_alloc_isolate.c), which take free blocks off and put them back.
 */
/** Put a free block of 2^order pages on its order's list of type mt (tail: coldest end) */
void add_to_free_list(struct page *page, struct zone *zone, unsigned order, int mt, bool tail);
/** Take a free block off its list (its type is page->migratetype) */
void del_from_free_list(struct page *page, struct zone *zone, unsigned order);
/** Free a block into the buddy lists of type mt, merging with free buddies */
void __free_one_page(struct page *page, pfn_t pfn, struct zone *zone, unsigned order, int mt);

/* Page poisoning (mm/page_alloc_poison.c, documented in mm/fault_inject.h). */
extern bool page_poison_on;    /* frees fill blocks with PAGE_POISON */
extern bool page_poison_check; /* allocations check marked frames (stays on once set) */
/** Fill the 2^order frames at page with PAGE_POISON and mark them PG_poisoned */
void kernel_poison_pages(struct page *page, unsigned int order);
/** Check and unmark the marked frames of a block leaving the free lists; false (after one
    "BUG: page poison corrupted" line per bad frame) when one was written while free */
bool check_poison_pages(struct page *page, unsigned int order);

#endif
