// SPDX-License-Identifier: MIT
/*
 * CMA areas: registration, the allocation bitmap, cma_alloc()/cma_release(), reports and
 * verification. The design is described in mm/cma.h; migration in mm/migrate.h.
 *
 * Allocation (Linux's cma_alloc): with mask and offset chosen so that a bit index i gives
 * a pfn aligned to 2^align, find the first run of free bits at or after `start`, mark it
 * (so a concurrent cma_alloc looks elsewhere), and try alloc_contig_range() on it. If a
 * page there could not be moved (-EBUSY), clear the bits and go on from the next aligned
 * index past the page that stopped it; any other error ends the search. The last reason
 * is printed with the failure.
 */
#include "mm/cma.h"
#include "mm/migrate.h"
#include "lib/bitmap.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

typedef unsigned long long ull;

#define KERNEL_POOL_LONGS (SZ_1G / PAGE_SIZE / BITS_PER_LONG) /* 32 KiB: 1 GiB at order 0 */
#define TEST_POOL_LONGS	  (64 * SZ_1M / PAGE_SIZE / BITS_PER_LONG)

struct cma_table {
	struct cma areas[MAX_CMA_AREAS];
	int count;	     /* areas registered */
	unsigned long *pool; /* static bitmap pool */
	size_t pool_longs;   /* its size in longs */
	size_t pool_used;    /* longs handed out */
};

static unsigned long kernel_pool[KERNEL_POOL_LONGS];
static unsigned long test_pool[TEST_POOL_LONGS];
static struct cma_table kernel_table = {.pool = kernel_pool, .pool_longs = KERNEL_POOL_LONGS};
static struct cma_table test_table;
static struct cma_table *cur = &kernel_table;

void cma_use_test_areas(bool test)
{
	if (test) {
		memset(&test_table, 0, sizeof(test_table));
		test_table.pool = test_pool;
		test_table.pool_longs = TEST_POOL_LONGS;
		cur = &test_table;
	} else {
		cur = &kernel_table;
	}
}

static bool cma_valid(const struct cma *cma)
{
	return cma && cma >= cur->areas && cma < cur->areas + cur->count;
}

static unsigned long bitmap_maxno(const struct cma *cma)
{
	return cma->count >> cma->order_per_bit;
}

static unsigned long pages_to_bits(const struct cma *cma, unsigned long pages)
{
	return ALIGN_UP(pages, 1UL << cma->order_per_bit) >> cma->order_per_bit;
}

/* Bit indices i with ((i + offset) & mask) == 0 start at a pfn aligned to 2^align. */
static unsigned long align_mask(const struct cma *cma, unsigned align)
{
	return align <= cma->order_per_bit ? 0 : (1UL << (align - cma->order_per_bit)) - 1;
}

static unsigned long align_offset(const struct cma *cma, unsigned align)
{
	return (cma->base_pfn & ((1UL << align) - 1)) >> cma->order_per_bit;
}

/* ---- registration ---- */

static int bitmap_get(struct cma_table *t, struct cma *cma)
{
	size_t longs = BITS_TO_LONGS(bitmap_maxno(cma));
	unsigned order = 0;

	if (t->pool_used + longs <= t->pool_longs) {
		cma->bitmap = t->pool + t->pool_used;
		t->pool_used += longs;
		memset(cma->bitmap, 0, longs * sizeof(long));
		return 0;
	}
	while ((PAGE_SIZE << order) < longs * sizeof(long))
		order++;
	cma->bitmap_page =
	    order <= MAX_PAGE_ORDER
		? alloc_pages_node(cma->nid, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, order)
		: NULL;
	if (!cma->bitmap_page)
		return -ENOMEM;
	cma->bitmap_order = order;
	cma->bitmap = page_address(cma->bitmap_page);
	return 0;
}

/* Every pageblock of [base, base + count) present, in one zone, MIGRATE_CMA. */
static int check_blocks(const char *who, pfn_t base, unsigned long count)
{
	struct page *first = pfn_to_page(base), *last = pfn_to_page(base + count - 1);

	if (!first || !last || !pfn_valid(base) || !pfn_valid(base + count - 1)) {
		mm_printf("%s: area not in RAM with a memmap (pfn 0x%llx)\n", who, (ull)base);
		return -EINVAL;
	}
	if (page_zone(first) != page_zone(last) || last != first + (count - 1)) {
		mm_printf("%s: area crosses a zone or node edge (pfn 0x%llx)\n", who, (ull)base);
		return -EINVAL;
	}
	for (unsigned long i = 0; i < count; i += PAGEBLOCK_PAGES) {
		int mt = get_pfnblock_migratetype(first + i, base + i);

		if (mt != MIGRATE_CMA) {
			mm_printf("%s: pageblock is %s, not CMA: init_cma_reserved_pageblock() "
				  "first (pfn 0x%llx)\n",
				  who, migratetype_names[mt], (ull)(base + i));
			return -EINVAL;
		}
	}
	return 0;
}

int cma_declare_area(const char *name, phys_addr_t base, u64 size, unsigned int order_per_bit,
		     bool is_default, struct cma **res)
{
	static const char who[] = "cma_init_reserved_mem";
	struct cma_table *t = cur;
	pfn_t pfn = PHYS_PFN(base);
	unsigned long count = (unsigned long)(size >> PAGE_SHIFT);
	struct cma *cma;
	int err;

	if (res)
		*res = NULL;
	if (!name || !name[0] || strlen(name) >= CMA_MAX_NAME) {
		mm_printf("%s: area name empty or longer than %d characters (%s)\n", who,
			  CMA_MAX_NAME - 1, name ? name : "(null)");
		return -EINVAL;
	}
	if (!size || !IS_ALIGNED(base | size, PAGEBLOCK_SIZE) || base + size < base) {
		mm_printf("%s: %s: base and size must be non-zero multiples of 2 MiB "
			  "(0x%llx+0x%llx)\n",
			  who, name, (ull)base, (ull)size);
		return -EINVAL;
	}
	if (order_per_bit > PAGEBLOCK_ORDER) {
		mm_printf("%s: %s: order_per_bit above the pageblock order (%u)\n", who, name,
			  order_per_bit);
		return -EINVAL;
	}
	if (t->count == MAX_CMA_AREAS) {
		mm_printf("%s: %s: too many CMA areas (%d)\n", who, name, MAX_CMA_AREAS);
		return -ENOSPC;
	}
	for (int i = 0; i < t->count; i++) {
		const struct cma *o = &t->areas[i];

		if (!strcmp(o->name, name)) {
			mm_printf("%s: an area has this name already (%s)\n", who, name);
			return -EEXIST;
		}
		if (pfn < o->base_pfn + o->count && o->base_pfn < pfn + count) {
			mm_printf("%s: %s overlaps cma-%s (pfn 0x%llx)\n", who, name, o->name,
				  (ull)pfn);
			return -EBUSY;
		}
	}
	err = check_blocks(who, pfn, count);
	if (err)
		return err;
	cma = &t->areas[t->count];
	memset(cma, 0, sizeof(*cma));
	strlcpy(cma->name, name, sizeof(cma->name));
	cma->base_pfn = pfn;
	cma->count = count;
	cma->order_per_bit = order_per_bit;
	cma->is_default = is_default;
	cma->nid = page_to_nid(pfn_to_page(pfn));
	spin_lock_init(&cma->lock);
	if (bitmap_get(t, cma)) {
		mm_printf("%s: %s: no memory for a bitmap of %lu bits (%d)\n", who, name,
			  bitmap_maxno(cma), -ENOMEM);
		return -ENOMEM;
	}
	t->count++;
	if (res)
		*res = cma;
	return 0;
}

int cma_init_reserved_mem(const char *name, phys_addr_t base, u64 size, bool is_default)
{
	return cma_declare_area(name, base, size, 0, is_default, NULL);
}

int cma_area_count(void)
{
	return cur->count;
}

struct cma *cma_area(int i)
{
	return i >= 0 && i < cur->count ? &cur->areas[i] : NULL;
}

struct cma *cma_find_area(const char *name)
{
	for (int i = 0; name && i < cur->count; i++)
		if (!strcmp(cur->areas[i].name, name))
			return &cur->areas[i];
	return NULL;
}

struct cma *cma_default_area(void)
{
	for (int i = 0; i < cur->count; i++)
		if (cur->areas[i].is_default)
			return &cur->areas[i];
	return NULL;
}

phys_addr_t cma_get_base(const struct cma *cma)
{
	return PFN_PHYS(cma->base_pfn);
}

unsigned long cma_get_size(const struct cma *cma)
{
	return cma->count << PAGE_SHIFT;
}

const char *cma_get_name(const struct cma *cma)
{
	return cma->name;
}

/* ---- allocation ---- */

unsigned long cma_used_pages(struct cma *cma)
{
	unsigned long used;

	spin_lock(&cma->lock);
	used = bitmap_weight(cma->bitmap, bitmap_maxno(cma));
	spin_unlock(&cma->lock);
	return used << cma->order_per_bit;
}

unsigned long cma_maxchunk_pages(struct cma *cma)
{
	unsigned long maxno = bitmap_maxno(cma), best = 0, start, end = 0;

	spin_lock(&cma->lock);
	for (;;) {
		start = find_next_zero_bit(cma->bitmap, maxno, end);
		if (start >= maxno)
			break;
		end = find_next_bit(cma->bitmap, maxno, start);
		best = max(best, end - start);
	}
	spin_unlock(&cma->lock);
	return best << cma->order_per_bit;
}

static void bits_clear(struct cma *cma, unsigned long bit, unsigned long n)
{
	spin_lock(&cma->lock);
	bitmap_clear(cma->bitmap, bit, n);
	spin_unlock(&cma->lock);
}

struct page *cma_alloc(struct cma *cma, unsigned long count, unsigned int align, bool no_warn)
{
	struct migrate_fail fail = {.why = ""};
	unsigned long mask, offset, maxno, bits, start = 0, bit;
	struct page *page = NULL;
	unsigned tries = 0;
	int err = 0;

	if (!cma_valid(cma)) {
		mm_printf("cma_alloc: not a registered CMA area (%p)\n", (void *)cma);
		return NULL;
	}
	if (!count || count > cma->count || align >= 32) {
		mm_printf("cma_alloc: cma-%s: bad request of %lu pages aligned to order %u (%lu)\n",
			  cma->name, count, align, count);
		spin_lock(&cma->lock);
		cma->alloc_pages_fail += count;
		spin_unlock(&cma->lock);
		return NULL;
	}
	mask = align_mask(cma, align);
	offset = align_offset(cma, align);
	maxno = bitmap_maxno(cma);
	bits = pages_to_bits(cma, count);
	for (;;) {
		pfn_t pfn;

		spin_lock(&cma->lock);
		bit = bitmap_find_next_zero_area_off(cma->bitmap, maxno, start, bits, mask, offset);
		if (bit >= maxno) {
			spin_unlock(&cma->lock);
			break;
		}
		bitmap_set(cma->bitmap, bit, bits);
		spin_unlock(&cma->lock);

		pfn = cma->base_pfn + (bit << cma->order_per_bit);
		tries++;
		err = alloc_contig_range(pfn, pfn + count, MIGRATE_CMA, &fail);
		if (!err) {
			page = pfn_to_page(pfn);
			break;
		}
		bits_clear(cma, bit, bits);
		if (err != -EBUSY)
			break;
		/* Past the page that stopped us, at the next aligned start. */
		start = bit + mask + 1;
		if (fail.pfn >= pfn && fail.pfn < pfn + count)
			start = max(start, ((fail.pfn - cma->base_pfn) >> cma->order_per_bit) + 1);
	}

	spin_lock(&cma->lock);
	if (page)
		cma->alloc_pages_success += count;
	else
		cma->alloc_pages_fail += count;
	spin_unlock(&cma->lock);
	if (!page && !no_warn) {
		if (tries)
			mm_printf("cma_alloc: no free range of %lu pages in cma-%s: %s (%u ranges "
				  "tried)\n",
				  count, cma->name, fail.why, tries);
		else
			mm_printf("cma_alloc: no free range of %lu pages in cma-%s: %lu of %lu "
				  "pages in use, largest free run %lu (%lu)\n",
				  count, cma->name, cma_used_pages(cma), cma->count,
				  cma_maxchunk_pages(cma), count);
	}
	return page;
}

bool cma_release(struct cma *cma, const struct page *pages, unsigned long count)
{
	unsigned long bit, bits;
	pfn_t pfn;

	if (!cma_valid(cma)) {
		mm_printf("cma_release: not a registered CMA area (%p)\n", (void *)cma);
		return false;
	}
	if (!pages)
		return false;
	if (!page_in_memmap(pages)) {
		mm_printf("cma_release: not a struct page of this machine (%p)\n", (void *)pages);
		return false;
	}
	pfn = page_to_pfn(pages);
	if (!count || pfn < cma->base_pfn || pfn + count > cma->base_pfn + cma->count ||
	    pfn + count < pfn || !IS_ALIGNED(pfn - cma->base_pfn, 1UL << cma->order_per_bit)) {
		mm_printf("cma_release: %lu pages at pfn 0x%llx are not inside cma-%s (%lu)\n",
			  count, (ull)pfn, cma->name, count);
		return false;
	}
	bit = (pfn - cma->base_pfn) >> cma->order_per_bit;
	bits = pages_to_bits(cma, count);
	spin_lock(&cma->lock);
	if (find_next_zero_bit(cma->bitmap, bit + bits, bit) < bit + bits) {
		spin_unlock(&cma->lock);
		mm_printf("cma_release: pages not allocated from cma-%s: double release? "
			  "(pfn 0x%llx)\n",
			  cma->name, (ull)pfn);
		return false;
	}
	spin_unlock(&cma->lock);
	for (unsigned long i = 0; i < count; i++) {
		const struct page *p = pages + i;

		if (page_ref_count(p) <= 0 || PageBuddy(p) || PagePcp(p)) {
			mm_printf("cma_release: cma-%s: page already free (pfn 0x%llx)\n",
				  cma->name, (ull)(pfn + i));
			return false;
		}
	}
	free_contig_range(pfn, count);
	spin_lock(&cma->lock);
	bitmap_clear(cma->bitmap, bit, bits);
	cma->release_pages_success += count;
	spin_unlock(&cma->lock);
	return true;
}

/* ---- counters, report, verification ---- */

unsigned long cma_total_pages(void)
{
	unsigned long n = 0;

	for (int i = 0; i < cur->count; i++)
		n += cur->areas[i].count;
	return n;
}

unsigned long cma_free_pages(void)
{
	struct pglist_data *pgdat;
	struct zone *zone;
	unsigned long n = 0;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat) if (zone->cma_pages) n +=
	    zone_free_cma_pages(zone);
	return n;
}

void cma_report(void)
{
	if (!cur->count)
		mm_printf("cma: no CMA areas (%d)\n", 0);
	for (int i = 0; i < cur->count; i++) {
		struct cma *cma = &cur->areas[i];

		mm_printf("name: %s\n", cma->name);
		mm_printf("base_pfn: %llu\n", (ull)cma->base_pfn);
		mm_printf("count: %lu\n", cma->count);
		mm_printf("used: %lu\n", cma_used_pages(cma));
		mm_printf("maxchunk: %lu\n", cma_maxchunk_pages(cma));
		mm_printf("order_per_bit: %u\n", cma->order_per_bit);
		mm_printf("alloc_pages_success: %lu\n", cma->alloc_pages_success);
		mm_printf("alloc_pages_fail: %lu\n", cma->alloc_pages_fail);
		mm_printf("release_pages_success: %lu\n", cma->release_pages_success);
		mm_printf("\n");
	}
	mm_printf("%-16s%8lu kB\n", "CmaTotal:", cma_total_pages() << (PAGE_SHIFT - 10));
	mm_printf("%-16s%8lu kB\n", "CmaFree:", cma_free_pages() << (PAGE_SHIFT - 10));
}

#define VERIFY_PRINT_MAX 16

static int __printf(3, 4) verr(const struct cma *cma, int errors, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	if (errors < VERIFY_PRINT_MAX) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		mm_printf("cma_verify: cma-%s: %s\n", cma->name, msg);
	}
	return errors + 1;
}

/*
 * One area, with its zone's per-CPU locks and zone->lock held: every pageblock is CMA; a
 * set bit's first page is handed out (in use, not movable); under a clear bit every page
 * is free or in use by a movable owner, so that cma_alloc() could take it.
 */
static int verify_area(struct cma *cma)
{
	struct page *first = pfn_to_page(cma->base_pfn);
	unsigned long opb = cma->order_per_bit;
	int errors = 0;

	for (unsigned long i = 0; i < cma->count; i += PAGEBLOCK_PAGES) {
		int mt = get_pfnblock_migratetype(first + i, cma->base_pfn + i);

		if (mt != MIGRATE_CMA)
			errors = verr(cma, errors, "pageblock is %s, not CMA (pfn 0x%llx)",
				      migratetype_names[mt], (ull)(cma->base_pfn + i));
	}
	for (unsigned long i = 0; i < cma->count;) {
		struct page *page = first + i, *head;
		pfn_t pfn = cma->base_pfn + i;

		if (test_bit(i >> opb, cma->bitmap)) {
			if (!(i & ((1UL << opb) - 1)) &&
			    (page_ref_count(page) <= 0 || PageBuddy(page) || PagePcp(page) ||
			     PageMovable(page)))
				errors = verr(cma, errors,
					      "bit set but the page is free or movable (pfn "
					      "0x%llx)",
					      (ull)pfn);
			i = ALIGN_DOWN(i, 1UL << opb) + (1UL << opb);
			continue;
		}
		if (page_ref_count(page) > 0) {
			if (!PageMovable(page))
				errors = verr(cma, errors,
					      "bit clear but the page is in use and not movable "
					      "(pfn 0x%llx flags 0x%lx)",
					      (ull)pfn, page->flags & PG_FLAGS_MASK);
			i++;
			continue;
		}
		head = pfn_free_block(page, pfn);
		if (!head) {
			errors = verr(cma, errors,
				      "bit clear but the page is inside an allocated block (pfn "
				      "0x%llx)",
				      (ull)pfn);
			i++;
			continue;
		}
		i += (unsigned long)(head - page) + (1UL << head->order);
	}
	return errors;
}

int cma_verify(void)
{
	int errors = 0;

	for (int a = 0; a < cur->count; a++) {
		struct cma *cma = &cur->areas[a];
		struct page *first = pfn_to_page(cma->base_pfn);
		struct zone *zone;
		int e;

		if (!first) {
			errors++;
			mm_printf("cma_verify: cma-%s: no memmap (pfn 0x%llx)\n", cma->name,
				  (ull)cma->base_pfn);
			continue;
		}
		zone = page_zone(first);
		spin_lock(&cma->lock);
		for (unsigned cpu = 0; zone->per_cpu_pageset && cpu < NR_CPUS; cpu++)
			spin_lock(&zone->per_cpu_pageset[cpu].lock);
		spin_lock(&zone->lock);
		e = verify_area(cma);
		spin_unlock(&zone->lock);
		for (unsigned cpu = NR_CPUS; zone->per_cpu_pageset && cpu-- > 0;)
			spin_unlock(&zone->per_cpu_pageset[cpu].lock);
		spin_unlock(&cma->lock);
		if (e > VERIFY_PRINT_MAX)
			mm_printf("cma_verify: cma-%s: %d more errors not shown\n", cma->name,
				  e - VERIFY_PRINT_MAX);
		errors += e;
	}
	return errors;
}
