// SPDX-License-Identifier: MIT
/*
 * vmalloc reports: the fault message, counters, /proc/meminfo and /proc/vmallocinfo lines,
 * and vmalloc_verify(), which re-derives every invariant of mm/vmalloc.c from the tree and
 * the page table. Each takes the instance's lock; none changes anything.
 */
#include "mm/vmalloc_internal.h"
#include "lib/report.h"
#include "lib/errno.h"
#include "lib/printf.h"

int vmalloc_fault_format(const struct vmalloc_fault *f, char *buf, size_t size)
{
	switch (f->kind) {
	case VMALLOC_FAULT_GUARD:
		return snprintf(buf, size,
				"vmalloc guard page overflow of area 0x%lx size %lu caller 0x%lx "
				"(0x%lx)",
				f->area_start, f->area_size, (unsigned long)f->caller, f->addr);
	case VMALLOC_FAULT_AREA:
		return snprintf(buf, size,
				"vmalloc: fault inside area 0x%lx size %lu caller 0x%lx (0x%lx)",
				f->area_start, f->area_size, (unsigned long)f->caller, f->addr);
	case VMALLOC_FAULT_HOLE:
		return snprintf(buf, size, "vmalloc: no area at this address (0x%lx)", f->addr);
	default:
		return snprintf(buf, size, "vmalloc: not a vmalloc address (0x%lx)", f->addr);
	}
}

/* --- Reports ---------------------------------------------------------------------- */

static void emit(vmalloc_print_fn out, void *arg, const char *line)
{
	line_emit(out, arg, line);
}

void vmalloc_get_stats(struct vmalloc_stats *st)
{
	struct vmap_space *s = vmap_cur;

	*st = (struct vmalloc_stats){.total_bytes = VMALLOC_TOTAL};
	if (!s->ready)
		return;
	vmap_lock(s);
	st->nr_areas = s->nr_areas;
	st->nr_pages = s->nr_pages;
	st->used_bytes = s->used_bytes;
	st->largest_free = vmap_max_free(s->root);
	st->nr_free_ranges = s->nr_free;
	st->list_pages = s->list_pages;
	st->desc_pages = s->desc_pages;
	vmap_unlock(s);
}

void vmalloc_meminfo(vmalloc_print_fn out, void *arg)
{
	struct vmalloc_stats st;
	char line[48];

	vmalloc_get_stats(&st);
	snprintf(line, sizeof(line), "VmallocTotal:   %8lu kB", st.total_bytes >> 10);
	emit(out, arg, line);
	snprintf(line, sizeof(line), "VmallocUsed:    %8lu kB", st.nr_pages << (PAGE_SHIFT - 10));
	emit(out, arg, line);
	snprintf(line, sizeof(line), "VmallocChunk:   %8lu kB", st.largest_free >> 10);
	emit(out, arg, line);
}

/* Append to the line in buf (size bytes) that already holds *len characters. */
static void __printf(4, 5) append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len = min(*len + (size_t)n, size - 1);
}

/* One /proc/vmallocinfo line: range, size, caller, pages=, phys=, kind, N<node>=. */
static void info_line(struct vmap_space *s, struct vmap_area *a, vmalloc_print_fn out, void *arg)
{
	struct vm_struct *vm = &a->vm;
	unsigned int nodes[VMALLOC_MAX_NODES] = {0};
	char line[256];
	size_t n = 0;

	append(line, sizeof(line), &n, "0x%016lx-0x%016lx %7lu", a->va_start,
	       a->va_start + vm->size, vm->size);
	if (vm->caller)
		append(line, sizeof(line), &n, " 0x%lx", (unsigned long)vm->caller);
	if (vm->nr_pages)
		append(line, sizeof(line), &n, " pages=%u", vm->nr_pages);
	if (vm->phys_addr)
		append(line, sizeof(line), &n, " phys=0x%016llx", (ull)vm->phys_addr);
	if (vm->flags & VM_IOREMAP)
		append(line, sizeof(line), &n, " ioremap");
	if (vm->flags & VM_ALLOC)
		append(line, sizeof(line), &n, " vmalloc");
	if (vm->flags & VM_MAP)
		append(line, sizeof(line), &n, " vmap");
	if (vm->nr_pages && s->ops->page_nid) {
		for (unsigned long i = 0; i < vm->nr_pages; i++) {
			int nid = s->ops->page_nid(s->ops->ctx, *vmap_page_slot(s, vm, i));

			if (nid >= 0 && nid < VMALLOC_MAX_NODES)
				nodes[nid]++;
		}
		for (int i = 0; i < VMALLOC_MAX_NODES; i++)
			if (nodes[i])
				append(line, sizeof(line), &n, " N%d=%u", i, nodes[i]);
	}
	emit(out, arg, line);
}

static void info_walk(struct vmap_space *s, struct vmap_area *n, vmalloc_print_fn out, void *arg)
{
	if (!n)
		return;
	info_walk(s, n->left, out, arg);
	if (n->busy)
		info_line(s, n, out, arg);
	info_walk(s, n->right, out, arg);
}

void vmallocinfo(vmalloc_print_fn out, void *arg)
{
	struct vmap_space *s = vmap_cur;

	if (!s->ready)
		return;
	vmap_lock(s);
	info_walk(s, s->root, out, arg);
	vmap_unlock(s);
}

/* --- Verification ----------------------------------------------------------------- */

struct verify_state {
	struct vmap_space *s;
	vmalloc_print_fn out;
	void *arg;
	int errors;
	unsigned long next; /* where the next range must start */
	bool prev_free;	    /* the previous range was free */
	unsigned long areas, frees, pages, bytes, lists, nodes;
};

static void __printf(2, 3) verr(struct verify_state *v, const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	emit(v->out, v->arg, line);
	v->errors++;
}

/* Is page va of area a mapped to want (any PA if want is 0)? */
static void verify_page(struct verify_state *v, struct vmap_area *a, unsigned long va,
			phys_addr_t want)
{
	struct pgt_walk w;

	if (pgt_walk(v->s->pgt, va, &w) != 0)
		verr(v, "vmalloc_verify: area 0x%lx: page not mapped (0x%lx)", a->va_start, va);
	else if (want && w.pa != want)
		verr(v, "vmalloc_verify: area 0x%lx: page maps 0x%llx, not 0x%llx (0x%lx)",
		     a->va_start, (ull)w.pa, (ull)want, va);
}

static void verify_area(struct verify_state *v, struct vmap_area *a)
{
	struct vm_struct *vm = &a->vm;
	unsigned long pages = (vm->size >> PAGE_SHIFT) - 1;
	struct pgt_walk w;

	if ((unsigned long)vm->addr != a->va_start || vm->size != a->va_end - a->va_start ||
	    vm->size < 2 * PAGE_SIZE)
		verr(v, "vmalloc_verify: area 0x%lx: vm_struct says 0x%lx size %lu (0x%lx)",
		     a->va_start, (unsigned long)vm->addr, vm->size, a->va_end);
	if (pgt_walk(v->s->pgt, a->va_end - PAGE_SIZE, &w) != -ENOENT)
		verr(v, "vmalloc_verify: area 0x%lx: guard page is mapped (0x%lx)", a->va_start,
		     a->va_end - PAGE_SIZE);
	v->areas++;
	v->bytes += vm->size;
	if (vm->flags & (VM_ALLOC | VM_MAP_PUT_PAGES)) {
		if (vm->nr_pages != pages) {
			verr(v, "vmalloc_verify: area 0x%lx: %u pages listed for %lu (0x%lx)",
			     a->va_start, vm->nr_pages, pages, vm->flags);
			return;
		}
		v->pages += pages;
		v->lists += vmap_list_pages(pages);
		for (unsigned long i = 0; i < pages; i++)
			verify_page(v, a, a->va_start + i * PAGE_SIZE,
				    *vmap_page_slot(v->s, vm, i));
		if (vm->flags & VM_MOVABLE)
			v->errors += vmap_verify_movable(v->s, vm, v->out, v->arg);
	} else if (vm->flags & VM_MAP) {
		for (unsigned long i = 0; i < pages; i++)
			verify_page(v, a, a->va_start + i * PAGE_SIZE, 0);
	} else if (vm->flags & VM_IOREMAP) {
		verify_page(v, a, a->va_start, vm->phys_addr);
		verify_page(v, a, a->va_end - 2 * PAGE_SIZE,
			    vm->phys_addr + vm->size - 2 * PAGE_SIZE);
	} else {
		verr(v, "vmalloc_verify: area 0x%lx: unknown kind (0x%lx)", a->va_start, vm->flags);
	}
}

/* In-order check of the subtree at n; returns its height as recomputed. */
static int verify_tree(struct verify_state *v, struct vmap_area *n)
{
	int hl, hr;
	unsigned long want;

	if (!n)
		return 0;
	hl = verify_tree(v, n->left);
	v->nodes++;
	if (n->va_start != v->next || n->va_end <= n->va_start ||
	    !IS_ALIGNED(n->va_start | n->va_end, PAGE_SIZE) || n->va_end > VMALLOC_END)
		verr(v, "vmalloc_verify: range 0x%lx-0x%lx does not follow 0x%lx (0x%lx)",
		     n->va_start, n->va_end, v->next, n->va_start);
	v->next = n->va_end;
	if (n->busy) {
		verify_area(v, n);
	} else {
		if (v->prev_free)
			verr(v, "vmalloc_verify: adjacent free ranges not merged (0x%lx)",
			     n->va_start);
		v->frees++;
	}
	v->prev_free = !n->busy;
	hr = verify_tree(v, n->right);
	want = max(vmap_max_free(n->left), vmap_max_free(n->right));
	if (!n->busy)
		want = max(want, n->va_end - n->va_start);
	if (n->height != 1 + max(hl, hr) || hl - hr > 1 || hr - hl > 1)
		verr(v, "vmalloc_verify: node 0x%lx: height %d, children %d and %d (%d)",
		     n->va_start, n->height, hl, hr, n->height);
	if (n->subtree_max_free != want)
		verr(v, "vmalloc_verify: node 0x%lx: subtree_max_free %lu, should be %lu (%lu)",
		     n->va_start, n->subtree_max_free, want, n->subtree_max_free);
	return 1 + max(hl, hr);
}

static void verify_count(struct verify_state *v, const char *what, unsigned long have,
			 unsigned long found)
{
	if (have != found)
		verr(v, "vmalloc_verify: %s counter is %lu but %lu found (%lu)", what, have, found,
		     found);
}

int vmalloc_verify(vmalloc_print_fn out, void *arg)
{
	struct vmap_space *s = vmap_cur;
	struct verify_state v = {.s = s, .out = out, .arg = arg, .next = VMALLOC_START};

	if (!s->ready)
		return 0;
	vmap_lock(s);
	verify_tree(&v, s->root);
	if (v.next != VMALLOC_END)
		verr(&v, "vmalloc_verify: ranges end at 0x%lx, not at VMALLOC_END (0x%lx)", v.next,
		     VMALLOC_END);
	verify_count(&v, "area", s->nr_areas, v.areas);
	verify_count(&v, "free range", s->nr_free, v.frees);
	verify_count(&v, "page", s->nr_pages, v.pages);
	verify_count(&v, "used byte", s->used_bytes, v.bytes);
	verify_count(&v, "list page", s->list_pages, v.lists);
	verify_count(&v, "descriptor", s->desc_pages * DESC_PER_PAGE - s->desc_free, v.nodes);
	vmap_unlock(s);
	return v.errors;
}
