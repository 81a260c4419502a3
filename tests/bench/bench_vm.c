// SPDX-License-Identifier: MIT
/*
 * Benchmarks of virtual memory and of the boot (see firmware/bench.h).
 *
 *	vmalloc_16k, vmalloc_1m      vmalloc + vfree of 16 KiB / 1 MiB (pages, area, PTEs)
 *	pgt_walk_image               pgt_walk() of a firmware text address (4 KiB leaf)
 *	pgt_walk_direct              pgt_walk() of a direct-map address (its largest leaf)
 *	direct_map_pte_writes        PTE words written to build the direct map at boot
 *	direct_map_insns             instructions that took
 *	boot_console_insns           instructions from kmain to the console
 *	memmap_init_insns_per_page   nodes, zones and memmap at boot, per present page
 *	memmap_free_insns_per_page   memblock's free memory into the buddy, per page freed
 *
 * The boot values were measured once by the boot code (firmware/paging.h, boot.h,
 * mm_init.h); these benchmarks only report them.
 */
#include "firmware/bench.h"
#include "firmware/boot.h"
#include "firmware/early.h"
#include "firmware/mm_init.h"
#include "firmware/paging.h"
#include "mm/vmalloc.h"

#define VMALLOC_PAIRS_16K 32
#define VMALLOC_PAIRS_1M  4
#define WALKS		  256

static int vmalloc_pair(struct bench *b, unsigned long size, int n)
{
	void *p = __vmalloc(size, GFP_KERNEL | __GFP_NOWARN);

	if (!p)
		return bench_skip(b, "vmalloc not available (vmalloc(%lu) returned NULL)", size);
	vfree(p);
	u64 t0 = bench_now();

	for (int i = 0; i < n; i++)
		vfree(vmalloc(size));
	return bench_result(b, bench_now() - t0, (u64)n);
}

static int bench_vmalloc_16k(struct bench *b)
{
	return vmalloc_pair(b, 16 * 1024, VMALLOC_PAIRS_16K);
}
BENCH(vmalloc_16k, "insns/op", bench_vmalloc_16k);

static int bench_vmalloc_1m(struct bench *b)
{
	return vmalloc_pair(b, SZ_1M, VMALLOC_PAIRS_1M);
}
BENCH(vmalloc_1m, "insns/op", bench_vmalloc_1m);

static int walk(struct bench *b, u64 va)
{
	struct pgt_walk w;

	if (pgt_walk(&kernel_pgt, va, &w) != 0)
		return bench_fail(b, "address not mapped in the kernel page table (0x%llx)",
				  (unsigned long long)va);
	u64 t0 = bench_now();

	for (int i = 0; i < WALKS; i++)
		pgt_walk(&kernel_pgt, va, &w);
	return bench_result(b, bench_now() - t0, WALKS);
}

static int bench_walk_image(struct bench *b)
{
	return walk(b, (u64)(uintptr_t)bench_walk_image);
}
BENCH(pgt_walk_image, "insns/op", bench_walk_image);

static int bench_walk_direct(struct bench *b)
{
	return walk(b, (u64)(uintptr_t)phys_to_virt(kernel_load_pa()));
}
BENCH(pgt_walk_direct, "insns/op", bench_walk_direct);

static int bench_dm_writes(struct bench *b)
{
	if (!paging_stats.direct_map_pte_writes)
		return bench_skip(b, "the boot recorded no direct map (pte writes %d)", 0);
	return bench_value(b, paging_stats.direct_map_pte_writes, 1);
}
BENCH_FLAGS(direct_map_pte_writes, "pte_writes", bench_dm_writes, BENCH_ONCE);

static int bench_dm_insns(struct bench *b)
{
	if (!paging_stats.direct_map_instret)
		return bench_skip(b, "the boot recorded no direct map (instret %d)", 0);
	return bench_value(b, paging_stats.direct_map_instret, 1);
}
BENCH_FLAGS(direct_map_insns, "insns", bench_dm_insns, BENCH_ONCE);

static int bench_boot_console(struct bench *b)
{
	if (boot.instret_at_console <= boot.instret_at_entry)
		return bench_skip(b, "console not reached through kmain (instret %llu)",
				  (unsigned long long)boot.instret_at_console);
	return bench_value(b, boot.instret_at_console - boot.instret_at_entry, 1);
}
BENCH_FLAGS(boot_console_insns, "insns", bench_boot_console, BENCH_ONCE);

static int bench_memmap_init(struct bench *b)
{
	if (!mm_init_stats.buddy.present_pages || !mm_init_stats.buddy.memmap_instret)
		return bench_skip(b, "mm_init recorded no memmap (present pages %llu)",
				  (unsigned long long)mm_init_stats.buddy.present_pages);
	return bench_value(b, mm_init_stats.buddy.memmap_instret,
			   mm_init_stats.buddy.present_pages);
}
BENCH_FLAGS(memmap_init_insns_per_page, "insns/page", bench_memmap_init, BENCH_ONCE);

static int bench_memmap_free(struct bench *b)
{
	if (!mm_init_stats.buddy.pages_freed || !mm_init_stats.buddy.free_instret)
		return bench_skip(b, "mm_init freed no pages to the buddy (pages %llu)",
				  (unsigned long long)mm_init_stats.buddy.pages_freed);
	return bench_value(b, mm_init_stats.buddy.free_instret, mm_init_stats.buddy.pages_freed);
}
BENCH_FLAGS(memmap_free_insns_per_page, "insns/page", bench_memmap_free, BENCH_ONCE);
