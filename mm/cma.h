/* SPDX-License-Identifier: MIT */
/*
 * CMA, the contiguous memory allocator, with Linux's names.
 *
 * A CMA area is a pageblock-aligned range of RAM declared at boot (a reusable
 * shared-dma-pool in /reserved-memory, or cma=SIZE[@BASE]). Its pageblocks are given to the
 * buddy allocator as MIGRATE_CMA, so while nobody needs them contiguous they serve
 * __GFP_MOVABLE allocations (never unmovable ones; see __rmqueue() in mm/page_alloc.c for
 * when movable allocations prefer them). cma_alloc() takes a contiguous run back: it picks
 * a free aligned range in the area's bitmap and calls alloc_contig_range() (mm/migrate.h),
 * which isolates the range and migrates the movable pages in it elsewhere. A range that
 * holds a pinned or unmovable page is given up for the next aligned one.
 *
 * The bitmap has one bit per 2^order_per_bit pages, set while the pages are handed out by
 * cma_alloc(). Bitmaps live in a static pool (enough for 1 GiB of CMA at order_per_bit 0)
 * or, beyond it, in pages from the buddy allocator.
 *
 * Areas live in a static table of MAX_CMA_AREAS. Tests switch to a private table with
 * cma_use_test_areas() so the firmware's areas stay untouched. cma->lock protects the bitmap
 * and counters; alloc_contig_range() serialises the allocations themselves.
 */
#ifndef RVMM_MM_CMA_H
#define RVMM_MM_CMA_H

#include "mm/boot_mem.h"
#include "mm/gfp.h"

#define CMA_MAX_NAME 32

struct cma {
	char name[CMA_MAX_NAME];    /* the reserved-memory node name, or "reserved" (cma=) */
	pfn_t base_pfn;		    /* first frame, pageblock aligned */
	unsigned long count;	    /* pages in the area */
	unsigned int order_per_bit; /* one bitmap bit stands for 2^order_per_bit pages */
	unsigned long *bitmap;	    /* count >> order_per_bit bits; set: handed out by cma_alloc */
	struct page *bitmap_page;   /* buddy block holding the bitmap, or NULL (static pool) */
	unsigned int bitmap_order;  /* its order */
	bool is_default;	    /* linux,cma-default or cma=: the area for any device */
	int nid;		    /* node of the area */
	spinlock_t lock;	    /* protects bitmap and the counters below */
	unsigned long alloc_pages_success;   /* pages handed out by cma_alloc() */
	unsigned long alloc_pages_fail;	     /* pages asked for by failed cma_alloc() calls */
	unsigned long release_pages_success; /* pages given back by cma_release() */
};

/*
 * Registration fails with one line saying why: -EINVAL (alignment, zone, pageblock types,
 * name), -EEXIST (name taken), -EBUSY (overlap), -ENOSPC (table full), -ENOMEM (bitmap).
 */
/** Register the MIGRATE_CMA pageblocks [base, base + size) as CMA area name; 0 or negative */
int cma_init_reserved_mem(const char *name, phys_addr_t base, u64 size, bool is_default);
/** cma_init_reserved_mem() with order_per_bit; *res (may be NULL) gets the area */
int cma_declare_area(const char *name, phys_addr_t base, u64 size, unsigned int order_per_bit,
		     bool is_default, struct cma **res);

/** Number of registered areas */
int cma_area_count(void);
/** Area i (0 <= i < cma_area_count()), or NULL */
struct cma *cma_area(int i);
/** The area named name, or NULL */
struct cma *cma_find_area(const char *name);
/** The default area (linux,cma-default or cma=), or NULL */
struct cma *cma_default_area(void);
/** First byte of the area */
phys_addr_t cma_get_base(const struct cma *cma);
/** Bytes in the area */
unsigned long cma_get_size(const struct cma *cma);
/** The area's name */
const char *cma_get_name(const struct cma *cma);

/** count contiguous pages aligned to 2^align pages, each refcount 1; NULL (with a reason) */
struct page *cma_alloc(struct cma *cma, unsigned long count, unsigned int align, bool no_warn);
/** Give back pages from cma_alloc(); false (with a reason) if they are not from it */
bool cma_release(struct cma *cma, const struct page *pages, unsigned long count);

/** Pages handed out by cma_alloc() (debugfs "used") */
unsigned long cma_used_pages(struct cma *cma);
/** Largest run of free pages in the bitmap (debugfs "maxchunk") */
unsigned long cma_maxchunk_pages(struct cma *cma);
/** Pages of all registered areas (meminfo CmaTotal) */
unsigned long cma_total_pages(void);
/** Free pages in CMA pageblocks of every zone, per-CPU lists included (meminfo CmaFree) */
unsigned long cma_free_pages(void);

/** Per area, debugfs's cma/<name>/ files as "field: value" lines; then CmaTotal and CmaFree */
void cma_report(void);
/** Check every area: pageblock types, bitmap against page states; prints problems, counts */
int cma_verify(void);

/** Tests: use a private, empty table of areas (true) or the firmware's again (false) */
void cma_use_test_areas(bool test);

#endif
