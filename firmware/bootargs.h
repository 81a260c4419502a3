/* SPDX-License-Identifier: MIT */
/*
 * Bootargs (/chosen/bootargs) that rvmm understands. Values are kept as strings here and
 * interpreted by the module that owns them (fail_page_alloc=, slub_debug=, ...).
 * cma= and movablecore= are known keys read from the raw string by mm/boot_mem.c,
 * which rvmm-dt shares.
 */
#ifndef RVMM_FIRMWARE_BOOTARGS_H
#define RVMM_FIRMWARE_BOOTARGS_H

#include "lib/types.h"

struct bootargs {
	const char *raw;             /* the whole string as given */
	char *run;                   /* run="cmd; cmd": commands, then power off */
	const char *slub_debug;      /* slub_debug[=opts]: "" when bare */
	const char *fail_page_alloc; /* fail_page_alloc=interval,probability,times,min_order */
	const char *fail_nth;        /* fail_nth=N: N-th page allocation fails (0: count) */
	const char *failslab;        /* failslab=interval,probability,times */
	const char *failslab_nth;    /* failslab_nth=N: the same for slab allocations */
	const char *page_poison;     /* page_poison[=on|off]: "" when bare */
	const char *grouping;        /* page_alloc.grouping=on|off (grouping by mobility) */
	int loglevel;                /* loglevel=N (default 7) */
	int unknown;                 /* keys reported and ignored */
};

extern struct bootargs bootargs;

/** Parse bootargs (copied; NULL or "" is fine); reports unknown keys once each */
void bootargs_parse(const char *s);

#endif
