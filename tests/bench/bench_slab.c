// SPDX-License-Identifier: MIT
/*
 * Benchmarks of the slab allocator (see firmware/bench.h), Linux's API names:
 *
 *	kmalloc64_pair            kmalloc(64) + kfree, the per-CPU fast path
 *	kmalloc64_batch_fifo      1000 kmalloc(64), then kfree in the same order, per object
 *	kmalloc64_batch_shuffled  the same, freed in a fixed random order (slabs go
 *	                          partial in turn instead of one after the other)
 *	kmem_cache_ctor           a new 192-byte cache with a constructor: 1000 allocations
 *	                          (new slabs, ctor per object) and 1000 frees, per object
 *
 * Compiled only when mm/slab.h exists; until then, and when kmalloc() does not work yet
 * at run time, each reports SKIP with the reason.
 */
#include "firmware/bench.h"
#include "lib/random.h"
#include "lib/string.h"
#include "mm/gfp.h"

#if __has_include("mm/slab.h")
#include "mm/slab.h"
#define HAVE_SLAB 1
/* Weak: the header may be there before the allocator is linked in; then they are NULL. */
#pragma weak kmalloc
#pragma weak kfree
#pragma weak kmalloc_index
#pragma weak kmalloc_cache
#pragma weak kmem_cache_create
#pragma weak kmem_cache_alloc
#pragma weak kmem_cache_free
#pragma weak kmem_cache_destroy
#else
#define HAVE_SLAB 0
#endif

#define BATCH	      1000
#define PAIRS	      256
#define SHUFFLE_SEED  0x736c6162ULL
#define CTOR_OBJ_SIZE 192

#if HAVE_SLAB
static void *objs[BATCH];

/* kmalloc works (slab initialised): 0, else the skip. */
static int need_kmalloc(struct bench *b)
{
	int rc = bench_need_buddy(b);

	if (rc)
		return rc;
	if (!kmalloc || !kmalloc_cache || !kmem_cache_create)
		return bench_skip(b, "%s", "slab allocator not linked in yet (mm/slab.h only)");
	if (!kmalloc_cache(kmalloc_index(64)))
		return bench_skip(b, "%s", "slab allocator not initialised (no kmalloc-64 cache)");
	void *p = kmalloc(64, GFP_KERNEL | __GFP_NOWARN);

	if (!p)
		return bench_skip(b, "kmalloc not available (kmalloc(64) returned NULL, %d)", 0);
	kfree(p);
	return 0;
}

static int bench_kmalloc_pair(struct bench *b)
{
	int rc = need_kmalloc(b);

	if (rc)
		return rc;
	for (int i = 0; i < 16; i++)
		kfree(kmalloc(64, GFP_KERNEL));
	u64 t0 = bench_now();

	for (int i = 0; i < PAIRS; i++)
		kfree(kmalloc(64, GFP_KERNEL));
	return bench_result(b, bench_now() - t0, PAIRS);
}

static void free_objs(int n)
{
	for (int i = 0; i < n; i++)
		kfree(objs[i]);
}

static int kmalloc_batch(struct bench *b, bool shuffled)
{
	struct rand_state rs;
	int rc = need_kmalloc(b);

	if (rc)
		return rc;
	u64 t0 = bench_now();

	for (int i = 0; i < BATCH; i++) {
		objs[i] = kmalloc(64, GFP_KERNEL);
		if (!objs[i]) {
			free_objs(i);
			return bench_fail(b, "kmalloc(64) failed (object %d)", i);
		}
	}
	u64 d = bench_now() - t0;

	if (shuffled) {
		rand_seed(&rs, SHUFFLE_SEED);
		for (int i = BATCH - 1; i > 0; i--) {
			int j = (int)rand_range(&rs, 0, (u64)i);
			void *x = objs[i];

			objs[i] = objs[j];
			objs[j] = x;
		}
	}
	t0 = bench_now();
	free_objs(BATCH);
	d += bench_now() - t0;
	return bench_result(b, d, BATCH);
}

static int bench_kmalloc_fifo(struct bench *b)
{
	return kmalloc_batch(b, false);
}

static int bench_kmalloc_shuffled(struct bench *b)
{
	return kmalloc_batch(b, true);
}

static void bench_ctor(void *obj)
{
	memset(obj, 0x5a, CTOR_OBJ_SIZE);
}

static int bench_kmem_cache_ctor(struct bench *b)
{
	int rc = need_kmalloc(b);

	if (rc)
		return rc;
	struct kmem_cache *c = kmem_cache_create("bench_ctor", CTOR_OBJ_SIZE, 0, 0, bench_ctor);

	if (!c)
		return bench_fail(b, "kmem_cache_create failed (size %d)", CTOR_OBJ_SIZE);
	int n = 0;
	u64 t0 = bench_now();

	for (; n < BATCH; n++) {
		objs[n] = kmem_cache_alloc(c, GFP_KERNEL);
		if (!objs[n])
			break;
	}
	for (int i = 0; i < n; i++)
		kmem_cache_free(c, objs[i]);
	u64 d = bench_now() - t0;

	kmem_cache_destroy(c);
	if (n < BATCH)
		return bench_fail(b, "kmem_cache_alloc failed (object %d)", n);
	return bench_result(b, d, BATCH);
}
#else
static int no_slab(struct bench *b)
{
	return bench_skip(b, "%s", "slab allocator not built yet (no mm/slab.h)");
}

#define bench_kmalloc_pair     no_slab
#define bench_kmalloc_fifo     no_slab
#define bench_kmalloc_shuffled no_slab
#define bench_kmem_cache_ctor  no_slab
#endif

BENCH(kmalloc64_pair, "insns/op", bench_kmalloc_pair);
BENCH(kmalloc64_batch_fifo, "insns/op", bench_kmalloc_fifo);
BENCH(kmalloc64_batch_shuffled, "insns/op", bench_kmalloc_shuffled);
BENCH(kmem_cache_ctor, "insns/op", bench_kmem_cache_ctor);
