// SPDX-License-Identifier: MIT
/*
 * Reading and changing the environment without getenv() and unsetenv():
 * the host may export functions of those names (bash does, and its
 * unsetenv only drops shell variables before bash has started), and the
 * loader binds our calls to the host's.  environ itself is libc's array,
 * except in the parser object: RTLD_DEEPBIND binds its "environ" to libc's
 * original symbol, not to the program's copy that libc really uses, so the
 * parser is handed the environment in its options instead.
 */
#include <string.h>

#include "policy.h"

/* The entry of @name ("NAME=value") in @env, or NULL. */
static char *const *find(char *const *env, const char *name)
{
	size_t len = strlen(name);
	char *const *entry;

	for (entry = env; entry && *entry; entry++)
		if (strncmp(*entry, name, len) == 0 && (*entry)[len] == '=')
			return entry;
	return NULL;
}

const char *llshim_env_lookup(char *const *env, const char *name)
{
	char *const *entry = find(env, name);

	return entry ? *entry + strlen(name) + 1 : NULL;
}

const char *llshim_getenv(const char *name)
{
	return llshim_env_lookup(environ, name);
}

/* Removes every "NAME=..." entry in place, as glibc's unsetenv does. */
void llshim_unsetenv(const char *name)
{
	char **entry, **rest;

	while ((entry = (char **)find(environ, name))) {
		for (rest = entry; *rest; rest++)
			rest[0] = rest[1];
	}
}
