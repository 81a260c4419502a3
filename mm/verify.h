/* SPDX-License-Identifier: MIT */
/*
 * Problem reports of the allocator verifiers (buddy_verify, slab_verify): one line per
 * problem, "WHO: WHERE: what is wrong (values)", every problem counted and the first
 * VERIFY_PRINT_MAX printed, then one line for the rest.
 */
#ifndef RVMM_MM_VERIFY_H
#define RVMM_MM_VERIFY_H

#include "lib/types.h"

#define VERIFY_PRINT_MAX 64

struct verify_log {
	const char *who; /* the verifier: "buddy_verify" */
	char where[48];	 /* what it is looking at now: "node 0 zone DMA32", a cache name */
	int errors;
};

/** Count one problem and print it (the first VERIFY_PRINT_MAX) */
void verify_err(struct verify_log *log, const char *fmt, ...) __printf(2, 3);
/** Say how many problems were not printed, if any; returns the count of all */
int verify_done(struct verify_log *log);

#endif
