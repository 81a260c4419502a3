/* SPDX-License-Identifier: MIT */
/*
 * The vmalloc area: virtually contiguous kernel memory in [VMALLOC_START, VMALLOC_END)
 * (mm/layout.h), with Linux's names: vmalloc() and friends map pages that need not be
 * physically contiguous, vmap() maps pages the caller already has, ioremap() maps device
 * registers. Every area is followed by one unmapped guard page, so running off its end
 * faults; vmalloc_fault_lookup() tells the trap handler which area that was.
 *
 * vmalloc never calls the page allocator directly: pages (for data, page lists and area
 * descriptors) come through a struct vmalloc_page_ops given to vmalloc_init(), and the
 * mappings go into the struct pgtable given there (mm/pgtable.h). The firmware wires both
 * to the buddy allocator and the kernel page table; a test wires them to static pools.
 *
 * Movable areas: __vmalloc(size, GFP_KERNEL | __GFP_MOVABLE) with ops->page_struct set
 * gives pages that may sit in CMA pageblocks; each is marked movable (mm/migrate.h) with
 * page->private = its virtual address, so migration finds the area and the page index.
 *
 * Locking: one spinlock per instance, held for the whole of each call (page allocation and
 * mapping included), so the page table's writers for this range are serialised by it.
 * Callers must not hold it (no vmalloc from inside ops). Not for interrupt context.
 */
#ifndef RVMM_MM_VMALLOC_H
#define RVMM_MM_VMALLOC_H

#include "lib/types.h"
#include "mm/gfp.h"
#include "mm/layout.h"
#include "mm/pgtable.h"

#ifndef NUMA_NO_NODE
#define NUMA_NO_NODE (-1)
#endif

#define VMALLOC_TOTAL		(VMALLOC_END - VMALLOC_START) /* bytes of virtual space */
#define VMALLOC_MAX_AREAS	8192	      /* live areas at most; beyond, allocations fail */
#define VMALLOC_MAX_ALIGN_SHIFT 30	      /* alignments up to 1 GiB */
#define VMALLOC_MAX_PAGES	(512UL * 512) /* pages in one area: 1 GiB (two-level page list) */
#define VMALLOC_MAX_NODES	8	      /* vmallocinfo's per-node page counts cover 0..7 */

/* vm_struct.flags (Linux's values) */
#define VM_IOREMAP	 0x00000001UL /* ioremap(): device memory, phys_addr set */
#define VM_ALLOC	 0x00000002UL /* vmalloc(): pages allocated and freed by vmalloc */
#define VM_MAP		 0x00000004UL /* vmap(): pages given by the caller */
#define VM_MAP_PUT_PAGES 0x00000200UL /* vmap(): freeing gives the pages to ops->page_free */
#define VM_MOVABLE	 0x00100000UL /* rvmm: __GFP_MOVABLE vmalloc, pages can migrate (CMA) */

/*
 * Where pages come from. page_alloc, page_free and page_va are required; page_va must
 * give a page-aligned address through which the kernel reaches the page (the direct map).
 */
struct vmalloc_page_ops {
	/* one 4 KiB page on node nid (NUMA_NO_NODE: any), 0 on failure; gfp has no __GFP_ZERO */
	phys_addr_t (*page_alloc)(void *ctx, int nid, gfp_t gfp);
	void (*page_free)(void *ctx, phys_addr_t pa); /* give back a page from page_alloc */
	void *(*page_va)(void *ctx, phys_addr_t pa);  /* where to read/write that page */
	int (*page_nid)(void *ctx, phys_addr_t pa);   /* optional: node of pa, for vmallocinfo */
	/* optional: the buddy's struct page of pa. With it, __GFP_MOVABLE areas are movable
	   (mm/vmalloc_migrate.c); without it __GFP_MOVABLE is dropped (nothing could move). */
	struct page *(*page_struct)(void *ctx, phys_addr_t pa);
	void *ctx;
};

/* A live area, as find_vm_area() returns it. Valid until the area is freed; read only. */
struct vm_struct {
	void *addr;	       /* first byte (page-aligned) */
	unsigned long size;    /* bytes, the guard page included (Linux's convention) */
	unsigned long flags;   /* VM_* */
	unsigned int nr_pages; /* pages the area owns and frees (VM_ALLOC, VM_MAP_PUT_PAGES) */
	int node;	       /* node asked for (NUMA_NO_NODE: any) */
	phys_addr_t phys_addr; /* VM_IOREMAP: physical address mapped at addr; else 0 */
	const void *caller;    /* return address of the call that created the area */
	phys_addr_t page_list; /* internal: the owned pages (one PA, a list page or a directory) */
};

/* What a faulting address is, for the trap handler. */
enum vmalloc_fault_kind {
	VMALLOC_FAULT_OUTSIDE, /* not in [VMALLOC_START, VMALLOC_END) */
	VMALLOC_FAULT_HOLE,    /* in the vmalloc range, but in no area */
	VMALLOC_FAULT_AREA,    /* inside an area, before its guard page */
	VMALLOC_FAULT_GUARD,   /* in an area's guard page: an overflow of that area */
};

struct vmalloc_fault {
	enum vmalloc_fault_kind kind;
	unsigned long addr;	  /* the address looked up */
	unsigned long area_start; /* AREA, GUARD: the area's first byte */
	unsigned long area_size;  /* AREA, GUARD: its bytes, guard page included */
	unsigned long flags;	  /* AREA, GUARD: its VM_* */
	const void *caller;	  /* AREA, GUARD: who created it */
};

/* Counters of one instance (all in the units named). */
struct vmalloc_stats {
	unsigned long nr_areas;	      /* live areas */
	unsigned long nr_pages;	      /* pages owned by areas (vmalloc'd or put-pages vmaps) */
	unsigned long used_bytes;     /* virtual bytes in live areas, guard pages included */
	unsigned long total_bytes;    /* VMALLOC_TOTAL */
	unsigned long largest_free;   /* bytes in the largest free range (VmallocChunk) */
	unsigned long nr_free_ranges; /* free ranges between areas */
	unsigned long list_pages;     /* pages holding page lists of areas */
	unsigned long desc_pages;     /* pages holding area descriptors */
};

/* A line of report output (no newline); NULL means printf("%s\n"). */
typedef void (*vmalloc_print_fn)(void *arg, const char *line);

/** Set up the instance in use over [VMALLOC_START, VMALLOC_END); 0, -EINVAL, -EBUSY, -ENOMEM */
int vmalloc_init(struct pgtable *kernel_pgt, const struct vmalloc_page_ops *ops);
/** Tear the instance in use down, freeing areas still live; returns how many there were */
int vmalloc_exit(void);
/** Tests: make the API use a private, reset instance (true) or the kernel's again (false) */
void vmalloc_use_test_instance(bool test);

/** Allocate size bytes of virtually contiguous memory, GFP_KERNEL; NULL on failure */
void *vmalloc(unsigned long size);
/** vmalloc() with zeroed pages */
void *vzalloc(unsigned long size);
/** vmalloc() with pages from node nid (NUMA_NO_NODE: any) */
void *vmalloc_node(unsigned long size, int node);
/** vmalloc() with gfp flags (__GFP_ZERO zeroes, __GFP_NOWARN silences failures) */
void *__vmalloc(unsigned long size, gfp_t gfp_mask);
/** vmalloc() at an address aligned to align (power of two, at most 1 GiB) */
void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp_mask, int node,
		     const void *caller);
/** Free a vmalloc()/vmap() area by its start address; NULL is ignored */
void vfree(const void *addr);

/** Map count pages (PAs) with prot (PROT_*), flags VM_MAP[|VM_MAP_PUT_PAGES]; NULL: still yours */
void *vmap(const phys_addr_t *pages, unsigned int count, unsigned long flags, unsigned prot);
/** Unmap a vmap() area by its start address (its pages stay the caller's unless put) */
void vunmap(const void *addr);

/** Map size bytes of device memory at pa (any alignment), RW; NULL on failure */
void *ioremap(phys_addr_t pa, size_t size);
/** ioremap() with prot (PROT_*) */
void *ioremap_prot(phys_addr_t pa, size_t size, unsigned prot);
/** Unmap an ioremap() area by any address in its first page; NULL is ignored */
void iounmap(const volatile void *addr);

/** The live area containing addr (its guard page included), or NULL */
struct vm_struct *find_vm_area(const void *addr);
/** Is addr inside [VMALLOC_START, VMALLOC_END)? */
bool is_vmalloc_addr(const void *addr);
/** Physical address that addr translates to in the instance's page table, or 0 */
phys_addr_t vmalloc_to_phys(const void *addr);

/** Classify a faulting address (area, guard page, hole or outside); returns f->kind */
enum vmalloc_fault_kind vmalloc_fault_lookup(unsigned long addr, struct vmalloc_fault *f);
/** One line for a fault, e.g. "vmalloc guard page overflow of area 0x... size N (0x...)" */
int vmalloc_fault_format(const struct vmalloc_fault *f, char *buf, size_t size);

/** Fill s with the instance's counters */
void vmalloc_get_stats(struct vmalloc_stats *s);
/** One line per area in Linux's /proc/vmallocinfo format, in address order */
void vmallocinfo(vmalloc_print_fn out, void *arg);
/** The VmallocTotal, VmallocUsed and VmallocChunk lines of /proc/meminfo */
void vmalloc_meminfo(vmalloc_print_fn out, void *arg);
/** Check every invariant (tree, ranges, counters, guard pages), print each violation; count */
int vmalloc_verify(vmalloc_print_fn out, void *arg);
/** The last error message printed by this module ("" if none), for tests */
const char *vmalloc_last_error(void);

#endif
