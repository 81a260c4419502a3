/* SPDX-License-Identifier: MIT */
/*
 * Page migration and contiguous allocation: what lets CMA lend its memory to movable
 * allocations and take it back.
 *
 * Movable pages. An owner that can move its page elsewhere says so with set_page_movable():
 * the page gets PG_movable, owner[0] = its struct movable_ops and owner[1] = a cookie for
 * it; page->private stays the owner's and moves along with the page. Only order-0 pages
 * allocated from the buddy can be movable. vmalloc areas allocated with __GFP_MOVABLE are
 * (mm/vmalloc_migrate.c); a test can make its own.
 *
 * Migrating one page (migrate_page): the page must be movable and hold exactly one
 * reference, its owner's. get_page() from anyone else pins it: -EBUSY. A new page is
 * allocated (movable, same node; never from an isolated pageblock), the owner's migrate()
 * copies the contents and repoints everything it keeps (page lists, PTEs, with the TLB
 * flush), the new page inherits the movable link, and the old page is freed.
 *
 * Contiguous allocation (alloc_contig_range, Linux's name), used by cma_alloc():
 *  1. isolate the pageblocks around [start, end) (mm/page_alloc_isolate.c) and drain the
 *     per-CPU lists, so no free page of the range can be handed out any more;
 *  2. scan the range: a page in use that is not movable, or pinned, makes it fail at
 *     once with the reason (nothing has moved yet);
 *  3. migrate every page in use out of the range (a second pass catches pages freed late);
 *  4. under zone->lock check that every page is free and take them all off the buddy;
 *  5. give the pageblocks their type back (free pages around the range included).
 * On failure the range is left as before step 1, apart from pages already migrated: their
 * contents and owners' views are intact, only their frames changed.
 *
 * Not for interrupt context. Callers serialise through alloc_contig_range()'s own lock;
 * an owner must not free a page while its migrate() runs (the vmalloc owner checks under
 * its lock that the page is still its own).
 */
#ifndef RVMM_MM_MIGRATE_H
#define RVMM_MM_MIGRATE_H

#include "mm/gfp.h"

struct movable_ops {
	/*
	 * Move src's contents and every reference the owner keeps to dst (a fresh order-0 page
	 * on src's node; migrate_copy_page() copies). 0, or a negative code with src untouched.
	 * Called without allocator locks held; priv is the cookie given to set_page_movable().
	 */
	int (*migrate)(struct page *src, struct page *dst, void *priv);
};

/* What migration did so far (all callers, since boot). */
struct migrate_stats {
	unsigned long nr_migrated;	/* pages moved */
	unsigned long nr_failed_pinned; /* refused: an extra reference (refcount > 1) */
	unsigned long nr_failed_nomem;	/* no page to move to */
	unsigned long nr_failed_owner;	/* the owner's migrate() refused */
	unsigned long nr_contig_ok;	/* alloc_contig_range() successes */
	unsigned long nr_contig_fail;	/* and failures */
};

extern struct migrate_stats migrate_stats;

/* Why a migration, an isolation or a contiguous allocation failed. */
struct migrate_fail {
	pfn_t pfn;    /* the frame that stopped it (a range's start for a bad range) */
	char why[96]; /* one line, e.g. "pfn 0x80400 pinned (refcount 2)" */
};

/** Mark an allocated order-0 page movable by ops (priv goes back to ops); 0 or -EINVAL */
int set_page_movable(struct page *page, const struct movable_ops *ops, void *priv);
/** Take the movable mark off (the owner will free the page or keep it for good) */
void clear_page_movable(struct page *page);
/** The page's movable_ops, or NULL when it is not movable */
const struct movable_ops *page_movable_ops(const struct page *page);
/** The cookie given to set_page_movable(), or NULL */
void *page_movable_priv(const struct page *page);
/** Copy a page's 4 KiB of contents (for migrate() callbacks) */
void migrate_copy_page(struct page *dst, const struct page *src);

/** Move one movable page: 0, -EBUSY (not movable, pinned), -ENOMEM, or the owner's error */
int migrate_page(struct page *page, struct migrate_fail *fail);
/** Contiguous allocation of [start, end), each page refcount 1; 0 or negative (fail says why) */
int alloc_contig_range(pfn_t start, pfn_t end, int migratetype, struct migrate_fail *fail);
/** Free nr pages from alloc_contig_range() starting at pfn */
void free_contig_range(pfn_t pfn, unsigned long nr);

/* ---- page isolation (mm/page_alloc_isolate.c) ---- */

/** Isolate the pageblocks of [start, end) (aligned, one zone, each of type mt); 0 or negative */
int start_isolate_page_range(pfn_t start, pfn_t end, int mt, struct migrate_fail *fail);
/** Give the isolated pageblocks of [start, end) type mt again; their free pages merge back */
void undo_isolate_page_range(pfn_t start, pfn_t end, int mt);
/** Check that all of [start, end) is free and isolated, then take it (refcount 1 each, type mt) */
int take_isolated_range(pfn_t start, pfn_t end, int mt, struct migrate_fail *fail);
/** Head of the free block (buddy or per-CPU) that covers pfn (page: its struct page), or NULL */
struct page *pfn_free_block(struct page *page, pfn_t pfn);
/** Free pages of the zone in CMA pageblocks, per-CPU lists included (exact CmaFree) */
unsigned long zone_free_cma_pages(struct zone *zone);

#endif
