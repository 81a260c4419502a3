// SPDX-License-Identifier: MIT
/*
 * The allocator's state, NUMA topology (distances, CPU to node) and memmap lookups.
 * The memmap layout itself (one struct page array per node span) is described in
 * mm/mmzone.h; mm_node_init() in mm/page_alloc_init.c creates it.
 */
#include "mm/mmzone.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

const char *const migratetype_names[MIGRATE_TYPES] = {
    "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

const char *const zone_names[MAX_NR_ZONES] = {"DMA32", "Normal", "Movable"};

/* Linux's sysctl_lowmem_reserve_ratio for the zones rvmm has (DMA32 256, Normal 32). */
#define LOWMEM_RESERVE_RATIOS                                                                      \
	{                                                                                          \
		256, 32, 0                                                                         \
	}

static struct mm_state mm_state_boot = {
    .dma32_end_pfn = DMA32_END_PFN_DEFAULT,
    .min_free_kbytes = 1024,
    .cpus_online = 1,
    .lowmem_reserve_ratio = LOWMEM_RESERVE_RATIOS,
};

struct mm_state *mm_state = &mm_state_boot;

void mm_state_init(struct mm_state *s)
{
	static const int ratios[MAX_NR_ZONES] = LOWMEM_RESERVE_RATIOS;

	memset(s, 0, sizeof(*s));
	s->dma32_end_pfn = DMA32_END_PFN_DEFAULT;
	s->min_free_kbytes = 1024;
	s->cpus_online = 1;
	memcpy(s->lowmem_reserve_ratio, ratios, sizeof(ratios));
}

struct mm_state *mm_state_switch(struct mm_state *s)
{
	struct mm_state *old = mm_state;

	mm_state = s;
	return old;
}

static bool nid_ok(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES;
}

int node_distance(int from, int to)
{
	if (!nid_ok(from) || !nid_ok(to))
		return 255;
	if (mm_state->numa_distance[from][to])
		return mm_state->numa_distance[from][to];
	return from == to ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

int numa_set_distance(int from, int to, int distance)
{
	if (!nid_ok(from) || !nid_ok(to)) {
		mm_printf("%s: node out of range (%d -> %d)\n", __func__, from, to);
		return -EINVAL;
	}
	if ((from == to && distance != LOCAL_DISTANCE) ||
	    (from != to && (distance <= LOCAL_DISTANCE || distance > 254))) {
		mm_printf("%s: invalid distance (%d -> %d: %d)\n", __func__, from, to, distance);
		return -EINVAL;
	}
	mm_state->numa_distance[from][to] = (u8)distance;
	return 0;
}

int cpu_to_node(unsigned cpu)
{
	return cpu < NR_CPUS ? mm_state->cpu_node[cpu] : 0;
}

int set_cpu_numa_node(unsigned cpu, int nid)
{
	if (cpu >= NR_CPUS || !nid_ok(nid)) {
		mm_printf("%s: cpu or node out of range (cpu %u node %d)\n", __func__, cpu, nid);
		return -EINVAL;
	}
	mm_state->cpu_node[cpu] = (s8)nid;
	mm_state->cpus_online |= 1UL << cpu;
	return 0;
}

int numa_node_id(void)
{
	return cpu_to_node(smp_processor_id());
}

bool node_online(int nid)
{
	return nid_ok(nid) && NODE_DATA(nid) && NODE_DATA(nid)->online;
}

struct page *pfn_to_page(pfn_t pfn)
{
	struct pglist_data *pgdat;

	for_each_online_pgdat(pgdat)
	{
		if (pfn >= pgdat->node_start_pfn &&
		    pfn - pgdat->node_start_pfn < pgdat->node_spanned_pages)
			return pgdat->node_mem_map + (pfn - pgdat->node_start_pfn);
	}
	return NULL;
}

bool pfn_valid(pfn_t pfn)
{
	struct page *page = pfn_to_page(pfn);

	return page && !PageHole(page);
}

struct page *virt_to_page(const void *addr)
{
	struct page *page = pfn_to_page(PHYS_PFN(virt_to_phys(addr)));

	return page && !PageHole(page) ? page : NULL;
}

bool page_in_memmap(const struct page *p)
{
	struct pglist_data *pgdat;
	uintptr_t a = (uintptr_t)p;

	for_each_online_pgdat(pgdat)
	{
		uintptr_t base = (uintptr_t)pgdat->node_mem_map;

		if (a >= base && a - base < pgdat->node_spanned_pages * sizeof(struct page))
			return (a - base) % sizeof(struct page) == 0;
	}
	return false;
}

void mm_print_redirect(mm_print_fn fn, void *ctx)
{
	mm_state->print = fn;
	mm_state->print_ctx = ctx;
}

void mm_printf(const char *fmt, ...)
{
	char line[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (mm_state->print)
		mm_state->print(mm_state->print_ctx, line);
	else
		printf("%s", line);
}
