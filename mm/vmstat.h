/* SPDX-License-Identifier: MIT */
/*
 * Reports on the page allocator in Linux's /proc formats, byte for byte in field names and
 * column order, so that scripts written for Linux read them: buddyinfo, pagetypeinfo,
 * zoneinfo. Output goes through mm_printf() (the console, or a test's sink).
 */
#ifndef RVMM_MM_VMSTAT_H
#define RVMM_MM_VMSTAT_H

/** /proc/buddyinfo: free blocks per order of every populated zone */
void buddyinfo_show(void);
/** /proc/pagetypeinfo: free blocks per order and type, pageblocks per type, per node */
void pagetypeinfo_show(void);
/** /proc/zoneinfo: watermarks, sizes, protection, counters and pagesets of every zone */
void zoneinfo_show(void);

#endif
