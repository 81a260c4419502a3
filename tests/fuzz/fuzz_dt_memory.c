// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for memory discovery: fdt_open() -> dt_scan_memory() -> boot_mem_init()
 * (simulate, as rvmm-dt does), then the invariants the rest of the boot relies on:
 *
 *	memblock   both tables sorted, no zero-size, wrapping or overlapping regions, the
 *	           counts and totals consistent; memory only where the tree put memory, and no
 *	           more of it than the tree listed; every reserved byte is memory
 *	CMA        each area pageblock aligned, inside one node's memory and fully reserved
 *	NUMA       1..MAX_NUMNODES nodes, distances 10 on the diagonal, symmetric and 11..255
 *	           off it; every memory region and every CPU on an existing node
 *
 * A broken invariant prints what and where, then __builtin_trap() so libFuzzer saves the
 * input. dt_scan and boot_mem report each tree problem with printf: stdout goes to
 * /dev/null (LLVMFuzzerInitialize) so the warnings do not slow the run down.
 */
#include "lib/errno.h"
#include "lib/fdt.h"
#include "mm/boot_mem.h"
#include "mm/dt_scan.h"
#include "mm/memblock.h"
#include "mm/numa.h"
#include "mm/page.h"
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_dt_memory: %s:%d: check failed: %s\n", __FILE__,     \
				__LINE__, #cond);                                                  \
			__builtin_trap();                                                          \
		}                                                                                  \
	} while (0)

static struct dt_memory_info info;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (!getenv("FUZZ_VERBOSE") && !freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

/* A memblock table: sorted, non-empty, non-wrapping, non-overlapping, totals right. */
static void check_type(const struct memblock_type *t)
{
	u64 total = 0;

	CHECK(t->cnt <= t->max);
	for (unsigned long i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];

		CHECK(r->size != 0);
		CHECK(r->base + r->size - 1 >= r->base);
		if (i > 0) {
			const struct memblock_region *p = &t->regions[i - 1];

			CHECK(p->base + p->size <= r->base);
		}
		total += r->size;
	}
	CHECK(total == t->total_size);
}

/* Is [base, end) covered by the tree's memory ranges (pieces may come from several)? */
static bool in_dt_memory(u64 base, u64 end)
{
	while (base < end) {
		u64 next = base;

		for (int i = 0; i < info.nmem; i++) {
			u64 s = info.mem[i].base, e = info.mem[i].base + info.mem[i].size;

			if (s <= base && base < e && e > next)
				next = e;
		}
		if (next == base)
			return false;
		base = next;
	}
	return true;
}

/* Is every byte of [base, end) in a region of t? Regions are sorted and disjoint. */
static bool covered(const struct memblock_type *t, u64 base, u64 end)
{
	for (unsigned long i = 0; i < t->cnt && base < end; i++) {
		const struct memblock_region *r = &t->regions[i];

		if (r->base + r->size <= base)
			continue;
		if (r->base > base)
			return false;
		base = r->base + r->size;
	}
	return base >= end;
}

static void check_memblock(void)
{
	const struct memblock_region *r;
	u64 dt_total = 0;

	check_type(&memblock.memory);
	check_type(&memblock.reserved);
	for (int i = 0; i < info.nmem; i++)
		dt_total += info.mem[i].size;
	CHECK(memblock_phys_mem_size() <= dt_total);

	for_each_mem_region(r)
	{
		CHECK(in_dt_memory(r->base, r->base + r->size));
		CHECK(r->nid >= 0 && r->nid < numa.nr_nodes);
		CHECK((r->flags & ~(unsigned)MEMBLOCK_NOMAP) == 0);
	}
	for_each_reserved_mem_region(r)
	    CHECK(covered(&memblock.memory, r->base, r->base + r->size));
}

static void check_cma(void)
{
	CHECK(boot_mem.ncma >= 0 && boot_mem.ncma <= MAX_CMA_AREAS);
	for (int i = 0; i < boot_mem.ncma; i++) {
		const struct cma_decl *c = &boot_mem.cma[i];

		CHECK(c->size != 0 && c->base + c->size > c->base);
		CHECK(IS_ALIGNED(c->base, PAGEBLOCK_SIZE) && IS_ALIGNED(c->size, PAGEBLOCK_SIZE));
		CHECK(covered(&memblock.memory, c->base, c->base + c->size));
		CHECK(covered(&memblock.reserved, c->base, c->base + c->size));
		CHECK(c->nid >= 0 && c->nid < numa.nr_nodes);
		for (int j = 0; j < i; j++)
			CHECK(c->base >= boot_mem.cma[j].base + boot_mem.cma[j].size ||
			      boot_mem.cma[j].base >= c->base + c->size);
	}
}

static void check_numa(void)
{
	CHECK(numa.nr_nodes >= 1 && numa.nr_nodes <= MAX_NUMNODES);
	for (int a = 0; a < numa.nr_nodes; a++) {
		for (int b = 0; b < numa.nr_nodes; b++) {
			unsigned d = numa.distance[a][b];

			CHECK(d == numa.distance[b][a]);
			CHECK(a == b ? d == LOCAL_DISTANCE : d > LOCAL_DISTANCE && d <= 255);
		}
	}
	CHECK(numa.nr_cpus >= 0 && numa.nr_cpus <= NR_CPUS);
	for (int c = 0; c < numa.nr_cpus; c++)
		CHECK(numa.cpu_node[c] >= 0 && numa.cpu_node[c] < numa.nr_nodes);
}

/* The memblock report walks the same tables: run it (into nothing) for its bounds. */
static void discard_line(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fdt fdt;
	struct fdt_error err;

	if (fdt_open(&fdt, data, size, &err) != 0)
		return 0;
	int rc = dt_scan_memory(&fdt, &info);

	CHECK(rc == 0 || rc == -EINVAL || rc == -ENOENT);
	if (rc != 0)
		return 0;
	CHECK(info.nmem > 0 && info.nmem <= DT_MAX_MEMORY);
	CHECK(info.nrsv >= 0 && info.nrsv <= DT_MAX_RESERVED);
	CHECK(info.ncpu >= 0 && info.ncpu <= NR_CPUS);
	CHECK(info.nr_nodes >= 1 && info.nr_nodes <= MAX_NUMNODES);
	for (int i = 0; i < info.nmem; i++) {
		CHECK(info.mem[i].size &&
		      IS_ALIGNED(info.mem[i].base | info.mem[i].size, PAGE_SIZE));
		CHECK(info.mem[i].base + info.mem[i].size > info.mem[i].base);
		CHECK(info.mem[i].nid >= 0 && info.mem[i].nid < info.nr_nodes);
	}

	struct boot_mem_args args = {
	    .bootargs = info.bootargs,
	    .simulate = true,
	    .dtb_size = fdt.totalsize,
	};

	rc = boot_mem_init(&info, &args);
	if (rc != 0) {
		CHECK(rc == -ENOENT && boot_mem_error()[0]);
		return 0;
	}
	check_memblock();
	check_cma();
	check_numa();
	memblock_dump_to(discard_line, NULL);
	return 0;
}
