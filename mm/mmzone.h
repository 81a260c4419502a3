/* SPDX-License-Identifier: MIT */
/*
 * Nodes, zones and the memmap: how rvmm describes physical memory to the buddy allocator.
 *
 * Units. A pfn (pfn_t) is a physical frame number, phys >> PAGE_SHIFT. "pages" counts
 * 4 KiB frames. Every watermark, counter and size below is in pages unless it says
 * bytes or kbytes. Ranges are half open: [start, end).
 *
 * Topology. A node (struct pglist_data) owns a span of pfns [node_start_pfn,
 * node_start_pfn + node_spanned_pages); "present" frames in the span have RAM behind
 * them, the others are holes. The span is cut into at most three zones by address:
 *
 *	ZONE_DMA32    [node start, dma32_end_pfn)        (dma32_end_pfn: 4 GiB by default)
 *	ZONE_NORMAL   [dma32_end_pfn, movable start)
 *	ZONE_MOVABLE  [movable start, node end)          (only when movablecore= asks for it)
 *
 * so the zones of a node tile its span without gaps (a zone's span may contain holes).
 *
 * Memmap. Every node has one array of struct page covering its whole span (holes
 * included, marked PG_hole | PG_reserved), allocated on that node by the caller's
 * allocator (the firmware gives memory in the direct map). So:
 *
 *	page_to_pfn(page) = node_start_pfn + (page - node_mem_map)     node id from page->flags
 *	pfn_to_page(pfn)  = node_mem_map + (pfn - node_start_pfn)      of the node spanning pfn
 *
 * This is Linux's FLATMEM per node (the old DISCONTIGMEM shape): O(1) one way, a scan of
 * at most MAX_NUMNODES spans the other way, and it costs 64 bytes per 4 KiB frame (1.6%)
 * of each node's span. Holes inside a node cost the same, which is fine for the small
 * holes of real boards (firmware, no-map carve-outs); nodes far apart cost nothing
 * between them. Inside the buddy allocator neighbours are found by offset from a page
 * already known to be in the same zone, so no lookup is needed on the hot paths.
 *
 * State. All of this lives in one struct mm_state. The firmware uses the static
 * default; a test builds a private one over its own memory and switches to it with
 * mm_state_switch(), so it can run on the target without touching the live allocator
 * (as long as nothing else allocates meanwhile). The state holds only a pointer per node:
 * each node's pglist_data (its zones, free lists and zonelists, which every allocation
 * and free on the node touches) is allocated by mm_node_init() through the caller's
 * allocator on that node itself, as Linux does, so a hart works on local memory.
 *
 * Locking. zone->lock protects the zone's free_area, nr_free_pages, nr_free_cma,
 * managed_pages and its pageblock bitmap. per_cpu_pages.lock protects that CPU's lists
 * and count; when both are taken, the pcp lock comes first. Spans, present counts,
 * watermarks, lowmem_reserve, zonelists and the memmap layout are written during setup
 * (single threaded) and only read afterwards. NUMA counters are per CPU, written by
 * their CPU only.
 */
#ifndef RVMM_MM_MMZONE_H
#define RVMM_MM_MMZONE_H

#include "lib/types.h"
#include "lib/list.h"
#include "mm/page.h"
#include "glue.h"

#ifndef MAX_NUMNODES
#define MAX_NUMNODES 8 /* NUMA nodes rvmm can describe */
#endif
#ifndef NR_CPUS
#define NR_CPUS 32 /* logical CPUs with per-CPU page lists (same value as mm/dt_scan.h) */
#endif
#define NUMA_NO_NODE	(-1)
#define LOCAL_DISTANCE	10 /* node_distance() to itself, as in the device tree / ACPI SLIT */
#define REMOTE_DISTANCE 20 /* default distance between two different nodes */

#define MAX_ORDER_NR_PAGES	(1UL << MAX_PAGE_ORDER)
#define PAGE_ALLOC_COSTLY_ORDER 3 /* orders 0..3 go through the per-CPU lists */
#define DMA32_END_PFN_DEFAULT	PHYS_PFN(0x100000000ULL)

enum zone_type {
	ZONE_DMA32,   /* frames below dma32_end_pfn (4 GiB): 32-bit DMA masters */
	ZONE_NORMAL,  /* everything else the kernel may use for any purpose */
	ZONE_MOVABLE, /* movablecore=: only __GFP_MOVABLE allocations */
	MAX_NR_ZONES
};

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES, /* the types that have per-CPU lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_CMA,
	MIGRATE_ISOLATE, /* being taken out of the allocator (CMA, offlining) */
	MIGRATE_TYPES
};

#define NR_PCP_LISTS (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))

/*
 * Grouping by mobility off (bootarg page_alloc.grouping=off; Linux's variable of the same
 * name): every allocation is treated as Unmovable, so movable and unmovable pages mix in
 * the same pageblocks. For comparisons of fragmentation; read once per allocation.
 */
extern bool page_group_by_mobility_disabled;

/* "Unmovable", "Movable", ... as /proc/pagetypeinfo prints them. */
extern const char *const migratetype_names[MIGRATE_TYPES];
/* "DMA32", "Normal", "Movable". */
extern const char *const zone_names[MAX_NR_ZONES];

/*
 * One per physical frame, 64 bytes. Who may write which field depends on the state:
 * free (PG_buddy or PG_pcp set, refcount 0) belongs to the allocator under zone->lock or
 * the pcp lock; allocated belongs to the owner, except flags' zone/node bits, which never
 * change after memmap init.
 */
struct page {
	unsigned long flags;	     /* PG_* bits (low 16) | zone index | node id (top bits) */
	struct list_head lru;	     /* free: link in a free_area or pcp list; else the owner's */
	unsigned long compound_head; /* tail page of a compound page: head address | 1; else 0 */
	unsigned long private;	     /* the owner's while allocated; 0 when free */
	int _refcount;		     /* references; 0 while free, 1 after allocation */
	u8 order;		     /* free: order of the block it heads; allocated: on the
					first page, the order it was allocated with */
	u8 migratetype;		     /* free: the list it sits on (pcp: the pageblock's type when
					freed); allocated: the allocation's type (gfp) */
	u16 _pad;
	unsigned long owner[2]; /* free for the owner of an allocated page (slab, ...) */
};
_Static_assert(sizeof(struct page) == 64, "struct page is 64 bytes: memmap = 1/64 of RAM");

/* Page flag bits (low bits of page->flags). */
enum pageflags {
	PG_reserved, /* not managed by the buddy: firmware, memmap, holes, never freed */
	PG_buddy,    /* heads a free block on a zone free list (order in page->order) */
	PG_pcp,	     /* heads a free block on a per-CPU list */
	PG_head,     /* first page of a compound page (order in page->order) */
	PG_hole,     /* no RAM behind this frame (inside a node span); also PG_reserved */
	PG_bad,	     /* quarantined after a bad free: never reused */
	PG_slab,     /* owned by the slab allocator */
	PG_movable,  /* order-0 page its owner can migrate: owner[0] = struct movable_ops *,
			owner[1] = the owner's cookie (mm/migrate.h); cleared when freed */
	PG_poisoned, /* free frame filled with PAGE_POISON, checked when handed out again
			(page_poison, mm/page_alloc_poison.c) */
	NR_PAGEFLAGS
};

#define PG_FLAGS_MASK ((1UL << 16) - 1)
#define ZONES_PGSHIFT 56
#define ZONES_MASK    0x3UL
#define NODES_PGSHIFT 58
#define NODES_MASK    0x3fUL
_Static_assert(NR_PAGEFLAGS <= 16, "page flags fit below the zone and node bits");
_Static_assert(MAX_NR_ZONES <= ZONES_MASK + 1, "zone index fits in page->flags");
_Static_assert(MAX_NUMNODES <= NODES_MASK + 1, "node id fits in page->flags");

/*
 * Flag tests and updates. The updates are not atomic (one writer at a time, by the
 * ownership rules above), but a flag may be read without the writer's lock: the buddy
 * allocator tests PG_buddy on a neighbour that another CPU may be taking onto its
 * per-CPU list. Whole-word READ_ONCE and WRITE_ONCE make those reads well defined
 * (ThreadSanitizer on the 2-thread host benchmark flagged them). page_to_nid() and
 * page_zonenum() read bits that never change after memmap init, plainly.
 */
#define PAGE_FLAG_FUNCS(name, bit)                                                                 \
	static inline bool Page##name(const struct page *p)                                        \
	{                                                                                          \
		return (READ_ONCE(p->flags) >> (bit)) & 1;                                         \
	}                                                                                          \
	static inline void __SetPage##name(struct page *p)                                         \
	{                                                                                          \
		WRITE_ONCE(p->flags, p->flags | 1UL << (bit));                                     \
	}                                                                                          \
	static inline void __ClearPage##name(struct page *p)                                       \
	{                                                                                          \
		WRITE_ONCE(p->flags, p->flags & ~(1UL << (bit)));                                  \
	}
PAGE_FLAG_FUNCS(Reserved, PG_reserved)
PAGE_FLAG_FUNCS(Buddy, PG_buddy)
PAGE_FLAG_FUNCS(Pcp, PG_pcp)
PAGE_FLAG_FUNCS(Head, PG_head)
PAGE_FLAG_FUNCS(Hole, PG_hole)
PAGE_FLAG_FUNCS(Bad, PG_bad)
PAGE_FLAG_FUNCS(Slab, PG_slab)
PAGE_FLAG_FUNCS(Movable, PG_movable)
PAGE_FLAG_FUNCS(Poisoned, PG_poisoned)
#undef PAGE_FLAG_FUNCS

/* Free pages of one order in a zone: one list per migratetype. */
struct free_area {
	struct list_head free_list[MIGRATE_TYPES]; /* blocks heading with PG_buddy, hot first */
	unsigned long nr_free;			   /* blocks (not pages) on all these lists */
};

/*
 * Per-CPU free lists for orders 0..PAGE_ALLOC_COSTLY_ORDER: allocations and frees of
 * small blocks touch only this CPU's lists; the zone lock is taken once per batch.
 */
/*
 * NUMA allocation events, Linux's names and meanings (see zone_statistics()), counted
 * per CPU in the zone's per_cpu_pages and summed when read (zone_numa_event()): a
 * shared atomic counter per zone made every allocation on every hart write one cache
 * line, which cost the page pair 4x on two host threads.
 */
enum numa_stat_item {
	NUMA_HIT,	 /* allocated here, and here was the preferred node */
	NUMA_MISS,	 /* allocated here, but another node was preferred */
	NUMA_FOREIGN,	 /* preferred here, but allocated on another node */
	NUMA_INTERLEAVE, /* interleave policy hits; always 0 */
	NUMA_LOCAL,	 /* allocated here by a CPU of this node */
	NUMA_OTHER,	 /* allocated here by a CPU of another node */
	NR_NUMA_EVENTS
};

struct per_cpu_pages {
	spinlock_t lock; /* protects the lists and counts below it; taken before zone->lock */
	int count;	 /* pages (not blocks) on all lists */
	int high;	 /* when count reaches high, batch pages go back to the buddy */
	int batch;	 /* pages moved between the buddy and these lists at a time */
	int free_index;	 /* next list to drain from (round robin) */
	struct list_head lists[NR_PCP_LISTS]; /* [order * MIGRATE_PCPTYPES + type], hot at head */
	/* Written only by this CPU, without the lock; read by anyone (READ_ONCE). */
	unsigned long numa_events[NR_NUMA_EVENTS];
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	NR_WMARK
};

struct pglist_data;

struct zone {
	/* Set up once (no lock needed to read). */
	const char *name;		    /* "DMA32", "Normal", "Movable" */
	struct pglist_data *zone_pgdat;	    /* the node */
	int node;			    /* its id */
	unsigned long _watermark[NR_WMARK]; /* pages: min, low, high */
	unsigned long watermark_boost;	    /* pages; always 0 (no reclaim to boost) */
	long lowmem_reserve[MAX_NR_ZONES];  /* pages kept free here from allocations that
					       could have used zone [i] (i above this one) */
	pfn_t zone_start_pfn;		    /* first pfn of the span */
	unsigned long spanned_pages;	    /* pages in the span, holes included */
	unsigned long present_pages;	    /* pages with RAM behind them */
	unsigned long cma_pages;	    /* pages given to the buddy as MIGRATE_CMA */
	unsigned long *pageblock_flags;	    /* 4 bits per pageblock from pageblock_base_pfn */
	pfn_t pageblock_base_pfn;	    /* zone_start_pfn rounded down to a pageblock */

	struct per_cpu_pages *per_cpu_pageset; /* [NR_CPUS] on the zone's node; NULL if empty */

	/* Under lock. */
	spinlock_t lock;
	unsigned long managed_pages;		    /* pages given to the buddy allocator */
	struct free_area free_area[NR_PAGE_ORDERS]; /* free blocks by order */
	unsigned long nr_free_pages;		    /* pages on free_area lists (not pcp) */
	unsigned long nr_free_cma;		    /* of which on MIGRATE_CMA lists */
};

/* A zone in a zonelist: allocation walks these in order. */
struct zoneref {
	struct zone *zone; /* NULL ends the list */
	int zone_idx;	   /* its zone_type */
};

enum {
	ZONELIST_FALLBACK,
	ZONELIST_NOFALLBACK,
	MAX_ZONELISTS
};

struct zonelist {
	struct zoneref _zonerefs[MAX_NUMNODES * MAX_NR_ZONES + 1];
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	/*
	 * FALLBACK: every node's populated zones, nodes nearest first (NUMA distance), and
	 * within a node zones from high to low. NOFALLBACK: this node's only (__GFP_THISNODE).
	 */
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int node_id;
	bool online;			  /* mm_node_init() succeeded */
	pfn_t node_start_pfn;		  /* first pfn of the span */
	unsigned long node_spanned_pages; /* pages in the span, holes included */
	unsigned long node_present_pages; /* pages with RAM behind them */
	struct page *node_mem_map;	  /* struct page of node_start_pfn; spanned entries */
} pg_data_t;

typedef void (*mm_print_fn)(void *ctx, const char *line);

/* All of the page allocator's global state (see "State" above). */
struct mm_state {
	struct pglist_data *node_data[MAX_NUMNODES];  /* on its node; NULL until mm_node_init */
	u8 numa_distance[MAX_NUMNODES][MAX_NUMNODES]; /* 0: default (10 local, 20 remote) */
	s8 cpu_node[NR_CPUS];			      /* node of each CPU (default 0) */
	unsigned long cpus_online;		      /* bit per CPU that is up (cpu 0, and
							 those given a node) */
	pfn_t dma32_end_pfn;			      /* first pfn above ZONE_DMA32 */
	int min_free_kbytes;			      /* kbytes, shared out as WMARK_MIN */
	int lowmem_reserve_ratio[MAX_NR_ZONES];	      /* lowmem_reserve = upper managed / ratio */
	unsigned long nr_bad_pages;		      /* "Bad page state" reports so far */
	unsigned long nr_alloc_failures;	      /* allocations that returned NULL */
	mm_print_fn print;			      /* messages and reports; NULL: console */
	void *print_ctx;
};

/* The live state: the firmware's static one unless a test switched. */
extern struct mm_state *mm_state;

/* Node nid's data; NULL before mm_node_init(nid) (check node_online() first). */
#define NODE_DATA(nid) (mm_state->node_data[(nid)])

/* The first online node with an id at or above nid, or NULL. */
static inline struct pglist_data *next_online_pgdat(int nid)
{
	for (; nid < MAX_NUMNODES; nid++) {
		struct pglist_data *pgdat = NODE_DATA(nid);

		if (pgdat && pgdat->online)
			return pgdat;
	}
	return NULL;
}

/* Iterate over online nodes / over every zone of online nodes. */
#define for_each_online_pgdat(pgdat)                                                               \
	for (pgdat = next_online_pgdat(0); pgdat; pgdat = next_online_pgdat(pgdat->node_id + 1))
#define for_each_zone_in(zone, pgdat)                                                              \
	for (zone = (pgdat)->node_zones; zone < (pgdat)->node_zones + MAX_NR_ZONES; zone++)

static inline unsigned long page_zonenum(const struct page *page)
{
	return (page->flags >> ZONES_PGSHIFT) & ZONES_MASK;
}

static inline int page_to_nid(const struct page *page)
{
	return (int)((page->flags >> NODES_PGSHIFT) & NODES_MASK);
}

static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}

static inline pfn_t page_to_pfn(const struct page *page)
{
	const struct pglist_data *pgdat = NODE_DATA(page_to_nid(page));

	return pgdat->node_start_pfn + (pfn_t)(page - pgdat->node_mem_map);
}

static inline enum zone_type zone_idx(const struct zone *zone)
{
	return (enum zone_type)(zone - zone->zone_pgdat->node_zones);
}

/* CPU cpu's lists for zone, or NULL (empty zone, or cpu beyond NR_CPUS). */
static inline struct per_cpu_pages *zone_pcp(const struct zone *zone, unsigned cpu)
{
	return zone->per_cpu_pageset && cpu < NR_CPUS ? &zone->per_cpu_pageset[cpu] : NULL;
}

/* A NUMA event count of zone: the sum over the CPUs. */
static inline unsigned long zone_numa_event(const struct zone *zone, enum numa_stat_item item)
{
	unsigned long n = 0;

	for (unsigned cpu = 0; zone->per_cpu_pageset && cpu < NR_CPUS; cpu++)
		n += READ_ONCE(zone->per_cpu_pageset[cpu].numa_events[item]);
	return n;
}

static inline pfn_t zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, pfn_t pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline unsigned long min_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_MIN];
}
static inline unsigned long low_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_LOW];
}
static inline unsigned long high_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_HIGH];
}

static inline struct page *compound_head(const struct page *page)
{
	unsigned long head = READ_ONCE(page->compound_head);

	return (struct page *)(head & 1 ? head - 1 : (unsigned long)page);
}

static inline bool PageTail(const struct page *page)
{
	return READ_ONCE(page->compound_head) & 1;
}

static inline int page_ref_count(const struct page *page)
{
	return __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED);
}

static inline void *page_address(const struct page *page)
{
	return phys_to_virt(PFN_PHYS(page_to_pfn(page)));
}

/* ---- state, topology, memmap (mm/memmap.c) ---- */

/** Reset s to an empty machine: no nodes, default distances, DMA32 below 4 GiB */
void mm_state_init(struct mm_state *s);
/** Make s the live allocator state; returns the previous one (for tests) */
struct mm_state *mm_state_switch(struct mm_state *s);

/** Distance between two nodes (LOCAL_DISTANCE to itself, REMOTE_DISTANCE by default) */
int node_distance(int from, int to);
/** Set the distance from one node to another (10..254; 10 only to itself); 0 or -EINVAL */
int numa_set_distance(int from, int to, int distance);
/** The node of a CPU (0 unless set) */
int cpu_to_node(unsigned cpu);
/** Record that a CPU is up and belongs to node nid; 0 or -EINVAL */
int set_cpu_numa_node(unsigned cpu, int nid);
/** The node of the running CPU */
int numa_node_id(void);
/** True when nid is a node that mm_node_init() brought online */
bool node_online(int nid);

/** struct page of pfn, or NULL when no node spans it */
struct page *pfn_to_page(pfn_t pfn);
/** True when pfn has a struct page and RAM behind it (not a hole) */
bool pfn_valid(pfn_t pfn);
/** struct page of a direct-map address, or NULL when it is not in RAM */
struct page *virt_to_page(const void *addr);
/** True when p points at a struct page inside some node's memmap */
bool page_in_memmap(const struct page *p);

/** Print one line of an allocator message or report (console, or the redirected sink) */
void mm_printf(const char *fmt, ...) __printf(1, 2);
/** Send mm_printf() output to fn(ctx, line) instead of the console (NULL: console) */
void mm_print_redirect(mm_print_fn fn, void *ctx);

/* ---- setup (mm/page_alloc_init.c), in call order ---- */

/* A range of frames [start, end). */
struct pfn_range {
	pfn_t start, end;
};

/* Where memmap and pageblock bitmaps come from: bytes on node nid, 64-byte aligned. */
typedef void *(*memmap_alloc_fn)(size_t bytes, int nid);

/**
 * Bring node nid online over its present ranges (sorted, disjoint, non-empty): the node's
 * pglist_data, zone spans and sizes, memmap (all frames reserved), pageblocks
 * MIGRATE_MOVABLE; everything allocated through alloc on node nid. Frames at or above
 * movable_start_pfn go to ZONE_MOVABLE (pass 0 or a pfn past the end for none).
 * Returns 0, -EINVAL (bad ranges, nid), -EEXIST (overlaps a node) or -ENOMEM.
 */
int mm_node_init(int nid, const struct pfn_range *present, unsigned nr, pfn_t movable_start_pfn,
		 memmap_alloc_fn alloc);
/** The ZONE_MOVABLE start for a node that should keep movable_pages present pages there */
pfn_t zone_movable_start(const struct pfn_range *present, unsigned nr, unsigned long movable_pages);
/** Build every online node's zonelists by NUMA distance (after the last mm_node_init) */
void build_all_zonelists(void);
/** Give the present, reserved frames [start, end) to the buddy allocator; returns pages */
unsigned long free_pages_range(pfn_t start, pfn_t end);
/** free_pages_range() over nr ranges (the memblock free ranges); returns pages */
unsigned long mm_free_ranges(const struct pfn_range *ranges, unsigned nr);
/** Hand one reserved pageblock (pageblock aligned, present) to the buddy as MIGRATE_CMA */
int init_cma_reserved_pageblock(struct page *page);
/** Give one reserved page back to the buddy allocator (e.g. the early page table) */
void free_reserved_page(struct page *page);
/** min_free_kbytes from the lowmem size, then watermarks, lowmem_reserve and pcp sizes */
void init_per_zone_wmark_min(void);
/** Share min_free_kbytes out over the zones: WMARK_MIN, LOW and HIGH of every zone */
void setup_per_zone_wmarks(void);
/** lowmem_reserve[] of every zone from lowmem_reserve_ratio[] */
void setup_per_zone_lowmem_reserve(void);
/** Per-CPU list batch and high of a zone from its managed size */
void zone_pcp_update(struct zone *zone);
/** Set the zone's per-CPU high and batch (pages) on every CPU, then drain its lists */
void zone_set_pageset_high_and_batch(struct zone *zone, int high, int batch);
/** Drain the zone's per-CPU lists and keep them from holding pages (high 0, batch 1) */
void zone_pcp_disable(struct zone *zone);
/** Undo zone_pcp_disable(): sizes from zone_pcp_update() */
void zone_pcp_enable(struct zone *zone);
/** Integer square root (floor) */
unsigned long int_sqrt(unsigned long x);

/* ---- buddy allocator internals that CMA and reports use (mm/page_alloc.c) ---- */

/** Migratetype of the pageblock containing pfn (page is pfn's struct page) */
int get_pfnblock_migratetype(const struct page *page, pfn_t pfn);
/** Migratetype of the pageblock containing page */
int get_pageblock_migratetype(const struct page *page);
/** Set the type of page's pageblock without moving free pages (zone->lock held) */
void set_pageblock_migratetype(struct page *page, int migratetype);
/** Set page's pageblock to migratetype and move its free pages to match; -EINVAL if the
    block crosses the zone edge; else the number of free pages moved */
long move_freepages_block(struct zone *zone, struct page *page, int migratetype);
/** Return the per-CPU pages of the running CPU (zone NULL: all zones) to the buddy */
void drain_local_pages(struct zone *zone);
/** Return every CPU's per-CPU pages (zone NULL: all zones) to the buddy */
void drain_all_pages(struct zone *zone);
/** Take a reference to a page (the head of a compound page) */
void get_page(struct page *page);
/** Drop a reference; the last one frees the page (with the order it was allocated with) */
void put_page(struct page *page);
/** Free pages in the buddy lists of all zones (Linux's NR_FREE_PAGES) */
unsigned long nr_free_pages(void);
/** Pages managed by the buddy allocator in all zones */
unsigned long totalram_pages(void);

/*
 * Check every buddy invariant: each free and per-CPU list (alignment, order, migratetype
 * against list and pageblock, zone, links), nr_free and count totals, a walk over every
 * struct page (no frame both free and in use, holes and reserved frames counted), and
 * free + per-CPU + in use == managed for every zone. Prints one line per problem.
 */
/** Check the buddy allocator's invariants; returns the number of errors (0: all fine) */
int buddy_verify(void);

#endif
