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
 * Gives back everything llshim_alloc() gave out beyond the first chunk;
 * nothing of it may be used afterwards.  The first chunk is the library's
 * .bss, whose pages the front gives back with the cold code's (front.c).
 */
void llshim_arena_release(void);

/*
 * Zeroed memory, like llshim_alloc(), but from the far end of the chunk,
 * for what only a failure writes (a message): it does not push what every
 * start touches onto one more page.  Freed only with the arena.
 */
void *llshim_alloc_far(size_t size);

#endif
