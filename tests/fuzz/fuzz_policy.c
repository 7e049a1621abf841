// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: any bytes as a policy file, through the same parser
 * the shim loads (policy/parse_file.c with libconfig), with profiles from
 * the fixture directory.  Run by `make fuzz`, never by `make test`.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan.h"
#include "policy.h"

static char dir[] = "/tmp/llshim-fuzz.XXXXXX";
static char path[64];

/* libFuzzer ends a run with exit(): nothing is left in /tmp.  A crash
 * leaves the directory, beside the input libFuzzer saves. */
static void remove_private_dir(void)
{
	unlink(path);
	rmdir(dir);
}

/* One private file, rewritten for every input. */
static const char *policy_path(void)
{
	if (!path[0]) {
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof(path), "%s/p.conf", dir);
		atexit(remove_private_dir);
	}
	return path;
}

static void write_input(const uint8_t *data, size_t size)
{
	int fd =
	    open(policy_path(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const dirs[] = { NULL };
	struct llshim_parse_options opt = { LLSHIM_POLICY_EXPLICIT, dirs,
					    getenv("LLSHIM_FUZZ_PROFILES"),
					    environ };
	struct llshim_policy *policy;
	struct llshim_plan plan;
	struct llshim_msg msg;

	write_input(data, size);
	if (llshim_parse_file(policy_path(), &opt, &policy, &msg) == 0) {
		/* Every accepted policy must also plan on every ABI. */
		for (int abi = 1; abi <= 9; abi++)
			llshim_plan_layer(policy, abi, &plan, &msg);
		llshim_policy_free(policy);
	} else if (msg.text[0] != '/' || !strstr(msg.text, ".conf")) {
		/* Every error names the file (the policy's or a profile's). */
		abort();
	}
	return 0;
}
