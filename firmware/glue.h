/* SPDX-License-Identifier: MIT */
/*
 * Target glue: what mm/ and lib/ need from the RISC-V machine. The host's twin is
 * tests/host/glue.h; keep them in step. Everything RISC-V specific stays in firmware/.
 */
#ifndef RVMM_FIRMWARE_GLUE_H
#define RVMM_FIRMWARE_GLUE_H

#include "lib/types.h"

#define RVMM_TARGET_NAME "riscv64"

/* virtual = physical + va_pa_offset in the direct map (set once the direct map exists). */
extern uintptr_t va_pa_offset;

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + va_pa_offset);
}

static inline phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)((uintptr_t)va - va_pa_offset);
}

/* The first fields of every hart's per-CPU area (firmware/smp.h), found through tp. */
struct percpu_head {
	unsigned cpu;                    /* logical CPU number */
	unsigned pad;
	volatile unsigned long tlb_seen; /* last TLB shootdown generation this hart flushed */
};

static inline struct percpu_head *this_percpu(void)
{
	struct percpu_head *p;

	__asm__ volatile("mv %0, tp" : "=r"(p));
	return p;
}

/* The logical CPU running this code. */
static inline unsigned smp_processor_id(void)
{
	return this_percpu()->cpu;
}

/*
 * Kernel TLB shootdowns are served wherever a hart waits: if another hart asked for a
 * flush since this one last looked, flush now and say so (firmware/smp.c explains why
 * this, and not SBI RFENCE, is the default).
 */
extern volatile unsigned long tlb_flush_gen;
static inline void tlb_flush_poll(void)
{
	struct percpu_head *me = this_percpu();
	unsigned long gen = __atomic_load_n(&tlb_flush_gen, __ATOMIC_ACQUIRE);

	if (me->tlb_seen != gen) {
		__asm__ volatile("sfence.vma" ::: "memory");
		__atomic_store_n(&me->tlb_seen, gen, __ATOMIC_RELEASE);
	}
}

static inline void cpu_relax(void)
{
	tlb_flush_poll();
	__asm__ volatile("nop" ::: "memory");
}

static inline void local_flush_tlb_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

static inline void local_flush_tlb_page(uintptr_t va)
{
	__asm__ volatile("sfence.vma %0" ::"r"(va) : "memory");
}

/* Retired instructions (exact under QEMU -icount shift=0). */
static inline u64 read_instret(void)
{
	u64 v;

	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

/* Ticket spinlock: fair, FIFO among harts. */
typedef struct {
	volatile u32 next;  /* ticket handed to the next locker */
	volatile u32 owner; /* ticket now holding the lock */
} spinlock_t;
#define SPINLOCK_INIT {0, 0}
static inline void spin_lock_init(spinlock_t *l)
{
	l->next = 0;
	l->owner = 0;
}
static inline void spin_lock(spinlock_t *l)
{
	u32 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
}
static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif
