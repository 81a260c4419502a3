// SPDX-License-Identifier: MIT
/* Definitions behind tests/host/glue.h, shared by ktest-host and the host tools. */
#include "glue.h"
#include "lib/printf.h"

/* Set by the test or tool that owns the "RAM" buffer, before any other thread starts. */
uintptr_t host_phys_offset;
unsigned long host_tlb_flushes; /* atomic */
__thread unsigned host_cpu;

/* stdio locks the stream per call; lib/printf.c writes in pieces of up to 64 bytes, so
   messages of several threads may interleave at that grain, never corrupt. */
void console_write(const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
}
