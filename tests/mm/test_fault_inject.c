// SPDX-License-Identifier: MIT
/*
 * Fault injection and page poisoning (mm/fault_inject.h), host and target.
 *
 * The decision itself is tested on private struct fault_attr values (interval,
 * probability, times, fail-nth, parsing). The hooks are tested through the real
 * allocators over the private buddy allocator of tests/mm/test_buddy.h and a private slab
 * state: the global fail_page_alloc / failslab attributes are saved before a case sets
 * them and put back after it, so a boot's own settings survive the suite.
 */
#include "tests/mm/test_slab.h"
#include "mm/fault_inject.h"
#include "lib/printf.h"
#include "lib/string.h"

#define TF_SEED 0x1234abcdULL

static const struct tb_layout tf_layout = {
    .nr_nodes = 1,
    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
};

static struct fault_attr saved_page, saved_slab;
static bool saved_poison, saved_nogrouping;

static int tf_init(void)
{
	saved_page = fail_page_alloc;
	saved_slab = failslab;
	saved_poison = page_poison_enabled();
	saved_nogrouping = page_group_by_mobility_disabled;
	return 0;
}

/* A case that uses the hooks starts with both attributes off, whatever the boot set. */
static void tf_begin(void)
{
	fault_attr_init(&fail_page_alloc, "fail_page_alloc", FAULT_SEED_DEFAULT);
	fault_attr_init(&failslab, "failslab", FAULT_SEED_DEFAULT);
	page_group_by_mobility_disabled = false;
}

/* Put the boot's settings back (after every case that changes them). */
static void tf_restore(void)
{
	fail_page_alloc = saved_page;
	failslab = saved_slab;
	page_poison_enable(saved_poison);
	page_group_by_mobility_disabled = saved_nogrouping;
}

static unsigned count_failures(struct fault_attr *a, unsigned calls, unsigned *last)
{
	unsigned n = 0;

	for (unsigned i = 1; i <= calls; i++) {
		if (should_fail(a)) {
			n++;
			if (last)
				*last = i;
		}
	}
	return n;
}

KTEST(test_parse)
{
	struct fault_attr a;

	TB_SETUP(&tf_layout); /* for its message log */
	fault_attr_init(&a, "t", TF_SEED);
	EXPECT_FALSE(a.enabled);
	EXPECT_FALSE(should_fail(&a));
	EXPECT_EQ(a.calls, 0); /* not enabled: not even counted */

	EXPECT_EQ(fault_attr_parse(&a, "10,25,-1,3", true), 0);
	EXPECT_TRUE(a.enabled);
	EXPECT_EQ(a.interval, 10);
	EXPECT_EQ(a.probability, 25);
	EXPECT_EQ(a.times, -1);
	EXPECT_EQ(a.min_order, 3);
	EXPECT_EQ(fault_attr_parse(&a, "1,100,5", false), 0);
	EXPECT_EQ(a.times, 5);
	EXPECT_EQ(a.min_order, 0);

	/* Bad input: one error, the attribute as it was. */
	static const char *const bad[] = {
	    "",		 "1,2",	     "x,1,1", "1,101,1",    "1,50,-2",
	    "1,50,1,11", "1,50,1,x", "1,,1",  "1,50,1,1,1", "1,50,99999999999999999999",
	};
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(fault_attr_parse(&a, bad[i], true), -EINVAL);
		EXPECT_EQ(a.probability, 100);
		EXPECT_EQ(a.times, 5);
	}
	/* failslab has no min_order. */
	EXPECT_EQ(fault_attr_parse(&a, "1,50,1,2", false), -EINVAL);
	EXPECT_EQ(fault_attr_parse_nth(&a, "3"), 0);
	EXPECT_EQ(a.nth, 3);
	EXPECT_EQ(fault_attr_parse_nth(&a, "-1"), -EINVAL);
	EXPECT_EQ(fault_attr_parse_nth(&a, "three"), -EINVAL);
	EXPECT_EQ(a.nth, 3);
	EXPECT_TRUE(tb_log_has("t: bad probability (101)\n"));
	EXPECT_TRUE(tb_log_has("t: bad times (-2)\n"));
	EXPECT_TRUE(tb_log_has("t: bad min_order (11)\n"));
	EXPECT_TRUE(tb_log_has("t: want 3 fields interval,probability,times (1,50,1,2)\n"));
	EXPECT_TRUE(tb_log_has("t: bad fail-nth count (three)\n"));
	tb_teardown();
}

KTEST(test_interval)
{
	struct fault_attr a;
	unsigned last = 0;

	fault_attr_init(&a, "t", TF_SEED);
	ASSERT_EQ(fault_attr_parse(&a, "3,100,-1", false), 0);
	for (unsigned i = 1; i <= 30; i++)
		EXPECT_EQ(should_fail(&a), i % 3 == 0);
	EXPECT_EQ(a.injected, 10);
	EXPECT_EQ(a.calls, 30);

	/* Interval 0 and 1 both mean every call. */
	ASSERT_EQ(fault_attr_parse(&a, "0,100,-1", false), 0);
	EXPECT_EQ(count_failures(&a, 20, &last), 20);
	ASSERT_EQ(fault_attr_parse(&a, "1,100,-1", false), 0);
	EXPECT_EQ(count_failures(&a, 20, &last), 20);
}

KTEST(test_probability)
{
	struct fault_attr a, b;
	unsigned n;

	fault_attr_init(&a, "t", TF_SEED);
	ASSERT_EQ(fault_attr_parse(&a, "1,0,-1", false), 0);
	EXPECT_EQ(count_failures(&a, 1000, NULL), 0);
	EXPECT_EQ(a.calls, 1000); /* counted all the same */

	ASSERT_EQ(fault_attr_parse(&a, "1,30,-1", false), 0);
	n = count_failures(&a, 10000, NULL);
	EXPECT_GE(n, 2700);
	EXPECT_LE(n, 3300);

	/* Seeded: the same settings fail the same calls. */
	fault_attr_init(&a, "a", TF_SEED);
	fault_attr_init(&b, "b", TF_SEED);
	ASSERT_EQ(fault_attr_parse(&a, "2,50,-1", false), 0);
	ASSERT_EQ(fault_attr_parse(&b, "2,50,-1", false), 0);
	for (unsigned i = 0; i < 500; i++)
		EXPECT_EQ(should_fail(&a), should_fail(&b));
	/* Interval first, then probability: only even calls can fail. */
	ASSERT_EQ(fault_attr_parse(&a, "2,50,-1", false), 0);
	for (unsigned i = 1; i <= 200; i++)
		if (should_fail(&a))
			EXPECT_EQ(i % 2, 0);
}

KTEST(test_times)
{
	struct fault_attr a;
	unsigned last = 0;

	fault_attr_init(&a, "t", TF_SEED);
	ASSERT_EQ(fault_attr_parse(&a, "1,100,5", false), 0);
	EXPECT_EQ(count_failures(&a, 100, &last), 5);
	EXPECT_EQ(last, 5);
	EXPECT_EQ(a.times, 0);
	EXPECT_EQ(a.injected, 5);

	ASSERT_EQ(fault_attr_parse(&a, "4,100,2", false), 0);
	EXPECT_EQ(count_failures(&a, 100, &last), 2);
	EXPECT_EQ(last, 8);

	ASSERT_EQ(fault_attr_parse(&a, "1,100,0", false), 0);
	EXPECT_EQ(count_failures(&a, 100, NULL), 0);
	ASSERT_EQ(fault_attr_parse(&a, "1,100,-1", false), 0);
	EXPECT_EQ(count_failures(&a, 1000, NULL), 1000);
	EXPECT_EQ(a.times, -1);
}

KTEST(test_fail_nth_once)
{
	struct fault_attr a;
	unsigned last = 0;

	fault_attr_init(&a, "t", TF_SEED);
	fault_attr_set_nth(&a, 7);
	EXPECT_EQ(count_failures(&a, 100, &last), 1);
	EXPECT_EQ(last, 7);
	EXPECT_EQ(a.nth, 0);
	EXPECT_EQ(a.calls, 100);

	/* nth 1: the very next call. Armed, it overrides the other settings. */
	ASSERT_EQ(fault_attr_parse(&a, "1,100,-1", false), 0);
	fault_attr_set_nth(&a, 3);
	EXPECT_FALSE(should_fail(&a));
	EXPECT_FALSE(should_fail(&a));
	EXPECT_TRUE(should_fail(&a));
	EXPECT_TRUE(should_fail(&a)); /* disarmed: probability 100 again */

	/* nth 0 only counts. */
	fault_attr_init(&a, "t", TF_SEED);
	fault_attr_set_nth(&a, 0);
	EXPECT_EQ(count_failures(&a, 50, NULL), 0);
	EXPECT_EQ(a.calls, 50);
}

KTEST(test_page_alloc_hook)
{
	struct page *p, *q;

	tf_begin();
	TB_SETUP(&tf_layout);
	ASSERT_EQ(fault_attr_parse(&fail_page_alloc, "1,100,-1,2", true), 0);

	/* Below min_order: never fails, not counted. */
	p = alloc_pages(GFP_KERNEL, 1);
	EXPECT_NOT_NULL(p);
	EXPECT_EQ(fail_page_alloc.calls, 0);
	if (p)
		__free_pages(p, 1);

	/* At min_order: fails, with Linux's failure line; __GFP_NOWARN: silently. */
	unsigned long failures = mm_state->nr_alloc_failures;

	tb_log_clear();
	EXPECT_NULL(alloc_pages(GFP_KERNEL, 2));
	EXPECT_TRUE(tb_log_has("page allocation failure: order:2, mode:0xcc0(GFP_KERNEL)"));
	tb_log_clear();
	EXPECT_NULL(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 3));
	EXPECT_STREQ(tb_log_text(), "");
	EXPECT_EQ(mm_state->nr_alloc_failures, failures + 2);
	EXPECT_EQ(fail_page_alloc.injected, 2);

	/* __GFP_NOFAIL never fails, and is not counted. */
	q = alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 2);
	EXPECT_NOT_NULL(q);
	EXPECT_EQ(fail_page_alloc.calls, 2);
	if (q)
		__free_pages(q, 2);

	/* fail_nth: exactly the 3rd eligible allocation from now, once. */
	fault_attr_init(&fail_page_alloc, "fail_page_alloc", TF_SEED);
	fault_attr_set_nth(&fail_page_alloc, 3);
	struct page *got[6];

	for (int i = 0; i < 6; i++) {
		got[i] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
		EXPECT_EQ(got[i] == NULL, i == 2);
	}
	for (int i = 0; i < 6; i++)
		if (got[i])
			__free_pages(got[i], 0);
	EXPECT_EQ(fail_page_alloc.injected, 1);
	EXPECT_EQ(fail_page_alloc.calls, 6);
	EXPECT_EQ(tb_verify(t), 0);
	tf_restore();
	tb_teardown();
}

KTEST(test_failslab_hook)
{
	struct kmem_cache *c;
	void *obj[4];
	int e;

	tf_begin();
	e = ts_begin(NULL, 0);
	if (e == -ENOSYS || e == -ENODEV)
		SKIP("%s", tb_skip_reason(e));
	ASSERT_EQ(e, 0);
	c = kmem_cache_create("tf_cache", 48, 0, 0, NULL);
	ASSERT_NOT_NULL(c);
	/* Warm up: the first allocation also kmallocs this CPU's array, a call of its own. */
	obj[0] = kmem_cache_alloc(c, GFP_KERNEL);
	kmem_cache_free(c, obj[0]);
	kfree(kmalloc(100, GFP_KERNEL));

	fault_attr_init(&failslab, "failslab", TF_SEED);
	fault_attr_set_nth(&failslab, 2);
	tb_log_clear();
	for (int i = 0; i < 4; i++) {
		obj[i] = kmem_cache_alloc(c, GFP_KERNEL);
		EXPECT_EQ(obj[i] == NULL, i == 1);
	}
	EXPECT_EQ(ts_log_count("slab_alloc: tf_cache: out of memory"), 1);
	EXPECT_EQ(failslab.injected, 1);

	/* kmalloc goes through the same hook; __GFP_NOWARN and __GFP_NOFAIL are honoured. */
	ASSERT_EQ(fault_attr_parse(&failslab, "1,100,-1", false), 0);
	tb_log_clear();
	EXPECT_NULL(kmalloc(100, GFP_KERNEL | __GFP_NOWARN));
	EXPECT_STREQ(tb_log_text(), "");
	void *nf = kmalloc(100, GFP_KERNEL | __GFP_NOFAIL);

	EXPECT_NOT_NULL(nf);
	kfree(nf);
	fault_attr_init(&failslab, "failslab", TF_SEED);
	for (int i = 0; i < 4; i++)
		kmem_cache_free(c, obj[i]);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	tf_restore();
	ts_end(t);
}

/*
 * The slab bootstrap itself under failslab_nth=k for every k it needs: it fails cleanly
 * and tearing the half-built state down gives every page back.
 */
KTEST(test_failslab_bootstrap)
{
	static struct slab_state s;
	unsigned long base;
	unsigned k, calls;
	struct slab_state *old;

	tf_begin();
	TB_SETUP(&tf_layout);
	drain_all_pages(NULL);
	base = nr_free_pages();

	/* How many slab allocations a bootstrap makes. */
	fault_attr_init(&failslab, "failslab", TF_SEED);
	fault_attr_set_nth(&failslab, 0);
	slab_state_init(&s, 0, TF_SEED);
	old = slab_state_switch(&s);
	EXPECT_EQ(slab_state_bootstrap(), 0);
	calls = (unsigned)failslab.calls;
	EXPECT_EQ(slab_state_exit(), 0);
	slab_state_switch(old);
	EXPECT_GT(calls, 0);

	for (k = 1; k <= calls; k++) {
		fault_attr_set_nth(&failslab, k);
		slab_state_init(&s, 0, TF_SEED);
		old = slab_state_switch(&s);
		tb_log_clear();
		EXPECT_EQ(slab_state_bootstrap(), -ENOMEM);
		EXPECT_EQ(slab_state_exit(), 0);
		slab_state_switch(old);
		drain_all_pages(NULL);
		EXPECT_EQ(nr_free_pages(), base);
		if (nr_free_pages() != base) {
			ktest_log(t, "failslab_nth=%u leaked %ld pages", k,
				  (long)(base - nr_free_pages()));
			break;
		}
	}
	EXPECT_EQ(tb_verify(t), 0);
	tf_restore();
	tb_teardown();
}

/* Free a page, write into it through the direct map, allocate again: one report. */
KTEST(test_page_poison)
{
	struct page *p, *q, *r[8];
	unsigned long reports = page_poison_reports();
	u8 *va;

	tf_begin();
	TB_SETUP(&tf_layout);
	page_poison_enable(true);

	/* Churn with nothing written: no report. */
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 8; i++)
			r[i] = alloc_pages(GFP_KERNEL, (unsigned)(i & 3));
		for (int i = 0; i < 8; i++)
			if (r[i])
				__free_pages(r[i], (unsigned)(i & 3));
	}
	EXPECT_EQ(page_poison_reports(), reports);

	p = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(p);
	va = page_address(p);
	memset(va, 0x11, PAGE_SIZE);
	__free_pages(p, 0);
	EXPECT_TRUE(PagePoisoned(p));
	EXPECT_EQ(va[0], PAGE_POISON);
	EXPECT_EQ(va[PAGE_SIZE - 1], PAGE_POISON);

	va[123] = 0x5a; /* a use after free */
	tb_log_clear();
	q = alloc_pages(GFP_KERNEL, 0); /* the per-CPU list hands back p first */
	ASSERT_NOT_NULL(q);
	EXPECT_NE((uintptr_t)q, (uintptr_t)p); /* p was quarantined, q is another page */
	EXPECT_TRUE(PageBad(p));
	EXPECT_EQ(page_poison_reports(), reports + 1);
	EXPECT_EQ(ts_log_count("BUG: page poison corrupted"), 1);
	char want[80];

	snprintf(want, sizeof(want), "BUG: page poison corrupted, pfn 0x%llx offset 123 (0x5a)",
		 (unsigned long long)page_to_pfn(p));
	EXPECT_TRUE(tb_log_has(want));
	if (!tb_log_has(want))
		ktest_log(t, "log: %s", tb_log_text());
	__free_pages(q, 0);

	/* Nothing more to report, however much is allocated and freed. */
	for (int i = 0; i < 8; i++)
		r[i] = alloc_pages(GFP_KERNEL, 0);
	for (int i = 0; i < 8; i++)
		if (r[i])
			__free_pages(r[i], 0);
	EXPECT_EQ(page_poison_reports(), reports + 1);
	EXPECT_EQ(tb_verify(t), 0);

	/* Off: frees are not poisoned any more. */
	page_poison_enable(false);
	q = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(q);
	memset(page_address(q), 0x22, PAGE_SIZE);
	__free_pages(q, 0);
	EXPECT_FALSE(PagePoisoned(q));
	EXPECT_EQ(((u8 *)page_address(q))[0], 0x22);
	tf_restore();
	tb_teardown();
}

KTEST(test_grouping_off)
{
	struct page *p;

	tf_begin();
	TB_SETUP(&tf_layout);
	p = alloc_pages(GFP_KERNEL | __GFP_MOVABLE, 0);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(p->migratetype, MIGRATE_MOVABLE);
	__free_pages(p, 0);
	page_group_by_mobility_disabled = true;
	p = alloc_pages(GFP_KERNEL | __GFP_MOVABLE, 0);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(p->migratetype, MIGRATE_UNMOVABLE);
	__free_pages(p, 0);
	page_group_by_mobility_disabled = false;
	EXPECT_EQ(tb_verify(t), 0);
	tf_restore();
	tb_teardown();
}

static void tf_exit(void)
{
	tf_restore();
	ts_cleanup();
}

static const struct ktest_case fault_inject_cases[] = {
    KTEST_CASE(test_parse),
    KTEST_CASE(test_interval),
    KTEST_CASE(test_probability),
    KTEST_CASE(test_times),
    KTEST_CASE(test_fail_nth_once),
    KTEST_CASE(test_page_alloc_hook),
    KTEST_CASE(test_failslab_hook),
    KTEST_CASE(test_failslab_bootstrap),
    KTEST_CASE(test_page_poison),
    KTEST_CASE(test_grouping_off),
    {},
};

static const struct ktest_suite fault_inject_suite = {
    .name = "fault_inject",
    .cases = fault_inject_cases,
    .init = tf_init,
    .exit = tf_exit,
};
KTEST_REGISTER(fault_inject_suite);
