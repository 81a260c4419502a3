// SPDX-License-Identifier: MIT
/* NUMA topology and the numactl --hardware report. */
#include "mm/numa.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/page.h"
#include "lib/printf.h"
#include "lib/string.h"

struct numa_topology numa = {.nr_nodes = 1};

void numa_init(const struct dt_memory_info *info)
{
	memset(&numa, 0, sizeof(numa));
	numa.nr_nodes = info->nr_nodes > 0 ? info->nr_nodes : 1;
	numa.from_tree = info->numa;
	memcpy(numa.distance, info->distance, sizeof(numa.distance));
	for (int i = 0; i < info->ncpu; i++) {
		if (!info->cpu[i].usable)
			continue;
		numa.cpu_hartid[numa.nr_cpus] = info->cpu[i].hartid;
		numa.cpu_node[numa.nr_cpus] = info->cpu[i].nid;
		numa.nr_cpus++;
	}
}

int hart_to_cpu(u32 hartid)
{
	for (int i = 0; i < numa.nr_cpus; i++)
		if (numa.cpu_hartid[i] == hartid)
			return i;
	return -1;
}

int hart_to_node(u32 hartid)
{
	int cpu = hart_to_cpu(hartid);

	return cpu < 0 ? 0 : numa.cpu_node[cpu];
}

/* Bytes of memblock memory and of free (unreserved) memory on node nid. */
static void node_sizes(int nid, u64 *total, u64 *free)
{
	const struct memblock_region *r;
	phys_addr_t start, end;
	u64 i;

	*total = 0;
	*free = 0;
	for_each_mem_region(r)
		if (r->nid == nid || (numa.nr_nodes == 1 && r->nid == NUMA_NO_NODE))
			*total += r->size;
	for_each_free_mem_range(i, nid, &start, &end)
		*free += end - start;
}

/* Free pages of a node: the buddy's count once the node is online, else memblock's. */
static u64 node_free_bytes(int nid, u64 memblock_free)
{
	struct zone *zone;
	u64 n = 0;

	if (!node_online(nid))
		return memblock_free;
	for_each_zone_in(zone, NODE_DATA(nid))
		n += READ_ONCE(zone->nr_free_pages);
	return n << PAGE_SHIFT;
}

void numa_report(void)
{
	printf("available: %d nodes (0-%d)\n", numa.nr_nodes, numa.nr_nodes - 1);
	for (int n = 0; n < numa.nr_nodes; n++) {
		u64 total, free;

		printf("node %d cpus:", n);
		for (int c = 0; c < numa.nr_cpus; c++)
			if (numa.cpu_node[c] == n)
				printf(" %d", c);
		printf("\n");
		node_sizes(n, &total, &free);
		free = node_free_bytes(n, free);
		printf("node %d size: %llu MB\n", n, (unsigned long long)(total >> 20));
		printf("node %d free: %llu MB\n", n, (unsigned long long)(free >> 20));
	}
	printf("node distances:\n");
	printf("node ");
	for (int b = 0; b < numa.nr_nodes; b++)
		printf("%3d ", b);
	printf("\n");
	for (int a = 0; a < numa.nr_nodes; a++) {
		printf("%3d: ", a);
		for (int b = 0; b < numa.nr_nodes; b++)
			printf("%3d ", numa.distance[a][b]);
		printf("\n");
	}
}
