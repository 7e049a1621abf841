/* SPDX-License-Identifier: MIT */
/*
 * What the shim's constructor (front.c) found before deciding that a
 * policy applies, handed to start.c.  libllshim.so imports nothing (raw
 * system calls, libc's few functions found at run time: libc.h) so that
 * a process with no policy pays almost nothing, and one with a policy
 * pays for no library but the parser, and that only when no compiled
 * form of a policy file is current.
 */
#ifndef LLSHIM_FRONT_H
#define LLSHIM_FRONT_H

#include <limits.h>
#include <link.h>
#include <stdbool.h>
#include <stdint.h>

#include "policy.h"
#include "resolve.h"

#define LLSHIM_MAX_FOUND (2 * LLSHIM_MAX_IDENTITIES)

struct llshim_found {
	char path[PATH_MAX];
	enum llshim_policy_kind kind;
};

/*
 * What the per-binary lookup found.  Large (PATH_MAX strings), so not in
 * the front's stack frame, where it would push every later frame, and
 * the pages they touch, 30 kB deeper: the library's .bss, whose pages
 * are touched only when a policy directory is searched.
 */
struct llshim_lookup {
	struct llshim_identity ids[LLSHIM_MAX_IDENTITIES];
	struct llshim_found found[LLSHIM_MAX_FOUND];
	struct llshim_resolve_room room;
};

struct llshim_front {
	bool secure;	  /* AT_SECURE: only system policies apply */
	unsigned uid;	  /* AT_UID: the real user at execve() */
	size_t page_size; /* AT_PAGESZ; 0 when the vector is implausible */
	bool env_source;  /* LL_* or LLSHIM_POLICY set (never when secure) */
	int id_count;	  /* -1 when not looked up */
	int found_count;
	/* A policy directory that could not be searched: refuse. */
	int lookup_error; /* -errno, or 0 */
	const char *lookup_dir;
	uintptr_t note;	    /* this copy's ELF note, to tell copies apart */
	const char *execfn; /* AT_EXECFN */
	bool maybe_binfmt;  /* llshim_maybe_binfmt() of the arguments */
	const ElfW(Phdr) * phdr; /* the program's, for libc.c */
	size_t phnum;
	struct llshim_lookup *lookup; /* ids: id_count; found: found_count */
};

/* start.c: refuses (exit 126) or returns having applied. */
void llshim_start(const struct llshim_front *front);

/* The library's entry, run by the loader before main() (front.c). */
void llshim_front(int argc, char **argv, char **envp);

#endif
