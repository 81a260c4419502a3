// SPDX-License-Identifier: MIT
/* Bootargs: a table of the keys rvmm knows; anything else is reported once and ignored. */
#include "bootargs.h"
#include "log.h"
#include "lib/cmdline.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define BOOTARGS_MAX 1024
#define PARAMS_MAX   32

struct bootargs bootargs = {.loglevel = 7};

static char copy[BOOTARGS_MAX];

enum kind {
	STR,
	FLAG,
	INT
};

static const struct known {
	const char *key;
	enum kind kind;
	size_t off;
} known[] = {
    {"run", STR, offsetof(struct bootargs, run)},
    {"cma", STR, 0},	     /* read by mm/boot_mem.c from bootargs.raw */
    {"movablecore", STR, 0}, /* likewise */
    {"slub_debug", FLAG, offsetof(struct bootargs, slub_debug)},
    {"fail_page_alloc", STR, offsetof(struct bootargs, fail_page_alloc)},
    {"fail_nth", STR, offsetof(struct bootargs, fail_nth)},
    {"failslab", STR, offsetof(struct bootargs, failslab)},
    {"failslab_nth", STR, offsetof(struct bootargs, failslab_nth)},
    {"page_poison", FLAG, offsetof(struct bootargs, page_poison)},
    {"page_alloc.grouping", STR, offsetof(struct bootargs, grouping)},
    {"loglevel", INT, offsetof(struct bootargs, loglevel)},
    /* Linux keys a board's U-Boot tends to pass: accepted, not used. */
    {"console", STR, 0},
    {"earlycon", FLAG, 0},
    {"root", STR, 0},
    {"rootwait", FLAG, 0},
};

void bootargs_parse(const char *s)
{
	struct cmdline_param p[PARAMS_MAX];
	int bad = 0, err = 0;

	if (!s)
		s = "";
	bootargs.raw = s;
	if (strlen(s) >= sizeof(copy)) {
		printf("bootargs: too long, ignored (%u bytes)\n", (unsigned)strlen(s));
		return;
	}
	strlcpy(copy, s, sizeof(copy));
	int n = cmdline_parse(copy, p, PARAMS_MAX, &err, &bad);

	if (err == -E2BIG)
		printf("bootargs: more than %d parameters, the rest ignored\n", PARAMS_MAX);
	else if (err)
		printf("bootargs: unterminated quote, ignored from offset %d\n", bad);
	for (int i = 0; i < n; i++) {
		const struct known *k = NULL;

		for (unsigned j = 0; j < ARRAY_SIZE(known); j++)
			if (strcmp(known[j].key, p[i].key) == 0)
				k = &known[j];
		if (!k) {
			printf("bootargs: unknown parameter ignored (%s)\n", p[i].key);
			bootargs.unknown++;
			continue;
		}
		if (!k->off)
			continue;
		void *field = (char *)&bootargs + k->off;

		switch (k->kind) {
		case STR:
		case FLAG: /* a bare flag reads as "" */
			*(const char **)field = p[i].value ? p[i].value : "";
			break;
		case INT: {
			u64 v;

			if (!p[i].value || kstrtoull(p[i].value, 0, &v) || v > 15)
				printf("bootargs: bad value for %s (%s)\n", k->key,
				       p[i].value ? p[i].value : "");
			else
				*(int *)field = (int)v;
			break;
		}
		}
	}
}

void pr_info_line(void *arg, const char *line)
{
	(void)arg;
	pr_info("%s\n", line);
}
