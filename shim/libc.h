/* SPDX-License-Identifier: MIT */
/*
 * The few libc functions the shim calls once a policy applies (loading
 * the parser, naming its own file, electing one copy), found at run time
 * instead of imported: each import would be bound and version-checked by
 * the loader in every process, with or without a policy.
 */
#ifndef LLSHIM_LIBC_H
#define LLSHIM_LIBC_H

#include <dlfcn.h>
#include <link.h>
#include <stdbool.h>
#include <stddef.h>

typedef int llshim_phdr_visit_fn(struct dl_phdr_info *info, size_t size,
				 void *data);

struct llshim_libc {
	void *(*dlopen)(const char *file, int mode);
	void *(*dlsym)(void *handle, const char *name);
	int (*dlclose)(void *handle);
	char *(*dlerror)(void);
	int (*dladdr)(const void *addr, Dl_info *info);
	int (*dl_iterate_phdr)(llshim_phdr_visit_fn *visit, void *data);
	int *(*errno_location)(void);
	/* The live environment: the program's copy of environ if it has
	 * one, as the loader binds it, else libc's. */
	char ***environ;
	/* glibc's own record (sys/single_threaded.h, glibc 2.32): true
	 * until the first pthread_create(); NULL when libc lacks it. */
	const char *single_threaded;
};

/*
 * Finds dlsym, dl_iterate_phdr, __errno_location, environ and
 * __libc_single_threaded in the GNU hash tables of the loader's list of
 * objects (the program's DT_DEBUG entry, from its program headers
 * @phdr), without calling anything.  Returns false when one but the last
 * is missing; then nothing of it may be used.
 */
bool llshim_libc_find(const ElfW(Phdr) * phdr, size_t phnum,
		      struct llshim_libc *libc);

/* The rest, needed only to load the parser: dlopen, dlclose, dlerror,
 * dladdr.  After llshim_libc_find(); false when one is missing. */
bool llshim_libc_find_loader(struct llshim_libc *libc);

#endif
