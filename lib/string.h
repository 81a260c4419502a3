/* SPDX-License-Identifier: MIT */
/*
 * Memory and string helpers, and number parsing for the command line.
 *
 * On the target these are rvmm's own (lib/string.c). On the host everything uses the C
 * library's, and lib/string.c is built with its libc-named functions renamed rv_* by
 * lib/host_rename.h, so tests can run both. A file that includes lib/host_rename.h
 * before this header gets our prototypes under the rv_* names instead of <string.h>.
 *
 * kstrtoull(), memparse() and strlcpy() are not in the host's libc: they are real
 * functions with these names on both builds.
 */
#ifndef RVMM_LIB_STRING_H
#define RVMM_LIB_STRING_H

#include "lib/types.h"

#if defined(RVMM_HOST) && !defined(RVMM_LIB_HOST_RENAME_H)
#include <string.h>
#else
/** Copy n bytes (regions must not overlap); word at a time when both are aligned alike */
void *memcpy(void *dst, const void *src, size_t n);
/** Copy n bytes; the regions may overlap */
void *memmove(void *dst, const void *src, size_t n);
/** Fill n bytes with the byte c; word at a time on aligned memory */
void *memset(void *dst, int c, size_t n);
/** Compare n bytes as unsigned chars: <0, 0 or >0 */
int memcmp(const void *a, const void *b, size_t n);
/** First occurrence of the byte c in the first n bytes of s, or NULL */
void *memchr(const void *s, int c, size_t n);
/** Length of the string s */
size_t strlen(const char *s);
/** Length of s, but at most max */
size_t strnlen(const char *s, size_t max);
/** Compare two strings as unsigned chars */
int strcmp(const char *a, const char *b);
/** Compare at most n characters of two strings */
int strncmp(const char *a, const char *b, size_t n);
/** First occurrence of c in s (the terminator counts), or NULL */
char *strchr(const char *s, int c);
/** Last occurrence of c in s (the terminator counts), or NULL */
char *strrchr(const char *s, int c);
/** First occurrence of needle in haystack, or NULL */
char *strstr(const char *haystack, const char *needle);
/** Copy src with its terminator into dst (which must be large enough) */
char *strcpy(char *dst, const char *src);
/** Length of the leading run of s made of characters in accept */
size_t strspn(const char *s, const char *accept);
/** Length of the leading run of s made of characters not in reject */
size_t strcspn(const char *s, const char *reject);
/** Cut the next token ending at a delimiter off *sp (the delimiter becomes NUL); NULL at end */
char *strsep(char **sp, const char *delim);
#endif

/** Copy src into dst of size bytes, always NUL-terminated when size > 0; returns strlen(src) */
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * Parse a whole string as an unsigned number in base 2..36, or base 0: "0x"/"0X" means 16,
 * a leading "0" means 8, else 10 (base 16 also accepts a "0x" prefix). An optional leading
 * '+' and one trailing newline are allowed; nothing else. *out is written only on success.
 */
/** Parse s as an unsigned 64-bit number; 0, -EINVAL (syntax, bad base) or -ERANGE (too big) */
int kstrtoull(const char *s, unsigned base, u64 *out);

/*
 * A size as written on a command line ("cma=64M"): a number in base 0 (see kstrtoull)
 * followed by an optional suffix K, M, G, T, P or E (either case, powers of 1024). Parsing
 * stops at the first character that does not belong; *end (if end is not NULL) points to it,
 * so *end == s means no number was found. A value that does not fit saturates to ~0ULL.
 */
/** Parse a size with an optional K/M/G/T/P/E suffix; *end is set past what was used */
u64 memparse(const char *s, char **end);

#endif
