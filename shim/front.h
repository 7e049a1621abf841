/* SPDX-License-Identifier: MIT */
/*
 * The two halves of the shim.  libllshim.so, the front, runs in every
 * process: it is freestanding (raw system calls, no libc import but
 * dlsym) so that a process with no policy pays almost nothing.  It finds
 * whether any policy source applies and, only then, loads the core
 * (libllshim-core.so, beside it) and hands it what it found.
 */
#ifndef LLSHIM_FRONT_H
#define LLSHIM_FRONT_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "policy.h"
#include "resolve.h"

#define LLSHIM_CORE_NAME  "libllshim-core.so"
#define LLSHIM_CORE_ENTRY "llshim_core_start"
/* Changes whenever struct llshim_front does: front and core must match. */
#define LLSHIM_FRONT_VERSION 2
#define LLSHIM_MAX_FOUND     (2 * LLSHIM_MAX_IDENTITIES)

struct llshim_found {
	char path[PATH_MAX];
	enum llshim_policy_kind kind;
};

struct llshim_front {
	/* Small fields first: the front writes them in every start, and the
	 * large arrays below are touched (page by page) only when used. */
	int version;
	bool secure;	 /* AT_SECURE: only system policies apply */
	bool env_source; /* LL_* or LLSHIM_POLICY set (never when secure) */
	int id_count;	 /* -1 when not looked up */
	int found_count;
	/* A policy directory that could not be searched: refuse. */
	int lookup_error; /* -errno, or 0 */
	const char *lookup_dir;
	uintptr_t note; /* this front's ELF note, to tell copies apart */
	struct llshim_identity ids[LLSHIM_MAX_IDENTITIES];
	struct llshim_found found[LLSHIM_MAX_FOUND];
};

/* The core's one export; refuses (exit 126) or returns having applied. */
typedef void llshim_core_start_fn(const struct llshim_front *front);
llshim_core_start_fn llshim_core_start;

#endif
