/* SPDX-License-Identifier: MIT */
/*
 * Early page table and fixmap, before memory is discovered.
 *
 * The fixmap is 6 MiB at FIXADDR_START: the first 2 MiB are 512 slots of 4 KiB (one
 * level-0 table), the next 4 MiB are the FDT window (two 2 MiB leaves, so a blob of up to
 * 2 MiB at any offset fits).
 */
#ifndef RVMM_FIRMWARE_EARLY_H
#define RVMM_FIRMWARE_EARLY_H

#include "lib/types.h"
#include "mm/layout.h"

enum fixmap_slot {
	FIX_HOLE,      /* never mapped: catches NULL-ish fixmap use */
	FIX_EARLYCON,  /* the console UART */
	FIX_FINISHER,  /* the sifive,test finisher */
	FIX_PTE,       /* page-table construction */
	FIX_TEMP_BASE, /* per-hart temporary maps (kmap_local_phys), FIX_TEMP_HARTS of them */
	FIX_NR_SLOTS = FIX_TEMP_BASE + 32,
};

#define FIX_FDT_START (FIXADDR_START + SZ_2M)
#define FIX_FDT_SIZE  SZ_4M

/** Address of a fixmap slot */
static inline uintptr_t fix_to_virt(enum fixmap_slot slot)
{
	return FIXADDR_START + (uintptr_t)slot * 4096;
}

/** Build the early page table (runs at the load address); returns the satp value */
unsigned long early_paging_init(unsigned long hartid, phys_addr_t dtb_pa);
/** Map a 4 KiB device or memory page at a fixmap slot (pa page-aligned); returns its VA */
void *fixmap_set(enum fixmap_slot slot, phys_addr_t pa, bool device);
/** Unmap a fixmap slot and flush its TLB entry */
void fixmap_clear(enum fixmap_slot slot);
/*
 * Map any physical page (RAM or not, in the direct map or not) at this hart's temporary
 * slot, like Linux's kmap_local/kmap_atomic: one mapping per hart at a time, unmapped
 * with kunmap_local_phys() before the next. Returns the VA of pa (offset kept).
 */
void *kmap_local_phys(phys_addr_t pa);
/** Undo this hart's kmap_local_phys() */
void kunmap_local_phys(void);
/** VA of the DTB in the FDT window */
void *fixmap_fdt(void);
/*
 * Map [base, base+size) of RAM into the early page table's direct map with gigapages
 * (the whole gigabytes the range touches), so memblock allocations are reachable through
 * phys_to_virt() before the final page table exists. Sets va_pa_offset from phys_ram_base
 * (1 GiB aligned) on first use. Returns false if the range lies outside the 128 GiB the
 * direct map can hold.
 */
bool early_direct_map(phys_addr_t phys_ram_base, phys_addr_t base, u64 size);
/** The root of the early page table (physical) */
phys_addr_t early_root_pa(void);
/** The fixmap's level-1 table (physical), to share with the final page table */
phys_addr_t early_fixmap_l1_pa(void);
/** Physical load address of the image */
phys_addr_t kernel_load_pa(void);
/** Physical address of the DTB as given at entry */
phys_addr_t dtb_phys(void);

#endif
