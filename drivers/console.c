// SPDX-License-Identifier: MIT
/*
 * Console selection. /chosen/stdout-path is "path-or-alias[:options]"; the node it names
 * must have a compatible we drive and a reg. Until console_init() succeeds, and whenever
 * it cannot, output goes through the SBI console (DBCN or legacy putchar), so nothing
 * printed early is ever lost.
 */
#include "drivers/console.h"
#include "firmware/early.h"
#include "firmware/sbi.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

static struct uart con;
static const char *fallback = "not initialised";

/* The UART stopped taking bytes: say so once through SBI and use SBI from now on. */
static void uart_died(void)
{
	static const char msg[] = "\r\nconsole: UART stopped responding, using the SBI console\r\n";

	con.kind = UART_NONE;
	fallback = "UART stopped responding";
	for (const char *m = msg; *m; m++)
		sbi_console_putc(*m);
}

static void put_one(char c)
{
	if (con.kind != UART_NONE && !uart_putc(&con, c))
		uart_died();
	if (con.kind == UART_NONE)
		sbi_console_putc(c);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			put_one('\r');
		put_one(s[i]);
	}
}

int console_getc(void)
{
	return con.kind != UART_NONE ? uart_getc(&con) : sbi_console_getc();
}

const struct uart *console_uart(void)
{
	return &con;
}

const char *console_fallback_reason(void)
{
	return fallback;
}

/* Resolve "serial0:115200n8" or "/soc/serial@10000000" to a node. */
static int stdout_node(const struct fdt *fdt)
{
	int chosen = fdt_find_path(fdt, "/chosen");
	char path[128];

	if (chosen < 0)
		return -ENOENT;
	const char *sp = fdt_prop_str(fdt, chosen, "stdout-path");

	if (!sp)
		sp = fdt_prop_str(fdt, chosen, "linux,stdout-path");
	if (!sp)
		return -ENOENT;
	size_t n = 0;

	while (sp[n] && sp[n] != ':' && n + 1 < sizeof(path)) {
		path[n] = sp[n];
		n++;
	}
	path[n] = 0;
	if (path[0] != '/') {
		int aliases = fdt_find_path(fdt, "/aliases");
		const char *target = aliases >= 0 ? fdt_prop_str(fdt, aliases, path) : NULL;

		if (!target)
			return -ENOENT;
		return fdt_find_path(fdt, target);
	}
	return fdt_find_path(fdt, path);
}

int console_init(const struct fdt *fdt)
{
	int node = stdout_node(fdt);
	struct uart u = {0};
	u64 base, size;
	int len;

	if (node < 0) {
		fallback = "no /chosen/stdout-path";
		return -ENODEV;
	}
	const char *compat = fdt_prop(fdt, node, "compatible", &len);

	for (int off = 0; compat && off < len; off += (int)strlen(compat + off) + 1) {
		u.kind = uart_kind_of(compat + off);
		if (u.kind != UART_NONE) {
			u.compatible = compat + off;
			break;
		}
	}
	if (u.kind == UART_NONE) {
		fallback = "stdout-path UART not supported";
		return -ENODEV;
	}
	if (fdt_reg(fdt, node, 0, &base, &size) != 0) {
		fallback = "stdout-path UART has no reg";
		return -ENODEV;
	}
	u.phys = base;
	u.reg_shift = fdt_prop_u32(fdt, node, "reg-shift", 0);
	u.reg_io_width = fdt_prop_u32(fdt, node, "reg-io-width", 1);
	if (u.reg_shift > 4 || (u.reg_io_width != 1 && u.reg_io_width != 4)) {
		printf("console: unsupported reg-shift/reg-io-width (%u/%u), using SBI\n",
		       u.reg_shift, u.reg_io_width);
		fallback = "bad reg-shift/reg-io-width";
		return -ENODEV;
	}
	u.base = fixmap_set(FIX_EARLYCON, base, true);
	uart_init(&u);
	u32 status;

	if (!uart_responds(&u, &status)) {
		printf("console: %s at 0x%llx not responding, using SBI (status 0x%x)\n", u.compatible,
		       (unsigned long long)base, status);
		fixmap_clear(FIX_EARLYCON);
		fallback = "UART not responding";
		return -ENODEV;
	}
	con = u;
	fallback = "";
	return 0;
}

/* ---- power: the sifive,test finisher, else SBI SRST ---- */

#define FINISHER_FAIL  0x3333
#define FINISHER_PASS  0x5555
#define FINISHER_RESET 0x7777

static volatile u32 *finisher;

void finisher_init(const struct fdt *fdt)
{
	int node = fdt_find_compatible(fdt, -1, "sifive,test1");
	u64 base, size;

	if (node < 0)
		node = fdt_find_compatible(fdt, -1, "sifive,test0");
	if (node >= 0 && fdt_reg(fdt, node, 0, &base, &size) == 0)
		finisher = fixmap_set(FIX_FINISHER, base, true);
}

bool finisher_present(void)
{
	return finisher != NULL;
}

static void __noreturn halt(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

/*
 * The last line is always "poweroff: status N", so a runner that cannot see an exit code
 * (a board, or a machine without a finisher) still learns the result. Then, in order: the
 * finisher (QEMU exits with the status), SBI SRST shutdown, SBI SRST reboot (QEMU with
 * -no-reboot exits; sifive_u has only a GPIO restart), legacy shutdown, and a halt that says
 * so.
 */
void poweroff(int status)
{
	printf("poweroff: status %d\n", status);
	if (finisher)
		*finisher = status == 0 ? FINISHER_PASS : ((u32)(status & 0xffff) << 16) | FINISHER_FAIL;
	sbi_system_reset(SBI_SRST_SHUTDOWN, status ? SBI_SRST_REASON_FAIL : SBI_SRST_REASON_NONE);
	sbi_system_reset(SBI_SRST_COLD_REBOOT, status ? SBI_SRST_REASON_FAIL : SBI_SRST_REASON_NONE);
	sbi_legacy_shutdown();
	printf("poweroff: this machine cannot be powered off by software: halted\n");
	halt();
}

void reboot(void)
{
	sbi_system_reset(SBI_SRST_COLD_REBOOT, SBI_SRST_REASON_NONE);
	if (finisher)
		*finisher = FINISHER_RESET;
	printf("reboot: not supported by this platform, halting\n");
	halt();
}
