// SPDX-License-Identifier: MIT
/*
 * Page migration and alloc_contig_range(); the design is described in mm/migrate.h.
 */
#include "mm/migrate.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

typedef unsigned long long ull;

struct migrate_stats migrate_stats;
static spinlock_t contig_lock = SPINLOCK_INIT; /* one contiguous allocation at a time */

#define WHY(at, ...)                                                                               \
	do {                                                                                       \
		if (fail) {                                                                        \
			fail->pfn = (at);                                                          \
			snprintf(fail->why, sizeof(fail->why), __VA_ARGS__);                       \
		}                                                                                  \
	} while (0)

static bool page_is_plain_allocation(const struct page *page)
{
	const unsigned long not = (1UL << PG_reserved) | (1UL << PG_buddy) | (1UL << PG_pcp) |
				  (1UL << PG_head) | (1UL << PG_hole) | (1UL << PG_bad) |
				  (1UL << PG_slab);

	return !(page->flags & not ) && !PageTail(page) && page->order == 0 &&
	       page_ref_count(page) > 0;
}

int set_page_movable(struct page *page, const struct movable_ops *ops, void *priv)
{
	if (!page_in_memmap(page) || !ops || !ops->migrate) {
		mm_printf("%s: not a struct page, or no migrate() (%p)\n", __func__, (void *)page);
		return -EINVAL;
	}
	if (!page_is_plain_allocation(page)) {
		mm_printf("%s: not an allocated order-0 page (pfn 0x%llx)\n", __func__,
			  (ull)page_to_pfn(page));
		return -EINVAL;
	}
	page->owner[0] = (unsigned long)ops;
	page->owner[1] = (unsigned long)priv;
	__SetPageMovable(page);
	return 0;
}

void clear_page_movable(struct page *page)
{
	if (!page_in_memmap(page) || !PageMovable(page))
		return;
	__ClearPageMovable(page);
	page->owner[0] = page->owner[1] = 0;
}

const struct movable_ops *page_movable_ops(const struct page *page)
{
	return PageMovable(page) ? (const struct movable_ops *)page->owner[0] : NULL;
}

void *page_movable_priv(const struct page *page)
{
	return PageMovable(page) ? (void *)page->owner[1] : NULL;
}

void migrate_copy_page(struct page *dst, const struct page *src)
{
	memcpy(page_address(dst), page_address(src), PAGE_SIZE);
}

/* Why an in-use page cannot move; 0 if it can (-EBUSY otherwise). */
static int check_movable(struct page *page, struct migrate_fail *fail)
{
	int ref = page_ref_count(page);

	if (!page_movable_ops(page) || !page_is_plain_allocation(page)) {
		WHY(page_to_pfn(page), "pfn 0x%llx not movable (flags 0x%lx)",
		    (ull)page_to_pfn(page), page->flags & PG_FLAGS_MASK);
		return -EBUSY;
	}
	if (ref != 1) {
		migrate_stats.nr_failed_pinned++;
		WHY(page_to_pfn(page), "pfn 0x%llx pinned (refcount %d)", (ull)page_to_pfn(page),
		    ref);
		return -EBUSY;
	}
	return 0;
}

int migrate_page(struct page *page, struct migrate_fail *fail)
{
	const struct movable_ops *ops;
	void *priv;
	struct page *dst;
	int err = check_movable(page, fail);

	if (err)
		return err;
	ops = page_movable_ops(page);
	priv = page_movable_priv(page);
	get_page(page); /* ours, so the page outlives a concurrent free by its owner */
	dst = alloc_pages_node(page_to_nid(page), GFP_KERNEL | __GFP_MOVABLE | __GFP_NOWARN, 0);
	if (!dst) {
		put_page(page);
		migrate_stats.nr_failed_nomem++;
		WHY(page_to_pfn(page), "no free page to move pfn 0x%llx to (node %d)",
		    (ull)page_to_pfn(page), page_to_nid(page));
		return -ENOMEM;
	}
	/* dst is movable before the owner points at it: a free right after sees the mark. */
	dst->private = page->private;
	set_page_movable(dst, ops, priv);
	err = ops->migrate(page, dst, priv);
	if (err) {
		clear_page_movable(dst);
		dst->private = 0;
		__free_pages(dst, 0);
		put_page(page);
		migrate_stats.nr_failed_owner++;
		WHY(page_to_pfn(page), "owner of pfn 0x%llx refused to move it (%s)",
		    (ull)page_to_pfn(page), errno_name(err));
		return err;
	}
	clear_page_movable(page);
	page->private = 0;
	put_page(page); /* ours */
	put_page(page); /* the owner's, now held on dst: the old frame is free */
	migrate_stats.nr_migrated++;
	return 0;
}

/*
 * Visit the pages in use in [start, end) (first: struct page of start): free blocks are
 * skipped whole; each page in use is checked (migrate false) or migrated. -EBUSY with the
 * reason for a page that cannot move.
 */
static int walk_in_use(struct page *first, pfn_t start, pfn_t end, bool migrate,
		       struct migrate_fail *fail)
{
	for (pfn_t pfn = start; pfn < end;) {
		struct page *page = first + (pfn - start), *head;
		int err;

		if (PageHole(page) || PageReserved(page)) {
			WHY(pfn, "pfn 0x%llx reserved (flags 0x%lx)", (ull)pfn,
			    page->flags & PG_FLAGS_MASK);
			return -EBUSY;
		}
		if (page_ref_count(page) == 0) {
			head = pfn_free_block(page, pfn);
			if (!head) {
				WHY(pfn,
				    "pfn 0x%llx not movable (inside a block allocated at once)",
				    (ull)pfn);
				return -EBUSY;
			}
			pfn = pfn - (pfn_t)(page - head) + (1UL << head->order);
			continue;
		}
		err = migrate ? migrate_page(page, fail) : check_movable(page, fail);
		if (err)
			return err;
		pfn++;
	}
	return 0;
}

int alloc_contig_range(pfn_t start, pfn_t end, int migratetype, struct migrate_fail *fail)
{
	pfn_t ostart = ALIGN_DOWN(start, PAGEBLOCK_PAGES), oend = ALIGN_UP(end, PAGEBLOCK_PAGES);
	struct page *first = start < end ? pfn_to_page(start) : NULL;
	struct zone *zone;
	int err;

	if (!first || !pfn_to_page(end - 1) ||
	    page_zone(pfn_to_page(end - 1)) != page_zone(first)) {
		WHY(start, "range empty, without memmap or across zones (pfn 0x%llx-0x%llx)",
		    (ull)start, (ull)end);
		return -EINVAL;
	}
	zone = page_zone(first);
	spin_lock(&contig_lock);
	err = start_isolate_page_range(ostart, oend, migratetype, fail);
	if (err)
		goto out;
	drain_all_pages(zone);
	err = walk_in_use(first, start, end, false, fail);
	/* A page freed or allocated while we migrate shows up in the check: one more pass. */
	for (int pass = 0; !err && pass < 2; pass++) {
		err = walk_in_use(first, start, end, true, fail);
		if (err)
			break;
		drain_all_pages(zone);
		err = take_isolated_range(start, end, migratetype, fail);
		if (err != -EBUSY)
			break;
	}
	undo_isolate_page_range(ostart, oend, migratetype);
out:
	spin_unlock(&contig_lock);
	if (err)
		migrate_stats.nr_contig_fail++;
	else
		migrate_stats.nr_contig_ok++;
	return err;
}

/* Free n pages at page as one order-`order` block if each holds just its one reference. */
static void free_chunk(struct page *page, pfn_t pfn, unsigned order)
{
	unsigned long n = 1UL << order;
	struct page *last = pfn_to_page(pfn + n - 1);
	bool whole = order > 0 && last == page + n - 1 && page_zone(last) == page_zone(page);

	for (unsigned long i = 0; whole && i < n; i++)
		if (page_ref_count(page + i) != 1 || PageMovable(page + i) || page[i].order)
			whole = false;
	if (!whole) {
		for (unsigned long i = 0; i < n; i++)
			__free_pages(page + i, 0);
		return;
	}
	for (unsigned long i = 1; i < n; i++)
		__atomic_store_n(&page[i]._refcount, 0, __ATOMIC_RELAXED);
	page->order = (u8)order;
	__free_pages(page, order);
}

void free_contig_range(pfn_t pfn, unsigned long nr)
{
	while (nr) {
		unsigned order =
		    pfn ? (unsigned)min(__builtin_ctzll(pfn), MAX_PAGE_ORDER) : MAX_PAGE_ORDER;
		struct page *page;

		while ((1UL << order) > nr)
			order--;
		page = pfn_to_page(pfn);
		if (!page) {
			mm_printf("%s: no memmap (pfn 0x%llx)\n", __func__, (ull)pfn);
			return;
		}
		free_chunk(page, pfn, order);
		pfn += 1UL << order;
		nr -= 1UL << order;
	}
}
