// SPDX-License-Identifier: MIT
/*
 * The allocators' fast paths with one hart busy and with four (see firmware/bench.h):
 *
 *	pcp_order0_pair_{1hart,4harts}    alloc_pages(0) + __free_pages, per-CPU lists hot
 *	kmalloc64_pair_{1hart,4harts}     kmalloc(64) + kfree, per-CPU object arrays
 *	buddy_order0_pair_{1hart,4harts}  the same page pair with the per-CPU lists off: every
 *	                                  op takes the zone lock, which the harts share
 *	smp_disturbed_4harts              of 1000 kmalloc pairs on 4 harts, how many another
 *	                                  hart's work landed in the middle of (see below)
 *
 * Only when named, and only with four harts online (`make bench` boots a machine for
 * them). Every hart runs SMP_OPS pairs at the same time, reading rdinstret around each
 * pair; the value is the median pair over all harts (the read itself subtracted), the
 * same statistic for one hart and for four, from the same code.
 *
 * Why the median of single pairs. On hardware rdinstret counts the hart's own
 * instructions and any statistic would do. Under QEMU -icount (how `make bench` counts
 * exactly) there is one instruction clock for all vCPUs, and QEMU runs them in turn, a
 * slice of up to millions of instructions each. A pair that a slice boundary cuts in two
 * also counts the other harts' slices; the others count exactly their own instructions.
 * The median picks the typical pair, whether the harts share the counter or not, and
 * smp_disturbed_4harts says how many pairs were cut (a hart that spins on a lock held by
 * a hart QEMU is not running would show up there too). So on QEMU the 4-hart figure is
 * the instructions of a pair while three other harts are running the same workload
 * over the same zones, per-CPU lists and slab caches, not a measurement of contention
 * timing, which only a board can give.
 */
#include "firmware/bench.h"
#include "firmware/smp.h"
#include "lib/printf.h"
#include "lib/sort.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/slab.h"

#define SMP_OPS	  512 /* pairs per hart per run */
#define SMP_HARTS 4
#define DISTURBED 4 /* a pair counted more than DISTURBED x the median was cut */

static struct {
	void (*op)(void);
	unsigned nharts;
	unsigned cpus[SMP_HARTS]; /* cpus[0] is the hart running the benchmark */
	volatile unsigned arrived, done;
	volatile int go;
	volatile int failed; /* an op could not allocate */
	u32 insns[SMP_HARTS][SMP_OPS];
} run;

static u32 all[SMP_HARTS * SMP_OPS];

static void op_none(void)
{
}

static void op_page_pair(void)
{
	struct page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);

	if (!p) {
		run.failed = 1;
		return;
	}
	__free_pages(p, 0);
}

static void op_kmalloc_pair(void)
{
	void *p = kmalloc(64, GFP_KERNEL | __GFP_NOWARN);

	if (!p) {
		run.failed = 1;
		return;
	}
	kfree(p);
}

/* Hart slot's part: wait for the start, then the pairs, each between two reads. */
static void hart_loop(unsigned slot)
{
	void (*op)(void) = run.op;
	u32 *out = run.insns[slot];

	while (!__atomic_load_n(&run.go, __ATOMIC_ACQUIRE))
		cpu_relax();
	for (unsigned i = 0; i < SMP_OPS; i++) {
		u64 t0 = read_instret();

		op();
		u64 d = read_instret() - t0;

		out[i] = d > 0xffffffffu ? 0xffffffffu : (u32)d;
	}
	__atomic_add_fetch(&run.done, 1, __ATOMIC_RELEASE);
}

static void worker(void *arg)
{
	__atomic_add_fetch(&run.arrived, 1, __ATOMIC_RELEASE);
	hart_loop((unsigned)(uintptr_t)arg);
}

/* This hart and the next online ones, up to SMP_HARTS; how many there are. */
static unsigned pick_harts(void)
{
	unsigned me = smp_processor_id(), n = 1;

	run.cpus[0] = me;
	for (unsigned c = 0; c < NR_CPUS && n < SMP_HARTS; c++)
		if (c != me && percpu[c].state == CPU_ONLINE)
			run.cpus[n++] = c;
	return n;
}

/* Run op on nharts harts at once; 0, or -1 if a hart would not start or an op failed. */
static int run_on(void (*op)(void), unsigned nharts)
{
	run.op = op;
	run.nharts = nharts;
	run.arrived = run.done = 0;
	run.go = 0;
	run.failed = 0;
	for (unsigned i = 1; i < nharts; i++) {
		if (smp_call_async(run.cpus[i], worker, (void *)(uintptr_t)i)) {
			run.go = 1; /* release the ones already started */
			for (unsigned j = 1; j < i; j++)
				smp_wait(run.cpus[j]);
			return -1;
		}
	}
	while (__atomic_load_n(&run.arrived, __ATOMIC_ACQUIRE) != nharts - 1)
		cpu_relax();
	__atomic_store_n(&run.go, 1, __ATOMIC_RELEASE);
	hart_loop(0);
	for (unsigned i = 1; i < nharts; i++)
		smp_wait(run.cpus[i]);
	return run.failed ? -1 : 0;
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* Every pair of the last run, sorted, in all[]; how many. */
static unsigned sorted_pairs(void)
{
	unsigned n = 0;

	for (unsigned h = 0; h < run.nharts; h++)
		for (unsigned i = 0; i < SMP_OPS; i++)
			all[n++] = run.insns[h][i];
	sort(all, n, sizeof(all[0]), cmp_u32);
	return n;
}

static u32 median_pair(void)
{
	unsigned n = sorted_pairs();

	return all[n / 2];
}

static int prepare(struct bench *b)
{
	int rc = bench_need_buddy(b);

	if (rc)
		return rc;
	if (pick_harts() < SMP_HARTS)
		return bench_skip(b, "needs %d harts online, %d here (boot with more harts)",
				  SMP_HARTS, num_online_cpus());
	return 0;
}

/* Median instructions of one pair with nharts harts running pairs, reads subtracted. */
static int measure(struct bench *b, void (*op)(void), unsigned nharts)
{
	int rc = prepare(b);

	if (rc)
		return rc;
	if (run_on(op_none, 1))
		return bench_fail(b, "empty run failed (%d)", 1);
	u32 reads = median_pair();

	/* warm-up on every hart that will run: per-CPU lists filled, slabs made */
	if (run_on(op, nharts) || run_on(op, nharts))
		return bench_fail(b, "a pair could not allocate (%u harts)", nharts);
	u32 m = median_pair();

	if (m < reads)
		return bench_fail(b, "pair cheaper than the empty read (%u)", m);
	return bench_value(b, m - reads, 1);
}

static int bench_pcp_1(struct bench *b)
{
	return measure(b, op_page_pair, 1);
}

static int bench_pcp_4(struct bench *b)
{
	return measure(b, op_page_pair, SMP_HARTS);
}

static int bench_kmalloc_1(struct bench *b)
{
	return measure(b, op_kmalloc_pair, 1);
}

static int bench_kmalloc_4(struct bench *b)
{
	return measure(b, op_kmalloc_pair, SMP_HARTS);
}

static int bench_buddy_1(struct bench *b)
{
	bench_pcp_all(false);
	int rc = measure(b, op_page_pair, 1);

	bench_pcp_all(true);
	return rc;
}

static int bench_buddy_4(struct bench *b)
{
	bench_pcp_all(false);
	int rc = measure(b, op_page_pair, SMP_HARTS);

	bench_pcp_all(true);
	return rc;
}

BENCH_FLAGS(pcp_order0_pair_1hart, "insns/op", bench_pcp_1, BENCH_EXPLICIT);
BENCH_FLAGS(pcp_order0_pair_4harts, "insns/op", bench_pcp_4, BENCH_EXPLICIT);
BENCH_FLAGS(kmalloc64_pair_1hart, "insns/op", bench_kmalloc_1, BENCH_EXPLICIT);
BENCH_FLAGS(kmalloc64_pair_4harts, "insns/op", bench_kmalloc_4, BENCH_EXPLICIT);
BENCH_FLAGS(buddy_order0_pair_1hart, "insns/op", bench_buddy_1, BENCH_EXPLICIT);
BENCH_FLAGS(buddy_order0_pair_4harts, "insns/op", bench_buddy_4, BENCH_EXPLICIT);

/* Of 1000 kmalloc pairs on 4 harts, those counted above DISTURBED x the median. */
static int bench_disturbed(struct bench *b)
{
	int rc = prepare(b);

	if (rc)
		return rc;
	if (run_on(op_kmalloc_pair, SMP_HARTS) || run_on(op_kmalloc_pair, SMP_HARTS))
		return bench_fail(b, "a pair could not allocate (%d harts)", SMP_HARTS);
	unsigned n = sorted_pairs(), cut = 0;
	u32 m = all[n / 2];

	for (unsigned i = 0; i < n; i++)
		cut += all[i] > DISTURBED * m;
	return bench_value(b, (u64)cut * 1000, n);
}
BENCH_FLAGS(smp_disturbed_4harts, "pairs/1000", bench_disturbed, BENCH_EXPLICIT);
