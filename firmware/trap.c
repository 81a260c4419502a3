// SPDX-License-Identifier: MIT
/*
 * Exception reporting. A trap prints what happened (cause, sepc, stval, registers). If a
 * command or test armed a recovery point, execution resumes there and that command or test
 * fails; otherwise the firmware powers off with failure status: a trap is never silent.
 */
#include "trap.h"
#include "csr.h"
#include "paging.h"
#include "drivers/console.h"
#include "lib/printf.h"
#include "mm/layout.h"
#include "mm/vmalloc.h"

static struct recover_point *recovery;
static unsigned long ntraps;
static struct trap_record last;
static bool expecting;

extern char _start_header[], _etext[], __rodata_start[], __rodata_end[], __data_start[], _end[];

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

static bool is_page_fault(unsigned long scause)
{
	return scause == CAUSE_FETCH_PAGE_FAULT || scause == CAUSE_LOAD_PAGE_FAULT ||
	       scause == CAUSE_STORE_PAGE_FAULT || scause == CAUSE_FETCH_ACCESS ||
	       scause == CAUSE_LOAD_ACCESS || scause == CAUSE_STORE_ACCESS;
}

const char *fault_region(unsigned long va, unsigned long scause)
{
	bool store = scause == CAUSE_STORE_PAGE_FAULT || scause == CAUSE_STORE_ACCESS;
	bool fetch = scause == CAUSE_FETCH_PAGE_FAULT || scause == CAUSE_FETCH_ACCESS;

	if (va < PAGE_SIZE)
		return "NULL pointer dereference";
	if (va >= (unsigned long)_start_header && va < (unsigned long)_etext)
		return store ? "write to read-only kernel text" : "kernel text";
	if (va >= (unsigned long)__rodata_start && va < (unsigned long)__rodata_end)
		return store ? "write to read-only kernel data" :
		       fetch ? "execute from non-executable kernel data" : "kernel rodata";
	if (va >= (unsigned long)__data_start && va < (unsigned long)_end)
		return fetch ? "execute from non-executable kernel data" : "kernel data";
	if (va >= KERNEL_LINK_ADDR)
		return "kernel mapping, past the image";
	if (va >= PAGE_OFFSET && va < PAGE_OFFSET + DIRECT_MAP_SIZE)
		return fetch ? "execute from the direct map" : "direct map (no RAM here)";
	if (va >= VMALLOC_START && va < VMALLOC_END) {
		static char line[128];
		struct vmalloc_fault vf;

		vmalloc_fault_lookup(va, &vf);
		vmalloc_fault_format(&vf, line, sizeof(line));
		return line;
	}
	if (va >= VMEMMAP_START && va < VMEMMAP_START + VMEMMAP_SIZE)
		return "vmemmap";
	if (va >= FIXADDR_START && va < FIXADDR_TOP)
		return "fixmap slot not set";
	if ((long)va >> 38 != 0 && (long)va >> 38 != -1)
		return "non-canonical address";
	return "not mapped (user half)";
}

const struct trap_record *trap_last(void)
{
	return &last;
}

bool trap_expect(void (*fn)(void *arg), void *arg)
{
	struct recover_point rp, *outer = recovery;

	if (recover_save(&rp)) {
		expecting = false;
		recovery = outer;
		return true;
	}
	expecting = true;
	recovery = &rp;
	fn(arg);
	expecting = false;
	recovery = outer;
	return false;
}

/* A page or access fault: the address, the access, the region, the walk. */
static void report_fault(const struct trap_frame *f)
{
	const char *access = f->scause == CAUSE_STORE_PAGE_FAULT || f->scause == CAUSE_STORE_ACCESS ?
				     "write" :
			     f->scause == CAUSE_LOAD_PAGE_FAULT || f->scause == CAUSE_LOAD_ACCESS ?
				     "read" :
				     "execute";

	printf("rvmm: page fault: %s at 0x%016lx (%s), pc 0x%016lx\n", access, f->stval,
	       last.region, f->sepc);
	if (kernel_pgt.root && !expecting) {
		struct pgt_walk w;
		char line[128];

		pgt_walk(&kernel_pgt, f->stval, &w);
		pgt_walk_format(&w, line, sizeof(line));
		printf(" walk: %s\n", line);
	}
}

void trap_handler(struct trap_frame *f)
{
	ntraps++;
	last = (struct trap_record){.scause = f->scause, .stval = f->stval, .sepc = f->sepc};
	if (is_page_fault(f->scause)) {
		last.region = fault_region(f->stval, f->scause);
		report_fault(f);
	}
	if (expecting && recovery) {
		struct recover_point *rp = recovery;

		recovery = NULL;
		expecting = false;
		printf("rvmm: expected trap: %s at 0x%lx\n", trap_cause_name(f->scause), f->stval);
		recover_jump(rp);
	}
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
