// SPDX-License-Identifier: MIT
/* Report lines to a caller's sink or to the console. */
#include "lib/report.h"
#include "lib/printf.h"

void line_emit(line_sink_fn out, void *arg, const char *line)
{
	if (out)
		out(arg, line);
	else
		printf("%s\n", line);
}

void line_emitf(line_sink_fn out, void *arg, const char *fmt, ...)
{
	char line[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	line_emit(out, arg, line);
}
