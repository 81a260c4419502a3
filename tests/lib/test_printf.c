// SPDX-License-Identifier: MIT
/* printf family: fixed expectations, run on host (against rv_* names) and target. */
#ifdef RVMM_HOST
#include "lib/host_rename.h"
#endif
#include "tests/ktest.h"
#include "lib/printf.h"

#ifdef RVMM_HOST
int rv_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
#endif

#define CHECK(want, ...)                                                                           \
	do {                                                                                       \
		char _b[128];                                                                      \
		int _n = snprintf(_b, sizeof(_b), __VA_ARGS__);                                    \
		EXPECT_STREQ(_b, want);                                                            \
		EXPECT_EQ(_n, sizeof(want) - 1);                                                   \
	} while (0)

KTEST(test_integers)
{
	CHECK("42", "%d", 42);
	CHECK("-42", "%i", -42);
	CHECK("4294967295", "%u", 4294967295u);
	CHECK("ff", "%x", 255);
	CHECK("ffffffffffffffff", "%lx", ~0UL);
	CHECK("123456789abcdef0", "%llx", 0x123456789abcdef0ULL);
	CHECK("18446744073709551615", "%zu", (size_t)~0UL);
	CHECK("-9223372036854775808", "%lld", (long long)(-9223372036854775807LL - 1));
}

KTEST(test_width_pad_align)
{
	CHECK("   42", "%5d", 42);
	CHECK("00042", "%05d", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("0000beef", "%08x", 0xbeef);
	CHECK("  ab|", "%4s|", "ab");
	CHECK("ab  |", "%-4s|", "ab");
	CHECK("x", "%c", 'x');
}

KTEST(test_truncation)
{
	char b[4];
	int n = snprintf(b, sizeof(b), "%s", "abcdef");

	EXPECT_EQ(n, 6);
	EXPECT_STREQ(b, "abc");
	EXPECT_EQ(snprintf(NULL, 0, "%d", 12345), 5);
}

static const struct ktest_case printf_cases[] = {
	KTEST_CASE(test_integers),
	KTEST_CASE(test_width_pad_align),
	KTEST_CASE(test_truncation),
	{},
};
KTEST_SUITE(printf, printf_cases);
