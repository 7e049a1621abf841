// SPDX-License-Identifier: MIT
/* Building and freeing struct llshim_policy, the one policy representation. */
#include <errno.h>

#include "alloc.h"
#include "compiled.h"
#include "policy.h"
#include "str.h"

struct llshim_policy *llshim_policy_new(const char *source)
{
	struct llshim_policy *policy = llshim_alloc(sizeof(*policy));

	if (!policy)
		return NULL;
	policy->source = llshim_strdup(source);
	if (!policy->source) {
		llshim_free(policy);
		return NULL;
	}
	policy->fs_handled = true;
	return policy;
}

void llshim_policy_free(struct llshim_policy *policy)
{
	size_t i;

	if (!policy)
		return;
	llshim_inputs_free(policy->inputs);
	for (i = 0; i < policy->fs_count && !policy->backing; i++) {
		llshim_free(policy->fs[i].path);
		llshim_free(policy->fs[i].origin);
	}
	llshim_free(policy->fs);
	llshim_free(policy->bind.ports);
	llshim_free(policy->connect.ports);
	if (!policy->backing)
		llshim_free(policy->source);
	else
		llshim_free(policy->beneath);
	llshim_free(policy->backing);
	llshim_free(policy);
}

static int grow_rules(struct llshim_policy *policy)
{
	size_t capacity = policy->fs_capacity ? policy->fs_capacity * 2 : 16;
	struct llshim_fs_rule *fs;

	fs = llshim_realloc(policy->fs, capacity * sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	policy->fs = fs;
	policy->fs_capacity = capacity;
	return 0;
}

int llshim_policy_add_fs(struct llshim_policy *policy, const char *path,
			 size_t path_len, uint64_t access, bool required,
			 const char *origin)
{
	struct llshim_fs_rule *rule;
	int err;

	if (policy->fs_count == policy->fs_capacity) {
		err = grow_rules(policy);
		if (err)
			return err;
	}
	rule = &policy->fs[policy->fs_count];
	rule->path = llshim_strndup(path, path_len);
	rule->origin = llshim_strdup(origin);
	if (!rule->path || !rule->origin) {
		llshim_free(rule->path);
		llshim_free(rule->origin);
		return -ENOMEM;
	}
	rule->access = access;
	rule->required = required;
	rule->not_dir = false;
	policy->fs_count++;
	return 0;
}

int llshim_policy_add_port(struct llshim_port_rules *rules, uint16_t port)
{
	uint16_t *ports;
	size_t i;

	for (i = 0; i < rules->count; i++)
		if (rules->ports[i] == port)
			return 0;
	ports =
	    llshim_realloc(rules->ports, (rules->count + 1) * sizeof(*ports));
	if (!ports)
		return -ENOMEM;
	ports[rules->count++] = port;
	rules->ports = ports;
	return 0;
}

static bool same_ports(const struct llshim_port_rules *a,
		       const struct llshim_port_rules *b)
{
	return a->handled == b->handled && a->count == b->count &&
	       (!a->count ||
		llshim_memeq(a->ports, b->ports, a->count * sizeof(*a->ports)));
}

bool llshim_policy_same(const struct llshim_policy *a,
			const struct llshim_policy *b)
{
	size_t i;

	if (a->compat != b->compat || a->abi_pin != b->abi_pin ||
	    a->fs_handled != b->fs_handled || a->fs_count != b->fs_count ||
	    a->scoped != b->scoped || a->restrict_flags != b->restrict_flags ||
	    !same_ports(&a->bind, &b->bind) ||
	    !same_ports(&a->connect, &b->connect))
		return false;
	for (i = 0; i < a->fs_count; i++)
		if (a->fs[i].access != b->fs[i].access ||
		    a->fs[i].required != b->fs[i].required ||
		    !llshim_streq(a->fs[i].path, b->fs[i].path))
			return false;
	return true;
}
