/* SPDX-License-Identifier: MIT */
/*
 * Slab allocator internals shared by mm/slab.c, mm/slab_debug.c, mm/kmalloc.c,
 * mm/slabinfo.c and the slab tests. The design is explained at the top of mm/slab.c.
 */
#ifndef RVMM_MM_SLAB_INTERNAL_H
#define RVMM_MM_SLAB_INTERNAL_H

#include "mm/slab.h"
#include "lib/list.h"

/*
 * A per-CPU array of free objects, used LIFO so the hottest object goes out first. The
 * owning CPU takes lock on every operation (uncontended: one atomic); other CPUs take it
 * only to drain the array (shrink, destroy, quarantine, verify).
 */
struct array_cache {
	spinlock_t lock;
	unsigned int avail;	 /* objects in entry[] */
	unsigned int limit;	 /* capacity of entry[] */
	unsigned int batchcount; /* objects moved from or to the node lists at a time */
	int node;		 /* the node of the objects it holds: the CPU's */
	void *entry[];		 /* entry[avail - 1] is the next to go out */
};

/* cpu_cache[] value while the array is being allocated: that CPU uses the slow path. */
#define AC_BUSY ((struct array_cache *)1)

static inline bool ac_usable(const struct array_cache *ac)
{
	return (uintptr_t)ac > (uintptr_t)AC_BUSY;
}

/*
 * One node's slabs of a cache. Every slab whose pages are on this node is on exactly one
 * of the three lists (by how many of its objects are in use), or on slabs_bad after a BUG
 * report. Everything here, and the freelist and inuse count of every slab on these lists,
 * is protected by list_lock.
 */
struct kmem_cache_node {
	spinlock_t list_lock;
	struct list_head slabs_partial; /* some objects in use */
	struct list_head slabs_full;	/* every object in use (per-CPU arrays count as use) */
	struct list_head slabs_free;	/* no object in use */
	struct list_head slabs_bad;	/* quarantined: off the lists, never reused */
	unsigned long total_slabs;	/* slabs on partial + full + free */
	unsigned long free_slabs;	/* slabs on slabs_free */
	unsigned long free_objects;	/* objects on the freelists of those slabs */
	unsigned long free_limit;	/* objects: an emptied slab beyond this goes to the buddy */
	unsigned long bad_slabs;	/* slabs on slabs_bad */
	unsigned long bad_pages;	/* their pages */
	unsigned int colour_next;	/* colour index of the next slab grown here */
};

/*
 * A cache. Offsets are in bytes; "slot" is the stride between objects (size), the object
 * pointer callers see is slot + obj_offset, and the other offsets are from that pointer:
 *
 *	slot: [left red zone][object: object_size][right red zone][free ptr][orig size][tracks]
 *	       0 .. obj_offset                      up to inuse      fp_offset  orig_offset
 *
 * Without debug flags there is no red zone, and the free pointer is the object's first
 * word (fp_offset 0) unless a ctor or poisoning needs the object intact while it is free,
 * or a red zone follows an object smaller than the pointer.
 * Everything except cpu_cache[], node[] and nr_errors is set at creation and then read only.
 */
struct kmem_cache {
	struct array_cache *cpu_cache[NR_CPUS]; /* per CPU, allocated on first use */
	unsigned int size;			/* bytes per slot */
	unsigned int object_size;		/* bytes the creator asked for */
	unsigned int obj_offset;		/* slot start to object (left red zone) */
	unsigned int inuse;			/* object start to the end of the right red zone */
	unsigned int fp_offset;			/* object start to the free pointer */
	unsigned int orig_offset;  /* object start to the u32 requested size (RED_ZONE) */
	unsigned int track_offset; /* object start to the two struct slab_track */
	unsigned int align;	   /* bytes; power of two */
	unsigned int order;	   /* pages per slab: 1 << order */
	unsigned int num;	   /* objects per slab */
	u32 reciprocal_size;	   /* ceil(2^32 / size), for obj_index() */
	unsigned int colours;	   /* distinct colour offsets (>= 1) */
	unsigned int colour_off;   /* bytes per colour step */
	unsigned int limit;	   /* per-CPU array capacity; 0: no arrays */
	unsigned int batchcount;   /* per-CPU refill/flush batch */
	slab_flags_t flags;	   /* SLAB_* in force, debug flags included */
	gfp_t allocflags;	   /* added to every slab page allocation */
	u64 random;		   /* free pointer hardening key */
	void (*ctor)(void *obj);
	struct kmem_cache_node *node[MAX_NUMNODES]; /* per online node */
	struct list_head list;			    /* in slab_state->caches */
	unsigned long nr_errors;		    /* BUG reports about this cache */
	bool boot;				    /* a static bootstrap cache */
	char name[SLAB_NAME_MAX];
};

/* Who allocated or freed an object (SLAB_STORE_USER). */
struct slab_track {
	const void *addr; /* caller's return address; NULL: never */
	u32 cpu;	  /* CPU that did it */
	u32 _pad;
	u64 when; /* slab_state->seq at the time */
};

/* A corrupted object found under a lock, reported (slab_bug) once the lock is dropped. */
struct slab_bad {
	struct page *slab;
	void *obj;
	const char *reason; /* static text */
	char detail[96];
};

#define SLAB_DEBUG_MASK (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/*
 * All of the slab allocator's global state. The firmware uses a static one; a test builds
 * a private one over its private buddy allocator and switches to it.
 */
struct slab_state {
	spinlock_t lock;	   /* protects caches (create, destroy, reports) */
	struct list_head caches;   /* every cache, creation order */
	bool up;		   /* kmalloc caches exist */
	bool no_arrays;		   /* tearing down: no new per-CPU arrays */
	slab_flags_t debug_flags;  /* added to every cache created from now on */
	u64 seed;		   /* for the per-cache free pointer keys */
	unsigned long nr_errors;   /* BUG reports, all caches */
	unsigned long large_pages; /* pages held by kmallocs above 8 KiB (atomic) */
	unsigned long bad_pages;   /* pages of quarantined slabs, all caches (atomic) */
	unsigned long seq;	   /* allocation/free sequence for tracks (atomic) */
	struct kmem_cache *kmalloc_caches[KMALLOC_NR_CACHES];
	struct kmem_cache boot_cache;	   /* "kmem_cache": holds every other struct kmem_cache */
	struct kmem_cache boot_node_cache; /* "kmem_cache_node": their node structs */
	struct kmem_cache_node boot_nodes[2][MAX_NUMNODES]; /* the two caches' own */
};

extern struct slab_state *slab_state;

/** Reset s to an empty, not yet bootstrapped state (debug flags given) */
void slab_state_init(struct slab_state *s, slab_flags_t debug_flags, u64 seed);
/** Make s the live slab state; returns the previous one */
struct slab_state *slab_state_switch(struct slab_state *s);
/** Bootstrap the live state over the live buddy allocator: 0 or -ENOMEM */
int slab_state_bootstrap(void);
/** Destroy every cache of the live state (arrays, kmalloc, boot): 0, or -EBUSY if live objects */
int slab_state_exit(void);

/* ---- struct page of a slab: see "Slabs" in mm/slab.c ---- */

#define SLAB_INUSE_MASK	  0xffffUL
#define SLAB_COLOUR_SHIFT 16

static inline struct kmem_cache *slab_cache(const struct page *slab)
{
	return (struct kmem_cache *)slab->private;
}

static inline void *slab_freelist(const struct page *slab)
{
	return (void *)slab->owner[0];
}

static inline void slab_set_freelist(struct page *slab, void *obj)
{
	slab->owner[0] = (unsigned long)obj;
}

/*
 * owner[1] holds the inuse count (changed under list_lock) and the colour (fixed while the
 * slab lives, read without a lock on every free): whole-word relaxed atomic accesses, so a
 * lock-free reader of the colour never races with a writer of the count.
 */
static inline unsigned int slab_inuse(const struct page *slab)
{
	return (unsigned int)(__atomic_load_n(&slab->owner[1], __ATOMIC_RELAXED) & SLAB_INUSE_MASK);
}

static inline void slab_set_inuse(struct page *slab, unsigned int inuse)
{
	unsigned long v = __atomic_load_n(&slab->owner[1], __ATOMIC_RELAXED);

	__atomic_store_n(&slab->owner[1], (v & ~SLAB_INUSE_MASK) | inuse, __ATOMIC_RELAXED);
}

/* Bytes from the slab's first byte to its first slot (the colour offset). */
static inline unsigned int slab_colour(const struct page *slab)
{
	return (unsigned int)(__atomic_load_n(&slab->owner[1], __ATOMIC_RELAXED) >>
			      SLAB_COLOUR_SHIFT);
}

/* First slot of the slab. */
static inline char *slab_s_mem(const struct page *slab)
{
	return (char *)page_address(slab) + slab_colour(slab);
}

/* Object i of the slab (as callers see it). */
static inline void *slab_obj(const struct kmem_cache *c, const struct page *slab, unsigned int i)
{
	return slab_s_mem(slab) + (size_t)i * c->size + c->obj_offset;
}

/*
 * Index of the object at obj in slab, or -1 when obj is not the start of one of its
 * objects: one multiplication by the reciprocal, corrected by one, instead of a division.
 */
static inline int obj_index(const struct kmem_cache *c, const struct page *slab, const void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)slab_s_mem(slab) - c->obj_offset;
	u32 idx;

	if ((uintptr_t)obj < (uintptr_t)slab_s_mem(slab) + c->obj_offset ||
	    off >= (uintptr_t)c->num * c->size)
		return -1;
	idx = (u32)(((u64)off * c->reciprocal_size) >> 32);
	if ((u64)idx * c->size > off)
		idx--;
	return (u64)idx * c->size == off ? (int)idx : -1;
}

/* The slab (head page) holding addr, or NULL when addr is not in a live slab page. */
static inline struct page *addr_to_slab(const void *addr)
{
	struct page *page = virt_to_page(addr);

	if (!page)
		return NULL;
	page = compound_head(page);
	return PageSlab(page) ? page : NULL;
}

/* Free pointer hardening: what is stored at ptr_addr for the next free object next. */
static inline uintptr_t freeptr_encode(const struct kmem_cache *c, const void *next,
				       const void *ptr_addr)
{
	return (uintptr_t)next ^ (uintptr_t)c->random ^ __builtin_bswap64((uintptr_t)ptr_addr);
}

static inline void *freeptr_decode(const struct kmem_cache *c, uintptr_t stored,
				   const void *ptr_addr)
{
	return (void *)(stored ^ (uintptr_t)c->random ^ __builtin_bswap64((uintptr_t)ptr_addr));
}

static inline uintptr_t *freeptr_addr(const struct kmem_cache *c, const void *obj)
{
	return (uintptr_t *)((char *)obj + c->fp_offset);
}

static inline bool cache_debug(const struct kmem_cache *c)
{
	return c->flags & SLAB_DEBUG_MASK;
}

/* ---- mm/slab.c (objects, slabs, arrays) and mm/slab_cache.c (caches, bootstrap) ---- */

/** Allocate from c on node nid with the caller's return address (for tracks); orig_size is
    the size asked (kmalloc) or c->object_size */
void *slab_alloc(struct kmem_cache *c, gfp_t gfp, int nid, size_t orig_size, const void *caller);
/** Free obj whose slab is known to belong to c (c == slab_cache(slab)) */
void slab_free(struct kmem_cache *c, struct page *slab, void *obj, const void *caller);
/** Take slab off its lists for good after a BUG report (drains it from per-CPU arrays) */
void slab_quarantine(struct page *slab);
/** Lock every per-CPU array of c, then every node's list_lock (verify, shrink) */
void slab_lock_all(struct kmem_cache *c);
void slab_unlock_all(struct kmem_cache *c);
/** Empty one per-CPU array of c into the slabs; returns pages of slabs given back */
unsigned long slab_drain_array(struct kmem_cache *c, struct array_cache *ac);
/** Give every empty slab of c back to the buddy; returns pages */
unsigned long slab_free_empty_slabs(struct kmem_cache *c);
/** Objects callers hold (slab_lock_all() held): in use in slabs minus those in arrays */
unsigned long slab_live_objects_locked(struct kmem_cache *c);
/** Free objects waiting in c's per-CPU arrays (a racy sum, for reports) */
unsigned long slab_cpu_objects(struct kmem_cache *c);
/** kmem_cache_create() without the checks and the "initialised" test (bootstrap) */
struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				       slab_flags_t flags, void (*ctor)(void *));

/* ---- mm/kmalloc.c ---- */

/** Create the kmalloc size classes in the live state (bootstrap): 0 or -ENOMEM */
int kmalloc_caches_create(void);

/* ---- mm/slab_debug.c ---- */

/** Lay out c's slot for its debug flags: sets obj_offset, inuse, fp/orig/track offsets, size */
void slab_debug_layout(struct kmem_cache *c);
/** A new slab's object: poison and red zones (debug caches) */
void slab_debug_init_object(struct kmem_cache *c, void *obj);
/** Check an object just taken off a freelist: NULL if fine, else the reason (static text) */
const char *slab_debug_check_alloc(struct kmem_cache *c, struct page *slab, void *obj, char *detail,
				   size_t dlen);
/** Mark an object allocated: red zones active, orig size, alloc track */
void slab_debug_on_alloc(struct kmem_cache *c, void *obj, size_t orig_size, const void *caller);
/** Check an object being freed (list_lock held): NULL if fine, else the reason; *objp may be
    changed to the object the problem is in (a corrupted free pointer on the freelist) */
const char *slab_debug_check_free(struct kmem_cache *c, struct page *slab, void **objp,
				  char *detail, size_t dlen);
/** Mark an object free: poison, red zones inactive, free track */
void slab_debug_on_free(struct kmem_cache *c, void *obj, const void *caller);
/** The requested size stored for obj (RED_ZONE caches), else object_size */
size_t slab_orig_size(const struct kmem_cache *c, const void *obj);
/**
 * Walk slab's freelist (list_lock held) marking free objects in bits (SLAB_MAX_OBJS bits, one
 * per index). NULL, or "free pointer corrupted" with *where set to the free object whose
 * pointer is bad (or at which the list loops) and detail filled.
 */
const char *slab_walk_freelist(struct kmem_cache *c, struct page *slab, u64 *bits, void **where,
			       char *detail, size_t dlen);
/** Change the requested size of an allocated obj (krealloc in place, ksize) */
void slab_set_orig_size(struct kmem_cache *c, void *obj, size_t size);
/**
 * Report a BUG: "BUG <name>: <reason>" and a line with the object, its slab and detail;
 * counts it for c (if not NULL) and globally, and quarantines slab (if not NULL). Call with
 * no slab lock held.
 */
void slab_bug(struct kmem_cache *c, const char *name, struct page *slab, const void *obj,
	      const char *reason, const char *detail);

#endif
