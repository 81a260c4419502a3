// SPDX-License-Identifier: MIT
/*
 * memblock against a reference model, host only: random sequences of add, remove,
 * reserve, free, no-map, node changes and allocations over a small address space, and
 * after every step the tables must say exactly what a page-by-page model says.
 *
 * The model keeps, for each page of the space, its node (or "not memory"), its no-map
 * flag and whether it is reserved. memblock's tables are turned back into the same
 * arrays and compared, and their invariants are checked: sorted, disjoint, fully merged,
 * totals right, within capacity. An operation must fail with -ENOSPC exactly when the
 * merged result would need more regions than the table has, and then change nothing.
 * Allocations must return what a brute-force search of the model finds.
 *
 * memblock's one-line warnings ("table full") would flood the output, so stdout is sent
 * to /dev/null during the run; the first mismatch is kept and reported afterwards.
 */
#ifdef RVMM_HOST
#include "tests/ktest.h"
#include "mm/memblock.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "lib/random.h"
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NPAGES	 512 /* model size: enough fragments to fill a 128-region table */
#define NOT_MEM	 (-2)
#define NR_NODES 3

struct model {
	int nid[NPAGES];    /* node, NUMA_NO_NODE, or NOT_MEM */
	bool nomap[NPAGES]; /* only meaningful for memory pages */
	bool reserved[NPAGES];
};

struct run {
	struct rand_state rnd;
	phys_addr_t base; /* physical address of page 0 */
	struct model *m;  /* what memblock should hold */
	struct model *tmp;
	struct model *seen; /* memblock's tables, page by page */
	char failure[512];
	unsigned step;
	unsigned long nospc, allocs, alloc_fails; /* how often each path was taken */
};

static __printf(2, 3) void fail(struct run *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->failure[0])
		return;
	n = snprintf(r->failure, sizeof(r->failure), "step %u: ", r->step);
	va_start(ap, fmt);
	vsnprintf(r->failure + n, sizeof(r->failure) - (size_t)n, fmt, ap);
	va_end(ap);
}

static phys_addr_t pa(const struct run *r, u64 page)
{
	return r->base + page * PAGE_SIZE;
}

/* Regions needed for the memory / reserved pages of m (maximal runs of equal pages). */
static unsigned long count_runs(const struct model *m, bool reserved)
{
	unsigned long n = 0;

	for (unsigned p = 0; p < NPAGES; p++) {
		bool in = reserved ? m->reserved[p] : m->nid[p] != NOT_MEM;

		if (!in)
			continue;
		if (p == 0)
			n++;
		else if (reserved ? !m->reserved[p - 1]
				  : (m->nid[p - 1] != m->nid[p] || m->nomap[p - 1] != m->nomap[p]))
			n++;
	}
	return n;
}

/* Turn one memblock table into pages of r->seen, checking the table's invariants. */
static void read_type(struct run *r, const struct memblock_type *type, bool reserved)
{
	phys_addr_t total = 0, space_end = pa(r, NPAGES);

	if (type->cnt > type->max)
		fail(r, "%s.cnt %lu above max", type->name, type->cnt);
	for (unsigned long i = 0; i < type->cnt && i < type->max; i++) {
		const struct memblock_region *g = &type->regions[i];
		phys_addr_t end = g->base + g->size;

		total += g->size;
		if (g->size == 0 || g->base < r->base || end > space_end ||
		    (g->base | g->size) % PAGE_SIZE) {
			fail(r, "%s[%lu] = [0x%llx+0x%llx) outside the model or unaligned",
			     type->name, i, (unsigned long long)g->base,
			     (unsigned long long)g->size);
			return;
		}
		if (i > 0) {
			const struct memblock_region *prev = &type->regions[i - 1];
			phys_addr_t pend = prev->base + prev->size;

			if (pend > g->base)
				fail(r, "%s[%lu] overlaps or is out of order", type->name, i);
			if (pend == g->base && prev->nid == g->nid && prev->flags == g->flags)
				fail(r, "%s[%lu] should have been merged with the one before",
				     type->name, i);
		}
		if (reserved && (g->nid != NUMA_NO_NODE || g->flags))
			fail(r, "reserved[%lu] has node %d flags 0x%x", i, g->nid, g->flags);
		for (u64 p = (g->base - r->base) / PAGE_SIZE; p < (end - r->base) / PAGE_SIZE;
		     p++) {
			if (reserved) {
				r->seen->reserved[p] = true;
			} else {
				r->seen->nid[p] = g->nid;
				r->seen->nomap[p] = (g->flags & MEMBLOCK_NOMAP) != 0;
			}
		}
	}
	if (total != type->total_size)
		fail(r, "%s.total_size 0x%llx, regions add up to 0x%llx", type->name,
		     (unsigned long long)type->total_size, (unsigned long long)total);
}

/* Compare memblock with the model, page by page. */
static void compare(struct run *r)
{
	for (unsigned p = 0; p < NPAGES; p++) {
		r->seen->nid[p] = NOT_MEM;
		r->seen->nomap[p] = false;
		r->seen->reserved[p] = false;
	}
	read_type(r, &memblock.memory, false);
	read_type(r, &memblock.reserved, true);
	for (unsigned p = 0; p < NPAGES; p++) {
		const struct model *m = r->m, *s = r->seen;

		if (m->nid[p] != s->nid[p] || m->reserved[p] != s->reserved[p] ||
		    (m->nid[p] != NOT_MEM && m->nomap[p] != s->nomap[p])) {
			fail(r, "page %u: model node %d nomap %d reserved %d, memblock %d %d %d", p,
			     m->nid[p], m->nomap[p], m->reserved[p], s->nid[p], s->nomap[p],
			     s->reserved[p]);
			return;
		}
	}
}

/* The free ranges memblock iterates must be the model's maximal free same-node runs. */
static void compare_free_ranges(struct run *r)
{
	const struct model *m = r->m;
	phys_addr_t s, e;
	unsigned p = 0;
	u64 i;

	for_each_free_mem_range(i, NUMA_NO_NODE, &s, &e)
	{
		while (p < NPAGES && (m->nid[p] == NOT_MEM || m->nomap[p] || m->reserved[p]))
			p++;
		unsigned q = p;

		while (q < NPAGES && m->nid[q] == m->nid[p] && !m->nomap[q] && !m->reserved[q])
			q++;
		if (p >= NPAGES || s != pa(r, p) || e != pa(r, q)) {
			fail(r, "free range [0x%llx-0x%llx) but the model says page %u..%u",
			     (unsigned long long)s, (unsigned long long)e, p, q);
			return;
		}
		p = q;
	}
	while (p < NPAGES && (m->nid[p] == NOT_MEM || m->nomap[p] || m->reserved[p]))
		p++;
	if (p < NPAGES)
		fail(r, "free page %u missing from the free ranges", p);
}

/* Whether [a, a + n) pages can be allocated on node nid (NUMA_NO_NODE: any one node). */
static bool model_fits(const struct model *m, u64 a, u64 n, int nid)
{
	int want = m->nid[a];

	if (want == NOT_MEM || (nid != NUMA_NO_NODE && want != nid))
		return false;
	for (u64 p = a; p < a + n; p++)
		if (m->nid[p] != want || m->nomap[p] || m->reserved[p])
			return false;
	return true;
}

/* Brute force: the page memblock should allocate, or -1. Bounds are in pages. */
static long model_alloc(const struct run *r, u64 n, u64 align, u64 lo, u64 hi, int nid,
			bool bottom_up)
{
	if (r->base == 0 && lo == 0)
		lo = 1; /* address 0 is never returned */
	if (hi > NPAGES)
		hi = NPAGES;
	if (n == 0 || lo >= hi || hi - lo < n)
		return -1;
	for (u64 k = 0; k <= hi - lo - n; k++) {
		u64 a = bottom_up ? lo + k : hi - n - k;

		if ((r->base / PAGE_SIZE + a) % align == 0 && model_fits(r->m, a, n, nid))
			return (long)a;
	}
	return -1;
}

/* Pick a page range: mostly small (to fragment the tables), rarely large. */
static void pick_range(struct run *r, u64 *first, u64 *n)
{
	*first = rand_range(&r->rnd, 0, NPAGES - 1);
	if (rand_chance(&r->rnd, 1, 40))
		*n = rand_range(&r->rnd, 0, NPAGES - *first);
	else
		*n = rand_range(&r->rnd, 1, min((u64)6, NPAGES - *first));
}

enum rop {
	R_ADD,
	R_REMOVE,
	R_RESERVE,
	R_FREE,
	R_NOMAP,
	R_CLEAR_NOMAP,
	R_SET_NODE,
	R_NR
};

/* Apply a random table change to memblock and (if it must succeed) to the model. */
static void step_change(struct run *r)
{
	/* weights: add 3, free 2, the others 1 (memory grows, reservations churn) */
	static const enum rop ops[] = {R_ADD,  R_ADD,  R_ADD,	R_REMOVE,      R_RESERVE,
				       R_FREE, R_FREE, R_NOMAP, R_CLEAR_NOMAP, R_SET_NODE};
	enum rop op = ops[rand_range(&r->rnd, 0, ARRAY_SIZE(ops) - 1)];
	int nid = (int)rand_range(&r->rnd, 0, NR_NODES) - 1;
	bool nomap = rand_chance(&r->rnd, 1, 5);
	u64 first, n;
	int ret = 0;

	pick_range(r, &first, &n);
	*r->tmp = *r->m;
	for (u64 p = first; p < first + n; p++) {
		struct model *t = r->tmp;
		bool mem = t->nid[p] != NOT_MEM;

		switch (op) {
		case R_ADD:
			if (!mem) {
				t->nid[p] = nid;
				t->nomap[p] = nomap;
			}
			break;
		case R_REMOVE:
			t->nid[p] = NOT_MEM;
			t->nomap[p] = false;
			break;
		case R_RESERVE:
			t->reserved[p] = true;
			break;
		case R_FREE:
			t->reserved[p] = false;
			break;
		case R_NOMAP:
		case R_CLEAR_NOMAP:
			if (mem)
				t->nomap[p] = op == R_NOMAP;
			break;
		case R_SET_NODE:
			if (mem)
				t->nid[p] = nid;
			break;
		default:
			break;
		}
	}
	phys_addr_t b = pa(r, first), s = n * PAGE_SIZE;

	switch (op) {
	case R_ADD:
		ret = memblock_add_node(b, s, nid, nomap ? MEMBLOCK_NOMAP : 0);
		break;
	case R_REMOVE:
		ret = memblock_remove(b, s);
		break;
	case R_RESERVE:
		ret = memblock_reserve(b, s);
		break;
	case R_FREE:
		ret = memblock_free(b, s);
		break;
	case R_NOMAP:
		ret = memblock_mark_nomap(b, s);
		break;
	case R_CLEAR_NOMAP:
		ret = memblock_clear_nomap(b, s);
		break;
	case R_SET_NODE:
		ret = memblock_set_node(b, s, nid);
		break;
	default:
		break;
	}
	bool too_many = count_runs(r->tmp, false) > MEMBLOCK_MAX_REGIONS ||
			count_runs(r->tmp, true) > MEMBLOCK_MAX_REGIONS;

	if (ret != (too_many ? -ENOSPC : 0))
		fail(r, "op %d on pages %llu+%llu returned %d, model expects %d", op,
		     (unsigned long long)first, (unsigned long long)n, ret, too_many ? -ENOSPC : 0);
	if (ret == 0)
		*r->m = *r->tmp;
	else
		r->nospc++;
}

/* A random allocation, checked against the model's brute-force answer. */
static void step_alloc(struct run *r)
{
	u64 n = rand_range(&r->rnd, 1, rand_chance(&r->rnd, 1, 4) ? 16 : 3);
	u64 align = 1ULL << rand_range(&r->rnd, 0, rand_chance(&r->rnd, 1, 4) ? 5 : 1);
	bool bottom_up = rand_chance(&r->rnd, 1, 2);
	bool by_node = rand_chance(&r->rnd, 1, 2);
	int nid = (int)rand_range(&r->rnd, 0, NR_NODES) - 1;
	u64 lo = 0, hi = NPAGES;
	phys_addr_t got;
	long want;

	memblock_set_bottom_up(bottom_up);
	if (by_node) {
		u64 limit = rand_chance(&r->rnd, 1, 3) ? rand_range(&r->rnd, 1, NPAGES) : NPAGES;

		memblock_set_current_limit(limit == NPAGES ? MEMBLOCK_ALLOC_ANYWHERE
							   : pa(r, limit));
		hi = limit;
		want = model_alloc(r, n, align, lo, hi, nid, bottom_up);
		if (want < 0 && nid != NUMA_NO_NODE)
			want = model_alloc(r, n, align, lo, hi, NUMA_NO_NODE, bottom_up);
		got = memblock_phys_alloc_try_nid(n * PAGE_SIZE, align * PAGE_SIZE, nid);
		memblock_set_current_limit(MEMBLOCK_ALLOC_ANYWHERE);
	} else {
		lo = rand_range(&r->rnd, 0, NPAGES - 1);
		hi = rand_range(&r->rnd, lo, NPAGES + 4);
		want = model_alloc(r, n, align, lo, hi, NUMA_NO_NODE, bottom_up);
		got = memblock_phys_alloc_range(n * PAGE_SIZE, align * PAGE_SIZE, pa(r, lo),
						hi > NPAGES ? MEMBLOCK_ALLOC_ANYWHERE : pa(r, hi));
	}
	memblock_set_bottom_up(false);
	if (want >= 0) {
		*r->tmp = *r->m;
		for (u64 p = (u64)want; p < (u64)want + n; p++)
			r->tmp->reserved[p] = true;
		if (count_runs(r->tmp, true) > MEMBLOCK_MAX_REGIONS)
			want = -1; /* room, but no room in the reserved table */
		else
			*r->m = *r->tmp;
	}
	phys_addr_t expect = want < 0 ? 0 : pa(r, (u64)want);

	if (want < 0)
		r->alloc_fails++;
	else
		r->allocs++;

	if (got != expect)
		fail(r,
		     "alloc %llu pages align %llu [%llu, %llu) node %d %s: got 0x%llx, want 0x%llx",
		     (unsigned long long)n, (unsigned long long)align, (unsigned long long)lo,
		     (unsigned long long)hi, by_node ? nid : NUMA_NO_NODE,
		     bottom_up ? "bottom up" : "top down", (unsigned long long)got,
		     (unsigned long long)expect);
}

static void run_seed(struct run *r, u64 seed, unsigned steps)
{
	rand_seed(&r->rnd, seed);
	r->base = rand_chance(&r->rnd, 1, 4) ? 0 : 0x80000000ULL;
	memblock_reset();
	for (unsigned p = 0; p < NPAGES; p++) {
		r->m->nid[p] = NOT_MEM;
		r->m->nomap[p] = false;
		r->m->reserved[p] = false;
	}
	for (r->step = 0; r->step < steps && !r->failure[0]; r->step++) {
		if (rand_chance(&r->rnd, 1, 4))
			step_alloc(r);
		else
			step_change(r);
		compare(r);
		if (r->step % 8 == 0)
			compare_free_ranges(r);
	}
}

static struct memblock saved;
static struct memblock_region saved_mem[MEMBLOCK_MAX_REGIONS];
static struct memblock_region saved_res[MEMBLOCK_MAX_REGIONS];

KTEST(test_random_vs_model)
{
	struct run *r = calloc(1, sizeof(*r));
	u64 seed;

	ASSERT_NOT_NULL(r);
	r->m = calloc(1, sizeof(*r->m));
	r->tmp = calloc(1, sizeof(*r->tmp));
	r->seen = calloc(1, sizeof(*r->seen));
	if (!r->m || !r->tmp || !r->seen)
		goto out;

	saved = memblock;
	memcpy(saved_mem, memblock.memory.regions, sizeof(saved_mem));
	memcpy(saved_res, memblock.reserved.regions, sizeof(saved_res));

	fflush(stdout); /* silence memblock's warnings for the run */
	int out_fd = dup(1), null_fd = open("/dev/null", O_WRONLY);

	if (null_fd >= 0)
		dup2(null_fd, 1);
	for (seed = 1; seed <= 40 && !r->failure[0]; seed++)
		run_seed(r, seed, 1500);
	fflush(stdout);
	if (out_fd >= 0) {
		dup2(out_fd, 1);
		close(out_fd);
	}
	if (null_fd >= 0)
		close(null_fd);

	memcpy(memblock.memory.regions, saved_mem, sizeof(saved_mem));
	memcpy(memblock.reserved.regions, saved_res, sizeof(saved_res));
	memblock = saved;
	if (r->failure[0])
		ktest_fail(t, __FILE__, __LINE__, "seed %llu %s", (unsigned long long)(seed - 1),
			   r->failure);
	ktest_log(t, "%lu steps: %lu table-full refusals, %lu allocations, %lu expected failures",
		  (unsigned long)(seed - 1) * 1500, r->nospc, r->allocs, r->alloc_fails);
out:
	free(r->m);
	free(r->tmp);
	free(r->seen);
	free(r);
}

static const struct ktest_case memblock_random_cases[] = {
    KTEST_CASE(test_random_vs_model),
    {},
};
static const struct ktest_suite memblock_random_suite = {
    .name = "memblock_random",
    .cases = memblock_random_cases,
    .host_only = true,
};
KTEST_REGISTER(memblock_random_suite);
#endif
