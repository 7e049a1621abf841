// SPDX-License-Identifier: MIT
/*
 * policy_check FILE... | --env: parse policies with the shim's own policy
 * code and print what each layer would hold, built with AddressSanitizer
 * and UndefinedBehaviorSanitizer so the suite can run the parser over good
 * and bad input and catch memory errors and leaks the shim would hide.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "policy.h"
#include "rights.h"

static void print_policy(const struct llshim_policy *policy)
{
	struct llshim_plan plan;
	struct llshim_msg msg;
	size_t i;

	printf("source: %s\n", policy->source);
	for (i = 0; i < policy->fs_count; i++) {
		llshim_msg_clear(&msg);
		llshim_msg_add_fs_rights(&msg, policy->fs[i].access);
		printf("fs: %s %s%s (%s)\n", policy->fs[i].path, msg.text,
		       policy->fs[i].required ? " required" : "",
		       policy->fs[i].origin);
	}
	for (i = 0; i < policy->bind.count; i++)
		printf("bind: %u\n", policy->bind.ports[i]);
	for (i = 0; i < policy->connect.count; i++)
		printf("connect: %u\n", policy->connect.ports[i]);
	if (llshim_plan_layer(policy, 7, &plan, &msg)) {
		printf("plan: %s\n", msg.text);
		return;
	}
	llshim_msg_clear(&msg);
	llshim_plan_describe_dropped(&plan, &msg);
	printf("plan on ABI 7: dropped %s\n", msg.text);
}

static int check_file(const char *path)
{
	static const char *const dirs[] = { NULL };
	struct llshim_parse_options opt = { LLSHIM_POLICY_EXPLICIT, dirs,
					    getenv("LLSHIM_T_PROFILES"),
					    environ };
	struct llshim_policy *policy;
	struct llshim_msg msg;

	if (llshim_parse_file(path, &opt, &policy, &msg)) {
		printf("error: %s\n", msg.text);
		return 1;
	}
	print_policy(policy);
	llshim_policy_free(policy);
	return 0;
}

static int check_env(void)
{
	struct llshim_policy *policy;
	struct llshim_msg msg;

	if (llshim_parse_env(environ, &policy, &msg)) {
		printf("error: %s\n", msg.text);
		return 1;
	}
	print_policy(policy);
	llshim_policy_free(policy);
	return 0;
}

int main(int argc, char **argv)
{
	int i, status = 0;

	if (argc == 2 && strcmp(argv[1], "--env") == 0)
		return check_env();
	for (i = 1; i < argc; i++)
		status |= check_file(argv[i]);
	return status;
}
