// SPDX-License-Identifier: MIT
/* Console commands that show memory management state: memblock, numa, walk, ptdump. */
#include "paging.h"
#include "shell.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/cma.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "mm/vmstat.h"
#include "mm/numa.h"
#include "mm/ptdump.h"
#include "lib/printf.h"
#include "lib/string.h"

static int cmd_memblock(int argc, char **argv)
{
	memblock_dump();
	return 0;
}
CONSOLE_CMD(memblock, "", "memblock memory and reserved ranges", cmd_memblock);

static int cmd_numa(int argc, char **argv)
{
	numa_report();
	return 0;
}
CONSOLE_CMD(numa, "", "NUMA nodes, CPUs, sizes and distances (numactl --hardware)", cmd_numa);

static int cmd_walk(int argc, char **argv)
{
	struct pgt_walk w;
	char line[128];
	u64 va;

	if (argc != 2 || kstrtoull(argv[1], 0, &va)) {
		printf("usage: walk VA\n");
		return 2;
	}
	pgt_walk(&kernel_pgt, va, &w);
	for (int level = PGT_LEVELS - 1; level >= 0 && level >= w.level; level--) {
		pgt_flags_format(w.step[level].pte, line, sizeof(line));
		printf("  level %d: table 0x%llx index %3u pte 0x%016llx [%s]\n", level,
		       (unsigned long long)w.step[level].table, w.step[level].index,
		       (unsigned long long)w.step[level].pte, line);
	}
	pgt_walk_format(&w, line, sizeof(line));
	printf("%s\n", line);
	return 0;
}
CONSOLE_CMD(walk, "VA", "walk the kernel page table for VA", cmd_walk);

static int cmd_ptdump(int argc, char **argv)
{
	return ptdump_show(&kernel_pgt, 0xffffffc000000000ULL, 0x4000000000ULL - PAGE_SIZE,
			   ptdump_layout_markers, ptdump_nr_layout_markers, NULL, NULL) < 0;
}
CONSOLE_CMD(ptdump, "", "kernel page tables (Linux riscv ptdump format)", cmd_ptdump);

static int cmd_buddyinfo(int argc, char **argv)
{
	buddyinfo_show();
	return 0;
}
CONSOLE_CMD(buddyinfo, "", "free blocks per order and zone (/proc/buddyinfo)", cmd_buddyinfo);

static int cmd_pagetypeinfo(int argc, char **argv)
{
	pagetypeinfo_show();
	return 0;
}
CONSOLE_CMD(pagetypeinfo, "", "free blocks per migrate type (/proc/pagetypeinfo)",
	    cmd_pagetypeinfo);

static int cmd_zoneinfo(int argc, char **argv)
{
	zoneinfo_show();
	return 0;
}
CONSOLE_CMD(zoneinfo, "", "zones, watermarks, counters (/proc/zoneinfo)", cmd_zoneinfo);

static int cmd_zonelists(int argc, char **argv)
{
	struct pglist_data *pgdat;

	for_each_online_pgdat(pgdat) {
		printf("Node %d zonelist:", pgdat->node_id);
		for (const struct zoneref *z = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
		     z->zone; z++)
			printf(" %d:%s", z->zone->node, z->zone->name);
		printf("\n");
	}
	return 0;
}
CONSOLE_CMD(zonelists, "", "allocation fallback order per node (nearest node first)",
	    cmd_zonelists);

static void meminfo_line(void *arg, const char *line)
{
	printf("%s\n", line);
}

static void meminfo_kb(const char *name, unsigned long pages)
{
	char label[24];

	snprintf(label, sizeof(label), "%s:", name);
	printf("%-16s%8lu kB\n", label, pages << (PAGE_SHIFT - 10));
}

/*
 * /proc/meminfo's field names and layout for what rvmm has. MemAvailable is MemFree less
 * every zone's high watermark (nothing here is reclaimable to add back).
 */
static int cmd_meminfo(int argc, char **argv)
{
	unsigned long free = nr_free_pages(), reserve = 0;
	struct pglist_data *pgdat;
	struct zone *zone;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat)
		reserve += high_wmark_pages(zone);
	meminfo_kb("MemTotal", totalram_pages());
	meminfo_kb("MemFree", free);
	meminfo_kb("MemAvailable", free > reserve ? free - reserve : 0);
	slab_meminfo_show();
	vmalloc_meminfo(meminfo_line, NULL);
	meminfo_kb("CmaTotal", cma_total_pages());
	meminfo_kb("CmaFree", cma_free_pages());
	return 0;
}
CONSOLE_CMD(meminfo, "", "memory summary (/proc/meminfo fields)", cmd_meminfo);

static void verify_line(void *arg, const char *line)
{
	printf("mm_verify: %s\n", line);
}

static int cmd_mm_verify(int argc, char **argv)
{
	int errors = buddy_verify();

	errors += paging_verify(verify_line, NULL);
	errors += vmalloc_verify(verify_line, NULL);
	errors += slab_verify();
	errors += cma_verify();
	printf("mm_verify: %d errors\n", errors);
	return errors ? 1 : 0;
}
CONSOLE_CMD(mm_verify, "", "check every allocator invariant", cmd_mm_verify);

static int cmd_vmallocinfo(int argc, char **argv)
{
	vmallocinfo(NULL, NULL);
	return 0;
}
CONSOLE_CMD(vmallocinfo, "", "vmalloc areas (/proc/vmallocinfo)", cmd_vmallocinfo);

/*
 * A picture of physical memory, one character per 2 MiB pageblock, 64 per line:
 *	U Unmovable  M Movable  R Reclaimable  H HighAtomic  C CMA  I Isolate
 *	r whole block reserved (firmware, memmap, no-map)   . hole (no RAM)
 * A block is shown by its migratetype unless every page in it is reserved or a hole.
 */
static char block_char(pfn_t pfn)
{
	static const char types[MIGRATE_TYPES] = {'U', 'M', 'R', 'H', 'C', 'I'};
	unsigned reserved = 0, holes = 0;

	for (pfn_t p = pfn; p < pfn + PAGEBLOCK_PAGES; p++) {
		if (!pfn_valid(p)) {
			holes++;
			continue;
		}
		struct page *page = pfn_to_page(p);

		if (PageHole(page))
			holes++;
		else if (PageReserved(page))
			reserved++;
	}
	if (holes == PAGEBLOCK_PAGES)
		return '.';
	if (holes + reserved == PAGEBLOCK_PAGES)
		return 'r';
	int mt = get_pfnblock_migratetype(pfn_to_page(pfn), pfn);

	return mt >= 0 && mt < MIGRATE_TYPES ? types[mt] : '?';
}

static int cmd_memmap(int argc, char **argv)
{
	struct pglist_data *pgdat;

	printf("memmap: one character per %lu KiB pageblock: U Unmovable, M Movable, "
	       "R Reclaimable, H HighAtomic, C CMA, I Isolate, r reserved, . hole\n",
	       PAGEBLOCK_SIZE >> 10);
	for_each_online_pgdat(pgdat) {
		pfn_t start = ALIGN_DOWN(pgdat->node_start_pfn, PAGEBLOCK_PAGES);
		pfn_t end = pgdat->node_start_pfn + pgdat->node_spanned_pages;
		unsigned col = 0;

		printf("Node %d:\n", pgdat->node_id);
		for (pfn_t pfn = start; pfn < end; pfn += PAGEBLOCK_PAGES) {
			if (col == 0)
				printf("  0x%010llx ", (unsigned long long)PFN_PHYS(pfn));
			printf("%c", block_char(pfn));
			if (++col == 64) {
				printf("\n");
				col = 0;
			}
		}
		if (col)
			printf("\n");
	}
	return 0;
}
CONSOLE_CMD(memmap, "", "physical memory by pageblock type", cmd_memmap);

static int cmd_slabinfo(int argc, char **argv)
{
	slabinfo_show();
	return 0;
}
CONSOLE_CMD(slabinfo, "", "slab caches (/proc/slabinfo 2.1)", cmd_slabinfo);

static int cmd_slabtop(int argc, char **argv)
{
	slabtop_show();
	return 0;
}
CONSOLE_CMD(slabtop, "", "slab caches by size", cmd_slabtop);

static int cmd_cma(int argc, char **argv)
{
	cma_report();
	return 0;
}
CONSOLE_CMD(cma, "", "CMA areas (Linux debugfs cma fields)", cmd_cma);
