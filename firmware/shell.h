/* SPDX-License-Identifier: MIT */
/*
 * The console shell. Commands register themselves with CONSOLE_CMD() into the
 * "console_cmds" section; each returns 0 on success. A command that traps fails (the
 * trap is reported) and the shell goes on.
 */
#ifndef RVMM_FIRMWARE_SHELL_H
#define RVMM_FIRMWARE_SHELL_H

#include "lib/types.h"

struct console_cmd {
	const char *name;
	const char *usage; /* arguments, e.g. "[SUITE...]" */
	const char *help;  /* one line */
	int (*fn)(int argc, char **argv);
};

#define CONSOLE_CMD(cname, cusage, chelp, cfn)                                                     \
	static const struct console_cmd __console_cmd_##cname = {#cname, cusage, chelp, cfn};     \
	static const struct console_cmd *const __console_cmd_ptr_##cname                            \
		__attribute__((used, section("console_cmds"), aligned(8))) = &__console_cmd_##cname

/** Run one command line ("name args..."); returns its status (127: no such command) */
int shell_run_line(char *line);
/** Run "cmd; cmd; ..." in order; returns 0 if every command succeeded */
int shell_run_list(char *list);
/** The interactive console; never returns */
void __noreturn shell_interactive(void);

#endif
