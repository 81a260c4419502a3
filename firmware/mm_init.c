// SPDX-License-Identifier: MIT
/*
 * From memblock to a running page allocator:
 *
 *	1. a 16 MiB region set aside for the on-target allocator tests (ktest_mm_region)
 *	2. boot_mem_buddy_init() (mm/boot_mem.c, shared with rvmm-dt): nodes, zones,
 *	   memmap from memblock, zonelists, free ranges and CMA to the buddy, watermarks;
 *	   then the debug bootargs: fault injection, page_poison, page_alloc.grouping
 *	3. the CMA areas registered with the CMA allocator
 *	4. page-table pages from the buddy from now on; vmalloc on the kernel page table
 *	5. slab: debug options from slub_debug=, then the kmalloc caches
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
#include "mm/cma.h"
#include "mm/fault_inject.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "bootargs.h"
#include "log.h"

#define TEST_REGION_SIZE  (16 * SZ_1M)
#define TEST_REGION_ALIGN SZ_4M

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

static struct page *vm_page_struct(void *ctx, phys_addr_t pa)
{
	return pfn_to_page(PHYS_PFN(pa));
}

static const struct vmalloc_page_ops vm_ops = {
    .page_alloc = vm_page_alloc,
    .page_free = vm_page_free,
    .page_va = vm_page_va,
    .page_nid = vm_page_nid,
    .page_struct = vm_page_struct, /* lets __GFP_MOVABLE areas be migrated (CMA) */
};

/*
 * The allocators' debug bootargs (mm/fault_inject.h), applied as soon as the buddy
 * allocator is up so that every page and slab allocation after it is covered. A bad value
 * is reported in one line by its parser and ignored.
 */
static void mm_debug_bootargs(void)
{
	if (bootargs.grouping) {
		if (!strcmp(bootargs.grouping, "off")) {
			page_group_by_mobility_disabled = true;
			printf("mm_init: mobility grouping off\n");
		} else if (strcmp(bootargs.grouping, "on")) {
			printf("mm_init: page_alloc.grouping: want on or off, ignored (%s)\n",
			       bootargs.grouping);
		}
	}
	if (bootargs.page_poison)
		page_poison_parse(bootargs.page_poison);
	if (bootargs.fail_page_alloc)
		fault_attr_parse(&fail_page_alloc, bootargs.fail_page_alloc, true);
	if (bootargs.fail_nth)
		fault_attr_parse_nth(&fail_page_alloc, bootargs.fail_nth);
	if (bootargs.failslab)
		fault_attr_parse(&failslab, bootargs.failslab, false);
	if (bootargs.failslab_nth)
		fault_attr_parse_nth(&failslab, bootargs.failslab_nth);
}

/*
 * Where each node's pglist_data went, in Linux's words: memmap_alloc() asks memblock for
 * memory on the node itself and takes another node's only when that one is full.
 */
static void report_node_data(void)
{
	struct pglist_data *pgdat;

	for_each_online_pgdat(pgdat)
	{
		phys_addr_t pa = virt_to_phys(pgdat);
		const struct page *page = virt_to_page(pgdat);

		pr_info("NODE_DATA(%d) allocated [mem %#010llx-%#010llx]\n", pgdat->node_id,
			(unsigned long long)pa, (unsigned long long)(pa + sizeof(*pgdat) - 1));
		if (page && page_to_nid(page) != pgdat->node_id)
			printf("    NODE_DATA(%d) on node %d\n", pgdat->node_id, page_to_nid(page));
	}
}

int mm_init(void)
{
	mm_init_stats.test_base = memblock_phys_alloc_range(TEST_REGION_SIZE, TEST_REGION_ALIGN, 0,
							    MEMBLOCK_ALLOC_ANYWHERE);
	if (mm_init_stats.test_base)
		mm_init_stats.test_size = TEST_REGION_SIZE;

	int rc = boot_mem_buddy_init(memmap_alloc, &mm_init_stats.buddy);

	if (rc)
		return rc;
	report_node_data();
	mm_debug_bootargs();
	for (int i = 0; i < boot_mem.ncma; i++) {
		const struct cma_decl *d = &boot_mem.cma[i];

		if (cma_init_reserved_mem(d->name, d->base, d->size, d->is_default))
			printf("mm_init: CMA area %s not registered (0x%llx)\n", d->name,
			       (unsigned long long)d->base);
	}
	paging_use_buddy();
	rc = vmalloc_init(&kernel_pgt, &vm_ops);
	if (rc)
		printf("mm_init: vmalloc unavailable (%d)\n", rc);
	if (bootargs.slub_debug) {
		slab_flags_t flags;

		if (slab_debug_parse(bootargs.slub_debug, &flags) == 0)
			slab_debug_enable(flags);
		else
			printf("mm_init: bad slub_debug options, ignored (%s)\n",
			       bootargs.slub_debug);
	}
	rc = kmem_cache_init();
	if (rc)
		printf("mm_init: slab unavailable (%d)\n", rc);
	return 0;
}
