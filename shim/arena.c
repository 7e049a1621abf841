// SPDX-License-Identifier: MIT
/*
 * alloc.h inside the shim: a bump arena on private anonymous pages.  The
 * shim runs before main(), in someone else's process, where the host's
 * malloc may not be ready or may be the host's own; everything the shim
 * allocates lives only until it has applied the policy, and then
 * llshim_arena_release() and the front give every page back at once.
 * llshim_free() gives back only the latest allocation, and
 * llshim_realloc() grows that one in place: scratch buffers are reused
 * instead of touching new pages.
 *
 * The first chunk is the library's own zero-initialised data (.bss): the
 * loader maps it in every process anyway, untouched pages cost nothing,
 * and a start needs no mmap(2) for it.  Larger policies add mapped chunks.
 */
#include <stdbool.h>
#include <stdint.h>

#include "alloc.h"
#include "arena.h"
#include "str.h"
#include "sys.h"

#define CHUNK_BYTES (256 * 1024)
#define FIRST_BYTES (256 * 1024)
#define ALIGNMENT   16

struct chunk {
	struct chunk *next;
	size_t size; /* of the whole mapping */
	size_t end;  /* usable from the start: the rest is llshim_alloc_far's */
	size_t used; /* bytes from the chunk's start */
	size_t clean;	     /* bytes from here on were never given out */
	struct header *last; /* the latest allocation, or NULL */
};

/* Every allocation is preceded by its size, for realloc. */
struct header {
	size_t size;
	size_t pad; /* keeps the payload 16-byte aligned */
};

/*
 * Not page-aligned: it follows the .bss's small variables (this file's
 * list of chunks, libc.c's one pointer) on their page, so a start with a
 * policy file faults in one page fewer.  The .bss itself has pages of its
 * own, right after the cold code's (layout.ld.in), and the front gives them
 * all back with the cold code's (front.c).
 */
static union {
	struct chunk chunk;
	unsigned char bytes[FIRST_BYTES];
} first __attribute__((aligned(64)));

static struct chunk *chunks;

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

static struct chunk *new_chunk(size_t need)
{
	size_t size = round_up(need + sizeof(struct chunk), CHUNK_BYTES);
	struct chunk *c;

	if (!chunks && need + sizeof(struct chunk) <= FIRST_BYTES) {
		c = &first.chunk;
		size = FIRST_BYTES;
	} else {
		c = llshim_sys_mmap(size);
	}
	if (!c)
		return NULL;
	c->next = chunks;
	c->size = size;
	c->end = size;
	c->used = round_up(sizeof(struct chunk), ALIGNMENT);
	c->clean = c->used;
	c->last = NULL;
	chunks = c;
	return c;
}

/*
 * Bytes [@from, @to) of @c are handed out: zero those given out before
 * (all offsets are multiples of ALIGNMENT, so a word at a time), unless
 * the caller will write over them anyway.
 */
static void take_bytes(struct chunk *c, size_t from, size_t to, bool zero)
{
	uint64_t *word = (uint64_t *)((char *)c + from);
	size_t dirty = (to < c->clean ? to : c->clean);

	for (; zero && from < dirty; from += sizeof(*word))
		*word++ = 0;
	c->used = to;
	if (to > c->clean)
		c->clean = to;
}

/* A chunk with @need bytes free for an allocation of @size, or NULL. */
static struct chunk *room_for(size_t size, size_t need)
{
	struct chunk *c = chunks;

	if (size > SIZE_MAX / 2)
		return NULL;
	if (!c || c->end - c->used < need)
		c = new_chunk(need);
	return c;
}

static void *take(size_t size, bool zero)
{
	size_t need = round_up(sizeof(struct header) + size, ALIGNMENT);
	struct chunk *c = room_for(size, need);
	struct header *h;

	if (!c)
		return NULL;
	h = (struct header *)((char *)c + c->used);
	take_bytes(c, c->used, c->used + need, zero);
	c->last = h;
	h->size = size;
	return h + 1;
}

void *llshim_alloc(size_t size)
{
	return take(size, true);
}

void *llshim_alloc_bytes(size_t size)
{
	return take(size, false);
}

void *llshim_alloc_far(size_t size)
{
	size_t need = round_up(size, ALIGNMENT);
	struct chunk *c = room_for(size, need);
	size_t at;

	if (!c)
		return NULL;
	c->end -= need;
	/* Given out before by take(): zero again, as llshim_alloc would. */
	for (at = c->end; at < c->clean && at < c->end + need; at += 8)
		*(uint64_t *)((char *)c + at) = 0;
	return (char *)c + c->end;
}

/* The chunk whose latest allocation @p is, or NULL. */
static struct chunk *latest(void *p)
{
	return chunks && chunks->last == (struct header *)p - 1 ? chunks : NULL;
}

void *llshim_realloc(void *old, size_t size)
{
	size_t old_size, start, need;
	struct chunk *c;
	void *p;

	if (!old)
		return llshim_alloc(size);
	c = latest(old);
	old_size = ((struct header *)old - 1)->size;
	if (size <= old_size)
		return old;
	if (c && size <= SIZE_MAX / 2) {
		start = (size_t)((char *)c->last - (char *)c);
		need = round_up(sizeof(struct header) + size, ALIGNMENT);
		if (need <= c->end - start) {
			take_bytes(c, c->used, start + need, true);
			c->last->size = size;
			return old;
		}
	}
	p = llshim_alloc(size);
	if (p)
		llshim_memcpy(p, old, old_size);
	return p;
}

void llshim_free(void *p)
{
	struct chunk *c = p ? latest(p) : NULL;

	if (c) {
		c->used = (size_t)((char *)c->last - (char *)c);
		c->last = NULL;
	}
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

void llshim_arena_begin(void)
{
	chunks = NULL;
}

void llshim_arena_release(void)
{
	struct chunk *c, *next;

	for (c = chunks; c; c = next) {
		next = c->next;
		if (c != &first.chunk)
			llshim_sys_munmap(c, c->size);
	}
	chunks = NULL;
}
