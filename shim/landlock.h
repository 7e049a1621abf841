/* SPDX-License-Identifier: MIT */
/*
 * The Landlock system calls, the ABI probe, and turning one planned layer
 * into a filled ruleset.  Returns 0 or a negative errno throughout.
 */
#ifndef LLSHIM_LANDLOCK_H
#define LLSHIM_LANDLOCK_H

#include <stdint.h>

#include "msg.h"
#include "plan.h"
#include "policy.h"

/* The running kernel's ABI version (> 0), or -ENOSYS / -EOPNOTSUPP. */
int llshim_landlock_abi(void);

/* Explains a failed probe, with the kernel sample's hints. */
void llshim_landlock_explain(int err, struct llshim_msg *msg);

/*
 * Creates a ruleset for @plan and adds the policy's rules, then read_file
 * on each of the NULL-terminated @always_readable (may be NULL), which
 * are not counted in *rule_count; *fd on success.
 */
int llshim_ruleset_build(const struct llshim_policy *policy,
			 const struct llshim_plan *plan,
			 const char *const *always_readable, int *fd,
			 unsigned *rule_count, struct llshim_msg *msg);

/* landlock_restrict_self(2) on this thread (or all, with TSYNC). */
int llshim_ruleset_enforce(int fd, uint32_t flags);

#endif
