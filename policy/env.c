// SPDX-License-Identifier: MIT
/*
 * Reading the environment without getenv(), and changing it without
 * unsetenv() (llshim_env_scrub): the host may export functions of those
 * names (bash does, and its unsetenv only drops shell variables before
 * bash has started), and the loader binds our calls to the host's.  The
 * array is always passed in: the shim finds libc's live environ itself
 * (shim/libc.c), and in the parser object RTLD_DEEPBIND would bind
 * "environ" to libc's original symbol, not to the program's copy that
 * libc really uses.
 */
#include "policy.h"
#include "str.h"

/* The index of @name's entry ("NAME=value") in @env, or -1. */
static long find(char *const *env, const char *name)
{
	size_t len = llshim_strlen(name);
	long i;

	for (i = 0; env && env[i]; i++)
		if (llshim_memeq(env[i], name, len) && env[i][len] == '=')
			return i;
	return -1;
}

const char *llshim_env_lookup(char *const *env, const char *name)
{
	long i = find(env, name);

	return i < 0 ? NULL : env[i] + llshim_strlen(name) + 1;
}
