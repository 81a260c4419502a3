// SPDX-License-Identifier: MIT
/*
 * ktest runner: walks the "ktest_suites" section and prints KTAP version 1.
 *
 *	KTAP version 1
 *	1..2
 *	    KTAP version 1
 *	    # Subtest: printf
 *	    1..3
 *	    ok 1 test_width
 *	    # test_pad: tests/lib/test_printf.c:40: expected a == b, got 1 (0x1) vs 2 (0x2)
 *	    not ok 2 test_pad
 *	    ok 3 test_big # SKIP needs 8 GiB
 *	ok 1 printf
 *	...
 *	# firmware: 41 passed, 1 failed
 *
 * A suite is "ok" when none of its cases failed; it is "# SKIP" when all were skipped.
 */
#include "tests/ktest.h"
#include "lib/printf.h"

extern const struct ktest_suite *const __start_ktest_suites[];
extern const struct ktest_suite *const __stop_ktest_suites[];

#define ktest_for_each_suite(s)                                                                    \
	for (const struct ktest_suite *const *s = __start_ktest_suites; s < __stop_ktest_suites; s++)

#ifdef RVMM_HOST
static const bool on_host = true;

static void run_case(const struct ktest_case *c, struct ktest *t)
{
	c->run(t);
}
#else
static const bool on_host = false;

static void run_case(const struct ktest_case *c, struct ktest *t)
{
	/* A trap inside the case is reported by the firmware and fails only this case. */
	if (!ktest_arch_run(c->run, t))
		ktest_fail(t, __FILE__, __LINE__, "trapped (see the trap report above)");
}
#endif

int __ktest_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

long __ktest_memdiff(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return (long)i;
	return -1;
}

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("    # %s: %s:%d: %s\n", t->name, file, line, msg);
	t->failures++;
}

void ktest_log(struct ktest *t, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("    # %s: %s\n", t->name, msg);
}

void ktest_skip(struct ktest *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->skip_reason, sizeof(t->skip_reason), fmt, ap);
	va_end(ap);
	t->skipped = true;
}

static bool suite_selected(const struct ktest_suite *s, const char *const *names, int n)
{
	if (on_host ? s->target_only : s->host_only)
		return false;
	if (n == 0)
		return true;
	for (int i = 0; i < n; i++)
		if (__ktest_strcmp(s->name, names[i]) == 0)
			return true;
	return false;
}

static const struct ktest_suite *find_suite(const char *name)
{
	ktest_for_each_suite(s)
	{
		if (__ktest_strcmp((*s)->name, name) == 0)
			return *s;
	}
	return NULL;
}

/* Run one suite as a nested KTAP block; returns its result and adds to totals. */
static int run_suite(const struct ktest_suite *s, int index, struct ktest_totals *tot)
{
	unsigned ncases = 0, failed = 0, skipped = 0;

	while (s->cases[ncases].run)
		ncases++;
	printf("    KTAP version 1\n    # Subtest: %s\n    1..%u\n", s->name, ncases);
	if (s->init && s->init() != 0) {
		for (unsigned i = 0; i < ncases; i++)
			printf("    ok %u %s # SKIP suite init failed\n", i + 1, s->cases[i].name);
		tot->skipped += ncases;
		printf("ok %d %s # SKIP suite init failed\n", index, s->name);
		return 0;
	}
	for (unsigned i = 0; i < ncases; i++) {
		struct ktest t = {.name = s->cases[i].name};

		run_case(&s->cases[i], &t);
		if (t.failures) {
			printf("    not ok %u %s\n", i + 1, t.name);
			failed++;
		} else if (t.skipped) {
			printf("    ok %u %s # SKIP %s\n", i + 1, t.name, t.skip_reason);
			skipped++;
		} else {
			printf("    ok %u %s\n", i + 1, t.name);
		}
	}
	if (s->exit)
		s->exit();
	tot->passed += ncases - failed - skipped;
	tot->failed += failed;
	tot->skipped += skipped;
	if (failed)
		printf("not ok %d %s\n", index, s->name);
	else if (ncases && skipped == ncases)
		printf("ok %d %s # SKIP all cases skipped\n", index, s->name);
	else
		printf("ok %d %s\n", index, s->name);
	return failed ? 1 : 0;
}

int ktest_run(const char *who, const char *const *names, int n, struct ktest_totals *totals)
{
	struct ktest_totals tot = {0};
	int nsuites = 0, index = 0;

	for (int i = 0; i < n; i++) {
		const struct ktest_suite *s = find_suite(names[i]);

		if (!s || (on_host ? s->target_only : s->host_only)) {
			printf("test: no such suite (%s)\n", names[i]);
			return -1;
		}
	}
	ktest_for_each_suite(s)
	{
		if (suite_selected(*s, names, n))
			nsuites++;
	}
	printf("KTAP version 1\n1..%d\n", nsuites);
	ktest_for_each_suite(s)
	{
		if (suite_selected(*s, names, n))
			run_suite(*s, ++index, &tot);
	}
	if (tot.skipped)
		printf("# skipped: %u\n", tot.skipped);
	printf("# %s: %u passed, %u failed\n", who, tot.passed, tot.failed);
	if (totals) {
		totals->passed += tot.passed;
		totals->failed += tot.failed;
		totals->skipped += tot.skipped;
	}
	return (int)tot.failed;
}

void ktest_list(void)
{
	ktest_for_each_suite(s)
	{
		if (!(on_host ? (*s)->target_only : (*s)->host_only))
			printf("%s\n", (*s)->name);
	}
}
