/* SPDX-License-Identifier: MIT */
/*
 * Host build only: forced into lib/printf.c, lib/string.c and their tests so that rvmm's
 * implementations get rv_* names and can run beside (and be compared with) the C library's.
 * Include it first: lib/string.h then declares ours (under these names) instead of libc's.
 */
#ifndef RVMM_LIB_HOST_RENAME_H
#define RVMM_LIB_HOST_RENAME_H

#define vsnprintf rv_vsnprintf
#define snprintf  rv_snprintf
#define vprintf	  rv_vprintf
#define printf	  rv_printf

#define memcpy	rv_memcpy
#define memmove rv_memmove
#define memset	rv_memset
#define memcmp	rv_memcmp
#define memchr	rv_memchr
#define strlen	rv_strlen
#define strnlen rv_strnlen
#define strcmp	rv_strcmp
#define strncmp rv_strncmp
#define strchr	rv_strchr
#define strrchr rv_strrchr
#define strstr	rv_strstr
#define strcpy	rv_strcpy
#define strspn	rv_strspn
#define strcspn rv_strcspn
#define strsep	rv_strsep

#endif
