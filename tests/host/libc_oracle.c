// SPDX-License-Identifier: MIT
/*
 * Host-only oracles from the C library, for differential tests. This file must not
 * include lib/host_rename.h: here the libc names mean libc.
 */
#include <stdarg.h>
#include <stdio.h>

int host_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int host_snprintf(char *buf, size_t size, const char *fmt, ...);

/* glibc's vsnprintf, reached under a name that lib/host_rename.h does not touch. */
int host_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

/* glibc's snprintf. */
int host_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
