// SPDX-License-Identifier: MIT
/*
 * Page poisoning (see mm/fault_inject.h): a freed block is filled with PAGE_POISON and
 * each of its frames marked PG_poisoned (free_pages_prepare()); a marked frame handed out
 * again (check_new_page(), or carved out for a contiguous range) is compared with the
 * pattern a word at a time and unmarked. The mark is what makes the check exact: frames
 * that reached the free lists some other way (boot, CMA activation) hold whatever they
 * held and are not checked, as with Linux's old PAGE_EXT_DEBUG_POISON.
 */
#include "mm/fault_inject.h"
#include "mm/page_alloc_internal.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define POISON_WORD (0x0101010101010101ULL * PAGE_POISON)

bool page_poison_on;
bool page_poison_check;
static unsigned long poison_reports;

void page_poison_enable(bool on)
{
	if (on)
		__atomic_store_n(&page_poison_check, true, __ATOMIC_RELEASE);
	__atomic_store_n(&page_poison_on, on, __ATOMIC_RELEASE);
}

bool page_poison_enabled(void)
{
	return READ_ONCE(page_poison_on);
}

unsigned long page_poison_reports(void)
{
	return READ_ONCE(poison_reports);
}

int page_poison_parse(const char *s)
{
	if (!s || !*s || !strcmp(s, "on") || !strcmp(s, "1")) {
		page_poison_enable(true);
		return 0;
	}
	if (!strcmp(s, "off") || !strcmp(s, "0")) {
		page_poison_enable(false);
		return 0;
	}
	mm_printf("page_poison: want on or off (%s)\n", s);
	return -EINVAL;
}

void kernel_poison_pages(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		memset(page_address(page + i), PAGE_POISON, PAGE_SIZE);
		__SetPagePoisoned(page + i);
	}
}

/* Offset of the first byte of the frame that is not PAGE_POISON, or -1. */
static long poison_mismatch(const struct page *page)
{
	const u64 *w = page_address(page);

	for (unsigned long i = 0; i < PAGE_SIZE / sizeof(u64); i++) {
		if (w[i] == POISON_WORD)
			continue;
		const u8 *b = (const u8 *)&w[i];
		unsigned j = 0;

		while (b[j] == PAGE_POISON)
			j++;
		return (long)(i * sizeof(u64) + j);
	}
	return -1;
}

bool check_poison_pages(struct page *page, unsigned int order)
{
	bool ok = true;

	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;
		long off;

		if (!PagePoisoned(p))
			continue;
		__ClearPagePoisoned(p);
		off = poison_mismatch(p);
		if (off < 0)
			continue;
		__atomic_add_fetch(&poison_reports, 1, __ATOMIC_RELAXED);
		mm_printf("BUG: page poison corrupted, pfn 0x%llx offset %ld (0x%02x)\n",
			  (unsigned long long)page_to_pfn(p), off,
			  ((const u8 *)page_address(p))[off]);
		ok = false;
	}
	return ok;
}
