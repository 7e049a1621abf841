/* SPDX-License-Identifier: MIT */
/*
 * The llshim command: what its verbs share.  The command is its own
 * process, so unlike the preloaded library it may use stdio and exit().
 */
#ifndef LLSHIM_CLI_H
#define LLSHIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "msg.h"
#include "policy.h"

/* Exit codes (SPEC.md section 6); 127 as env(1) and shells use it. */
#define LLSHIM_EXIT_OK	      0
#define LLSHIM_EXIT_INVALID   1
#define LLSHIM_EXIT_USAGE     2
#define LLSHIM_EXIT_REFUSED   126
#define LLSHIM_EXIT_NOT_FOUND 127

#define LLSHIM_LIB_NAME "libllshim.so"

/* The verbs: each gets its arguments with argv[0] = the verb's name. */
int llshim_cmd_run(int argc, char **argv);
int llshim_cmd_check(int argc, char **argv);
int llshim_cmd_which(int argc, char **argv);
int llshim_cmd_status(int argc, char **argv);

/* main.c: a verb's help on @out; false when the verb is unknown. */
bool llshim_cli_help(const char *verb, FILE *out);

/*
 * "llshim: <message>" on stderr, then the verb's usage line and a hint;
 * returns LLSHIM_EXIT_USAGE for the caller to return.
 */
int llshim_cli_usage_error(const char *verb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "llshim: <message>" on stderr. */
void llshim_cli_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* "llshim: warning: <message>" on stderr. */
void llshim_cli_warn(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * Parses getopt's common failures and --help for a verb.  Returns -1 to
 * go on, or the exit code the verb should return.
 */
int llshim_cli_common_option(const char *verb, int opt, char **argv);

/*
 * The libllshim.so `llshim run` preloads: beside this executable (a build
 * tree), else the installed one.  Canonical path into @buf; 0 or -ENOENT.
 */
int llshim_cli_library(char *buf, size_t size);

/*
 * Parses a policy file as the shim would for @kind, with the shim's
 * profile directories.  The policy's source is set to @path itself.
 * Returns 0, or a negative errno with @msg set ("file:line: reason").
 */
int llshim_cli_parse_policy(const char *path, enum llshim_policy_kind kind,
			    struct llshim_policy **out, struct llshim_msg *msg);

/* The user's policy.d, or NULL when neither XDG_CONFIG_HOME nor HOME says. */
const char *llshim_cli_user_policy_dir(char *buf, size_t size);

/* Which set a right belongs to, for names and ABI lookups. */
enum llshim_right_set {
	LLSHIM_SET_FS,
	LLSHIM_SET_NET,
	LLSHIM_SET_SCOPE,
	LLSHIM_SET_FLAG,
};

/* The name of one right (a single bit), or NULL when llshim has none. */
const char *llshim_cli_right_name(enum llshim_right_set set, uint64_t bit,
				  char *buf, size_t size);
/* The first Landlock ABI that knows the single right @bit, or 0. */
int llshim_cli_right_abi(enum llshim_right_set set, uint64_t bit);
/* A set of rights as "a,b,c" (or "none") into @buf. */
const char *llshim_cli_rights(enum llshim_right_set set, uint64_t rights,
			      char *buf, size_t size);

#endif
