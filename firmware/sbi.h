/* SPDX-License-Identifier: MIT */
/* SBI calls (RISC-V SBI specification v2.0): base, console, time, HSM, RFENCE, SRST. */
#ifndef RVMM_FIRMWARE_SBI_H
#define RVMM_FIRMWARE_SBI_H

#include "lib/types.h"

#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494D45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM    0x48534D
#define SBI_EXT_SRST   0x53525354
#define SBI_EXT_DBCN   0x4442434E

#define SBI_SRST_SHUTDOWN    0
#define SBI_SRST_COLD_REBOOT 1
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_FAIL 1

#define SBI_HSM_STARTED		  0
#define SBI_HSM_STOPPED		  1
#define SBI_HSM_START_PENDING	  2
#define SBI_HSM_STOP_PENDING	  3
#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define SBI_ERR_INVALID_PARAM	  (-3)

struct sbiret {
	long error; /* 0 or a negative SBI error */
	long value;
};

/** Raw ecall */
struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);
/** Probe base info and the extensions rvmm uses; call once early */
void sbi_init(void);
/** Is extension ext present (after sbi_init)? */
bool sbi_has(unsigned long ext);
/** SBI spec version as major << 24 | minor */
unsigned long sbi_spec_version(void);
/** Implementation id and version */
void sbi_impl(unsigned long *id, unsigned long *version);
/** Write one byte to the SBI console (DBCN, else legacy) */
void sbi_console_putc(char c);
/** Read one byte from the SBI console; -1 when none is waiting */
int sbi_console_getc(void);
/** Program the next timer event (absolute time) */
void sbi_set_timer(u64 when);
/** Start hart at physical address start with a1 = opaque */
long sbi_hart_start(unsigned long hartid, phys_addr_t start, unsigned long opaque);
/** Stop the calling hart (HSM); returns only on failure */
long sbi_hart_stop(void);
/** HSM status of a hart (SBI_HSM_*), or a negative SBI error */
long sbi_hart_status(unsigned long hartid);
/** Remote sfence.vma on the harts in mask (relative to base) for [start, start+size) */
long sbi_remote_sfence_vma(unsigned long mask, unsigned long base, uintptr_t start, size_t size);
/** System reset (SRST); returns only if it failed */
void sbi_system_reset(unsigned type, unsigned reason);
/** Legacy shutdown (extension 0x08); returns only if unsupported */
void sbi_legacy_shutdown(void);

#endif
