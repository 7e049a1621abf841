/* SPDX-License-Identifier: MIT */
/* ${VAR} and ${VAR:-default} in policy paths (SPEC.md sections 3 and 4). */
#ifndef LLSHIM_EXPAND_H
#define LLSHIM_EXPAND_H

#include <stddef.h>

#include "compiled.h"
#include "msg.h"
#include "policy.h"

/*
 * Expands @in into @out.  System policies take HOME, USER and UID from the
 * kernel and the password database, never from the environment; the others
 * read the environment.  Each variable looked up is recorded in @inputs
 * (NULL: not recorded).  Returns 0, or -EINVAL with @why set.
 */
int llshim_expand(const char *in, enum llshim_policy_kind kind,
		  char *const *env, struct llshim_inputs *inputs, char *out,
		  size_t size, struct llshim_msg *why);

#endif
