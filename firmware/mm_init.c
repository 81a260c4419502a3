// SPDX-License-Identifier: MIT
/*
 * From memblock to a running page allocator, in Linux's order:
 *
 *	1. NUMA distances and CPU-to-node map into the allocator's state
 *	2. per node: present frame ranges from memblock (no-map ranges included: they are
 *	   present, but stay reserved), ZONE_MOVABLE start from movablecore=, memmap
 *	   allocated from memblock on that node (node data lives on its own node)
 *	3. zonelists by NUMA distance
 *	4. a 16 MiB region set aside for the on-target allocator tests (ktest_mm_region)
 *	5. every memblock free range handed to the buddy allocator
 *	6. CMA areas (reserved in memblock) handed over pageblock by pageblock as MIGRATE_CMA
 *	7. watermarks, lowmem_reserve, per-CPU list sizes
 *	8. page-table pages from the buddy from now on; vmalloc on the kernel page table
 *
 * memblock keeps its tables afterwards, read-only, for the `memblock` report.
 */
#include "mm_init.h"
#include "paging.h"
#include "glue.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/boot_mem.h"
#include "mm/gfp.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/numa.h"
#include "mm/vmalloc.h"

#define TEST_REGION_SIZE  (16 * SZ_1M)
#define TEST_REGION_ALIGN SZ_4M
#define MAX_RANGES        MEMBLOCK_MAX_REGIONS

struct mm_init_stats mm_init_stats;

static void *memmap_alloc(size_t bytes, int nid)
{
	phys_addr_t pa = memblock_phys_alloc_try_nid(ALIGN_UP(bytes, PAGE_SIZE), PAGE_SIZE, nid);

	if (!pa)
		return NULL;
	void *va = phys_to_virt(pa);

	memset(va, 0, bytes);
	return va;
}

/* The on-target allocator suites build private zones here (tests/mm/test_buddy_env.c). */
int ktest_mm_region(phys_addr_t *base, size_t *size);
int ktest_mm_region(phys_addr_t *base, size_t *size)
{
	if (!mm_init_stats.test_base)
		return -ENOMEM;
	*base = mm_init_stats.test_base;
	*size = mm_init_stats.test_size;
	return 0;
}

static int init_node(int nid)
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
		mm_init_stats.present_pages += end - start;
	}
	if (nr == 0) {
		printf("mm_init: node %d has no memory, left offline (%d)\n", nid, nid);
		return 0;
	}
	pfn_t movable = 0;

	if (boot_mem.movablecore) {
		unsigned long pages = (boot_mem.movablecore >> PAGE_SHIFT) / numa.nr_nodes;

		movable = zone_movable_start(present, nr, pages);
	}
	int rc = mm_node_init(nid, present, nr, movable, memmap_alloc);

	if (rc)
		printf("mm_init: node %d setup failed (%d)\n", nid, rc);
	return rc;
}

static phys_addr_t vm_page_alloc(void *ctx, int nid, gfp_t gfp)
{
	struct page *p = nid == NUMA_NO_NODE ? alloc_pages(gfp, 0) : alloc_pages_node(nid, gfp, 0);

	return p ? PFN_PHYS(page_to_pfn(p)) : 0;
}

static void vm_page_free(void *ctx, phys_addr_t pa)
{
	__free_pages(pfn_to_page(PHYS_PFN(pa)), 0);
}

static void *vm_page_va(void *ctx, phys_addr_t pa)
{
	return phys_to_virt(pa);
}

static int vm_page_nid(void *ctx, phys_addr_t pa)
{
	return page_to_nid(pfn_to_page(PHYS_PFN(pa)));
}

static const struct vmalloc_page_ops vm_ops = {
	.page_alloc = vm_page_alloc,
	.page_free = vm_page_free,
	.page_va = vm_page_va,
	.page_nid = vm_page_nid,
};

int mm_init(void)
{
	static struct pfn_range free[MAX_RANGES];
	phys_addr_t start, end;
	unsigned nfree = 0;
	u64 i;
	int rc;

	for (int a = 0; a < numa.nr_nodes; a++)
		for (int b = 0; b < numa.nr_nodes; b++)
			numa_set_distance(a, b, numa.distance[a][b]);
	for (int c = 0; c < numa.nr_cpus; c++)
		set_cpu_numa_node((unsigned)c, numa.cpu_node[c]);

	u64 t0 = read_instret();

	for (int nid = 0; nid < numa.nr_nodes; nid++) {
		rc = init_node(nid);
		if (rc)
			return rc;
	}
	build_all_zonelists();
	mm_init_stats.memmap_instret = read_instret() - t0;

	mm_init_stats.test_base = memblock_phys_alloc_range(TEST_REGION_SIZE, TEST_REGION_ALIGN, 0,
							    MEMBLOCK_ALLOC_ANYWHERE);
	if (mm_init_stats.test_base)
		mm_init_stats.test_size = TEST_REGION_SIZE;

	t0 = read_instret();
	for_each_free_mem_range(i, NUMA_NO_NODE, &start, &end) {
		pfn_t s = PFN_UP(start), e = PFN_DOWN(end);

		if (s < e && nfree < MAX_RANGES)
			free[nfree++] = (struct pfn_range){s, e};
	}
	mm_init_stats.pages_freed = mm_free_ranges(free, nfree);
	for (int c = 0; c < boot_mem.ncma; c++) {
		const struct cma_decl *cma = &boot_mem.cma[c];

		for (phys_addr_t pa = cma->base; pa < cma->base + cma->size; pa += PAGEBLOCK_SIZE)
			if (init_cma_reserved_pageblock(pfn_to_page(PHYS_PFN(pa))) == 0)
				mm_init_stats.pages_freed += PAGEBLOCK_PAGES;
	}
	mm_init_stats.free_instret = read_instret() - t0;
	init_per_zone_wmark_min();

	paging_use_buddy();
	rc = vmalloc_init(&kernel_pgt, &vm_ops);
	if (rc)
		printf("mm_init: vmalloc unavailable (%d)\n", rc);
	return 0;
}
