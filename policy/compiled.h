/* SPDX-License-Identifier: MIT */
/*
 * Compiled policies: a policy file is parsed (libconfig) once, and its
 * result is stored in binary form together with everything it was made
 * from.  A later start of any program with that policy loads the binary
 * form without libconfig, but only while every input is unchanged: the
 * files read (identity, owner, mode, size, times), the directories whose
 * trust was checked (identity, owner, mode), the profile candidates that
 * did not exist, and the values of the variables expanded.
 *
 * Freestanding (sys.h, str.h, alloc.h): the preloaded shim uses it.
 */
#ifndef LLSHIM_COMPILED_H
#define LLSHIM_COMPILED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "policy.h"

enum llshim_input_kind {
	LLSHIM_INPUT_FILE,   /* read: identity, owner, mode, size and times */
	LLSHIM_INPUT_DIR,    /* trust-checked: identity, owner and mode (its
				times move with every file made in it) */
	LLSHIM_INPUT_ABSENT, /* looked for and not found (ENOENT, ENOTDIR) */
};

struct llshim_input {
	enum llshim_input_kind kind;
	char *path; /* as the parser used it; checked with stat(2) */
	uint64_t dev, ino;
	uint32_t mode, uid, gid;
	int64_t size;
	int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

struct llshim_input_var {
	char *name;
	char *value; /* NULL: was unset */
};

struct llshim_inputs {
	/* The policy file as named to the parser, and its kind: together
	 * with the uid, the key of its compiled form. */
	char *path;
	enum llshim_policy_kind kind; /* where ${VAR} values come from */
	struct llshim_input *files;
	size_t file_count, file_capacity;
	struct llshim_input_var *vars;
	size_t var_count, var_capacity;
	/* Something was used that a later start cannot check cheaply (the
	 * password database behind a system policy's ${HOME} or ${USER}). */
	bool uncacheable;
};

/* FNV-1a, 64 bits, from LLSHIM_FNV1A_START: the checksum at the end of a
 * compiled policy, and the hash in its file name. */
#define LLSHIM_FNV1A_START 0xcbf29ce484222325ULL
#define LLSHIM_FNV1A_PRIME 0x100000001b3ULL
uint64_t llshim_fnv1a(uint64_t hash, const void *bytes, size_t n);

/* Writes the checksum at the end of the @len bytes of a compiled policy
 * (the test drivers damage one and seal it again, to reach the reader). */
void llshim_compiled_seal(void *buf, size_t len);

/* The parser's record for a policy file @path of @kind, or NULL. */
struct llshim_inputs *llshim_inputs_new(enum llshim_policy_kind kind,
					const char *path);
/*
 * Recording, by the parser.  0 or -ENOMEM.  @in may be NULL (nothing is
 * recorded); a failure marks @in uncacheable, so a caller may ignore the
 * result: it costs the cache, never the policy.  Each path is kept once.
 */
int llshim_inputs_add_stat(struct llshim_inputs *in, enum llshim_input_kind,
			   const char *path, const struct stat *st);
int llshim_inputs_add_absent(struct llshim_inputs *in, const char *path);
int llshim_inputs_add_var(struct llshim_inputs *in, const char *name,
			  const char *value);
void llshim_inputs_free(struct llshim_inputs *in); /* NULL is fine */

/* A compiled policy larger than this is neither written nor read. */
#define LLSHIM_COMPILED_MAX_BYTES (8 * 1024 * 1024)

/*
 * The bytes of a compiled policy: @policy (its rules, ports, scopes, flags,
 * compat, abi pin, source) and policy->inputs, for user @uid and this
 * build (LLSHIM_BUILD_ID).  0 with *buf (llshim_alloc) and *len; -EINVAL
 * when the policy has no inputs or is uncacheable; -ENOMEM.
 */
int llshim_compiled_encode(const struct llshim_policy *policy, uint32_t uid,
			   void **buf, size_t *len);

/*
 * Checks @buf (magic, build, uid, every bound) and then every input
 * against the file system and @env.  0 with *out (llshim_alloc; its inputs
 * NULL); -ESTALE when an input changed; -EINVAL when malformed or from
 * another build or user; -ENOMEM.  @env is the environment of user and
 * explicit policies; NULL is an empty one (not environ).
 */
int llshim_compiled_decode(const void *buf, size_t len, uint32_t uid,
			   char *const *env, struct llshim_policy **out);
/* The same on @buf itself (llshim_alloc), which the decoded policy then
 * keeps as its backing, or which is freed on an error: no copy. */
int llshim_compiled_adopt(void *buf, size_t len, uint32_t uid, char *const *env,
			  struct llshim_policy **out);

/*
 * Whether @buf holds the compiled form of the @kind policy file @path (its
 * header names them; a file name shared by two paths is then a miss): 0;
 * -ENOENT when it was made for another kind or path; -EINVAL when its
 * header is malformed or from another build.
 */
int llshim_compiled_match(const void *buf, size_t len,
			  enum llshim_policy_kind kind, const char *path);

/*
 * Where compiled policies live: root's ($SYSCONFDIR/llshim/compiled, for
 * system policies, written only by root) or the user's
 * (${XDG_CONFIG_HOME:-$HOME/.config}/llshim/compiled, from @env), beside
 * the policies themselves so a sandbox that cannot write a policy cannot
 * write its compiled form either.  One file per (kind, uid, path), and
 * per (kind, path) for system policies: root's serves every user.
 */

/*
 * The file that holds (or would hold) the compiled form of @path for
 * @kind and @uid, into @buf: "<dir>/<16 hex digits>.bin", the digits
 * FNV-1a 64 of (kind byte, uid as 4 bytes little-endian, path).  0;
 * -ENOENT when @env names no user directory; -ENAMETOOLONG.
 */
int llshim_compiled_path(enum llshim_policy_kind kind, const char *path,
			 uint32_t uid, char *const *env, char *buf,
			 size_t size);

/* The compiled form of @path for the real user @uid.  0 with *out;
 * -ENOENT (none), -ESTALE, -EPERM (the file not trusted: not owned by
 * @uid, or root for system policies, or writable by group or others; the
 * directory's trust is checked when writing), -EINVAL, other -errno.
 * With @held, a success leaves the compiled file open there, for the
 * caller to close with other descriptors (the shim: with the ruleset's,
 * one system call for all); otherwise nothing stays open. */
int llshim_compiled_load(enum llshim_policy_kind kind, const char *path,
			 uint32_t uid, char *const *env,
			 struct llshim_policy **out, int *held);

/* Stores atomically (temporary file, rename); 0 or -errno; leaves no
 * temporary file behind.  System policies only as root. */
int llshim_compiled_store(enum llshim_policy_kind kind, const char *path,
			  char *const *env, const struct llshim_policy *policy);

#endif
