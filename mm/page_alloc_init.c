// SPDX-License-Identifier: MIT
/*
 * Page allocator setup: nodes and zones from present ranges, the memmap, zonelists,
 * handing free memory to the buddy allocator, watermarks, lowmem_reserve and per-CPU
 * list sizes. The firmware calls, in this order:
 *
 *	mm_node_init(nid, present, nr, movable_start, alloc)   for each node
 *	build_all_zonelists()
 *	mm_free_ranges(free, nr)                               memblock's free ranges
 *	init_cma_reserved_pageblock(page)                      for each CMA pageblock
 *	init_per_zone_wmark_min()
 */
#include "mm/page_alloc_internal.h"
#include "lib/errno.h"
#include "lib/string.h"

#define SWAP_CLUSTER_MAX 32UL

static unsigned long clamp_ul(unsigned long x, unsigned long lo, unsigned long hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

unsigned long int_sqrt(unsigned long x)
{
	unsigned long root = 0, bit = 1UL << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= root + bit) {
			x -= root + bit;
			root = (root >> 1) + bit;
		} else {
			root >>= 1;
		}
		bit >>= 2;
	}
	return root;
}

static int check_ranges(int nid, const struct pfn_range *r, unsigned nr)
{
	if (nr == 0) {
		mm_printf("mm_node_init: node %d has no memory (%u ranges)\n", nid, nr);
		return -EINVAL;
	}
	for (unsigned i = 0; i < nr; i++) {
		if (r[i].start >= r[i].end) {
			mm_printf("mm_node_init: empty or inverted range (0x%llx-0x%llx)\n",
				  (unsigned long long)r[i].start, (unsigned long long)r[i].end);
			return -EINVAL;
		}
		if (i && r[i].start < r[i - 1].end) {
			mm_printf("mm_node_init: ranges unsorted or overlapping (pfn 0x%llx)\n",
				  (unsigned long long)r[i].start);
			return -EINVAL;
		}
	}
	if (r[nr - 1].end > PHYS_PFN(~0ULL) / 2) {
		mm_printf("mm_node_init: range beyond the physical address space (pfn 0x%llx)\n",
			  (unsigned long long)r[nr - 1].end);
		return -EINVAL;
	}
	return 0;
}

/* Zone spans: each type's address window, clipped to the node and to movable_start. */
static void zone_bounds(pfn_t start, pfn_t end, pfn_t movable_start, pfn_t lo[MAX_NR_ZONES],
			pfn_t hi[MAX_NR_ZONES])
{
	pfn_t dma32 = mm_state->dma32_end_pfn;
	pfn_t mov = movable_start ? max(movable_start, start) : end;

	mov = min(mov, end);
	dma32 = clamp_ul(dma32, start, end);
	lo[ZONE_DMA32] = start;
	hi[ZONE_DMA32] = min(dma32, mov);
	lo[ZONE_NORMAL] = min(dma32, mov);
	hi[ZONE_NORMAL] = mov;
	lo[ZONE_MOVABLE] = mov;
	hi[ZONE_MOVABLE] = end;
}

static unsigned long present_in(const struct pfn_range *r, unsigned nr, pfn_t lo, pfn_t hi)
{
	unsigned long n = 0;

	for (unsigned i = 0; i < nr; i++) {
		pfn_t s = max(r[i].start, lo), e = min(r[i].end, hi);

		if (s < e)
			n += e - s;
	}
	return n;
}

static void pcp_init(struct per_cpu_pages *pcp)
{
	spin_lock_init(&pcp->lock);
	pcp->count = 0;
	pcp->high = 0; /* boot pageset: pages pass straight through until sized */
	pcp->batch = 1;
	pcp->free_index = 0;
	for (int i = 0; i < NR_PCP_LISTS; i++)
		INIT_LIST_HEAD(&pcp->lists[i]);
	memset(pcp->numa_events, 0, sizeof(pcp->numa_events));
}

static int zone_init(struct pglist_data *pgdat, enum zone_type t, pfn_t lo, pfn_t hi,
		     unsigned long present, memmap_alloc_fn alloc)
{
	struct zone *zone = &pgdat->node_zones[t];

	zone->name = zone_names[t];
	zone->zone_pgdat = pgdat;
	zone->node = pgdat->node_id;
	zone->zone_start_pfn = lo;
	zone->spanned_pages = hi > lo ? hi - lo : 0;
	zone->present_pages = present;
	spin_lock_init(&zone->lock);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&zone->free_area[o].free_list[mt]);
	if (!zone->spanned_pages)
		return 0;

	zone->per_cpu_pageset = alloc(NR_CPUS * sizeof(struct per_cpu_pages), pgdat->node_id);
	if (!zone->per_cpu_pageset) {
		mm_printf("mm_node_init: no memory for per-cpu lists (%lu bytes)\n",
			  (unsigned long)(NR_CPUS * sizeof(struct per_cpu_pages)));
		return -ENOMEM;
	}
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		pcp_init(&zone->per_cpu_pageset[cpu]);

	/* Every pageblock starts Movable, as in Linux: unmovable users claim blocks. */
	pfn_t base = ALIGN_DOWN(lo, PAGEBLOCK_PAGES);
	unsigned long blocks = (ALIGN_UP(hi, PAGEBLOCK_PAGES) - base) / PAGEBLOCK_PAGES;
	unsigned long words = DIV_ROUND_UP(blocks * NR_PAGEBLOCK_BITS, 64);
	unsigned long *bits = alloc(words * sizeof(long), pgdat->node_id);

	if (!bits) {
		mm_printf("mm_node_init: no memory for the pageblock bitmap (%lu bytes)\n",
			  words * sizeof(long));
		return -ENOMEM;
	}
	for (unsigned long w = 0; w < words; w++)
		bits[w] = 0x1111111111111111UL * MIGRATE_MOVABLE;
	zone->pageblock_flags = bits;
	zone->pageblock_base_pfn = base;
	return 0;
}

/* Every struct page of the span: reserved (refcount 1), holes also PG_hole (refcount 0). */
static void memmap_init(struct pglist_data *pgdat, const struct pfn_range *r, unsigned nr,
			const pfn_t hi[MAX_NR_ZONES])
{
	pfn_t start = pgdat->node_start_pfn, end = start + pgdat->node_spanned_pages;
	unsigned ri = 0, zt = 0;

	for (pfn_t pfn = start; pfn < end; pfn++) {
		struct page *page = &pgdat->node_mem_map[pfn - start];

		while (zt < MAX_NR_ZONES - 1 && pfn >= hi[zt])
			zt++;
		while (ri < nr && pfn >= r[ri].end)
			ri++;
		memset(page, 0, sizeof(*page));
		page->flags = (1UL << PG_reserved) | ((unsigned long)zt << ZONES_PGSHIFT) |
			      ((unsigned long)pgdat->node_id << NODES_PGSHIFT);
		INIT_LIST_HEAD(&page->lru);
		if (ri < nr && pfn >= r[ri].start)
			page->_refcount = 1;
		else
			__SetPageHole(page);
	}
}

int mm_node_init(int nid, const struct pfn_range *present, unsigned nr, pfn_t movable_start_pfn,
		 memmap_alloc_fn alloc)
{
	pfn_t lo[MAX_NR_ZONES], hi[MAX_NR_ZONES];
	struct pglist_data *pgdat, *other;
	int ret;

	if (nid < 0 || nid >= MAX_NUMNODES || !alloc) {
		mm_printf("%s: node id out of range or no allocator (%d)\n", __func__, nid);
		return -EINVAL;
	}
	if (node_online(nid)) {
		mm_printf("%s: node already online (%d)\n", __func__, nid);
		return -EINVAL;
	}
	ret = check_ranges(nid, present, nr);
	if (ret)
		return ret;

	pfn_t start = present[0].start, end = present[nr - 1].end;

	for_each_online_pgdat(other)
	{
		pfn_t ostart = other->node_start_pfn, oend = ostart + other->node_spanned_pages;

		if (start < oend && ostart < end) {
			mm_printf("%s: node %d overlaps node %d (pfn 0x%llx-0x%llx)\n", __func__,
				  nid, other->node_id, (unsigned long long)start,
				  (unsigned long long)end);
			return -EEXIST;
		}
	}

	/* Kept (offline) after a failed attempt, so a retry does not allocate it again. */
	pgdat = NODE_DATA(nid);
	if (!pgdat) {
		pgdat = alloc(sizeof(*pgdat), nid);
		if (!pgdat) {
			mm_printf("%s: no memory for the node data of node %d (%zu bytes)\n",
				  __func__, nid, sizeof(*pgdat));
			return -ENOMEM;
		}
		NODE_DATA(nid) = pgdat;
	}
	memset(pgdat, 0, sizeof(*pgdat));
	pgdat->node_id = nid;
	pgdat->node_start_pfn = start;
	pgdat->node_spanned_pages = end - start;
	pgdat->node_present_pages = present_in(present, nr, start, end);
	pgdat->node_mem_map = alloc(pgdat->node_spanned_pages * sizeof(struct page), nid);
	if (!pgdat->node_mem_map) {
		mm_printf("%s: no memory for the memmap of node %d (%lu bytes)\n", __func__, nid,
			  pgdat->node_spanned_pages * sizeof(struct page));
		return -ENOMEM;
	}

	zone_bounds(start, end, movable_start_pfn, lo, hi);
	for (int t = 0; t < MAX_NR_ZONES; t++) {
		ret =
		    zone_init(pgdat, t, lo[t], hi[t], present_in(present, nr, lo[t], hi[t]), alloc);
		if (ret)
			return ret;
	}
	memmap_init(pgdat, present, nr, hi);
	/* The zonelists stay empty until build_all_zonelists(); terminate them now. */
	pgdat->online = true;
	return 0;
}

pfn_t zone_movable_start(const struct pfn_range *present, unsigned nr, unsigned long movable_pages)
{
	unsigned long left = movable_pages;
	pfn_t p = 0;

	if (!nr || !movable_pages)
		return 0;
	for (unsigned i = nr; i-- > 0;) {
		unsigned long len = present[i].end - present[i].start;

		p = present[i].start;
		if (left <= len) {
			p = present[i].end - left;
			break;
		}
		left -= len;
	}
	/* Linux rounds the start up to a MAX_ORDER block so no buddy block straddles it. */
	p = ALIGN_UP(p, MAX_ORDER_NR_PAGES);
	return p >= present[nr - 1].end ? 0 : p;
}

/*
 * Zonelists (Linux's node order): the nodes sorted by distance from this one, ties going
 * to the node with the next higher id first, and within each node its populated zones
 * from the highest type down. An allocation walks the list from the first zone its gfp
 * allows, so it falls back from Normal to DMA32 locally before leaving the node.
 */
static void build_zonelists(struct pglist_data *pgdat)
{
	int order[MAX_NUMNODES], n = 0, local = pgdat->node_id;
	struct zoneref *zr;
	struct pglist_data *other;

	for_each_online_pgdat(other)
	{
		int key = node_distance(local, other->node_id) * 2 + (other->node_id < local);
		int i = n++;

		while (i > 0) {
			int prev = order[i - 1];
			int pkey = node_distance(local, prev) * 2 + (prev < local);

			if (pkey <= key)
				break;
			order[i] = prev;
			i--;
		}
		order[i] = other->node_id;
	}

	zr = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	for (int i = 0; i < n; i++) {
		for (int t = MAX_NR_ZONES - 1; t >= 0; t--) {
			struct zone *zone = &NODE_DATA(order[i])->node_zones[t];

			if (populated_zone(zone))
				*zr++ = (struct zoneref){zone, t};
		}
	}
	*zr = (struct zoneref){NULL, 0};

	zr = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	for (int t = MAX_NR_ZONES - 1; t >= 0; t--)
		if (populated_zone(&pgdat->node_zones[t]))
			*zr++ = (struct zoneref){&pgdat->node_zones[t], t};
	*zr = (struct zoneref){NULL, 0};
}

void build_all_zonelists(void)
{
	struct pglist_data *pgdat;

	for_each_online_pgdat(pgdat) build_zonelists(pgdat);
}

/* A frame the buddy may take: present, still reserved, not quarantined. */
static bool page_freeable(const struct page *page)
{
	return page && PageReserved(page) && !PageHole(page) && !PageBad(page);
}

/* Free [pfn, end) of one zone in the largest naturally aligned blocks. */
static void free_run(struct page *page, pfn_t pfn, pfn_t end)
{
	while (pfn < end) {
		unsigned order =
		    pfn ? (unsigned)min(__builtin_ctzll(pfn), MAX_PAGE_ORDER) : MAX_PAGE_ORDER;

		while (pfn + (1UL << order) > end)
			order--;
		__free_pages_core(page, order);
		pfn += 1UL << order;
		page += 1UL << order;
	}
}

unsigned long free_pages_range(pfn_t start, pfn_t end)
{
	unsigned long freed = 0;
	pfn_t pfn = start;

	if (start > end) {
		mm_printf("%s: inverted range (0x%llx-0x%llx)\n", __func__,
			  (unsigned long long)start, (unsigned long long)end);
		return 0;
	}
	while (pfn < end) {
		struct page *page = pfn_to_page(pfn);

		if (!page_freeable(page)) {
			pfn_t bad = pfn;

			while (pfn < end && !page_freeable(pfn_to_page(pfn)))
				pfn++;
			mm_printf("%s: frames not present or not reserved (pfn 0x%llx-0x%llx)\n",
				  __func__, (unsigned long long)bad, (unsigned long long)pfn - 1);
			continue;
		}

		struct zone *zone = page_zone(page);
		pfn_t limit = min(end, zone_end_pfn(zone)), run = pfn + 1;

		while (run < limit && page_freeable(page + (run - pfn)))
			run++;
		free_run(page, pfn, run);
		freed += run - pfn;
		pfn = run;
	}
	return freed;
}

unsigned long mm_free_ranges(const struct pfn_range *ranges, unsigned nr)
{
	unsigned long freed = 0;

	for (unsigned i = 0; i < nr; i++)
		freed += free_pages_range(ranges[i].start, ranges[i].end);
	return freed;
}

int init_cma_reserved_pageblock(struct page *page)
{
	struct zone *zone;
	pfn_t pfn;

	if (!page_in_memmap(page)) {
		mm_printf("%s: not a struct page of this machine (%p)\n", __func__, (void *)page);
		return -EINVAL;
	}
	pfn = page_to_pfn(page);
	if (!IS_ALIGNED(pfn, PAGEBLOCK_PAGES)) {
		mm_printf("%s: not the start of a pageblock (pfn 0x%llx)\n", __func__,
			  (unsigned long long)pfn);
		return -EINVAL;
	}
	zone = page_zone(page);
	if (pfn + PAGEBLOCK_PAGES > zone_end_pfn(zone)) {
		mm_printf("%s: pageblock crosses the zone end (pfn 0x%llx)\n", __func__,
			  (unsigned long long)pfn);
		return -EINVAL;
	}
	for (unsigned long i = 0; i < PAGEBLOCK_PAGES; i++) {
		if (!page_freeable(page + i)) {
			mm_printf("%s: frame not present or not reserved (pfn 0x%llx)\n", __func__,
				  (unsigned long long)(pfn + i));
			return -EINVAL;
		}
	}
	spin_lock(&zone->lock);
	set_pageblock_migratetype(page, MIGRATE_CMA);
	zone->cma_pages += PAGEBLOCK_PAGES;
	spin_unlock(&zone->lock);
	__free_pages_core(page, PAGEBLOCK_ORDER);
	return 0;
}

void free_reserved_page(struct page *page)
{
	if (!page_in_memmap(page) || !page_freeable(page)) {
		mm_printf("%s: not a reserved page (%p)\n", __func__, (void *)page);
		return;
	}
	__free_pages_core(page, 0);
}

/*
 * Watermarks, as Linux did before watermark_scale_factor (up to 4.5): min_free_kbytes is
 * shared out over the zones in proportion to their managed pages (ZONE_MOVABLE gets a
 * small fixed min instead, managed/1024 clamped to 32..128, like highmem), then
 *	low  = min + share/4    (min * 5/4)
 *	high = min + share/2    (min * 3/2)
 */
void setup_per_zone_wmarks(void)
{
	unsigned long pages_min = (unsigned long)mm_state->min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem = 0;
	struct pglist_data *pgdat;
	struct zone *zone;

	for_each_online_pgdat(pgdat)
	    for_each_zone_in(zone, pgdat) if (zone_idx(zone) != ZONE_MOVABLE) lowmem +=
	    zone->managed_pages;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat)
	{
		unsigned long share =
		    lowmem ? (unsigned long)((u64)pages_min * zone->managed_pages / lowmem) : 0;
		unsigned long wmin = share;

		if (zone_idx(zone) == ZONE_MOVABLE)
			wmin = clamp_ul(zone->managed_pages / 1024, SWAP_CLUSTER_MAX, 128);
		if (!zone->managed_pages)
			wmin = share = 0;
		zone->_watermark[WMARK_MIN] = wmin;
		zone->_watermark[WMARK_LOW] = wmin + share / 4;
		zone->_watermark[WMARK_HIGH] = wmin + share / 2;
		zone->watermark_boost = 0;
	}
}

/*
 * lowmem_reserve[j] of zone i (j > i): the managed pages of the zones i+1..j of the same
 * node divided by lowmem_reserve_ratio[i]; an allocation that could have used zone j
 * must leave that many pages in zone i on top of the watermark.
 */
void setup_per_zone_lowmem_reserve(void)
{
	struct pglist_data *pgdat;

	for_each_online_pgdat(pgdat)
	{
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = mm_state->lowmem_reserve_ratio[i];
			bool clear = ratio <= 0 || !zone->managed_pages;
			unsigned long upper = 0;

			for (int j = 0; j <= i; j++)
				zone->lowmem_reserve[j] = 0;
			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				upper += pgdat->node_zones[j].managed_pages;
				zone->lowmem_reserve[j] =
				    clear ? 0 : (long)(upper / (unsigned)ratio);
			}
		}
	}
}

/*
 * Per-CPU list size, Linux 5.x's zone_batchsize(): about a quarter of a thousandth of the
 * zone, at most 1 MiB's worth, made 2^n - 1 to spread over cache colours; high = 6 batches.
 * Small zones (under 8 MiB) get high 0: their pages pass straight through.
 */
static int zone_batchsize(const struct zone *zone)
{
	unsigned long batch = zone->managed_pages / 1024;

	if (batch * PAGE_SIZE > SZ_1M)
		batch = SZ_1M / PAGE_SIZE;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	while (batch & (batch - 1))
		batch &= batch - 1; /* round down to a power of two */
	return (int)batch - 1;
}

static void set_pageset(struct zone *zone, int high, int batch)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = zone_pcp(zone, (unsigned)cpu);

		if (!pcp)
			return;
		spin_lock(&pcp->lock);
		pcp->high = high;
		pcp->batch = batch;
		spin_unlock(&pcp->lock);
	}
}

void zone_pcp_update(struct zone *zone)
{
	int batch = zone_batchsize(zone);

	set_pageset(zone, 6 * batch, max(1, batch));
}

void zone_set_pageset_high_and_batch(struct zone *zone, int high, int batch)
{
	set_pageset(zone, max(0, high), max(1, batch));
	drain_all_pages(zone);
}

void zone_pcp_disable(struct zone *zone)
{
	set_pageset(zone, 0, 1);
	drain_all_pages(zone);
}

void zone_pcp_enable(struct zone *zone)
{
	zone_pcp_update(zone);
}

void init_per_zone_wmark_min(void)
{
	unsigned long lowmem_kbytes = 0;
	struct pglist_data *pgdat;
	struct zone *zone;

	for_each_online_pgdat(pgdat)
	    for_each_zone_in(zone, pgdat) if (zone_idx(zone) != ZONE_MOVABLE) lowmem_kbytes +=
	    zone->managed_pages << (PAGE_SHIFT - 10);

	unsigned long kb = int_sqrt(lowmem_kbytes * 16);

	mm_state->min_free_kbytes = (int)clamp_ul(kb, 128, 65536);
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat) zone_pcp_update(zone);
}
