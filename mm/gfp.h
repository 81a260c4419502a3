/* SPDX-License-Identifier: MIT */
/*
 * The page allocator's interface: GFP flags and alloc_pages() and friends.
 *
 * Flag values are Linux 5.x's (the layout that still had __GFP_ATOMIC), so that the
 * "mode:0x..." of an allocation failure reads the same as on Linux: GFP_KERNEL is 0xcc0,
 * GFP_ATOMIC 0xa20. There is no reclaim in rvmm: the reclaim bits only say whether the
 * caller could wait, which here means "drain the per-CPU lists and try once more".
 *
 * Which zones: gfp_zone() gives the highest zone the allocation may use, walking its
 * node's zonelist downwards from there: __GFP_DMA32 -> ZONE_DMA32 only; __GFP_MOVABLE
 * -> ZONE_MOVABLE and below (Linux also needs __GFP_HIGHMEM for that; rvmm has no
 * highmem); otherwise ZONE_NORMAL and below.
 * Which lists: gfp_migratetype(): __GFP_MOVABLE -> Movable, __GFP_RECLAIMABLE ->
 * Reclaimable, otherwise Unmovable.
 * How deep into the reserves (watermarks, see mm/page_alloc.c): first try at the low
 * watermark; then at min, halved by __GFP_HIGH and cut by a further quarter by
 * __GFP_ATOMIC; __GFP_NOFAIL and __GFP_MEMALLOC may finally ignore watermarks.
 */
#ifndef RVMM_MM_GFP_H
#define RVMM_MM_GFP_H

#include "mm/mmzone.h"

typedef unsigned int gfp_t;

#define ___GFP_DMA32	      0x04u
#define ___GFP_MOVABLE	      0x08u
#define ___GFP_RECLAIMABLE    0x10u
#define ___GFP_HIGH	      0x20u
#define ___GFP_IO	      0x40u
#define ___GFP_FS	      0x80u
#define ___GFP_ZERO	      0x100u
#define ___GFP_ATOMIC	      0x200u
#define ___GFP_DIRECT_RECLAIM 0x400u
#define ___GFP_KSWAPD_RECLAIM 0x800u
#define ___GFP_WRITE	      0x1000u
#define ___GFP_NOWARN	      0x2000u
#define ___GFP_RETRY_MAYFAIL  0x4000u
#define ___GFP_NOFAIL	      0x8000u
#define ___GFP_NORETRY	      0x10000u
#define ___GFP_MEMALLOC	      0x20000u
#define ___GFP_COMP	      0x40000u
#define ___GFP_NOMEMALLOC     0x80000u
#define ___GFP_HARDWALL	      0x100000u
#define ___GFP_THISNODE	      0x200000u
#define ___GFP_ACCOUNT	      0x400000u

#define __GFP_DMA32	     ((gfp_t)___GFP_DMA32)	 /* ZONE_DMA32 only */
#define __GFP_MOVABLE	     ((gfp_t)___GFP_MOVABLE)	 /* movable; ZONE_MOVABLE allowed */
#define __GFP_RECLAIMABLE    ((gfp_t)___GFP_RECLAIMABLE) /* reclaimable (slab caches) */
#define __GFP_HIGH	     ((gfp_t)___GFP_HIGH)	 /* may dip to half of min */
#define __GFP_IO	     ((gfp_t)___GFP_IO)
#define __GFP_FS	     ((gfp_t)___GFP_FS)
#define __GFP_ZERO	     ((gfp_t)___GFP_ZERO)	    /* return zeroed pages */
#define __GFP_ATOMIC	     ((gfp_t)___GFP_ATOMIC)	    /* cannot wait: a quarter below that */
#define __GFP_DIRECT_RECLAIM ((gfp_t)___GFP_DIRECT_RECLAIM) /* caller can wait */
#define __GFP_KSWAPD_RECLAIM ((gfp_t)___GFP_KSWAPD_RECLAIM)
#define __GFP_RECLAIM	     (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define __GFP_WRITE	     ((gfp_t)___GFP_WRITE)
#define __GFP_NOWARN	     ((gfp_t)___GFP_NOWARN) /* no failure message */
#define __GFP_RETRY_MAYFAIL  ((gfp_t)___GFP_RETRY_MAYFAIL)
#define __GFP_NOFAIL	     ((gfp_t)___GFP_NOFAIL) /* try every reserve before failing */
#define __GFP_NORETRY	     ((gfp_t)___GFP_NORETRY)
#define __GFP_MEMALLOC	     ((gfp_t)___GFP_MEMALLOC) /* may ignore watermarks */
#define __GFP_COMP	     ((gfp_t)___GFP_COMP)     /* compound page: head + tails */
#define __GFP_NOMEMALLOC     ((gfp_t)___GFP_NOMEMALLOC)
#define __GFP_HARDWALL	     ((gfp_t)___GFP_HARDWALL)
#define __GFP_THISNODE	     ((gfp_t)___GFP_THISNODE) /* this node only, no fallback */
#define __GFP_ACCOUNT	     ((gfp_t)___GFP_ACCOUNT)

#define GFP_ZONEMASK	 (__GFP_DMA32 | __GFP_MOVABLE)
#define GFP_MOVABLE_MASK (__GFP_RECLAIMABLE | __GFP_MOVABLE)

#define GFP_ATOMIC	   (__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL	   (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT	   (__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO	   (__GFP_RECLAIM)
#define GFP_NOFS	   (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER	   (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA32	   __GFP_DMA32

/** Highest zone an allocation with these flags may use */
static inline enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA32)
		return ZONE_DMA32;
	if (gfp & __GFP_MOVABLE)
		return ZONE_MOVABLE;
	return ZONE_NORMAL;
}

/** Free-list type an allocation with these flags takes its pages from */
static inline int gfp_migratetype(gfp_t gfp)
{
	if (gfp & __GFP_MOVABLE)
		return MIGRATE_MOVABLE;
	if (gfp & __GFP_RECLAIMABLE)
		return MIGRATE_RECLAIMABLE;
	return MIGRATE_UNMOVABLE;
}

/** Allocate 2^order pages from node nid (NUMA_NO_NODE: this CPU's) or its fallbacks */
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
/** Allocate 2^order pages, preferring this CPU's node */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
/** Free 2^order pages from alloc_pages() (drops a reference; the last one frees) */
void __free_pages(struct page *page, unsigned int order);
/** Allocate 2^order pages; returns their direct-map address or 0 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
/** One zeroed page; its direct-map address or 0 */
unsigned long get_zeroed_page(gfp_t gfp);
/** Free what __get_free_pages() returned (addr 0 is ignored) */
void free_pages(unsigned long addr, unsigned int order);

#define alloc_page(gfp)	     alloc_pages(gfp, 0)
#define __free_page(page)    __free_pages(page, 0)
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
#define free_page(addr)	     free_pages(addr, 0)

/** Write gfp as Linux's %pGg does ("GFP_KERNEL|__GFP_ZERO") into buf; returns length */
int gfp_flags_format(char *buf, size_t size, gfp_t gfp);

#endif
