// SPDX-License-Identifier: MIT
/*
 * kmalloc and friends over the slab allocator.
 *
 * Size classes: 13 caches, kmalloc-8 ... kmalloc-8k (8, 16, 32, 64, 96, 128, 192, 256,
 * 512, 1k, 2k, 4k, 8k bytes), created at bootstrap with SLAB_KMALLOC. A request takes
 * the smallest class that fits: a table for sizes up to 192 (in 8-byte steps), powers
 * of two above. Objects are aligned to the largest power of two dividing their class
 * size (8 ... 8192: 96 and 192 give 32 and 64), so power-of-two sizes are naturally
 * aligned, as on Linux.
 *
 * Larger requests (and __GFP_DMA32 ones, which the classes cannot honour) are pages
 * straight from the buddy allocator, a compound page when order > 0. Their head struct
 * page says so: owner[0] = KMALLOC_LARGE_MAGIC and private = the size asked (all pages
 * after ksize()), so kfree() tells a large kmalloc from a slab object (PG_slab) and from
 * anything else (reported).
 * Their pages count in meminfo's SUnreclaim, as on Linux.
 *
 * With red zoning, a slab object remembers the size asked (see mm/slab_debug.c), so the
 * bytes between it and the class size are checked; ksize() hands the whole class size to
 * the caller and moves that mark accordingly, and krealloc() within the class moves it too.
 */
#include "mm/slab_internal.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define KMALLOC_LARGE_MAGIC 0x6b6d616c6c6f634cUL /* "kmallocL" */

static const unsigned int kmalloc_sizes[KMALLOC_NR_CACHES] = {
    8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};
static const char *const kmalloc_names[KMALLOC_NR_CACHES] = {
    "kmalloc-8",   "kmalloc-16",  "kmalloc-32",	 "kmalloc-64",	"kmalloc-96",
    "kmalloc-128", "kmalloc-192", "kmalloc-256", "kmalloc-512", "kmalloc-1k",
    "kmalloc-2k",  "kmalloc-4k",  "kmalloc-8k",
};

/* Class index of sizes 1..192, by (size - 1) / 8. */
static const u8 small_index[24] = {
    0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6,
};

int kmalloc_index(size_t size)
{
	if (size <= 192)
		return size ? small_index[(size - 1) / 8] : 0;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return -1;
	/* 193..256 -> 7, 257..512 -> 8, ... 4097..8192 -> 12 */
	return 64 - __builtin_clzl((unsigned long)size - 1) - 8 + 7;
}

struct kmem_cache *kmalloc_cache(int index)
{
	if (index < 0 || index >= KMALLOC_NR_CACHES)
		return NULL;
	return slab_state->kmalloc_caches[index];
}

int kmalloc_caches_create(void)
{
	for (int i = 0; i < KMALLOC_NR_CACHES; i++) {
		unsigned int size = kmalloc_sizes[i];
		unsigned int align = size & -size; /* largest power of two dividing size */

		slab_state->kmalloc_caches[i] =
		    __kmem_cache_create(kmalloc_names[i], size, align, SLAB_KMALLOC, NULL);
		if (!slab_state->kmalloc_caches[i]) {
			mm_printf("%s: cannot create %s\n", __func__, kmalloc_names[i]);
			return -ENOMEM;
		}
	}
	return 0;
}

/* ---- large allocations: pages ---- */

static unsigned int size_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

static bool is_large_kmalloc(const struct page *head)
{
	return !PageSlab(head) && head->owner[0] == KMALLOC_LARGE_MAGIC;
}

static void *kmalloc_large(size_t size, gfp_t gfp, int nid)
{
	unsigned int order;
	struct page *page;

	if (size > KMALLOC_MAX_SIZE) {
		if (!(gfp & __GFP_NOWARN))
			mm_printf("kmalloc: size too large (%zu)\n", size);
		return NULL;
	}
	order = size_order(size);
	page =
	    alloc_pages_node(nid, (gfp & ~(__GFP_MOVABLE | __GFP_RECLAIMABLE)) | __GFP_COMP, order);
	if (!page)
		return NULL;
	page->owner[0] = KMALLOC_LARGE_MAGIC;
	page->private = size;
	__atomic_add_fetch(&slab_state->large_pages, 1UL << order, __ATOMIC_RELAXED);
	return page_address(page);
}

static void kfree_large(struct page *head)
{
	unsigned int order = head->order;

	head->owner[0] = 0;
	head->private = 0;
	__atomic_sub_fetch(&slab_state->large_pages, 1UL << order, __ATOMIC_RELAXED);
	__free_pages(head, order);
}

/* ---- kmalloc ---- */

static void *__kmalloc(size_t size, gfp_t gfp, int nid, const void *caller)
{
	struct kmem_cache *c;

	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE || (gfp & __GFP_DMA32))
		return kmalloc_large(size, gfp, nid);
	c = slab_state->kmalloc_caches[kmalloc_index(size)];
	if (!c) {
		if (!(gfp & __GFP_NOWARN))
			mm_printf("kmalloc: slab allocator not initialised (size %zu)\n", size);
		return NULL;
	}
	return slab_alloc(c, gfp, nid, size, caller);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return __kmalloc(size, gfp, NUMA_NO_NODE, __builtin_return_address(0));
}

void *kmalloc_node(size_t size, gfp_t gfp, int nid)
{
	return __kmalloc(size, gfp, nid, __builtin_return_address(0));
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return __kmalloc(size, gfp | __GFP_ZERO, NUMA_NO_NODE, __builtin_return_address(0));
}

static bool array_size_ok(size_t n, size_t size, size_t *bytes, gfp_t gfp, const char *who)
{
	if (__builtin_mul_overflow(n, size, bytes)) {
		if (!(gfp & __GFP_NOWARN))
			mm_printf("%s: size overflow (%zu * %zu)\n", who, n, size);
		return false;
	}
	return true;
}

void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (!array_size_ok(n, size, &bytes, gfp, __func__))
		return NULL;
	return __kmalloc(bytes, gfp, NUMA_NO_NODE, __builtin_return_address(0));
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (!array_size_ok(n, size, &bytes, gfp, __func__))
		return NULL;
	return __kmalloc(bytes, gfp | __GFP_ZERO, NUMA_NO_NODE, __builtin_return_address(0));
}

/* ---- kfree, ksize, krealloc ---- */

/* What p is: a slab object (*slabp, *cp set), a large kmalloc (*headp set), or neither
   (reported as a BUG when report, with reason). Returns 1, 2 or 0 (0 also for objects
   of quarantined slabs, silently). */
enum {
	KM_BAD,
	KM_SLAB,
	KM_LARGE
};

static int kmalloc_lookup(const void *p, struct page **pagep, struct kmem_cache **cp, bool report,
			  const char *who)
{
	struct page *page = virt_to_page(p), *head;
	struct kmem_cache *c;
	char detail[96];

	if (!page) {
		if (report)
			slab_bug(NULL, "kmalloc", NULL, p, "invalid pointer (not a slab object)",
				 "not in RAM");
		return KM_BAD;
	}
	head = compound_head(page);
	*pagep = head;
	if (PageSlab(head)) {
		c = slab_cache(head);
		if (!c || PageBad(head))
			return KM_BAD; /* quarantined slab: ignored */
		*cp = c;
		if (obj_index(c, head, p) >= 0)
			return KM_SLAB;
		if (report) {
			snprintf(detail, sizeof(detail), "%s: offset %ld from the first slot", who,
				 (long)((const char *)p - slab_s_mem(head)));
			slab_bug(c, c->name, head, p,
				 "invalid pointer (not the start of an object)", detail);
		}
		return KM_BAD;
	}
	if (is_large_kmalloc(head) && p == page_address(head))
		return KM_LARGE;
	if (report) {
		snprintf(detail, sizeof(detail),
			 "%s: pfn 0x%llx is neither a slab nor a kmalloc page", who,
			 (unsigned long long)page_to_pfn(page));
		slab_bug(NULL, "kmalloc", NULL, p, "invalid pointer (not a slab object)", detail);
	}
	return KM_BAD;
}

void kfree(const void *p)
{
	struct kmem_cache *c = NULL;
	struct page *page = NULL;

	if (ZERO_OR_NULL_PTR(p))
		return;
	switch (kmalloc_lookup(p, &page, &c, true, __func__)) {
	case KM_SLAB:
		slab_free(c, page, (void *)p, __builtin_return_address(0));
		break;
	case KM_LARGE:
		kfree_large(page);
		break;
	default:
		break;
	}
}

size_t ksize(const void *p)
{
	struct kmem_cache *c = NULL;
	struct page *page = NULL;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	switch (kmalloc_lookup(p, &page, &c, false, __func__)) {
	case KM_SLAB:
		slab_set_orig_size(c, (void *)p, c->object_size); /* the caller may use it all */
		return c->object_size;
	case KM_LARGE:
		page->private = PAGE_SIZE << page->order; /* likewise: krealloc() keeps it all */
		return page->private;
	default:
		mm_printf("%s: not a kmalloc pointer (%p)\n", __func__, p);
		return 0;
	}
}

void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	const void *caller = __builtin_return_address(0);
	struct kmem_cache *c = NULL;
	struct page *page = NULL;
	size_t old, cap;
	void *n;

	if (ZERO_OR_NULL_PTR(p))
		return __kmalloc(new_size, gfp, NUMA_NO_NODE, caller);
	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	switch (kmalloc_lookup(p, &page, &c, true, __func__)) {
	case KM_SLAB:
		old = slab_orig_size(c, p);
		cap = c->object_size;
		break;
	case KM_LARGE:
		old = page->private;
		cap = PAGE_SIZE << page->order;
		break;
	default:
		return NULL;
	}
	if (new_size <= cap && !((gfp & __GFP_DMA32) && c)) {
		/*
		 * Fits where it is: only the recorded size moves. With __GFP_ZERO, grown bytes
		 * are zeroes. When the size asked is not recorded (old == cap: a slab object
		 * without red zone), zero the spare bytes instead, so that a later grow finds
		 * zeroes (Linux's rule: every call on the object passes __GFP_ZERO).
		 */
		if ((gfp & __GFP_ZERO) && new_size > old)
			memset((char *)p + old, 0, new_size - old);
		else if ((gfp & __GFP_ZERO) && old == cap)
			memset((char *)p + new_size, 0, cap - new_size);
		if (c)
			slab_set_orig_size(c, (void *)p, new_size);
		else
			page->private = new_size;
		return (void *)p;
	}
	n = __kmalloc(new_size, gfp, NUMA_NO_NODE, caller);
	if (!n)
		return NULL;
	memcpy(n, p, old < new_size ? old : new_size);
	if ((gfp & __GFP_ZERO) && new_size > old)
		memset((char *)n + old, 0, new_size - old);
	kfree(p);
	return n;
}
