// SPDX-License-Identifier: MIT
/* Problem reports of the allocator verifiers (see mm/verify.h). */
#include "mm/verify.h"
#include "mm/mmzone.h"
#include "lib/printf.h"

void verify_err(struct verify_log *log, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (++log->errors > VERIFY_PRINT_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mm_printf("%s: %s: %s\n", log->who, log->where, msg);
}

int verify_done(struct verify_log *log)
{
	if (log->errors > VERIFY_PRINT_MAX)
		mm_printf("%s: %d more errors not shown\n", log->who,
			  log->errors - VERIFY_PRINT_MAX);
	return log->errors;
}
