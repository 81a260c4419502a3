// SPDX-License-Identifier: MIT
/*
 * Page isolation: taking a range of pageblocks out of the allocator's reach, so that a
 * contiguous allocation (alloc_contig_range, mm/migrate.c; CMA, mm/cma.c) can empty it.
 *
 *  1. start_isolate_page_range(): each pageblock's type becomes MIGRATE_ISOLATE and its free
 *     blocks move to the Isolate lists, which no allocation ever takes from. Pages freed
 *     into an isolated block go there too (free_unref_page() bypasses the per-CPU lists for
 *     them), so once the per-CPU lists are drained every free page of the range stays free.
 *  2. The caller migrates the pages still in use (mm/migrate.c).
 *  3. take_isolated_range(): under zone->lock, check that every page of [start, end) is
 *     inside a free Isolate block, then take those blocks off the lists; parts of them
 *     outside [start, end) go back to the Isolate lists in naturally aligned pieces. Each
 *     page taken is handed out like an order-0 allocation: refcount 1.
 *  4. undo_isolate_page_range(): the blocks get their type back, their free pages move to
 *     its lists, and a free pageblock is freed once more so that it merges with free
 *     neighbours (moving a block between lists never merges it).
 *
 * Also the exact count of free pages in CMA pageblocks (per-CPU lists included), for
 * meminfo's CmaFree. Locking as in mm/mmzone.h: pcp lock before zone->lock.
 */
#include "mm/migrate.h"
#include "mm/page_alloc_internal.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

typedef unsigned long long ull;

static void set_why(struct migrate_fail *fail, pfn_t pfn, const char *fmt, ...) __printf(3, 4);
static void set_why(struct migrate_fail *fail, pfn_t pfn, const char *fmt, ...)
{
	va_list ap;

	if (!fail)
		return;
	fail->pfn = pfn;
	va_start(ap, fmt);
	vsnprintf(fail->why, sizeof(fail->why), fmt, ap);
	va_end(ap);
}

/* The zone of [start, end) if one zone spans all of it (memmap contiguous), else NULL. */
static struct zone *range_zone(pfn_t start, pfn_t end, struct page **first)
{
	struct page *page = start < end ? pfn_to_page(start) : NULL;
	struct zone *zone;

	if (!page)
		return NULL;
	zone = page_zone(page);
	if (start < zone->zone_start_pfn || end > zone_end_pfn(zone))
		return NULL;
	*first = page;
	return zone;
}

struct page *pfn_free_block(struct page *page, pfn_t pfn)
{
	const struct zone *zone = page_zone(page);

	for (unsigned o = 0; o <= MAX_PAGE_ORDER; o++) {
		pfn_t head = pfn & ~((1UL << o) - 1);
		struct page *hp;

		if (head < zone->zone_start_pfn)
			break;
		hp = page - (pfn - head);
		/* A free head of order k is 2^k aligned, so one found at o covers pfn iff k >= o.
		 */
		if ((PageBuddy(hp) || PagePcp(hp)) && hp->order >= o)
			return hp;
	}
	return NULL;
}

static void isolate_block_undo(struct zone *zone, struct page *page, pfn_t pfn, int mt)
{
	move_freepages_block(zone, page, mt);
	if (PageBuddy(page) && page->order >= PAGEBLOCK_ORDER) {
		unsigned order = page->order;

		del_from_free_list(page, zone, order);
		__free_one_page(page, pfn, zone, order, mt);
	}
}

int start_isolate_page_range(pfn_t start, pfn_t end, int mt, struct migrate_fail *fail)
{
	struct page *first = NULL;
	struct zone *zone = range_zone(start, end, &first);

	if (!zone || !IS_ALIGNED(start | end, PAGEBLOCK_PAGES)) {
		set_why(fail, start,
			"range not pageblock aligned inside one zone (pfn 0x%llx-0x%llx)",
			(ull)start, (ull)end);
		return -EINVAL;
	}
	for (pfn_t pfn = start; pfn < end; pfn += PAGEBLOCK_PAGES) {
		struct page *page = first + (pfn - start);
		int cur;

		spin_lock(&zone->lock);
		cur = get_pfnblock_migratetype(page, pfn);
		if (cur == mt)
			move_freepages_block(zone, page, MIGRATE_ISOLATE);
		spin_unlock(&zone->lock);
		if (cur != mt) {
			set_why(fail, pfn, "pageblock at pfn 0x%llx is %s, not %s", (ull)pfn,
				migratetype_names[cur], migratetype_names[mt]);
			undo_isolate_page_range(start, pfn, mt);
			return -EBUSY;
		}
	}
	return 0;
}

void undo_isolate_page_range(pfn_t start, pfn_t end, int mt)
{
	struct page *first = NULL;
	struct zone *zone;

	start = ALIGN_DOWN(start, PAGEBLOCK_PAGES);
	zone = range_zone(start, end, &first);
	if (!zone)
		return;
	for (pfn_t pfn = start; pfn < end; pfn += PAGEBLOCK_PAGES) {
		struct page *page = first + (pfn - start);

		spin_lock(&zone->lock);
		if (get_pfnblock_migratetype(page, pfn) == MIGRATE_ISOLATE)
			isolate_block_undo(zone, page, pfn, mt);
		spin_unlock(&zone->lock);
	}
}

/* Hand out the pages of the free block (page, pfn, order) inside [start, end), and put
   the rest back on the Isolate lists in aligned pieces. */
static void carve(struct zone *zone, struct page *page, pfn_t pfn, unsigned order, pfn_t start,
		  pfn_t end, int mt)
{
	pfn_t last = pfn + (1UL << order);

	if (last <= start || pfn >= end) {
		add_to_free_list(page, zone, order, MIGRATE_ISOLATE, false);
		return;
	}
	if (pfn < start || last > end) {
		unsigned long half = 1UL << (order - 1); /* order 0 is never cut */

		carve(zone, page, pfn, order - 1, start, end, mt);
		carve(zone, page + half, pfn + half, order - 1, start, end, mt);
		return;
	}
	/* Poisoned frames are checked as they leave (reported; the range needs them all). */
	if (unlikely(READ_ONCE(page_poison_check)))
		check_poison_pages(page, order);
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;

		__atomic_store_n(&p->_refcount, 1, __ATOMIC_RELAXED);
		p->order = 0;
		p->migratetype = (u8)mt;
		p->private = 0;
		p->compound_head = 0;
		INIT_LIST_HEAD(&p->lru);
	}
}

/* The free Isolate block covering pfn, or NULL (zone->lock held). */
static struct page *isolated_free_block(struct page *page, pfn_t pfn)
{
	struct page *head = pfn_free_block(page, pfn);

	return head && PageBuddy(head) && head->migratetype == MIGRATE_ISOLATE ? head : NULL;
}

int take_isolated_range(pfn_t start, pfn_t end, int mt, struct migrate_fail *fail)
{
	struct page *first = NULL, *page, *head;
	struct zone *zone = range_zone(start, end, &first);
	pfn_t pfn, hpfn;

	if (!zone) {
		set_why(fail, start, "range not inside one zone (pfn 0x%llx-0x%llx)", (ull)start,
			(ull)end);
		return -EINVAL;
	}
	spin_lock(&zone->lock);
	for (pfn = start; pfn < end; pfn = hpfn + (1UL << head->order)) {
		page = first + (pfn - start);
		head = isolated_free_block(page, pfn);
		if (!head) {
			spin_unlock(&zone->lock);
			set_why(fail, pfn, "pfn 0x%llx still in use (refcount %d)", (ull)pfn,
				page_ref_count(page));
			return -EBUSY;
		}
		hpfn = pfn - (pfn_t)(page - head);
	}
	for (pfn = start; pfn < end;) {
		unsigned order;

		page = first + (pfn - start);
		head = isolated_free_block(page, pfn);
		hpfn = pfn - (pfn_t)(page - head);
		order = head->order;
		del_from_free_list(head, zone, order);
		carve(zone, head, hpfn, order, start, end, mt);
		pfn = hpfn + (1UL << order);
	}
	spin_unlock(&zone->lock);
	return 0;
}

unsigned long zone_free_cma_pages(struct zone *zone)
{
	unsigned long n = READ_ONCE(zone->nr_free_cma);

	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = zone_pcp(zone, cpu);
		struct page *page;

		if (!pcp)
			continue;
		spin_lock(&pcp->lock);
		for (unsigned pi = 0; pcp->count && pi < NR_PCP_LISTS; pi++)
			list_for_each_entry (page, &pcp->lists[pi], lru)
				if (get_pfnblock_migratetype(page, page_to_pfn(page)) ==
				    MIGRATE_CMA)
					n += 1UL << pindex_to_order(pi);
		spin_unlock(&pcp->lock);
	}
	return n;
}
