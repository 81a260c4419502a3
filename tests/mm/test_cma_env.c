// SPDX-License-Identifier: MIT
/* The CMA test environment of tests/mm/test_cma.h. */
#include "tests/mm/test_cma.h"
#include "lib/list.h"
#include "lib/string.h"

#define TC_TABLES   32
#define TC_TABLE_PA 0x40000000ULL /* fake physical base of the page-table pool */

struct tc_env tc;

static u64 tables[TC_TABLES][PGT_PTES] __aligned(PAGE_SIZE);
static bool table_used[TC_TABLES];
static struct pgtable pgt;
static unsigned long flushes;
static bool vm_active, cma_active;

static const struct tb_layout layout = {
    .nr_nodes = 1,
    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
    .reserved = {{TC_CMA_OFF, TC_CMA_OFF + TC_CMA_PAGES}},
    .nr_reserved = 1,
};

static phys_addr_t table_alloc(void *ctx)
{
	for (unsigned i = 0; i < TC_TABLES; i++) {
		if (!table_used[i]) {
			table_used[i] = true;
			memset(tables[i], 0, PAGE_SIZE);
			return TC_TABLE_PA + (u64)i * PAGE_SIZE;
		}
	}
	return 0;
}

static void table_free(void *ctx, phys_addr_t pa)
{
	table_used[(pa - TC_TABLE_PA) / PAGE_SIZE] = false;
}

static u64 *table_va(void *ctx, phys_addr_t pa)
{
	return tables[(pa - TC_TABLE_PA) / PAGE_SIZE];
}

static void table_flush(void *ctx, uintptr_t va, size_t size)
{
	flushes++;
}

static const struct pgt_ops table_ops = {
    .alloc_table = table_alloc,
    .free_table = table_free,
    .table_va = table_va,
    .flush = table_flush,
};

static phys_addr_t page_alloc(void *ctx, int nid, gfp_t gfp)
{
	struct page *p = nid == NUMA_NO_NODE ? alloc_pages(gfp, 0) : alloc_pages_node(nid, gfp, 0);

	return p ? PFN_PHYS(page_to_pfn(p)) : 0;
}

static void page_free(void *ctx, phys_addr_t pa)
{
	__free_pages(pfn_to_page(PHYS_PFN(pa)), 0);
}

static void *page_va(void *ctx, phys_addr_t pa)
{
	return phys_to_virt(pa);
}

static struct page *page_struct(void *ctx, phys_addr_t pa)
{
	return pfn_to_page(PHYS_PFN(pa));
}

static const struct vmalloc_page_ops page_ops = {
    .page_alloc = page_alloc,
    .page_free = page_free,
    .page_va = page_va,
    .page_struct = page_struct,
};

static const struct vmalloc_page_ops page_ops_fixed = {
    .page_alloc = page_alloc,
    .page_free = page_free,
    .page_va = page_va,
};

struct pgtable *tc_pgt(void)
{
	return &pgt;
}

int tc_vmalloc_reinit(bool with_page_struct)
{
	vmalloc_exit();
	return vmalloc_init(&pgt, with_page_struct ? &page_ops : &page_ops_fixed);
}

int tc_setup(void)
{
	int err;

	tc_teardown();
	err = tb_setup(&layout);
	if (err)
		return err;
	tb_zero_watermarks();
	for (unsigned long off = TC_CMA_OFF; off < TC_CMA_OFF + TC_CMA_PAGES;
	     off += PAGEBLOCK_PAGES) {
		err = init_cma_reserved_pageblock(tb_page(off));
		if (err)
			goto fail;
	}
	cma_use_test_areas(true);
	cma_active = true;
	err = cma_declare_area("test", PFN_PHYS(tb_pfn(TC_CMA_OFF)), TC_CMA_PAGES * PAGE_SIZE, 0,
			       false, &tc.cma);
	if (err)
		goto fail;
	tc.zone = tb_zone(0, ZONE_DMA32);
	tc.base = tb_pfn(TC_CMA_OFF);
	tc.end = tc.base + TC_CMA_PAGES;

	memset(table_used, 0, sizeof(table_used));
	flushes = 0;
	vmalloc_use_test_instance(true);
	vm_active = true;
	err = pgt_init(&pgt, &table_ops);
	if (!err)
		err = vmalloc_init(&pgt, &page_ops);
	if (err)
		goto fail;
	tb_log_clear();
	return 0;
fail:
	tc_teardown();
	return err ? err : -EINVAL;
}

void tc_teardown(void)
{
	if (vm_active) {
		vmalloc_exit();
		vmalloc_use_test_instance(false);
		if (pgt.root)
			pgt_destroy(&pgt);
		vm_active = false;
	}
	if (cma_active) {
		cma_use_test_areas(false);
		cma_active = false;
	}
	tb_teardown();
	memset(&tc, 0, sizeof(tc));
}

static void vm_line(void *arg, const char *line)
{
	struct ktest *t = arg;

	ktest_log(t, "%s", line);
}

int tc_verify_all(struct ktest *t)
{
	int errors = tb_verify(t);

	errors += vmalloc_verify(vm_line, t);
	tb_log_clear();
	int e = cma_verify();

	if (e)
		ktest_log(t, "%s", tb_log_text());
	return errors + e;
}

unsigned long tc_flushes(void)
{
	return flushes;
}

bool tc_in_cma(pfn_t pfn)
{
	return pfn >= tc.base && pfn < tc.end;
}

unsigned long tc_take_all(struct list_head *list)
{
	unsigned long n = 0;

	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		struct page *p;

		while ((p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, (unsigned)order))) {
			list_add(&p->lru, list);
			n += 1UL << order;
		}
	}
	return n;
}

unsigned long tc_give_back_some(struct list_head *list, unsigned long pages)
{
	unsigned long n = 0;

	while (n < pages && !list_empty(list)) {
		struct page *p = list_first_entry(list, struct page, lru);

		list_del(&p->lru);
		n += 1UL << p->order;
		__free_pages(p, p->order);
	}
	return n;
}

void tc_give_back(struct list_head *list)
{
	tc_give_back_some(list, ~0UL);
}
