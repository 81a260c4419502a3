/* SPDX-License-Identifier: MIT */
/*
 * ktest: the one test framework of rvmm.
 *
 * A suite is a named array of cases; it registers itself with KTEST_SUITE(), which puts a
 * pointer to it in the "ktest_suites" linker section. The same suite sources are linked
 * into the host binary (build/host/ktest-host, under ASan and UBSan) and into the firmware,
 * where the console command `test [SUITE...]` runs them. Both print KTAP version 1: one
 * nested block per suite, one result line per case, and "# " diagnostics naming the file,
 * line and the values compared.
 *
 *	KTEST(test_split)
 *	{
 *		EXPECT_EQ(split(8), 4);
 *		ASSERT_NOT_NULL(p);	// ends the case when it fails
 *		if (!have_feature)
 *			SKIP("needs a feature (%d)", 1);
 *	}
 *	static const struct ktest_case buddy_cases[] = { KTEST_CASE(test_split), {} };
 *	KTEST_SUITE(buddy, buddy_cases);
 *
 * EXPECT_* records a failure and goes on; ASSERT_* records it and returns from the case
 * function (use ASSERT only in the case function itself). Integer comparisons are done on
 * the values converted to unsigned 64-bit (EQ, NE) or to signed 64-bit (LT, LE, GT, GE).
 */
#ifndef RVMM_TESTS_KTEST_H
#define RVMM_TESTS_KTEST_H

#include "lib/types.h"

struct ktest {
	const char *name;   /* the running case */
	int failures;       /* failed expectations so far */
	bool skipped;       /* SKIP() was called */
	char skip_reason[96];
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases; /* ends with an entry whose run is NULL */
	int (*init)(void);              /* optional: nonzero skips the whole suite */
	void (*exit)(void);             /* optional */
	bool target_only;               /* not run by the host binary */
	bool host_only;                 /* not run on the target */
};

struct ktest_totals {
	unsigned passed, failed, skipped;
};

#define KTEST(fn)      static void fn(struct ktest *t __unused)
#define KTEST_CASE(fn) {#fn, fn}

#define KTEST_REGISTER(var)                                                                        \
	static const struct ktest_suite *const __ktest_ptr_##var                                   \
		__attribute__((used, section("ktest_suites"), aligned(8))) = &var

#define KTEST_SUITE(sname, case_array)                                                             \
	static const struct ktest_suite __ktest_suite_##sname = {.name = #sname,                   \
								  .cases = case_array};            \
	KTEST_REGISTER(__ktest_suite_##sname)

/* Record a failure of the running case with a printf-style explanation. */
void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...) __printf(4, 5);
/* Print a "# " diagnostic line inside the running case. */
void ktest_log(struct ktest *t, const char *fmt, ...) __printf(2, 3);
/* Mark the running case skipped with a reason. */
void ktest_skip(struct ktest *t, const char *fmt, ...) __printf(2, 3);

/*
 * Run the registered suites whose names are in names[0..n) (all when n == 0), print KTAP
 * and the closing "# WHO: N passed, N failed" line, and add the counts to totals.
 * Returns the number of failed cases, or -1 when a requested suite does not exist.
 */
int ktest_run(const char *who, const char *const *names, int n, struct ktest_totals *totals);
/* Print the names of the registered suites, one per line. */
void ktest_list(void);
/* Target only (firmware): run a case under a trap recovery point; false if it trapped. */
bool ktest_arch_run(void (*run)(struct ktest *t), struct ktest *t);

#define __KT_CMP(a, b, op, T, fmtc, ret)                                                           \
	do {                                                                                       \
		T _ka = (T)(a), _kb = (T)(b);                                                      \
		if (!(_ka op _kb)) {                                                               \
			ktest_fail(t, __FILE__, __LINE__,                                          \
				   "expected %s " #op " %s, got %" fmtc " (0x%llx) vs %" fmtc      \
				   " (0x%llx)",                                                     \
				   #a, #b, _ka, (unsigned long long)_ka, _kb,                       \
				   (unsigned long long)_kb);                                        \
			ret;                                                                       \
		}                                                                                  \
	} while (0)

#define __KT_TRUE(c, want, ret)                                                                    \
	do {                                                                                       \
		if ((!!(c)) != (want)) {                                                           \
			ktest_fail(t, __FILE__, __LINE__, "expected %s to be %s", #c,              \
				   (want) ? "true" : "false");                                     \
			ret;                                                                       \
		}                                                                                  \
	} while (0)

#define __KT_STREQ(a, b, ret)                                                                      \
	do {                                                                                       \
		const char *_ka = (a), *_kb = (b);                                                 \
		if (!_ka || !_kb || __ktest_strcmp(_ka, _kb) != 0) {                               \
			ktest_fail(t, __FILE__, __LINE__, "expected %s == %s, got \"%s\" vs \"%s\"", \
				   #a, #b, _ka ? _ka : "(null)", _kb ? _kb : "(null)");            \
			ret;                                                                       \
		}                                                                                  \
	} while (0)

#define __KT_MEMEQ(a, b, n, ret)                                                                   \
	do {                                                                                       \
		long _koff = __ktest_memdiff((a), (b), (n));                                       \
		if (_koff >= 0) {                                                                  \
			ktest_fail(t, __FILE__, __LINE__,                                          \
				   "expected %s == %s for %lu bytes, first difference at byte %ld", \
				   #a, #b, (unsigned long)(n), _koff);                             \
			ret;                                                                       \
		}                                                                                  \
	} while (0)

int __ktest_strcmp(const char *a, const char *b);
long __ktest_memdiff(const void *a, const void *b, size_t n);

#define __KT_NOTHING (void)0
#define __KT_RETURN  return

#define EXPECT_TRUE(c)        __KT_TRUE(c, true, __KT_NOTHING)
#define EXPECT_FALSE(c)       __KT_TRUE(c, false, __KT_NOTHING)
#define EXPECT_EQ(a, b)       __KT_CMP(a, b, ==, unsigned long long, "llu", __KT_NOTHING)
#define EXPECT_NE(a, b)       __KT_CMP(a, b, !=, unsigned long long, "llu", __KT_NOTHING)
#define EXPECT_LT(a, b)       __KT_CMP(a, b, <, long long, "lld", __KT_NOTHING)
#define EXPECT_LE(a, b)       __KT_CMP(a, b, <=, long long, "lld", __KT_NOTHING)
#define EXPECT_GT(a, b)       __KT_CMP(a, b, >, long long, "lld", __KT_NOTHING)
#define EXPECT_GE(a, b)       __KT_CMP(a, b, >=, long long, "lld", __KT_NOTHING)
#define EXPECT_NULL(p)        EXPECT_EQ((uintptr_t)(p), 0)
#define EXPECT_NOT_NULL(p)    EXPECT_NE((uintptr_t)(p), 0)
#define EXPECT_PTR_EQ(a, b)   EXPECT_EQ((uintptr_t)(a), (uintptr_t)(b))
#define EXPECT_STREQ(a, b)    __KT_STREQ(a, b, __KT_NOTHING)
#define EXPECT_MEMEQ(a, b, n) __KT_MEMEQ(a, b, n, __KT_NOTHING)

#define ASSERT_TRUE(c)        __KT_TRUE(c, true, __KT_RETURN)
#define ASSERT_FALSE(c)       __KT_TRUE(c, false, __KT_RETURN)
#define ASSERT_EQ(a, b)       __KT_CMP(a, b, ==, unsigned long long, "llu", __KT_RETURN)
#define ASSERT_NE(a, b)       __KT_CMP(a, b, !=, unsigned long long, "llu", __KT_RETURN)
#define ASSERT_LT(a, b)       __KT_CMP(a, b, <, long long, "lld", __KT_RETURN)
#define ASSERT_LE(a, b)       __KT_CMP(a, b, <=, long long, "lld", __KT_RETURN)
#define ASSERT_GT(a, b)       __KT_CMP(a, b, >, long long, "lld", __KT_RETURN)
#define ASSERT_GE(a, b)       __KT_CMP(a, b, >=, long long, "lld", __KT_RETURN)
#define ASSERT_NULL(p)        ASSERT_EQ((uintptr_t)(p), 0)
#define ASSERT_NOT_NULL(p)    ASSERT_NE((uintptr_t)(p), 0)
#define ASSERT_PTR_EQ(a, b)   ASSERT_EQ((uintptr_t)(a), (uintptr_t)(b))
#define ASSERT_STREQ(a, b)    __KT_STREQ(a, b, __KT_RETURN)
#define ASSERT_MEMEQ(a, b, n) __KT_MEMEQ(a, b, n, __KT_RETURN)

#define SKIP(...)                                                                                  \
	do {                                                                                       \
		ktest_skip(t, __VA_ARGS__);                                                        \
		return;                                                                            \
	} while (0)

#endif
