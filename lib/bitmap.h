/* SPDX-License-Identifier: MIT */
/*
 * Bitmaps: arrays of unsigned long, bit i in word i / BITS_PER_LONG at position
 * i % BITS_PER_LONG (Linux's layout). Sizes and indices are in bits. The bit operations
 * are not atomic: callers hold the lock that protects the map.
 *
 * The find functions return the size of the map when there is no such bit; bits at or
 * past size in the last word are never looked at, so their value does not matter.
 */
#ifndef RVMM_LIB_BITMAP_H
#define RVMM_LIB_BITMAP_H

#include "lib/types.h"

#define BITS_PER_LONG	  (8 * (int)sizeof(unsigned long))
#define BITS_TO_LONGS(nr) DIV_ROUND_UP(nr, BITS_PER_LONG)
#define BIT_WORD(nr)	  ((nr) / BITS_PER_LONG)
#define BIT_MASK(nr)	  (1UL << ((nr) % BITS_PER_LONG))

/* Declare a bitmap of bits bits (zeroed when static). */
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

/** Set bit nr */
static inline void set_bit(unsigned long nr, unsigned long *map)
{
	map[BIT_WORD(nr)] |= BIT_MASK(nr);
}

/** Clear bit nr */
static inline void clear_bit(unsigned long nr, unsigned long *map)
{
	map[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

/** Value of bit nr */
static inline bool test_bit(unsigned long nr, const unsigned long *map)
{
	return (map[BIT_WORD(nr)] & BIT_MASK(nr)) != 0;
}

/** Set bit nr and return its old value */
static inline bool test_and_set_bit(unsigned long nr, unsigned long *map)
{
	bool old = test_bit(nr, map);

	set_bit(nr, map);
	return old;
}

/** Clear bit nr and return its old value */
static inline bool test_and_clear_bit(unsigned long nr, unsigned long *map)
{
	bool old = test_bit(nr, map);

	clear_bit(nr, map);
	return old;
}

/** Index of the first set bit at or after offset, or size */
unsigned long find_next_bit(const unsigned long *map, unsigned long size, unsigned long offset);
/** Index of the first clear bit at or after offset, or size */
unsigned long find_next_zero_bit(const unsigned long *map, unsigned long size,
				 unsigned long offset);

/** Index of the first set bit, or size */
static inline unsigned long find_first_bit(const unsigned long *map, unsigned long size)
{
	return find_next_bit(map, size, 0);
}

/** Index of the first clear bit, or size */
static inline unsigned long find_first_zero_bit(const unsigned long *map, unsigned long size)
{
	return find_next_zero_bit(map, size, 0);
}

/* Visit every set / clear bit below size in increasing order. */
#define for_each_set_bit(bit, map, size)                                                           \
	for ((bit) = find_first_bit(map, size); (bit) < (size);                                    \
	     (bit) = find_next_bit(map, size, (bit) + 1))
#define for_each_clear_bit(bit, map, size)                                                         \
	for ((bit) = find_first_zero_bit(map, size); (bit) < (size);                               \
	     (bit) = find_next_zero_bit(map, size, (bit) + 1))

/** Set bits [start, start + nr) */
void bitmap_set(unsigned long *map, unsigned long start, unsigned long nr);
/** Clear bits [start, start + nr) */
void bitmap_clear(unsigned long *map, unsigned long start, unsigned long nr);
/** Number of set bits among the first nbits */
unsigned long bitmap_weight(const unsigned long *map, unsigned long nbits);
/** Clear the first nbits (whole words) */
void bitmap_zero(unsigned long *map, unsigned long nbits);
/** Set the first nbits; the unused tail of the last word is left clear */
void bitmap_fill(unsigned long *map, unsigned long nbits);
/** True when none of the first nbits is set */
bool bitmap_empty(const unsigned long *map, unsigned long nbits);
/** True when all of the first nbits are set */
bool bitmap_full(const unsigned long *map, unsigned long nbits);

/*
 * First run of nr clear bits in [start, size) whose index i satisfies
 * ((i + align_offset) & align_mask) == 0; align_mask is a power of two minus one
 * (0 for no alignment). This is how CMA finds room for an aligned allocation.
 * Returns the index of the run, or size when there is none.
 */
/** First aligned run of nr clear bits at or after start, or size when none */
unsigned long bitmap_find_next_zero_area_off(const unsigned long *map, unsigned long size,
					     unsigned long start, unsigned long nr,
					     unsigned long align_mask, unsigned long align_offset);

/** bitmap_find_next_zero_area_off() with no offset */
static inline unsigned long bitmap_find_next_zero_area(const unsigned long *map, unsigned long size,
						       unsigned long start, unsigned long nr,
						       unsigned long align_mask)
{
	return bitmap_find_next_zero_area_off(map, size, start, nr, align_mask, 0);
}

#endif
