/* SPDX-License-Identifier: MIT */
/*
 * Benchmarks: instruction counts of the allocators' paths, read with rdinstret.
 *
 * A benchmark registers itself with BENCH(name, unit, fn), which puts a pointer to it in
 * the "bench_cases" linker section (link.ld keeps it next to ktest_suites). The console
 * command `bench [-l] [NAME...]` runs them: each one BENCH_RUNS times, and prints the
 * median of its runs as one line
 *
 *	bench: NAME VALUE UNIT
 *
 * VALUE is an integer when the benchmark measured a total (ops == 1), else the quotient
 * with two decimals ("312.50 insns/op"). A benchmark that cannot run here prints
 * "bench: NAME SKIP reason"; one that went wrong prints "bench: NAME FAIL cause (value)".
 *
 * One run of fn does its work between two bench_now() reads and hands the difference to
 * bench_result(b, insns, ops); the cost of the two reads themselves is subtracted. Work
 * that must not be counted (setup, warm-up, freeing) stays outside the two reads.
 *
 *	static int bench_pair(struct bench *b)
 *	{
 *		u64 t0 = bench_now();
 *		for (int i = 0; i < 100; i++)
 *			__free_pages(alloc_pages(GFP_KERNEL, 0), 0);
 *		return bench_result(b, bench_now() - t0, 100);
 *	}
 *	BENCH(pcp_order0_pair, "insns/op", bench_pair);
 *
 * rdinstret counts instructions exactly on hardware and under QEMU -icount shift=0
 * (ICOUNT=1); without -icount QEMU returns host clock ticks. `bench` says which at start.
 * Runs are deterministic under -icount as long as a benchmark leaves the allocators as it
 * found them, which every benchmark here does.
 */
#ifndef RVMM_FIRMWARE_BENCH_H
#define RVMM_FIRMWARE_BENCH_H

#include "lib/types.h"
#include "glue.h"

#define BENCH_RUNS 7 /* runs per benchmark; the median is reported */

/* bench_case.flags */
#define BENCH_ONCE                                                                                 \
	0x1		   /* one run: the value was measured at boot, or running twice            \
			      would not measure the same thing */
#define BENCH_EXPLICIT 0x2 /* only when named (`bench NAME`), not in a plain `bench` */

/* Return values of a benchmark function besides 0 (done) and negative (failed). */
#define BENCH_SKIPPED 1

struct bench;

struct bench_case {
	const char *name; /* metric name as printed: [a-z0-9_]+ */
	const char *unit; /* what VALUE counts: "insns/op", "insns/page", "insns", ... */
	int (*fn)(struct bench *b);
	unsigned flags; /* BENCH_* */
};

/* One run of one benchmark (the harness owns it; benchmarks use the functions below). */
struct bench {
	const struct bench_case *bc;
	unsigned run;	  /* 0 .. BENCH_RUNS-1 */
	u64 insns;	  /* this run's result: insns / ops, in the case's unit */
	u64 ops;	  /* 1 for a total */
	bool have_result; /* bench_result() was called */
	char msg[112];	  /* skip reason or failure cause */
};

#define BENCH_FLAGS(bname, bunit, bfn, bflags)                                                     \
	static const struct bench_case __bench_case_##bname = {#bname, bunit, bfn, bflags};        \
	static const struct bench_case *const __bench_ptr_##bname                                  \
	    __attribute__((used, section("bench_cases"), aligned(8))) = &__bench_case_##bname
#define BENCH(bname, bunit, bfn) BENCH_FLAGS(bname, bunit, bfn, 0)

/** Instructions retired so far (rdinstret) */
static inline u64 bench_now(void)
{
	return read_instret();
}

/** Record this run's result: insns counted over ops operations; returns 0 */
int bench_result(struct bench *b, u64 insns, u64 ops);
/** Record a value measured elsewhere (at boot): value over ops, nothing subtracted; 0 */
int bench_value(struct bench *b, u64 value, u64 ops);
/** Skip this benchmark with a reason (printed once); returns BENCH_SKIPPED */
int bench_skip(struct bench *b, const char *fmt, ...) __printf(2, 3);
/** Fail this benchmark with "cause (value)"; returns -1 */
int bench_fail(struct bench *b, const char *fmt, ...) __printf(2, 3);
/** 0 when the buddy allocator is up (free pages exist), else this benchmark's skip */
int bench_need_buddy(struct bench *b);
/** Every populated zone's per-CPU lists off (drained) or on again, for the buddy paths */
void bench_pcp_all(bool on);
/** Run the benchmarks named in names[0..n) (all but explicit ones when n == 0); 0 if all ran */
int bench_run(const char *const *names, int n);
/** Print every benchmark's name and unit, one per line */
void bench_list(void);

#endif
