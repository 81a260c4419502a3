// SPDX-License-Identifier: MIT
/*
 * Slab debugging: red zones, poisoning, owner tracking, consistency checks and BUG
 * reports. On for a cache created with SLAB_RED_ZONE, SLAB_POISON, SLAB_STORE_USER or
 * SLAB_CONSISTENCY_CHECKS, or for every cache created after slab_debug_enable() (the
 * bootarg `slub_debug`). Debug caches have no per-CPU arrays: each allocation and free
 * goes to the node lists, where the object is checked under list_lock.
 *
 * Slot layout (offsets from the object pointer; see mm/slab_internal.h):
 *  - red zones (SLAB_RED_ZONE): obj_offset bytes before the object and at least 8 after
 *    it, 0xbb while the object is free and 0xcc while allocated. A kmalloc'ed object also
 *    keeps the size asked for (orig size): bytes from there to object_size are red zone
 *    too, so kmalloc(18) from kmalloc-32 catches a write to bytes 18..31.
 *  - poison (SLAB_POISON, not with a ctor): a free object holds 0x6b, its last byte 0xa5;
 *    any other value when it is next allocated (or validated) is a write after free. The
 *    free pointer then lives after the object, so the object's first word is poison too.
 *  - tracks (SLAB_STORE_USER): who last allocated and freed the object (return address,
 *    CPU, sequence number), shown in its reports.
 *
 * What is detected and when:
 *	write past the object      red zone, on free or validation
 *	write after free           poison, on the next allocation of that object or validation
 *	double free                free pointer walk of its slab, on free
 *	corrupted free pointer     always (also without debug): when it is followed
 *	invalid / wrong-cache free always: kfree()/kmem_cache_free() look the slab up
 *
 * Each finding is ONE report through mm_printf(), two lines:
 *
 *	BUG kmalloc-32: red zone overwritten after the object
 *	  object 0x... in slab 0x... (pfn 0x..., 1 pages): byte +18 is 0xab, expected 0xcc ...;
 *	  slab quarantined
 *
 * and counts one error for the cache and one globally. The slab is then quarantined: off
 * the lists (on slabs_bad), PG_bad, its objects purged from per-CPU arrays, never given
 * out or freed again; frees of its other objects are ignored. The firmware goes on.
 */
#include "mm/slab_internal.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

/* ---- layout ---- */

void slab_debug_layout(struct kmem_cache *c)
{
	slab_flags_t f = c->flags;
	unsigned int off;

	c->obj_offset = (f & SLAB_RED_ZONE) ? ALIGN_UP(8U, c->align) : 0;
	c->inuse = ALIGN_UP(c->object_size, 8U) + ((f & SLAB_RED_ZONE) ? 8 : 0);
	off = c->inuse;
	c->fp_offset = 0;
	/* A free pointer in an object smaller than itself would cover the right red zone. */
	if (c->ctor || (f & SLAB_POISON) ||
	    ((f & SLAB_RED_ZONE) && c->object_size < sizeof(void *))) {
		c->fp_offset = off;
		off += sizeof(void *);
	}
	c->orig_offset = 0;
	if (f & SLAB_RED_ZONE) {
		c->orig_offset = off;
		off += 8;
	}
	c->track_offset = 0;
	if (f & SLAB_STORE_USER) {
		c->track_offset = off;
		off += 2 * sizeof(struct slab_track);
	}
	if (off < sizeof(void *))
		off = sizeof(void *);
	c->size = ALIGN_UP(c->obj_offset + off, c->align);
}

static u32 *orig_ptr(const struct kmem_cache *c, const void *obj)
{
	return (u32 *)((char *)obj + c->orig_offset);
}

static struct slab_track *tracks(const struct kmem_cache *c, const void *obj)
{
	return (struct slab_track *)((char *)obj + c->track_offset);
}

size_t slab_orig_size(const struct kmem_cache *c, const void *obj)
{
	if (!(c->flags & SLAB_RED_ZONE))
		return c->object_size;
	return *orig_ptr(c, obj);
}

void slab_set_orig_size(struct kmem_cache *c, void *obj, size_t size)
{
	size_t old;

	if (!(c->flags & SLAB_RED_ZONE) || size > c->object_size)
		return;
	old = *orig_ptr(c, obj);
	if (size < old)
		memset((char *)obj + size, SLUB_RED_ACTIVE, old - size);
	*orig_ptr(c, obj) = (u32)size;
}

/* Offset of the first byte of p[0..n) that is not val, or -1. */
static long first_not(const void *p, u8 val, size_t n)
{
	const u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != val)
			return (long)i;
	return -1;
}

static void set_red_zones(struct kmem_cache *c, void *obj, u8 val, size_t from)
{
	memset((char *)obj - c->obj_offset, val, c->obj_offset);
	memset((char *)obj + from, val, c->inuse - from);
}

static void poison(struct kmem_cache *c, void *obj)
{
	memset(obj, POISON_FREE, c->object_size - 1);
	((u8 *)obj)[c->object_size - 1] = POISON_END;
}

static void set_track(struct kmem_cache *c, void *obj, int which, const void *caller)
{
	struct slab_track *t = &tracks(c, obj)[which];

	t->addr = caller;
	t->cpu = smp_processor_id();
	t->when = __atomic_add_fetch(&slab_state->seq, 1, __ATOMIC_RELAXED);
}

void slab_debug_init_object(struct kmem_cache *c, void *obj)
{
	if (c->flags & SLAB_RED_ZONE) {
		set_red_zones(c, obj, SLUB_RED_INACTIVE, c->object_size);
		*orig_ptr(c, obj) = 0;
	}
	if (c->flags & SLAB_POISON)
		poison(c, obj);
	if (c->flags & SLAB_STORE_USER)
		memset(tracks(c, obj), 0, 2 * sizeof(struct slab_track));
}

/* ---- checks ---- */

/* Red zones of obj hold val (right one from `from`); NULL or the reason with detail. */
static const char *check_red_zones(struct kmem_cache *c, const void *obj, u8 val, size_t from,
				   char *detail, size_t dlen)
{
	long bad;

	if (!(c->flags & SLAB_RED_ZONE))
		return NULL;
	bad = first_not((const char *)obj - c->obj_offset, val, c->obj_offset);
	if (bad >= 0) {
		snprintf(detail, dlen, "byte -%ld is 0x%02x, expected 0x%02x",
			 (long)c->obj_offset - bad, ((const u8 *)obj)[bad - (long)c->obj_offset],
			 val);
		return "red zone overwritten before the object";
	}
	bad = first_not((const char *)obj + from, val, c->inuse - from);
	if (bad >= 0) {
		bad += (long)from;
		snprintf(detail, dlen, "byte +%ld is 0x%02x, expected 0x%02x (size %zu of %u)", bad,
			 ((const u8 *)obj)[bad], val, from < c->object_size ? from : c->object_size,
			 c->object_size);
		return "red zone overwritten after the object";
	}
	return NULL;
}

/* A free object: red zones inactive, poison intact. */
static const char *check_free_object(struct kmem_cache *c, const void *obj, char *detail,
				     size_t dlen)
{
	const char *why = check_red_zones(c, obj, SLUB_RED_INACTIVE, c->object_size, detail, dlen);
	long bad;

	if (why || !(c->flags & SLAB_POISON))
		return why;
	bad = first_not(obj, POISON_FREE, c->object_size - 1);
	if (bad < 0 && ((const u8 *)obj)[c->object_size - 1] != POISON_END)
		bad = (long)c->object_size - 1;
	if (bad < 0)
		return NULL;
	snprintf(detail, dlen, "byte +%ld is 0x%02x, expected 0x%02x", bad, ((const u8 *)obj)[bad],
		 (size_t)bad == c->object_size - 1 ? POISON_END : POISON_FREE);
	return "poison overwritten (write after free)";
}

/* An allocated object: red zones active from its requested size. */
static const char *check_used_object(struct kmem_cache *c, const void *obj, char *detail,
				     size_t dlen)
{
	size_t from = slab_orig_size(c, obj);

	if (from > c->object_size)
		from = c->object_size;
	return check_red_zones(c, obj, SLUB_RED_ACTIVE, from, detail, dlen);
}

const char *slab_debug_check_alloc(struct kmem_cache *c, struct page *slab, void *obj, char *detail,
				   size_t dlen)
{
	(void)slab;
	return check_free_object(c, obj, detail, dlen);
}

void slab_debug_on_alloc(struct kmem_cache *c, void *obj, size_t orig_size, const void *caller)
{
	if (orig_size > c->object_size)
		orig_size = c->object_size;
	if (c->flags & SLAB_RED_ZONE) {
		set_red_zones(c, obj, SLUB_RED_ACTIVE, orig_size);
		*orig_ptr(c, obj) = (u32)orig_size;
	}
	if (c->flags & SLAB_STORE_USER)
		set_track(c, obj, 0, caller);
}

const char *slab_walk_freelist(struct kmem_cache *c, struct page *slab, u64 *bits, void **where,
			       char *detail, size_t dlen)
{
	void *obj = slab_freelist(slab);
	unsigned int steps = 0;

	memset(bits, 0, SLAB_MAX_OBJS / 8);
	if (obj && obj_index(c, slab, obj) < 0) {
		*where = obj;
		snprintf(detail, dlen, "the slab's first free object %p is not an object", obj);
		return "free pointer corrupted";
	}
	while (obj) {
		int idx = obj_index(c, slab, obj);
		uintptr_t *fp = freeptr_addr(c, obj);
		void *next;

		if (bits[idx / 64] >> (idx % 64) & 1 || ++steps > c->num) {
			*where = obj;
			snprintf(detail, dlen, "the freelist loops at index %d", idx);
			return "free pointer corrupted";
		}
		bits[idx / 64] |= 1ULL << (idx % 64);
		next = freeptr_decode(c, *fp, fp);
		if (next && obj_index(c, slab, next) < 0) {
			*where = obj;
			snprintf(detail, dlen, "stored 0x%lx decodes to %p", (unsigned long)*fp,
				 next);
			return "free pointer corrupted";
		}
		obj = next;
	}
	return NULL;
}

const char *slab_debug_check_free(struct kmem_cache *c, struct page *slab, void **objp,
				  char *detail, size_t dlen)
{
	u64 bits[SLAB_MAX_OBJS / 64];
	int idx = obj_index(c, slab, *objp);
	const char *why = slab_walk_freelist(c, slab, bits, objp, detail, dlen);

	if (why)
		return why;
	if (bits[idx / 64] >> (idx % 64) & 1) {
		snprintf(detail, dlen, "index %d of the slab is on its freelist", idx);
		return "double free (object already free)";
	}
	return check_used_object(c, *objp, detail, dlen);
}

void slab_debug_on_free(struct kmem_cache *c, void *obj, const void *caller)
{
	if (c->flags & SLAB_STORE_USER)
		set_track(c, obj, 1, caller);
	if (c->flags & SLAB_POISON)
		poison(c, obj);
	if (c->flags & SLAB_RED_ZONE) {
		set_red_zones(c, obj, SLUB_RED_INACTIVE, c->object_size);
		*orig_ptr(c, obj) = 0;
	}
}

/* ---- reports ---- */

void slab_bug(struct kmem_cache *c, const char *name, struct page *slab, const void *obj,
	      const char *reason, const char *detail)
{
	struct kmem_cache *owner = slab ? slab_cache(slab) : NULL;
	char line[300];
	int len;

	__atomic_add_fetch(&slab_state->nr_errors, 1, __ATOMIC_RELAXED);
	if (c)
		__atomic_add_fetch(&c->nr_errors, 1, __ATOMIC_RELAXED);
	mm_printf("BUG %s: %s\n", name, reason);
	if (slab)
		len = snprintf(line, sizeof(line), "  object %p in slab %p (pfn 0x%llx, %lu pages)",
			       obj, page_address(slab), (unsigned long long)page_to_pfn(slab),
			       owner ? 1UL << owner->order : 1UL);
	else
		len = snprintf(line, sizeof(line), "  object %p", obj);
	if (detail && *detail && len < (int)sizeof(line))
		len += snprintf(line + len, sizeof(line) - (size_t)len, ": %s", detail);
	if (owner && (owner->flags & SLAB_STORE_USER) && obj_index(owner, slab, obj) >= 0 &&
	    len < (int)sizeof(line)) {
		const struct slab_track *t = tracks(owner, obj);

		len += snprintf(line + len, sizeof(line) - (size_t)len,
				"; allocated by %p cpu%u #%llu, freed by %p cpu%u #%llu", t[0].addr,
				t[0].cpu, (unsigned long long)t[0].when, t[1].addr, t[1].cpu,
				(unsigned long long)t[1].when);
	}
	if (slab && len < (int)sizeof(line))
		snprintf(line + len, sizeof(line) - (size_t)len, "; slab quarantined");
	mm_printf("%s\n", line);
	if (slab)
		slab_quarantine(slab);
}

unsigned long slab_error_count(void)
{
	return __atomic_load_n(&slab_state->nr_errors, __ATOMIC_RELAXED);
}

unsigned long kmem_cache_error_count(const struct kmem_cache *c)
{
	return c ? __atomic_load_n(&c->nr_errors, __ATOMIC_RELAXED) : 0;
}

/* ---- switches ---- */

int slab_debug_enable(slab_flags_t flags)
{
	if (flags & ~SLAB_DEBUG_MASK) {
		mm_printf("%s: not debug flags (0x%x)\n", __func__, flags & ~SLAB_DEBUG_MASK);
		return -EINVAL;
	}
	slab_state->debug_flags |= flags;
	return 0;
}

int slab_debug_parse(const char *opts, slab_flags_t *flags)
{
	slab_flags_t f = 0;

	if (!opts || !*opts || *opts == ',') {
		*flags = SLAB_DEBUG_FLAGS;
		return 0;
	}
	for (const char *p = opts; *p && *p != ','; p++) {
		switch (*p) {
		case '-':
			break;
		case 'f':
		case 'F':
			f |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'z':
		case 'Z':
			f |= SLAB_RED_ZONE;
			break;
		case 'p':
		case 'P':
			f |= SLAB_POISON;
			break;
		case 'u':
		case 'U':
			f |= SLAB_STORE_USER;
			break;
		default:
			mm_printf("slub_debug: unknown option (%c)\n", *p);
			return -EINVAL;
		}
	}
	*flags = f;
	return 0;
}

/* ---- validation ---- */

/* First problem in one slab (list_lock held): true with *bad filled. */
static bool validate_slab(struct kmem_cache *c, struct page *slab, struct slab_bad *bad)
{
	u64 bits[SLAB_MAX_OBJS / 64];
	void *where = NULL;

	bad->reason = slab_walk_freelist(c, slab, bits, &where, bad->detail, sizeof(bad->detail));
	if (!bad->reason && cache_debug(c)) {
		for (unsigned int i = 0; i < c->num && !bad->reason; i++) {
			where = slab_obj(c, slab, i);
			if (bits[i / 64] >> (i % 64) & 1)
				bad->reason =
				    check_free_object(c, where, bad->detail, sizeof(bad->detail));
			else
				bad->reason =
				    check_used_object(c, where, bad->detail, sizeof(bad->detail));
		}
	}
	if (!bad->reason)
		return false;
	bad->slab = slab;
	bad->obj = where;
	return true;
}

static bool validate_node(struct kmem_cache *c, struct kmem_cache_node *n, struct slab_bad *bad)
{
	struct list_head *lists[] = {&n->slabs_partial, &n->slabs_full, &n->slabs_free};
	bool found = false;

	spin_lock(&n->list_lock);
	for (unsigned l = 0; l < ARRAY_SIZE(lists) && !found; l++) {
		struct page *slab;

		list_for_each_entry (slab, lists[l], lru) {
			found = validate_slab(c, slab, bad);
			if (found)
				break;
		}
	}
	spin_unlock(&n->list_lock);
	return found;
}

int kmem_cache_validate(struct kmem_cache *c)
{
	int errors = 0;

	if (!c) {
		mm_printf("%s: no cache (NULL)\n", __func__);
		return -EINVAL;
	}
	/* Each report quarantines the slab, which changes the lists: start over after it. */
	for (bool again = true; again && errors < 64;) {
		again = false;
		for (int nid = 0; nid < MAX_NUMNODES && !again; nid++) {
			struct slab_bad bad = {0};

			if (c->node[nid] && validate_node(c, c->node[nid], &bad)) {
				slab_bug(c, c->name, bad.slab, bad.obj, bad.reason, bad.detail);
				errors++;
				again = true;
			}
		}
	}
	return errors;
}
