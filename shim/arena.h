/* SPDX-License-Identifier: MIT */
/* The shim's backend of alloc.h (arena.c). */
#ifndef LLSHIM_ARENA_H
#define LLSHIM_ARENA_H

#include <stddef.h>

/*
 * Before the first llshim_alloc(): its first touch of the library's .bss
 * is then a write, one page fault where a read first would take two.
 */
void llshim_arena_begin(void);

/*
 * Gives back everything llshim_alloc() gave out, and every page of the
 * library's .bss (@page_size bytes each; 0: unknown, the .bss stays
 * resident); nothing of it may be used afterwards.
 */
void llshim_arena_release(size_t page_size);

#endif
