// SPDX-License-Identifier: MIT
/*
 * SV39 page tables (mm/pgtable.c, mm/ptdump.c), on host and target.
 *
 * Table pages come from a static pool of POOL_PAGES pages inside this file, reached by its
 * own address: a table's "physical" address is virt_to_phys() of the pool page and ops turn
 * it back with phys_to_virt() (glue.h). Where that does not give a usable PA (an image
 * address outside the direct map, or host_phys_offset set by another test) the pool is
 * addressed as if it sat at POOL_FAKE_PA instead; the page-table code cannot tell.
 * The pool can be capped to make allocations fail, and counts what is in use so every
 * case can check that nothing leaked.
 */
#include "tests/ktest.h"
#include "mm/pgtable.h"
#include "mm/ptdump.h"
#include "mm/layout.h"
#include "lib/errno.h"
#include "glue.h"

#define POOL_PAGES   40
#define POOL_FAKE_PA 0x80000000ULL
#define RAM	     0x80000000ULL /* a physical RAM base, as on QEMU virt */

static u64 pool[POOL_PAGES][PGT_PTES] __aligned(PAGE_SIZE);

static struct {
	bool used[POOL_PAGES];
	unsigned in_use;  /* pages handed out and not freed */
	unsigned limit;	  /* allocations fail beyond this many pages in use */
	unsigned flushes; /* ops->flush calls */
	unsigned bad;	  /* frees or lookups of addresses outside the pool */
	bool glue;	  /* convert with glue.h (else POOL_FAKE_PA) */
} pc;

static phys_addr_t pool_pa(unsigned i)
{
	return pc.glue ? virt_to_phys(pool[i]) : POOL_FAKE_PA + (u64)i * PAGE_SIZE;
}

static int pool_index(phys_addr_t pa)
{
	u64 off;

	if (pc.glue) {
		u64 *p = phys_to_virt(pa);

		off = (u64)((uintptr_t)p - (uintptr_t)pool);
	} else {
		off = pa - POOL_FAKE_PA;
	}
	if (off >= sizeof(pool) || !IS_ALIGNED(off, PAGE_SIZE)) {
		pc.bad++;
		return -1;
	}
	return (int)(off / PAGE_SIZE);
}

static phys_addr_t pool_alloc(void *ctx)
{
	for (unsigned i = 0; i < POOL_PAGES && pc.in_use < pc.limit; i++) {
		if (pc.used[i])
			continue;
		for (unsigned j = 0; j < PGT_PTES; j++)
			pool[i][j] = 0;
		pc.used[i] = true;
		pc.in_use++;
		return pool_pa(i);
	}
	return 0;
}

static void pool_free(void *ctx, phys_addr_t pa)
{
	int i = pool_index(pa);

	if (i < 0 || !pc.used[i]) {
		pc.bad++;
		return;
	}
	pc.used[i] = false;
	pc.in_use--;
}

static u64 *pool_va(void *ctx, phys_addr_t pa)
{
	int i = pool_index(pa);

	return pool[i < 0 ? 0 : i];
}

static void pool_flush(void *ctx, uintptr_t va, size_t size)
{
	pc.flushes++;
}

static const struct pgt_ops pool_ops = {
    .alloc_table = pool_alloc,
    .free_table = pool_free,
    .table_va = pool_va,
    .flush = pool_flush,
};

/* Empty the pool, allow limit pages, and decide how pool pages get their addresses. */
static void pool_reset(unsigned limit)
{
	phys_addr_t first = virt_to_phys(pool[0]);

	for (unsigned i = 0; i < POOL_PAGES; i++)
		pc.used[i] = false;
	pc.in_use = pc.flushes = pc.bad = 0;
	pc.limit = limit;
	pc.glue = IS_ALIGNED(first, PAGE_SIZE) && first &&
		  !((first + sizeof(pool)) >> PGT_PA_BITS) &&
		  phys_to_virt(first) == (void *)pool[0];
}

/* A fresh table over a pool of limit pages; ends the case if that fails. */
#define NEW_PGT(pgt, limit)                                                                        \
	do {                                                                                       \
		pool_reset(limit);                                                                 \
		ASSERT_EQ(pgt_init(&(pgt), &pool_ops), 0);                                         \
		ASSERT_EQ((pgt).tables, 1);                                                        \
	} while (0)

/* Tear down and check the tree was sound and nothing leaked. */
#define END_PGT(pgt)                                                                               \
	do {                                                                                       \
		EXPECT_EQ(pgt_verify(&(pgt), NULL, NULL), 0);                                      \
		pgt_destroy(&(pgt));                                                               \
		EXPECT_EQ((pgt).tables, 0);                                                        \
		EXPECT_EQ(pc.in_use, 0);                                                           \
		EXPECT_EQ(pc.bad, 0);                                                              \
	} while (0)

/* Leaves per level, and in total, in a range. */
struct leaf_count {
	u64 n[PGT_LEVELS];
	u64 total;
};

static int count_leaf(void *arg, const struct pgt_leaf *l)
{
	struct leaf_count *c = arg;

	c->n[l->level]++;
	c->total++;
	return 0;
}

static struct leaf_count count_leaves(const struct pgtable *pgt, u64 va, u64 size)
{
	struct leaf_count c = {{0}};

	pgt_for_each_leaf(pgt, va, size, count_leaf, &c);
	return c;
}

static int count_range(void *arg, const struct pgt_range *r)
{
	(*(unsigned *)arg)++;
	return 0;
}

static unsigned count_ranges(const struct pgtable *pgt, u64 va, u64 size, unsigned mode)
{
	unsigned n = 0;

	pgt_for_each_range(pgt, va, size, mode, count_range, &n);
	return n;
}

/* Output capture for ptdump and pgt_verify. */
static struct {
	char lines[12][128];
	unsigned n;
} cap;

static void capture(void *arg, const char *line)
{
	if (cap.n < ARRAY_SIZE(cap.lines)) {
		unsigned i = 0;

		for (; line[i] && i < sizeof(cap.lines[0]) - 1; i++)
			cap.lines[cap.n][i] = line[i];
		cap.lines[cap.n][i] = '\0';
	}
	cap.n++;
}

#define DM(pa) (PAGE_OFFSET + (pa)) /* direct-map address of a physical address */

/* Every PROT combination at every level encodes and decodes to itself (debug_vm_pgtable). */
KTEST(test_pte_encode_decode)
{
	unsigned valid = 0;

	for (int level = 0; level < PGT_LEVELS; level++) {
		pfn_t pfn = PHYS_PFN(RAM + 3 * PGT_LEVEL_SIZE(level));

		for (unsigned prot = 0; prot <= PROT_ALL; prot++) {
			u64 pte = pte_mkleaf(pfn, prot);

			if (!prot_valid(prot)) {
				bool refused = !pte_is_leaf(pte) || pte_is_bad(pte, level);

				EXPECT_TRUE(refused);
				continue;
			}
			valid += level == 0;
			EXPECT_TRUE(pte_valid(pte));
			EXPECT_TRUE(pte_is_leaf(pte));
			EXPECT_FALSE(pte_is_table(pte));
			EXPECT_FALSE(pte_is_bad(pte, level));
			EXPECT_EQ(pte_pfn(pte), pfn);
			EXPECT_EQ(pte_pa(pte), PFN_PHYS(pfn));
			EXPECT_EQ(pte_prot(pte), prot);
			EXPECT_EQ(pte & (PTE_A | PTE_D), PTE_A | PTE_D);
			EXPECT_EQ(pte_flags(pte) & PTE_RESERVED, 0);
			if (level > 0) /* a superpage must be aligned to its size */
				EXPECT_TRUE(pte_is_bad(pte_mkleaf(pfn + 1, prot), level));
			EXPECT_TRUE(pte_is_bad(pte | BIT_ULL(60), level));
		}
		u64 table = pte_mktable(pfn);

		EXPECT_TRUE(pte_is_table(table));
		EXPECT_FALSE(pte_is_leaf(table));
		EXPECT_EQ(pte_pfn(table), pfn);
		EXPECT_EQ(pte_is_bad(table, level), level == 0);
	}
	EXPECT_EQ(valid, 20); /* {R, RW, X, RX, RWX} x {U} x {G} */
	EXPECT_TRUE(pte_is_bad(pte_mkleaf(1, PROT_R) ^ PTE_R ^ PTE_W, 0)); /* W without R */
	EXPECT_FALSE(pte_valid(0));
	EXPECT_EQ(pgt_satp(0x80200000, 0), 0x8000000000080200ULL);
	EXPECT_EQ(pgt_satp(0x80200000, 5), 0x8000500000080200ULL);
	EXPECT_TRUE(pgt_va_canonical(0x3fffffffffULL));
	EXPECT_FALSE(pgt_va_canonical(0x4000000000ULL));
	EXPECT_TRUE(pgt_va_canonical(0xffffffc000000000ULL));
	EXPECT_FALSE(pgt_va_canonical(0xffffffbfffffffffULL));
	EXPECT_EQ(pgt_index(0xffffffc4fea00000ULL, 2), 0x113);
	EXPECT_EQ(pgt_index(0xffffffc4fea00000ULL, 1), 0x1f5);
	EXPECT_EQ(pgt_index(0xffffffc4fea01000ULL, 0), 1);
}

/* A 1 GiB and a 2 MiB leaf: set, seen by the walk at their level, cleared. */
KTEST(test_huge_leaf_set_clear)
{
	struct pgtable pgt;
	struct pgt_walk w;

	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_map_range(&pgt, DM(RAM), RAM, SZ_1G, PROT_KERNEL_RW, 0), 0);
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM) + 0x12345678, &w), 0);
	EXPECT_EQ(w.level, 2);
	EXPECT_EQ(w.pa, RAM + 0x12345678);
	EXPECT_EQ(pgt.tables, 1);
	EXPECT_EQ(pgt.pte_writes, 1);
	EXPECT_EQ(pgt_unmap_range(&pgt, DM(RAM), SZ_1G), 0);
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM), &w), -ENOENT);
	EXPECT_EQ(w.level, 2);
	EXPECT_EQ(w.step[2].pte, 0);

	ASSERT_EQ(pgt_map_range(&pgt, DM(RAM + SZ_2M), RAM + SZ_2M, SZ_2M, PROT_KERNEL_RW, 0), 0);
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM + SZ_2M) + SZ_2M - 1, &w), 0);
	EXPECT_EQ(w.level, 1);
	EXPECT_EQ(w.pa, RAM + 2 * SZ_2M - 1);
	EXPECT_TRUE(pte_is_table(w.step[2].pte));
	EXPECT_EQ(pgt.tables, 2);
	EXPECT_EQ(pgt_unmap_range(&pgt, DM(RAM + SZ_2M), SZ_2M), 0);
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM + SZ_2M), &w), -ENOENT);
	EXPECT_EQ(w.level, 2);
	EXPECT_EQ(pgt.tables, 1);
	EXPECT_GT(pc.flushes, 0);
	END_PGT(pgt);
}

/* Map, walk (first, middle, last byte) and unmap at each leaf size. */
KTEST(test_map_walk_unmap_sizes)
{
	static const u64 sizes[] = {SZ_4K, SZ_2M, SZ_1G};
	struct pgtable pgt;
	struct pgt_walk w;

	NEW_PGT(pgt, POOL_PAGES);
	for (int level = 0; level < PGT_LEVELS; level++) {
		u64 sz = sizes[level], va = VMALLOC_START + 4 * SZ_1G;
		phys_addr_t pa = RAM + 2 * SZ_1G;
		u64 offs[] = {0, sz / 2 + 8, sz - 1};

		ASSERT_EQ(pgt_map_range(&pgt, va, pa, sz, PROT_KERNEL_RO, 0), 0);
		for (unsigned i = 0; i < ARRAY_SIZE(offs); i++) {
			EXPECT_EQ(pgt_walk(&pgt, va + offs[i], &w), 0);
			EXPECT_EQ(w.pa, pa + offs[i]);
			EXPECT_EQ(w.level, level);
			EXPECT_EQ(w.prot, PROT_KERNEL_RO);
			EXPECT_EQ(w.step[level].index, pgt_index(va + offs[i], level));
			EXPECT_EQ(w.step[2].table, pgt.root);
		}
		EXPECT_EQ(pgt_walk(&pgt, va + sz, &w), -ENOENT);
		EXPECT_EQ(pgt_walk(&pgt, va - 1, &w), -ENOENT);
		EXPECT_EQ(pgt.tables, 1 + (u64)(2 - level));
		EXPECT_EQ(pgt_verify(&pgt, NULL, NULL), 0);
		EXPECT_EQ(pgt_unmap_range(&pgt, va, sz), 0);
		EXPECT_EQ(pgt_walk(&pgt, va, &w), -ENOENT);
		EXPECT_EQ(pgt.tables, 1);
	}
	EXPECT_EQ(pgt_walk(&pgt, 0x4000000000ULL, &w), -EINVAL);
	END_PGT(pgt);
}

/* The largest leaf that alignment allows, at each step, and the flags that cap it. */
KTEST(test_mixed_alignment)
{
	struct pgtable pgt;
	struct leaf_count c;
	u64 off = SZ_1G - SZ_2M - SZ_4K;
	u64 size = SZ_4K + SZ_2M + SZ_1G + SZ_2M + 2 * SZ_4K;

	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_map_range(&pgt, DM(RAM + off), RAM + off, size, PROT_KERNEL_RW, 0), 0);
	c = count_leaves(&pgt, DM(0), 8 * SZ_1G);
	EXPECT_EQ(c.n[0], 3);
	EXPECT_EQ(c.n[1], 2);
	EXPECT_EQ(c.n[2], 1);
	/* 2 L1 + 2 L0 tables, one pointer each, and 6 leaves */
	EXPECT_EQ(pgt.tables, 5);
	EXPECT_EQ(pgt.pte_writes, 4 + 6);
	EXPECT_EQ(count_ranges(&pgt, DM(0), 8 * SZ_1G, 0), 5);
	EXPECT_EQ(pgt_unmap_range(&pgt, DM(RAM + off), size), 0);
	EXPECT_EQ(pgt.tables, 1);

	/* va 2 MiB aligned, pa only 4 KiB aligned: 4 KiB leaves only */
	ASSERT_EQ(pgt_map_range(&pgt, DM(RAM), RAM + SZ_4K, SZ_2M, PROT_KERNEL_RW, 0), 0);
	c = count_leaves(&pgt, DM(RAM), SZ_2M);
	EXPECT_EQ(c.n[0], 512);
	EXPECT_EQ(c.total, 512);
	EXPECT_EQ(count_ranges(&pgt, DM(RAM), SZ_2M, PGT_RANGE_PA_CONTIG), 1);
	EXPECT_EQ(pgt_unmap_range(&pgt, DM(RAM), SZ_2M), 0);

	ASSERT_EQ(pgt_map_range(&pgt, DM(RAM), RAM, SZ_2M, PROT_KERNEL_RW, PGT_MAP_4K), 0);
	EXPECT_EQ(count_leaves(&pgt, DM(RAM), SZ_2M).n[0], 512);
	EXPECT_EQ(pgt_unmap_range(&pgt, DM(RAM), SZ_2M), 0);
	ASSERT_EQ(pgt_map_range(&pgt, DM(RAM), RAM, SZ_1G, PROT_KERNEL_RW, PGT_MAP_MAX_2M), 0);
	EXPECT_EQ(count_leaves(&pgt, DM(RAM), SZ_1G).n[1], 512);
	EXPECT_EQ(pgt_unmap_range(&pgt, DM(RAM), SZ_1G), 0);
	EXPECT_EQ(pgt.tables, 1);
	END_PGT(pgt);
}

/* Splitting 1 GiB -> 2 MiB -> 4 KiB keeps every translation and permission. */
KTEST(test_split_preserves_translation)
{
	static const u64 offs[] = {0, SZ_4K, SZ_2M + 0x123, 0x2345678, SZ_1G - 1};
	struct pgtable pgt;
	struct pgt_walk w;
	u64 va = DM(RAM), writes;

	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_map_range(&pgt, va, RAM, SZ_1G, PROT_KERNEL_RX, 0), 0);
	writes = pgt.pte_writes;
	ASSERT_EQ(pgt_split_leaf(&pgt, va, 2), 0);
	EXPECT_EQ(pgt.pte_writes - writes, 513);
	EXPECT_EQ(pgt.tables, 2);
	for (unsigned i = 0; i < ARRAY_SIZE(offs); i++) {
		EXPECT_EQ(pgt_walk(&pgt, va + offs[i], &w), 0);
		EXPECT_EQ(w.pa, RAM + offs[i]);
		EXPECT_EQ(w.level, 1);
		EXPECT_EQ(w.prot, PROT_KERNEL_RX);
		EXPECT_EQ(w.pte & (PTE_A | PTE_D), PTE_A | PTE_D);
	}
	ASSERT_EQ(pgt_split_leaf(&pgt, va + 0x2345678, 1), 0);
	EXPECT_EQ(pgt.tables, 3);
	for (unsigned i = 0; i < ARRAY_SIZE(offs); i++) {
		EXPECT_EQ(pgt_walk(&pgt, va + offs[i], &w), 0);
		EXPECT_EQ(w.pa, RAM + offs[i]);
		EXPECT_EQ(w.level, offs[i] >> 21 == 0x2345678 >> 21 ? 0 : 1);
	}
	EXPECT_EQ(pgt_split_leaf(&pgt, va + 0x2345678, 1), 0); /* already split */
	EXPECT_EQ(pgt_split_leaf(&pgt, va, 0), -EINVAL);
	EXPECT_EQ(pgt_split_leaf(&pgt, va + 2 * SZ_1G, 2), -ENOENT);
	EXPECT_EQ(count_ranges(&pgt, va, SZ_1G, PGT_RANGE_PA_CONTIG), 3);
	EXPECT_EQ(count_leaves(&pgt, va, SZ_1G).total, 511 + 512);
	END_PGT(pgt);
}

/* Protect part of a 2 MiB leaf: it splits, only the range changes, A/D and PPN stay. */
KTEST(test_protect)
{
	struct pgtable pgt;
	struct pgt_walk w;
	u64 va = DM(RAM), writes, tables;

	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_map_range(&pgt, va, RAM, SZ_2M, PROT_KERNEL_RW, 0), 0);
	ASSERT_EQ(pgt_protect_range(&pgt, va + 8 * SZ_4K, 2 * SZ_4K, PROT_KERNEL_RO), 0);
	EXPECT_EQ(pgt_walk(&pgt, va + 9 * SZ_4K + 5, &w), 0);
	EXPECT_EQ(w.prot, PROT_KERNEL_RO);
	EXPECT_EQ(w.pa, RAM + 9 * SZ_4K + 5);
	EXPECT_EQ(w.level, 0);
	EXPECT_EQ(w.pte & (PTE_A | PTE_D), PTE_A | PTE_D);
	EXPECT_EQ(pgt_walk(&pgt, va + 7 * SZ_4K, &w), 0);
	EXPECT_EQ(w.prot, PROT_KERNEL_RW);
	EXPECT_EQ(pgt_walk(&pgt, va + 10 * SZ_4K, &w), 0);
	EXPECT_EQ(w.prot, PROT_KERNEL_RW);
	EXPECT_EQ(count_ranges(&pgt, va, SZ_2M, 0), 3);

	/* a hole in the range: refused, nothing changes */
	writes = pgt.pte_writes;
	tables = pgt.tables;
	EXPECT_EQ(pgt_protect_range(&pgt, va + SZ_2M - SZ_4K, 2 * SZ_4K, PROT_KERNEL_RO), -ENOENT);
	EXPECT_EQ(pgt_protect_range(&pgt, va, SZ_4K, PROT_W), -EINVAL);
	EXPECT_EQ(pgt.pte_writes, writes);
	EXPECT_EQ(pgt.tables, tables);

	/* back to RW everywhere: one coalesced run again (still 4 KiB leaves) */
	EXPECT_EQ(pgt_protect_range(&pgt, va, SZ_2M, PROT_KERNEL_RW), 0);
	EXPECT_EQ(count_ranges(&pgt, va, SZ_2M, PGT_RANGE_PA_CONTIG), 1);
	END_PGT(pgt);
}

/* Unmapping frees tables that became empty; cutting a 1 GiB leaf keeps the rest mapped. */
KTEST(test_unmap_frees_tables)
{
	static const u64 spots[] = {
	    0, SZ_4K, 3 * SZ_2M, 5 * SZ_2M + 7 * SZ_4K, SZ_1G + SZ_4K, 7 * SZ_1G + 511 * SZ_4K};
	struct pgtable pgt;
	struct pgt_walk w;

	NEW_PGT(pgt, POOL_PAGES);
	for (unsigned i = 0; i < ARRAY_SIZE(spots); i++)
		ASSERT_EQ(pgt_map_range(&pgt, VMALLOC_START + spots[i], RAM + i * SZ_4K, SZ_4K,
					PROT_KERNEL_RW, 0),
			  0);
	EXPECT_EQ(pgt.tables, 1 + 3 + 5); /* L1 tables for GiB 0, 1, 7; 5 L0 tables */
	EXPECT_EQ(count_leaves(&pgt, VMALLOC_START, VMALLOC_SIZE).total, ARRAY_SIZE(spots));
	EXPECT_EQ(pgt_unmap_range(&pgt, VMALLOC_START, SZ_4K), 0);
	EXPECT_EQ(pgt.tables, 9); /* its L0 table still maps spots[1] */
	EXPECT_EQ(pgt_unmap_range(&pgt, VMALLOC_START, 8 * SZ_1G), 0);
	EXPECT_EQ(pgt.tables, 1);
	EXPECT_EQ(count_leaves(&pgt, VMALLOC_START, VMALLOC_SIZE).total, 0);

	/* a 4 KiB hole in the middle of a 1 GiB leaf */
	ASSERT_EQ(pgt_map_range(&pgt, DM(RAM), RAM, SZ_1G, PROT_KERNEL_RW, 0), 0);
	EXPECT_EQ(pgt_unmap_range(&pgt, DM(RAM) + 0x3000000 + SZ_4K, SZ_4K), 0);
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM) + 0x3000000 + SZ_4K, &w), -ENOENT);
	EXPECT_EQ(w.level, 0);
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM) + 0x3000000 + 2 * SZ_4K, &w), 0);
	EXPECT_EQ(w.pa, RAM + 0x3000000 + 2 * SZ_4K);
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM) + SZ_1G - 1, &w), 0);
	EXPECT_EQ(w.level, 1);
	EXPECT_EQ(count_leaves(&pgt, DM(RAM), SZ_1G).total, 511 + 511);
	EXPECT_EQ(pgt_unmap_range(&pgt, DM(RAM), SZ_1G), 0);
	EXPECT_EQ(pgt.tables, 1);
	EXPECT_EQ(pgt_unmap_range(&pgt, DM(RAM), SZ_1G), 0); /* nothing there: fine */
	END_PGT(pgt);
}

/* Mapping over a valid mapping is refused and changes nothing. */
KTEST(test_overlap_refused)
{
	struct pgtable pgt;
	u64 va = DM(RAM) + SZ_2M, writes, tables;

	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_map_range(&pgt, va, RAM, SZ_2M, PROT_KERNEL_RW, 0), 0);
	writes = pgt.pte_writes;
	tables = pgt.tables;
	EXPECT_EQ(pgt_map_range(&pgt, va + SZ_4K, RAM, SZ_4K, PROT_KERNEL_RW, 0), -EEXIST);
	EXPECT_EQ(pgt_map_range(&pgt, va - SZ_1M, RAM, 2 * SZ_1M, PROT_KERNEL_RW, 0), -EEXIST);
	EXPECT_EQ(pgt_map_range(&pgt, DM(0), 0, 4 * SZ_1G, PROT_KERNEL_RW, 0), -EEXIST);
	EXPECT_EQ(pgt.pte_writes, writes);
	EXPECT_EQ(pgt.tables, tables);
	EXPECT_EQ(pgt_map_range(&pgt, va + SZ_2M, RAM + SZ_2M, SZ_4K, PROT_KERNEL_RW, 0), 0);
	EXPECT_EQ(pgt_map_range(&pgt, va - SZ_4K, RAM, SZ_4K, PROT_KERNEL_RW, 0), 0);
	EXPECT_EQ(count_ranges(&pgt, va - SZ_4K, SZ_4M, 0), 3);
	END_PGT(pgt);
}

/* Bad arguments: one clear error, nothing changes. */
KTEST(test_invalid_args)
{
	struct pgtable pgt;
	u64 va = DM(RAM);

	NEW_PGT(pgt, POOL_PAGES);
	EXPECT_EQ(pgt_map_range(&pgt, va + 1, RAM, SZ_4K, PROT_KERNEL_RW, 0), -EINVAL);
	EXPECT_EQ(pgt_map_range(&pgt, va, RAM + 8, SZ_4K, PROT_KERNEL_RW, 0), -EINVAL);
	EXPECT_EQ(pgt_map_range(&pgt, va, RAM, 100, PROT_KERNEL_RW, 0), -EINVAL);
	EXPECT_EQ(pgt_map_range(&pgt, va, RAM, 0, PROT_KERNEL_RW, 0), -EINVAL);
	EXPECT_EQ(pgt_map_range(&pgt, 0x4000000000ULL, RAM, SZ_4K, PROT_KERNEL_RW, 0), -EINVAL);
	EXPECT_EQ(pgt_map_range(&pgt, 0x3ffffff000ULL, RAM, 2 * SZ_4K, PROT_KERNEL_RW, 0), -EINVAL);
	EXPECT_EQ(pgt_map_range(&pgt, va, RAM, SZ_4K, PROT_W | PROT_G, 0), -EINVAL);
	EXPECT_EQ(pgt_map_range(&pgt, va, RAM, SZ_4K, PROT_W | PROT_X, 0), -EINVAL);
	EXPECT_EQ(pgt_map_range(&pgt, va, RAM, SZ_4K, PROT_G, 0), -EINVAL);
	EXPECT_EQ(pgt_map_range(&pgt, va, RAM, SZ_4K, 0x100, 0), -EINVAL);
	EXPECT_EQ(pgt_map_range(&pgt, va, RAM, SZ_4K, PROT_R, 0x80), -EINVAL);
	EXPECT_EQ(pgt_map_range(&pgt, va, 1ULL << 56, SZ_4K, PROT_R, 0), -EINVAL);
	EXPECT_EQ(pgt_unmap_range(&pgt, va + 2, SZ_4K), -EINVAL);
	EXPECT_EQ(pgt_protect_range(&pgt, 0x8000000000ULL, SZ_4K, PROT_R), -EINVAL);
	EXPECT_EQ(pgt_split_leaf(&pgt, va, 3), -EINVAL);
	EXPECT_EQ(pgt.pte_writes, 0);
	EXPECT_EQ(pgt.tables, 1);
	/* the very top of the address space is a valid range (the end wraps to 0) */
	EXPECT_EQ(pgt_map_range(&pgt, ~0ULL - SZ_2M + 1, RAM, SZ_2M, PROT_KERNEL_RX, 0), 0);
	EXPECT_EQ(count_leaves(&pgt, KERNEL_LINK_ADDR, KERNEL_MAP_SIZE).n[1], 1);
	EXPECT_EQ(pgt_unmap_range(&pgt, KERNEL_LINK_ADDR, KERNEL_MAP_SIZE), 0);
	END_PGT(pgt);
}

/* A pool that runs dry: every failure leaves the tree as it was, and nothing leaks. */
KTEST(test_enomem)
{
	struct pgtable pgt;
	struct pgt_walk w;
	u64 writes;

	pool_reset(0);
	EXPECT_EQ(pgt_init(&pgt, &pool_ops), -ENOMEM);
	EXPECT_EQ(pc.in_use, 0);

	/* root only: a 4 KiB leaf needs two more tables */
	NEW_PGT(pgt, 2);
	EXPECT_EQ(pgt_map_range(&pgt, DM(RAM), RAM, SZ_4K, PROT_KERNEL_RW, 0), -ENOMEM);
	EXPECT_EQ(pgt.tables, 1);
	EXPECT_EQ(pc.in_use, 1);
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM), &w), -ENOENT);
	EXPECT_EQ(pgt_verify(&pgt, NULL, NULL), 0);
	END_PGT(pgt);

	/* 4 MiB of 4 KiB leaves needs L1 + 2 L0: the second L0 fails after 512 leaves */
	NEW_PGT(pgt, 3);
	EXPECT_EQ(pgt_map_range(&pgt, DM(RAM), RAM, SZ_4M, PROT_KERNEL_RW, PGT_MAP_4K), -ENOMEM);
	EXPECT_EQ(pgt.tables, 1);
	EXPECT_EQ(count_leaves(&pgt, DM(RAM), SZ_4M).total, 0);
	EXPECT_GT(pgt.pte_writes, 512);
	EXPECT_EQ(pgt_verify(&pgt, NULL, NULL), 0);
	/* an existing mapping in the same L1 table survives a failed neighbour */
	pc.limit = 4;
	ASSERT_EQ(pgt_map_range(&pgt, DM(RAM) + SZ_1G - SZ_4K, RAM, SZ_4K, PROT_KERNEL_RW, 0), 0);
	EXPECT_EQ(pgt_map_range(&pgt, DM(RAM), RAM, SZ_4M, PROT_KERNEL_RW, PGT_MAP_4K), -ENOMEM);
	EXPECT_EQ(pgt.tables, 3);
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM) + SZ_1G - SZ_4K, &w), 0);
	EXPECT_EQ(count_leaves(&pgt, DM(RAM), SZ_1G).total, 1);
	END_PGT(pgt);

	/* unmapping inside a 1 GiB leaf needs tables to split it */
	NEW_PGT(pgt, 2);
	ASSERT_EQ(pgt_map_range(&pgt, DM(RAM), RAM, SZ_1G, PROT_KERNEL_RW, 0), 0);
	EXPECT_EQ(pgt_unmap_range(&pgt, DM(RAM) + SZ_4K, SZ_4K), -ENOMEM);
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM) + SZ_4K, &w), 0);
	EXPECT_EQ(w.pa, RAM + SZ_4K);
	EXPECT_EQ(pgt.tables, 2); /* split to 2 MiB done, translation unchanged */
	writes = pgt.pte_writes;
	EXPECT_EQ(pgt_protect_range(&pgt, DM(RAM) + SZ_4K, SZ_4K, PROT_KERNEL_RO), -ENOMEM);
	EXPECT_EQ(pgt.pte_writes, writes);
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM) + SZ_4K, &w), 0);
	EXPECT_EQ(w.prot, PROT_KERNEL_RW);
	END_PGT(pgt);
}

/* 2 GiB of RAM at 0x80000000: 1 GiB aligned, so two 1 GiB leaves in the root. */
KTEST(test_direct_map_aligned)
{
	static const struct pgt_phys_range ram[] = {{RAM, 2 * SZ_1G}};
	struct pgtable pgt;
	struct pgt_walk w;
	struct leaf_count c;

	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_build_direct_map(&pgt, ram, 1, PAGE_OFFSET), 0);
	c = count_leaves(&pgt, PAGE_OFFSET, DIRECT_MAP_SIZE);
	EXPECT_EQ(c.n[2], 2);
	EXPECT_EQ(c.total, 2);
	EXPECT_EQ(pgt.pte_writes, 2);
	EXPECT_EQ(pgt.tables, 1);
	EXPECT_EQ(pgt_walk(&pgt, PAGE_OFFSET + RAM + 0x1234, &w), 0);
	EXPECT_EQ(w.pa, RAM + 0x1234);
	EXPECT_EQ(w.prot, PROT_R | PROT_W | PROT_G);
	EXPECT_EQ(pgt_walk(&pgt, PAGE_OFFSET + RAM - 1, &w), -ENOENT);
	EXPECT_EQ(pgt_walk(&pgt, PAGE_OFFSET + RAM + 2 * SZ_1G, &w), -ENOENT);
	END_PGT(pgt);
}

/* RAM from 0x80200000: 2 MiB leaves up to the 1 GiB boundary, then 1 GiB leaves. */
KTEST(test_direct_map_unaligned)
{
	static const struct pgt_phys_range ram[] = {{RAM + SZ_2M, 2 * SZ_1G - SZ_2M}};
	static const struct pgt_phys_range holes[] = {
	    {RAM, SZ_2M}, {RAM + SZ_4M, SZ_1G - SZ_4M}, {RAM + SZ_1G, SZ_1G}};
	static const struct pgt_phys_range bad[] = {{RAM, SZ_1G}, {200 * SZ_1G, SZ_1G}};
	struct pgtable pgt;
	struct leaf_count c;

	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_build_direct_map(&pgt, ram, 1, PAGE_OFFSET), 0);
	c = count_leaves(&pgt, PAGE_OFFSET, DIRECT_MAP_SIZE);
	EXPECT_EQ(c.n[1], 511);
	EXPECT_EQ(c.n[2], 1);
	EXPECT_EQ(c.n[0], 0);
	EXPECT_EQ(pgt.pte_writes, 1 + 511 + 1);
	EXPECT_EQ(pgt.tables, 2);
	END_PGT(pgt);

	/* a no-map hole at 2..4 MiB; touching ranges are merged into one 1 GiB leaf */
	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_build_direct_map(&pgt, holes, ARRAY_SIZE(holes), PAGE_OFFSET), 0);
	c = count_leaves(&pgt, PAGE_OFFSET, DIRECT_MAP_SIZE);
	EXPECT_EQ(c.n[1], 1 + 510);
	EXPECT_EQ(c.n[2], 1);
	END_PGT(pgt);

	/* RAM past the 128 GiB window: refused, and the first range is undone */
	NEW_PGT(pgt, POOL_PAGES);
	EXPECT_EQ(pgt_build_direct_map(&pgt, bad, ARRAY_SIZE(bad), PAGE_OFFSET), -ERANGE);
	EXPECT_EQ(count_leaves(&pgt, PAGE_OFFSET, DIRECT_MAP_SIZE).total, 0);
	END_PGT(pgt);
}

/* ptdump prints Linux's format, with marker lines where regions start. */
KTEST(test_ptdump_format)
{
	static const struct ptdump_marker marks[] = {{FIXADDR_START, "Fixmap start"},
						     {FIXADDR_TOP, "Fixmap end"}};
	struct pgtable pgt;

	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_map_range(&pgt, FIXADDR_START, 0x10000000, SZ_4K, PROT_KERNEL_RW, 0), 0);
	ASSERT_EQ(pgt_map_range(&pgt, FIXADDR_START + SZ_2M, RAM, SZ_2M, PROT_KERNEL_RO, 0), 0);
	ASSERT_EQ(pgt_map_range(&pgt, FIXADDR_TOP, RAM, SZ_4K, PROT_KERNEL_RX, 0), 0);
	cap.n = 0;
	ASSERT_EQ(ptdump_show(&pgt, FIXADDR_START, FIXADDR_SIZE + SZ_2M, marks, 2, capture, NULL),
		  0);
	ASSERT_EQ(cap.n, 5);
	EXPECT_STREQ(cap.lines[0], "---[ Fixmap start ]---");
	EXPECT_STREQ(cap.lines[1], "0xffffffc4fea00000-0xffffffc4fea01000    0x0000000010000000"
				   "         4K PTE     D A G . . W R V");
	EXPECT_STREQ(cap.lines[2], "0xffffffc4fec00000-0xffffffc4fee00000    0x0000000080000000"
				   "         2M PMD     D A G . . . R V");
	EXPECT_STREQ(cap.lines[3], "---[ Fixmap end ]---");
	EXPECT_STREQ(cap.lines[4], "0xffffffc4ff000000-0xffffffc4ff001000    0x0000000080000000"
				   "         4K PTE     D A G . X . R V");
	END_PGT(pgt);

	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_map_range(&pgt, DM(RAM), RAM, 2 * SZ_1G, PROT_KERNEL_RW, 0), 0);
	cap.n = 0;
	ASSERT_EQ(ptdump_show(&pgt, FIXADDR_START, 0 - FIXADDR_START, ptdump_layout_markers,
			      ptdump_nr_layout_markers, capture, NULL),
		  0);
	EXPECT_EQ(cap.n, ptdump_nr_layout_markers + 1);
	EXPECT_STREQ(cap.lines[6], "---[ Linear mapping ]---");
	EXPECT_STREQ(cap.lines[7], "0xffffffd680000000-0xffffffd700000000    0x0000000080000000"
				   "         2G PGD     D A G . . W R V");
	END_PGT(pgt);
}

/* The W^X check finds a planted writable+executable page among clean mappings. */
KTEST(test_wx_checker)
{
	struct pgtable pgt;

	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_map_range(&pgt, KERNEL_LINK_ADDR, RAM, SZ_2M, PROT_KERNEL_RX, 0), 0);
	ASSERT_EQ(pgt_map_range(&pgt, KERNEL_LINK_ADDR + SZ_2M, RAM + SZ_2M, SZ_2M, PROT_KERNEL_RW,
				PGT_MAP_4K),
		  0);
	ASSERT_EQ(pgt_build_direct_map(&pgt, &(struct pgt_phys_range){RAM, SZ_1G}, 1, PAGE_OFFSET),
		  0);
	cap.n = 0;
	EXPECT_EQ(ptdump_check_wx(&pgt, 0xffffffc000000000ULL, 256 * SZ_1G, capture, NULL), 0);
	EXPECT_EQ(cap.n, 1);
	EXPECT_STREQ(cap.lines[0], "Checked W+X mappings: passed, no W+X pages found");

	ASSERT_EQ(pgt_protect_range(&pgt, KERNEL_LINK_ADDR + SZ_2M + 5 * SZ_4K, SZ_4K,
				    PROT_R | PROT_W | PROT_X | PROT_G),
		  0);
	cap.n = 0;
	EXPECT_EQ(ptdump_check_wx(&pgt, 0xffffffc000000000ULL, 256 * SZ_1G, capture, NULL), 1);
	EXPECT_EQ(cap.n, 2);
	EXPECT_STREQ(
	    cap.lines[0],
	    "ptdump_check_wx: W+X mapping 0xffffffff80205000-0xffffffff80206000 (1 pages)");
	EXPECT_STREQ(cap.lines[1], "Checked W+X mappings: failed, 1 W+X pages found");
	END_PGT(pgt);
}

/* walk's text form, and pgt_verify catching a corrupted entry. */
KTEST(test_walk_format_and_verify)
{
	struct pgtable pgt;
	struct pgt_walk w;
	char buf[96];
	u64 *ptep;

	NEW_PGT(pgt, POOL_PAGES);
	ASSERT_EQ(pgt_map_range(&pgt, DM(RAM), RAM, SZ_4K, PROT_KERNEL_RW, 0), 0);
	pgt_walk(&pgt, DM(RAM) + 0x10, &w);
	pgt_walk_format(&w, buf, sizeof(buf));
	EXPECT_STREQ(buf, "0xffffffd680000010 -> 0x0000000080000010 [D A G . . W R V]");
	pgt_walk(&pgt, DM(RAM) + SZ_4K, &w);
	pgt_walk_format(&w, buf, sizeof(buf));
	EXPECT_STREQ(buf, "0xffffffd680001000: not mapped (level 0)");
	pgt_walk(&pgt, DM(RAM) + SZ_1G, &w);
	pgt_walk_format(&w, buf, sizeof(buf));
	EXPECT_STREQ(buf, "0xffffffd6c0000000: not mapped (level 2)");

	/* plant W without R: the walk and the verifier both see it */
	pgt_walk(&pgt, DM(RAM), &w);
	ptep = &pool_va(NULL, w.step[0].table)[w.step[0].index];
	*ptep ^= PTE_R;
	EXPECT_EQ(pgt_walk(&pgt, DM(RAM), &w), -EFAULT);
	cap.n = 0;
	EXPECT_EQ(pgt_verify(&pgt, capture, NULL), 1);
	EXPECT_STREQ(cap.lines[0], "pgt_verify: bad PTE for 0xffffffd680000000 at level 0 "
				   "(0x00000000200000e5)");
	*ptep ^= PTE_R;
	END_PGT(pgt);
}

static const struct ktest_case pgtable_cases[] = {
    KTEST_CASE(test_pte_encode_decode),
    KTEST_CASE(test_huge_leaf_set_clear),
    KTEST_CASE(test_map_walk_unmap_sizes),
    KTEST_CASE(test_mixed_alignment),
    KTEST_CASE(test_split_preserves_translation),
    KTEST_CASE(test_protect),
    KTEST_CASE(test_unmap_frees_tables),
    KTEST_CASE(test_overlap_refused),
    KTEST_CASE(test_invalid_args),
    KTEST_CASE(test_enomem),
    KTEST_CASE(test_direct_map_aligned),
    KTEST_CASE(test_direct_map_unaligned),
    KTEST_CASE(test_ptdump_format),
    KTEST_CASE(test_wx_checker),
    KTEST_CASE(test_walk_format_and_verify),
    {},
};
KTEST_SUITE(pgtable, pgtable_cases);
