// SPDX-License-Identifier: MIT
/*
 * Slab debugging, after Linux's lib/slub_kunit.c: each corruption gives exactly one
 * "BUG <cache>: <reason>" report (counted once for the cache and once globally), its
 * slab is quarantined, and the cache goes on working. Also: the always-on checks of
 * non-debug caches (corrupted free pointer, immediate double free, invalid and
 * wrong-cache frees), global debugging through slab_debug_enable(), and slub_debug
 * parsing. Every case runs over a private slab state (tests/mm/test_slab.h).
 */
#include "tests/mm/test_slab.h"
#include "lib/printf.h"
#include "lib/random.h"
#include "lib/string.h"

#define DBG_ALL (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/* After exactly one report about cache name for reason: the counters and the log agree. */
#define EXPECT_ONE_BUG(c, before, cname, reason)                                                   \
	do {                                                                                       \
		EXPECT_EQ(slab_error_count() - (before), 1);                                       \
		if (c)                                                                             \
			EXPECT_EQ(kmem_cache_error_count(c), 1);                                   \
		EXPECT_EQ(ts_log_count("BUG "), 1);                                                \
		EXPECT_TRUE(tb_log_has("BUG " cname ": " reason "\n"));                            \
		if (!tb_log_has("BUG " cname ": " reason "\n"))                                    \
			ts_log_show(t);                                                            \
	} while (0)

/* The cache still works: fresh objects, written whole, freed, no new report. */
static void still_works(struct ktest *t, struct kmem_cache *c)
{
	unsigned long before = slab_error_count();
	unsigned size = kmem_cache_size(c);
	void *p[20];

	for (int i = 0; i < 20; i++) {
		p[i] = kmem_cache_alloc(c, GFP_KERNEL);
		ASSERT_NOT_NULL(p[i]);
		memset(p[i], 0x3c, size);
	}
	for (int i = 0; i < 20; i++)
		kmem_cache_free(c, p[i]);
	EXPECT_EQ(kmem_cache_validate(c), 0);
	EXPECT_EQ(slab_error_count(), before);
}

static struct slab_cache_info info_of(struct kmem_cache *c)
{
	struct slab_cache_info i;

	kmem_cache_get_info(c, &i);
	return i;
}

KTEST(test_clobber_redzone_after)
{
	struct kmem_cache *c;
	unsigned long before;
	u8 *p;

	TS_BEGIN(NULL, 0);
	c = kmem_cache_create("TestSlub_RZ", 64, 0, SLAB_RED_ZONE | SLAB_STORE_USER, NULL);
	ASSERT_NOT_NULL(c);
	before = slab_error_count();
	p = kmem_cache_alloc(c, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	p[64] = 0x12;
	kmem_cache_free(c, p);
	EXPECT_ONE_BUG(c, before, "TestSlub_RZ", "red zone overwritten after the object");
	EXPECT_TRUE(tb_log_has("byte +64 is 0x12, expected 0xcc"));
	EXPECT_TRUE(tb_log_has("allocated by 0x"));
	EXPECT_TRUE(tb_log_has("slab quarantined"));
	EXPECT_EQ(info_of(c).quarantined_slabs, 1);
	still_works(t, c);
	EXPECT_EQ(kmem_cache_destroy(c), 0); /* the quarantined object does not count as live */
	ts_end(t);
}

KTEST(test_clobber_redzone_before)
{
	struct kmem_cache *c;
	unsigned long before;
	u8 *p;

	TS_BEGIN(NULL, 0);
	c = kmem_cache_create("TestSlub_RZ_left", 64, 0, SLAB_RED_ZONE, NULL);
	ASSERT_NOT_NULL(c);
	before = slab_error_count();
	p = kmem_cache_alloc(c, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	p[-1] = 0x34;
	EXPECT_EQ(kmem_cache_validate(c), 1); /* found by validation, on a live object */
	EXPECT_ONE_BUG(c, before, "TestSlub_RZ_left", "red zone overwritten before the object");
	kmem_cache_free(c, p); /* its slab is quarantined: ignored */
	EXPECT_EQ(slab_error_count() - before, 1);
	still_works(t, c);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

KTEST(test_kmalloc_redzone_exact_size)
{
	struct kmem_cache *k32;
	unsigned long before;
	u8 *p;

	TS_BEGIN(NULL, SLAB_RED_ZONE | SLAB_STORE_USER);
	k32 = kmalloc_cache(kmalloc_index(32));
	EXPECT_TRUE(info_of(k32).flags & SLAB_RED_ZONE);
	EXPECT_EQ(info_of(k32).limit, 0); /* debug caches have no per-CPU arrays */
	/* Within the asked size: fine. */
	p = kmalloc(18, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	memset(p, 0x41, 18);
	kfree(p);
	EXPECT_EQ(slab_error_count(), 0);
	/* After ksize() the whole slot is the caller's. */
	p = kmalloc(18, GFP_KERNEL);
	EXPECT_EQ(ksize(p), 32);
	memset(p, 0x42, 32);
	kfree(p);
	EXPECT_EQ(slab_error_count(), 0);
	/* Bytes 18..31 of a kmalloc(18): caught by red zoning by exact size. */
	before = slab_error_count();
	p = kmalloc(18, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	for (int i = 18; i < 32; i++)
		p[i] = 0xab;
	kfree(p);
	EXPECT_ONE_BUG(k32, before, "kmalloc-32", "red zone overwritten after the object");
	EXPECT_TRUE(tb_log_has("byte +18 is 0xab, expected 0xcc (size 18 of 32)"));
	still_works(t, k32);
	/* krealloc within the class moves the mark: bytes past the new size are red zone. */
	tb_log_clear();
	before = slab_error_count();
	p = kmalloc(30, GFP_KERNEL);
	p = krealloc(p, 10, GFP_KERNEL);
	p[12] = 1;
	kfree(p);
	EXPECT_EQ(slab_error_count() - before, 1);
	ts_end(t);
}

static void write_after_free(struct ktest *t, unsigned offset, const char *expect_detail)
{
	struct kmem_cache *c;
	unsigned long before;
	u8 *p, *q;

	c = kmem_cache_create("TestSlub_poison", 64, 0, SLAB_POISON | SLAB_RED_ZONE, NULL);
	ASSERT_NOT_NULL(c);
	before = slab_error_count();
	p = kmem_cache_alloc(c, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	kmem_cache_free(c, p);
	EXPECT_EQ(p[0], POISON_FREE);
	EXPECT_EQ(p[63], POISON_END);
	if (offset == 0)
		*(u64 *)p = 0x7878787878787878ULL; /* the first word */
	else
		p[offset] = 0x12;
	q = kmem_cache_alloc(c, GFP_KERNEL); /* the same object comes back first: checked */
	ASSERT_NOT_NULL(q);
	EXPECT_NE((uintptr_t)q, (uintptr_t)p);
	EXPECT_ONE_BUG(c, before, "TestSlub_poison", "poison overwritten (write after free)");
	EXPECT_TRUE(tb_log_has(expect_detail));
	kmem_cache_free(c, q);
	still_works(t, c);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
}

KTEST(test_write_after_free_first_word)
{
	TS_BEGIN(NULL, 0);
	write_after_free(t, 0, "byte +0 is 0x78, expected 0x6b");
	ts_end(t);
}

KTEST(test_write_after_free_50th_byte)
{
	TS_BEGIN(NULL, 0);
	write_after_free(t, 50, "byte +50 is 0x12, expected 0x6b");
	ts_end(t);
}

KTEST(test_write_after_free_found_by_validate)
{
	struct kmem_cache *c;
	unsigned long before;
	u8 *p, *keep;

	TS_BEGIN(NULL, 0);
	c = kmem_cache_create("TestSlub_val", 100, 0, SLAB_POISON, NULL);
	ASSERT_NOT_NULL(c);
	keep = kmem_cache_alloc(c, GFP_KERNEL);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	kmem_cache_free(c, p);
	before = slab_error_count();
	p[99] = 0; /* the poison's end byte */
	EXPECT_EQ(kmem_cache_validate(c), 1);
	EXPECT_ONE_BUG(c, before, "TestSlub_val", "poison overwritten (write after free)");
	EXPECT_TRUE(tb_log_has("byte +99 is 0x00, expected 0xa5"));
	EXPECT_EQ(kmem_cache_validate(c), 0); /* quarantined: not reported again */
	kmem_cache_free(c, keep);	      /* in the quarantined slab: ignored */
	still_works(t, c);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

KTEST(test_corrupted_free_pointer_debug)
{
	struct kmem_cache *c;
	unsigned long before;
	u8 *p, *q;

	TS_BEGIN(NULL, 0);
	c = kmem_cache_create("TestSlub_next_ptr_free", 64, 0, SLAB_POISON, NULL);
	ASSERT_NOT_NULL(c);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	q = kmem_cache_alloc(c, GFP_KERNEL);
	ASSERT_NOT_NULL(q);
	kmem_cache_free(c, q);
	kmem_cache_free(c, p);
	before = slab_error_count();
	*freeptr_addr(c, p) ^= 0x12; /* p heads the freelist; its next pointer is outside it */
	EXPECT_EQ(kmem_cache_validate(c), 1);
	EXPECT_ONE_BUG(c, before, "TestSlub_next_ptr_free", "free pointer corrupted");
	still_works(t, c);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

KTEST(test_corrupted_free_pointer_always_on)
{
	struct kmem_cache *c;
	unsigned long before;
	void *a, *b, *n;

	TS_BEGIN(NULL, 0);
	c = kmem_cache_create("TestSlub_fp_fast", 64, 0, 0, NULL);
	ASSERT_NOT_NULL(c);
	EXPECT_EQ(info_of(c).limit, 120); /* not a debug cache */
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	ASSERT_NOT_NULL(b);
	kmem_cache_free(c, a);
	kmem_cache_shrink(c); /* a goes back onto its slab's freelist; b keeps the slab */
	before = slab_error_count();
	*(u64 *)a = 0x4141414141414141ULL;   /* write after free over the free pointer */
	n = kmem_cache_alloc(c, GFP_KERNEL); /* refill follows the pointer: caught */
	ASSERT_NOT_NULL(n);
	EXPECT_ONE_BUG(c, before, "TestSlub_fp_fast", "free pointer corrupted");
	EXPECT_NE((uintptr_t)compound_head(virt_to_page(n)),
		  (uintptr_t)compound_head(virt_to_page(b))); /* from a fresh slab */
	kmem_cache_free(c, n);
	kmem_cache_free(c, b); /* quarantined slab: ignored */
	still_works(t, c);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

KTEST(test_double_free)
{
	struct kmem_cache *fast, *dbg;
	unsigned long before;
	void *p, *q;

	TS_BEGIN(NULL, 0);
	/* Without debugging: the last object freed on this CPU. */
	fast = kmem_cache_create("TestSlub_df_fast", 32, 0, 0, NULL);
	ASSERT_NOT_NULL(fast);
	before = slab_error_count();
	p = kmem_cache_alloc(fast, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	kmem_cache_free(fast, p);
	kmem_cache_free(fast, p);
	EXPECT_ONE_BUG(fast, before, "TestSlub_df_fast", "double free (object already free)");
	still_works(t, fast);
	EXPECT_EQ(kmem_cache_destroy(fast), 0);

	/* With debugging: anywhere on the slab's freelist. */
	tb_log_clear();
	dbg = kmem_cache_create("TestSlub_df", 32, 0, DBG_ALL, NULL);
	ASSERT_NOT_NULL(dbg);
	before = slab_error_count();
	p = kmem_cache_alloc(dbg, GFP_KERNEL);
	q = kmem_cache_alloc(dbg, GFP_KERNEL);
	ASSERT_NOT_NULL(q);
	kmem_cache_free(dbg, p);
	kmem_cache_free(dbg, q);
	kmem_cache_free(dbg, p);
	EXPECT_ONE_BUG(dbg, before, "TestSlub_df", "double free (object already free)");
	EXPECT_TRUE(tb_log_has("freed by 0x"));
	still_works(t, dbg);
	EXPECT_EQ(kmem_cache_destroy(dbg), 0);

	/* kfree of a kmalloc'ed object twice. */
	tb_log_clear();
	before = slab_error_count();
	p = kmalloc(50, GFP_KERNEL);
	kfree(p);
	kfree(p);
	EXPECT_ONE_BUG(NULL, before, "kmalloc-64", "double free (object already free)");
	ts_end(t);
}

KTEST(test_invalid_frees)
{
	struct kmem_cache *c;
	unsigned long before;
	struct page *page;
	u64 local = 0;
	u8 *p, *big;

	TS_BEGIN(NULL, 0);
	/* Not a slab object at all: a stack variable, a page from the buddy. */
	before = slab_error_count();
	kfree(&local);
	EXPECT_ONE_BUG(NULL, before, "kmalloc", "invalid pointer (not a slab object)");
	tb_log_clear();
	page = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(page);
	before = slab_error_count();
	kfree(page_address(page));
	EXPECT_ONE_BUG(NULL, before, "kmalloc", "invalid pointer (not a slab object)");
	EXPECT_TRUE(tb_log_has("is neither a slab nor a kmalloc page"));
	__free_pages(page, 0);
	/* Inside a large kmalloc, not at its start. */
	tb_log_clear();
	big = kmalloc(20000, GFP_KERNEL);
	ASSERT_NOT_NULL(big);
	before = slab_error_count();
	kfree(big + PAGE_SIZE);
	EXPECT_ONE_BUG(NULL, before, "kmalloc", "invalid pointer (not a slab object)");
	kfree(big);
	/* Inside a slab object. */
	tb_log_clear();
	c = kmem_cache_create("TestSlub_inv", 48, 0, 0, NULL);
	ASSERT_NOT_NULL(c);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	before = slab_error_count();
	kmem_cache_free(c, p + 8);
	EXPECT_ONE_BUG(c, before, "TestSlub_inv", "invalid pointer (not the start of an object)");
	kmem_cache_free(c, p);
	still_works(t, c);
	/* kmem_cache_free of something that is no slab object. */
	tb_log_clear();
	before = slab_error_count();
	kmem_cache_free(c, &local);
	EXPECT_EQ(slab_error_count() - before, 1);
	EXPECT_TRUE(tb_log_has("BUG TestSlub_inv: invalid pointer (not a slab object)\n"));
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	ts_end(t);
}

KTEST(test_free_to_wrong_cache)
{
	struct kmem_cache *a, *b;
	unsigned long before;
	void *p;

	TS_BEGIN(NULL, 0);
	a = kmem_cache_create("TestSlub_A", 64, 0, 0, NULL);
	b = kmem_cache_create("TestSlub_B", 64, 0, 0, NULL);
	ASSERT_NOT_NULL(b);
	p = kmem_cache_alloc(a, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	before = slab_error_count();
	kmem_cache_free(b, p);
	EXPECT_ONE_BUG(b, before, "TestSlub_B", "wrong cache");
	EXPECT_TRUE(tb_log_has("object belongs to cache TestSlub_A"));
	EXPECT_EQ(kmem_cache_error_count(a), 0);
	still_works(t, a);
	still_works(t, b);
	EXPECT_EQ(kmem_cache_destroy(a), 0); /* p sits in a quarantined slab: not live */
	EXPECT_EQ(kmem_cache_destroy(b), 0);
	ts_end(t);
}

/* The whole allocator with slub_debug on: a random workload stays clean. */
KTEST(test_global_debug_workload)
{
	static struct {
		u8 *p;
		size_t size;
	} live[128];
	struct rand_state r;

	TS_BEGIN(NULL, SLAB_DEBUG_FLAGS);
	rand_seed(&r, 7);
	for (int step = 0; step < 3000; step++) {
		unsigned i = (unsigned)rand_range(&r, 0, ARRAY_SIZE(live) - 1);

		if (live[i].p) {
			for (size_t k = 0; k < live[i].size; k++)
				if (live[i].p[k] != (u8)(i + k)) {
					ktest_fail(t, __FILE__, __LINE__, "content changed");
					break;
				}
			kfree(live[i].p);
			live[i].p = NULL;
		} else {
			live[i].size = rand_range(&r, 1, 3000);
			live[i].p = kmalloc(live[i].size, GFP_KERNEL);
			ASSERT_NOT_NULL(live[i].p);
			for (size_t k = 0; k < live[i].size; k++)
				live[i].p[k] = (u8)(i + k);
		}
	}
	for (int i = 0; i < KMALLOC_NR_CACHES; i++) {
		EXPECT_EQ(kmalloc_cache(i)->flags & SLAB_DEBUG_FLAGS, SLAB_DEBUG_FLAGS);
		EXPECT_EQ(kmem_cache_validate(kmalloc_cache(i)), 0);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(live); i++) {
		kfree(live[i].p);
		live[i].p = NULL;
	}
	EXPECT_EQ(slab_error_count(), 0);
	if (slab_error_count())
		ts_log_show(t);
	ts_end(t);
}

KTEST(test_debug_switches)
{
	slab_flags_t f = 0;

	TS_BEGIN(NULL, 0);
	EXPECT_EQ(slab_debug_parse("FZPU", &f), 0);
	EXPECT_EQ(f, SLAB_DEBUG_FLAGS);
	EXPECT_EQ(slab_debug_parse("", &f), 0);
	EXPECT_EQ(f, SLAB_DEBUG_FLAGS);
	EXPECT_EQ(slab_debug_parse("-", &f), 0);
	EXPECT_EQ(f, 0);
	EXPECT_EQ(slab_debug_parse("zp,kmalloc-64", &f), 0);
	EXPECT_EQ(f, SLAB_RED_ZONE | SLAB_POISON);
	EXPECT_EQ(slab_debug_parse("Q", &f), -EINVAL);
	EXPECT_TRUE(tb_log_has("slub_debug: unknown option (Q)"));
	EXPECT_EQ(slab_debug_enable(SLAB_HWCACHE_ALIGN), -EINVAL);
	EXPECT_EQ(slab_debug_enable(SLAB_POISON), 0);
	{
		/* Caches created from now on get the flag; ctor caches never poison. */
		struct kmem_cache *c = kmem_cache_create("after_enable", 40, 0, 0, NULL);

		ASSERT_NOT_NULL(c);
		EXPECT_TRUE(info_of(c).flags & SLAB_POISON);
		EXPECT_FALSE(info_of(kmalloc_cache(0)).flags & SLAB_POISON);
		EXPECT_EQ(kmem_cache_destroy(c), 0);
	}
	ts_end(t);
}

static const struct ktest_case slab_debug_cases[] = {
    KTEST_CASE(test_clobber_redzone_after),
    KTEST_CASE(test_clobber_redzone_before),
    KTEST_CASE(test_kmalloc_redzone_exact_size),
    KTEST_CASE(test_write_after_free_first_word),
    KTEST_CASE(test_write_after_free_50th_byte),
    KTEST_CASE(test_write_after_free_found_by_validate),
    KTEST_CASE(test_corrupted_free_pointer_debug),
    KTEST_CASE(test_corrupted_free_pointer_always_on),
    KTEST_CASE(test_double_free),
    KTEST_CASE(test_invalid_frees),
    KTEST_CASE(test_free_to_wrong_cache),
    KTEST_CASE(test_global_debug_workload),
    KTEST_CASE(test_debug_switches),
    {},
};

static const struct ktest_suite slab_debug_suite = {
    .name = "slab_debug",
    .cases = slab_debug_cases,
    .exit = ts_cleanup,
};
KTEST_REGISTER(slab_debug_suite);
