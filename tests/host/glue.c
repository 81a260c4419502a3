// SPDX-License-Identifier: MIT
/* Definitions behind tests/host/glue.h, shared by ktest-host and the host tools. */
#include "glue.h"
#include "lib/printf.h"

uintptr_t host_phys_offset;
unsigned long host_tlb_flushes;

void console_write(const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
}
