// SPDX-License-Identifier: MIT
/*
 * SMP bring-up and cross-hart calls.
 *
 * Start: for every usable hart but ours, a 16 KiB stack from the buddy (on the hart's
 * node), then SBI HSM hart_start at secondary_entry (head.S) with a1 = logical CPU.
 * The new hart enables the early page table (identity + image + early direct map), jumps
 * to the link address, loads its stack from secondary_sp[], switches to the kernel page
 * table, says it is online and stops itself (HSM hart_stop). A hart that is not online
 * after a bounded wait is reported and marked failed; the rest goes on without it.
 *
 * Calls: the caller stores fn/arg in the target's mailbox and starts the hart again at
 * secondary_entry (retrying while HSM still reports the previous stop pending); the hart
 * runs the call, clears fn (release) and stops; the caller polls the mailbox.
 *
 * TLB shootdowns: with SBI RFENCE, the SBI implementation interrupts the other harts in
 * M-mode. Debian's OpenSBI 1.1 (what QEMU runs here) hangs under it with three or more
 * harts: one hart stays in OpenSBI's TLB request loop forever with no IPI pending (the
 * `storm` case of the smp suite reproduced it in a few hundred calls, even with the calls
 * serialised). So unless the SBI is known to be newer, a shootdown is a generation
 * number instead: the flusher bumps tlb_flush_gen and waits until every other online
 * hart has flushed and acknowledged it; every hart checks the generation wherever it
 * waits (cpu_relax(): spinlocks, the mailbox loop, this wait itself), so a hart spinning
 * on a lock the flusher holds still answers. A hart busy without waiting delays the
 * flusher, never deadlocks it; a hart that never answers is reported after a bound.
 */
#include "smp.h"
#include "csr.h"
#include "early.h"
#include "paging.h"
#include "sbi.h"
#include "shell.h"
#include "glue.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/numa.h"

#define SECONDARY_STACK_ORDER 2 /* 16 KiB */
#define START_TIMEOUT_POLLS   50000000UL
#define START_INVALID_RETRIES 100000 /* hart_start refused while the hart is stopping */

struct percpu percpu[NR_CPUS];
struct tlb_stats tlb_stats;
volatile unsigned long tlb_flush_gen;
bool tlb_use_sbi_rfence;

#define TLB_ACK_TIMEOUT_POLLS 200000000UL
uintptr_t secondary_sp[NR_CPUS]; /* read by head.S secondary_entry */
/* Hart id + 1 of each CPU being started (0: none): head.S stray_hart finds its CPU here. */
unsigned long secondary_hart[NR_CPUS];
_Static_assert(NR_CPUS == 32, "head.S NR_CPUS_ASM");
static struct percpu boot_percpu; /* until the boot hart's logical number is known */
static int nr_online = 1;

extern char secondary_entry[], _start_header[];

void smp_init_boot_cpu(unsigned long hartid)
{
	boot_percpu.hartid = hartid;
	boot_percpu.state = CPU_ONLINE;
	__asm__ volatile("mv tp, %0" ::"r"(&boot_percpu));
}

void smp_setup_boot_cpu(void)
{
	int me = hart_to_cpu((u32)boot_percpu.hartid);

	for (int c = 0; c < NR_CPUS; c++) {
		percpu[c].cpu = (unsigned)c;
		percpu[c].state = c < numa.nr_cpus ? CPU_OFFLINE : CPU_ABSENT;
		if (c < numa.nr_cpus) {
			percpu[c].hartid = numa.cpu_hartid[c];
			percpu[c].node = numa.cpu_node[c];
		}
	}
	if (me < 0) {
		printf("smp: boot hart not among the usable harts of the tree (%lu)\n",
		       boot_percpu.hartid);
		return; /* stay on boot_percpu: logical CPU 0 */
	}
	percpu[me].state = CPU_ONLINE;
	__asm__ volatile("mv tp, %0" ::"r"(&percpu[me]));
}

int num_online_cpus(void)
{
	return nr_online;
}

void secondary_main(unsigned cpu);
void secondary_main(unsigned cpu)
{
	struct percpu *me = &percpu[cpu];

	__asm__ volatile("mv tp, %0" ::"r"(me));
	csr_write(satp, pgt_satp(kernel_pgt.root, 0));
	/* A fresh start: every shootdown so far is covered by this full flush. */
	__atomic_store_n(&me->tlb_seen, __atomic_load_n(&tlb_flush_gen, __ATOMIC_ACQUIRE),
			 __ATOMIC_RELEASE);
	local_flush_tlb_all();
	void (*fn)(void *) = __atomic_load_n(&me->call_fn, __ATOMIC_ACQUIRE);

	if (fn) {
		fn(me->call_arg);
		me->calls++;
	}
	__atomic_store_n(&me->state, CPU_ONLINE, __ATOMIC_RELEASE);
	__atomic_store_n(&me->call_fn, NULL, __ATOMIC_RELEASE);
	long err = sbi_hart_stop();

	printf("smp: hart %lu cannot stop (SBI error %ld), parking in wfi\n", me->hartid, err);
	for (;;)
		__asm__ volatile("wfi");
}

static phys_addr_t secondary_entry_pa(void)
{
	return kernel_load_pa() + (uintptr_t)(secondary_entry - _start_header);
}

/*
 * Start (or restart) a stopped hart at entry. HSM may still be stopping it from the
 * previous call: hart_start then fails with ALREADY_AVAILABLE (still started) or, from
 * OpenSBI, INVALID_PARAM while the hart is STOP_PENDING; both mean "retry".
 */
static long hart_start(struct percpu *pc, phys_addr_t entry)
{
	unsigned invalid = 0;
	long err = 0;

	for (unsigned long n = 0; n < START_TIMEOUT_POLLS; n++) {
		err = sbi_hart_start(pc->hartid, entry, pc->cpu);
		if (err == SBI_ERR_INVALID_PARAM) {
			/* STOPPED by now is fine too; anything else is a real refusal. */
			long st = sbi_hart_status(pc->hartid);

			if ((st != SBI_HSM_STOP_PENDING && st != SBI_HSM_STOPPED) ||
			    ++invalid > START_INVALID_RETRIES)
				return err;
		} else if (err != SBI_ERR_ALREADY_AVAILABLE) {
			return err;
		}
		cpu_relax();
	}
	return err;
}

static int start_one(unsigned cpu)
{
	struct percpu *pc = &percpu[cpu];
	struct page *stack = alloc_pages_node(pc->node, GFP_KERNEL, SECONDARY_STACK_ORDER);

	if (!stack) {
		printf("smp: no stack for cpu %u (hart %lu)\n", cpu, pc->hartid);
		return -ENOMEM;
	}
	pc->stack_top = (uintptr_t)page_address(stack) + (PAGE_SIZE << SECONDARY_STACK_ORDER);
	secondary_sp[cpu] = pc->stack_top;
	secondary_hart[cpu] = pc->hartid + 1;
	pc->state = CPU_STARTING;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	long err = hart_start(pc, secondary_entry_pa());

	if (err) {
		printf("smp: hart_start failed for hart %lu (SBI error %ld)\n", pc->hartid, err);
		pc->state = CPU_FAILED;
		__free_pages(stack, SECONDARY_STACK_ORDER);
		return -EIO;
	}
	for (unsigned long n = 0; n < START_TIMEOUT_POLLS; n++)
		if (__atomic_load_n(&pc->state, __ATOMIC_ACQUIRE) == CPU_ONLINE)
			return 0;
	printf("smp: hart %lu did not come online (HSM status %ld)\n", pc->hartid,
	       sbi_hart_status(pc->hartid));
	pc->state = CPU_FAILED;
	return -EIO;
}

int smp_boot_secondaries(void)
{
	unsigned me = smp_processor_id();
	unsigned long impl_id, impl_ver;

	sbi_impl(&impl_id, &impl_ver);
	/* OpenSBI (id 1) before 1.3: see the TLB shootdown note above. */
	tlb_use_sbi_rfence = sbi_has(SBI_EXT_RFENCE) && !(impl_id == 1 && impl_ver < 0x10003);

	if (!sbi_has(SBI_EXT_HSM)) {
		printf("smp: SBI has no HSM extension, staying on one hart\n");
		return 0;
	}
	for (int c = 0; c < numa.nr_cpus; c++) {
		if ((unsigned)c == me || percpu[c].state != CPU_OFFLINE)
			continue;
		if (start_one((unsigned)c) == 0)
			nr_online++;
	}
	return nr_online - 1;
}

static int call_async(unsigned cpu, void (*fn)(void *arg), void *arg, phys_addr_t entry)
{
	if (cpu >= NR_CPUS || cpu == smp_processor_id() || !fn ||
	    (percpu[cpu].state != CPU_ONLINE && percpu[cpu].state != CPU_BUSY))
		return -EINVAL;
	struct percpu *pc = &percpu[cpu];

	if (__atomic_load_n(&pc->call_fn, __ATOMIC_ACQUIRE))
		return -EBUSY;
	pc->call_arg = arg;
	__atomic_store_n(&pc->state, CPU_BUSY, __ATOMIC_RELEASE);
	__atomic_store_n(&pc->call_fn, fn, __ATOMIC_RELEASE);
	long err = hart_start(pc, entry);

	if (err) {
		printf("smp: cannot start hart %lu for a call (SBI error %ld)\n", pc->hartid, err);
		pc->state = CPU_FAILED;
		__atomic_store_n(&pc->call_fn, NULL, __ATOMIC_RELEASE);
		return -EIO;
	}
	return 0;
}

int smp_call_async(unsigned cpu, void (*fn)(void *arg), void *arg)
{
	return call_async(cpu, fn, arg, secondary_entry_pa());
}

int smp_call_async_via_image_entry(unsigned cpu, void (*fn)(void *arg), void *arg)
{
	return call_async(cpu, fn, arg, kernel_load_pa());
}

void smp_wait(unsigned cpu)
{
	if (cpu >= NR_CPUS)
		return;
	while (__atomic_load_n(&percpu[cpu].call_fn, __ATOMIC_ACQUIRE))
		cpu_relax();
}

int smp_call_wait(unsigned cpu, void (*fn)(void *arg), void *arg)
{
	int rc = smp_call_async(cpu, fn, arg);

	if (rc == 0)
		smp_wait(cpu);
	return rc;
}

/*
 * Wait until every other running hart has flushed generation gen. A stopped hart needs
 * nothing: it flushes everything when it starts again.
 */
static void wait_for_acks(unsigned long gen)
{
	unsigned me = smp_processor_id();

	for (unsigned c = 0; c < NR_CPUS; c++) {
		if (c == me)
			continue;
		unsigned long n = 0;

		while (__atomic_load_n(&percpu[c].state, __ATOMIC_ACQUIRE) == CPU_BUSY &&
		       __atomic_load_n(&percpu[c].tlb_seen, __ATOMIC_ACQUIRE) < gen) {
			cpu_relax();
			if (++n == TLB_ACK_TIMEOUT_POLLS) {
				printf("tlb: hart %lu did not acknowledge shootdown %lu\n",
				       percpu[c].hartid, gen);
				tlb_stats.ack_timeouts++;
				break;
			}
		}
	}
}

void flush_tlb_kernel_range(uintptr_t va, size_t size)
{
	bool all = size > TLB_FLUSH_ALL_THRESHOLD * PAGE_SIZE;

	if (all)
		local_flush_tlb_all();
	else
		for (uintptr_t a = va; a < va + size; a += PAGE_SIZE)
			local_flush_tlb_page(a);
	tlb_stats.local_flushes++;

	unsigned long others = 0;

	for (unsigned c = 0; c < NR_CPUS; c++)
		if (c != smp_processor_id() &&
		    __atomic_load_n(&percpu[c].state, __ATOMIC_ACQUIRE) == CPU_BUSY)
			others |= 1UL << percpu[c].hartid;

	if (!others) {
		tlb_stats.rfence_skipped++;
		return;
	}
	if (!tlb_use_sbi_rfence) {
		unsigned long gen = __atomic_add_fetch(&tlb_flush_gen, 1, __ATOMIC_ACQ_REL);

		__atomic_store_n(&this_percpu()->tlb_seen, gen, __ATOMIC_RELEASE);
		wait_for_acks(gen);
		tlb_stats.polled++;
	} else if (all) {
		sbi_remote_sfence_vma(others, 0, 0, (size_t)-1);
		tlb_stats.rfence_full++;
	} else {
		sbi_remote_sfence_vma(others, 0, va, size);
		tlb_stats.rfence_range++;
	}
}

static const char *const state_names[] = {"absent",  "offline", "starting",
					  "stopped", "busy",	"failed"};

static int cmd_cpus(int argc, char **argv)
{
	printf("CPU  hart  node  state     calls\n");
	for (int c = 0; c < numa.nr_cpus; c++)
		printf("%3d  %4lu  %4d  %-8s  %lu\n", c, percpu[c].hartid, percpu[c].node,
		       (unsigned)c == smp_processor_id() ? "this one"
							 : state_names[percpu[c].state],
		       percpu[c].calls);
	printf("TLB shootdowns (%s): %lu local flushes, %lu SBI RFENCE range, %lu SBI RFENCE "
	       "full, %lu polled, %lu with no other hart running, %lu unacknowledged\n",
	       tlb_use_sbi_rfence ? "SBI RFENCE" : "polled generation", tlb_stats.local_flushes,
	       tlb_stats.rfence_range, tlb_stats.rfence_full, tlb_stats.polled,
	       tlb_stats.rfence_skipped, tlb_stats.ack_timeouts);
	return 0;
}
CONSOLE_CMD(cpus, "", "harts: logical CPU, hart id, node, state; TLB shootdowns", cmd_cpus);
