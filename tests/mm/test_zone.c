// SPDX-License-Identifier: MIT
/*
 * Nodes, zones and memmap setup, zonelists by NUMA distance, watermarks, lowmem_reserve,
 * NUMA statistics, the /proc-format reports and buddy_verify() itself, over the test
 * allocator of tests/mm/test_buddy.h.
 */
#include "tests/mm/test_buddy.h"
#include "mm/vmstat.h"
#include "lib/printf.h"
#include "lib/string.h"

static struct page *pages[TB_PAGES];

static unsigned alloc_until_null(gfp_t gfp, unsigned first)
{
	unsigned n = first;

	while (n < TB_PAGES && (pages[n] = alloc_pages(gfp | __GFP_NOWARN, 0)))
		n++;
	return n;
}

static void free_all(unsigned n)
{
	while (n > 0)
		__free_pages(pages[--n], 0);
}

KTEST(test_node_and_zone_sizes)
{
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, 1000}, {1001, 3000}, {3500, TB_PAGES}},
		      .nr = 3,
		      .movable_start = 3072}},
	    .dma32_end = 2048,
	};

	TB_SETUP(&l);
	tb_zero_watermarks();
	struct pglist_data *pgdat = NODE_DATA(0);
	struct zone *zd = tb_zone(0, ZONE_DMA32), *zn = tb_zone(0, ZONE_NORMAL);
	struct zone *zm = tb_zone(0, ZONE_MOVABLE);

	EXPECT_TRUE(node_online(0));
	EXPECT_FALSE(node_online(1));
	EXPECT_EQ(pgdat->node_start_pfn, tb_pfn(0));
	EXPECT_EQ(pgdat->node_spanned_pages, TB_PAGES);
	EXPECT_EQ(pgdat->node_present_pages, 1000 + 1999 + 596);
	EXPECT_EQ(zd->zone_start_pfn, tb_pfn(0));
	EXPECT_EQ(zd->spanned_pages, 2048);
	EXPECT_EQ(zd->present_pages, 2047);
	EXPECT_EQ(zn->zone_start_pfn, tb_pfn(2048));
	EXPECT_EQ(zn->spanned_pages, 1024);
	EXPECT_EQ(zn->present_pages, 952);
	EXPECT_EQ(zm->zone_start_pfn, tb_pfn(3072));
	EXPECT_EQ(zm->spanned_pages, 1024);
	EXPECT_EQ(zm->present_pages, 596);
	EXPECT_EQ(zd->managed_pages + zn->managed_pages + zm->managed_pages, 3595);
	EXPECT_STREQ(zn->name, "Normal");

	/* pfn <-> page both ways, holes included; pfn_valid only where there is RAM. */
	for (unsigned long off = 0; off < TB_PAGES; off++) {
		struct page *p = tb_page(off);
		bool ram = (off < 1000) || (off > 1000 && off < 3000) || off >= 3500;
		struct zone *want = off < 2048 ? zd : off < 3072 ? zn : zm;

		ASSERT_NOT_NULL(p);
		EXPECT_EQ(page_to_pfn(p), tb_pfn(off));
		EXPECT_PTR_EQ(page_zone(p), want);
		EXPECT_EQ(pfn_valid(tb_pfn(off)), ram);
	}
	EXPECT_NULL(pfn_to_page(tb_pfn(TB_PAGES)));
	EXPECT_NULL(pfn_to_page(tb_pfn(0) - 1));
	EXPECT_FALSE(pfn_valid(tb_pfn(TB_PAGES)));
	EXPECT_TRUE(page_in_memmap(tb_page(5)));
	EXPECT_FALSE(page_in_memmap((struct page *)((char *)tb_page(5) + 8)));

	/* Kernel allocations never come from ZONE_MOVABLE; movable ones may. */
	unsigned n = alloc_until_null(GFP_KERNEL, 0);

	EXPECT_EQ(n, 2047 + 952);
	for (unsigned i = 0; i < n; i++)
		EXPECT_NE(page_zonenum(pages[i]), ZONE_MOVABLE);
	struct page *m = alloc_pages(GFP_KERNEL | __GFP_MOVABLE, 0);

	ASSERT_NOT_NULL(m);
	EXPECT_PTR_EQ(page_zone(m), zm);
	__free_pages(m, 0);
	free_all(n);
	EXPECT_EQ(tb_verify(t), 0);

	/* ZONE_MOVABLE start for movablecore=: rounded up to a MAX_ORDER block. */
	struct pfn_range one[1] = {{tb_pfn(0), tb_pfn(TB_PAGES)}};
	struct pfn_range three[3] = {{tb_pfn(0), tb_pfn(1000)},
				     {tb_pfn(1001), tb_pfn(3000)},
				     {tb_pfn(3500), tb_pfn(TB_PAGES)}};

	EXPECT_EQ(zone_movable_start(one, 1, 1024), tb_pfn(3072));
	EXPECT_EQ(zone_movable_start(one, 1, 1500), tb_pfn(3072));
	EXPECT_EQ(zone_movable_start(one, 1, 1000), 0);
	EXPECT_EQ(zone_movable_start(one, 1, 0), 0);
	EXPECT_EQ(zone_movable_start(one, 1, 99999), tb_pfn(0));
	EXPECT_EQ(zone_movable_start(three, 3, 1000), tb_pfn(3072));
	EXPECT_EQ(zone_movable_start(three, 3, 2000), tb_pfn(2048));
	tb_teardown();
}

static void *no_memory(size_t bytes, int nid)
{
	(void)bytes;
	(void)nid;
	return NULL;
}

/* Room for the node data only: the memmap allocation after it fails. */
static void *node_data_only(size_t bytes, int nid)
{
	static u8 pool[sizeof(struct pglist_data)] __aligned(64);

	(void)nid;
	return bytes == sizeof(pool) ? pool : NULL;
}

static void *some_memory(size_t bytes, int nid)
{
	static u8 pool[4096] __aligned(64);

	(void)nid;
	return bytes <= sizeof(pool) ? pool : NULL;
}

KTEST(test_node_init_rejects_bad_input)
{
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, 2048}}, .nr = 1}},
	};
	struct pfn_range r[2];
	struct tb_snap before, after;

	TB_SETUP(&l);
	tb_snapshot(tb_zone(0, ZONE_DMA32), &before);

	r[0] = (struct pfn_range){tb_pfn(2048), tb_pfn(3000)};
	EXPECT_EQ(mm_node_init(MAX_NUMNODES, r, 1, 0, some_memory), -EINVAL);
	EXPECT_TRUE(tb_log_has("mm_node_init: node id out of range or no allocator (8)"));
	EXPECT_EQ(mm_node_init(-1, r, 1, 0, some_memory), -EINVAL);
	EXPECT_EQ(mm_node_init(1, r, 1, 0, NULL), -EINVAL);
	EXPECT_EQ(mm_node_init(0, r, 1, 0, some_memory), -EINVAL);
	EXPECT_TRUE(tb_log_has("mm_node_init: node already online (0)"));
	EXPECT_EQ(mm_node_init(1, r, 0, 0, some_memory), -EINVAL);
	EXPECT_TRUE(tb_log_has("mm_node_init: node 1 has no memory (0 ranges)"));

	r[0] = (struct pfn_range){tb_pfn(3000), tb_pfn(2500)};
	EXPECT_EQ(mm_node_init(1, r, 1, 0, some_memory), -EINVAL);
	EXPECT_TRUE(tb_log_has("mm_node_init: empty or inverted range"));
	r[0] = (struct pfn_range){tb_pfn(2048), tb_pfn(3000)};
	r[1] = (struct pfn_range){tb_pfn(2900), tb_pfn(3100)};
	EXPECT_EQ(mm_node_init(1, r, 2, 0, some_memory), -EINVAL);
	EXPECT_TRUE(tb_log_has("mm_node_init: ranges unsorted or overlapping"));
	r[0] = (struct pfn_range){tb_pfn(1000), tb_pfn(3000)};
	EXPECT_EQ(mm_node_init(1, r, 1, 0, some_memory), -EEXIST);
	EXPECT_TRUE(tb_log_has("mm_node_init: node 1 overlaps node 0"));
	r[0] = (struct pfn_range){tb_pfn(2048), tb_pfn(3000)};
	EXPECT_EQ(mm_node_init(1, r, 1, 0, no_memory), -ENOMEM);
	EXPECT_TRUE(tb_log_has("mm_node_init: no memory for the node data of node 1"));
	EXPECT_FALSE(node_online(1));
	EXPECT_EQ(mm_node_init(1, r, 1, 0, node_data_only), -ENOMEM);
	EXPECT_TRUE(tb_log_has("mm_node_init: no memory for the memmap of node 1"));
	EXPECT_FALSE(node_online(1));
	/* A retry keeps the node data of the failed attempt instead of allocating it again. */
	tb_log_clear();
	EXPECT_EQ(mm_node_init(1, r, 1, 0, no_memory), -ENOMEM);
	EXPECT_TRUE(tb_log_has("mm_node_init: no memory for the memmap of node 1"));
	EXPECT_FALSE(tb_log_has("node data"));
	EXPECT_FALSE(node_online(1));

	/* Freeing frames that are not present, or twice: reported, nothing changes. */
	EXPECT_EQ(free_pages_range(tb_pfn(3000), tb_pfn(3100)), 0);
	EXPECT_TRUE(tb_log_has("free_pages_range: frames not present or not reserved"));
	EXPECT_EQ(free_pages_range(tb_pfn(0), tb_pfn(16)), 0);
	EXPECT_EQ(free_pages_range(tb_pfn(16), tb_pfn(0)), 0);
	EXPECT_TRUE(tb_log_has("free_pages_range: inverted range"));

	/* Topology setters check their arguments. */
	EXPECT_EQ(numa_set_distance(0, 0, 20), -EINVAL);
	EXPECT_EQ(numa_set_distance(0, 1, 10), -EINVAL);
	EXPECT_EQ(numa_set_distance(0, MAX_NUMNODES, 20), -EINVAL);
	EXPECT_EQ(numa_set_distance(0, 1, 255), -EINVAL);
	EXPECT_EQ(set_cpu_numa_node(NR_CPUS, 0), -EINVAL);
	EXPECT_EQ(set_cpu_numa_node(0, MAX_NUMNODES), -EINVAL);
	EXPECT_EQ(node_distance(0, 1), REMOTE_DISTANCE);
	EXPECT_EQ(node_distance(1, 1), LOCAL_DISTANCE);

	tb_snapshot(tb_zone(0, ZONE_DMA32), &after);
	EXPECT_TRUE(tb_snap_equal(&before, &after));
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

static const struct tb_layout three_nodes = {
    .nr_nodes = 3,
    .node = {{.present = {{0, 1024}}, .nr = 1},
	     {.present = {{1024, 2048}}, .nr = 1, .cpus = 1UL << 0},
	     {.present = {{2048, TB_PAGES}}, .nr = 1}},
    .dma32_end = 512,
};

/* The zonelist as "nid:zone" pairs, e.g. "1N 2N 0N 0D". */
static const char *zonelist_str(int nid, int which)
{
	static char buf[64];
	size_t len = 0;

	buf[0] = '\0';
	for (const struct zoneref *z = NODE_DATA(nid)->node_zonelists[which]._zonerefs; z->zone;
	     z++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%d%c", len ? " " : "",
					z->zone->node, z->zone->name[0]);
	return buf;
}

KTEST(test_zonelists_by_distance)
{
	TB_SETUP(&three_nodes);
	tb_zero_watermarks();

	/* Equal distances: own node, then the next higher ids, then the lower ones. */
	EXPECT_STREQ(zonelist_str(0, ZONELIST_FALLBACK), "0N 0D 1N 2N");
	EXPECT_STREQ(zonelist_str(1, ZONELIST_FALLBACK), "1N 2N 0N 0D");
	EXPECT_STREQ(zonelist_str(2, ZONELIST_FALLBACK), "2N 0N 0D 1N");
	EXPECT_STREQ(zonelist_str(0, ZONELIST_NOFALLBACK), "0N 0D");

	/* Distances decide: 0-1 far (30), 0-2 and 1-2 near (20). */
	for (int a = 0; a < 3; a++)
		for (int b = 0; b < 3; b++)
			if (a != b)
				EXPECT_EQ(numa_set_distance(a, b, (a + b == 1) ? 30 : 20), 0);
	build_all_zonelists();
	EXPECT_STREQ(zonelist_str(0, ZONELIST_FALLBACK), "0N 0D 2N 1N");
	EXPECT_STREQ(zonelist_str(1, ZONELIST_FALLBACK), "1N 2N 0N 0D");
	EXPECT_STREQ(zonelist_str(2, ZONELIST_FALLBACK), "2N 0N 0D 1N");

	/* CPU 0 sits on node 1: alloc_pages() prefers it. */
	EXPECT_EQ(numa_node_id(), 1);
	struct page *p = alloc_pages(GFP_KERNEL, 0);

	ASSERT_NOT_NULL(p);
	EXPECT_EQ(page_to_nid(p), 1);
	__free_pages(p, 0);
	p = alloc_pages_node(2, GFP_KERNEL, 0);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(page_to_nid(p), 2);
	EXPECT_EQ(zone_numa_event(tb_zone(2, ZONE_NORMAL), NUMA_HIT), 1);
	EXPECT_EQ(zone_numa_event(tb_zone(2, ZONE_NORMAL), NUMA_OTHER), 1);
	__free_pages(p, 0);
	EXPECT_EQ(zone_numa_event(tb_zone(1, ZONE_NORMAL), NUMA_HIT), 1);
	EXPECT_EQ(zone_numa_event(tb_zone(1, ZONE_NORMAL), NUMA_LOCAL), 1);

	/* __GFP_THISNODE stays on node 1 until it is empty; then fallback goes to node 2. */
	unsigned n = alloc_until_null(GFP_KERNEL | __GFP_THISNODE, 0);

	EXPECT_EQ(n, 1024);
	for (unsigned i = 0; i < n; i++)
		EXPECT_EQ(page_to_nid(pages[i]), 1);
	p = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(page_to_nid(p), 2);
	EXPECT_EQ(zone_numa_event(tb_zone(2, ZONE_NORMAL), NUMA_MISS), 1);
	EXPECT_EQ(zone_numa_event(tb_zone(1, ZONE_NORMAL), NUMA_FOREIGN), 1);
	__free_pages(p, 0);

	/* DMA32 only exists on node 0. */
	p = alloc_pages(GFP_KERNEL | __GFP_DMA32, 0);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(page_to_nid(p), 0);
	EXPECT_EQ(page_zonenum(p), ZONE_DMA32);
	__free_pages(p, 0);
	EXPECT_NULL(alloc_pages(GFP_KERNEL | __GFP_DMA32 | __GFP_THISNODE | __GFP_NOWARN, 0));
	free_all(n);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_watermark_setup)
{
	static const struct tb_layout split = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
	    .dma32_end = 2048,
	};
	static const struct tb_layout movable = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, TB_PAGES}}, .nr = 1, .movable_start = 3072}},
	};
	static const struct tb_layout tiny = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, 64}}, .nr = 1}},
	};

	EXPECT_EQ(int_sqrt(0), 0);
	EXPECT_EQ(int_sqrt(15), 3);
	EXPECT_EQ(int_sqrt(16), 4);
	EXPECT_EQ(int_sqrt(262144), 512);
	EXPECT_EQ(int_sqrt(196608), 443);
	EXPECT_EQ(int_sqrt(~0UL), 4294967295UL);

	/* 16 MiB of lowmem: sqrt(16384 * 16) = 512 KiB = 128 pages, shared by size. */
	TB_SETUP(&split);
	struct zone *zd = tb_zone(0, ZONE_DMA32), *zn = tb_zone(0, ZONE_NORMAL);

	EXPECT_EQ(mm_state->min_free_kbytes, 512);
	EXPECT_EQ(min_wmark_pages(zd), 64);
	EXPECT_EQ(low_wmark_pages(zd), 80);
	EXPECT_EQ(high_wmark_pages(zd), 96);
	EXPECT_EQ(min_wmark_pages(zn), 64);
	EXPECT_EQ(zd->lowmem_reserve[ZONE_DMA32], 0);
	EXPECT_EQ(zd->lowmem_reserve[ZONE_NORMAL], 2048 / 256);
	EXPECT_EQ(zd->lowmem_reserve[ZONE_MOVABLE], 2048 / 256);
	EXPECT_EQ(zn->lowmem_reserve[ZONE_MOVABLE], 0);
	EXPECT_EQ(min_wmark_pages(tb_zone(0, ZONE_MOVABLE)), 0);

	/* Per-CPU sizes: small zones pass pages through; a 1 GiB zone gets 63/378. */
	struct per_cpu_pages *pcp = zone_pcp(zd, 0);

	ASSERT_NOT_NULL(pcp);
	EXPECT_EQ(pcp->high, 0);
	EXPECT_EQ(pcp->batch, 1);
	unsigned long managed = zd->managed_pages;

	zd->managed_pages = 262144;
	zone_pcp_update(zd);
	EXPECT_EQ(pcp->batch, 63);
	EXPECT_EQ(pcp->high, 378);
	zd->managed_pages = 4 * 262144;
	zone_pcp_update(zd);
	EXPECT_EQ(pcp->batch, 63); /* at most 1 MiB per batch */
	zd->managed_pages = managed;
	zone_pcp_update(zd);
	EXPECT_EQ(tb_verify(t), 0);

	/* ZONE_MOVABLE gets a small fixed min (like highmem); its share only adds low/high. */
	TB_SETUP(&movable);
	zd = tb_zone(0, ZONE_DMA32);
	struct zone *zm = tb_zone(0, ZONE_MOVABLE);

	EXPECT_EQ(mm_state->min_free_kbytes, 443);
	EXPECT_EQ(min_wmark_pages(zd), 110);
	EXPECT_EQ(low_wmark_pages(zd), 137);
	EXPECT_EQ(high_wmark_pages(zd), 165);
	EXPECT_EQ(min_wmark_pages(zm), 32);
	EXPECT_EQ(low_wmark_pages(zm), 41);
	EXPECT_EQ(high_wmark_pages(zm), 50);
	EXPECT_EQ(zd->lowmem_reserve[ZONE_NORMAL], 0);
	EXPECT_EQ(zd->lowmem_reserve[ZONE_MOVABLE], 1024 / 256);

	/* Tiny memory: min_free_kbytes is clamped up to 128. */
	TB_SETUP(&tiny);
	EXPECT_EQ(mm_state->min_free_kbytes, 128);
	EXPECT_EQ(min_wmark_pages(tb_zone(0, ZONE_DMA32)), 32);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_watermark_levels)
{
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
	};

	TB_SETUP(&l);
	struct zone *z = tb_zone(0, ZONE_DMA32);

	ASSERT_EQ(min_wmark_pages(z), 128);
	ASSERT_EQ(low_wmark_pages(z), 160);

	/* Ordinary requests stop at min; __GFP_HIGH at min/2; GFP_ATOMIC a quarter below. */
	unsigned n = alloc_until_null(GFP_KERNEL, 0);

	EXPECT_EQ(z->nr_free_pages, 128);
	EXPECT_NULL(alloc_pages(GFP_NOWAIT | __GFP_NOWARN, 0));
	n = alloc_until_null(__GFP_HIGH, n);
	EXPECT_EQ(z->nr_free_pages, 64);
	n = alloc_until_null(GFP_ATOMIC, n);
	EXPECT_EQ(z->nr_free_pages, 48);
	EXPECT_NULL(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 1));

	/* __GFP_NOFAIL and __GFP_MEMALLOC may go below every watermark. */
	tb_log_clear();
	pages[n] = alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 0);
	EXPECT_NOT_NULL(pages[n]);
	n++;
	pages[n] = alloc_pages(GFP_KERNEL | __GFP_MEMALLOC, 0);
	EXPECT_NOT_NULL(pages[n]);
	n++;
	EXPECT_EQ(z->nr_free_pages, 46);
	EXPECT_FALSE(tb_log_has("page allocation failure"));

	unsigned long failures = mm_state->nr_alloc_failures;

	EXPECT_NULL(alloc_pages(GFP_KERNEL, 0));
	EXPECT_TRUE(tb_log_has("page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)"));
	EXPECT_EQ(mm_state->nr_alloc_failures, failures + 1);
	EXPECT_EQ(tb_verify(t), 0);
	free_all(n);
	EXPECT_EQ(z->nr_free_pages, TB_PAGES);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_lowmem_reserve_protects_dma32)
{
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
	    .dma32_end = 2048,
	};

	TB_SETUP(&l);
	struct zone *zd = tb_zone(0, ZONE_DMA32), *zn = tb_zone(0, ZONE_NORMAL);

	ASSERT_EQ(min_wmark_pages(zd), 64);
	ASSERT_EQ(zd->lowmem_reserve[ZONE_NORMAL], 8);

	/* GFP_KERNEL falls back to DMA32 but leaves min + lowmem_reserve there. */
	unsigned n = alloc_until_null(GFP_KERNEL, 0);

	EXPECT_EQ(zn->nr_free_pages, 64);
	EXPECT_EQ(zd->nr_free_pages, 64 + 8);
	/* A DMA32 request has no one to protect DMA32 from: down to min. */
	n = alloc_until_null(GFP_KERNEL | __GFP_DMA32, n);
	EXPECT_EQ(zd->nr_free_pages, 64);
	EXPECT_EQ(zn->nr_free_pages, 64);
	EXPECT_EQ(tb_verify(t), 0);
	free_all(n);
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

KTEST(test_reports_match_linux_format)
{
	char want[256];

	TB_SETUP(&three_nodes);
	tb_log_clear();
	buddyinfo_show();
	EXPECT_STREQ(tb_log_text(),
		     "Node 0, zone    DMA32      0      0      0      0      0      0      0      0"
		     "      0      1      0 \n"
		     "Node 0, zone   Normal      0      0      0      0      0      0      0      0"
		     "      0      1      0 \n"
		     "Node 1, zone   Normal      0      0      0      0      0      0      0      0"
		     "      0      0      1 \n"
		     "Node 2, zone   Normal      0      0      0      0      0      0      0      0"
		     "      0      0      2 \n");

	tb_log_clear();
	pagetypeinfo_show();
	EXPECT_TRUE(tb_log_has("Page block order: 9\nPages per block:  512\n\n"
			       "Free pages count per migrate type at order       0      1      2"
			       "      3      4      5      6      7      8      9     10 \n"
			       "Node    0, zone    DMA32, type    Unmovable      0      0      0"
			       "      0      0      0      0      0      0      0      0 \n"
			       "Node    0, zone    DMA32, type      Movable      0      0      0"
			       "      0      0      0      0      0      0      1      0 \n"));
	EXPECT_TRUE(tb_log_has("Node    2, zone   Normal, type      Isolate      0      0      0"
			       "      0      0      0      0      0      0      0      0 \n\n"
			       "Number of blocks type     Unmovable      Movable  Reclaimable   "
			       "HighAtomic          CMA      Isolate \n"
			       "Node 2, zone   Normal            0            4            0"
			       "            0            0            0 \n"));

	tb_log_clear();
	zoneinfo_show();
	EXPECT_TRUE(tb_log_has("Node 0, zone    DMA32\n"
			       "  pages free     512\n"
			       "        boost    0\n"
			       "        min      16\n"
			       "        low      20\n"
			       "        high     24\n"
			       "        spanned  512\n"
			       "        present  512\n"
			       "        managed  512\n"
			       "        cma      0\n"
			       "        protection: (0, 2, 2)\n"
			       "      nr_free_pages 512\n"
			       "      nr_free_cma  0\n"
			       "      numa_hit     0\n"
			       "      numa_miss    0\n"
			       "      numa_foreign 0\n"
			       "      numa_interleave 0\n"
			       "      numa_local   0\n"
			       "      numa_other   0\n"
			       "  pagesets\n"));
	/* One pageset block per online CPU: the test's CPU is whichever hart booted. */
	{
		char sets[512];
		int len = 0;

		for (unsigned cpu = 0; cpu < NR_CPUS; cpu++)
			if (mm_state->cpus_online & (1UL << cpu))
				len += snprintf(sets + len, sizeof(sets) - (size_t)len,
						"    cpu: %u\n"
						"              count: 0\n"
						"              high:  0\n"
						"              batch: 1\n"
						"  vm stats threshold: 0\n",
						cpu);
		snprintf(sets + len, sizeof(sets) - (size_t)len, "  node_unreclaimable:  0\n");
		EXPECT_TRUE(tb_log_has(sets));
	}
	snprintf(want, sizeof(want), "  start_pfn:           %llu\nNode 0, zone   Normal\n",
		 (unsigned long long)tb_pfn(0));
	EXPECT_TRUE(tb_log_has(want));
	/* Empty zones stop after protection, as in Linux. */
	EXPECT_TRUE(tb_log_has("Node 1, zone  Movable\n"
			       "  pages free     0\n"
			       "        boost    0\n"
			       "        min      0\n"
			       "        low      0\n"
			       "        high     0\n"
			       "        spanned  0\n"
			       "        present  0\n"
			       "        managed  0\n"
			       "        cma      0\n"
			       "        protection: (0, 0, 0)\nNode 2, zone    DMA32\n"));
	tb_teardown();
}

KTEST(test_verify_catches_corruption)
{
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
	};

	TB_SETUP(&l);
	struct zone *z = tb_zone(0, ZONE_DMA32);
	struct page *head = tb_page(1024);

	ASSERT_EQ(tb_verify(t), 0);
	ASSERT_TRUE(PageBuddy(head) && head->order == 10);

	tb_log_clear();
	z->free_area[10].nr_free++;
	EXPECT_GT(buddy_verify(), 0);
	EXPECT_TRUE(tb_log_has("order-10 nr_free is 5 but the lists hold 4 blocks"));
	z->free_area[10].nr_free--;
	EXPECT_EQ(tb_verify(t), 0);

	head[3]._refcount = 1;
	EXPECT_GT(buddy_verify(), 0);
	EXPECT_TRUE(tb_log_has("frame inside a free block is in use or a head"));
	head[3]._refcount = 0;

	set_pageblock_migratetype(head, MIGRATE_UNMOVABLE);
	EXPECT_GT(buddy_verify(), 0);
	EXPECT_TRUE(tb_log_has("Movable block in a Unmovable pageblock"));
	set_pageblock_migratetype(head, MIGRATE_MOVABLE);

	head->order = 9;
	EXPECT_GT(buddy_verify(), 0);
	EXPECT_TRUE(tb_log_has("free block on the order-10 list has order 9"));
	head->order = 10;

	z->managed_pages++;
	EXPECT_GT(buddy_verify(), 0);
	EXPECT_TRUE(tb_log_has("managed_pages is 4097"));
	z->managed_pages--;

	z->nr_free_pages--;
	EXPECT_GT(buddy_verify(), 0);
	EXPECT_TRUE(tb_log_has("nr_free_pages is 4095 but the lists hold 4096 pages"));
	z->nr_free_pages++;

	/* A list that loops back on itself mid-way is caught, not followed forever. */
	struct list_head *lh = &z->free_area[10].free_list[MIGRATE_MOVABLE];
	struct list_head *second = lh->next->next, *saved = second->next;

	second->next = lh->next;
	EXPECT_GT(buddy_verify(), 0);
	EXPECT_TRUE(tb_log_has("free list has a broken back link"));
	second->next = saved;
	EXPECT_EQ(tb_verify(t), 0);
	tb_teardown();
}

static const struct ktest_case zone_cases[] = {
    KTEST_CASE(test_node_and_zone_sizes),
    KTEST_CASE(test_node_init_rejects_bad_input),
    KTEST_CASE(test_zonelists_by_distance),
    KTEST_CASE(test_watermark_setup),
    KTEST_CASE(test_watermark_levels),
    KTEST_CASE(test_lowmem_reserve_protects_dma32),
    KTEST_CASE(test_reports_match_linux_format),
    KTEST_CASE(test_verify_catches_corruption),
    {},
};

static const struct ktest_suite zone_suite = {
    .name = "zone",
    .cases = zone_cases,
    .exit = tb_teardown,
};
KTEST_REGISTER(zone_suite);
