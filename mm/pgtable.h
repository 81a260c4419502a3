/* SPDX-License-Identifier: MIT */
/*
 * SV39 page tables as plain C over 64-bit PTE words.
 *
 * This header owns the PTE bit layout (RISC-V privileged spec, Sv39) and nothing else in
 * rvmm may spell a PTE bit. The code never knows where table pages come from or how to
 * reach one: a struct pgt_ops supplies both, so the same code builds tables in a host
 * buffer under ASan, from memblock at boot, and from the buddy allocator later.
 *
 * Levels use the spec's numbering: level 2 is the root (one entry = 1 GiB), level 1 one
 * entry = 2 MiB, level 0 one entry = 4 KiB. A leaf may sit at any level.
 *
 * Invariants kept by every function here (checked by pgt_verify()):
 *  - every table page except the root holds at least one valid entry (empty tables are freed);
 *  - no PTE has reserved bits (63..54) set, no leaf has W without R, and a leaf's PPN is
 *    aligned to its level's size;
 *  - pgt->tables is the number of table pages reachable from pgt->root (the root included).
 *
 * Not locked: callers serialise changes to one struct pgtable.
 */
#ifndef RVMM_MM_PGTABLE_H
#define RVMM_MM_PGTABLE_H

#include "lib/types.h"
#include "mm/page.h"

/* --- PTE layout (Sv39) --------------------------------------------------------------- */

#define PTE_V	      BIT_ULL(0)  /* valid */
#define PTE_R	      BIT_ULL(1)  /* readable */
#define PTE_W	      BIT_ULL(2)  /* writable (reserved without R) */
#define PTE_X	      BIT_ULL(3)  /* executable */
#define PTE_U	      BIT_ULL(4)  /* user-mode accessible */
#define PTE_G	      BIT_ULL(5)  /* global (all address spaces) */
#define PTE_A	      BIT_ULL(6)  /* accessed */
#define PTE_D	      BIT_ULL(7)  /* dirty */
#define PTE_RSW	      (3ULL << 8) /* reserved for software */
#define PTE_PPN_SHIFT 10
#define PTE_PPN_BITS  44
#define PTE_PPN_MASK  (((1ULL << PTE_PPN_BITS) - 1) << PTE_PPN_SHIFT) /* bits 53..10 */
#define PTE_RESERVED  (~0ULL << 54) /* bits 63..54: zero without Svpbmt/Svnapot */
#define PTE_RWX	      (PTE_R | PTE_W | PTE_X)
#define PTE_FLAGS     (~PTE_PPN_MASK) /* everything but the PPN */

#define PGT_LEVELS	   3
#define PGT_PTES	   512 /* entries per table page */
#define PGT_VA_BITS	   39
#define PGT_PA_BITS	   56
#define PGT_LEVEL_SHIFT(l) (PAGE_SHIFT + 9 * (l))	/* 12, 21, 30 */
#define PGT_LEVEL_SIZE(l)  (1ULL << PGT_LEVEL_SHIFT(l)) /* 4 KiB, 2 MiB, 1 GiB */

#define SATP_MODE_SV39	8ULL
#define SATP_MODE_SHIFT 60
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK	0xffffULL

_Static_assert((PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_G | PTE_A | PTE_D | PTE_RSW) ==
		   (1ULL << PTE_PPN_SHIFT) - 1,
	       "flags fill bits 9..0, the PPN starts at bit 10");
_Static_assert((PTE_PPN_MASK & PTE_RESERVED) == 0 && (PTE_PPN_MASK >> 53) == 1, "PPN is 53..10");
_Static_assert(PGT_PTES * sizeof(u64) == PAGE_SIZE, "a table is one page of 8-byte PTEs");
_Static_assert(PGT_LEVEL_SIZE(1) == SZ_2M && PGT_LEVEL_SIZE(2) == SZ_1G, "Sv39 leaf sizes");
_Static_assert(PGT_LEVEL_SHIFT(PGT_LEVELS) == PGT_VA_BITS, "3 levels of 9 bits cover 39 bits");
_Static_assert(PAGE_SHIFT + PTE_PPN_BITS == PGT_PA_BITS, "PPN covers a 56-bit PA");
_Static_assert(PGT_LEVEL_SIZE(1) == PAGEBLOCK_SIZE, "a megapage is a pageblock");

/* --- Permissions ------------------------------------------------------------------------ */

/* What a mapping allows, independent of the PTE layout. W requires R. */
#define PROT_R	 0x01u
#define PROT_W	 0x02u
#define PROT_X	 0x04u
#define PROT_U	 0x08u
#define PROT_G	 0x10u
#define PROT_ALL (PROT_R | PROT_W | PROT_X | PROT_U | PROT_G)

#define PROT_KERNEL_RW (PROT_R | PROT_W | PROT_G) /* data, direct map */
#define PROT_KERNEL_RO (PROT_R | PROT_G)	  /* rodata */
#define PROT_KERNEL_RX (PROT_R | PROT_X | PROT_G) /* text */

/** PTE flag bits (R W X U G) for a PROT_* mask */
static inline u64 prot_to_pte(unsigned prot)
{
	return (u64)(prot & PROT_ALL) << 1;
}

/** PROT_* mask of a PTE's R W X U G bits */
static inline unsigned pte_prot(u64 pte)
{
	return (unsigned)(pte >> 1) & PROT_ALL;
}

_Static_assert(PTE_R == (u64)PROT_R << 1 && PTE_G == (u64)PROT_G << 1, "PROT_* are PTE bits >> 1");

/** Is prot usable for a leaf: known bits, R or X present, no W without R? */
static inline bool prot_valid(unsigned prot)
{
	return !(prot & ~PROT_ALL) && (prot & (PROT_R | PROT_X)) &&
	       !((prot & PROT_W) && !(prot & PROT_R));
}

/* --- PTE encode / decode ---------------------------------------------------------------- */

/** A leaf PTE for frame pfn with prot; A and D are set (hardware may not manage them) */
static inline u64 pte_mkleaf(pfn_t pfn, unsigned prot)
{
	return (((u64)pfn << PTE_PPN_SHIFT) & PTE_PPN_MASK) | prot_to_pte(prot) | PTE_A | PTE_D |
	       PTE_V;
}

/** A non-leaf PTE pointing at the table page in frame pfn */
static inline u64 pte_mktable(pfn_t pfn)
{
	return (((u64)pfn << PTE_PPN_SHIFT) & PTE_PPN_MASK) | PTE_V;
}

/** Frame number a PTE points at */
static inline pfn_t pte_pfn(u64 pte)
{
	return (pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT;
}

/** Physical address a PTE points at */
static inline phys_addr_t pte_pa(u64 pte)
{
	return PFN_PHYS(pte_pfn(pte));
}

/** Flag bits of a PTE (V R W X U G A D RSW and the reserved bits) */
static inline u64 pte_flags(u64 pte)
{
	return pte & PTE_FLAGS;
}

/** Is the V bit set? */
static inline bool pte_valid(u64 pte)
{
	return pte & PTE_V;
}

/** Valid with any of R, W, X: a leaf */
static inline bool pte_is_leaf(u64 pte)
{
	return (pte & PTE_V) && (pte & PTE_RWX);
}

/** Valid with R = W = X = 0: points at the next-level table */
static inline bool pte_is_table(u64 pte)
{
	return (pte & PTE_V) && !(pte & PTE_RWX);
}

/** Is a valid PTE malformed at level (reserved bits, W without R, table at level 0, misaligned
 * leaf)? */
static inline bool pte_is_bad(u64 pte, int level)
{
	if (!pte_valid(pte))
		return false;
	if (pte & PTE_RESERVED)
		return true;
	if ((pte & (PTE_R | PTE_W)) == PTE_W)
		return true;
	if (pte_is_table(pte))
		return level == 0;
	return (pte_pfn(pte) & ((1ULL << (9 * level)) - 1)) != 0;
}

/** satp value that selects root in Sv39 mode with address-space id asid */
static inline u64 pgt_satp(phys_addr_t root, unsigned asid)
{
	return (SATP_MODE_SV39 << SATP_MODE_SHIFT) |
	       (((u64)asid & SATP_ASID_MASK) << SATP_ASID_SHIFT) | PHYS_PFN(root);
}

/** Is va a canonical Sv39 address (bits 63..39 equal to bit 38)? */
static inline bool pgt_va_canonical(u64 va)
{
	return (u64)((s64)(va << (64 - PGT_VA_BITS)) >> (64 - PGT_VA_BITS)) == va;
}

/** Index of va's entry in a table at level */
static inline unsigned pgt_index(u64 va, int level)
{
	return (unsigned)(va >> PGT_LEVEL_SHIFT(level)) & (PGT_PTES - 1);
}

/* --- A page table --------------------------------------------------------------------- */

/* Where table pages come from and how to reach them. Only flush may be NULL. */
struct pgt_ops {
	phys_addr_t (*alloc_table)(void *ctx);		     /* a zeroed 4 KiB page, 0 on failure */
	void (*free_table)(void *ctx, phys_addr_t pa);	     /* give back a table page */
	u64 *(*table_va)(void *ctx, phys_addr_t pa);	     /* where to read/write that table */
	void (*flush)(void *ctx, uintptr_t va, size_t size); /* after a change of live entries */
	void *ctx;
};

struct pgtable {
	phys_addr_t root; /* PA of the level-2 table; 0 before pgt_init/after pgt_destroy */
	const struct pgt_ops *ops; /* table memory and TLB maintenance */
	u64 pte_writes;		   /* PTE words stored since pgt_init (counter, never reset here) */
	u64 tables;		   /* table pages now owned, the root included */
};

/* pgt_map_range() flags */
#define PGT_MAP_4K     0x1u /* use 4 KiB leaves only */
#define PGT_MAP_MAX_2M 0x2u /* no 1 GiB leaves */

/* What pgt_walk() found for one address. */
struct pgt_walk {
	u64 va;		/* the address walked */
	int status;	/* 0 mapped, -ENOENT not mapped, -EFAULT bad PTE, -EINVAL non-canonical */
	int level;	/* leaf level if mapped; level of the invalid or bad entry otherwise */
	phys_addr_t pa; /* translation of va (mapped only) */
	u64 pte;	/* the leaf PTE (mapped), or the entry where the walk stopped */
	unsigned prot;	/* PROT_* of the leaf (mapped only) */
	struct {
		phys_addr_t table; /* PA of the table read at this level */
		unsigned index;	   /* entry index in it (0..511) */
		u64 pte;	   /* the entry's value */
	} step[PGT_LEVELS];	   /* indexed by level; filled for levels >= w->level */
};

/* One leaf, as pgt_for_each_leaf() reports it (clipped to the range asked for). */
struct pgt_leaf {
	u64 va;		/* first byte covered inside the range */
	u64 size;	/* bytes covered inside the range */
	phys_addr_t pa; /* translation of va */
	int level;	/* 2 (1 GiB), 1 (2 MiB) or 0 (4 KiB) */
	u64 pte;	/* the PTE value */
};

/* A run of leaves coalesced by pgt_for_each_range(). */
struct pgt_range {
	u64 va;		/* first byte */
	u64 size;	/* bytes */
	phys_addr_t pa; /* translation of va */
	int level;	/* level of every leaf in the run */
	u64 flags;	/* pte_flags() of every leaf in the run */
	u64 leaves;	/* number of leaves */
};

/* pgt_for_each_range() modes */
#define PGT_RANGE_PA_CONTIG 0x1u /* also require physically contiguous leaves */

/* A callback's nonzero return stops the iteration and is returned by the iterator. */
typedef int (*pgt_leaf_fn)(void *arg, const struct pgt_leaf *leaf);
typedef int (*pgt_range_fn)(void *arg, const struct pgt_range *range);

/* A line of report output (no newline); NULL means printf("%s\n"). */
typedef void (*pgt_print_fn)(void *arg, const char *line);

/* One RAM range for pgt_build_direct_map(). */
struct pgt_phys_range {
	phys_addr_t base; /* bytes */
	u64 size;	  /* bytes */
};

/** Allocate the root table; 0, -ENOMEM, or -EINVAL if ops are incomplete or give a bad page */
int pgt_init(struct pgtable *pgt, const struct pgt_ops *ops);
/** Free every table page, the root included (not while satp uses it); pgt->root becomes 0 */
void pgt_destroy(struct pgtable *pgt);

/** Map [va, va+size) to [pa, pa+size) with the largest leaves alignment allows; see pgtable.c */
int pgt_map_range(struct pgtable *pgt, u64 va, phys_addr_t pa, u64 size, unsigned prot,
		  unsigned flags);
/** Unmap [va, va+size) (holes allowed), splitting cut huge leaves and freeing empty tables */
int pgt_unmap_range(struct pgtable *pgt, u64 va, u64 size);
/** Set prot on every leaf of the fully mapped [va, va+size), splitting cut huge leaves */
int pgt_protect_range(struct pgtable *pgt, u64 va, u64 size, unsigned prot);
/** Point the 4 KiB leaf at va from old_pa to new_pa (flags kept) and flush; 0, -ENOENT, -EINVAL */
int pgt_remap_page(struct pgtable *pgt, u64 va, phys_addr_t old_pa, phys_addr_t new_pa);
/** Split the leaf at level (2 or 1) that maps va into next-level leaves with the same translation
 */
int pgt_split_leaf(struct pgtable *pgt, u64 va, int level);

/** Translate va, recording every level visited; returns w->status */
int pgt_walk(const struct pgtable *pgt, u64 va, struct pgt_walk *w);
/** Format a walk as "VA -> PA [flags]" or "VA: not mapped (level N)"; returns the length */
int pgt_walk_format(const struct pgt_walk *w, char *buf, size_t size);
/** Format a PTE's flags the ptdump way ("D A G . . W R V"); returns the length */
int pgt_flags_format(u64 pte, char *buf, size_t size);

/** Call fn for each leaf meeting [va, va+size), in address order */
int pgt_for_each_leaf(const struct pgtable *pgt, u64 va, u64 size, pgt_leaf_fn fn, void *arg);
/** Call fn for each run of adjacent leaves of equal level and flags (mode: PGT_RANGE_*) */
int pgt_for_each_range(const struct pgtable *pgt, u64 va, u64 size, unsigned mode, pgt_range_fn fn,
		       void *arg);

/** Check the invariants above, print each violation; returns the number found */
int pgt_verify(const struct pgtable *pgt, pgt_print_fn out, void *arg);

/** Map each RAM range at page_offset + pa, RW, global, no X, huge leaves where aligned */
int pgt_build_direct_map(struct pgtable *pgt, const struct pgt_phys_range *ranges, unsigned n,
			 u64 page_offset);

#endif
