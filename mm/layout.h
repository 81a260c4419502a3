/* SPDX-License-Identifier: MIT */
/*
 * The SV39 virtual memory layout (the Linux riscv64 shape), fixed by ARCHITECTURE.md:
 *
 *	0xffffffc4fea00000 .. 0xffffffc4feffffff    6 MiB  fixmap
 *	0xffffffc500000000 .. 0xffffffc5ffffffff    4 GiB  vmemmap (struct page array)
 *	0xffffffc600000000 .. 0xffffffd5ffffffff   64 GiB  vmalloc / ioremap
 *	0xffffffd600000000 .. 0xfffffff5ffffffff  128 GiB  direct map of all RAM (PAGE_OFFSET)
 *	0xffffffff80000000 .. 0xffffffffffffffff    2 GiB  firmware image
 *
 * Every address is derived from these named constants; `layout` prints them.
 */
#ifndef RVMM_MM_LAYOUT_H
#define RVMM_MM_LAYOUT_H

#include "lib/types.h"

#define FIXADDR_START    0xffffffc4fea00000UL
#define FIXADDR_SIZE     (6 * SZ_1M)
#define FIXADDR_TOP      (FIXADDR_START + FIXADDR_SIZE)
#define VMEMMAP_START    0xffffffc500000000UL
#define VMEMMAP_SIZE     (4 * SZ_1G)
#define VMALLOC_START    0xffffffc600000000UL
#define VMALLOC_SIZE     (64 * SZ_1G)
#define VMALLOC_END      (VMALLOC_START + VMALLOC_SIZE)
#define PAGE_OFFSET      0xffffffd600000000UL
#define DIRECT_MAP_SIZE  (128 * SZ_1G)
#define KERNEL_LINK_ADDR 0xffffffff80000000UL
#define KERNEL_MAP_SIZE  (2 * SZ_1G)

_Static_assert(VMALLOC_START == VMEMMAP_START + VMEMMAP_SIZE, "vmalloc follows vmemmap");
_Static_assert(PAGE_OFFSET == VMALLOC_END, "direct map follows vmalloc");

#endif
