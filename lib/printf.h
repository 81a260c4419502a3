/* SPDX-License-Identifier: MIT */
/*
 * printf family.
 *
 * On the target these are rvmm's own (lib/printf.c), writing to the console through
 * console_write(). On the host the C library's are used by everything, and lib/printf.c
 * is built under the names rv_* (lib/host_rename.h) so tests can compare it with them.
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%, flags '-' '0' '+' ' ' '#', width and
 * precision (also '*'), length modifiers hh h l ll z t j.
 */
#ifndef RVMM_LIB_PRINTF_H
#define RVMM_LIB_PRINTF_H

#include "lib/types.h"

#ifdef RVMM_HOST
#include <stdio.h>
#else
/** Format into buf (at most size bytes, NUL included); returns the untruncated length */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
/** snprintf over vsnprintf */
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/** Format to the console; returns the number of characters written */
int vprintf(const char *fmt, va_list ap) __printf(1, 0);
/** printf to the console */
int printf(const char *fmt, ...) __printf(1, 2);
#endif

/* Provided by the target (console) or the host glue (stdout): write n bytes. */
void console_write(const char *s, size_t n);

#endif
