// SPDX-License-Identifier: MIT
/*
 * The user's llshim directories (XDG base directory convention).
 * Freestanding: the shim's front uses it in every process (see sys.h).
 */
#include <errno.h>

#include "policy.h"
#include "str.h"

static int join(char *buf, size_t size, const char *const parts[])
{
	size_t len = 0, n;

	for (; *parts; parts++) {
		n = llshim_strlen(*parts);
		if (len + n >= size)
			return -ENAMETOOLONG;
		llshim_memcpy(buf + len, *parts, n);
		len += n;
	}
	buf[len] = '\0';
	return 0;
}

int llshim_user_config_path_in(char *const *env, char *buf, size_t size,
			       const char *leaf)
{
	const char *xdg = llshim_env_lookup(env, "XDG_CONFIG_HOME");
	const char *home = llshim_env_lookup(env, "HOME");

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

int llshim_user_config_path(char *buf, size_t size, const char *leaf)
{
	return llshim_user_config_path_in(environ, buf, size, leaf);
}
