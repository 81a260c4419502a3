// SPDX-License-Identifier: MIT
/* Console commands that show memory management state: memblock, numa, walk, ptdump. */
#include "paging.h"
#include "shell.h"
#include "mm/memblock.h"
#include "mm/numa.h"
#include "mm/ptdump.h"
#include "lib/printf.h"
#include "lib/string.h"

static int cmd_memblock(int argc, char **argv)
{
	memblock_dump();
	return 0;
}
CONSOLE_CMD(memblock, "", "memblock memory and reserved ranges", cmd_memblock);

static int cmd_numa(int argc, char **argv)
{
	numa_report(NULL);
	return 0;
}
CONSOLE_CMD(numa, "", "NUMA nodes, CPUs, sizes and distances (numactl --hardware)", cmd_numa);

static int cmd_walk(int argc, char **argv)
{
	struct pgt_walk w;
	char line[128];
	u64 va;

	if (argc != 2 || kstrtoull(argv[1], 0, &va)) {
		printf("usage: walk VA\n");
		return 2;
	}
	pgt_walk(&kernel_pgt, va, &w);
	for (int level = PGT_LEVELS - 1; level >= 0 && level >= w.level; level--) {
		pgt_flags_format(w.step[level].pte, line, sizeof(line));
		printf("  level %d: table 0x%llx index %3u pte 0x%016llx [%s]\n", level,
		       (unsigned long long)w.step[level].table, w.step[level].index,
		       (unsigned long long)w.step[level].pte, line);
	}
	pgt_walk_format(&w, line, sizeof(line));
	printf("%s\n", line);
	return 0;
}
CONSOLE_CMD(walk, "VA", "walk the kernel page table for VA", cmd_walk);

static int cmd_ptdump(int argc, char **argv)
{
	return ptdump_show(&kernel_pgt, 0xffffffc000000000ULL, 0x4000000000ULL - PAGE_SIZE,
			   ptdump_layout_markers, ptdump_nr_layout_markers, NULL, NULL) < 0;
}
CONSOLE_CMD(ptdump, "", "kernel page tables (Linux riscv ptdump format)", cmd_ptdump);
