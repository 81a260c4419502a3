// SPDX-License-Identifier: MIT
/* The test allocator of tests/mm/test_buddy.h: region, private mm_state, memmap pool, log. */
#include "tests/mm/test_buddy.h"
#include "lib/errno.h"
#include "lib/string.h"

#define TB_POOL_SIZE (640 * 1024) /* memmap (256 KiB for 16 MiB) + pcp arrays + bitmaps */

static struct mm_state tb_state;
static struct mm_state *tb_saved;
static bool tb_active;
static pfn_t tb_base;
static u8 tb_pool[TB_POOL_SIZE] __aligned(64);
static size_t tb_pool_used;
static char tb_log[8192];
static size_t tb_log_len;

#ifdef RVMM_HOST
#define TB_HOST_PHYS 0x80000000UL /* where the buffer appears, as RAM on QEMU virt */
static u8 tb_mem[TB_PAGES * PAGE_SIZE] __aligned(PAGE_SIZE);
static uintptr_t tb_saved_offset;
#endif

__attribute__((weak)) int ktest_mm_region(phys_addr_t *base, size_t *size)
{
	(void)base;
	(void)size;
	return -ENOSYS;
}

static void *tb_alloc(size_t bytes, int nid)
{
	size_t at = ALIGN_UP(tb_pool_used, (size_t)64);

	(void)nid;
	if (at + bytes > sizeof(tb_pool))
		return NULL;
	tb_pool_used = at + bytes;
	return tb_pool + at;
}

static void tb_log_sink(void *ctx, const char *line)
{
	size_t n = strlen(line);

	(void)ctx;
	if (tb_log_len + n + 1 > sizeof(tb_log))
		return;
	memcpy(tb_log + tb_log_len, line, n + 1);
	tb_log_len += n;
}

void tb_log_clear(void)
{
	tb_log_len = 0;
	tb_log[0] = '\0';
}

const char *tb_log_text(void)
{
	return tb_log;
}

bool tb_log_has(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i + n <= tb_log_len; i++)
		if (!memcmp(tb_log + i, s, n))
			return true;
	return false;
}

const char *tb_skip_reason(int err)
{
	if (err == -ENOSYS)
		return "no test memory region from the firmware yet (ktest_mm_region: ENOSYS)";
	return "test memory region unusable (needs 16 MiB, 4 MiB aligned)";
}

pfn_t tb_pfn(unsigned long off)
{
	return tb_base + off;
}

struct page *tb_page(unsigned long off)
{
	return pfn_to_page(tb_pfn(off));
}

unsigned long tb_off(const struct page *page)
{
	return (unsigned long)(page_to_pfn(page) - tb_base);
}

struct zone *tb_zone(int nid, enum zone_type t)
{
	return &NODE_DATA(nid)->node_zones[t];
}

static bool reserved_off(const struct tb_layout *l, unsigned long off)
{
	for (unsigned i = 0; i < l->nr_reserved; i++)
		if (off >= l->reserved[i].start && off < l->reserved[i].end)
			return true;
	return false;
}

/* Free every present, non-reserved page of the layout, in maximal runs. */
static void tb_free_layout(const struct tb_layout *l)
{
	for (int n = 0; n < l->nr_nodes; n++) {
		for (unsigned r = 0; r < l->node[n].nr; r++) {
			unsigned long off = l->node[n].present[r].start,
				      end = l->node[n].present[r].end;

			while (off < end) {
				unsigned long s;

				while (off < end && reserved_off(l, off))
					off++;
				s = off;
				while (off < end && !reserved_off(l, off))
					off++;
				if (s < off)
					free_pages_range(tb_pfn(s), tb_pfn(off));
			}
		}
	}
}

int tb_setup(const struct tb_layout *l)
{
	phys_addr_t base;

	if (tb_active)
		tb_teardown();
#ifdef RVMM_HOST
	tb_saved_offset = host_phys_offset;
	host_phys_offset = (uintptr_t)tb_mem - TB_HOST_PHYS;
	base = TB_HOST_PHYS;
#else
	size_t size = 0;
	int err = ktest_mm_region(&base, &size);

	if (err)
		return err;
	if (!IS_ALIGNED(base, MAX_ORDER_NR_PAGES * PAGE_SIZE) || size < TB_PAGES * PAGE_SIZE)
		return -ENODEV;
#endif
	tb_base = PHYS_PFN(base);
	mm_state_init(&tb_state);
	tb_saved = mm_state_switch(&tb_state);
	tb_active = true;
	tb_pool_used = 0;
	tb_log_clear();
	mm_print_redirect(tb_log_sink, NULL);
	tb_state.dma32_end_pfn = tb_base + (l->dma32_end ? l->dma32_end : TB_PAGES);

	for (int n = 0; n < l->nr_nodes; n++) {
		const struct tb_node *tn = &l->node[n];
		struct pfn_range r[4];
		int e;

		for (unsigned i = 0; i < tn->nr; i++)
			r[i] = (struct pfn_range){tb_pfn(tn->present[i].start),
						  tb_pfn(tn->present[i].end)};
		e = mm_node_init(n, r, tn->nr, tn->movable_start ? tb_pfn(tn->movable_start) : 0,
				 tb_alloc);
		if (e) {
			tb_teardown();
			return e;
		}
		/* Bit 0 of a layout's cpus means "the CPU running the test" (logical CPU 0
		 * on the host; on the target, whichever hart booted): swap it with cpu 0. */
		unsigned me = smp_processor_id();

		for (unsigned cpu = 0; cpu < NR_CPUS; cpu++)
			if (tn->cpus & (1UL << cpu))
				set_cpu_numa_node(cpu == 0 ? me : cpu == me ? 0 : cpu, n);
	}
	build_all_zonelists();
	tb_free_layout(l);
	if (!l->no_wmark_init)
		init_per_zone_wmark_min();
	return 0;
}

int tb_setup_simple(void)
{
	static const struct tb_layout l = {
	    .nr_nodes = 1,
	    .node = {{.present = {{0, TB_PAGES}}, .nr = 1}},
	};

	return tb_setup(&l);
}

void tb_teardown(void)
{
	if (!tb_active)
		return;
	mm_state_switch(tb_saved);
#ifdef RVMM_HOST
	host_phys_offset = tb_saved_offset;
#endif
	tb_active = false;
}

void tb_zero_watermarks(void)
{
	struct pglist_data *pgdat;
	struct zone *zone;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat)
	{
		for (int w = 0; w < NR_WMARK; w++)
			zone->_watermark[w] = 0;
		for (int i = 0; i < MAX_NR_ZONES; i++)
			zone->lowmem_reserve[i] = 0;
	}
}

void tb_set_pcp(int high, int batch)
{
	struct pglist_data *pgdat;
	struct zone *zone;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat) if (zone->per_cpu_pageset)
	    zone_set_pageset_high_and_batch(zone, high, batch);
}

int tb_verify(struct ktest *t)
{
	size_t mark;
	int errors;

	if (tb_log_len > sizeof(tb_log) / 2)
		tb_log_clear();
	mark = tb_log_len;
	errors = buddy_verify();
	if (errors) {
		/* Show what buddy_verify() said, one diagnostic per line. */
		char *p = tb_log + mark;

		while (*p) {
			char *nl = strchr(p, '\n');

			if (nl)
				*nl = '\0';
			ktest_log(t, "%s", p);
			if (!nl)
				break;
			*nl = '\n';
			p = nl + 1;
		}
	}
	return errors;
}

void tb_snapshot(struct zone *zone, struct tb_snap *s)
{
	memset(s, 0, sizeof(*s));
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		s->nr_free[o] = zone->free_area[o].nr_free;
	s->free_pages = zone->nr_free_pages;
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = zone_pcp(zone, cpu);

		if (pcp)
			s->pcp_pages += (unsigned long)pcp->count;
	}
	s->bad = mm_state->nr_bad_pages;
}

bool tb_snap_equal(const struct tb_snap *a, const struct tb_snap *b)
{
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		if (a->nr_free[o] != b->nr_free[o])
			return false;
	return a->free_pages == b->free_pages && a->pcp_pages == b->pcp_pages;
}
