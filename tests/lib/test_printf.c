// SPDX-License-Identifier: MIT
/*
 * printf family: fixed expectations, run on host (against rv_* names) and target; and,
 * on the host only, a differential test against glibc's snprintf over generated formats.
 */
#ifdef RVMM_HOST
#include "lib/host_rename.h"
#endif
#include "tests/ktest.h"
#include "lib/printf.h"
#include "lib/random.h"

#ifdef RVMM_HOST
int rv_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
#endif

#define INT_MAX_   2147483647
#define INT_MIN_   (-INT_MAX_ - 1)
#define LLONG_MAX_ 9223372036854775807LL
#define LLONG_MIN_ (-LLONG_MAX_ - 1)

#define CHECK(want, ...)                                                                           \
	do {                                                                                       \
		char _b[128];                                                                      \
		int _n = snprintf(_b, sizeof(_b), __VA_ARGS__);                                    \
		EXPECT_STREQ(_b, want);                                                            \
		EXPECT_EQ(_n, sizeof(want) - 1);                                                   \
	} while (0)

/* For formats that GCC rightly warns about (ignored flags, NULL %s): hide them from it. */
#define CHECK_ODD(want, fmt, ...)                                                                  \
	do {                                                                                       \
		const char *volatile _f = fmt;                                                     \
		char _b[128];                                                                      \
		int _n = snprintf(_b, sizeof(_b), _f, ##__VA_ARGS__);                              \
		EXPECT_STREQ(_b, want);                                                            \
		EXPECT_EQ(_n, sizeof(want) - 1);                                                   \
	} while (0)

KTEST(test_integers)
{
	CHECK("42", "%d", 42);
	CHECK("-42", "%i", -42);
	CHECK("0", "%d", 0);
	CHECK("4294967295", "%u", 4294967295u);
	CHECK("ff", "%x", 255);
	CHECK("FF", "%X", 255);
	CHECK("777", "%o", 0777);
	CHECK("ffffffffffffffff", "%lx", ~0UL);
	CHECK("123456789abcdef0", "%llx", 0x123456789abcdef0ULL);
	CHECK("18446744073709551615", "%zu", (size_t)~0UL);
	CHECK("-1", "%zd", (long)-1);
	CHECK("-2147483648", "%d", INT_MIN_);
	CHECK("2147483647", "%d", INT_MAX_);
	CHECK("-9223372036854775808", "%lld", LLONG_MIN_);
	CHECK("-9223372036854775808", "%ld", (long)LLONG_MIN_);
	CHECK("9223372036854775807", "%lli", LLONG_MAX_);
	CHECK("1777777777777777777777", "%llo", ~0ULL);
}

KTEST(test_length_modifiers)
{
	CHECK("44", "%hhu", 300);
	CHECK("-56", "%hhd", 200);
	CHECK("-128", "%hhd", 128);
	CHECK("-25536", "%hd", 40000);
	CHECK("1170", "%hx", 70000);
	CHECK("65535", "%hu", -1);
	CHECK("ffffffff", "%x", -1);
	CHECK("-1", "%jd", (intmax_t)-1);
	CHECK("10", "%td", (ptrdiff_t)10);
}

KTEST(test_width_pad_align)
{
	CHECK("   42", "%5d", 42);
	CHECK("00042", "%05d", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("  -42", "%5d", -42);
	CHECK("-42  |", "%-5d|", -42);
	CHECK("0000beef", "%08x", 0xbeef);
	CHECK("12345", "%3d", 12345);	     /* width is a minimum */
	CHECK_ODD("5       |", "%-08d|", 5); /* '-' beats '0' */
	CHECK("  ab|", "%4s|", "ab");
	CHECK("ab  |", "%-4s|", "ab");
	CHECK("x", "%c", 'x');
	CHECK("    x|y    |", "%5c|%-5c|", 'x', 'y');
	CHECK("   42", "%*d", 5, 42);
	CHECK("42   |", "%*d|", -5, 42); /* negative '*' width means left align */
	CHECK("%", "%%");
	CHECK("100%", "%d%%", 100);
}

KTEST(test_precision)
{
	CHECK("005", "%.3d", 5);
	CHECK("-005", "%.3d", -5);
	CHECK_ODD("     005", "%08.3d", 5); /* precision turns '0' off */
	CHECK("", "%.0d", 0);
	CHECK("", "%.d", 0);
	CHECK("    ", "%4.0d", 0);
	CHECK("0",
	      "%.0d"
	      "%d",
	      0, 0);
	CHECK("abc", "%.3s", "abcdef");
	CHECK("  abc", "%5.3s", "abcdef");
	CHECK("ab", "%.*s", 2, "abcdef");
	CHECK("abcdef", "%.*s", -1, "abcdef"); /* negative precision: as if none */
	CHECK("00ff", "%.4x", 255);
	CHECK("0x00ff", "%#.4x", 255);
	CHECK("a", "%.5s", "a");
}

KTEST(test_flags)
{
	CHECK("+5", "%+d", 5);
	CHECK("-5", "%+d", -5);
	CHECK("+0", "%+d", 0);
	CHECK(" 5", "% d", 5);
	CHECK("-5", "% d", -5);
	CHECK_ODD("+5", "%+ d", 5); /* '+' beats ' ' */
	CHECK("+", "%+.0d", 0);
	CHECK("  +5", "%+4d", 5);
	CHECK("+005", "%+04d", 5);
	CHECK_ODD("5", "%+u", 5); /* sign flags do nothing for unsigned conversions */
	CHECK("0xff", "%#x", 255);
	CHECK("0XFF", "%#X", 255);
	CHECK("0", "%#x", 0); /* no prefix on zero */
	CHECK("0x000001", "%#08x", 1);
	CHECK("  0x1", "%#5x", 1);
	CHECK("0x1  |", "%-#5x|", 1);
	CHECK("010", "%#o", 8);
	CHECK("0", "%#o", 0);
	CHECK("0", "%#.0o", 0);
	CHECK("010", "%#.3o", 8);
	CHECK("", "%#.0x", 0);
}

KTEST(test_pointers)
{
	CHECK("0x1234", "%p", (void *)0x1234);
	CHECK("      0x1234", "%12p", (void *)0x1234);
	CHECK("0x1234      |", "%-12p|", (void *)0x1234);
	CHECK("0xffffffc600000000", "%p", (void *)0xffffffc600000000UL);
	CHECK("(nil)", "%p", NULL);
	CHECK("   (nil)", "%8p", NULL);
	CHECK("(nil)   |", "%-8p|", NULL);
}

KTEST(test_strings_chars)
{
	CHECK_ODD("(null)", "%s", (char *)NULL);
	CHECK_ODD("  (null)", "%8s", (char *)NULL);
	CHECK_ODD("  |", "%2.3s|", (char *)NULL); /* glibc: all or nothing of "(null)" */
	CHECK_ODD("(null)", "%.6s", (char *)NULL);
	CHECK("", "%s", "");
	CHECK("hello world", "%s %s", "hello", "world");
	CHECK("a1b", "%c%d%c", 'a', 1, 'b');
	CHECK("memory[0x0]\t[0x0000000080000000-0x00000000ffffffff]",
	      "memory[0x%x]\t[%#018llx-%#018llx]", 0, 0x80000000ULL, 0xffffffffULL);
	CHECK_ODD("%y", "%y"); /* unknown conversion: printed as written */
}

KTEST(test_truncation)
{
	char b[4];
	int n = snprintf(b, sizeof(b), "%s", "abcdef");

	EXPECT_EQ(n, 6);
	EXPECT_STREQ(b, "abc");
	EXPECT_EQ(snprintf(NULL, 0, "%d", 12345), 5);
	b[0] = 'Q';
	EXPECT_EQ(snprintf(b, 0, "%d", 7), 1); /* size 0: nothing written */
	EXPECT_EQ(b[0], 'Q');
	EXPECT_EQ(snprintf(b, 1, "%d", 7), 1);
	EXPECT_STREQ(b, "");
	EXPECT_EQ(snprintf(b, sizeof(b), "%05d", 42), 5);
	EXPECT_STREQ(b, "000");
	EXPECT_EQ(snprintf(b, sizeof(b), "%s", "xyz"), 3); /* exact fit */
	EXPECT_STREQ(b, "xyz");

	char big[300];

	EXPECT_EQ(snprintf(big, sizeof(big), "%200d|", 1), 201);
	EXPECT_EQ(big[199], '1');
	EXPECT_EQ(big[200], '|');
	const char *volatile huge = "%99999999999d";

	EXPECT_EQ(snprintf(big, sizeof(big), huge, 1), 4096); /* clamped */
	const char *volatile star = "%*d";

	EXPECT_EQ(snprintf(big, sizeof(big), star, INT_MIN_, 1), 4096); /* -INT_MIN: no overflow */
	EXPECT_EQ(big[0], '1');
}

static const struct ktest_case printf_cases[] = {
    KTEST_CASE(test_integers),
    KTEST_CASE(test_length_modifiers),
    KTEST_CASE(test_width_pad_align),
    KTEST_CASE(test_precision),
    KTEST_CASE(test_flags),
    KTEST_CASE(test_pointers),
    KTEST_CASE(test_strings_chars),
    KTEST_CASE(test_truncation),
    {},
};
KTEST_SUITE(printf, printf_cases);

#ifdef RVMM_HOST
/*
 * Differential test: random conversions (flags, width, precision, '*', length modifier,
 * value) formatted by rv_snprintf and by glibc into buffers of random size; the return
 * values and buffers must be identical. Only combinations that C defines, or that glibc
 * defines and we promise to match (%p with flags and precision), are generated.
 */
int host_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

enum arg_kind {
	A_INT,
	A_LONG,
	A_LLONG,
	A_UINT,
	A_ULONG,
	A_ULLONG,
	A_PTR,
	A_STR,
	A_CHAR,
	A_NONE,
};

struct conv {
	char fmt[48];
	enum arg_kind kind;
	int nstar;   /* '*' arguments before the value */
	int star[2]; /* their values */
	u64 bits;    /* the value's bits (integers, pointers, chars) */
	const char *str;
};

static const char *const diff_strings[] = {"", "a", "hello", "(null)", "0123456789abcdefghij"};

/* An interesting integer: edges, small numbers, or random bits of a random width. */
static u64 pick_bits(struct rand_state *r)
{
	static const u64 edges[] = {
	    0,
	    1,
	    7,
	    8,
	    9,
	    10,
	    15,
	    16,
	    255,
	    256,
	    0x7f,
	    0x80,
	    0x7fff,
	    0x8000,
	    0xffff,
	    0x7fffffff,
	    0x80000000,
	    0xffffffff,
	    0x7fffffffffffffffULL,
	    0x8000000000000000ULL,
	    ~0ULL,
	    ~0ULL - 1,
	};

	switch (rand_range(r, 0, 3)) {
	case 0:
		return edges[rand_range(r, 0, ARRAY_SIZE(edges) - 1)];
	case 1:
		return rand_range(r, 0, 1000) - (rand_chance(r, 1, 2) ? 500 : 0);
	default:
		return rand_next(r) >> rand_range(r, 0, 63);
	}
}

/* Append a random width or precision: nothing, digits, or '*' with a random argument. */
static char *gen_count(struct rand_state *r, char *p, struct conv *c, int lo)
{
	switch (rand_range(r, 0, 3)) {
	case 0:
		break;
	case 1:
		c->star[c->nstar++] = (int)rand_range(r, 0, 60) + lo;
		*p++ = '*';
		break;
	default: {
		unsigned v = (unsigned)rand_range(r, 0, 25);

		if (v >= 10)
			*p++ = (char)('0' + v / 10);
		*p++ = (char)('0' + v % 10);
		break;
	}
	}
	return p;
}

static void gen_conv(struct rand_state *r, struct conv *c)
{
	static const char convs[] = "diuxXopscc%";
	static const char *const ints[] = {"hh", "h", "", "l", "ll", "z", "j", "t"};
	char conv = convs[rand_range(r, 0, sizeof(convs) - 2)];
	char *p = c->fmt;
	const char *allowed; /* flags C (or glibc, for %p) defines for this conversion */

	c->nstar = 0;
	*p++ = '%';
	switch (conv) {
	case 'd':
	case 'i':
		allowed = "-0+ ";
		break;
	case 'p':
		allowed = "-0+ ";
		break;
	case 's':
	case 'c':
		allowed = "-";
		break;
	case '%':
		allowed = "";
		break;
	default:
		allowed = "-0+ #";
		break;
	}
	for (unsigned n = (unsigned)rand_range(r, 0, 3); n && *allowed; n--) {
		size_t len = 0;

		while (allowed[len])
			len++;
		*p++ = allowed[rand_range(r, 0, len - 1)];
	}
	if (conv != '%')
		p = gen_count(r, p, c, -30);
	if (conv != 'c' && conv != '%' && rand_chance(r, 1, 2)) {
		*p++ = '.';
		p = gen_count(r, p, c, -5);
	}
	u64 bits = pick_bits(r);
	const char *len = "";

	if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'x' || conv == 'X' ||
	    conv == 'o') {
		bool sign = conv == 'd' || conv == 'i';
		unsigned l = (unsigned)rand_range(r, 0, ARRAY_SIZE(ints) - 1);

		len = ints[l];
		if (l <= 2)
			c->kind = sign ? A_INT : A_UINT;
		else if (l == 4 || l == 6)
			c->kind = sign ? A_LLONG : A_ULLONG;
		else
			c->kind = sign ? A_LONG : A_ULONG;
	} else if (conv == 'p') {
		c->kind = A_PTR;
		if (rand_chance(r, 1, 8))
			bits = 0;
	} else if (conv == 's') {
		c->kind = A_STR;
		c->str = rand_chance(r, 1, 10)
			     ? NULL
			     : diff_strings[rand_range(r, 0, ARRAY_SIZE(diff_strings) - 1)];
	} else if (conv == 'c') {
		c->kind = A_CHAR;
		bits = rand_range(r, 32, 126);
	} else {
		c->kind = A_NONE;
	}
	c->bits = bits;
	while (*len)
		*p++ = *len++;
	*p++ = conv;
	*p++ = '|';
	*p = 0;
}

/* Format c with both implementations; 0 when they agree. */
#define BOTH(...)                                                                                  \
	do {                                                                                       \
		n1 = rv_snprintf(b1, size, c->fmt, __VA_ARGS__);                                   \
		n2 = host_snprintf(b2, size, c->fmt, __VA_ARGS__);                                 \
	} while (0)
#define BOTH_STARS(v)                                                                              \
	do {                                                                                       \
		if (c->nstar == 0)                                                                 \
			BOTH(v);                                                                   \
		else if (c->nstar == 1)                                                            \
			BOTH(c->star[0], v);                                                       \
		else                                                                               \
			BOTH(c->star[0], c->star[1], v);                                           \
	} while (0)

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
static bool run_both(const struct conv *c, size_t size, char *b1, char *b2, int *r1, int *r2)
{
	int n1 = -1, n2 = -2;

	switch (c->kind) {
	case A_INT:
		BOTH_STARS((int)c->bits);
		break;
	case A_UINT:
		BOTH_STARS((unsigned)c->bits);
		break;
	case A_LONG:
		BOTH_STARS((long)c->bits);
		break;
	case A_ULONG:
		BOTH_STARS((unsigned long)c->bits);
		break;
	case A_LLONG:
		BOTH_STARS((long long)c->bits);
		break;
	case A_ULLONG:
		BOTH_STARS((unsigned long long)c->bits);
		break;
	case A_PTR:
		BOTH_STARS((void *)(uintptr_t)c->bits);
		break;
	case A_STR:
		BOTH_STARS(c->str);
		break;
	case A_CHAR:
		BOTH_STARS((int)c->bits);
		break;
	case A_NONE:
		BOTH(0);
		break;
	}
	*r1 = n1;
	*r2 = n2;
	if (n1 != n2)
		return false;
	for (size_t i = 0; i < size; i++) {
		if (b1[i] != b2[i])
			return false;
		if (!b1[i])
			break;
	}
	return true;
}
#pragma GCC diagnostic pop

KTEST(test_differential_glibc)
{
	struct rand_state r;
	unsigned bad = 0;

	rand_seed(&r, 20240601);
	for (unsigned iter = 0; iter < 40000; iter++) {
		struct conv c;
		char b1[160], b2[160];
		int n1, n2;

		gen_conv(&r, &c);
		size_t size = rand_chance(&r, 3, 4) ? sizeof(b1) : rand_range(&r, 0, 12);

		if (run_both(&c, size, b1, b2, &n1, &n2))
			continue;
		if (++bad <= 10) {
			b1[sizeof(b1) - 1] = b2[sizeof(b2) - 1] = 0;
			ktest_fail(
			    t, __FILE__, __LINE__,
			    "\"%s\" stars %d,%d value 0x%llx size %zu: rv %d \"%s\" libc %d \"%s\"",
			    c.fmt, c.nstar > 0 ? c.star[0] : 0, c.nstar > 1 ? c.star[1] : 0,
			    (unsigned long long)c.bits, size, n1, size ? b1 : "", n2,
			    size ? b2 : "");
		}
	}
	EXPECT_EQ(bad, 0);
}

static const struct ktest_case printf_diff_cases[] = {
    KTEST_CASE(test_differential_glibc),
    {},
};
static const struct ktest_suite printf_diff_suite = {
    .name = "printf_glibc",
    .cases = printf_diff_cases,
    .host_only = true,
};
KTEST_REGISTER(printf_diff_suite);
#endif
