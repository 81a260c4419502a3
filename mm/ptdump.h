/* SPDX-License-Identifier: MIT */
/*
 * ptdump: the page tables as Linux riscv's /sys/kernel/debug/kernel_page_tables shows them,
 * and the W^X check. One line per run of leaves of equal level and flags:
 *
 *	---[ Fixmap start ]---
 *	0xffffffc4fea00000-0xffffffc4fea01000    0x0000000010000000         4K PTE     D A G . . W R
 *V
 *
 * start-end (end exclusive), the physical address of start, the run's size, the level name
 * (PGD 1 GiB, PMD 2 MiB, PTE 4 KiB in Sv39) and the flags RSW D A G U X W R V ('.' when
 * clear). Holes and region markers end a run; a marker line is printed where a region starts.
 */
#ifndef RVMM_MM_PTDUMP_H
#define RVMM_MM_PTDUMP_H

#include "mm/pgtable.h"

/* Start of a named region of the address space. Marker arrays are sorted by va. */
struct ptdump_marker {
	u64 va;		  /* first address of the region */
	const char *name; /* "Fixmap start", "Linear mapping", ... */
};

/* rvmm's fixed layout (mm/layout.h) with Linux's marker names, sorted. */
extern const struct ptdump_marker ptdump_layout_markers[];
extern const unsigned ptdump_nr_layout_markers;

/** Format one run as a ptdump line (no newline); returns the length */
int ptdump_format_range(const struct pgt_range *r, char *buf, size_t size);
/** Print [va, va+size) of pgt with marker lines from markers[0..n) (out NULL: printf) */
int ptdump_show(const struct pgtable *pgt, u64 va, u64 size, const struct ptdump_marker *markers,
		unsigned n, pgt_print_fn out, void *arg);
/** Print each writable+executable run in [va, va+size) and a summary; returns how many runs */
int ptdump_check_wx(const struct pgtable *pgt, u64 va, u64 size, pgt_print_fn out, void *arg);

#endif
