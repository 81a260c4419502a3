/* SPDX-License-Identifier: MIT */
/*
 * fdtb: a tiny flattened-device-tree writer for tests, with knobs to break what it writes.
 *
 * Build the structure block with begin_node/prop/end_node (plus raw tokens and bytes for
 * corruption), then fdtb_finish() lays out header, memory reservation block, structure
 * block (ending with FDT_END) and strings block into a caller's buffer:
 *
 *	static struct fdtb b;
 *	fdtb_init(&b);
 *	fdtb_begin_node(&b, "");
 *	fdtb_prop_u32(&b, "#address-cells", 2);
 *	fdtb_end_node(&b);
 *	int size = fdtb_finish(&b, NULL, buf, sizeof(buf));
 *
 * Everything is fixed-size and static-friendly (no malloc): the suite runs on the target.
 * The builder keeps the offset of every token it wrote, so tests can cut the stream at
 * each structural boundary.
 */
#ifndef RVMM_TESTS_FDT_BUILDER_H
#define RVMM_TESTS_FDT_BUILDER_H

#include "lib/types.h"

#define FDTB_STRUCT_MAX	 8192 /* bytes of structure block, FDT_END excluded */
#define FDTB_STRINGS_MAX 1024 /* bytes of strings block */
#define FDTB_RSV_MAX	 8    /* memory reservation entries */
#define FDTB_TOK_MAX	 1024 /* tokens remembered */

/* Token values (Devicetree Specification 5.4.1), spelled out here on purpose. */
enum {
	FDTB_BEGIN_NODE = 1,
	FDTB_END_NODE = 2,
	FDTB_PROP = 3,
	FDTB_NOP = 4,
	FDTB_END = 9,
};

/* Header word offsets, for fdtb_hdr_get/fdtb_hdr_set. */
enum {
	FDTB_H_MAGIC = 0,
	FDTB_H_TOTALSIZE = 4,
	FDTB_H_OFF_STRUCT = 8,
	FDTB_H_OFF_STRINGS = 12,
	FDTB_H_OFF_RSVMAP = 16,
	FDTB_H_VERSION = 20,
	FDTB_H_LAST_COMP = 24,
	FDTB_H_BOOT_CPUID = 28,
	FDTB_H_SIZE_STRINGS = 32,
	FDTB_H_SIZE_STRUCT = 36,
	FDTB_HDR_SIZE = 40,
};

struct fdtb {
	u8 st[FDTB_STRUCT_MAX];	    /* structure block so far */
	u32 st_len;		    /* its length in bytes */
	char str[FDTB_STRINGS_MAX]; /* strings block */
	u32 str_len;		    /* its length in bytes */
	u64 rsv[FDTB_RSV_MAX][2];   /* memory reservations: address, size (bytes) */
	u32 nrsv;
	u32 tok[FDTB_TOK_MAX]; /* struct-block offset of each token written */
	u32 ntok;
	bool overflow; /* something did not fit: fdtb_finish() fails */
};

/* Layout and corruption knobs for fdtb_finish(); all-zero (or NULL) is a normal blob. */
struct fdtb_opts {
	u32 version;		/* header version (0: 17) */
	u32 last_comp_version;	/* header last_comp_version (0: 16) */
	u32 boot_cpuid;		/* header boot_cpuid_phys */
	bool no_end;		/* leave out the FDT_END token */
	bool no_rsv_terminator; /* leave out the {0, 0} entry ending the reservation block */
	u32 struct_cut;		/* nonzero: keep only this many bytes of the structure block
				   (FDT_END included) and say so in size_dt_struct */
	u32 struct_tail;	/* zero bytes added to the structure block after FDT_END */
	u32 pad;		/* zero bytes after the last block (inside totalsize) */
	bool strings_first;	/* strings block before the structure block */
};

/** Start an empty tree */
void fdtb_init(struct fdtb *b);
/** Open a node (the root is "") */
void fdtb_begin_node(struct fdtb *b, const char *name);
/** Close the innermost node */
void fdtb_end_node(struct fdtb *b);
/** Property with len bytes of value */
void fdtb_prop(struct fdtb *b, const char *name, const void *val, u32 len);
/** Property of one big-endian u32 */
void fdtb_prop_u32(struct fdtb *b, const char *name, u32 v);
/** Property of n big-endian u32 cells */
void fdtb_prop_cells(struct fdtb *b, const char *name, const u32 *cells, u32 n);
/** Property holding a NUL-terminated string */
void fdtb_prop_str(struct fdtb *b, const char *name, const char *s);
/** Corrupt property: any name offset and claimed length, followed by vlen real bytes */
void fdtb_prop_raw(struct fdtb *b, u32 nameoff, u32 len, const void *val, u32 vlen);
/** A raw 32-bit token word (NOP, END, END_NODE out of place, garbage) */
void fdtb_token(struct fdtb *b, u32 tok);
/** Raw bytes into the structure block, zero-padded to 4 */
void fdtb_bytes(struct fdtb *b, const void *p, u32 n);
/** Raw bytes appended to the strings block (e.g. a name without NUL) */
void fdtb_strings_raw(struct fdtb *b, const void *p, u32 n);
/** Offset of name in the strings block, added if new */
u32 fdtb_string(struct fdtb *b, const char *name);
/** Add a /memreserve/ entry */
void fdtb_memreserve(struct fdtb *b, u64 addr, u64 size);
/** Lay the blob out into out (cap bytes); its totalsize, or -ENOSPC */
int fdtb_finish(struct fdtb *b, const struct fdtb_opts *o, void *out, u32 cap);
/** Header word at byte offset off of a finished blob */
u32 fdtb_hdr_get(const void *blob, u32 off);
/** Overwrite the header word at byte offset off */
void fdtb_hdr_set(void *blob, u32 off, u32 v);

#endif
