// SPDX-License-Identifier: MIT
/* Electing one shim among several loaded copies (see elect.h). */
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "elect.h"

#define NOTE_NAME "llshim"
#define NOTE_TYPE 0x4c4c5348 /* "LLSH": the note every front carries */

struct election {
	uintptr_t self;	    /* address of this copy's note */
	bool found_trusted; /* the elected copy is trusted */
	bool decided;	    /* some copy has been elected */
	bool self_elected;
	const char **paths; /* every copy's path, in load order */
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
			    memcmp(n + 1, NOTE_NAME, sizeof(NOTE_NAME)) == 0) {
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

	return path && path[0] == '/' && stat(path, &st) == 0 &&
	       st.st_uid == 0 && !(st.st_mode & (S_IWGRP | S_IWOTH));
}

static int visit(struct dl_phdr_info *info, size_t size, void *data)
{
	struct election *e = data;
	uintptr_t where;
	bool trusted;

	(void)size;
	if (!carries_note(info, &where))
		return 0;
	if (e->count < e->max && info->dlpi_name && info->dlpi_name[0])
		e->paths[e->count++] = info->dlpi_name;
	trusted = is_root_file(info->dlpi_name);
	if (!e->decided || (trusted && !e->found_trusted)) {
		e->decided = true;
		e->found_trusted = trusted;
		e->self_elected = where == e->self;
	}
	return 0;
}

bool llshim_self_elected(uintptr_t self, const char **paths, size_t max,
			 size_t *count)
{
	struct election e = { .self = self, .paths = paths, .max = max };

	dl_iterate_phdr(visit, &e);
	*count = e.count;
	/* Not found at all (no PT_NOTE kept): this copy is the only one. */
	return e.decided ? e.self_elected : true;
}
