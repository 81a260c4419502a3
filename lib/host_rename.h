/* SPDX-License-Identifier: MIT */
/*
 * Host build only: forced into lib/printf.c, lib/string.c and their tests so that rvmm's
 * implementations get rv_* names and can run beside (and be compared with) the C library's.
 */
#ifndef RVMM_LIB_HOST_RENAME_H
#define RVMM_LIB_HOST_RENAME_H

#define vsnprintf rv_vsnprintf
#define snprintf  rv_snprintf
#define vprintf   rv_vprintf
#define printf    rv_printf

#endif
