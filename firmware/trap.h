/* SPDX-License-Identifier: MIT */
/* Traps: the saved frame, the handler, and recovery points for commands and tests. */
#ifndef RVMM_FIRMWARE_TRAP_H
#define RVMM_FIRMWARE_TRAP_H

#include "lib/types.h"

struct trap_frame {
	unsigned long x[32]; /* x[0] unused; x[2] is the sp before the trap */
	unsigned long sepc, sstatus, scause, stval;
};
_Static_assert(sizeof(struct trap_frame) == 36 * 8, "trap.S frame layout");

struct recover_point {
	unsigned long regs[14]; /* ra, sp, s0..s11 */
};

/** Save a recovery point: returns 0, and 1 when a trap jumps back to it */
int recover_save(struct recover_point *rp) __attribute__((returns_twice));
/** Resume at a recovery point */
void __noreturn recover_jump(struct recover_point *rp);

/*
 * While a recovery point is armed, a trap is reported and execution resumes there
 * (the command or test fails) instead of powering off. NULL disarms.
 */
void trap_set_recovery(struct recover_point *rp);
/** The armed recovery point, or NULL */
struct recover_point *trap_recovery(void);
/* What the last trap was, for tests that expect one. */
struct trap_record {
	unsigned long scause, stval, sepc;
	const char *region; /* page faults: where stval lies ("write to read-only kernel text") */
};

/** The last trap taken */
const struct trap_record *trap_last(void);
/**
 * Run fn(arg) expecting it to trap: the trap is recorded (one short line, no register
 * dump) and fn is abandoned. Returns true if it trapped.
 */
bool trap_expect(void (*fn)(void *arg), void *arg);
/** Classify a faulting address for the report (also used by tests) */
const char *fault_region(unsigned long va, unsigned long scause);
/** Number of traps taken since boot */
unsigned long trap_count(void);
/** Handler called by trap.S */
void trap_handler(struct trap_frame *f);
/** Name of an exception cause */
const char *trap_cause_name(unsigned long scause);

#endif
