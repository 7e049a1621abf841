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
 * are not counted in *rule_count; *fd on success.  A few of the rules'
 * descriptors may stay open, from *fd + 1 to *last (*last == *fd: none),
 * for llshim_ruleset_close() to close with the ruleset in one call.
 * Bit i of *beneath is set when @always_readable[i] needed no rule: it
 * lies beneath a read rule of the policy (found now, or listed in
 * policy->beneath by its compiled form).
 */
int llshim_ruleset_build(const struct llshim_policy *policy,
			 const struct llshim_plan *plan,
			 const char *const *always_readable, int *fd, int *last,
			 unsigned *rule_count, uint32_t *beneath,
			 struct llshim_msg *msg);

/* Closes the ruleset @fd and the descriptors up to @last it kept open. */
void llshim_ruleset_close(int fd, int last);

/* landlock_restrict_self(2) on this thread (or all, with TSYNC). */
int llshim_ruleset_enforce(int fd, uint32_t flags);

#endif
