// SPDX-License-Identifier: MIT
/*
 * Caches: geometry (slot layout, slab order, colours, per-CPU array size), creation,
 * destruction and the bootstrap of the slab state. The design is explained at the top of
 * mm/slab.c ("Slabs", "Colouring", "Bootstrap").
 */
#include "mm/slab_internal.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

static struct slab_state slab_state_boot;
struct slab_state *slab_state = &slab_state_boot;

#define SLAB_MAX_ORDER PAGE_ALLOC_COSTLY_ORDER /* preferred orders: 0..3 */
#define SLAB_CREATE_FLAGS                                                                          \
	(SLAB_DEBUG_MASK | SLAB_KMALLOC | SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA32 |                  \
	 SLAB_RECLAIM_ACCOUNT)

static u64 mix64(u64 z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 slab_random(const void *salt)
{
	u64 r;

	slab_state->seed += 0x9e3779b97f4a7c15ULL;
	r = mix64(slab_state->seed ^ (uintptr_t)salt ^ read_instret());
	return r ? r : 0x5bd1e9955bd1e995ULL;
}

/* ---- state ---- */

void slab_state_init(struct slab_state *s, slab_flags_t debug_flags, u64 seed)
{
	memset(s, 0, sizeof(*s));
	spin_lock_init(&s->lock);
	INIT_LIST_HEAD(&s->caches);
	s->debug_flags = debug_flags & SLAB_DEBUG_MASK;
	s->seed = seed;
}

struct slab_state *slab_state_switch(struct slab_state *s)
{
	struct slab_state *old = slab_state;

	slab_state = s;
	return old;
}

/* ---- layout ---- */

static unsigned int node_cpus(int nid)
{
	unsigned int n = 0;

	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++)
		if ((mm_state->cpus_online >> cpu) & 1 && cpu_to_node(cpu) == nid)
			n++;
	return n;
}

static unsigned int slab_objs(unsigned int size, unsigned int order)
{
	unsigned long n = (PAGE_SIZE << order) / size;

	return n > SLAB_MAX_OBJS ? SLAB_MAX_OBJS : (unsigned int)n;
}

/* Order of c's slabs (see "Slabs" above); -1 if even order MAX_PAGE_ORDER holds none. */
static int calculate_order(unsigned int size)
{
	for (unsigned min_objs = 8; min_objs >= 1; min_objs /= 2) {
		for (unsigned fraction = 16; fraction >= 4; fraction /= 2) {
			for (unsigned order = 0; order <= SLAB_MAX_ORDER; order++) {
				unsigned long bytes = PAGE_SIZE << order;
				unsigned int num = slab_objs(size, order);

				if (num >= min_objs &&
				    (bytes - (unsigned long)num * size) * fraction <= bytes)
					return (int)order;
			}
		}
	}
	for (unsigned order = 0; order <= MAX_PAGE_ORDER; order++)
		if (slab_objs(size, order))
			return (int)order;
	return -1;
}

/* Alignment from the caller's align and SLAB_HWCACHE_ALIGN (Linux's rule). */
static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size)
{
	unsigned int a = align < 8 ? 8 : align;

	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int line = SLAB_CACHE_LINE;

		while (size <= line / 2 && line > 8)
			line /= 2;
		if (line > a)
			a = line;
	}
	return a;
}

/* Fill in c's geometry; 0 or -EINVAL (object too large). */
static int cache_setup(struct kmem_cache *c, const char *name, unsigned int size,
		       unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	int order;

	strlcpy(c->name, name, sizeof(c->name));
	c->object_size = size;
	c->ctor = ctor;
	flags |= slab_state->debug_flags;
	if (ctor)
		flags &= ~SLAB_POISON; /* poisoning would destroy what the ctor built */
	c->flags = flags;
	c->align = calculate_alignment(flags, align, size);
	slab_debug_layout(c);
	order = calculate_order(c->size);
	if (order < 0) {
		mm_printf("kmem_cache_create: %s: object too large (%u bytes)\n", name, size);
		return -EINVAL;
	}
	c->order = (unsigned int)order;
	c->num = slab_objs(c->size, c->order);
	c->reciprocal_size = (u32)((0x100000000ULL + c->size - 1) / c->size);
	c->colour_off = c->align > SLAB_CACHE_LINE ? c->align : SLAB_CACHE_LINE;
	c->colours = (unsigned int)(((PAGE_SIZE << c->order) - (unsigned long)c->num * c->size) /
				    c->colour_off) +
		     1;
	if (cache_debug(c))
		c->limit = 0;
	else if (c->size > (128U << 10))
		c->limit = 1;
	else if (c->size > PAGE_SIZE)
		c->limit = 8;
	else if (c->size > 1024)
		c->limit = 24;
	else if (c->size > 256)
		c->limit = 54;
	else
		c->limit = 120;
	c->batchcount = (c->limit + 1) / 2;
	c->allocflags = c->order ? __GFP_COMP : 0;
	if (flags & SLAB_RECLAIM_ACCOUNT)
		c->allocflags |= __GFP_RECLAIMABLE;
	if (flags & SLAB_CACHE_DMA32)
		c->allocflags |= __GFP_DMA32;
	c->random = slab_random(c);
	INIT_LIST_HEAD(&c->list);
	return 0;
}

static void cache_node_init(struct kmem_cache *c, struct kmem_cache_node *n, int nid)
{
	memset(n, 0, sizeof(*n));
	spin_lock_init(&n->list_lock);
	INIT_LIST_HEAD(&n->slabs_partial);
	INIT_LIST_HEAD(&n->slabs_full);
	INIT_LIST_HEAD(&n->slabs_free);
	INIT_LIST_HEAD(&n->slabs_bad);
	n->free_limit = (1UL + node_cpus(nid)) * c->batchcount + c->num;
	c->node[nid] = n;
}

/* Detach c's arrays (no new ones: caller set no_arrays or the cache is going), drain them
   and chain them through entry[0] onto *chain, to be kfree'd once no array is in use. */
static void detach_arrays(struct kmem_cache *c, struct array_cache **chain)
{
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		struct array_cache *ac =
		    __atomic_exchange_n(&c->cpu_cache[cpu], NULL, __ATOMIC_ACQ_REL);

		if (!ac_usable(ac))
			continue;
		slab_drain_array(c, ac);
		ac->entry[0] = *chain;
		*chain = ac;
	}
}

static void free_array_chain(struct array_cache *chain)
{
	while (chain) {
		struct array_cache *next = chain->entry[0];

		kfree(chain);
		chain = next;
	}
}

/* Tear c down: it has no live objects and no arrays. Quarantined slabs stay out of use,
   with no cache (frees into them are ignored). */
static void cache_teardown(struct kmem_cache *c)
{
	struct slab_state *s = slab_state;

	slab_free_empty_slabs(c);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct kmem_cache_node *n = c->node[nid];
		struct page *slab;

		if (!n)
			continue;
		list_for_each_entry (slab, &n->slabs_bad, lru) {
			slab->private = 0;
		}
		c->node[nid] = NULL;
		if (!c->boot)
			kmem_cache_free(&s->boot_node_cache, n);
	}
	if (!c->boot)
		kmem_cache_free(&s->boot_cache, c);
}

static bool is_kmalloc_cache(const struct kmem_cache *c)
{
	for (int i = 0; i < KMALLOC_NR_CACHES; i++)
		if (slab_state->kmalloc_caches[i] == c)
			return true;
	return false;
}

int kmem_cache_destroy(struct kmem_cache *c)
{
	struct array_cache *chain = NULL;
	unsigned long live;

	if (!c) {
		mm_printf("%s: no cache (NULL)\n", __func__);
		return -EINVAL;
	}
	if (c->boot || is_kmalloc_cache(c)) {
		mm_printf("%s: %s: a bootstrap or kmalloc cache cannot be destroyed\n", __func__,
			  c->name);
		return -EINVAL;
	}
	spin_lock(&slab_state->lock);
	slab_lock_all(c);
	live = slab_live_objects_locked(c);
	slab_unlock_all(c);
	if (live) {
		spin_unlock(&slab_state->lock);
		mm_printf("%s: %s: %lu objects still in use, cache kept\n", __func__, c->name,
			  live);
		return -EBUSY;
	}
	list_del(&c->list);
	spin_unlock(&slab_state->lock);
	detach_arrays(c, &chain);
	free_array_chain(chain);
	cache_teardown(c);
	return 0;
}

/* ---- creation and bootstrap ---- */

/* Create a cache without the "initialised" check (bootstrap creates the kmalloc caches). */
struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				       slab_flags_t flags, void (*ctor)(void *))
{
	struct slab_state *s = slab_state;
	struct kmem_cache *c = kmem_cache_alloc(&s->boot_cache, GFP_KERNEL | __GFP_ZERO);

	if (!c)
		return NULL;
	if (cache_setup(c, name, size, align, flags, ctor))
		goto fail;
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct kmem_cache_node *n;

		if (!node_online(nid))
			continue;
		n = kmem_cache_alloc_node(&s->boot_node_cache, GFP_KERNEL, nid);
		if (!n)
			goto fail;
		cache_node_init(c, n, nid);
	}
	spin_lock(&s->lock);
	list_add_tail(&c->list, &s->caches);
	spin_unlock(&s->lock);
	return c;
fail:
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (c->node[nid])
			kmem_cache_free(&s->boot_node_cache, c->node[nid]);
	kmem_cache_free(&s->boot_cache, c);
	return NULL;
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	if (!name || !*name) {
		mm_printf("%s: no name (size %u)\n", __func__, size);
		return NULL;
	}
	if (strlen(name) >= SLAB_NAME_MAX) {
		mm_printf("%s: name too long (%s)\n", __func__, name);
		return NULL;
	}
	if (!size || size > KMALLOC_MAX_SIZE) {
		mm_printf("%s: %s: size out of range (%u)\n", __func__, name, size);
		return NULL;
	}
	if (align & (align - 1) || align > PAGE_SIZE) {
		mm_printf("%s: %s: alignment not a power of two up to a page (%u)\n", __func__,
			  name, align);
		return NULL;
	}
	if (flags & ~SLAB_CREATE_FLAGS) {
		mm_printf("%s: %s: unknown flags (0x%x)\n", __func__, name,
			  flags & ~SLAB_CREATE_FLAGS);
		return NULL;
	}
	if (!slab_state->up) {
		mm_printf("%s: %s: slab allocator not initialised (kmem_cache_init)\n", __func__,
			  name);
		return NULL;
	}
	return __kmem_cache_create(name, size, align, flags, ctor);
}

static void boot_cache_setup(struct kmem_cache *c, const char *name, unsigned int size,
			     struct kmem_cache_node *nodes)
{
	cache_setup(c, name, size, 0, SLAB_HWCACHE_ALIGN, NULL);
	c->boot = true;
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_online(nid))
			cache_node_init(c, &nodes[nid], nid);
	list_add_tail(&c->list, &slab_state->caches);
}

int slab_state_bootstrap(void)
{
	struct slab_state *s = slab_state;

	if (s->up || !list_empty(&s->caches)) {
		mm_printf("%s: slab allocator already initialised (%d caches)\n", __func__,
			  (int)list_count_nodes(&s->caches));
		return -EBUSY;
	}
	boot_cache_setup(&s->boot_node_cache, "kmem_cache_node", sizeof(struct kmem_cache_node),
			 s->boot_nodes[1]);
	boot_cache_setup(&s->boot_cache, "kmem_cache", sizeof(struct kmem_cache), s->boot_nodes[0]);
	if (kmalloc_caches_create())
		return -ENOMEM;
	s->up = true;
	return 0;
}

int kmem_cache_init(void)
{
	slab_flags_t debug = slab_state_boot.debug_flags;

	if (slab_state_boot.up || slab_state != &slab_state_boot) {
		mm_printf("%s: slab allocator already initialised (or a test state is live)\n",
			  __func__);
		return -EBUSY;
	}
	slab_state_init(&slab_state_boot, debug, (uintptr_t)&slab_state_boot ^ read_instret());
	int rc = slab_state_bootstrap();

	/* Half a bootstrap (a kmalloc cache missing) is no slab at all: give its pages back. */
	if (rc)
		slab_state_exit();
	return rc;
}

int slab_state_exit(void)
{
	struct slab_state *s = slab_state;
	struct array_cache *chain = NULL;
	struct kmem_cache *c, *tmp;
	int busy = 0;

	s->no_arrays = true;
	list_for_each_entry (c, &s->caches, list) {
		detach_arrays(c, &chain);
	}
	free_array_chain(chain);
	list_for_each_entry (c, &s->caches, list) {
		unsigned long live;

		slab_lock_all(c);
		live = slab_live_objects_locked(c);
		slab_unlock_all(c);
		/* The boot caches hold the other caches' structs until those are gone. */
		if (live && !c->boot) {
			mm_printf("%s: %s: %lu objects still in use\n", __func__, c->name, live);
			busy++;
		}
	}
	if (busy)
		return -EBUSY;
	/* Newest first, so caches made by users go before the kmalloc ones. */
	for (c = list_last_entry(&s->caches, struct kmem_cache, list); &c->list != &s->caches;
	     c = tmp) {
		tmp = list_prev_entry(c, list);
		if (c->boot)
			continue;
		list_del(&c->list);
		cache_teardown(c);
	}
	memset(s->kmalloc_caches, 0, sizeof(s->kmalloc_caches));
	list_for_each_entry_safe (c, tmp, &s->caches, list) {
		list_del(&c->list);
		cache_teardown(c);
	}
	s->up = false;
	return 0;
}

unsigned int kmem_cache_size(const struct kmem_cache *c)
{
	return c ? c->object_size : 0;
}

const char *kmem_cache_name(const struct kmem_cache *c)
{
	return c ? c->name : "(null)";
}
