// SPDX-License-Identifier: MIT
/*
 * The slab allocator: caches of equal-sized objects over the buddy allocator.
 *
 * Slabs. A cache gets memory a slab at a time: 2^order pages (a compound page when
 * order > 0) cut into num slots of `size` bytes. The order is the smallest that holds at
 * least 8 objects (then 4, 2, 1) while wasting at most 1/16 of the slab (then 1/8, 1/4),
 * up to order 3 (Linux SLUB's calculate_order() idea); a bigger object takes the smallest
 * order that holds one. All bookkeeping of a slab lives in its head struct page, so the
 * slab memory is all objects and any object finds its slab by virt_to_page() and
 * compound_head():
 *
 *	flags     PG_slab; PG_bad once quarantined
 *	lru       link in its node's partial, full, free or bad list
 *	private   the struct kmem_cache
 *	owner[0]  the freelist: first free object, or NULL
 *	owner[1]  objects in use (bits 0..15) | colour offset in bytes (bits 16..)
 *
 * The free objects of a slab are chained through a free pointer in each object (or just
 * after it, see mm/slab_internal.h), stored hardened: next ^ the cache's random key ^
 * byteswap(the pointer's own address), like Linux's CONFIG_SLAB_FREELIST_HARDENED. A
 * decoded pointer that is neither NULL nor an object start of the same slab is reported
 * as a corrupted free pointer, always (not only with debugging on).
 *
 * Nodes. A cache has a struct kmem_cache_node per online node with three lists (partial,
 * full, free) under its list_lock. A slab is on the lists of the node its pages are on.
 *
 * Per-CPU arrays: the fast path. Each CPU has, per cache, an array_cache: a stack of up
 * to `limit` free object pointers (Linux SLAB's sizes: 120 for objects up to 256 bytes,
 * 54 up to 1 KiB, 24 up to 4 KiB, 8 above). Allocation pops one; on an empty array,
 * `batchcount` objects come from the node's partial, then free slabs in one list_lock
 * round trip, and a slab is grown when there is none. Free pushes; on a full array the
 * batchcount oldest objects go back to their slabs. This is SLAB's array_cache rather
 * than SLUB's per-CPU freelist because:
 *  - the fast path touches only the array, never object memory, and needs no
 *    cmpxchg_double (RV64 has none): one uncontended lock instead;
 *  - every free object is on a slab freelist or in an array, both enumerable, so
 *    slab_verify() can check that no object is both free and allocated, and slabinfo's
 *    counts are exact;
 *  - slabinfo 2.1's tunables (limit, batchcount) are real numbers.
 * The price: with no IPIs to ask the owner, another CPU that must drain an array
 * (shrink, destroy, quarantine, verify) takes that array's lock.
 *
 * NUMA. An array holds objects of its CPU's node only: an object of another node is
 * freed straight to its slab's node (Linux SLAB's "alien" case, without alien caches).
 * An allocation for this CPU's node goes through the array; one for another node goes to
 * that node's lists. When a node has no free object and no pages for a new slab, the
 * other nodes' lists are tried nearest first (node_distance()), then a slab is grown
 * wherever the buddy allocator's fallback finds pages; __GFP_THISNODE forbids both.
 *
 * Colouring. The bytes a slab cannot use (slab size - num * size) shift its first object
 * by a multiple of colour_off (a cache line, or the alignment if bigger): each new slab
 * of a node takes the next offset, 0, 64, 128, ... up to the spare bytes, then 0 again,
 * so objects with the same index in different slabs do not all map to the same cache sets.
 *
 * Empty slabs. A node keeps empty slabs while its free objects stay within free_limit
 * ((1 + the node's CPUs) * batchcount + num, as SLAB); beyond that an emptied slab goes
 * back to the buddy. kmem_cache_shrink() drains the arrays and frees every empty slab.
 *
 * Bootstrap. Every struct kmem_cache comes from the cache "kmem_cache" and every node
 * struct from "kmem_cache_node". Those two cannot allocate their own, so their struct
 * kmem_cache and node structs are static (in struct slab_state) and set up by hand
 * first; the kmalloc caches and all others are then created the ordinary way. Per-CPU
 * arrays are kmalloc'ed the first time a CPU allocates from a cache; while that is in
 * progress (AC_BUSY) or if it failed, the CPU takes the slow path straight to the node
 * lists, which is how a kmalloc cache can serve the allocation of its own array.
 *
 * Debugging (mm/slab_debug.c): a cache with a debug flag has no per-CPU arrays, so every
 * allocation and free takes the node lock and checks the object.
 *
 * Locking, outermost first: slab_state->lock (cache list) -> array_cache.lock ->
 * kmem_cache_node.list_lock -> the buddy allocator's. BUG reports are made with no slab
 * lock held.
 */
#include "mm/slab_internal.h"
#include "mm/fault_inject.h"
#include "lib/printf.h"
#include "lib/string.h"

#define SLAB_FREE_BAD_MAX 8 /* bad objects remembered per batch */

/* ---- slabs: lists and objects (list_lock held) ---- */

static void slab_unlist(struct kmem_cache_node *n, struct page *slab)
{
	list_del(&slab->lru);
	if (!slab_inuse(slab))
		n->free_slabs--;
}

static void slab_list(struct kmem_cache *c, struct kmem_cache_node *n, struct page *slab)
{
	unsigned int inuse = slab_inuse(slab);

	if (!inuse) {
		list_add(&slab->lru, &n->slabs_free);
		n->free_slabs++;
	} else if (inuse == c->num) {
		list_add(&slab->lru, &n->slabs_full);
	} else {
		list_add(&slab->lru, &n->slabs_partial);
	}
}

/* A slab with a free object: partial first (fills them up), then empty ones. */
static struct page *node_slab_with_free(struct kmem_cache_node *n)
{
	struct page *slab = list_first_entry_or_null(&n->slabs_partial, struct page, lru);

	return slab ? slab : list_first_entry_or_null(&n->slabs_free, struct page, lru);
}

/* Take the first free object off slab; NULL with *bad filled if its free pointer is bad. */
static void *slab_take(struct kmem_cache *c, struct kmem_cache_node *n, struct page *slab,
		       struct slab_bad *bad)
{
	void *obj = slab_freelist(slab);
	uintptr_t *fp = freeptr_addr(c, obj);
	void *next = freeptr_decode(c, *fp, fp);

	if (next && obj_index(c, slab, next) < 0) {
		bad->slab = slab;
		bad->obj = obj;
		bad->reason = "free pointer corrupted";
		snprintf(bad->detail, sizeof(bad->detail), "stored 0x%lx decodes to %p",
			 (unsigned long)*fp, next);
		return NULL;
	}
	slab_set_freelist(slab, next);
	slab_set_inuse(slab, slab_inuse(slab) + 1);
	n->free_objects--;
	return obj;
}

static void slab_put(struct kmem_cache *c, struct kmem_cache_node *n, struct page *slab, void *obj)
{
	uintptr_t *fp = freeptr_addr(c, obj);

	*fp = freeptr_encode(c, slab_freelist(slab), fp);
	slab_set_freelist(slab, obj);
	slab_set_inuse(slab, slab_inuse(slab) - 1);
	n->free_objects++;
}

/* The cheap double-free checks of the non-debug free path (list_lock held). */
static const char *slab_check_free_cheap(struct page *slab, void *obj)
{
	if (!slab_inuse(slab))
		return "double free (no object of the slab is in use)";
	if (slab_freelist(slab) == obj)
		return "double free (object is the first free one of its slab)";
	return NULL;
}

/* Give an empty slab's pages back to the buddy (no lock needed: it is on no list). */
static void slab_release(struct kmem_cache *c, struct page *slab)
{
	__ClearPageSlab(slab);
	slab->private = 0;
	slab->owner[0] = 0;
	slab->owner[1] = 0;
	__free_pages(slab, c->order);
}

/* An emptied slab beyond the node's free_limit leaves the lists; true if so. */
static bool slab_trim(struct kmem_cache *c, struct kmem_cache_node *n, struct page *slab)
{
	if (slab_inuse(slab) || n->free_objects <= n->free_limit)
		return false;
	slab_unlist(n, slab);
	n->total_slabs--;
	n->free_objects -= c->num;
	return true;
}

/* Grow a slab on node nid (its pages may land elsewhere without __GFP_THISNODE); returns the
   node it went to, or -1. */
static int cache_grow(struct kmem_cache *c, gfp_t gfp, int nid)
{
	const gfp_t strip =
	    __GFP_ZERO | __GFP_MOVABLE | __GFP_DMA32 | __GFP_COMP | __GFP_RECLAIMABLE;
	struct kmem_cache_node *n;
	struct page *slab;
	unsigned int colour;
	void *next = NULL;
	int pnid;

	slab = alloc_pages_node(nid, (gfp & ~strip) | c->allocflags, c->order);
	if (!slab)
		return -1;
	pnid = page_to_nid(slab);
	n = c->node[pnid];
	if (!n) {
		__free_pages(slab, c->order);
		return -1;
	}
	spin_lock(&n->list_lock);
	colour = n->colour_next;
	n->colour_next = colour + 1 >= c->colours ? 0 : colour + 1;
	spin_unlock(&n->list_lock);

	__SetPageSlab(slab);
	slab->private = (unsigned long)c;
	slab->owner[0] = 0;
	slab->owner[1] = (unsigned long)colour * c->colour_off << SLAB_COLOUR_SHIFT;
	for (unsigned int i = 0; i < c->num; i++) {
		void *obj = slab_obj(c, slab, i);

		if (cache_debug(c))
			slab_debug_init_object(c, obj);
		if (c->ctor)
			c->ctor(obj);
	}
	for (unsigned int i = c->num; i-- > 0;) {
		void *obj = slab_obj(c, slab, i);
		uintptr_t *fp = freeptr_addr(c, obj);

		*fp = freeptr_encode(c, next, fp);
		next = obj;
	}
	slab_set_freelist(slab, next);

	spin_lock(&n->list_lock);
	slab_list(c, n, slab);
	n->total_slabs++;
	n->free_objects += c->num;
	spin_unlock(&n->list_lock);
	return pnid;
}

/* ---- per-CPU arrays ---- */

/* The node whose objects cpu's arrays hold: its own, or the first with memory. */
static int cpu_local_node(unsigned int cpu)
{
	int nid = cpu_to_node(cpu);

	for (int n = 0; n < MAX_NUMNODES && !node_online(nid); n++)
		nid = n;
	return nid;
}

static struct array_cache *setup_cpu_array(struct kmem_cache *c, unsigned int cpu)
{
	struct array_cache *expect = NULL, *ac;

	if (!slab_state->up || slab_state->no_arrays || !c->limit)
		return NULL;
	if (!__atomic_compare_exchange_n(&c->cpu_cache[cpu], &expect, AC_BUSY, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return expect;
	ac = kmalloc_node(sizeof(*ac) + c->limit * sizeof(void *), GFP_KERNEL | __GFP_NOWARN,
			  cpu_to_node(cpu));
	if (ac) {
		spin_lock_init(&ac->lock);
		ac->avail = 0;
		ac->limit = c->limit;
		ac->batchcount = c->batchcount;
		ac->node = cpu_local_node(cpu);
	}
	__atomic_store_n(&c->cpu_cache[cpu], ac, __ATOMIC_RELEASE);
	return ac;
}

/*
 * Give count objects back to their slabs (caller holds the array's lock, or the objects
 * are its own). Objects that fail the cheap checks are left out and put in bad[].
 */
static unsigned free_block(struct kmem_cache *c, void *const *objs, unsigned int count,
			   struct slab_bad *bad, struct list_head *release)
{
	struct kmem_cache_node *locked = NULL;
	unsigned nbad = 0;

	for (unsigned int i = 0; i < count; i++) {
		void *obj = objs[i];
		struct page *slab = addr_to_slab(obj);
		struct kmem_cache_node *n;
		const char *why;

		if (!slab || PageBad(slab))
			continue; /* quarantined meanwhile: dropped */
		n = c->node[page_to_nid(slab)];
		if (n != locked) {
			if (locked)
				spin_unlock(&locked->list_lock);
			spin_lock(&n->list_lock);
			locked = n;
		}
		why = slab_check_free_cheap(slab, obj);
		if (why) {
			if (nbad < SLAB_FREE_BAD_MAX)
				bad[nbad++] =
				    (struct slab_bad){.slab = slab, .obj = obj, .reason = why};
			continue;
		}
		slab_unlist(n, slab);
		slab_put(c, n, slab, obj);
		slab_list(c, n, slab);
		if (slab_trim(c, n, slab))
			list_add(&slab->lru, release);
	}
	if (locked)
		spin_unlock(&locked->list_lock);
	return nbad;
}

/* Release every slab on the list; returns pages. */
static unsigned long release_list(struct kmem_cache *c, struct list_head *release)
{
	struct page *slab, *tmp;
	unsigned long pages = 0;

	list_for_each_entry_safe (slab, tmp, release, lru) {
		list_del(&slab->lru);
		slab_release(c, slab);
		pages += 1UL << c->order;
	}
	return pages;
}

static void report_bad(struct kmem_cache *c, struct slab_bad *bad, unsigned nbad)
{
	for (unsigned i = 0; i < nbad; i++)
		slab_bug(c, c->name, bad[i].slab, bad[i].obj, bad[i].reason,
			 bad[i].detail[0] ? bad[i].detail : "found when flushing a per-CPU array");
}

/*
 * Give the count oldest objects of ac back to their slabs (ac's lock held by the caller;
 * bad ones are reported by the caller after unlocking). Adds released pages to *pages.
 */
static unsigned drain_locked(struct kmem_cache *c, struct array_cache *ac, unsigned int count,
			     struct slab_bad *bad, unsigned long *pages)
{
	LIST_HEAD(release);
	unsigned nbad = free_block(c, ac->entry, count, bad, &release);

	ac->avail -= count;
	memmove(ac->entry, ac->entry + count, ac->avail * sizeof(void *));
	*pages += release_list(c, &release);
	return nbad;
}

/* Empty ac into the slabs; returns the pages of slabs that went back to the buddy. */
unsigned long slab_drain_array(struct kmem_cache *c, struct array_cache *ac)
{
	struct slab_bad bad[SLAB_FREE_BAD_MAX];
	unsigned long pages = 0;
	unsigned nbad;

	memset(bad, 0, sizeof(bad));
	spin_lock(&ac->lock);
	nbad = drain_locked(c, ac, ac->avail, bad, &pages);
	spin_unlock(&ac->lock);
	report_bad(c, bad, nbad);
	return pages;
}

static unsigned long drain_all_arrays(struct kmem_cache *c)
{
	unsigned long pages = 0;

	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		struct array_cache *ac = __atomic_load_n(&c->cpu_cache[cpu], __ATOMIC_ACQUIRE);

		if (ac_usable(ac))
			pages += slab_drain_array(c, ac);
	}
	return pages;
}

/* Move up to a batch of objects of node nid into ac (ac's lock held). */
static void cache_refill(struct kmem_cache *c, struct array_cache *ac, int nid,
			 struct slab_bad *bad)
{
	struct kmem_cache_node *n = c->node[nid];
	unsigned int want = min(ac->batchcount, ac->limit - ac->avail);
	struct page *slab;

	if (!n)
		return;
	spin_lock(&n->list_lock);
	while (want && (slab = node_slab_with_free(n))) {
		slab_unlist(n, slab);
		while (want && slab_freelist(slab)) {
			void *obj = slab_take(c, n, slab, bad);

			if (!obj)
				break;
			ac->entry[ac->avail++] = obj;
			want--;
		}
		slab_list(c, n, slab);
		if (bad->slab)
			break;
	}
	spin_unlock(&n->list_lock);
}

/* ---- allocation ---- */

/* One object from node nid's lists, growing a slab there if grow; NULL if none. */
static void *alloc_from_node(struct kmem_cache *c, gfp_t gfp, int nid, bool grow)
{
	for (;;) {
		struct kmem_cache_node *n = c->node[nid];
		struct slab_bad bad;
		struct page *slab;
		void *obj = NULL;

		if (!n)
			return NULL;
		bad.slab = NULL;
		bad.detail[0] = '\0';
		spin_lock(&n->list_lock);
		slab = node_slab_with_free(n);
		if (slab) {
			slab_unlist(n, slab);
			obj = slab_take(c, n, slab, &bad);
			if (obj && cache_debug(c)) {
				bad.reason = slab_debug_check_alloc(c, slab, obj, bad.detail,
								    sizeof(bad.detail));
				if (bad.reason) {
					bad.slab = slab;
					bad.obj = obj;
					obj = NULL;
				}
			}
			slab_list(c, n, slab);
		}
		spin_unlock(&n->list_lock);
		if (bad.slab) {
			slab_bug(c, c->name, bad.slab, bad.obj, bad.reason, bad.detail);
			continue;
		}
		if (obj || !grow)
			return obj;
		nid = cache_grow(c, gfp, nid);
		if (nid < 0)
			return NULL;
	}
}

/* The fast path: this CPU's array for its node nid; NULL when the node has no memory. */
static void *alloc_from_cpu(struct kmem_cache *c, gfp_t gfp, int nid)
{
	unsigned int cpu = smp_processor_id();
	struct array_cache *ac;

	if (cpu >= NR_CPUS)
		return alloc_from_node(c, gfp, nid, true);
	ac = __atomic_load_n(&c->cpu_cache[cpu], __ATOMIC_ACQUIRE);
	if (!ac)
		ac = setup_cpu_array(c, cpu);
	if (!ac_usable(ac))
		return alloc_from_node(c, gfp, nid, true);
	for (;;) {
		struct slab_bad bad;
		void *obj = NULL;

		bad.slab = NULL;
		bad.detail[0] = '\0';
		spin_lock(&ac->lock);
		if (!ac->avail)
			cache_refill(c, ac, nid, &bad);
		if (!bad.slab && ac->avail)
			obj = ac->entry[--ac->avail];
		spin_unlock(&ac->lock);
		if (obj)
			return obj;
		if (bad.slab) {
			slab_bug(c, c->name, bad.slab, bad.obj, bad.reason, bad.detail);
			continue;
		}
		if (cache_grow(c, gfp, nid) < 0)
			return NULL;
	}
}

/* Nodes other than nid that are online, nearest first; returns how many. */
static int nodes_by_distance(int nid, int *order)
{
	int nr = 0;

	for (int m = 0; m < MAX_NUMNODES; m++) {
		int i;

		if (m == nid || !node_online(m))
			continue;
		for (i = nr; i > 0 && node_distance(nid, order[i - 1]) > node_distance(nid, m); i--)
			order[i] = order[i - 1];
		order[i] = m;
		nr++;
	}
	return nr;
}

/* Everything but a hit in this CPU's array: refill, other nodes, growing, fallback. */
static void *slab_alloc_slow(struct kmem_cache *c, gfp_t gfp, int nid, unsigned int cpu)
{
	int local = cpu_local_node(cpu);
	void *obj;

	if (nid == NUMA_NO_NODE)
		nid = local;
	if (nid < 0 || nid >= MAX_NUMNODES || !c->node[nid]) {
		mm_printf("slab_alloc: %s: node not online (%d)\n", c->name, nid);
		return NULL;
	}
	if (nid == local && c->limit)
		obj = alloc_from_cpu(c, gfp | __GFP_THISNODE | __GFP_NOWARN, nid);
	else
		obj = alloc_from_node(c, gfp | __GFP_THISNODE | __GFP_NOWARN, nid, true);
	if (!obj && !(gfp & __GFP_THISNODE)) {
		int order[MAX_NUMNODES], nr = nodes_by_distance(nid, order);

		for (int i = 0; i < nr && !obj; i++)
			obj = alloc_from_node(c, gfp, order[i], false);
		if (!obj)
			obj = alloc_from_node(c, gfp | __GFP_NOWARN, nid, true);
	}
	if (!obj && !(gfp & __GFP_NOWARN))
		mm_printf("slab_alloc: %s: out of memory (node %d, order %u)\n", c->name, nid,
			  c->order);
	return obj;
}

void *slab_alloc(struct kmem_cache *c, gfp_t gfp, int nid, size_t orig_size, const void *caller)
{
	unsigned int cpu = smp_processor_id();
	struct array_cache *ac =
	    cpu < NR_CPUS ? __atomic_load_n(&c->cpu_cache[cpu], __ATOMIC_ACQUIRE) : NULL;
	void *obj = NULL;

	/* failslab=, failslab_nth= (mm/fault_inject.h): fail as if memory had run out. */
	if (unlikely(should_failslab(gfp))) {
		if (!(gfp & __GFP_NOWARN))
			mm_printf("slab_alloc: %s: out of memory (node %d, order %u)\n", c->name,
				  nid == NUMA_NO_NODE ? cpu_local_node(cpu) : nid, c->order);
		return NULL;
	}
	/* The fast path: a hit in this CPU's array (which exists only for non-debug caches). */
	if (likely(ac_usable(ac)) && (nid == NUMA_NO_NODE || nid == ac->node)) {
		spin_lock(&ac->lock);
		if (likely(ac->avail))
			obj = ac->entry[--ac->avail];
		spin_unlock(&ac->lock);
	}
	if (unlikely(!obj)) {
		obj = slab_alloc_slow(c, gfp, nid, cpu);
		if (!obj)
			return NULL;
		if (cache_debug(c))
			slab_debug_on_alloc(c, obj, orig_size, caller);
	}
	if (unlikely(gfp & __GFP_ZERO))
		memset(obj, 0, (c->flags & SLAB_RED_ZONE) ? orig_size : c->object_size);
	return obj;
}

void *kmem_cache_alloc_node(struct kmem_cache *c, gfp_t gfp, int nid)
{
	if (!c) {
		mm_printf("%s: no cache (NULL)\n", __func__);
		return NULL;
	}
	return slab_alloc(c, gfp, nid, c->object_size, __builtin_return_address(0));
}

void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	if (!c) {
		mm_printf("%s: no cache (NULL)\n", __func__);
		return NULL;
	}
	return slab_alloc(c, gfp, NUMA_NO_NODE, c->object_size, __builtin_return_address(0));
}

/* ---- free ---- */

/* To the slab directly (debug caches, remote objects, no array); checks first. */
static void free_to_node(struct kmem_cache *c, struct page *slab, void *obj, const void *caller)
{
	struct kmem_cache_node *n = c->node[page_to_nid(slab)];
	char detail[96] = "";
	const char *why;
	void *where = obj;
	bool release;

	spin_lock(&n->list_lock);
	if (cache_debug(c))
		why = slab_debug_check_free(c, slab, &where, detail, sizeof(detail));
	else
		why = slab_check_free_cheap(slab, obj);
	if (why) {
		spin_unlock(&n->list_lock);
		slab_bug(c, c->name, slab, where, why, detail);
		return;
	}
	if (cache_debug(c))
		slab_debug_on_free(c, obj, caller);
	slab_unlist(n, slab);
	slab_put(c, n, slab, obj);
	slab_list(c, n, slab);
	release = slab_trim(c, n, slab);
	spin_unlock(&n->list_lock);
	if (release)
		slab_release(c, slab);
}

void slab_free(struct kmem_cache *c, struct page *slab, void *obj, const void *caller)
{
	unsigned int cpu = smp_processor_id();
	struct array_cache *ac;

	if (unlikely(PageBad(slab)))
		return; /* quarantined: its objects are never reused */
	if (unlikely(cpu >= NR_CPUS))
		goto slow;
	ac = __atomic_load_n(&c->cpu_cache[cpu], __ATOMIC_ACQUIRE);
	if (unlikely(!ac_usable(ac)) || page_to_nid(slab) != ac->node)
		goto slow;
	spin_lock(&ac->lock);
	if (ac->avail && ac->entry[ac->avail - 1] == obj) {
		spin_unlock(&ac->lock);
		slab_bug(c, c->name, slab, obj, "double free (object already free)",
			 "it is the last object freed on this CPU");
		return;
	}
	if (ac->avail == ac->limit) {
		struct slab_bad bad[SLAB_FREE_BAD_MAX];
		unsigned long pages = 0;
		unsigned nbad;

		memset(bad, 0, sizeof(bad));
		nbad = drain_locked(c, ac, ac->batchcount, bad, &pages);
		if (nbad) {
			spin_unlock(&ac->lock);
			report_bad(c, bad, nbad);
			spin_lock(&ac->lock);
			if (ac->avail == ac->limit) {
				spin_unlock(&ac->lock);
				goto slow;
			}
		}
	}
	ac->entry[ac->avail++] = obj;
	spin_unlock(&ac->lock);
	return;
slow:
	free_to_node(c, slab, obj, caller);
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct page *slab;
	char detail[96];
	int idx;

	if (!obj)
		return;
	if (!c) {
		mm_printf("%s: no cache (object %p)\n", __func__, obj);
		return;
	}
	slab = addr_to_slab(obj);
	if (!slab) {
		slab_bug(c, c->name, NULL, obj, "invalid pointer (not a slab object)",
			 virt_to_page(obj) ? "its page is not a slab page" : "not in RAM");
		return;
	}
	if (PageBad(slab))
		return;
	if (slab_cache(slab) != c) {
		snprintf(detail, sizeof(detail), "object belongs to cache %s",
			 slab_cache(slab)->name);
		slab_bug(c, c->name, slab, obj, "wrong cache", detail);
		return;
	}
	idx = obj_index(c, slab, obj);
	if (idx < 0) {
		snprintf(detail, sizeof(detail), "offset %ld from the first slot",
			 (long)((char *)obj - slab_s_mem(slab)));
		slab_bug(c, c->name, slab, obj, "invalid pointer (not the start of an object)",
			 detail);
		return;
	}
	slab_free(c, slab, obj, __builtin_return_address(0));
}

/* ---- quarantine ---- */

void slab_quarantine(struct page *slab)
{
	struct kmem_cache *c = slab_cache(slab);
	uintptr_t lo = (uintptr_t)page_address(slab), hi;
	struct kmem_cache_node *n;

	if (!c || PageBad(slab))
		return;
	hi = lo + (PAGE_SIZE << c->order);
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		struct array_cache *ac = __atomic_load_n(&c->cpu_cache[cpu], __ATOMIC_ACQUIRE);
		unsigned int keep = 0;

		if (!ac_usable(ac))
			continue;
		spin_lock(&ac->lock);
		for (unsigned int i = 0; i < ac->avail; i++)
			if ((uintptr_t)ac->entry[i] < lo || (uintptr_t)ac->entry[i] >= hi)
				ac->entry[keep++] = ac->entry[i];
		ac->avail = keep;
		spin_unlock(&ac->lock);
	}
	n = c->node[page_to_nid(slab)];
	spin_lock(&n->list_lock);
	if (!PageBad(slab)) {
		slab_unlist(n, slab);
		n->total_slabs--;
		n->free_objects -= c->num - slab_inuse(slab);
		__SetPageBad(slab);
		list_add(&slab->lru, &n->slabs_bad);
		n->bad_slabs++;
		n->bad_pages += 1UL << c->order;
		__atomic_add_fetch(&slab_state->bad_pages, 1UL << c->order, __ATOMIC_RELAXED);
	}
	spin_unlock(&n->list_lock);
}

/* ---- shrink, destroy ---- */

void slab_lock_all(struct kmem_cache *c)
{
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++)
		if (ac_usable(c->cpu_cache[cpu]))
			spin_lock(&c->cpu_cache[cpu]->lock);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (c->node[nid])
			spin_lock(&c->node[nid]->list_lock);
}

void slab_unlock_all(struct kmem_cache *c)
{
	for (int nid = MAX_NUMNODES; nid-- > 0;)
		if (c->node[nid])
			spin_unlock(&c->node[nid]->list_lock);
	for (unsigned cpu = NR_CPUS; cpu-- > 0;)
		if (ac_usable(c->cpu_cache[cpu]))
			spin_unlock(&c->cpu_cache[cpu]->lock);
}

/* Objects callers hold: in use in slabs minus those waiting in per-CPU arrays (locks held). */
unsigned long slab_live_objects_locked(struct kmem_cache *c)
{
	unsigned long slots = 0, free = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (c->node[nid]) {
			slots += c->node[nid]->total_slabs * c->num;
			free += c->node[nid]->free_objects;
		}
	}
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++)
		if (ac_usable(c->cpu_cache[cpu]))
			free += c->cpu_cache[cpu]->avail;
	return slots - free;
}

unsigned long slab_cpu_objects(struct kmem_cache *c)
{
	unsigned long n = 0;

	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		struct array_cache *ac = __atomic_load_n(&c->cpu_cache[cpu], __ATOMIC_ACQUIRE);

		if (ac_usable(ac))
			n += READ_ONCE(ac->avail);
	}
	return n;
}

/* Free every empty slab of c; returns pages. */
unsigned long slab_free_empty_slabs(struct kmem_cache *c)
{
	unsigned long pages = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct kmem_cache_node *n = c->node[nid];
		LIST_HEAD(release);
		struct page *slab, *tmp;

		if (!n)
			continue;
		spin_lock(&n->list_lock);
		list_for_each_entry_safe (slab, tmp, &n->slabs_free, lru) {
			slab_unlist(n, slab);
			n->total_slabs--;
			n->free_objects -= c->num;
			list_add(&slab->lru, &release);
		}
		spin_unlock(&n->list_lock);
		pages += release_list(c, &release);
	}
	return pages;
}

unsigned long kmem_cache_shrink(struct kmem_cache *c)
{
	unsigned long pages;

	if (!c) {
		mm_printf("%s: no cache (NULL)\n", __func__);
		return 0;
	}
	pages = drain_all_arrays(c);
	return pages + slab_free_empty_slabs(c);
}

unsigned long kmem_cache_shrink_all(void)
{
	struct kmem_cache *c;
	unsigned long pages = 0;

	spin_lock(&slab_state->lock);
	list_for_each_entry (c, &slab_state->caches, list) {
		pages += kmem_cache_shrink(c);
	}
	spin_unlock(&slab_state->lock);
	return pages;
}
