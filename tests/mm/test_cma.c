// SPDX-License-Identifier: MIT
/*
 * CMA (mm/cma.c) over the environment of tests/mm/test_cma.h: a 16 MiB zone whose 4 MiB
 * area "test" is filled with checksummed movable vmalloc data (mm/cma_bench.h), then taken
 * back with cma_alloc(): contiguous, data intact at the old virtual addresses, pages moved
 * out of the area; pinned pages, exhaustion, no room to migrate, bad input; unmovable
 * allocations never in CMA, movable ones there once CMA is more than half of the free
 * memory; the report and CmaFree; and, on the target, the firmware's default area.
 * Every case ends with buddy_verify, vmalloc_verify and cma_verify clean.
 */
#include "tests/mm/test_cma.h"
#include "mm/cma_bench.h"
#include "lib/list.h"
#include "lib/printf.h"
#include "lib/string.h"

static struct cma_fill fill;

/* Fill the area, and 1536 more pages of the zone, with movable data; assert it worked. */
static bool fill_area(struct ktest *t)
{
	int err = cma_fill_movable(tc.cma, &fill, 1536);

	EXPECT_EQ(err, 0);
	EXPECT_EQ(fill.in_cma, TC_CMA_PAGES);
	EXPECT_EQ(zone_free_cma_pages(tc.zone), 0);
	EXPECT_GE(fill.pages, TC_CMA_PAGES + 1536);
	return !err && fill.in_cma == TC_CMA_PAGES;
}

static bool range_contiguous(struct page *page, unsigned long n, pfn_t want)
{
	for (unsigned long i = 0; i < n; i++)
		if (page_to_pfn(page + i) != want + i || page_ref_count(page + i) != 1 ||
		    PageBuddy(page + i) || PageMovable(page + i))
			return false;
	return true;
}

KTEST(test_register_and_report)
{
	TC_SETUP();
	EXPECT_EQ(cma_area_count(), 1);
	EXPECT_PTR_EQ(cma_find_area("test"), tc.cma);
	EXPECT_NULL(cma_find_area("nope"));
	EXPECT_NULL(cma_default_area());
	EXPECT_EQ(cma_get_base(tc.cma), PFN_PHYS(tc.base));
	EXPECT_EQ(cma_get_size(tc.cma), TC_CMA_PAGES * PAGE_SIZE);
	EXPECT_STREQ(cma_get_name(tc.cma), "test");
	EXPECT_EQ(cma_total_pages(), TC_CMA_PAGES);
	EXPECT_EQ(cma_free_pages(), TC_CMA_PAGES);
	EXPECT_EQ(cma_used_pages(tc.cma), 0);
	EXPECT_EQ(cma_maxchunk_pages(tc.cma), TC_CMA_PAGES);

	char line[64];

	tb_log_clear();
	cma_report();
	EXPECT_TRUE(tb_log_has("name: test\n"));
	snprintf(line, sizeof(line), "base_pfn: %llu\n", (unsigned long long)tc.base);
	EXPECT_TRUE(tb_log_has(line));
	EXPECT_TRUE(tb_log_has("count: 1024\nused: 0\nmaxchunk: 1024\norder_per_bit: 0\n"));
	EXPECT_TRUE(tb_log_has("alloc_pages_success: 0\nalloc_pages_fail: 0\n"));
	EXPECT_TRUE(tb_log_has("release_pages_success: 0\n"));
	EXPECT_TRUE(tb_log_has("CmaTotal:           4096 kB\n"));
	EXPECT_TRUE(tb_log_has("CmaFree:            4096 kB\n"));
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_register_bad)
{
	phys_addr_t base;
	struct cma *c = NULL;

	TC_SETUP();
	base = PFN_PHYS(tc.base);
	tb_log_clear();
	EXPECT_EQ(cma_declare_area("", base, SZ_2M, 0, false, &c), -EINVAL);
	EXPECT_TRUE(tb_log_has("area name empty"));
	EXPECT_EQ(cma_declare_area("x", base + PAGE_SIZE, SZ_2M, 0, false, &c), -EINVAL);
	EXPECT_TRUE(tb_log_has("multiples of 2 MiB"));
	EXPECT_EQ(cma_declare_area("x", base, 0, 0, false, &c), -EINVAL);
	EXPECT_EQ(cma_declare_area("x", base, SZ_2M, 10, false, &c), -EINVAL);
	EXPECT_TRUE(tb_log_has("order_per_bit above the pageblock order (10)"));
	EXPECT_EQ(cma_declare_area("test", PFN_PHYS(tb_pfn(0)), SZ_2M, 0, false, &c), -EEXIST);
	EXPECT_EQ(cma_declare_area("y", base + SZ_2M, SZ_2M, 0, false, &c), -EBUSY);
	EXPECT_TRUE(tb_log_has("y overlaps cma-test"));
	/* Pageblocks that were never handed over as CMA. */
	EXPECT_EQ(cma_declare_area("z", PFN_PHYS(tb_pfn(0)), SZ_2M, 0, false, &c), -EINVAL);
	EXPECT_TRUE(tb_log_has("pageblock is Movable, not CMA"));
	/* Outside any node. */
	EXPECT_EQ(cma_declare_area("w", PFN_PHYS(tb_pfn(TB_PAGES)), SZ_2M, 0, false, &c), -EINVAL);
	EXPECT_TRUE(tb_log_has("not in RAM with a memmap"));
	EXPECT_NULL(c);
	EXPECT_EQ(cma_area_count(), 1);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_alloc_free_area)
{
	unsigned long big;
	struct page *p;

	TC_SETUP();
	big = tc.zone->free_area[MAX_PAGE_ORDER].nr_free;
	p = cma_alloc(tc.cma, TC_CMA_PAGES, 0, false);
	ASSERT_NOT_NULL(p);
	EXPECT_TRUE(range_contiguous(p, TC_CMA_PAGES, tc.base));
	EXPECT_EQ(cma_used_pages(tc.cma), TC_CMA_PAGES);
	EXPECT_EQ(cma_maxchunk_pages(tc.cma), 0);
	EXPECT_EQ(cma_free_pages(), 0);
	EXPECT_EQ(tc_verify_all(t), 0);
	EXPECT_TRUE(cma_release(tc.cma, p, TC_CMA_PAGES));
	EXPECT_EQ(cma_used_pages(tc.cma), 0);
	EXPECT_EQ(cma_free_pages(), TC_CMA_PAGES);
	/* Freed in large blocks that merge again: the two pageblocks are one order-10 block. */
	EXPECT_EQ(tc.zone->free_area[MAX_PAGE_ORDER].nr_free, big);
	EXPECT_EQ(tc.cma->alloc_pages_success, TC_CMA_PAGES);
	EXPECT_EQ(tc.cma->release_pages_success, TC_CMA_PAGES);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_alloc_migrates_vmalloc)
{
	static phys_addr_t before[4096];

	TC_SETUP();
	for (int round = 0; round < 2; round++) {
		unsigned long flush0, migrated0, n = 0, moved = 0, stayed_ok = 0;
		struct page *p;

		if (!fill_area(t))
			break;
		EXPECT_EQ(tc_verify_all(t), 0);
		for (unsigned k = 0; k < fill.nr_areas; k++)
			for (unsigned long i = 0; i < fill.area_pages && n < 4096; i++)
				before[n++] =
				    vmalloc_to_phys((char *)fill.areas[k] + i * PAGE_SIZE);
		flush0 = tc_flushes();
		migrated0 = migrate_stats.nr_migrated;

		p = cma_alloc(tc.cma, TC_CMA_PAGES, 0, false);
		ASSERT_NOT_NULL(p);
		EXPECT_TRUE(range_contiguous(p, TC_CMA_PAGES, tc.base));
		EXPECT_EQ(cma_fill_check(&fill), 0);
		EXPECT_EQ(cma_fill_count_in(&fill, tc.base, tc.end), 0);
		n = 0;
		for (unsigned k = 0; k < fill.nr_areas; k++) {
			for (unsigned long i = 0; i < fill.area_pages && n < 4096; i++, n++) {
				phys_addr_t pa =
				    vmalloc_to_phys((char *)fill.areas[k] + i * PAGE_SIZE);

				if (tc_in_cma(PHYS_PFN(before[n])))
					moved += pa != before[n] && !tc_in_cma(PHYS_PFN(pa));
				else
					stayed_ok += pa == before[n];
			}
		}
		EXPECT_EQ(moved, TC_CMA_PAGES);
		EXPECT_EQ(stayed_ok, n - TC_CMA_PAGES);
		EXPECT_EQ(migrate_stats.nr_migrated - migrated0, TC_CMA_PAGES);
		EXPECT_GE(tc_flushes() - flush0, TC_CMA_PAGES);
		EXPECT_EQ(tc_verify_all(t), 0);
		EXPECT_TRUE(cma_release(tc.cma, p, TC_CMA_PAGES));
		EXPECT_EQ(cma_fill_check(&fill), 0);
		cma_fill_free(&fill);
		EXPECT_EQ(cma_free_pages(), TC_CMA_PAGES);
		EXPECT_EQ(tc_verify_all(t), 0);
	}
	tc_teardown();
}

/* A data page of the fill that sits in the area, pinned by an extra reference. */
static struct page *pin_one_in_cma(void)
{
	for (unsigned k = 0; k < fill.nr_areas; k++) {
		for (unsigned long i = 0; i < fill.area_pages; i++) {
			pfn_t pfn =
			    PHYS_PFN(vmalloc_to_phys((char *)fill.areas[k] + i * PAGE_SIZE));

			if (tc_in_cma(pfn)) {
				get_page(pfn_to_page(pfn));
				return pfn_to_page(pfn);
			}
		}
	}
	return NULL;
}

KTEST(test_alloc_pinned)
{
	struct page *pin, *p;
	char want[128];

	TC_SETUP();
	if (!fill_area(t))
		goto out;
	pin = pin_one_in_cma();
	ASSERT_NOT_NULL(pin);
	EXPECT_EQ(page_ref_count(pin), 2);
	tb_log_clear();
	EXPECT_NULL(cma_alloc(tc.cma, TC_CMA_PAGES, 0, false));
	snprintf(want, sizeof(want),
		 "cma_alloc: no free range of 1024 pages in cma-test: pfn 0x%llx pinned "
		 "(refcount 2)",
		 (unsigned long long)page_to_pfn(pin));
	EXPECT_TRUE(tb_log_has(want));
	if (!tb_log_has(want))
		ktest_log(t, "log: %s", tb_log_text());
	/* Nothing moved, nothing lost, the area is as it was. */
	EXPECT_EQ(cma_fill_count_in(&fill, tc.base, tc.end), TC_CMA_PAGES);
	EXPECT_EQ(cma_fill_check(&fill), 0);
	EXPECT_EQ(cma_used_pages(tc.cma), 0);
	EXPECT_EQ(tc.cma->alloc_pages_fail, TC_CMA_PAGES);
	EXPECT_EQ(page_ref_count(pin), 2);
	EXPECT_EQ(tc_verify_all(t), 0);

	put_page(pin);
	p = cma_alloc(tc.cma, TC_CMA_PAGES, 0, false);
	ASSERT_NOT_NULL(p);
	EXPECT_TRUE(range_contiguous(p, TC_CMA_PAGES, tc.base));
	EXPECT_EQ(cma_fill_check(&fill), 0);
	EXPECT_EQ(tc_verify_all(t), 0);
	EXPECT_TRUE(cma_release(tc.cma, p, TC_CMA_PAGES));
out:
	cma_fill_free(&fill);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_alloc_skips_pinned_range)
{
	struct page *pin, *p;
	pfn_t want;

	TC_SETUP();
	if (!fill_area(t))
		goto out;
	pin = pin_one_in_cma();
	ASSERT_NOT_NULL(pin);
	/* One pageblock aligned to a pageblock: the one without the pinned page. */
	want = page_to_pfn(pin) < tc.base + PAGEBLOCK_PAGES ? tc.base + PAGEBLOCK_PAGES : tc.base;
	p = cma_alloc(tc.cma, PAGEBLOCK_PAGES, PAGEBLOCK_ORDER, false);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(page_to_pfn(p), want);
	EXPECT_TRUE(range_contiguous(p, PAGEBLOCK_PAGES, want));
	EXPECT_EQ(cma_used_pages(tc.cma), PAGEBLOCK_PAGES);
	EXPECT_EQ(cma_fill_check(&fill), 0);
	EXPECT_EQ(tc_verify_all(t), 0);
	/* Small, unaligned: lands next to the pinned page, not on it. */
	struct page *q = cma_alloc(tc.cma, 3, 0, false);

	ASSERT_NOT_NULL(q);
	EXPECT_TRUE(page_to_pfn(q) > page_to_pfn(pin) || page_to_pfn(q) + 3 <= page_to_pfn(pin));
	EXPECT_EQ(cma_fill_check(&fill), 0);
	EXPECT_EQ(tc_verify_all(t), 0);
	EXPECT_TRUE(cma_release(tc.cma, q, 3));
	EXPECT_TRUE(cma_release(tc.cma, p, PAGEBLOCK_PAGES));
	put_page(pin);
out:
	cma_fill_free(&fill);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_alloc_exhausted)
{
	struct tb_snap a, b;
	struct page *p;

	TC_SETUP();
	p = cma_alloc(tc.cma, TC_CMA_PAGES, 0, false);
	ASSERT_NOT_NULL(p);
	tb_snapshot(tc.zone, &a);
	tb_log_clear();
	EXPECT_NULL(cma_alloc(tc.cma, 1, 0, false));
	EXPECT_TRUE(tb_log_has("cma_alloc: no free range of 1 pages in cma-test: 1024 of 1024 "
			       "pages in use, largest free run 0 (1)"));
	tb_log_clear();
	EXPECT_NULL(cma_alloc(tc.cma, 1, 0, true)); /* no_warn */
	EXPECT_FALSE(tb_log_has("cma_alloc"));
	tb_snapshot(tc.zone, &b);
	EXPECT_TRUE(tb_snap_equal(&a, &b));
	EXPECT_EQ(tc.cma->alloc_pages_fail, 2);
	EXPECT_TRUE(cma_release(tc.cma, p, TC_CMA_PAGES));
	/* Half, then the other half, then nothing. */
	struct page *h1 = cma_alloc(tc.cma, TC_CMA_PAGES / 2, 0, false);
	struct page *h2 = cma_alloc(tc.cma, TC_CMA_PAGES / 2, 0, false);

	ASSERT_NOT_NULL(h1);
	ASSERT_NOT_NULL(h2);
	EXPECT_EQ(page_to_pfn(h2), page_to_pfn(h1) + TC_CMA_PAGES / 2);
	EXPECT_NULL(cma_alloc(tc.cma, 1, 0, true));
	EXPECT_EQ(tc_verify_all(t), 0);
	EXPECT_TRUE(cma_release(tc.cma, h1, TC_CMA_PAGES / 2));
	EXPECT_TRUE(cma_release(tc.cma, h2, TC_CMA_PAGES / 2));
	EXPECT_EQ(cma_free_pages(), TC_CMA_PAGES);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_alloc_no_room_to_migrate)
{
	LIST_HEAD(held);
	unsigned long free0;

	TC_SETUP();
	if (!fill_area(t))
		goto out;
	/* Nowhere left outside CMA to move the data to. */
	tc_take_all(&held);
	free0 = tc.zone->nr_free_pages;
	tb_log_clear();
	EXPECT_NULL(cma_alloc(tc.cma, TC_CMA_PAGES, 0, false));
	EXPECT_TRUE(tb_log_has("cma_alloc: no free range of 1024 pages in cma-test: no free page "
			       "to move pfn"));
	EXPECT_EQ(tc.zone->nr_free_pages, free0);
	EXPECT_EQ(cma_used_pages(tc.cma), 0);
	EXPECT_EQ(cma_fill_check(&fill), 0);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_give_back(&held);
	/* With room again it works. */
	struct page *p = cma_alloc(tc.cma, TC_CMA_PAGES, 0, false);

	ASSERT_NOT_NULL(p);
	EXPECT_EQ(cma_fill_check(&fill), 0);
	EXPECT_TRUE(cma_release(tc.cma, p, TC_CMA_PAGES));
out:
	cma_fill_free(&fill);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_release_bad)
{
	struct page *p, *outside;

	TC_SETUP();
	p = cma_alloc(tc.cma, 8, 0, false);
	ASSERT_NOT_NULL(p);
	tb_log_clear();
	EXPECT_FALSE(cma_release(tc.cma, NULL, 8));
	outside = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(outside);
	EXPECT_FALSE(cma_release(tc.cma, outside, 1));
	EXPECT_TRUE(tb_log_has("are not inside cma-test"));
	__free_pages(outside, 0);
	EXPECT_FALSE(cma_release(tc.cma, p, TC_CMA_PAGES + 1));
	EXPECT_FALSE(cma_release(tc.cma, p + 8, 1)); /* never allocated */
	EXPECT_TRUE(tb_log_has("pages not allocated from cma-test"));
	EXPECT_FALSE(cma_release(NULL, p, 8));
	EXPECT_TRUE(tb_log_has("not a registered CMA area"));
	EXPECT_NULL(cma_alloc(NULL, 1, 0, false));
	EXPECT_NULL(cma_alloc(tc.cma, 0, 0, false));
	EXPECT_NULL(cma_alloc(tc.cma, TC_CMA_PAGES + 1, 0, false));
	EXPECT_TRUE(tb_log_has("bad request of 1025 pages"));
	EXPECT_NULL(cma_alloc(tc.cma, 1, 40, false));
	EXPECT_EQ(cma_used_pages(tc.cma), 8);
	EXPECT_TRUE(cma_release(tc.cma, p, 8));
	tb_log_clear();
	EXPECT_FALSE(cma_release(tc.cma, p, 8)); /* double release */
	EXPECT_TRUE(tb_log_has("double release"));
	EXPECT_EQ(mm_state->nr_bad_pages, 0);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_unmovable_never_in_cma)
{
	LIST_HEAD(held);
	struct page *p;
	unsigned long n, in_cma = 0;

	TC_SETUP();
	unsigned long noncma_free = tc.zone->nr_free_pages - tc.zone->nr_free_cma;

	n = tc_take_all(&held);
	EXPECT_EQ(n, noncma_free);
	list_for_each_entry (p, &held, lru)
		in_cma += tc_in_cma(page_to_pfn(p));
	EXPECT_EQ(in_cma, 0);
	EXPECT_EQ(cma_free_pages(), TC_CMA_PAGES);
	/* Reclaimable and atomic ones neither. */
	EXPECT_NULL(alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE | __GFP_NOWARN, 0));
	EXPECT_NULL(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0));
	EXPECT_NULL(alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NOFAIL, 0));
	/* A movable one still finds room: in CMA. */
	p = alloc_pages(GFP_MOV, 0);
	ASSERT_NOT_NULL(p);
	EXPECT_TRUE(tc_in_cma(page_to_pfn(p)));
	__free_pages(p, 0);
	tc_give_back(&held);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

/* Where movable order-0 allocations go as free memory shrinks (per-CPU lists off). */
KTEST(test_movable_prefers_cma_when_half)
{
	LIST_HEAD(held);
	LIST_HEAD(mov);
	struct page *p;
	unsigned long noncma;

	TC_SETUP();
	tb_set_pcp(0, 1);
	/* Plenty outside CMA (3072 free vs 1024): movable pages come from there. */
	p = alloc_pages(GFP_MOV, 0);
	ASSERT_NOT_NULL(p);
	EXPECT_FALSE(tc_in_cma(page_to_pfn(p)));
	__free_pages(p, 0);
	/* Leave 256 free pages outside CMA: now CMA is more than half of the free memory. */
	tc_take_all(&held);
	tc_give_back_some(&held, 256);
	noncma = tc.zone->nr_free_pages - tc.zone->nr_free_cma;
	EXPECT_GE(noncma, 256);
	EXPECT_GT(tc.zone->nr_free_cma, tc.zone->nr_free_pages / 2);
	p = alloc_pages(GFP_MOV, 0);
	ASSERT_NOT_NULL(p);
	EXPECT_TRUE(tc_in_cma(page_to_pfn(p)));
	list_add(&p->lru, &mov);
	/* Unmovable ones still come from outside. */
	p = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(p);
	EXPECT_FALSE(tc_in_cma(page_to_pfn(p)));
	__free_pages(p, 0);
	/* Keep allocating movable: CMA is used until it is no longer the larger part. */
	while (tc.zone->nr_free_cma > tc.zone->nr_free_pages / 2 && (p = alloc_pages(GFP_MOV, 0)))
		list_add(&p->lru, &mov);
	EXPECT_LE(tc.zone->nr_free_cma, tc.zone->nr_free_pages / 2 + 1);
	EXPECT_GE(tc.zone->nr_free_cma + 1, tc.zone->nr_free_pages - tc.zone->nr_free_cma);
	tc_give_back(&mov);
	tc_give_back(&held);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_cma_free_counts_pcp)
{
	struct page *p[8];

	TC_SETUP();
	tb_set_pcp(64, 8);
	/* Fill the area with movable pages so the next ones come from CMA, then free 8. */
	LIST_HEAD(held);
	tc_take_all(&held);
	for (int i = 0; i < 8; i++) {
		p[i] = alloc_pages(GFP_MOV, 0);
		ASSERT_NOT_NULL(p[i]);
		EXPECT_TRUE(tc_in_cma(page_to_pfn(p[i])));
	}
	unsigned long before = cma_free_pages();

	for (int i = 0; i < 8; i++)
		__free_pages(p[i], 0);
	/* They sit on this CPU's Movable list, not in the buddy: CmaFree counts them. */
	EXPECT_EQ(cma_free_pages(), before + 8);
	EXPECT_GE(zone_free_cma_pages(tc.zone), tc.zone->nr_free_cma + 8);
	drain_all_pages(NULL);
	EXPECT_EQ(cma_free_pages(), tc.zone->nr_free_cma);
	tc_give_back(&held);
	EXPECT_EQ(cma_free_pages(), TC_CMA_PAGES);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_bench_in_test_zone)
{
	struct cma_bench_result r;

	TC_SETUP();
	EXPECT_EQ(cma_bench(tc.cma, PAGEBLOCK_PAGES, 2, &r), 0);
	EXPECT_EQ(r.attempts, 2);
	EXPECT_EQ(r.successes, 2);
	EXPECT_EQ(r.in_cma, TC_CMA_PAGES);
	EXPECT_EQ(r.migrated, 2 * PAGEBLOCK_PAGES);
	EXPECT_EQ(r.corrupt, 0);
	ktest_log(t, "%lu pages migrated, %llu instructions each", r.migrated,
		  (unsigned long long)r.instret_per_page);
	EXPECT_EQ(cma_used_pages(tc.cma), 0);
	EXPECT_EQ(tc_verify_all(t), 0);
	EXPECT_EQ(cma_bench(tc.cma, TC_CMA_PAGES + 1, 1, &r), -EINVAL);
	tc_teardown();
}

/* The firmware's own default area, live: one pageblock taken and given back. */
KTEST(test_default_area_live)
{
	struct cma *cma = cma_default_area();
	unsigned long used;
	struct page *p;

	if (!cma)
		SKIP("no default CMA area (boot with cma=SIZE or a linux,cma-default pool)");
	used = cma_used_pages(cma);
	p = cma_alloc(cma, PAGEBLOCK_PAGES, PAGEBLOCK_ORDER, false);
	ASSERT_NOT_NULL(p);
	EXPECT_TRUE(IS_ALIGNED(page_to_pfn(p), PAGEBLOCK_PAGES));
	EXPECT_TRUE(range_contiguous(p, PAGEBLOCK_PAGES, page_to_pfn(p)));
	EXPECT_EQ(cma_used_pages(cma), used + PAGEBLOCK_PAGES);
	EXPECT_EQ(cma_verify(), 0);
	EXPECT_TRUE(cma_release(cma, p, PAGEBLOCK_PAGES));
	EXPECT_EQ(cma_used_pages(cma), used);
	EXPECT_EQ(cma_verify(), 0);
	EXPECT_EQ(buddy_verify(), 0);
}

static const struct ktest_case cma_cases[] = {
    KTEST_CASE(test_register_and_report),
    KTEST_CASE(test_register_bad),
    KTEST_CASE(test_alloc_free_area),
    KTEST_CASE(test_alloc_migrates_vmalloc),
    KTEST_CASE(test_alloc_pinned),
    KTEST_CASE(test_alloc_skips_pinned_range),
    KTEST_CASE(test_alloc_exhausted),
    KTEST_CASE(test_alloc_no_room_to_migrate),
    KTEST_CASE(test_release_bad),
    KTEST_CASE(test_unmovable_never_in_cma),
    KTEST_CASE(test_movable_prefers_cma_when_half),
    KTEST_CASE(test_cma_free_counts_pcp),
    KTEST_CASE(test_bench_in_test_zone),
    KTEST_CASE(test_default_area_live),
    {},
};

static const struct ktest_suite cma_suite = {
    .name = "cma",
    .cases = cma_cases,
    .exit = tc_teardown,
};
KTEST_REGISTER(cma_suite);
