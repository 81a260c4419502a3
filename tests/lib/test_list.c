// SPDX-License-Identifier: MIT
/* lib/list.h: order of insertion, removal while iterating, splicing, moving. */
#include "tests/ktest.h"
#include "lib/list.h"

struct item {
	int v;
	struct list_head node;
};

/* Check that head holds exactly the values want[0..n) in order, both ways round. */
static bool list_is(struct list_head *head, const int *want, int n)
{
	struct item *it;
	int i = 0;

	list_for_each_entry (it, head, node) {
		if (i >= n || it->v != want[i])
			return false;
		i++;
	}
	if (i != n)
		return false;
	list_for_each_entry_reverse(it, head, node)
	{
		if (it->v != want[--i])
			return false;
	}
	return list_count_nodes(head) == (size_t)n;
}

static void make_items(struct item *it, int n)
{
	for (int i = 0; i < n; i++)
		it[i].v = i;
}

KTEST(test_add_order)
{
	LIST_HEAD(h);
	struct item it[4];

	make_items(it, 4);
	EXPECT_TRUE(list_empty(&h));
	EXPECT_NULL(list_first_entry_or_null(&h, struct item, node));
	list_add(&it[0].node, &h);
	EXPECT_TRUE(list_is_singular(&h));
	list_add(&it[1].node, &h);
	list_add_tail(&it[2].node, &h);
	list_add_tail(&it[3].node, &h);
	EXPECT_FALSE(list_is_singular(&h));
	EXPECT_TRUE(list_is(&h, (const int[]){1, 0, 2, 3}, 4));
	EXPECT_EQ(list_first_entry(&h, struct item, node)->v, 1);
	EXPECT_EQ(list_last_entry(&h, struct item, node)->v, 3);
	EXPECT_PTR_EQ(list_first_entry_or_null(&h, struct item, node), &it[1]);
	EXPECT_TRUE(list_is_last(&it[3].node, &h));
	EXPECT_FALSE(list_is_last(&it[2].node, &h));

	struct list_head *pos;
	int n = 0;

	list_for_each (pos, &h)
		n++;
	EXPECT_EQ(n, 4);
}

KTEST(test_del)
{
	LIST_HEAD(h);
	struct item it[3];

	make_items(it, 3);
	for (int i = 0; i < 3; i++)
		list_add_tail(&it[i].node, &h);
	list_del(&it[1].node);
	EXPECT_TRUE(list_is(&h, (const int[]){0, 2}, 2));
	EXPECT_PTR_EQ(it[1].node.next, LIST_POISON1);
	EXPECT_PTR_EQ(it[1].node.prev, LIST_POISON2);
	list_del_init(&it[0].node);
	EXPECT_TRUE(list_empty(&it[0].node));
	EXPECT_TRUE(list_is(&h, (const int[]){2}, 1));
	list_del(&it[2].node);
	EXPECT_TRUE(list_empty(&h));
}

KTEST(test_for_each_safe_removal)
{
	LIST_HEAD(h);
	struct item it[6], *pos, *n;
	struct list_head *p, *q;

	make_items(it, 6);
	for (int i = 0; i < 6; i++)
		list_add_tail(&it[i].node, &h);
	list_for_each_entry_safe (pos, n, &h, node) {
		if (pos->v % 2)
			list_del(&pos->node);
	}
	EXPECT_TRUE(list_is(&h, (const int[]){0, 2, 4}, 3));
	list_for_each_safe(p, q, &h) list_del_init(p);
	EXPECT_TRUE(list_empty(&h));
}

KTEST(test_splice)
{
	LIST_HEAD(a);
	LIST_HEAD(b);
	struct item it[6];

	make_items(it, 6);
	for (int i = 0; i < 3; i++)
		list_add_tail(&it[i].node, &a);
	for (int i = 3; i < 6; i++)
		list_add_tail(&it[i].node, &b);
	list_splice_init(&b, &a);
	EXPECT_TRUE(list_is(&a, (const int[]){3, 4, 5, 0, 1, 2}, 6));
	EXPECT_TRUE(list_empty(&b));
	list_splice_init(&b, &a); /* empty: no change */
	EXPECT_TRUE(list_is(&a, (const int[]){3, 4, 5, 0, 1, 2}, 6));
	list_splice_tail_init(&a, &b);
	EXPECT_TRUE(list_empty(&a));
	EXPECT_TRUE(list_is(&b, (const int[]){3, 4, 5, 0, 1, 2}, 6));

	LIST_HEAD(c);

	list_splice(&b, &c); /* b keeps stale pointers: reset it before reuse */
	INIT_LIST_HEAD(&b);
	EXPECT_TRUE(list_is(&c, (const int[]){3, 4, 5, 0, 1, 2}, 6));
	EXPECT_TRUE(list_empty(&b));
}

KTEST(test_move_replace)
{
	LIST_HEAD(a);
	LIST_HEAD(b);
	struct item it[4];

	make_items(it, 4);
	for (int i = 0; i < 3; i++)
		list_add_tail(&it[i].node, &a);
	list_move_tail(&it[0].node, &a);
	EXPECT_TRUE(list_is(&a, (const int[]){1, 2, 0}, 3));
	list_move(&it[2].node, &b);
	EXPECT_TRUE(list_is(&a, (const int[]){1, 0}, 2));
	EXPECT_TRUE(list_is(&b, (const int[]){2}, 1));
	list_replace(&it[1].node, &it[3].node);
	EXPECT_TRUE(list_is(&a, (const int[]){3, 0}, 2));
	list_splice_tail(&b, &a);
	EXPECT_TRUE(list_is(&a, (const int[]){3, 0, 2}, 3));
}

static const struct ktest_case list_cases[] = {
    KTEST_CASE(test_add_order),
    KTEST_CASE(test_del),
    KTEST_CASE(test_for_each_safe_removal),
    KTEST_CASE(test_splice),
    KTEST_CASE(test_move_replace),
    {},
};
KTEST_SUITE(list, list_cases);
