/* SPDX-License-Identifier: MIT */
/*
 * Secondary harts. rvmm takes no interrupts, and an idle hart must not spin (under QEMU a
 * spinning vCPU takes a host core from the ones doing work), so an idle secondary is
 * stopped through SBI HSM, and smp_call starts it on its mailbox: it runs the call and
 * stops again. Each hart has its own stack and per-CPU area; tp points at the area, whose
 * first word is the logical CPU number (smp_processor_id()). Logical CPUs are the usable
 * harts in /cpus order.
 */
#ifndef RVMM_FIRMWARE_SMP_H
#define RVMM_FIRMWARE_SMP_H

#include "lib/types.h"
#include "mm/dt_scan.h"

enum cpu_state {
	CPU_ABSENT,   /* not described, or not usable (no MMU, disabled) */
	CPU_OFFLINE,  /* usable, not started */
	CPU_STARTING, /* hart_start issued */
	CPU_ONLINE,   /* came up once; stopped (HSM) until the next call */
	CPU_BUSY,     /* started for a call, running it */
	CPU_FAILED,   /* did not come up */
};

struct percpu {
	unsigned cpu; /* logical CPU number: the first fields are struct */
	unsigned pad; /* percpu_head (firmware/glue.h), read through tp */
	volatile unsigned long tlb_seen;
	unsigned long hartid;
	int node;
	volatile int state;		     /* enum cpu_state */
	uintptr_t stack_top;		     /* VA of the top of its stack */
	void (*volatile call_fn)(void *arg); /* mailbox: work to run, NULL when idle */
	void *volatile call_arg;
	volatile unsigned long calls; /* calls completed */
};

extern struct percpu percpu[NR_CPUS];

struct tlb_stats {
	unsigned long local_flushes;  /* local sfence.vma batches */
	unsigned long rfence_range;   /* SBI remote_sfence_vma calls for a range */
	unsigned long rfence_full;    /* ... for everything (range above the threshold) */
	unsigned long polled;	      /* shootdowns served by the other harts' polling */
	unsigned long rfence_skipped; /* flushes while no other hart was running */
	unsigned long ack_timeouts;   /* harts that did not acknowledge a shootdown in time */
};

/* How remote TLBs are flushed: SBI RFENCE, or a generation every waiting hart polls. */
extern bool tlb_use_sbi_rfence;

extern struct tlb_stats tlb_stats;

/* Ranges above this many pages are flushed whole, locally and remotely. */
#define TLB_FLUSH_ALL_THRESHOLD 64

/** The boot hart's per-CPU area, set before anything calls smp_processor_id() */
void smp_init_boot_cpu(unsigned long hartid);
/** Take the logical CPU number of the boot hart once the topology is known */
void smp_setup_boot_cpu(void);
/** Start every other usable hart; returns how many came online */
int smp_boot_secondaries(void);
/** Number of CPUs online (the boot hart included) */
int num_online_cpus(void);
/** Run fn(arg) on cpu (online, not self) and wait for it; 0, -EINVAL or -EBUSY */
int smp_call_wait(unsigned cpu, void (*fn)(void *arg), void *arg);
/** Start fn(arg) on cpu without waiting; smp_wait(cpu) waits */
int smp_call_async(unsigned cpu, void (*fn)(void *arg), void *arg);
/**
 * smp_call_async(), but the hart is started at the image entry with a1 = 0, as OpenSBI
 * 1.1 can do by accident (see head.S stray_hart): for the test that it still joins
 */
int smp_call_async_via_image_entry(unsigned cpu, void (*fn)(void *arg), void *arg);
/** Wait until cpu's mailbox is idle again */
void smp_wait(unsigned cpu);
/** Flush [va, va+size) from every hart's TLB: local sfence.vma, then SBI RFENCE */
void flush_tlb_kernel_range(uintptr_t va, size_t size);

#endif
