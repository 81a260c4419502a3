// SPDX-License-Identifier: MIT
/*
 * Anti-fragmentation, demonstrated: the same churn of mixed movable and unmovable
 * allocations in a private 16 MiB zone (tests/mm/test_buddy.h), once with grouping by
 * mobility and once without (page_group_by_mobility_disabled, the bootarg
 * page_alloc.grouping=off), and Linux's unusable free space index at order 9 after it.
 *
 * The workload: order-0 allocations, one in four unmovable (GFP_KERNEL) and the rest
 * movable (__GFP_MOVABLE), with a random one of those held freed after every third
 * allocation, until ANTIFRAG_FILL of the zone is in use. Then every movable page is freed
 * (what reclaim or compaction would achieve) and only the unmovable ones stay. Grouping
 * keeps those in a few pageblocks, so the rest merge back into whole 2 MiB blocks; without
 * it they are scattered over every block the churn touched.
 *
 * The index (Linux's unusable_free_index(), /sys/kernel/debug/extfrag/unusable_index) is
 * the share of free memory that cannot serve an allocation of the order:
 *
 *	(free pages - sum over orders o >= 9 of free blocks(o) << o) / free pages
 *
 * given here in thousandths (0: every free page is in a block of order 9 or more; 1000:
 * none is). The suite checks that grouping does better and logs both; the benchmarks
 * unusable_index_o9_grouping_on/_off (tests/bench/bench_antifrag.c) print them.
 */
#include "tests/mm/test_buddy.h"
#include "lib/random.h"

#define ANTIFRAG_ORDER 9
#define ANTIFRAG_FILL  (TB_PAGES * 3 / 4) /* pages in use at the end of the churn */
#define ANTIFRAG_SEED  0x616e7469667267ULL
#define ANTIFRAG_SLOTS TB_PAGES

/** Run the workload in a private zone with grouping on or off; 0 and the index in
    thousandths, or a negative code (no test region: -ENOSYS/-ENODEV; -ENOMEM) */
int antifrag_unusable_index(bool grouping, unsigned *permille);

static struct {
	struct page *page;
	bool movable;
} held[ANTIFRAG_SLOTS];

/* Linux's unusable_free_index() of one zone at order, in thousandths. */
static unsigned unusable_index(const struct zone *zone, unsigned order)
{
	unsigned long free = zone->nr_free_pages, suitable = 0;

	if (!free)
		return 1000;
	for (unsigned o = order; o < NR_PAGE_ORDERS; o++)
		suitable += zone->free_area[o].nr_free << o;
	return (unsigned)((free - suitable) * 1000 / free);
}

int antifrag_unusable_index(bool grouping, unsigned *permille)
{
	static const struct tb_layout layout = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
	};
	bool saved = page_group_by_mobility_disabled;
	unsigned long nheld = 0, live = 0, steps = 0;
	struct rand_state rs;
	int err = tb_setup(&layout);

	if (err)
		return err;
	tb_zero_watermarks();
	page_group_by_mobility_disabled = !grouping;
	rand_seed(&rs, ANTIFRAG_SEED);
	while (live < ANTIFRAG_FILL) {
		bool movable = !rand_chance(&rs, 1, 4);
		struct page *p =
		    alloc_pages(GFP_KERNEL | __GFP_NOWARN | (movable ? __GFP_MOVABLE : 0), 0);

		if (!p) {
			err = -ENOMEM;
			break;
		}
		held[nheld].page = p;
		held[nheld++].movable = movable;
		live++;
		if (++steps % 3 == 0) {
			unsigned long i = (unsigned long)rand_range(&rs, 0, nheld - 1);

			__free_pages(held[i].page, 0);
			held[i] = held[--nheld];
			live--;
		}
	}
	for (unsigned long i = 0; i < nheld; i++) {
		if (held[i].movable) {
			__free_pages(held[i].page, 0);
			held[i].page = NULL;
		}
	}
	drain_all_pages(NULL);
	*permille = unusable_index(tb_zone(0, ZONE_DMA32), ANTIFRAG_ORDER);
	for (unsigned long i = 0; i < nheld; i++)
		if (held[i].page)
			__free_pages(held[i].page, 0);
	page_group_by_mobility_disabled = saved;
	if (!err && buddy_verify())
		err = -EFAULT;
	tb_teardown();
	return err;
}

KTEST(test_grouping_beats_no_grouping)
{
	unsigned on = 1000, off = 1000;
	int e = antifrag_unusable_index(true, &on);

	if (e == -ENOSYS || e == -ENODEV)
		SKIP("%s", tb_skip_reason(e));
	ASSERT_EQ(e, 0);
	ASSERT_EQ(antifrag_unusable_index(false, &off), 0);
	ktest_log(t, "unusable_index order 9: grouping on 0.%03u, off 0.%03u", on, off);
	EXPECT_LT(on, off);
	EXPECT_LT(on, 500);
	EXPECT_GT(off, 500);
}

/* The same workload twice gives the same number (seeded, nothing else allocates). */
KTEST(test_repeatable)
{
	unsigned a = 0, b = 1;
	int e = antifrag_unusable_index(true, &a);

	if (e == -ENOSYS || e == -ENODEV)
		SKIP("%s", tb_skip_reason(e));
	ASSERT_EQ(e, 0);
	ASSERT_EQ(antifrag_unusable_index(true, &b), 0);
	EXPECT_EQ(a, b);
}

static const struct ktest_case antifrag_cases[] = {
    KTEST_CASE(test_grouping_beats_no_grouping),
    KTEST_CASE(test_repeatable),
    {},
};
KTEST_SUITE(antifrag, antifrag_cases);
