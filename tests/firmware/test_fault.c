// SPDX-License-Identifier: MIT
/*
 * Page faults are reported with the address, the access and the region, and a test (or
 * a console command) that faults fails cleanly while the firmware goes on.
 */
#include "tests/ktest.h"
#include "firmware/csr.h"
#include "firmware/trap.h"
#include "mm/layout.h"
#include "mm/page.h"
#include "lib/string.h"

extern char _start_header[];
static const u32 some_rodata[4] = {1, 2, 3, 4};
static u32 some_data[4] __aligned(16) = {0x00008067}; /* "ret", in a non-executable page */

static void store_to(void *p)
{
	*(volatile u32 *)p = 0x12345678;
}

static void load_from(void *p)
{
	(void)*(volatile u32 *)p;
}

static void call(void *p)
{
	((void (*)(void))p)();
}

#define EXPECT_FAULT(fn, addr, cause, region_text)                                                 \
	do {                                                                                       \
		ASSERT_TRUE(trap_expect(fn, (void *)(addr)));                                      \
		EXPECT_EQ(trap_last()->scause, cause);                                             \
		EXPECT_EQ(trap_last()->stval, (unsigned long)(addr));                              \
		EXPECT_STREQ(trap_last()->region, region_text);                                    \
	} while (0)

KTEST(test_write_kernel_text)
{
	EXPECT_FAULT(store_to, _start_header + 64, CAUSE_STORE_PAGE_FAULT,
		     "write to read-only kernel text");
}

KTEST(test_write_rodata)
{
	EXPECT_FAULT(store_to, &some_rodata[1], CAUSE_STORE_PAGE_FAULT,
		     "write to read-only kernel data");
	EXPECT_EQ(some_rodata[1], 2);
}

KTEST(test_execute_data)
{
	EXPECT_FAULT(call, some_data, CAUSE_FETCH_PAGE_FAULT,
		     "execute from non-executable kernel data");
}

KTEST(test_null_and_holes)
{
	EXPECT_FAULT(load_from, 8, CAUSE_LOAD_PAGE_FAULT, "NULL pointer dereference");
	EXPECT_FAULT(load_from, PAGE_OFFSET + DIRECT_MAP_SIZE - PAGE_SIZE, CAUSE_LOAD_PAGE_FAULT,
		     "direct map (no RAM here)");
	EXPECT_FAULT(store_to, FIXADDR_START, CAUSE_STORE_PAGE_FAULT, "fixmap slot not set");
	EXPECT_FAULT(load_from, 0x0000800000000000UL, CAUSE_LOAD_PAGE_FAULT,
		     "non-canonical address");
}

KTEST(test_no_fault_no_record)
{
	u32 x = 0;

	EXPECT_FALSE(trap_expect(store_to, &x));
	EXPECT_EQ(x, 0x12345678);
}

static const struct ktest_case fault_cases[] = {
	KTEST_CASE(test_write_kernel_text),
	KTEST_CASE(test_write_rodata),
	KTEST_CASE(test_execute_data),
	KTEST_CASE(test_null_and_holes),
	KTEST_CASE(test_no_fault_no_record),
	{},
};
static const struct ktest_suite fault_suite = {
	.name = "fault", .cases = fault_cases, .target_only = true};
KTEST_REGISTER(fault_suite);
