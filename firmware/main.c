// SPDX-License-Identifier: MIT
/*
 * kmain: the init order after head.S has put us at the link address.
 *
 *	SBI probe -> FDT validation -> console and finisher -> bootargs
 *	-> (memory discovery, page tables, allocators: see mm/)
 *	-> run="..." commands then power off, else the interactive console
 *
 * Any failure before the console exists is still printed, through the SBI console.
 */
#include "bootargs.h"
#include "log.h"
#include "early.h"
#include "sbi.h"
#include "shell.h"
#include "boot.h"
#include "mm_init.h"
#include "paging.h"
#include "smp.h"
#include "drivers/console.h"
#include "mm/boot_mem.h"
#include "mm/dt_scan.h"
#include "lib/fdt.h"
#include "lib/printf.h"
#include "glue.h"

struct boot_info boot;
static struct dt_memory_info dtinfo;
extern char _start_header[], _end[];

static void __noreturn boot_fail(const char *what, const char *cause, u64 value)
{
	printf("rvmm: %s: %s (0x%llx)\n", what, cause, (unsigned long long)value);
	poweroff(1);
}

void __noreturn kmain(unsigned long hartid, phys_addr_t dtb_pa);
void kmain(unsigned long hartid, phys_addr_t dtb_pa)
{
	struct fdt_error err = {0};

	boot.boot_hartid = hartid;
	boot.dtb_pa = dtb_pa;
	smp_init_boot_cpu(hartid);
	boot.instret_at_entry = read_instret();
	sbi_init();

	if (!dtb_pa)
		boot_fail("fdt", "no device tree passed in a1", 0);
	/* The FDT window maps 4 MiB from the 2 MiB page holding the blob. */
	size_t avail = FIX_FDT_SIZE - (dtb_pa & (SZ_2M - 1));

	if (fdt_open(&boot.fdt, fixmap_fdt(), avail > FDT_MAX_SIZE ? FDT_MAX_SIZE : avail, &err))
		boot_fail("fdt", err.cause, err.value);
	console_init(&boot.fdt);
	finisher_init(&boot.fdt);

	printf("\nrvmm %s: RISC-V memory manager, hart %lu, DTB at 0x%llx (%u bytes)\n",
	       RVMM_VERSION, hartid, (unsigned long long)dtb_pa, boot.fdt.totalsize);

	int chosen = fdt_find_path(&boot.fdt, "/chosen");

	bootargs_parse(chosen >= 0 ? fdt_prop_str(&boot.fdt, chosen, "bootargs") : NULL);
	if (console_uart()->kind == UART_NONE)
		printf("console: SBI console (%s)\n", console_fallback_reason()); /* a warning */
	else
		pr_info("console: %s at 0x%llx\n", console_uart()->compatible,
			(unsigned long long)console_uart()->phys);

	/* Memory: DT scan -> memblock -> final page table. */
	if (dt_scan_memory(&boot.fdt, &dtinfo) != 0)
		boot_fail("memory", "no usable memory in the device tree", (u64)dtinfo.nmem);
	struct boot_mem_args margs = {
	    .bootargs = bootargs.raw,
	    .image_base = kernel_load_pa(),
	    .image_size = (u64)(_end - _start_header),
	    .dtb_base = dtb_pa,
	    .dtb_size = boot.fdt.totalsize,
	};
	int rc = boot_mem_init(&dtinfo, &margs);

	if (rc)
		boot_fail("memory", boot_mem_error(), (u64)-rc);
	smp_setup_boot_cpu();
	rc = paging_init();
	if (rc)
		boot_fail("paging", "cannot build the kernel page table", (u64)-rc);
	rc = mm_init();
	if (rc)
		boot_fail("mm", "cannot bring up the page allocator", (u64)-rc);
	smp_boot_secondaries();

	boot.instret_at_console = read_instret();
	if (bootargs.run)
		poweroff(shell_run_list(bootargs.run));
	shell_interactive();
}
