// SPDX-License-Identifier: MIT
/* The files every layer keeps readable (see readable.h). */
#include "policy.h"
#include "readable.h"
#include "parser.h" /* LLSHIM_PARSER_NAME */
#include "str.h"

void llshim_readable_clear(struct llshim_readable *r)
{
	r->count = 0;
	r->copy_count = 0;
	r->pool_used = 0;
	r->files[0] = NULL;
}

/* @a (@a_len bytes) then @b, as one string in the pool, or NULL. */
static const char *keep(struct llshim_readable *r, const char *a, size_t a_len,
			const char *b)
{
	size_t b_len = llshim_strlen(b);
	char *out = r->pool + r->pool_used;

	if (a_len + b_len >= PATH_MAX ||
	    r->pool_used + a_len + b_len + 1 > sizeof(r->pool))
		return NULL;
	llshim_memcpy(out, a, a_len);
	llshim_memcpy(out + a_len, b, b_len + 1);
	r->pool_used += a_len + b_len + 1;
	return out;
}

void llshim_readable_add(struct llshim_readable *r, const char *path)
{
	if (!path || r->count == LLSHIM_MAX_READABLE)
		return;
	r->files[r->count++] = path;
	r->files[r->count] = NULL;
}

void llshim_readable_add_copy(struct llshim_readable *r, const char *lib,
			      size_t len)
{
	const char *copy, *parser, *slash;
	size_t i;

	if (r->copy_count == LLSHIM_MAX_COPIES)
		return;
	for (i = 0; i < r->copy_count; i++)
		if (llshim_strlen(r->copies[i]) == len &&
		    llshim_memeq(r->copies[i], lib, len))
			return;
	copy = keep(r, lib, len, "");
	if (!copy)
		return;
	slash = llshim_strrchr(copy, '/');
	parser = keep(r, copy, slash ? (size_t)(slash - copy) + 1 : 0,
		      LLSHIM_PARSER_NAME);
	r->copies[r->copy_count++] = copy;
	llshim_readable_add(r, copy);
	if (parser)
		llshim_readable_add(r, parser);
}

void llshim_readable_add_policy_dirs(struct llshim_readable *r,
				     char *const *env, bool secure)
{
	char *user_dir = r->pool + r->pool_used;
	size_t room = sizeof(r->pool) - r->pool_used;

	llshim_readable_add(r, LLSHIM_SYSCONFDIR "/llshim");
	llshim_readable_add(r, LLSHIM_DATADIR "/llshim");
	if (secure || llshim_user_config_path_in(env, user_dir, room, ""))
		return;
	r->pool_used += llshim_strlen(user_dir) + 1;
	llshim_readable_add(r, user_dir);
}
