// SPDX-License-Identifier: MIT
/*
 * A CMA area full of movable pages, and the cma_alloc benchmark (see mm/cma_bench.h).
 */
#include "mm/cma_bench.h"
#include "mm/migrate.h"
#include "mm/vmalloc.h"
#include "lib/errno.h"
#include "lib/list.h"
#include "lib/printf.h"
#include "lib/string.h"

#define FILL_GFP (GFP_KERNEL | __GFP_MOVABLE | __GFP_THISNODE | __GFP_NOWARN)

static u64 pattern(unsigned area, unsigned long page, unsigned long word)
{
	u64 x = ((u64)area << 40) ^ ((u64)page << 16) ^ word;

	x *= 0x9e3779b97f4a7c15ULL;
	return x ^ (x >> 29);
}

/* The words of page i of the area at va, through the page table and the direct map. */
static u64 *data_page(void *va, unsigned long i)
{
	phys_addr_t pa = vmalloc_to_phys((char *)va + i * PAGE_SIZE);

	return pa ? phys_to_virt(pa) : NULL;
}

static int fill_one(struct cma_fill *f, int nid)
{
	unsigned k = f->nr_areas;
	void *va;

	if (k == CMA_FILL_MAX_AREAS)
		return -ENOSPC;
	va = __vmalloc_node(f->area_pages * PAGE_SIZE, 1, FILL_GFP, nid,
			    __builtin_return_address(0));
	if (!va)
		return -ENOMEM;
	for (unsigned long i = 0; i < f->area_pages; i++) {
		u64 *w = data_page(va, i);

		for (unsigned long j = 0; w && j < PAGE_SIZE / sizeof(u64); j++)
			w[j] = pattern(k, i, j);
	}
	f->areas[f->nr_areas++] = va;
	f->pages += f->area_pages;
	return 0;
}

/* Take every free page of node nid outside CMA (placeholders on list); returns pages. */
static unsigned long take_node(int nid, struct list_head *list)
{
	unsigned long n = 0;

	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		struct page *p;

		while ((p = alloc_pages_node(nid, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN,
					     (unsigned)order))) {
			list_add(&p->lru, list);
			n += 1UL << order;
		}
	}
	return n;
}

static void give_back(struct list_head *list)
{
	struct page *p, *tmp;

	list_for_each_entry_safe (p, tmp, list, lru) {
		list_del(&p->lru);
		__free_pages(p, p->order);
	}
}

int cma_fill_movable(struct cma *cma, struct cma_fill *f, unsigned long extra_pages)
{
	struct zone *zone = page_zone(pfn_to_page(cma->base_pfn));
	LIST_HEAD(placeholders);
	int err = 0;

	memset(f, 0, sizeof(*f));
	f->area_pages = cma->count / 128;
	f->area_pages = f->area_pages < 32 ? 32 : f->area_pages > 512 ? 512 : f->area_pages;
	drain_all_pages(zone); /* CMA pages cached on other CPUs' lists back to the buddy */
	take_node(cma->nid, &placeholders);
	/*
	 * Room for page lists and area descriptors (unmovable, so never in CMA): give back
	 * the smallest placeholders (the last taken, at the head) until there is enough above
	 * the high watermark (the placeholders stopped at min), with a per-CPU batch to spare.
	 */
	for (unsigned long room = 0, need = cma->count / f->area_pages + high_wmark_pages(zone) +
					    (unsigned long)PAGEBLOCK_PAGES / 2;
	     room < need && !list_empty(&placeholders);) {
		struct page *p = list_first_entry(&placeholders, struct page, lru);

		list_del(&p->lru);
		room += 1UL << p->order;
		__free_pages(p, p->order);
	}
	while (zone_free_cma_pages(zone) && !(err = fill_one(f, cma->nid)))
		;
	if (err == -ENOMEM)
		err = 0; /* nothing left anywhere: the area is as full as it gets */
	give_back(&placeholders);
	f->in_cma = cma_fill_count_in(f, cma->base_pfn, cma->base_pfn + cma->count);
	for (unsigned long done = 0; !err && done < extra_pages; done += f->area_pages)
		err = fill_one(f, cma->nid);
	if (err == -ENOSPC)
		err = 0; /* as full as the table allows */
	return err;
}

unsigned long cma_fill_check(const struct cma_fill *f)
{
	unsigned long bad = 0;

	for (unsigned k = 0; k < f->nr_areas; k++) {
		for (unsigned long i = 0; i < f->area_pages; i++) {
			const u64 *w = data_page(f->areas[k], i);
			unsigned long j = 0;

			while (w && j < PAGE_SIZE / sizeof(u64) && w[j] == pattern(k, i, j))
				j++;
			bad += j != PAGE_SIZE / sizeof(u64);
		}
	}
	return bad;
}

unsigned long cma_fill_count_in(const struct cma_fill *f, pfn_t start, pfn_t end)
{
	unsigned long n = 0;

	for (unsigned k = 0; k < f->nr_areas; k++) {
		for (unsigned long i = 0; i < f->area_pages; i++) {
			pfn_t pfn = PHYS_PFN(vmalloc_to_phys((char *)f->areas[k] + i * PAGE_SIZE));

			n += pfn >= start && pfn < end;
		}
	}
	return n;
}

void cma_fill_free(struct cma_fill *f)
{
	for (unsigned k = 0; k < f->nr_areas; k++)
		vfree(f->areas[k]);
	f->nr_areas = 0;
	f->pages = f->in_cma = 0;
}

int cma_bench(struct cma *cma, unsigned long pages, unsigned int rounds, struct cma_bench_result *r)
{
	static struct cma_fill fill;
	static struct page *got[CMA_BENCH_MAX_ROUNDS];
	int err;

	memset(r, 0, sizeof(*r));
	if (!cma || !pages || pages > cma->count || !rounds) {
		mm_printf("cma_bench: no area, or it is smaller than the request (%lu pages)\n",
			  pages);
		return -EINVAL;
	}
	if (rounds > cma->count / pages)
		rounds = (unsigned)(cma->count / pages);
	if (rounds > CMA_BENCH_MAX_ROUNDS)
		rounds = CMA_BENCH_MAX_ROUNDS;
	err = cma_fill_movable(cma, &fill, 0);
	r->filled = fill.pages;
	r->in_cma = fill.in_cma;
	if (err) {
		mm_printf("cma_bench: cannot fill cma-%s with movable data (%d)\n", cma->name, err);
		cma_fill_free(&fill);
		return err;
	}
	for (unsigned i = 0; i < rounds; i++) {
		unsigned long moved = migrate_stats.nr_migrated;
		u64 t0 = read_instret();

		got[i] = cma_alloc(cma, pages, 0, false);
		r->instret += read_instret() - t0;
		r->migrated += migrate_stats.nr_migrated - moved;
		r->attempts++;
		r->successes += got[i] != NULL;
	}
	r->instret_per_page = r->migrated ? r->instret / r->migrated : 0;
	r->corrupt = cma_fill_check(&fill);
	for (unsigned i = 0; i < rounds; i++)
		if (got[i])
			cma_release(cma, got[i], pages);
	cma_fill_free(&fill);
	if (r->corrupt) {
		mm_printf("cma_bench: data changed by migration (%lu pages)\n", r->corrupt);
		return -EIO;
	}
	return 0;
}
