// SPDX-License-Identifier: MIT
/*
 * Console shell: a line editor over the polled console (backspace, ^U to erase the line,
 * ^C to drop it), and the dispatcher shared by the interactive prompt and bootargs run=.
 */
#include "shell.h"
#include "trap.h"
#include "drivers/console.h"
#include "lib/cmdline.h"
#include "lib/printf.h"
#include "lib/string.h"

#define LINE_MAX 256
#define ARGS_MAX 16
#define CMDS_MAX 32

extern const struct console_cmd *const __start_console_cmds[];
extern const struct console_cmd *const __stop_console_cmds[];

static const struct console_cmd *find_cmd(const char *name)
{
	for (const struct console_cmd *const *c = __start_console_cmds; c < __stop_console_cmds; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

int shell_run_line(char *line)
{
	char *argv[ARGS_MAX];
	int argc = cmdline_split_args(line, argv, ARGS_MAX);
	struct recover_point rp;

	if (argc == 0)
		return 0;
	const struct console_cmd *cmd = find_cmd(argv[0]);

	if (!cmd) {
		printf("%s: unknown command (try help)\n", argv[0]);
		return 127;
	}
	if (recover_save(&rp)) {
		printf("%s: failed: trapped\n", argv[0]);
		return 126;
	}
	trap_set_recovery(&rp);
	int rc = cmd->fn(argc, argv);

	trap_set_recovery(NULL);
	return rc;
}

int shell_run_list(char *list)
{
	char *cmds[CMDS_MAX];
	int n = cmdline_split_commands(list, cmds, CMDS_MAX);
	int failed = 0;

	for (int i = 0; i < n; i++) {
		printf("rvmm> %s\n", cmds[i]);
		int rc = shell_run_line(cmds[i]);

		if (rc) {
			printf("run: '%s' failed (status %d)\n", cmds[i], rc);
			failed++;
		}
	}
	printf("run: %d commands, %d failed\n", n, failed);
	return failed ? 1 : 0;
}

static int read_line(char *buf, size_t size)
{
	size_t len = 0;

	for (;;) {
		int c = console_getc();

		if (c < 0)
			continue;
		if (c == '\r' || c == '\n') {
			printf("\n");
			buf[len] = 0;
			return (int)len;
		}
		if (c == 0x7f || c == 0x08) {
			if (len) {
				len--;
				printf("\b \b");
			}
		} else if (c == 0x15) { /* ^U */
			while (len) {
				len--;
				printf("\b \b");
			}
		} else if (c == 0x03) { /* ^C */
			printf("^C\n");
			len = 0;
			buf[0] = 0;
			return 0;
		} else if (c >= 0x20 && c < 0x7f && len + 1 < size) {
			buf[len++] = (char)c;
			char ch = (char)c;

			console_write(&ch, 1);
		}
	}
}

void shell_interactive(void)
{
	static char line[LINE_MAX];

	for (;;) {
		printf("rvmm> ");
		if (read_line(line, sizeof(line)) > 0) {
			int rc = shell_run_line(line);

			if (rc && rc != 127)
				printf("(status %d)\n", rc);
		}
	}
}

/* Commands in name order, whatever order the linker put them in. */
static int cmd_help(int argc, char **argv)
{
	const struct console_cmd *last = NULL;

	for (;;) {
		const struct console_cmd *next = NULL;

		for (const struct console_cmd *const *c = __start_console_cmds;
		     c < __stop_console_cmds; c++)
			if ((!last || strcmp((*c)->name, last->name) > 0) &&
			    (!next || strcmp((*c)->name, next->name) < 0))
				next = *c;
		if (!next)
			return 0;
		char left[40];

		snprintf(left, sizeof(left), "%s %s", next->name, next->usage);
		printf("  %-24s %s\n", left, next->help);
		last = next;
	}
}
CONSOLE_CMD(help, "", "list the commands", cmd_help);
