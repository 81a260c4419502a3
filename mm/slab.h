/* SPDX-License-Identifier: MIT */
/*
 * The slab allocator and kmalloc, with Linux's names: caches of equal-sized objects carved
 * out of buddy pages (kmem_cache_*), and kmalloc() on top of a fixed set of size classes
 * (8, 16, 32, 64, 96, 128, 192, 256, 512, 1k, 2k, 4k and 8k bytes; larger requests are
 * compound pages straight from the buddy allocator).
 *
 * The design (SLAB-style per-CPU arrays over per-node slab lists, object lookup through
 * struct page, colouring, debugging) is explained at the top of mm/slab.c; the debug
 * checks and their reports at the top of mm/slab_debug.c.
 *
 * Context: any hart; the allocator takes spinlocks inside (nothing sleeps in rvmm), so it
 * must not be entered from an interrupt handler that may have interrupted it on the same
 * hart. A cache must not be used while kmem_cache_destroy() runs on it.
 */
#ifndef RVMM_MM_SLAB_H
#define RVMM_MM_SLAB_H

#include "lib/types.h"
#include "mm/gfp.h"

typedef unsigned int slab_flags_t;

/* kmem_cache_create() flags (Linux's values). */
#define SLAB_CONSISTENCY_CHECKS 0x00000100U /* debug: check pointers and lists on every op */
#define SLAB_RED_ZONE		0x00000400U /* debug: guard bytes around every object */
#define SLAB_POISON		0x00000800U /* debug: fill free objects with 0x6b..0xa5 */
#define SLAB_KMALLOC		0x00001000U /* a kmalloc size class (red zone by exact size) */
#define SLAB_HWCACHE_ALIGN	0x00002000U /* align objects to cache lines (64 bytes) */
#define SLAB_CACHE_DMA32	0x00008000U /* slabs from ZONE_DMA32 */
#define SLAB_STORE_USER		0x00010000U /* debug: remember who allocated and freed */
#define SLAB_RECLAIM_ACCOUNT	0x00020000U /* counted as SReclaimable in meminfo */

/* What the bootarg `slub_debug` turns on for every cache: Linux's "FZPU". */
#define SLAB_DEBUG_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/* Byte values written by the debug code (Linux's). */
#define POISON_FREE	       0x6b /* a free object's bytes ... */
#define POISON_END	       0xa5 /* ... and its last byte */
#define SLUB_RED_INACTIVE      0xbb /* red zone of a free object */
#define SLUB_RED_ACTIVE	       0xcc /* red zone of an allocated object */
#define SLAB_CACHE_LINE	       64   /* bytes; SLAB_HWCACHE_ALIGN and colouring step */
#define SLAB_NAME_MAX	       32   /* bytes of a cache name, NUL included */
#define SLAB_MAX_OBJS	       1024 /* objects per slab at most */
#define KMALLOC_MIN_SIZE       8
#define KMALLOC_MAX_CACHE_SIZE 8192UL /* larger kmallocs are compound pages */
#define KMALLOC_MAX_SIZE       (PAGE_SIZE << MAX_PAGE_ORDER) /* 4 MiB */
#define KMALLOC_NR_CACHES      13

/* kmalloc(0) returns this: not NULL, but faults on use; kfree() accepts it. */
#define ZERO_SIZE_PTR	    ((void *)16)
#define ZERO_OR_NULL_PTR(p) ((unsigned long)(p) <= (unsigned long)ZERO_SIZE_PTR)

struct kmem_cache;

/* ---- caches ---- */

/**
 * Create a cache of size-byte objects aligned to align (0 or a power of two; with
 * SLAB_HWCACHE_ALIGN at least a cache line for objects bigger than half of one); ctor
 * (optional) runs once on each object when its slab is created. NULL on bad arguments
 * (one line says which) or no memory.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *));
/** Allocate one object; NULL on failure (__GFP_ZERO zeroes it) */
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp);
/** Allocate one object from node nid (NUMA_NO_NODE: this CPU's), falling back to others
    unless gfp has __GFP_THISNODE */
void *kmem_cache_alloc_node(struct kmem_cache *c, gfp_t gfp, int nid);
/** Free an object of c; bad pointers are reported ("BUG <cache>: ...") and not freed */
void kmem_cache_free(struct kmem_cache *c, void *obj);
/** Destroy an empty cache: 0; -EBUSY (live objects: one line, cache intact), -EINVAL */
int kmem_cache_destroy(struct kmem_cache *c);
/** Drain per-CPU arrays and give every empty slab back to the buddy; returns pages freed */
unsigned long kmem_cache_shrink(struct kmem_cache *c);
/** Bytes of one object as the user asked (object_size) */
unsigned int kmem_cache_size(const struct kmem_cache *c);
/** The cache's name */
const char *kmem_cache_name(const struct kmem_cache *c);
/** Shrink every cache; returns pages given back to the buddy */
unsigned long kmem_cache_shrink_all(void);

/* ---- kmalloc (mm/kmalloc.c) ---- */

/** size bytes from the smallest fitting size class (or pages above 8 KiB); NULL on failure */
void *kmalloc(size_t size, gfp_t gfp);
/** kmalloc() from node nid (NUMA_NO_NODE: this CPU's) */
void *kmalloc_node(size_t size, gfp_t gfp, int nid);
/** kmalloc() of zeroed memory */
void *kzalloc(size_t size, gfp_t gfp);
/** n * size bytes; NULL when the product overflows */
void *kmalloc_array(size_t n, size_t size, gfp_t gfp);
/** n * size zeroed bytes; NULL when the product overflows */
void *kcalloc(size_t n, size_t size, gfp_t gfp);
/** Resize p to new_size keeping min(old, new) bytes; NULL on failure (p untouched);
    new_size 0 frees p and returns ZERO_SIZE_PTR */
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
/** Free what the kmalloc family returned (NULL and ZERO_SIZE_PTR are ignored) */
void kfree(const void *p);
/** Bytes usable at p (its size class, or its pages); 0 for NULL or a bad pointer */
size_t ksize(const void *p);
/** The size class index for size (0 = 8 bytes ... 12 = 8 KiB), or -1 above 8 KiB */
int kmalloc_index(size_t size);
/** The kmalloc cache of size class index i (NULL before kmem_cache_init) */
struct kmem_cache *kmalloc_cache(int index);

/* ---- setup and state ---- */

/** Bootstrap the live slab allocator (after the buddy allocator): 0 or -ENOMEM */
int kmem_cache_init(void);
/**
 * Turn debug flags (SLAB_DEBUG_FLAGS or a subset) on for every cache created from now on;
 * the firmware calls it for the bootarg `slub_debug`, before kmem_cache_init(). 0 or
 * -EINVAL (flags that are not debug flags).
 */
int slab_debug_enable(slab_flags_t flags);
/** Parse Linux's slub_debug letters ("FZPU", "-" for none, "" for all) into flags; -EINVAL.
    A ",cache,..." list after the letters is ignored: the flags are for every cache */
int slab_debug_parse(const char *opts, slab_flags_t *flags);

/* ---- reports and checks (mm/slabinfo.c, mm/slab_debug.c) ---- */

/* One cache's numbers, as slabinfo shows them (objects, bytes, slabs, pages). */
struct slab_cache_info {
	const char *name;
	unsigned long active_objs;	 /* objects in use by callers */
	unsigned long num_objs;		 /* object slots in all slabs on the lists */
	unsigned long cpu_objs;		 /* free objects held in per-CPU arrays */
	unsigned int objsize;		 /* bytes per slot, metadata included */
	unsigned int object_size;	 /* bytes the user asked for */
	unsigned int objperslab;	 /* objects per slab */
	unsigned int pagesperslab;	 /* pages per slab (1 << order) */
	unsigned int limit, batchcount;	 /* per-CPU array size and refill batch (objects) */
	unsigned int colours;		 /* distinct colour offsets (1: no colouring) */
	unsigned long active_slabs;	 /* slabs with at least one object in use */
	unsigned long num_slabs;	 /* slabs on the lists */
	unsigned long free_slabs;	 /* of which empty */
	unsigned long quarantined_slabs; /* taken out after a BUG report */
	unsigned long quarantined_pages; /* their pages, never reused */
	unsigned long errors;		 /* BUG reports about this cache */
	slab_flags_t flags;		 /* SLAB_* including debug flags in force */
};

/* meminfo's slab lines, in kB. */
struct slab_meminfo {
	unsigned long slab_kb;	       /* Slab: SReclaimable + SUnreclaim */
	unsigned long sreclaimable_kb; /* slabs of SLAB_RECLAIM_ACCOUNT caches */
	unsigned long sunreclaim_kb;   /* other slabs, quarantined ones and large kmallocs */
};

/** Fill info for cache c */
void kmem_cache_get_info(struct kmem_cache *c, struct slab_cache_info *info);
/** /proc/slabinfo (version 2.1) through mm_printf() */
void slabinfo_show(void);
/** slabtop-like summary and one line per cache, largest total size first */
void slabtop_show(void);
/** The Slab, SReclaimable and SUnreclaim numbers of /proc/meminfo */
void slab_meminfo(struct slab_meminfo *mi);
/** Those three lines in /proc/meminfo's format ("Slab:           %8lu kB") */
void slab_meminfo_show(void);
/** Check every cache's lists, counts and per-CPU arrays; one line per problem; error count */
int slab_verify(void);
/** Check the contents of every object of c (red zones, poison, free pointers): BUG reports */
int kmem_cache_validate(struct kmem_cache *c);
/** BUG reports so far, all caches (tests compare before and after) */
unsigned long slab_error_count(void);
/** BUG reports so far about cache c */
unsigned long kmem_cache_error_count(const struct kmem_cache *c);

#endif
