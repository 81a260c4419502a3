/* SPDX-License-Identifier: MIT */
/*
 * Host glue: what mm/ and lib/ need from "the machine", when the machine is a Linux
 * process under AddressSanitizer. The target's twin is firmware/glue.h; keep them in step.
 *
 * "Physical memory" on the host is whatever buffer a test sets up: phys_to_virt() adds
 * host_phys_offset, which the test sets so that its buffer appears at the physical
 * address it wants (for example 0x80000000, as on QEMU virt).
 */
#ifndef RVMM_HOST_GLUE_H
#define RVMM_HOST_GLUE_H

#include "lib/types.h"
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RVMM_TARGET_NAME "host"

/* virtual = physical + host_phys_offset (set by the test that owns the buffer) */
extern uintptr_t host_phys_offset;

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + host_phys_offset);
}

static inline phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)((uintptr_t)va - host_phys_offset);
}

/*
 * The logical CPU running this code: a thread-local number, 0 unless the thread set it.
 * A host program that runs the mm core on several threads gives each thread its own
 * number below NR_CPUS (and declares it online with set_cpu_numa_node(), as the
 * firmware does for every hart it starts), so each thread has its own per-CPU lists and
 * arrays the way each hart does on the target.
 */
extern __thread unsigned host_cpu;
static inline unsigned smp_processor_id(void)
{
	return host_cpu;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	__asm__ volatile("" ::: "memory");
#endif
}

/* TLB maintenance has nothing to do on the host; counted so tests can see it was asked. */
extern unsigned long host_tlb_flushes;
static inline void local_flush_tlb_all(void)
{
	__atomic_add_fetch(&host_tlb_flushes, 1, __ATOMIC_RELAXED);
}
static inline void local_flush_tlb_page(uintptr_t va)
{
	(void)va;
	__atomic_add_fetch(&host_tlb_flushes, 1, __ATOMIC_RELAXED);
}

/* Instruction counter for benchmarks: meaningless on the host (use callgrind there). */
static inline u64 read_instret(void)
{
	return 0;
}

/*
 * Spinlock: test and test-and-set. A waiter spins on a plain load (the line stays shared
 * in its cache) and tries the exchange only once the lock looks free; after a while it
 * yields the CPU, since on the host the holder may be a preempted thread rather than a
 * running hart. Not fair (the target's is a ticket lock); the host runs a few threads.
 */
typedef struct {
	volatile int locked;
} spinlock_t;
#define SPINLOCK_INIT {0}
static inline void spin_lock_init(spinlock_t *l)
{
	l->locked = 0;
}
static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		for (unsigned spins = 0; __atomic_load_n(&l->locked, __ATOMIC_RELAXED); spins++)
			if (spins < 256)
				cpu_relax();
			else
				sched_yield();
}
static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
