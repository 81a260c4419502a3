// SPDX-License-Identifier: MIT
/* Basic console commands: version, layout, poweroff, reboot, test. */
#include "boot.h"
#include "early.h"
#include "sbi.h"
#include "shell.h"
#include "trap.h"
#include "drivers/console.h"
#include "lib/printf.h"
#include "mm/layout.h"
#include "tests/ktest.h"
#include "glue.h"

extern char _start_header[], _etext[], __rodata_start[], __rodata_end[], __data_start[],
	__bss_start[], __bss_end[], _end[];

static int cmd_version(int argc, char **argv)
{
	unsigned long id, ver, spec = sbi_spec_version();

	sbi_impl(&id, &ver);
	printf("rvmm %s (riscv64, gcc %s)\n", RVMM_VERSION, __VERSION__);
	printf("SBI specification v%lu.%lu, implementation %lu version 0x%lx\n", spec >> 24,
	       spec & 0xffffff, id, ver);
	printf("SBI extensions: TIME %s, IPI %s, RFENCE %s, HSM %s, SRST %s, DBCN %s\n",
	       sbi_has(SBI_EXT_TIME) ? "yes" : "no", sbi_has(SBI_EXT_IPI) ? "yes" : "no",
	       sbi_has(SBI_EXT_RFENCE) ? "yes" : "no", sbi_has(SBI_EXT_HSM) ? "yes" : "no",
	       sbi_has(SBI_EXT_SRST) ? "yes" : "no", sbi_has(SBI_EXT_DBCN) ? "yes" : "no");
	printf("boot hart %lu, instructions from kmain to console: %llu (exact with ICOUNT=1)\n",
	       boot.boot_hartid,
	       (unsigned long long)(boot.instret_at_console - boot.instret_at_entry));
	return 0;
}
CONSOLE_CMD(version, "", "firmware, compiler and SBI versions", cmd_version);

static void layout_line(const char *name, unsigned long start, unsigned long end, const char *use)
{
	unsigned long size = end - start;

	if (size >= SZ_1G && size % SZ_1G == 0)
		printf("  %-9s 0x%016lx-0x%016lx %5lu GiB  %s\n", name, start, end - 1, size >> 30,
		       use);
	else
		printf("  %-9s 0x%016lx-0x%016lx %5lu MiB  %s\n", name, start, end - 1, size >> 20,
		       use);
}

static int cmd_layout(int argc, char **argv)
{
	phys_addr_t load = kernel_load_pa();

	printf("Virtual kernel memory layout (SV39):\n");
	layout_line("fixmap", FIXADDR_START, FIXADDR_TOP, "fixed slots, FDT window");
	layout_line("vmemmap", VMEMMAP_START, VMEMMAP_START + VMEMMAP_SIZE, "struct page array");
	layout_line("vmalloc", VMALLOC_START, VMALLOC_END, "vmalloc / ioremap");
	layout_line("lowmem", PAGE_OFFSET, PAGE_OFFSET + DIRECT_MAP_SIZE, "direct map of RAM");
	layout_line("kernel", KERNEL_LINK_ADDR, KERNEL_LINK_ADDR + KERNEL_MAP_SIZE,
		    "firmware image");
	printf("Firmware image at 0x%016llx (physical 0x%llx):\n", (unsigned long long)KERNEL_LINK_ADDR,
	       (unsigned long long)load);
	printf("  .text   0x%016lx-0x%016lx %6lu KiB R-X\n", (unsigned long)_start_header,
	       (unsigned long)_etext, (unsigned long)(_etext - _start_header) >> 10);
	printf("  .rodata 0x%016lx-0x%016lx %6lu KiB R--\n", (unsigned long)__rodata_start,
	       (unsigned long)__rodata_end, (unsigned long)(__rodata_end - __rodata_start) >> 10);
	printf("  .data   0x%016lx-0x%016lx %6lu KiB RW-\n", (unsigned long)__data_start,
	       (unsigned long)__bss_start, (unsigned long)(__bss_start - __data_start) >> 10);
	printf("  .bss    0x%016lx-0x%016lx %6lu KiB RW-\n", (unsigned long)__bss_start,
	       (unsigned long)__bss_end, (unsigned long)(__bss_end - __bss_start) >> 10);
	printf("DTB at physical 0x%llx, mapped at 0x%016lx\n", (unsigned long long)boot.dtb_pa,
	       (unsigned long)fixmap_fdt());
	return 0;
}
CONSOLE_CMD(layout, "", "virtual memory layout of this boot", cmd_layout);

static int cmd_poweroff(int argc, char **argv)
{
	poweroff(0);
}
CONSOLE_CMD(poweroff, "", "power off (QEMU exits with status 0)", cmd_poweroff);

static int cmd_reboot(int argc, char **argv)
{
	reboot();
}
CONSOLE_CMD(reboot, "", "reboot", cmd_reboot);

bool ktest_arch_run(void (*run)(struct ktest *t), struct ktest *t)
{
	struct recover_point rp, *outer = trap_recovery();

	if (recover_save(&rp)) {
		trap_set_recovery(outer);
		return false;
	}
	trap_set_recovery(&rp);
	run(t);
	trap_set_recovery(outer);
	return true;
}

static int cmd_test(int argc, char **argv)
{
	if (argc == 2 && argv[1][0] == '-' && argv[1][1] == 'l') {
		ktest_list();
		return 0;
	}
	int failed = ktest_run("firmware", (const char *const *)argv + 1, argc - 1, NULL);

	return failed == 0 ? 0 : 1;
}
CONSOLE_CMD(test, "[-l] [SUITE...]", "run test suites (KTAP); -l lists them", cmd_test);
