/* SPDX-License-Identifier: MIT */
/*
 * Ownership and mode checks on policy files and profiles (SPEC.md 3): who
 * could have written the rules decides whether they may be used.
 */
#ifndef LLSHIM_TRUST_H
#define LLSHIM_TRUST_H

#include <sys/stat.h>

#include "compiled.h"
#include "msg.h"

enum llshim_trust {
	/* Root's file: owned by root, not writable by group or others, and
	 * so is every directory above it. */
	LLSHIM_TRUST_ROOT,
	/* The user's file: owned by the user or root, not writable by others,
	 * in a directory others cannot replace it in. */
	LLSHIM_TRUST_USER,
};

/*
 * Checks the opened file @fd, found at @path.  0, or -EPERM with msg set.
 * Each directory checked is recorded in @inputs (NULL: not recorded).
 */
int llshim_trust_check(int fd, const struct stat *st, const char *path,
		       enum llshim_trust trust, struct llshim_inputs *inputs,
		       struct llshim_msg *msg);

#endif
