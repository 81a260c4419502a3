/* SPDX-License-Identifier: MIT */
/*
 * FDT reader: validates a flattened device tree blob completely before anything reads it,
 * then answers lookups without further bounds surprises.
 *
 * Node handles are byte offsets of FDT_BEGIN_NODE tokens inside the structure block (as in
 * the Devicetree specification), so they can be compared with other readers' offsets.
 * A negative handle is an error code from lib/errno.h.
 *
 * A handle that is not a node gives -EINVAL (or NULL/false), never a read outside the blob.
 *
 * Names avoid libfdt's exported symbols so the host oracle can link both; the one clash,
 * fdt_size_cells, is renamed at the symbol level below (callers still write fdt_size_cells).
 */
#ifndef RVMM_LIB_FDT_H
#define RVMM_LIB_FDT_H

#include "lib/types.h"

#define FDT_MAGIC     0xd00dfeed
#define FDT_MAX_DEPTH 64	 /* deepest nesting we accept */
#define FDT_MAX_SIZE  (2u << 20) /* largest blob we accept: 2 MiB */

#define fdt_size_cells rvmm_fdt_size_cells /* libfdt exports fdt_size_cells too */

/* A validated blob. Filled by fdt_open(); read-only afterwards. */
struct fdt {
	const u8 *blob;
	u32 totalsize;
	u32 off_struct, size_struct;   /* structure block: offset and size in bytes */
	u32 off_strings, size_strings; /* strings block */
	u32 off_rsvmap;		       /* memory reservation block */
	u32 num_rsv;		       /* /memreserve/ entries before the terminator */
	u32 version, last_comp_version, boot_cpuid;
	u32 strings_end; /* strings block bytes up to its last NUL: names below it are terminated */
};

/* Why fdt_open() refused a blob: a fixed cause and the offending value. */
struct fdt_error {
	const char *cause; /* e.g. "bad magic", "property name offset past strings" */
	u64 value;	   /* the offending value (magic, offset, length, depth...) */
};

/** Validate the whole blob (at most avail bytes readable at blob); 0 or -EINVAL with *err set */
int fdt_open(struct fdt *fdt, const void *blob, size_t avail, struct fdt_error *err);

/** Node at an absolute path ("/", "/chosen", "/soc/serial@10000000") or an alias-relative
 *  one ("serial0"); "cpu" matches "cpu@0" when it is the only such child; -ENOENT if none */
int fdt_find_path(const struct fdt *fdt, const char *path);
/** First child of node, or -ENOENT */
int fdt_child(const struct fdt *fdt, int node);
/** Next sibling of node, or -ENOENT */
int fdt_sibling(const struct fdt *fdt, int node);
/** Parent of node (-ENOENT for the root) */
int fdt_parent(const struct fdt *fdt, int node);
/** Next node in document order after node (start with -1 for the root), or -ENOENT; if depth
 *  is given it holds node's depth and gets the new node's (root 0), and the walk ends
 *  (-ENOENT) when it would drop below 0 (as libfdt's fdt_next_node: pass 0 to walk a subtree) */
int fdt_walk_next(const struct fdt *fdt, int node, int *depth);
/** Full name of node ("serial@10000000"; "" for the root) */
const char *fdt_name(const struct fdt *fdt, int node);
/** Value of property name of node, its length in *len; NULL (and *len 0) if absent */
const void *fdt_prop(const struct fdt *fdt, int node, const char *name, int *len);
/** First property of node as a cursor for fdt_prop_at(), or -ENOENT */
int fdt_first_prop(const struct fdt *fdt, int node);
/** Property after cursor prop, or -ENOENT */
int fdt_next_prop(const struct fdt *fdt, int prop);
/** Value of the property at cursor prop, its name in *name and length in *len; NULL if bad */
const void *fdt_prop_at(const struct fdt *fdt, int prop, const char **name, int *len);
/** Full path of node into buf ("/soc/serial@10000000"); its length, or -ENOSPC */
int fdt_node_path(const struct fdt *fdt, int node, char *buf, size_t size);
/** Property as one big-endian u32; def if absent or not 4 bytes long */
u32 fdt_prop_u32(const struct fdt *fdt, int node, const char *name, u32 def);
/** Property as a NUL-terminated string; NULL if absent or not terminated */
const char *fdt_prop_str(const struct fdt *fdt, int node, const char *name);
/** Does a string-list property contain str? */
bool fdt_prop_has_string(const struct fdt *fdt, int node, const char *name, const char *str);
/** Is node compatible with compat? */
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat);
/** Next node after start (-1: from the top) compatible with compat, or -ENOENT */
int fdt_find_compatible(const struct fdt *fdt, int start, const char *compat);
/** Node whose phandle is ph, or -ENOENT */
int fdt_find_phandle(const struct fdt *fdt, u32 ph);
/** #address-cells that node gives its children (default 2); -EINVAL if > 2 or 0 for reg use */
int fdt_addr_cells(const struct fdt *fdt, int node);
/** #size-cells that node gives its children (default 1); -EINVAL if > 2 */
int fdt_size_cells(const struct fdt *fdt, int node);
/** Decode reg entry idx of node using its parent's cells; 0, -ENOENT past the end, -EINVAL bad */
int fdt_reg(const struct fdt *fdt, int node, int idx, u64 *addr, u64 *size);
/** Number of reg entries of node (0 if none), -EINVAL if length is not a multiple */
int fdt_reg_count(const struct fdt *fdt, int node);
/** /memreserve/ entry i: 0 or -ENOENT */
int fdt_memreserve(const struct fdt *fdt, unsigned i, u64 *addr, u64 *size);
/** Read a cells-long (1 or 2) big-endian number from p */
u64 fdt_read_cells(const void *p, int cells);
/** Big-endian 32-bit load from an unaligned pointer */
u32 fdt_be32(const void *p);

#endif
