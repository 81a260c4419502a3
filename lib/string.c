// SPDX-License-Identifier: MIT
/*
 * Memory and string helpers.
 *
 * memcpy, memmove and memset move one machine word (8 bytes) at a time, eight words per
 * loop turn, once the pointers are word aligned; they fall back to bytes for the unaligned
 * head and tail, and when source and destination are aligned differently (RISC-V may trap
 * on misaligned words, so bytes are the safe choice there). The string functions read
 * byte by byte: reading a whole word past a string's end is harmless on the machine, but
 * it is a real out-of-bounds read under AddressSanitizer, where these run too.
 *
 * GCC recognises byte loops as memcpy/memset and would turn them into calls to the very
 * function being compiled; the copy and fill loops therefore switch that pass off.
 */
#ifdef RVMM_HOST
#include "lib/host_rename.h"
#endif
#include "lib/string.h"
#include "lib/errno.h"

typedef unsigned long __attribute__((may_alias)) word_t;

#define WSIZE	  sizeof(word_t)
#define WMASK	  (WSIZE - 1)
#define ONES	  (~0UL / 0xff) /* 0x0101...01 */
#define NO_LIBGEN __attribute__((optimize("no-tree-loop-distribute-patterns")))

/* Copy n bytes upwards; safe for overlapping regions when dst <= src. */
static inline NO_LIBGEN void copy_forward(u8 *d, const u8 *s, size_t n)
{
	if (n >= 2 * WSIZE && (((uintptr_t)d ^ (uintptr_t)s) & WMASK) == 0) {
		while ((uintptr_t)d & WMASK) {
			*d++ = *s++;
			n--;
		}
		word_t *dw = (word_t *)d;
		const word_t *sw = (const word_t *)s;

		for (; n >= 8 * WSIZE; n -= 8 * WSIZE, dw += 8, sw += 8) {
			word_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
			word_t f = sw[4], g = sw[5], h = sw[6], i = sw[7];

			dw[0] = a;
			dw[1] = b;
			dw[2] = c;
			dw[3] = e;
			dw[4] = f;
			dw[5] = g;
			dw[6] = h;
			dw[7] = i;
		}
		for (; n >= WSIZE; n -= WSIZE)
			*dw++ = *sw++;
		d = (u8 *)dw;
		s = (const u8 *)sw;
	}
	while (n--)
		*d++ = *s++;
}

/* Copy n bytes downwards (from the end); safe for overlapping regions when dst > src. */
static inline NO_LIBGEN void copy_backward(u8 *d, const u8 *s, size_t n)
{
	d += n;
	s += n;
	if (n >= 2 * WSIZE && (((uintptr_t)d ^ (uintptr_t)s) & WMASK) == 0) {
		while ((uintptr_t)d & WMASK) {
			*--d = *--s;
			n--;
		}
		word_t *dw = (word_t *)d;
		const word_t *sw = (const word_t *)s;

		for (; n >= 4 * WSIZE; n -= 4 * WSIZE) {
			dw -= 4;
			sw -= 4;
			word_t a = sw[3], b = sw[2], c = sw[1], e = sw[0];

			dw[3] = a;
			dw[2] = b;
			dw[1] = c;
			dw[0] = e;
		}
		for (; n >= WSIZE; n -= WSIZE)
			*--dw = *--sw;
		d = (u8 *)dw;
		s = (const u8 *)sw;
	}
	while (n--)
		*--d = *--s;
}

NO_LIBGEN void *memcpy(void *dst, const void *src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

NO_LIBGEN void *memmove(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		copy_forward(d, s, n);
	else
		copy_backward(d, s, n);
	return dst;
}

NO_LIBGEN void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;
	u8 b = (u8)c;

	if (n >= 2 * WSIZE) {
		word_t w = ONES * b;

		while ((uintptr_t)d & WMASK) {
			*d++ = b;
			n--;
		}
		word_t *dw = (word_t *)d;

		for (; n >= 8 * WSIZE; n -= 8 * WSIZE, dw += 8) {
			dw[0] = w;
			dw[1] = w;
			dw[2] = w;
			dw[3] = w;
			dw[4] = w;
			dw[5] = w;
			dw[6] = w;
			dw[7] = w;
		}
		for (; n >= WSIZE; n -= WSIZE)
			*dw++ = w;
		d = (u8 *)dw;
	}
	while (n--)
		*d++ = b;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	if (n >= 2 * WSIZE && (((uintptr_t)x ^ (uintptr_t)y) & WMASK) == 0) {
		while ((uintptr_t)x & WMASK) {
			if (*x != *y)
				return *x - *y;
			x++;
			y++;
			n--;
		}
		/* Skip equal words; the byte loop below then finds the first difference. */
		while (n >= WSIZE && *(const word_t *)x == *(const word_t *)y) {
			x += WSIZE;
			y += WSIZE;
			n -= WSIZE;
		}
	}
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;

	for (; n; n--, p++)
		if (*p == (u8)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return (char *)haystack;
	for (; *haystack; haystack++)
		if (*haystack == *needle && strncmp(haystack, needle, n) == 0)
			return (char *)haystack;
	return NULL;
}

NO_LIBGEN char *strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++))
		;
	return dst;
}

size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

char *strsep(char **sp, const char *delim)
{
	char *tok = *sp;

	if (!tok)
		return NULL;
	char *end = tok + strcspn(tok, delim);

	if (*end) {
		*end = 0;
		*sp = end + 1;
	} else {
		*sp = NULL;
	}
	return tok;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = 0;
	}
	return len;
}

/* Value of the digit c in bases up to 36, or 36 when c is not a digit. */
static unsigned digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned)(c - 'a' + 10);
	if (c >= 'A' && c <= 'Z')
		return (unsigned)(c - 'A' + 10);
	return 36;
}

/* Resolve base 0 from the prefix ("0x" 16, "0" 8, else 10) and skip a "0x" before hex. */
static unsigned fixup_base(const char **sp, unsigned base)
{
	const char *s = *sp;
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16;

	if (base == 0)
		base = hex ? 16 : s[0] == '0' ? 8 : 10;
	if (base == 16 && hex)
		*sp = s + 2;
	return base;
}

/*
 * Accumulate the digits at *sp in base; *sp ends on the first non-digit. Returns the
 * number of digits read, and sets *overflow when the value does not fit in 64 bits.
 */
static unsigned parse_digits(const char **sp, unsigned base, u64 *val, bool *overflow)
{
	const char *s = *sp;
	u64 v = 0;
	unsigned n = 0, d;

	*overflow = false;
	for (; (d = digit_value(*s)) < base; s++, n++) {
		if (v > (~0ULL - d) / base)
			*overflow = true;
		v = v * base + d;
	}
	*val = v;
	*sp = s;
	return n;
}

int kstrtoull(const char *s, unsigned base, u64 *out)
{
	bool overflow;
	u64 v;

	if (!s || !out || base == 1 || base > 36)
		return -EINVAL;
	if (*s == '+')
		s++;
	base = fixup_base(&s, base);
	if (parse_digits(&s, base, &v, &overflow) == 0)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	if (overflow)
		return -ERANGE;
	*out = v;
	return 0;
}

u64 memparse(const char *s, char **end)
{
	const char *p = s;
	unsigned shift = 0;
	bool overflow;
	u64 v;

	if (parse_digits(&p, fixup_base(&p, 0), &v, &overflow) == 0) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	switch (*p) {
	case 'E':
	case 'e':
		shift += 10;
		/* fall through */
	case 'P':
	case 'p':
		shift += 10;
		/* fall through */
	case 'T':
	case 't':
		shift += 10;
		/* fall through */
	case 'G':
	case 'g':
		shift += 10;
		/* fall through */
	case 'M':
	case 'm':
		shift += 10;
		/* fall through */
	case 'K':
	case 'k':
		shift += 10;
		p++;
		break;
	default:
		break;
	}
	if (overflow || v > (~0ULL >> shift))
		v = ~0ULL;
	else
		v <<= shift;
	if (end)
		*end = (char *)p;
	return v;
}
