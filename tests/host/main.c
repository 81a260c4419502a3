// SPDX-License-Identifier: MIT
/*
 * ktest-host: runs the portable test suites (lib/, mm/) on the host under ASan and UBSan.
 *
 *	ktest-host [--list] [SUITE...]
 *
 * Prints the same KTAP as the firmware's `test` command; exits 0 only if nothing failed.
 */
#include "tests/ktest.h"
#include "lib/printf.h"
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "--list") == 0) {
		ktest_list();
		return 0;
	}
	int failed = ktest_run("host", (const char *const *)argv + 1, argc - 1, NULL);

	return failed == 0 ? 0 : 1;
}
