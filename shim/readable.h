/* SPDX-License-Identifier: MIT */
/*
 * What every layer lets the program read (read_file), whatever its policy
 * says, shared by the constructor and `llshim run`:
 * - every copy of libllshim.so its descendants will load, and its parser:
 *   descendants keep LD_PRELOAD (and /etc/ld.so.preload), and without
 *   them every child would print a loader error and lose its own policies;
 * - the policy and profile directories (compiled policies included), for
 *   those children to read their
 *   own per-binary policies (SPEC 3);
 * - the script an interpreter is running, which it reads after main().
 * Paths that do not exist are skipped when the rules are added.  None of
 * this reveals anything the program could not read before.
 */
#ifndef LLSHIM_READABLE_H
#define LLSHIM_READABLE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define LLSHIM_MAX_COPIES   4
#define LLSHIM_MAX_READABLE (2 * LLSHIM_MAX_COPIES + 4)

struct llshim_readable {
	const char *files[LLSHIM_MAX_READABLE + 1]; /* NULL-terminated */
	size_t count;
	const char *copies[LLSHIM_MAX_COPIES]; /* each copy's path, once */
	size_t copy_count;
	size_t pool_used;
	/* The paths made here, one after another: a start touches only the
	 * bytes it needs of this, not a page per path (so it comes last). */
	char pool[(LLSHIM_MAX_COPIES * 2 + 1) * PATH_MAX];
};

void llshim_readable_clear(struct llshim_readable *r);
/* A copy of the library (@len bytes at @lib) and its parser, once. */
void llshim_readable_add_copy(struct llshim_readable *r, const char *lib,
			      size_t len);
/* $SYSCONFDIR/llshim, $DATADIR/llshim and, unless @secure, the user's. */
void llshim_readable_add_policy_dirs(struct llshim_readable *r,
				     char *const *env, bool secure);
/* Any other file, e.g. the script being run; @path must outlive @r. */
void llshim_readable_add(struct llshim_readable *r, const char *path);

#endif
