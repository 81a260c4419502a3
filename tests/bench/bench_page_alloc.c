// SPDX-License-Identifier: MIT
/*
 * Benchmarks of the buddy allocator and its per-CPU lists (see firmware/bench.h).
 *
 *	pcp_order0_pair         alloc_pages(0) + __free_pages with the per-CPU list hot
 *	buddy_orderN_pair       the same for order N with every zone's per-CPU lists off,
 *	                        so each pair goes through the zone free lists (split, merge)
 *	bulk_order0_bN          N order-0 allocations, then N frees, per page; past the
 *	                        per-CPU batch this includes refills and drains
 *	clear_page              memset of one 4 KiB page
 *	churn (only when named) buddyinfo before and after a random mix of orders 0..3 and
 *	                        the three ordinary migrate types, half of it still held
 *
 * Every run starts with a warm-up outside the measurement (first touches, pageblock
 * claims), and frees all it took, so runs repeat exactly under -icount.
 */
#include "firmware/bench.h"
#include "lib/printf.h"
#include "lib/random.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/vmstat.h"

#define PAIRS_SMALL 256 /* pairs per run for orders 0..3 */
#define PAIRS_LARGE 16	/* pairs per run for orders 9, 10 */
#define BULK_MAX    128
#define BULK_PAGES  512 /* pages per run of a bulk benchmark */

static int bench_pcp_pair(struct bench *b)
{
	int rc = bench_need_buddy(b);

	if (rc)
		return rc;
	for (int i = 0; i < 16; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, 0);

		if (!p)
			return bench_fail(b, "alloc_pages failed (order %d)", 0);
		__free_pages(p, 0);
	}
	u64 t0 = bench_now();

	for (int i = 0; i < PAIRS_SMALL; i++)
		__free_pages(alloc_pages(GFP_KERNEL, 0), 0);
	return bench_result(b, bench_now() - t0, PAIRS_SMALL);
}
BENCH(pcp_order0_pair, "insns/op", bench_pcp_pair);

static int buddy_pair(struct bench *b, unsigned order)
{
	int n = order <= PAGE_ALLOC_COSTLY_ORDER ? PAIRS_SMALL : PAIRS_LARGE;
	int rc = bench_need_buddy(b);

	if (rc)
		return rc;
	bench_pcp_all(false);
	struct page *p = alloc_pages(GFP_KERNEL, order);

	if (!p) {
		bench_pcp_all(true);
		return bench_fail(b, "alloc_pages failed (order %u)", order);
	}
	__free_pages(p, order);
	u64 t0 = bench_now();

	for (int i = 0; i < n; i++)
		__free_pages(alloc_pages(GFP_KERNEL, order), order);
	u64 d = bench_now() - t0;

	bench_pcp_all(true);
	return bench_result(b, d, (u64)n);
}

#define BUDDY_PAIR(order)                                                                          \
	static int bench_buddy_##order(struct bench *b)                                            \
	{                                                                                          \
		return buddy_pair(b, order);                                                       \
	}                                                                                          \
	BENCH(buddy_order##order##_pair, "insns/op", bench_buddy_##order)
BUDDY_PAIR(0);
BUDDY_PAIR(1);
BUDDY_PAIR(3);
BUDDY_PAIR(9);
BUDDY_PAIR(10);

static struct page *bulk[BULK_MAX];

static int bulk_order0(struct bench *b, int batch)
{
	int reps = BULK_PAGES / batch;
	int rc = bench_need_buddy(b);
	u64 d = 0;

	if (rc)
		return rc;
	for (int r = -1; r < reps; r++) { /* r == -1: warm-up */
		u64 t0 = bench_now();

		for (int i = 0; i < batch; i++) {
			bulk[i] = alloc_pages(GFP_KERNEL, 0);
			if (!bulk[i]) {
				while (i--)
					__free_pages(bulk[i], 0);
				return bench_fail(b, "alloc_pages failed (batch %d)", batch);
			}
		}
		for (int i = 0; i < batch; i++)
			__free_pages(bulk[i], 0);
		if (r >= 0)
			d += bench_now() - t0;
	}
	return bench_result(b, d, (u64)reps * batch);
}

#define BULK(batch)                                                                                \
	static int bench_bulk_##batch(struct bench *b)                                             \
	{                                                                                          \
		return bulk_order0(b, batch);                                                      \
	}                                                                                          \
	BENCH(bulk_order0_b##batch, "insns/page", bench_bulk_##batch)
BULK(1);
BULK(16);
BULK(128);

static int bench_clear_page(struct bench *b)
{
	int rc = bench_need_buddy(b);

	if (rc)
		return rc;
	struct page *p = alloc_pages(GFP_KERNEL, 0);

	if (!p)
		return bench_fail(b, "alloc_pages failed (order %d)", 0);
	void *va = page_address(p);

	memset(va, 0xff, PAGE_SIZE);
	u64 t0 = bench_now();

	for (int i = 0; i < 32; i++)
		memset(va, 0, PAGE_SIZE);
	u64 d = bench_now() - t0;

	__free_pages(p, 0);
	return bench_result(b, d, 32);
}
BENCH(clear_page, "insns/page", bench_clear_page);

/* ---- churn: fragmentation picture for ci/plot.py ---- */

#define CHURN_SLOTS 8192
#define CHURN_STEPS 24000
#define CHURN_SEED  0x6368726eULL

static struct {
	struct page *page;
	u8 order;
} churn_held[CHURN_SLOTS];

static const gfp_t churn_gfp[] = {GFP_KERNEL, GFP_KERNEL | __GFP_MOVABLE,
				  GFP_KERNEL | __GFP_RECLAIMABLE};

static void churn_free(int i)
{
	__free_pages(churn_held[i].page, churn_held[i].order);
	churn_held[i].page = NULL;
}

/*
 * Allocate and free at random (two allocations for each free) until CHURN_STEPS steps,
 * then free a random half of what is held and show buddyinfo with the rest still held.
 */
static int bench_churn(struct bench *b)
{
	struct rand_state rs;
	int held = 0, rc = bench_need_buddy(b);
	u64 ops = 0, d = 0;

	if (rc)
		return rc;
	rand_seed(&rs, CHURN_SEED);
	drain_all_pages(NULL);
	printf("# churn: buddyinfo before\n");
	buddyinfo_show();
	for (int step = 0; step < CHURN_STEPS; step++) {
		u64 t0;

		if (held == CHURN_SLOTS || (held > 0 && rand_chance(&rs, 1, 3))) {
			int i = (int)rand_range(&rs, 0, (u64)held - 1);

			t0 = bench_now();
			__free_pages(churn_held[i].page, churn_held[i].order);
			d += bench_now() - t0;
			churn_held[i] = churn_held[--held];
		} else {
			unsigned order = (unsigned)rand_range(&rs, 0, 3);
			gfp_t gfp = churn_gfp[rand_range(&rs, 0, ARRAY_SIZE(churn_gfp) - 1)];

			t0 = bench_now();
			struct page *p = alloc_pages(gfp | __GFP_NOWARN, order);

			d += bench_now() - t0;
			if (!p)
				break;
			churn_held[held].page = p;
			churn_held[held++].order = (u8)order;
		}
		ops++;
	}
	for (int i = 0; i < held; i++)
		if (rand_chance(&rs, 1, 2))
			churn_free(i);
	drain_all_pages(NULL);
	printf("# churn: buddyinfo after (%d blocks allocated, about half of them still held)\n",
	       held);
	buddyinfo_show();
	for (int i = 0; i < held; i++)
		if (churn_held[i].page)
			churn_free(i);
	drain_all_pages(NULL);
	return bench_result(b, d, ops);
}
BENCH_FLAGS(churn, "insns/op", bench_churn, BENCH_ONCE | BENCH_EXPLICIT);
