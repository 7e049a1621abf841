// SPDX-License-Identifier: MIT
/* Building and freeing struct llshim_policy, the one policy representation. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

struct llshim_policy *llshim_policy_new(const char *source)
{
	struct llshim_policy *policy = calloc(1, sizeof(*policy));

	if (!policy)
		return NULL;
	policy->source = strdup(source);
	if (!policy->source) {
		free(policy);
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
	for (i = 0; i < policy->fs_count; i++) {
		free(policy->fs[i].path);
		free(policy->fs[i].origin);
	}
	free(policy->fs);
	free(policy->bind.ports);
	free(policy->connect.ports);
	free(policy->source);
	free(policy);
}

static int grow_rules(struct llshim_policy *policy)
{
	size_t capacity = policy->fs_capacity ? policy->fs_capacity * 2 : 16;
	struct llshim_fs_rule *fs;

	fs = realloc(policy->fs, capacity * sizeof(*fs));
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
	rule->path = strndup(path, path_len);
	rule->origin = strdup(origin);
	if (!rule->path || !rule->origin) {
		free(rule->path);
		free(rule->origin);
		return -ENOMEM;
	}
	rule->access = access;
	rule->required = required;
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
	ports = realloc(rules->ports, (rules->count + 1) * sizeof(*ports));
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
		memcmp(a->ports, b->ports, a->count * sizeof(*a->ports)) == 0);
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
		    strcmp(a->fs[i].path, b->fs[i].path) != 0)
			return false;
	return true;
}
