// SPDX-License-Identifier: MIT
/*
 * The `fault` console command: the allocators' fault-injection attributes and counters,
 * page poisoning and mobility grouping (mm/fault_inject.h), and changing them at run time.
 *
 *	fault				settings, then "fault: N page allocations so far",
 *					"fault: N slab allocations so far" (calls seen
 *					since the attribute was set up), failures injected,
 *					"fault: N pages in use" (managed - free - per-CPU)
 *	fault page|slab SPEC		interval,probability,times[,min_order]
 *	fault page|slab nth N		the N-th allocation from now fails (0: count)
 *	fault page|slab off		back to never failing, not counting
 *	fault poison on|off		page poisoning of frees from now on
 */
#include "shell.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/fault_inject.h"
#include "mm/mmzone.h"

static void count_line(const struct fault_attr *a, const char *what, const char *args)
{
	if (a->enabled)
		printf("fault: %lu %s allocations so far\n", READ_ONCE(a->calls), what);
	else
		printf("fault: %s allocations not counted (set %s)\n", what, args);
}

/* Pages the buddy allocator has handed out: managed minus free, per-CPU lists included. */
static unsigned long pages_in_use(void)
{
	unsigned long free = nr_free_pages();
	struct pglist_data *pgdat;
	struct zone *zone;

	for_each_online_pgdat(pgdat) for_each_zone_in(zone, pgdat)
	{
		for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
			struct per_cpu_pages *pcp = zone_pcp(zone, cpu);

			if (pcp)
				free += (unsigned long)READ_ONCE(pcp->count);
		}
	}
	return totalram_pages() - free;
}

static void fault_show(void)
{
	fault_attr_show(&fail_page_alloc);
	fault_attr_show(&failslab);
	printf("page_poison: %s, %lu corruptions reported\n", page_poison_enabled() ? "on" : "off",
	       page_poison_reports());
	printf("mobility grouping: %s\n", page_group_by_mobility_disabled ? "off" : "on");
	count_line(&fail_page_alloc, "page", "fail_page_alloc= or fail_nth=");
	count_line(&failslab, "slab", "failslab= or failslab_nth=");
	printf("fault: %lu page and %lu slab failures injected\n", fail_page_alloc.injected,
	       failslab.injected);
	printf("fault: %lu pages in use\n", pages_in_use());
}

static int fault_set(struct fault_attr *a, int argc, char **argv)
{
	if (argc == 1 && !strcmp(argv[0], "off")) {
		fault_attr_init(a, a->name, FAULT_SEED_DEFAULT);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[0], "nth"))
		return fault_attr_parse_nth(a, argv[1]) ? 1 : 0;
	if (argc == 1)
		return fault_attr_parse(a, argv[0], a == &fail_page_alloc) ? 1 : 0;
	return 2;
}

static int cmd_fault(int argc, char **argv)
{
	int rc = 2;

	if (argc == 1) {
		fault_show();
		return 0;
	}
	if (!strcmp(argv[1], "page"))
		rc = fault_set(&fail_page_alloc, argc - 2, argv + 2);
	else if (!strcmp(argv[1], "slab"))
		rc = fault_set(&failslab, argc - 2, argv + 2);
	else if (!strcmp(argv[1], "poison") && argc == 3)
		rc = page_poison_parse(argv[2]) ? 1 : 0;
	if (rc == 2)
		printf("usage: fault [page|slab SPEC|nth N|off] [poison on|off]\n");
	return rc;
}
CONSOLE_CMD(fault, "[page|slab SPEC|nth N|off] [poison on|off]",
	    "fault injection and page poisoning: settings, counts", cmd_fault);
