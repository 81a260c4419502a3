// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for lib/fdt.c: fdt_open() on arbitrary bytes, and on every blob it
 * accepts, the whole lib/fdt.h API over every node and property.
 *
 * libFuzzer hands us a heap buffer of exactly the input's size, so AddressSanitizer reports
 * any read outside the blob; UBSan reports overflowing arithmetic. Besides memory safety,
 * the answers must agree with each other (a node's path leads back to it, its children
 * name it as parent, every compatible string it lists matches, every reg entry below the
 * count decodes). A disagreement is a bug in the reader: __builtin_trap() makes libFuzzer
 * save the input as a crash.
 *
 * Cost per accepted input is quadratic in the number of nodes (fdt_parent walks from the
 * root), which stays fast for the few-KiB trees libFuzzer grows.
 */
#include "lib/errno.h"
#include "lib/fdt.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODES 512 /* nodes checked in depth per input */
#define PATH_LEN  4096
#define PROBES	  256 /* bogus handles tried per input */

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

/* A check that failed: say which, then crash so libFuzzer keeps the input. */
#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_fdt: %s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                            \
			__builtin_trap();                                                          \
		}                                                                                  \
	} while (0)

/* Names that real trees use, for the lookups that take one. */
static const char *const lookups[] = {
    "/",	 "/chosen",	  "/memory",	 "/cpus", "/cpus/cpu", "/reserved-memory",
    "/soc",	 "/aliases",	  "serial0",	 "cpu",	  "//",	       "/chosen/",
    "/soc/uart", "/distance-map", "/cpus/cpu@0",
};
static const char *const compats[] = {
    "memory", "shared-dma-pool", "numa-distance-map-v1", "riscv", "ns16550a", "",
};

/* Every string of a string list (len bytes at p) must match itself through the API. */
static void check_string_list(const struct fdt *fdt, int node, const char *name, const char *p,
			      int len)
{
	for (int i = 0; i < len;) {
		const char *nul = memchr(p + i, 0, (size_t)(len - i));

		if (!nul)
			return; /* unterminated tail: never matches, nothing to check */
		CHECK(fdt_prop_has_string(fdt, node, name, p + i));
		i = (int)(nul - p) + 1;
	}
}

/* Every property of node, through the cursor API and the name lookups. */
static void check_props(const struct fdt *fdt, int node)
{
	for (int p = fdt_first_prop(fdt, node); p >= 0; p = fdt_next_prop(fdt, p)) {
		const char *name;
		int len, len2;
		const u8 *v = fdt_prop_at(fdt, p, &name, &len);

		CHECK(v && name && len >= 0);
		/* Touch every byte: ASan checks the value lies inside the blob. */
		volatile u8 sum = 0;

		for (int i = 0; i < len; i++)
			sum += v[i];
		(void)sum;
		/* A repeated name finds its first occurrence: same name, some value. */
		CHECK(fdt_prop(fdt, node, name, &len2) != NULL);
		fdt_prop_u32(fdt, node, name, 0);
		const char *s = fdt_prop_str(fdt, node, name);

		if (s)
			CHECK(strlen(s) < (size_t)len2);
		if (strcmp(name, "compatible") == 0 && fdt_prop(fdt, node, name, NULL) == v) {
			check_string_list(fdt, node, name, (const char *)v, len);
			if (len && memchr(v, 0, (size_t)len))
				CHECK(fdt_is_compatible(fdt, node, (const char *)v));
		}
		if (strcmp(name, "phandle") == 0 && len == 4 &&
		    fdt_prop(fdt, node, name, NULL) == v) {
			u32 ph = fdt_be32(v);
			int found = fdt_find_phandle(fdt, ph);

			CHECK(ph == 0 || ph == 0xffffffffu || found >= 0);
		}
	}
}

/* reg of node: the count and each entry; one past the end is -ENOENT. */
static void check_reg(const struct fdt *fdt, int node)
{
	int n = fdt_reg_count(fdt, node);
	u64 addr, size;

	if (n < 0) {
		CHECK(fdt_reg(fdt, node, 0, &addr, &size) < 0);
		return;
	}
	for (int i = 0; i < n; i++)
		CHECK(fdt_reg(fdt, node, i, &addr, &size) == 0);
	CHECK(fdt_reg(fdt, node, n, &addr, &size) == -ENOENT);
	CHECK(fdt_reg(fdt, node, -1, &addr, &size) == -ENOENT);
}

/*
 * How well a path lookup can find node again: PATH_EXACT, PATH_TWIN when node or an
 * ancestor has a same-named sibling before it (the lookup takes the first, so it finds a
 * node with the same path, or none if the twin lacks the rest of the path), PATH_NONE when
 * a name holds a '/' (the path means something else).
 */
enum {
	PATH_EXACT,
	PATH_TWIN,
	PATH_NONE
};

static int path_kind(const struct fdt *fdt, int node)
{
	int kind = PATH_EXACT;

	for (int parent; (parent = fdt_parent(fdt, node)) >= 0; node = parent) {
		const char *name = fdt_name(fdt, node);

		if (strchr(name, '/'))
			return PATH_NONE;
		for (int c = fdt_child(fdt, parent); c >= 0 && c != node; c = fdt_sibling(fdt, c))
			if (strcmp(fdt_name(fdt, c), name) == 0)
				kind = PATH_TWIN;
	}
	return kind;
}

static void check_node(const struct fdt *fdt, int node, int depth)
{
	static char path[PATH_LEN], path2[PATH_LEN];
	const char *name = fdt_name(fdt, node);
	int parent = fdt_parent(fdt, node);

	CHECK(name);
	CHECK(depth == 0 ? parent == -ENOENT && name[0] == '\0' : parent >= 0);

	/* The parent's children include node. */
	if (parent >= 0) {
		int c = fdt_child(fdt, parent);

		while (c >= 0 && c != node)
			c = fdt_sibling(fdt, c);
		CHECK(c == node);
	}
	for (int c = fdt_child(fdt, node); c >= 0; c = fdt_sibling(fdt, c))
		CHECK(fdt_parent(fdt, c) == node);

	int n = fdt_node_path(fdt, node, path, sizeof(path));

	if (n >= 0) {
		CHECK((size_t)n == strlen(path) && path[0] == '/');
		/* One byte short: -ENOSPC, never a write past the buffer (ASan watches it). */
		char *exact = malloc((size_t)n + 1);

		CHECK(exact);
		CHECK(fdt_node_path(fdt, node, exact, (size_t)n) == -ENOSPC);
		CHECK(fdt_node_path(fdt, node, exact, (size_t)n + 1) == n);
		CHECK(strcmp(exact, path) == 0);
		free(exact);
		/* The path leads back to node, or at least to a node of the same path. */
		int found = fdt_find_path(fdt, path), kind = path_kind(fdt, node);

		if (kind == PATH_EXACT)
			CHECK(found == node);
		if (kind == PATH_TWIN && found >= 0) {
			CHECK(fdt_node_path(fdt, found, path2, sizeof(path2)) == n);
			CHECK(strcmp(path, path2) == 0);
		}
	}
	check_props(fdt, node);
	check_reg(fdt, node);
	int ac = fdt_addr_cells(fdt, node), sc = fdt_size_cells(fdt, node);

	CHECK(ac == -EINVAL || (ac >= 1 && ac <= 2));
	CHECK(sc == -EINVAL || (sc >= 0 && sc <= 2));
}

/* Handles that are not nodes: every call must fail cleanly. */
static void probe_bogus(const struct fdt *fdt, const u8 *data, size_t size)
{
	static char path[PATH_LEN];
	u32 step = fdt->size_struct / PROBES + 1;

	for (u32 i = 0; i < PROBES; i++) {
		int h = (int)(i * step) - 8;
		const char *name;
		int len;
		u64 a, s;

		if (i < size / 4)
			h = (int)(fdt_be32(data + 4 * i) % (fdt->size_struct + 64)) - 32;
		fdt_name(fdt, h);
		fdt_parent(fdt, h);
		fdt_child(fdt, h);
		fdt_sibling(fdt, h);
		fdt_walk_next(fdt, h, NULL);
		fdt_prop(fdt, h, "reg", &len);
		fdt_prop_at(fdt, h, &name, &len);
		fdt_next_prop(fdt, h);
		fdt_first_prop(fdt, h);
		fdt_node_path(fdt, h, path, sizeof(path));
		fdt_reg(fdt, h, 0, &a, &s);
		fdt_addr_cells(fdt, h);
		fdt_size_cells(fdt, h);
		fdt_is_compatible(fdt, h, "memory");
	}
	CHECK(fdt_name(fdt, -1) == NULL && fdt_parent(fdt, -EINVAL) < 0);
	CHECK(fdt_name(fdt, (int)fdt->size_struct) == NULL);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fdt fdt;
	struct fdt_error err = {0};
	int nodes = 0, depth = 0, node;

	if (fdt_open(&fdt, data, size, &err) != 0) {
		CHECK(err.cause && err.cause[0]);
		return 0;
	}
	CHECK(!err.cause);
	CHECK(fdt.totalsize <= size && fdt.totalsize <= FDT_MAX_SIZE);

	for (node = fdt_walk_next(&fdt, -1, &depth); node >= 0 && nodes < MAX_NODES;
	     node = fdt_walk_next(&fdt, node, &depth), nodes++) {
		CHECK(depth >= 0 && depth < FDT_MAX_DEPTH);
		check_node(&fdt, node, depth);
	}
	CHECK(node == -ENOENT || nodes == MAX_NODES);
	CHECK(fdt_find_path(&fdt, "/") == fdt_walk_next(&fdt, -1, NULL));

	u64 a, s;
	unsigned i;

	for (i = 0; fdt_memreserve(&fdt, i, &a, &s) == 0; i++)
		CHECK(s != 0 && a + (s - 1) >= a);
	CHECK(i == fdt.num_rsv);

	for (size_t k = 0; k < sizeof(lookups) / sizeof(lookups[0]); k++)
		fdt_find_path(&fdt, lookups[k]);
	for (size_t k = 0; k < sizeof(compats) / sizeof(compats[0]); k++) {
		int steps = 0;

		for (node = fdt_find_compatible(&fdt, -1, compats[k]);
		     node >= 0 && steps < MAX_NODES;
		     node = fdt_find_compatible(&fdt, node, compats[k]), steps++)
			CHECK(fdt_is_compatible(&fdt, node, compats[k]));
	}
	/* Every alias: its target, when it resolves, is a node. */
	int aliases = fdt_find_path(&fdt, "/aliases");

	for (int p = aliases >= 0 ? fdt_first_prop(&fdt, aliases) : -1; p >= 0;
	     p = fdt_next_prop(&fdt, p)) {
		const char *name;
		int len;

		fdt_prop_at(&fdt, p, &name, &len);
		node = fdt_find_path(&fdt, name);
		CHECK(node < 0 || fdt_name(&fdt, node));
	}
	probe_bogus(&fdt, data, size);
	return 0;
}
