// SPDX-License-Identifier: MIT
/* lib/sort: heapsort on edge sizes, duplicates, element sizes that are not words. */
#include "tests/ktest.h"
#include "lib/sort.h"
#include "lib/random.h"

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* A 12-byte record: sorted by key, payload checks that records move as a whole. */
struct rec {
	u32 key;
	u32 payload[2];
};

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static int cmp_u8_desc(const void *a, const void *b)
{
	return *(const u8 *)b - *(const u8 *)a;
}

#define N 300

static u64 v[N];

KTEST(test_sort_sizes)
{
	struct rand_state r;

	rand_seed(&r, 1);
	for (size_t n = 0; n <= N; n += (n < 20 ? 1 : 37)) {
		u64 sum = 0, sum2 = 0;

		for (size_t i = 0; i < n; i++) {
			v[i] = rand_range(&r, 0, n / 3 + 1); /* many duplicates */
			sum += v[i];
			sum2 += v[i] * v[i];
		}
		sort(v, n, sizeof(v[0]), cmp_u64);
		for (size_t i = 1; i < n; i++)
			ASSERT_LE(v[i - 1], v[i]);
		for (size_t i = 0; i < n; i++) {
			sum -= v[i];
			sum2 -= v[i] * v[i];
		}
		EXPECT_EQ(sum, 0); /* same multiset (sum and sum of squares kept) */
		EXPECT_EQ(sum2, 0);
	}
}

KTEST(test_sort_presorted)
{
	for (size_t i = 0; i < N; i++)
		v[i] = i;
	sort(v, N, sizeof(v[0]), cmp_u64);
	for (size_t i = 0; i < N; i++)
		ASSERT_EQ(v[i], i);
	for (size_t i = 0; i < N; i++)
		v[i] = N - i;
	sort(v, N, sizeof(v[0]), cmp_u64);
	for (size_t i = 0; i < N; i++)
		ASSERT_EQ(v[i], i + 1);
}

KTEST(test_sort_records)
{
	struct rec recs[50];
	struct rand_state r;

	rand_seed(&r, 2);
	for (u32 i = 0; i < 50; i++) {
		recs[i].key = (u32)rand_range(&r, 0, 1000);
		recs[i].payload[0] = recs[i].key * 3;
		recs[i].payload[1] = ~recs[i].key;
	}
	sort(recs, 50, sizeof(recs[0]), cmp_rec);
	for (u32 i = 0; i < 50; i++) {
		if (i)
			ASSERT_LE(recs[i - 1].key, recs[i].key);
		ASSERT_EQ(recs[i].payload[0], recs[i].key * 3);
		ASSERT_EQ(recs[i].payload[1], ~recs[i].key);
	}
}

KTEST(test_sort_bytes_desc)
{
	u8 b[] = {3, 200, 0, 7, 7, 255, 1};
	const u8 want[] = {255, 200, 7, 7, 3, 1, 0};

	sort(b, sizeof(b), 1, cmp_u8_desc);
	EXPECT_MEMEQ(b, want, sizeof(b));
	sort(b, 1, 1, cmp_u8_desc); /* one element and zero elements: nothing to do */
	sort(b, 0, 1, cmp_u8_desc);
	EXPECT_MEMEQ(b, want, sizeof(b));
}

static const struct ktest_case sort_cases[] = {
    KTEST_CASE(test_sort_sizes),
    KTEST_CASE(test_sort_presorted),
    KTEST_CASE(test_sort_records),
    KTEST_CASE(test_sort_bytes_desc),
    {},
};
KTEST_SUITE(sort, sort_cases);
