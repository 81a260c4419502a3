// SPDX-License-Identifier: MIT
/*
 * memblock: boot-time memory and reserved ranges (see memblock.h for the model).
 *
 * Every change is one pass over a table that rewrites it into a scratch table:
 * each existing region is copied, cut, or given new flags or a new node, and the
 * pieces of a new range that no region covers yet are slotted in between, all in
 * address order. Pieces are merged with the previous one as they are written when they
 * touch it and agree on node and flags, so the result is sorted, disjoint and fully
 * merged by construction. Only if it fits in the table is it copied back: a failed
 * change (-ENOSPC) leaves the table exactly as it was.
 *
 * Allocation walks the free ranges (memory minus no-map minus reserved) in address
 * order: bottom up takes the first aligned fit, top down the last one. The free-range
 * walk is a merge of two sorted lists, the memory regions and the gaps between reserved
 * regions: gap r runs from the end of reserved[r - 1] (or 0) to the base of reserved[r]
 * (or the top of the address space); the cursor packs (memory index, gap index).
 */
#include "mm/memblock.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "lib/printf.h"

#define PHYS_ADDR_MAX	  (~(phys_addr_t)0)
#define SMP_CACHE_BYTES	  64 /* Linux's default alignment for align == 0 */
#define MEMBLOCK_FLAGS_OK (MEMBLOCK_HOTPLUG | MEMBLOCK_NOMAP)

static struct memblock_region memory_regions[MEMBLOCK_MAX_REGIONS];
static struct memblock_region reserved_regions[MEMBLOCK_MAX_REGIONS];
static struct memblock_region scratch[MEMBLOCK_MAX_REGIONS]; /* a table being rebuilt */

struct memblock memblock = {
    .bottom_up = false,
    .current_limit = MEMBLOCK_ALLOC_ANYWHERE,
    .memory = {.regions = memory_regions, .max = MEMBLOCK_MAX_REGIONS, .name = "memory"},
    .reserved = {.regions = reserved_regions, .max = MEMBLOCK_MAX_REGIONS, .name = "reserved"},
};

void memblock_reset(void)
{
	memblock.memory.cnt = 0;
	memblock.memory.total_size = 0;
	memblock.reserved.cnt = 0;
	memblock.reserved.total_size = 0;
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
}

static inline phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

/*
 * Apply the input rules to [base, base + *size): false when there is nothing to do
 * (zero size); a range that wraps past the top is cut to end at PHYS_ADDR_MAX.
 */
static bool clamp_range(const char *who, phys_addr_t base, phys_addr_t *size)
{
	if (*size == 0)
		return false;
	if (*size > PHYS_ADDR_MAX - base) {
		printf(
		    "%s: range wraps past the top of the address space, clamped (0x%llx+0x%llx)\n",
		    who, (unsigned long long)base, (unsigned long long)*size);
		*size = PHYS_ADDR_MAX - base;
	}
	return *size != 0;
}

/* The scratch table being written: count, and whether a piece did not fit. */
struct builder {
	unsigned long n;
	bool full;
};

/* Append [base, end) to the scratch table, merging it into the last piece if they touch. */
static void emit(struct builder *b, phys_addr_t base, phys_addr_t end, unsigned flags, int nid)
{
	if (base >= end)
		return;
	if (b->n) {
		struct memblock_region *last = &scratch[b->n - 1];

		if (region_end(last) == base && last->flags == flags && last->nid == nid) {
			last->size += end - base;
			return;
		}
	}
	if (b->n == MEMBLOCK_MAX_REGIONS) {
		b->full = true;
		return;
	}
	scratch[b->n++] =
	    (struct memblock_region){.base = base, .size = end - base, .flags = flags, .nid = nid};
}

/* Copy the scratch table back into type, or report that it did not fit. */
static int commit(struct memblock_type *type, const struct builder *b, const char *who)
{
	if (b->full) {
		printf("%s: %s table full, range not recorded (%lu regions)\n", who, type->name,
		       type->max);
		return -ENOSPC;
	}
	type->total_size = 0;
	for (unsigned long i = 0; i < b->n; i++) {
		type->regions[i] = scratch[i];
		type->total_size += scratch[i].size;
	}
	type->cnt = b->n;
	return 0;
}

enum memblock_op {
	OP_ADD,		/* insert the uncovered parts of the range with flags and nid */
	OP_REMOVE,	/* cut the range out */
	OP_SET_FLAGS,	/* or flags into the regions inside the range */
	OP_CLEAR_FLAGS, /* clear flags in the regions inside the range */
	OP_SET_NID,	/* give the regions inside the range node nid */
};

/* Rebuild type with op applied to [base, base + size); see the top of the file. */
static int update(struct memblock_type *type, const char *who, phys_addr_t base, phys_addr_t size,
		  enum memblock_op op, unsigned flags, int nid)
{
	struct builder b = {0};

	if (!clamp_range(who, base, &size))
		return 0;
	phys_addr_t end = base + size, cur = base;

	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];
		phys_addr_t rb = r->base, re = region_end(r);

		switch (op) {
		case OP_ADD:
			if (cur < end && cur < rb)
				emit(&b, cur, min(end, rb), flags, nid);
			emit(&b, rb, re, r->flags, r->nid);
			cur = max(cur, re);
			break;
		case OP_REMOVE:
			emit(&b, rb, min(re, base), r->flags, r->nid);
			emit(&b, max(rb, end), re, r->flags, r->nid);
			break;
		default: {
			unsigned nflags = op == OP_SET_FLAGS	 ? r->flags | flags
					  : op == OP_CLEAR_FLAGS ? r->flags & ~flags
								 : r->flags;
			int nnid = op == OP_SET_NID ? nid : r->nid;

			emit(&b, rb, min(re, base), r->flags, r->nid);
			emit(&b, max(rb, base), min(re, end), nflags, nnid);
			emit(&b, max(rb, end), re, r->flags, r->nid);
			break;
		}
		}
	}
	if (op == OP_ADD && cur < end)
		emit(&b, cur, end, flags, nid);
	return commit(type, &b, who);
}

int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid, unsigned flags)
{
	if (nid < NUMA_NO_NODE) {
		printf("%s: invalid node (%d)\n", __func__, nid);
		return -EINVAL;
	}
	if (flags & ~MEMBLOCK_FLAGS_OK) {
		printf("%s: unknown flags (0x%x)\n", __func__, flags);
		return -EINVAL;
	}
	return update(&memblock.memory, __func__, base, size, OP_ADD, flags, nid);
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return update(&memblock.memory, __func__, base, size, OP_ADD, MEMBLOCK_NONE, NUMA_NO_NODE);
}

int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	return update(&memblock.memory, __func__, base, size, OP_REMOVE, 0, 0);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return update(&memblock.reserved, __func__, base, size, OP_ADD, MEMBLOCK_NONE,
		      NUMA_NO_NODE);
}

int memblock_free(phys_addr_t base, phys_addr_t size)
{
	return update(&memblock.reserved, __func__, base, size, OP_REMOVE, 0, 0);
}

int memblock_mark_nomap(phys_addr_t base, phys_addr_t size)
{
	return update(&memblock.memory, __func__, base, size, OP_SET_FLAGS, MEMBLOCK_NOMAP, 0);
}

int memblock_clear_nomap(phys_addr_t base, phys_addr_t size)
{
	return update(&memblock.memory, __func__, base, size, OP_CLEAR_FLAGS, MEMBLOCK_NOMAP, 0);
}

int memblock_set_node(phys_addr_t base, phys_addr_t size, int nid)
{
	if (nid < NUMA_NO_NODE) {
		printf("%s: invalid node (%d)\n", __func__, nid);
		return -EINVAL;
	}
	return update(&memblock.memory, __func__, base, size, OP_SET_NID, 0, nid);
}

int memblock_trim_memory(phys_addr_t align)
{
	struct memblock_type *mem = &memblock.memory;
	struct builder b = {0};

	if (align == 0 || (align & (align - 1))) {
		printf("%s: alignment is not a power of two (0x%llx)\n", __func__,
		       (unsigned long long)align);
		return -EINVAL;
	}
	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct memblock_region *r = &mem->regions[i];
		phys_addr_t start = ALIGN_UP(r->base, align);

		if (start >= r->base) /* not wrapped */
			emit(&b, start, ALIGN_DOWN(region_end(r), align), r->flags, r->nid);
	}
	return commit(mem, &b, __func__);
}

bool memblock_next_free_range(u64 *idx, int nid, phys_addr_t *start, phys_addr_t *end, int *out_nid)
{
	const struct memblock_type *mem = &memblock.memory, *res = &memblock.reserved;
	unsigned long mi = (u32)*idx, ri = (unsigned long)(*idx >> 32);

	for (; mi < mem->cnt; mi++) {
		const struct memblock_region *m = &mem->regions[mi];
		phys_addr_t m_start = m->base, m_end = region_end(m);

		if ((m->flags & MEMBLOCK_NOMAP) || (nid != NUMA_NO_NODE && m->nid != nid))
			continue;
		for (; ri <= res->cnt; ri++) {
			phys_addr_t g_start = ri ? region_end(&res->regions[ri - 1]) : 0;
			phys_addr_t g_end = ri < res->cnt ? res->regions[ri].base : PHYS_ADDR_MAX;

			if (g_start >= m_end)
				break; /* this gap and the later ones start past the region */
			if (g_end <= m_start)
				continue;
			*start = max(m_start, g_start);
			*end = min(m_end, g_end);
			if (out_nid)
				*out_nid = m->nid;
			/* Advance whichever of the two ends first; the other may meet more. */
			if (m_end <= g_end)
				mi++;
			else
				ri++;
			*idx = (u64)mi | (u64)ri << 32;
			return true;
		}
	}
	*idx = mem->cnt;
	return false;
}

bool memblock_next_mem_range(u64 *idx, phys_addr_t *start, phys_addr_t *end)
{
	const struct memblock_type *mem = &memblock.memory;

	for (; *idx < mem->cnt; (*idx)++) {
		const struct memblock_region *r = &mem->regions[*idx];

		if (r->flags & MEMBLOCK_NOMAP)
			continue;
		*start = r->base;
		*end = region_end(r);
		(*idx)++;
		return true;
	}
	return false;
}

bool memblock_next_mem_pfn_range(u64 *idx, int nid, pfn_t *start_pfn, pfn_t *end_pfn, int *out_nid)
{
	const struct memblock_type *mem = &memblock.memory;

	for (; *idx < mem->cnt; (*idx)++) {
		const struct memblock_region *r = &mem->regions[*idx];

		if ((nid != NUMA_NO_NODE && r->nid != nid) || r->base > PHYS_ADDR_MAX - PAGE_SIZE)
			continue; /* other node, or no whole page fits below the top */
		pfn_t s = PFN_UP(r->base), e = PFN_DOWN(region_end(r));

		if (s >= e)
			continue;
		*start_pfn = s;
		*end_pfn = e;
		if (out_nid)
			*out_nid = r->nid;
		(*idx)++;
		return true;
	}
	return false;
}

/*
 * Find size bytes at an align-aligned address in [start, end) inside one free range of
 * node nid: the lowest such address bottom up, the highest top down; 0 if none.
 */
static phys_addr_t find_in_range(phys_addr_t size, phys_addr_t align, phys_addr_t start,
				 phys_addr_t end, int nid)
{
	phys_addr_t rs, re, found = 0;
	u64 i;

	start = max(start, (phys_addr_t)PAGE_SIZE);
	if (end <= start)
		return 0;
	for_each_free_mem_range(i, nid, &rs, &re)
	{
		rs = max(rs, start);
		re = min(re, end);
		if (re <= rs || re - rs < size)
			continue;
		if (memblock.bottom_up) {
			phys_addr_t cand = ALIGN_UP(rs, align);

			if (cand >= rs && cand <= re - size)
				return cand;
		} else {
			phys_addr_t cand = ALIGN_DOWN(re - size, align);

			if (cand >= rs)
				found = cand; /* later ranges are higher: keep looking */
		}
	}
	return found;
}

/* Check the request, find room (on nid first, then anywhere) and reserve it. */
static phys_addr_t alloc_range_nid(const char *who, phys_addr_t size, phys_addr_t align,
				   phys_addr_t start, phys_addr_t end, int nid)
{
	if (size == 0)
		return 0;
	if (align == 0) {
		printf("%s: alignment is zero, using %d instead (0x0)\n", who, SMP_CACHE_BYTES);
		align = SMP_CACHE_BYTES;
	}
	if (align & (align - 1)) {
		printf("%s: alignment is not a power of two (0x%llx)\n", who,
		       (unsigned long long)align);
		return 0;
	}
	if (nid < NUMA_NO_NODE) {
		printf("%s: invalid node (%d)\n", who, nid);
		return 0;
	}
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = memblock.current_limit;

	phys_addr_t found = find_in_range(size, align, start, end, nid);

	if (!found && nid != NUMA_NO_NODE)
		found = find_in_range(size, align, start, end, NUMA_NO_NODE);
	if (!found || memblock_reserve(found, size) != 0)
		return 0;
	return found;
}

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align, phys_addr_t start,
				      phys_addr_t end)
{
	return alloc_range_nid(__func__, size, align, start, end, NUMA_NO_NODE);
}

phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align, int nid)
{
	return alloc_range_nid(__func__, size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE, nid);
}

void memblock_set_bottom_up(bool enable)
{
	memblock.bottom_up = enable;
}

bool memblock_bottom_up(void)
{
	return memblock.bottom_up;
}

void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

phys_addr_t memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

phys_addr_t memblock_reserved_size(void)
{
	return memblock.reserved.total_size;
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	const struct memblock_type *mem = &memblock.memory;

	return mem->cnt ? region_end(&mem->regions[mem->cnt - 1]) : 0;
}

/* Index of the region of type that contains addr (binary search), or -1. */
static long search(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		const struct memblock_region *r = &type->regions[mid];

		if (addr < r->base)
			hi = mid;
		else if (addr >= region_end(r))
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

bool memblock_is_memory(phys_addr_t addr)
{
	return search(&memblock.memory, addr) >= 0;
}

bool memblock_is_map_memory(phys_addr_t addr)
{
	long i = search(&memblock.memory, addr);

	return i >= 0 && !(memblock.memory.regions[i].flags & MEMBLOCK_NOMAP);
}

bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	const struct memblock_type *mem = &memblock.memory;
	long i = search(mem, base);

	if (i < 0 || size == 0 || size > PHYS_ADDR_MAX - base)
		return false;
	phys_addr_t end = base + size, covered = region_end(&mem->regions[i]);

	/* Neighbouring regions (different node or flags) may carry the range on. */
	while (covered < end && (unsigned long)++i < mem->cnt && mem->regions[i].base == covered)
		covered = region_end(&mem->regions[i]);
	return covered >= end;
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return search(&memblock.reserved, addr) >= 0;
}

bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	const struct memblock_type *res = &memblock.reserved;

	if (!clamp_range(__func__, base, &size))
		return false;
	for (unsigned long i = 0; i < res->cnt; i++) {
		const struct memblock_region *r = &res->regions[i];

		if (r->base >= base + size)
			break;
		if (region_end(r) > base)
			return true;
	}
	return false;
}

/* One line per region of type, after its count, as Linux's memblock_dump(). */
static void dump_type(const struct memblock_type *type, void (*out)(void *, const char *),
		      void *ctx)
{
	char line[160];

	snprintf(line, sizeof(line), " %s.cnt  = 0x%lx", type->name, type->cnt);
	out(ctx, line);
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];
		char nid_buf[24] = "";

		if (r->nid != NUMA_NO_NODE)
			snprintf(nid_buf, sizeof(nid_buf), " on node %d", r->nid);
		snprintf(line, sizeof(line),
			 " %s[0x%lx]\t[0x%016llx-0x%016llx], 0x%016llx bytes%s flags: 0x%x",
			 type->name, i, (unsigned long long)r->base,
			 (unsigned long long)(region_end(r) - 1), (unsigned long long)r->size,
			 nid_buf, r->flags);
		out(ctx, line);
	}
}

void memblock_dump_to(void (*out)(void *ctx, const char *line), void *ctx)
{
	char line[96];

	out(ctx, "MEMBLOCK configuration:");
	snprintf(line, sizeof(line), " memory size = 0x%016llx reserved size = 0x%016llx",
		 (unsigned long long)memblock.memory.total_size,
		 (unsigned long long)memblock.reserved.total_size);
	out(ctx, line);
	dump_type(&memblock.memory, out, ctx);
	dump_type(&memblock.reserved, out, ctx);
}

static void dump_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
}

void memblock_dump(void)
{
	memblock_dump_to(dump_line, NULL);
}
