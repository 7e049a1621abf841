// SPDX-License-Identifier: MIT
/* Electing one shim among several loaded copies (see elect.h). */
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <sys/stat.h>

#include "elect.h"
#include "str.h"
#include "sys.h"

#define NOTE_NAME "llshim"
#define NOTE_TYPE 0x4c4c5348 /* "LLSH": the note every front carries */

struct election {
	size_t copies;	    /* seen so far, all of them */
	uintptr_t elected;  /* the note of the copy elected so far */
	const char *first;  /* the first copy's path */
	bool found_trusted; /* the elected copy is root's */
	const char **paths; /* the copies' paths, in load order */
	size_t count;
	size_t max;
};

static bool carries_note(const struct dl_phdr_info *info, uintptr_t *where)
{
	const ElfW(Nhdr) * n;
	uintptr_t p, end;
	int i;

	for (i = 0; i < info->dlpi_phnum; i++) {
		if (info->dlpi_phdr[i].p_type != PT_NOTE)
			continue;
		p = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
		end = p + info->dlpi_phdr[i].p_memsz;
		while (p + sizeof(*n) <= end) {
			n = (const ElfW(Nhdr) *)p;
			if (n->n_type == NOTE_TYPE &&
			    n->n_namesz == sizeof(NOTE_NAME) &&
			    llshim_memeq(n + 1, NOTE_NAME, sizeof(NOTE_NAME))) {
				*where = p;
				return true;
			}
			p += sizeof(*n) + ((n->n_namesz + 3) & ~3U) +
			     ((n->n_descsz + 3) & ~3U);
		}
	}
	return false;
}

static bool is_root_file(const char *path)
{
	struct stat st;

	return path && path[0] == '/' && llshim_sys_stat(path, &st) == 0 &&
	       st.st_uid == 0 && !(st.st_mode & (S_IWGRP | S_IWOTH));
}

/*
 * Trust needs a stat() per copy, and is needed only once a second copy
 * shows up: then the first is checked too.
 */
static int visit(struct dl_phdr_info *info, size_t size, void *data)
{
	struct election *e = data;
	const char *name = info->dlpi_name;
	uintptr_t where;

	(void)size;
	if (!carries_note(info, &where))
		return 0;
	if (name && name[0] && e->count < e->max)
		e->paths[e->count++] = name;
	if (e->copies++ == 0) {
		e->elected = where;
		e->first = name;
		return 0;
	}
	if (e->copies == 2)
		e->found_trusted = is_root_file(e->first);
	if (!e->found_trusted && is_root_file(name)) {
		e->elected = where;
		e->found_trusted = true;
	}
	return 0;
}

bool llshim_self_elected(const struct llshim_libc *libc, uintptr_t self,
			 const char **paths, size_t max, size_t *count)
{
	struct election e = { .paths = paths, .max = max };

	libc->dl_iterate_phdr(visit, &e);
	*count = e.count;
	/* Not found at all (no PT_NOTE kept): this copy is the only one. */
	return e.copies ? e.elected == self : true;
}
