// SPDX-License-Identifier: MIT
/*
 * rvmm-dt: run rvmm's device-tree validation and memory discovery on the host.
 *
 *	rvmm-dt [--bootargs '...'] FILE.dtb
 *
 * Prints what the firmware would print at boot for this tree: the memblock layout, the
 * NUMA topology (numactl --hardware) and the zones (zoneinfo), so a board's tree can be
 * checked before flashing. The image and the DTB are assumed where OpenSBI's fw_jump puts
 * them (RAM base + 2 MiB and RAM base + 34 MiB).
 *
 * A tree the firmware would refuse: exit status 2 and one line on stderr,
 *	rvmm-dt: FILE: cause (value)
 */
#include "lib/fdt.h"
#include "mm/boot_mem.h"
#include "mm/dt_scan.h"
#include "lib/errno.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void __noreturn usage(void)
{
	fprintf(stderr, "usage: rvmm-dt [--bootargs '...'] FILE.dtb\n");
	exit(2);
}

static u8 *copy; /* the blob, exactly as long as the file */

static void __noreturn refuse(const char *file, const char *cause, unsigned long long value)
{
	free(copy);
	fflush(stdout);
	fprintf(stderr, "rvmm-dt: %s: %s (0x%llx)\n", file, cause, value);
	exit(2);
}

/* The simulated boot's memmap: host memory, freed at exit by the OS (and LSan-clean). */
static void *memmap_chunks[128]; /* per node: node data, memmap, 2 per zone */
static int nchunks;

static void *host_alloc(size_t bytes, int nid)
{
	if (nchunks == (int)(sizeof(memmap_chunks) / sizeof(memmap_chunks[0])))
		return NULL;
	return memmap_chunks[nchunks++] = calloc(1, bytes);
}

int main(int argc, char **argv)
{
	const char *file = NULL, *bootargs = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--bootargs") == 0 && i + 1 < argc)
			bootargs = argv[++i];
		else if (argv[i][0] == '-' || file)
			usage();
		else
			file = argv[i];
	}
	if (!file)
		usage();

	FILE *f = fopen(file, "rb");

	if (!f)
		refuse(file, strerror(errno), 0);
	static u8 blob[FDT_MAX_SIZE + 1];
	size_t len = fread(blob, 1, sizeof(blob), f);

	fclose(f);
	if (len > FDT_MAX_SIZE)
		refuse(file, "file larger than the largest accepted blob", len);

	/* A private copy of exactly len bytes, so ASan sees any read past the file. */
	copy = malloc(len ? len : 1);

	memcpy(copy, blob, len);
	struct fdt fdt;
	struct fdt_error err = {0};

	if (fdt_open(&fdt, copy, len, &err) != 0)
		refuse(file, err.cause, err.value);

	static struct dt_memory_info info;

	int rc = dt_scan_memory(&fdt, &info);

	if (rc == -EINVAL)
		refuse(file, "bad root cells", (unsigned long long)fdt_addr_cells(&fdt, 0));
	if (rc != 0)
		refuse(file, "no usable memory node", (unsigned long long)info.nmem);

	struct boot_mem_args args = {
	    .bootargs = bootargs ? bootargs : info.bootargs,
	    .simulate = true,
	    .dtb_size = fdt.totalsize,
	};
	rc = boot_mem_init(&info, &args);

	if (rc != 0)
		refuse(file, boot_mem_error(), (unsigned long long)-rc);
	boot_mem_host_alloc = host_alloc;
	boot_mem_report_all();
	for (int i = 0; i < nchunks; i++)
		free(memmap_chunks[i]);
	free(copy);
	return 0;
}
