// SPDX-License-Identifier: MIT
/*
 * Slab reports and the consistency check, all through mm_printf():
 *
 *  - slabinfo_show(): /proc/slabinfo version 2.1, Linux's header and columns
 *    ("%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu"),
 *    newest cache first as Linux lists them. objsize is the slot size (metadata
 *    included), tunables are the per-CPU array's limit and batchcount (sharedfactor 0:
 *    there are no shared arrays), sharedavail 0. active_objs counts objects callers hold:
 *    objects waiting in per-CPU arrays count as free (Linux SLAB counts them as active).
 *  - slabtop_show(): slabtop's summary and table, largest cache size first (slabtop -s c).
 *  - slab_meminfo(): Slab, SReclaimable, SUnreclaim in kB (quarantined slabs and large
 *    kmallocs are unreclaimable).
 *  - slab_verify(): for every cache, with its per-CPU array locks and node locks held:
 *    each slab on a list is a slab head page of this cache and node, not quarantined,
 *    of the cache's order, its freelist walks cleanly to exactly num - inuse objects,
 *    and it sits on the list its inuse count says; node counters match the lists; every
 *    per-CPU array entry is an object start in a live slab of this cache on the CPU's
 *    node, not also on a freelist, and not twice in the arrays.
 */
#include "mm/slab_internal.h"
#include "mm/verify.h"
#include "lib/printf.h"
#include "lib/string.h"

#define SLABTOP_MAX 128 /* caches slabtop sorts */

void kmem_cache_get_info(struct kmem_cache *c, struct slab_cache_info *info)
{
	unsigned long free = 0, cpu = 0;

	memset(info, 0, sizeof(*info));
	info->name = c->name;
	slab_lock_all(c);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct kmem_cache_node *n = c->node[nid];

		if (!n)
			continue;
		info->num_slabs += n->total_slabs;
		info->free_slabs += n->free_slabs;
		info->quarantined_slabs += n->bad_slabs;
		info->quarantined_pages += n->bad_pages;
		free += n->free_objects;
	}
	for (unsigned i = 0; i < NR_CPUS; i++)
		if (ac_usable(c->cpu_cache[i]))
			cpu += c->cpu_cache[i]->avail;
	slab_unlock_all(c);
	info->num_objs = info->num_slabs * c->num;
	info->cpu_objs = cpu;
	info->active_objs = info->num_objs - free - cpu;
	info->active_slabs = info->num_slabs - info->free_slabs;
	info->objsize = c->size;
	info->object_size = c->object_size;
	info->objperslab = c->num;
	info->pagesperslab = 1U << c->order;
	info->limit = c->limit;
	info->batchcount = c->batchcount;
	info->colours = c->colours;
	info->errors = kmem_cache_error_count(c);
	info->flags = c->flags;
}

void slabinfo_show(void)
{
	struct slab_state *s = slab_state;
	struct kmem_cache *c;

	mm_printf("slabinfo - version: 2.1\n");
	mm_printf("# name            <active_objs> <num_objs> <objsize> <objperslab> "
		  "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata "
		  "<active_slabs> <num_slabs> <sharedavail>\n");
	spin_lock(&s->lock);
	list_for_each_entry_reverse(c, &s->caches, list)
	{
		struct slab_cache_info i;

		kmem_cache_get_info(c, &i);
		mm_printf("%-17s %6lu %6lu %6u %4u %4u : tunables %4u %4u %4u : slabdata %6lu %6lu "
			  "%6lu\n",
			  i.name, i.active_objs, i.num_objs, i.objsize, i.objperslab,
			  i.pagesperslab, i.limit, i.batchcount, 0U, i.active_slabs, i.num_slabs,
			  0UL);
	}
	spin_unlock(&s->lock);
}

/* bytes as kilobytes with two decimals, into buf */
static const char *kb2(char *buf, size_t len, unsigned long long bytes)
{
	unsigned long long hundredths = (bytes * 100 + 512) / 1024;

	snprintf(buf, len, "%llu.%02lluK", hundredths / 100, hundredths % 100);
	return buf;
}

/* part of whole as a percentage with one decimal */
static const char *pct1(char *buf, size_t len, unsigned long long part, unsigned long long whole)
{
	unsigned long long tenths = whole ? (part * 1000 + whole / 2) / whole : 0;

	snprintf(buf, len, "%llu.%llu%%", tenths / 10, tenths % 10);
	return buf;
}

struct top_entry {
	struct kmem_cache *c;
	unsigned long long bytes; /* slabs * pages * PAGE_SIZE */
};

void slabtop_show(void)
{
	struct slab_state *s = slab_state;
	struct top_entry top[SLABTOP_MAX];
	unsigned long long aobj = 0, tobj = 0, aslab = 0, tslab = 0, asize = 0, tsize = 0;
	unsigned int ncaches = 0, acaches = 0, nshown = 0, minsz = ~0U, maxsz = 0;
	char b1[32], b2[32], b3[32];
	struct kmem_cache *c;

	spin_lock(&s->lock);
	list_for_each_entry (c, &s->caches, list) {
		struct slab_cache_info i;
		unsigned long long bytes;
		unsigned int k;

		kmem_cache_get_info(c, &i);
		bytes = (unsigned long long)i.num_slabs * i.pagesperslab * PAGE_SIZE;
		ncaches++;
		acaches += i.active_objs != 0;
		aobj += i.active_objs;
		tobj += i.num_objs;
		aslab += i.active_slabs;
		tslab += i.num_slabs;
		asize += (unsigned long long)i.active_objs * i.objsize;
		tsize += (unsigned long long)i.num_objs * i.objsize;
		minsz = min(minsz, i.objsize);
		maxsz = max(maxsz, i.objsize);
		if (nshown == SLABTOP_MAX && bytes <= top[nshown - 1].bytes)
			continue;
		k = nshown < SLABTOP_MAX ? nshown++ : nshown - 1;
		for (; k > 0 && top[k - 1].bytes < bytes; k--)
			top[k] = top[k - 1];
		top[k] = (struct top_entry){c, bytes};
	}
	mm_printf(" Active / Total Objects (%% used)    : %llu / %llu (%s)\n", aobj, tobj,
		  pct1(b1, sizeof(b1), aobj, tobj));
	mm_printf(" Active / Total Slabs (%% used)      : %llu / %llu (%s)\n", aslab, tslab,
		  pct1(b1, sizeof(b1), aslab, tslab));
	mm_printf(" Active / Total Caches (%% used)     : %u / %u (%s)\n", acaches, ncaches,
		  pct1(b1, sizeof(b1), acaches, ncaches));
	mm_printf(" Active / Total Size (%% used)       : %s / %s (%s)\n",
		  kb2(b1, sizeof(b1), asize), kb2(b2, sizeof(b2), tsize),
		  pct1(b3, sizeof(b3), asize, tsize));
	mm_printf(" Minimum / Average / Maximum Object : %s / %s / %s\n",
		  kb2(b1, sizeof(b1), ncaches ? minsz : 0),
		  kb2(b2, sizeof(b2), tobj ? tsize / tobj : 0), kb2(b3, sizeof(b3), maxsz));
	mm_printf("\n  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME\n");
	for (unsigned int k = 0; k < nshown; k++) {
		struct slab_cache_info i;

		kmem_cache_get_info(top[k].c, &i);
		mm_printf("%6lu %6lu %3lu%% %8s %6lu %8u %9lluK %s\n", i.num_objs, i.active_objs,
			  i.num_objs ? i.active_objs * 100 / i.num_objs : 0UL,
			  kb2(b1, sizeof(b1), i.objsize), i.num_slabs, i.objperslab,
			  top[k].bytes / 1024, i.name);
	}
	spin_unlock(&s->lock);
}

void slab_meminfo(struct slab_meminfo *mi)
{
	struct slab_state *s = slab_state;
	unsigned long reclaim = 0, unreclaim = 0;
	struct kmem_cache *c;

	spin_lock(&s->lock);
	list_for_each_entry (c, &s->caches, list) {
		struct slab_cache_info i;

		kmem_cache_get_info(c, &i);
		if (c->flags & SLAB_RECLAIM_ACCOUNT)
			reclaim += i.num_slabs << c->order;
		else
			unreclaim += i.num_slabs << c->order;
	}
	spin_unlock(&s->lock);
	unreclaim += __atomic_load_n(&s->large_pages, __ATOMIC_RELAXED);
	unreclaim += __atomic_load_n(&s->bad_pages, __ATOMIC_RELAXED);
	mi->sreclaimable_kb = reclaim * (PAGE_SIZE / 1024);
	mi->sunreclaim_kb = unreclaim * (PAGE_SIZE / 1024);
	mi->slab_kb = mi->sreclaimable_kb + mi->sunreclaim_kb;
}

void slab_meminfo_show(void)
{
	struct slab_meminfo mi;

	slab_meminfo(&mi);
	mm_printf("%-16s%8lu kB\n", "Slab:", mi.slab_kb);
	mm_printf("%-16s%8lu kB\n", "SReclaimable:", mi.sreclaimable_kb);
	mm_printf("%-16s%8lu kB\n", "SUnreclaim:", mi.sunreclaim_kb);
}

/* ---- slab_verify ---- */

struct verify {
	struct verify_log log;
	const struct kmem_cache *c;
};

/* One slab on list `want` ("partial", "full", "free") of node nid; returns its free count. */
static unsigned int verify_slab(struct verify *v, struct kmem_cache *c, struct page *slab, int nid,
				const char *want)
{
	u64 bits[SLAB_MAX_OBJS / 64];
	unsigned int inuse, nfree = 0;
	const char *is;
	char detail[96];
	void *where;

	if (!page_in_memmap(slab)) {
		verify_err(&v->log, "node %d %s list entry is not a struct page (%p)", nid, want,
			   (void *)slab);
		return 0;
	}
	if (!PageSlab(slab) || PageTail(slab) || PageBad(slab) || slab_cache(slab) != c) {
		verify_err(
		    &v->log,
		    "pfn 0x%llx on node %d %s list is not a live slab of this cache (flags 0x%lx)",
		    (unsigned long long)page_to_pfn(slab), nid, want, slab->flags);
		return 0;
	}
	if (page_to_nid(slab) != nid)
		verify_err(&v->log, "slab pfn 0x%llx of node %d on node %d's list",
			   (unsigned long long)page_to_pfn(slab), page_to_nid(slab), nid);
	if (c->order && (!PageHead(slab) || slab->order != c->order))
		verify_err(&v->log, "slab pfn 0x%llx is not a compound page of order %u",
			   (unsigned long long)page_to_pfn(slab), c->order);
	if (slab_walk_freelist(c, slab, bits, &where, detail, sizeof(detail))) {
		verify_err(&v->log, "slab pfn 0x%llx: freelist broken at %p: %s",
			   (unsigned long long)page_to_pfn(slab), where, detail);
		return c->num - slab_inuse(slab);
	}
	for (unsigned int i = 0; i < SLAB_MAX_OBJS / 64; i++)
		nfree += (unsigned int)__builtin_popcountll(bits[i]);
	inuse = slab_inuse(slab);
	if (inuse + nfree != c->num)
		verify_err(&v->log, "slab pfn 0x%llx: %u in use + %u free != %u objects",
			   (unsigned long long)page_to_pfn(slab), inuse, nfree, c->num);
	is = !inuse ? "free" : inuse == c->num ? "full" : "partial";
	if (strcmp(is, want))
		verify_err(&v->log, "slab pfn 0x%llx with %u of %u in use is on the %s list",
			   (unsigned long long)page_to_pfn(slab), inuse, c->num, want);
	return nfree;
}

static void verify_node(struct verify *v, struct kmem_cache *c, int nid)
{
	struct kmem_cache_node *n = c->node[nid];
	struct list_head *lists[] = {&n->slabs_partial, &n->slabs_full, &n->slabs_free};
	static const char *const names[] = {"partial", "full", "free"};
	unsigned long slabs = 0, frees = 0, objs = 0, bad = 0;
	struct page *slab;

	for (unsigned l = 0; l < ARRAY_SIZE(lists); l++) {
		unsigned long count = 0;

		list_for_each_entry (slab, lists[l], lru) {
			objs += verify_slab(v, c, slab, nid, names[l]);
			count++;
		}
		slabs += count;
		if (l == 2)
			frees = count;
	}
	list_for_each_entry (slab, &n->slabs_bad, lru) {
		if (!PageBad(slab))
			verify_err(&v->log, "pfn 0x%llx on node %d's quarantine list is not PG_bad",
				   (unsigned long long)page_to_pfn(slab), nid);
		bad++;
	}
	if (slabs != n->total_slabs || frees != n->free_slabs || objs != n->free_objects ||
	    bad != n->bad_slabs)
		verify_err(&v->log,
			   "node %d counters: %lu slabs, %lu free slabs, %lu free objects, %lu "
			   "quarantined; "
			   "lists have %lu, %lu, %lu, %lu",
			   nid, n->total_slabs, n->free_slabs, n->free_objects, n->bad_slabs, slabs,
			   frees, objs, bad);
}

static bool on_freelist(struct kmem_cache *c, struct page *slab, const void *obj)
{
	u64 bits[SLAB_MAX_OBJS / 64];
	char detail[96];
	void *where;
	int idx = obj_index(c, slab, obj);

	if (slab_walk_freelist(c, slab, bits, &where, detail, sizeof(detail)))
		return false; /* reported by verify_slab */
	return bits[idx / 64] >> (idx % 64) & 1;
}

static void verify_arrays(struct verify *v, struct kmem_cache *c)
{
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++) {
		struct array_cache *ac = c->cpu_cache[cpu];

		if (!ac_usable(ac))
			continue;
		if (ac->avail > ac->limit || ac->limit != c->limit) {
			verify_err(&v->log, "cpu%u array holds %u of limit %u (cache limit %u)",
				   cpu, ac->avail, ac->limit, c->limit);
			continue;
		}
		for (unsigned int i = 0; i < ac->avail; i++) {
			void *obj = ac->entry[i];
			struct page *slab = addr_to_slab(obj);

			if (!slab || slab_cache(slab) != c || PageBad(slab) ||
			    obj_index(c, slab, obj) < 0) {
				verify_err(
				    &v->log,
				    "cpu%u array entry %u (%p) is not an object of a live slab",
				    cpu, i, obj);
				continue;
			}
			if (page_to_nid(slab) != ac->node)
				verify_err(&v->log, "cpu%u array of node %d holds %p of node %d",
					   cpu, ac->node, obj, page_to_nid(slab));
			if (on_freelist(c, slab, obj))
				verify_err(&v->log,
					   "%p is both in cpu%u's array and on its slab's freelist",
					   obj, cpu);
			for (unsigned cpu2 = cpu; cpu2 < NR_CPUS; cpu2++) {
				struct array_cache *ac2 = c->cpu_cache[cpu2];

				if (!ac_usable(ac2))
					continue;
				for (unsigned int j = cpu2 == cpu ? i + 1 : 0; j < ac2->avail; j++)
					if (ac2->entry[j] == obj)
						verify_err(
						    &v->log,
						    "%p is twice in the per-CPU arrays (cpu%u, "
						    "cpu%u)",
						    obj, cpu, cpu2);
			}
		}
	}
}

int slab_verify(void)
{
	struct slab_state *s = slab_state;
	struct verify v = {.log = {.who = "slab_verify"}};
	struct kmem_cache *c;

	spin_lock(&s->lock);
	list_for_each_entry (c, &s->caches, list) {
		v.c = c;
		snprintf(v.log.where, sizeof(v.log.where), "%s", c->name);
		slab_lock_all(c);
		for (int nid = 0; nid < MAX_NUMNODES; nid++) {
			if (c->node[nid])
				verify_node(&v, c, nid);
			else if (node_online(nid))
				verify_err(&v.log, "no node struct for online node %d", nid);
		}
		verify_arrays(&v, c);
		slab_unlock_all(c);
	}
	spin_unlock(&s->lock);
	return verify_done(&v.log);
}
