/* SPDX-License-Identifier: MIT */
/*
 * vmalloc internals shared by mm/vmalloc.c (ranges, pages, mappings) and
 * mm/vmalloc_info.c (reports and verification). Nothing outside these two includes it.
 * The algorithm is described at the top of mm/vmalloc.c.
 */
#ifndef RVMM_MM_VMALLOC_INTERNAL_H
#define RVMM_MM_VMALLOC_INTERNAL_H

#include "mm/vmalloc.h"
#include "lib/list.h"
#include "glue.h"

typedef unsigned long long ull; /* for printing u64 with %llx on every target */

/* One range of the window: a free range or an area. */
struct vmap_area {
	struct vmap_area *left, *right; /* tree children; left also chains free descriptors */
	unsigned long va_start;		/* first byte */
	unsigned long va_end;		/* one past the last byte (the guard page included) */
	unsigned long subtree_max_free; /* bytes of the largest free range in this subtree */
	int height;			/* AVL height: 1 for a leaf */
	bool busy;			/* an area (vm is valid), else a free range */
	struct vm_struct vm;		/* the area (busy only) */
};

/* Header at the start of a descriptor page; the nodes follow it. */
struct desc_page {
	struct list_head link;	/* on desc_partial while a slot is free */
	phys_addr_t pa;		/* this page */
	struct vmap_area *free; /* free slots, chained through ->left */
	unsigned int used;	/* slots handed out */
};

#define DESC_FIRST    ALIGN_UP(sizeof(struct desc_page), _Alignof(struct vmap_area))
#define DESC_PER_PAGE ((PAGE_SIZE - DESC_FIRST) / sizeof(struct vmap_area))
#define LIST_PER_PAGE (PAGE_SIZE / sizeof(phys_addr_t)) /* PAs in one list page: 512 */

_Static_assert(DESC_PER_PAGE >= 16, "a descriptor page holds a useful number of nodes");
_Static_assert(VMALLOC_MAX_PAGES == LIST_PER_PAGE * LIST_PER_PAGE, "two-level page list");
_Static_assert(VMALLOC_MAX_PAGES *PAGE_SIZE < VMALLOC_TOTAL, "the largest area fits");

/* One instance: the kernel's, or the private one tests switch to. */
struct vmap_space {
	spinlock_t lock;     /* held for the whole of every call */
	unsigned int owner;  /* hart id + 1 holding lock; 0 when not held */
	bool ready;	     /* vmalloc_init() done */
	bool desc_grew;	     /* a descriptor page was added by the current call */
	struct pgtable *pgt; /* where areas are mapped */
	const struct vmalloc_page_ops *ops;
	struct vmap_area *root;	       /* the AVL tree of ranges */
	struct list_head desc_partial; /* descriptor pages with a free slot */
	unsigned long desc_free;       /* free slots in those pages */
	unsigned long desc_pages;      /* descriptor pages held */
	unsigned long nr_areas;	       /* busy nodes */
	unsigned long nr_free;	       /* free nodes */
	unsigned long nr_pages;	       /* pages owned by areas */
	unsigned long used_bytes;      /* bytes in areas, guard pages included */
	unsigned long list_pages;      /* page-list and directory pages held */
};

/* The instance the API works on (the kernel's, or the test instance). */
extern struct vmap_space *vmap_cur;

/** Bytes of the largest free range under n (0 for an empty subtree) */
static inline unsigned long vmap_max_free(const struct vmap_area *n)
{
	return n ? n->subtree_max_free : 0;
}

/** Take s->lock and record this hart as holding it (see vmalloc_fault_lookup()) */
static inline void vmap_lock(struct vmap_space *s)
{
	spin_lock(&s->lock);
	s->owner = smp_processor_id() + 1;
}

/** Release s->lock */
static inline void vmap_unlock(struct vmap_space *s)
{
	s->owner = 0;
	spin_unlock(&s->lock);
}

/** The range (area or free) containing addr, or NULL outside the window (lock held) */
struct vmap_area *vmap_find(struct vmap_space *s, unsigned long addr);
/** Mark every page of the movable area vm movable (true) or not (false); lock held */
void vmap_set_movable(struct vmap_space *s, struct vm_struct *vm, bool movable);
/** Check the movable links of vm's pages; calls err(arg, line) per problem, returns count */
int vmap_verify_movable(struct vmap_space *s, struct vm_struct *vm, vmalloc_print_fn err,
			void *arg);

/** Pages needed to list n pages: none for one, a list page up to 512, else a directory too */
unsigned long vmap_list_pages(unsigned long n);
/** Where the PA of page i of vm is kept (vm->nr_pages fixes the layout) */
phys_addr_t *vmap_page_slot(const struct vmap_space *s, struct vm_struct *vm, unsigned long i);

#endif
