// SPDX-License-Identifier: MIT
/*
 * ptdump and the W^X check over pgt_for_each_range() (see mm/ptdump.h for the format).
 *
 * Runs are coalesced the way Linux does it: adjacent leaves of equal level and flags form
 * one line whatever their physical addresses (the line shows the PA of its first byte).
 * The address range is cut into segments at the markers; each segment starts with its
 * marker line, and a run never crosses a marker.
 */
#include "mm/ptdump.h"
#include "lib/report.h"
#include "mm/layout.h"
#include "lib/errno.h"
#include "lib/printf.h"

typedef unsigned long long ull;

const struct ptdump_marker ptdump_layout_markers[] = {
    {FIXADDR_START, "Fixmap start"},	  {FIXADDR_TOP, "Fixmap end"},
    {VMEMMAP_START, "vmemmap start"},	  {VMEMMAP_START + VMEMMAP_SIZE, "vmemmap end"},
    {VMALLOC_START, "vmalloc() area"},	  {VMALLOC_END, "vmalloc() end"},
    {PAGE_OFFSET, "Linear mapping"},	  {PAGE_OFFSET + DIRECT_MAP_SIZE, "Linear mapping end"},
    {KERNEL_LINK_ADDR, "Kernel mapping"},
};
const unsigned ptdump_nr_layout_markers = ARRAY_SIZE(ptdump_layout_markers);

/* Sv39 levels under Linux's names (3-level riscv64: the root is the PGD). */
static const char *const level_name[PGT_LEVELS] = {"PTE", "PMD", "PGD"};

struct dump_out {
	pgt_print_fn out;
	void *arg;
	u64 wx_runs;  /* W+X runs seen (ptdump_check_wx) */
	u64 wx_pages; /* 4 KiB pages in them */
};

static void emit(const struct dump_out *o, const char *line)
{
	line_emit(o->out, o->arg, line);
}

int ptdump_format_range(const struct pgt_range *r, char *buf, size_t size)
{
	static const char units[] = "KMGTPE";
	const char *unit = units;
	u64 delta = r->size >> 10;
	char flags[20];

	while (delta && !(delta & 1023) && unit[1]) {
		delta >>= 10;
		unit++;
	}
	pgt_flags_format(r->flags, flags, sizeof(flags));
	return snprintf(buf, size, "0x%016llx-0x%016llx    0x%016llx %9llu%c %s %s %s", (ull)r->va,
			(ull)(r->va + r->size), (ull)r->pa, (ull)delta, *unit, level_name[r->level],
			(r->flags & PTE_RSW) ? "RSW" : "   ", flags);
}

static int dump_range(void *arg, const struct pgt_range *r)
{
	char line[128];

	ptdump_format_range(r, line, sizeof(line));
	emit(arg, line);
	return 0;
}

static bool range_ok(const struct pgtable *pgt, const char *fn, u64 va, u64 size)
{
	u64 last = va + size - 1;

	if (pgt->root && size && pgt_va_canonical(va) && last >= va && pgt_va_canonical(last) &&
	    !((va ^ last) >> 63))
		return true;
	printf("%s: range empty, non-canonical or across the hole (0x%llx)\n", fn, (ull)va);
	return false;
}

int ptdump_show(const struct pgtable *pgt, u64 va, u64 size, const struct ptdump_marker *markers,
		unsigned n, pgt_print_fn out, void *arg)
{
	struct dump_out o = {.out = out, .arg = arg};
	u64 last = va + size - 1;
	char line[96];

	if (!range_ok(pgt, __func__, va, size))
		return -EINVAL;
	/* Segment i covers [markers[i-1].va, markers[i].va); segment 0 has no marker line. */
	for (unsigned i = 0; i <= n; i++) {
		u64 lo = i ? markers[i - 1].va : 0;
		bool nonempty = i == n || markers[i].va > lo;
		u64 hi = i < n ? markers[i].va - 1 : ~0ULL; /* inclusive */
		bool overlaps = nonempty && lo <= last && hi >= va;
		int ret;

		if (i && (overlaps || (lo >= va && lo <= last))) {
			snprintf(line, sizeof(line), "---[ %s ]---", markers[i - 1].name);
			emit(&o, line);
		}
		if (!overlaps)
			continue;
		lo = max(lo, va);
		hi = min(hi, last);
		ret = pgt_for_each_range(pgt, lo, hi - lo + 1, 0, dump_range, &o);
		if (ret)
			return ret;
	}
	return 0;
}

static int wx_range(void *arg, const struct pgt_range *r)
{
	struct dump_out *o = arg;
	char line[128];

	if ((r->flags & (PTE_W | PTE_X)) != (PTE_W | PTE_X))
		return 0;
	o->wx_runs++;
	o->wx_pages += r->size >> PAGE_SHIFT;
	snprintf(line, sizeof(line),
		 "ptdump_check_wx: W+X mapping 0x%016llx-0x%016llx (%llu pages)", (ull)r->va,
		 (ull)(r->va + r->size), (ull)(r->size >> PAGE_SHIFT));
	emit(o, line);
	return 0;
}

int ptdump_check_wx(const struct pgtable *pgt, u64 va, u64 size, pgt_print_fn out, void *arg)
{
	struct dump_out o = {.out = out, .arg = arg};
	char line[96];
	int ret;

	if (!range_ok(pgt, __func__, va, size))
		return -EINVAL;
	ret = pgt_for_each_range(pgt, va, size, 0, wx_range, &o);
	if (ret)
		return ret;
	if (o.wx_pages)
		snprintf(line, sizeof(line), "Checked W+X mappings: failed, %llu W+X pages found",
			 (ull)o.wx_pages);
	else
		snprintf(line, sizeof(line), "Checked W+X mappings: passed, no W+X pages found");
	emit(&o, line);
	return (int)o.wx_runs;
}
