// SPDX-License-Identifier: MIT
/*
 * The freeing side of the page allocator: what callers hand back is checked before
 * anything changes (a bad free prints one "BUG: Bad page state" line and leaves the
 * page alone: quarantined, counters untouched), references are dropped, compound pages
 * are taken apart, and the block goes to this CPU's lists or straight to the buddy
 * (mm/page_alloc.c). Also the global counters and Linux's names for GFP flags.
 */
#include "mm/gfp.h"
#include "mm/page_alloc_internal.h"
#include "lib/printf.h"

void bad_page(const struct page *page, const char *reason)
{
	mm_state->nr_bad_pages++;
	mm_printf("BUG: Bad page state in process cpu%u  pfn:%05llx (%s) refcount:%d order:%u "
		  "flags:0x%lx\n",
		  smp_processor_id(), (unsigned long long)page_to_pfn(page), reason,
		  page_ref_count(page), page->order, page->flags & PG_FLAGS_MASK);
}

/* What the caller hands in must be an allocated block head; nothing is changed if not. */
static bool free_check_caller(struct page *page, int order, const char *who)
{
	char why[80];

	if (!page_in_memmap(page)) {
		mm_state->nr_bad_pages++;
		mm_printf("%s: not a struct page of this machine (%p)\n", who, (void *)page);
		return false;
	}
	if (PageTail(page))
		bad_page(page, "freeing a tail page of a compound page");
	else if (PageBuddy(page) || PagePcp(page))
		bad_page(page, "double free: the page is already free");
	else if (PageHole(page))
		bad_page(page, "no RAM behind this frame");
	else if (PageReserved(page))
		bad_page(page, "freeing a reserved page");
	else if (PageBad(page))
		bad_page(page, "freeing a quarantined page");
	else if (page_ref_count(page) <= 0)
		bad_page(page, "refcount already zero: double free or not a block head");
	else if (order >= 0 && (unsigned)order != page->order) {
		snprintf(why, sizeof(why), "freed with order %d, allocated with order %u", order,
			 page->order);
		bad_page(page, why);
	} else
		return true;
	return false;
}

/*
 * The last reference is gone: check the rest of the block before anything changes, then
 * undo the compound layout. A bad subpage quarantines the whole block (PG_bad on its head).
 */
static bool free_pages_prepare(struct page *page, unsigned order)
{
	const unsigned long busy = (1UL << PG_buddy) | (1UL << PG_pcp) | (1UL << PG_reserved) |
				   (1UL << PG_hole) | (1UL << PG_head) | (1UL << PG_bad) |
				   (1UL << PG_slab);
	bool compound = PageHead(page);

	if (PageSlab(page)) {
		bad_page(page, "freeing a page still owned by slab");
		__SetPageBad(page);
		return false;
	}
	for (unsigned long i = 1; i < (1UL << order); i++) {
		struct page *p = page + i;
		const char *why = NULL;

		if (compound && p->compound_head != ((unsigned long)page | 1))
			why = "corrupted compound tail";
		else if (!compound && p->compound_head)
			why = "part of another compound page inside the block";
		else if (page_ref_count(p))
			why = "nonzero _refcount inside the block";
		else if (p->flags & busy)
			why = "page flags set inside the block";
		if (why) {
			bad_page(p, why);
			__SetPageBad(page);
			return false;
		}
	}
	if (compound) {
		for (unsigned long i = 1; i < (1UL << order); i++)
			page[i].compound_head = 0;
		__ClearPageHead(page);
	}
	if (PageMovable(page)) {
		/* A movable page's owner link (mm/migrate.h) must not outlive the page. */
		__ClearPageMovable(page);
		page->owner[0] = page->owner[1] = 0;
	}
	page->private = 0;
	if (unlikely(READ_ONCE(page_poison_on)))
		kernel_poison_pages(page, order);
	return true;
}

static void free_the_page(struct page *page, unsigned order)
{
	struct zone *zone = page_zone(page);
	pfn_t pfn = page_to_pfn(page);
	int mt;

	if (!free_pages_prepare(page, order))
		return;
	mt = get_pfnblock_migratetype(page, pfn);
	if (order <= PAGE_ALLOC_COSTLY_ORDER)
		free_unref_page(zone, page, pfn, order, mt);
	else
		free_one_page(zone, page, pfn, order, mt);
}

static bool put_page_testzero(struct page *page)
{
	return __atomic_sub_fetch(&page->_refcount, 1, __ATOMIC_ACQ_REL) == 0;
}

void __free_pages(struct page *page, unsigned int order)
{
	if (!free_check_caller(page, (int)order, __func__))
		return;
	if (put_page_testzero(page))
		free_the_page(page, order);
}

void free_pages(unsigned long addr, unsigned int order)
{
	struct page *page;

	if (!addr)
		return;
	page = virt_to_page((void *)addr);
	if (!page || (addr & (PAGE_SIZE - 1))) {
		mm_state->nr_bad_pages++;
		mm_printf("%s: not the address of a page in RAM (0x%lx)\n", __func__, addr);
		return;
	}
	__free_pages(page, order);
}

void get_page(struct page *page)
{
	struct page *head;

	if (!page_in_memmap(page)) {
		mm_printf("%s: not a struct page of this machine (%p)\n", __func__, (void *)page);
		return;
	}
	head = compound_head(page);
	if (page_ref_count(head) <= 0 || PageBuddy(head) || PagePcp(head)) {
		bad_page(head, "get_page on a free page");
		return;
	}
	__atomic_add_fetch(&head->_refcount, 1, __ATOMIC_RELAXED);
}

void put_page(struct page *page)
{
	struct page *head;

	if (!page_in_memmap(page)) {
		mm_printf("%s: not a struct page of this machine (%p)\n", __func__, (void *)page);
		return;
	}
	head = compound_head(page);
	if (!free_check_caller(head, -1, __func__))
		return;
	if (put_page_testzero(head))
		free_the_page(head, head->order);
}

/* ---- counters and names ---- */

unsigned long nr_free_pages(void)
{
	struct pglist_data *pgdat;
	struct zone *zone;
	unsigned long n = 0;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat) n +=
	    READ_ONCE(zone->nr_free_pages);
	return n;
}

unsigned long totalram_pages(void)
{
	struct pglist_data *pgdat;
	struct zone *zone;
	unsigned long n = 0;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat) n +=
	    READ_ONCE(zone->managed_pages);
	return n;
}

/* Linux's gfpflag_names order: composite names first, so the shortest spelling wins. */
static const struct {
	gfp_t mask;
	const char *name;
} gfp_names[] = {
    {GFP_USER, "GFP_USER"},
    {GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT"},
    {GFP_KERNEL, "GFP_KERNEL"},
    {GFP_NOFS, "GFP_NOFS"},
    {GFP_ATOMIC, "GFP_ATOMIC"},
    {GFP_NOIO, "GFP_NOIO"},
    {GFP_NOWAIT, "GFP_NOWAIT"},
    {GFP_DMA32, "GFP_DMA32"},
    {__GFP_HIGH, "__GFP_HIGH"},
    {__GFP_ATOMIC, "__GFP_ATOMIC"},
    {__GFP_IO, "__GFP_IO"},
    {__GFP_FS, "__GFP_FS"},
    {__GFP_NOWARN, "__GFP_NOWARN"},
    {__GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL"},
    {__GFP_NOFAIL, "__GFP_NOFAIL"},
    {__GFP_NORETRY, "__GFP_NORETRY"},
    {__GFP_COMP, "__GFP_COMP"},
    {__GFP_ZERO, "__GFP_ZERO"},
    {__GFP_NOMEMALLOC, "__GFP_NOMEMALLOC"},
    {__GFP_MEMALLOC, "__GFP_MEMALLOC"},
    {__GFP_HARDWALL, "__GFP_HARDWALL"},
    {__GFP_THISNODE, "__GFP_THISNODE"},
    {__GFP_RECLAIMABLE, "__GFP_RECLAIMABLE"},
    {__GFP_MOVABLE, "__GFP_MOVABLE"},
    {__GFP_ACCOUNT, "__GFP_ACCOUNT"},
    {__GFP_WRITE, "__GFP_WRITE"},
    {__GFP_RECLAIM, "__GFP_RECLAIM"},
    {__GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM"},
    {__GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM"},
};

int gfp_flags_format(char *buf, size_t size, gfp_t gfp)
{
	int len = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(gfp_names) && gfp; i++) {
		if ((gfp & gfp_names[i].mask) != gfp_names[i].mask)
			continue;
		len += snprintf(buf + min((size_t)len, size), size - min((size_t)len, size), "%s%s",
				len ? "|" : "", gfp_names[i].name);
		gfp &= ~gfp_names[i].mask;
	}
	if (gfp)
		len += snprintf(buf + min((size_t)len, size), size - min((size_t)len, size),
				"%s0x%x", len ? "|" : "", gfp);
	return len;
}
