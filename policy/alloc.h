/* SPDX-License-Identifier: MIT */
/*
 * Memory for policy code, with two backends: libc's malloc (policy/libc.c:
 * the parser object, the command, the test drivers) and, inside the
 * preloaded shim, an arena in the library's own zero pages, released in
 * one piece before main() (shim/arena.c), so a sandboxed start never
 * touches the host's malloc and leaves no page of its own behind.
 */
#ifndef LLSHIM_ALLOC_H
#define LLSHIM_ALLOC_H

#include <stddef.h>

void *llshim_alloc(size_t size);	      /* zeroed, or NULL */
void *llshim_realloc(void *old, size_t size); /* like realloc() */
void llshim_free(void *p);		      /* NULL is fine */
/* Not zeroed, for bytes about to be written over (a file read into it). */
void *llshim_alloc_bytes(size_t size);

/* Copies of strings, NUL-terminated, or NULL when out of memory. */
char *llshim_strdup(const char *s);
char *llshim_strndup(const char *s, size_t n);

#endif
