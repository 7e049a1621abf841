/* SPDX-License-Identifier: MIT */
/*
 * One shim per process.  The same program can get two copies of
 * libllshim.so (one from /etc/ld.so.preload, another from LD_PRELOAD); each
 * copy's constructor runs.  They elect one, the same whichever runs first:
 * the first copy in load order whose file is root's and not writable by
 * group or others, else the first copy.  A copy the caller supplied thus
 * never displaces root's, and the others stay silent instead of stacking
 * the same layers twice or failing to read their own parser.
 */
#ifndef LLSHIM_ELECT_H
#define LLSHIM_ELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libc.h"
#include "readable.h" /* LLSHIM_MAX_COPIES */

/*
 * Whether this copy (whose front's ELF note is at @self) is the one that
 * applies policies; also lists every
 * copy's path (at most @max) so the elected one can keep them all readable.
 */
bool llshim_self_elected(const struct llshim_libc *libc, uintptr_t self,
			 const char **paths, size_t max, size_t *count);

#endif
