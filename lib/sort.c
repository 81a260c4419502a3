// SPDX-License-Identifier: MIT
/*
 * Heapsort.
 *
 * The array is first arranged as a binary max-heap (the children of element i are 2i+1
 * and 2i+2, and no child is greater than its parent) by sifting every parent down, from
 * the last one back to the root. Then, repeatedly, the root (the largest element left) is
 * swapped with the last element of the heap, the heap shrinks by one, and the new root is
 * sifted down. Invariant of the second phase: [0, end) is a heap and [end, n) is sorted,
 * with every element there no smaller than any in the heap.
 */
#include "lib/sort.h"

/* Exchange two elements, eight bytes at a time when size and addresses allow it. */
static void swap_elems(void *a, void *b, size_t size)
{
	if (size % 8 == 0 && ((uintptr_t)a | (uintptr_t)b) % 8 == 0) {
		u64 *x = a, *y = b;

		for (size_t i = 0; i < size / 8; i++) {
			u64 t = x[i];

			x[i] = y[i];
			y[i] = t;
		}
		return;
	}
	u8 *x = a, *y = b;

	for (size_t i = 0; i < size; i++) {
		u8 t = x[i];

		x[i] = y[i];
		y[i] = t;
	}
}

/* Move the element at root down until neither child of it in [0, end) is greater. */
static void sift_down(u8 *base, size_t root, size_t end, size_t size, sort_cmp_t cmp)
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= end)
			return;
		if (child + 1 < end && cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap_elems(base + root * size, base + child * size, size);
		root = child;
	}
}

void sort(void *base, size_t n, size_t size, sort_cmp_t cmp)
{
	u8 *b = base;

	if (n < 2 || size == 0)
		return;
	for (size_t i = n / 2; i-- > 0;)
		sift_down(b, i, n, size, cmp);
	for (size_t end = n - 1; end > 0; end--) {
		swap_elems(b, b + end * size, size);
		sift_down(b, 0, end, size, cmp);
	}
}
