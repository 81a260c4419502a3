// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the allocator APIs: the input is a sequence of operations on the
 * buddy allocator, the slab allocator (caches and kmalloc) and vmalloc, run over a private
 * machine that is built afresh for every input, so each input replays the same way.
 *
 * The machine: FZ_PAGES pages of "physical memory" (a static buffer that appears at
 * FZ_PHYS through host_phys_offset) in a struct mm_state of its own, a private slab state
 * bootstrapped over it, and the vmalloc test instance mapping into a private struct pgtable;
 * vmalloc's data pages, descriptor pages and page-table pages all come from the private
 * buddy allocator, so the three allocators share and compete for the same memory.
 *
 * Input: byte 0 configures the machine, the rest is read as operations until it runs out
 * (missing argument bytes read as 0) or FZ_MAX_OPS operations have run:
 *
 *	byte 0    bits 0-1 layout (see fz_layouts), bit 2 slub_debug flags on every cache,
 *	          bit 3 watermarks and lowmem reserves 0, bit 4 tiny per-CPU page lists
 *	op        opcode byte (mod FZ_NR_OPS: an index in fz_ops[]), then its arguments,
 *	          read by the operation's function (sizes, gfp and node selectors, bytes)
 *
 * Every live allocation is tracked with a model of its content: a base byte over the
 * whole object and up to FZ_MAX_RECS writes (offset, length, byte) on top. Fresh memory is
 * checked when its contents are promised (__GFP_ZERO, a constructor, krealloc's copy),
 * then filled; a write op writes through the object's own address (vmalloc memory
 * through the private page table) and records it; every free checks the whole object
 * first. New objects must not overlap live ones and must have the promised alignment.
 *
 * After EVERY operation: buddy_verify(), slab_verify(), vmalloc_verify() and pgt_verify()
 * report no error, no slab BUG report and no bad page state happened, and every page the
 * buddy allocator had is free (per-CPU lists included) or accounted to slab, vmalloc, the
 * page table or the fuzzer's own blocks (fz_account()). At the end everything is freed,
 * the caches destroyed, vmalloc must hold no area, list or table page, and once vmalloc
 * and slab are torn down the buddy allocator must have exactly the free pages it had
 * before they started. Any failure prints the operation, what broke and the allocators'
 * last messages on stderr, then __builtin_trap() so libFuzzer keeps the input.
 * To replay one: FUZZ_VERBOSE=1 build/fuzz/fuzz_mm FILE (traces every operation on
 * stderr). The seeds in tests/fuzz/corpus/fuzz_mm/ are short hand-written sequences per
 * allocator and the inputs of the bugs this harness found (regress-*).
 */
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/page_alloc_internal.h"
#include "mm/pgtable.h"
#include "mm/slab_internal.h"
#include "mm/vmalloc.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

#define FZ_PAGES    4096UL	 /* 16 MiB of physical memory */
#define FZ_PHYS	    0x80000000UL /* where it appears (QEMU virt's RAM base) */
#define FZ_POOL	    (640 * 1024) /* memmap (256 KiB) + per-CPU lists + pageblock bitmaps */
#define FZ_MAX_OPS  256		 /* operations per input at most */
#define FZ_MAX_OBJS 96		 /* live allocations tracked at most */
#define FZ_MAX_C    8		 /* user caches at most */
#define FZ_MAX_RECS 4		 /* writes remembered per object before a refill */
#define FZ_KMALLOC  20000	 /* kmalloc/krealloc sizes 0..FZ_KMALLOC */
#define FZ_VPAGES   64		 /* vmalloc sizes up to FZ_VPAGES pages */
#define FZ_CTOR	    0xc7	 /* what the constructor writes */
#define FZ_LOG	    8192	 /* bytes of allocator messages kept for a failure report */

/* ---- failures ---- */

static char fz_log[FZ_LOG];
static size_t fz_log_len;
static int fz_op_no;
static const char *fz_op_name = "setup";
static bool fz_verbose;

/* FUZZ_VERBOSE: what an operation did, on stderr. */
static __attribute__((format(printf, 1, 2))) void fz_trace(const char *fmt, ...)
{
	va_list ap;

	if (!fz_verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* Keep the lines the allocators print, for a failure report. */
static void fz_log_line(void *ctx, const char *line)
{
	size_t n = strlen(line);

	fz_trace("  | %s%s", line, n && line[n - 1] == '\n' ? "" : "\n");
	if (n >= FZ_LOG / 2)
		n = FZ_LOG / 2 - 1;
	if (fz_log_len + n + 2 > FZ_LOG)
		fz_log_len = 0; /* the latest messages are the ones that matter */
	memcpy(fz_log + fz_log_len, line, n);
	fz_log_len += n;
	if (!n || line[n - 1] != '\n')
		fz_log[fz_log_len++] = '\n';
	fz_log[fz_log_len] = '\0';
}

static __attribute__((noreturn, format(printf, 1, 2))) void fz_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_mm: op %d (%s): ", fz_op_no, fz_op_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nfuzz_mm: allocator messages before the failure:\n%s", fz_log);
	__builtin_trap();
}

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fz_fail(__VA_ARGS__);                                                      \
	} while (0)

/* ---- the machine ---- */

struct fz_layout {
	unsigned nr_nodes;
	struct pfn_range present[2][2]; /* per node, page offsets; end 0: unused */
	unsigned long movable[2];	/* page offset where ZONE_MOVABLE starts; 0: none */
	unsigned long dma32_end;	/* page offset; 0: everything is DMA32 */
};

/* One node; two nodes with three zone types; holes; a node that is all ZONE_MOVABLE. */
static const struct fz_layout fz_layouts[4] = {
    {1, {{{0, FZ_PAGES}}}, {0}, 0},
    {2, {{{0, 2048}}, {{2048, FZ_PAGES}}}, {0, 3072}, 1024},
    {1, {{{0, 1536}, {1600, FZ_PAGES}}}, {3584}, 512},
    {2, {{{0, 3072}}, {{3072, FZ_PAGES}}}, {0, 3072}, 512},
};

static u8 fz_mem[FZ_PAGES * PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 fz_pool[FZ_POOL] __aligned(64);
static size_t fz_pool_used;
static struct mm_state fz_mm;
static struct slab_state fz_slab;
static struct pgtable fz_pgt;
static unsigned long fz_free0; /* free pages once the buddy allocator is up */

static void *fz_pool_alloc(size_t bytes, int nid)
{
	size_t at = ALIGN_UP(fz_pool_used, (size_t)64);

	if (at + bytes > sizeof(fz_pool))
		return NULL;
	fz_pool_used = at + bytes;
	return fz_pool + at;
}

static pfn_t fz_pfn(unsigned long off)
{
	return PHYS_PFN(FZ_PHYS) + off;
}

static unsigned long fz_free_pages(void)
{
	drain_all_pages(NULL);
	return nr_free_pages();
}

static void fz_page_free(void *ctx, phys_addr_t pa)
{
	__free_page(pfn_to_page(PHYS_PFN(pa)));
}

static phys_addr_t fz_table_alloc(void *ctx)
{
	struct page *p = alloc_page(GFP_KERNEL | __GFP_ZERO);

	return p ? PFN_PHYS(page_to_pfn(p)) : 0;
}

static u64 *fz_table_va(void *ctx, phys_addr_t pa)
{
	return phys_to_virt(pa);
}

static const struct pgt_ops fz_table_ops = {
    .alloc_table = fz_table_alloc,
    .free_table = fz_page_free,
    .table_va = fz_table_va,
};

static phys_addr_t fz_page_alloc(void *ctx, int nid, gfp_t gfp)
{
	struct page *p = alloc_pages_node(nid, gfp, 0);

	return p ? PFN_PHYS(page_to_pfn(p)) : 0;
}

static void *fz_page_va(void *ctx, phys_addr_t pa)
{
	return phys_to_virt(pa);
}

static int fz_page_nid(void *ctx, phys_addr_t pa)
{
	return page_to_nid(pfn_to_page(PHYS_PFN(pa)));
}

static struct page *fz_page_struct(void *ctx, phys_addr_t pa)
{
	return pfn_to_page(PHYS_PFN(pa));
}

static const struct vmalloc_page_ops fz_page_ops = {
    .page_alloc = fz_page_alloc,
    .page_free = fz_page_free,
    .page_va = fz_page_va,
    .page_nid = fz_page_nid,
    .page_struct = fz_page_struct,
};

static void fz_setup(u8 cfg)
{
	const struct fz_layout *l = &fz_layouts[cfg & 3];
	struct pglist_data *pgdat;
	struct zone *zone;

	fz_log_len = 0;
	fz_log[0] = '\0';
	fz_pool_used = 0;
	host_phys_offset = (uintptr_t)fz_mem - FZ_PHYS;
	mm_state_init(&fz_mm);
	mm_state_switch(&fz_mm);
	mm_print_redirect(fz_log_line, NULL);
	fz_mm.dma32_end_pfn = fz_pfn(l->dma32_end ? l->dma32_end : FZ_PAGES);
	for (unsigned n = 0; n < l->nr_nodes; n++) {
		struct pfn_range r[2];
		unsigned nr = 0;

		for (; nr < 2 && l->present[n][nr].end; nr++)
			r[nr] = (struct pfn_range){fz_pfn(l->present[n][nr].start),
						   fz_pfn(l->present[n][nr].end)};
		CHECK(!mm_node_init((int)n, r, nr, l->movable[n] ? fz_pfn(l->movable[n]) : 0,
				    fz_pool_alloc),
		      "mm_node_init(%u) failed", n);
		CHECK(!set_cpu_numa_node(n, (int)n), "set_cpu_numa_node(%u) failed", n);
	}
	build_all_zonelists();
	for (unsigned n = 0; n < l->nr_nodes; n++)
		for (unsigned i = 0; i < 2 && l->present[n][i].end; i++)
			free_pages_range(fz_pfn(l->present[n][i].start),
					 fz_pfn(l->present[n][i].end));
	init_per_zone_wmark_min();
	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat)
	{
		if (cfg & 8) {
			for (int w = 0; w < NR_WMARK; w++)
				zone->_watermark[w] = 0;
			for (int i = 0; i < MAX_NR_ZONES; i++)
				zone->lowmem_reserve[i] = 0;
		}
		if ((cfg & 16) && zone->per_cpu_pageset)
			zone_set_pageset_high_and_batch(zone, 4, 1);
	}
	fz_free0 = fz_free_pages();

	slab_state_init(&fz_slab, (cfg & 4) ? SLAB_DEBUG_FLAGS : 0, 0x5eed5eed12345678ULL);
	slab_state_switch(&fz_slab);
	CHECK(!slab_state_bootstrap(), "slab_state_bootstrap failed");
	vmalloc_use_test_instance(true);
	CHECK(!pgt_init(&fz_pgt, &fz_table_ops), "pgt_init failed");
	CHECK(!vmalloc_init(&fz_pgt, &fz_page_ops), "vmalloc_init failed");
}

/* ---- live objects and their content model ---- */

enum fz_kind {
	FZ_PAGES_K, /* alloc_pages(): page, order */
	FZ_CACHE_K, /* kmem_cache_alloc(): cache index */
	FZ_KMALLOC_K,
	FZ_VMALLOC_K,
	FZ_NR_KINDS
};

static const char *const fz_kind_names[FZ_NR_KINDS] = {"pages", "cache", "kmalloc", "vmalloc"};

struct fz_rec {
	size_t off, len; /* bytes */
	u8 val;
};

struct fz_obj {
	enum fz_kind kind;
	u8 *ptr;	   /* what the allocator returned (a vmalloc address is not live) */
	size_t size;	   /* bytes the caller may use */
	struct page *page; /* FZ_PAGES_K */
	unsigned order;	   /* FZ_PAGES_K */
	int cache;	   /* FZ_CACHE_K: index in fz_caches */
	bool zchain;	   /* FZ_KMALLOC_K: kzalloc'ed and only krealloc'ed with __GFP_ZERO */
	u8 base;	   /* every byte not covered by a rec */
	unsigned nrec;
	struct fz_rec rec[FZ_MAX_RECS]; /* later ones win */
};

struct fz_cache {
	struct kmem_cache *c;
	unsigned size, align; /* as created */
	bool ctor, dma32;
	unsigned live; /* objects allocated and not freed */
};

static struct fz_obj fz_objs[FZ_MAX_OBJS];
static unsigned fz_nobj;
static struct fz_cache fz_caches[FZ_MAX_C];
static unsigned fz_ncache;

/* A cache slot (ci mod FZ_MAX_C, or the next one in use), or -1 when there is no cache. */
static int fz_cache_slot(unsigned ci)
{
	for (unsigned i = 0; i < FZ_MAX_C; i++) {
		unsigned slot = (ci + i) % FZ_MAX_C;

		if (fz_caches[slot].c)
			return (int)slot;
	}
	return -1;
}

/* The constructor: the object size comes from its slab, set up before constructors run. */
static void fz_ctor(void *obj)
{
	struct page *slab = addr_to_slab(obj);

	CHECK(slab, "constructor called on %p, not in a slab", obj);
	memset(obj, FZ_CTOR, slab_cache(slab)->object_size);
}

/* A host pointer to n bytes at offset off of o, n cut at the page end for vmalloc memory. */
static u8 *fz_at(const struct fz_obj *o, size_t off, size_t *n)
{
	if (o->kind != FZ_VMALLOC_K)
		return o->ptr + off;

	phys_addr_t pa = vmalloc_to_phys(o->ptr + off);
	size_t room = PAGE_SIZE - ((uintptr_t)(o->ptr + off) & (PAGE_SIZE - 1));

	CHECK(pa, "vmalloc %p+%zu (size %zu) not mapped", (void *)o->ptr, off, o->size);
	if (*n > room)
		*n = room;
	return phys_to_virt(pa);
}

static void fz_fill(const struct fz_obj *o, size_t off, size_t len, u8 v)
{
	while (len) {
		size_t n = len;
		u8 *p = fz_at(o, off, &n);

		memset(p, v, n);
		off += n;
		len -= n;
	}
}

/* Is [off, off+len) of o all v? Fails the run, naming what, if not. */
static void fz_expect(const struct fz_obj *o, size_t off, size_t len, u8 v, const char *what)
{
	while (len) {
		size_t n = len;
		u8 *p = fz_at(o, off, &n);

		if (p[0] != v || (n > 1 && memcmp(p, p + 1, n - 1))) {
			size_t i = 0;

			while (p[i] == v)
				i++;
			fz_fail("%s %p size %zu: byte %zu is 0x%02x, expected 0x%02x (%s)",
				fz_kind_names[o->kind], (void *)o->ptr, o->size, off + i, p[i], v,
				what);
		}
		off += n;
		len -= n;
	}
}

/* Check bytes [0, limit) of o against its model. */
static void fz_check(const struct fz_obj *o, size_t limit, const char *what)
{
	size_t cut[2 * FZ_MAX_RECS + 2];
	unsigned nc = 0;

	cut[nc++] = 0;
	cut[nc++] = limit;
	for (unsigned i = 0; i < o->nrec; i++) {
		cut[nc++] = min(o->rec[i].off, limit);
		cut[nc++] = min(o->rec[i].off + o->rec[i].len, limit);
	}
	for (unsigned i = 1; i < nc; i++) /* insertion sort of at most 10 cuts */
		for (unsigned j = i; j > 0 && cut[j - 1] > cut[j]; j--) {
			size_t t = cut[j];

			cut[j] = cut[j - 1];
			cut[j - 1] = t;
		}
	for (unsigned i = 0; i + 1 < nc; i++) {
		size_t a = cut[i], b = cut[i + 1];
		u8 v = o->base;

		if (a == b)
			continue;
		for (unsigned r = 0; r < o->nrec; r++)
			if (o->rec[r].off <= a && a < o->rec[r].off + o->rec[r].len)
				v = o->rec[r].val;
		fz_expect(o, a, b - a, v, what);
	}
}

/* Fill all of o with v: the model becomes just that. */
static void fz_refill(struct fz_obj *o, u8 v)
{
	fz_fill(o, 0, o->size, v);
	o->base = v;
	o->nrec = 0;
}

static void fz_write(struct fz_obj *o, size_t off, size_t len, u8 v)
{
	if (o->nrec == FZ_MAX_RECS) {
		fz_check(o, o->size, "before a refill");
		fz_refill(o, o->base + 1);
	}
	fz_fill(o, off, len, v);
	o->rec[o->nrec++] = (struct fz_rec){off, len, v};
}

/* Byte ranges of the direct map o occupies: one, or one per page of a vmalloc area. */
static unsigned fz_ranges(const struct fz_obj *o, uintptr_t r[][2])
{
	if (o->kind != FZ_VMALLOC_K) {
		if (!o->size)
			return 0;
		r[0][0] = (uintptr_t)o->ptr;
		r[0][1] = (uintptr_t)o->ptr + o->size;
		return 1;
	}
	unsigned n = 0;

	for (size_t off = 0; off < o->size; off += PAGE_SIZE, n++) {
		size_t len = PAGE_SIZE;

		r[n][0] = (uintptr_t)fz_at(o, off, &len);
		r[n][1] = r[n][0] + PAGE_SIZE;
	}
	return n;
}

/* A new object must not share memory with a live one (nor, for vmalloc, virtual space). */
static void fz_no_overlap(const struct fz_obj *o)
{
	static uintptr_t a[FZ_VPAGES][2], b[FZ_VPAGES][2];
	unsigned na = fz_ranges(o, a);

	for (unsigned i = 0; i < fz_nobj; i++) {
		const struct fz_obj *x = &fz_objs[i];

		if (x == o)
			continue;
		if (o->kind == FZ_VMALLOC_K && x->kind == FZ_VMALLOC_K) {
			CHECK(o->ptr + o->size <= x->ptr || x->ptr + x->size <= o->ptr,
			      "vmalloc %p size %zu overlaps vmalloc %p size %zu", (void *)o->ptr,
			      o->size, (void *)x->ptr, x->size);
			if (na > 1)
				continue; /* their pages: the content checks will tell */
		}
		unsigned nb = fz_ranges(x, b);

		for (unsigned j = 0; j < na; j++)
			for (unsigned k = 0; k < nb; k++)
				CHECK(a[j][1] <= b[k][0] || b[k][1] <= a[j][0],
				      "%s %p size %zu overlaps %s %p size %zu",
				      fz_kind_names[o->kind], (void *)o->ptr, o->size,
				      fz_kind_names[x->kind], (void *)x->ptr, x->size);
	}
}

/* Track a new allocation: check it (zero, ctor) and its place, then fill it with v. */
static struct fz_obj *fz_add(enum fz_kind kind, void *ptr, size_t size, bool zero, u8 v)
{
	struct fz_obj *o = &fz_objs[fz_nobj++];

	*o = (struct fz_obj){.kind = kind, .ptr = ptr, .size = size, .base = 0};
	fz_no_overlap(o);
	if (zero)
		fz_expect(o, 0, size, 0, "__GFP_ZERO");
	fz_refill(o, v);
	return o;
}

/* The (sel mod count)-th live object of kind (FZ_NR_KINDS: any), or NULL. */
static struct fz_obj *fz_pick(enum fz_kind kind, unsigned sel)
{
	unsigned count = 0;

	for (unsigned i = 0; i < fz_nobj; i++)
		count += kind == FZ_NR_KINDS || fz_objs[i].kind == kind;
	if (!count)
		return NULL;
	sel %= count;
	for (unsigned i = 0; i < fz_nobj; i++)
		if ((kind == FZ_NR_KINDS || fz_objs[i].kind == kind) && !sel--)
			return &fz_objs[i];
	return NULL;
}

/* ---- input ---- */

struct fz_in {
	const u8 *p;
	size_t n, i;
};

static u8 rd8(struct fz_in *in)
{
	return in->i < in->n ? in->p[in->i++] : 0;
}

static unsigned rd16(struct fz_in *in)
{
	unsigned lo = rd8(in);

	return lo | (unsigned)rd8(in) << 8;
}

static u32 rd32(struct fz_in *in)
{
	u32 lo = rd16(in);

	return lo | (u32)rd16(in) << 16;
}

static const gfp_t fz_page_gfps[16] = {
    GFP_KERNEL,
    GFP_KERNEL | __GFP_ZERO,
    GFP_KERNEL | __GFP_COMP,
    GFP_KERNEL | __GFP_MOVABLE,
    GFP_ATOMIC,
    GFP_KERNEL | __GFP_THISNODE,
    GFP_KERNEL | __GFP_ZERO | __GFP_COMP | __GFP_MOVABLE,
    GFP_ATOMIC | __GFP_ZERO | __GFP_COMP,
    GFP_KERNEL | __GFP_DMA32,
    GFP_NOWAIT | __GFP_NOWARN,
    GFP_KERNEL | __GFP_RECLAIMABLE,
    GFP_KERNEL | __GFP_MOVABLE | __GFP_THISNODE,
    GFP_ATOMIC | __GFP_THISNODE | __GFP_NOWARN,
    GFP_KERNEL | __GFP_DMA32 | __GFP_ZERO | __GFP_THISNODE,
    GFP_KERNEL | __GFP_NOFAIL,
    GFP_KERNEL | __GFP_HIGH | __GFP_COMP,
};

static const gfp_t fz_obj_gfps[8] = {
    GFP_KERNEL,
    GFP_ATOMIC,
    GFP_KERNEL | __GFP_ZERO,
    GFP_NOWAIT,
    GFP_KERNEL | __GFP_THISNODE,
    GFP_ATOMIC | __GFP_ZERO | __GFP_THISNODE,
    GFP_KERNEL | __GFP_NOWARN,
    GFP_KERNEL | __GFP_DMA32,
};

/* NUMA_NO_NODE, the nodes, a node that may be offline, one that never exists. */
static const int fz_nids[4] = {NUMA_NO_NODE, 0, 1, 5};

/* ---- operations: each reads its arguments, then calls the API and checks the result ---- */

/* Memory promised below dma32_end (__GFP_DMA32, SLAB_CACHE_DMA32) must be in ZONE_DMA32. */
static void fz_dma32(const void *p, const char *what)
{
	CHECK(page_zonenum(virt_to_page(p)) == ZONE_DMA32, "%s %p is in zone %lu", what, p,
	      page_zonenum(virt_to_page(p)));
}

static void fz_alloc_pages(struct fz_in *in, enum fz_kind kind)
{
	unsigned order = rd8(in) % NR_PAGE_ORDERS;
	u8 sel = rd8(in), v = rd8(in);
	gfp_t gfp = fz_page_gfps[sel & 15];
	int nid = fz_nids[sel >> 4 & 3];
	struct page *page;
	struct fz_obj *o;

	if (fz_nobj == FZ_MAX_OBJS)
		return;
	page = nid == NUMA_NO_NODE && !(sel & 64) ? alloc_pages(gfp, order)
						  : alloc_pages_node(nid, gfp, order);
	fz_trace("  order %u gfp 0x%x nid %d -> %p\n", order, gfp, nid, (void *)page);
	if (!page)
		return;
	CHECK(page_in_memmap(page), "alloc_pages gave %p, not a struct page", (void *)page);
	pfn_t pfn = page_to_pfn(page);

	CHECK(IS_ALIGNED(pfn, 1UL << order), "order-%u block at unaligned pfn 0x%lx", order,
	      (unsigned long)pfn);
	CHECK(page_ref_count(page) == 1, "new block pfn 0x%lx has refcount %d", (unsigned long)pfn,
	      page_ref_count(page));
	CHECK(!order || !(gfp & __GFP_COMP) || PageHead(page),
	      "__GFP_COMP order-%u block pfn 0x%lx is not a compound head", order,
	      (unsigned long)pfn);
	if (gfp & __GFP_THISNODE)
		CHECK(page_to_nid(page) == (nid == NUMA_NO_NODE ? 0 : nid),
		      "__GFP_THISNODE for node %d gave node %d", nid, page_to_nid(page));
	if (gfp & __GFP_DMA32)
		fz_dma32(page_address(page), "__GFP_DMA32 block");
	o = fz_add(FZ_PAGES_K, page_address(page), PAGE_SIZE << order, gfp & __GFP_ZERO, v);
	o->page = page;
	o->order = order;
}

static void fz_cache_create(struct fz_in *in, enum fz_kind kind)
{
	static const unsigned aligns[8] = {0, 0, 8, 16, 64, 256, PAGE_SIZE, 24};
	static const slab_flags_t bits[7] = {
	    SLAB_HWCACHE_ALIGN, SLAB_CACHE_DMA32, SLAB_RECLAIM_ACCOUNT,	  SLAB_RED_ZONE,
	    SLAB_POISON,	SLAB_STORE_USER,  SLAB_CONSISTENCY_CHECKS};
	unsigned s = rd16(in), align = aligns[rd8(in) & 7];
	u8 f = rd8(in);
	slab_flags_t flags = 0;
	unsigned size;
	struct kmem_cache *c;
	char name[16];
	unsigned slot = 0;

	if (s % 16 == 15)
		size = (s >> 4) * 64; /* up to 256 KiB, 0 included (refused) */
	else if (s % 4 == 0)
		size = s >> 2; /* up to 16 KiB */
	else
		size = (s >> 2) % 512 + 1;
	for (unsigned i = 0; i < 7; i++) /* bit 7: a constructor */
		flags |= f >> i & 1 ? bits[i] : 0;
	if (fz_ncache == FZ_MAX_C)
		return;
	while (fz_caches[slot].c)
		slot++;
	snprintf(name, sizeof(name), "fuzz-%u", slot);
	c = kmem_cache_create(name, size, align, flags, f & 128 ? fz_ctor : NULL);
	fz_trace("  size %u align %u flags 0x%x ctor %d -> %p\n", size, align, flags, f >> 7,
		 (void *)c);
	if (!size || align == 24) {
		CHECK(!c, "kmem_cache_create(size %u, align %u) accepted", size, align);
		return;
	}
	if (!c)
		return;
	fz_caches[slot] = (struct fz_cache){c, size, align, f & 128, flags & SLAB_CACHE_DMA32, 0};
	fz_ncache++;
}

static void fz_cache_alloc(struct fz_in *in, enum fz_kind kind)
{
	u8 ci = rd8(in), sel = rd8(in), v = rd8(in);
	gfp_t gfp = fz_obj_gfps[sel & 7];
	int nid = fz_nids[sel >> 3 & 3];
	int slot = fz_cache_slot(ci);
	struct fz_cache *fc;
	struct fz_obj *o;
	void *p;

	if (slot < 0 || fz_nobj == FZ_MAX_OBJS)
		return;
	fc = &fz_caches[slot];
	p = sel & 32 ? kmem_cache_alloc(fc->c, gfp) : kmem_cache_alloc_node(fc->c, gfp, nid);
	fz_trace("  cache %u gfp 0x%x nid %d -> %p\n", slot, gfp, nid, p);
	if (!p)
		return;
	CHECK(!fc->align || IS_ALIGNED(virt_to_phys(p), fc->align),
	      "cache %s object %p not aligned to %u", kmem_cache_name(fc->c), p, fc->align);
	CHECK(IS_ALIGNED(virt_to_phys(p), sizeof(void *)), "cache %s object %p misaligned",
	      kmem_cache_name(fc->c), p);
	if ((gfp & __GFP_THISNODE) && nid != NUMA_NO_NODE && !(sel & 32))
		CHECK(page_to_nid(virt_to_page(p)) == nid,
		      "__GFP_THISNODE object for node %d is on node %d", nid,
		      page_to_nid(virt_to_page(p)));
	if (fc->dma32)
		fz_dma32(p, "SLAB_CACHE_DMA32 object");
	if (fc->ctor && !(gfp & __GFP_ZERO)) {
		struct fz_obj tmp = {.kind = FZ_CACHE_K, .ptr = p, .size = fc->size};

		fz_expect(&tmp, 0, fc->size, FZ_CTOR, "constructed object");
	}
	o = fz_add(FZ_CACHE_K, p, fc->size, gfp & __GFP_ZERO, v);
	o->cache = slot;
	fc->live++;
}

static void fz_cache_destroy(unsigned ci)
{
	struct fz_cache *fc = &fz_caches[ci];
	int rc = kmem_cache_destroy(fc->c);

	if (fc->live) {
		CHECK(rc == -EBUSY, "kmem_cache_destroy of a cache with %u objects gave %d",
		      fc->live, rc);
		return;
	}
	CHECK(rc == 0, "kmem_cache_destroy of an empty cache gave %d", rc);
	fc->c = NULL;
	fz_ncache--;
}

/* Alignment kmalloc promises: natural for powers of two, else that of the size class. */
static void fz_kmalloc_aligned(const void *p, size_t size)
{
	size_t a = sizeof(void *);

	if (size && size <= KMALLOC_MAX_CACHE_SIZE && !(size & (size - 1)))
		a = max(a, size);
	CHECK(IS_ALIGNED(virt_to_phys(p), a), "kmalloc(%zu) gave %p, not aligned to %zu", size, p,
	      a);
}

static void fz_kmalloc(struct fz_in *in, enum fz_kind kind)
{
	size_t size = rd16(in) % (FZ_KMALLOC + 1);
	u8 sel = rd8(in), v = rd8(in);
	gfp_t gfp = fz_obj_gfps[sel & 7];
	int nid = fz_nids[sel >> 3 & 3];
	struct fz_obj *o;
	void *p;

	if (fz_nobj == FZ_MAX_OBJS)
		return;
	if (sel & 32)
		p = kmalloc_node(size, gfp, nid);
	else if (sel & 64)
		p = kzalloc(size, gfp), gfp |= __GFP_ZERO;
	else
		p = kmalloc(size, gfp);
	fz_trace("  size %zu gfp 0x%x nid %d -> %p\n", size, gfp, nid, p);
	if (!p)
		return;
	if (!size) {
		CHECK(p == ZERO_SIZE_PTR, "kmalloc(0) gave %p", p);
	} else {
		fz_kmalloc_aligned(p, size); /* no ksize() here: it would grow the object */
		if (gfp & __GFP_DMA32)
			fz_dma32(p, "__GFP_DMA32 kmalloc");
	}
	o = fz_add(FZ_KMALLOC_K, p, size, gfp & __GFP_ZERO, v);
	o->zchain = gfp & __GFP_ZERO;
}

static void fz_krealloc(struct fz_in *in, enum fz_kind kind)
{
	static const gfp_t gfps[4] = {GFP_KERNEL, GFP_KERNEL | __GFP_ZERO, GFP_ATOMIC,
				      GFP_KERNEL | __GFP_DMA32 | __GFP_ZERO};
	u8 sel = rd8(in), v = rd8(in);
	size_t size = rd16(in) % (FZ_KMALLOC + 1);
	gfp_t gfp = gfps[sel & 3];
	struct fz_obj *o = sel & 4 ? NULL : fz_pick(FZ_KMALLOC_K, sel >> 3);
	void *p;

	if (!o) {
		if (fz_nobj == FZ_MAX_OBJS)
			return;
		p = krealloc(NULL, size, gfp);
		if (!p)
			return;
		if (size)
			fz_kmalloc_aligned(p, size);
		o = fz_add(FZ_KMALLOC_K, p, size, gfp & __GFP_ZERO, v);
		o->zchain = gfp & __GFP_ZERO;
		return;
	}
	fz_check(o, o->size, "before krealloc");
	p = krealloc(o->ptr, size, gfp);
	fz_trace("  %p size %zu -> %zu gfp 0x%x -> %p\n", (void *)o->ptr, o->size, size, gfp, p);
	if (!p) {
		CHECK(size, "krealloc(%p, 0) gave NULL", (void *)o->ptr);
		fz_check(o, o->size, "after a failed krealloc");
		return;
	}
	if (!size) {
		CHECK(p == ZERO_SIZE_PTR, "krealloc(%p, 0) gave %p", (void *)o->ptr, p);
		*o = (struct fz_obj){.kind = FZ_KMALLOC_K, .ptr = p};
		return;
	}
	if (p != o->ptr) /* kept in place, it keeps its old class's alignment (as Linux) */
		fz_kmalloc_aligned(p, size);
	size_t old = o->size;

	o->ptr = p;
	o->zchain = o->zchain && (gfp & __GFP_ZERO);
	fz_check(o, min(old, size), "kept by krealloc");
	o->size = size;
	fz_no_overlap(o);
	if (o->zchain && size > old)
		fz_expect(o, old, size - old, 0, "grown by krealloc with __GFP_ZERO");
	fz_refill(o, v);
}

static void fz_ksize(struct fz_in *in, enum fz_kind kind)
{
	struct fz_obj *o = fz_pick(FZ_KMALLOC_K, rd8(in));
	size_t n;

	if (!o || ZERO_OR_NULL_PTR(o->ptr))
		return;
	n = ksize(o->ptr);
	CHECK(n >= o->size, "ksize %zu below the size asked, %zu", n, o->size);
	fz_check(o, o->size, "before ksize");
	o->size = n; /* the caller may use all of it now */
	fz_no_overlap(o);
	fz_refill(o, o->base + 1);
}

static void fz_vmalloc(struct fz_in *in, enum fz_kind kind)
{
	size_t size = rd32(in) % (FZ_VPAGES * PAGE_SIZE + 1);
	u8 sel = rd8(in), v = rd8(in);
	int nid = fz_nids[sel >> 3 & 3];
	unsigned long align = PAGE_SIZE << (sel >> 5);
	bool zero = false;
	struct vm_struct *vm;
	void *p;

	if (fz_nobj == FZ_MAX_OBJS)
		return;
	switch (sel & 7) {
	case 0:
		p = vmalloc(size);
		break;
	case 1:
		p = vzalloc(size), zero = true;
		break;
	case 2:
		p = __vmalloc(size, GFP_KERNEL | __GFP_MOVABLE);
		break;
	case 3:
		p = __vmalloc(size, GFP_KERNEL | __GFP_MOVABLE | __GFP_ZERO), zero = true;
		break;
	case 4:
		p = vmalloc_node(size, nid);
		break;
	case 5:
		p = __vmalloc(size, GFP_ATOMIC | __GFP_NOWARN);
		break;
	default:
		p = __vmalloc_node(size, align, GFP_KERNEL | (sel & 1 ? __GFP_ZERO : 0), nid,
				   __builtin_return_address(0));
		zero = sel & 1;
		break;
	}
	fz_trace("  size %zu sel 0x%x -> %p\n", size, sel, p);
	if (!p)
		return;
	CHECK(is_vmalloc_addr(p) && IS_ALIGNED((uintptr_t)p, PAGE_SIZE),
	      "vmalloc(%zu) gave %p, not a page of the vmalloc range", size, p);
	CHECK((sel & 7) < 6 || IS_ALIGNED((uintptr_t)p, align),
	      "__vmalloc_node: %p not aligned to 0x%lx", p, align);
	vm = find_vm_area(p);
	CHECK(vm && vm->addr == p && (vm->flags & VM_ALLOC) &&
		  vm->nr_pages == DIV_ROUND_UP(size, PAGE_SIZE),
	      "vmalloc(%zu) area %p: not found or %u pages", size, p, vm ? vm->nr_pages : 0);
	fz_add(FZ_VMALLOC_K, p, size, zero, v);
}

/* Check o's content, free it with its API, stop tracking it. */
static void fz_free_obj(struct fz_obj *o)
{
	struct fz_cache *fc = &fz_caches[o->cache];

	fz_check(o, o->size, "before free");
	switch (o->kind) {
	case FZ_PAGES_K:
		__free_pages(o->page, o->order);
		break;
	case FZ_CACHE_K:
		if (fc->ctor)
			fz_fill(o, 0, o->size, FZ_CTOR); /* freed as constructed, as the API asks */
		kmem_cache_free(fc->c, o->ptr);
		fc->live--;
		break;
	case FZ_KMALLOC_K:
		kfree(o->ptr);
		break;
	default:
		vfree(o->ptr);
		CHECK(!find_vm_area(o->ptr), "area %p still there after vfree", (void *)o->ptr);
		break;
	}
	*o = fz_objs[--fz_nobj]; /* the last one takes its place */
}

static void fz_free(struct fz_in *in, enum fz_kind kind)
{
	struct fz_obj *o = fz_pick(kind, rd8(in));

	if (o)
		fz_free_obj(o);
}

static void fz_cache_destroy_op(struct fz_in *in, enum fz_kind kind)
{
	int slot = fz_cache_slot(rd8(in));

	if (slot >= 0)
		fz_cache_destroy((unsigned)slot);
}

static void fz_cache_shrink(struct fz_in *in, enum fz_kind kind)
{
	u8 sel = rd8(in);
	int slot = fz_cache_slot(sel);

	if (slot >= 0 && !(sel & 128))
		kmem_cache_shrink(fz_caches[slot].c);
	else
		kmem_cache_shrink_all();
}

static void fz_write_op(struct fz_in *in, enum fz_kind kind)
{
	u8 sel = rd8(in), v = rd8(in);
	u32 a = rd32(in), b = rd16(in);
	struct fz_obj *o = fz_pick(FZ_NR_KINDS, sel);

	if (o && o->size) {
		size_t off = a % o->size;

		fz_write(o, off, b % (o->size - off) + 1, v);
	}
}

static void fz_check_op(struct fz_in *in, enum fz_kind kind)
{
	struct fz_obj *o = fz_pick(FZ_NR_KINDS, rd8(in));

	if (o)
		fz_check(o, o->size, "check");
}

static void fz_drain(struct fz_in *in, enum fz_kind kind)
{
	drain_all_pages(NULL);
}

/* The opcode byte, mod FZ_NR_OPS, indexes this table. */
static const struct fz_op {
	const char *name;
	void (*run)(struct fz_in *in, enum fz_kind kind);
	enum fz_kind kind; /* the kind of object freed (free ops) */
} fz_ops[] = {
    {"alloc_pages", fz_alloc_pages, 0},
    {"__free_pages", fz_free, FZ_PAGES_K},
    {"kmem_cache_create", fz_cache_create, 0},
    {"kmem_cache_alloc", fz_cache_alloc, 0},
    {"kmem_cache_free", fz_free, FZ_CACHE_K},
    {"kmem_cache_destroy", fz_cache_destroy_op, 0},
    {"kmem_cache_shrink", fz_cache_shrink, 0},
    {"kmalloc", fz_kmalloc, 0},
    {"kfree", fz_free, FZ_KMALLOC_K},
    {"krealloc", fz_krealloc, 0},
    {"ksize", fz_ksize, 0},
    {"vmalloc", fz_vmalloc, 0},
    {"vfree", fz_free, FZ_VMALLOC_K},
    {"write", fz_write_op, 0},
    {"check", fz_check_op, 0},
    {"drain_all_pages", fz_drain, 0},
};

#define FZ_NR_OPS ARRAY_SIZE(fz_ops)

/* Free pages, those on per-CPU lists included, without draining them. */
static unsigned long fz_free_now(void)
{
	const struct pglist_data *pgdat;
	unsigned long n = nr_free_pages();

	for_each_online_pgdat(pgdat) /* zones of no memory have no lists */
	{
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
				const struct per_cpu_pages *pcp =
				    zone_pcp(&pgdat->node_zones[z], cpu);

				n += pcp ? (unsigned long)pcp->count : 0;
			}
		}
	}
	return n;
}

/*
 * Every page the buddy allocator had after set-up is free, or held by exactly one of:
 * slab (slabs, large kmallocs, quarantined slabs), vmalloc (area pages, page lists,
 * descriptors), the page table, or the fuzzer's own alloc_pages() blocks.
 */
static void fz_account(void)
{
	struct vmalloc_stats st;
	struct slab_meminfo mi;
	unsigned long mine = 0, free = fz_free_now(), slab, vm;

	for (unsigned i = 0; i < fz_nobj; i++)
		if (fz_objs[i].kind == FZ_PAGES_K)
			mine += 1UL << fz_objs[i].order;
	slab_meminfo(&mi);
	slab = mi.slab_kb / (PAGE_SIZE / 1024);
	vmalloc_get_stats(&st);
	vm = st.nr_pages + st.list_pages + st.desc_pages + (unsigned long)fz_pgt.tables;
	CHECK(free + slab + vm + mine == fz_free0,
	      "pages: %lu free + %lu slab + %lu vmalloc + %lu alloc_pages != %lu at set-up", free,
	      slab, vm, mine, fz_free0);
}

/* Every allocator's invariants, after every step. */
static void fz_verify(void)
{
	int e;

	e = buddy_verify();
	CHECK(!e, "buddy_verify: %d errors", e);
	e = slab_verify();
	CHECK(!e, "slab_verify: %d errors", e);
	e = vmalloc_verify(fz_log_line, NULL);
	CHECK(!e, "vmalloc_verify: %d errors", e);
	e = pgt_verify(&fz_pgt, fz_log_line, NULL);
	CHECK(!e, "pgt_verify: %d errors", e);
	CHECK(!slab_error_count(), "%lu slab BUG reports", slab_error_count());
	CHECK(!mm_state->nr_bad_pages, "%lu bad page reports", mm_state->nr_bad_pages);
	fz_account();
}

/* Free everything, check the pages came back, tear the machine down. */
static void fz_finish(void)
{
	struct vmalloc_stats st;
	unsigned long free;
	int rc;

	fz_op_name = "free everything";
	while (fz_nobj)
		fz_free_obj(&fz_objs[fz_nobj - 1]);
	for (unsigned i = 0; i < FZ_MAX_C; i++)
		if (fz_caches[i].c)
			fz_cache_destroy(i);
	kmem_cache_shrink_all();
	fz_verify();
	vmalloc_get_stats(&st);
	CHECK(!st.nr_areas && !st.nr_pages && !st.list_pages && st.used_bytes == 0,
	      "vmalloc: %lu areas, %lu pages, %lu list pages left", st.nr_areas, st.nr_pages,
	      st.list_pages);
	CHECK(fz_pgt.tables == 1, "%llu page-table pages left", (unsigned long long)fz_pgt.tables);
	fz_op_name = "teardown";
	rc = vmalloc_exit();
	CHECK(rc == 0, "vmalloc_exit: %d areas left", rc);
	pgt_destroy(&fz_pgt);
	vmalloc_use_test_instance(false);
	rc = slab_state_exit();
	CHECK(rc == 0, "slab_state_exit: %d", rc);
	free = fz_free_pages();
	CHECK(free == fz_free0, "%lu free pages after teardown, %lu before slab and vmalloc", free,
	      fz_free0);
	rc = buddy_verify();
	CHECK(!rc, "buddy_verify after teardown: %d errors", rc);
	CHECK(!mm_state->nr_bad_pages, "%lu bad page reports", mm_state->nr_bad_pages);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_verbose = getenv("FUZZ_VERBOSE") != NULL;
	if (!fz_verbose && !freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz_in in = {data, size, 0};
	static struct mm_state *mm_saved;
	static struct slab_state *slab_saved;

	if (!size)
		return 0;
	fz_op_no = 0;
	fz_op_name = "setup";
	fz_nobj = 0;
	fz_ncache = 0;
	memset(fz_caches, 0, sizeof(fz_caches));
	mm_saved = mm_state;
	slab_saved = slab_state;
	fz_setup(rd8(&in));
	fz_verify();
	for (fz_op_no = 1; in.i < in.n && fz_op_no <= FZ_MAX_OPS; fz_op_no++) {
		const struct fz_op *op = &fz_ops[rd8(&in) % FZ_NR_OPS];

		fz_op_name = op->name;
		fz_trace("op %d: %s\n", fz_op_no, fz_op_name);
		op->run(&in, op->kind);
		fz_verify();
	}
	fz_finish();
	slab_state_switch(slab_saved);
	mm_state_switch(mm_saved);
	return 0;
}
