// SPDX-License-Identifier: MIT
/*
 * lib/string: copies and fills at every alignment against a byte-by-byte reference,
 * string functions at their edges, number parsing, error names. On the host the libc
 * names are renamed rv_* (lib/host_rename.h), so these run rvmm's code, not glibc's.
 */
#ifdef RVMM_HOST
#include "lib/host_rename.h"
#endif
#include "tests/ktest.h"
#include "lib/string.h"
#include "lib/errno.h"

#define BUF    192
#define GUARD  0x5a
#define MAXLEN 100

static u8 src_buf[BUF] __aligned(16);
static u8 dst_buf[BUF] __aligned(16);
static u8 ref_buf[BUF] __aligned(16);

/* Fill with a pattern that differs at every byte and never equals GUARD. */
static void pattern(u8 *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (u8)((i * 7 + seed * 13 + 1) % 251) | 0x80;
}

static void fill(u8 *p, size_t n, u8 v)
{
	for (size_t i = 0; i < n; i++)
		p[i] = v;
}

KTEST(test_memcpy_alignments)
{
	for (unsigned so = 0; so < 8; so++) {
		for (unsigned doff = 0; doff < 8; doff++) {
			for (size_t n = 0; n <= MAXLEN; n += (n < 20 ? 1 : 7)) {
				pattern(src_buf, BUF, so + n);
				fill(dst_buf, BUF, GUARD);
				fill(ref_buf, BUF, GUARD);
				for (size_t i = 0; i < n; i++)
					ref_buf[doff + 8 + i] = src_buf[so + i];
				void *r = memcpy(dst_buf + doff + 8, src_buf + so, n);

				ASSERT_PTR_EQ(r, dst_buf + doff + 8);
				ASSERT_MEMEQ(dst_buf, ref_buf, BUF);
			}
		}
	}
}

KTEST(test_memcpy_page)
{
	static u64 a[512], b[512];

	for (unsigned i = 0; i < 512; i++)
		a[i] = 0x0123456789abcdefULL * (i + 1);
	memcpy(b, a, sizeof(a));
	EXPECT_MEMEQ(a, b, sizeof(a));
}

/* Reference memmove through a temporary copy. */
static void ref_move(u8 *buf, size_t to, size_t from, size_t n)
{
	u8 tmp[BUF];

	for (size_t i = 0; i < n; i++)
		tmp[i] = buf[from + i];
	for (size_t i = 0; i < n; i++)
		buf[to + i] = tmp[i];
}

KTEST(test_memmove_overlap)
{
	for (size_t from = 0; from < 24; from++) {
		for (size_t to = 0; to < 24; to++) {
			for (size_t n = 0; n <= MAXLEN; n += (n < 20 ? 1 : 9)) {
				pattern(dst_buf, BUF, (unsigned)(from + to));
				pattern(ref_buf, BUF, (unsigned)(from + to));
				ref_move(ref_buf, to, from, n);
				void *r = memmove(dst_buf + to, dst_buf + from, n);

				ASSERT_PTR_EQ(r, dst_buf + to);
				ASSERT_MEMEQ(dst_buf, ref_buf, BUF);
			}
		}
	}
}

KTEST(test_memset_alignments)
{
	for (unsigned off = 0; off < 16; off++) {
		for (size_t n = 0; n <= MAXLEN + 40; n++) {
			fill(dst_buf, BUF, GUARD);
			fill(ref_buf, BUF, GUARD);
			fill(ref_buf + off, n, 0xab);
			void *r = memset(dst_buf + off, 0x1ab, n); /* only the low byte counts */

			ASSERT_PTR_EQ(r, dst_buf + off);
			ASSERT_MEMEQ(dst_buf, ref_buf, BUF);
		}
	}
	memset(dst_buf, 0, BUF);
	for (unsigned i = 0; i < BUF; i++)
		ASSERT_EQ(dst_buf[i], 0);
}

KTEST(test_memcmp)
{
	pattern(src_buf, BUF, 3);
	memcpy(dst_buf, src_buf, BUF);
	EXPECT_EQ(memcmp(dst_buf, src_buf, BUF), 0);
	EXPECT_EQ(memcmp(dst_buf, src_buf, 0), 0);
	for (size_t at = 0; at < 70; at++) {
		for (unsigned off = 0; off < 3; off++) {
			memcpy(dst_buf, src_buf, BUF);
			dst_buf[off + at] = (u8)(src_buf[off + at] + 1);
			EXPECT_GT(memcmp(dst_buf + off, src_buf + off, 80), 0);
			EXPECT_LT(memcmp(src_buf + off, dst_buf + off, 80), 0);
			EXPECT_EQ(memcmp(src_buf + off, dst_buf + off, at), 0);
		}
	}
	/* bytes compare as unsigned */
	EXPECT_GT(memcmp("\x80", "\x01", 1), 0);
	EXPECT_LT(memcmp("a\x01", "a\xff", 2), 0);
}

KTEST(test_memchr_strlen)
{
	const char *s = "hello, world";

	EXPECT_PTR_EQ(memchr(s, 'o', 12), s + 4);
	EXPECT_PTR_EQ(memchr(s, 'o', 4), NULL);
	EXPECT_PTR_EQ(memchr(s, 0, 13), s + 12);
	EXPECT_PTR_EQ(memchr(s, 'h' + 256, 12), s); /* c is converted to unsigned char */
	EXPECT_EQ(strlen(""), 0);
	EXPECT_EQ(strlen(s), 12);
	EXPECT_EQ(strnlen(s, 5), 5);
	EXPECT_EQ(strnlen(s, 100), 12);
	EXPECT_EQ(strnlen(s, 0), 0);
}

KTEST(test_strcmp)
{
	EXPECT_EQ(strcmp("abc", "abc"), 0);
	EXPECT_LT(strcmp("abc", "abd"), 0);
	EXPECT_GT(strcmp("abd", "abc"), 0);
	EXPECT_LT(strcmp("ab", "abc"), 0);
	EXPECT_GT(strcmp("abc", "ab"), 0);
	EXPECT_GT(strcmp("\xff", "a"), 0);
	EXPECT_EQ(strcmp("", ""), 0);
	EXPECT_EQ(strncmp("abcX", "abcY", 3), 0);
	EXPECT_LT(strncmp("abcX", "abcY", 4), 0);
	EXPECT_EQ(strncmp("ab", "ab", 10), 0);
	EXPECT_GT(strncmp("abc", "ab", 10), 0);
	EXPECT_EQ(strncmp("x", "y", 0), 0);
}

KTEST(test_strchr_strstr)
{
	const char *s = "a/b/c";

	EXPECT_PTR_EQ(strchr(s, '/'), s + 1);
	EXPECT_PTR_EQ(strrchr(s, '/'), s + 3);
	EXPECT_PTR_EQ(strchr(s, 0), s + 5);
	EXPECT_PTR_EQ(strrchr(s, 0), s + 5);
	EXPECT_PTR_EQ(strchr(s, 'z'), NULL);
	EXPECT_PTR_EQ(strrchr(s, 'z'), NULL);
	const char *kv = "memblock=debug", *h = "aaab";

	EXPECT_PTR_EQ(strstr(kv, "="), kv + 8);

	EXPECT_PTR_EQ(strstr(h, "aab"), h + 1);
	EXPECT_PTR_EQ(strstr(h, ""), h);
	EXPECT_PTR_EQ(strstr(h, "abc"), NULL);
	EXPECT_PTR_EQ(strstr("", "a"), NULL);
	EXPECT_EQ(strspn("  \tx ", " \t"), 3);
	EXPECT_EQ(strspn("abc", ""), 0);
	EXPECT_EQ(strcspn("key=val", "=;"), 3);
	EXPECT_EQ(strcspn("key", "=;"), 3);
}

KTEST(test_strcpy_strlcpy)
{
	char b[8];

	EXPECT_PTR_EQ(strcpy(b, "abc"), b);
	EXPECT_STREQ(b, "abc");
	EXPECT_EQ(strlcpy(b, "abcdefghij", sizeof(b)), 10);
	EXPECT_STREQ(b, "abcdefg");
	EXPECT_EQ(strlcpy(b, "xy", sizeof(b)), 2);
	EXPECT_STREQ(b, "xy");
	b[0] = 'Q';
	EXPECT_EQ(strlcpy(b, "zzz", 0), 3); /* size 0: nothing written */
	EXPECT_EQ(b[0], 'Q');
	EXPECT_EQ(strlcpy(b, "zzz", 1), 3);
	EXPECT_STREQ(b, "");
}

KTEST(test_strsep)
{
	char buf[] = "a,b,,c";
	char *p = buf, *tok;
	const char *want[] = {"a", "b", "", "c"};
	unsigned n = 0;

	while ((tok = strsep(&p, ",")) != NULL) {
		ASSERT_LT(n, 4);
		EXPECT_STREQ(tok, want[n]);
		n++;
	}
	EXPECT_EQ(n, 4);
	EXPECT_NULL(p);
	EXPECT_NULL(strsep(&p, ","));

	char b2[] = "cmd1; cmd2";

	p = b2;
	EXPECT_STREQ(strsep(&p, ";"), "cmd1");
	EXPECT_STREQ(p, " cmd2");
}

KTEST(test_kstrtoull)
{
	static const struct {
		const char *s;
		unsigned base;
		int ret;
		u64 val;
	} cases[] = {
	    {"0", 0, 0, 0},
	    {"123", 10, 0, 123},
	    {"123", 0, 0, 123},
	    {"0x1f", 0, 0, 31},
	    {"0X1F", 0, 0, 31},
	    {"0x1f", 16, 0, 31},
	    {"1f", 16, 0, 31},
	    {"0755", 0, 0, 0755},
	    {"0755", 10, 0, 755},
	    {"+5", 10, 0, 5},
	    {"5\n", 10, 0, 5},
	    {"z", 36, 0, 35},
	    {"101", 2, 0, 5},
	    {"18446744073709551615", 10, 0, ~0ULL},
	    {"0xffffffffffffffff", 0, 0, ~0ULL},
	    {"18446744073709551616", 10, -ERANGE, 0},
	    {"0x10000000000000000", 0, -ERANGE, 0},
	    {"99999999999999999999999", 0, -ERANGE, 0},
	    {"", 10, -EINVAL, 0},
	    {"+", 10, -EINVAL, 0},
	    {"\n", 10, -EINVAL, 0},
	    {"-1", 10, -EINVAL, 0},
	    {" 1", 10, -EINVAL, 0},
	    {"1 ", 10, -EINVAL, 0},
	    {"12a", 10, -EINVAL, 0},
	    {"5\n\n", 10, -EINVAL, 0},
	    {"0x", 0, -EINVAL, 0},
	    {"0x", 16, -EINVAL, 0},
	    {"08", 0, -EINVAL, 0},
	    {"2", 2, -EINVAL, 0},
	    {"1", 1, -EINVAL, 0},
	    {"1", 37, -EINVAL, 0},
	};

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		u64 v = 0xdeadbeef;
		int ret = kstrtoull(cases[i].s, cases[i].base, &v);

		if (ret != cases[i].ret)
			ktest_log(t, "case %u: \"%s\" base %u", i, cases[i].s, cases[i].base);
		EXPECT_EQ(ret, cases[i].ret);
		EXPECT_EQ(v, cases[i].ret ? 0xdeadbeef : cases[i].val); /* untouched on error */
	}
	u64 v;

	EXPECT_EQ(kstrtoull(NULL, 10, &v), -EINVAL);
}

KTEST(test_memparse)
{
	static const struct {
		const char *s;
		u64 val;
		unsigned used; /* characters consumed */
	} cases[] = {
	    {"64M", 64ULL << 20, 3},
	    {"64m", 64ULL << 20, 3},
	    {"1G", 1ULL << 30, 2},
	    {"4k", 4096, 2},
	    {"4K,rest", 4096, 2},
	    {"3T", 3ULL << 40, 2},
	    {"2P", 2ULL << 50, 2},
	    {"15E", 15ULL << 60, 3},
	    {"16E", ~0ULL, 3},	   /* does not fit: saturates */
	    {"0x1000", 0x1000, 6}, /* base 0 */
	    {"0x10M", 16ULL << 20, 5},
	    {"010", 8, 3}, /* octal, as in Linux */
	    {"12", 12, 2},
	    {"12 ", 12, 2},
	    {"2Gfoo", 2ULL << 30, 2},
	    {"99999999999999999999999", ~0ULL, 23},
	    {"abc", 0, 0},
	    {"", 0, 0},
	    {"M", 0, 0},
	    {"-1", 0, 0},
	};

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		char *end = NULL;
		u64 v = memparse(cases[i].s, &end);

		if (v != cases[i].val || end != cases[i].s + cases[i].used)
			ktest_log(t, "case %u: \"%s\"", i, cases[i].s);
		EXPECT_EQ(v, cases[i].val);
		EXPECT_EQ(end - cases[i].s, cases[i].used);
	}
	EXPECT_EQ(memparse("8M", NULL), 8ULL << 20);
}

KTEST(test_errno_name)
{
	EXPECT_STREQ(errno_name(EINVAL), "EINVAL");
	EXPECT_STREQ(errno_name(-EINVAL), "EINVAL");
	EXPECT_STREQ(errno_name(-ENOMEM), "ENOMEM");
	EXPECT_STREQ(errno_name(-ERANGE), "ERANGE");
	EXPECT_STREQ(errno_name(ENOTSUP), "ENOTSUP");
	EXPECT_STREQ(errno_name(0), "E?");
	EXPECT_STREQ(errno_name(12345), "E?");
	EXPECT_STREQ(errno_name(-__INT_MAX__ - 1), "E?");
}

static const struct ktest_case string_cases[] = {
    KTEST_CASE(test_memcpy_alignments),
    KTEST_CASE(test_memcpy_page),
    KTEST_CASE(test_memmove_overlap),
    KTEST_CASE(test_memset_alignments),
    KTEST_CASE(test_memcmp),
    KTEST_CASE(test_memchr_strlen),
    KTEST_CASE(test_strcmp),
    KTEST_CASE(test_strchr_strstr),
    KTEST_CASE(test_strcpy_strlcpy),
    KTEST_CASE(test_strsep),
    KTEST_CASE(test_kstrtoull),
    KTEST_CASE(test_memparse),
    KTEST_CASE(test_errno_name),
    {},
};
KTEST_SUITE(string, string_cases);
