/* SPDX-License-Identifier: MIT */
/*
 * NUMA topology: nodes, the distance matrix and the CPU-to-node map, as discovered from
 * the device tree (mm/dt_scan.c) and validated there. Logical CPU numbers are the order of
 * usable harts in /cpus.
 */
#ifndef RVMM_MM_NUMA_H
#define RVMM_MM_NUMA_H

#include "mm/dt_scan.h"

struct numa_topology {
	int nr_nodes;                              /* node ids 0..nr_nodes-1 */
	u8 distance[MAX_NUMNODES][MAX_NUMNODES];   /* 10 local, 11..255 remote */
	int nr_cpus;                               /* usable harts */
	u32 cpu_hartid[NR_CPUS];                   /* logical cpu -> hart id */
	int cpu_node[NR_CPUS];                     /* logical cpu -> node */
	bool from_tree;                            /* numa-node-id present and valid */
};

extern struct numa_topology numa;

/** Take the topology from a device-tree scan */
void numa_init(const struct dt_memory_info *info);
/** Node of a hart id (0 if unknown) */
int hart_to_node(u32 hartid);
/** Logical CPU number of a hart id, -1 if unknown */
int hart_to_cpu(u32 hartid);
/**
 * Print `numactl --hardware`: "available: N nodes (0-M)", per node cpus/size/free, and
 * the distance matrix. Sizes are the memblock memory of the node; free is the buddy's
 * free pages once the node is online, memblock's unreserved memory before.
 */
void numa_report(void);

#endif
