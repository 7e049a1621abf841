/* SPDX-License-Identifier: MIT */
/* The shim's backend of alloc.h (arena.c). */
#ifndef LLSHIM_ARENA_H
#define LLSHIM_ARENA_H

/* Unmaps everything llshim_alloc() gave out; nothing of it may be used. */
void llshim_arena_release(void);

#endif
