// SPDX-License-Identifier: MIT
/* lib/random: reproducible sequences, ranges in bounds, rough uniformity. */
#include "tests/ktest.h"
#include "lib/random.h"

KTEST(test_reproducible)
{
	struct rand_state a, b;

	rand_seed(&a, 1234);
	rand_seed(&b, 1234);
	for (int i = 0; i < 100; i++)
		ASSERT_EQ(rand_next(&a), rand_next(&b));
	rand_seed(&b, 1235);
	EXPECT_NE(rand_next(&a), rand_next(&b));
	/* splitmix64's published first output for seed 0 */
	rand_seed(&a, 0);
	EXPECT_EQ(rand_next(&a), 0xe220a8397b1dcdafULL);
}

KTEST(test_range_bounds)
{
	struct rand_state r;
	bool seen[10] = {false};

	rand_seed(&r, 5);
	for (int i = 0; i < 2000; i++) {
		u64 v = rand_range(&r, 10, 19);

		ASSERT_GE(v, 10);
		ASSERT_LE(v, 19);
		seen[v - 10] = true;
	}
	for (int i = 0; i < 10; i++)
		EXPECT_TRUE(seen[i]);
	EXPECT_EQ(rand_range(&r, 7, 7), 7);
	EXPECT_EQ(rand_range(&r, 9, 3), 9);
	(void)rand_range(&r, 0, ~0ULL); /* the full range must not divide by zero */
	u64 big = rand_range(&r, 1ULL << 63, ~0ULL);

	EXPECT_GE(big >> 63, 1);
}

KTEST(test_uniformity)
{
	struct rand_state r;
	unsigned counts[8] = {0};
	unsigned yes = 0;

	rand_seed(&r, 99);
	for (int i = 0; i < 8000; i++)
		counts[rand_range(&r, 0, 7)]++;
	for (int i = 0; i < 8; i++) {
		EXPECT_GT(counts[i], 850); /* expected 1000 each; 5 sigma is about 150 */
		EXPECT_LT(counts[i], 1150);
	}
	for (int i = 0; i < 4000; i++)
		yes += rand_chance(&r, 1, 4);
	EXPECT_GT(yes, 850);
	EXPECT_LT(yes, 1150);
	EXPECT_FALSE(rand_chance(&r, 1, 0));
	EXPECT_TRUE(rand_chance(&r, 5, 5));
}

static const struct ktest_case random_cases[] = {
    KTEST_CASE(test_reproducible),
    KTEST_CASE(test_range_bounds),
    KTEST_CASE(test_uniformity),
    {},
};
KTEST_SUITE(random, random_cases);
