// SPDX-License-Identifier: MIT
/*
 * Host only: the slab allocator's locks under real concurrency. Several threads hammer
 * kmalloc/kfree and one shared cache at once, passing objects between each other so that
 * frees happen on other threads than the allocations; then slab_verify() must be clean and
 * every object intact. The host glue says every thread is CPU 0, so the threads contend on
 * that CPU's array locks, the node list locks and the buddy allocator's locks (which is
 * exactly what the locks are for); a shrinker thread drains the arrays meanwhile, as
 * another CPU would.
 */
#ifdef RVMM_HOST
#include "tests/mm/test_slab.h"
#include "lib/random.h"
#include <pthread.h>

#define SMP_THREADS 3
#define SMP_STEPS   20000
#define SMP_SLOTS   64
#define SMP_MAILBOX 256

struct smp_obj {
	u32 magic; /* written by the allocating thread */
	u32 size;  /* bytes of the allocation */
	u8 fill;   /* every byte after the header */
};

static struct kmem_cache *smp_cache;
static void *mailbox[SMP_MAILBOX]; /* objects handed to another thread to free */
static volatile bool smp_stop;
static unsigned long smp_bad;

static bool obj_ok(const struct smp_obj *o)
{
	const u8 *b = (const u8 *)o;

	if (o->magic != 0x51ab51ab)
		return false;
	for (u32 i = sizeof(*o); i < o->size; i++)
		if (b[i] != o->fill)
			return false;
	return true;
}

static void obj_free(struct smp_obj *o)
{
	if (!obj_ok(o))
		__atomic_add_fetch(&smp_bad, 1, __ATOMIC_RELAXED);
	if (o->size == 48)
		kmem_cache_free(smp_cache, o);
	else
		kfree(o);
}

static void *worker(void *arg)
{
	struct smp_obj *slots[SMP_SLOTS] = {0};
	struct rand_state r;

	rand_seed(&r, (uintptr_t)arg);
	for (int step = 0; step < SMP_STEPS; step++) {
		unsigned i = (unsigned)rand_range(&r, 0, SMP_SLOTS - 1);
		struct smp_obj *o = slots[i];

		if (o) {
			/* Free it here, or swap it through the mailbox for another's. */
			void *other = __atomic_exchange_n(
			    &mailbox[rand_range(&r, 0, SMP_MAILBOX - 1)], o, __ATOMIC_ACQ_REL);

			if (other)
				obj_free(other);
			slots[i] = NULL;
			continue;
		}
		u32 size = rand_chance(&r, 1, 3) ? 48 : (u32)rand_range(&r, 16, 2000);

		o = size == 48 ? kmem_cache_alloc(smp_cache, GFP_KERNEL)
			       : kmalloc(size, GFP_KERNEL);
		if (!o) {
			__atomic_add_fetch(&smp_bad, 1, __ATOMIC_RELAXED);
			continue;
		}
		o->magic = 0x51ab51ab;
		o->size = size;
		o->fill = (u8)step;
		for (u32 k = sizeof(*o); k < size; k++)
			((u8 *)o)[k] = o->fill;
		slots[i] = o;
	}
	for (unsigned i = 0; i < SMP_SLOTS; i++)
		if (slots[i])
			obj_free(slots[i]);
	return NULL;
}

static void *shrinker(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&smp_stop, __ATOMIC_ACQUIRE)) {
		kmem_cache_shrink(smp_cache);
		kmem_cache_shrink(kmalloc_cache(kmalloc_index(1024)));
	}
	return NULL;
}

KTEST(test_threads_share_the_allocator)
{
	pthread_t th[SMP_THREADS], sh;

	TS_BEGIN(NULL, 0);
	smp_cache = kmem_cache_create("smp_test", 48, 0, 0, NULL);
	ASSERT_NOT_NULL(smp_cache);
	smp_bad = 0;
	smp_stop = false;
	ASSERT_EQ(pthread_create(&sh, NULL, shrinker, NULL), 0);
	for (uintptr_t i = 0; i < SMP_THREADS; i++)
		ASSERT_EQ(pthread_create(&th[i], NULL, worker, (void *)(i + 1)), 0);
	for (int i = 0; i < SMP_THREADS; i++)
		pthread_join(th[i], NULL);
	__atomic_store_n(&smp_stop, true, __ATOMIC_RELEASE);
	pthread_join(sh, NULL);
	for (unsigned i = 0; i < SMP_MAILBOX; i++) {
		if (mailbox[i])
			obj_free(mailbox[i]);
		mailbox[i] = NULL;
	}
	EXPECT_EQ(smp_bad, 0);
	EXPECT_EQ(slab_error_count(), 0);
	EXPECT_EQ(slab_verify(), 0);
	EXPECT_EQ(kmem_cache_destroy(smp_cache), 0);
	ts_end(t);
}

static const struct ktest_case slab_smp_cases[] = {
    KTEST_CASE(test_threads_share_the_allocator),
    {},
};

static const struct ktest_suite slab_smp_suite = {
    .name = "slab_smp",
    .cases = slab_smp_cases,
    .exit = ts_cleanup,
    .host_only = true,
};
KTEST_REGISTER(slab_smp_suite);
#endif
