// SPDX-License-Identifier: MIT
/*
 * The benchmark harness and the `bench` console command (see bench.h).
 *
 * Each benchmark runs BENCH_RUNS times under a trap recovery point; the runs' values are
 * converted to hundredths of the unit, sorted, and the middle one is printed. A skip or a
 * failure in any run ends that benchmark with one line; the others go on.
 *
 * Is rdinstret an instruction count? Two runs of a fixed loop of 2 instructions per
 * iteration, n and 2n iterations long, must differ by exactly 2n. That holds on hardware
 * and under QEMU -icount; without -icount QEMU's instret is the host's clock, and the
 * difference is anything else.
 */
#include "bench.h"
#include "shell.h"
#include "trap.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/mmzone.h"

extern const struct bench_case *const __start_bench_cases[];
extern const struct bench_case *const __stop_bench_cases[];

#define for_each_bench(c)                                                                          \
	for (const struct bench_case *const *c = __start_bench_cases; c < __stop_bench_cases; c++)

/* The benchmark whose name comes next after prev's (NULL: the first) in name order. */
static const struct bench_case *next_by_name(const struct bench_case *prev)
{
	const struct bench_case *best = NULL;

	for_each_bench(c) if ((!prev || strcmp((*c)->name, prev->name) > 0) &&
			      (!best || strcmp((*c)->name, best->name) < 0)) best = *c;
	return best;
}

/* Every benchmark, in name order. */
#define for_each_bench_sorted(bc) for (bc = next_by_name(NULL); bc; bc = next_by_name(bc))

static u64 read_overhead; /* instructions counted by an empty bench_now() pair */

int bench_result(struct bench *b, u64 insns, u64 ops)
{
	b->insns = insns > read_overhead ? insns - read_overhead : 0;
	b->ops = ops ? ops : 1;
	b->have_result = true;
	return 0;
}

int bench_value(struct bench *b, u64 value, u64 ops)
{
	b->insns = value;
	b->ops = ops ? ops : 1;
	b->have_result = true;
	return 0;
}

int bench_skip(struct bench *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->msg, sizeof(b->msg), fmt, ap);
	va_end(ap);
	return BENCH_SKIPPED;
}

int bench_fail(struct bench *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->msg, sizeof(b->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int bench_need_buddy(struct bench *b)
{
	if (nr_free_pages() == 0)
		return bench_skip(b, "buddy allocator not initialised (nr_free_pages %d)", 0);
	return 0;
}

void bench_pcp_all(bool on)
{
	struct pglist_data *pgdat;
	struct zone *zone;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat)
	{
		if (!populated_zone(zone))
			continue;
		if (on)
			zone_pcp_enable(zone);
		else
			zone_pcp_disable(zone);
	}
}

/* 2 * n instructions between the reads, plus a constant. */
static u64 __attribute__((noinline)) fixed_loop(unsigned long n)
{
	u64 t0 = read_instret();

	__asm__ volatile("1: addi %0, %0, -1\n\tbnez %0, 1b" : "+r"(n));
	return read_instret() - t0;
}

static bool instret_is_exact(void)
{
	u64 a = fixed_loop(1000), b = fixed_loop(2000);

	return b - a == 2000;
}

static void calibrate(void)
{
	u64 best = ~0ULL;

	for (int i = 0; i < 5; i++) {
		u64 t0 = bench_now();
		u64 d = bench_now() - t0;

		if (d < best)
			best = d;
	}
	read_overhead = best;
}

/* Run fn once under a recovery point; false if it trapped (the trap was reported). */
static bool run_guarded(const struct bench_case *bc, struct bench *b, int *rc)
{
	struct recover_point rp, *outer = trap_recovery();

	if (recover_save(&rp)) {
		trap_set_recovery(outer);
		return false;
	}
	trap_set_recovery(&rp);
	*rc = bc->fn(b);
	trap_set_recovery(outer);
	return true;
}

static u64 centi(u64 insns, u64 ops)
{
	return (insns * 100 + ops / 2) / ops;
}

static void sort_u64(u64 *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u64 x = v[j];

			v[j] = v[j - 1];
			v[j - 1] = x;
		}
}

/* Run one benchmark BENCH_RUNS times (once for BENCH_ONCE) and print its line. */
static int bench_one(const struct bench_case *bc)
{
	int runs = bc->flags & BENCH_ONCE ? 1 : BENCH_RUNS;
	u64 values[BENCH_RUNS], ins[BENCH_RUNS], ops[BENCH_RUNS];
	bool ratio = false;
	struct bench b;

	for (int r = 0; r < runs; r++) {
		int rc = 0;

		memset(&b, 0, sizeof(b));
		b.bc = bc;
		b.run = (unsigned)r;
		if (!run_guarded(bc, &b, &rc)) {
			printf("bench: %s FAIL trapped (run %d)\n", bc->name, r);
			return -1;
		}
		if (rc == BENCH_SKIPPED) {
			printf("bench: %s SKIP %s\n", bc->name, b.msg);
			return 0;
		}
		if (rc < 0 || !b.have_result) {
			printf("bench: %s FAIL %s\n", bc->name, rc < 0 ? b.msg : "no result (0)");
			return -1;
		}
		ins[r] = b.insns;
		ops[r] = b.ops;
		ratio |= b.ops != 1;
	}
	for (int r = 0; r < runs; r++)
		values[r] = ratio ? centi(ins[r], ops[r]) : ins[r];
	sort_u64(values, runs);
	u64 v = values[runs / 2];

	if (ratio)
		printf("bench: %s %llu.%02llu %s\n", bc->name, (unsigned long long)(v / 100),
		       (unsigned long long)(v % 100), bc->unit);
	else
		printf("bench: %s %llu %s\n", bc->name, (unsigned long long)v, bc->unit);
	return 0;
}

static const struct bench_case *find_bench(const char *name)
{
	for_each_bench(c) if (strcmp((*c)->name, name) == 0) return *c;
	return NULL;
}

void bench_list(void)
{
	const struct bench_case *bc;

	for_each_bench_sorted(bc) printf("%-28s %s%s\n", bc->name, bc->unit,
					 bc->flags & BENCH_EXPLICIT ? " (only when named)" : "");
}

int bench_run(const char *const *names, int n)
{
	int failed = 0;

	for (int i = 0; i < n; i++)
		if (!find_bench(names[i])) {
			printf("bench: no such benchmark, try bench -l (%s)\n", names[i]);
			return -1;
		}
	calibrate();
	if (instret_is_exact())
		printf("# bench: instret counts instructions exactly here; median of %d runs\n",
		       BENCH_RUNS);
	else
		printf("# bench: instret is not an instruction count here (QEMU without -icount "
		       "counts host clock ticks): exact only with ICOUNT=1\n");
	if (n == 0) {
		const struct bench_case *bc;

		for_each_bench_sorted(bc) if (!(bc->flags & BENCH_EXPLICIT)) failed +=
		    bench_one(bc) != 0;
	} else {
		for (int i = 0; i < n; i++)
			failed += bench_one(find_bench(names[i])) != 0;
	}
	return failed;
}

static int cmd_bench(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "-l") == 0) {
		bench_list();
		return 0;
	}
	int failed = bench_run((const char *const *)argv + 1, argc - 1);

	return failed == 0 ? 0 : 1;
}
CONSOLE_CMD(bench, "[-l] [NAME...]", "instruction counts of allocator paths; -l lists them",
	    cmd_bench);
