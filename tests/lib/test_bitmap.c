// SPDX-License-Identifier: MIT
/* lib/bitmap: searches and range operations against a bool-array model, word edges. */
#include "tests/ktest.h"
#include "lib/bitmap.h"
#include "lib/random.h"

#define NBITS 200 /* not a multiple of the word size: the last word is partial */

static DECLARE_BITMAP(map, NBITS);
static bool model[NBITS];

static void clear_all(void)
{
	bitmap_zero(map, NBITS);
	for (unsigned i = 0; i < NBITS; i++)
		model[i] = false;
}

/* The model's answer for find_next_bit / find_next_zero_bit. */
static unsigned long model_next(unsigned long size, unsigned long off, bool want)
{
	for (unsigned long i = off; i < size; i++)
		if (model[i] == want)
			return i;
	return size;
}

KTEST(test_set_clear_test)
{
	clear_all();
	set_bit(0, map);
	set_bit(63, map);
	set_bit(64, map);
	set_bit(NBITS - 1, map);
	EXPECT_TRUE(test_bit(0, map));
	EXPECT_TRUE(test_bit(63, map));
	EXPECT_TRUE(test_bit(64, map));
	EXPECT_FALSE(test_bit(65, map));
	EXPECT_EQ(map[0], 0x8000000000000001UL);
	EXPECT_EQ(map[1], 1);
	clear_bit(63, map);
	EXPECT_FALSE(test_bit(63, map));
	EXPECT_FALSE(test_and_set_bit(5, map));
	EXPECT_TRUE(test_and_set_bit(5, map));
	EXPECT_TRUE(test_and_clear_bit(5, map));
	EXPECT_FALSE(test_and_clear_bit(5, map));
	EXPECT_EQ(bitmap_weight(map, NBITS), 3);
}

KTEST(test_find)
{
	clear_all();
	EXPECT_EQ(find_first_bit(map, NBITS), NBITS);
	EXPECT_EQ(find_first_zero_bit(map, NBITS), 0);
	set_bit(70, map);
	set_bit(130, map);
	EXPECT_EQ(find_first_bit(map, NBITS), 70);
	EXPECT_EQ(find_next_bit(map, NBITS, 70), 70);
	EXPECT_EQ(find_next_bit(map, NBITS, 71), 130);
	EXPECT_EQ(find_next_bit(map, NBITS, 131), NBITS);
	EXPECT_EQ(find_next_bit(map, 100, 71), 100); /* size limits the search */
	EXPECT_EQ(find_next_bit(map, NBITS, NBITS + 5), NBITS);
	bitmap_fill(map, NBITS);
	EXPECT_EQ(find_first_zero_bit(map, NBITS), NBITS);
	clear_bit(199, map);
	EXPECT_EQ(find_first_zero_bit(map, NBITS), 199);
	EXPECT_EQ(find_first_zero_bit(map, 199), 199);
	/* bits past size in the last word must be ignored */
	clear_all();
	map[BITS_TO_LONGS(NBITS) - 1] = ~0UL << (NBITS % BITS_PER_LONG);
	EXPECT_EQ(find_first_bit(map, NBITS), NBITS);
	EXPECT_EQ(bitmap_weight(map, NBITS), 0);
	EXPECT_TRUE(bitmap_empty(map, NBITS));
	unsigned long bit, n = 0;

	clear_all();
	set_bit(3, map);
	set_bit(150, map);
	for_each_set_bit(bit, map, NBITS) n += bit;
	EXPECT_EQ(n, 153);
	n = 0;
	for_each_clear_bit(bit, map, NBITS) n++;
	EXPECT_EQ(n, NBITS - 2);
}

KTEST(test_ranges_random)
{
	struct rand_state r;

	rand_seed(&r, 42);
	clear_all();
	for (unsigned round = 0; round < 2000; round++) {
		unsigned long start = rand_range(&r, 0, NBITS - 1);
		unsigned long nr = rand_range(&r, 0, NBITS - start);
		bool set = rand_chance(&r, 1, 2);

		if (set)
			bitmap_set(map, start, nr);
		else
			bitmap_clear(map, start, nr);
		for (unsigned long i = start; i < start + nr; i++)
			model[i] = set;

		unsigned long weight = 0;

		for (unsigned long i = 0; i < NBITS; i++) {
			ASSERT_EQ(test_bit(i, map), model[i]);
			weight += model[i];
		}
		ASSERT_EQ(bitmap_weight(map, NBITS), weight);
		unsigned long off = rand_range(&r, 0, NBITS);

		ASSERT_EQ(find_next_bit(map, NBITS, off), model_next(NBITS, off, true));
		ASSERT_EQ(find_next_zero_bit(map, NBITS, off), model_next(NBITS, off, false));
		ASSERT_EQ(bitmap_empty(map, NBITS), weight == 0);
		ASSERT_EQ(bitmap_full(map, NBITS), weight == NBITS);
	}
}

KTEST(test_fill_full)
{
	clear_all();
	bitmap_fill(map, NBITS);
	EXPECT_TRUE(bitmap_full(map, NBITS));
	EXPECT_EQ(bitmap_weight(map, NBITS), NBITS);
	EXPECT_EQ(map[BITS_TO_LONGS(NBITS) - 1], (1UL << (NBITS % BITS_PER_LONG)) - 1);
	bitmap_clear(map, 0, NBITS);
	EXPECT_TRUE(bitmap_empty(map, NBITS));
	bitmap_set(map, 64, 64); /* exactly one word */
	EXPECT_EQ(map[0], 0);
	EXPECT_EQ(map[1], ~0UL);
	EXPECT_EQ(map[2], 0);
}

/* The model's answer for bitmap_find_next_zero_area_off. */
static unsigned long model_area(unsigned long size, unsigned long start, unsigned long nr,
				unsigned long mask, unsigned long offset)
{
	for (unsigned long i = start; i + nr <= size; i++) {
		if ((i + offset) & mask)
			continue;
		unsigned long j = 0;

		while (j < nr && !model[i + j])
			j++;
		if (j == nr)
			return i;
	}
	return size;
}

KTEST(test_zero_area)
{
	clear_all();
	bitmap_set(map, 0, 10);
	bitmap_set(map, 20, 5);
	EXPECT_EQ(bitmap_find_next_zero_area(map, NBITS, 0, 10, 0), 10);
	EXPECT_EQ(bitmap_find_next_zero_area(map, NBITS, 0, 11, 0), 25);
	EXPECT_EQ(bitmap_find_next_zero_area(map, NBITS, 0, 4, 7), 16); /* 8-aligned */
	EXPECT_EQ(bitmap_find_next_zero_area(map, NBITS, 0, 8, 7), 32);
	EXPECT_EQ(bitmap_find_next_zero_area(map, NBITS, 0, 4, 3), 12);
	EXPECT_EQ(bitmap_find_next_zero_area_off(map, NBITS, 0, 4, 7, 2), 14);
	EXPECT_EQ(bitmap_find_next_zero_area(map, NBITS, 0, NBITS - 25, 0), 25);
	EXPECT_EQ(bitmap_find_next_zero_area(map, NBITS, 0, NBITS - 24, 0), NBITS);
	EXPECT_EQ(bitmap_find_next_zero_area(map, NBITS, 0, ~0UL, 0), NBITS); /* no wrap */
	EXPECT_EQ(bitmap_find_next_zero_area(map, NBITS, 190, 10, 0), 190);
	EXPECT_EQ(bitmap_find_next_zero_area(map, NBITS, 191, 10, 0), NBITS);

	struct rand_state r;

	rand_seed(&r, 7);
	for (unsigned round = 0; round < 500; round++) {
		clear_all();
		for (unsigned k = 0; k < 8; k++) {
			unsigned long s = rand_range(&r, 0, NBITS - 1);
			unsigned long n = rand_range(&r, 1, 12);

			if (s + n > NBITS)
				n = NBITS - s;
			bitmap_set(map, s, n);
			for (unsigned long i = s; i < s + n; i++)
				model[i] = true;
		}
		unsigned long start = rand_range(&r, 0, NBITS - 1);
		unsigned long nr = rand_range(&r, 1, 40);
		unsigned long mask = (1UL << rand_range(&r, 0, 4)) - 1;
		unsigned long offset = rand_range(&r, 0, 5);

		ASSERT_EQ(bitmap_find_next_zero_area_off(map, NBITS, start, nr, mask, offset),
			  model_area(NBITS, start, nr, mask, offset));
	}
}

static const struct ktest_case bitmap_cases[] = {
    KTEST_CASE(test_set_clear_test), KTEST_CASE(test_find),	 KTEST_CASE(test_ranges_random),
    KTEST_CASE(test_fill_full),	     KTEST_CASE(test_zero_area), {},
};
KTEST_SUITE(bitmap, bitmap_cases);
