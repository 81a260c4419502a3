// SPDX-License-Identifier: MIT
/*
 * The early page table. early_paging_init() runs before the MMU is on, at whatever
 * physical address the image was loaded: it may only use PC-relative addressing (the
 * build uses -mcmodel=medany and no jump tables) and must not call code in other files.
 *
 * Root (level 2) entries it fills:
 *	VPN2 of the load address     identity gigapage (only for the satp switch in head.S)
 *	VPN2 of FIXADDR_START        -> early_fix_l1: slots (level-0 table) and the FDT window
 *	VPN2 of KERNEL_LINK_ADDR     -> early_kernel_l1: the image, 2 MiB leaves when the load
 *	                                address is 2 MiB aligned, else 4 KiB pages
 * Leaves are RWX here; the final page table applies W^X per section.
 */
#include "early.h"
#include "mm/pgtable.h"
#include "glue.h"

#define EARLY_IMAGE_L0 8 /* 4 KiB-page fallback covers up to 16 MiB of image */

typedef u64 pte_t;

static pte_t early_root[512] __aligned(4096);
static pte_t early_kernel_l1[512] __aligned(4096);
static pte_t early_kernel_l0[EARLY_IMAGE_L0][512] __aligned(4096);
static pte_t early_fix_l1[512] __aligned(4096);
static pte_t early_fix_l0[512] __aligned(4096);

static phys_addr_t load_pa, fdt_pa;
uintptr_t va_pa_offset; /* direct map: VA - PA, once the direct map exists */

extern char _start_header[], _end[];

/* PTE encodings come from mm/pgtable.h (static inline: safe before paging). */
static inline pte_t early_table(const void *pa)
{
	return pte_mktable(PHYS_PFN((uintptr_t)pa));
}

static inline pte_t early_leaf(phys_addr_t pa, unsigned prot)
{
	return pte_mkleaf(PHYS_PFN(pa), prot | PROT_G);
}

static inline unsigned vpn(uintptr_t va, int level)
{
	return pgt_index(va, level);
}

unsigned long early_paging_init(unsigned long hartid, phys_addr_t dtb_pa)
{
	/* Running at the load address: &symbol is a physical address here. */
	phys_addr_t start = (phys_addr_t)(uintptr_t)_start_header;
	phys_addr_t end = (phys_addr_t)(uintptr_t)_end;
	const unsigned rwx = PROT_R | PROT_W | PROT_X;

	(void)hartid;
	load_pa = start;
	fdt_pa = dtb_pa;

	early_root[vpn(start, 2)] = early_leaf(start & ~(SZ_1G - 1), rwx);

	early_root[vpn(KERNEL_LINK_ADDR, 2)] = early_table(early_kernel_l1);
	if ((start & (SZ_2M - 1)) == 0) {
		for (phys_addr_t off = 0; off < end - start; off += SZ_2M)
			early_kernel_l1[vpn(KERNEL_LINK_ADDR + off, 1)] = early_leaf(start + off, rwx);
	} else {
		for (phys_addr_t off = 0; off < end - start; off += 4096) {
			uintptr_t va = KERNEL_LINK_ADDR + off;
			unsigned t = (unsigned)(off >> 21);

			if (t >= EARLY_IMAGE_L0)
				break; /* too big for the fallback; head.S will fault visibly */
			early_kernel_l1[vpn(va, 1)] = early_table(early_kernel_l0[t]);
			early_kernel_l0[t][vpn(va, 0)] = early_leaf(start + off, rwx);
		}
	}

	early_root[vpn(FIXADDR_START, 2)] = early_table(early_fix_l1);
	early_fix_l1[vpn(FIXADDR_START, 1)] = early_table(early_fix_l0);
	if (dtb_pa) {
		phys_addr_t base = dtb_pa & ~(SZ_2M - 1);

		early_fix_l1[vpn(FIX_FDT_START, 1)] = early_leaf(base, PROT_R);
		early_fix_l1[vpn(FIX_FDT_START + SZ_2M, 1)] = early_leaf(base + SZ_2M, PROT_R);
	}
	return pgt_satp((uintptr_t)early_root, 0);
}

bool early_direct_map(phys_addr_t phys_ram_base, phys_addr_t base, u64 size)
{
	const unsigned rw = PROT_R | PROT_W;

	if (base < phys_ram_base || base + size - phys_ram_base > DIRECT_MAP_SIZE)
		return false;
	va_pa_offset = PAGE_OFFSET - phys_ram_base;
	for (phys_addr_t pa = ALIGN_DOWN(base, SZ_1G); pa < base + size; pa += SZ_1G)
		early_root[vpn(pa + va_pa_offset, 2)] = early_leaf(pa, rw);
	__asm__ volatile("sfence.vma" ::: "memory");
	return true;
}

phys_addr_t early_root_pa(void)
{
	return (uintptr_t)early_root - KERNEL_LINK_ADDR + load_pa;
}

phys_addr_t early_fixmap_l1_pa(void)
{
	return (uintptr_t)early_fix_l1 - KERNEL_LINK_ADDR + load_pa;
}

void *fixmap_set(enum fixmap_slot slot, phys_addr_t pa, bool device)
{
	uintptr_t va = fix_to_virt(slot);

	(void)device; /* Svpbmt is not assumed: PMAs give devices their attributes */
	early_fix_l0[vpn(va, 0)] = early_leaf(pa & ~0xfffUL, PROT_R | PROT_W);
	__asm__ volatile("sfence.vma %0" ::"r"(va) : "memory");
	return (void *)(va + (pa & 0xfff));
}

void fixmap_clear(enum fixmap_slot slot)
{
	uintptr_t va = fix_to_virt(slot);

	early_fix_l0[vpn(va, 0)] = 0;
	__asm__ volatile("sfence.vma %0" ::"r"(va) : "memory");
}

void *kmap_local_phys(phys_addr_t pa)
{
	return fixmap_set(FIX_TEMP_BASE + smp_processor_id() % (FIX_NR_SLOTS - FIX_TEMP_BASE), pa,
			  false);
}

void kunmap_local_phys(void)
{
	fixmap_clear(FIX_TEMP_BASE + smp_processor_id() % (FIX_NR_SLOTS - FIX_TEMP_BASE));
}

void *fixmap_fdt(void)
{
	return (void *)(FIX_FDT_START + (fdt_pa & (SZ_2M - 1)));
}

phys_addr_t kernel_load_pa(void)
{
	return load_pa;
}

phys_addr_t dtb_phys(void)
{
	return fdt_pa;
}
