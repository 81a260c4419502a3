// SPDX-License-Identifier: MIT
/*
 * slab-bench: rvmm's slab allocator (kmalloc and a dedicated kmem_cache) against glibc's
 * malloc in the same process, and against jemalloc, tcmalloc and mimalloc when their
 * shared libraries are installed (Debian: libjemalloc2, libtcmalloc-minimal4,
 * libmimalloc2.0): they are dlopen'ed with RTLD_LOCAL and called through their own entry
 * points (mallocx/dallocx, tc_malloc/tc_free, mi_malloc/mi_free), so glibc stays the
 * process's malloc and one binary compares all. jemalloc's initial-exec TLS does not fit
 * the static TLS that glibc keeps for dlopen, so the program re-executes itself once with
 * GLIBC_TUNABLES=glibc.rtld.optional_static_tls raised.
 *
 * The slab allocator runs over a buddy allocator built on a 64 MiB static buffer (as the
 * host tests do), single-threaded: the numbers are those of the fast paths (per-CPU array
 * with its uncontended lock, struct page lookup on free) and of the refill/flush batches.
 *
 * Patterns, for sizes 16..1024 bytes:
 *	pair   alloc, write one byte, free; repeated (the hot-object case)
 *	batch  1000 allocs (each written), then the 1000 frees in allocation order
 * Each allocator runs every pattern once to warm up and once measured. Output: ns per
 * alloc+free pair, the ratio glibc/allocator (above 1: faster than glibc), and
 * "bench: NAME VALUE UNIT" lines as the firmware's bench command prints them.
 *
 *	build/host/slab-bench [-n PAIRS]      (default 1000000 pairs per size and pattern)
 */
#include "mm/slab_internal.h"
#include "lib/string.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define BENCH_PHYS  0x80000000UL
#define BENCH_PAGES ((64UL << 20) >> PAGE_SHIFT)
#define POOL_SIZE   (4UL << 20)
#define BATCH	    1000

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

struct allocator {
	const char *name;
	void *(*alloc)(size_t size);
	void (*free)(void *p);
	const char *missing; /* why it is not available, or NULL */
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

static void *libc_malloc(size_t size)
{
	return malloc(size);
}

static void libc_free(void *p)
{
	free(p);
}

/* dlopen'ed allocators: entry points looked up by name. */
static void *(*je_mallocx)(size_t, int);
static void (*je_dallocx)(void *, int);

static void *jemalloc_alloc(size_t size)
{
	return je_mallocx(size, 0);
}

static void jemalloc_free(void *p)
{
	je_dallocx(p, 0);
}

static void *(*tc_malloc_fn)(size_t);
static void (*tc_free_fn)(void *);
static void *(*mi_malloc_fn)(size_t);
static void (*mi_free_fn)(void *);

static void *tcmalloc_alloc(size_t size)
{
	return tc_malloc_fn(size);
}

static void tcmalloc_free(void *p)
{
	tc_free_fn(p);
}

static void *mimalloc_alloc(size_t size)
{
	return mi_malloc_fn(size);
}

static void mimalloc_free(void *p)
{
	mi_free_fn(p);
}

/* dlopen the first library that loads and look two symbols up; NULL or why not. */
static const char *load(const char *const *libs, const char *a, void **fa, const char *f, void **ff)
{
	static char why[160];
	void *h = NULL;

	why[0] = '\0';
	for (; *libs && !h; libs++) {
		h = dlopen(*libs, RTLD_NOW | RTLD_LOCAL);
		if (!h && !why[0])
			snprintf(why, sizeof(why), "cannot load it (%s)", dlerror());
	}
	if (!h)
		return why;
	*fa = dlsym(h, a);
	*ff = dlsym(h, f);
	if (!*fa || !*ff) {
		snprintf(why, sizeof(why), "no %s/%s in the library", a, f);
		return why;
	}
	return NULL;
}

static struct allocator allocators[] = {
    {"slab-kmalloc", slab_kmalloc, slab_kfree, NULL},
    {"slab-cache", slab_cache_alloc, slab_cache_free, NULL},
    {"glibc", libc_malloc, libc_free, NULL},
    {"jemalloc", jemalloc_alloc, jemalloc_free, NULL},
    {"tcmalloc", tcmalloc_alloc, tcmalloc_free, NULL},
    {"mimalloc", mimalloc_alloc, mimalloc_free, NULL},
};
#define GLIBC 2

static void load_external(void)
{
	static const char *const je[] = {"libjemalloc.so.2", "libjemalloc.so", NULL};
	static const char *const tc[] = {"libtcmalloc_minimal.so.4", "libtcmalloc.so.4",
					 "libtcmalloc_minimal.so", NULL};
	static const char *const mi[] = {"libmimalloc.so.2", "libmimalloc.so", NULL};

	allocators[3].missing =
	    load(je, "mallocx", (void **)&je_mallocx, "dallocx", (void **)&je_dallocx);
	allocators[4].missing =
	    load(tc, "tc_malloc", (void **)&tc_malloc_fn, "tc_free", (void **)&tc_free_fn);
	allocators[5].missing =
	    load(mi, "mi_malloc", (void **)&mi_malloc_fn, "mi_free", (void **)&mi_free_fn);
}

/* ---- the patterns ---- */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void *batch_ptrs[BATCH];

/* ns per alloc+free pair; through volatile pointers so nothing is optimised away. */
static double run_pairs(struct allocator *volatile a, size_t size, unsigned long n)
{
	double t0 = now_ns();

	for (unsigned long i = 0; i < n; i++) {
		volatile u8 *p = a->alloc(size);

		if (!p) {
			fprintf(stderr, "slab-bench: %s: allocation failed (%zu)\n", a->name, size);
			exit(1);
		}
		p[0] = (u8)i;
		a->free((void *)p);
	}
	return (now_ns() - t0) / (double)n;
}

static double run_batches(struct allocator *volatile a, size_t size, unsigned long n)
{
	unsigned long rounds = n / BATCH ? n / BATCH : 1;
	double t0 = now_ns();

	for (unsigned long r = 0; r < rounds; r++) {
		for (unsigned i = 0; i < BATCH; i++) {
			volatile u8 *p = a->alloc(size);

			if (!p) {
				fprintf(stderr, "slab-bench: %s: allocation failed (%zu)\n",
					a->name, size);
				exit(1);
			}
			p[0] = (u8)i;
			batch_ptrs[i] = (void *)p;
		}
		for (unsigned i = 0; i < BATCH; i++)
			a->free(batch_ptrs[i]);
	}
	return (now_ns() - t0) / (double)(rounds * BATCH);
}

static int setup_slab(void)
{
	struct pfn_range r = {PHYS_PFN(BENCH_PHYS), PHYS_PFN(BENCH_PHYS) + BENCH_PAGES};
	int err;

	memset(bench_mem, 0, sizeof(bench_mem)); /* fault the memory in before timing */
	host_phys_offset = (uintptr_t)bench_mem - BENCH_PHYS;
	err = mm_node_init(0, &r, 1, 0, pool_alloc);
	if (err)
		return err;
	build_all_zonelists();
	free_pages_range(r.start, r.end);
	init_per_zone_wmark_min();
	return kmem_cache_init();
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

int main(int argc, char **argv)
{
	static const size_t sizes[] = {16, 32, 64, 128, 256, 512, 1024};
	static const char *const patterns[] = {"pair", "batch"};
	const unsigned nalloc = ARRAY_SIZE(allocators);
	static double results[ARRAY_SIZE(sizes)][ARRAY_SIZE(patterns)][ARRAY_SIZE(allocators)];
	unsigned long n = 1000000;
	int err;

	if (argc == 3 && !strcmp(argv[1], "-n"))
		n = strtoul(argv[2], NULL, 0);
	else if (argc != 1) {
		fprintf(stderr, "usage: slab-bench [-n PAIRS]\n");
		return 2;
	}
	if (!n) {
		fprintf(stderr, "slab-bench: -n must be positive (%s)\n", argv[2]);
		return 2;
	}
	reexec_with_static_tls(argv);
	err = setup_slab();
	if (err) {
		fprintf(stderr, "slab-bench: cannot set up the allocators (%d)\n", err);
		return 1;
	}
	load_external();
	for (unsigned a = 0; a < nalloc; a++)
		if (allocators[a].missing)
			printf("# %s: skipped, %s\n", allocators[a].name, allocators[a].missing);
	printf("# ns per alloc+free pair (lower is better), %lu pairs per cell; "
	       "(x) = glibc time / this time\n",
	       n);
	printf("%-6s %-5s", "size", "kind");
	for (unsigned a = 0; a < nalloc; a++)
		if (!allocators[a].missing)
			printf(" %20s", allocators[a].name);
	printf("\n");
	for (unsigned s = 0; s < ARRAY_SIZE(sizes); s++) {
		char name[40];

		snprintf(name, sizeof(name), "bench-%zu", sizes[s]);
		bench_cache = kmem_cache_create(name, (unsigned)sizes[s], 0, 0, NULL);
		if (!bench_cache)
			return 1;
		for (unsigned p = 0; p < ARRAY_SIZE(patterns); p++) {
			double ns[ARRAY_SIZE(allocators)];

			printf("%-6zu %-5s", sizes[s], patterns[p]);
			for (unsigned a = 0; a < nalloc; a++) {
				struct allocator *al = &allocators[a];

				if (al->missing)
					continue;
				if (p == 0) {
					run_pairs(al, sizes[s], n / 10 + 1);
					ns[a] = run_pairs(al, sizes[s], n);
				} else {
					run_batches(al, sizes[s], n / 10 + 1);
					ns[a] = run_batches(al, sizes[s], n);
				}
			}
			for (unsigned a = 0; a < nalloc; a++) {
				if (allocators[a].missing)
					continue;
				printf(" %12.2f (%5.2fx)", ns[a], ns[GLIBC] / ns[a]);
				results[s][p][a] = ns[a];
			}
			printf("\n");
		}
		kmem_cache_destroy(bench_cache);
	}
	for (unsigned s = 0; s < ARRAY_SIZE(sizes); s++)
		for (unsigned p = 0; p < ARRAY_SIZE(patterns); p++)
			for (unsigned a = 0; a < nalloc; a++)
				if (!allocators[a].missing)
					printf("bench: %s_%s_%zu %.2f ns\n", allocators[a].name,
					       patterns[p], sizes[s], results[s][p][a]);
	err = slab_verify();
	printf("slab_verify: %d errors\n", err);
	return err ? 1 : 0;
}
