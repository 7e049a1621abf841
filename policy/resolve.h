/* SPDX-License-Identifier: MIT */
/*
 * Per-binary policy lookup (SPEC.md section 2): a program's identities (its
 * executable, and a #! script by its own path), the AppArmor-style file
 * names each identity may have a policy under, and finding the first that
 * exists in a policy directory, at a cost that does not depend on how many
 * files the directory holds.
 */
#ifndef LLSHIM_RESOLVE_H
#define LLSHIM_RESOLVE_H

#include <limits.h>
#include <stddef.h>

#define LLSHIM_MAX_IDENTITIES 2
#define LLSHIM_MAX_NAMES      4

struct llshim_identity {
	char canonical[PATH_MAX]; /* the real file */
	char started[PATH_MAX];	  /* the path it was started by, when that
				     was another name (a symlink); or "" */
};

/*
 * Room for the path buffers of resolving a program's identities, for a
 * caller to keep them off its stack: the shim's front puts them in its
 * .bss, given back once a policy is applied, where stack pages would stay
 * resident in the host.
 */
struct llshim_resolve_room {
	char work[2][PATH_MAX]; /* what remains to resolve, and its next form */
	char target[PATH_MAX];	/* a symbolic link's */
	char joined[2 * PATH_MAX];
	char started[PATH_MAX], real[PATH_MAX], interpreter[PATH_MAX];
};

/*
 * The identities of a program from its executable's canonical path and the
 * path execve() was given (AT_EXECFN, may be NULL).  When the two name
 * different files the program is an interpreter running a script: two
 * identities.  Returns how many (1 or 2).
 */
int llshim_identities(const char *exe, const char *execfn,
		      struct llshim_identity ids[LLSHIM_MAX_IDENTITIES]);

/* The absolute interpreter path a "#!" script names, e.g. /usr/bin/python3. */
bool llshim_shebang_interpreter(const char *script, char *out, size_t size);

/*
 * Whether a binfmt handler may have started the program (a #! script, or
 * binfmt_misc), from its arguments: the kernel passes such an
 * interpreter the started path, the very string AT_EXECFN (@execfn)
 * holds, right after the interpreter and its optional argument, two more
 * arguments per level of nesting, at most 4 levels (binfmt_script.c,
 * binfmt_misc.c).  When none of the first arguments is that string, the
 * kernel's ELF loader ran @execfn itself.  The arguments are the
 * process's own memory: code that ran before the shim could rewrite them,
 * but such code ran unsandboxed anyway.
 */
bool llshim_maybe_binfmt(int argc, char *const *argv, const char *execfn);

/*
 * The identities of the running program: /proc/self/exe and @execfn (its
 * AT_EXECFN).  @maybe_binfmt: llshim_maybe_binfmt()'s answer.  Returns
 * how many, 0 when neither names it.  @room: its scratch space.
 */
int llshim_self_identities(const char *execfn, bool maybe_binfmt,
			   struct llshim_identity ids[LLSHIM_MAX_IDENTITIES],
			   struct llshim_resolve_room *room);

/*
 * Candidate policy file names of one identity, in lookup order: the real
 * file's flattened path and basename, then the started path's.  Returns
 * how many.  "/usr/bin/curl" flattens to "usr.bin.curl.conf".
 */
size_t llshim_policy_names(const struct llshim_identity *id,
			   char names[LLSHIM_MAX_NAMES][NAME_MAX + 1]);

/*
 * The first candidate that exists in the directory @dirfd (opened from
 * @dir): writes "dir/name" into @path.  Returns 1 when found, 0 when none
 * exists, or a negative errno.
 */
int llshim_find_policy(int dirfd, const char *dir,
		       const struct llshim_identity *id, char *path,
		       size_t size);

#endif
