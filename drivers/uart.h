/* SPDX-License-Identifier: MIT */
/*
 * UART drivers, polled (rvmm takes no interrupts):
 *	ns16550a, ns16550, snps,dw-apb-uart	8250 register set, reg-shift and reg-io-width
 *	sifive,uart0				SiFive FU540/FU740 UART
 */
#ifndef RVMM_DRIVERS_UART_H
#define RVMM_DRIVERS_UART_H

#include "lib/types.h"

enum uart_kind { UART_NONE, UART_8250, UART_SIFIVE };

struct uart {
	enum uart_kind kind;
	const char *compatible; /* the compatible string that matched */
	phys_addr_t phys;       /* register base, physical */
	volatile u8 *base;      /* register base, mapped */
	unsigned reg_shift;     /* 8250: register i is at base + (i << reg_shift) */
	unsigned reg_io_width;  /* 8250: 1 or 4 byte accesses */
};

/** Which driver handles this compatible string (UART_NONE if none) */
enum uart_kind uart_kind_of(const char *compatible);
/** Prepare a mapped UART for polled use */
void uart_init(struct uart *u);
/* How long a write waits for room before the UART is declared dead (polls). */
#define UART_SPIN_MAX 2000000

/** Write one byte, waiting (bounded) for room; false if the UART never had room */
bool uart_putc(struct uart *u, char c);
/** Does the transmitter report room within UART_SPIN_MAX polls? *status gets the raw value */
bool uart_responds(struct uart *u, u32 *status);
/** Read one byte, -1 when none is waiting */
int uart_getc(struct uart *u);

#endif
