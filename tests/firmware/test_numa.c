// SPDX-License-Identifier: MIT
/*
 * NUMA placement of the allocator's own data on the live machine: every node's
 * pglist_data, memmap, per-CPU page lists and pageblock bitmaps sit in that node's RAM,
 * so a hart allocating and freeing on its node touches local memory only. Meaningful
 * with NODES=2 and 4 in the test matrix; with one node it checks the addresses are RAM.
 */
#include "tests/ktest.h"
#include "glue.h"
#include "mm/mmzone.h"
#include "mm/page.h"

/* Node of the RAM behind a direct-map address, or -1 when it is not RAM. */
static int node_of(const void *p)
{
	const struct page *page = virt_to_page(p);

	return page ? page_to_nid(page) : -1;
}

/* Both ends of [p, p + bytes) are on node nid. */
static bool on_node(const void *p, size_t bytes, int nid)
{
	return node_of(p) == nid && node_of((const u8 *)p + bytes - 1) == nid;
}

KTEST(test_node_data_on_its_node)
{
	struct pglist_data *pgdat;
	int nodes = 0;

	for_each_online_pgdat(pgdat)
	{
		unsigned long managed = 0;
		int nid = pgdat->node_id, want;

		for (int zt = 0; zt < MAX_NR_ZONES; zt++)
			managed += pgdat->node_zones[zt].managed_pages;
		/* A node whose RAM is all reserved had nothing to give: all of it elsewhere. */
		want = managed ? nid : node_of(pgdat);
		nodes++;
		EXPECT_GE(want, 0);
		EXPECT_EQ(node_of(pgdat), want);
		EXPECT_TRUE(on_node(pgdat, sizeof(*pgdat), want));
		EXPECT_TRUE(on_node(pgdat->node_mem_map,
				    pgdat->node_spanned_pages * sizeof(struct page), want));
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			const struct zone *zone = &pgdat->node_zones[zt];

			if (!populated_zone(zone))
				continue;
			EXPECT_TRUE(on_node(zone->per_cpu_pageset,
					    NR_CPUS * sizeof(*zone->per_cpu_pageset), want));
			EXPECT_EQ(node_of(zone->pageblock_flags), want);
		}
	}
	EXPECT_GE(nodes, 1);
}

KTEST(test_node_data_lookup)
{
	/* Offline ids have no data; every online node's data names itself. */
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		EXPECT_EQ(node_online(nid), NODE_DATA(nid) != NULL && NODE_DATA(nid)->online);
		if (node_online(nid))
			EXPECT_EQ(NODE_DATA(nid)->node_id, nid);
	}
	EXPECT_FALSE(node_online(-1));
	EXPECT_FALSE(node_online(MAX_NUMNODES));
}

static const struct ktest_case numa_cases[] = {
    KTEST_CASE(test_node_data_on_its_node),
    KTEST_CASE(test_node_data_lookup),
    {},
};
static const struct ktest_suite numa_suite = {
    .name = "numa_placement", .cases = numa_cases, .target_only = true};
KTEST_REGISTER(numa_suite);
