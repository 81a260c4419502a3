/* SPDX-License-Identifier: MIT */
/*
 * Basic types and helpers shared by every part of rvmm.
 *
 * Freestanding: only the compiler's own headers (stdint, stddef, stdbool, stdarg) are used,
 * so this compiles for the RISC-V target and for the host test build alike.
 */
#ifndef RVMM_LIB_TYPES_H
#define RVMM_LIB_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 phys_addr_t; /* a physical address, in bytes */
typedef u64 pfn_t;	 /* a physical frame number: phys_addr_t >> PAGE_SHIFT */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n)	      (1UL << (n))
#define BIT_ULL(n)    (1ULL << (n))

/* Power-of-two alignment; a must be a power of two. */
#define ALIGN_DOWN(x, a)   ((x) & ~((__typeof__(x))(a)-1))
#define ALIGN_UP(x, a)	   ALIGN_DOWN((x) + ((__typeof__(x))(a)-1), (a))
#define IS_ALIGNED(x, a)   (((x) & ((__typeof__(x))(a)-1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))

#define min(a, b)                                                                                  \
	({                                                                                         \
		__typeof__(a) _a = (a);                                                            \
		__typeof__(b) _b = (b);                                                            \
		_a < _b ? _a : _b;                                                                 \
	})
#define max(a, b)                                                                                  \
	({                                                                                         \
		__typeof__(a) _a = (a);                                                            \
		__typeof__(b) _b = (b);                                                            \
		_a > _b ? _a : _b;                                                                 \
	})

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define __unused       __attribute__((unused))
#define __noreturn     __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(__printf__, a, b)))
#define __aligned(x)   __attribute__((aligned(x)))
#define __section(s)   __attribute__((section(s)))

#define SZ_4K  0x1000UL
#define SZ_64K 0x10000UL
#define SZ_1M  0x100000UL
#define SZ_2M  0x200000UL
#define SZ_4M  0x400000UL
#define SZ_1G  0x40000000UL

/*
 * A load or store another CPU may race with: done once, whole, and not merged or moved
 * by the compiler. Volatile accesses, as Linux's; under ThreadSanitizer relaxed atomics
 * instead, which compile to the same ld/sd but which TSan knows to be intended races
 * (volatile it would report). The relaxed atomics cost instructions on the target: GCC
 * keeps other accesses from being combined across them.
 */
#if defined(__SANITIZE_THREAD__)
#define READ_ONCE(x)	 __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#else
#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#endif

#endif
