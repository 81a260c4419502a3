// SPDX-License-Identifier: MIT
/* Bootargs parsing: keys, values, quotes, limits, and the run="..." command splitting. */
#include "tests/ktest.h"
#include "lib/cmdline.h"
#include "lib/errno.h"

KTEST(test_keys_and_values)
{
	char buf[] = "  cma=64M slub_debug  run=\"test; memblock\" loglevel=7 ";
	struct cmdline_param p[8];
	int n = cmdline_parse(buf, p, 8, NULL, NULL);

	ASSERT_EQ(n, 4);
	EXPECT_STREQ(p[0].key, "cma");
	EXPECT_STREQ(p[0].value, "64M");
	EXPECT_STREQ(p[1].key, "slub_debug");
	EXPECT_NULL(p[1].value);
	EXPECT_STREQ(p[2].key, "run");
	EXPECT_STREQ(p[2].value, "test; memblock");
	EXPECT_STREQ(p[3].value, "7");
}

KTEST(test_bad_input)
{
	char open[] = "a=1 run=\"test; memblock";
	char many[] = "a b c d";
	char empty[] = "   ";
	struct cmdline_param p[3];
	int bad = -1, err = 0;

	EXPECT_EQ(cmdline_parse(open, p, 3, &err, &bad), 1);
	EXPECT_EQ(err, -EINVAL);
	EXPECT_EQ(bad, 4);
	EXPECT_STREQ(p[0].value, "1");
	EXPECT_EQ(cmdline_parse(many, p, 3, &err, NULL), 3);
	EXPECT_EQ(err, -E2BIG);
	EXPECT_STREQ(p[2].key, "c");
	EXPECT_EQ(cmdline_parse(empty, p, 3, &err, NULL), 0);
	EXPECT_EQ(err, 0);
}

KTEST(test_commands)
{
	char buf[] = " test buddy slab ;; memblock;walk \"0x1 2\" ; ";
	char *cmds[4], *argv[4];

	ASSERT_EQ(cmdline_split_commands(buf, cmds, 4), 3);
	EXPECT_STREQ(cmds[0], "test buddy slab");
	EXPECT_STREQ(cmds[1], "memblock");
	EXPECT_STREQ(cmds[2], "walk \"0x1 2\"");
	ASSERT_EQ(cmdline_split_args(cmds[0], argv, 4), 3);
	EXPECT_STREQ(argv[2], "slab");
	ASSERT_EQ(cmdline_split_args(cmds[2], argv, 4), 2);
	EXPECT_STREQ(argv[1], "0x1 2");
}

static const struct ktest_case cmdline_cases[] = {
	KTEST_CASE(test_keys_and_values),
	KTEST_CASE(test_bad_input),
	KTEST_CASE(test_commands),
	{},
};
KTEST_SUITE(cmdline, cmdline_cases);
