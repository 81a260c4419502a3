/* SPDX-License-Identifier: MIT */
/* Error codes: functions return 0 or a negative one of these. Values follow Linux. */
#ifndef RVMM_LIB_ERRNO_H
#define RVMM_LIB_ERRNO_H

#define EPERM   1
#define ENOENT  2
#define EIO     5
#define E2BIG   7
#define EAGAIN  11
#define ENOMEM  12
#define EFAULT  14
#define EBUSY   16
#define EEXIST  17
#define ENODEV  19
#define EINVAL  22
#define ENOSPC  28
#define ERANGE  34
#define ENOSYS  38
#define ENOTSUP 95

/* Short name of an error code ("EINVAL"), for messages. */
const char *errno_name(int err);

#endif
