// SPDX-License-Identifier: MIT
/*
 * buddyinfo, pagetypeinfo and zoneinfo in Linux's formats (mm/vmstat.c of Linux 6.1:
 * "Node %d, zone %8s", "%6lu " per order, "%-12s %lu" counters, ...). Fields rvmm does
 * not have (per-node LRU stats, promo watermark) are left out rather than faked; the
 * ones printed keep Linux's names, widths and order.
 */
#include "mm/vmstat.h"
#include "mm/mmzone.h"
#include "lib/printf.h"

#define LIST_COUNT_CAP 100000 /* as Linux: stop counting a free list there, print ">" */

/* One output line assembled piece by piece, then handed to mm_printf(). */
struct line {
	char buf[256];
	size_t len;
};

static void __printf(2, 3) add(struct line *l, const char *fmt, ...)
{
	va_list ap;

	if (l->len >= sizeof(l->buf))
		return;
	va_start(ap, fmt);
	int n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len = min(l->len + (size_t)n, sizeof(l->buf) - 1);
}

static void emit(struct line *l)
{
	mm_printf("%s\n", l->buf);
	l->len = 0;
	l->buf[0] = '\0';
}

void buddyinfo_show(void)
{
	struct pglist_data *pgdat;
	struct zone *zone;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat)
	{
		struct line l = {.len = 0};

		if (!populated_zone(zone))
			continue;
		add(&l, "Node %d, zone %8s ", pgdat->node_id, zone->name);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			add(&l, "%6lu ", READ_ONCE(zone->free_area[o].nr_free));
		emit(&l);
	}
}

static void pagetypeinfo_free(struct pglist_data *pgdat)
{
	struct line l = {.len = 0};
	struct zone *zone;

	add(&l, "%-43s ", "Free pages count per migrate type at order");
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		add(&l, "%6d ", o);
	emit(&l);

	for_each_zone_in(zone, pgdat)
	{
		if (!populated_zone(zone))
			continue;
		spin_lock(&zone->lock);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			add(&l, "Node %4d, zone %8s, type %12s ", pgdat->node_id, zone->name,
			    migratetype_names[mt]);
			for (int o = 0; o < NR_PAGE_ORDERS; o++) {
				const struct list_head *head = &zone->free_area[o].free_list[mt];
				unsigned long n = 0;

				for (const struct list_head *p = head->next; p != head; p = p->next)
					if (++n >= LIST_COUNT_CAP)
						break;
				add(&l, "%s%6lu ", n >= LIST_COUNT_CAP ? ">" : "", n);
			}
			emit(&l);
		}
		spin_unlock(&zone->lock);
	}
}

static void pagetypeinfo_blocks(struct pglist_data *pgdat)
{
	struct line l = {.len = 0};
	struct zone *zone;

	mm_printf("\n");
	add(&l, "%-23s", "Number of blocks type ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		add(&l, "%12s ", migratetype_names[mt]);
	emit(&l);

	for_each_zone_in(zone, pgdat)
	{
		unsigned long count[MIGRATE_TYPES] = {0};

		if (!populated_zone(zone))
			continue;
		for (pfn_t pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
		     pfn += PAGEBLOCK_PAGES) {
			struct page *page = pfn_to_page(pfn);

			if (!page || PageHole(page) || page_zone(page) != zone)
				continue;
			count[get_pfnblock_migratetype(page, pfn)]++;
		}
		add(&l, "Node %d, zone %8s ", pgdat->node_id, zone->name);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			add(&l, "%12lu ", count[mt]);
		emit(&l);
	}
}

void pagetypeinfo_show(void)
{
	struct pglist_data *pgdat;

	for_each_online_pgdat(pgdat)
	{
		if (!pgdat->node_present_pages)
			continue;
		mm_printf("Page block order: %d\n", PAGEBLOCK_ORDER);
		mm_printf("Pages per block:  %lu\n", PAGEBLOCK_PAGES);
		mm_printf("\n");
		pagetypeinfo_free(pgdat);
		pagetypeinfo_blocks(pgdat);
	}
}

static void zoneinfo_zone(struct pglist_data *pgdat, struct zone *zone)
{
	struct line l = {.len = 0};

	mm_printf("Node %d, zone %8s\n", pgdat->node_id, zone->name);
	mm_printf("  pages free     %lu\n", READ_ONCE(zone->nr_free_pages));
	mm_printf("        boost    %lu\n", zone->watermark_boost);
	mm_printf("        min      %lu\n", min_wmark_pages(zone));
	mm_printf("        low      %lu\n", low_wmark_pages(zone));
	mm_printf("        high     %lu\n", high_wmark_pages(zone));
	mm_printf("        spanned  %lu\n", zone->spanned_pages);
	mm_printf("        present  %lu\n", zone->present_pages);
	mm_printf("        managed  %lu\n", READ_ONCE(zone->managed_pages));
	mm_printf("        cma      %lu\n", zone->cma_pages);
	add(&l, "        protection: (%ld", zone->lowmem_reserve[0]);
	for (int i = 1; i < MAX_NR_ZONES; i++)
		add(&l, ", %ld", zone->lowmem_reserve[i]);
	add(&l, ")");
	emit(&l);
	if (!populated_zone(zone))
		return;

	static const char *const names[] = {"nr_free_pages", "nr_free_cma",  "numa_hit",
					    "numa_miss",     "numa_foreign", "numa_interleave",
					    "numa_local",    "numa_other"};
	const unsigned long values[] = {
	    READ_ONCE(zone->nr_free_pages),	 READ_ONCE(zone->nr_free_cma),
	    zone_numa_event(zone, NUMA_HIT),	 zone_numa_event(zone, NUMA_MISS),
	    zone_numa_event(zone, NUMA_FOREIGN), zone_numa_event(zone, NUMA_INTERLEAVE),
	    zone_numa_event(zone, NUMA_LOCAL),	 zone_numa_event(zone, NUMA_OTHER),
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		mm_printf("      %-12s %lu\n", names[i], values[i]);

	mm_printf("  pagesets\n");
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct per_cpu_pages *pcp = zone_pcp(zone, cpu);

		if (!pcp || !(mm_state->cpus_online & (1UL << cpu)))
			continue;
		mm_printf("    cpu: %u\n", cpu);
		mm_printf("              count: %d\n", READ_ONCE(pcp->count));
		mm_printf("              high:  %d\n", READ_ONCE(pcp->high));
		mm_printf("              batch: %d\n", READ_ONCE(pcp->batch));
		mm_printf("  vm stats threshold: %d\n", 0);
	}
	mm_printf("  node_unreclaimable:  %u\n", 0u);
	mm_printf("  start_pfn:           %llu\n", (unsigned long long)zone->zone_start_pfn);
}

void zoneinfo_show(void)
{
	struct pglist_data *pgdat;
	struct zone *zone;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat) zoneinfo_zone(pgdat, zone);
}
