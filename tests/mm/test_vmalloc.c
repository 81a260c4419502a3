// SPDX-License-Identifier: MIT
/*
 * vmalloc (mm/vmalloc.c, mm/vmalloc_info.c) on host and target. The cases follow those of
 * Linux's lib/test_vmalloc.c (fixed size, full fit, long busy list, random sizes,
 * alignment, align shift) plus vmap, ioremap, bad frees, guard pages, exhaustion and the
 * report formats.
 *
 * Every case switches the vmalloc API to its private test instance (so on the target the
 * kernel's own areas are left alone) over two static pools in this file:
 *  - table pages for a struct pgtable of its own (TABLE_PAGES pages at fake PA TABLE_PA);
 *  - a page provider of DATA_PAGES pages at fake PA DATA_PA (pages 0..127 on node 0, the
 *    rest on node 1), which can be capped to make allocations fail and counts what is out.
 * The mapped addresses are not live: content is reached as the MMU would, by walking the
 * test table (vmalloc_to_phys) and turning the PA into the pool page. Every case ends in
 * vm_end(): all areas gone, counters back to the baseline, vmalloc_verify() clean,
 * nothing left in either pool.
 */
#include "tests/ktest.h"
#include "mm/vmalloc.h"
#include "mm/pgtable.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/random.h"
#include "lib/string.h"

#define TABLE_PAGES 48
#define DATA_PAGES  256
#define TABLE_PA    0x40000000ULL /* fake physical base of the table pool */
#define DATA_PA	    0x80000000ULL /* fake physical base of the data pool */
#define DEV_PA	    0x10000000ULL /* a device window for ioremap (never dereferenced) */
#define POISON	    0xa5	  /* what pool pages hold when handed out */
#define VSTART	    VMALLOC_START
#define PG	    PAGE_SIZE

static u64 tables[TABLE_PAGES][PGT_PTES] __aligned(PAGE_SIZE);
static u8 data[DATA_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);

struct pool {
	bool used[DATA_PAGES];
	unsigned size;	 /* pages in the pool */
	unsigned in_use; /* handed out, not given back */
	unsigned limit;	 /* allocations fail beyond this many in use */
	unsigned bad;	 /* frees or lookups of addresses that are not pool pages in use */
	int last_nid;	 /* nid of the last data-page request */
	gfp_t last_gfp;	 /* gfp of the last data-page request */
};

static struct pool tp, dp;
static struct pgtable pgt;
static struct vmalloc_stats base; /* counters right after vmalloc_init() */

static int pool_alloc(struct pool *p)
{
	for (unsigned i = 0; i < p->size && p->in_use < p->limit; i++) {
		if (!p->used[i]) {
			p->used[i] = true;
			p->in_use++;
			return (int)i;
		}
	}
	return -1;
}

/* Index of the in-use pool page at pa, or -1 (counted as bad). */
static int pool_index(struct pool *p, phys_addr_t pa, phys_addr_t base_pa)
{
	u64 off = pa - base_pa;

	if (pa < base_pa || off >= (u64)p->size * PG || !IS_ALIGNED(off, PG) ||
	    !p->used[off / PG]) {
		p->bad++;
		return -1;
	}
	return (int)(off / PG);
}

static void pool_free(struct pool *p, phys_addr_t pa, phys_addr_t base_pa)
{
	int i = pool_index(p, pa, base_pa);

	if (i >= 0) {
		p->used[i] = false;
		p->in_use--;
	}
}

/* --- Table pages for the test's page table ---------------------------------------- */

static phys_addr_t table_alloc(void *ctx)
{
	int i = pool_alloc(&tp);

	if (i < 0)
		return 0;
	memset(tables[i], 0, PG);
	return TABLE_PA + (u64)i * PG;
}

static void table_free(void *ctx, phys_addr_t pa)
{
	pool_free(&tp, pa, TABLE_PA);
}

static u64 *table_va(void *ctx, phys_addr_t pa)
{
	int i = pool_index(&tp, pa, TABLE_PA);

	return tables[i < 0 ? 0 : i];
}

static const struct pgt_ops table_ops = {
    .alloc_table = table_alloc,
    .free_table = table_free,
    .table_va = table_va,
};

/* --- The page provider -------------------------------------------------------------- */

static phys_addr_t data_alloc(void *ctx, int nid, gfp_t gfp)
{
	int i = pool_alloc(&dp);

	dp.last_nid = nid;
	dp.last_gfp = gfp;
	return i < 0 ? 0 : DATA_PA + (u64)i * PG;
}

static void data_free(void *ctx, phys_addr_t pa)
{
	int i = pool_index(&dp, pa, DATA_PA);

	if (i >= 0) {
		memset(data[i], POISON, PG);
		pool_free(&dp, pa, DATA_PA);
	}
}

static void *data_va(void *ctx, phys_addr_t pa)
{
	int i = pool_index(&dp, ALIGN_DOWN(pa, PG), DATA_PA);

	return i < 0 ? NULL : data[i] + (pa & (PG - 1));
}

static int data_nid(void *ctx, phys_addr_t pa)
{
	return pa - DATA_PA < (u64)DATA_PAGES / 2 * PG ? 0 : 1;
}

static const struct vmalloc_page_ops data_ops = {
    .page_alloc = data_alloc,
    .page_free = data_free,
    .page_va = data_va,
    .page_nid = data_nid,
};

/* A data page taken directly from the provider (for vmap), and its PA. */
static phys_addr_t take_page(u8 fill)
{
	phys_addr_t pa = data_alloc(NULL, NUMA_NO_NODE, GFP_KERNEL);

	if (pa)
		memset(data_va(NULL, pa), fill, PG);
	return pa;
}

/* --- Set-up and the end of every case ------------------------------------------------ */

static bool vm_begin(struct ktest *t)
{
	tp = (struct pool){.size = TABLE_PAGES, .limit = TABLE_PAGES};
	dp = (struct pool){.size = DATA_PAGES, .limit = DATA_PAGES};
	memset(data, POISON, sizeof(data));
	vmalloc_use_test_instance(true);
	if (pgt_init(&pgt, &table_ops) != 0 || vmalloc_init(&pgt, &data_ops) != 0) {
		ktest_fail(t, __FILE__, __LINE__, "cannot set up the test instance");
		vmalloc_use_test_instance(false);
		return false;
	}
	vmalloc_get_stats(&base);
	EXPECT_EQ(base.nr_areas, 0);
	EXPECT_EQ(base.nr_free_ranges, 1);
	EXPECT_EQ(base.largest_free, VMALLOC_TOTAL);
	EXPECT_EQ(base.desc_pages, 1);
	EXPECT_EQ(dp.in_use, 1);
	return true;
}

#define BEGIN()                                                                                    \
	do {                                                                                       \
		if (!vm_begin(t))                                                                  \
			return;                                                                    \
	} while (0)

/* Counters back to the baseline and the tree sound; call with everything freed. */
static void expect_baseline(struct ktest *t)
{
	struct vmalloc_stats st;

	vmalloc_get_stats(&st);
	EXPECT_EQ(st.nr_areas, 0);
	EXPECT_EQ(st.nr_pages, 0);
	EXPECT_EQ(st.used_bytes, 0);
	EXPECT_EQ(st.nr_free_ranges, 1);
	EXPECT_EQ(st.largest_free, VMALLOC_TOTAL);
	EXPECT_EQ(st.list_pages, 0);
	EXPECT_EQ(st.desc_pages, base.desc_pages);
	EXPECT_EQ(dp.in_use, 1);
	EXPECT_EQ(pgt.tables, 1);
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
}

static void vm_end(struct ktest *t)
{
	expect_baseline(t);
	EXPECT_EQ(vmalloc_exit(), 0);
	EXPECT_EQ(dp.in_use, 0);
	EXPECT_EQ(pgt_verify(&pgt, NULL, NULL), 0);
	pgt_destroy(&pgt);
	EXPECT_EQ(tp.in_use, 0);
	EXPECT_EQ(dp.bad, 0);
	EXPECT_EQ(tp.bad, 0);
	vmalloc_use_test_instance(false);
}

/* Byte va of an area, reached through the test page table and the pool (NULL: unmapped). */
static u8 *vptr(unsigned long va)
{
	phys_addr_t pa = vmalloc_to_phys((const void *)va);

	return pa ? data_va(NULL, pa) : NULL;
}

/* Write a pattern derived from seed to [va, va+len) through the mappings. */
static bool fill(unsigned long va, unsigned long len, u8 seed)
{
	for (unsigned long off = 0; off < len; off += PG) {
		u8 *p = vptr(va + off);

		if (!p)
			return false;
		for (unsigned long i = 0; i < min(PG, len - off); i++)
			p[i] = (u8)(seed + (off + i) * 7 + ((off + i) >> 12));
	}
	return true;
}

/* Does [va, va+len) hold fill()'s pattern for seed? */
static bool check(unsigned long va, unsigned long len, u8 seed)
{
	for (unsigned long off = 0; off < len; off += PG) {
		u8 *p = vptr(va + off);

		if (!p)
			return false;
		for (unsigned long i = 0; i < min(PG, len - off); i++)
			if (p[i] != (u8)(seed + (off + i) * 7 + ((off + i) >> 12)))
				return false;
	}
	return true;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * The lowest-fit oracle: live areas [start, start+size) (guard pages included). The
 * lowest aligned start that fits always lies at the aligned-up start of a free gap, and
 * every gap starts at VMALLOC_START or at the end of an area.
 */
#define MODEL_MAX 32
struct model {
	unsigned long start[MODEL_MAX], size[MODEL_MAX];
	unsigned n;
};

static bool model_free_at(const struct model *m, unsigned long a, unsigned long size)
{
	if (a < VSTART || a + size > VMALLOC_END)
		return false;
	for (unsigned i = 0; i < m->n; i++)
		if (a < m->start[i] + m->size[i] && m->start[i] < a + size)
			return false;
	return true;
}

static unsigned long model_fit(const struct model *m, unsigned long size, unsigned long align)
{
	unsigned long best = 0, a;

	for (unsigned i = 0; i <= m->n; i++) {
		a = ALIGN_UP(i < m->n ? m->start[i] + m->size[i] : VSTART, align);
		if (model_free_at(m, a, size) && (!best || a < best))
			best = a;
	}
	return best;
}

static void model_add(struct model *m, unsigned long start, unsigned long size)
{
	m->start[m->n] = start;
	m->size[m->n++] = size;
}

static void model_del(struct model *m, unsigned i)
{
	m->start[i] = m->start[--m->n];
	m->size[i] = m->size[m->n];
}

/* --- Cases -------------------------------------------------------------------------- */

/* Linux fix_size_alloc_test: the same 3-page allocation, again and again. */
KTEST(test_fixed_size_alloc)
{
	BEGIN();
	for (int i = 0; i < 100; i++) {
		void *p = vmalloc(3 * PG);
		struct vm_struct *vm = find_vm_area(p);
		struct vmalloc_stats st;

		ASSERT_PTR_EQ(p, VSTART);
		ASSERT_NOT_NULL(vm);
		EXPECT_PTR_EQ(vm->addr, p);
		EXPECT_EQ(vm->size, 4 * PG);
		EXPECT_EQ(vm->flags, VM_ALLOC);
		EXPECT_EQ(vm->nr_pages, 3);
		EXPECT_NOT_NULL(vm->caller);
		EXPECT_TRUE(is_vmalloc_addr(p));
		vmalloc_get_stats(&st);
		EXPECT_EQ(st.nr_areas, 1);
		EXPECT_EQ(st.nr_pages, 3);
		EXPECT_EQ(st.used_bytes, 4 * PG);
		EXPECT_EQ(st.list_pages, 1);
		EXPECT_EQ(st.largest_free, VMALLOC_TOTAL - 4 * PG);
		EXPECT_EQ(dp.in_use, 1 + 1 + 3); /* descriptors, list, pages */
		EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
		vfree(p);
	}
	vm_end(t);
}

/* Linux full_fit_alloc_test: an area fills a hole exactly; a bigger one goes past it. */
KTEST(test_full_fit_alloc)
{
	struct vmalloc_stats st;
	void *a, *b, *c, *d, *e;

	BEGIN();
	a = vmalloc(PG);
	b = vmalloc(PG);
	c = vmalloc(PG);
	EXPECT_PTR_EQ(a, VSTART);
	EXPECT_PTR_EQ(b, VSTART + 2 * PG);
	EXPECT_PTR_EQ(c, VSTART + 4 * PG);
	vfree(b);
	vmalloc_get_stats(&st);
	EXPECT_EQ(st.nr_free_ranges, 2);
	d = vmalloc(PG);
	EXPECT_PTR_EQ(d, b); /* exact fit: the hole is used up */
	vmalloc_get_stats(&st);
	EXPECT_EQ(st.nr_free_ranges, 1);
	vfree(d);
	e = vmalloc(2 * PG); /* needs 3 pages: does not fit the 2-page hole */
	EXPECT_PTR_EQ(e, VSTART + 6 * PG);
	d = vmalloc(10); /* any size up to a page fits it */
	EXPECT_PTR_EQ(d, b);
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
	vfree(a);
	vfree(c);
	vfree(e);
	vfree(d);
	vm_end(t);
}

/* Linux long_busy_list_alloc_test: thousands of 1-page areas (vmaps of one page). */
KTEST(test_long_busy_list)
{
	const unsigned n = 2000;
	phys_addr_t page;
	struct vmalloc_stats st;
	void *p;

	BEGIN();
	page = take_page(0);
	ASSERT_NE(page, 0);
	for (unsigned i = 0; i < n; i++) {
		p = vmap(&page, 1, VM_MAP, PROT_KERNEL_RW);
		ASSERT_PTR_EQ(p, VSTART + 2UL * i * PG);
	}
	vmalloc_get_stats(&st);
	EXPECT_EQ(st.nr_areas, n);
	EXPECT_EQ(st.nr_free_ranges, 1);
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
	for (unsigned i = 1; i < n; i += 2)
		vunmap((void *)(VSTART + 2UL * i * PG));
	vmalloc_get_stats(&st);
	EXPECT_EQ(st.nr_areas, n / 2);
	EXPECT_EQ(st.nr_free_ranges, n / 2); /* 999 holes and the tail */
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
	p = vmalloc(PG); /* lowest hole */
	EXPECT_PTR_EQ(p, VSTART + 2 * PG);
	vfree(p);
	for (unsigned i = 0; i < n; i += 2)
		vunmap((void *)(VSTART + 2UL * i * PG));
	data_free(NULL, page);
	vm_end(t);
}

/* VMALLOC_MAX_AREAS live areas, then one more fails cleanly. */
KTEST(test_area_limit)
{
	phys_addr_t page;
	struct vmalloc_stats st;

	BEGIN();
	page = take_page(0);
	ASSERT_NE(page, 0);
	for (unsigned i = 0; i < VMALLOC_MAX_AREAS; i++)
		ASSERT_PTR_EQ(vmap(&page, 1, VM_MAP, PROT_KERNEL_RW), VSTART + 2UL * i * PG);
	vmalloc_get_stats(&st);
	EXPECT_NULL(vmalloc(PG));
	EXPECT_TRUE(starts_with(vmalloc_last_error(), "vmalloc: too many vmalloc areas"));
	EXPECT_NULL(vmap(&page, 1, VM_MAP, PROT_KERNEL_RW));
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
	EXPECT_EQ(st.nr_areas, VMALLOC_MAX_AREAS);
	for (unsigned i = 0; i < VMALLOC_MAX_AREAS; i++)
		vunmap((void *)(VSTART + 2UL * i * PG));
	data_free(NULL, page);
	vm_end(t);
}

/* Linux random_size_alloc_test, with content checks and the lowest-fit oracle. */
KTEST(test_random_size_alloc)
{
	struct {
		unsigned long addr, size;
		u8 seed;
	} slot[MODEL_MAX] = {{0}};
	struct model m = {0};
	struct rand_state r;

	BEGIN();
	rand_seed(&r, 0x766d616c6c6f63ULL);
	for (int iter = 0; iter < 300; iter++) {
		unsigned k = (unsigned)rand_range(&r, 0, 15);

		if (slot[k].addr) {
			EXPECT_TRUE(check(slot[k].addr, slot[k].size, slot[k].seed));
			vfree((void *)slot[k].addr);
			for (unsigned i = 0; i < m.n; i++) {
				if (m.start[i] == slot[k].addr) {
					model_del(&m, i);
					break;
				}
			}
			slot[k].addr = 0;
		} else {
			unsigned long pages = rand_range(&r, 1, 100);
			unsigned long size = pages * PG - rand_range(&r, 0, PG - 1);
			unsigned long want = model_fit(&m, (pages + 1) * PG, PG);

			if (dp.in_use + pages + 1 > DATA_PAGES)
				continue; /* the pool could not hold it (and its list page) */
			slot[k].addr = (unsigned long)vmalloc(size);
			ASSERT_EQ(slot[k].addr, want);
			slot[k].size = size;
			slot[k].seed = (u8)iter;
			model_add(&m, want, (pages + 1) * PG);
			EXPECT_TRUE(fill(slot[k].addr, size, slot[k].seed));
		}
		if (iter % 16 == 0)
			EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
	}
	for (unsigned k = 0; k < MODEL_MAX; k++) {
		if (slot[k].addr) {
			EXPECT_TRUE(check(slot[k].addr, slot[k].size, slot[k].seed));
			vfree((void *)slot[k].addr);
		}
	}
	vm_end(t);
}

/* Linux align_alloc_test: alignments up to 4 MiB (and 1 GiB), lowest aligned fit. */
KTEST(test_align_alloc)
{
	struct model m = {0};
	void *p[16], *junk, *hole;
	unsigned n = 0;

	BEGIN();
	junk = vmalloc(PG); /* so that VMALLOC_START is taken */
	ASSERT_PTR_EQ(junk, VSTART);
	model_add(&m, VSTART, 2 * PG);
	for (unsigned shift = PAGE_SHIFT; shift <= 22; shift++) {
		unsigned long align = 1UL << shift, want = model_fit(&m, 2 * PG, align);

		p[n] = __vmalloc_node(PG, align, GFP_KERNEL, NUMA_NO_NODE, NULL);
		ASSERT_NOT_NULL(p[n]);
		EXPECT_TRUE(IS_ALIGNED((unsigned long)p[n], align));
		EXPECT_PTR_EQ(p[n], want);
		model_add(&m, (unsigned long)p[n++], 2 * PG);
	}
	p[n] = __vmalloc_node(PG, SZ_1G, GFP_KERNEL, NUMA_NO_NODE, NULL);
	EXPECT_PTR_EQ(p[n], VSTART + SZ_1G);
	model_add(&m, (unsigned long)p[n++], 2 * PG);
	p[n] = __vmalloc_node(PG, 8, GFP_KERNEL, NUMA_NO_NODE, NULL); /* below a page: a page */
	EXPECT_PTR_EQ(p[n], model_fit(&m, 2 * PG, PG));
	model_add(&m, (unsigned long)p[n++], 2 * PG);
	hole = vmalloc(PG); /* the lowest hole left by the alignments */
	EXPECT_PTR_EQ(hole, model_fit(&m, 2 * PG, PG));
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
	vfree(hole);
	while (n--)
		vfree(p[n]);
	vfree(junk);
	vm_end(t);
}

/* Linux align_shift_alloc_test: alignments beyond 2^VMALLOC_MAX_ALIGN_SHIFT fail cleanly. */
KTEST(test_align_shift_fail)
{
	static const unsigned long bad[] = {0, 3, 0x3000, PG + 1};
	struct vmalloc_stats before, after;
	void *keep;

	BEGIN();
	keep = vmalloc(PG);
	vmalloc_get_stats(&before);
	for (unsigned shift = 0; shift < 64; shift++) {
		unsigned long align = 1UL << shift;
		void *p = __vmalloc_node(PG, align, GFP_KERNEL, NUMA_NO_NODE, NULL);

		if (shift <= VMALLOC_MAX_ALIGN_SHIFT) {
			ASSERT_NOT_NULL(p);
			EXPECT_TRUE(IS_ALIGNED((unsigned long)p, max(align, PG)));
			vfree(p);
		} else {
			EXPECT_NULL(p);
			EXPECT_TRUE(starts_with(vmalloc_last_error(), "vmalloc: alignment"));
		}
	}
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_NULL(__vmalloc_node(PG, bad[i], GFP_KERNEL, NUMA_NO_NODE, NULL));
		EXPECT_TRUE(starts_with(vmalloc_last_error(), "vmalloc: alignment"));
	}
	vmalloc_get_stats(&after);
	EXPECT_MEMEQ(&before, &after, sizeof(before));
	vfree(keep);
	vm_end(t);
}

/* vmap() of given pages: order, content, prot; the pages stay the caller's unless put. */
KTEST(test_vmap_pages)
{
	phys_addr_t pg[4], order[4], bad;
	struct vm_struct *vm;
	struct pgt_walk w;
	unsigned long v;
	void *a;

	BEGIN();
	for (int i = 0; i < 4; i++) {
		pg[i] = take_page((u8)(0x10 + i));
		ASSERT_NE(pg[i], 0);
	}
	order[0] = pg[3], order[1] = pg[0], order[2] = pg[2], order[3] = pg[1];
	v = (unsigned long)vmap(order, 4, VM_MAP, PROT_KERNEL_RO);
	ASSERT_EQ(v, VSTART);
	for (int i = 0; i < 4; i++) {
		EXPECT_EQ(vmalloc_to_phys((void *)(v + i * PG + 5)), order[i] + 5);
		EXPECT_EQ(*vptr(v + i * PG + 100), *(u8 *)data_va(NULL, order[i]));
	}
	EXPECT_EQ(pgt_walk(&pgt, v, &w), 0);
	EXPECT_EQ(w.prot, PROT_KERNEL_RO);
	vm = find_vm_area((void *)v);
	ASSERT_NOT_NULL(vm);
	EXPECT_EQ(vm->flags, VM_MAP);
	EXPECT_EQ(vm->nr_pages, 0);
	EXPECT_EQ(vm->size, 5 * PG);
	/* the wrong kind of free leaves it alone */
	a = vmalloc(PG);
	vunmap(a);
	EXPECT_STREQ(vmalloc_last_error(), "vunmap: not a vmap area (0xffffffc600005000)");
	iounmap((void *)v);
	EXPECT_TRUE(starts_with(vmalloc_last_error(), "iounmap: not an ioremap area"));
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
	vfree(a);
	vunmap((void *)v);
	vunmap(NULL);
	EXPECT_EQ(dp.in_use, 1 + 4); /* the pages are still ours */
	EXPECT_NULL(find_vm_area((void *)v));

	/* VM_MAP_PUT_PAGES: vfree() gives the pages back */
	v = (unsigned long)vmap(pg, 4, VM_MAP | VM_MAP_PUT_PAGES, PROT_KERNEL_RW);
	ASSERT_EQ(v, VSTART);
	EXPECT_EQ(find_vm_area((void *)v)->nr_pages, 4);
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
	vfree((void *)v);
	EXPECT_EQ(dp.in_use, 1);

	/* bad input */
	bad = DATA_PA + 0x800;
	EXPECT_NULL(vmap(&bad, 1, VM_MAP, PROT_KERNEL_RW));
	EXPECT_STREQ(vmalloc_last_error(), "vmap: page 0 is not a page address (0x80000800)");
	EXPECT_NULL(vmap(pg, 0, VM_MAP, PROT_KERNEL_RW));
	EXPECT_NULL(vmap(pg, 1, VM_MAP, PROT_W));
	EXPECT_NULL(vmap(pg, 1, VM_MAP | 0x8000, PROT_KERNEL_RW));
	EXPECT_NULL(vmap(NULL, 1, VM_MAP, PROT_KERNEL_RW));
	vm_end(t);
}

/* ioremap(): offset kept, phys recorded, device pages mapped, iounmap by any address. */
KTEST(test_ioremap)
{
	struct vm_struct *vm;
	struct pgt_walk w;
	unsigned long p, q;

	BEGIN();
	p = (unsigned long)ioremap(DEV_PA + 0x123, 0x20);
	ASSERT_EQ(p, VSTART + 0x123);
	vm = find_vm_area((void *)p);
	ASSERT_NOT_NULL(vm);
	EXPECT_EQ(vm->flags, VM_IOREMAP);
	EXPECT_EQ(vm->phys_addr, DEV_PA);
	EXPECT_EQ(vm->size, 2 * PG);
	EXPECT_EQ(vmalloc_to_phys((void *)p), DEV_PA + 0x123);
	EXPECT_EQ(pgt_walk(&pgt, p, &w), 0);
	EXPECT_EQ(w.prot, PROT_KERNEL_RW);
	q = (unsigned long)ioremap_prot(DEV_PA + 0xff0, 0x20, PROT_KERNEL_RO); /* crosses a page */
	ASSERT_EQ(q, VSTART + 2 * PG + 0xff0);
	EXPECT_EQ(find_vm_area((void *)q)->size, 3 * PG);
	EXPECT_EQ(vmalloc_to_phys((void *)(q + 0x10)), DEV_PA + 0x1000);
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
	vfree((void *)p);
	EXPECT_STREQ(vmalloc_last_error(), "vfree: bad address (0xffffffc600000123)");
	vfree((void *)VSTART);
	EXPECT_STREQ(vmalloc_last_error(),
		     "vfree: not a vmalloc or vmap area (0xffffffc600000000)");
	iounmap((void *)(p + 0x10)); /* any address in the first page */
	iounmap((void *)q);
	iounmap(NULL);
	EXPECT_NULL(ioremap(DEV_PA, 0));
	EXPECT_NULL(ioremap(~0ULL - 0x10, 0x100));
	EXPECT_NULL(ioremap(1ULL << 56, PG));
	EXPECT_NULL(ioremap_prot(DEV_PA, PG, PROT_W));
	vm_end(t);
}

/* vfree() of anything but an area's start: one line, nothing changes. */
KTEST(test_vfree_bad_address)
{
	struct vmalloc_stats before, after;
	unsigned long p;
	char want[64];
	const unsigned long bad[] = {
	    VSTART + PG,    VSTART + 1,	 VSTART + 2 * PG, VSTART + 3 * PG,
	    VSTART + SZ_1G, VSTART - PG, VMALLOC_END,	  0x1000,
	};

	BEGIN();
	p = (unsigned long)vmalloc(2 * PG);
	ASSERT_EQ(p, VSTART);
	ASSERT_TRUE(fill(p, 2 * PG, 42));
	vmalloc_get_stats(&before);
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		vfree((void *)bad[i]);
		snprintf(want, sizeof(want), "vfree: bad address (0x%lx)", bad[i]);
		EXPECT_STREQ(vmalloc_last_error(), want);
	}
	vmalloc_get_stats(&after);
	EXPECT_MEMEQ(&before, &after, sizeof(before));
	EXPECT_EQ(dp.in_use, 1 + 1 + 2);
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
	EXPECT_TRUE(check(p, 2 * PG, 42));
	vfree(NULL);
	vfree((void *)p);
	vfree((void *)p); /* double free */
	EXPECT_STREQ(vmalloc_last_error(), "vfree: bad address (0xffffffc600000000)");
	vm_end(t);
}

/* The guard page is never mapped, and the fault lookup names its area. */
KTEST(test_guard_page)
{
	struct vmalloc_fault f;
	struct pgt_walk w;
	unsigned long p, q;
	char line[128], want[128];

	BEGIN();
	p = (unsigned long)vmalloc(2 * PG);
	q = (unsigned long)vmalloc(PG);
	ASSERT_EQ(p, VSTART);
	ASSERT_EQ(q, VSTART + 3 * PG); /* right after p's guard page */
	EXPECT_EQ(pgt_walk(&pgt, p + 2 * PG, &w), -ENOENT);
	EXPECT_EQ(pgt_walk(&pgt, q + PG, &w), -ENOENT);
	EXPECT_EQ(vmalloc_to_phys((void *)(p + 2 * PG)), 0);
	EXPECT_PTR_EQ(find_vm_area((void *)(p + 2 * PG + 8))->addr, p);

	EXPECT_EQ(vmalloc_fault_lookup(p + 2 * PG + 8, &f), VMALLOC_FAULT_GUARD);
	EXPECT_EQ(f.area_start, p);
	EXPECT_EQ(f.area_size, 3 * PG);
	EXPECT_EQ(f.flags, VM_ALLOC);
	vmalloc_fault_format(&f, line, sizeof(line));
	snprintf(want, sizeof(want),
		 "vmalloc guard page overflow of area 0x%lx size 12288 caller 0x%lx (0x%lx)", p,
		 (unsigned long)find_vm_area((void *)p)->caller, p + 2 * PG + 8);
	EXPECT_STREQ(line, want);
	EXPECT_EQ(vmalloc_fault_lookup(p + 100, &f), VMALLOC_FAULT_AREA);
	EXPECT_EQ(vmalloc_fault_lookup(q + PG, &f), VMALLOC_FAULT_GUARD);
	EXPECT_EQ(f.area_start, q);
	EXPECT_EQ(vmalloc_fault_lookup(q + 2 * PG, &f), VMALLOC_FAULT_HOLE);
	vmalloc_fault_format(&f, line, sizeof(line));
	EXPECT_STREQ(line, "vmalloc: no area at this address (0xffffffc600005000)");
	EXPECT_EQ(vmalloc_fault_lookup(0x1000, &f), VMALLOC_FAULT_OUTSIDE);
	EXPECT_EQ(vmalloc_fault_lookup(VMALLOC_END, &f), VMALLOC_FAULT_OUTSIDE);

	/* a mapped guard page is what vmalloc_verify() is for */
	ASSERT_EQ(pgt_map_range(&pgt, p + 2 * PG, DATA_PA, PG, PROT_KERNEL_RW, 0), 0);
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 1);
	EXPECT_EQ(pgt_unmap_range(&pgt, p + 2 * PG, PG), 0);
	vfree((void *)p);
	vfree((void *)q);
	vm_end(t);
}

/* What is written through the mapping reads back; vzalloc and __GFP_ZERO give zeros. */
KTEST(test_content)
{
	unsigned long p, z, g, n;
	bool zero = true;

	BEGIN();
	p = (unsigned long)vmalloc(5 * PG + 100);
	ASSERT_NE(p, 0);
	EXPECT_EQ(find_vm_area((void *)p)->nr_pages, 6);
	EXPECT_EQ(*vptr(p), POISON); /* vmalloc() does not clear */
	ASSERT_TRUE(fill(p, 5 * PG + 100, 3));
	EXPECT_TRUE(check(p, 5 * PG + 100, 3));
	z = (unsigned long)vzalloc(3 * PG);
	g = (unsigned long)__vmalloc(2 * PG, GFP_KERNEL | __GFP_ZERO);
	ASSERT_NE(z, 0);
	ASSERT_NE(g, 0);
	EXPECT_EQ(dp.last_gfp & __GFP_ZERO, 0); /* vmalloc zeroes, the provider need not */
	for (unsigned long i = 0; i < 3 * PG; i++)
		zero = zero && *vptr(z + i) == 0 && (i >= 2 * PG || *vptr(g + i) == 0);
	EXPECT_TRUE(zero);
	EXPECT_TRUE(check(p, 5 * PG + 100, 3));
	n = (unsigned long)vmalloc_node(PG, 1);
	EXPECT_EQ(dp.last_nid, 1);
	EXPECT_EQ(find_vm_area((void *)n)->node, 1);
	vfree((void *)n);
	vfree((void *)z);
	vfree((void *)g);
	vfree((void *)p);
	EXPECT_NULL(vmalloc(0));
	EXPECT_STREQ(vmalloc_last_error(), "vmalloc: invalid size (0)");
	EXPECT_NULL(vmalloc(VMALLOC_MAX_PAGES * PG + 1));
	vm_end(t);
}

/* Every way an allocation can run out of pages: NULL, and nothing leaked. */
KTEST(test_page_exhaustion)
{
	static const unsigned long sizes[] = {1, 3, 100, 600};
	struct vmalloc_stats st;
	unsigned ok = 0, failed = 0;

	BEGIN();
	for (unsigned s = 0; s < ARRAY_SIZE(sizes); s++) {
		for (unsigned lim = 1; lim <= sizes[s] + 4 && lim <= DATA_PAGES; lim++) {
			void *p;

			dp.limit = lim;
			p = __vmalloc(sizes[s] * PG, GFP_KERNEL | __GFP_NOWARN);
			dp.limit = DATA_PAGES;
			if (p) {
				ok++;
				vfree(p);
			} else {
				failed++;
			}
			vmalloc_get_stats(&st);
			EXPECT_EQ(st.nr_areas, 0);
			EXPECT_EQ(dp.in_use, 1);
			EXPECT_EQ(pgt.tables, 1);
		}
	}
	EXPECT_EQ(ok, 4 + 3 + 3); /* from 2, 5 and 102 pages in use on; 600 never */
	EXPECT_EQ(failed, 1 + 4 + 101 + 256);
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);

	/* The warning names the allocation. */
	dp.limit = 3;
	EXPECT_NULL(vmalloc(4 * PG));
	EXPECT_STREQ(vmalloc_last_error(),
		     "vmalloc: allocation failure: 1 of 4 pages allocated (16384 bytes)");

	/* No page for a descriptor page: vmaps until the first one is full. */
	dp.limit = 2;
	{
		phys_addr_t page = take_page(0);
		unsigned n = 0;

		while (vmap(&page, 1, VM_MAP, PROT_KERNEL_RW))
			n++;
		EXPECT_TRUE(
		    starts_with(vmalloc_last_error(), "vmap: no page for area descriptors"));
		EXPECT_GT(n, 16);
		EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
		while (n--)
			vunmap((void *)(VSTART + 2UL * n * PG));
		data_free(NULL, page);
	}
	dp.limit = DATA_PAGES;

	/* No table page: the mapping fails, the pages go back. */
	tp.limit = 1;
	EXPECT_NULL(vmalloc(2 * PG));
	EXPECT_TRUE(starts_with(vmalloc_last_error(), "vmalloc: cannot map 2 pages"));
	EXPECT_NULL(ioremap(DEV_PA, PG));
	EXPECT_NULL(vmap((phys_addr_t[]){DATA_PA}, 1, VM_MAP, PROT_KERNEL_RW));
	tp.limit = TABLE_PAGES;
	vm_end(t);
}

static struct {
	char line[6][200];
	unsigned n;
} cap;

static void capture(void *arg, const char *line)
{
	if (cap.n < ARRAY_SIZE(cap.line))
		strlcpy(cap.line[cap.n], line, sizeof(cap.line[0]));
	cap.n++;
}

/* vmallocinfo in Linux's /proc/vmallocinfo format; the meminfo lines. */
KTEST(test_vmallocinfo_format)
{
	unsigned long a, io, v, b;
	phys_addr_t page;
	char want[200];

	BEGIN();
	a = (unsigned long)vmalloc(4 * PG);
	io = (unsigned long)ioremap(DEV_PA, PG);
	page = take_page(0);
	v = (unsigned long)vmap(&page, 1, VM_MAP, PROT_KERNEL_RW);
	b = (unsigned long)vmalloc(3 * PG);
	ASSERT_EQ(a, VSTART);
	cap.n = 0;
	vmallocinfo(capture, NULL);
	ASSERT_EQ(cap.n, 4);
	EXPECT_TRUE(starts_with(cap.line[0], "0xffffffc600000000-0xffffffc600005000   20480 0x"));
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx   20480 0x%lx pages=4 vmalloc N0=4", a,
		 a + 5 * PG, (unsigned long)find_vm_area((void *)a)->caller);
	EXPECT_STREQ(cap.line[0], want);
	snprintf(want, sizeof(want),
		 "0x%016lx-0x%016lx    8192 0x%lx phys=0x0000000010000000 ioremap", io, io + 2 * PG,
		 (unsigned long)find_vm_area((void *)io)->caller);
	EXPECT_STREQ(cap.line[1], want);
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx    8192 0x%lx vmap", v, v + 2 * PG,
		 (unsigned long)find_vm_area((void *)v)->caller);
	EXPECT_STREQ(cap.line[2], want);
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx   16384 0x%lx pages=3 vmalloc N0=3", b,
		 b + 4 * PG, (unsigned long)find_vm_area((void *)b)->caller);
	EXPECT_STREQ(cap.line[3], want);

	cap.n = 0;
	vmalloc_meminfo(capture, NULL);
	ASSERT_EQ(cap.n, 3);
	EXPECT_STREQ(cap.line[0], "VmallocTotal:   67108864 kB");
	EXPECT_STREQ(cap.line[1], "VmallocUsed:          28 kB");
	snprintf(want, sizeof(want), "VmallocChunk:   %8lu kB", (VMALLOC_END - (b + 4 * PG)) >> 10);
	EXPECT_STREQ(cap.line[2], want);

	vfree((void *)a);
	iounmap((void *)io);
	vunmap((void *)v);
	vfree((void *)b);
	data_free(NULL, page);
	cap.n = 0;
	vmallocinfo(capture, NULL);
	EXPECT_EQ(cap.n, 0);
	vm_end(t);
}

/* Pages on two nodes are counted per node; a 600-page area lists its pages in a directory. */
KTEST(test_numa_and_big_area)
{
	unsigned long p;
	char want[200];

	BEGIN();
	p = (unsigned long)vmalloc(200 * PG); /* pool pages 2..201: 126 on node 0, 74 on 1 */
	ASSERT_EQ(p, VSTART);
	cap.n = 0;
	vmallocinfo(capture, NULL);
	snprintf(want, sizeof(want),
		 "0x%016lx-0x%016lx  823296 0x%lx pages=200 vmalloc N0=126 N1=74", p, p + 201 * PG,
		 (unsigned long)find_vm_area((void *)p)->caller);
	EXPECT_STREQ(cap.line[0], want);
	ASSERT_TRUE(fill(p, 200 * PG, 9));
	EXPECT_TRUE(check(p, 200 * PG, 9));
	vfree((void *)p);

	/* more than 512 pages: a directory of list pages (the pool runs short, cleanly) */
	EXPECT_NULL(__vmalloc(600 * PG, GFP_KERNEL | __GFP_NOWARN));
	vm_end(t);
}

/* Set-up errors, and areas left at vmalloc_exit(). */
KTEST(test_init_and_exit)
{
	struct pgtable none = {0};
	struct vmalloc_page_ops half = {.page_alloc = data_alloc};

	BEGIN();
	EXPECT_EQ(vmalloc_init(&pgt, &data_ops), -EBUSY);
	EXPECT_NOT_NULL(vmalloc(PG));
	EXPECT_NOT_NULL(ioremap(DEV_PA, PG));
	EXPECT_EQ(vmalloc_exit(), 2);
	EXPECT_EQ(dp.in_use, 0);
	EXPECT_EQ(pgt.tables, 1);
	EXPECT_NULL(vmalloc(PG));
	EXPECT_STREQ(vmalloc_last_error(), "vmalloc: vmalloc not initialised (test instance)");
	EXPECT_NULL(find_vm_area((void *)VSTART));
	vfree((void *)VSTART);
	EXPECT_EQ(vmalloc_init(&none, &data_ops), -EINVAL);
	EXPECT_EQ(vmalloc_init(&pgt, &half), -EINVAL);
	EXPECT_EQ(vmalloc_init(&pgt, NULL), -EINVAL);
	dp.limit = 0;
	EXPECT_EQ(vmalloc_init(&pgt, &data_ops), -ENOMEM);
	dp.limit = DATA_PAGES;
	ASSERT_EQ(vmalloc_init(&pgt, &data_ops), 0);
	vm_end(t);
}

static void vmalloc_suite_exit(void)
{
	vmalloc_use_test_instance(false);
}

static const struct ktest_case vmalloc_cases[] = {
    KTEST_CASE(test_fixed_size_alloc),
    KTEST_CASE(test_full_fit_alloc),
    KTEST_CASE(test_long_busy_list),
    KTEST_CASE(test_area_limit),
    KTEST_CASE(test_random_size_alloc),
    KTEST_CASE(test_align_alloc),
    KTEST_CASE(test_align_shift_fail),
    KTEST_CASE(test_vmap_pages),
    KTEST_CASE(test_ioremap),
    KTEST_CASE(test_vfree_bad_address),
    KTEST_CASE(test_guard_page),
    KTEST_CASE(test_content),
    KTEST_CASE(test_page_exhaustion),
    KTEST_CASE(test_vmallocinfo_format),
    KTEST_CASE(test_numa_and_big_area),
    KTEST_CASE(test_init_and_exit),
    {},
};

static const struct ktest_suite vmalloc_suite = {
    .name = "vmalloc",
    .cases = vmalloc_cases,
    .exit = vmalloc_suite_exit,
};
KTEST_REGISTER(vmalloc_suite);
