// SPDX-License-Identifier: MIT
/*
 * Benchmarks of CMA (see firmware/bench.h), with the hook of mm/cma_bench.h: fill the
 * default CMA area with movable vmalloc data, then cma_alloc() ranges of it, which
 * migrates every page in the way.
 *
 *	cma_alloc_4m_insns_per_page    cma_alloc of 4 MiB (4 rounds), per migrated page
 *	cma_alloc_4m_success           cma_alloc calls that returned pages, in %
 *	cma_alloc_64m_insns_per_page   the same for 64 MiB (1 round; the area must hold it)
 *	cma_alloc_64m_success
 *
 * One run each (filling the area is the expensive part, and it is deterministic): the
 * first metric of a size runs the benchmark, the success rate reports the same result.
 * Needs a CMA area: boot with cma=SIZE (ci/bench.sh uses cma=128M). SKIP otherwise.
 */
#include "firmware/bench.h"

#if __has_include("mm/cma_bench.h")
#include "mm/cma_bench.h"
#define HAVE_CMA 1
/* Weak: the headers may be there before CMA is linked in; then they are NULL. */
#pragma weak cma_bench
#pragma weak cma_default_area
#pragma weak cma_get_size
#else
#define HAVE_CMA 0
#endif

#if HAVE_CMA
struct cma_run {
	unsigned long pages; /* per cma_alloc */
	unsigned rounds;
	bool done;
	int rc;
	struct cma_bench_result r;
};

static struct cma_run run_4m = {.pages = 1024, .rounds = 4};
static struct cma_run run_64m = {.pages = 16384, .rounds = 1};

/* Run the benchmark of this size once: 0, BENCH_SKIPPED or a failure. */
static int cma_run(struct bench *b, struct cma_run *c)
{
	struct cma *cma;
	int rc = bench_need_buddy(b);

	if (rc)
		return rc;
	if (!cma_bench || !cma_default_area || !cma_get_size)
		return bench_skip(b, "%s", "CMA not linked in yet (mm/cma_bench.h only)");
	cma = cma_default_area();
	if (!cma)
		return bench_skip(
		    b, "%s",
		    "no CMA area registered (boot with cma=SIZE; the firmware registers it)");
	if ((cma_get_size(cma) >> PAGE_SHIFT) < c->pages)
		return bench_skip(b, "CMA area smaller than the request (%lu pages)", c->pages);
	if (!c->done) {
		c->rc = cma_bench(cma, c->pages, c->rounds, &c->r);
		c->done = true;
	}
	if (c->rc < 0)
		return bench_fail(b, "cma_bench failed (%d)", c->rc);
	if (c->r.corrupt)
		return bench_fail(b, "migration changed data (%lu pages)", c->r.corrupt);
	return 0;
}

static int per_page(struct bench *b, struct cma_run *c)
{
	int rc = cma_run(b, c);

	if (rc)
		return rc;
	if (!c->r.migrated)
		return bench_skip(b, "nothing to migrate: the area was not full (%lu in CMA)",
				  c->r.in_cma);
	return bench_value(b, c->r.instret, c->r.migrated);
}

static int success(struct bench *b, struct cma_run *c)
{
	int rc = cma_run(b, c);

	if (rc)
		return rc;
	if (!c->r.attempts)
		return bench_fail(b, "no cma_alloc attempted (%d)", 0);
	return bench_value(b, c->r.successes * 100, c->r.attempts);
}

static int bench_cma_4m(struct bench *b)
{
	return per_page(b, &run_4m);
}

static int bench_cma_4m_ok(struct bench *b)
{
	return success(b, &run_4m);
}

static int bench_cma_64m(struct bench *b)
{
	return per_page(b, &run_64m);
}

static int bench_cma_64m_ok(struct bench *b)
{
	return success(b, &run_64m);
}
#else
static int no_cma(struct bench *b)
{
	return bench_skip(b, "%s", "CMA not built yet (no mm/cma_bench.h)");
}
#define bench_cma_4m	 no_cma
#define bench_cma_4m_ok	 no_cma
#define bench_cma_64m	 no_cma
#define bench_cma_64m_ok no_cma
#endif

BENCH_FLAGS(cma_alloc_4m_insns_per_page, "insns/page", bench_cma_4m, BENCH_ONCE);
BENCH_FLAGS(cma_alloc_4m_success, "%", bench_cma_4m_ok, BENCH_ONCE);
BENCH_FLAGS(cma_alloc_64m_insns_per_page, "insns/page", bench_cma_64m, BENCH_ONCE);
BENCH_FLAGS(cma_alloc_64m_success, "%", bench_cma_64m_ok, BENCH_ONCE);
