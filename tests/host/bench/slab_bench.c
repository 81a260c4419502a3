// SPDX-License-Identifier: MIT
/*
 * slab-bench: rvmm's slab allocator (kmalloc and a dedicated kmem_cache) and buddy
 * allocator (order-0 pages) against glibc's malloc in the same process, and against
 * jemalloc, tcmalloc and mimalloc when their shared libraries are installed (Debian:
 * libjemalloc2, libtcmalloc-minimal4, libmimalloc2.0): they are dlopen'ed with RTLD_LOCAL
 * and called through their own entry points (mallocx/dallocx, tc_malloc/tc_free,
 * mi_malloc/mi_free and their aligned forms), so glibc stays the process's malloc and one
 * binary compares all. jemalloc's initial-exec TLS does not fit the static TLS that glibc
 * keeps for dlopen, so the program re-executes itself once with
 * GLIBC_TUNABLES=glibc.rtld.optional_static_tls raised.
 *
 * rvmm runs over a buddy allocator built on a 64 MiB static buffer (as the host tests
 * do), with two logical CPUs online: each benchmark thread sets its own CPU number
 * (host_cpu, tests/host/glue.h), so thread 0 and thread 1 use their own per-CPU page
 * lists and slab arrays and meet on the zone lock and the slab node lists, as two harts
 * do on the target.
 *
 * Patterns, for object sizes 16..1024 bytes and for pages (4 KiB, 4 KiB aligned: the
 * buddy's alloc_pages(GFP_KERNEL, 0)/__free_pages against posix_memalign, mallocx with
 * MALLOCX_LG_ALIGN(12), tc_memalign and mi_malloc_aligned):
 *	pair   alloc, write one byte, free; repeated (the hot-object case)
 *	batch  1000 allocs (each written), then the 1000 frees in allocation order
 *	xfer   thread 0 allocates, thread 1 frees (through a 256-slot ring): every object
 *	       crosses CPUs, as with a producer and a consumer
 * pair and batch run with 1 thread and with 2 threads, each thread doing the full n
 * operations after both start together on a (spinning) barrier; xfer runs with 2. A run
 * of a cell first warms up with n/10 operations that also check that no object is handed
 * out twice at once (each holder writes its tag at both ends and reads it back before
 * freeing), then is measured: the wall time from the start of the first thread to the
 * end of the last, divided by n, is the ns per alloc+free pair per thread (with 2
 * threads that scale perfectly it stays the same). The program sweeps over all cells
 * RUNS times and keeps each cell's best run, preferring runs where no thread was
 * preempted (off its CPU for over 5% of its wall time, with involuntary context
 * switches: asleep in an allocator's own lock does not count); a cell where every run was
 * gets up to 2 * RUNS more tries (none with -r 1), and a star if none ran clean. Output:
 * the table of times and ratios glibc/allocator (above 1: faster than glibc), "bench:
 * NAME VALUE UNIT" lines as the firmware's bench command prints them (NAME:
 * allocator_pattern_size_tN, or allocator_page_pattern_tN), then the checks: slab_verify,
 * buddy_verify, free pages back to their start value once the caches are shrunk and the
 * per-CPU lists drained, and the ownership tags. Exit status 1 if a check failed.
 *
 *	build/host/slab-bench [-n PAIRS] [-r RUNS] [-a ALLOCATOR,...]
 *
 * PAIRS per thread and cell (default 500000); RUNS sweeps (default 3); -a: only those
 * allocators (and glibc, the reference), for example
 * "-a slab-kmalloc,slab-cache,buddy" under ThreadSanitizer, which cannot see the
 * synchronisation inside the dlopen'ed allocators.
 */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include "mm/slab_internal.h"
#include "lib/string.h"
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define BENCH_PHYS  0x80000000UL
#define BENCH_PAGES ((64UL << 20) >> PAGE_SHIFT)
#define POOL_SIZE   (4UL << 20)
#define BATCH	    1000
#define NR_THREADS  2	 /* CPUs 0 and 1 */
#define RING	    256	 /* xfer: objects in flight, a power of two */
#define PCP_BATCH   63	 /* per-CPU page list batch of a zone of 1 GiB or more */
#define ONCPU_MIN   0.95 /* a thread on its CPU less than this share of a run was off it */
#define MAX_RUNS    16	 /* measured runs of every cell; the best counts */

_Static_assert(NR_THREADS <= NR_CPUS, "one logical CPU per thread");
/* Both threads' page batches in flight at once take a quarter of the buffer at most. */
_Static_assert((NR_THREADS * BATCH) <= BENCH_PAGES / 4, "the buddy holds every thread's batch");

static u8 bench_mem[BENCH_PAGES * PAGE_SIZE] __aligned(4 << 20);
static u8 pool[POOL_SIZE] __aligned(64);
static size_t pool_used;

static void *pool_alloc(size_t bytes, int nid)
{
	size_t at = ALIGN_UP(pool_used, (size_t)64);

	(void)nid;
	if (at + bytes > sizeof(pool))
		return NULL;
	pool_used = at + bytes;
	return pool + at;
}

/* ---- the allocators ---- */

/* One way to allocate: objects of a size, or 4 KiB pages aligned to 4 KiB (size ignored). */
struct alloc_ops {
	void *(*alloc)(size_t size);
	void (*free)(void *p);
};

struct allocator {
	const char *name;
	struct alloc_ops obj;  /* alloc NULL: does not do objects */
	struct alloc_ops page; /* alloc NULL: does not do pages */
	const char *missing;   /* why it is not available, or NULL */
};

static struct kmem_cache *bench_cache;

static void *slab_kmalloc(size_t size)
{
	return kmalloc(size, GFP_KERNEL);
}

static void slab_kfree(void *p)
{
	kfree(p);
}

static void *slab_cache_alloc(size_t size)
{
	(void)size;
	return kmem_cache_alloc(bench_cache, GFP_KERNEL);
}

static void slab_cache_free(void *p)
{
	kmem_cache_free(bench_cache, p);
}

static void *buddy_alloc_page(size_t size)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);

	(void)size;
	return page ? page_address(page) : NULL;
}

static void buddy_free_page(void *p)
{
	__free_pages(virt_to_page(p), 0);
}

static void *libc_malloc(size_t size)
{
	return malloc(size);
}

static void libc_free(void *p)
{
	free(p);
}

static void *libc_alloc_page(size_t size)
{
	void *p;

	return posix_memalign(&p, PAGE_SIZE, size) ? NULL : p;
}

/* dlopen'ed allocators: entry points looked up by name. */
#define JE_LG_ALIGN_4K 12 /* MALLOCX_LG_ALIGN(12): the flag is the log2 of the alignment */

static void *(*je_mallocx)(size_t, int);
static void (*je_dallocx)(void *, int);
static void *(*tc_malloc_fn)(size_t);
static void (*tc_free_fn)(void *);
static void *(*tc_memalign_fn)(size_t, size_t);
static void *(*mi_malloc_fn)(size_t);
static void (*mi_free_fn)(void *);
static void *(*mi_malloc_aligned_fn)(size_t, size_t);

static void *jemalloc_alloc(size_t size)
{
	return je_mallocx(size, 0);
}

static void *jemalloc_alloc_page(size_t size)
{
	return je_mallocx(size, JE_LG_ALIGN_4K);
}

static void jemalloc_free(void *p)
{
	je_dallocx(p, 0);
}

static void *tcmalloc_alloc(size_t size)
{
	return tc_malloc_fn(size);
}

static void *tcmalloc_alloc_page(size_t size)
{
	return tc_memalign_fn(PAGE_SIZE, size);
}

static void tcmalloc_free(void *p)
{
	tc_free_fn(p);
}

static void *mimalloc_alloc(size_t size)
{
	return mi_malloc_fn(size);
}

static void *mimalloc_alloc_page(size_t size)
{
	return mi_malloc_aligned_fn(size, PAGE_SIZE);
}

static void mimalloc_free(void *p)
{
	mi_free_fn(p);
}

struct symbol {
	const char *name;
	void **fn;
};

/* dlopen the first library that loads and look its symbols up; NULL or why not. */
static const char *load(const char *const *libs, const struct symbol *syms, unsigned nr)
{
	static char why[3][160];
	static unsigned next;
	char *w = why[next++ % ARRAY_SIZE(why)];
	void *h = NULL;

	w[0] = '\0';
	for (; *libs && !h; libs++) {
		h = dlopen(*libs, RTLD_NOW | RTLD_LOCAL);
		if (!h && !w[0])
			snprintf(w, sizeof(why[0]), "cannot load it (%s)", dlerror());
	}
	if (!h)
		return w;
	for (unsigned i = 0; i < nr; i++) {
		*syms[i].fn = dlsym(h, syms[i].name);
		if (!*syms[i].fn) {
			snprintf(w, sizeof(why[0]), "no %s in the library", syms[i].name);
			return w;
		}
	}
	return NULL;
}

static struct allocator allocators[] = {
    {"slab-kmalloc", {slab_kmalloc, slab_kfree}, {NULL, NULL}, NULL},
    {"slab-cache", {slab_cache_alloc, slab_cache_free}, {NULL, NULL}, NULL},
    {"buddy", {NULL, NULL}, {buddy_alloc_page, buddy_free_page}, NULL},
    {"glibc", {libc_malloc, libc_free}, {libc_alloc_page, libc_free}, NULL},
    {"jemalloc", {jemalloc_alloc, jemalloc_free}, {jemalloc_alloc_page, jemalloc_free}, NULL},
    {"tcmalloc", {tcmalloc_alloc, tcmalloc_free}, {tcmalloc_alloc_page, tcmalloc_free}, NULL},
    {"mimalloc", {mimalloc_alloc, mimalloc_free}, {mimalloc_alloc_page, mimalloc_free}, NULL},
};
#define GLIBC 3

static void load_external(void)
{
	static const char *const je[] = {"libjemalloc.so.2", "libjemalloc.so", NULL};
	static const char *const tc[] = {"libtcmalloc_minimal.so.4", "libtcmalloc.so.4",
					 "libtcmalloc_minimal.so", NULL};
	static const char *const mi[] = {"libmimalloc.so.2", "libmimalloc.so", NULL};
	const struct symbol je_syms[] = {{"mallocx", (void **)&je_mallocx},
					 {"dallocx", (void **)&je_dallocx}};
	const struct symbol tc_syms[] = {{"tc_malloc", (void **)&tc_malloc_fn},
					 {"tc_free", (void **)&tc_free_fn},
					 {"tc_memalign", (void **)&tc_memalign_fn}};
	const struct symbol mi_syms[] = {{"mi_malloc", (void **)&mi_malloc_fn},
					 {"mi_free", (void **)&mi_free_fn},
					 {"mi_malloc_aligned", (void **)&mi_malloc_aligned_fn}};

	if (!allocators[4].missing)
		allocators[4].missing = load(je, je_syms, ARRAY_SIZE(je_syms));
	if (!allocators[5].missing)
		allocators[5].missing = load(tc, tc_syms, ARRAY_SIZE(tc_syms));
	if (!allocators[6].missing)
		allocators[6].missing = load(mi, mi_syms, ARRAY_SIZE(mi_syms));
}

/* -a LIST: only the allocators named (comma-separated) run, and glibc, the reference. */
static int select_allocators(char *list)
{
	bool keep[ARRAY_SIZE(allocators)] = {false};
	char *name;

	keep[GLIBC] = true;
	while ((name = strsep(&list, ","))) {
		unsigned a = 0;

		while (a < ARRAY_SIZE(allocators) && strcmp(allocators[a].name, name))
			a++;
		if (a == ARRAY_SIZE(allocators)) {
			fprintf(stderr, "slab-bench: -a: no such allocator (%s)\n", name);
			return -1;
		}
		keep[a] = true;
	}
	for (unsigned a = 0; a < ARRAY_SIZE(allocators); a++)
		if (!keep[a])
			allocators[a].missing = "not chosen with -a";
	return 0;
}

/* ---- the patterns ---- */

enum pattern {
	PAIR,
	BATCH_FIFO,
	XFER,
	NR_PATTERNS
};
static const char *const pattern_names[NR_PATTERNS] = {"pair", "batch", "xfer"};

/*
 * One cell: an allocator's ops, a pattern, a size, a thread count. What one thread writes
 * while the other reads has a cache line of its own, so the harness's own sharing costs
 * as little as it can: xfer's ring moves a line per 8 objects, head and tail one each
 * time the reader runs out of what it saw.
 */
struct job {
	const struct allocator *a;
	struct alloc_ops ops;
	enum pattern pattern;
	size_t size;
	unsigned long n;
	unsigned nthreads;
	double start[NR_THREADS];   /* ns, when each thread started the measured run */
	double end[NR_THREADS];	    /* ns, when it finished it */
	bool preempted[NR_THREADS]; /* the thread lost its CPU to another task in that run */
	unsigned long arrived __aligned(64); /* barriers: threads arrived so far (atomic) */
	void *ring[RING] __aligned(64);	     /* xfer: thread 0 puts at head, 1 takes at tail */
	unsigned long head __aligned(64);    /* xfer: objects put so far (atomic) */
	unsigned long tail __aligned(64);    /* xfer: objects taken so far (atomic) */
};

struct worker {
	struct job *job;
	unsigned cpu;
	void *ptrs[BATCH];
} __aligned(64);

static unsigned long tag_errors; /* objects found overwritten by another holder (atomic) */

static double clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static void *get(struct job *j)
{
	void *p = j->ops.alloc(j->size);

	if (!p) {
		fprintf(stderr, "slab-bench: %s: allocation failed (%zu)\n", j->a->name, j->size);
		exit(1);
	}
	return p;
}

/* The checked run's tag: who holds the object, and which of its objects it is. */
static u64 tag_of(unsigned cpu, unsigned long i)
{
	return ((u64)(cpu + 1) << 56) ^ (i * 0x9e3779b97f4a7c15ULL);
}

/* Mark p as ours (checked: a tag at both ends; else one byte), through volatile stores. */
static void touch(struct job *j, void *p, u64 tag, bool checked)
{
	if (checked) {
		*(volatile u64 *)p = tag;
		*(volatile u64 *)((u8 *)p + j->size - sizeof(u64)) = tag;
	} else {
		*(volatile u8 *)p = (u8)tag;
	}
}

static void release(struct job *j, void *p, u64 tag, bool checked)
{
	if (checked && (*(volatile u64 *)p != tag ||
			*(volatile u64 *)((u8 *)p + j->size - sizeof(u64)) != tag))
		__atomic_add_fetch(&tag_errors, 1, __ATOMIC_RELAXED);
	j->ops.free(p);
}

/* Wait while *v == old (the other xfer thread's counter). */
static unsigned long wait_change(unsigned long *v, unsigned long old)
{
	unsigned long now;

	for (unsigned spins = 0; (now = __atomic_load_n(v, __ATOMIC_ACQUIRE)) == old; spins++)
		if (spins < 1024)
			cpu_relax();
		else
			sched_yield();
	return now;
}

/*
 * Wait until all threads have reached barrier number nr (1, 2, ...). Spinning, not
 * sleeping: a thread woken from a futex on a virtual machine's idle vCPU may start
 * milliseconds late, which is the whole measured run at these speeds.
 */
static void barrier(struct job *j, unsigned long nr)
{
	unsigned long want = nr * j->nthreads;
	unsigned long now = __atomic_add_fetch(&j->arrived, 1, __ATOMIC_ACQ_REL);

	while (now < want)
		now = wait_change(&j->arrived, now);
}

static void run_xfer(struct worker *w, unsigned long n, bool checked)
{
	struct job *j = w->job;

	if (w->cpu == 0) {
		unsigned long head = __atomic_load_n(&j->head, __ATOMIC_RELAXED);
		unsigned long tail = __atomic_load_n(&j->tail, __ATOMIC_ACQUIRE);

		for (unsigned long i = 0; i < n; i++, head++) {
			void *p = get(j);

			touch(j, p, tag_of(0, head), checked);
			while (head - tail == RING)
				tail = wait_change(&j->tail, tail);
			j->ring[head % RING] = p;
			__atomic_store_n(&j->head, head + 1, __ATOMIC_RELEASE);
		}
	} else {
		unsigned long tail = __atomic_load_n(&j->tail, __ATOMIC_RELAXED);
		unsigned long head = __atomic_load_n(&j->head, __ATOMIC_ACQUIRE);

		for (unsigned long i = 0; i < n; i++, tail++) {
			while (tail == head)
				head = wait_change(&j->head, head);
			release(j, j->ring[tail % RING], tag_of(0, tail), checked);
			__atomic_store_n(&j->tail, tail + 1, __ATOMIC_RELEASE);
		}
	}
}

/* n operations of the job's pattern on this thread. */
static void run(struct worker *w, unsigned long n, bool checked)
{
	struct job *j = w->job;

	switch (j->pattern) {
	case PAIR:
		for (unsigned long i = 0; i < n; i++) {
			void *p = get(j);

			touch(j, p, tag_of(w->cpu, i), checked);
			release(j, p, tag_of(w->cpu, i), checked);
		}
		break;
	case BATCH_FIFO:
		for (unsigned long r = 0; r < (n / BATCH ? n / BATCH : 1); r++) {
			for (unsigned i = 0; i < BATCH; i++) {
				w->ptrs[i] = get(j);
				touch(j, w->ptrs[i], tag_of(w->cpu, i), checked);
			}
			for (unsigned i = 0; i < BATCH; i++)
				release(j, w->ptrs[i], tag_of(w->cpu, i), checked);
		}
		break;
	case XFER:
		run_xfer(w, n, checked);
		break;
	default:
		break;
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct job *j = w->job;
	struct rusage ru0, ru1;
	double cpu;

	host_cpu = w->cpu;
	barrier(j, 1);
	run(w, j->n / 10 + 1, true);
	barrier(j, 2);
	getrusage(RUSAGE_THREAD, &ru0);
	cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	j->start[w->cpu] = now_ns();
	run(w, j->n, false);
	j->end[w->cpu] = now_ns();
	cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu;
	getrusage(RUSAGE_THREAD, &ru1);
	/* Off the CPU for a while, and not (only) asleep by its own choice (an allocator's
	   futex): the scheduler gave the CPU to someone else. */
	j->preempted[w->cpu] =
	    cpu < ONCPU_MIN * (j->end[w->cpu] - j->start[w->cpu]) && ru1.ru_nivcsw != ru0.ru_nivcsw;
	return NULL;
}

/* A measured time, and whether a thread lost its CPU to another task meanwhile. */
struct timing {
	double ns;
	bool disturbed;
};

/*
 * Run one cell: ns per operation per thread, the wall time of the measured run (from the
 * first thread's start to the last one's end) / n, and whether a thread was preempted.
 */
static struct timing run_job(const struct allocator *a, bool page, enum pattern pattern,
			     size_t size, unsigned long n, unsigned nthreads)
{
	static struct worker workers[NR_THREADS];
	static struct job job;
	pthread_t tid[NR_THREADS];
	double first, last;
	bool disturbed = false;
	int err;

	memset(&job, 0, sizeof(job));
	job.a = a;
	job.ops = page ? a->page : a->obj;
	job.pattern = pattern;
	job.size = size;
	job.n = pattern == BATCH_FIFO ? (n / BATCH ? n / BATCH : 1) * BATCH : n;
	job.nthreads = nthreads;
	for (unsigned t = 0; t < nthreads; t++) {
		workers[t] = (struct worker){.job = &job, .cpu = t};
		err = pthread_create(&tid[t], NULL, worker_main, &workers[t]);
		if (err) {
			fprintf(stderr, "slab-bench: cannot start a thread (%d)\n", err);
			exit(1);
		}
	}
	for (unsigned t = 0; t < nthreads; t++)
		pthread_join(tid[t], NULL);
	first = job.start[0];
	last = job.end[0];
	for (unsigned t = 0; t < nthreads; t++) {
		first = job.start[t] < first ? job.start[t] : first;
		last = job.end[t] > last ? job.end[t] : last;
		disturbed |= job.preempted[t];
	}
	return (struct timing){(last - first) / (double)job.n, disturbed};
}

/* ---- setup and checks ---- */

static int setup_mm(void)
{
	struct pfn_range r = {PHYS_PFN(BENCH_PHYS), PHYS_PFN(BENCH_PHYS) + BENCH_PAGES};
	struct pglist_data *pgdat;
	struct zone *zone;
	int err;

	memset(bench_mem, 0, sizeof(bench_mem)); /* fault the memory in before timing */
	host_phys_offset = (uintptr_t)bench_mem - BENCH_PHYS;
	err = mm_node_init(0, &r, 1, 0, pool_alloc);
	if (err)
		return err;
	/* CPU 0 is online from the start; the others are declared as the firmware does. */
	for (unsigned cpu = 1; cpu < NR_THREADS; cpu++) {
		err = set_cpu_numa_node(cpu, 0);
		if (err)
			return err;
	}
	build_all_zonelists();
	free_pages_range(r.start, r.end);
	init_per_zone_wmark_min();
	/* The per-CPU page lists of any zone of 1 GiB or more (zone_batchsize() stops
	   growing at 1 MiB: batch 63, high 6 batches), not the 3-page batches of this 64 MiB
	   one: the page rows then measure what the firmware has on QEMU virt and boards. */
	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat) if (zone->managed_pages)
	    zone_set_pageset_high_and_batch(zone, 6 * PCP_BATCH, PCP_BATCH);
	return kmem_cache_init();
}

/*
 * Free pages once nothing is cached: every cache shrunk (per-CPU arrays drained, empty
 * slabs back to the buddy) and every CPU's page lists drained. The per-CPU arrays of the
 * kmalloc caches stay allocated, so each CPU first allocates once from every kmalloc
 * cache the run uses: the arrays it will ever need exist before the first count.
 */
static unsigned long settled_free_pages(bool first)
{
	if (first) {
		for (unsigned cpu = 0; cpu < NR_THREADS; cpu++) {
			host_cpu = cpu;
			for (size_t size = 8; size <= 8192; size *= 2)
				kfree(kmalloc(size, GFP_KERNEL));
		}
		host_cpu = 0;
	}
	kmem_cache_shrink_all();
	drain_all_pages(NULL);
	return nr_free_pages();
}

/* Run again with room in the static TLS block for jemalloc (see the top); once. */
static void reexec_with_static_tls(char **argv)
{
	static const char tunable[] = "glibc.rtld.optional_static_tls=65536";
	const char *old = getenv("GLIBC_TUNABLES");
	char value[512];

	if (getenv("SLAB_BENCH_REEXEC"))
		return;
	snprintf(value, sizeof(value), "%s%s%s", old ? old : "", old ? ":" : "", tunable);
	setenv("GLIBC_TUNABLES", value, 1);
	setenv("SLAB_BENCH_REEXEC", "1", 1);
	execv("/proc/self/exe", argv);
	/* Could not: go on, jemalloc will just be reported missing. */
}

/* ---- the table ---- */

/* A row of the table: objects of size bytes, or pages (size 0), a pattern, threads. */
struct row {
	size_t size;
	enum pattern pattern;
	unsigned threads;
};

static const size_t sizes[] = {16, 32, 64, 128, 256, 512, 1024};
static const struct row row_kinds[] = {
    {0, PAIR, 1}, {0, PAIR, 2}, {0, BATCH_FIFO, 1}, {0, BATCH_FIFO, 2}, {0, XFER, 2},
};
#define NR_ROWS ((ARRAY_SIZE(sizes) + 1) * ARRAY_SIZE(row_kinds))

/* The best run of each cell: the fastest undisturbed one, else the fastest; ns < 0: n/a. */
static struct timing results[NR_ROWS][ARRAY_SIZE(allocators)];
static struct row rows[NR_ROWS];

static bool applies(const struct allocator *a, const struct row *r)
{
	return !a->missing && (r->size ? a->obj.alloc : a->page.alloc);
}

static void print_table(unsigned long n, unsigned runs, unsigned max_runs)
{
	unsigned disturbed = 0;

	for (unsigned a = 0; a < ARRAY_SIZE(allocators); a++)
		if (allocators[a].missing)
			printf("# %s: skipped, %s\n", allocators[a].name, allocators[a].missing);
	printf("# ns per alloc+free pair per thread (lower is better), best of %u runs of %lu "
	       "pairs per thread (up to %u for cells disturbed by other processes); (x) = glibc "
	       "time / this time; page: 4 KiB aligned to 4 KiB\n",
	       runs, n, max_runs);
	printf("%-5s %-5s %-3s", "size", "kind", "thr");
	for (unsigned a = 0; a < ARRAY_SIZE(allocators); a++)
		if (!allocators[a].missing)
			printf(" %20s", allocators[a].name);
	printf("\n");
	for (unsigned i = 0; i < NR_ROWS; i++) {
		const struct row *r = &rows[i];
		char size[16];

		snprintf(size, sizeof(size), r->size ? "%zu" : "page", r->size);
		printf("%-5s %-5s t%-2u", size, pattern_names[r->pattern], r->threads);
		for (unsigned a = 0; a < ARRAY_SIZE(allocators); a++) {
			const struct timing *t = &results[i][a];

			if (allocators[a].missing)
				continue;
			if (t->ns < 0) {
				printf(" %20s", "-");
				continue;
			}
			printf(" %12.2f%c(%5.2fx)", t->ns, t->disturbed ? '*' : ' ',
			       results[i][GLIBC].ns / t->ns);
			disturbed += t->disturbed;
		}
		printf("\n");
	}
	if (disturbed)
		printf("# *: %u cells where a thread was preempted in every run (on its CPU less "
		       "than %.0f%% of the wall time, involuntary context switches): another task "
		       "was busy, or the scheduler put both threads on one CPU; the time may be "
		       "too high\n",
		       disturbed, ONCPU_MIN * 100);
}

static void print_bench_lines(void)
{
	for (unsigned i = 0; i < NR_ROWS; i++) {
		const struct row *r = &rows[i];

		for (unsigned a = 0; a < ARRAY_SIZE(allocators); a++) {
			if (results[i][a].ns < 0)
				continue;
			if (r->size)
				printf("bench: %s_%s_%zu_t%u %.2f ns\n", allocators[a].name,
				       pattern_names[r->pattern], r->size, r->threads,
				       results[i][a].ns);
			else
				printf("bench: %s_page_%s_t%u %.2f ns\n", allocators[a].name,
				       pattern_names[r->pattern], r->threads, results[i][a].ns);
		}
	}
}

/*
 * Every row of one size (0: pages), every allocator, once (retry: only the cells whose
 * best run so far was disturbed); keep the best time of each. Returns the cells run, or
 * -1 if the cache could not be created or destroyed.
 */
static int run_rows(unsigned first, size_t size, unsigned long n, bool first_run, bool retry)
{
	int ran = 0;

	if (size) {
		char name[40];

		snprintf(name, sizeof(name), "bench-%zu", size);
		bench_cache = kmem_cache_create(name, (unsigned)size, 0, 0, NULL);
		if (!bench_cache)
			return -1;
	}
	for (unsigned k = 0; k < ARRAY_SIZE(row_kinds); k++) {
		unsigned i = first + k;

		rows[i] = row_kinds[k];
		rows[i].size = size;
		for (unsigned a = 0; a < ARRAY_SIZE(allocators); a++) {
			struct timing t = {-1, false}, *best = &results[i][a];

			if (retry && !best->disturbed)
				continue;
			if (applies(&allocators[a], &rows[i])) {
				t = run_job(&allocators[a], !size, rows[i].pattern,
					    size ? size : PAGE_SIZE, n, rows[i].threads);
				ran++;
			}
			if (first_run || (best->disturbed && !t.disturbed) ||
			    (best->disturbed == t.disturbed && t.ns < best->ns))
				*best = t;
		}
	}
	if (size && kmem_cache_destroy(bench_cache))
		return -1;
	return ran;
}

int main(int argc, char **argv)
{
	unsigned long n = 500000, runs = 3, free_start, free_end;
	int err, slab_errors, buddy_errors;
	unsigned max_runs;

	reexec_with_static_tls(argv); /* first: -a's parsing changes argv */
	for (int i = 1; i < argc; i += 2) {
		unsigned long *opt = !strcmp(argv[i], "-n")   ? &n
				     : !strcmp(argv[i], "-r") ? &runs
							      : NULL;
		char *end;

		if ((!opt && strcmp(argv[i], "-a")) || i + 1 == argc) {
			fprintf(stderr,
				"usage: slab-bench [-n PAIRS] [-r RUNS] [-a ALLOCATOR,...]\n");
			return 2;
		}
		if (!opt) {
			if (select_allocators(argv[i + 1]))
				return 2;
			continue;
		}
		*opt = strtoul(argv[i + 1], &end, 0);
		if (*end || !*opt || (opt == &runs && runs > MAX_RUNS)) {
			fprintf(stderr, "slab-bench: %s wants a number from 1 to %lu (%s)\n",
				argv[i], opt == &runs ? (unsigned long)MAX_RUNS : ULONG_MAX,
				argv[i + 1]);
			return 2;
		}
	}
	err = setup_mm();
	if (err) {
		fprintf(stderr, "slab-bench: cannot set up the allocators (%d)\n", err);
		return 1;
	}
	free_start = settled_free_pages(true);
	load_external();
	max_runs = runs > 1 ? 3 * (unsigned)runs : 1;
	/*
	 * Whole sweeps, not a cell's runs back to back: a burst of load from elsewhere on the
	 * machine then spoils one run of many cells, not every run of a few. Then up to twice
	 * as many sweeps over the cells that were disturbed in every run, a second apart.
	 */
	for (unsigned r = 0; r < max_runs; r++) {
		bool retry = r >= runs;
		int ran = 0;

		if (retry)
			sleep(1);
		for (unsigned s = 0; s <= ARRAY_SIZE(sizes); s++) {
			size_t size = s < ARRAY_SIZE(sizes) ? sizes[s] : 0;
			int k = run_rows(s * ARRAY_SIZE(row_kinds), size, n, !r, retry);

			if (k < 0) {
				fprintf(stderr,
					"slab-bench: cannot create or destroy a cache (%zu)\n",
					size);
				return 1;
			}
			ran += k;
		}
		if (retry && !ran)
			break;
	}
	print_table(n, (unsigned)runs, max_runs);
	print_bench_lines();
	slab_errors = slab_verify();
	printf("slab_verify: %d errors\n", slab_errors);
	buddy_errors = buddy_verify();
	printf("buddy_verify: %d errors\n", buddy_errors);
	free_end = settled_free_pages(false);
	printf("free_pages: %lu at the start, %lu at the end (%s)\n", free_start, free_end,
	       free_start == free_end ? "all back" : "LEAK OR CORRUPTION");
	printf("ownership: %lu objects overwritten while held\n", tag_errors);
	return slab_errors || buddy_errors || free_start != free_end || tag_errors ? 1 : 0;
}
