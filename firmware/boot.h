/* SPDX-License-Identifier: MIT */
/* What the boot hart learned on the way to the console, for commands and later stages. */
#ifndef RVMM_FIRMWARE_BOOT_H
#define RVMM_FIRMWARE_BOOT_H

#include "lib/fdt.h"

struct boot_info {
	unsigned long boot_hartid;
	phys_addr_t dtb_pa;      /* as passed in a1 */
	struct fdt fdt;          /* validated, read through the fixmap FDT window */
	u64 instret_at_entry;    /* rdinstret at kmain */
	u64 instret_at_console;  /* rdinstret when the console became ready for commands */
};

extern struct boot_info boot;

#endif
