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

/* The hart (CPU) running this code. The host simulates one. */
static inline unsigned smp_processor_id(void)
{
	return 0;
}

static inline void cpu_relax(void)
{
	__asm__ volatile("" ::: "memory");
}

/* TLB maintenance has nothing to do on the host; counted so tests can see it was asked. */
extern unsigned long host_tlb_flushes;
static inline void local_flush_tlb_all(void)
{
	host_tlb_flushes++;
}
static inline void local_flush_tlb_page(uintptr_t va)
{
	(void)va;
	host_tlb_flushes++;
}

/* Instruction counter for benchmarks: meaningless on the host (use callgrind there). */
static inline u64 read_instret(void)
{
	return 0;
}

/* Spinlock: the host tests are single-threaded; the type keeps the code honest. */
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
		cpu_relax();
}
static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
