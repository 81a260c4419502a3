// SPDX-License-Identifier: MIT
/*
 * Model test of the buddy allocator: seeded random sequences of allocations (every order,
 * every GFP type, compound or not, any node) and frees (__free_pages, put_page,
 * free_pages), checked after every step against a shadow map of the region: no block
 * handed out twice, natural alignment, the zone the GFP flags allow, data written into a
 * block still there when it is freed, free + per-CPU + allocated == managed, and
 * buddy_verify() clean. At the end everything is freed and the zones must coalesce back to
 * their initial buddyinfo. A failure names the seed and step, so it can be replayed.
 */
#include "tests/mm/test_buddy.h"
#include "lib/random.h"

#ifdef RVMM_HOST
#define MODEL_STEPS	   3000
#define MODEL_VERIFY_EVERY 1
#else
#define MODEL_STEPS	   800
#define MODEL_VERIFY_EVERY 16
#endif
#define MAX_LIVE 512

struct live {
	struct page *page;
	unsigned order;
	bool comp;
	u8 tag;
};

static struct live live[MAX_LIVE];
static unsigned nr_live;
static u8 shadow[TB_PAGES]; /* 1: page handed out by the allocator */

static const gfp_t gfp_choices[] = {
    GFP_KERNEL,
    GFP_KERNEL | __GFP_MOVABLE,
    GFP_KERNEL | __GFP_RECLAIMABLE,
    GFP_ATOMIC,
    GFP_KERNEL | __GFP_DMA32,
    GFP_NOWAIT | __GFP_MOVABLE,
    GFP_KERNEL | __GFP_ZERO,
};

/* A two-node machine with a hole, all three zone types, a reserved range and CMA. */
static const struct tb_layout model_layout = {
    .nr_nodes = 2,
    .node = {{.present = {{0, 2000}, {2001, 2600}}, .nr = 2},
	     {.present = {{2600, TB_PAGES}}, .nr = 1, .movable_start = 3072}},
    .dma32_end = 1500,
    .reserved = {{10, 12}, {3584, 4096}},
    .nr_reserved = 2,
};

static unsigned pick_order(struct rand_state *r)
{
	u64 x = rand_range(r, 0, 99);

	if (x < 55)
		return 0;
	if (x < 80)
		return (unsigned)rand_range(r, 1, 3);
	if (x < 95)
		return (unsigned)rand_range(r, 4, 7);
	return (unsigned)rand_range(r, 8, MAX_PAGE_ORDER);
}

static unsigned long managed_total(void)
{
	return totalram_pages();
}

static unsigned long pcp_total(void)
{
	struct pglist_data *pgdat;
	struct zone *zone;
	unsigned long n = 0;

	for_each_online_pgdat(pgdat) for_each_zone_in(
	    zone, pgdat) for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) if (zone_pcp(zone, cpu)) n +=
	    (unsigned long)zone_pcp(zone, cpu)->count;
	return n;
}

static unsigned long live_pages(void)
{
	unsigned long n = 0;

	for (unsigned i = 0; i < nr_live; i++)
		n += 1UL << live[i].order;
	return n;
}

static unsigned nr_failed; /* allocations that returned NULL */

static bool try_alloc(struct ktest *t, struct rand_state *r, u64 seed, int step)
{
	gfp_t gfp = gfp_choices[rand_range(r, 0, ARRAY_SIZE(gfp_choices) - 1)] | __GFP_NOWARN;
	unsigned order = pick_order(r);
	int nid = (int)rand_range(r, 0, 2) - 1; /* NUMA_NO_NODE, 0 or 1 */
	struct page *page;

	if (rand_chance(r, 1, 4))
		gfp |= __GFP_COMP;
	if (rand_chance(r, 1, 8))
		gfp |= __GFP_THISNODE;
	page = alloc_pages_node(nid, gfp, order);
	if (!page) {
		nr_failed++;
		return true;
	}

	unsigned long off = tb_off(page);
	u8 *data = page_address(page);
	size_t bytes = PAGE_SIZE << order;

	if (off + (1UL << order) > TB_PAGES || (off & ((1UL << order) - 1)) ||
	    page_zonenum(page) > (unsigned long)gfp_zone(gfp) ||
	    ((gfp & __GFP_THISNODE) && nid >= 0 && page_to_nid(page) != nid)) {
		ktest_fail(t, __FILE__, __LINE__,
			   "seed %llu step %d: bad block off %lu order %u zone %lu gfp 0x%x",
			   (unsigned long long)seed, step, off, order, page_zonenum(page), gfp);
		return false;
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		if (shadow[off + i]) {
			ktest_fail(t, __FILE__, __LINE__,
				   "seed %llu step %d: page %lu handed out twice (order %u)",
				   (unsigned long long)seed, step, off + i, order);
			return false;
		}
		shadow[off + i] = 1;
	}
	if ((gfp & __GFP_ZERO) && (data[0] || data[bytes - 1])) {
		ktest_fail(t, __FILE__, __LINE__, "seed %llu step %d: __GFP_ZERO block not zeroed",
			   (unsigned long long)seed, step);
		return false;
	}
	if (nr_live == MAX_LIVE) {
		__free_pages(page, order);
		for (unsigned long i = 0; i < (1UL << order); i++)
			shadow[off + i] = 0;
		return true;
	}
	live[nr_live] = (struct live){page, order, !!(gfp & __GFP_COMP), (u8)(step * 7 + 1)};
	data[0] = data[bytes - 1] = live[nr_live].tag;
	nr_live++;
	return true;
}

static bool free_one(struct ktest *t, struct rand_state *r, u64 seed, int step)
{
	unsigned i = (unsigned)rand_range(r, 0, nr_live - 1);
	struct live l = live[i];
	unsigned long off = tb_off(l.page);
	u8 *data = page_address(l.page);
	size_t bytes = PAGE_SIZE << l.order;

	if (data[0] != l.tag || data[bytes - 1] != l.tag) {
		ktest_fail(t, __FILE__, __LINE__,
			   "seed %llu step %d: block at %lu order %u overwritten while allocated",
			   (unsigned long long)seed, step, off, l.order);
		return false;
	}
	live[i] = live[--nr_live];
	for (unsigned long k = 0; k < (1UL << l.order); k++)
		shadow[off + k] = 0;

	if (l.comp) {
		/* A reference through a tail, dropped through the head and then the last one. */
		get_page(l.page + (1UL << l.order) - 1);
		put_page(l.page);
		put_page(l.page + (1UL << l.order) - 1);
	} else if (rand_chance(r, 1, 3)) {
		free_pages((unsigned long)data, l.order);
	} else {
		__free_pages(l.page, l.order);
	}
	return true;
}

static void snap_all(struct tb_snap s[TB_MAX_NODES][MAX_NR_ZONES])
{
	for (int n = 0; n < TB_MAX_NODES; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (node_online(n))
				tb_snapshot(tb_zone(n, z), &s[n][z]);
}

static void run_model(struct ktest *t, u64 seed, const struct tb_layout *layout, int high,
		      int batch)
{
	static struct tb_snap initial[TB_MAX_NODES][MAX_NR_ZONES],
	    final[TB_MAX_NODES][MAX_NR_ZONES];
	struct rand_state r;
	unsigned long bad;

	TB_SETUP(layout);
	if (layout->nr_reserved > 1)
		ASSERT_EQ(init_cma_reserved_pageblock(tb_page(layout->reserved[1].start)), 0);
	snap_all(initial);
	if (high)
		tb_set_pcp(high, batch);
	bad = mm_state->nr_bad_pages;
	rand_seed(&r, seed);
	nr_live = 0;
	nr_failed = 0;
	for (unsigned long i = 0; i < TB_PAGES; i++)
		shadow[i] = 0;

	for (int step = 0; step < MODEL_STEPS; step++) {
		/* Phases: hover around 40 live blocks, then push towards exhaustion. */
		unsigned target = (step / 400) % 2 ? 300 : 40;
		bool alloc = nr_live == 0 || rand_range(&r, 0, 99) < (nr_live < target ? 65 : 35);
		bool ok = alloc ? try_alloc(t, &r, seed, step) : free_one(t, &r, seed, step);

		if (!ok)
			goto out;
		if (rand_chance(&r, 1, 50))
			drain_all_pages(NULL);
		if (nr_free_pages() + pcp_total() + live_pages() != managed_total()) {
			ktest_fail(
			    t, __FILE__, __LINE__,
			    "seed %llu step %d: free %lu + pcp %lu + live %lu != managed %lu",
			    (unsigned long long)seed, step, nr_free_pages(), pcp_total(),
			    live_pages(), managed_total());
			goto out;
		}
		if (step % MODEL_VERIFY_EVERY == 0 && tb_verify(t)) {
			ktest_fail(t, __FILE__, __LINE__, "seed %llu step %d: buddy_verify failed",
				   (unsigned long long)seed, step);
			goto out;
		}
	}
	/* The sequence must have reached memory pressure, or it proved little. */
	EXPECT_GT(nr_failed, 0);
	while (nr_live)
		if (!free_one(t, &r, seed, MODEL_STEPS))
			goto out;
	drain_all_pages(NULL);
	snap_all(final);
	for (int n = 0; n < layout->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (!tb_snap_equal(&initial[n][z], &final[n][z]))
				ktest_fail(t, __FILE__, __LINE__,
					   "seed %llu: node %d zone %d did not coalesce back "
					   "(%lu free pages, was %lu)",
					   (unsigned long long)seed, n, z, final[n][z].free_pages,
					   initial[n][z].free_pages);
	EXPECT_EQ(mm_state->nr_bad_pages, bad);
	EXPECT_EQ(tb_verify(t), 0);
out:
	tb_teardown();
}

KTEST(test_model_with_pcp)
{
	run_model(t, 1, &model_layout, 24, 6);
}

KTEST(test_model_without_pcp)
{
	run_model(t, 2, &model_layout, 0, 0);
}

KTEST(test_model_one_zone_tiny_pcp)
{
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
	};

	run_model(t, 3, &l, 3, 1);
}

static const struct ktest_case model_cases[] = {
    KTEST_CASE(test_model_with_pcp),
    KTEST_CASE(test_model_without_pcp),
    KTEST_CASE(test_model_one_zone_tiny_pcp),
    {},
};

static const struct ktest_suite model_suite = {
    .name = "buddy_model",
    .cases = model_cases,
    .exit = tb_teardown,
};
KTEST_REGISTER(model_suite);
