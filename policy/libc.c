// SPDX-License-Identifier: MIT
/*
 * The libc backends of alloc.h and of msg.h's errno text, for code that
 * runs outside the preloaded shim: the parser object, the command, the
 * test drivers.  The shim has its own (shim/arena.c, shim/libc.c).
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "msg.h"

void *llshim_alloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

void *llshim_alloc_bytes(size_t size)
{
	return malloc(size ? size : 1);
}

void *llshim_realloc(void *old, size_t size)
{
	return realloc(old, size ? size : 1);
}

void llshim_free(void *p)
{
	free(p);
}

char *llshim_strdup(const char *s)
{
	return strdup(s);
}

char *llshim_strndup(const char *s, size_t n)
{
	return strndup(s, n);
}

const char *llshim_errno_text(int err)
{
	/* Thread-safe, not localized, no allocation. */
	return strerrordesc_np(err);
}
