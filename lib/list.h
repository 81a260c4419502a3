/* SPDX-License-Identifier: MIT */
/*
 * Intrusive circular doubly linked list, with Linux's names.
 *
 * A list is a struct list_head that points to itself when empty; members embed a
 * struct list_head and are found back from it with list_entry() (container_of). Nothing
 * is allocated. list_del() poisons the removed node's pointers, so a use after removal
 * faults at a recognisable address instead of corrupting the list; use list_del_init()
 * when the node will be tested with list_empty() or removed again.
 *
 * Not thread safe: callers hold whatever lock protects the list.
 */
#ifndef RVMM_LIB_LIST_H
#define RVMM_LIB_LIST_H

#include "lib/types.h"

struct list_head {
	struct list_head *next, *prev;
};

/* Non-canonical addresses: dereferencing them faults on SV39 and on a 64-bit host. */
#define LIST_POISON1 ((struct list_head *)0xdead000000000100UL)
#define LIST_POISON2 ((struct list_head *)0xdead000000000122UL)

#define LIST_HEAD_INIT(name)                                                                       \
	{                                                                                          \
		&(name), &(name)                                                                   \
	}
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

/** Make head an empty list */
static inline void INIT_LIST_HEAD(struct list_head *head)
{
	WRITE_ONCE(head->next, head);
	head->prev = head;
}

/* Link node between two neighbours known to be adjacent. */
static inline void __list_add(struct list_head *node, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = node;
	node->next = next;
	node->prev = prev;
	WRITE_ONCE(prev->next, node); /* list_empty() may read it without the lock */
}

/** Insert node right after head (stack order) */
static inline void list_add(struct list_head *node, struct list_head *head)
{
	__list_add(node, head, head->next);
}

/** Insert node right before head, i.e. at the tail (queue order) */
static inline void list_add_tail(struct list_head *node, struct list_head *head)
{
	__list_add(node, head->prev, head);
}

/* Unlink whatever lies between prev and next. */
static inline void __list_unlink(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	WRITE_ONCE(prev->next, next);
}

/** Remove node from its list and poison its pointers */
static inline void list_del(struct list_head *node)
{
	__list_unlink(node->prev, node->next);
	node->next = LIST_POISON1;
	node->prev = LIST_POISON2;
}

/** Remove node from its list and make it an empty list of its own */
static inline void list_del_init(struct list_head *node)
{
	__list_unlink(node->prev, node->next);
	INIT_LIST_HEAD(node);
}

/** Move node from its list to right after head */
static inline void list_move(struct list_head *node, struct list_head *head)
{
	__list_unlink(node->prev, node->next);
	list_add(node, head);
}

/** Move node from its list to the tail of head */
static inline void list_move_tail(struct list_head *node, struct list_head *head)
{
	__list_unlink(node->prev, node->next);
	list_add_tail(node, head);
}

/** Put node in old's place; old is left with stale pointers */
static inline void list_replace(struct list_head *old, struct list_head *node)
{
	node->next = old->next;
	node->next->prev = node;
	node->prev = old->prev;
	node->prev->next = node;
}

/** True when head has no members */
static inline bool list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

/** True when head has exactly one member */
static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

/** True when node is the last member of head */
static inline bool list_is_last(const struct list_head *node, const struct list_head *head)
{
	return node->next == head;
}

/* Insert the members of list between prev and next; list itself is left stale. */
static inline void __list_splice(const struct list_head *list, struct list_head *prev,
				 struct list_head *next)
{
	struct list_head *first = list->next, *last = list->prev;

	first->prev = prev;
	prev->next = first;
	last->next = next;
	next->prev = last;
}

/** Join the members of list at the front of head (list keeps stale pointers) */
static inline void list_splice(const struct list_head *list, struct list_head *head)
{
	if (!list_empty(list))
		__list_splice(list, head, head->next);
}

/** Join the members of list at the tail of head (list keeps stale pointers) */
static inline void list_splice_tail(const struct list_head *list, struct list_head *head)
{
	if (!list_empty(list))
		__list_splice(list, head->prev, head);
}

/** Join the members of list at the front of head and empty list */
static inline void list_splice_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head, head->next);
		INIT_LIST_HEAD(list);
	}
}

/** Join the members of list at the tail of head and empty list */
static inline void list_splice_tail_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head->prev, head);
		INIT_LIST_HEAD(list);
	}
}

/** Number of members of head (walks the list) */
static inline size_t list_count_nodes(const struct list_head *head)
{
	size_t n = 0;

	for (const struct list_head *p = head->next; p != head; p = p->next)
		n++;
	return n;
}

/* The structure of type that embeds the list_head ptr as member. */
#define list_entry(ptr, type, member) container_of(ptr, type, member)
/* First / last member of a list that must not be empty. */
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member)  list_entry((head)->prev, type, member)
/* First member, or NULL when the list is empty. */
#define list_first_entry_or_null(head, type, member)                                               \
	({                                                                                         \
		struct list_head *_lh = (head), *_lf = _lh->next;                                  \
		_lf != _lh ? list_entry(_lf, type, member) : NULL;                                 \
	})
#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member) list_entry((pos)->member.prev, __typeof__(*(pos)), member)

/* Iterate over the nodes; the body must not remove pos (use the _safe form). */
#define list_for_each(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)
/* Iterate over the nodes; the body may remove pos (n holds the next one). */
#define list_for_each_safe(pos, n, head)                                                           \
	for (pos = (head)->next, n = pos->next; pos != (head); pos = n, n = pos->next)
/* Iterate over the members (pos is the containing structure). */
#define list_for_each_entry(pos, head, member)                                                     \
	for (pos = list_first_entry(head, __typeof__(*pos), member); &pos->member != (head);       \
	     pos = list_next_entry(pos, member))
/* Iterate over the members backwards. */
#define list_for_each_entry_reverse(pos, head, member)                                             \
	for (pos = list_last_entry(head, __typeof__(*pos), member); &pos->member != (head);        \
	     pos = list_prev_entry(pos, member))
/* Iterate over the members; the body may remove pos (n holds the next one). */
#define list_for_each_entry_safe(pos, n, head, member)                                             \
	for (pos = list_first_entry(head, __typeof__(*pos), member),                               \
	    n = list_next_entry(pos, member);                                                      \
	     &pos->member != (head); pos = n, n = list_next_entry(n, member))

#endif
