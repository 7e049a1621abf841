// SPDX-License-Identifier: MIT
/* The user's llshim directories (XDG base directory convention). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

static int join(char *buf, size_t size, const char *const parts[])
{
	size_t len = 0, n;

	for (; *parts; parts++) {
		n = strlen(*parts);
		if (len + n >= size)
			return -ENAMETOOLONG;
		memcpy(buf + len, *parts, n);
		len += n;
	}
	buf[len] = '\0';
	return 0;
}

int llshim_user_config_path(char *buf, size_t size, const char *leaf)
{
	const char *xdg = llshim_getenv("XDG_CONFIG_HOME");
	const char *home = llshim_getenv("HOME");

	/* XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored. */
	if (xdg && xdg[0] == '/')
		return join(
		    buf, size,
		    (const char *const[]){ xdg, "/llshim/", leaf, NULL });
	if (home && home[0] == '/')
		return join(buf, size,
			    (const char *const[]){ home, "/.config/llshim/",
						   leaf, NULL });
	return -ENOENT;
}
