/* SPDX-License-Identifier: MIT */
/*
 * The few string operations the shim's front needs, written out so that
 * it imports nothing from libc (see sys.h).  Built with -fno-builtin, the
 * compiler does not turn them back into libc calls.
 */
#ifndef LLSHIM_STR_H
#define LLSHIM_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline size_t llshim_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Forward, a word at a time: also right for a copy to a lower address. */
static inline void llshim_memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	unsigned long word;

	for (; n >= sizeof(word); n -= sizeof(word)) {
		/* Explicit builtins stay inline moves under -fno-builtin. */
		__builtin_memcpy(&word, s, sizeof(word));
		__builtin_memcpy(d, &word, sizeof(word));
		d += sizeof(word);
		s += sizeof(word);
	}
	while (n--)
		*d++ = *s++;
}

/* Whether one of the @n bytes at @p is NUL; reads only those bytes, a
 * word at a time (a word has a zero byte when subtracting 1 from each
 * byte borrows into a high bit that was clear). */
static inline bool llshim_has_nul(const void *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const unsigned char *s = p;
	uint64_t word;

	for (; n >= sizeof(word); n -= sizeof(word), s += sizeof(word)) {
		__builtin_memcpy(&word, s, sizeof(word));
		if ((word - ones) & ~word & (ones << 7))
			return true;
	}
	while (n--)
		if (!*s++)
			return true;
	return false;
}

static inline bool llshim_memeq(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	while (n--)
		if (*x++ != *y++)
			return false;
	return true;
}

static inline bool llshim_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* The last @c in @s, or NULL. */
static inline const char *llshim_strrchr(const char *s, char c)
{
	const char *last = NULL;

	for (; *s; s++)
		if (*s == c)
			last = s;
	return last;
}

/* Length of the leading run of @s made of characters not in @reject. */
static inline size_t llshim_strcspn(const char *s, const char *reject)
{
	size_t n, r;

	for (n = 0; s[n]; n++)
		for (r = 0; reject[r]; r++)
			if (s[n] == reject[r])
				return n;
	return n;
}

/* Length of the leading run of @s made of characters in @accept. */
static inline size_t llshim_strspn(const char *s, const char *accept)
{
	size_t n, a;

	for (n = 0; s[n]; n++) {
		for (a = 0; accept[a] && s[n] != accept[a]; a++)
			;
		if (!accept[a])
			return n;
	}
	return n;
}

/* Copies @src into @dst of @size bytes; false (and nothing) if too long. */
static inline bool llshim_strcpy(char *dst, size_t size, const char *src)
{
	size_t len = llshim_strlen(src);

	if (len >= size)
		return false;
	llshim_memcpy(dst, src, len + 1);
	return true;
}

#endif
