/* SPDX-License-Identifier: MIT */
/*
 * Kernel command line (bootargs) parsing, Linux-style: space-separated `key`, `key=value`
 * or `key="value with spaces"`. Parsing is in place and never allocates.
 */
#ifndef RVMM_LIB_CMDLINE_H
#define RVMM_LIB_CMDLINE_H

#include "lib/types.h"

struct cmdline_param {
	const char *key;
	const char *value; /* NULL for a bare key */
};

/*
 * Split buf (modified in place) into at most max params; returns how many were filled.
 * *err is 0, -E2BIG when there were more than max, or -EINVAL for an unterminated quote
 * (parsing stops there; *bad_at is its offset in buf). err and bad_at may be NULL.
 */
int cmdline_parse(char *buf, struct cmdline_param *out, int max, int *err, int *bad_at);

/*
 * Split a command list "a b; c d" in place at ';' (outside quotes) into at most max
 * commands, trimmed of spaces. Returns the count (empty commands are dropped).
 */
int cmdline_split_commands(char *buf, char **cmds, int max);

/* Split one command in place into argv (spaces separate, "..." groups). Returns argc. */
int cmdline_split_args(char *buf, char **argv, int max);

#endif
