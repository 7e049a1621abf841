// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the compiled-policy reader (policy/compiled.c), which
 * every sandboxed start runs on bytes from disk.  A valid compiled policy
 * is made once; each input is a list of 3-byte edits (offset, offset,
 * value) applied to a copy, whose checksum is then made right again, so
 * the reader's bounds and counts are exercised, not only its checksum.
 * The raw input is decoded as well.  Run by `make fuzz`, never by
 * `make test`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "compiled.h"
#include "policy.h"
#include "rights.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char *valid;
static size_t valid_len;

/* Paths the shim found beneath the rules (policy.h), for that section. */
static const char *beneath[] = { "/usr/lib/llshim/libllshim.so", "/etc/llshim",
				 NULL };

/* A policy with every kind of field and input, encoded. */
static void make_valid(void)
{
	struct llshim_policy *p = llshim_policy_new("LLSHIM_POLICY=/fuzz.conf");
	struct stat st;
	void *buf;

	if (!p || stat("/", &st))
		abort();
	p->inputs = llshim_inputs_new(LLSHIM_POLICY_EXPLICIT, "/fuzz.conf");
	llshim_policy_add_fs(p, "/usr", 4, LLSHIM_GROUP_ROX, false, "f:3");
	llshim_policy_add_fs(p, "/tmp", 4, LLSHIM_GROUP_RW, true, "f:4");
	p->bind.handled = p->connect.handled = true;
	llshim_policy_add_port(&p->connect, 443);
	llshim_policy_add_port(&p->connect, 80);
	p->scoped = LLSHIM_SCOPE_SIGNAL;
	p->compat = LLSHIM_COMPAT_HARD;
	p->abi_pin = 6;
	llshim_inputs_add_stat(p->inputs, LLSHIM_INPUT_DIR, "/", &st);
	llshim_inputs_add_absent(p->inputs, "/nonexistent/profile.conf");
	llshim_inputs_add_var(p->inputs, "FUZZ_UNSET", NULL);
	p->beneath = beneath;
	if (!p->inputs || llshim_compiled_encode(p, 0, &buf, &valid_len))
		abort();
	p->beneath = NULL;
	valid = buf;
	llshim_policy_free(p);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	unsetenv("FUZZ_UNSET");
	make_valid();
	return 0;
}

static void decode(const unsigned char *buf, size_t len)
{
	struct llshim_policy *out;

	if (llshim_compiled_decode(buf, len, 0, NULL, &out) == 0)
		llshim_policy_free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = malloc(valid_len);
	size_t i, len = valid_len, at;

	if (!copy)
		return 0;
	decode(data, size);
	memcpy(copy, valid, valid_len);
	for (i = 0; i + 3 <= size; i += 3) {
		at = (size_t)(data[i] | data[i + 1] << 8) % valid_len;
		copy[at] = data[i + 2];
	}
	/* A trailing byte cuts the buffer short. */
	if (size % 3 && data[size - 1] < valid_len)
		len = valid_len - data[size - 1];
	llshim_compiled_seal(copy, len);
	decode(copy, len);
	free(copy);
	return 0;
}
