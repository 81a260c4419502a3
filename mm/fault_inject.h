/* SPDX-License-Identifier: MIT */
/*
 * The allocators' debug aids: fault injection (Linux's fault-injection framework, for the
 * page allocator and the slab allocator) and page poisoning (mm/page_alloc_poison.c).
 *
 * Fault injection. A struct fault_attr decides, call by call, whether an allocation that
 * could have succeeded fails anyway, so that every caller's error path can be exercised.
 * Two attributes exist: fail_page_alloc, consulted by alloc_pages_node(), and failslab,
 * consulted by every slab allocation (kmem_cache_alloc*, kmalloc up to 8 KiB). Only
 * eligible calls are looked at: __GFP_NOFAIL never fails, and a page allocation of an
 * order below min_order is not eligible. For an eligible call, in this order (Linux's
 * should_fail()):
 *
 *	1. fail-nth: when nth is armed (> 0) it counts down; the call that brings it to 0
 *	   fails, once, and nothing else is consulted while it is armed;
 *	2. probability 0, or no failures left (times == 0): no failure;
 *	3. interval > 1: only every interval-th eligible call goes on;
 *	4. it fails with probability percent (a seeded PRNG: the same boot fails the same
 *	   calls); a failure takes one off times unless times is -1 (unlimited).
 *
 * A failed call looks exactly like running out of memory: the allocator prints its usual
 * failure line unless the caller passed __GFP_NOWARN, and returns NULL. Nothing else is
 * printed. Every eligible call is counted (calls) from the moment an attribute is set up,
 * which is how a test learns how many allocations a boot makes ("fail_nth=0": count only)
 * before failing each of them in turn. An attribute that was never set up costs one
 * load and branch per allocation.
 *
 * Bootargs (applied by the firmware once the buddy allocator is up, before slab):
 *	fail_page_alloc=interval,probability,times[,min_order]
 *	fail_nth=N		the N-th page allocation from then on fails (0: just count)
 *	failslab=interval,probability,times
 *	failslab_nth=N		the same for slab allocations
 *
 * Locking: each attribute has a spinlock, taken only once it is enabled; any hart may
 * allocate. Setting an attribute up is not atomic against allocations in flight on other
 * harts: configure before they run (boot) or while they are idle (console, tests).
 */
#ifndef RVMM_MM_FAULT_INJECT_H
#define RVMM_MM_FAULT_INJECT_H

#include "lib/types.h"
#include "lib/random.h"
#include "mm/gfp.h"
#include "glue.h"

#define FAULT_SEED_DEFAULT 0x66617569746e6a31ULL /* "fauitnj1": fixed, so runs repeat */

struct fault_attr {
	const char *name;	  /* "fail_page_alloc", "failslab": in messages and reports */
	bool enabled;		  /* set up: calls are counted and checked (read unlocked) */
	unsigned long interval;	  /* eligible calls per candidate failure (0 and 1: each) */
	unsigned int probability; /* percent (0..100) of candidates that fail */
	long times;		  /* failures still allowed; -1: unlimited */
	unsigned int min_order;	  /* page allocations of lower order are not eligible */
	unsigned long nth;	  /* fail-nth countdown: 0 off; the call reaching 0 fails */
	unsigned long count;	  /* eligible calls seen by the interval counter */
	unsigned long calls;	  /* eligible calls since the attribute was set up */
	unsigned long injected;	  /* failures injected since then */
	u64 seed;		  /* of rng, for the report */
	struct rand_state rng;	  /* the probability draws */
	spinlock_t lock;	  /* protects everything below enabled */
};

/* The two attributes the allocators consult. */
extern struct fault_attr fail_page_alloc;
extern struct fault_attr failslab;

/** Reset a to "never fails, counts nothing" under name, with the PRNG seeded from seed */
void fault_attr_init(struct fault_attr *a, const char *name, u64 seed);
/**
 * Set a from "interval,probability,times[,min_order]" (min_order only when allow_order),
 * enabling it; the counters start from 0. 0, or -EINVAL with one line naming the bad field
 * (a is left as it was).
 */
int fault_attr_parse(struct fault_attr *a, const char *spec, bool allow_order);
/** Arm fail-nth: the nth eligible call from now fails (0: count calls only); enables a */
void fault_attr_set_nth(struct fault_attr *a, unsigned long nth);
/** Parse a decimal fail-nth value and arm it; 0 or -EINVAL with one line */
int fault_attr_parse_nth(struct fault_attr *a, const char *s);
/** Decide one eligible call: true when it must fail (counts it either way) */
bool should_fail(struct fault_attr *a);
/** Print a's settings and counters in one line through mm_printf() */
void fault_attr_show(const struct fault_attr *a);

/** The page allocator's hook: should this allocation fail? (false unless fail_page_alloc
    is enabled, the order is at least min_order and gfp has no __GFP_NOFAIL) */
bool __should_fail_alloc_page(gfp_t gfp, unsigned int order);
static inline bool should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	if (likely(!READ_ONCE(fail_page_alloc.enabled)))
		return false;
	return __should_fail_alloc_page(gfp, order);
}

/** The slab allocator's hook: should this object allocation fail? */
bool __should_failslab(gfp_t gfp);
static inline bool should_failslab(gfp_t gfp)
{
	if (likely(!READ_ONCE(failslab.enabled)))
		return false;
	return __should_failslab(gfp);
}

/*
 * Page poisoning (bootarg page_poison, Linux's page_poison=on): every block freed through
 * __free_pages()/put_page() is filled with PAGE_POISON and its frames marked PG_poisoned;
 * when the allocator hands such a frame out again it checks the pattern first. A frame
 * whose bytes changed while it was free (a use after free, a stray write through the
 * direct map) is reported once, as
 *
 *	BUG: page poison corrupted, pfn 0x80123 offset 16 (0x5a)
 *
 * (the first byte that differs and the value found), and the block is quarantined
 * (PG_bad, never reused); the allocation takes another. Frames that went to the buddy
 * allocator without being freed by an owner (boot, CMA activation) carry no mark and are
 * not checked. With poisoning off the allocator pays one load and branch per free and per
 * allocation (two per allocation once it was on: marks made then are still checked).
 */
#define PAGE_POISON 0xaa /* Linux's PAGE_POISON */

/** Turn page poisoning on or off (frees from now on; checks stay on once it was on) */
void page_poison_enable(bool on);
/** True while frees are being poisoned */
bool page_poison_enabled(void);
/** Corruptions reported so far */
unsigned long page_poison_reports(void);
/** Parse the bootarg's value ("", "on", "1", "off", "0") and apply it; 0 or -EINVAL */
int page_poison_parse(const char *s);

#endif
