// SPDX-License-Identifier: MIT
/*
 * Buddy allocator: split and merge, zone edges and holes, fallback and pageblock
 * stealing, per-CPU lists, compound pages, bad frees, CMA pageblocks, GFP names.
 * Every case runs over its own 16 MiB allocator (tests/mm/test_buddy.h) and ends with
 * buddy_verify() clean.
 */
#include "tests/mm/test_buddy.h"
#include "lib/printf.h"
#include "lib/string.h"

#define GFP_MOV (GFP_KERNEL | __GFP_MOVABLE)

static struct page *pages[TB_PAGES];

static const struct tb_layout one_node = {
    .nr_nodes = 1,
    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
};

static struct zone *dma32(void)
{
	return tb_zone(0, ZONE_DMA32);
}

/* Free blocks of one order and type, and pages on all lists of a type. */
static unsigned long list_blocks(struct zone *z, unsigned order, int mt)
{
	return list_count_nodes(&z->free_area[order].free_list[mt]);
}

static unsigned long type_pages(struct zone *z, int mt)
{
	unsigned long n = 0;

	for (unsigned o = 0; o < NR_PAGE_ORDERS; o++)
		n += list_blocks(z, o, mt) << o;
	return n;
}

static bool free_area_is(struct zone *z, const unsigned long want[NR_PAGE_ORDERS])
{
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		if (z->free_area[o].nr_free != want[o])
			return false;
	return true;
}

/* Allocate every free page of the zone list as order 0 into pages[]; returns the count. */
static unsigned alloc_all(gfp_t gfp)
{
	unsigned n = 0;

	while (n < TB_PAGES && (pages[n] = alloc_pages(gfp | __GFP_NOWARN, 0)))
		n++;
	return n;
}

KTEST(test_init_all_free)
{
	static const unsigned long want[NR_PAGE_ORDERS] = {[10] = 4};

	TB_SETUP(&one_node);
	struct zone *z = dma32();

	EXPECT_EQ(z->spanned_pages, TB_PAGES);
	EXPECT_EQ(z->present_pages, TB_PAGES);
	EXPECT_EQ(z->managed_pages, TB_PAGES);
	EXPECT_EQ(z->nr_free_pages, TB_PAGES);
	EXPECT_TRUE(free_area_is(z, want));
	EXPECT_EQ(totalram_pages(), TB_PAGES);
	EXPECT_EQ(nr_free_pages(), TB_PAGES);
	EXPECT_FALSE(populated_zone(tb_zone(0, ZONE_NORMAL)));
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_reserved_pages_stay_out)
{
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
	    .reserved = {{0, 1}},
	    .nr_reserved = 1,
	};
	static const unsigned long want[NR_PAGE_ORDERS] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3};

	TB_SETUP(&l);
	struct zone *z = dma32();

	EXPECT_EQ(z->present_pages, TB_PAGES);
	EXPECT_EQ(z->managed_pages, TB_PAGES - 1);
	EXPECT_TRUE(free_area_is(z, want));
	EXPECT_TRUE(PageReserved(tb_page(0)));
	EXPECT_EQ(page_ref_count(tb_page(0)), 1);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_split_and_merge)
{
	static const unsigned long initial[NR_PAGE_ORDERS] = {[10] = 4};
	static const unsigned long split[NR_PAGE_ORDERS] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3};

	TB_SETUP(&one_node);
	tb_zero_watermarks();
	struct zone *z = dma32();
	struct page *p = alloc_pages(GFP_MOV, 0);

	ASSERT_NOT_NULL(p);
	EXPECT_TRUE(free_area_is(z, split));
	EXPECT_EQ(z->nr_free_pages, TB_PAGES - 1);
	EXPECT_EQ(page_ref_count(p), 1);
	struct page *buddy = tb_page(tb_off(p) ^ 1);

	EXPECT_TRUE(PageBuddy(buddy));
	EXPECT_EQ(buddy->order, 0);
	EXPECT_EQ(tb_verify(t), 0);
	__free_pages(p, 0);
	EXPECT_TRUE(free_area_is(z, initial));

	/* Every order comes back naturally aligned, and merges back when freed. */
	for (unsigned o = 0; o <= MAX_PAGE_ORDER; o++) {
		p = alloc_pages(GFP_MOV, o);
		ASSERT_NOT_NULL(p);
		EXPECT_EQ(tb_off(p) & ((1UL << o) - 1), 0);
		EXPECT_EQ(p->order, o);
		__free_pages(p, o);
		EXPECT_TRUE(free_area_is(z, initial));
	}

	/* All pages one by one, freed in a scattered order: full coalescing. */
	EXPECT_EQ(alloc_all(GFP_MOV), TB_PAGES);
	EXPECT_EQ(z->nr_free_pages, 0);
	EXPECT_EQ(tb_verify(t), 0);
	for (unsigned long i = 0; i < TB_PAGES; i++)
		__free_pages(tb_page((i * 1031) % TB_PAGES), 0);
	EXPECT_TRUE(free_area_is(z, initial));
	EXPECT_EQ(z->nr_free_pages, TB_PAGES);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_zone_edge_not_merged)
{
	/* DMA32 ends at page 1000: not even pageblock aligned. */
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
	    .dma32_end = 1000,
	};
	static const unsigned long want_dma[NR_PAGE_ORDERS] = {
	    [3] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1, [9] = 1};
	static const unsigned long want_norm[NR_PAGE_ORDERS] = {[3] = 1, [4] = 1, [10] = 3};

	TB_SETUP(&l);
	tb_zero_watermarks();
	struct zone *zd = dma32(), *zn = tb_zone(0, ZONE_NORMAL);

	EXPECT_EQ(zd->spanned_pages, 1000);
	EXPECT_EQ(zn->zone_start_pfn, tb_pfn(1000));
	EXPECT_EQ(zn->spanned_pages, TB_PAGES - 1000);
	EXPECT_TRUE(free_area_is(zd, want_dma));
	EXPECT_TRUE(free_area_is(zn, want_norm));
	/* 992..999 (DMA32) and 1000..1007 (Normal) are order-3 buddies: both free, apart. */
	EXPECT_TRUE(PageBuddy(tb_page(992)) && tb_page(992)->order == 3);
	EXPECT_TRUE(PageBuddy(tb_page(1000)) && tb_page(1000)->order == 3);

	unsigned n = alloc_all(GFP_DMA32);

	EXPECT_EQ(n, 1000);
	EXPECT_EQ(zd->nr_free_pages, 0);
	EXPECT_EQ(zn->nr_free_pages, TB_PAGES - 1000);
	for (unsigned i = 0; i < n; i++) {
		EXPECT_EQ(page_zone(pages[i]), zd);
		__free_pages(pages[i], 0);
	}
	EXPECT_TRUE(free_area_is(zd, want_dma));
	EXPECT_TRUE(free_area_is(zn, want_norm));
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_hole_not_merged)
{
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, 1000}, {1001, 2048}, {2560, TB_PAGES}}, .nr = 3}},
	};
	/* [0,1000) 9 8 7 6 5 3; [1001,2048) 0 1 2 4 10; [2560,4096) 9 10 */
	static const unsigned long want[NR_PAGE_ORDERS] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2};

	TB_SETUP(&l);
	tb_zero_watermarks();
	struct zone *z = dma32();

	EXPECT_EQ(z->spanned_pages, TB_PAGES);
	EXPECT_EQ(z->present_pages, TB_PAGES - 1 - 512);
	EXPECT_EQ(z->managed_pages, z->present_pages);
	EXPECT_TRUE(free_area_is(z, want));
	EXPECT_FALSE(pfn_valid(tb_pfn(1000)));
	EXPECT_FALSE(pfn_valid(tb_pfn(2047 + 100)));
	EXPECT_TRUE(pfn_valid(tb_pfn(999)));
	EXPECT_TRUE(pfn_valid(tb_pfn(1001)));
	ASSERT_NOT_NULL(tb_page(1000));
	EXPECT_TRUE(PageHole(tb_page(1000)) && PageReserved(tb_page(1000)));
	EXPECT_EQ(page_to_pfn(tb_page(1000)), tb_pfn(1000));

	unsigned n = alloc_all(GFP_MOV);

	EXPECT_EQ(n, z->present_pages);
	for (unsigned i = 0; i < n; i++) {
		unsigned long off = tb_off(pages[i]);

		EXPECT_TRUE(off != 1000 && (off < 2048 || off >= 2560));
	}
	for (unsigned i = 0; i < n; i++)
		__free_pages(pages[n - 1 - i], 0);
	EXPECT_TRUE(free_area_is(z, want));
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

/* Fill the zone with movable pages, then free [from, to) by offset. */
static void fill_then_free(unsigned long from, unsigned long to)
{
	alloc_all(GFP_MOV);
	for (unsigned long off = from; off < to; off++)
		__free_pages(tb_page(off), 0);
}

KTEST(test_fallback_claims_pageblock)
{
	TB_SETUP(&one_node);
	tb_zero_watermarks();
	struct zone *z = dma32();

	/* Pageblock 0 has 300 free pages (over half), pageblock 1 has 10. */
	fill_then_free(0, 300);
	for (unsigned long off = 512; off < 522; off++)
		__free_pages(tb_page(off), 0);
	EXPECT_EQ(get_pageblock_migratetype(tb_page(0)), MIGRATE_MOVABLE);

	struct page *p = alloc_pages(GFP_KERNEL, 0);

	ASSERT_NOT_NULL(p);
	EXPECT_LT(tb_off(p), 512);
	EXPECT_EQ(get_pageblock_migratetype(tb_page(0)), MIGRATE_UNMOVABLE);
	EXPECT_EQ(get_pageblock_migratetype(tb_page(512)), MIGRATE_MOVABLE);
	EXPECT_EQ(type_pages(z, MIGRATE_UNMOVABLE), 299);
	EXPECT_EQ(type_pages(z, MIGRATE_MOVABLE), 10);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_fallback_takes_one_block)
{
	TB_SETUP(&one_node);
	tb_zero_watermarks();
	struct zone *z = dma32();

	/* Only 100 pages of pageblock 0 free: an unmovable request may not claim it. */
	fill_then_free(0, 100);
	struct page *p = alloc_pages(GFP_KERNEL, 0);

	ASSERT_NOT_NULL(p);
	EXPECT_EQ(tb_off(p), 0); /* from the largest fallback block, 0..63 */
	EXPECT_EQ(get_pageblock_migratetype(tb_page(0)), MIGRATE_MOVABLE);
	EXPECT_EQ(type_pages(z, MIGRATE_UNMOVABLE), 0);
	EXPECT_EQ(type_pages(z, MIGRATE_MOVABLE), 99);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_fallback_movable_small_and_large)
{
	TB_SETUP(&one_node);
	tb_zero_watermarks();
	struct zone *z = dma32();

	/* Unmovable allocations claim every pageblock as they fill the zone. */
	ASSERT_EQ(alloc_all(GFP_KERNEL), TB_PAGES);
	for (unsigned long off = 0; off < TB_PAGES; off += PAGEBLOCK_PAGES)
		EXPECT_EQ(get_pageblock_migratetype(tb_page(off)), MIGRATE_UNMOVABLE);
	for (unsigned long off = 0; off < TB_PAGES; off += 2)
		__free_pages(tb_page(off), 0);

	/* Order-0 fallback blocks: a movable request takes one, claims nothing. */
	struct page *p = alloc_pages(GFP_MOV, 0);

	ASSERT_NOT_NULL(p);
	EXPECT_EQ(get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	EXPECT_EQ(z->nr_free_pages, TB_PAGES / 2 - 1);
	EXPECT_NULL(alloc_pages(GFP_MOV | __GFP_NOWARN, 1));

	/* A whole free pageblock (not the one p came from): the movable request claims it. */
	unsigned long blk = tb_off(p) < PAGEBLOCK_PAGES ? TB_PAGES - PAGEBLOCK_PAGES : 0;

	for (unsigned long off = blk + 1; off < blk + PAGEBLOCK_PAGES; off += 2)
		__free_pages(tb_page(off), 0);
	EXPECT_EQ(list_blocks(z, PAGEBLOCK_ORDER, MIGRATE_UNMOVABLE), 1);
	p = alloc_pages(GFP_MOV, 0);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(ALIGN_DOWN(tb_off(p), PAGEBLOCK_PAGES), blk);
	EXPECT_EQ(get_pageblock_migratetype(tb_page(blk)), MIGRATE_MOVABLE);
	EXPECT_EQ(type_pages(z, MIGRATE_MOVABLE), 511);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_fallback_largest_first)
{
	TB_SETUP(&one_node);
	tb_zero_watermarks();
	struct zone *z = dma32();
	int blocks[MIGRATE_TYPES] = {0};

	/* One unmovable page claims a whole order-10 block: two pageblocks. */
	struct page *u = alloc_pages(GFP_KERNEL, 0);

	ASSERT_NOT_NULL(u);
	/* Reclaimable falls back to the largest block (a movable order 10), not unmovable. */
	struct page *r = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 0);

	ASSERT_NOT_NULL(r);
	EXPECT_EQ(get_pageblock_migratetype(r), MIGRATE_RECLAIMABLE);
	EXPECT_EQ(r->migratetype, MIGRATE_RECLAIMABLE);
	for (unsigned long off = 0; off < TB_PAGES; off += PAGEBLOCK_PAGES)
		blocks[get_pageblock_migratetype(tb_page(off))]++;
	EXPECT_EQ(blocks[MIGRATE_UNMOVABLE], 2);
	EXPECT_EQ(blocks[MIGRATE_RECLAIMABLE], 2);
	EXPECT_EQ(blocks[MIGRATE_MOVABLE], 4);
	EXPECT_EQ(list_blocks(z, 10, MIGRATE_MOVABLE), 2);
	__free_pages(u, 0);
	__free_pages(r, 0);
	EXPECT_EQ(z->free_area[10].nr_free, 4);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_pcp_refill_and_drain)
{
	TB_SETUP(&one_node);
	tb_zero_watermarks();
	tb_set_pcp(12, 4);
	struct zone *z = dma32();
	struct per_cpu_pages *pcp = zone_pcp(z, smp_processor_id());
	struct page *held[20];

	ASSERT_NOT_NULL(pcp);
	EXPECT_EQ(pcp->high, 12);
	EXPECT_EQ(pcp->batch, 4);
	/* A refill moves a batch of 4; the first page leaves 3 behind. */
	held[0] = alloc_pages(GFP_MOV, 0);
	ASSERT_NOT_NULL(held[0]);
	EXPECT_EQ(pcp->count, 3);
	EXPECT_EQ(z->nr_free_pages, TB_PAGES - 4);
	for (int i = 1; i < 4; i++)
		held[i] = alloc_pages(GFP_MOV, 0);
	EXPECT_EQ(pcp->count, 0);
	EXPECT_EQ(z->nr_free_pages, TB_PAGES - 4);
	held[4] = alloc_pages(GFP_MOV, 0);
	EXPECT_EQ(pcp->count, 3);
	EXPECT_EQ(z->nr_free_pages, TB_PAGES - 8);
	EXPECT_EQ(tb_verify(t), 0);

	/* Hot at the head: the page just freed is the next one handed out. */
	__free_pages(held[4], 0);
	EXPECT_EQ(pcp->count, 4);
	EXPECT_PTR_EQ(alloc_pages(GFP_MOV, 0), held[4]);

	/* Frees fill the list to high, then a batch goes back to the buddy. */
	for (int i = 5; i < 20; i++)
		held[i] = alloc_pages(GFP_MOV, 0);
	for (int i = 0; i < 20; i++) {
		ASSERT_NOT_NULL(held[i]);
		__free_pages(held[i], 0);
		EXPECT_LT(pcp->count, 12);
		EXPECT_EQ(z->nr_free_pages + (unsigned long)pcp->count, TB_PAGES - (19 - i));
	}
	EXPECT_EQ(tb_verify(t), 0);

	/* Order 2: max(batch >> 2, 2) = 2 blocks per refill. */
	drain_all_pages(NULL);
	EXPECT_EQ(pcp->count, 0);
	EXPECT_EQ(z->free_area[10].nr_free, 4);
	struct page *p = alloc_pages(GFP_MOV, 2);

	ASSERT_NOT_NULL(p);
	EXPECT_EQ(pcp->count, 4);
	EXPECT_EQ(list_count_nodes(&pcp->lists[order_to_pindex(MIGRATE_MOVABLE, 2)]), 1);
	EXPECT_EQ(tb_verify(t), 0);
	__free_pages(p, 2);
	drain_local_pages(z);
	EXPECT_EQ(pcp->count, 0);
	EXPECT_EQ(z->free_area[10].nr_free, 4);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_compound_pages)
{
	TB_SETUP(&one_node);
	struct zone *z = dma32();
	struct tb_snap before, after;

	tb_snapshot(z, &before);
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);

	ASSERT_NOT_NULL(head);
	EXPECT_TRUE(PageHead(head));
	EXPECT_FALSE(PageTail(head));
	for (int i = 1; i < 8; i++) {
		EXPECT_TRUE(PageTail(head + i));
		EXPECT_PTR_EQ(compound_head(head + i), head);
		EXPECT_EQ(page_ref_count(head + i), 0);
	}
	EXPECT_EQ(tb_verify(t), 0);

	/* References on a tail count on the head. */
	get_page(head + 5);
	EXPECT_EQ(page_ref_count(head), 2);
	put_page(head + 5);
	EXPECT_EQ(page_ref_count(head), 1);

	/* Freeing a tail or with the wrong order is refused, nothing changes. */
	unsigned long bad = mm_state->nr_bad_pages;

	__free_pages(head + 1, 0);
	__free_pages(head, 2);
	EXPECT_EQ(mm_state->nr_bad_pages, bad + 2);
	EXPECT_TRUE(tb_log_has("freeing a tail page of a compound page"));
	EXPECT_TRUE(tb_log_has("freed with order 2, allocated with order 3"));
	EXPECT_TRUE(PageHead(head));
	EXPECT_EQ(page_ref_count(head), 1);

	/* The last put_page frees the whole compound page. */
	put_page(head);
	EXPECT_FALSE(PageHead(head));
	for (int i = 1; i < 8; i++)
		EXPECT_FALSE(PageTail(head + i));
	drain_all_pages(NULL);
	tb_snapshot(z, &after);
	EXPECT_TRUE(tb_snap_equal(&before, &after));
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_bad_frees_leave_state_intact)
{
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, 2000}, {2001, TB_PAGES}}, .nr = 2}},
	    .reserved = {{0, 4}},
	    .nr_reserved = 1,
	};
	struct tb_snap before, after;
	char want[96];

	TB_SETUP(&l);
	tb_set_pcp(12, 4);
	struct zone *z = dma32();
	struct page *p = alloc_pages(GFP_KERNEL, 0);
	struct page *q = alloc_pages(GFP_KERNEL, 2);
	unsigned long bad = mm_state->nr_bad_pages;

	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(q);
	__free_pages(p, 0);
	tb_snapshot(z, &before);

	__free_pages(p, 0); /* double free (on a per-CPU list) */
	snprintf(want, sizeof(want), "BUG: Bad page state in process cpu%u  pfn:%05llx",
		 smp_processor_id(), (unsigned long long)page_to_pfn(p));
	EXPECT_TRUE(tb_log_has(want));
	EXPECT_TRUE(tb_log_has("double free"));
	drain_all_pages(NULL);
	tb_snapshot(z, &before);
	__free_pages(p, 0);	     /* double free (in the buddy lists) */
	__free_pages(tb_page(1), 0); /* reserved */
	EXPECT_TRUE(tb_log_has("freeing a reserved page"));
	__free_pages(tb_page(2000), 0); /* hole */
	EXPECT_TRUE(tb_log_has("no RAM behind this frame"));
	__free_pages(q + 1, 0); /* inside an allocated block */
	EXPECT_TRUE(tb_log_has("refcount already zero"));
	__free_pages(q, 1); /* wrong order */
	EXPECT_TRUE(tb_log_has("freed with order 1, allocated with order 2"));
	__free_pages((struct page *)pages, 0); /* not a struct page at all */
	EXPECT_TRUE(tb_log_has("not a struct page of this machine"));
	free_pages(0, 0); /* ignored, like Linux */
	free_pages((unsigned long)pages, 0);
	EXPECT_TRUE(tb_log_has("free_pages: not the address of a page in RAM"));
	tb_snapshot(z, &after);
	EXPECT_TRUE(tb_snap_equal(&before, &after));
	EXPECT_EQ(mm_state->nr_bad_pages, bad + 8);
	EXPECT_EQ(tb_verify(t), 0);

	/* The block is still allocated and frees fine with the right order. */
	EXPECT_EQ(page_ref_count(q), 1);
	__free_pages(q, 2);
	EXPECT_EQ(z->nr_free_pages + (unsigned long)zone_pcp(z, smp_processor_id())->count,
		  z->managed_pages);

	/* A page inside a block with a reference of its own: the block is quarantined. */
	q = alloc_pages(GFP_KERNEL, 1);
	ASSERT_NOT_NULL(q);
	q[1]._refcount = 1;
	tb_snapshot(z, &before);
	__free_pages(q, 1);
	EXPECT_TRUE(tb_log_has("nonzero _refcount inside the block"));
	EXPECT_TRUE(PageBad(q));
	tb_snapshot(z, &after);
	EXPECT_TRUE(tb_snap_equal(&before, &after));
	__free_pages(q, 1);
	EXPECT_TRUE(tb_log_has("refcount already zero") || tb_log_has("quarantined"));
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_cma_pageblock)
{
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
	    .reserved = {{2048, 2560}},
	    .nr_reserved = 1,
	};

	TB_SETUP(&l);
	tb_zero_watermarks();
	struct zone *z = dma32();

	EXPECT_EQ(init_cma_reserved_pageblock(tb_page(2048)), 0);
	EXPECT_EQ(z->cma_pages, PAGEBLOCK_PAGES);
	EXPECT_EQ(z->nr_free_cma, PAGEBLOCK_PAGES);
	EXPECT_EQ(z->managed_pages, TB_PAGES);
	EXPECT_EQ(get_pageblock_migratetype(tb_page(2048)), MIGRATE_CMA);
	/* CMA does not merge with its Movable buddy 2560..3071. */
	EXPECT_EQ(list_blocks(z, PAGEBLOCK_ORDER, MIGRATE_CMA), 1);
	EXPECT_EQ(list_blocks(z, PAGEBLOCK_ORDER, MIGRATE_MOVABLE), 1);
	EXPECT_EQ(init_cma_reserved_pageblock(tb_page(2048)), -EINVAL);
	EXPECT_EQ(init_cma_reserved_pageblock(tb_page(100)), -EINVAL);

	/* Unmovable allocations never get CMA pages; movable ones may. */
	unsigned n = alloc_all(GFP_KERNEL);

	EXPECT_EQ(n, TB_PAGES - PAGEBLOCK_PAGES);
	for (unsigned i = 0; i < n; i++)
		EXPECT_NE(get_pageblock_migratetype(pages[i]), MIGRATE_CMA);
	EXPECT_EQ(z->nr_free_pages, PAGEBLOCK_PAGES);
	struct page *m = alloc_pages(GFP_MOV, 0);

	ASSERT_NOT_NULL(m);
	EXPECT_EQ(get_pageblock_migratetype(m), MIGRATE_CMA);
	EXPECT_EQ(z->nr_free_cma, PAGEBLOCK_PAGES - 1);
	EXPECT_EQ(tb_verify(t), 0);
	__free_pages(m, 0);
	for (unsigned i = 0; i < n; i++)
		__free_pages(pages[i], 0);
	EXPECT_EQ(z->nr_free_cma, PAGEBLOCK_PAGES);
	EXPECT_EQ(z->nr_free_pages, TB_PAGES);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_addresses_and_zeroing)
{
	TB_SETUP(&one_node);
	unsigned long a = __get_free_pages(GFP_KERNEL, 1);

	ASSERT_NE(a, 0);
	EXPECT_EQ(a & (PAGE_SIZE - 1), 0);
	struct page *p = virt_to_page((void *)a);

	ASSERT_NOT_NULL(p);
	EXPECT_PTR_EQ(page_address(p), (void *)a);
	memset((void *)a, 0xa5, 2 * PAGE_SIZE);
	free_pages(a, 1);
	drain_all_pages(NULL);

	/* The dirty page comes back zeroed through __GFP_ZERO. */
	unsigned long z = get_zeroed_page(GFP_KERNEL);
	static const u8 zero[PAGE_SIZE];

	ASSERT_NE(z, 0);
	EXPECT_MEMEQ((void *)z, zero, PAGE_SIZE);
	free_page(z);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_allocation_failure_report)
{
	TB_SETUP(&one_node);
	struct zone *z = dma32();

	EXPECT_NULL(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	EXPECT_TRUE(tb_log_has("alloc_pages_node: order too large (11)"));
	EXPECT_NULL(alloc_pages_node(5, GFP_KERNEL, 0));
	EXPECT_TRUE(tb_log_has("alloc_pages_node: node not online (5)"));

	/* Take every order-10 block, then ask for one more. */
	struct page *big[4];
	int n = 0;

	while (n < 4 && (big[n] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 10)))
		n++;
	tb_log_clear();
	EXPECT_NULL(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 10));
	EXPECT_FALSE(tb_log_has("page allocation failure"));
	EXPECT_NULL(alloc_pages(GFP_KERNEL, 10));
	EXPECT_TRUE(tb_log_has("page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), "
			       "nodemask=(null)"));
	EXPECT_NULL(alloc_pages(GFP_ATOMIC | __GFP_ZERO, 10));
	EXPECT_TRUE(tb_log_has("mode:0xb20(GFP_ATOMIC|__GFP_ZERO)"));
	EXPECT_EQ(tb_verify(t), 0);
	while (n > 0)
		__free_pages(big[--n], 10);
	EXPECT_EQ(z->free_area[10].nr_free, 4);
	tb_teardown();
}

KTEST(test_gfp_names)
{
	char buf[160];

	EXPECT_EQ(GFP_KERNEL, 0xcc0);
	EXPECT_EQ(GFP_ATOMIC, 0xa20);
	EXPECT_EQ(GFP_NOWAIT, 0x800);
	gfp_flags_format(buf, sizeof(buf), GFP_KERNEL);
	EXPECT_STREQ(buf, "GFP_KERNEL");
	gfp_flags_format(buf, sizeof(buf), GFP_ATOMIC);
	EXPECT_STREQ(buf, "GFP_ATOMIC");
	gfp_flags_format(buf, sizeof(buf), GFP_KERNEL | __GFP_ZERO | __GFP_COMP);
	EXPECT_STREQ(buf, "GFP_KERNEL|__GFP_COMP|__GFP_ZERO");
	gfp_flags_format(buf, sizeof(buf), GFP_NOWAIT | __GFP_NOWARN | __GFP_DMA32);
	EXPECT_STREQ(buf, "GFP_NOWAIT|GFP_DMA32|__GFP_NOWARN");
	gfp_flags_format(buf, sizeof(buf), __GFP_HIGH | __GFP_THISNODE | __GFP_NOFAIL);
	EXPECT_STREQ(buf, "__GFP_HIGH|__GFP_NOFAIL|__GFP_THISNODE");
	gfp_flags_format(buf, sizeof(buf), 0);
	EXPECT_STREQ(buf, "");
	EXPECT_EQ(gfp_flags_format(buf, sizeof(buf), GFP_KERNEL | 0x80000000u), 21);
	EXPECT_STREQ(buf, "GFP_KERNEL|0x80000000");
	EXPECT_EQ(gfp_flags_format(buf, 8, GFP_KERNEL), 10);
	EXPECT_STREQ(buf, "GFP_KER");
	EXPECT_EQ(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	EXPECT_EQ(gfp_zone(GFP_KERNEL | __GFP_DMA32), ZONE_DMA32);
	EXPECT_EQ(gfp_zone(GFP_KERNEL | __GFP_MOVABLE), ZONE_MOVABLE);
	EXPECT_EQ(gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	EXPECT_EQ(gfp_migratetype(GFP_ATOMIC), MIGRATE_UNMOVABLE);
}

static const struct ktest_case buddy_cases[] = {
    KTEST_CASE(test_init_all_free),
    KTEST_CASE(test_reserved_pages_stay_out),
    KTEST_CASE(test_split_and_merge),
    KTEST_CASE(test_zone_edge_not_merged),
    KTEST_CASE(test_hole_not_merged),
    KTEST_CASE(test_fallback_claims_pageblock),
    KTEST_CASE(test_fallback_takes_one_block),
    KTEST_CASE(test_fallback_movable_small_and_large),
    KTEST_CASE(test_fallback_largest_first),
    KTEST_CASE(test_pcp_refill_and_drain),
    KTEST_CASE(test_compound_pages),
    KTEST_CASE(test_bad_frees_leave_state_intact),
    KTEST_CASE(test_cma_pageblock),
    KTEST_CASE(test_addresses_and_zeroing),
    KTEST_CASE(test_allocation_failure_report),
    KTEST_CASE(test_gfp_names),
    {},
};

static const struct ktest_suite buddy_suite = {
    .name = "buddy",
    .cases = buddy_cases,
    .exit = tb_teardown,
};
KTEST_REGISTER(buddy_suite);
