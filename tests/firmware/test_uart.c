// SPDX-License-Identifier: MIT
/*
 * UART drivers against fake register files in RAM: the register arithmetic (reg-shift),
 * the access width (reg-io-width) and the bounded wait of a UART that never has room.
 * QEMU offers no 16550 with reg-shift 2, so this is where the VisionFive 2 (JH7110,
 * snps,dw-apb-uart, reg-shift 2, reg-io-width 4) layout is proven.
 */
#include "tests/ktest.h"
#include "drivers/uart.h"
#include "lib/string.h"

static u32 regs[64] __aligned(8);

KTEST(test_kind_of)
{
	EXPECT_EQ(uart_kind_of("ns16550a"), UART_8250);
	EXPECT_EQ(uart_kind_of("snps,dw-apb-uart"), UART_8250);
	EXPECT_EQ(uart_kind_of("sifive,uart0"), UART_SIFIVE);
	EXPECT_EQ(uart_kind_of("ns16550ax"), UART_NONE);
	EXPECT_EQ(uart_kind_of("arm,pl011"), UART_NONE);
}

KTEST(test_dw_apb_shift2_width4)
{
	struct uart u = {.kind = UART_8250, .base = (volatile u8 *)regs, .reg_shift = 2,
			 .reg_io_width = 4};

	memset(regs, 0xaa, sizeof(regs));
	uart_init(&u);
	EXPECT_EQ(regs[1], 0);    /* IER: register 1 at byte 4, a 32-bit write */
	EXPECT_EQ(regs[2], 0x07); /* FCR: register 2 at byte 8 */
	regs[5] = 0x20;           /* LSR (register 5, byte 20): THR empty */
	regs[0] = 0;
	ASSERT_TRUE(uart_putc(&u, 'Z'));
	EXPECT_EQ(regs[0], 'Z'); /* the whole word: a 32-bit store of the byte */
	regs[5] = 0x21;          /* data ready */
	regs[0] = 'q';
	EXPECT_EQ(uart_getc(&u), 'q');
}

KTEST(test_ns16550_byte_spaced)
{
	struct uart u = {.kind = UART_8250, .base = (volatile u8 *)regs, .reg_io_width = 1};
	u8 *b = (u8 *)regs;

	memset(regs, 0xaa, sizeof(regs));
	uart_init(&u);
	EXPECT_EQ(b[1], 0);
	EXPECT_EQ(b[2], 0x07);
	EXPECT_EQ(b[4], 0xaa); /* nothing else touched */
	b[5] = 0x20;
	ASSERT_TRUE(uart_putc(&u, 'a'));
	EXPECT_EQ(b[0], 'a');
	EXPECT_EQ(b[3], 0xaa);
	b[5] = 0x20;
	EXPECT_EQ(uart_getc(&u), -1); /* no data ready */
}

KTEST(test_sifive)
{
	struct uart u = {.kind = UART_SIFIVE, .base = (volatile u8 *)regs};

	memset(regs, 0, sizeof(regs));
	uart_init(&u);
	EXPECT_EQ(regs[2] & 1, 1); /* txctrl.txen */
	EXPECT_EQ(regs[3] & 1, 1); /* rxctrl.rxen */
	EXPECT_EQ(regs[4], 0);     /* no interrupts */
	ASSERT_TRUE(uart_putc(&u, 'x'));
	EXPECT_EQ(regs[0], 'x');
	regs[1] = 0x80000000u; /* rxdata: empty */
	EXPECT_EQ(uart_getc(&u), -1);
	regs[1] = 'k';
	EXPECT_EQ(uart_getc(&u), 'k');
}

KTEST(test_dead_uart_times_out)
{
	struct uart u = {.kind = UART_8250, .base = (volatile u8 *)regs, .reg_shift = 2,
			 .reg_io_width = 4};
	u32 status = 1;

	memset(regs, 0, sizeof(regs)); /* LSR never shows THR empty */
	EXPECT_FALSE(uart_responds(&u, &status));
	EXPECT_EQ(status, 0);
	EXPECT_FALSE(uart_putc(&u, 'x'));
	EXPECT_EQ(regs[0], 0); /* nothing written */
}

static const struct ktest_case uart_cases[] = {
	KTEST_CASE(test_kind_of),
	KTEST_CASE(test_dw_apb_shift2_width4),
	KTEST_CASE(test_ns16550_byte_spaced),
	KTEST_CASE(test_sifive),
	KTEST_CASE(test_dead_uart_times_out),
	{},
};
static const struct ktest_suite uart_suite = {
	.name = "uart", .cases = uart_cases, .target_only = true};
KTEST_REGISTER(uart_suite);
