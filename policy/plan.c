// SPDX-License-Identifier: MIT
/* Best-effort (or hard) mapping of one policy onto the running kernel. */
#include <errno.h>

#include "plan.h"
#include "rights.h"

static uint64_t rules_fs(const struct llshim_policy *policy)
{
	uint64_t all = 0;
	size_t i;

	for (i = 0; i < policy->fs_count; i++)
		all |= policy->fs[i].access;
	return all;
}

/*
 * Without a pin, a layer handles every fs right the kernel knows, plus any
 * right a rule names (asking for resolve_unix on an older kernel is a
 * request the kernel cannot meet).  With a pin, exactly the pinned ABI's.
 */
static uint64_t wanted_fs(const struct llshim_policy *policy, int kernel_abi)
{
	if (!policy->fs_handled)
		return 0;
	if (policy->abi_pin)
		return llshim_abi_fs(policy->abi_pin);
	return llshim_abi_fs(kernel_abi) | rules_fs(policy);
}

static uint64_t wanted_net(const struct llshim_policy *policy)
{
	return (policy->bind.handled ? LLSHIM_NET_BIND_TCP : 0) |
	       (policy->connect.handled ? LLSHIM_NET_CONNECT_TCP : 0);
}

/* The struct size each ABI's kernel knows: fs (1), net (4), scoped (6). */
static size_t attr_size(int abi)
{
	if (abi >= 6)
		return sizeof(struct llshim_ruleset_attr);
	if (abi >= 4)
		return 2 * sizeof(uint64_t);
	return sizeof(uint64_t);
}

/* Everything a policy asks a layer to handle, before any masking. */
struct asked {
	uint64_t fs;
	uint64_t net;
	uint64_t scoped;
	uint32_t flags;
};

static struct asked asked_of(const struct llshim_policy *policy, int kernel_abi)
{
	return (struct asked){
		.fs = wanted_fs(policy, kernel_abi) | rules_fs(policy),
		.net = wanted_net(policy),
		.scoped = policy->scoped,
		.flags = policy->restrict_flags,
	};
}

/* What of @a the ABI @abi does not know. */
static struct asked unknown_to(const struct asked *a, int abi)
{
	return (struct asked){
		.fs = a->fs & ~llshim_abi_fs(abi),
		.net = a->net & ~llshim_abi_net(abi),
		.scoped = a->scoped & ~llshim_abi_scoped(abi),
		.flags = a->flags & ~llshim_abi_restrict_flags(abi),
	};
}

static bool is_empty(const struct asked *a)
{
	return !a->fs && !a->net && !a->scoped && !a->flags;
}

static void describe(const struct asked *a, struct llshim_msg *msg)
{
	const char *sep = "";

	if (a->fs) {
		llshim_msg_add(msg, "fs rights ");
		llshim_msg_add_fs_rights(msg, a->fs);
		sep = "; ";
	}
	if (a->net) {
		llshim_msg_add(msg, sep, "net rights ");
		llshim_msg_add_net_rights(msg, a->net);
		sep = "; ";
	}
	if (a->scoped) {
		llshim_msg_add(msg, sep, "scopes ");
		llshim_msg_add_scopes(msg, a->scoped);
		sep = "; ";
	}
	if (a->flags) {
		llshim_msg_add(msg, sep, "flags ");
		llshim_msg_add_restrict_flags(msg, a->flags);
	}
}

static int refuse_hard(const struct llshim_policy *policy, int kernel_abi,
		       const struct asked *lacking, struct llshim_msg *msg)
{
	llshim_msg_set(msg, policy->source,
		       ": compat = \"hard\" but this kernel (Landlock ABI ");
	llshim_msg_add_uint(msg, (uint64_t)kernel_abi);
	llshim_msg_add(msg, ") lacks ");
	describe(lacking, msg);
	return -EINVAL;
}

int llshim_plan_layer(const struct llshim_policy *policy, int kernel_abi,
		      struct llshim_plan *plan, struct llshim_msg *msg)
{
	struct asked asked = asked_of(policy, kernel_abi);
	struct asked lacking = unknown_to(&asked, kernel_abi);
	struct asked dropped;
	int abi = kernel_abi;

	if (policy->compat == LLSHIM_COMPAT_HARD && !is_empty(&lacking))
		return refuse_hard(policy, kernel_abi, &lacking, msg);
	if (policy->abi_pin && policy->abi_pin < abi)
		abi = policy->abi_pin;
	dropped = unknown_to(&asked, abi);

	*plan = (struct llshim_plan){
	    .kernel_abi = kernel_abi,
	    .attr =
		{
		    .handled_access_fs =
			asked.fs & ~dropped.fs & wanted_fs(policy, kernel_abi),
		    .handled_access_net = asked.net & ~dropped.net,
		    .scoped = asked.scoped & ~dropped.scoped,
		},
	    .attr_size = attr_size(kernel_abi),
	    .restrict_flags = asked.flags & ~dropped.flags,
	    .dropped_fs = dropped.fs,
	    .dropped_net = dropped.net,
	    .dropped_scoped = dropped.scoped,
	    .dropped_flags = dropped.flags,
	};
	if (!plan->attr.handled_access_fs && !plan->attr.handled_access_net &&
	    !plan->attr.scoped) {
		llshim_msg_set(msg, policy->source,
			       ": nothing to restrict on this kernel");
		return -ENOMSG;
	}
	return 0;
}

/* Appends what a plan dropped for this kernel, "none" when nothing. */
void llshim_plan_describe_dropped(const struct llshim_plan *plan,
				  struct llshim_msg *msg)
{
	struct asked dropped = {
		.fs = plan->dropped_fs,
		.net = plan->dropped_net,
		.scoped = plan->dropped_scoped,
		.flags = plan->dropped_flags,
	};

	if (is_empty(&dropped))
		llshim_msg_add(msg, "none");
	else
		describe(&dropped, msg);
}

uint64_t llshim_plan_rule_access(const struct llshim_plan *plan, uint64_t asked,
				 bool is_dir)
{
	uint64_t access = asked & plan->attr.handled_access_fs;

	return is_dir ? access : access & LLSHIM_FS_FILE_RIGHTS;
}
