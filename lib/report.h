/* SPDX-License-Identifier: MIT */
/*
 * Report lines. Reports (ptdump, verifiers, vmallocinfo...) hand each line, without its
 * newline, to a sink the caller chose; a NULL sink means the console.
 */
#ifndef RVMM_LIB_REPORT_H
#define RVMM_LIB_REPORT_H

#include "lib/types.h"

typedef void (*line_sink_fn)(void *arg, const char *line);

/** Give one line to out, or print it with a newline when out is NULL */
void line_emit(line_sink_fn out, void *arg, const char *line);
/** Format one line (at most 200 characters) and line_emit() it */
void line_emitf(line_sink_fn out, void *arg, const char *fmt, ...) __printf(3, 4);

#endif
