// SPDX-License-Identifier: MIT
/*
 * memblock: the cases of Linux's tools/testing/memblock, rewritten for rvmm (add, reserve,
 * remove and free with every kind of overlap, tables filling up, allocation top down and
 * bottom up with alignment, limits and nodes), plus iteration, queries and the dump.
 *
 * memblock is one global: the suite saves it in init and puts it back in exit, so running
 * `test memblock` on the target leaves the firmware's own map as it was. Nothing here
 * touches the memory the addresses name.
 */
#include "tests/ktest.h"
#include "mm/memblock.h"
#include "mm/page.h"
#include "lib/errno.h"

#define MEM_BASE 0x80000000ULL
#define SZ_128K	 0x20000ULL
#define SZ_256K	 0x40000ULL
#define SZ_512K	 0x80000ULL
#define SZ_1G_	 0x40000000ULL

#define MEM (&memblock.memory)
#define RES (&memblock.reserved)

/* Region i of type has this base and size. */
#define EXPECT_RGN(type, i, b, s)                                                                  \
	do {                                                                                       \
		EXPECT_LT(i, (type)->cnt);                                                         \
		EXPECT_EQ((type)->regions[i].base, b);                                             \
		EXPECT_EQ((type)->regions[i].size, s);                                             \
	} while (0)
/* type has cnt regions with this total size. */
#define EXPECT_TYPE(type, n, total)                                                                \
	do {                                                                                       \
		EXPECT_EQ((type)->cnt, n);                                                         \
		EXPECT_EQ((type)->total_size, total);                                              \
	} while (0)

static struct memblock saved;
static struct memblock_region saved_mem[MEMBLOCK_MAX_REGIONS];
static struct memblock_region saved_res[MEMBLOCK_MAX_REGIONS];

static void copy_regions(struct memblock_region *dst, const struct memblock_region *src,
			 unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		dst[i] = src[i];
}

static int memblock_suite_init(void)
{
	saved = memblock;
	copy_regions(saved_mem, memblock.memory.regions, memblock.memory.cnt);
	copy_regions(saved_res, memblock.reserved.regions, memblock.reserved.cnt);
	return 0;
}

static void memblock_suite_exit(void)
{
	struct memblock_region *mem = memblock.memory.regions, *res = memblock.reserved.regions;

	copy_regions(mem, saved_mem, saved.memory.cnt);
	copy_regions(res, saved_res, saved.reserved.cnt);
	memblock = saved;
}

/* ---- add ---- */

KTEST(test_reset)
{
	memblock_reset();
	EXPECT_TYPE(MEM, 0, 0);
	EXPECT_TYPE(RES, 0, 0);
	EXPECT_FALSE(memblock_bottom_up());
	EXPECT_EQ(memblock.current_limit, MEMBLOCK_ALLOC_ANYWHERE);
	EXPECT_EQ(memblock.memory.max, MEMBLOCK_MAX_REGIONS);
	EXPECT_EQ(memblock_start_of_DRAM(), 0);
	EXPECT_EQ(memblock_end_of_DRAM(), 0);
}

KTEST(test_add_simple)
{
	memblock_reset();
	EXPECT_EQ(memblock_add(MEM_BASE, SZ_1G_), 0);
	EXPECT_TYPE(MEM, 1, SZ_1G_);
	EXPECT_RGN(MEM, 0, MEM_BASE, SZ_1G_);
	EXPECT_EQ(MEM->regions[0].nid, NUMA_NO_NODE);
	EXPECT_EQ(MEM->regions[0].flags, MEMBLOCK_NONE);
	EXPECT_EQ(memblock_phys_mem_size(), SZ_1G_);
	EXPECT_EQ(memblock_start_of_DRAM(), MEM_BASE);
	EXPECT_EQ(memblock_end_of_DRAM(), MEM_BASE + SZ_1G_);
}

KTEST(test_add_node)
{
	memblock_reset();
	EXPECT_EQ(memblock_add_node(MEM_BASE, SZ_2M, 1, MEMBLOCK_NOMAP), 0);
	EXPECT_RGN(MEM, 0, MEM_BASE, SZ_2M);
	EXPECT_EQ(MEM->regions[0].nid, 1);
	EXPECT_EQ(MEM->regions[0].flags, MEMBLOCK_NOMAP);
	EXPECT_EQ(memblock_add_node(MEM_BASE, SZ_2M, -2, 0), -EINVAL);
	EXPECT_EQ(memblock_add_node(MEM_BASE, SZ_2M, 0, 0x100), -EINVAL);
	EXPECT_TYPE(MEM, 1, SZ_2M);
}

KTEST(test_add_disjoint)
{
	memblock_reset();
	EXPECT_EQ(memblock_add(MEM_BASE + SZ_1G_, SZ_1M), 0);
	EXPECT_EQ(memblock_add(MEM_BASE, SZ_2M), 0); /* lower, added second: sorted first */
	EXPECT_TYPE(MEM, 2, SZ_1M + SZ_2M);
	EXPECT_RGN(MEM, 0, MEM_BASE, SZ_2M);
	EXPECT_RGN(MEM, 1, MEM_BASE + SZ_1G_, SZ_1M);
}

KTEST(test_add_overlap_top)
{
	/* the new range starts below the region and overlaps its start */
	memblock_reset();
	memblock_add(MEM_BASE + SZ_1M, SZ_2M);
	EXPECT_EQ(memblock_add(MEM_BASE, SZ_2M), 0);
	EXPECT_TYPE(MEM, 1, SZ_1M + SZ_2M);
	EXPECT_RGN(MEM, 0, MEM_BASE, SZ_1M + SZ_2M);
}

KTEST(test_add_overlap_bottom)
{
	/* the new range starts inside the region and runs past its end */
	memblock_reset();
	memblock_add(MEM_BASE, SZ_2M);
	EXPECT_EQ(memblock_add(MEM_BASE + SZ_1M, SZ_2M), 0);
	EXPECT_TYPE(MEM, 1, SZ_1M + SZ_2M);
	EXPECT_RGN(MEM, 0, MEM_BASE, SZ_1M + SZ_2M);
}

KTEST(test_add_within)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_4M);
	EXPECT_EQ(memblock_add(MEM_BASE + SZ_1M, SZ_1M), 0);
	EXPECT_TYPE(MEM, 1, SZ_4M);
	EXPECT_RGN(MEM, 0, MEM_BASE, SZ_4M);
}

KTEST(test_add_twice)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_2M);
	EXPECT_EQ(memblock_add(MEM_BASE, SZ_2M), 0);
	EXPECT_TYPE(MEM, 1, SZ_2M);
}

KTEST(test_add_between)
{
	/* a range that exactly fills the gap joins its two neighbours */
	memblock_reset();
	memblock_add(MEM_BASE, SZ_1M);
	memblock_add(MEM_BASE + SZ_2M, SZ_1M);
	EXPECT_EQ(MEM->cnt, 2);
	EXPECT_EQ(memblock_add(MEM_BASE + SZ_1M, SZ_1M), 0);
	EXPECT_TYPE(MEM, 1, 3 * SZ_1M);
	EXPECT_RGN(MEM, 0, MEM_BASE, 3 * SZ_1M);
}

KTEST(test_add_spanning_several)
{
	memblock_reset();
	memblock_add(MEM_BASE + SZ_1M, SZ_1M);
	memblock_add(MEM_BASE + 3 * SZ_1M, SZ_1M);
	memblock_add(MEM_BASE + 5 * SZ_1M, SZ_1M);
	EXPECT_EQ(memblock_add(MEM_BASE, 8 * SZ_1M), 0);
	EXPECT_TYPE(MEM, 1, 8 * SZ_1M);
}

KTEST(test_add_attributes_kept)
{
	/* adjacent regions of different nodes or flags stay apart; covered parts keep theirs */
	memblock_reset();
	memblock_add_node(MEM_BASE, SZ_1M, 0, 0);
	memblock_add_node(MEM_BASE + SZ_1M, SZ_1M, 1, 0);
	memblock_add_node(MEM_BASE + SZ_2M, SZ_1M, 1, MEMBLOCK_NOMAP);
	EXPECT_TYPE(MEM, 3, 3 * SZ_1M);
	memblock_add_node(MEM_BASE - SZ_1M, 5 * SZ_1M, 2, 0);
	EXPECT_TYPE(MEM, 5, 5 * SZ_1M);
	EXPECT_RGN(MEM, 0, MEM_BASE - SZ_1M, SZ_1M);
	EXPECT_EQ(MEM->regions[0].nid, 2);
	EXPECT_EQ(MEM->regions[1].nid, 0);
	EXPECT_EQ(MEM->regions[2].nid, 1);
	EXPECT_EQ(MEM->regions[3].flags, MEMBLOCK_NOMAP);
	EXPECT_RGN(MEM, 4, MEM_BASE + 3 * SZ_1M, SZ_1M);
	EXPECT_EQ(MEM->regions[4].nid, 2);
}

KTEST(test_add_zero_size)
{
	memblock_reset();
	EXPECT_EQ(memblock_add(MEM_BASE, 0), 0);
	EXPECT_EQ(memblock_reserve(MEM_BASE, 0), 0);
	EXPECT_TYPE(MEM, 0, 0);
	EXPECT_TYPE(RES, 0, 0);
}

KTEST(test_add_near_max)
{
	/* a range wrapping past 2^64 is clamped to end at the top (with a warning) */
	phys_addr_t base = ~0ULL - SZ_1M + 1;

	memblock_reset();
	EXPECT_EQ(memblock_add(base, SZ_2M), 0);
	EXPECT_TYPE(MEM, 1, ~0ULL - base);
	EXPECT_RGN(MEM, 0, base, ~0ULL - base);
	EXPECT_EQ(memblock_add(~0ULL, 5), 0); /* nothing left after clamping */
	EXPECT_EQ(MEM->cnt, 1);
}

/* Add n ranges of 64 KiB with 64 KiB holes between them, to type via fn. */
static void add_many(int (*fn)(phys_addr_t, phys_addr_t), unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		fn(MEM_BASE + 2 * i * SZ_64K, SZ_64K);
}

/* Fill a table, overflow it, and check nothing changed on failure. */
static void check_many(struct ktest *t, struct memblock_type *type,
		       int (*fn)(phys_addr_t, phys_addr_t))
{
	memblock_reset();
	add_many(fn, MEMBLOCK_MAX_REGIONS);
	EXPECT_TYPE(type, MEMBLOCK_MAX_REGIONS, MEMBLOCK_MAX_REGIONS * SZ_64K);

	phys_addr_t top = MEM_BASE + 2 * MEMBLOCK_MAX_REGIONS * SZ_64K;

	EXPECT_EQ(fn(top + SZ_1M, SZ_64K), -ENOSPC);
	EXPECT_EQ(fn(MEM_BASE + SZ_64K + SZ_4K, SZ_4K), -ENOSPC); /* alone inside a hole */
	EXPECT_TYPE(type, MEMBLOCK_MAX_REGIONS, MEMBLOCK_MAX_REGIONS * SZ_64K);
	EXPECT_RGN(type, 0, MEM_BASE, SZ_64K);
	/* a full table still takes ranges that merge into what is there */
	EXPECT_EQ(fn(top - SZ_64K, SZ_64K), 0);
	EXPECT_TYPE(type, MEMBLOCK_MAX_REGIONS, (MEMBLOCK_MAX_REGIONS + 1) * SZ_64K);
	EXPECT_EQ(fn(MEM_BASE + SZ_64K, SZ_64K), 0); /* fills a hole: two become one */
	EXPECT_EQ(type->cnt, MEMBLOCK_MAX_REGIONS - 1);
	EXPECT_EQ(fn(top + SZ_1M, SZ_64K), 0);
	EXPECT_EQ(type->cnt, MEMBLOCK_MAX_REGIONS);
}

KTEST(test_add_many)
{
	check_many(t, MEM, memblock_add);
}

/* ---- reserve ---- */

KTEST(test_reserve_simple)
{
	memblock_reset();
	EXPECT_EQ(memblock_reserve(MEM_BASE, SZ_128K), 0);
	EXPECT_TYPE(RES, 1, SZ_128K);
	EXPECT_RGN(RES, 0, MEM_BASE, SZ_128K);
	EXPECT_EQ(RES->regions[0].nid, NUMA_NO_NODE);
	EXPECT_EQ(memblock_reserved_size(), SZ_128K);
	EXPECT_TYPE(MEM, 0, 0); /* reserving does not need memory */
}

KTEST(test_reserve_disjoint)
{
	memblock_reset();
	memblock_reserve(MEM_BASE + SZ_1M, SZ_128K);
	memblock_reserve(MEM_BASE, SZ_128K);
	EXPECT_TYPE(RES, 2, 2 * SZ_128K);
	EXPECT_RGN(RES, 0, MEM_BASE, SZ_128K);
	EXPECT_RGN(RES, 1, MEM_BASE + SZ_1M, SZ_128K);
}

KTEST(test_reserve_overlap)
{
	memblock_reset();
	memblock_reserve(MEM_BASE + SZ_128K, SZ_256K);
	EXPECT_EQ(memblock_reserve(MEM_BASE, SZ_256K), 0); /* overlaps the start */
	EXPECT_TYPE(RES, 1, SZ_128K + SZ_256K);
	EXPECT_EQ(memblock_reserve(MEM_BASE + SZ_256K, SZ_256K), 0); /* overlaps the end */
	EXPECT_TYPE(RES, 1, SZ_512K);
	EXPECT_RGN(RES, 0, MEM_BASE, SZ_512K);
}

KTEST(test_reserve_within_twice_between)
{
	memblock_reset();
	memblock_reserve(MEM_BASE, SZ_512K);
	EXPECT_EQ(memblock_reserve(MEM_BASE + SZ_128K, SZ_128K), 0);
	EXPECT_EQ(memblock_reserve(MEM_BASE, SZ_512K), 0);
	EXPECT_TYPE(RES, 1, SZ_512K);
	memblock_reserve(MEM_BASE + SZ_1M, SZ_512K);
	EXPECT_EQ(RES->cnt, 2);
	EXPECT_EQ(memblock_reserve(MEM_BASE + SZ_512K, SZ_512K), 0);
	EXPECT_TYPE(RES, 1, SZ_1M + SZ_512K);
}

KTEST(test_reserve_many)
{
	check_many(t, RES, memblock_reserve);
}

/* ---- remove ---- */

KTEST(test_remove_simple)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_1M);
	memblock_add(MEM_BASE + SZ_4M, SZ_1M);
	EXPECT_EQ(memblock_remove(MEM_BASE, SZ_1M), 0);
	EXPECT_TYPE(MEM, 1, SZ_1M);
	EXPECT_RGN(MEM, 0, MEM_BASE + SZ_4M, SZ_1M);
	EXPECT_EQ(memblock_remove(MEM_BASE + SZ_4M, SZ_1M), 0);
	EXPECT_TYPE(MEM, 0, 0);
}

KTEST(test_remove_absent)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_1M);
	EXPECT_EQ(memblock_remove(MEM_BASE + SZ_2M, SZ_1M), 0);
	EXPECT_TYPE(MEM, 1, SZ_1M);
	EXPECT_EQ(memblock_remove(MEM_BASE, 0), 0);
	EXPECT_TYPE(MEM, 1, SZ_1M);
}

KTEST(test_remove_overlap_top)
{
	/* removing from below the region into it cuts its start */
	memblock_reset();
	memblock_add(MEM_BASE + SZ_1M, SZ_2M);
	EXPECT_EQ(memblock_remove(MEM_BASE, SZ_2M), 0);
	EXPECT_TYPE(MEM, 1, SZ_1M);
	EXPECT_RGN(MEM, 0, MEM_BASE + SZ_2M, SZ_1M);
}

KTEST(test_remove_overlap_bottom)
{
	/* removing from inside the region past its end cuts its end */
	memblock_reset();
	memblock_add(MEM_BASE, SZ_2M);
	EXPECT_EQ(memblock_remove(MEM_BASE + SZ_1M, SZ_2M), 0);
	EXPECT_TYPE(MEM, 1, SZ_1M);
	EXPECT_RGN(MEM, 0, MEM_BASE, SZ_1M);
}

KTEST(test_remove_within)
{
	/* a hole in the middle splits the region in two; attributes go to both halves */
	memblock_reset();
	memblock_add_node(MEM_BASE, SZ_4M, 3, 0);
	EXPECT_EQ(memblock_remove(MEM_BASE + SZ_1M, SZ_1M), 0);
	EXPECT_TYPE(MEM, 2, 3 * SZ_1M);
	EXPECT_RGN(MEM, 0, MEM_BASE, SZ_1M);
	EXPECT_RGN(MEM, 1, MEM_BASE + SZ_2M, SZ_2M);
	EXPECT_EQ(MEM->regions[1].nid, 3);
}

KTEST(test_remove_across)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_1M);
	memblock_add(MEM_BASE + SZ_2M, SZ_1M);
	memblock_add(MEM_BASE + SZ_4M, SZ_1M);
	EXPECT_EQ(memblock_remove(MEM_BASE + SZ_512K, SZ_4M), 0);
	EXPECT_TYPE(MEM, 2, SZ_1M);
	EXPECT_RGN(MEM, 0, MEM_BASE, SZ_512K);
	EXPECT_RGN(MEM, 1, MEM_BASE + SZ_4M + SZ_512K, SZ_512K);
}

KTEST(test_remove_split_full)
{
	/* splitting needs one more region: on a full table that fails and changes nothing */
	memblock_reset();
	add_many(memblock_add, MEMBLOCK_MAX_REGIONS);
	EXPECT_EQ(memblock_remove(MEM_BASE + SZ_4K, SZ_4K), -ENOSPC);
	EXPECT_TYPE(MEM, MEMBLOCK_MAX_REGIONS, MEMBLOCK_MAX_REGIONS * SZ_64K);
	EXPECT_RGN(MEM, 0, MEM_BASE, SZ_64K);
	EXPECT_EQ(memblock_remove(MEM_BASE, SZ_4K), 0); /* trimming an end needs none */
	EXPECT_RGN(MEM, 0, MEM_BASE + SZ_4K, SZ_64K - SZ_4K);
}

/* ---- free ---- */

KTEST(test_free_simple)
{
	memblock_reset();
	memblock_reserve(MEM_BASE, SZ_1M);
	memblock_reserve(MEM_BASE + SZ_4M, SZ_1M);
	EXPECT_EQ(memblock_free(MEM_BASE, SZ_1M), 0);
	EXPECT_TYPE(RES, 1, SZ_1M);
	EXPECT_RGN(RES, 0, MEM_BASE + SZ_4M, SZ_1M);
	EXPECT_EQ(memblock_phys_free(MEM_BASE + SZ_4M, SZ_1M), 0);
	EXPECT_TYPE(RES, 0, 0);
}

KTEST(test_free_overlap_within)
{
	memblock_reset();
	memblock_reserve(MEM_BASE, SZ_4M);
	EXPECT_EQ(memblock_free(MEM_BASE - SZ_1M, SZ_2M), 0); /* the start */
	EXPECT_RGN(RES, 0, MEM_BASE + SZ_1M, 3 * SZ_1M);
	EXPECT_EQ(memblock_free(MEM_BASE + 3 * SZ_1M, SZ_2M), 0); /* the end */
	EXPECT_RGN(RES, 0, MEM_BASE + SZ_1M, SZ_2M);
	EXPECT_EQ(memblock_free(MEM_BASE + SZ_1M + SZ_512K, SZ_512K), 0); /* the middle */
	EXPECT_TYPE(RES, 2, SZ_1M + SZ_512K);
	EXPECT_FALSE(memblock_is_reserved(MEM_BASE + SZ_1M + SZ_512K));
	EXPECT_TRUE(memblock_is_reserved(MEM_BASE + SZ_2M));
}

/* ---- flags and nodes ---- */

KTEST(test_nomap)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_4M);
	EXPECT_EQ(memblock_mark_nomap(MEM_BASE + SZ_1M, SZ_1M), 0);
	EXPECT_TYPE(MEM, 3, SZ_4M);
	EXPECT_EQ(MEM->regions[0].flags, MEMBLOCK_NONE);
	EXPECT_EQ(MEM->regions[1].flags, MEMBLOCK_NOMAP);
	EXPECT_RGN(MEM, 1, MEM_BASE + SZ_1M, SZ_1M);
	EXPECT_TRUE(memblock_is_memory(MEM_BASE + SZ_1M));
	EXPECT_FALSE(memblock_is_map_memory(MEM_BASE + SZ_1M));
	EXPECT_TRUE(memblock_is_map_memory(MEM_BASE));
	EXPECT_EQ(memblock_mark_nomap(MEM_BASE + SZ_2M, SZ_1M), 0); /* grows the no-map part */
	EXPECT_EQ(MEM->cnt, 3);
	EXPECT_RGN(MEM, 1, MEM_BASE + SZ_1M, SZ_2M);
	EXPECT_EQ(memblock_clear_nomap(MEM_BASE, SZ_4M), 0);
	EXPECT_TYPE(MEM, 1, SZ_4M);
	EXPECT_EQ(MEM->regions[0].flags, MEMBLOCK_NONE);
	EXPECT_EQ(memblock_mark_nomap(MEM_BASE + SZ_1G_, SZ_1M), 0); /* no memory there */
	EXPECT_EQ(MEM->cnt, 1);
}

KTEST(test_set_node)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_4M);
	memblock_add(MEM_BASE + SZ_1G_, SZ_4M);
	EXPECT_EQ(memblock_set_node(MEM_BASE + SZ_2M, SZ_1G_, 1), 0);
	EXPECT_TYPE(MEM, 4, 2 * SZ_4M);
	EXPECT_EQ(MEM->regions[0].nid, NUMA_NO_NODE);
	EXPECT_RGN(MEM, 1, MEM_BASE + SZ_2M, SZ_2M);
	EXPECT_EQ(MEM->regions[1].nid, 1);
	EXPECT_RGN(MEM, 2, MEM_BASE + SZ_1G_, SZ_2M); /* the range ends inside this one */
	EXPECT_EQ(MEM->regions[2].nid, 1);
	EXPECT_EQ(MEM->regions[3].nid, NUMA_NO_NODE);
	EXPECT_EQ(memblock_set_node(MEM_BASE, SZ_2M, 1), 0);
	EXPECT_EQ(memblock_set_node(MEM_BASE + SZ_1G_, SZ_4M, 1), 0);
	EXPECT_TYPE(MEM, 2, 2 * SZ_4M);
	EXPECT_EQ(MEM->regions[0].nid, 1);
	EXPECT_EQ(MEM->regions[1].nid, 1);
	EXPECT_EQ(memblock_set_node(MEM_BASE, SZ_4M, -5), -EINVAL);
}

KTEST(test_trim_memory)
{
	memblock_reset();
	memblock_add(MEM_BASE + 0x800, SZ_1M);	      /* both ends unaligned */
	memblock_add(MEM_BASE + SZ_2M + 0x10, 0x100); /* inside one page: dropped */
	memblock_add(MEM_BASE + SZ_4M, SZ_1M);	      /* aligned: kept */
	EXPECT_EQ(memblock_trim_memory(PAGE_SIZE), 0);
	EXPECT_TYPE(MEM, 2, SZ_1M - PAGE_SIZE + SZ_1M);
	EXPECT_RGN(MEM, 0, MEM_BASE + PAGE_SIZE, SZ_1M - PAGE_SIZE);
	EXPECT_RGN(MEM, 1, MEM_BASE + SZ_4M, SZ_1M);
	EXPECT_EQ(memblock_trim_memory(3), -EINVAL);
	EXPECT_EQ(memblock_trim_memory(0), -EINVAL);
}

/* ---- allocation ---- */

KTEST(test_alloc_top_down_simple)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_1M);
	phys_addr_t a = memblock_phys_alloc(SZ_4K, SZ_4K);

	EXPECT_EQ(a, MEM_BASE + SZ_1M - SZ_4K);
	EXPECT_TYPE(RES, 1, SZ_4K);
	EXPECT_RGN(RES, 0, a, SZ_4K);
	phys_addr_t b = memblock_phys_alloc(SZ_4K, SZ_4K);

	EXPECT_EQ(b, a - SZ_4K);
	EXPECT_TYPE(RES, 1, 2 * SZ_4K); /* consecutive allocations merge */
}

KTEST(test_alloc_top_down_align)
{
	memblock_reset();
	memblock_add(MEM_BASE, 0x123000);
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, SZ_64K), MEM_BASE + 0x120000);
	EXPECT_EQ(memblock_phys_alloc(0x100, 0x100), MEM_BASE + 0x122f00);
	EXPECT_EQ(memblock_phys_alloc(SZ_1M, SZ_1M), MEM_BASE);
	EXPECT_EQ(memblock_phys_alloc(SZ_1M, SZ_1M), 0); /* no aligned room left */
	EXPECT_EQ(RES->cnt, 3);
}

KTEST(test_alloc_top_down_reserved)
{
	/* the allocation goes below the reservations, into the highest gap that fits */
	memblock_reset();
	memblock_add(MEM_BASE, SZ_4M);
	memblock_reserve(MEM_BASE + SZ_2M + SZ_128K, SZ_2M - SZ_128K);
	memblock_reserve(MEM_BASE + SZ_1M + SZ_128K, SZ_1M - SZ_256K);
	/* free: [0, 1M+128K), [2M-128K, 2M+128K) (256K), nothing above */
	EXPECT_EQ(memblock_phys_alloc(SZ_256K, SZ_4K), MEM_BASE + SZ_2M - SZ_128K);
	EXPECT_EQ(memblock_phys_alloc(SZ_256K, SZ_4K), MEM_BASE + SZ_1M - SZ_128K);
	EXPECT_EQ(RES->cnt, 1); /* everything from 1M-128K up is reserved now */
	EXPECT_EQ(memblock_reserved_size(), SZ_4M - SZ_1M + SZ_128K);
}

KTEST(test_alloc_bottom_up)
{
	memblock_reset();
	memblock_set_bottom_up(true);
	EXPECT_TRUE(memblock_bottom_up());
	memblock_add(MEM_BASE + 0x800, SZ_1M);
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, SZ_4K), MEM_BASE + SZ_4K); /* aligned up */
	EXPECT_EQ(memblock_phys_alloc(0x10, 0x10), MEM_BASE + 0x800);	/* below it */
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, SZ_64K), MEM_BASE + SZ_64K);
	memblock_reserve(MEM_BASE + 0x2000, SZ_4K);
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, SZ_4K), MEM_BASE + 0x3000);
	memblock_set_bottom_up(false);
}

KTEST(test_alloc_range_limits)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_4M);
	EXPECT_EQ(memblock_phys_alloc_range(SZ_4K, SZ_4K, 0, MEM_BASE + SZ_1M),
		  MEM_BASE + SZ_1M - SZ_4K);
	EXPECT_EQ(
	    memblock_phys_alloc_range(SZ_4K, SZ_4K, MEM_BASE + SZ_2M, MEM_BASE + SZ_2M + SZ_4K),
	    MEM_BASE + SZ_2M);
	EXPECT_EQ(
	    memblock_phys_alloc_range(SZ_4K, SZ_4K, MEM_BASE + SZ_2M, MEM_BASE + SZ_2M + SZ_4K),
	    0);								    /* taken now */
	EXPECT_EQ(memblock_phys_alloc_range(SZ_4K, SZ_4K, 0, MEM_BASE), 0); /* below RAM */
	EXPECT_EQ(memblock_phys_alloc_range(SZ_4K, SZ_4K, MEM_BASE + SZ_4M, ~0ULL), 0);
	EXPECT_EQ(memblock_phys_alloc_range(SZ_4K, SZ_4K, MEM_BASE + SZ_1M, MEM_BASE), 0);
	memblock_set_bottom_up(true);
	EXPECT_EQ(
	    memblock_phys_alloc_range(SZ_4K, SZ_4K, MEM_BASE + SZ_1M, MEMBLOCK_ALLOC_ANYWHERE),
	    MEM_BASE + SZ_1M);
	memblock_set_bottom_up(false);
	EXPECT_EQ(RES->cnt, 2); /* the last one merged with the first */
}

KTEST(test_alloc_current_limit)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_1G_);
	memblock_set_current_limit(MEM_BASE + SZ_2M);
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, SZ_4K), MEM_BASE + SZ_2M - SZ_4K);
	EXPECT_EQ(memblock_phys_alloc_range(SZ_4K, SZ_4K, 0, MEMBLOCK_ALLOC_ACCESSIBLE),
		  MEM_BASE + SZ_2M - 2 * SZ_4K);
	EXPECT_EQ(memblock_phys_alloc_range(SZ_4K, SZ_4K, 0, MEMBLOCK_ALLOC_ANYWHERE),
		  MEM_BASE + SZ_1G_ - SZ_4K);
	memblock_set_current_limit(MEMBLOCK_ALLOC_ANYWHERE);
}

KTEST(test_alloc_nid)
{
	memblock_reset();
	memblock_add_node(MEM_BASE, SZ_4M, 0, 0);
	memblock_add_node(MEM_BASE + SZ_4M, SZ_4M, 1, 0);
	memblock_add_node(MEM_BASE + SZ_1G_, SZ_4M, 0, 0);
	EXPECT_EQ(memblock_phys_alloc_try_nid(SZ_4K, SZ_4K, 1), MEM_BASE + SZ_4M + SZ_4M - SZ_4K);
	EXPECT_EQ(memblock_phys_alloc_try_nid(SZ_4K, SZ_4K, 0), MEM_BASE + SZ_1G_ + SZ_4M - SZ_4K);
	memblock_set_bottom_up(true);
	EXPECT_EQ(memblock_phys_alloc_try_nid(SZ_4K, SZ_4K, 1), MEM_BASE + SZ_4M);
	memblock_set_bottom_up(false);
	/*
	 * Node 1 has [4M+4K, 8M-4K) free: no 2 MiB-aligned 2 MiB, and not 4 MiB. Both fall
	 * back to any node, top down: the highest room that fits.
	 */
	EXPECT_EQ(memblock_phys_alloc_try_nid(SZ_2M, SZ_2M, 1), MEM_BASE + SZ_1G_);
	EXPECT_EQ(memblock_phys_alloc_try_nid(SZ_4M, SZ_4K, 1), MEM_BASE);
	EXPECT_EQ(memblock_phys_alloc_try_nid(SZ_2M, SZ_4K, 1), MEM_BASE + SZ_4M + SZ_2M - SZ_4K);
	EXPECT_EQ(memblock_phys_alloc_try_nid(SZ_4K, SZ_4K, 7),
		  MEM_BASE + SZ_1G_ + SZ_4M - 2 * SZ_4K);
	EXPECT_EQ(memblock_phys_alloc_try_nid(SZ_4K, SZ_4K, -3), 0);
}

KTEST(test_alloc_no_span)
{
	/* free memory in two regions that touch but differ is not one range */
	memblock_reset();
	memblock_add_node(MEM_BASE, SZ_1M, 0, 0);
	memblock_add_node(MEM_BASE + SZ_1M, SZ_1M, 1, 0);
	EXPECT_EQ(memblock_phys_alloc(SZ_1M + SZ_512K, SZ_4K), 0);
	EXPECT_EQ(memblock_phys_alloc(SZ_1M, SZ_4K), MEM_BASE + SZ_1M);
}

KTEST(test_alloc_skips_nomap)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_4M);
	memblock_mark_nomap(MEM_BASE + SZ_2M, SZ_2M);
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, SZ_4K), MEM_BASE + SZ_2M - SZ_4K);
	EXPECT_EQ(memblock_phys_alloc(SZ_2M + SZ_4K, SZ_4K), 0);
}

KTEST(test_alloc_fail)
{
	memblock_reset();
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, SZ_4K), 0); /* no memory at all */
	memblock_add(MEM_BASE, SZ_1M);
	EXPECT_EQ(memblock_phys_alloc(SZ_2M, SZ_4K), 0);
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, 3 * SZ_4K), 0); /* not a power of two */
	EXPECT_EQ(memblock_phys_alloc(0, SZ_4K), 0);
	EXPECT_EQ(memblock_phys_alloc(~0ULL, SZ_4K), 0);
	EXPECT_TYPE(RES, 0, 0);
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, 0), MEM_BASE + SZ_1M - SZ_4K); /* align 0: 64 */
	memblock_reserve(MEM_BASE, SZ_1M);
	EXPECT_EQ(memblock_phys_alloc(64, 64), 0);
	EXPECT_TYPE(RES, 1, SZ_1M);
}

KTEST(test_alloc_first_page)
{
	/* address 0 means failure, so the first page is never handed out */
	memblock_reset();
	memblock_add(0, 2 * SZ_4K);
	memblock_set_bottom_up(true);
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, SZ_4K), SZ_4K);
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, SZ_4K), 0);
	memblock_set_bottom_up(false);
}

KTEST(test_alloc_reserved_full)
{
	/* room in memory but no room in the reserved table: fails without a trace */
	memblock_reset();
	memblock_add(MEM_BASE, SZ_1G_);
	add_many(memblock_reserve, MEMBLOCK_MAX_REGIONS);
	EXPECT_EQ(memblock_phys_alloc(SZ_4K, SZ_2M), 0);
	EXPECT_TYPE(RES, MEMBLOCK_MAX_REGIONS, MEMBLOCK_MAX_REGIONS * SZ_64K);
	/* but an allocation that merges into a reservation still works */
	EXPECT_EQ(memblock_phys_alloc_range(SZ_64K, SZ_64K, MEM_BASE, MEM_BASE + 2 * SZ_64K),
		  MEM_BASE + SZ_64K);
}

KTEST(test_alloc_free)
{
	memblock_reset();
	memblock_add(MEM_BASE, SZ_4M);
	phys_addr_t a = memblock_phys_alloc(SZ_1M, SZ_1M);

	EXPECT_NE(a, 0);
	EXPECT_TRUE(memblock_is_region_reserved(a, SZ_1M));
	EXPECT_EQ(memblock_free(a, SZ_1M), 0);
	EXPECT_TYPE(RES, 0, 0);
	EXPECT_EQ(memblock_phys_alloc(SZ_1M, SZ_1M), a); /* the same place again */
}

/* ---- iteration and queries ---- */

KTEST(test_free_range_iter)
{
	phys_addr_t s, e;
	u64 i;
	int n = 0, nid;
	static const phys_addr_t want[][2] = {
	    {MEM_BASE, MEM_BASE + SZ_1M},
	    {MEM_BASE + SZ_2M, MEM_BASE + SZ_4M},
	    {MEM_BASE + SZ_4M, MEM_BASE + SZ_4M + SZ_1M}, /* next region, another node */
	    {MEM_BASE + SZ_4M + SZ_2M, MEM_BASE + 7 * SZ_1M},
	    {MEM_BASE + SZ_1G_ + SZ_1M, MEM_BASE + SZ_1G_ + SZ_2M},
	};

	memblock_reset();
	memblock_add_node(MEM_BASE, SZ_4M, 0, 0);
	memblock_add_node(MEM_BASE + SZ_4M, SZ_4M, 1, 0);
	memblock_add_node(MEM_BASE + SZ_1G_, SZ_4M, 0, 0);
	memblock_mark_nomap(MEM_BASE + SZ_1G_ + SZ_2M, SZ_2M);
	memblock_reserve(MEM_BASE + SZ_1M, SZ_1M);
	memblock_reserve(MEM_BASE + SZ_4M + SZ_1M, SZ_1M);
	memblock_reserve(MEM_BASE + 7 * SZ_1M, SZ_1G_ + SZ_1M - 7 * SZ_1M); /* spans a hole */
	for_each_free_mem_range(i, NUMA_NO_NODE, &s, &e)
	{
		ASSERT_LT(n, (int)ARRAY_SIZE(want));
		EXPECT_EQ(s, want[n][0]);
		EXPECT_EQ(e, want[n][1]);
		n++;
	}
	EXPECT_EQ(n, ARRAY_SIZE(want));

	n = 0;
	for (i = 0; memblock_next_free_range(&i, 1, &s, &e, &nid);) {
		EXPECT_EQ(nid, 1);
		n++;
	}
	EXPECT_EQ(n, 2);

	memblock_reset();
	n = 0;
	for_each_free_mem_range(i, NUMA_NO_NODE, &s, &e) n++;
	EXPECT_EQ(n, 0);
	memblock_add(MEM_BASE, SZ_1M); /* no reservations: the whole region */
	for_each_free_mem_range(i, NUMA_NO_NODE, &s, &e)
	{
		EXPECT_EQ(s, MEM_BASE);
		EXPECT_EQ(e, MEM_BASE + SZ_1M);
		n++;
	}
	EXPECT_EQ(n, 1);
}

KTEST(test_mem_range_iter)
{
	phys_addr_t s, e;
	pfn_t ps, pe;
	u64 i;
	int n = 0, nid;

	memblock_reset();
	memblock_add_node(MEM_BASE + 0x800, SZ_1M, 0, 0);
	memblock_add_node(MEM_BASE + SZ_2M, SZ_1M, 1, MEMBLOCK_NOMAP);
	memblock_add_node(MEM_BASE + SZ_4M, 0x800, 1, 0); /* no whole page */
	for_each_mem_range(i, &s, &e) n++;
	EXPECT_EQ(n, 2); /* the no-map region is left out */
	n = 0;
	for_each_mem_pfn_range(i, NUMA_NO_NODE, &ps, &pe, &nid)
	{
		if (n == 0) {
			EXPECT_EQ(ps, PHYS_PFN(MEM_BASE) + 1);
			EXPECT_EQ(pe, PHYS_PFN(MEM_BASE + SZ_1M)); /* rounded inwards */
		} else {
			EXPECT_EQ(ps, PHYS_PFN(MEM_BASE + SZ_2M)); /* no-map included */
			EXPECT_EQ(nid, 1);
		}
		n++;
	}
	EXPECT_EQ(n, 2);
	n = 0;
	for_each_mem_pfn_range(i, 0, &ps, &pe, NULL) n++;
	EXPECT_EQ(n, 1);
}

KTEST(test_queries)
{
	memblock_reset();
	memblock_add_node(MEM_BASE, SZ_1M, 0, 0);
	memblock_add_node(MEM_BASE + SZ_1M, SZ_1M, 1, 0);
	memblock_add(MEM_BASE + SZ_4M, SZ_1M);
	memblock_reserve(MEM_BASE + SZ_512K, SZ_4K);
	EXPECT_TRUE(memblock_is_memory(MEM_BASE));
	EXPECT_TRUE(memblock_is_memory(MEM_BASE + SZ_2M - 1));
	EXPECT_FALSE(memblock_is_memory(MEM_BASE + SZ_2M));
	EXPECT_FALSE(memblock_is_memory(MEM_BASE - 1));
	EXPECT_TRUE(memblock_is_region_memory(MEM_BASE + SZ_512K, SZ_1M)); /* across nodes */
	EXPECT_FALSE(memblock_is_region_memory(MEM_BASE + SZ_1M, SZ_2M));  /* into a hole */
	EXPECT_FALSE(memblock_is_region_memory(MEM_BASE, 0));
	EXPECT_FALSE(memblock_is_region_memory(MEM_BASE + SZ_4M, ~0ULL));
	EXPECT_TRUE(memblock_is_reserved(MEM_BASE + SZ_512K + SZ_4K - 1));
	EXPECT_FALSE(memblock_is_reserved(MEM_BASE + SZ_512K + SZ_4K));
	EXPECT_TRUE(memblock_is_region_reserved(MEM_BASE, SZ_512K + 1));
	EXPECT_FALSE(memblock_is_region_reserved(MEM_BASE, SZ_512K));
	EXPECT_FALSE(memblock_is_region_reserved(MEM_BASE, 0));
	EXPECT_EQ(memblock_start_of_DRAM(), MEM_BASE);
	EXPECT_EQ(memblock_end_of_DRAM(), MEM_BASE + SZ_4M + SZ_1M);
	EXPECT_EQ(memblock_phys_mem_size(), 3 * SZ_1M);
}

/* ---- the report ---- */

struct capture {
	char text[1024];
	size_t len;
};

static void capture_line(void *ctx, const char *line)
{
	struct capture *c = ctx;

	while (*line && c->len + 2 < sizeof(c->text))
		c->text[c->len++] = *line++;
	c->text[c->len++] = '\n';
	c->text[c->len] = 0;
}

KTEST(test_dump_format)
{
	struct capture c = {.len = 0};

	memblock_reset();
	memblock_add_node(MEM_BASE, 0x80000000ULL, 0, 0);
	memblock_mark_nomap(MEM_BASE, 0x40000);
	memblock_reserve(MEM_BASE + 0x200000, 0x123000);
	memblock_dump_to(capture_line, &c);
	EXPECT_STREQ(c.text,
		     "MEMBLOCK configuration:\n"
		     " memory size = 0x0000000080000000 reserved size = 0x0000000000123000\n"
		     " memory.cnt  = 0x2\n"
		     " memory[0x0]\t[0x0000000080000000-0x000000008003ffff], 0x0000000000040000 "
		     "bytes on node 0 flags: 0x4\n"
		     " memory[0x1]\t[0x0000000080040000-0x00000000ffffffff], 0x000000007ffc0000 "
		     "bytes on node 0 flags: 0x0\n"
		     " reserved.cnt  = 0x1\n"
		     " reserved[0x0]\t[0x0000000080200000-0x0000000080322fff], 0x0000000000123000 "
		     "bytes flags: 0x0\n");
}

static const struct ktest_case memblock_cases[] = {
    KTEST_CASE(test_reset),
    KTEST_CASE(test_add_simple),
    KTEST_CASE(test_add_node),
    KTEST_CASE(test_add_disjoint),
    KTEST_CASE(test_add_overlap_top),
    KTEST_CASE(test_add_overlap_bottom),
    KTEST_CASE(test_add_within),
    KTEST_CASE(test_add_twice),
    KTEST_CASE(test_add_between),
    KTEST_CASE(test_add_spanning_several),
    KTEST_CASE(test_add_attributes_kept),
    KTEST_CASE(test_add_zero_size),
    KTEST_CASE(test_add_near_max),
    KTEST_CASE(test_add_many),
    KTEST_CASE(test_reserve_simple),
    KTEST_CASE(test_reserve_disjoint),
    KTEST_CASE(test_reserve_overlap),
    KTEST_CASE(test_reserve_within_twice_between),
    KTEST_CASE(test_reserve_many),
    KTEST_CASE(test_remove_simple),
    KTEST_CASE(test_remove_absent),
    KTEST_CASE(test_remove_overlap_top),
    KTEST_CASE(test_remove_overlap_bottom),
    KTEST_CASE(test_remove_within),
    KTEST_CASE(test_remove_across),
    KTEST_CASE(test_remove_split_full),
    KTEST_CASE(test_free_simple),
    KTEST_CASE(test_free_overlap_within),
    KTEST_CASE(test_nomap),
    KTEST_CASE(test_set_node),
    KTEST_CASE(test_trim_memory),
    KTEST_CASE(test_alloc_top_down_simple),
    KTEST_CASE(test_alloc_top_down_align),
    KTEST_CASE(test_alloc_top_down_reserved),
    KTEST_CASE(test_alloc_bottom_up),
    KTEST_CASE(test_alloc_range_limits),
    KTEST_CASE(test_alloc_current_limit),
    KTEST_CASE(test_alloc_nid),
    KTEST_CASE(test_alloc_no_span),
    KTEST_CASE(test_alloc_skips_nomap),
    KTEST_CASE(test_alloc_fail),
    KTEST_CASE(test_alloc_first_page),
    KTEST_CASE(test_alloc_reserved_full),
    KTEST_CASE(test_alloc_free),
    KTEST_CASE(test_free_range_iter),
    KTEST_CASE(test_mem_range_iter),
    KTEST_CASE(test_queries),
    KTEST_CASE(test_dump_format),
    {},
};
static const struct ktest_suite memblock_suite = {
    .name = "memblock",
    .cases = memblock_cases,
    .init = memblock_suite_init,
    .exit = memblock_suite_exit,
};
KTEST_REGISTER(memblock_suite);
