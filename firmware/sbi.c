// SPDX-License-Identifier: MIT
/*
 * SBI calls. Arguments in a0..a5, function id in a6, extension id in a7; the firmware
 * returns (error, value) in a0/a1. The legacy v0.1 console and shutdown are used only when
 * the v0.2+ extensions are absent.
 */
#include "sbi.h"

#define SBI_LEGACY_PUTCHAR  1
#define SBI_LEGACY_GETCHAR  2
#define SBI_LEGACY_SHUTDOWN 8

static unsigned long spec_version;
static bool has_time, has_rfence, has_hsm, has_srst, has_dbcn, has_ipi;

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r5 __asm__("a5") = a5;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){.error = (long)r0, .value = (long)r1};
}

static long legacy_call(unsigned long ext, unsigned long arg)
{
	register unsigned long r0 __asm__("a0") = arg;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(r0) : "r"(r7) : "a1", "memory");
	return (long)r0;
}

static bool probe(unsigned long ext)
{
	struct sbiret r = sbi_ecall(SBI_EXT_BASE, 3, ext, 0, 0, 0, 0, 0);

	return r.error == 0 && r.value != 0;
}

void sbi_init(void)
{
	struct sbiret r = sbi_ecall(SBI_EXT_BASE, 0, 0, 0, 0, 0, 0, 0);

	if (r.error)
		return; /* SBI v0.1: legacy calls only */
	spec_version = (unsigned long)r.value;
	has_time = probe(SBI_EXT_TIME);
	has_ipi = probe(SBI_EXT_IPI);
	has_rfence = probe(SBI_EXT_RFENCE);
	has_hsm = probe(SBI_EXT_HSM);
	has_srst = probe(SBI_EXT_SRST);
	has_dbcn = probe(SBI_EXT_DBCN);
}

bool sbi_has(unsigned long ext)
{
	switch (ext) {
	case SBI_EXT_BASE:
		return spec_version != 0;
	case SBI_EXT_TIME:
		return has_time;
	case SBI_EXT_IPI:
		return has_ipi;
	case SBI_EXT_RFENCE:
		return has_rfence;
	case SBI_EXT_HSM:
		return has_hsm;
	case SBI_EXT_SRST:
		return has_srst;
	case SBI_EXT_DBCN:
		return has_dbcn;
	}
	return probe(ext);
}

unsigned long sbi_spec_version(void)
{
	return spec_version;
}

void sbi_impl(unsigned long *id, unsigned long *version)
{
	*id = (unsigned long)sbi_ecall(SBI_EXT_BASE, 1, 0, 0, 0, 0, 0, 0).value;
	*version = (unsigned long)sbi_ecall(SBI_EXT_BASE, 2, 0, 0, 0, 0, 0, 0).value;
}

void sbi_console_putc(char c)
{
	if (has_dbcn)
		sbi_ecall(SBI_EXT_DBCN, 2, (unsigned char)c, 0, 0, 0, 0, 0);
	else
		legacy_call(SBI_LEGACY_PUTCHAR, (unsigned char)c);
}

int sbi_console_getc(void)
{
	if (has_dbcn) {
		/* DBCN read needs a physical buffer address; the legacy call is simpler. */
	}
	long c = legacy_call(SBI_LEGACY_GETCHAR, 0);

	return c < 0 ? -1 : (int)c;
}

void sbi_set_timer(u64 when)
{
	if (has_time)
		sbi_ecall(SBI_EXT_TIME, 0, when, 0, 0, 0, 0, 0);
	else
		legacy_call(0, when);
}

long sbi_hart_start(unsigned long hartid, phys_addr_t start, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, 0, hartid, start, opaque, 0, 0, 0).error;
}

long sbi_hart_stop(void)
{
	return sbi_ecall(SBI_EXT_HSM, 1, 0, 0, 0, 0, 0, 0).error;
}

long sbi_hart_status(unsigned long hartid)
{
	struct sbiret r = sbi_ecall(SBI_EXT_HSM, 2, hartid, 0, 0, 0, 0, 0);

	return r.error ? r.error : r.value;
}

long sbi_remote_sfence_vma(unsigned long mask, unsigned long base, uintptr_t start, size_t size)
{
	return sbi_ecall(SBI_EXT_RFENCE, 1, mask, base, start, size, 0, 0).error;
}

void sbi_system_reset(unsigned type, unsigned reason)
{
	if (has_srst)
		sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0, 0, 0, 0);
}

void sbi_legacy_shutdown(void)
{
	legacy_call(SBI_LEGACY_SHUTDOWN, 0);
}
