// SPDX-License-Identifier: MIT
/*
 * Exception reporting. A trap prints what happened (cause, sepc, stval, registers). If a
 * command or test armed a recovery point, execution resumes there and that command or test
 * fails; otherwise the firmware powers off with failure status: a trap is never silent.
 */
#include "trap.h"
#include "csr.h"
#include "drivers/console.h"
#include "lib/printf.h"

static struct recover_point *recovery;
static unsigned long ntraps;

static const char *const reg_names[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
	"a1",   "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
	"s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

const char *trap_cause_name(unsigned long scause)
{
	static const char *const names[] = {
		[CAUSE_MISALIGNED_FETCH] = "instruction address misaligned",
		[CAUSE_FETCH_ACCESS] = "instruction access fault",
		[CAUSE_ILLEGAL_INSN] = "illegal instruction",
		[CAUSE_BREAKPOINT] = "breakpoint",
		[CAUSE_MISALIGNED_LOAD] = "load address misaligned",
		[CAUSE_LOAD_ACCESS] = "load access fault",
		[CAUSE_MISALIGNED_STORE] = "store address misaligned",
		[CAUSE_STORE_ACCESS] = "store access fault",
		[CAUSE_ECALL_U] = "environment call from U-mode",
		[CAUSE_ECALL_S] = "environment call from S-mode",
		[CAUSE_FETCH_PAGE_FAULT] = "instruction page fault",
		[CAUSE_LOAD_PAGE_FAULT] = "load page fault",
		[CAUSE_STORE_PAGE_FAULT] = "store page fault",
	};

	if (scause & CAUSE_INTERRUPT)
		return "interrupt";
	if (scause < ARRAY_SIZE(names) && names[scause])
		return names[scause];
	return "reserved";
}

void trap_set_recovery(struct recover_point *rp)
{
	recovery = rp;
}

struct recover_point *trap_recovery(void)
{
	return recovery;
}

unsigned long trap_count(void)
{
	return ntraps;
}

void trap_handler(struct trap_frame *f)
{
	ntraps++;
	printf("\nrvmm: unexpected trap: %s (scause 0x%lx)\n", trap_cause_name(f->scause), f->scause);
	printf(" sepc: 0x%016lx stval: 0x%016lx sstatus: 0x%016lx\n", f->sepc, f->stval,
	       f->sstatus);
	for (int i = 1; i < 32; i++)
		printf(" %4s: 0x%016lx%s", reg_names[i], f->x[i], i % 3 == 0 ? "\n" : "");
	printf("\n");
	if (recovery) {
		struct recover_point *rp = recovery;

		recovery = NULL;
		printf("rvmm: trap recovered: the running command fails\n");
		recover_jump(rp);
	}
	printf("rvmm: fatal trap, powering off (status 3)\n");
	poweroff(3);
}
