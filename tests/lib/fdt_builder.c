// SPDX-License-Identifier: MIT
/*
 * fdtb: the test FDT writer (see fdt_builder.h). Layout written by fdtb_finish():
 *
 *	header (40 bytes) | reservation block (8-aligned) | struct | strings | pad
 *
 * or with strings_first: header | reservations | strings | struct (4-aligned) | pad.
 */
#include "tests/lib/fdt_builder.h"
#include "lib/errno.h"

static void put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static void put_be64(u8 *p, u64 v)
{
	put_be32(p, (u32)(v >> 32));
	put_be32(p + 4, (u32)v);
}

static u32 slen(const char *s)
{
	u32 n = 0;

	while (s[n])
		n++;
	return n;
}

static void copy(void *dst, const void *src, u32 n)
{
	u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
}

void fdtb_init(struct fdtb *b)
{
	b->st_len = 0;
	b->str_len = 0;
	b->nrsv = 0;
	b->ntok = 0;
	b->overflow = false;
}

/* Append n bytes (zero-padded to 4) to the structure block. */
static void st_put(struct fdtb *b, const void *p, u32 n)
{
	u32 padded = ALIGN_UP(n, 4u);

	if (b->st_len + padded > FDTB_STRUCT_MAX) {
		b->overflow = true;
		return;
	}
	copy(b->st + b->st_len, p, n);
	for (u32 i = n; i < padded; i++)
		b->st[b->st_len + i] = 0;
	b->st_len += padded;
}

void fdtb_token(struct fdtb *b, u32 tok)
{
	u8 w[4];

	if (b->ntok < FDTB_TOK_MAX)
		b->tok[b->ntok++] = b->st_len;
	else
		b->overflow = true;
	put_be32(w, tok);
	st_put(b, w, 4);
}

void fdtb_bytes(struct fdtb *b, const void *p, u32 n)
{
	st_put(b, p, n);
}

void fdtb_begin_node(struct fdtb *b, const char *name)
{
	fdtb_token(b, FDTB_BEGIN_NODE);
	st_put(b, name, slen(name) + 1);
}

void fdtb_end_node(struct fdtb *b)
{
	fdtb_token(b, FDTB_END_NODE);
}

void fdtb_strings_raw(struct fdtb *b, const void *p, u32 n)
{
	if (b->str_len + n > FDTB_STRINGS_MAX) {
		b->overflow = true;
		return;
	}
	copy(b->str + b->str_len, p, n);
	b->str_len += n;
}

u32 fdtb_string(struct fdtb *b, const char *name)
{
	u32 n = slen(name);

	for (u32 off = 0, end; off < b->str_len; off = end + 1) {
		u32 i = 0;

		for (end = off; end < b->str_len && b->str[end]; end++)
			;
		while (i < n && off + i < end && b->str[off + i] == name[i])
			i++;
		if (i == n && off + n == end && end < b->str_len)
			return off;
	}
	fdtb_strings_raw(b, name, n + 1);
	return b->overflow ? 0 : b->str_len - n - 1;
}

void fdtb_prop_raw(struct fdtb *b, u32 nameoff, u32 len, const void *val, u32 vlen)
{
	u8 w[8];

	fdtb_token(b, FDTB_PROP);
	put_be32(w, len);
	put_be32(w + 4, nameoff);
	st_put(b, w, 8);
	if (vlen)
		st_put(b, val, vlen);
}

void fdtb_prop(struct fdtb *b, const char *name, const void *val, u32 len)
{
	fdtb_prop_raw(b, fdtb_string(b, name), len, val, len);
}

void fdtb_prop_u32(struct fdtb *b, const char *name, u32 v)
{
	fdtb_prop_cells(b, name, &v, 1);
}

void fdtb_prop_cells(struct fdtb *b, const char *name, const u32 *cells, u32 n)
{
	u8 buf[64];

	if (n > sizeof(buf) / 4) {
		b->overflow = true;
		return;
	}
	for (u32 i = 0; i < n; i++)
		put_be32(buf + 4 * i, cells[i]);
	fdtb_prop(b, name, buf, 4 * n);
}

void fdtb_prop_str(struct fdtb *b, const char *name, const char *s)
{
	fdtb_prop(b, name, s, slen(s) + 1);
}

void fdtb_memreserve(struct fdtb *b, u64 addr, u64 size)
{
	if (b->nrsv == FDTB_RSV_MAX) {
		b->overflow = true;
		return;
	}
	b->rsv[b->nrsv][0] = addr;
	b->rsv[b->nrsv][1] = size;
	b->nrsv++;
}

u32 fdtb_hdr_get(const void *blob, u32 off)
{
	const u8 *p = (const u8 *)blob + off;

	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

void fdtb_hdr_set(void *blob, u32 off, u32 v)
{
	put_be32((u8 *)blob + off, v);
}

int fdtb_finish(struct fdtb *b, const struct fdtb_opts *o, void *out, u32 cap)
{
	static const struct fdtb_opts none;
	u8 *p = out;
	u32 rsv_off = FDTB_HDR_SIZE, rsv_len, st_len, st_off, str_off, end;

	if (!o)
		o = &none;
	if (b->overflow)
		return -ENOSPC;
	rsv_len = (b->nrsv + (o->no_rsv_terminator ? 0 : 1)) * 16;
	st_len = b->st_len + (o->no_end ? 0 : 4) + o->struct_tail;
	if (o->struct_cut && o->struct_cut < st_len)
		st_len = o->struct_cut;
	if (o->strings_first) {
		str_off = rsv_off + rsv_len;
		st_off = ALIGN_UP(str_off + b->str_len, 4u);
		end = st_off + st_len;
	} else {
		st_off = rsv_off + rsv_len;
		str_off = st_off + st_len;
		end = str_off + b->str_len;
	}
	end += o->pad;
	if (end > cap)
		return -ENOSPC;
	for (u32 i = 0; i < end; i++)
		p[i] = 0;

	fdtb_hdr_set(p, FDTB_H_MAGIC, 0xd00dfeed);
	fdtb_hdr_set(p, FDTB_H_TOTALSIZE, end);
	fdtb_hdr_set(p, FDTB_H_OFF_STRUCT, st_off);
	fdtb_hdr_set(p, FDTB_H_OFF_STRINGS, str_off);
	fdtb_hdr_set(p, FDTB_H_OFF_RSVMAP, rsv_off);
	fdtb_hdr_set(p, FDTB_H_VERSION, o->version ? o->version : 17);
	fdtb_hdr_set(p, FDTB_H_LAST_COMP, o->last_comp_version ? o->last_comp_version : 16);
	fdtb_hdr_set(p, FDTB_H_BOOT_CPUID, o->boot_cpuid);
	fdtb_hdr_set(p, FDTB_H_SIZE_STRINGS, b->str_len);
	fdtb_hdr_set(p, FDTB_H_SIZE_STRUCT, st_len);

	for (u32 i = 0; i < b->nrsv; i++) {
		put_be64(p + rsv_off + 16 * i, b->rsv[i][0]);
		put_be64(p + rsv_off + 16 * i + 8, b->rsv[i][1]);
	}
	/* Struct block: tokens, then FDT_END, then the tail (already zero), cut to st_len. */
	copy(p + st_off, b->st, min(st_len, b->st_len));
	if (!o->no_end && st_len >= b->st_len + 4)
		put_be32(p + st_off + b->st_len, FDTB_END);
	else if (!o->no_end && st_len > b->st_len)
		copy(p + st_off + b->st_len, "\0\0\0\x09", st_len - b->st_len);
	copy(p + str_off, b->str, b->str_len);
	return (int)end;
}
