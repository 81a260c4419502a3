// SPDX-License-Identifier: MIT
/*
 * Slab allocator and kmalloc: every size class at random with content checks, ctor
 * semantics, alignment, shrink, destroy of a busy cache, colouring, NUMA placement and
 * fallback, large kmallocs, krealloc, kcalloc overflow, the reports (slabinfo, slabtop,
 * meminfo) and slab_verify. Each case runs over a private slab state and buddy allocator
 * (tests/mm/test_slab.h) and ends with the accounting back at its baseline.
 */
#include "tests/mm/test_slab.h"
#include "lib/printf.h"
#include "lib/random.h"
#include "lib/string.h"

#define NSLOTS 256

struct slot {
	u8 *p;
	size_t size;
	u8 seed;
};

static struct slot slots[NSLOTS];
static void *objs[2048];

static void fill(u8 *p, size_t n, u8 seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (u8)(seed + i * 7);
}

/* Offset of the first byte that does not hold fill()'s pattern, or -1. */
static long check_fill(const u8 *p, size_t n, u8 seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (u8)(seed + i * 7))
			return (long)i;
	return -1;
}

/*
 * p aligned to a (a power of two)? Above a page only the physical address can be checked:
 * on the host the test region is only page-aligned in virtual memory (on the target the
 * direct map keeps both alike).
 */
static bool aligned_to(const void *p, uintptr_t a)
{
	if (a > PAGE_SIZE)
		return virt_to_phys(p) % a == 0;
	return (uintptr_t)p % a == 0;
}

static struct page *slab_of(const void *p)
{
	return compound_head(virt_to_page(p));
}

static unsigned long cache_active(struct kmem_cache *c)
{
	struct slab_cache_info i;

	kmem_cache_get_info(c, &i);
	return i.active_objs;
}

KTEST(test_kmalloc_random_sizes)
{
	struct rand_state r;
	unsigned long live_before[KMALLOC_NR_CACHES];

	TS_BEGIN(NULL, 0);
	/* Warm up: the per-CPU arrays are kmalloc'ed on first use and then stay. */
	for (int i = 0; i < KMALLOC_NR_CACHES; i++)
		kfree(kmalloc(kmem_cache_size(kmalloc_cache(i)), GFP_KERNEL));
	for (int i = 0; i < KMALLOC_NR_CACHES; i++)
		live_before[i] = cache_active(kmalloc_cache(i));
	rand_seed(&r, 42);
	for (int step = 0; step < 6000; step++) {
		struct slot *s = &slots[rand_range(&r, 0, NSLOTS - 1)];

		if (s->p) {
			long bad = check_fill(s->p, s->size, s->seed);

			if (bad >= 0)
				ktest_fail(t, __FILE__, __LINE__, "size %zu: byte %ld changed",
					   s->size, bad);
			kfree(s->p);
			s->p = NULL;
			continue;
		}
		/* Mostly small, every class, sometimes a large (page) allocation. */
		s->size = rand_chance(&r, 1, 40) ? rand_range(&r, 8193, 40000)
						 : rand_range(&r, 1, 1U << rand_range(&r, 3, 13));
		s->seed = (u8)rand_next(&r);
		s->p = kmalloc(s->size, GFP_KERNEL);
		ASSERT_NOT_NULL(s->p);
		EXPECT_GE(ksize(s->p), s->size);
		if (s->size <= KMALLOC_MAX_CACHE_SIZE) {
			size_t cls = ksize(s->p);

			EXPECT_EQ(kmalloc_index(s->size), kmalloc_index(cls));
			EXPECT_TRUE(aligned_to(s->p, cls & -cls));
		} else {
			EXPECT_EQ((uintptr_t)s->p % PAGE_SIZE, 0);
		}
		fill(s->p, s->size, s->seed);
	}
	EXPECT_EQ(slab_verify(), 0);
	for (int i = 0; i < NSLOTS; i++) {
		if (slots[i].p) {
			EXPECT_EQ(check_fill(slots[i].p, slots[i].size, slots[i].seed), -1);
			kfree(slots[i].p);
			slots[i].p = NULL;
		}
	}
	for (int i = 0; i < KMALLOC_NR_CACHES; i++)
		EXPECT_EQ(cache_active(kmalloc_cache(i)), live_before[i]);
	EXPECT_EQ(slab_state->large_pages, 0);
	EXPECT_EQ(slab_error_count(), 0);
	ts_end(t);
}

KTEST(test_kmalloc_classes)
{
	static const struct {
		size_t size;
		int index;
	} cases[] = {
	    {1, 0},	{8, 0},	    {9, 1},	{16, 1},    {17, 2},	{32, 2},    {33, 3},
	    {64, 3},	{65, 4},    {96, 4},	{97, 5},    {128, 5},	{129, 6},   {192, 6},
	    {193, 7},	{256, 7},   {257, 8},	{512, 8},   {513, 9},	{1024, 9},  {1025, 10},
	    {2048, 10}, {2049, 11}, {4096, 11}, {4097, 12}, {8192, 12}, {8193, -1},
	};
	static const char *const names[] = {"kmalloc-8", "kmalloc-96", "kmalloc-1k", "kmalloc-8k"};
	static const int name_index[] = {0, 4, 9, 12};

	TS_BEGIN(NULL, 0);
	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(kmalloc_index(cases[i].size), cases[i].index);
		if (cases[i].index >= 0) {
			void *p = kmalloc(cases[i].size, GFP_KERNEL);

			ASSERT_NOT_NULL(p);
			EXPECT_EQ(ksize(p), kmem_cache_size(kmalloc_cache(cases[i].index)));
			kfree(p);
		}
	}
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		EXPECT_STREQ(kmem_cache_name(kmalloc_cache(name_index[i])), names[i]);
	EXPECT_PTR_EQ(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	EXPECT_EQ(ksize(NULL), 0);
	EXPECT_EQ(slab_error_count(), 0);
	ts_end(t);
}

static unsigned ctor_calls;

static void count_ctor(void *obj)
{
	ctor_calls++;
	*(u64 *)obj = 0xc0ffee;
}

KTEST(test_ctor_once_per_object)
{
	struct kmem_cache *c;
	struct slab_cache_info i;
	unsigned n = 100;

	TS_BEGIN(NULL, 0);
	ctor_calls = 0;
	c = kmem_cache_create("test_ctor", 48, 0, 0, count_ctor);
	ASSERT_NOT_NULL(c);
	EXPECT_EQ(ctor_calls, 0);
	for (unsigned k = 0; k < n; k++) {
		objs[k] = kmem_cache_alloc(c, GFP_KERNEL);
		ASSERT_NOT_NULL(objs[k]);
		EXPECT_EQ(*(u64 *)objs[k], 0xc0ffee);
	}
	kmem_cache_get_info(c, &i);
	EXPECT_EQ(ctor_calls, i.num_slabs * i.objperslab); /* every object of every slab, once */
	for (unsigned k = 0; k < n; k++)
		kmem_cache_free(c, objs[k]);
	for (unsigned k = 0; k < n; k++) {
		objs[k] = kmem_cache_alloc(c, GFP_KERNEL);
		EXPECT_EQ(*(u64 *)objs[k],
			  0xc0ffee); /* reused objects keep the constructed state */
	}
	EXPECT_EQ(ctor_calls, i.num_slabs * i.objperslab); /* no slab was added */
	for (unsigned k = 0; k < n; k++)
		kmem_cache_free(c, objs[k]);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

static void check_cache_alignment(struct ktest *t, const char *name, unsigned size, unsigned align,
				  slab_flags_t flags, unsigned want)
{
	struct kmem_cache *c = kmem_cache_create(name, size, align, flags, NULL);

	ASSERT_NOT_NULL(c);
	for (unsigned k = 0; k < 64; k++) {
		objs[k] = kmem_cache_alloc(c, GFP_KERNEL);
		ASSERT_NOT_NULL(objs[k]);
		if ((uintptr_t)objs[k] % want)
			ktest_fail(t, __FILE__, __LINE__, "%s: object %p not aligned to %u", name,
				   objs[k], want);
		memset(objs[k], 0x11, size);
	}
	for (unsigned k = 0; k < 64; k++)
		kmem_cache_free(c, objs[k]);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
}

KTEST(test_alignment)
{
	TS_BEGIN(NULL, 0);
	check_cache_alignment(t, "align256", 40, 256, 0, 256);
	check_cache_alignment(t, "align16", 24, 16, 0, 16);
	check_cache_alignment(t, "hwcache100", 100, 0, SLAB_HWCACHE_ALIGN, 64);
	check_cache_alignment(t, "hwcache20", 20, 0, SLAB_HWCACHE_ALIGN, 32); /* Linux's rule */
	check_cache_alignment(t, "align8", 13, 0, 0, 8);
	check_cache_alignment(t, "rz_align128", 40, 128, SLAB_RED_ZONE | SLAB_POISON, 128);
	/* kmalloc: natural alignment of power-of-two classes; 96 and 192 by 32 and 64. */
	for (int i = 0; i < KMALLOC_NR_CACHES; i++) {
		unsigned size = kmem_cache_size(kmalloc_cache(i));
		void *p = kmalloc(size, GFP_KERNEL);

		ASSERT_NOT_NULL(p);
		EXPECT_TRUE(aligned_to(p, size & -size));
		kfree(p);
	}
	EXPECT_NULL(kmem_cache_create("bad_align", 64, 3, 0, NULL));
	EXPECT_TRUE(tb_log_has("alignment not a power of two up to a page (3)"));
	ts_end(t);
}

KTEST(test_shrink_returns_pages)
{
	struct kmem_cache *c;
	struct slab_cache_info i;
	unsigned long base, used, freed;

	TS_BEGIN(NULL, 0);
	c = kmem_cache_create("test_shrink", 256, 0, 0, NULL);
	ASSERT_NOT_NULL(c);
	/* Warm up once so the per-CPU array exists, then shrink to the baseline. */
	kmem_cache_free(c, kmem_cache_alloc(c, GFP_KERNEL));
	kmem_cache_shrink(c);
	base = ts_free_pages();
	for (unsigned k = 0; k < 2000; k++) {
		objs[k] = kmem_cache_alloc(c, GFP_KERNEL);
		ASSERT_NOT_NULL(objs[k]);
	}
	used = base - ts_free_pages();
	EXPECT_GE(used, 2000 * 256 / PAGE_SIZE);
	for (unsigned k = 0; k < 2000; k++)
		kmem_cache_free(c, objs[k]);
	kmem_cache_get_info(c, &i);
	EXPECT_EQ(i.active_objs, 0);
	EXPECT_GT(i.num_slabs, 0); /* some empty slabs are kept (free_limit) */
	freed = kmem_cache_shrink(c);
	EXPECT_EQ(freed, i.num_slabs * i.pagesperslab);
	kmem_cache_get_info(c, &i);
	EXPECT_EQ(i.num_slabs, 0);
	EXPECT_EQ(i.cpu_objs, 0);
	EXPECT_EQ(ts_free_pages(), base);
	EXPECT_EQ(kmem_cache_shrink(c), 0);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

KTEST(test_destroy_busy_refused)
{
	struct kmem_cache *c;
	void *a, *b, *d;

	TS_BEGIN(NULL, 0);
	c = kmem_cache_create("test_busy", 72, 0, 0, NULL);
	ASSERT_NOT_NULL(c);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	d = kmem_cache_alloc(c, GFP_KERNEL);
	ASSERT_NOT_NULL(d);
	kmem_cache_free(c, b);
	tb_log_clear();
	EXPECT_EQ(kmem_cache_destroy(c), -EBUSY);
	EXPECT_EQ(ts_log_count("\n"), 1);
	EXPECT_TRUE(tb_log_has("kmem_cache_destroy: test_busy: 2 objects still in use"));
	/* Intact: it still allocates and frees. */
	b = kmem_cache_alloc(c, GFP_KERNEL);
	ASSERT_NOT_NULL(b);
	memset(b, 0x5a, 72);
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
	kmem_cache_free(c, d);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	EXPECT_EQ(kmem_cache_destroy(kmalloc_cache(3)), -EINVAL);
	EXPECT_EQ(kmem_cache_destroy(NULL), -EINVAL);
	ts_end(t);
}

KTEST(test_colour_offsets_cycle)
{
	struct kmem_cache *c;
	struct slab_cache_info i;
	unsigned nslabs = 9, k = 0;
	struct page *last = NULL;
	unsigned seen = 0;

	TS_BEGIN(NULL, 0);
	/* 1000-byte slots: order 1 holds 8, 192 bytes spare -> colours 0, 64, 128, 192. The
	   consistency-check flag only turns per-CPU arrays off, so slabs fill in order. */
	c = kmem_cache_create("test_colour", 1000, 0, SLAB_CONSISTENCY_CHECKS, NULL);
	ASSERT_NOT_NULL(c);
	kmem_cache_get_info(c, &i);
	ASSERT_EQ(i.objsize, 1000);
	ASSERT_EQ(i.pagesperslab, 2);
	ASSERT_EQ(i.objperslab, 8);
	EXPECT_EQ(i.colours, 4);
	for (k = 0; k < nslabs * 8; k++) {
		struct page *slab;

		objs[k] = kmem_cache_alloc(c, GFP_KERNEL);
		ASSERT_NOT_NULL(objs[k]);
		slab = slab_of(objs[k]);
		if (slab != last) {
			uintptr_t colour =
			    ((uintptr_t)objs[k] - (uintptr_t)page_address(slab)) % i.objsize;

			EXPECT_EQ(colour, (seen % 4) * 64);
			seen++;
			last = slab;
		}
	}
	EXPECT_EQ(seen, nslabs);
	for (k = 0; k < nslabs * 8; k++)
		kmem_cache_free(c, objs[k]);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

static const struct tb_layout two_nodes = {
    .nr_nodes = 2,
    .node = {{.present = {{0, 2048}}, .nr = 1, .cpus = 1}, {.present = {{2048, 4096}}, .nr = 1}},
};

KTEST(test_numa_placement)
{
	static struct page *pages[2048];
	struct kmem_cache *c;
	unsigned npages = 0;
	void *p;

	TS_BEGIN(&two_nodes, 0);
	ASSERT_TRUE(node_online(1));
	c = kmem_cache_create("test_numa", 128, 0, 0, NULL);
	ASSERT_NOT_NULL(c);
	for (unsigned k = 0; k < 64; k++) {
		objs[k] = kmem_cache_alloc_node(c, GFP_KERNEL, k & 1);
		ASSERT_NOT_NULL(objs[k]);
		EXPECT_EQ(page_to_nid(slab_of(objs[k])), (int)(k & 1));
	}
	p = kmem_cache_alloc(c, GFP_KERNEL); /* cpu 0 is on node 0 */
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(page_to_nid(slab_of(p)), 0);
	kmem_cache_free(c, p);
	p = kmalloc_node(300, GFP_KERNEL, 1);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(page_to_nid(slab_of(p)), 1);
	kfree(p);
	p = kmalloc_node(20000, GFP_KERNEL, 1); /* large: pages on node 1 too */
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(page_to_nid(slab_of(p)), 1);
	kfree(p);
	for (unsigned k = 0; k < 64; k++)
		kmem_cache_free(c, objs[k]); /* node 1 objects go straight to node 1 */
	EXPECT_EQ(kmem_cache_destroy(c), 0);

	/* Fallback: node 1 out of pages; a fresh cache must place node-1 requests on node 0. */
	c = kmem_cache_create("test_fallback", 128, 0, 0, NULL);
	ASSERT_NOT_NULL(c);
	tb_zero_watermarks();
	while (npages < ARRAY_SIZE(pages) &&
	       (pages[npages] = alloc_pages_node(1, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0)))
		npages++;
	EXPECT_GT(npages, 1000);
	tb_log_clear();
	EXPECT_NULL(kmem_cache_alloc_node(c, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 1));
	p = kmem_cache_alloc_node(c, GFP_KERNEL, 1);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(page_to_nid(slab_of(p)), 0);
	kmem_cache_free(c, p);
	for (unsigned k = 0; k < npages; k++)
		__free_pages(pages[k], 0);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

KTEST(test_kmalloc_large_compound)
{
	unsigned long base;
	struct page *page;
	u8 *p;

	TS_BEGIN(NULL, 0);
	base = ts_free_pages();
	p = kmalloc(8193, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	page = virt_to_page(p);
	EXPECT_EQ((uintptr_t)p % PAGE_SIZE, 0);
	EXPECT_TRUE(PageHead(page));
	EXPECT_FALSE(PageSlab(page));
	EXPECT_EQ(page->order, 2);
	EXPECT_TRUE(PageTail(virt_to_page(p + 3 * PAGE_SIZE)));
	EXPECT_EQ(ksize(p), 4 * PAGE_SIZE);
	EXPECT_EQ(base - ts_free_pages(), 4);
	fill(p, 8193, 3);
	EXPECT_EQ(check_fill(p, 8193, 3), -1);
	{
		struct slab_meminfo mi;

		slab_meminfo(&mi);
		EXPECT_GE(mi.sunreclaim_kb, 16);
	}
	kfree(p);
	EXPECT_EQ(ts_free_pages(), base);
	p = kmalloc(1 << 20, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(virt_to_page(p)->order, 8);
	kfree(p);
	tb_log_clear();
	EXPECT_NULL(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	EXPECT_TRUE(tb_log_has("kmalloc: size too large (4194305)"));
	EXPECT_EQ(ts_free_pages(), base);
	EXPECT_EQ(slab_error_count(), 0);
	ts_end(t);
}

KTEST(test_krealloc_keeps_content)
{
	u8 *p, *q;

	TS_BEGIN(NULL, 0);
	EXPECT_PTR_EQ(krealloc(NULL, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	p = krealloc(NULL, 40, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	fill(p, 40, 9);
	q = krealloc(p, 30, GFP_KERNEL); /* shrink: in place */
	EXPECT_PTR_EQ(q, p);
	EXPECT_EQ(check_fill(q, 30, 9), -1);
	q = krealloc(p, 64, GFP_KERNEL); /* still fits kmalloc-64 */
	EXPECT_PTR_EQ(q, p);
	p = krealloc(q, 500, GFP_KERNEL); /* grow: moves */
	ASSERT_NOT_NULL(p);
	EXPECT_NE((uintptr_t)p, (uintptr_t)q);
	EXPECT_EQ(check_fill(p, 30, 9), -1);
	fill(p, 500, 1);
	q = krealloc(p, 20000, GFP_KERNEL); /* to pages */
	ASSERT_NOT_NULL(q);
	EXPECT_EQ(check_fill(q, 500, 1), -1);
	fill(q, 20000, 5);
	p = krealloc(q, 9000, GFP_KERNEL); /* shrink within the pages: in place */
	EXPECT_PTR_EQ(p, q);
	EXPECT_EQ(check_fill(p, 9000, 5), -1);
	q = krealloc(p, 100, GFP_KERNEL);
	EXPECT_PTR_EQ(q, p);
	p = kzalloc(24, GFP_KERNEL); /* __GFP_ZERO growth needs zeroed memory to start with */
	ASSERT_NOT_NULL(p);
	memset(p, 0x77, 24);
	p = krealloc(p, 2000, GFP_KERNEL | __GFP_ZERO);
	ASSERT_NOT_NULL(p);
	for (int k = 0; k < 2000; k++)
		if (p[k] != (k < 24 ? 0x77 : 0)) {
			ktest_fail(t, __FILE__, __LINE__, "byte %d is 0x%x", k, p[k]);
			break;
		}
	EXPECT_PTR_EQ(krealloc(p, 0, GFP_KERNEL), ZERO_SIZE_PTR); /* frees */
	kfree(q);
	EXPECT_EQ(slab_error_count(), 0);
	ts_end(t);
}

KTEST(test_kcalloc_overflow)
{
	u8 *p;

	TS_BEGIN(NULL, 0);
	EXPECT_NULL(kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL));
	EXPECT_TRUE(tb_log_has("kcalloc: size overflow"));
	EXPECT_NULL(kmalloc_array(1UL << 33, 1UL << 31, GFP_KERNEL));
	EXPECT_NULL(kcalloc(3, SIZE_MAX, GFP_KERNEL | __GFP_NOWARN));
	p = kmalloc(100, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	memset(p, 0xff, 100);
	kfree(p);
	p = kcalloc(10, 10, GFP_KERNEL); /* likely the same object: zeroed anyway */
	ASSERT_NOT_NULL(p);
	for (int k = 0; k < 100; k++)
		EXPECT_EQ(p[k], 0);
	kfree(p);
	ts_end(t);
}

KTEST(test_slabinfo_format)
{
	struct kmem_cache *c;
	struct slab_cache_info i;
	char want[200];

	TS_BEGIN(NULL, 0);
	c = kmem_cache_create("test_info", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
	ASSERT_NOT_NULL(c);
	for (unsigned k = 0; k < 50; k++)
		objs[k] = kmem_cache_alloc(c, GFP_KERNEL);
	kmem_cache_get_info(c, &i);
	EXPECT_EQ(i.active_objs, 50);
	EXPECT_EQ(i.objsize, 256); /* 200 aligned to a cache line */
	EXPECT_EQ(i.objperslab * i.objsize, i.pagesperslab * PAGE_SIZE);
	EXPECT_EQ(i.limit, 120);
	EXPECT_EQ(i.batchcount, 60);
	tb_log_clear();
	slabinfo_show();
	EXPECT_TRUE(tb_log_has("slabinfo - version: 2.1\n# name            <active_objs> "
			       "<num_objs> <objsize> <objperslab> <pagesperslab> : tunables "
			       "<limit> <batchcount> <sharedfactor> : slabdata <active_slabs> "
			       "<num_slabs> <sharedavail>\ntest_info "));
	EXPECT_EQ(i.objperslab, 16);
	EXPECT_EQ(i.pagesperslab, 1);
	snprintf(want, sizeof(want),
		 "\ntest_info             50 %6lu    256   16    1 : tunables  120   60    0 : "
		 "slabdata %6lu %6lu      0\n",
		 i.num_objs, i.active_slabs, i.num_slabs);
	EXPECT_TRUE(tb_log_has(want));
	if (!tb_log_has(want))
		ts_log_show(t);
	EXPECT_TRUE(tb_log_has("\nkmem_cache          "));
	EXPECT_TRUE(tb_log_has("\nkmalloc-8k "));
	for (unsigned k = 0; k < 50; k++)
		kmem_cache_free(c, objs[k]);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

KTEST(test_slabtop_and_meminfo)
{
	struct kmem_cache *c;
	struct slab_meminfo mi;
	struct slab_cache_info i;
	unsigned long pages = 0;
	char want[64];

	TS_BEGIN(NULL, 0);
	c = kmem_cache_create("test_reclaim", 512, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	ASSERT_NOT_NULL(c);
	for (unsigned k = 0; k < 300; k++)
		objs[k] = kmem_cache_alloc(c, GFP_KERNEL);
	kmem_cache_get_info(c, &i);
	slab_meminfo(&mi);
	EXPECT_EQ(mi.sreclaimable_kb, i.num_slabs * i.pagesperslab * 4);
	{
		struct kmem_cache *k;

		list_for_each_entry (k, &slab_state->caches, list) {
			struct slab_cache_info ki;

			kmem_cache_get_info(k, &ki);
			pages += ki.num_slabs * ki.pagesperslab;
		}
	}
	EXPECT_EQ(mi.slab_kb, pages * 4);
	EXPECT_EQ(mi.slab_kb, mi.sreclaimable_kb + mi.sunreclaim_kb);
	tb_log_clear();
	slab_meminfo_show();
	snprintf(want, sizeof(want), "Slab:           %8lu kB\n", mi.slab_kb);
	EXPECT_TRUE(tb_log_has(want));
	snprintf(want, sizeof(want), "SReclaimable:   %8lu kB\n", mi.sreclaimable_kb);
	EXPECT_TRUE(tb_log_has(want));
	snprintf(want, sizeof(want), "SUnreclaim:     %8lu kB\n", mi.sunreclaim_kb);
	EXPECT_TRUE(tb_log_has(want));
	tb_log_clear();
	slabtop_show();
	EXPECT_TRUE(tb_log_has(" Active / Total Objects (% used)    : "));
	EXPECT_TRUE(tb_log_has(" Minimum / Average / Maximum Object : "));
	EXPECT_TRUE(tb_log_has("  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME\n"));
	/* The biggest cache comes first: test_reclaim (300 x 512 bytes). */
	snprintf(want, sizeof(want), "NAME\n%6lu    300 ", i.num_objs);
	EXPECT_TRUE(tb_log_has(want));
	if (!tb_log_has(want))
		ts_log_show(t);
	for (unsigned k = 0; k < 300; k++)
		kmem_cache_free(c, objs[k]);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

KTEST(test_verify_catches_corruption)
{
	struct kmem_cache *c;
	struct kmem_cache_node *n;
	void *a, *b;

	TS_BEGIN(NULL, 0);
	c = kmem_cache_create("test_verify", 64, 0, 0, NULL);
	ASSERT_NOT_NULL(c);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	ASSERT_NOT_NULL(b);
	EXPECT_EQ(slab_verify(), 0);
	n = c->node[0];
	n->free_objects++;
	tb_log_clear();
	EXPECT_GT(slab_verify(), 0);
	EXPECT_TRUE(tb_log_has("slab_verify: test_verify: node 0 counters"));
	n->free_objects--;
	/* The same object twice in the per-CPU array. */
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
	{
		struct array_cache *ac = c->cpu_cache[smp_processor_id()];
		void *saved;

		ASSERT_TRUE(ac_usable(ac));
		ASSERT_GE(ac->avail, 2);
		saved = ac->entry[ac->avail - 1];
		ac->entry[ac->avail - 1] = ac->entry[ac->avail - 2];
		tb_log_clear();
		EXPECT_GT(slab_verify(), 0);
		EXPECT_TRUE(tb_log_has("twice in the per-CPU arrays"));
		ac->entry[ac->avail - 1] = saved;
	}
	EXPECT_EQ(slab_verify(), 0);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

KTEST(test_create_bad_arguments)
{
	TS_BEGIN(NULL, 0);
	EXPECT_NULL(kmem_cache_create(NULL, 64, 0, 0, NULL));
	EXPECT_TRUE(tb_log_has("kmem_cache_create: no name (size 64)"));
	EXPECT_NULL(kmem_cache_create("zero", 0, 0, 0, NULL));
	EXPECT_TRUE(tb_log_has("kmem_cache_create: zero: size out of range (0)"));
	EXPECT_NULL(kmem_cache_create("huge", (unsigned)KMALLOC_MAX_SIZE + 1, 0, 0, NULL));
	EXPECT_NULL(kmem_cache_create("flags", 64, 0, 0x80000000U, NULL));
	EXPECT_TRUE(tb_log_has("kmem_cache_create: flags: unknown flags (0x80000000)"));
	EXPECT_NULL(kmem_cache_create("a_name_that_is_much_too_long_for_slabinfo", 64, 0, 0, NULL));
	EXPECT_TRUE(tb_log_has("name too long"));
	EXPECT_NULL(kmem_cache_alloc(NULL, GFP_KERNEL));
	kmem_cache_free(NULL, NULL);
	EXPECT_EQ(kmem_cache_shrink(NULL), 0);
	{
		/* A 1 MiB object takes an order-8 slab of one object. */
		struct kmem_cache *c = kmem_cache_create("big", 1 << 20, 0, 0, NULL);
		struct slab_cache_info i;
		void *p;

		ASSERT_NOT_NULL(c);
		kmem_cache_get_info(c, &i);
		EXPECT_EQ(i.pagesperslab, 256);
		EXPECT_EQ(i.objperslab, 1);
		p = kmem_cache_alloc(c, GFP_KERNEL);
		ASSERT_NOT_NULL(p);
		kmem_cache_free(c, p);
		EXPECT_EQ(kmem_cache_destroy(c), 0);
	}
	EXPECT_EQ(slab_error_count(), 0);
	ts_end(t);
}

static void *many[8192];

KTEST(test_out_of_memory)
{
	struct kmem_cache *c;
	unsigned n = 0;

	TS_BEGIN(NULL, 0);
	tb_zero_watermarks();
	c = kmem_cache_create("test_oom", 2048, 0, 0, NULL);
	ASSERT_NOT_NULL(c);
	/* 16 MiB at 2 KiB each: fewer than 8192 objects fit; then NULL, not a crash. */
	while (n < ARRAY_SIZE(many) && (many[n] = kmem_cache_alloc(c, GFP_KERNEL | __GFP_NOWARN)))
		n++;
	EXPECT_LT(n, ARRAY_SIZE(many));
	EXPECT_GT(n, 4000);
	tb_log_clear();
	EXPECT_NULL(kmem_cache_alloc(c, GFP_KERNEL));
	EXPECT_TRUE(tb_log_has("slab_alloc: test_oom: out of memory"));
	EXPECT_NULL(kmalloc(100000, GFP_KERNEL | __GFP_NOWARN));
	while (n)
		kmem_cache_free(c, many[--n]);
	EXPECT_EQ(slab_verify(), 0);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

/* The live allocator (on the target once the firmware bootstrapped it): a quick sanity run. */
KTEST(test_live_allocator)
{
	void *p[16];

	if (!slab_state->up)
		SKIP("the live slab allocator is not initialised (kmem_cache_init not run)");
	for (unsigned k = 0; k < ARRAY_SIZE(p); k++) {
		p[k] = kmalloc(16U << (k % 10), GFP_KERNEL);
		ASSERT_NOT_NULL(p[k]);
		memset(p[k], (int)k, 16U << (k % 10));
	}
	for (unsigned k = 0; k < ARRAY_SIZE(p); k++)
		kfree(p[k]);
	EXPECT_EQ(slab_verify(), 0);
}

static const struct ktest_case slab_cases[] = {
    KTEST_CASE(test_kmalloc_random_sizes),   KTEST_CASE(test_kmalloc_classes),
    KTEST_CASE(test_ctor_once_per_object),   KTEST_CASE(test_alignment),
    KTEST_CASE(test_shrink_returns_pages),   KTEST_CASE(test_destroy_busy_refused),
    KTEST_CASE(test_colour_offsets_cycle),   KTEST_CASE(test_numa_placement),
    KTEST_CASE(test_kmalloc_large_compound), KTEST_CASE(test_krealloc_keeps_content),
    KTEST_CASE(test_kcalloc_overflow),	     KTEST_CASE(test_slabinfo_format),
    KTEST_CASE(test_slabtop_and_meminfo),    KTEST_CASE(test_verify_catches_corruption),
    KTEST_CASE(test_create_bad_arguments),   KTEST_CASE(test_out_of_memory),
    KTEST_CASE(test_live_allocator),	     {},
};

static const struct ktest_suite slab_suite = {
    .name = "slab",
    .cases = slab_cases,
    .exit = ts_cleanup,
};
KTEST_REGISTER(slab_suite);
