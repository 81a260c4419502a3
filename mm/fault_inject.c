// SPDX-License-Identifier: MIT
/*
 * Fault injection for the page and slab allocators: the decision of should_fail() and
 * the parsing of its settings. The semantics are documented in mm/fault_inject.h.
 */
#include "mm/fault_inject.h"
#include "mm/mmzone.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define FAULT_SPEC_MAX 64 /* bytes of an "interval,probability,times,min_order" string */

struct fault_attr fail_page_alloc = {
    .name = "fail_page_alloc",
    .interval = 1,
    .times = 1,
    .seed = FAULT_SEED_DEFAULT,
    .rng = {FAULT_SEED_DEFAULT},
    .lock = SPINLOCK_INIT,
};

struct fault_attr failslab = {
    .name = "failslab",
    .interval = 1,
    .times = 1,
    .seed = FAULT_SEED_DEFAULT,
    .rng = {FAULT_SEED_DEFAULT},
    .lock = SPINLOCK_INIT,
};

void fault_attr_init(struct fault_attr *a, const char *name, u64 seed)
{
	memset(a, 0, sizeof(*a));
	a->name = name;
	a->interval = 1;
	a->times = 1; /* Linux's default, harmless while probability is 0 */
	a->seed = seed;
	rand_seed(&a->rng, seed);
	spin_lock_init(&a->lock);
}

/* Restart the counters (the attribute was just set up). */
static void fault_attr_restart(struct fault_attr *a)
{
	a->count = 0;
	a->calls = 0;
	a->injected = 0;
	rand_seed(&a->rng, a->seed);
}

static int parse_ulong(const char *s, unsigned long *out)
{
	u64 v;

	if (!*s || kstrtoull(s, 10, &v))
		return -EINVAL;
	*out = (unsigned long)v;
	return 0;
}

/* times: -1 or a count. */
static int parse_times(const char *s, long *out)
{
	unsigned long v;

	if (strcmp(s, "-1") == 0) {
		*out = -1;
		return 0;
	}
	if (parse_ulong(s, &v) || v > (~0UL >> 1))
		return -EINVAL;
	*out = (long)v;
	return 0;
}

int fault_attr_parse(struct fault_attr *a, const char *spec, bool allow_order)
{
	static const char *const field[] = {"interval", "probability", "times", "min_order"};
	char buf[FAULT_SPEC_MAX], *f[5] = {NULL};
	unsigned long interval, probability, min_order = 0;
	unsigned nf = 0, max = allow_order ? 4 : 3;
	long times;
	int bad = -1;

	if (!spec || strlen(spec) >= sizeof(buf)) {
		mm_printf("%s: bad setting, want interval,probability,times%s (%s)\n", a->name,
			  allow_order ? "[,min_order]" : "", spec ? spec : "(none)");
		return -EINVAL;
	}
	strlcpy(buf, spec, sizeof(buf));
	for (char *p = buf; p && nf < ARRAY_SIZE(f);) {
		f[nf++] = p;
		p = strchr(p, ',');
		if (p)
			*p++ = '\0';
	}
	if (nf < 3 || nf > max) {
		mm_printf("%s: want %s fields interval,probability,times%s (%s)\n", a->name,
			  allow_order ? "3 or 4" : "3", allow_order ? "[,min_order]" : "", spec);
		return -EINVAL;
	}
	if (parse_ulong(f[0], &interval))
		bad = 0;
	else if (parse_ulong(f[1], &probability) || probability > 100)
		bad = 1;
	else if (parse_times(f[2], &times))
		bad = 2;
	else if (nf == 4 && (parse_ulong(f[3], &min_order) || min_order > MAX_PAGE_ORDER))
		bad = 3;
	if (bad >= 0) {
		mm_printf("%s: bad %s (%s)\n", a->name, field[bad], f[bad]);
		return -EINVAL;
	}
	spin_lock(&a->lock);
	a->interval = interval;
	a->probability = (unsigned)probability;
	a->times = times;
	a->min_order = (unsigned)min_order;
	fault_attr_restart(a);
	__atomic_store_n(&a->enabled, true, __ATOMIC_RELEASE);
	spin_unlock(&a->lock);
	return 0;
}

void fault_attr_set_nth(struct fault_attr *a, unsigned long nth)
{
	spin_lock(&a->lock);
	a->nth = nth;
	a->calls = 0;
	__atomic_store_n(&a->enabled, true, __ATOMIC_RELEASE);
	spin_unlock(&a->lock);
}

int fault_attr_parse_nth(struct fault_attr *a, const char *s)
{
	unsigned long nth;

	if (!s || parse_ulong(s, &nth)) {
		mm_printf("%s: bad fail-nth count (%s)\n", a->name, s ? s : "(none)");
		return -EINVAL;
	}
	fault_attr_set_nth(a, nth);
	return 0;
}

bool should_fail(struct fault_attr *a)
{
	bool fail = false;

	if (!READ_ONCE(a->enabled))
		return false;
	spin_lock(&a->lock);
	a->calls++;
	if (a->nth) {
		fail = --a->nth == 0;
		goto out;
	}
	if (!a->probability || !a->times)
		goto out;
	if (a->interval > 1 && ++a->count % a->interval)
		goto out;
	if (rand_range(&a->rng, 0, 99) >= a->probability)
		goto out;
	fail = true;
	if (a->times > 0)
		a->times--;
out:
	if (fail)
		a->injected++;
	spin_unlock(&a->lock);
	return fail;
}

bool __should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	if (gfp & __GFP_NOFAIL)
		return false;
	if (order < READ_ONCE(fail_page_alloc.min_order))
		return false;
	return should_fail(&fail_page_alloc);
}

bool __should_failslab(gfp_t gfp)
{
	if (gfp & __GFP_NOFAIL)
		return false;
	return should_fail(&failslab);
}

void fault_attr_show(const struct fault_attr *a)
{
	mm_printf("%s: %s interval %lu probability %u times %ld min_order %u nth %lu calls %lu "
		  "injected %lu seed 0x%llx\n",
		  a->name, a->enabled ? "on" : "off", a->interval, a->probability, a->times,
		  a->min_order, a->nth, a->calls, a->injected, (unsigned long long)a->seed);
}
