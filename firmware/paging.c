// SPDX-License-Identifier: MIT
/*
 * The final kernel page table.
 *
 * head.S left an early table that maps only the image, the fixmap and an identity
 * gigapage. paging_init() first maps every memblock memory range into that early table
 * with gigapages (early_direct_map), so memblock allocations can be written through
 * phys_to_virt(); then builds the final table with the portable mm/pgtable.c:
 *
 *	direct map   every memory range except no-map ones, RW-, 1G/2M/4K as alignment allows
 *	image        .text R-X, .rodata R--, .data/.bss RW- (W^X per section)
 *	fixmap       the early fixmap's level-1 table, shared (its slots stay valid)
 *
 * and switches satp. The identity gigapage and the early direct map end with the early
 * table. A W+X check over the whole address space runs right after the switch.
 */
#include "paging.h"
#include "log.h"
#include "early.h"
#include "boot.h"
#include "csr.h"
#include "smp.h"
#include "glue.h"
#include "mm/boot_mem.h"
#include "mm/layout.h"
#include "mm/memblock.h"
#include "mm/gfp.h"
#include "mm/ptdump.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "lib/report.h"
#include "drivers/console.h"

struct pgtable kernel_pgt;
struct paging_stats paging_stats;

extern char _start_header[], _etext[], __rodata_start[], __rodata_end[], __data_start[], _end[];

static void quiet(void *arg, const char *line)
{
}

static phys_addr_t memblock_table(void *ctx)
{
	phys_addr_t pa = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);

	if (pa)
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

static void memblock_table_free(void *ctx, phys_addr_t pa)
{
	memblock_free(pa, PAGE_SIZE);
}

static u64 *table_va(void *ctx, phys_addr_t pa)
{
	return phys_to_virt(pa);
}

static void flush_all_harts(void *ctx, uintptr_t va, size_t size)
{
	flush_tlb_kernel_range(va, size);
}

static phys_addr_t buddy_table(void *ctx)
{
	unsigned long va = get_zeroed_page(GFP_KERNEL);

	return va ? virt_to_phys((void *)va) : 0;
}

static void buddy_table_free(void *ctx, phys_addr_t pa)
{
	free_pages((unsigned long)phys_to_virt(pa), 0);
}

static struct pgt_ops kernel_pgt_ops = {
    .alloc_table = memblock_table,
    .free_table = memblock_table_free,
    .table_va = table_va,
    .flush = flush_all_harts,
};

void paging_use_buddy(void)
{
	kernel_pgt_ops.alloc_table = buddy_table;
	kernel_pgt_ops.free_table = buddy_table_free;
}

static int map_image_section(const char *name, char *start, char *end, unsigned prot)
{
	phys_addr_t pa = kernel_load_pa() + (uintptr_t)(start - _start_header);
	u64 size = ALIGN_UP((u64)(end - start), PAGE_SIZE);
	int rc = pgt_map_range(&kernel_pgt, (uintptr_t)start, pa, size, prot, 0);

	if (rc)
		printf("paging: cannot map image %s (%d)\n", name, rc);
	return rc;
}

/* The boot's W+X check: "passed" is information, anything else a warning. */
static void wx_line(void *arg, const char *line)
{
	static const char passed[] = "Checked W+X mappings: passed";

	if (strncmp(line, passed, sizeof(passed) - 1) == 0)
		pr_info_line(arg, line);
	else
		printf("%s\n", line);
}

int paging_init(void)
{
	const struct memblock_region *r;
	struct pgt_phys_range ranges[MEMBLOCK_MAX_REGIONS];
	phys_addr_t start, end;
	unsigned n = 0;
	u64 i;
	int rc;

	for_each_mem_region(r) if (!early_direct_map(boot_mem.phys_ram_base, r->base, r->size))
	{
		printf("paging: memory outside the direct map (0x%llx)\n",
		       (unsigned long long)r->base);
		return -ERANGE;
	}

	rc = pgt_init(&kernel_pgt, &kernel_pgt_ops);
	if (rc)
		return rc;
	for_each_mem_range(i, &start, &end) ranges[n++] =
	    (struct pgt_phys_range){.base = start, .size = end - start};

	u64 writes0 = kernel_pgt.pte_writes, tables0 = kernel_pgt.tables, t0 = read_instret();

	rc = pgt_build_direct_map(&kernel_pgt, ranges, n, PAGE_OFFSET - boot_mem.phys_ram_base);
	paging_stats.direct_map_instret = read_instret() - t0;
	paging_stats.direct_map_pte_writes = kernel_pgt.pte_writes - writes0;
	paging_stats.direct_map_tables = kernel_pgt.tables - tables0;
	for (unsigned k = 0; k < n; k++)
		paging_stats.direct_map_bytes += ranges[k].size;
	if (rc) {
		printf("paging: direct map failed (%d)\n", rc);
		return rc;
	}

	rc = map_image_section(".text", _start_header, _etext, PROT_KERNEL_RX);
	rc = rc ?: map_image_section(".rodata", __rodata_start, __rodata_end, PROT_KERNEL_RO);
	rc = rc ?: map_image_section(".data", __data_start, _end, PROT_KERNEL_RW);
	if (rc)
		return rc;

	u64 *root = phys_to_virt(kernel_pgt.root);

	root[pgt_index(FIXADDR_START, 2)] = pte_mktable(PHYS_PFN(early_fixmap_l1_pa()));
	kernel_pgt.tables += 2; /* the fixmap's level-1 and level-0 tables, in the image: shared
				   with the early table and never unmapped, so never freed */

	csr_write(satp, pgt_satp(kernel_pgt.root, 0));
	local_flush_tlb_all();

	/* The kernel half of Sv39, up to the last page (va + size must not wrap to 0). */
	paging_stats.wx_violations = (unsigned)ptdump_check_wx(
	    &kernel_pgt, 0xffffffc000000000ULL, 0x4000000000ULL - PAGE_SIZE, wx_line, NULL);
	return 0;
}

/* One line of a paging_verify() complaint, counted. */
#define pv_err(errors, out, arg, ...)                                                              \
	do {                                                                                       \
		line_emitf(out, arg, __VA_ARGS__);                                                 \
		(*(errors))++;                                                                     \
	} while (0)

struct dm_check {
	u64 off;    /* VA - PA of the direct map */
	u64 mapped; /* bytes the direct map maps */
	int *errors;
	pgt_print_fn out;
	void *arg;
};

/* Every direct-map run must be RAM that is not no-map, at VA = PA + offset. */
static int dm_range(void *a, const struct pgt_range *rg)
{
	struct dm_check *c = a;

	c->mapped += rg->size;
	if (rg->va - c->off != rg->pa)
		pv_err(c->errors, c->out, c->arg,
		       "paging_verify: direct map 0x%llx points at 0x%llx, not 0x%llx",
		       (unsigned long long)rg->va, (unsigned long long)rg->pa,
		       (unsigned long long)(rg->va - c->off));
	if (!memblock_is_region_memory(rg->pa, rg->size))
		pv_err(c->errors, c->out, c->arg, "paging_verify: direct map of non-RAM 0x%llx",
		       (unsigned long long)rg->pa);
	for (phys_addr_t pa = rg->pa; pa < rg->pa + rg->size; pa += PAGE_SIZE)
		if (!memblock_is_map_memory(pa)) {
			pv_err(c->errors, c->out, c->arg,
			       "paging_verify: direct map maps no-map memory at 0x%llx",
			       (unsigned long long)pa);
			break;
		}
	return 0;
}

/*
 * The kernel page table against what it should be: the direct map maps exactly RAM minus
 * no-map, at the right offset (every run of leaves checked, and the mapped total equal to
 * that RAM), tables well formed with aligned leaves (pgt_verify), no mapping both writable
 * and executable, and no fixmap slot mapped but the ones in use (console, finisher).
 */
int paging_verify(pgt_print_fn out, void *arg)
{
	phys_addr_t start, end;
	struct pgt_walk w;
	u64 i, ram = 0;
	int errors = pgt_verify(&kernel_pgt, out, arg);
	struct dm_check c = {
	    .off = PAGE_OFFSET - boot_mem.phys_ram_base, .errors = &errors, .out = out, .arg = arg};

	pgt_for_each_range(&kernel_pgt, PAGE_OFFSET, DIRECT_MAP_SIZE, PGT_RANGE_PA_CONTIG, dm_range,
			   &c);
	for_each_mem_range(i, &start, &end) ram += end - start;
	if (c.mapped != ram)
		pv_err(&errors, out, arg,
		       "paging_verify: direct map covers 0x%llx bytes, RAM 0x%llx",
		       (unsigned long long)c.mapped, (unsigned long long)ram);
	int wx = ptdump_check_wx(&kernel_pgt, 0xffffffc000000000ULL, 0x4000000000ULL - PAGE_SIZE,
				 quiet, NULL);

	if (wx)
		pv_err(&errors, out, arg, "paging_verify: %d W+X mappings", wx);
	for (unsigned slot = 0; slot < FIX_NR_SLOTS; slot++) {
		bool used = slot == FIX_EARLYCON   ? console_uart()->kind != UART_NONE
			    : slot == FIX_FINISHER ? finisher_present()
						   : false;
		bool mapped = pgt_walk(&kernel_pgt, fix_to_virt(slot), &w) == 0;

		if (mapped != used)
			pv_err(&errors, out, arg, "paging_verify: fixmap slot %u %s", slot,
			       mapped ? "mapped but unused" : "in use but not mapped");
	}
	return errors;
}
