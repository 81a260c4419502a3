// SPDX-License-Identifier: MIT
/*
 * Movable vmalloc areas: the vmalloc owner of mm/migrate.h's movable pages.
 *
 * An area allocated with __GFP_MOVABLE (and a page provider that can name struct pages)
 * is flagged VM_MOVABLE, and each of its pages is marked movable with this file's ops,
 * the instance (struct vmap_space) as cookie and page->private = the page's virtual
 * address. That is the whole reverse map: the address finds the area in the instance's
 * tree (O(log n)) and the page index within it.
 *
 * Moving a page, under the instance lock: check that the area is still there and that its
 * page list still holds the old page at that index (the area may have been freed, or the
 * page moved already: -EAGAIN), copy the 4 KiB, point the PTE at the new frame in one
 * store and flush that TLB entry (pgt_remap_page), and update the page list. A reader
 * sees either frame with the same contents; rvmm has no fault-and-wait path, so writers of
 * a movable area on other harts must not run during a migration (CMA callers are the
 * firmware's console commands, tests and benchmarks).
 */
#include "mm/vmalloc_internal.h"
#include "lib/report.h"
#include "mm/migrate.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

static int vmalloc_migrate(struct page *src, struct page *dst, void *priv);

static const struct movable_ops vmalloc_movable_ops = {.migrate = vmalloc_migrate};

static struct page *pa_page(const struct vmap_space *s, phys_addr_t pa)
{
	return s->ops->page_struct ? s->ops->page_struct(s->ops->ctx, pa) : NULL;
}

void vmap_set_movable(struct vmap_space *s, struct vm_struct *vm, bool movable)
{
	unsigned long va = (unsigned long)vm->addr;

	for (unsigned long i = 0; i < vm->nr_pages; i++) {
		struct page *page = pa_page(s, *vmap_page_slot(s, vm, i));

		if (!page)
			continue;
		if (movable) {
			if (set_page_movable(page, &vmalloc_movable_ops, s) == 0)
				page->private = va + i * PAGE_SIZE;
		} else if (page_movable_ops(page) == &vmalloc_movable_ops) {
			clear_page_movable(page);
			page->private = 0;
		}
	}
}

static int vmalloc_migrate(struct page *src, struct page *dst, void *priv)
{
	struct vmap_space *s = priv;
	unsigned long va = src->private;
	phys_addr_t old = PFN_PHYS(page_to_pfn(src)), new = PFN_PHYS(page_to_pfn(dst));
	struct vmap_area *a;
	phys_addr_t *slot;
	int err = -EAGAIN;

	if (!s->ready)
		return -EAGAIN;
	vmap_lock(s);
	a = vmap_find(s, va);
	if (!a || !a->busy || !(a->vm.flags & VM_MOVABLE) || va >= a->va_end - PAGE_SIZE)
		goto out;
	slot = vmap_page_slot(s, &a->vm, (va - a->va_start) >> PAGE_SHIFT);
	if (*slot != old || pa_page(s, old) != src || pa_page(s, new) != dst)
		goto out;
	memcpy(s->ops->page_va(s->ops->ctx, new), s->ops->page_va(s->ops->ctx, old), PAGE_SIZE);
	err = pgt_remap_page(s->pgt, va, old, new);
	if (!err)
		*slot = new;
out:
	vmap_unlock(s);
	return err;
}

int vmap_verify_movable(struct vmap_space *s, struct vm_struct *vm, vmalloc_print_fn out, void *arg)
{
	unsigned long va = (unsigned long)vm->addr;
	int errors = 0;

	for (unsigned long i = 0; i < vm->nr_pages; i++, va += PAGE_SIZE) {
		phys_addr_t pa = *vmap_page_slot(s, vm, i);
		struct page *page = pa_page(s, pa);

		if (!page) {
			line_emitf(out, arg,
				   "vmalloc_verify: area 0x%lx: movable page without struct page "
				   "(0x%llx)",
				   (unsigned long)vm->addr, (unsigned long long)pa);
			errors++;
		} else if (page_movable_ops(page) != &vmalloc_movable_ops ||
			   page_movable_priv(page) != s || page->private != va) {
			line_emitf(out, arg,
				   "vmalloc_verify: area 0x%lx: page 0x%llx lost its movable link "
				   "(0x%lx)",
				   (unsigned long)vm->addr, (unsigned long long)pa, va);
			errors++;
		}
	}
	return errors;
}
