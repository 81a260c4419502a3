// SPDX-License-Identifier: MIT
/*
 * Device-tree memory discovery. Runs once at boot (and in rvmm-dt on the host) over a
 * blob that fdt_open() has already validated structurally; what is checked here is what
 * the tree means. Each scanner appends to struct dt_memory_info, and NUMA is decided last,
 * when every numa-node-id has been seen:
 *
 *	scan_memory()    /memory nodes (device_type "memory"), reg in root cells
 *	scan_memreserve() the /memreserve/ block
 *	scan_reserved()  /reserved-memory children: reg (static) or size (dynamic)
 *	scan_cpus()      /cpus/cpu@N: hart id, numa-node-id, mmu-type, status
 *	scan_numa()      node ids, numa-distance-map-v1, validation with fallback
 */
#include "mm/dt_scan.h"
#include "mm/page.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

static void warn(struct dt_memory_info *info, const struct fdt *fdt, int node, const char *cause,
		 u64 value)
{
	const char *name = node >= 0 ? fdt_name(fdt, node) : "";

	printf("dt: %s: %s (0x%llx)\n", name[0] ? name : "/", cause, (unsigned long long)value);
	info->warnings++;
}

static bool node_disabled(const struct fdt *fdt, int node)
{
	const char *st = fdt_prop_str(fdt, node, "status");

	return st && strcmp(st, "okay") != 0 && strcmp(st, "ok") != 0;
}

/* numa-node-id of node, NUMA_NO_NODE when absent or malformed. */
static int node_nid(const struct fdt *fdt, int node)
{
	int len;
	const void *p = fdt_prop(fdt, node, "numa-node-id", &len);

	return p && len == 4 ? (int)fdt_be32(p) : NUMA_NO_NODE;
}

static void add_memory(struct dt_memory_info *info, const struct fdt *fdt, int node, u64 base,
		       u64 size, int nid)
{
	if (size == 0) {
		warn(info, fdt, node, "zero-size memory range ignored", base);
		return;
	}
	if (base + size < base) {
		warn(info, fdt, node, "memory range wraps around the address space, ignored", base);
		return;
	}
	u64 start = ALIGN_UP(base, PAGE_SIZE), end = ALIGN_DOWN(base + size, PAGE_SIZE);

	if (start >= end) {
		warn(info, fdt, node, "memory range smaller than a page ignored", base);
		return;
	}
	if (start != base || end != base + size)
		warn(info, fdt, node, "memory range not page aligned, trimmed", base);
	if (info->nmem == DT_MAX_MEMORY) {
		warn(info, fdt, node, "too many memory ranges, ignored", base);
		return;
	}
	info->mem[info->nmem++] = (struct dt_mem){.base = start, .size = end - start, .nid = nid};
}

static int scan_memory(const struct fdt *fdt, struct dt_memory_info *info)
{
	int root = fdt_find_path(fdt, "/");
	int ac = fdt_addr_cells(fdt, root), sc = fdt_size_cells(fdt, root);

	if (ac < 1 || ac > 2) {
		warn(info, fdt, root, "root #address-cells out of range", (u64)(s64)ac);
		return -EINVAL;
	}
	if (sc < 1 || sc > 2) {
		warn(info, fdt, root, "root #size-cells out of range", (u64)(s64)sc);
		return -EINVAL;
	}
	for (int node = fdt_child(fdt, root); node >= 0; node = fdt_sibling(fdt, node)) {
		const char *type = fdt_prop_str(fdt, node, "device_type");

		if (!type || strcmp(type, "memory") != 0 || node_disabled(fdt, node))
			continue;
		int n = fdt_reg_count(fdt, node);

		if (n < 0) {
			int len = 0;

			fdt_prop(fdt, node, "reg", &len);
			warn(info, fdt, node, "reg length not a multiple of the cells, node ignored",
			     (u64)len);
			continue;
		}
		int nid = node_nid(fdt, node);

		for (int i = 0; i < n; i++) {
			u64 base, size;

			if (fdt_reg(fdt, node, i, &base, &size) == 0)
				add_memory(info, fdt, node, base, size, nid);
		}
	}
	return 0;
}

static void add_reserved(struct dt_memory_info *info, const struct fdt *fdt, int node,
			 const struct dt_reserved *r)
{
	if (info->nrsv == DT_MAX_RESERVED) {
		warn(info, fdt, node, "too many reserved regions, ignored", r->base);
		return;
	}
	info->rsv[info->nrsv++] = *r;
}

static void scan_memreserve(const struct fdt *fdt, struct dt_memory_info *info)
{
	u64 base, size;

	for (unsigned i = 0; fdt_memreserve(fdt, i, &base, &size) == 0; i++) {
		struct dt_reserved r = {.kind = DT_RSV_MEMRESERVE, .base = base, .size = size};

		strlcpy(r.name, "/memreserve/", sizeof(r.name));
		if (size == 0 || base + size < base) {
			warn(info, fdt, -1, "/memreserve/ entry empty or wrapping, ignored", base);
			continue;
		}
		add_reserved(info, fdt, -1, &r);
	}
}

/* The region properties every /reserved-memory child may carry. */
static void reserved_flags(const struct fdt *fdt, int node, struct dt_reserved *r)
{
	r->nomap = fdt_prop(fdt, node, "no-map", NULL) != NULL;
	r->reusable = fdt_prop(fdt, node, "reusable", NULL) != NULL;
	r->shared_dma_pool = fdt_is_compatible(fdt, node, "shared-dma-pool");
	r->cma_default = fdt_prop(fdt, node, "linux,cma-default", NULL) != NULL;
	strlcpy(r->name, fdt_name(fdt, node), sizeof(r->name));
	/*
	 * OpenSBI adds its own M-mode region (PMP-protected, "mmode_resv*") without no-map on
	 * recent versions; touching it from S-mode faults, so it stays out of the direct map.
	 */
	if (strncmp(r->name, "mmode_resv", 10) == 0)
		r->nomap = true;
}

static void scan_reserved(const struct fdt *fdt, struct dt_memory_info *info)
{
	int rm = fdt_find_path(fdt, "/reserved-memory");

	if (rm < 0)
		return;
	int ac = fdt_addr_cells(fdt, rm), sc = fdt_size_cells(fdt, rm);

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		warn(info, fdt, rm, "bad #address-cells/#size-cells, reserved-memory ignored",
		     (u64)fdt_prop_u32(fdt, rm, "#address-cells", 2) << 8 |
			     fdt_prop_u32(fdt, rm, "#size-cells", 1));
		return;
	}
	for (int node = fdt_child(fdt, rm); node >= 0; node = fdt_sibling(fdt, node)) {
		struct dt_reserved r = {0};
		int len;

		if (node_disabled(fdt, node))
			continue;
		reserved_flags(fdt, node, &r);
		if (r.nomap && r.reusable) {
			warn(info, fdt, node, "no-map and reusable together, region ignored", 0);
			continue;
		}
		int n = fdt_reg_count(fdt, node);

		if (n < 0) {
			warn(info, fdt, node, "reg length not a multiple of the cells, ignored", 0);
			continue;
		}
		if (n > 0) {
			r.kind = DT_RSV_STATIC;
			for (int i = 0; i < n; i++) {
				if (fdt_reg(fdt, node, i, &r.base, &r.size) != 0)
					continue;
				if (r.size == 0 || r.base + r.size < r.base) {
					warn(info, fdt, node, "reserved range empty or wrapping, ignored",
					     r.base);
					continue;
				}
				add_reserved(info, fdt, node, &r);
			}
			continue;
		}
		const void *sz = fdt_prop(fdt, node, "size", &len);

		if (!sz || len != sc * 4) {
			warn(info, fdt, node, "neither reg nor a valid size, ignored", (u64)len);
			continue;
		}
		r.kind = DT_RSV_DYNAMIC;
		r.size = fdt_read_cells(sz, sc);
		if (r.size == 0) {
			warn(info, fdt, node, "zero size, ignored", 0);
			continue;
		}
		const void *al = fdt_prop(fdt, node, "alignment", &len);

		if (al && len == sc * 4)
			r.align = fdt_read_cells(al, sc);
		if (r.align & (r.align - 1)) {
			warn(info, fdt, node, "alignment not a power of two, ignored", r.align);
			r.align = 0;
		}
		const u8 *ar = fdt_prop(fdt, node, "alloc-ranges", &len);
		int entry = (ac + sc) * 4;

		if (ar && len % entry != 0) {
			warn(info, fdt, node, "alloc-ranges length not a multiple of the cells",
			     (u64)len);
			continue;
		}
		for (int off = 0; ar && off < len; off += entry) {
			if (r.nranges == DT_MAX_ALLOC_RANGES) {
				warn(info, fdt, node, "too many alloc-ranges, rest ignored",
				     (u64)(len / entry));
				break;
			}
			r.ranges[r.nranges][0] = fdt_read_cells(ar + off, ac);
			r.ranges[r.nranges][1] = fdt_read_cells(ar + off + ac * 4, sc);
			r.nranges++;
		}
		add_reserved(info, fdt, node, &r);
	}
}

static void scan_cpus(const struct fdt *fdt, struct dt_memory_info *info)
{
	int cpus = fdt_find_path(fdt, "/cpus");

	if (cpus < 0)
		return;
	info->timebase_hz = fdt_prop_u32(fdt, cpus, "timebase-frequency", 0);
	for (int node = fdt_child(fdt, cpus); node >= 0; node = fdt_sibling(fdt, node)) {
		const char *type = fdt_prop_str(fdt, node, "device_type");
		struct dt_cpu c = {.nid = node_nid(fdt, node)};
		u64 hart, unused;

		if (!type || strcmp(type, "cpu") != 0)
			continue;
		if (fdt_reg(fdt, node, 0, &hart, &unused) != 0) {
			warn(info, fdt, node, "cpu without a valid reg, ignored", 0);
			continue;
		}
		if (info->ncpu == NR_CPUS) {
			warn(info, fdt, node, "more harts than NR_CPUS, ignored", NR_CPUS);
			break;
		}
		c.hartid = (u32)hart;
		const char *mmu = fdt_prop_str(fdt, node, "mmu-type");

		if (mmu) {
			strlcpy(c.mmu, strncmp(mmu, "riscv,", 6) == 0 ? mmu + 6 : mmu, sizeof(c.mmu));
		}
		c.usable = !node_disabled(fdt, node) &&
			   (strcmp(c.mmu, "sv39") == 0 || strcmp(c.mmu, "sv48") == 0 ||
			    strcmp(c.mmu, "sv57") == 0);
		info->cpu[info->ncpu++] = c;
	}
}

/*
 * NUMA: on only if every memory range has a valid numa-node-id. Distances default to
 * 10 local / 20 remote; a numa-distance-map-v1 is accepted only if every entry is valid
 * (in range, 10 on the diagonal, 11..255 off it) and the matrix is symmetric, else the
 * defaults stay and one warning says why (Linux does the same).
 */
static void set_default_distances(struct dt_memory_info *info)
{
	for (int a = 0; a < MAX_NUMNODES; a++)
		for (int b = 0; b < MAX_NUMNODES; b++)
			info->distance[a][b] = a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

static void scan_numa(const struct fdt *fdt, struct dt_memory_info *info)
{
	int maxnid = -1;
	bool some = false, all = true;

	set_default_distances(info);
	info->nr_nodes = 1;
	for (int i = 0; i < info->nmem; i++) {
		int nid = info->mem[i].nid;

		if (nid == NUMA_NO_NODE) {
			all = false;
			continue;
		}
		some = true;
		if (nid < 0 || nid >= MAX_NUMNODES) {
			warn(info, fdt, -1, "numa-node-id out of range, NUMA off", (u64)(u32)nid);
			all = false;
			some = false;
			break;
		}
		maxnid = max(maxnid, nid);
	}
	for (int i = 0; i < info->ncpu && some && all; i++) {
		int cnid = info->cpu[i].nid;

		if (cnid != NUMA_NO_NODE && (cnid < 0 || cnid > maxnid)) {
			warn(info, fdt, -1, "cpu numa-node-id without memory, NUMA off",
			     (u64)(u32)cnid);
			all = false;
		}
	}
	if (some && !all)
		warn(info, fdt, -1, "numa-node-id missing on some memory, NUMA off", 0);
	info->numa = some && all;
	if (!info->numa) {
		for (int i = 0; i < info->nmem; i++)
			info->mem[i].nid = 0;
		for (int i = 0; i < info->ncpu; i++)
			info->cpu[i].nid = 0;
		return;
	}
	info->nr_nodes = maxnid + 1;
	for (int i = 0; i < info->ncpu; i++)
		if (info->cpu[i].nid == NUMA_NO_NODE)
			info->cpu[i].nid = 0;

	int dm = fdt_find_compatible(fdt, -1, "numa-distance-map-v1");
	int len;

	if (dm < 0)
		return;
	const u8 *m = fdt_prop(fdt, dm, "distance-matrix", &len);

	if (!m || len % 12 != 0) {
		warn(info, fdt, dm, "distance-matrix missing or not triplets, defaults used",
		     (u64)len);
		return;
	}
	u8 d[MAX_NUMNODES][MAX_NUMNODES] = {{0}};

	for (int off = 0; off < len; off += 12) {
		u32 a = fdt_be32(m + off), b = fdt_be32(m + off + 4), v = fdt_be32(m + off + 8);

		if (a >= (u32)info->nr_nodes || b >= (u32)info->nr_nodes) {
			warn(info, fdt, dm, "distance for a node that does not exist, defaults used",
			     max(a, b));
			return;
		}
		if ((a == b && v != LOCAL_DISTANCE) || (a != b && (v <= LOCAL_DISTANCE || v > 255))) {
			warn(info, fdt, dm, "invalid distance, defaults used", v);
			return;
		}
		if ((d[a][b] && d[a][b] != v) || (d[b][a] && d[b][a] != v)) {
			warn(info, fdt, dm, "asymmetric distance, defaults used", v);
			return;
		}
		d[a][b] = d[b][a] = (u8)v;
	}
	for (int a = 0; a < info->nr_nodes; a++)
		for (int b = 0; b < info->nr_nodes; b++)
			if (d[a][b])
				info->distance[a][b] = d[a][b];
	info->distance_map = true;
}

int dt_scan_memory(const struct fdt *fdt, struct dt_memory_info *info)
{
	int chosen = fdt_find_path(fdt, "/chosen");

	memset(info, 0, sizeof(*info));
	info->bootargs = chosen >= 0 ? fdt_prop_str(fdt, chosen, "bootargs") : NULL;
	info->model = fdt_prop_str(fdt, fdt_find_path(fdt, "/"), "model");
	if (scan_memory(fdt, info) != 0)
		return -EINVAL;
	scan_memreserve(fdt, info);
	scan_reserved(fdt, info);
	scan_cpus(fdt, info);
	scan_numa(fdt, info);
	if (info->nmem == 0) {
		printf("dt: no usable memory node (0 ranges)\n");
		return -ENOENT;
	}
	return 0;
}
