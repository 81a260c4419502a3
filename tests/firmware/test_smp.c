// SPDX-License-Identifier: MIT
/*
 * SMP stress: every online hart runs a mix of alloc_pages / vmalloc / free for a fixed
 * number of steps, with a checksum in every block it owns and frees of blocks that other
 * harts allocated (a shared queue). Afterwards every counter is back to its baseline,
 * buddy_verify() and vmalloc_verify() are clean, and each hart's pages came from its own
 * node (numa_local), as the zonelist order promises when memory is plentiful.
 */
#include "tests/ktest.h"
#include "firmware/smp.h"
#include "glue.h"
#include "lib/random.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/layout.h"
#include "mm/mmzone.h"
#include "mm/numa.h"
#include "mm/vmalloc.h"

#define TOTAL_STEPS 3000 /* shared out over the harts: the same work whatever SMP is */
#define LIVE_MAX    48
#define QUEUE_MAX   256

struct block {
	void *va;
	unsigned order; /* pages: 1 << order; vmalloc areas use order + 16 as a tag */
	u64 sum;
};

static struct {
	spinlock_t lock;
	struct block q[QUEUE_MAX];
	unsigned head, tail;
} xq;

struct worker {
	unsigned cpu;
	u64 seed;
	unsigned steps;
	unsigned long allocs, local, cross_frees, bad, failed;
	struct block live[LIVE_MAX];
	unsigned nlive;
};

static struct worker workers[NR_CPUS];

static bool is_vm(const struct block *b)
{
	return b->order >= 16;
}

static size_t block_bytes(const struct block *b)
{
	return (PAGE_SIZE << (is_vm(b) ? b->order - 16 : b->order));
}

/* Fill with a pattern from seed; every 8th word, so big blocks stay cheap. */
static u64 fill(void *va, size_t bytes, u64 seed)
{
	u64 *w = va, sum = 0;

	for (size_t i = 0; i < bytes / 8; i += 8) {
		w[i] = seed ^ (i * 0x9e3779b97f4a7c15ULL);
		sum += w[i];
	}
	return sum;
}

static u64 checksum(const void *va, size_t bytes)
{
	const u64 *w = va;
	u64 sum = 0;

	for (size_t i = 0; i < bytes / 8; i += 8)
		sum += w[i];
	return sum;
}

static void release(struct worker *wk, struct block *b)
{
	if (checksum(b->va, block_bytes(b)) != b->sum)
		wk->bad++;
	if (is_vm(b))
		vfree(b->va);
	else
		free_pages((unsigned long)b->va, b->order);
}

static bool queue_push(const struct block *b)
{
	bool ok = false;

	spin_lock(&xq.lock);
	if (xq.tail - xq.head < QUEUE_MAX) {
		xq.q[xq.tail++ % QUEUE_MAX] = *b;
		ok = true;
	}
	spin_unlock(&xq.lock);
	return ok;
}

static bool queue_pop(struct block *b)
{
	bool ok = false;

	spin_lock(&xq.lock);
	if (xq.head != xq.tail) {
		*b = xq.q[xq.head++ % QUEUE_MAX];
		ok = true;
	}
	spin_unlock(&xq.lock);
	return ok;
}

static void work(void *arg)
{
	struct worker *wk = arg;
	struct rand_state r;
	int my_node = numa_node_id();

	rand_seed(&r, wk->seed);
	for (unsigned step = 0; step < wk->steps; step++) {
		unsigned op = (unsigned)rand_range(&r, 0, 9);
		struct block b;

		if (op < 5 && wk->nlive < LIVE_MAX) {
			b.order = (unsigned)rand_range(&r, 0, 3);
			if (op == 4) { /* a small vmalloc area */
				b.order += 16;
				b.va = vmalloc(block_bytes(&b));
			} else {
				struct page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, b.order);

				b.va = p ? page_address(p) : NULL;
				if (p && page_to_nid(p) == my_node)
					wk->local++;
				if (p)
					wk->allocs++;
			}
			if (!b.va) {
				wk->failed++;
				continue;
			}
			b.sum = fill(b.va, block_bytes(&b), wk->seed + step);
			wk->live[wk->nlive++] = b;
		} else if (op < 8 && wk->nlive) {
			unsigned i = (unsigned)rand_range(&r, 0, wk->nlive - 1);

			b = wk->live[i];
			wk->live[i] = wk->live[--wk->nlive];
			if (op == 7 && queue_push(&b))
				continue; /* another hart frees it */
			release(wk, &b);
		} else if (queue_pop(&b)) {
			release(wk, &b);
			wk->cross_frees++;
		}
	}
	while (wk->nlive)
		release(wk, &wk->live[--wk->nlive]);
}

KTEST(test_stress_all_harts)
{
	unsigned me = smp_processor_id();
	int online = num_online_cpus();
	struct vmalloc_stats vs0, vs1;
	struct block b;

	drain_all_pages(NULL);
	unsigned long free0 = nr_free_pages();

	vmalloc_get_stats(&vs0);
	spin_lock_init(&xq.lock);
	xq.head = xq.tail = 0;
	memset(workers, 0, sizeof(workers));
	for (int c = 0; c < NR_CPUS; c++) {
		workers[c].cpu = (unsigned)c;
		workers[c].seed = 0x5eed0000ULL + (u64)c;
		workers[c].steps = TOTAL_STEPS / (unsigned)online;
	}
	for (unsigned c = 0; c < NR_CPUS; c++)
		if (c != me && percpu[c].state == CPU_ONLINE)
			ASSERT_EQ(smp_call_async(c, work, &workers[c]), 0);
	work(&workers[me]);
	for (unsigned c = 0; c < NR_CPUS; c++)
		smp_wait(c);
	while (queue_pop(&b))
		release(&workers[me], &b);

	unsigned long allocs = 0, local = 0, cross = 0, bad = 0, failed = 0;

	for (int c = 0; c < NR_CPUS; c++) {
		allocs += workers[c].allocs;
		local += workers[c].local;
		cross += workers[c].cross_frees;
		bad += workers[c].bad;
		failed += workers[c].failed;
	}
	ktest_log(
	    t, "%d harts: %lu page allocations (%lu node-local), %lu cross-hart frees, %lu failed",
	    online, allocs, local, cross, failed);
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(failed, 0);
	EXPECT_EQ(local, allocs);
	if (online > 1)
		EXPECT_GT(cross, 0);
	drain_all_pages(NULL);
	EXPECT_EQ(nr_free_pages(), free0);
	vmalloc_get_stats(&vs1);
	EXPECT_EQ(vs1.nr_areas, vs0.nr_areas);
	EXPECT_EQ(vs1.nr_pages, vs0.nr_pages);
	EXPECT_EQ(buddy_verify(), 0);
	EXPECT_EQ(vmalloc_verify(NULL, NULL), 0);
}

KTEST(test_every_hart_online)
{
	int usable = numa.nr_cpus;

	EXPECT_EQ(num_online_cpus(), usable);
	for (int c = 0; c < usable; c++)
		EXPECT_TRUE(percpu[c].state == CPU_ONLINE);
}

static void whoami(void *arg)
{
	*(unsigned *)arg = smp_processor_id();
}

KTEST(test_call_runs_on_that_hart)
{
	for (unsigned c = 0; c < (unsigned)numa.nr_cpus; c++) {
		unsigned got = ~0u;

		if (c == smp_processor_id())
			continue;
		ASSERT_EQ(smp_call_wait(c, whoami, &got), 0);
		EXPECT_EQ(got, c);
	}
	EXPECT_EQ(smp_call_wait(smp_processor_id(), whoami, NULL), -EINVAL);
}

/*
 * A hart that OpenSBI 1.1 sends to the image entry instead of secondary_entry (its HSM
 * start race, see head.S stray_hart) must join as the CPU being started, not boot rvmm
 * a second time over the running one.
 */
KTEST(test_stray_image_entry_joins)
{
	unsigned done = 0;

	for (unsigned c = 0; c < (unsigned)numa.nr_cpus; c++) {
		unsigned got = ~0u;
		unsigned long calls;

		if (c == smp_processor_id() || percpu[c].state != CPU_ONLINE)
			continue;
		calls = percpu[c].calls;
		ASSERT_EQ(smp_call_async_via_image_entry(c, whoami, &got), 0);
		smp_wait(c);
		EXPECT_EQ(got, c);
		EXPECT_EQ(percpu[c].calls, calls + 1);
		EXPECT_TRUE(percpu[c].state == CPU_ONLINE);
		done++;
	}
	if (!done)
		SKIP("no other hart online (%d CPUs)", num_online_cpus());
	/* The harts still answer the ordinary way afterwards. */
	for (unsigned c = 0; c < (unsigned)numa.nr_cpus; c++) {
		unsigned got = ~0u;

		if (c == smp_processor_id() || percpu[c].state != CPU_ONLINE)
			continue;
		ASSERT_EQ(smp_call_wait(c, whoami, &got), 0);
		EXPECT_EQ(got, c);
	}
}

static volatile int spin_release;

static void spin_until_released(void *arg)
{
	while (!__atomic_load_n(&spin_release, __ATOMIC_ACQUIRE))
		cpu_relax();
}

/* Other harts busy (so their TLBs matter): a vfree must reach them. */
KTEST(test_vfree_shoots_down_remote_tlbs)
{
	unsigned me = smp_processor_id();
	struct tlb_stats before = tlb_stats;
	void *p = vmalloc(SZ_1M);

	ASSERT_NOT_NULL(p);
	memset(p, 0x5a, SZ_1M);
	spin_release = 0;
	for (unsigned c = 0; c < NR_CPUS; c++)
		if (c != me && percpu[c].state == CPU_ONLINE)
			ASSERT_EQ(smp_call_async(c, spin_until_released, NULL), 0);
	vfree(p);
	__atomic_store_n(&spin_release, 1, __ATOMIC_RELEASE);
	for (unsigned c = 0; c < NR_CPUS; c++)
		smp_wait(c);
	unsigned long remote = tlb_stats.rfence_range + tlb_stats.rfence_full + tlb_stats.polled -
			       before.rfence_range - before.rfence_full - before.polled;

	if (num_online_cpus() == 1)
		EXPECT_EQ(remote, 0);
	else
		EXPECT_GT(remote, 0);
	EXPECT_EQ(tlb_stats.ack_timeouts, 0);
	ktest_log(t, "vfree of 1 MiB: %lu remote shootdowns (%s)", remote,
		  tlb_use_sbi_rfence ? "SBI RFENCE" : "polled");
}

/* Every hart flushing at once: the case that hangs OpenSBI 1.1's RFENCE with 3+ harts. */
static void shootdown_loop(void *arg)
{
	for (int i = 0; i < 100; i++)
		flush_tlb_kernel_range(VMALLOC_START, 2 * PAGE_SIZE);
}

KTEST(test_shootdown_storm)
{
	unsigned me = smp_processor_id();
	unsigned long timeouts = tlb_stats.ack_timeouts;

	for (unsigned c = 0; c < NR_CPUS; c++)
		if (c != me && percpu[c].state == CPU_ONLINE)
			ASSERT_EQ(smp_call_async(c, shootdown_loop, NULL), 0);
	shootdown_loop(NULL);
	for (unsigned c = 0; c < NR_CPUS; c++)
		smp_wait(c);
	EXPECT_EQ(tlb_stats.ack_timeouts, timeouts);
}

static const struct ktest_case smp_cases[] = {
    KTEST_CASE(test_every_hart_online),
    KTEST_CASE(test_call_runs_on_that_hart),
    KTEST_CASE(test_stray_image_entry_joins),
    KTEST_CASE(test_stress_all_harts),
    KTEST_CASE(test_vfree_shoots_down_remote_tlbs),
    KTEST_CASE(test_shootdown_storm),
    {},
};
static const struct ktest_suite smp_suite = {
    .name = "smp", .cases = smp_cases, .target_only = true};
KTEST_REGISTER(smp_suite);
