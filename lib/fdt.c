// SPDX-License-Identifier: MIT
/*
 * FDT reader: validate a flattened device tree blob completely, then answer lookups.
 *
 * The format (Devicetree Specification v0.4, chapter 5). All numbers are big-endian.
 *
 *	offset 0   header: magic 0xd00dfeed, totalsize, off_dt_struct, off_dt_strings,
 *	           off_mem_rsvmap, version, last_comp_version, boot_cpuid_phys,
 *	           size_dt_strings, size_dt_struct (the last one only from version 17 on);
 *	           36 bytes for version 16, 40 for 17
 *	rsvmap     8-aligned: {u64 address, u64 size} pairs ending with {0, 0}
 *	struct     4-aligned: a stream of 32-bit tokens, each 4-aligned:
 *	             BEGIN_NODE (1) name NUL, padded to 4      a node opens
 *	             PROP (3) u32 len, u32 nameoff, value[len], padded to 4
 *	             NOP (4)                                   ignored
 *	             END_NODE (2)                              the node closes
 *	             END (9)                                   the stream ends
 *	           one node is: BEGIN_NODE, its properties, its children, END_NODE;
 *	           the stream is: NOPs, the root node (whose name is ""), FDT_END
 *	strings    property names, NUL-terminated; PROP's nameoff is an offset in here
 *
 * The blocks may come in any order after the header but must not overlap.
 *
 * fdt_open() checks all of it before anything else looks at the blob: the header fields,
 * the block bounds, alignment and overlap, the reservation block up to its terminator and
 * every token of the structure block, so afterwards lookups can rely on a well-formed tree.
 * Lookups still decode every token through the same bounds-checked tok_read(), so a bogus
 * node handle from a caller gives -EINVAL, never a read outside the blob.
 *
 * Where the spec and libfdt's fdt_check_full() differ, we take the stricter side, so that a
 * blob libfdt refuses is refused here too (the host oracle, tests/host/oracle, checks that):
 * properties after a subnode (the spec's order; libfdt would hide them from lookups),
 * anything but FDT_END after the root node, a non-empty name for the root and an empty
 * one for any other node, a zero-size reservation entry other than the terminator (libfdt
 * ends the list there), a reservation that wraps around 2^64, and non-zero bytes after
 * FDT_END inside the structure block.
 *
 * Versions: the blob's version must be at least 16 (unit names, not full paths) and its
 * last_comp_version at most 17 (the newest layout we read) and at most its version.
 *
 * Causes reported in struct fdt_error (value in parentheses):
 *	"null blob" (0), "truncated" (bytes available), "bad magic" (magic),
 *	"totalsize too large" (totalsize), "header truncated" (totalsize),
 *	"unsupported version" (version), "unsupported last_comp_version" (it),
 *	"last_comp_version above version" (it),
 *	"misaligned memory reservation block" (offset),
 *	"memory reservation block out of bounds" (offset),
 *	"misaligned struct block" (offset), "struct block out of bounds" (offset or end),
 *	"strings block out of bounds" (offset or end),
 *	"memory reservation block not terminated" (offset of the block),
 *	"memory reservation with zero size" (address), "memory reservation wraps around" (address),
 *	"memory reservation block overlaps struct block" (where the overlap starts), same for
 *	"memory reservation block overlaps strings block", "struct block overlaps strings block",
 *	and, with struct-block offsets: "missing FDT_END" (offset), "unterminated node name"
 *	(node), "node name past struct block" (node), "truncated property" (offset),
 *	"property length past struct block" (length), "property name offset past strings"
 *	(nameoff), "unterminated property name" (nameoff), "bad token" (token),
 *	"unnamed root expected" (offset), "empty node name" (offset), "nesting too deep" (depth),
 *	"unbalanced FDT_END_NODE" (offset), "property outside node" (offset),
 *	"property after subnode" (offset), "second root node" (offset),
 *	"token after root node" (offset), "unclosed node" (depth), "no root node" (offset),
 *	"data after FDT_END" (offset).
 */
#include "lib/fdt.h"
#include "lib/errno.h"
#include "lib/string.h"

enum {
	TOK_BEGIN_NODE = 1,
	TOK_END_NODE = 2,
	TOK_PROP = 3,
	TOK_NOP = 4,
	TOK_END = 9,
};

/* Header word offsets. */
enum {
	HDR_MAGIC = 0,
	HDR_TOTALSIZE = 4,
	HDR_OFF_STRUCT = 8,
	HDR_OFF_STRINGS = 12,
	HDR_OFF_RSVMAP = 16,
	HDR_VERSION = 20,
	HDR_LAST_COMP = 24,
	HDR_BOOT_CPUID = 28,
	HDR_SIZE_STRINGS = 32,
	HDR_SIZE_STRUCT = 36,
	HDR_V16_SIZE = 36,
	HDR_V17_SIZE = 40,
};

#define FDT_FIRST_VERSION 16 /* oldest blob version we read */
#define FDT_LAST_VERSION  17 /* newest layout we know */
#define RSV_ENTRY_SIZE	  16

/* One decoded token of the structure block. */
struct tok {
	u32 type;
	u32 off;	  /* offset of the token in the structure block */
	u32 next;	  /* offset of the token after it */
	const char *name; /* BEGIN_NODE: node name; PROP: property name */
	const u8 *data;	  /* PROP: value */
	u32 len;	  /* PROP: value length in bytes */
	u32 nameoff;	  /* PROP: name offset in the strings block */
};

static inline u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

u32 fdt_be32(const void *p)
{
	return be32(p);
}

static u64 be64(const void *p)
{
	const u8 *b = p;

	return (u64)be32(b) << 32 | be32(b + 4);
}

u64 fdt_read_cells(const void *p, int cells)
{
	const u8 *b = p;
	u64 v = 0;

	for (int i = 0; i < cells; i++)
		v = v << 32 | be32(b + 4 * i);
	return v;
}

/* Index of the first NUL in p[0..n), or n if there is none. */
static u32 nul_index(const u8 *p, u32 n)
{
	u32 i = 0;

	while (i < n && p[i])
		i++;
	return i;
}

/*
 * Decode the token at struct-block offset off. Returns NULL, or the cause (and *value) of
 * what makes it malformed; nothing outside the structure and strings blocks is read.
 */
static const char *tok_read(const struct fdt *fdt, u32 off, struct tok *t, u64 *value)
{
	const u8 *st = fdt->blob + fdt->off_struct;
	u32 size = fdt->size_struct;

	*value = off;
	if (off & 3)
		return "misaligned token";
	if (size < 4 || off > size - 4)
		return "missing FDT_END";
	t->type = be32(st + off);
	t->off = off;
	t->next = off + 4;
	switch (t->type) {
	case TOK_BEGIN_NODE: {
		u32 n = nul_index(st + off + 4, size - off - 4);

		if (n == size - off - 4)
			return "unterminated node name";
		t->name = (const char *)st + off + 4;
		t->next = ALIGN_UP(off + 4 + n + 1, 4u);
		if (t->next > size)
			return "node name past struct block";
		break;
	}
	case TOK_PROP:
		if (size - off < 12)
			return "truncated property";
		t->len = be32(st + off + 4);
		t->nameoff = be32(st + off + 8);
		t->data = st + off + 12;
		*value = t->len;
		if ((u64)t->len > size - off - 12 || ALIGN_UP((u64)off + 12 + t->len, 4) > size)
			return "property length past struct block";
		*value = t->nameoff;
		if (t->nameoff >= fdt->size_strings)
			return "property name offset past strings";
		if (t->nameoff >= fdt->strings_end)
			return "unterminated property name";
		t->name = (const char *)fdt->blob + fdt->off_strings + t->nameoff;
		t->next = ALIGN_UP(off + 12 + t->len, 4u);
		break;
	case TOK_END_NODE:
	case TOK_NOP:
	case TOK_END:
		break;
	default:
		*value = t->type;
		return "bad token";
	}
	return NULL;
}

/* Decode the token at off for a lookup: false if off is not a well-formed token. */
static bool tok_at(const struct fdt *fdt, int off, struct tok *t)
{
	u64 v;

	return off >= 0 && !tok_read(fdt, (u32)off, t, &v);
}

/* The header: magic, sizes, version and the bounds and alignment of each block. */
static const char *check_header(struct fdt *f, const u8 *b, size_t avail, u64 *value)
{
	u32 hdr, ts;

	*value = 0;
	if (!b)
		return "null blob";
	*value = avail;
	if (avail < 8)
		return "truncated";
	*value = be32(b + HDR_MAGIC);
	if (*value != FDT_MAGIC)
		return "bad magic";
	ts = be32(b + HDR_TOTALSIZE);
	*value = ts;
	if (ts > FDT_MAX_SIZE)
		return "totalsize too large";
	if (ts > avail) {
		*value = avail;
		return "truncated";
	}
	if (ts < HDR_BOOT_CPUID)
		return "header truncated";
	f->blob = b;
	f->totalsize = ts;
	f->version = be32(b + HDR_VERSION);
	f->last_comp_version = be32(b + HDR_LAST_COMP);
	*value = f->version;
	if (f->version < FDT_FIRST_VERSION)
		return "unsupported version";
	*value = f->last_comp_version;
	if (f->last_comp_version > FDT_LAST_VERSION)
		return "unsupported last_comp_version";
	if (f->last_comp_version > f->version)
		return "last_comp_version above version";
	hdr = f->version >= 17 ? HDR_V17_SIZE : HDR_V16_SIZE;
	*value = ts;
	if (ts < hdr)
		return "header truncated";
	f->boot_cpuid = be32(b + HDR_BOOT_CPUID);
	f->off_rsvmap = be32(b + HDR_OFF_RSVMAP);
	f->off_struct = be32(b + HDR_OFF_STRUCT);
	f->off_strings = be32(b + HDR_OFF_STRINGS);
	f->size_strings = be32(b + HDR_SIZE_STRINGS);
	/* Version 16 has no struct size: the block runs to FDT_END (see check_layout). */
	f->size_struct = f->version >= 17 ? be32(b + HDR_SIZE_STRUCT) : 0;

	*value = f->off_rsvmap;
	if (f->off_rsvmap & 7)
		return "misaligned memory reservation block";
	if (f->off_rsvmap < hdr || f->off_rsvmap > ts)
		return "memory reservation block out of bounds";
	*value = f->off_struct;
	if (f->off_struct & 3)
		return "misaligned struct block";
	if (f->off_struct < hdr || f->off_struct > ts)
		return "struct block out of bounds";
	*value = (u64)f->off_struct + f->size_struct;
	if (*value > ts)
		return "struct block out of bounds";
	*value = f->off_strings;
	if (f->off_strings < hdr || f->off_strings > ts)
		return "strings block out of bounds";
	*value = (u64)f->off_strings + f->size_strings;
	if (*value > ts)
		return "strings block out of bounds";
	/* Every name offset below the block's last NUL is a terminated string. */
	for (f->strings_end = f->size_strings; f->strings_end > 0; f->strings_end--)
		if (!b[f->off_strings + f->strings_end - 1])
			break;
	return NULL;
}

/* The memory reservation block: entries up to the {0, 0} terminator, inside the blob. */
static const char *check_rsvmap(struct fdt *f, u64 *value)
{
	for (u32 pos = f->off_rsvmap; f->totalsize - pos >= RSV_ENTRY_SIZE; pos += RSV_ENTRY_SIZE) {
		u64 addr = be64(f->blob + pos), size = be64(f->blob + pos + 8);

		*value = addr;
		if (!addr && !size)
			return NULL;
		if (!size)
			return "memory reservation with zero size";
		if (addr + (size - 1) < addr)
			return "memory reservation wraps around";
		f->num_rsv++;
	}
	*value = f->off_rsvmap;
	return "memory reservation block not terminated";
}

/* [a, a_end) and [b, b_end) share a byte: *value is where the overlap begins. */
static bool overlaps(u64 a, u64 a_end, u64 b, u64 b_end, u64 *value)
{
	if (a == a_end || b == b_end || a >= b_end || b >= a_end)
		return false;
	*value = max(a, b);
	return true;
}

/* The blocks must not overlap each other (the header was checked by check_header). */
static const char *check_layout(struct fdt *f, u64 *value)
{
	u64 rsv = f->off_rsvmap, rsv_end = rsv + (u64)(f->num_rsv + 1) * RSV_ENTRY_SIZE;
	u64 st = f->off_struct, str = f->off_strings, str_end = str + f->size_strings;

	if (f->version < 17) {
		/* The struct block may run up to the next block that starts after it. */
		u64 limit = f->totalsize;

		if (rsv > st)
			limit = min(limit, rsv);
		if (str > st && str_end > str)
			limit = min(limit, str);
		f->size_struct = (u32)(limit - st);
	}
	if (overlaps(rsv, rsv_end, st, st + f->size_struct, value))
		return "memory reservation block overlaps struct block";
	if (overlaps(rsv, rsv_end, str, str_end, value))
		return "memory reservation block overlaps strings block";
	if (overlaps(st, st + f->size_struct, str, str_end, value))
		return "struct block overlaps strings block";
	return NULL;
}

/*
 * The token stream: one unnamed root, properties before subnodes, balanced END_NODEs,
 * depth <= FDT_MAX_DEPTH, then FDT_END and nothing but zeros to the end of the block.
 */
static const char *check_structure(struct fdt *f, u64 *value)
{
	bool root_done = false, after_child = false;
	u32 pos = 0, depth = 0;
	const char *cause;
	struct tok t;

	for (;; pos = t.next) {
		cause = tok_read(f, pos, &t, value);
		if (cause)
			return cause;
		*value = pos;
		if (root_done && t.type == TOK_BEGIN_NODE)
			return "second root node";
		if (root_done && t.type != TOK_END)
			return "token after root node";
		switch (t.type) {
		case TOK_BEGIN_NODE:
			if (depth == 0 && t.name[0])
				return "unnamed root expected";
			if (depth > 0 && !t.name[0])
				return "empty node name";
			*value = ++depth;
			if (depth > FDT_MAX_DEPTH)
				return "nesting too deep";
			after_child = false;
			break;
		case TOK_END_NODE:
			if (depth == 0)
				return "unbalanced FDT_END_NODE";
			root_done = --depth == 0;
			after_child = true;
			break;
		case TOK_PROP:
			if (depth == 0)
				return "property outside node";
			if (after_child)
				return "property after subnode";
			break;
		case TOK_NOP:
			break;
		case TOK_END:
			*value = depth;
			if (depth)
				return "unclosed node";
			*value = pos;
			if (!root_done)
				return "no root node";
			if (f->version < 17)
				f->size_struct = t.next;
			for (u32 i = t.next; i < f->size_struct; i++) {
				*value = i;
				if (f->blob[f->off_struct + i])
					return "data after FDT_END";
			}
			return NULL;
		}
	}
}

int fdt_open(struct fdt *fdt, const void *blob, size_t avail, struct fdt_error *err)
{
	struct fdt f = {0};
	const char *cause;
	u64 value = 0;

	cause = check_header(&f, blob, avail, &value);
	if (!cause)
		cause = check_rsvmap(&f, &value);
	if (!cause)
		cause = check_layout(&f, &value);
	if (!cause)
		cause = check_structure(&f, &value);
	if (err) {
		err->cause = cause;
		err->value = cause ? value : 0;
	}
	if (cause)
		return -EINVAL;
	*fdt = f;
	return 0;
}

/* Node handle check: node must be the offset of a well-formed BEGIN_NODE token. */
static bool node_at(const struct fdt *fdt, int node, struct tok *t)
{
	return tok_at(fdt, node, t) && t->type == TOK_BEGIN_NODE;
}

/* First token at or after off that is not a NOP (or not a NOP/PROP if skip_props). */
static bool next_significant(const struct fdt *fdt, u32 off, bool skip_props, struct tok *t)
{
	for (;; off = t->next) {
		if (!tok_at(fdt, (int)off, t))
			return false;
		if (t->type != TOK_NOP && !(skip_props && t->type == TOK_PROP))
			return true;
	}
}

int fdt_child(const struct fdt *fdt, int node)
{
	struct tok t;

	if (!node_at(fdt, node, &t) || !next_significant(fdt, t.next, true, &t))
		return -EINVAL;
	return t.type == TOK_BEGIN_NODE ? (int)t.off : -ENOENT;
}

int fdt_sibling(const struct fdt *fdt, int node)
{
	u32 depth = 0;
	struct tok t;

	if (!node_at(fdt, node, &t))
		return -EINVAL;
	/* Skip node's subtree: stop after the END_NODE that closes it. */
	for (;;) {
		if (t.type == TOK_BEGIN_NODE)
			depth++;
		else if (t.type == TOK_END_NODE && --depth == 0)
			break;
		else if (t.type == TOK_END)
			return -EINVAL;
		if (!tok_at(fdt, (int)t.next, &t))
			return -EINVAL;
	}
	if (!next_significant(fdt, t.next, false, &t))
		return -EINVAL;
	return t.type == TOK_BEGIN_NODE ? (int)t.off : -ENOENT;
}

/*
 * Walk the tree from the root with a stack of open nodes until node is reached; fill
 * stack[0..depth] with the path to it (stack[depth] == node). Returns depth or -EINVAL.
 */
static int node_stack(const struct fdt *fdt, int node, int stack[FDT_MAX_DEPTH])
{
	int depth = -1;
	struct tok t;

	if (!node_at(fdt, node, &t))
		return -EINVAL;
	for (u32 off = 0;; off = t.next) {
		if (!tok_at(fdt, (int)off, &t))
			return -EINVAL;
		if (t.type == TOK_BEGIN_NODE) {
			if (++depth >= FDT_MAX_DEPTH)
				return -EINVAL;
			stack[depth] = (int)off;
			if ((int)off == node)
				return depth;
		} else if (t.type == TOK_END_NODE) {
			depth--;
		} else if (t.type == TOK_END) {
			return -EINVAL;
		}
	}
}

int fdt_parent(const struct fdt *fdt, int node)
{
	int stack[FDT_MAX_DEPTH];
	int depth = node_stack(fdt, node, stack);

	if (depth < 0)
		return depth;
	return depth ? stack[depth - 1] : -ENOENT;
}

int fdt_walk_next(const struct fdt *fdt, int node, int *depth)
{
	int d = -1;
	u32 off = 0;
	struct tok t;

	if (node >= 0) {
		if (!node_at(fdt, node, &t))
			return -EINVAL;
		off = t.next;
		d = depth ? *depth : 0;
	}
	for (;; off = t.next) {
		if (!tok_at(fdt, (int)off, &t))
			return -EINVAL;
		switch (t.type) {
		case TOK_BEGIN_NODE:
			if (depth)
				*depth = d + 1;
			return (int)off;
		case TOK_END_NODE:
			if (--d < 0 && depth)
				return -ENOENT;
			break;
		case TOK_END:
			return -ENOENT;
		}
	}
}

const char *fdt_name(const struct fdt *fdt, int node)
{
	struct tok t;

	return node_at(fdt, node, &t) ? t.name : NULL;
}

int fdt_node_path(const struct fdt *fdt, int node, char *buf, size_t size)
{
	int stack[FDT_MAX_DEPTH];
	int depth = node_stack(fdt, node, stack);
	size_t n = 0;

	if (depth < 0)
		return depth;
	if (!buf || !size)
		return -ENOSPC;
	for (int i = 1; i <= depth; i++) {
		const char *name = fdt_name(fdt, stack[i]);
		size_t len = strlen(name);

		if (n + 1 + len >= size)
			return -ENOSPC;
		buf[n++] = '/';
		for (size_t k = 0; k < len; k++)
			buf[n++] = name[k];
	}
	if (depth == 0) {
		if (size < 2)
			return -ENOSPC;
		buf[n++] = '/';
	}
	buf[n] = '\0';
	return (int)n;
}

/*
 * Child of parent named name[0..len). The spec's rule: a name with a unit address must match
 * exactly; one without ("cpu") also matches a child "cpu@..." when exactly one child does.
 * An exact match wins over unit-address ones.
 */
static int find_subnode(const struct fdt *fdt, int parent, const char *name, size_t len)
{
	bool has_unit = false;
	int found = -ENOENT, matches = 0;

	for (size_t i = 0; i < len; i++)
		has_unit |= name[i] == '@';
	for (int n = fdt_child(fdt, parent); n >= 0; n = fdt_sibling(fdt, n)) {
		const char *cn = fdt_name(fdt, n);

		if (strncmp(cn, name, len) != 0) /* stops at cn's NUL: name has none */
			continue;
		if (cn[len] == '\0')
			return n;
		if (!has_unit && cn[len] == '@' && matches++ == 0)
			found = n;
	}
	return matches == 1 ? found : -ENOENT;
}

/* Walk path components ("a/b@1/c", slashes repeated or trailing allowed) down from node. */
static int find_relative(const struct fdt *fdt, int node, const char *p)
{
	while (node >= 0) {
		const char *q;

		while (*p == '/')
			p++;
		if (!*p)
			return node;
		for (q = p; *q && *q != '/'; q++)
			;
		node = find_subnode(fdt, node, p, (size_t)(q - p));
		p = q;
	}
	return node;
}

int fdt_find_path(const struct fdt *fdt, const char *path)
{
	int root = fdt_walk_next(fdt, -1, NULL), node;
	const char *q, *target;

	if (!path || !*path)
		return -EINVAL;
	if (root < 0 || path[0] == '/')
		return root < 0 ? root : find_relative(fdt, root, path);
	/* An alias: its value in /aliases must be an absolute path. */
	for (q = path; *q && *q != '/'; q++)
		;
	node = find_subnode(fdt, root, "aliases", 7);
	if (node < 0)
		return -ENOENT;
	target = NULL;
	for (int p = fdt_first_prop(fdt, node); p >= 0 && !target; p = fdt_next_prop(fdt, p)) {
		const char *name;
		int len;
		const char *v = fdt_prop_at(fdt, p, &name, &len);

		if (strncmp(name, path, (size_t)(q - path)) == 0 && name[q - path] == '\0' && len > 0 &&
		    v[len - 1] == '\0' && v[0] == '/')
			target = v;
	}
	if (!target)
		return -ENOENT;
	node = find_relative(fdt, root, target);
	return node < 0 ? node : find_relative(fdt, node, q);
}

int fdt_first_prop(const struct fdt *fdt, int node)
{
	struct tok t;

	if (!node_at(fdt, node, &t) || !next_significant(fdt, t.next, false, &t))
		return -EINVAL;
	return t.type == TOK_PROP ? (int)t.off : -ENOENT;
}

int fdt_next_prop(const struct fdt *fdt, int prop)
{
	struct tok t;

	if (!tok_at(fdt, prop, &t) || t.type != TOK_PROP ||
	    !next_significant(fdt, t.next, false, &t))
		return -EINVAL;
	return t.type == TOK_PROP ? (int)t.off : -ENOENT;
}

const void *fdt_prop_at(const struct fdt *fdt, int prop, const char **name, int *len)
{
	struct tok t;

	if (!tok_at(fdt, prop, &t) || t.type != TOK_PROP) {
		if (name)
			*name = NULL;
		if (len)
			*len = 0;
		return NULL;
	}
	if (name)
		*name = t.name;
	if (len)
		*len = (int)t.len;
	return t.data;
}

const void *fdt_prop(const struct fdt *fdt, int node, const char *name, int *len)
{
	struct tok t;

	if (len)
		*len = 0;
	if (!name || !node_at(fdt, node, &t))
		return NULL;
	while (next_significant(fdt, t.next, false, &t) && t.type == TOK_PROP) {
		if (strcmp(t.name, name) == 0) {
			if (len)
				*len = (int)t.len;
			return t.data;
		}
	}
	return NULL;
}

u32 fdt_prop_u32(const struct fdt *fdt, int node, const char *name, u32 def)
{
	int len;
	const void *p = fdt_prop(fdt, node, name, &len);

	return p && len == 4 ? be32(p) : def;
}

const char *fdt_prop_str(const struct fdt *fdt, int node, const char *name)
{
	int len;
	const char *p = fdt_prop(fdt, node, name, &len);

	return p && len > 0 && p[len - 1] == '\0' ? p : NULL;
}

bool fdt_prop_has_string(const struct fdt *fdt, int node, const char *name, const char *str)
{
	int len;
	const char *p = fdt_prop(fdt, node, name, &len);
	size_t want = str ? strlen(str) : 0;

	if (!p || !str)
		return false;
	/* Each NUL-terminated string of the list; an unterminated tail never matches. */
	for (u32 i = 0; i < (u32)len;) {
		u32 n = nul_index((const u8 *)p + i, (u32)len - i);

		if (n == (u32)len - i)
			return false;
		if (n == want && memcmp(p + i, str, want) == 0)
			return true;
		i += n + 1;
	}
	return false;
}

bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	return fdt_prop_has_string(fdt, node, "compatible", compat);
}

int fdt_find_compatible(const struct fdt *fdt, int start, const char *compat)
{
	int node = start;

	while ((node = fdt_walk_next(fdt, node, NULL)) >= 0)
		if (fdt_is_compatible(fdt, node, compat))
			return node;
	return node;
}

/* The node's phandle: "phandle" if 4 bytes long, else the older "linux,phandle"; or 0. */
static u32 node_phandle(const struct fdt *fdt, int node)
{
	int len;
	const void *p = fdt_prop(fdt, node, "phandle", &len);

	if (p && len == 4)
		return be32(p);
	return fdt_prop_u32(fdt, node, "linux,phandle", 0);
}

int fdt_find_phandle(const struct fdt *fdt, u32 ph)
{
	int node = -1;

	if (ph == 0 || ph == 0xffffffffu)
		return -ENOENT;
	while ((node = fdt_walk_next(fdt, node, NULL)) >= 0)
		if (node_phandle(fdt, node) == ph)
			return node;
	return node;
}

/* Value of a #...-cells property: def if absent, -EINVAL unless 4 bytes in [lo, 2]. */
static int node_cells(const struct fdt *fdt, int node, const char *name, int def, u32 lo)
{
	struct tok t;
	int len;
	const void *p;

	if (!node_at(fdt, node, &t))
		return -EINVAL;
	p = fdt_prop(fdt, node, name, &len);
	if (!p)
		return def;
	if (len != 4 || be32(p) < lo || be32(p) > 2)
		return -EINVAL;
	return (int)be32(p);
}

int fdt_addr_cells(const struct fdt *fdt, int node)
{
	return node_cells(fdt, node, "#address-cells", 2, 1);
}

int fdt_size_cells(const struct fdt *fdt, int node)
{
	return node_cells(fdt, node, "#size-cells", 1, 0);
}

/* The reg property of node and its entry layout; returns the entry count or an error. */
static int reg_layout(const struct fdt *fdt, int node, const u8 **reg, int *ac, int *sc)
{
	int parent = fdt_parent(fdt, node), len, stride;

	if (parent < 0)
		return -EINVAL;
	*reg = fdt_prop(fdt, node, "reg", &len);
	if (!*reg)
		return 0;
	*ac = fdt_addr_cells(fdt, parent);
	*sc = fdt_size_cells(fdt, parent);
	if (*ac < 0 || *sc < 0)
		return -EINVAL;
	stride = 4 * (*ac + *sc);
	if (len % stride)
		return -EINVAL;
	return len / stride;
}

int fdt_reg_count(const struct fdt *fdt, int node)
{
	const u8 *reg;
	int ac, sc;

	return reg_layout(fdt, node, &reg, &ac, &sc);
}

int fdt_reg(const struct fdt *fdt, int node, int idx, u64 *addr, u64 *size)
{
	const u8 *reg;
	int ac = 0, sc = 0, n = reg_layout(fdt, node, &reg, &ac, &sc);

	if (n < 0)
		return n;
	if (idx < 0 || idx >= n)
		return -ENOENT;
	reg += 4 * (ac + sc) * idx;
	if (addr)
		*addr = fdt_read_cells(reg, ac);
	if (size)
		*size = fdt_read_cells(reg + 4 * ac, sc);
	return 0;
}

int fdt_memreserve(const struct fdt *fdt, unsigned i, u64 *addr, u64 *size)
{
	const u8 *e;

	if (i >= fdt->num_rsv)
		return -ENOENT;
	e = fdt->blob + fdt->off_rsvmap + (size_t)i * RSV_ENTRY_SIZE;
	if (addr)
		*addr = be64(e);
	if (size)
		*size = be64(e + 8);
	return 0;
}
