// SPDX-License-Identifier: MIT
/*
 * alloc.h inside the shim: a bump arena on private anonymous pages.  The
 * shim runs before main(), in someone else's process, where the host's
 * malloc may not be ready or may be the host's own; everything the shim
 * allocates lives only until it has applied the policy, and
 * llshim_arena_release() gives every page back at once.  llshim_free()
 * releases nothing by itself; llshim_realloc() copies.
 */
#include <stdint.h>

#include "alloc.h"
#include "arena.h"
#include "str.h"
#include "sys.h"

#define CHUNK_BYTES (256 * 1024)
#define ALIGNMENT   16

struct chunk {
	struct chunk *next;
	size_t size; /* of the whole mapping */
	size_t used;
};

/* Every allocation is preceded by its size, for realloc. */
struct header {
	size_t size;
	size_t pad; /* keeps the payload 16-byte aligned */
};

static struct chunk *chunks;

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

static struct chunk *new_chunk(size_t need)
{
	size_t size = round_up(need + sizeof(struct chunk), CHUNK_BYTES);
	struct chunk *c = llshim_sys_mmap(size);

	if (!c)
		return NULL;
	c->next = chunks;
	c->size = size;
	c->used = round_up(sizeof(struct chunk), ALIGNMENT);
	chunks = c;
	return c;
}

void *llshim_alloc(size_t size)
{
	size_t need = round_up(sizeof(struct header) + size, ALIGNMENT);
	struct chunk *c = chunks;
	struct header *h;

	if (size > SIZE_MAX / 2)
		return NULL;
	if (!c || c->size - c->used < need)
		c = new_chunk(need);
	if (!c)
		return NULL;
	/* Fresh anonymous pages are zero, and nothing is ever reused. */
	h = (struct header *)((char *)c + c->used);
	c->used += need;
	h->size = size;
	return h + 1;
}

void *llshim_realloc(void *old, size_t size)
{
	void *p;
	size_t old_size;

	if (!old)
		return llshim_alloc(size);
	old_size = ((struct header *)old - 1)->size;
	if (size <= old_size)
		return old;
	p = llshim_alloc(size);
	if (p)
		llshim_memcpy(p, old, old_size);
	return p;
}

void llshim_free(void *p)
{
	(void)p;
}

char *llshim_strndup(const char *s, size_t n)
{
	size_t len = 0;
	char *copy;

	while (len < n && s[len])
		len++;
	copy = llshim_alloc(len + 1);
	if (copy)
		llshim_memcpy(copy, s, len);
	return copy;
}

char *llshim_strdup(const char *s)
{
	return llshim_strndup(s, llshim_strlen(s));
}

void llshim_arena_release(void)
{
	struct chunk *c, *next;

	for (c = chunks; c; c = next) {
		next = c->next;
		llshim_sys_munmap(c, c->size);
	}
	chunks = NULL;
}
