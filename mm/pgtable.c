// SPDX-License-Identifier: MIT
/*
 * SV39 page tables: walk, map, unmap, protect, split, iterate, verify, direct map.
 *
 * Everything here is plain C over u64 PTE words reached through pgt->ops; no machine
 * header is included, so the same code runs under ASan on the host and on the target.
 *
 * Changing live entries: a leaf or table pointer is first written, then ops->flush is
 * called for the virtual range, and only then are table pages that were unlinked given
 * back (a hart may still be walking them until the flush). Unlinked pages wait on a list
 * threaded through their first word, which holds the next page's address with V = 0, so a
 * stale walker can only ever see invalid entries there.
 */
#include "mm/pgtable.h"
#include "lib/report.h"
#include "mm/layout.h"
#include "lib/errno.h"
#include "lib/printf.h"

#define pgt_err(fmt, ...) printf("%s: " fmt "\n", __func__, ##__VA_ARGS__)

typedef unsigned long long ull; /* for printing u64 with %llx on every target */

/* Table pages unlinked by one operation, freed after its flush. */
struct pgt_gather {
	phys_addr_t head; /* PA of the first page, 0 when empty */
};

static u64 *tva(const struct pgtable *pgt, phys_addr_t pa)
{
	return pgt->ops->table_va(pgt->ops->ctx, pa);
}

static void set_pte(struct pgtable *pgt, u64 *ptep, u64 val)
{
	WRITE_ONCE(*ptep, val);
	pgt->pte_writes++;
}

static void flush(struct pgtable *pgt, u64 va, u64 size)
{
	if (pgt->ops->flush)
		pgt->ops->flush(pgt->ops->ctx, (uintptr_t)va, (size_t)size);
}

static bool table_empty(const u64 *t)
{
	for (unsigned i = 0; i < PGT_PTES; i++)
		if (t[i])
			return false;
	return true;
}

/* A zeroed table page from ops, counted; 0 when there is none (or it is unusable). */
static phys_addr_t alloc_table(struct pgtable *pgt)
{
	phys_addr_t pa = pgt->ops->alloc_table(pgt->ops->ctx);

	if (!pa)
		return 0;
	if (!IS_ALIGNED(pa, PAGE_SIZE) || (pa >> PGT_PA_BITS)) {
		pgt_err("table page not page-aligned or beyond 56 bits (0x%llx)", (ull)pa);
		pgt->ops->free_table(pgt->ops->ctx, pa);
		return 0;
	}
	if (!table_empty(tva(pgt, pa))) {
		pgt_err("table page is not zeroed (0x%llx)", (ull)pa);
		pgt->ops->free_table(pgt->ops->ctx, pa);
		return 0;
	}
	pgt->tables++;
	return pa;
}

static void free_table(struct pgtable *pgt, phys_addr_t pa)
{
	pgt->tables--;
	pgt->ops->free_table(pgt->ops->ctx, pa);
}

static void gather_table(struct pgtable *pgt, struct pgt_gather *g, phys_addr_t pa)
{
	WRITE_ONCE(tva(pgt, pa)[0], g->head); /* page-aligned: V = 0 */
	g->head = pa;
}

static void free_gathered(struct pgtable *pgt, struct pgt_gather *g)
{
	while (g->head) {
		phys_addr_t pa = g->head;
		u64 *t = tva(pgt, pa);

		g->head = t[0];
		t[0] = 0;
		free_table(pgt, pa);
	}
}

/* Validate a virtual range: page-aligned, non-empty, canonical, inside one half. */
static int check_range(const char *fn, const struct pgtable *pgt, u64 va, u64 size)
{
	u64 last = va + size - 1;

	if (!pgt->root) {
		printf("%s: page table not initialised (0x%llx)\n", fn, (ull)pgt->root);
		return -EINVAL;
	}
	if (!size || !IS_ALIGNED(size, PAGE_SIZE)) {
		printf("%s: size not a non-zero multiple of 4 KiB (0x%llx)\n", fn, (ull)size);
		return -EINVAL;
	}
	if (!IS_ALIGNED(va, PAGE_SIZE)) {
		printf("%s: unaligned va (0x%llx)\n", fn, (ull)va);
		return -EINVAL;
	}
	if (!pgt_va_canonical(va)) {
		printf("%s: non-canonical va (0x%llx)\n", fn, (ull)va);
		return -EINVAL;
	}
	if (last < va || !pgt_va_canonical(last) || ((va ^ last) >> 63)) {
		printf("%s: range leaves the canonical half (0x%llx)\n", fn, (ull)(va + size));
		return -EINVAL;
	}
	return 0;
}

/*
 * Sv39 translation (RISC-V privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory System"):
 *
 *   virtual address (canonical: bits 63..39 copy bit 38)
 *   63        39 38      30 29      21 20      12 11          0
 *  +------------+----------+----------+----------+-------------+
 *  | sign ext.  |  VPN[2]  |  VPN[1]  |  VPN[0]  | page offset |
 *  +------------+----------+----------+----------+-------------+
 *                    |          |          |
 *   satp.PPN -> [ level 2 ]     |          |     each table: 512 x 8-byte PTEs, one page
 *                 PTE --------> [ level 1 ]|
 *                                 PTE ---> [ level 0 ]
 *                                            PTE ---> 4 KiB page
 *
 *   PTE: 63..54 reserved (0) | 53..10 PPN | 9..8 RSW | D A G U X W R V
 *
 * At each level the VPN field indexes the table. An entry with V = 0 ends the walk (not
 * mapped). V = 1 with R = W = X = 0 points at the next table; any of R, W, X makes it a leaf:
 * at level 2 it maps 1 GiB, at level 1 2 MiB, at level 0 4 KiB, and its PPN must be aligned
 * to that size (the low VPN bits of the address pass through as the page offset). W without
 * R is reserved, as is a pointer at level 0. The walk below reads exactly what hardware reads.
 */
int pgt_walk(const struct pgtable *pgt, u64 va, struct pgt_walk *w)
{
	phys_addr_t table = pgt->root;

	*w = (struct pgt_walk){.va = va, .status = -EINVAL, .level = PGT_LEVELS - 1};
	if (!table || !pgt_va_canonical(va))
		return w->status;
	for (int level = PGT_LEVELS - 1; level >= 0; level--) {
		unsigned idx = pgt_index(va, level);
		u64 pte = READ_ONCE(tva(pgt, table)[idx]);

		w->step[level].table = table;
		w->step[level].index = idx;
		w->step[level].pte = pte;
		w->level = level;
		w->pte = pte;
		if (!pte_valid(pte))
			return w->status = -ENOENT;
		if (pte_is_bad(pte, level))
			return w->status = -EFAULT;
		if (pte_is_leaf(pte)) {
			w->pa = pte_pa(pte) + (va & (PGT_LEVEL_SIZE(level) - 1));
			w->prot = pte_prot(pte);
			return w->status = 0;
		}
		table = pte_pa(pte);
	}
	return w->status = -EFAULT; /* not reached: a pointer at level 0 is bad */
}

/* The entry that decides va: a leaf, or the invalid entry where a walk stops. */
static u64 *find_entry(const struct pgtable *pgt, u64 va, int *levelp)
{
	u64 *t = tva(pgt, pgt->root);

	for (int level = PGT_LEVELS - 1;; level--) {
		u64 *ptep = &t[pgt_index(va, level)];

		if (level == 0 || !pte_is_table(*ptep)) {
			*levelp = level;
			return ptep;
		}
		t = tva(pgt, pte_pa(*ptep));
	}
}

/* Bytes from va to the end of the entry at level that contains it. */
static u64 entry_left(u64 va, int level)
{
	return PGT_LEVEL_SIZE(level) - (va & (PGT_LEVEL_SIZE(level) - 1));
}

/* First address in [va, va+size) whose mapped-ness is want; false if there is none. */
static bool scan_for(const struct pgtable *pgt, u64 va, u64 size, bool want, u64 *at)
{
	while (size) {
		int level;
		u64 *ptep = find_entry(pgt, va, &level);
		u64 n = min(size, entry_left(va, level));

		if (pte_valid(*ptep) == want) {
			*at = va;
			return true;
		}
		va += n;
		size -= n;
	}
	return false;
}

/* Replace the leaf at *ptep (level 2 or 1, covering base) by a table of next-level leaves. */
static int split_entry(struct pgtable *pgt, u64 *ptep, int level, u64 base)
{
	u64 old = *ptep;
	u64 step = PGT_LEVEL_SIZE(level - 1) >> PAGE_SHIFT; /* frames per new leaf */
	phys_addr_t tpa = alloc_table(pgt);
	u64 *t;

	if (!tpa)
		return -ENOMEM;
	t = tva(pgt, tpa);
	for (unsigned i = 0; i < PGT_PTES; i++)
		set_pte(pgt, &t[i],
			(old & PTE_FLAGS) | ((pte_pfn(old) + i * step) << PTE_PPN_SHIFT));
	set_pte(pgt, ptep, pte_mktable(PHYS_PFN(tpa)));
	flush(pgt, base, PGT_LEVEL_SIZE(level));
	return 0;
}

/* Split huge leaves until none straddles address b (a range boundary). */
static int split_at(struct pgtable *pgt, u64 b)
{
	if (!pgt_va_canonical(b)) /* the end of a half (or of the space): nothing straddles it */
		return 0;
	for (;;) {
		int level, err;
		u64 *ptep = find_entry(pgt, b, &level);

		if (!pte_is_leaf(*ptep) || level == 0 || IS_ALIGNED(b, PGT_LEVEL_SIZE(level)))
			return 0;
		err = split_entry(pgt, ptep, level, ALIGN_DOWN(b, PGT_LEVEL_SIZE(level)));
		if (err)
			return err;
	}
}

int pgt_split_leaf(struct pgtable *pgt, u64 va, int level)
{
	int at;
	u64 *ptep;

	if (level < 1 || level > PGT_LEVELS - 1) {
		pgt_err("only 1 GiB (2) and 2 MiB (1) leaves split (%d)", level);
		return -EINVAL;
	}
	if (check_range(__func__, pgt, ALIGN_DOWN(va, PAGE_SIZE), PAGE_SIZE))
		return -EINVAL;
	ptep = find_entry(pgt, va, &at);
	if (!pte_valid(*ptep))
		return -ENOENT;
	if (at < level)
		return 0; /* already mapped by smaller leaves */
	if (at > level) {
		pgt_err("va is mapped by a larger leaf at level %d (0x%llx)", at, (ull)va);
		return -EINVAL;
	}
	return split_entry(pgt, ptep, level, ALIGN_DOWN(va, PGT_LEVEL_SIZE(level)));
}

/*
 * Clear every leaf inside [va, va+size) below the table at table_pa (at level), and unlink
 * tables that become empty onto g. The range must not cut a leaf (split_at() first).
 */
static void clear_range(struct pgtable *pgt, phys_addr_t table_pa, int level, u64 va, u64 size,
			struct pgt_gather *g)
{
	u64 *t = tva(pgt, table_pa);

	while (size) {
		u64 *ptep = &t[pgt_index(va, level)];
		u64 n = min(size, entry_left(va, level));
		u64 pte = *ptep;

		if (level > 0 && pte_is_table(pte)) {
			clear_range(pgt, pte_pa(pte), level - 1, va, n, g);
			if (table_empty(tva(pgt, pte_pa(pte)))) {
				set_pte(pgt, ptep, 0);
				gather_table(pgt, g, pte_pa(pte));
			}
		} else if (pte) {
			set_pte(pgt, ptep, 0);
		}
		va += n;
		size -= n;
	}
}

/* Clear [va, va+size), flush, then free the tables it emptied. */
static void unmap_cleared(struct pgtable *pgt, u64 va, u64 size)
{
	struct pgt_gather g = {0};

	clear_range(pgt, pgt->root, PGT_LEVELS - 1, va, size, &g);
	flush(pgt, va, size);
	free_gathered(pgt, &g);
}

/* Largest leaf level that va, pa and the remaining size allow under flags. */
static int leaf_level(u64 va, phys_addr_t pa, u64 left, unsigned flags)
{
	int top = (flags & PGT_MAP_4K) ? 0 : (flags & PGT_MAP_MAX_2M) ? 1 : PGT_LEVELS - 1;

	for (int level = top; level > 0; level--) {
		u64 sz = PGT_LEVEL_SIZE(level);

		if (IS_ALIGNED(va, sz) && IS_ALIGNED(pa, sz) && left >= sz)
			return level;
	}
	return 0;
}

/*
 * Write one leaf for va at *levelp, allocating the tables above it. Where a table already
 * sits at the chosen level (it can only be empty: the range was checked), smaller leaves are
 * used instead and *levelp is lowered.
 */
static int install_leaf(struct pgtable *pgt, u64 va, phys_addr_t pa, int *levelp, unsigned prot)
{
	u64 *t = tva(pgt, pgt->root);

	for (int level = PGT_LEVELS - 1;; level--) {
		u64 *ptep = &t[pgt_index(va, level)];
		u64 pte = *ptep;

		if (level == *levelp) {
			if (!pte_valid(pte)) {
				set_pte(pgt, ptep, pte_mkleaf(PHYS_PFN(pa), prot));
				return 0;
			}
			if (level == 0 || !pte_is_table(pte))
				return -EEXIST;
			(*levelp)--;
		} else if (!pte_valid(pte)) {
			phys_addr_t tpa = alloc_table(pgt);

			if (!tpa)
				return -ENOMEM;
			pte = pte_mktable(PHYS_PFN(tpa));
			set_pte(pgt, ptep, pte);
		} else if (!pte_is_table(pte)) {
			return -EEXIST;
		}
		t = tva(pgt, pte_pa(pte));
	}
}

/*
 * Map [va, va+size) to [pa, pa+size) with prot (PROT_*; W needs R; R or X required).
 *
 * Each step takes the largest leaf (1 GiB, 2 MiB, 4 KiB) that the alignment of the current
 * va and pa and the remaining size allow; flags can cap it (PGT_MAP_4K, PGT_MAP_MAX_2M).
 * Leaves get A and D set, since hardware may not manage them (Svade).
 *
 * The whole range is checked before anything is written: -EEXIST if any part of it is
 * already mapped, and then nothing changes. On -ENOMEM midway, everything this call mapped
 * is unmapped again and the tables it allocated are freed: the tree is exactly as before.
 * Flushes the range at the end (an invalid-to-valid change also needs it without Svvptc).
 */
int pgt_map_range(struct pgtable *pgt, u64 va, phys_addr_t pa, u64 size, unsigned prot,
		  unsigned flags)
{
	u64 left = size, at;
	int err = check_range(__func__, pgt, va, size);

	if (err)
		return err;
	if (!IS_ALIGNED(pa, PAGE_SIZE)) {
		pgt_err("unaligned pa (0x%llx)", (ull)pa);
		return -EINVAL;
	}
	if (pa + size < pa || ((pa + size - 1) >> PGT_PA_BITS)) {
		pgt_err("pa range beyond 56 bits (0x%llx)", (ull)(pa + size));
		return -EINVAL;
	}
	if (!prot_valid(prot)) {
		pgt_err("bad prot: needs R or X, W needs R (0x%x)", prot);
		return -EINVAL;
	}
	if (flags & ~(PGT_MAP_4K | PGT_MAP_MAX_2M)) {
		pgt_err("unknown flags (0x%x)", flags);
		return -EINVAL;
	}
	if (scan_for(pgt, va, size, true, &at)) {
		pgt_err("already mapped (0x%llx)", (ull)at);
		return -EEXIST;
	}
	for (u64 cur = va; left;) {
		int level = leaf_level(cur, pa, left, flags);

		err = install_leaf(pgt, cur, pa, &level, prot);
		if (err) {
			unmap_cleared(pgt, va, size);
			return err;
		}
		cur += PGT_LEVEL_SIZE(level);
		pa += PGT_LEVEL_SIZE(level);
		left -= PGT_LEVEL_SIZE(level);
	}
	flush(pgt, va, size);
	return 0;
}

/*
 * Unmap [va, va+size); unmapped parts are skipped. A huge leaf that the range only cuts is
 * split first (the part outside stays mapped); tables left empty are freed after the flush.
 * -ENOMEM if a split cannot get a table: nothing is unmapped then, and a split already done
 * keeps the translation identical.
 */
int pgt_unmap_range(struct pgtable *pgt, u64 va, u64 size)
{
	int err = check_range(__func__, pgt, va, size);

	if (!err)
		err = split_at(pgt, va);
	if (!err)
		err = split_at(pgt, va + size);
	if (!err)
		unmap_cleared(pgt, va, size);
	return err;
}

/*
 * Give every leaf in [va, va+size) the permissions prot, keeping A, D and the PPN. The range
 * must be fully mapped (-ENOENT otherwise, with nothing changed); cut huge leaves are split.
 */
int pgt_protect_range(struct pgtable *pgt, u64 va, u64 size, unsigned prot)
{
	u64 at, keep = ~prot_to_pte(PROT_ALL);
	int err = check_range(__func__, pgt, va, size);

	if (err)
		return err;
	if (!prot_valid(prot)) {
		pgt_err("bad prot: needs R or X, W needs R (0x%x)", prot);
		return -EINVAL;
	}
	if (scan_for(pgt, va, size, false, &at)) {
		pgt_err("not mapped (0x%llx)", (ull)at);
		return -ENOENT;
	}
	err = split_at(pgt, va);
	if (!err)
		err = split_at(pgt, va + size);
	if (err)
		return err;
	for (u64 cur = va, left = size; left;) {
		int level;
		u64 *ptep = find_entry(pgt, cur, &level);
		u64 pte = (*ptep & keep) | prot_to_pte(prot);

		if (pte != *ptep)
			set_pte(pgt, ptep, pte);
		cur += PGT_LEVEL_SIZE(level);
		left -= PGT_LEVEL_SIZE(level);
	}
	flush(pgt, va, size);
	return 0;
}

/*
 * Page migration: the 4 KiB leaf at va moves from old_pa to new_pa in one PTE store (flags
 * kept), then the TLB entry goes. The caller copied the page first and keeps writers out.
 */
int pgt_remap_page(struct pgtable *pgt, u64 va, phys_addr_t old_pa, phys_addr_t new_pa)
{
	int level, err = check_range(__func__, pgt, va, PAGE_SIZE);
	u64 *ptep;

	if (err)
		return err;
	if (!IS_ALIGNED(old_pa | new_pa, PAGE_SIZE) || (new_pa >> PGT_PA_BITS)) {
		pgt_err("not page addresses (0x%llx -> 0x%llx)", (ull)old_pa, (ull)new_pa);
		return -EINVAL;
	}
	ptep = find_entry(pgt, va, &level);
	if (level != 0 || !pte_is_leaf(*ptep)) {
		pgt_err("no 4 KiB leaf at va (0x%llx)", (ull)va);
		return -ENOENT;
	}
	if (pte_pa(*ptep) != old_pa) {
		pgt_err("va maps 0x%llx, not 0x%llx (0x%llx)", (ull)pte_pa(*ptep), (ull)old_pa,
			(ull)va);
		return -EINVAL;
	}
	set_pte(pgt, ptep, (*ptep & ~PTE_PPN_MASK) | (((u64)PHYS_PFN(new_pa) << PTE_PPN_SHIFT)));
	flush(pgt, va, PAGE_SIZE);
	return 0;
}

int pgt_init(struct pgtable *pgt, const struct pgt_ops *ops)
{
	*pgt = (struct pgtable){.ops = ops};
	if (!ops || !ops->alloc_table || !ops->free_table || !ops->table_va) {
		pgt_err("incomplete ops (%p)", (const void *)ops);
		return -EINVAL;
	}
	pgt->root = alloc_table(pgt);
	return pgt->root ? 0 : -ENOMEM;
}

static void destroy_table(struct pgtable *pgt, phys_addr_t pa, int level)
{
	u64 *t = tva(pgt, pa);

	for (unsigned i = 0; level > 0 && i < PGT_PTES; i++)
		if (pte_is_table(t[i]) && !pte_is_bad(t[i], level))
			destroy_table(pgt, pte_pa(t[i]), level - 1);
	free_table(pgt, pa);
}

void pgt_destroy(struct pgtable *pgt)
{
	if (pgt->root)
		destroy_table(pgt, pgt->root, PGT_LEVELS - 1);
	pgt->root = 0;
}

int pgt_flags_format(u64 pte, char *buf, size_t size)
{
	static const struct {
		u64 bit;
		char c;
	} bits[] = {{PTE_D, 'D'}, {PTE_A, 'A'}, {PTE_G, 'G'}, {PTE_U, 'U'},
		    {PTE_X, 'X'}, {PTE_W, 'W'}, {PTE_R, 'R'}, {PTE_V, 'V'}};
	char s[2 * ARRAY_SIZE(bits)];

	for (unsigned i = 0; i < ARRAY_SIZE(bits); i++) {
		s[2 * i] = (pte & bits[i].bit) ? bits[i].c : '.';
		s[2 * i + 1] = ' ';
	}
	s[sizeof(s) - 1] = '\0';
	return snprintf(buf, size, "%s", s);
}

int pgt_walk_format(const struct pgt_walk *w, char *buf, size_t size)
{
	char flags[20];

	switch (w->status) {
	case 0:
		pgt_flags_format(w->pte, flags, sizeof(flags));
		return snprintf(buf, size, "0x%016llx -> 0x%016llx [%s]", (ull)w->va, (ull)w->pa,
				flags);
	case -ENOENT:
		return snprintf(buf, size, "0x%016llx: not mapped (level %d)", (ull)w->va,
				w->level);
	case -EFAULT:
		return snprintf(buf, size, "0x%016llx: bad PTE 0x%016llx (level %d)", (ull)w->va,
				(ull)w->pte, w->level);
	default:
		return snprintf(buf, size, "0x%016llx: not a canonical Sv39 address", (ull)w->va);
	}
}

int pgt_for_each_leaf(const struct pgtable *pgt, u64 va, u64 size, pgt_leaf_fn fn, void *arg)
{
	u64 last = va + size - 1;

	if (!size)
		return 0;
	if (!pgt->root || !pgt_va_canonical(va) || last < va || !pgt_va_canonical(last) ||
	    ((va ^ last) >> 63))
		return -EINVAL;
	while (size) {
		int level;
		u64 *ptep = find_entry(pgt, va, &level);
		u64 pte = READ_ONCE(*ptep);
		u64 n = min(size, entry_left(va, level));

		if (pte_is_leaf(pte) && !pte_is_bad(pte, level)) {
			struct pgt_leaf leaf = {
			    .va = va,
			    .size = n,
			    .pa = pte_pa(pte) + (va & (PGT_LEVEL_SIZE(level) - 1)),
			    .level = level,
			    .pte = pte,
			};
			int ret = fn(arg, &leaf);

			if (ret)
				return ret;
		}
		va += n;
		size -= n;
	}
	return 0;
}

struct range_state {
	struct pgt_range run; /* the run being grown; run.size == 0 when none */
	unsigned mode;
	pgt_range_fn fn;
	void *arg;
};

static int range_add_leaf(void *arg, const struct pgt_leaf *l)
{
	struct range_state *st = arg;
	struct pgt_range *r = &st->run;
	int ret;

	if (r->size && l->va == r->va + r->size && l->level == r->level &&
	    pte_flags(l->pte) == r->flags &&
	    (!(st->mode & PGT_RANGE_PA_CONTIG) || l->pa == r->pa + r->size)) {
		r->size += l->size;
		r->leaves++;
		return 0;
	}
	if (r->size && (ret = st->fn(st->arg, r)))
		return ret;
	*r = (struct pgt_range){l->va, l->size, l->pa, l->level, pte_flags(l->pte), 1};
	return 0;
}

int pgt_for_each_range(const struct pgtable *pgt, u64 va, u64 size, unsigned mode, pgt_range_fn fn,
		       void *arg)
{
	struct range_state st = {.mode = mode, .fn = fn, .arg = arg};
	int ret = pgt_for_each_leaf(pgt, va, size, range_add_leaf, &st);

	if (!ret && st.run.size)
		ret = fn(arg, &st.run);
	return ret;
}

static void report(pgt_print_fn out, void *arg, const char *line)
{
	line_emit(out, arg, line);
}

/* Check one table and those below it; counts reachable tables in *tables. */
static int verify_table(const struct pgtable *pgt, phys_addr_t pa, int level, u64 base, u64 *tables,
			pgt_print_fn out, void *arg)
{
	const u64 *t = tva(pgt, pa);
	unsigned valid = 0;
	int errors = 0;
	char line[128];

	for (unsigned i = 0; i < PGT_PTES; i++) {
		u64 va = base + ((u64)i << PGT_LEVEL_SHIFT(level));

		if (level == PGT_LEVELS - 1) /* sign-extend bit 38 */
			va = (u64)((s64)(va << (64 - PGT_VA_BITS)) >> (64 - PGT_VA_BITS));
		if (!pte_valid(t[i]))
			continue;
		valid++;
		if (pte_is_bad(t[i], level)) {
			snprintf(line, sizeof(line),
				 "pgt_verify: bad PTE for 0x%016llx at level %d (0x%016llx)",
				 (ull)va, level, (ull)t[i]);
			report(out, arg, line);
			errors++;
		} else if (pte_is_table(t[i])) {
			(*tables)++;
			errors += verify_table(pgt, pte_pa(t[i]), level - 1, va, tables, out, arg);
		}
	}
	if (!valid && pa != pgt->root) {
		snprintf(line, sizeof(line), "pgt_verify: empty table left linked (0x%llx)",
			 (ull)pa);
		report(out, arg, line);
		errors++;
	}
	return errors;
}

int pgt_verify(const struct pgtable *pgt, pgt_print_fn out, void *arg)
{
	u64 tables = 1;
	int errors;
	char line[128];

	if (!pgt->root) {
		report(out, arg, "pgt_verify: page table not initialised (0x0)");
		return 1;
	}
	errors = verify_table(pgt, pgt->root, PGT_LEVELS - 1, 0, &tables, out, arg);
	if (tables != pgt->tables) {
		snprintf(line, sizeof(line),
			 "pgt_verify: table count is %llu but %llu tables are reachable (%llu)",
			 (ull)pgt->tables, (ull)tables, (ull)tables);
		report(out, arg, line);
		errors++;
	}
	return errors;
}

/* The next group of touching RAM ranges from *i, page-rounded inwards to [*base, *end). */
static int next_group(const struct pgt_phys_range *r, unsigned n, unsigned *i, phys_addr_t *base,
		      phys_addr_t *end)
{
	phys_addr_t b = r[*i].base, e = b + r[*i].size;

	while (e >= b && *i + 1 < n && r[*i + 1].base == e && e + r[*i + 1].size >= e)
		e += r[++*i].size;
	(*i)++;
	if (e < b || ALIGN_UP(b, PAGE_SIZE) < b) {
		printf("pgt_build_direct_map: RAM range wraps around (0x%llx)\n", (ull)b);
		return -EINVAL;
	}
	*base = ALIGN_UP(b, PAGE_SIZE);
	*end = ALIGN_DOWN(e, PAGE_SIZE);
	return 0;
}

/*
 * The direct map: each RAM range (page-rounded inwards; ranges that touch are merged so
 * huge leaves can cross their boundary) is mapped at page_offset + pa, RW, global, no X,
 * with the largest leaves alignment allows. The window is DIRECT_MAP_SIZE bytes: RAM past
 * it is refused (-ERANGE). On any error, what this call mapped is unmapped again.
 */
int pgt_build_direct_map(struct pgtable *pgt, const struct pgt_phys_range *ranges, unsigned n,
			 u64 page_offset)
{
	unsigned i = 0, failed = 0;
	phys_addr_t base, end;
	int err = 0;

	while (i < n && !err) {
		failed = i;
		err = next_group(ranges, n, &i, &base, &end);
		if (err || end <= base)
			continue;
		if (end > DIRECT_MAP_SIZE) {
			pgt_err("RAM beyond the direct map window (0x%llx)", (ull)end);
			err = -ERANGE;
			continue;
		}
		err = pgt_map_range(pgt, page_offset + base, base, end - base, PROT_KERNEL_RW, 0);
	}
	if (!err)
		return 0;
	/* Undo the groups before the failing one (pgt_map_range undid its own part). */
	for (i = 0; i < failed;)
		if (!next_group(ranges, n, &i, &base, &end) && end > base)
			pgt_unmap_range(pgt, page_offset + base, end - base);
	return err;
}
