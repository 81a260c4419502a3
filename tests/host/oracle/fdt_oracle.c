// SPDX-License-Identifier: MIT
/*
 * fdt-oracle: lib/fdt.c against libfdt, on real trees and on systematic corruptions of them.
 *
 *	fdt-oracle [-v] FILE.dtb...
 *
 * For each tree: both readers open it; every node is visited by both walks in lockstep and
 * compared (offset, depth, name, parent, first child, next sibling, full path, path lookup,
 * every property's name, length and bytes, name lookups, #address-cells/#size-cells, reg
 * entries, phandle and compatible lookups), and so are the header and /memreserve/ entries.
 *
 * Then the blob is mutated: every header field set to a list of bad values, the buffer cut
 * at every 4-byte offset (with totalsize left alone, and with totalsize cut too), and single
 * bytes of the reservation, structure and strings blocks flipped (xor 0x01, 0x80, 0xff, set
 * to 0) plus each struct word replaced by each token value; trees whose blocks exceed
 * FULL_LIMIT bytes get a deterministic sample of offsets instead. For each mutation:
 *	- libfdt's fdt_check_full() rejects  =>  fdt_open() must reject too (else a mismatch);
 *	- fdt_open() accepts  =>  the whole API is run over the tree (the buffer is exactly the
 *	  blob's size, so ASan reports any read outside it), and if libfdt accepted too, the
 *	  tree comparison above must agree.
 * Prints "fdt-oracle: N trees, N mutations, N mismatches"; exits 1 on any mismatch, 2 if a
 * file cannot be read.
 */
#include <libfdt.h>

/* libfdt's fdt_size_cells, reachable before lib/fdt.h renames ours at the symbol level. */
static int lfdt_size_cells(const void *fdt, int node)
{
	return fdt_size_cells(fdt, node);
}

#include "lib/fdt.h"
#include "lib/errno.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FULL_LIMIT   (64 * 1024) /* blocks larger than this get sampled byte flips */
#define SAMPLE_FLIPS 4096	 /* offsets flipped in a sampled tree */
#define MAX_REPORTS  20		 /* mismatch lines printed per tree */
#define MAX_CAUSES   64
#define PATH_MAX_LEN 1024

struct oracle {
	const char *file; /* tree being checked */
	const char *what; /* current mutation, for messages */
	unsigned long trees, mutations, mismatches, reports;
	unsigned long both_reject, both_accept, only_we_reject;
	unsigned long libfdt_path_divergence, libfdt_compat_quirk;
	struct {
		const char *cause;
		unsigned long n;
	} strict[MAX_CAUSES]; /* our causes for blobs libfdt accepted */
	bool verbose;
};

static struct oracle o;

static void __printf(1, 2) mismatch(const char *fmt, ...)
{
	va_list ap;

	o.mismatches++;
	if (o.reports++ >= MAX_REPORTS)
		return;
	printf("fdt-oracle: %s: %s: ", o.file, o.what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			mismatch(__VA_ARGS__);                                                     \
	} while (0)

/* Both are errors, or both the same non-negative offset. */
static bool same_node(int ours, int theirs)
{
	return (ours < 0 && theirs < 0) || ours == theirs;
}

/* Resolve an absolute path through libfdt's child lists, matching names exactly only. */
static int exact_path(const void *blob, const char *path)
{
	int node = 0;
	const char *p = path;

	while (node >= 0) {
		const char *q;
		int child;

		while (*p == '/')
			p++;
		if (!*p)
			return node;
		for (q = p; *q && *q != '/'; q++)
			;
		fdt_for_each_subnode(child, blob, node)
		{
			const char *n = fdt_get_name(blob, child, NULL);

			if (n && strlen(n) == (size_t)(q - p) && !memcmp(n, p, (size_t)(q - p)))
				break;
		}
		node = child;
		p = q;
	}
	return node;
}

/*
 * Does the string list v[0..len) hold s? Each entry must be NUL-terminated inside the list.
 * (libfdt 1.6's fdt_stringlist_contains() compares one byte past the list, so it also
 * matches "" and unterminated last entries when a zero byte follows: counted, not used.)
 */
static bool list_has(const char *v, int len, const char *s)
{
	size_t n = strlen(s);

	for (int i = 0; v && i < len;) {
		const char *end = memchr(v + i, '\0', (size_t)(len - i));

		if (!end)
			return false;
		if ((size_t)(end - (v + i)) == n && !memcmp(v + i, s, n))
			return true;
		i = (int)(end - v) + 1;
	}
	return false;
}

/* First node after start (-1: from the root) compatible with s, by libfdt's walk. */
static int first_compatible(const void *blob, int start, const char *s)
{
	int len;

	for (int n = fdt_next_node(blob, start, NULL); n >= 0; n = fdt_next_node(blob, n, NULL)) {
		const char *v = fdt_getprop(blob, n, "compatible", &len);

		if (list_has(v, len, s))
			return n;
	}
	return -1;
}

/* Our path lookup must find the node exact-name resolution finds; libfdt, which also lets
 * "a" match an earlier "a@1", may differ only there (counted, not a mismatch). */
static void check_lookup(const struct fdt *f, const void *blob, const char *path)
{
	int exact = exact_path(blob, path), ours = fdt_find_path(f, path);
	int theirs = fdt_path_offset(blob, path);

	CHECK(same_node(ours, exact), "fdt_find_path(%s) = %d, expected %d", path, ours, exact);
	if (!same_node(theirs, exact))
		o.libfdt_path_divergence++;
}

static void compare_props(const struct fdt *f, const void *blob, int node)
{
	int lp = fdt_first_property_offset(blob, node), op = fdt_first_prop(f, node);

	for (; lp >= 0 || op >= 0;) {
		const char *ln = NULL, *on = NULL;
		int llen = -1, olen = -1, glen = -1;
		const void *lv, *ov, *gv;

		CHECK(lp == op, "node %d: property cursor %d vs libfdt %d", node, op, lp);
		if (lp != op)
			return;
		lv = fdt_getprop_by_offset(blob, lp, &ln, &llen);
		ov = fdt_prop_at(f, op, &on, &olen);
		CHECK(lv && ov && ln && on && !strcmp(ln, on) && llen == olen && lv == ov,
		      "node %d prop %d: %s/%d/%p vs libfdt %s/%d/%p", node, op, on, olen, ov, ln,
		      llen, lv);
		if (!ln || !on)
			return;
		gv = fdt_prop(f, node, on, &glen);
		lv = fdt_getprop(blob, node, ln, &llen);
		CHECK(gv == lv && glen == llen, "node %d: fdt_prop(%s) %p/%d vs libfdt %p/%d", node,
		      on, gv, glen, lv, llen);
		lp = fdt_next_property_offset(blob, lp);
		op = fdt_next_prop(f, op);
	}
	CHECK(fdt_prop(f, node, "no-such-property", NULL) == NULL, "node %d: phantom property",
	      node);
}

/* #cells, reg, phandle and compatible of node, against libfdt primitives. */
static void compare_semantics(const struct fdt *f, const void *blob, int node)
{
	int lac = fdt_address_cells(blob, node), lsc = lfdt_size_cells(blob, node);
	int oac = fdt_addr_cells(f, node), osc = fdt_size_cells(f, node);
	int parent = fdt_parent_offset(blob, node), len, n;
	const char *compat;
	const u8 *reg;
	u32 ph;

	CHECK((lac >= 1 && lac <= 2) ? oac == lac : oac == -EINVAL,
	      "node %d: #address-cells %d vs libfdt %d", node, oac, lac);
	CHECK((lsc >= 0 && lsc <= 2) ? osc == lsc : osc == -EINVAL,
	      "node %d: #size-cells %d vs libfdt %d", node, osc, lsc);

	reg = fdt_getprop(blob, node, "reg", &len);
	n = fdt_reg_count(f, node);
	if (parent < 0) {
		CHECK(n == -EINVAL, "root: fdt_reg_count %d", n);
	} else if (!reg) {
		CHECK(n == 0, "node %d: fdt_reg_count %d without reg", node, n);
	} else {
		int ac = fdt_address_cells(blob, parent), sc = lfdt_size_cells(blob, parent);
		bool ok = ac >= 1 && ac <= 2 && sc >= 0 && sc <= 2 && len % (4 * (ac + sc)) == 0;

		CHECK(ok ? n == len / (4 * (ac + sc)) : n == -EINVAL,
		      "node %d: fdt_reg_count %d, libfdt cells %d/%d len %d", node, n, ac, sc, len);
		for (int i = 0; ok && i < n; i++) {
			const u8 *e = reg + 4 * (ac + sc) * i;
			u64 a = 0, s = 0, wa = 0, ws = 0;

			for (int c = 0; c < ac; c++)
				wa = wa << 32 | fdt32_ld((const fdt32_t *)(e + 4 * c));
			for (int c = 0; c < sc; c++)
				ws = ws << 32 | fdt32_ld((const fdt32_t *)(e + 4 * (ac + c)));
			CHECK(fdt_reg(f, node, i, &a, &s) == 0 && a == wa && s == ws,
			      "node %d reg[%d]: %llx+%llx vs %llx+%llx", node, i,
			      (unsigned long long)a, (unsigned long long)s, (unsigned long long)wa,
			      (unsigned long long)ws);
		}
		if (ok)
			CHECK(fdt_reg(f, node, n, NULL, NULL) == -ENOENT, "node %d: reg past end",
			      node);
	}

	ph = fdt_get_phandle(blob, node);
	if (ph && ph != 0xffffffffu)
		CHECK(same_node(fdt_find_phandle(f, ph), fdt_node_offset_by_phandle(blob, ph)),
		      "phandle %u: %d vs libfdt %d", ph, fdt_find_phandle(f, ph),
		      fdt_node_offset_by_phandle(blob, ph));

	compat = fdt_getprop(blob, node, "compatible", &len);
	for (int i = 0; compat && i < len;) {
		const char *s = compat + i;
		const char *end = memchr(s, '\0', (size_t)(len - i));
		int want_first, want_next;

		if (!end)
			break;
		want_first = first_compatible(blob, -1, s);
		want_next = first_compatible(blob, node, s);
		CHECK(fdt_is_compatible(f, node, s), "node %d: not compatible with %s", node, s);
		CHECK(same_node(fdt_find_compatible(f, -1, s), want_first),
		      "first compatible %s: %d vs %d", s, fdt_find_compatible(f, -1, s),
		      want_first);
		CHECK(same_node(fdt_find_compatible(f, node, s), want_next),
		      "compatible %s after %d: %d vs %d", s, node, fdt_find_compatible(f, node, s),
		      want_next);
		if (!same_node(fdt_node_offset_by_compatible(blob, -1, s), want_first) ||
		    !same_node(fdt_node_offset_by_compatible(blob, node, s), want_next))
			o.libfdt_compat_quirk++;
		i += (int)(end - s) + 1;
	}
}

/* The whole comparison of a tree both readers accepted. */
static void compare_tree(const struct fdt *f, const void *blob)
{
	int ln = fdt_next_node(blob, -1, NULL), on = -1, odepth = 0, count = 0;
	char lpath[PATH_MAX_LEN], opath[PATH_MAX_LEN];

	CHECK(f->version == fdt_version(blob) &&
		  f->last_comp_version == fdt_last_comp_version(blob) &&
		  f->boot_cpuid == fdt_boot_cpuid_phys(blob) &&
		  f->totalsize == fdt_totalsize(blob) && f->off_struct == fdt_off_dt_struct(blob) &&
		  f->off_strings == fdt_off_dt_strings(blob) &&
		  f->size_strings == fdt_size_dt_strings(blob) &&
		  f->off_rsvmap == fdt_off_mem_rsvmap(blob),
	      "header fields differ");
	CHECK((int)f->num_rsv == fdt_num_mem_rsv(blob), "%u reservations vs libfdt %d", f->num_rsv,
	      fdt_num_mem_rsv(blob));
	for (int i = 0; i < fdt_num_mem_rsv(blob); i++) {
		uint64_t la = 0, ls = 0;
		u64 oa = 1, os = 1;

		fdt_get_mem_rsv(blob, i, &la, &ls);
		CHECK(fdt_memreserve(f, (unsigned)i, &oa, &os) == 0 && oa == la && os == ls,
		      "reservation %d differs", i);
	}

	for (on = fdt_walk_next(f, -1, &odepth); ln >= 0 || on >= 0;
	     ln = fdt_next_node(blob, ln, NULL), on = fdt_walk_next(f, on, &odepth), count++) {
		const char *lname, *oname;
		int lp;

		CHECK(ln == on, "walk step %d: node %d vs libfdt %d", count, on, ln);
		if (ln != on)
			return;
		CHECK(odepth == fdt_node_depth(blob, on), "node %d: depth %d vs libfdt %d", on,
		      odepth, fdt_node_depth(blob, on));
		lname = fdt_get_name(blob, ln, NULL);
		oname = fdt_name(f, on);
		CHECK(lname && oname && !strcmp(lname, oname), "node %d: name %s vs libfdt %s", on,
		      oname, lname);
		lp = fdt_parent_offset(blob, ln);
		CHECK(same_node(fdt_parent(f, on), lp), "node %d: parent %d vs libfdt %d", on,
		      fdt_parent(f, on), lp);
		CHECK(same_node(fdt_child(f, on), fdt_first_subnode(blob, ln)),
		      "node %d: child %d vs libfdt %d", on, fdt_child(f, on),
		      fdt_first_subnode(blob, ln));
		CHECK(same_node(fdt_sibling(f, on), fdt_next_subnode(blob, ln)),
		      "node %d: sibling %d vs libfdt %d", on, fdt_sibling(f, on),
		      fdt_next_subnode(blob, ln));
		if (fdt_get_path(blob, ln, lpath, sizeof(lpath)) == 0) {
			int r = fdt_node_path(f, on, opath, sizeof(opath));

			CHECK(r == (int)strlen(lpath) && !strcmp(lpath, opath),
			      "node %d: path %s vs libfdt %s", on, r >= 0 ? opath : "(error)",
			      lpath);
			check_lookup(f, blob, lpath);
		}
		compare_props(f, blob, on);
		compare_semantics(f, blob, on);
	}

	/* Aliases whose values are absolute paths resolve the same way. */
	{
		int aliases = fdt_path_offset(blob, "/aliases"), p;

		fdt_for_each_property_offset(p, blob, aliases)
		{
			const char *name, *v;
			int len, ours;

			if (!fdt_getprop_by_offset(blob, p, &name, &len) || !name[0] ||
			    strchr(name, '/'))
				continue;
			/* The first property of that name wins, in both readers. */
			v = fdt_getprop(blob, aliases, name, &len);
			if (!v || len < 2 || v[len - 1] || v[0] != '/')
				continue;
			/* Exact resolution, or libfdt's where "a" matched a unit-address node. */
			ours = fdt_find_path(f, name);
			CHECK(same_node(ours, exact_path(blob, v)) ||
				  same_node(ours, fdt_path_offset(blob, name)),
			      "alias %s: %d vs %d", name, ours, exact_path(blob, v));
		}
	}
}

/*
 * Run every entry point over a tree fdt_open() accepted; results unchecked, bounds by ASan.
 * With compared set, compare_tree() has just made the calls it makes, so only the rest run.
 */
static void exercise(const struct fdt *f, bool compared, bool bogus_handles)
{
	char path[PATH_MAX_LEN];
	volatile unsigned long sink = 0;
	int node = -1, depth = 0;

	while ((node = fdt_walk_next(f, node, &depth)) >= 0) {
		const char *name = fdt_name(f, node), *compat;
		int len, n;
		u64 a, s;

		if (!compared)
			sink += (unsigned long)fdt_parent(f, node) +
				(unsigned long)fdt_child(f, node) +
				(unsigned long)fdt_sibling(f, node) + strlen(name);
		if (fdt_node_path(f, node, path, sizeof(path)) >= 0) {
			char *at;

			if (!compared)
				sink += (unsigned long)fdt_find_path(f, path);
			at = strrchr(path, '@');
			if (at && !strchr(at, '/')) {
				*at = '\0';
				sink += (unsigned long)fdt_find_path(f, path);
			}
		}
		for (int p = fdt_first_prop(f, node); p >= 0; p = fdt_next_prop(f, p)) {
			const char *pn;
			const u8 *v = fdt_prop_at(f, p, &pn, &len);

			if (v && len > 0)
				sink += v[0] + v[len - 1];
			sink += (unsigned long)fdt_prop(f, node, pn, NULL) + strlen(pn) +
				fdt_prop_u32(f, node, pn, 0);
			if (fdt_prop_str(f, node, pn))
				sink += strlen(fdt_prop_str(f, node, pn));
			if (fdt_prop_has_string(f, node, pn, "x"))
				sink++;
			if (depth == 1 && !strcmp(name, "aliases"))
				sink += (unsigned long)fdt_find_path(f, pn);
		}
		if (compared)
			continue;
		compat = fdt_prop_str(f, node, "compatible");
		if (compat) {
			sink += fdt_is_compatible(f, node, compat);
			sink += (unsigned long)fdt_find_compatible(f, -1, compat) +
				(unsigned long)fdt_find_compatible(f, node, compat);
		}
		sink +=
		    (unsigned long)fdt_addr_cells(f, node) + (unsigned long)fdt_size_cells(f, node);
		n = fdt_reg_count(f, node);
		for (int i = 0; i <= n; i++)
			sink += (unsigned long)fdt_reg(f, node, i, &a, &s);
		sink += (unsigned long)fdt_find_phandle(f, fdt_prop_u32(f, node, "phandle", 1));
	}
	for (unsigned i = 0; i <= f->num_rsv; i++) {
		u64 a, s;

		sink += (unsigned long)fdt_memreserve(f, i, &a, &s);
	}
	sink +=
	    (unsigned long)fdt_find_path(f, "/chosen") + (unsigned long)fdt_find_path(f, "serial0");
	if (!bogus_handles)
		return;
	/* Every offset as a handle, most of them not nodes. */
	for (int h = -2; h < (int)f->size_struct + 8; h++) {
		const char *pn;
		int len;

		sink += (unsigned long)fdt_child(f, h) + (unsigned long)fdt_sibling(f, h) +
			(unsigned long)fdt_first_prop(f, h) + (unsigned long)fdt_next_prop(f, h) +
			(unsigned long)(uintptr_t)fdt_prop_at(f, h, &pn, &len) +
			(unsigned long)fdt_reg_count(f, h) + (unsigned long)fdt_addr_cells(f, h);
		if (fdt_name(f, h))
			sink += strlen(fdt_name(f, h)) + (unsigned long)fdt_parent(f, h) +
				(unsigned long)fdt_node_path(f, h, path, sizeof(path)) +
				(unsigned long)fdt_walk_next(f, h, NULL);
	}
	(void)sink;
}

static void note_strict(const char *cause)
{
	for (int i = 0; i < MAX_CAUSES; i++) {
		if (o.strict[i].cause == cause || !o.strict[i].cause) {
			o.strict[i].cause = cause;
			o.strict[i].n++;
			return;
		}
	}
}

/* One blob (buf[0..size), a buffer of exactly that size) through both readers. */
static void check_blob(const void *buf, size_t size, bool bogus_handles)
{
	struct fdt f;
	struct fdt_error e;
	int lret = fdt_check_full(buf, size);
	int oret = fdt_open(&f, buf, size, &e);

	o.mutations++;
	if (lret != 0 && oret == 0)
		mismatch("libfdt rejects (%s) but fdt_open accepts", fdt_strerror(lret));
	if (lret == 0 && oret != 0) {
		o.only_we_reject++;
		note_strict(e.cause);
		if (o.verbose)
			printf("fdt-oracle: %s: %s: only we reject: %s (%llu)\n", o.file, o.what,
			       e.cause, (unsigned long long)e.value);
	}
	if (lret != 0 && oret != 0)
		o.both_reject++;
	if (oret == 0 && lret == 0) {
		o.both_accept++;
		compare_tree(&f, buf);
	}
	if (oret == 0)
		exercise(&f, lret == 0, bogus_handles);
}

/* A copy of buf[0..n) in a heap buffer of exactly n bytes, checked, then freed. */
static void check_copy(const u8 *buf, size_t n, u32 totalsize_override, bool set_totalsize)
{
	u8 *c = malloc(n ? n : 1);

	memcpy(c, buf, n);
	if (set_totalsize && n >= 8) {
		c[4] = (u8)(totalsize_override >> 24);
		c[5] = (u8)(totalsize_override >> 16);
		c[6] = (u8)(totalsize_override >> 8);
		c[7] = (u8)totalsize_override;
	}
	check_blob(c, n, false);
	free(c);
}

static u32 get32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void put32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static void mutate_header(u8 *buf, size_t size)
{
	static const char *const field[] = {
	    "magic",   "totalsize",	    "off_dt_struct",   "off_dt_strings",  "off_mem_rsvmap",
	    "version", "last_comp_version", "boot_cpuid_phys", "size_dt_strings", "size_dt_struct",
	};
	char what[96];

	for (u32 fi = 0; fi < 10 && 4 * fi + 4 <= size; fi++) {
		u32 orig = get32(buf + 4 * fi), ts = (u32)size;
		const u32 vals[] = {
		    0,		1,	   2,	      3,	  4,	      7,
		    8,		15,	   16,	      17,	  18,	      35,
		    36,		39,	   40,	      0x7fffffff, 0x80000000, 0xffffffff,
		    0xfffffff0, orig - 1,  orig + 1,  orig - 4,	  orig + 4,   orig - 8,
		    orig + 8,	orig - 16, orig + 16, orig << 1,  orig >> 1,  orig ^ 0x80000000,
		    ts - 1,	ts,	   ts + 1,    ts - 4,	  ts - 40,    FDT_MAX_SIZE + 4};

		for (unsigned vi = 0; vi < ARRAY_SIZE(vals); vi++) {
			if (vals[vi] == orig)
				continue;
			snprintf(what, sizeof(what), "%s = %#x", field[fi], vals[vi]);
			o.what = what;
			put32(buf + 4 * fi, vals[vi]);
			check_blob(buf, size, false);
			put32(buf + 4 * fi, orig);
		}
	}
}

static void mutate_truncate(const u8 *buf, size_t size, size_t content_end)
{
	char what[96];

	for (size_t n = 0; n < size; n += (n < content_end + 64 ? 4 : 4096)) {
		snprintf(what, sizeof(what), "cut to %zu bytes", n);
		o.what = what;
		check_copy(buf, n, 0, false);
		snprintf(what, sizeof(what), "cut to %zu bytes, totalsize too", n);
		check_copy(buf, n, (u32)n, true);
	}
}

/*
 * Flip bytes in [start, end): all of them, or a deterministic sample if sample != 0.
 * Bytes marked in value[] (property values) get one flip; the others, which carry the
 * structure, get every flip, and their aligned words (if words) every token value.
 */
static void mutate_bytes(u8 *buf, size_t size, u32 start, u32 end, u32 sample, bool words,
			 const u8 *value, const char *block)
{
	static const u8 flips[] = {0x01, 0x80, 0xff};
	static const u32 tokens[] = {0, 1, 2, 3, 4, 9, 0xffffffff, 0x7fffffff};
	u32 rng = 12345;
	char what[96];

	o.what = what;
	for (u32 k = 0; start + k < end && (!sample || k < sample); k++) {
		u32 off = start + k;
		u8 orig;

		if (sample) {
			rng = rng * 1103515245u + 12345u;
			off = start + (rng >> 8) % (end - start);
		}
		orig = buf[off];
		for (unsigned i = value[off] ? 2 : 0; i <= ARRAY_SIZE(flips); i++) {
			u8 v = i < ARRAY_SIZE(flips) ? orig ^ flips[i] : 0;

			if (value[off] && i == ARRAY_SIZE(flips))
				break;

			if (v == orig)
				continue;
			snprintf(what, sizeof(what), "%s byte %u = %#x (was %#x)", block, off, v,
				 orig);
			buf[off] = v;
			check_blob(buf, size, (off & 63) == 0);
			buf[off] = orig;
		}
		if (!words || value[off] || ((off - start) & 3) || off + 4 > end)
			continue;
		for (unsigned i = 0; i < ARRAY_SIZE(tokens); i++) {
			u32 w = get32(buf + off);

			if (w == tokens[i])
				continue;
			snprintf(what, sizeof(what), "%s word %u = %#x (was %#x)", block, off,
				 tokens[i], w);
			put32(buf + off, tokens[i]);
			check_blob(buf, size, false);
			put32(buf + off, w);
		}
	}
}

/* Mark the bytes of every property value of the (valid) tree in value[]. */
static void mark_values(const u8 *blob, u8 *value)
{
	int off = 0, next = 0;
	u32 base = fdt_off_dt_struct(blob);

	for (;;) {
		u32 tag = fdt_next_tag(blob, off, &next);

		if (tag == FDT_END || next < 0)
			return;
		if (tag == FDT_PROP) {
			u32 len = get32(blob + base + (u32)off + 4);

			memset(value + base + (u32)off + 12, 1, len);
		}
		off = next;
	}
}

static int check_file(const char *file)
{
	struct fdt f;
	struct fdt_error e;
	unsigned long before = o.mutations, mism = o.mismatches, nodes = 0;
	size_t size;
	u8 *buf;
	FILE *fp = fopen(file, "rb");
	int lret, node = -1;

	o.file = file;
	o.what = "original";
	o.reports = 0;
	if (!fp || fseek(fp, 0, SEEK_END) || (long)(size = (size_t)ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET)) {
		printf("fdt-oracle: %s: cannot read\n", file);
		if (fp)
			fclose(fp);
		return -1;
	}
	buf = malloc(size ? size : 1);
	if (fread(buf, 1, size, fp) != size) {
		printf("fdt-oracle: %s: cannot read\n", file);
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	o.trees++;

	lret = fdt_check_full(buf, size);
	if (fdt_open(&f, buf, size, &e) != 0) {
		if (lret == 0)
			mismatch("fdt_open rejects a tree libfdt accepts: %s (%llu)", e.cause,
				 (unsigned long long)e.value);
		else
			printf("fdt-oracle: %s: both readers reject it (%s; %s (%llu))\n", file,
			       fdt_strerror(lret), e.cause, (unsigned long long)e.value);
		free(buf);
		return 0;
	}
	check_blob(buf, size, true);
	while ((node = fdt_walk_next(&f, node, NULL)) >= 0)
		nodes++;

	mutate_header(buf, size);
	{
		u32 rsv_end = f.off_rsvmap + 16 * (f.num_rsv + 1);
		u32 st_end = f.off_struct + f.size_struct, str_end = f.off_strings + f.size_strings;
		size_t content = max(rsv_end, st_end);

		content = max(content, (size_t)str_end);
		u32 blocks = 16 * (f.num_rsv + 1) + f.size_struct + f.size_strings;
		u32 sample = blocks > FULL_LIMIT ? SAMPLE_FLIPS : 0;

		mutate_truncate(buf, size, content);
		u8 *value = calloc(size, 1);

		mark_values(buf, value);
		mutate_bytes(buf, size, f.off_rsvmap, rsv_end, sample ? 256 : 0, false, value,
			     "rsvmap");
		mutate_bytes(buf, size, f.off_struct, st_end, sample, true, value, "struct");
		mutate_bytes(buf, size, f.off_strings, str_end, sample, false, value, "strings");
		free(value);
	}
	printf("fdt-oracle: %s: %lu nodes, %lu mutations, %lu mismatches\n", file, nodes,
	       o.mutations - before, o.mismatches - mism);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int bad_files = 0, i = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "-v")) {
		o.verbose = true;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: fdt-oracle [-v] FILE.dtb...\n");
		return 2;
	}
	for (; i < argc; i++)
		bad_files += check_file(argv[i]) < 0;
	printf("fdt-oracle: mutations: %lu rejected by both, %lu accepted by both, %lu rejected "
	       "only by fdt_open\n",
	       o.both_reject, o.both_accept, o.only_we_reject);
	printf("fdt-oracle: libfdt differences not counted: %lu path lookups took a unit-address "
	       "match, %lu compatible lookups read past a string list\n",
	       o.libfdt_path_divergence, o.libfdt_compat_quirk);
	for (int k = 0; k < MAX_CAUSES && o.strict[k].cause; k++)
		printf("fdt-oracle:   stricter than libfdt: %lu x %s\n", o.strict[k].n,
		       o.strict[k].cause);
	printf("fdt-oracle: %lu trees, %lu mutations, %lu mismatches\n", o.trees, o.mutations,
	       o.mismatches);
	if (bad_files)
		return 2;
	return o.mismatches ? 1 : 0;
}
