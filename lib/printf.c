// SPDX-License-Identifier: MIT
/*
 * A small vsnprintf. Output goes through a sink that either fills a buffer (snprintf) or
 * writes to the console in chunks (printf), so nothing is ever formatted twice.
 */
#include "lib/types.h"

#ifdef RVMM_HOST
#include "lib/host_rename.h"
#endif

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vprintf(const char *fmt, va_list ap) __printf(1, 0);
int printf(const char *fmt, ...) __printf(1, 2);
void console_write(const char *s, size_t n);

struct sink {
	char *buf;    /* NULL: console */
	size_t size;  /* buffer capacity, NUL included */
	size_t len;   /* characters produced so far (untruncated) */
	char tmp[64]; /* console staging buffer */
	size_t ntmp;
};

static void sink_flush(struct sink *s)
{
	if (!s->buf && s->ntmp) {
		console_write(s->tmp, s->ntmp);
		s->ntmp = 0;
	}
}

static void put(struct sink *s, char c)
{
	if (s->buf) {
		if (s->len + 1 < s->size)
			s->buf[s->len] = c;
	} else {
		s->tmp[s->ntmp++] = c;
		if (s->ntmp == sizeof(s->tmp))
			sink_flush(s);
	}
	s->len++;
}

static void put_repeat(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

enum {
	F_LEFT = 1,
	F_ZERO = 2,
	F_PLUS = 4,
	F_SPACE = 8,
	F_ALT = 16,
};

/* Emit one converted field: sign/prefix, zero or space padding, digits. */
static void put_field(struct sink *s, const char *prefix, const char *body, int blen, int flags,
		      int width, int zeros)
{
	int plen = 0;

	while (prefix[plen])
		plen++;
	int total = plen + zeros + blen;

	if (!(flags & F_LEFT) && !(flags & F_ZERO))
		put_repeat(s, ' ', width - total);
	for (int i = 0; i < plen; i++)
		put(s, prefix[i]);
	if (!(flags & F_LEFT) && (flags & F_ZERO))
		put_repeat(s, '0', width - total);
	put_repeat(s, '0', zeros);
	for (int i = 0; i < blen; i++)
		put(s, body[i]);
	if (flags & F_LEFT)
		put_repeat(s, ' ', width - total);
}

static void put_number(struct sink *s, unsigned long long v, bool neg, unsigned base, bool upper,
		       int flags, int width, int prec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char body[24], rev[24], prefix[4] = "";
	int n = 0, p = 0;

	if (!(prec == 0 && v == 0)) {
		do {
			rev[n++] = digits[v % base];
			v /= base;
		} while (v);
	}
	for (int i = 0; i < n; i++)
		body[i] = rev[n - 1 - i];

	if (neg)
		prefix[p++] = '-';
	else if (flags & F_PLUS)
		prefix[p++] = '+';
	else if (flags & F_SPACE)
		prefix[p++] = ' ';
	if ((flags & F_ALT) && base == 16 && n && !(n == 1 && body[0] == '0')) {
		prefix[p++] = '0';
		prefix[p++] = upper ? 'X' : 'x';
	}
	prefix[p] = 0;

	int zeros = 0;

	if (prec >= 0) {
		flags &= ~F_ZERO;
		if (prec > n)
			zeros = prec - n;
	}
	if ((flags & F_ALT) && base == 8 && zeros == 0 && (n == 0 || body[0] != '0'))
		zeros = 1;
	put_field(s, prefix, body, n, flags, width, zeros);
}

/*
 * Widths and precisions beyond this are clamped (C leaves a field longer than INT_MAX
 * undefined; we only promise not to overflow).
 */
#define MAX_WIDTH  4096
#define PF_INT_MIN (-__INT_MAX__ - 1)

/* Read a decimal width or precision, saturating instead of overflowing. */
static const char *parse_count(const char *fmt, int *out)
{
	int v = 0;

	while (*fmt >= '0' && *fmt <= '9') {
		if (v <= MAX_WIDTH)
			v = v * 10 + (*fmt - '0');
		fmt++;
	}
	*out = v;
	return fmt;
}

static int format(struct sink *s, const char *fmt, va_list ap)
{
	while (*fmt) {
		if (*fmt != '%') {
			put(s, *fmt++);
			continue;
		}
		fmt++;

		int flags = 0, width = 0, prec = -1;

		for (;; fmt++) {
			if (*fmt == '-')
				flags |= F_LEFT;
			else if (*fmt == '0')
				flags |= F_ZERO;
			else if (*fmt == '+')
				flags |= F_PLUS;
			else if (*fmt == ' ')
				flags |= F_SPACE;
			else if (*fmt == '#')
				flags |= F_ALT;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = width == PF_INT_MIN ? MAX_WIDTH : -width;
			}
			fmt++;
		} else {
			fmt = parse_count(fmt, &width);
		}
		if (width > MAX_WIDTH)
			width = MAX_WIDTH;
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				if (prec < 0)
					prec = -1;
				fmt++;
			} else {
				fmt = parse_count(fmt, &prec);
			}
			if (prec > MAX_WIDTH)
				prec = MAX_WIDTH;
		}

		int lng = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long, 3 size_t/ptrdiff/intmax */

		for (;; fmt++) {
			if (*fmt == 'h')
				lng--;
			else if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lng = 3;
			else
				break;
		}

		char c = *fmt;

		if (!c)
			break;
		fmt++;
		switch (c) {
		case 'd':
		case 'i': {
			long long v;

			if (lng >= 1)
				v = lng == 1 ? va_arg(ap, long) : va_arg(ap, long long);
			else
				v = va_arg(ap, int);
			if (lng == -1)
				v = (short)v;
			else if (lng <= -2)
				v = (signed char)v;
			put_number(s, v < 0 ? -(unsigned long long)v : (unsigned long long)v, v < 0,
				   10, false, flags, width, prec);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			unsigned long long v;

			if (lng >= 1)
				v = lng == 1 ? va_arg(ap, unsigned long)
					     : va_arg(ap, unsigned long long);
			else
				v = va_arg(ap, unsigned int);
			if (lng == -1)
				v = (unsigned short)v;
			else if (lng <= -2)
				v = (unsigned char)v;
			put_number(s, v, false,
				   c == 'u'   ? 10
				   : c == 'o' ? 8
					      : 16,
				   c == 'X', flags & ~(F_PLUS | F_SPACE), width, prec);
			break;
		}
		case 'p': { /* as glibc: "%#lx" with the given flags, "(nil)" for NULL */
			uintptr_t v = (uintptr_t)va_arg(ap, void *);

			if (v)
				put_number(s, v, false, 16, false, flags | F_ALT, width, prec);
			else
				put_field(s, "", "(nil)", 5, flags & F_LEFT, width, 0);
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			int len = 0;

			if (!str) /* as glibc: "(null)", or nothing if the precision cuts it */
				str = prec >= 0 && prec < 6 ? "" : "(null)";
			while (str[len] && (prec < 0 || len < prec))
				len++;
			put_field(s, "", str, len, flags & F_LEFT, width, 0);
			break;
		}
		case 'c': {
			char ch = (char)va_arg(ap, int);

			put_field(s, "", &ch, 1, flags & F_LEFT, width, 0);
			break;
		}
		case '%':
			put(s, '%');
			break;
		default: /* unknown conversion: print it as written */
			put(s, '%');
			put(s, c);
			break;
		}
	}
	return (int)s->len;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	static char dummy;
	struct sink s = {.buf = size ? buf : &dummy, .size = size};
	int n = format(&s, fmt, ap);

	if (size)
		buf[s.len < size ? s.len : size - 1] = 0;
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	struct sink s = {0};
	int n = format(&s, fmt, ap);

	sink_flush(&s);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
