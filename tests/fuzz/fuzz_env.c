// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: any bytes as the values of the six LL_* variables
 * (newline-separated), through the shim's own parser (policy/parse_env.c).
 * Run by `make fuzz`, never by `make test`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "policy.h"

static const char *const names[] = {
	"LL_FS_RO",	  "LL_FS_RW",  "LL_TCP_BIND",
	"LL_TCP_CONNECT", "LL_SCOPED", "LL_FORCE_LOG",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *value = copy, *end;
	struct llshim_policy *policy;
	struct llshim_plan plan;
	struct llshim_msg msg;
	size_t i;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (i = 0; i < 6; i++) {
		unsetenv(names[i]);
		if (!value || memchr(data, 0, size))
			continue;
		end = strchr(value, '\n');
		if (end)
			*end = '\0';
		/* An empty line leaves the variable unset. */
		if (*value)
			setenv(names[i], value[0] == '=' ? value + 1 : value,
			       1);
		value = end ? end + 1 : NULL;
	}
	if (llshim_parse_env(environ, &policy, &msg) == 0) {
		for (int abi = 1; abi <= 9; abi++)
			llshim_plan_layer(policy, abi, &plan, &msg);
		llshim_policy_free(policy);
	}
	free(copy);
	return 0;
}
