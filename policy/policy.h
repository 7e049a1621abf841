/* SPDX-License-Identifier: MIT */
/*
 * The only contract between policy/ and its users (the preloaded shim and the
 * llshim command): one policy source, as a plain struct.  A struct
 * llshim_policy is one Landlock layer.
 */
#ifndef LLSHIM_POLICY_H
#define LLSHIM_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "msg.h"

struct llshim_inputs;

/* Environment names, all in one place (SPEC.md section 2). */
#define LLSHIM_ENV_POLICY      "LLSHIM_POLICY"
#define LLSHIM_ENV_DEBUG       "LLSHIM_DEBUG"
#define LLSHIM_ENV_FS_RO       "LL_FS_RO"
#define LLSHIM_ENV_FS_RW       "LL_FS_RW"
#define LLSHIM_ENV_TCP_BIND    "LL_TCP_BIND"
#define LLSHIM_ENV_TCP_CONNECT "LL_TCP_CONNECT"
#define LLSHIM_ENV_SCOPED      "LL_SCOPED"
#define LLSHIM_ENV_FORCE_LOG   "LL_FORCE_LOG"

/* Directories fixed at build time (SPEC.md section 1). */
#define LLSHIM_SYSTEM_POLICY_DIR LLSHIM_SYSCONFDIR "/llshim/policy.d"
#define LLSHIM_SYSTEM_PROFILES	 LLSHIM_SYSCONFDIR "/llshim/profiles"
#define LLSHIM_SHIPPED_PROFILES	 LLSHIM_DATADIR "/llshim/profiles"

/* A policy file larger than this is refused (SPEC.md section 5). */
#define LLSHIM_POLICY_MAX_BYTES (1024 * 1024)
/* Includes nest at most this deep. */
#define LLSHIM_INCLUDE_MAX_DEPTH 16

enum llshim_compat {
	LLSHIM_COMPAT_BEST_EFFORT = 0,
	LLSHIM_COMPAT_HARD,
};

struct llshim_fs_rule {
	char *path;	 /* expanded; opened as is */
	uint64_t access; /* LLSHIM_FS_* rights asked for */
	bool required;	 /* a missing path is an error, not skipped */
	char *origin;	 /* "file:line" or the variable's name, for messages */
	/* Was no directory when the policy was compiled (compiled.c): opened
	 * as a file, with directory-only rights dropped (landlock.c). */
	bool not_dir;
};

struct llshim_port_rules {
	bool handled; /* false: this TCP right is not restricted at all */
	uint16_t *ports;
	size_t count;
};

struct llshim_policy {
	char *source; /* "LL_* variables", "LLSHIM_POLICY=/x.conf", ... */
	enum llshim_compat compat;
	int abi_pin;	 /* 0: every right the running kernel knows */
	bool fs_handled; /* false only for an inline policy without LL_FS_* */
	struct llshim_fs_rule *fs;
	size_t fs_count;
	size_t fs_capacity;
	struct llshim_port_rules bind;
	struct llshim_port_rules connect;
	uint64_t scoped;	 /* LLSHIM_SCOPE_* */
	uint32_t restrict_flags; /* LLSHIM_RESTRICT_LOG_* */
	/* What a policy file was made from (compiled.h), or NULL. */
	struct llshim_inputs *inputs;
	/* A decoded compiled form's bytes (compiled.c), or NULL: then source
	 * and the rules' strings point into them, and are freed with them.
	 * Such a policy is read-only. */
	void *backing;
	/*
	 * The always-readable paths (shim/readable.h) that lay beneath this
	 * policy's own read rules when its compiled form was written, so a
	 * start from that form neither looks again nor adds a rule for them:
	 * NULL-terminated, or NULL (look).  Owned by the policy only when
	 * decoded (backing set); the shim lends its own list while storing.
	 */
	const char **beneath;
};

/* Where a policy file comes from decides how far it is trusted. */
enum llshim_policy_kind {
	LLSHIM_POLICY_SYSTEM, /* root's: variables from the kernel and passwd */
	LLSHIM_POLICY_USER,   /* the user's own directory */
	LLSHIM_POLICY_EXPLICIT, /* LLSHIM_POLICY=FILE */
};

struct llshim_parse_options {
	enum llshim_policy_kind kind;
	/* Root's profile directories, searched in order; NULL-terminated. */
	const char *const *profile_dirs;
	/* Then the user's (explicit and user policies only), or NULL. */
	const char *user_profile_dir;
	/* The environment for ${VAR} in explicit and user policies; NULL
	 * means environ (see env.c for why the shim passes it). */
	char *const *environment;
};

/* policy.c */
struct llshim_policy *llshim_policy_new(const char *source);
void llshim_policy_free(struct llshim_policy *policy);
int llshim_policy_add_fs(struct llshim_policy *policy, const char *path,
			 size_t path_len, uint64_t access, bool required,
			 const char *origin);
int llshim_policy_add_port(struct llshim_port_rules *rules, uint16_t port);
/* Whether two policies make the same layer (where rules came from aside). */
bool llshim_policy_same(const struct llshim_policy *a,
			const struct llshim_policy *b);

/*
 * env.c: getenv() on a given array, which the host's function of that
 * name cannot replace (bash exports its own).
 */
/* The value of @name in the environment array @env, or NULL. */
const char *llshim_env_lookup(char *const *env, const char *name);

/*
 * dirs.c: ${XDG_CONFIG_HOME:-$HOME/.config}/llshim/<leaf> into @buf;
 * -ENOENT when neither variable gives an absolute path.
 */
int llshim_user_config_path(char *buf, size_t size, const char *leaf);
/* The same from the environment array @env. */
int llshim_user_config_path_in(char *const *env, char *buf, size_t size,
			       const char *leaf);

/* parse_env.c: the LL_* variables; returns 0, or -EINVAL with msg set. */
/* Whether an environ entry ("NAME=value") is one of the LL_* variables. */
bool llshim_env_is_inline_var(const char *entry);
/* Removes LL_* and LLSHIM_POLICY, as the sample does after applying. */
void llshim_env_scrub(char **env);
/* A TCP port: decimal digits only, 0 to 65535, no sign, space or hex. */
bool llshim_parse_port(const char *s, size_t len, uint16_t *port);
int llshim_parse_env(char *const *env, struct llshim_policy **out,
		     struct llshim_msg *msg);

/*
 * parse_file.c: one policy file and its includes.  Returns 0 with *out set,
 * or a negative errno with msg set to "file:line: reason".  Lives in the
 * private parser object (libllshim-parser.so), the only code that links
 * libconfig.
 */
int llshim_parse_file(const char *path, const struct llshim_parse_options *opt,
		      struct llshim_policy **out, struct llshim_msg *msg);

/*
 * The parser object's two exported entry points (policy/parser.map): the
 * shim finds them with dlsym and frees what parse returned with free, as
 * the object may allocate from another malloc than the host's.
 */
int llshim_parser_parse(const char *path,
			const struct llshim_parse_options *opt,
			struct llshim_policy **out, struct llshim_msg *msg);
void llshim_parser_free(struct llshim_policy *policy);

#endif
