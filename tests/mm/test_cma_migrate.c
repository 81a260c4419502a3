// SPDX-License-Identifier: MIT
/*
 * Migration underneath CMA (mm/migrate.c, mm/page_alloc_isolate.c, mm/vmalloc_migrate.c,
 * pgt_remap_page): an owner of its own through struct movable_ops, pinned and unmovable
 * pages, an owner that refuses, bad set_page_movable() input, the movable mark cleared on
 * free, alloc_contig_range() on unaligned and bad ranges (and everything merged back
 * after), the PTE rewrite, and vmalloc's movable links. Environment: tests/mm/test_cma.h.
 */
#include "tests/mm/test_cma.h"
#include "lib/list.h"
#include "lib/printf.h"
#include "lib/string.h"

#define NR_OWNED 4

/* A test owner: keeps its own pointers to its pages, may refuse to let them move. */
struct owner {
	struct page *pages[NR_OWNED];
	int calls;
	int refuse; /* 0, or what migrate() returns */
};

static int owner_migrate(struct page *src, struct page *dst, void *priv)
{
	struct owner *o = priv;

	o->calls++;
	if (o->refuse)
		return o->refuse;
	for (int i = 0; i < NR_OWNED; i++) {
		if (o->pages[i] == src) {
			migrate_copy_page(dst, src);
			o->pages[i] = dst;
			return 0;
		}
	}
	return -ENOENT;
}

static const struct movable_ops owner_ops = {.migrate = owner_migrate};

static bool owner_take(struct ktest *t, struct owner *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 0; i < NR_OWNED; i++) {
		o->pages[i] = alloc_pages(GFP_MOV, 0);
		if (!o->pages[i])
			return false;
		memset(page_address(o->pages[i]), 0x40 + i, PAGE_SIZE);
		o->pages[i]->private = 1000 + (unsigned long)i;
		EXPECT_EQ(set_page_movable(o->pages[i], &owner_ops, o), 0);
	}
	return true;
}

static void owner_put(struct owner *o)
{
	for (int i = 0; i < NR_OWNED; i++)
		if (o->pages[i])
			__free_pages(o->pages[i], 0);
}

static bool filled_with(const struct page *page, u8 c)
{
	const u8 *p = page_address(page);

	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		if (p[i] != c)
			return false;
	return true;
}

KTEST(test_owner_pages_move)
{
	struct migrate_fail fail = {0};
	struct owner o;
	unsigned long before;

	TC_SETUP();
	ASSERT_TRUE(owner_take(t, &o));
	before = migrate_stats.nr_migrated;
	for (int i = 0; i < NR_OWNED; i++) {
		struct page *old = o.pages[i];

		EXPECT_TRUE(PageMovable(old));
		EXPECT_PTR_EQ(page_movable_ops(old), &owner_ops);
		EXPECT_PTR_EQ(page_movable_priv(old), &o);
		EXPECT_EQ(migrate_page(old, &fail), 0);
		EXPECT_NE((uintptr_t)o.pages[i], (uintptr_t)old);
		EXPECT_TRUE(filled_with(o.pages[i], (u8)(0x40 + i)));
		EXPECT_TRUE(PageMovable(o.pages[i]));
		EXPECT_PTR_EQ(page_movable_priv(o.pages[i]), &o);
		EXPECT_EQ(o.pages[i]->private, 1000 + (unsigned long)i);
		EXPECT_EQ(page_ref_count(o.pages[i]), 1);
		/* The old frame went back to the allocator, its mark with it. */
		EXPECT_EQ(page_ref_count(old), 0);
		EXPECT_FALSE(PageMovable(old));
	}
	EXPECT_EQ(o.calls, NR_OWNED);
	EXPECT_EQ(migrate_stats.nr_migrated - before, NR_OWNED);
	EXPECT_EQ(tc_verify_all(t), 0);
	owner_put(&o);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_pinned_and_unmovable_stay)
{
	struct migrate_fail fail = {0};
	struct owner o;
	struct page *plain, *old;
	char want[64];

	TC_SETUP();
	ASSERT_TRUE(owner_take(t, &o));
	old = o.pages[0];
	get_page(old);
	EXPECT_EQ(migrate_page(old, &fail), -EBUSY);
	snprintf(want, sizeof(want), "pfn 0x%llx pinned (refcount 2)",
		 (unsigned long long)page_to_pfn(old));
	EXPECT_STREQ(fail.why, want);
	EXPECT_EQ(fail.pfn, page_to_pfn(old));
	EXPECT_PTR_EQ(o.pages[0], old);
	EXPECT_EQ(o.calls, 0);
	put_page(old);
	EXPECT_EQ(migrate_page(old, &fail), 0);

	plain = alloc_pages(GFP_MOV, 0);
	ASSERT_NOT_NULL(plain);
	EXPECT_EQ(migrate_page(plain, &fail), -EBUSY);
	EXPECT_TRUE(strstr(fail.why, "not movable") != NULL);
	EXPECT_EQ(migrate_page(plain, NULL), -EBUSY); /* no reason wanted */
	__free_pages(plain, 0);
	owner_put(&o);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_owner_refuses)
{
	struct migrate_fail fail = {0};
	struct tb_snap a, b;
	struct owner o;
	struct page *old;

	TC_SETUP();
	ASSERT_TRUE(owner_take(t, &o));
	o.refuse = -EAGAIN;
	old = o.pages[1];
	drain_all_pages(NULL);
	tb_snapshot(tc.zone, &a);
	EXPECT_EQ(migrate_page(old, &fail), -EAGAIN);
	EXPECT_TRUE(strstr(fail.why, "refused to move it (EAGAIN)") != NULL);
	drain_all_pages(NULL);
	tb_snapshot(tc.zone, &b);
	EXPECT_TRUE(tb_snap_equal(&a, &b)); /* the page allocated for it went back */
	EXPECT_PTR_EQ(o.pages[1], old);
	EXPECT_TRUE(PageMovable(old));
	EXPECT_EQ(page_ref_count(old), 1);
	EXPECT_TRUE(filled_with(old, 0x41));
	owner_put(&o);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_set_movable_bad)
{
	struct owner o = {0};
	static const struct movable_ops no_fn = {0};
	struct page *p, *big;

	TC_SETUP();
	p = alloc_pages(GFP_MOV, 0);
	big = alloc_pages(GFP_MOV | __GFP_COMP, 2);
	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(big);
	tb_log_clear();
	EXPECT_EQ(set_page_movable(p, NULL, &o), -EINVAL);
	EXPECT_EQ(set_page_movable(p, &no_fn, &o), -EINVAL);
	EXPECT_EQ(set_page_movable(NULL, &owner_ops, &o), -EINVAL);
	EXPECT_TRUE(tb_log_has("no migrate()"));
	EXPECT_EQ(set_page_movable(big, &owner_ops, &o), -EINVAL);
	EXPECT_EQ(set_page_movable(big + 1, &owner_ops, &o), -EINVAL);
	EXPECT_TRUE(tb_log_has("not an allocated order-0 page"));
	EXPECT_FALSE(PageMovable(p));
	__free_pages(big, 2);

	/* Freed while movable: the mark and the owner link go with the free. */
	EXPECT_EQ(set_page_movable(p, &owner_ops, &o), 0);
	__free_pages(p, 0);
	EXPECT_FALSE(PageMovable(p));
	EXPECT_EQ(p->owner[0], 0);
	EXPECT_EQ(set_page_movable(p, &owner_ops, &o), -EINVAL); /* free now */
	EXPECT_EQ(mm_state->nr_bad_pages, 0);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_contig_range_unaligned)
{
	struct migrate_fail fail = {0};
	struct tb_snap a, b;
	struct owner o;
	pfn_t start, end;
	bool inside = false;

	TC_SETUP();
	start = tc.base + 1;
	end = tc.base + 700; /* crosses the pageblock boundary at 512 */
	/* Owner pages in CMA (the only free memory left for movable), some in the range. */
	LIST_HEAD(held);
	tc_take_all(&held);
	ASSERT_TRUE(owner_take(t, &o));
	for (int i = 0; i < NR_OWNED; i++)
		inside |= page_to_pfn(o.pages[i]) >= start && page_to_pfn(o.pages[i]) < end;
	EXPECT_TRUE(inside);
	tc_give_back(&held);
	drain_all_pages(NULL);
	tb_snapshot(tc.zone, &a);

	EXPECT_EQ(alloc_contig_range(start, end, MIGRATE_CMA, &fail), 0);
	for (pfn_t pfn = start; pfn < end; pfn++) {
		struct page *p = pfn_to_page(pfn);

		if (page_ref_count(p) != 1 || PageBuddy(p) || PageMovable(p)) {
			ktest_fail(t, __FILE__, __LINE__, "pfn 0x%llx not taken",
				   (unsigned long long)pfn);
			break;
		}
	}
	for (int i = 0; i < NR_OWNED; i++) {
		pfn_t pfn = page_to_pfn(o.pages[i]);

		EXPECT_FALSE(pfn >= start && pfn < end);
		EXPECT_TRUE(filled_with(o.pages[i], (u8)(0x40 + i)));
	}
	EXPECT_EQ(get_pageblock_migratetype(pfn_to_page(start)), MIGRATE_CMA);
	EXPECT_EQ(get_pageblock_migratetype(pfn_to_page(end)), MIGRATE_CMA);
	EXPECT_EQ(tb_verify(t), 0);
	free_contig_range(start, end - start);
	owner_put(&o);
	drain_all_pages(NULL);
	/* Everything merged back: the same free blocks as before the owner pages moved. */
	tb_snapshot(tc.zone, &b);
	EXPECT_EQ(b.free_pages, a.free_pages + NR_OWNED);
	EXPECT_EQ(tc.zone->nr_free_cma, TC_CMA_PAGES);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_contig_range_bad)
{
	struct migrate_fail fail = {0};
	struct tb_snap a, b;
	struct page *plain;
	pfn_t pfn;

	TC_SETUP();
	drain_all_pages(NULL);
	tb_snapshot(tc.zone, &a);
	EXPECT_EQ(alloc_contig_range(tc.base, tc.base, MIGRATE_CMA, &fail), -EINVAL);
	EXPECT_EQ(
	    alloc_contig_range(tb_pfn(TB_PAGES - 1), tb_pfn(TB_PAGES + 1), MIGRATE_CMA, &fail),
	    -EINVAL);
	EXPECT_TRUE(strstr(fail.why, "without memmap") != NULL);
	/* Asking for CMA where the blocks are not CMA. */
	EXPECT_EQ(alloc_contig_range(tb_pfn(0), tb_pfn(8), MIGRATE_CMA, &fail), -EBUSY);
	EXPECT_TRUE(strstr(fail.why, ", not CMA") != NULL);
	/* A range holding an unmovable page: refused before anything moves. */
	plain = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(plain);
	pfn = page_to_pfn(plain);
	EXPECT_EQ(alloc_contig_range(pfn, pfn + 1, get_pageblock_migratetype(plain), &fail),
		  -EBUSY);
	EXPECT_EQ(fail.pfn, pfn);
	EXPECT_TRUE(strstr(fail.why, "not movable") != NULL);
	EXPECT_NE(get_pageblock_migratetype(plain), MIGRATE_ISOLATE);
	__free_pages(plain, 0);
	drain_all_pages(NULL);
	tb_snapshot(tc.zone, &b);
	EXPECT_TRUE(tb_snap_equal(&a, &b));
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_remap_page)
{
	struct pgtable *pgt;
	struct page *np;
	struct pgt_walk w;
	phys_addr_t old;
	void *va;

	TC_SETUP();
	pgt = tc_pgt();
	va = vmalloc(2 * PAGE_SIZE);
	ASSERT_NOT_NULL(va);
	np = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(np);
	old = vmalloc_to_phys(va);
	tb_log_clear();
	EXPECT_EQ(pgt_remap_page(pgt, (u64)va, old + PAGE_SIZE * 7, PFN_PHYS(page_to_pfn(np))),
		  -EINVAL);
	EXPECT_EQ(pgt_remap_page(pgt, (u64)va + 1, old, PFN_PHYS(page_to_pfn(np))), -EINVAL);
	EXPECT_EQ(pgt_remap_page(pgt, (u64)va, old, 1), -EINVAL);
	EXPECT_EQ(pgt_remap_page(pgt, (u64)va + 2 * PAGE_SIZE, old, PFN_PHYS(page_to_pfn(np))),
		  -ENOENT); /* the guard page */
	EXPECT_EQ(vmalloc_to_phys(va), old);

	unsigned long f0 = tc_flushes();

	ASSERT_EQ(pgt_walk(pgt, (u64)va, &w), 0);
	unsigned prot = w.prot;

	EXPECT_EQ(pgt_remap_page(pgt, (u64)va, old, PFN_PHYS(page_to_pfn(np))), 0);
	EXPECT_EQ(pgt_walk(pgt, (u64)va, &w), 0);
	EXPECT_EQ(w.pa, PFN_PHYS(page_to_pfn(np)));
	EXPECT_EQ(w.prot, prot);
	EXPECT_EQ(tc_flushes() - f0, 1);
	EXPECT_EQ(pgt_remap_page(pgt, (u64)va, PFN_PHYS(page_to_pfn(np)), old), 0);
	EXPECT_EQ(pgt_verify(pgt, NULL, NULL), 0);
	vfree(va);
	__free_pages(np, 0);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

static void vm_line(void *arg, const char *line)
{
	struct ktest *t = arg;

	ktest_log(t, "expected: %s", line);
}

KTEST(test_vmalloc_movable_links)
{
	struct migrate_fail fail = {0};
	struct vm_struct *vm;
	struct page *page;
	char *mv, *fixed;

	TC_SETUP();
	mv = __vmalloc(8 * PAGE_SIZE, GFP_MOV);
	fixed = __vmalloc(8 * PAGE_SIZE, GFP_KERNEL);
	ASSERT_NOT_NULL(mv);
	ASSERT_NOT_NULL(fixed);
	vm = find_vm_area(mv);
	ASSERT_NOT_NULL(vm);
	EXPECT_TRUE(vm->flags & VM_MOVABLE);
	EXPECT_FALSE(find_vm_area(fixed)->flags & VM_MOVABLE);
	for (int i = 0; i < 8; i++) {
		page = pfn_to_page(PHYS_PFN(vmalloc_to_phys(mv + i * PAGE_SIZE)));
		EXPECT_TRUE(PageMovable(page));
		EXPECT_EQ(page->private, (unsigned long)(mv + i * PAGE_SIZE));
		page = pfn_to_page(PHYS_PFN(vmalloc_to_phys(fixed + i * PAGE_SIZE)));
		EXPECT_FALSE(PageMovable(page));
	}
	/* A broken reverse map is what vmalloc_verify() reports; the migration refuses it. */
	page = pfn_to_page(PHYS_PFN(vmalloc_to_phys(mv + 3 * PAGE_SIZE)));
	page->private = (unsigned long)fixed;
	EXPECT_EQ(vmalloc_verify(vm_line, t), 1);
	EXPECT_EQ(migrate_page(page, &fail), -EAGAIN);
	EXPECT_EQ(vmalloc_to_phys(mv + 3 * PAGE_SIZE), PFN_PHYS(page_to_pfn(page)));
	page->private = (unsigned long)(mv + 3 * PAGE_SIZE);
	EXPECT_EQ(vmalloc_verify(vm_line, t), 0);
	/* Moved by hand: the page list, the PTE and the link follow. */
	memset(phys_to_virt(vmalloc_to_phys(mv + 3 * PAGE_SIZE)), 0x5a, PAGE_SIZE);
	EXPECT_EQ(migrate_page(page, &fail), 0);
	EXPECT_NE(vmalloc_to_phys(mv + 3 * PAGE_SIZE), PFN_PHYS(page_to_pfn(page)));
	EXPECT_TRUE(filled_with(pfn_to_page(PHYS_PFN(vmalloc_to_phys(mv + 3 * PAGE_SIZE))), 0x5a));
	EXPECT_EQ(tc_verify_all(t), 0);
	vfree(mv);
	vfree(fixed);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

KTEST(test_vmalloc_movable_needs_page_struct)
{
	LIST_HEAD(held);
	char *mv;
	unsigned long in_cma = 0;

	TC_SETUP();
	ASSERT_EQ(tc_vmalloc_reinit(false), 0);
	/* CMA is most of the free memory now: a movable page would go there. */
	tc_take_all(&held);
	tc_give_back_some(&held, 64);
	mv = __vmalloc(8 * PAGE_SIZE, GFP_MOV);
	ASSERT_NOT_NULL(mv);
	EXPECT_FALSE(find_vm_area(mv)->flags & VM_MOVABLE);
	for (int i = 0; i < 8; i++) {
		pfn_t pfn = PHYS_PFN(vmalloc_to_phys(mv + i * PAGE_SIZE));

		in_cma += tc_in_cma(pfn);
		EXPECT_FALSE(PageMovable(pfn_to_page(pfn)));
	}
	EXPECT_EQ(in_cma, 0); /* could never move: kept out of CMA */
	vfree(mv);
	tc_give_back(&held);
	EXPECT_EQ(tc_vmalloc_reinit(true), 0);
	EXPECT_EQ(tc_verify_all(t), 0);
	tc_teardown();
}

static const struct ktest_case cma_migrate_cases[] = {
    KTEST_CASE(test_owner_pages_move),
    KTEST_CASE(test_pinned_and_unmovable_stay),
    KTEST_CASE(test_owner_refuses),
    KTEST_CASE(test_set_movable_bad),
    KTEST_CASE(test_contig_range_unaligned),
    KTEST_CASE(test_contig_range_bad),
    KTEST_CASE(test_remap_page),
    KTEST_CASE(test_vmalloc_movable_links),
    KTEST_CASE(test_vmalloc_movable_needs_page_struct),
    {},
};

static const struct ktest_suite cma_migrate_suite = {
    .name = "cma_migrate",
    .cases = cma_migrate_cases,
    .exit = tc_teardown,
};
KTEST_REGISTER(cma_migrate_suite);
