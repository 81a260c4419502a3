// SPDX-License-Identifier: MIT
/*
 * Polled UART drivers. The boot firmware (OpenSBI, U-Boot) has already set the baud
 * rate, so rvmm only enables what it needs and never touches the divisor.
 */
#include "uart.h"
#include "lib/string.h"

/* 8250 registers (index before reg-shift) and bits. */
#define UART_RBR 0 /* receive buffer (read) */
#define UART_THR 0 /* transmit holding (write) */
#define UART_IER 1
#define UART_FCR 2
#define UART_LSR 5
#define LSR_DR   0x01 /* data ready */
#define LSR_THRE 0x20 /* transmit holding register empty */

/* SiFive UART registers (byte offsets) and bits. */
#define SIFIVE_TXDATA 0x00
#define SIFIVE_RXDATA 0x04
#define SIFIVE_TXCTRL 0x08
#define SIFIVE_RXCTRL 0x0c
#define SIFIVE_IE     0x10
#define SIFIVE_FULL   (1u << 31)
#define SIFIVE_EMPTY  (1u << 31)
#define SIFIVE_EN     1u

enum uart_kind uart_kind_of(const char *c)
{
	static const char *const k8250[] = {"ns16550a", "ns16550", "snps,dw-apb-uart", "ns8250"};

	for (unsigned i = 0; i < ARRAY_SIZE(k8250); i++)
		if (strcmp(c, k8250[i]) == 0)
			return UART_8250;
	return strcmp(c, "sifive,uart0") == 0 ? UART_SIFIVE : UART_NONE;
}

static u32 rd8250(struct uart *u, unsigned reg)
{
	volatile u8 *p = u->base + (reg << u->reg_shift);

	return u->reg_io_width == 4 ? *(volatile u32 *)p : *p;
}

static void wr8250(struct uart *u, unsigned reg, u32 v)
{
	volatile u8 *p = u->base + (reg << u->reg_shift);

	if (u->reg_io_width == 4)
		*(volatile u32 *)p = v;
	else
		*p = (u8)v;
}

static u32 rd32(struct uart *u, unsigned off)
{
	return *(volatile u32 *)(u->base + off);
}

static void wr32(struct uart *u, unsigned off, u32 v)
{
	*(volatile u32 *)(u->base + off) = v;
}

void uart_init(struct uart *u)
{
	if (u->kind == UART_8250) {
		wr8250(u, UART_IER, 0);    /* polled */
		wr8250(u, UART_FCR, 0x07); /* FIFOs on and cleared */
	} else if (u->kind == UART_SIFIVE) {
		wr32(u, SIFIVE_IE, 0);
		wr32(u, SIFIVE_TXCTRL, rd32(u, SIFIVE_TXCTRL) | SIFIVE_EN);
		wr32(u, SIFIVE_RXCTRL, rd32(u, SIFIVE_RXCTRL) | SIFIVE_EN);
	}
}

/* Room in the transmitter now? */
static bool tx_ready(struct uart *u, u32 *status)
{
	u32 v = u->kind == UART_8250 ? rd8250(u, UART_LSR) : rd32(u, SIFIVE_TXDATA);

	if (status)
		*status = v;
	return u->kind == UART_8250 ? (v & LSR_THRE) != 0 : !(v & SIFIVE_FULL);
}

bool uart_responds(struct uart *u, u32 *status)
{
	for (unsigned long n = 0; n < UART_SPIN_MAX; n++)
		if (tx_ready(u, status))
			return true;
	return false;
}

bool uart_putc(struct uart *u, char c)
{
	if (!uart_responds(u, NULL))
		return false;
	if (u->kind == UART_8250)
		wr8250(u, UART_THR, (u8)c);
	else
		wr32(u, SIFIVE_TXDATA, (u8)c);
	return true;
}

int uart_getc(struct uart *u)
{
	if (u->kind == UART_8250) {
		if (rd8250(u, UART_LSR) & LSR_DR)
			return (int)(rd8250(u, UART_RBR) & 0xff);
	} else if (u->kind == UART_SIFIVE) {
		u32 v = rd32(u, SIFIVE_RXDATA);

		if (!(v & SIFIVE_EMPTY))
			return (int)(v & 0xff);
	}
	return -1;
}
