// SPDX-License-Identifier: MIT
/*
 * The buddy page allocator.
 *
 * Free memory is kept in naturally aligned blocks of 2^order pages, order 0..10, on the
 * zone's free_area[order].free_list[migratetype]. The "buddy" of the block at pfn with
 * order o is the block at pfn ^ (1 << o): together they make the aligned block of order
 * o + 1 at pfn & ~(1 << o).
 *
 * Freeing a block looks at its buddy: if the buddy is free at the same order (PG_buddy
 * and page->order == o), inside the same zone (never across a zone edge) and backed by
 * RAM (holes are never PG_buddy), the two are unlinked and merged, and the step repeats
 * one order up, to MAX_PAGE_ORDER. Merges at pageblock size and above keep the
 * pageblocks' types consistent: two different types merge only if both are ordinary
 * (Unmovable, Movable, Reclaimable), and the buddy's blocks then take the freed type;
 * CMA, HighAtomic and Isolate blocks never merge with other types.
 *
 * Allocating order o takes the first block on the list of the wanted type at the lowest
 * order >= o that has one, and splits it: the upper halves go back on the lists of that
 * type at orders high-1 .. o ("expand").
 *
 * Anti-fragmentation (Linux's grouping by mobility): each 2 MiB pageblock has a type in
 * the zone's pageblock bitmap, and a free block sits on the list of its pageblock's type.
 * When the wanted type has nothing, another type is raided, following Linux's table
 *	Unmovable   -> Reclaimable, Movable
 *	Movable     -> Reclaimable, Unmovable
 *	Reclaimable -> Unmovable, Movable
 * taking the largest block first (so as to claim a whole pageblock rather than pollute
 * many). A block of pageblock size or more is claimed outright. A smaller one lets the
 * allocation claim its whole pageblock when it may steal (order >= pageblock_order/2, or
 * an Unmovable or Reclaimable request) and at least half of the pageblock is free or
 * already used by compatible allocations: the block's type changes and all its free pages
 * move to the new lists. Otherwise only the one block is taken and its remainder stays on
 * its own type's lists. A Movable request that may not steal takes the smallest block.
 * With page_group_by_mobility_disabled (page_alloc.grouping=off) every request is
 * Unmovable: the first ones claim blocks, then all kinds of pages share them.
 *
 * Per-CPU lists: orders 0..3 of the three ordinary types are cached per CPU. An empty
 * list is refilled with a batch of blocks under one zone lock; a free goes to the head
 * (cache hot) and, when the CPU holds high pages, a batch of the coldest (tails, lists in
 * turn) goes back to the buddy. Pages on per-CPU lists are not counted in nr_free_pages.
 *
 * Watermarks: before taking from a zone, its free pages minus the allocation must stay
 * above a mark plus lowmem_reserve[highest zone the request could use]. First pass at
 * WMARK_LOW for everyone; second at WMARK_MIN, halved for __GFP_HIGH (ALLOC_HIGH) and cut
 * by another quarter for __GFP_ATOMIC (ALLOC_HARDER); callers that may wait get a drain of
 * every per-CPU list and one more try; __GFP_MEMALLOC and, last, __GFP_NOFAIL may ignore
 * the watermarks. Zones are tried in zonelist order: nearest node first, high to low.
 *
 * Debug aids: alloc_pages_node() asks fault injection (mm/fault_inject.h) first, and a
 * block taken off a list is checked for page poison (mm/page_alloc_poison.c).
 *
 * Freeing (checks on what callers hand back, refcounts, compound pages) is in
 * mm/page_alloc_free.c; setup (nodes, zones, watermarks) in mm/page_alloc_init.c.
 */
#include "mm/gfp.h"
#include "mm/fault_inject.h"
#include "mm/page_alloc_internal.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

bool page_group_by_mobility_disabled;

struct alloc_context {
	struct zonelist *zonelist;   /* zones to try, in order */
	struct zone *preferred_zone; /* first usable zone: NUMA statistics */
	int highest_zoneidx;	     /* gfp_zone() */
	int migratetype;	     /* gfp_migratetype() */
};

/* ---- pageblock bitmap ---- */

static unsigned long *pageblock_word(const struct zone *zone, pfn_t pfn, unsigned *shift)
{
	unsigned long bit =
	    ((pfn - zone->pageblock_base_pfn) >> PAGEBLOCK_ORDER) * NR_PAGEBLOCK_BITS;

	*shift = bit % 64;
	return &zone->pageblock_flags[bit / 64];
}

int get_pfnblock_migratetype(const struct page *page, pfn_t pfn)
{
	unsigned shift;
	unsigned long w = READ_ONCE(*pageblock_word(page_zone(page), pfn, &shift));

	return (int)((w >> shift) & 0x7);
}

int get_pageblock_migratetype(const struct page *page)
{
	return get_pfnblock_migratetype(page, page_to_pfn(page));
}

void set_pageblock_migratetype(struct page *page, int migratetype)
{
	unsigned shift;
	unsigned long *w;

	if (migratetype < 0 || migratetype >= MIGRATE_TYPES) {
		mm_printf("%s: no such migratetype (%d)\n", __func__, migratetype);
		return;
	}
	/* Under the zone lock; get_pfnblock_migratetype() may read the word without it. */
	w = pageblock_word(page_zone(page), page_to_pfn(page), &shift);
	WRITE_ONCE(*w, (*w & ~(0xfUL << shift)) | ((unsigned long)migratetype << shift));
}

void change_pageblock_range(struct page *page, unsigned int order, int migratetype)
{
	unsigned long blocks = order >= PAGEBLOCK_ORDER ? 1UL << (order - PAGEBLOCK_ORDER) : 1;

	for (unsigned long i = 0; i < blocks; i++)
		set_pageblock_migratetype(page + i * PAGEBLOCK_PAGES, migratetype);
}

static bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/* ---- free lists (zone->lock held) ---- */

/* The counts zone_watermark_ok() reads without the lock; written under it. */
static void account_freepages(struct zone *zone, long nr, int mt)
{
	WRITE_ONCE(zone->nr_free_pages, zone->nr_free_pages + nr);
	if (mt == MIGRATE_CMA)
		WRITE_ONCE(zone->nr_free_cma, zone->nr_free_cma + nr);
}

void add_to_free_list(struct page *page, struct zone *zone, unsigned order, int mt, bool tail)
{
	struct list_head *list = &zone->free_area[order].free_list[mt];

	__SetPageBuddy(page);
	page->order = (u8)order;
	page->migratetype = (u8)mt;
	if (tail)
		list_add_tail(&page->lru, list);
	else
		list_add(&page->lru, list);
	WRITE_ONCE(zone->free_area[order].nr_free, zone->free_area[order].nr_free + 1);
	account_freepages(zone, 1L << order, mt);
}

void del_from_free_list(struct page *page, struct zone *zone, unsigned order)
{
	list_del(&page->lru);
	__ClearPageBuddy(page);
	WRITE_ONCE(zone->free_area[order].nr_free, zone->free_area[order].nr_free - 1);
	account_freepages(zone, -(1L << order), page->migratetype);
}

static void move_to_free_list(struct page *page, struct zone *zone, unsigned order, int mt)
{
	list_move_tail(&page->lru, &zone->free_area[order].free_list[mt]);
	account_freepages(zone, -(1L << order), page->migratetype);
	account_freepages(zone, 1L << order, mt);
	page->migratetype = (u8)mt;
}

/* The free buddy of the block (page, pfn, order), or NULL; see the comment at the top. */
static struct page *find_buddy(struct zone *zone, struct page *page, pfn_t pfn, unsigned order,
			       pfn_t *buddy_pfn)
{
	pfn_t bpfn = pfn ^ (1UL << order);
	struct page *buddy;

	if (!zone_spans_pfn(zone, bpfn))
		return NULL;
	buddy = page + (long)(bpfn - pfn);
	if (!PageBuddy(buddy) || buddy->order != order || PageHole(buddy))
		return NULL;
	if (page_zonenum(buddy) != (unsigned long)zone_idx(zone) ||
	    page_to_nid(buddy) != zone->node)
		return NULL;
	*buddy_pfn = bpfn;
	return buddy;
}

/*
 * Will the block at pfn (order, just freed, buddy still in use) probably merge further?
 * If the buddy of the next order up is free, yes: queue it at the tail so that it stays
 * free longer and the merge gets its chance (Linux's buddy_merge_likely).
 */
static bool buddy_merge_likely(struct zone *zone, struct page *page, pfn_t pfn, unsigned order)
{
	pfn_t higher, hb;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher = pfn & ~(1UL << order);
	if (!zone_spans_pfn(zone, higher))
		return false;
	return find_buddy(zone, page + (long)(higher - pfn), higher, order + 1, &hb) != NULL;
}

void __free_one_page(struct page *page, pfn_t pfn, struct zone *zone, unsigned order, int mt)
{
	pfn_t bpfn = 0;

	while (order < MAX_PAGE_ORDER) {
		struct page *buddy = find_buddy(zone, page, pfn, order, &bpfn);

		if (!buddy)
			break;
		if (order >= PAGEBLOCK_ORDER) {
			int bmt = get_pfnblock_migratetype(buddy, bpfn);

			if (bmt != mt) {
				if (!migratetype_is_mergeable(mt) || !migratetype_is_mergeable(bmt))
					break;
				change_pageblock_range(buddy, order, mt);
			}
		}
		del_from_free_list(buddy, zone, order);
		pfn_t combined = pfn & bpfn;

		page += (long)(combined - pfn);
		pfn = combined;
		order++;
	}
	add_to_free_list(page, zone, order, mt, buddy_merge_likely(zone, page, pfn, order));
}

void free_one_page(struct zone *zone, struct page *page, pfn_t pfn, unsigned order, int mt)
{
	spin_lock(&zone->lock);
	__free_one_page(page, pfn, zone, order, mt);
	spin_unlock(&zone->lock);
}

/* Put the upper halves of the block (page, high) back until it is of order low. */
static void expand(struct zone *zone, struct page *page, unsigned low, unsigned high, int mt)
{
	while (high > low) {
		high--;
		add_to_free_list(page + (1UL << high), zone, high, mt, false);
	}
}

static struct page *__rmqueue_smallest(struct zone *zone, unsigned order, int mt)
{
	for (unsigned o = order; o < NR_PAGE_ORDERS; o++) {
		struct list_head *list = &zone->free_area[o].free_list[mt];
		struct page *page;

		if (list_empty(list))
			continue;
		page = list_first_entry(list, struct page, lru);
		del_from_free_list(page, zone, o);
		expand(zone, page, order, o, mt);
		return page;
	}
	return NULL;
}

/* ---- fallback and pageblock stealing ---- */

static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
    [MIGRATE_UNMOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE},
    [MIGRATE_MOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE},
    [MIGRATE_RECLAIMABLE] = {MIGRATE_UNMOVABLE, MIGRATE_MOVABLE},
};

static bool can_steal_fallback(unsigned order, int start_mt)
{
	return order >= PAGEBLOCK_ORDER / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE;
}

/* The first fallback type with a free block of this order, or -1. */
static int find_suitable_fallback(struct free_area *area, unsigned order, int mt, bool *can_steal)
{
	*can_steal = false;
	if (!area->nr_free)
		return -1;
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fmt = fallbacks[mt][i];

		if (list_empty(&area->free_list[fmt]))
			continue;
		*can_steal = can_steal_fallback(order, mt);
		return fmt;
	}
	return -1;
}

static bool block_in_zone(const struct zone *zone, pfn_t start)
{
	return start >= zone->zone_start_pfn && start + PAGEBLOCK_PAGES <= zone_end_pfn(zone);
}

/* Free pages and pages of Movable allocations in the pageblock at base (start pfn). */
static void count_block(struct page *base, unsigned long *free, unsigned long *movable)
{
	*free = *movable = 0;
	for (unsigned long i = 0; i < PAGEBLOCK_PAGES;) {
		struct page *p = base + i;
		unsigned long n = 1;

		if (PageBuddy(p)) {
			n = 1UL << p->order;
			*free += n;
		} else if (!PageReserved(p) && !PageTail(p) && page_ref_count(p) > 0) {
			n = min(1UL << p->order, PAGEBLOCK_PAGES - i);
			if (p->migratetype == MIGRATE_MOVABLE)
				*movable += n;
		} else if (PagePcp(p)) {
			n = 1UL << p->order;
		}
		i += n;
	}
}

/* Move the free blocks inside the pageblock at base to mt's lists; returns pages. */
static unsigned long move_block_free_pages(struct zone *zone, struct page *base, int mt)
{
	unsigned long moved = 0;

	for (unsigned long i = 0; i < PAGEBLOCK_PAGES;) {
		struct page *p = base + i;

		if (PageBuddy(p)) {
			move_to_free_list(p, zone, p->order, mt);
			moved += 1UL << p->order;
			i += 1UL << p->order;
		} else {
			i++;
		}
	}
	return moved;
}

static struct page *steal_suitable_fallback(struct zone *zone, struct page *page,
					    unsigned current_order, unsigned order, int start_mt,
					    bool whole_block)
{
	int block_mt = page->migratetype;
	pfn_t pfn = page_to_pfn(page);
	pfn_t start = ALIGN_DOWN(pfn, PAGEBLOCK_PAGES);

	if (current_order >= PAGEBLOCK_ORDER) {
		del_from_free_list(page, zone, current_order);
		change_pageblock_range(page, current_order, start_mt);
		expand(zone, page, order, current_order, start_mt);
		return page;
	}
	if (whole_block && block_in_zone(zone, start)) {
		struct page *base = page - (pfn - start);
		unsigned long free, movable, alike = 0;

		count_block(base, &free, &movable);
		if (start_mt == MIGRATE_MOVABLE)
			alike = movable;
		else if (block_mt == MIGRATE_MOVABLE)
			alike = PAGEBLOCK_PAGES - (free + movable);
		if (free + alike >= PAGEBLOCK_PAGES / 2) {
			move_block_free_pages(zone, base, start_mt);
			set_pageblock_migratetype(base, start_mt);
			return __rmqueue_smallest(zone, order, start_mt);
		}
	}
	del_from_free_list(page, zone, current_order);
	expand(zone, page, order, current_order, block_mt);
	return page;
}

static struct page *__rmqueue_fallback(struct zone *zone, unsigned order, int start_mt)
{
	bool can_steal = false;
	int o, fmt = -1;

	for (o = MAX_PAGE_ORDER; o >= (int)order; o--) {
		fmt = find_suitable_fallback(&zone->free_area[o], o, start_mt, &can_steal);
		if (fmt < 0)
			continue;
		/* A movable request that cannot claim the block takes the smallest one. */
		if (!can_steal && start_mt == MIGRATE_MOVABLE && o > (int)order)
			goto find_smallest;
		goto do_steal;
	}
	return NULL;

find_smallest:
	for (o = order; o < NR_PAGE_ORDERS; o++) {
		fmt = find_suitable_fallback(&zone->free_area[o], o, start_mt, &can_steal);
		if (fmt >= 0)
			break;
	}
do_steal:
	return steal_suitable_fallback(
	    zone, list_first_entry(&zone->free_area[o].free_list[fmt], struct page, lru), o, order,
	    start_mt, can_steal);
}

static struct page *__rmqueue(struct zone *zone, unsigned order, int mt, unsigned alloc_flags)
{
	struct page *page;

	/* Keep CMA in use when it holds most of the free memory (movable requests only). */
	if ((alloc_flags & ALLOC_CMA) && zone->nr_free_cma > zone->nr_free_pages / 2) {
		page = __rmqueue_smallest(zone, order, MIGRATE_CMA);
		if (page)
			return page;
	}
	page = __rmqueue_smallest(zone, order, mt);
	if (!page && (alloc_flags & ALLOC_CMA))
		page = __rmqueue_smallest(zone, order, MIGRATE_CMA);
	if (!page)
		page = __rmqueue_fallback(zone, order, mt);
	return page;
}

/* Split any free block larger than a pageblock that contains the pageblock at base. */
static void split_large_buddy(struct zone *zone, struct page *base, pfn_t start)
{
	for (unsigned o = PAGEBLOCK_ORDER + 1; o <= MAX_PAGE_ORDER; o++) {
		pfn_t head = ALIGN_DOWN(start, 1UL << o);
		struct page *hp = base - (start - head);

		if (!zone_spans_pfn(zone, head))
			return;
		if (PageBuddy(hp) && hp->order == o) {
			int mt = hp->migratetype;

			del_from_free_list(hp, zone, o);
			expand(zone, hp, PAGEBLOCK_ORDER, o, mt);
			add_to_free_list(hp, zone, PAGEBLOCK_ORDER, mt, false);
			return;
		}
	}
}

long move_freepages_block(struct zone *zone, struct page *page, int migratetype)
{
	pfn_t pfn = page_to_pfn(page), start = ALIGN_DOWN(pfn, PAGEBLOCK_PAGES);
	struct page *base = page - (pfn - start);

	if (migratetype < 0 || migratetype >= MIGRATE_TYPES || !block_in_zone(zone, start)) {
		mm_printf("%s: pageblock not inside the zone or bad type (pfn 0x%llx type %d)\n",
			  __func__, (unsigned long long)start, migratetype);
		return -EINVAL;
	}
	split_large_buddy(zone, base, start);
	long moved = (long)move_block_free_pages(zone, base, migratetype);

	set_pageblock_migratetype(base, migratetype);
	return moved;
}

/* ---- per-CPU lists ---- */

static struct per_cpu_pages *this_cpu_pcp(struct zone *zone)
{
	return zone_pcp(zone, smp_processor_id());
}

/* Move up to count blocks from the buddy to a per-CPU list (pcp->lock held). */
static int rmqueue_bulk(struct zone *zone, unsigned order, int count, struct list_head *list,
			int mt, unsigned alloc_flags)
{
	int i;

	spin_lock(&zone->lock);
	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue(zone, order, mt, alloc_flags);

		if (!page)
			break;
		__SetPagePcp(page);
		page->order = (u8)order;
		page->migratetype = (u8)mt;
		list_add_tail(&page->lru, list);
	}
	spin_unlock(&zone->lock);
	return i;
}

/* Give count pages' worth of the coldest blocks back to the buddy (pcp->lock held). */
static void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp)
{
	count = min(count, pcp->count);
	spin_lock(&zone->lock);
	while (count > 0) {
		struct list_head *list = NULL;
		unsigned pindex = 0;

		for (int tries = 0; tries < NR_PCP_LISTS; tries++) {
			pindex = (unsigned)pcp->free_index;
			pcp->free_index = (pcp->free_index + 1) % NR_PCP_LISTS;
			if (!list_empty(&pcp->lists[pindex])) {
				list = &pcp->lists[pindex];
				break;
			}
		}
		if (!list)
			break; /* count disagrees with the lists: buddy_verify() reports it */

		struct page *page = list_last_entry(list, struct page, lru);
		unsigned order = pindex_to_order(pindex);
		pfn_t pfn = page_to_pfn(page);

		list_del(&page->lru);
		__ClearPagePcp(page);
		pcp->count -= 1 << order;
		count -= 1 << order;
		__free_one_page(page, pfn, zone, order, get_pfnblock_migratetype(page, pfn));
	}
	spin_unlock(&zone->lock);
}

static struct page *rmqueue_pcplist(struct zone *zone, struct per_cpu_pages *pcp, unsigned order,
				    int mt, unsigned alloc_flags)
{
	struct list_head *list = &pcp->lists[order_to_pindex(mt, order)];
	struct page *page = NULL;

	spin_lock(&pcp->lock);
	if (list_empty(list)) {
		int blocks = order ? max(pcp->batch >> order, 2) : pcp->batch;

		pcp->count += rmqueue_bulk(zone, order, blocks, list, mt, alloc_flags) << order;
	}
	if (!list_empty(list)) {
		page = list_first_entry(list, struct page, lru);
		list_del(&page->lru);
		__ClearPagePcp(page);
		pcp->count -= 1 << order;
	}
	spin_unlock(&pcp->lock);
	return page;
}

void free_unref_page(struct zone *zone, struct page *page, pfn_t pfn, unsigned order, int mt)
{
	struct per_cpu_pages *pcp = this_cpu_pcp(zone);
	int list_mt = mt < MIGRATE_PCPTYPES ? mt : MIGRATE_MOVABLE;

	if (!pcp || mt == MIGRATE_ISOLATE) {
		free_one_page(zone, page, pfn, order, mt);
		return;
	}
	spin_lock(&pcp->lock);
	if (pcp->high <= 0) {
		spin_unlock(&pcp->lock);
		free_one_page(zone, page, pfn, order, mt);
		return;
	}
	__SetPagePcp(page);
	page->order = (u8)order;
	page->migratetype = (u8)mt;
	list_add(&page->lru, &pcp->lists[order_to_pindex(list_mt, order)]);
	pcp->count += 1 << order;
	if (pcp->count >= pcp->high)
		free_pcppages_bulk(zone, pcp->batch, pcp);
	spin_unlock(&pcp->lock);
}

static void drain_pages_zone(unsigned cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp = zone_pcp(zone, cpu);

	if (!pcp)
		return;
	spin_lock(&pcp->lock);
	if (pcp->count)
		free_pcppages_bulk(zone, pcp->count, pcp);
	spin_unlock(&pcp->lock);
}

static void drain_cpu(unsigned cpu, struct zone *zone)
{
	struct pglist_data *pgdat;
	struct zone *z;

	if (zone) {
		drain_pages_zone(cpu, zone);
		return;
	}
	for_each_online_pgdat(pgdat) for_each_zone_in(z, pgdat) if (populated_zone(z))
	    drain_pages_zone(cpu, z);
}

void drain_local_pages(struct zone *zone)
{
	unsigned cpu = smp_processor_id();

	if (cpu < NR_CPUS)
		drain_cpu(cpu, zone);
}

void drain_all_pages(struct zone *zone)
{
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++)
		drain_cpu(cpu, zone);
}

/* ---- allocation ---- */

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark, int highest_zoneidx,
		       unsigned int alloc_flags)
{
	long min = (long)mark;
	long free_pages = (long)READ_ONCE(z->nr_free_pages) - ((1L << order) - 1);

	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & ALLOC_HARDER)
		min -= min / 4;
	if (!(alloc_flags & ALLOC_CMA))
		free_pages -= (long)READ_ONCE(z->nr_free_cma);
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	/* Enough pages, but is there a block big enough on a list we may use? */
	for (unsigned o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &z->free_area[o];

		if (!READ_ONCE(area->nr_free))
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!list_empty(&area->free_list[mt]))
				return true;
		if ((alloc_flags & ALLOC_CMA) && !list_empty(&area->free_list[MIGRATE_CMA]))
			return true;
		if ((alloc_flags & ALLOC_HARDER) &&
		    !list_empty(&area->free_list[MIGRATE_HIGHATOMIC]))
			return true;
	}
	return false;
}

static struct page *rmqueue(struct zone *zone, unsigned order, int mt, unsigned alloc_flags)
{
	struct page *page = NULL;

	if (order <= PAGE_ALLOC_COSTLY_ORDER) {
		struct per_cpu_pages *pcp = this_cpu_pcp(zone);

		if (pcp && READ_ONCE(pcp->high) > 0)
			return rmqueue_pcplist(zone, pcp, order, mt, alloc_flags);
	}
	spin_lock(&zone->lock);
	if (order > 0 && (alloc_flags & ALLOC_HARDER))
		page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
	if (!page)
		page = __rmqueue(zone, order, mt, alloc_flags);
	spin_unlock(&zone->lock);
	return page;
}

/*
 * A block just taken off a list must look free, and with page_poison still hold the
 * pattern it was freed with; if not, quarantine it and take another.
 */
static bool check_new_page(struct page *page, unsigned order)
{
	const unsigned long bad = (1UL << PG_reserved) | (1UL << PG_hole) | (1UL << PG_bad) |
				  (1UL << PG_head) | (1UL << PG_buddy) | (1UL << PG_pcp);

	if (page->flags & bad || page_ref_count(page) || page->compound_head) {
		bad_page(page, "corrupted free page taken off a free list");
		__SetPageBad(page);
		return false;
	}
	if (unlikely(READ_ONCE(page_poison_check)) && !check_poison_pages(page, order)) {
		page->order = (u8)order;
		__SetPageBad(page);
		return false;
	}
	return true;
}

static void prep_compound_page(struct page *page, unsigned order)
{
	__SetPageHead(page);
	for (unsigned long i = 1; i < (1UL << order); i++)
		page[i].compound_head = (unsigned long)page | 1;
}

static void prep_new_page(struct page *page, unsigned order, gfp_t gfp, int mt)
{
	__atomic_store_n(&page->_refcount, 1, __ATOMIC_RELAXED);
	page->order = (u8)order;
	page->migratetype = (u8)mt;
	page->private = 0;
	INIT_LIST_HEAD(&page->lru);
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
}

/* One NUMA event on this CPU's counters of zone (populated zones have them). */
static inline void numa_event_inc(struct zone *zone, unsigned cpu, enum numa_stat_item item)
{
	struct per_cpu_pages *pcp = zone_pcp(zone, cpu);

	if (pcp)
		WRITE_ONCE(pcp->numa_events[item], pcp->numa_events[item] + 1);
}

static void zone_statistics(struct zone *preferred, struct zone *z)
{
	unsigned cpu = smp_processor_id();

	if (z->node != preferred->node) {
		numa_event_inc(z, cpu, NUMA_MISS);
		numa_event_inc(preferred, cpu, NUMA_FOREIGN);
	} else {
		numa_event_inc(z, cpu, NUMA_HIT);
	}
	numa_event_inc(z, cpu, z->node == cpu_to_node(cpu) ? NUMA_LOCAL : NUMA_OTHER);
}

static struct page *get_page_from_freelist(gfp_t gfp, unsigned order, unsigned alloc_flags,
					   const struct alloc_context *ac)
{
	for (const struct zoneref *z = ac->zonelist->_zonerefs; z->zone; z++) {
		struct zone *zone = z->zone;
		struct page *page;

		if (z->zone_idx > ac->highest_zoneidx || !zone->managed_pages)
			continue;
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_ok(zone, order,
				       zone->_watermark[alloc_flags & ALLOC_WMARK_MASK],
				       ac->highest_zoneidx, alloc_flags))
			continue;
		while ((page = rmqueue(zone, order, ac->migratetype, alloc_flags)) &&
		       !check_new_page(page, order))
			;
		if (page) {
			prep_new_page(page, order, gfp, ac->migratetype);
			zone_statistics(ac->preferred_zone, zone);
			return page;
		}
	}
	return NULL;
}

static void warn_alloc(gfp_t gfp, unsigned order)
{
	char names[192];

	gfp_flags_format(names, sizeof(names), gfp);
	mm_printf("cpu%u: page allocation failure: order:%u, mode:0x%x(%s), nodemask=(null)\n",
		  smp_processor_id(), order, gfp, names);
}

static struct page *alloc_pages_slowpath(gfp_t gfp, unsigned order, const struct alloc_context *ac,
					 unsigned cma_flag)
{
	unsigned alloc_flags = ALLOC_WMARK_MIN | cma_flag;
	struct page *page;

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_HIGH;
	if ((gfp & __GFP_ATOMIC) && !(gfp & __GFP_NOMEMALLOC))
		alloc_flags |= ALLOC_HARDER;
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (!page && (gfp & __GFP_DIRECT_RECLAIM)) {
		/* No reclaim here: the one thing waiting can win is other CPUs' cached pages. */
		drain_all_pages(NULL);
		page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	}
	if (!page && (gfp & __GFP_MEMALLOC) && !(gfp & __GFP_NOMEMALLOC))
		page = get_page_from_freelist(gfp, order, ALLOC_NO_WATERMARKS | cma_flag, ac);
	if (!page && (gfp & __GFP_NOFAIL)) {
		page =
		    get_page_from_freelist(gfp, order, alloc_flags | ALLOC_HIGH | ALLOC_HARDER, ac);
		if (!page)
			page =
			    get_page_from_freelist(gfp, order, ALLOC_NO_WATERMARKS | cma_flag, ac);
	}
	return page;
}

static struct page *alloc_failed(gfp_t gfp, unsigned order)
{
	mm_state->nr_alloc_failures++;
	if (!(gfp & __GFP_NOWARN) || (gfp & __GFP_NOFAIL))
		warn_alloc(gfp, order);
	return NULL;
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	struct alloc_context ac;
	unsigned cma_flag;
	struct page *page;

	if (nid == NUMA_NO_NODE) {
		nid = numa_node_id();
		for (int n = 0; n < MAX_NUMNODES && !node_online(nid); n++)
			nid = n; /* memoryless node: the first one with memory */
	}
	if (!node_online(nid)) {
		mm_printf("%s: node not online (%d)\n", __func__, nid);
		return alloc_failed(gfp, order);
	}
	if (order > MAX_PAGE_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			mm_printf("%s: order too large (%u)\n", __func__, order);
		return alloc_failed(gfp | __GFP_NOWARN, order);
	}
	/* fail_page_alloc=, fail_nth= (mm/fault_inject.h): fail as if memory had run out. */
	if (should_fail_alloc_page(gfp, order))
		return alloc_failed(gfp, order);
	ac.zonelist =
	    &NODE_DATA(nid)
		 ->node_zonelists[(gfp & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
	ac.highest_zoneidx = gfp_zone(gfp);
	ac.migratetype = page_group_by_mobility_disabled ? MIGRATE_UNMOVABLE : gfp_migratetype(gfp);
	ac.preferred_zone = NULL;
	for (const struct zoneref *z = ac.zonelist->_zonerefs; z->zone; z++) {
		if (z->zone_idx <= ac.highest_zoneidx) {
			ac.preferred_zone = z->zone;
			break;
		}
	}
	if (!ac.preferred_zone)
		return alloc_failed(gfp, order);

	cma_flag = ac.migratetype == MIGRATE_MOVABLE ? ALLOC_CMA : 0;
	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW | cma_flag, &ac);
	if (!page)
		page = alloc_pages_slowpath(gfp, order, &ac, cma_flag);
	return page ? page : alloc_failed(gfp, order);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return alloc_pages_node(NUMA_NO_NODE, gfp, order);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/* ---- setup ---- */

void __free_pages_core(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	pfn_t pfn = page_to_pfn(page);

	for (unsigned long i = 0; i < (1UL << order); i++) {
		__ClearPageReserved(page + i);
		page[i]._refcount = 0;
	}
	spin_lock(&zone->lock);
	zone->managed_pages += 1UL << order;
	__free_one_page(page, pfn, zone, order, get_pfnblock_migratetype(page, pfn));
	spin_unlock(&zone->lock);
}
