/* SPDX-License-Identifier: MIT */
/* RISC-V supervisor CSRs and their bits (privileged spec v1.12), and accessors. */
#ifndef RVMM_FIRMWARE_CSR_H
#define RVMM_FIRMWARE_CSR_H

#define SSTATUS_SIE  (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP  (1UL << 8)
#define SSTATUS_SUM  (1UL << 18)

#define CAUSE_INTERRUPT       (1UL << 63)
#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL_INSN     2
#define CAUSE_BREAKPOINT       3
#define CAUSE_MISALIGNED_LOAD  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_ECALL_S          9
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT  13
#define CAUSE_STORE_PAGE_FAULT 15

#ifndef __ASSEMBLY__
#define csr_read(csr)                                                                              \
	({                                                                                         \
		unsigned long __v;                                                                 \
		__asm__ volatile("csrr %0, " #csr : "=r"(__v)::"memory");                          \
		__v;                                                                               \
	})
#define csr_write(csr, val)                                                                        \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrw " #csr ", %0" ::"rK"(__v) : "memory");                      \
	})
#define csr_set(csr, val)                                                                          \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrs " #csr ", %0" ::"rK"(__v) : "memory");                      \
	})
#define csr_clear(csr, val)                                                                        \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrc " #csr ", %0" ::"rK"(__v) : "memory");                      \
	})
#endif

#endif
