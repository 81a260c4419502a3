// SPDX-License-Identifier: MIT
/*
 * buddy_verify(): the full check of the buddy allocator's invariants, for `mm_verify`
 * and after every test. For each populated zone, with its per-CPU locks and then its
 * zone lock held:
 *
 *  1. Free lists: every entry is a struct page of this zone with PG_buddy, the list's
 *     order and type, aligned to its order, inside the zone, in a pageblock of the list's
 *     type; links are consistent and lists end; counts match nr_free, nr_free_pages,
 *     nr_free_cma.
 *  2. Per-CPU lists: the same for PG_pcp blocks; pages add up to pcp->count.
 *  3. The memmap: walking every frame of the zone, each is a hole, reserved, the head of
 *     a free block (buddy or per-CPU; its other frames free, unreferenced, not heads
 *     themselves: no frame is both free and in use), or in use. Heads seen equal list
 *     entries, holes and reserved frames give back present_pages and managed_pages, so
 *     free + per-CPU + in use == managed.
 *
 * Problems are counted and printed one per line (the first VERIFY_PRINT_MAX of them).
 */
#include "mm/page_alloc_internal.h"
#include "mm/verify.h"
#include "lib/printf.h"

struct verify {
	struct verify_log log;
	const struct zone *zone;
};

/* Checks shared by buddy and per-CPU blocks; false stops the walk of that list. */
static bool check_block(struct verify *v, struct page *page, unsigned order, const char *what)
{
	const struct zone *zone = v->zone;
	pfn_t pfn;

	if (!page_in_memmap(page)) {
		verify_err(&v->log, "%s list entry is not a struct page (%p)", what, (void *)page);
		return false;
	}
	pfn = page_to_pfn(page);
	if (page_zone(page) != zone)
		verify_err(&v->log, "%s block of another zone on this zone's list (pfn 0x%llx)",
			   what, (unsigned long long)pfn);
	if (!IS_ALIGNED(pfn, 1UL << order))
		verify_err(&v->log, "%s block not aligned to its order (pfn 0x%llx order %u)", what,
			   (unsigned long long)pfn, order);
	if (pfn < zone->zone_start_pfn || pfn + (1UL << order) > zone_end_pfn(zone))
		verify_err(&v->log, "%s block outside the zone (pfn 0x%llx order %u)", what,
			   (unsigned long long)pfn, order);
	if (page->order != order)
		verify_err(&v->log, "%s block on the order-%u list has order %u (pfn 0x%llx)", what,
			   order, page->order, (unsigned long long)pfn);
	if (page_ref_count(page))
		verify_err(&v->log, "%s block in use (pfn 0x%llx refcount %d)", what,
			   (unsigned long long)pfn, page_ref_count(page));
	return true;
}

/* Walk one list defensively: bounded length, consistent back links. */
#define for_each_checked(v, pos, prev, head, n, limit, what)                                       \
	for (pos = (head)->next, prev = (head), n = 0; pos != (head); prev = pos, pos = pos->next) \
		if (++n > (limit)) {                                                               \
			verify_err(&v->log, "%s list does not end", what);                         \
			break;                                                                     \
		} else if (pos->prev != prev) {                                                    \
			verify_err(&v->log, "%s list has a broken back link", what);               \
			break;                                                                     \
		} else

static unsigned long check_free_lists(struct verify *v, struct zone *zone, unsigned long *blocks)
{
	unsigned long pages = 0, cma = 0, limit = zone->spanned_pages + 1;

	*blocks = 0;
	for (unsigned o = 0; o < NR_PAGE_ORDERS; o++) {
		unsigned long nr = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct list_head *head = &zone->free_area[o].free_list[mt], *pos, *prev;
			unsigned long n;

			for_each_checked(v, pos, prev, head, n, limit, "free")
			{
				struct page *page = list_entry(pos, struct page, lru);

				if (!check_block(v, page, o, "free"))
					break;
				pfn_t pfn = page_to_pfn(page);

				if (!PageBuddy(page) || PagePcp(page))
					verify_err(&v->log,
						   "free list entry without PG_buddy (pfn 0x%llx)",
						   (unsigned long long)pfn);
				if (page->migratetype != mt)
					verify_err(&v->log,
						   "%s list holds a block marked %u (pfn 0x%llx)",
						   migratetype_names[mt], page->migratetype,
						   (unsigned long long)pfn);
				for (unsigned long b = 0; b < (1UL << o); b += PAGEBLOCK_PAGES) {
					int bmt = get_pfnblock_migratetype(page, pfn + b);

					if (bmt != mt)
						verify_err(
						    &v->log,
						    "%s block in a %s pageblock (pfn 0x%llx order "
						    "%u)",
						    migratetype_names[mt], migratetype_names[bmt],
						    (unsigned long long)pfn, o);
				}
				nr++;
				pages += 1UL << o;
				if (mt == MIGRATE_CMA)
					cma += 1UL << o;
			}
		}
		if (nr != zone->free_area[o].nr_free)
			verify_err(&v->log, "order-%u nr_free is %lu but the lists hold %lu blocks",
				   o, zone->free_area[o].nr_free, nr);
		*blocks += nr;
	}
	if (pages != zone->nr_free_pages)
		verify_err(&v->log, "nr_free_pages is %lu but the lists hold %lu pages",
			   zone->nr_free_pages, pages);
	if (cma != zone->nr_free_cma)
		verify_err(&v->log, "nr_free_cma is %lu but the CMA lists hold %lu pages",
			   zone->nr_free_cma, cma);
	return pages;
}

static unsigned long check_pcp_lists(struct verify *v, struct zone *zone, unsigned long *blocks)
{
	unsigned long total = 0, limit = zone->spanned_pages + 1;

	*blocks = 0;
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = zone_pcp(zone, (unsigned)cpu);
		long pages = 0;

		if (!pcp)
			continue;

		for (unsigned pi = 0; pi < NR_PCP_LISTS; pi++) {
			unsigned order = pindex_to_order(pi), list_mt = pi % MIGRATE_PCPTYPES;
			struct list_head *pos, *prev;
			unsigned long n;

			for_each_checked(v, pos, prev, &pcp->lists[pi], n, limit, "per-cpu")
			{
				struct page *page = list_entry(pos, struct page, lru);
				unsigned mt;

				if (!check_block(v, page, order, "per-cpu"))
					break;
				mt = page->migratetype < MIGRATE_PCPTYPES ? page->migratetype
									  : MIGRATE_MOVABLE;
				if (!PagePcp(page) || PageBuddy(page))
					verify_err(&v->log,
						   "cpu %d list entry without PG_pcp (pfn 0x%llx)",
						   cpu, (unsigned long long)page_to_pfn(page));
				if (mt != list_mt)
					verify_err(
					    &v->log,
					    "cpu %d %s list holds a block marked %u (pfn 0x%llx)",
					    cpu, migratetype_names[list_mt], page->migratetype,
					    (unsigned long long)page_to_pfn(page));
				pages += 1L << order;
				(*blocks)++;
			}
		}
		if (pages != pcp->count)
			verify_err(&v->log, "cpu %d pcp count is %d but its lists hold %ld pages",
				   cpu, pcp->count, pages);
		total += (unsigned long)pages;
	}
	return total;
}

struct walk_counts {
	unsigned long holes, reserved, used, free, pcp, buddy_heads, pcp_heads;
};

static void walk_memmap(struct verify *v, struct zone *zone, struct walk_counts *c)
{
	struct page *base = pfn_to_page(zone->zone_start_pfn);

	if (!base) {
		verify_err(&v->log, "no memmap for the zone start (pfn 0x%llx)",
			   (unsigned long long)zone->zone_start_pfn);
		return;
	}
	for (unsigned long i = 0; i < zone->spanned_pages;) {
		struct page *page = base + i;
		pfn_t pfn = zone->zone_start_pfn + i;

		if (page_zone(page) != zone)
			verify_err(&v->log, "frame belongs to node %d zone %lu (pfn 0x%llx)",
				   page_to_nid(page), page_zonenum(page), (unsigned long long)pfn);
		if (PageHole(page) || PageReserved(page)) {
			if (PageBuddy(page) || PagePcp(page))
				verify_err(&v->log,
					   "hole or reserved frame on a free list (pfn 0x%llx)",
					   (unsigned long long)pfn);
			if (PageHole(page))
				c->holes++;
			else
				c->reserved++;
			i++;
			continue;
		}
		if (!PageBuddy(page) && !PagePcp(page)) {
			c->used++;
			i++;
			continue;
		}
		if (PageBuddy(page) && PagePcp(page))
			verify_err(&v->log,
				   "frame both on a free list and a per-cpu list (pfn 0x%llx)",
				   (unsigned long long)pfn);

		unsigned long n = 1UL << page->order;

		if (i + n > zone->spanned_pages)
			n = zone->spanned_pages - i;
		for (unsigned long k = 1; k < n; k++) {
			struct page *q = page + k;

			if (PageBuddy(q) || PagePcp(q) || page_ref_count(q) || PageReserved(q) ||
			    PageHole(q) || PageTail(q))
				verify_err(
				    &v->log,
				    "frame inside a free block is in use or a head (pfn 0x%llx "
				    "in block 0x%llx order %u)",
				    (unsigned long long)(pfn + k), (unsigned long long)pfn,
				    page->order);
		}
		if (PageBuddy(page)) {
			c->buddy_heads++;
			c->free += n;
		} else {
			c->pcp_heads++;
			c->pcp += n;
		}
		i += n;
	}
}

static void verify_zone(struct verify *v, struct zone *zone)
{
	unsigned long list_blocks, pcp_blocks, free, pcp;
	struct walk_counts c = {0};

	for (unsigned cpu = 0; zone->per_cpu_pageset && cpu < NR_CPUS; cpu++)
		spin_lock(&zone->per_cpu_pageset[cpu].lock);
	spin_lock(&zone->lock);

	free = check_free_lists(v, zone, &list_blocks);
	pcp = check_pcp_lists(v, zone, &pcp_blocks);
	walk_memmap(v, zone, &c);
	if (c.buddy_heads != list_blocks || c.free != free)
		verify_err(&v->log,
			   "memmap has %lu free blocks (%lu pages), free lists %lu (%lu pages)",
			   c.buddy_heads, c.free, list_blocks, free);
	if (c.pcp_heads != pcp_blocks || c.pcp != pcp)
		verify_err(
		    &v->log,
		    "memmap has %lu per-cpu blocks (%lu pages), per-cpu lists %lu (%lu pages)",
		    c.pcp_heads, c.pcp, pcp_blocks, pcp);
	if (zone->spanned_pages - c.holes != zone->present_pages)
		verify_err(&v->log, "present_pages is %lu but the memmap has %lu frames with RAM",
			   zone->present_pages, zone->spanned_pages - c.holes);
	if (c.free + c.pcp + c.used != zone->managed_pages)
		verify_err(&v->log,
			   "managed_pages is %lu but free %lu + per-cpu %lu + in use %lu = %lu",
			   zone->managed_pages, c.free, c.pcp, c.used, c.free + c.pcp + c.used);

	spin_unlock(&zone->lock);
	for (unsigned cpu = NR_CPUS; zone->per_cpu_pageset && cpu-- > 0;)
		spin_unlock(&zone->per_cpu_pageset[cpu].lock);
}

int buddy_verify(void)
{
	struct verify v = {.log = {.who = "buddy_verify"}};
	struct pglist_data *pgdat;
	struct zone *zone;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat)
	{
		if (!zone->spanned_pages)
			continue;
		v.zone = zone;
		snprintf(v.log.where, sizeof(v.log.where), "node %d zone %s", zone->node,
			 zone->name);
		verify_zone(&v, zone);
	}
	return verify_done(&v.log);
}
