// SPDX-License-Identifier: MIT
/*
 * The vmalloc area allocator: virtual ranges in [VMALLOC_START, VMALLOC_END), the pages
 * behind them, and their mappings in the kernel page table.
 *
 * Virtual ranges. The whole window is cut into adjacent ranges, each either free or an
 * area (busy); two free ranges never touch (they are merged). Every range is one node of
 * one AVL tree keyed by its start address, so:
 *
 *  - the range containing an address (vfree, find_vm_area, the page-fault lookup) is one
 *    descent: O(log n);
 *  - every node also keeps subtree_max_free, the size of the largest free range in its
 *    subtree. Allocation is first fit at the lowest address: an in-order walk that skips
 *    any subtree whose subtree_max_free is too small. Without an alignment beyond a page
 *    every subtree that passes the test holds a fit, so the walk is one descent, O(log n);
 *    with a larger alignment it may also visit free ranges that are big enough but cannot
 *    hold an aligned start, and still returns the lowest address that fits;
 *  - allocating cuts the chosen free range into [free][area][free] (the outer pieces only
 *    if not empty), reusing its node for the area; freeing turns the area's node free and
 *    merges it with a free neighbour on either side. Both are at most two insertions or
 *    removals, each rebalancing and refreshing subtree_max_free on its path.
 *
 * An area of n pages takes n + 1 pages of virtual space: its last page is a guard page,
 * never mapped, so an overflow faults there and vmalloc_fault_lookup() can name the area.
 * Its size (vm_struct.size, vmallocinfo) counts the guard page, as Linux's does.
 *
 * Nodes come from descriptor pages obtained through ops, each holding DESC_PER_PAGE nodes
 * after a small header with its own free-slot chain; a page is given back as soon as none
 * of its nodes is used, so an idle instance holds exactly one page (the one free range).
 * A node's address never changes while it is in the tree: find_vm_area() hands out
 * pointers into it. Every operation first reserves the two nodes a split may need, so
 * the tree is never left half changed by a failed allocation.
 *
 * Pages of an area (VM_ALLOC, VM_MAP_PUT_PAGES) are listed so they can be freed: one page
 * is kept in vm_struct.page_list itself; up to 512 in one list page; more in a directory
 * page of up to 512 list pages (VMALLOC_MAX_PAGES). They are mapped with 4 KiB leaves,
 * physically contiguous runs in one pgt_map_range() call; ioremap() lets pgtable.c use
 * larger leaves where the alignment allows. Freeing unmaps (pgt_unmap_range() flushes
 * through the table's ops) before the pages are given back.
 *
 * Failure anywhere (descriptor, list page, data page, mapping) undoes everything the call
 * did, in reverse order, and returns NULL: nothing leaks and the tree is as before.
 */
#include "mm/vmalloc.h"
#include "mm/vmalloc_internal.h"
#include "lib/errno.h"
#include "lib/list.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "glue.h"

static struct vmap_space kernel_space = {.lock = SPINLOCK_INIT};
static struct vmap_space test_space;
struct vmap_space *vmap_cur = &kernel_space; /* the instance the API uses */
static char last_error[160];

static void __printf(1, 2) vm_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	printf("%s\n", last_error);
}

const char *vmalloc_last_error(void)
{
	return last_error;
}

static void *page_va(const struct vmap_space *s, phys_addr_t pa)
{
	return s->ops->page_va(s->ops->ctx, pa);
}

/* --- AVL tree of ranges, augmented with subtree_max_free ---------------------------- */

static int height(const struct vmap_area *n)
{
	return n ? n->height : 0;
}

static void tree_update(struct vmap_area *n)
{
	unsigned long own = n->busy ? 0 : n->va_end - n->va_start;
	unsigned long kids = max(vmap_max_free(n->left), vmap_max_free(n->right));

	n->height = 1 + max(height(n->left), height(n->right));
	n->subtree_max_free = max(own, kids);
}

static struct vmap_area *rotate_right(struct vmap_area *y)
{
	struct vmap_area *x = y->left;

	y->left = x->right;
	x->right = y;
	tree_update(y);
	tree_update(x);
	return x;
}

static struct vmap_area *rotate_left(struct vmap_area *x)
{
	struct vmap_area *y = x->right;

	x->right = y->left;
	y->left = x;
	tree_update(x);
	tree_update(y);
	return y;
}

/* Recompute n and restore |height(left) - height(right)| <= 1; returns the subtree root. */
static struct vmap_area *tree_balance(struct vmap_area *n)
{
	int bf;

	tree_update(n);
	bf = height(n->left) - height(n->right);
	if (bf > 1) {
		if (height(n->left->left) < height(n->left->right))
			n->left = rotate_left(n->left);
		return rotate_right(n);
	}
	if (bf < -1) {
		if (height(n->right->right) < height(n->right->left))
			n->right = rotate_right(n->right);
		return rotate_left(n);
	}
	return n;
}

static struct vmap_area *tree_insert(struct vmap_area *n, struct vmap_area *a)
{
	if (!n) {
		a->left = a->right = NULL;
		tree_update(a);
		return a;
	}
	if (a->va_start < n->va_start)
		n->left = tree_insert(n->left, a);
	else
		n->right = tree_insert(n->right, a);
	return tree_balance(n);
}

static struct vmap_area *tree_remove_min(struct vmap_area *n, struct vmap_area **min)
{
	if (!n->left) {
		*min = n;
		return n->right;
	}
	n->left = tree_remove_min(n->left, min);
	return tree_balance(n);
}

/* Unlink the node starting at key (it must be there); nodes are relinked, never moved. */
static struct vmap_area *tree_remove(struct vmap_area *n, unsigned long key)
{
	struct vmap_area *l, *r, *m;

	if (!n)
		return NULL;
	if (key < n->va_start) {
		n->left = tree_remove(n->left, key);
	} else if (key > n->va_start) {
		n->right = tree_remove(n->right, key);
	} else {
		l = n->left;
		r = n->right;
		if (!r)
			return l;
		r = tree_remove_min(r, &m);
		m->left = l;
		m->right = r;
		return tree_balance(m);
	}
	return tree_balance(n);
}

/* Recompute the nodes on the path to key, after a change of that node's fields. */
static void tree_refresh(struct vmap_area *n, unsigned long key)
{
	if (!n)
		return;
	if (key < n->va_start)
		tree_refresh(n->left, key);
	else if (key > n->va_start)
		tree_refresh(n->right, key);
	tree_update(n);
}

/* The range containing addr, or NULL outside the window. */
static struct vmap_area *tree_find(struct vmap_area *n, unsigned long addr)
{
	while (n) {
		if (addr < n->va_start)
			n = n->left;
		else if (addr >= n->va_end)
			n = n->right;
		else
			return n;
	}
	return NULL;
}

struct vmap_area *vmap_find(struct vmap_space *s, unsigned long addr)
{
	return tree_find(s->root, addr);
}

/* Can free range n hold size bytes at an align-aligned start? Sets *addr to that start. */
static bool range_fits(const struct vmap_area *n, unsigned long size, unsigned long align,
		       unsigned long *addr)
{
	unsigned long a = ALIGN_UP(n->va_start, align);

	if (n->busy || a < n->va_start || a >= n->va_end || n->va_end - a < size)
		return false;
	*addr = a;
	return true;
}

/* The lowest free range that fits (see the comment at the top), or NULL. */
static struct vmap_area *lowest_fit(struct vmap_area *n, unsigned long size, unsigned long align,
				    unsigned long *addr)
{
	struct vmap_area *r;

	if (!n || n->subtree_max_free < size)
		return NULL;
	r = lowest_fit(n->left, size, align, addr);
	if (r)
		return r;
	if (range_fits(n, size, align, addr))
		return n;
	return lowest_fit(n->right, size, align, addr);
}

/* --- Descriptor pages -------------------------------------------------------------- */

static struct vmap_area *desc_slot(struct desc_page *dp, unsigned long i)
{
	return (struct vmap_area *)((char *)dp + DESC_FIRST) + i;
}

static struct desc_page *desc_page_of(struct vmap_area *a)
{
	return (struct desc_page *)ALIGN_DOWN((uintptr_t)a, PAGE_SIZE);
}

/* Make sure n free nodes exist, adding descriptor pages from ops as needed. */
static bool desc_reserve(struct vmap_space *s, unsigned long n)
{
	while (s->desc_free < n) {
		phys_addr_t pa = s->ops->page_alloc(s->ops->ctx, NUMA_NO_NODE, GFP_KERNEL);
		struct desc_page *dp;

		if (!pa)
			return false;
		dp = page_va(s, pa);
		if (!dp || !IS_ALIGNED((uintptr_t)dp, PAGE_SIZE)) {
			vm_err("vmalloc: page_va gave no page-aligned address (%p)", (void *)dp);
			s->ops->page_free(s->ops->ctx, pa);
			return false;
		}
		dp->pa = pa;
		dp->used = 0;
		dp->free = NULL;
		for (unsigned long i = DESC_PER_PAGE; i-- > 0;) {
			desc_slot(dp, i)->left = dp->free;
			dp->free = desc_slot(dp, i);
		}
		list_add_tail(&dp->link, &s->desc_partial); /* older pages are used first */
		s->desc_free += DESC_PER_PAGE;
		s->desc_pages++;
		s->desc_grew = true;
	}
	return true;
}

/* A zeroed node; desc_reserve() must have made one available. */
static struct vmap_area *desc_get(struct vmap_space *s)
{
	struct desc_page *dp = list_first_entry(&s->desc_partial, struct desc_page, link);
	struct vmap_area *a = dp->free;

	dp->free = a->left;
	dp->used++;
	s->desc_free--;
	if (!dp->free)
		list_del_init(&dp->link);
	memset(a, 0, sizeof(*a));
	return a;
}

static void desc_page_release(struct vmap_space *s, struct desc_page *dp)
{
	list_del(&dp->link);
	s->desc_free -= DESC_PER_PAGE;
	s->desc_pages--;
	s->ops->page_free(s->ops->ctx, dp->pa);
}

/* Give a node back; its page goes back to ops when no node of it is in use. */
static void desc_put(struct vmap_space *s, struct vmap_area *a)
{
	struct desc_page *dp = desc_page_of(a);

	if (!dp->free)
		list_add(&dp->link, &s->desc_partial);
	a->left = dp->free;
	dp->free = a;
	dp->used--;
	s->desc_free++;
	if (!dp->used)
		desc_page_release(s, dp);
}

/* Give back descriptor pages a call added but did not use. */
static void desc_trim(struct vmap_space *s)
{
	struct desc_page *dp, *tmp;

	if (!s->desc_grew)
		return;
	s->desc_grew = false;
	list_for_each_entry_safe (dp, tmp, &s->desc_partial, link)
		if (!dp->used)
			desc_page_release(s, dp);
}

/* --- Locking ---------------------------------------------------------------------- */

static bool space_lock(struct vmap_space *s, const char *who)
{
	if (!s->ready) {
		vm_err("%s: vmalloc not initialised (%s instance)", who,
		       s == &test_space ? "test" : "kernel");
		return false;
	}
	vmap_lock(s);
	return true;
}

static void space_unlock(struct vmap_space *s)
{
	desc_trim(s);
	vmap_unlock(s);
}

/* --- Areas ------------------------------------------------------------------------ */

/* Carve an area of size bytes (guard included) at the lowest align-aligned fit. */
static struct vmap_area *alloc_area(struct vmap_space *s, const char *who, unsigned long size,
				    unsigned long align, const void *caller)
{
	struct vmap_area *f, *left = NULL, *right = NULL;
	unsigned long addr;

	if (s->nr_areas >= VMALLOC_MAX_AREAS) {
		vm_err("%s: too many vmalloc areas (%d)", who, VMALLOC_MAX_AREAS);
		return NULL;
	}
	if (!desc_reserve(s, 2)) {
		vm_err("%s: no page for area descriptors (%lu held)", who, s->desc_pages);
		return NULL;
	}
	f = lowest_fit(s->root, size, align, &addr);
	if (!f) {
		vm_err("%s: no free virtual range of %lu bytes aligned to 0x%lx (%lu)", who, size,
		       align, size);
		return NULL;
	}
	if (addr > f->va_start) {
		left = desc_get(s);
		left->va_start = f->va_start;
		left->va_end = addr;
	}
	if (addr + size < f->va_end) {
		right = desc_get(s);
		right->va_start = addr + size;
		right->va_end = f->va_end;
	}
	f->va_start = addr;
	f->va_end = addr + size;
	f->busy = true;
	if (left)
		s->root = tree_insert(s->root, left);
	if (right)
		s->root = tree_insert(s->root, right);
	tree_refresh(s->root, addr);
	s->nr_free += (left != NULL) + (right != NULL) - 1;
	s->nr_areas++;
	s->used_bytes += size;
	f->vm = (struct vm_struct){
	    .addr = (void *)addr, .size = size, .node = NUMA_NO_NODE, .caller = caller};
	return f;
}

/* Turn area a back into free space, merged with free neighbours. Nothing is mapped. */
static void release_area(struct vmap_space *s, struct vmap_area *a)
{
	unsigned long start = a->va_start, end = a->va_end;
	struct vmap_area *prev = start > VMALLOC_START ? tree_find(s->root, start - 1) : NULL;
	struct vmap_area *next = end < VMALLOC_END ? tree_find(s->root, end) : NULL;

	s->nr_areas--;
	s->used_bytes -= end - start;
	s->nr_free++;
	a->busy = false;
	a->vm = (struct vm_struct){0};
	if (next && !next->busy) {
		end = next->va_end;
		s->root = tree_remove(s->root, next->va_start);
		desc_put(s, next);
		s->nr_free--;
	}
	if (prev && !prev->busy) {
		s->root = tree_remove(s->root, start);
		desc_put(s, a);
		a = prev;
		s->nr_free--;
	}
	a->va_end = end;
	tree_refresh(s->root, a->va_start);
}

/* --- Page lists ------------------------------------------------------------------- */

/* Pages needed to list n pages: none for one, a list page up to 512, else a directory. */
unsigned long vmap_list_pages(unsigned long n)
{
	if (n <= 1)
		return 0;
	if (n <= LIST_PER_PAGE)
		return 1;
	return 1 + DIV_ROUND_UP(n, LIST_PER_PAGE);
}

/* Where the PA of page i of vm is kept (vm->nr_pages fixes the layout). */
phys_addr_t *vmap_page_slot(const struct vmap_space *s, struct vm_struct *vm, unsigned long i)
{
	phys_addr_t *t;

	if (vm->nr_pages <= 1)
		return &vm->page_list;
	t = page_va(s, vm->page_list);
	if (vm->nr_pages <= LIST_PER_PAGE)
		return &t[i];
	t = page_va(s, t[i / LIST_PER_PAGE]);
	return &t[i % LIST_PER_PAGE];
}

static phys_addr_t meta_alloc(struct vmap_space *s, int nid, gfp_t gfp)
{
	/* List pages are never movable: keep them out of CMA. */
	phys_addr_t pa = s->ops->page_alloc(s->ops->ctx, nid, gfp & ~(__GFP_ZERO | __GFP_MOVABLE));

	if (pa)
		s->list_pages++;
	return pa;
}

static void meta_free(struct vmap_space *s, phys_addr_t pa)
{
	s->list_pages--;
	s->ops->page_free(s->ops->ctx, pa);
}

static void list_free(struct vmap_space *s, struct vm_struct *vm)
{
	unsigned long n = vm->nr_pages;

	if (n > LIST_PER_PAGE) {
		phys_addr_t *dir = page_va(s, vm->page_list);

		for (unsigned long i = 0; i < DIV_ROUND_UP(n, LIST_PER_PAGE); i++)
			meta_free(s, dir[i]);
	}
	if (n > 1)
		meta_free(s, vm->page_list);
	vm->page_list = 0;
}

/* Allocate the list (and directory) pages for vm->nr_pages pages; 0 or -ENOMEM. */
static int list_alloc(struct vmap_space *s, struct vm_struct *vm, gfp_t gfp)
{
	unsigned long n = vm->nr_pages, leaves = DIV_ROUND_UP(n, LIST_PER_PAGE);
	phys_addr_t *dir;

	vm->page_list = 0;
	if (n <= 1)
		return 0;
	vm->page_list = meta_alloc(s, vm->node, gfp);
	if (!vm->page_list)
		return -ENOMEM;
	if (n <= LIST_PER_PAGE)
		return 0;
	dir = page_va(s, vm->page_list);
	for (unsigned long i = 0; i < leaves; i++) {
		dir[i] = meta_alloc(s, vm->node, gfp);
		if (!dir[i]) {
			while (i--)
				meta_free(s, dir[i]);
			meta_free(s, vm->page_list);
			vm->page_list = 0;
			return -ENOMEM;
		}
	}
	return 0;
}

/* Give the first count listed pages of vm back to ops. */
static void pages_put(struct vmap_space *s, struct vm_struct *vm, unsigned long count)
{
	for (unsigned long i = 0; i < count; i++)
		s->ops->page_free(s->ops->ctx, *vmap_page_slot(s, vm, i));
}

/* Fill vm's list with vm->nr_pages new pages (zeroed for __GFP_ZERO); 0 or -ENOMEM. */
static int pages_alloc(struct vmap_space *s, struct vm_struct *vm, gfp_t gfp, const char *who)
{
	for (unsigned long i = 0; i < vm->nr_pages; i++) {
		phys_addr_t pa = s->ops->page_alloc(s->ops->ctx, vm->node, gfp & ~__GFP_ZERO);

		if (pa && !IS_ALIGNED(pa, PAGE_SIZE)) {
			vm_err("%s: page allocator gave an unaligned page (0x%llx)", who, (ull)pa);
			s->ops->page_free(s->ops->ctx, pa);
			pa = 0;
		}
		if (!pa) {
			if (!(gfp & __GFP_NOWARN))
				vm_err(
				    "%s: allocation failure: %lu of %u pages allocated (%lu bytes)",
				    who, i, vm->nr_pages, (unsigned long)vm->nr_pages * PAGE_SIZE);
			pages_put(s, vm, i);
			return -ENOMEM;
		}
		*vmap_page_slot(s, vm, i) = pa;
		if (gfp & __GFP_ZERO)
			memset(page_va(s, pa), 0, PAGE_SIZE);
	}
	return 0;
}

/* Map count pages from pages[] at va, runs of contiguous pages at once; all or nothing. */
static int map_array(struct vmap_space *s, unsigned long va, const phys_addr_t *pages,
		     unsigned long count, unsigned prot)
{
	for (unsigned long i = 0, run; i < count; i += run) {
		int err;

		for (run = 1; i + run < count && pages[i + run] == pages[i] + run * PAGE_SIZE;
		     run++)
			;
		err = pgt_map_range(s->pgt, va + i * PAGE_SIZE, pages[i], run * PAGE_SIZE, prot,
				    PGT_MAP_4K);
		if (err) {
			if (i)
				pgt_unmap_range(s->pgt, va, i * PAGE_SIZE);
			return err;
		}
	}
	return 0;
}

/* Map every listed page of vm at vm->addr, one list page at a time; all or nothing. */
static int map_listed(struct vmap_space *s, struct vm_struct *vm, unsigned prot)
{
	unsigned long va = (unsigned long)vm->addr;

	for (unsigned long i = 0; i < vm->nr_pages; i += LIST_PER_PAGE) {
		unsigned long n = min(vm->nr_pages - i, LIST_PER_PAGE);
		int err = map_array(s, va + i * PAGE_SIZE, vmap_page_slot(s, vm, i), n, prot);

		if (err) {
			if (i)
				pgt_unmap_range(s->pgt, va, i * PAGE_SIZE);
			return err;
		}
	}
	return 0;
}

/* Unmap area a, give back what it owns and free its range; false (kept) if unmap failed. */
static bool destroy_area(struct vmap_space *s, struct vmap_area *a, const char *who)
{
	struct vm_struct *vm = &a->vm;
	int err = pgt_unmap_range(s->pgt, a->va_start, vm->size - PAGE_SIZE);

	if (err) {
		vm_err("%s: cannot unmap area 0x%lx, keeping it (%d)", who, a->va_start, err);
		return false;
	}
	if (vm->flags & VM_MOVABLE)
		vmap_set_movable(s, vm, false);
	if (vm->flags & (VM_ALLOC | VM_MAP_PUT_PAGES)) {
		pages_put(s, vm, vm->nr_pages);
		list_free(s, vm);
		s->nr_pages -= vm->nr_pages;
	}
	release_area(s, a);
	return true;
}

/* --- The Linux API ---------------------------------------------------------------- */

static bool align_ok(const char *who, unsigned long align)
{
	if (!align || (align & (align - 1)) || align > (1UL << VMALLOC_MAX_ALIGN_SHIFT)) {
		vm_err("%s: alignment not a power of two up to 1 GiB (0x%lx)", who, align);
		return false;
	}
	return true;
}

static void *vmalloc_core(const char *who, unsigned long size, unsigned long align, gfp_t gfp,
			  int node, const void *caller)
{
	struct vmap_space *s = vmap_cur;
	struct vmap_area *a;
	unsigned long nr;
	void *ret = NULL;

	if (!size || size > VMALLOC_MAX_PAGES * PAGE_SIZE) {
		vm_err("%s: invalid size (%lu)", who, size);
		return NULL;
	}
	if (!align_ok(who, align) || !space_lock(s, who))
		return NULL;
	if (!s->ops->page_struct)
		gfp &= ~__GFP_MOVABLE; /* pages we could not migrate must not pin CMA */
	nr = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT;
	a = alloc_area(s, who, (nr + 1) * PAGE_SIZE, max(align, PAGE_SIZE), caller);
	if (!a)
		goto out;
	a->vm.flags = VM_ALLOC;
	a->vm.nr_pages = (unsigned int)nr;
	a->vm.node = node;
	if (list_alloc(s, &a->vm, gfp)) {
		if (!(gfp & __GFP_NOWARN))
			vm_err("%s: no page for the list of %lu pages (%lu bytes)", who, nr, size);
		goto fail_area;
	}
	if (pages_alloc(s, &a->vm, gfp, who))
		goto fail_list;
	if (map_listed(s, &a->vm, PROT_KERNEL_RW)) {
		vm_err("%s: cannot map %lu pages (0x%lx)", who, nr, a->va_start);
		goto fail_pages;
	}
	if (gfp & __GFP_MOVABLE) {
		a->vm.flags |= VM_MOVABLE;
		vmap_set_movable(s, &a->vm, true);
	}
	s->nr_pages += nr;
	ret = a->vm.addr;
	goto out;
fail_pages:
	pages_put(s, &a->vm, nr);
fail_list:
	list_free(s, &a->vm);
fail_area:
	release_area(s, a);
out:
	space_unlock(s);
	return ret;
}

void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp_mask, int node,
		     const void *caller)
{
	return vmalloc_core("vmalloc", size, align, gfp_mask, node, caller);
}

void *vmalloc(unsigned long size)
{
	return vmalloc_core("vmalloc", size, 1, GFP_KERNEL, NUMA_NO_NODE,
			    __builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return vmalloc_core("vzalloc", size, 1, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
			    __builtin_return_address(0));
}

void *vmalloc_node(unsigned long size, int node)
{
	return vmalloc_core("vmalloc_node", size, 1, GFP_KERNEL, node, __builtin_return_address(0));
}

void *__vmalloc(unsigned long size, gfp_t gfp_mask)
{
	return vmalloc_core("__vmalloc", size, 1, gfp_mask, NUMA_NO_NODE,
			    __builtin_return_address(0));
}

/* Free the area starting at addr if it is of one of the kinds; report anything else. */
static void free_core(const char *who, unsigned long addr, unsigned long kinds, const char *what)
{
	struct vmap_space *s = vmap_cur;
	struct vmap_area *a;

	if (!space_lock(s, who))
		return;
	a = tree_find(s->root, addr);
	if (!a || !a->busy || a->va_start != addr)
		vm_err("%s: bad address (0x%lx)", who, addr);
	else if (!(a->vm.flags & kinds))
		vm_err("%s: not %s area (0x%lx)", who, what, addr);
	else
		destroy_area(s, a, who);
	space_unlock(s);
}

void vfree(const void *addr)
{
	if (addr)
		free_core("vfree", (unsigned long)addr, VM_ALLOC | VM_MAP, "a vmalloc or vmap");
}

void vunmap(const void *addr)
{
	if (addr)
		free_core("vunmap", (unsigned long)addr, VM_MAP, "a vmap");
}

void iounmap(const volatile void *addr)
{
	if (addr)
		free_core("iounmap", ALIGN_DOWN((unsigned long)addr, PAGE_SIZE), VM_IOREMAP,
			  "an ioremap");
}

void *vmap(const phys_addr_t *pages, unsigned int count, unsigned long flags, unsigned prot)
{
	const void *caller = __builtin_return_address(0);
	struct vmap_space *s = vmap_cur;
	struct vmap_area *a;
	void *ret = NULL;
	int err;

	if (!pages || !count || count > VMALLOC_MAX_PAGES) {
		vm_err("vmap: invalid page count (%u)", pages ? count : 0);
		return NULL;
	}
	if (flags & ~(VM_MAP | VM_MAP_PUT_PAGES)) {
		vm_err("vmap: unknown flags (0x%lx)", flags);
		return NULL;
	}
	if (!prot_valid(prot)) {
		vm_err("vmap: bad prot: needs R or X, W needs R (0x%x)", prot);
		return NULL;
	}
	for (unsigned int i = 0; i < count; i++) {
		if (!pages[i] || !IS_ALIGNED(pages[i], PAGE_SIZE) || (pages[i] >> PGT_PA_BITS)) {
			vm_err("vmap: page %u is not a page address (0x%llx)", i, (ull)pages[i]);
			return NULL;
		}
	}
	if (!space_lock(s, "vmap"))
		return NULL;
	a = alloc_area(s, "vmap", ((unsigned long)count + 1) * PAGE_SIZE, PAGE_SIZE, caller);
	if (!a)
		goto out;
	a->vm.flags = VM_MAP | (flags & VM_MAP_PUT_PAGES);
	if (flags & VM_MAP_PUT_PAGES) {
		a->vm.nr_pages = count;
		if (list_alloc(s, &a->vm, GFP_KERNEL)) {
			vm_err("vmap: no page for the list of %u pages (%u)", count, count);
			release_area(s, a);
			goto out;
		}
		for (unsigned int i = 0; i < count; i++)
			*vmap_page_slot(s, &a->vm, i) = pages[i];
		err = map_listed(s, &a->vm, prot);
	} else {
		err = map_array(s, a->va_start, pages, count, prot);
	}
	if (err) {
		vm_err("vmap: cannot map %u pages (%d)", count, err);
		list_free(s, &a->vm);
		release_area(s, a);
		goto out;
	}
	s->nr_pages += a->vm.nr_pages;
	ret = a->vm.addr;
out:
	space_unlock(s);
	return ret;
}

static void *ioremap_core(phys_addr_t pa, size_t size, unsigned prot, const void *caller)
{
	struct vmap_space *s = vmap_cur;
	phys_addr_t offset = pa & (PAGE_SIZE - 1), base = pa - offset;
	struct vmap_area *a;
	unsigned long len;
	void *ret = NULL;
	int err;

	if (!size) {
		vm_err("ioremap: zero size (0x%llx)", (ull)pa);
		return NULL;
	}
	if (pa + size - 1 < pa || ((pa + size - 1) >> PGT_PA_BITS) ||
	    size > VMALLOC_TOTAL - 2 * PAGE_SIZE) {
		vm_err("ioremap: range beyond the 56-bit physical space or the window (0x%llx)",
		       (ull)pa);
		return NULL;
	}
	if (!prot_valid(prot)) {
		vm_err("ioremap: bad prot: needs R or X, W needs R (0x%x)", prot);
		return NULL;
	}
	if (!space_lock(s, "ioremap"))
		return NULL;
	len = ALIGN_UP(offset + size, PAGE_SIZE);
	a = alloc_area(s, "ioremap", len + PAGE_SIZE, PAGE_SIZE, caller);
	if (!a)
		goto out;
	a->vm.flags = VM_IOREMAP;
	a->vm.phys_addr = base;
	err = pgt_map_range(s->pgt, a->va_start, base, len, prot, 0);
	if (err) {
		vm_err("ioremap: cannot map 0x%llx bytes (%d)", (ull)len, err);
		release_area(s, a);
		goto out;
	}
	ret = (char *)a->vm.addr + offset;
out:
	space_unlock(s);
	return ret;
}

void *ioremap_prot(phys_addr_t pa, size_t size, unsigned prot)
{
	return ioremap_core(pa, size, prot, __builtin_return_address(0));
}

void *ioremap(phys_addr_t pa, size_t size)
{
	return ioremap_core(pa, size, PROT_KERNEL_RW, __builtin_return_address(0));
}

bool is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= VMALLOC_START && a < VMALLOC_END;
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vmap_space *s = vmap_cur;
	struct vmap_area *a;

	if (!s->ready || !is_vmalloc_addr(addr))
		return NULL;
	vmap_lock(s);
	a = tree_find(s->root, (unsigned long)addr);
	vmap_unlock(s);
	return a && a->busy ? &a->vm : NULL;
}

phys_addr_t vmalloc_to_phys(const void *addr)
{
	struct vmap_space *s = vmap_cur;
	struct pgt_walk w;

	if (!s->ready || !is_vmalloc_addr(addr))
		return 0;
	vmap_lock(s);
	pgt_walk(s->pgt, (unsigned long)addr, &w);
	vmap_unlock(s);
	return w.status == 0 ? w.pa : 0;
}

/*
 * Called from the trap handler. If this hart faulted while holding the lock (inside
 * vmalloc itself), the tree is read without it: the other harts cannot change it then.
 */
enum vmalloc_fault_kind vmalloc_fault_lookup(unsigned long addr, struct vmalloc_fault *f)
{
	struct vmap_space *s = vmap_cur;
	bool mine = READ_ONCE(s->owner) == smp_processor_id() + 1;
	struct vmap_area *a;

	*f = (struct vmalloc_fault){.kind = VMALLOC_FAULT_OUTSIDE, .addr = addr};
	if (!is_vmalloc_addr((const void *)addr))
		return f->kind;
	f->kind = VMALLOC_FAULT_HOLE;
	if (!s->ready)
		return f->kind;
	if (!mine)
		spin_lock(&s->lock);
	a = tree_find(s->root, addr);
	if (a && a->busy) {
		f->kind = addr >= a->va_end - PAGE_SIZE ? VMALLOC_FAULT_GUARD : VMALLOC_FAULT_AREA;
		f->area_start = a->va_start;
		f->area_size = a->vm.size;
		f->flags = a->vm.flags;
		f->caller = a->vm.caller;
	}
	if (!mine)
		spin_unlock(&s->lock);
	return f->kind;
}

/* --- Set-up ----------------------------------------------------------------------- */

int vmalloc_init(struct pgtable *kernel_pgt, const struct vmalloc_page_ops *ops)
{
	struct vmap_space *s = vmap_cur;
	struct vmap_area *a;

	if (s->ready) {
		vm_err("vmalloc_init: already initialised (%lu areas)", s->nr_areas);
		return -EBUSY;
	}
	if (!kernel_pgt || !kernel_pgt->root) {
		vm_err("vmalloc_init: page table not initialised (%p)", (void *)kernel_pgt);
		return -EINVAL;
	}
	if (!ops || !ops->page_alloc || !ops->page_free || !ops->page_va) {
		vm_err("vmalloc_init: incomplete page ops (%p)", (const void *)ops);
		return -EINVAL;
	}
	vmap_lock(s);
	s->pgt = kernel_pgt;
	s->ops = ops;
	s->root = NULL;
	INIT_LIST_HEAD(&s->desc_partial);
	s->desc_free = s->desc_pages = s->nr_areas = s->nr_pages = s->used_bytes = 0;
	s->list_pages = 0;
	s->desc_grew = false;
	if (!desc_reserve(s, 1)) {
		vmap_unlock(s);
		vm_err("vmalloc_init: no page for area descriptors (%d)", -ENOMEM);
		return -ENOMEM;
	}
	s->desc_grew = false;
	a = desc_get(s);
	a->va_start = VMALLOC_START;
	a->va_end = VMALLOC_END;
	s->root = tree_insert(NULL, a);
	s->nr_free = 1;
	s->ready = true;
	vmap_unlock(s);
	return 0;
}

/* The lowest area in the tree, or NULL. */
static struct vmap_area *first_busy(struct vmap_area *n)
{
	struct vmap_area *a;

	if (!n)
		return NULL;
	a = first_busy(n->left);
	if (a)
		return a;
	return n->busy ? n : first_busy(n->right);
}

int vmalloc_exit(void)
{
	struct vmap_space *s = vmap_cur;
	struct vmap_area *a;
	int left = 0;

	if (!s->ready)
		return 0;
	vmap_lock(s);
	while ((a = first_busy(s->root))) {
		if (!destroy_area(s, a, "vmalloc_exit"))
			release_area(s, a); /* the table is going away with its owner */
		left++;
	}
	if (left)
		vm_err("vmalloc_exit: areas still live at exit (%d)", left);
	desc_put(s, s->root);
	s->root = NULL;
	s->nr_free = 0;
	s->ready = false;
	vmap_unlock(s);
	return left;
}

void vmalloc_use_test_instance(bool test)
{
	if (test) {
		memset(&test_space, 0, sizeof(test_space));
		spin_lock_init(&test_space.lock);
		vmap_cur = &test_space;
	} else {
		vmap_cur = &kernel_space;
	}
}
