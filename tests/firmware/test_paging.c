// SPDX-License-Identifier: MIT
/*
 * The live kernel page table: paging_verify() is clean after boot and catches each kind
 * of damage it promises to (a fixmap slot left mapped, a hole in the direct map, a W+X
 * mapping), and the table is clean again once the damage is undone.
 */
#include "tests/ktest.h"
#include "firmware/early.h"
#include "firmware/paging.h"
#include "glue.h"
#include "mm/gfp.h"
#include "mm/layout.h"
#include "mm/mmzone.h"

static void quiet(void *arg, const char *line)
{
	(*(int *)arg)++;
}

static int verify(void)
{
	int lines = 0;

	return paging_verify(quiet, &lines);
}

KTEST(test_clean_after_boot)
{
	EXPECT_EQ(verify(), 0);
}

KTEST(test_fixmap_slot_left_mapped)
{
	struct page *p = alloc_pages(GFP_KERNEL, 0);

	ASSERT_NOT_NULL(p);
	fixmap_set(FIX_TEMP_BASE, PFN_PHYS(page_to_pfn(p)), false);
	EXPECT_EQ(verify(), 1);
	fixmap_clear(FIX_TEMP_BASE);
	EXPECT_EQ(verify(), 0);
	__free_pages(p, 0);
}

KTEST(test_hole_in_direct_map)
{
	struct page *p = alloc_pages(GFP_KERNEL, 0);

	ASSERT_NOT_NULL(p);
	uintptr_t va = (uintptr_t)page_address(p);

	ASSERT_EQ(pgt_unmap_range(&kernel_pgt, va, PAGE_SIZE), 0);
	EXPECT_GE(verify(), 1);
	ASSERT_EQ(pgt_map_range(&kernel_pgt, va, PFN_PHYS(page_to_pfn(p)), PAGE_SIZE,
				PROT_KERNEL_RW, PGT_MAP_4K),
		  0);
	EXPECT_EQ(verify(), 0);
	__free_pages(p, 0);
}

KTEST(test_wx_mapping)
{
	struct page *p = alloc_pages(GFP_KERNEL, 0);
	uintptr_t va = VMALLOC_END - 16 * PAGE_SIZE; /* far from where vmalloc hands out */

	ASSERT_NOT_NULL(p);
	ASSERT_EQ(pgt_map_range(&kernel_pgt, va, PFN_PHYS(page_to_pfn(p)), PAGE_SIZE,
				PROT_R | PROT_W | PROT_X | PROT_G, 0),
		  0);
	EXPECT_EQ(verify(), 1);
	ASSERT_EQ(pgt_unmap_range(&kernel_pgt, va, PAGE_SIZE), 0);
	EXPECT_EQ(verify(), 0);
	__free_pages(p, 0);
}

/* kmap_local_phys: this hart's slot shows the page's bytes, and is gone after unmap. */
KTEST(test_kmap_local_phys)
{
	struct page *p = alloc_pages(GFP_KERNEL, 0);

	ASSERT_NOT_NULL(p);
	u32 *direct = page_address(p);

	direct[3] = 0xfeedf00d;
	u32 *temp = kmap_local_phys(PFN_PHYS(page_to_pfn(p)) + 12);

	EXPECT_EQ((uintptr_t)temp & (PAGE_SIZE - 1), 12);
	EXPECT_EQ(*temp, 0xfeedf00d);
	*temp = 0x12345678;
	EXPECT_EQ(direct[3], 0x12345678);
	EXPECT_EQ(verify(), 1); /* a slot in use outside the console/finisher: reported */
	kunmap_local_phys();
	EXPECT_EQ(verify(), 0);
	__free_pages(p, 0);
}

static const struct ktest_case paging_cases[] = {
	KTEST_CASE(test_clean_after_boot),
	KTEST_CASE(test_fixmap_slot_left_mapped),
	KTEST_CASE(test_hole_in_direct_map),
	KTEST_CASE(test_wx_mapping),
	KTEST_CASE(test_kmap_local_phys),
	{},
};
static const struct ktest_suite paging_suite = {
	.name = "paging", .cases = paging_cases, .target_only = true};
KTEST_REGISTER(paging_suite);
