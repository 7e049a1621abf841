// SPDX-License-Identifier: MIT
/* Helpers the verbs share: messages, options, the library, policy files. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "rights.h"

static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void llshim_cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("llshim: ", fmt, ap);
	va_end(ap);
}

void llshim_cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("llshim: warning: ", fmt, ap);
	va_end(ap);
}

int llshim_cli_common_option(const char *verb, int opt, char **argv)
{
	/* With opterr = 0, getopt leaves the faulty argument to us. */
	const char *arg = argv[optind - 1];

	switch (opt) {
	case 'h':
		llshim_cli_help(verb, stdout);
		return LLSHIM_EXIT_OK;
	case ':':
		return llshim_cli_usage_error(verb, "%s: missing argument",
					      arg);
	case '?':
		if (optopt && optopt < 256)
			return llshim_cli_usage_error(
			    verb, "%s: unknown option \"-%c\"", verb, optopt);
		return llshim_cli_usage_error(verb, "%s: unknown option \"%s\"",
					      verb, arg);
	default:
		return -1;
	}
}

/* @name in the directory of this executable, when that file exists. */
static int beside_self(const char *name, char *buf, size_t size)
{
	char exe[PATH_MAX], joined[PATH_MAX * 2];
	char *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return -ENOENT;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -ENOENT;
	slash[1] = '\0';
	snprintf(joined, sizeof(joined), "%s%s", exe, name);
	if (strlen(joined) >= size || !realpath(joined, buf))
		return -ENOENT;
	return 0;
}

int llshim_cli_library(char *buf, size_t size)
{
	char real[PATH_MAX];

	if (beside_self(LLSHIM_LIB_NAME, buf, size) == 0)
		return 0;
	if (!realpath(LLSHIM_LIBDIR "/llshim/" LLSHIM_LIB_NAME, real) ||
	    strlen(real) >= size)
		return -ENOENT;
	memcpy(buf, real, strlen(real) + 1);
	return 0;
}

const char *llshim_cli_user_policy_dir(char *buf, size_t size)
{
	return llshim_user_config_path(buf, size, "policy.d") ? NULL : buf;
}

int llshim_cli_parse_policy(const char *path, enum llshim_policy_kind kind,
			    struct llshim_policy **out, struct llshim_msg *msg)
{
	static const char *const dirs[] = { LLSHIM_SYSTEM_PROFILES,
					    LLSHIM_SHIPPED_PROFILES, NULL };
	/* environment NULL: ${VAR} reads this process's environ. */
	struct llshim_parse_options opt = { .kind = kind,
					    .profile_dirs = dirs };
	char user_dir[PATH_MAX];
	char *source;
	int err;

	/* As the shim: only user and explicit policies see the user's. */
	if (kind != LLSHIM_POLICY_SYSTEM &&
	    llshim_user_config_path(user_dir, sizeof(user_dir), "profiles") ==
		0)
		opt.user_profile_dir = user_dir;
	err = llshim_parse_file(path, &opt, out, msg);
	if (err)
		return err;
	/* Messages name the file as the user gave it, not a variable. */
	source = strdup(path);
	if (!source) {
		llshim_policy_free(*out);
		llshim_msg_set(msg, path, ": out of memory");
		return -ENOMEM;
	}
	free((*out)->source);
	(*out)->source = source;
	return 0;
}

static void add_names(struct llshim_msg *msg, enum llshim_right_set set,
		      uint64_t rights)
{
	switch (set) {
	case LLSHIM_SET_FS:
		llshim_msg_add_fs_rights(msg, rights);
		break;
	case LLSHIM_SET_NET:
		llshim_msg_add_net_rights(msg, rights);
		break;
	case LLSHIM_SET_SCOPE:
		llshim_msg_add_scopes(msg, rights);
		break;
	case LLSHIM_SET_FLAG:
		llshim_msg_add_restrict_flags(msg, (uint32_t)rights);
		break;
	}
}

const char *llshim_cli_rights(enum llshim_right_set set, uint64_t rights,
			      char *buf, size_t size)
{
	struct llshim_msg msg;

	llshim_msg_clear(&msg);
	add_names(&msg, set, rights);
	snprintf(buf, size, "%s", msg.text);
	return buf;
}

const char *llshim_cli_right_name(enum llshim_right_set set, uint64_t bit,
				  char *buf, size_t size)
{
	/* The rights tables name only the rights llshim knows. */
	if (!llshim_cli_right_abi(set, bit))
		return NULL;
	return llshim_cli_rights(set, bit, buf, size);
}

static uint64_t known_at(enum llshim_right_set set, int abi)
{
	switch (set) {
	case LLSHIM_SET_FS:
		return llshim_abi_fs(abi);
	case LLSHIM_SET_NET:
		return llshim_abi_net(abi);
	case LLSHIM_SET_SCOPE:
		return llshim_abi_scoped(abi);
	case LLSHIM_SET_FLAG:
		return llshim_abi_restrict_flags(abi);
	}
	return 0;
}

int llshim_cli_right_abi(enum llshim_right_set set, uint64_t bit)
{
	int abi;

	for (abi = 1; abi <= LLSHIM_ABI_LAST; abi++)
		if (known_at(set, abi) & bit)
			return abi;
	return 0;
}
