/* SPDX-License-Identifier: MIT */
/*
 * From a policy and the running kernel's ABI to what one Landlock layer
 * handles: the kernel sample's best-effort masking, the abi pin, and the
 * "hard" refusal when the kernel lacks something the policy asks for.
 */
#ifndef LLSHIM_PLAN_H
#define LLSHIM_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "landlock_uapi.h"
#include "msg.h"
#include "policy.h"

struct llshim_plan {
	int kernel_abi;
	struct llshim_ruleset_attr attr; /* handled rights, masked */
	size_t attr_size;		 /* what this kernel accepts */
	uint32_t restrict_flags;
	/* Asked for but dropped because this kernel lacks them. */
	uint64_t dropped_fs;
	uint64_t dropped_net;
	uint64_t dropped_scoped;
	uint32_t dropped_flags;
};

/*
 * Returns 0, -EINVAL (compat = "hard" and the kernel lacks something) or
 * -ENOMSG (the layer would restrict nothing), with msg set on error.
 */
int llshim_plan_layer(const struct llshim_policy *policy, int kernel_abi,
		      struct llshim_plan *plan, struct llshim_msg *msg);

/* The rights a rule may carry in this layer, for a directory or a file. */
uint64_t llshim_plan_rule_access(const struct llshim_plan *plan, uint64_t asked,
				 bool is_dir);

/* Appends what a plan dropped for this kernel, "none" when nothing. */
void llshim_plan_describe_dropped(const struct llshim_plan *plan,
				  struct llshim_msg *msg);

#endif
