// SPDX-License-Identifier: MIT
/*
 * Bitmap searches and range operations, a word at a time: a search masks off the bits
 * below the starting offset in the first word, skips whole words that have nothing to
 * offer, and counts trailing zeros in the first word that does. Searching for a clear
 * bit is the same search over inverted words.
 */
#include "lib/bitmap.h"

/* Number of set bits in w (SWAR: pairs, nibbles, then a multiply sums the bytes). */
static unsigned popcount_long(unsigned long w)
{
	w = w - ((w >> 1) & (~0UL / 3));
	w = (w & (~0UL / 5)) + ((w >> 2) & (~0UL / 5));
	w = (w + (w >> 4)) & (~0UL / 17);
	return (unsigned)((w * (~0UL / 255)) >> (BITS_PER_LONG - 8));
}

/* First bit at or after off that is set in (map ^ invert), or size. */
static unsigned long find_next(const unsigned long *map, unsigned long size, unsigned long off,
			       unsigned long invert)
{
	if (off >= size)
		return size;
	unsigned long i = BIT_WORD(off);
	unsigned long w = (map[i] ^ invert) & (~0UL << (off % BITS_PER_LONG));

	while (!w) {
		if ((i + 1) * BITS_PER_LONG >= size)
			return size;
		w = map[++i] ^ invert;
	}
	unsigned long bit = i * BITS_PER_LONG + popcount_long((w & -w) - 1);

	return bit < size ? bit : size;
}

unsigned long find_next_bit(const unsigned long *map, unsigned long size, unsigned long offset)
{
	return find_next(map, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *map, unsigned long size, unsigned long offset)
{
	return find_next(map, size, offset, ~0UL);
}

/* Apply set (or clear) to bits [start, start + nr) with whole-word masks. */
static void bitmap_update(unsigned long *map, unsigned long start, unsigned long nr, bool set)
{
	unsigned long *p = map + BIT_WORD(start);
	unsigned long first = start % BITS_PER_LONG;

	while (nr) {
		unsigned long n = min(nr, (unsigned long)BITS_PER_LONG - first);
		unsigned long mask = (n == (unsigned long)BITS_PER_LONG ? ~0UL : (1UL << n) - 1)
				     << first;

		if (set)
			*p |= mask;
		else
			*p &= ~mask;
		p++;
		nr -= n;
		first = 0;
	}
}

void bitmap_set(unsigned long *map, unsigned long start, unsigned long nr)
{
	bitmap_update(map, start, nr, true);
}

void bitmap_clear(unsigned long *map, unsigned long start, unsigned long nr)
{
	bitmap_update(map, start, nr, false);
}

/* Mask of the valid bits in the last word of an nbits map (all ones when it is full). */
static unsigned long last_word_mask(unsigned long nbits)
{
	unsigned long r = nbits % BITS_PER_LONG;

	return r ? (1UL << r) - 1 : ~0UL;
}

unsigned long bitmap_weight(const unsigned long *map, unsigned long nbits)
{
	unsigned long full = nbits / BITS_PER_LONG, w = 0;

	for (unsigned long i = 0; i < full; i++)
		w += popcount_long(map[i]);
	if (nbits % BITS_PER_LONG)
		w += popcount_long(map[full] & last_word_mask(nbits));
	return w;
}

void bitmap_zero(unsigned long *map, unsigned long nbits)
{
	for (unsigned long i = 0; i < BITS_TO_LONGS(nbits); i++)
		map[i] = 0;
}

void bitmap_fill(unsigned long *map, unsigned long nbits)
{
	unsigned long n = BITS_TO_LONGS(nbits);

	for (unsigned long i = 0; i < n; i++)
		map[i] = ~0UL;
	if (n)
		map[n - 1] = last_word_mask(nbits);
}

bool bitmap_empty(const unsigned long *map, unsigned long nbits)
{
	return find_first_bit(map, nbits) == nbits;
}

bool bitmap_full(const unsigned long *map, unsigned long nbits)
{
	return find_first_zero_bit(map, nbits) == nbits;
}

/*
 * Take the first clear bit at or after start, round it up to the alignment, and check
 * that the nr bits from there are clear; if one is set, restart just after it. Each
 * restart moves past a set bit, so the loop ends.
 */
unsigned long bitmap_find_next_zero_area_off(const unsigned long *map, unsigned long size,
					     unsigned long start, unsigned long nr,
					     unsigned long align_mask, unsigned long align_offset)
{
	for (;;) {
		unsigned long index = find_next_zero_bit(map, size, start);

		if (index >= size)
			return size;
		index = ((index + align_offset + align_mask) & ~align_mask) - align_offset;
		unsigned long end = index + nr;

		if (index >= size || end > size || end < index)
			return size;
		unsigned long busy = find_next_bit(map, end, index);

		if (busy >= end)
			return index;
		start = busy + 1;
	}
}
