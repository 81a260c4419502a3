// SPDX-License-Identifier: MIT
/*
 * From the device-tree scan to memblock:
 *
 *	1. every memory range, on its node (overlaps merge: memory is counted once)
 *	2. RAM beyond what the direct map can hold (128 GiB from phys_ram_base) is dropped
 *	3. the image and the DTB are reserved (the parts of them that are RAM: reserved ranges
 *	   always lie inside memory)
 *	4. /memreserve/ and static /reserved-memory: clipped to RAM (outside: ignored), reserved
 *	   where they are memory (not in holes between banks),
 *	   no-map ones marked so the direct map leaves them out
 *	5. dynamic /reserved-memory: placed top-down inside alloc-ranges (or anywhere)
 *	6. CMA: reusable shared-dma-pool regions, or cma=SIZE[@BASE], pageblock aligned,
 *	   must fit in one node; a CMA that cannot be had is reported and left out
 *
 * Every problem is one line "boot_mem: cause (value)"; only "no memory" is fatal.
 */
#include "mm/boot_mem.h"
#include "mm/layout.h"
#include "mm/mmzone.h"
#include "mm/vmstat.h"
#include "glue.h"
#include "mm/memblock.h"
#include "mm/numa.h"
#include "mm/page.h"
#include "lib/cmdline.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

struct boot_mem boot_mem;
static const char *error_cause = "";

static void warn(const char *cause, u64 value)
{
	printf("boot_mem: %s (0x%llx)\n", cause, (unsigned long long)value);
	boot_mem.warnings++;
}

const char *boot_mem_error(void)
{
	return error_cause;
}

/* Node of the memory that holds [base, base+size), NUMA_NO_NODE if it is not all on one. */
static int range_node(phys_addr_t base, u64 size)
{
	const struct memblock_region *r;

	for_each_mem_region(r)
		if (base >= r->base && base + size <= r->base + r->size)
			return r->nid;
	return NUMA_NO_NODE;
}

/* Clip [*base, *base+*size) to RAM: false when nothing of it is RAM. */
static bool clip_to_ram(const char *name, phys_addr_t *base, u64 *size)
{
	phys_addr_t lo = memblock_start_of_DRAM(), hi = memblock_end_of_DRAM();
	phys_addr_t s = max(*base, lo), e = min(*base + *size, hi);

	if (s >= e) {
		printf("boot_mem: %s: reserved range outside RAM ignored (0x%llx)\n", name,
		       (unsigned long long)*base);
		boot_mem.warnings++;
		return false;
	}
	if (s != *base || e != *base + *size) {
		printf("boot_mem: %s: reserved range partly outside RAM, clipped (0x%llx)\n", name,
		       (unsigned long long)*base);
		boot_mem.warnings++;
	}
	*base = s;
	*size = e - s;
	return true;
}

/* Reserve the parts of [base, base+size) that are memory: reserved stays inside RAM. */
static void reserve_ram(phys_addr_t base, u64 size)
{
	const struct memblock_region *r;
	phys_addr_t end = base + size < base ? ~(phys_addr_t)0 : base + size;

	for_each_mem_region(r) {
		phys_addr_t s = max(base, r->base), e = min(end, r->base + r->size);

		if (s < e)
			memblock_reserve(s, e - s);
	}
}

static void declare_cma(const char *name, phys_addr_t base, u64 size, bool is_default)
{
	if (boot_mem.ncma == MAX_CMA_AREAS) {
		warn("too many CMA areas, ignored", base);
		return;
	}
	struct cma_decl *c = &boot_mem.cma[boot_mem.ncma++];

	strlcpy(c->name, name, sizeof(c->name));
	c->base = base;
	c->size = size;
	c->nid = range_node(base, size);
	c->is_default = is_default;
}

/* A CMA area must be whole pageblocks of one node's memory. */
static bool cma_fits(const char *name, phys_addr_t base, u64 size)
{
	if (!IS_ALIGNED(base, PAGEBLOCK_SIZE) || !IS_ALIGNED(size, PAGEBLOCK_SIZE)) {
		printf("boot_mem: %s: CMA not pageblock aligned, no CMA (0x%llx)\n", name,
		       (unsigned long long)base);
		boot_mem.warnings++;
		return false;
	}
	if (range_node(base, size) == NUMA_NO_NODE && memblock.memory.cnt) {
		printf("boot_mem: %s: CMA not inside one node's memory, no CMA (0x%llx)\n", name,
		       (unsigned long long)base);
		boot_mem.warnings++;
		return false;
	}
	return true;
}

static void reserve_static(const struct dt_reserved *r)
{
	phys_addr_t base = r->base;
	u64 size = r->size;

	if (!clip_to_ram(r->name, &base, &size))
		return;
	reserve_ram(base, size);
	if (r->nomap)
		memblock_mark_nomap(base, size);
	if (r->reusable && r->shared_dma_pool && cma_fits(r->name, base, size))
		declare_cma(r->name, base, size, r->cma_default);
}

/* Largest memory a single node has, bytes (for the "CMA larger than its node" check). */
static u64 largest_node(void)
{
	u64 sz[MAX_NUMNODES] = {0}, best = 0;
	const struct memblock_region *r;

	for_each_mem_region(r) {
		int nid = r->nid >= 0 && r->nid < MAX_NUMNODES ? r->nid : 0;

		sz[nid] += r->size;
		best = max(best, sz[nid]);
	}
	return best;
}

static void place_dynamic(const struct dt_reserved *r)
{
	bool cma = r->reusable && r->shared_dma_pool;
	u64 align = r->align ? r->align : PAGE_SIZE;
	u64 size = r->size;
	phys_addr_t pa = 0;

	if (cma) {
		align = max(align, (u64)PAGEBLOCK_SIZE);
		size = ALIGN_UP(size, PAGEBLOCK_SIZE);
		if (size > largest_node()) {
			printf("boot_mem: %s: CMA larger than its node, no CMA (0x%llx)\n", r->name,
			       (unsigned long long)size);
			boot_mem.warnings++;
			return;
		}
	}
	if (r->nranges == 0)
		pa = memblock_phys_alloc_range(size, align, 0, MEMBLOCK_ALLOC_ANYWHERE);
	for (int i = 0; i < r->nranges && !pa; i++)
		pa = memblock_phys_alloc_range(size, align, r->ranges[i][0],
					       r->ranges[i][0] + r->ranges[i][1]);
	if (!pa) {
		printf("boot_mem: %s: cannot place %llu bytes%s (0x%llx)\n", r->name,
		       (unsigned long long)size, cma ? ", no CMA" : "", (unsigned long long)size);
		boot_mem.warnings++;
		return;
	}
	if (r->nomap)
		memblock_mark_nomap(pa, size);
	if (cma && cma_fits(r->name, pa, size))
		declare_cma(r->name, pa, size, r->cma_default);
}

/* cma=SIZE[@BASE] from bootargs: replaces the tree's default CMA area. */
static void cma_from_bootargs(const char *val)
{
	char *end;
	u64 size = memparse(val, &end), base = 0;

	if (*end == '@')
		base = memparse(end + 1, &end);
	if (*end || size == 0) {
		printf("boot_mem: bad cma= value, no CMA (%s)\n", val);
		boot_mem.warnings++;
		return;
	}
	size = ALIGN_UP(size, PAGEBLOCK_SIZE);
	if (size > largest_node()) {
		warn("cma= larger than any node, no CMA", size);
		return;
	}
	phys_addr_t pa;

	if (base) {
		pa = ALIGN_DOWN(base, PAGEBLOCK_SIZE);
		if (!memblock_is_region_memory(pa, size) || memblock_is_region_reserved(pa, size)) {
			warn("cma= range not free RAM, no CMA", base);
			return;
		}
		memblock_reserve(pa, size);
	} else {
		pa = memblock_phys_alloc_range(size, PAGEBLOCK_SIZE, 0, MEMBLOCK_ALLOC_ANYWHERE);
		if (!pa) {
			warn("cma= cannot be placed, no CMA", size);
			return;
		}
	}
	for (int i = 0; i < boot_mem.ncma; i++)
		boot_mem.cma[i].is_default = false;
	if (cma_fits("cma=", pa, size))
		declare_cma("reserved", pa, size, true);
}

/* The values of the bootargs keys boot memory cares about. */
static void parse_bootargs(const char *s, const char **cma, const char **movablecore)
{
	static char copy[1024];
	struct cmdline_param p[32];

	*cma = *movablecore = NULL;
	if (!s || strlen(s) >= sizeof(copy))
		return;
	strlcpy(copy, s, sizeof(copy));
	int n = cmdline_parse(copy, p, 32, NULL, NULL);

	for (int i = 0; i < n; i++) {
		if (strcmp(p[i].key, "cma") == 0 && p[i].value)
			*cma = p[i].value;
		else if (strcmp(p[i].key, "movablecore") == 0 && p[i].value)
			*movablecore = p[i].value;
	}
}

int boot_mem_init(const struct dt_memory_info *info, const struct boot_mem_args *args)
{
	const char *cma_arg, *movable_arg;
	struct boot_mem_args a = *args;

	memset(&boot_mem, 0, sizeof(boot_mem));
	memblock_reset();
	for (int i = 0; i < info->nmem; i++)
		memblock_add_node(info->mem[i].base, info->mem[i].size, info->mem[i].nid, 0);
	if (memblock.memory.cnt == 0) {
		error_cause = "no usable memory";
		return -ENOENT;
	}

	boot_mem.phys_ram_base = ALIGN_DOWN(memblock_start_of_DRAM(), SZ_1G);
	phys_addr_t limit = boot_mem.phys_ram_base + DIRECT_MAP_SIZE;

	if (memblock_end_of_DRAM() > limit) {
		warn("RAM beyond the 128 GiB direct map dropped", limit);
		memblock_remove(limit, memblock_end_of_DRAM() - limit);
	}

	if (a.simulate) {
		/* Where OpenSBI fw_jump puts them: image at RAM + 2 MiB, DTB at RAM + 34 MiB. */
		a.image_base = memblock_start_of_DRAM() + SZ_2M;
		a.image_size = SZ_2M;
		a.dtb_base = memblock_start_of_DRAM() + 0x2200000;
	}
	if (a.image_size)
		reserve_ram(ALIGN_DOWN(a.image_base, PAGE_SIZE), ALIGN_UP(a.image_size, PAGE_SIZE));
	if (a.dtb_size && memblock_is_memory(a.dtb_base))
		reserve_ram(ALIGN_DOWN(a.dtb_base, PAGE_SIZE),
			    ALIGN_UP(a.dtb_size + (a.dtb_base & (PAGE_SIZE - 1)), PAGE_SIZE));

	for (int i = 0; i < info->nrsv; i++)
		if (info->rsv[i].kind != DT_RSV_DYNAMIC)
			reserve_static(&info->rsv[i]);
	for (int i = 0; i < info->nrsv; i++)
		if (info->rsv[i].kind == DT_RSV_DYNAMIC)
			place_dynamic(&info->rsv[i]);

	parse_bootargs(a.bootargs, &cma_arg, &movable_arg);
	if (cma_arg)
		cma_from_bootargs(cma_arg);
	if (movable_arg) {
		char *end;
		u64 v = memparse(movable_arg, &end);

		if (*end || v == 0)
			printf("boot_mem: bad movablecore= value, ignored (%s)\n", movable_arg);
		else
			boot_mem.movablecore = ALIGN_UP(v, PAGEBLOCK_SIZE);
	}
	numa_init(info);
	return 0;
}

#define MAX_RANGES MEMBLOCK_MAX_REGIONS

/*
 * One node: its present frame ranges from memblock (no-map ranges included: they are
 * present but stay reserved), the ZONE_MOVABLE start from movablecore= (shared evenly over
 * the nodes, as Linux does), then zones and memmap.
 */
static int buddy_init_node(int nid, memmap_alloc_fn alloc, struct boot_mem_buddy_stats *st)
{
	static struct pfn_range present[MAX_RANGES];
	unsigned nr = 0;
	pfn_t start, end;
	int rnid;
	u64 i;

	for_each_mem_pfn_range(i, nid, &start, &end, &rnid) {
		if (nr == MAX_RANGES)
			break;
		present[nr++] = (struct pfn_range){start, end};
		st->present_pages += end - start;
	}
	if (nr == 0) {
		printf("boot_mem: node without memory left offline (%d)\n", nid);
		return 0;
	}
	pfn_t movable = 0;

	if (boot_mem.movablecore)
		movable = zone_movable_start(present, nr,
					     (boot_mem.movablecore >> PAGE_SHIFT) / numa.nr_nodes);
	int rc = mm_node_init(nid, present, nr, movable, alloc);

	if (rc)
		printf("boot_mem: node %d setup failed (%d)\n", nid, rc);
	return rc;
}

int boot_mem_buddy_init(void *(*alloc)(size_t bytes, int nid), struct boot_mem_buddy_stats *st)
{
	static struct pfn_range free[MAX_RANGES];
	phys_addr_t start, end;
	unsigned nfree = 0;
	u64 i;

	for (int a = 0; a < numa.nr_nodes; a++)
		for (int b = 0; b < numa.nr_nodes; b++)
			numa_set_distance(a, b, numa.distance[a][b]);
	for (int c = 0; c < numa.nr_cpus; c++)
		set_cpu_numa_node((unsigned)c, numa.cpu_node[c]);

	u64 t0 = read_instret();

	for (int nid = 0; nid < numa.nr_nodes; nid++) {
		int rc = buddy_init_node(nid, alloc, st);

		if (rc)
			return rc;
	}
	build_all_zonelists();
	st->memmap_instret = read_instret() - t0;

	t0 = read_instret();
	for_each_free_mem_range(i, NUMA_NO_NODE, &start, &end) {
		pfn_t s = PFN_UP(start), e = PFN_DOWN(end);

		if (s < e && nfree < MAX_RANGES)
			free[nfree++] = (struct pfn_range){s, e};
	}
	st->pages_freed = mm_free_ranges(free, nfree);
	for (int c = 0; c < boot_mem.ncma; c++) {
		const struct cma_decl *cma = &boot_mem.cma[c];

		for (phys_addr_t pa = cma->base; pa < cma->base + cma->size; pa += PAGEBLOCK_SIZE)
			if (init_cma_reserved_pageblock(pfn_to_page(PHYS_PFN(pa))) == 0)
				st->pages_freed += PAGEBLOCK_PAGES;
	}
	st->free_instret = read_instret() - t0;
	init_per_zone_wmark_min();
	return 0;
}

static void *host_memmap_alloc(size_t bytes, int nid)
{
	/* rvmm-dt: there is no RAM behind the tree's addresses; memmap lives in the tool. */
	return boot_mem_host_alloc ? boot_mem_host_alloc(bytes, nid) : NULL;
}

void *(*boot_mem_host_alloc)(size_t bytes, int nid);

void boot_mem_report_all(void)
{
	static struct boot_mem_buddy_stats st;

	memblock_dump();
	printf("\n");
	if (boot_mem_buddy_init(host_memmap_alloc, &st) != 0) {
		numa_report();
		return;
	}
	numa_report();
	printf("\n");
	zoneinfo_show();
}
