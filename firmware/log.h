/* SPDX-License-Identifier: MIT */
/*
 * Boot log levels, as Linux's console_loglevel: `loglevel=N` shows the messages whose
 * level is below N (default 7, everything rvmm prints). rvmm has two kinds of log line:
 *
 *	information (level 6, LOGLEVEL_INFO): what the boot found and did ("console: ...",
 *	"NODE_DATA(n) allocated ...", "Checked W+X mappings: ...") -- pr_info()
 *	warnings and errors: every other line. They are the one-line reports of bad input
 *	and failed steps, so no loglevel hides them (Linux would from loglevel=4 down).
 *
 * Console commands print their reports whatever the level: they were asked for.
 */
#ifndef RVMM_FIRMWARE_LOG_H
#define RVMM_FIRMWARE_LOG_H

#include "lib/printf.h"
#include "bootargs.h"

#define LOGLEVEL_INFO 6

/** True when a line of this level reaches the console */
static inline bool log_shown(int level)
{
	return level < bootargs.loglevel;
}

#define pr_info(...)                                                                               \
	do {                                                                                       \
		if (log_shown(LOGLEVEL_INFO))                                                      \
			printf(__VA_ARGS__);                                                       \
	} while (0)

/** A line sink (lib/report.h) that prints at LOGLEVEL_INFO */
void pr_info_line(void *arg, const char *line);

#endif
