/* SPDX-License-Identifier: MIT */
/* The console: the UART named by /chosen/stdout-path, else the SBI console. */
#ifndef RVMM_DRIVERS_CONSOLE_H
#define RVMM_DRIVERS_CONSOLE_H

#include "lib/fdt.h"
#include "drivers/uart.h"

/** Take the UART of /chosen/stdout-path (mapped through the fixmap); 0 or -ENODEV */
int console_init(const struct fdt *fdt);
/** Read one byte, -1 when none is waiting */
int console_getc(void);
/** The UART in use (kind UART_NONE when the SBI console is used) */
const struct uart *console_uart(void);
/** Why the UART was not used ("" when it is) */
const char *console_fallback_reason(void);

/** Find the finisher (sifive,test0/1) in the tree */
void finisher_init(const struct fdt *fdt);
/** Is a sifive,test finisher present? */
bool finisher_present(void);
/** Power off with a status: 0 success, else failure (QEMU's exit code) */
void __noreturn poweroff(int status);
/** Reboot (SBI SRST cold reboot, or the finisher's reset) */
void __noreturn reboot(void);

#endif
