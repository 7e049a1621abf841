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
