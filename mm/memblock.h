/* SPDX-License-Identifier: MIT */
/*
 * memblock: the boot-time memory map, with Linux's names and meaning.
 *
 * Two sets of physical address ranges: memory (RAM the device tree describes, each range
 * with a NUMA node and flags such as MEMBLOCK_NOMAP) and reserved (what is in use: the
 * image, the DTB, firmware, early allocations). Free memory is memory minus reserved,
 * minus no-map ranges. Early allocations take free memory and reserve it; when the buddy
 * allocator starts, the free ranges are handed over to it.
 *
 * Each set is a static table of at most MEMBLOCK_MAX_REGIONS regions, kept sorted by
 * address, never overlapping, and with adjacent regions merged when their node and
 * flags agree. An operation that would need more regions than the table holds changes
 * nothing and returns -ENOSPC with a one-line message.
 *
 * Ranges are [base, base + size) in bytes. A zero size is ignored; a range that wraps
 * past the top of the 64-bit address space is clamped to end there, with a warning.
 *
 * Not thread safe: memblock is used by the boot hart before the others start.
 */
#ifndef RVMM_MM_MEMBLOCK_H
#define RVMM_MM_MEMBLOCK_H

#include "lib/types.h"

#define MEMBLOCK_MAX_REGIONS 128

#ifndef NUMA_NO_NODE
#define NUMA_NO_NODE (-1)
#endif

/* Allocation limits for memblock_phys_alloc_range()'s end (Linux's values). */
#define MEMBLOCK_ALLOC_ANYWHERE	  (~(phys_addr_t)0) /* no limit */
#define MEMBLOCK_ALLOC_ACCESSIBLE 0		    /* up to memblock.current_limit */

/* Region flags (Linux's values, as the dump prints them). */
enum memblock_flags {
	MEMBLOCK_NONE = 0x0,	/* ordinary RAM */
	MEMBLOCK_HOTPLUG = 0x1, /* hot-pluggable: kept for symmetry with Linux, unused */
	MEMBLOCK_NOMAP = 0x4,	/* not in the direct map, never allocated or freed to buddy */
};

struct memblock_region {
	phys_addr_t base; /* bytes */
	phys_addr_t size; /* bytes, never 0 */
	unsigned flags;	  /* enum memblock_flags */
	int nid;	  /* NUMA node, or NUMA_NO_NODE */
};

struct memblock_type {
	unsigned long cnt;		 /* regions in use */
	unsigned long max;		 /* capacity of regions[] */
	phys_addr_t total_size;		 /* sum of the sizes, bytes */
	struct memblock_region *regions; /* sorted by base */
	const char *name;		 /* "memory" or "reserved" */
};

struct memblock {
	bool bottom_up;		   /* allocate from low addresses up (default: top down) */
	phys_addr_t current_limit; /* end of what MEMBLOCK_ALLOC_ACCESSIBLE may use, bytes */
	struct memblock_type memory;
	struct memblock_type reserved;
};

/* The one memblock (readable; change it only through the functions below). */
extern struct memblock memblock;

/** Forget every range and restore the defaults (top down, no limit); for boot and tests */
void memblock_reset(void);

/** Add RAM on no particular node; 0, -EINVAL or -ENOSPC */
int memblock_add(phys_addr_t base, phys_addr_t size);
/** Add RAM on node nid with flags; parts already present keep their node and flags */
int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid, unsigned flags);
/** Remove a range from memory (regions are cut as needed); 0 or -ENOSPC */
int memblock_remove(phys_addr_t base, phys_addr_t size);
/** Mark a range in use; 0 or -ENOSPC */
int memblock_reserve(phys_addr_t base, phys_addr_t size);
/** Give a reserved range back (remove it from reserved); 0 or -ENOSPC */
int memblock_free(phys_addr_t base, phys_addr_t size);
/** Same as memblock_free() (Linux's name for physical addresses) */
static inline int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	return memblock_free(base, size);
}
/** Flag the memory in a range MEMBLOCK_NOMAP; 0 or -ENOSPC */
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size);
/** Clear MEMBLOCK_NOMAP on the memory in a range; 0 or -ENOSPC */
int memblock_clear_nomap(phys_addr_t base, phys_addr_t size);
/** Assign the memory in a range to node nid; 0, -EINVAL or -ENOSPC */
int memblock_set_node(phys_addr_t base, phys_addr_t size, int nid);
/** Shrink every memory region to align (a power of two), dropping those left empty */
int memblock_trim_memory(phys_addr_t align);

/*
 * Allocation: find free memory (memory, not no-map, not reserved) of size bytes at an
 * align-aligned address inside [start, end) and reserve it. A range never spans two
 * memory regions. Top down returns the highest such address, bottom up the lowest.
 * end MEMBLOCK_ALLOC_ACCESSIBLE means memblock.current_limit. Address 0 is never
 * returned (the first page is skipped), so 0 means failure. align 0 means 64 (with a
 * warning, as in Linux); an align that is not a power of two is an error.
 */
/** Allocate and reserve size bytes inside [start, end); the address, or 0 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align, phys_addr_t start,
				      phys_addr_t end);
/** Allocate on node nid if possible, else on any node, below the current limit; or 0 */
phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align, int nid);
/** Allocate anywhere below the current limit; the address, or 0 */
static inline phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_phys_alloc_try_nid(size, align, NUMA_NO_NODE);
}
/** Choose bottom-up (true) or top-down (false) allocation */
void memblock_set_bottom_up(bool enable);
/** True when allocating bottom up */
bool memblock_bottom_up(void);
/** Limit MEMBLOCK_ALLOC_ACCESSIBLE allocations to below limit (bytes) */
void memblock_set_current_limit(phys_addr_t limit);

/** Total bytes of memory (no-map included) */
phys_addr_t memblock_phys_mem_size(void);
/** Total bytes reserved */
phys_addr_t memblock_reserved_size(void);
/** Lowest memory address, 0 if there is no memory */
phys_addr_t memblock_start_of_DRAM(void);
/** End (exclusive) of the highest memory region, 0 if there is no memory */
phys_addr_t memblock_end_of_DRAM(void);
/** True when addr is memory */
bool memblock_is_memory(phys_addr_t addr);
/** True when addr is memory and not no-map */
bool memblock_is_map_memory(phys_addr_t addr);
/** True when all of [base, base + size) is memory (and size > 0) */
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);
/** True when addr is reserved */
bool memblock_is_reserved(phys_addr_t addr);
/** True when any byte of [base, base + size) is reserved */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);

/*
 * Iteration. The index is an opaque cursor: start at 0, stop when the function returns
 * false. Free ranges come in increasing address order; each lies inside one memory region
 * (a NUMA_NO_NODE filter does not join neighbouring regions of different nodes).
 */
/** Next free range [*start, *end) on node nid (NUMA_NO_NODE: any); false at the end */
bool memblock_next_free_range(u64 *idx, int nid, phys_addr_t *start, phys_addr_t *end,
			      int *out_nid);
/** Next memory region that is not no-map, as [*start, *end); false at the end */
bool memblock_next_mem_range(u64 *idx, phys_addr_t *start, phys_addr_t *end);
/** Next memory region of node nid (NUMA_NO_NODE: any) as whole page frames; false at end */
bool memblock_next_mem_pfn_range(u64 *idx, int nid, pfn_t *start_pfn, pfn_t *end_pfn, int *out_nid);

/* Free (memory - no-map - reserved) ranges of node nid: phys_addr_t *p_start, *p_end. */
#define for_each_free_mem_range(i, nid, p_start, p_end)                                            \
	for ((i) = 0; memblock_next_free_range(&(i), nid, p_start, p_end, NULL);)
/* Memory regions that are not no-map (what the direct map covers). */
#define for_each_mem_range(i, p_start, p_end)                                                      \
	for ((i) = 0; memblock_next_mem_range(&(i), p_start, p_end);)
/* Memory regions (no-map included) of node nid as page frames [*p_start, *p_end). */
#define for_each_mem_pfn_range(i, nid, p_start, p_end, p_nid)                                      \
	for ((i) = 0; memblock_next_mem_pfn_range(&(i), nid, p_start, p_end, p_nid);)
/* Every region of memory / of reserved: struct memblock_region *rgn. */
#define for_each_mem_region(rgn)                                                                   \
	for ((rgn) = memblock.memory.regions;                                                      \
	     (rgn) < memblock.memory.regions + memblock.memory.cnt; (rgn)++)
#define for_each_reserved_mem_region(rgn)                                                          \
	for ((rgn) = memblock.reserved.regions;                                                    \
	     (rgn) < memblock.reserved.regions + memblock.reserved.cnt; (rgn)++)

/*
 * The `memblock` report, in the shape of Linux's __memblock_dump_all():
 *
 *	MEMBLOCK configuration:
 *	 memory size = 0x0000000080000000 reserved size = 0x0000000000123000
 *	 memory.cnt  = 0x1
 *	 memory[0x0]	[0x0000000080000000-0x00000000ffffffff], 0x0000000080000000 bytes on node 0
 *flags: 0x0 reserved.cnt  = 0x1 reserved[0x0]	[0x0000000080000000-0x000000008003ffff],
 *0x0000000000040000 bytes flags: 0x0
 *
 * Ends are inclusive; " on node N" is left out for regions without a node.
 */
/** Emit the report one line at a time (without newline) through out */
void memblock_dump_to(void (*out)(void *ctx, const char *line), void *ctx);
/** Print the report on the console */
void memblock_dump(void);

#endif
