// SPDX-License-Identifier: MIT
/* Names of the error codes in lib/errno.h, for messages; a negative code names the same. */
#include "lib/errno.h"
#include "lib/types.h"

static const struct {
	int code;
	const char *name;
} errno_names[] = {
    {EPERM, "EPERM"},	{ENOENT, "ENOENT"}, {EIO, "EIO"},	  {E2BIG, "E2BIG"},
    {EAGAIN, "EAGAIN"}, {ENOMEM, "ENOMEM"}, {EFAULT, "EFAULT"},	  {EBUSY, "EBUSY"},
    {EEXIST, "EEXIST"}, {ENODEV, "ENODEV"}, {EINVAL, "EINVAL"},	  {ENOSPC, "ENOSPC"},
    {ERANGE, "ERANGE"}, {ENOSYS, "ENOSYS"}, {ENOTSUP, "ENOTSUP"},
};

const char *errno_name(int err)
{
	long e = err < 0 ? -(long)err : err; /* -EINVAL and EINVAL alike */

	for (size_t i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].code == e)
			return errno_names[i].name;
	return "E?";
}
