/* SPDX-License-Identifier: MIT */
/*
 * Memory and topology discovery from a validated device tree: /memory nodes, /memreserve/,
 * /reserved-memory, /cpus and numa-distance-map-v1. The result is plain data; turning it
 * into memblock ranges, nodes and CMA areas is the next step (mm/mem_init.c).
 *
 * What the tree says is sanitized here, each problem reported once as
 * "dt: NODE: cause (value)": sub-page, zero-size or wrapping memory ranges are dropped,
 * unaligned ones trimmed to whole pages, bad cells or reg lengths make the node ignored,
 * invalid NUMA ids or distances fall back to one node / default distances.
 */
#ifndef RVMM_MM_DT_SCAN_H
#define RVMM_MM_DT_SCAN_H

#include "lib/fdt.h"

#define MAX_NUMNODES      8
#define NUMA_NO_NODE      (-1)
#define LOCAL_DISTANCE    10
#define REMOTE_DISTANCE   20
#define NR_CPUS           32
#define DT_MAX_MEMORY     64
#define DT_MAX_RESERVED   32
#define DT_MAX_ALLOC_RANGES 4

enum dt_rsv_kind {
	DT_RSV_MEMRESERVE, /* a /memreserve/ entry */
	DT_RSV_STATIC,     /* /reserved-memory child with reg */
	DT_RSV_DYNAMIC,    /* /reserved-memory child with size: placed at boot */
};

struct dt_mem {
	u64 base, size; /* bytes, page aligned */
	int nid;        /* node from numa-node-id (0 without NUMA) */
};

struct dt_reserved {
	char name[48];   /* node name ("linux,cma", "mmode_resv0@80000000") or "/memreserve/" */
	enum dt_rsv_kind kind;
	u64 base, size;  /* bytes; base is 0 for a dynamic region until it is placed */
	u64 align;       /* dynamic: alignment in bytes (0: none given) */
	u64 ranges[DT_MAX_ALLOC_RANGES][2]; /* dynamic: alloc-ranges (base, size) */
	int nranges;
	bool nomap;          /* no-map: not in the direct map, never given to the allocator */
	bool reusable;       /* reusable: the OS may use it (CMA) */
	bool shared_dma_pool; /* compatible "shared-dma-pool" */
	bool cma_default;    /* linux,cma-default */
};

struct dt_cpu {
	u32 hartid;    /* reg */
	int nid;       /* numa-node-id, 0 without NUMA */
	bool usable;   /* status okay and an MMU we can use (riscv,sv39 or larger) */
	char mmu[16];  /* mmu-type without the "riscv," prefix, "" if none */
};

struct dt_memory_info {
	struct dt_mem mem[DT_MAX_MEMORY];
	int nmem;
	struct dt_reserved rsv[DT_MAX_RESERVED];
	int nrsv;
	struct dt_cpu cpu[NR_CPUS];
	int ncpu;
	int nr_nodes;                                /* node ids 0..nr_nodes-1 */
	bool numa;                                   /* numa-node-id present and valid */
	bool distance_map;                           /* distances came from the tree */
	u8 distance[MAX_NUMNODES][MAX_NUMNODES];
	u32 timebase_hz;                             /* /cpus timebase-frequency */
	const char *bootargs;                        /* /chosen/bootargs or NULL */
	const char *model;                           /* /model or NULL */
	int warnings;                                /* problems reported */
};

/** Scan fdt into info; 0, or -ENOENT when no usable memory remains (a fatal boot error) */
int dt_scan_memory(const struct fdt *fdt, struct dt_memory_info *info);

#endif
