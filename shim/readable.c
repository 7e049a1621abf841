// SPDX-License-Identifier: MIT
/* The files every layer keeps readable (see readable.h). */
#include <string.h>

#include "policy.h"
#include "readable.h"
#include "front.h"
#include "self.h"

void llshim_readable_clear(struct llshim_readable *r)
{
	r->count = 0;
	r->copy_count = 0;
	r->files[0] = NULL;
}

void llshim_readable_add(struct llshim_readable *r, const char *path)
{
	if (r->count == LLSHIM_MAX_READABLE)
		return;
	r->files[r->count++] = path;
	r->files[r->count] = NULL;
}

void llshim_readable_add_copy(struct llshim_readable *r, const char *lib,
			      size_t len)
{
	static const char *const siblings[] = { LLSHIM_CORE_NAME,
						LLSHIM_PARSER_NAME };
	char(*copy)[PATH_MAX];
	const char *slash;
	size_t i, k, dir_len;

	if (len >= PATH_MAX || r->copy_count == LLSHIM_MAX_COPIES)
		return;
	for (i = 0; i < r->copy_count; i++)
		if (strlen(r->copies[i][0]) == len &&
		    memcmp(r->copies[i][0], lib, len) == 0)
			return;
	copy = r->copies[r->copy_count];
	slash = memrchr(lib, '/', len);
	dir_len = slash ? (size_t)(slash - lib) + 1 : 0;
	if (dir_len + sizeof(LLSHIM_PARSER_NAME) > PATH_MAX)
		return;
	memcpy(copy[0], lib, len);
	copy[0][len] = '\0';
	for (k = 0; k < 2; k++) {
		memcpy(copy[k + 1], lib, dir_len);
		memcpy(copy[k + 1] + dir_len, siblings[k],
		       strlen(siblings[k]) + 1);
	}
	r->copy_count++;
	for (k = 0; k < 3; k++)
		llshim_readable_add(r, copy[k]);
}

void llshim_readable_add_policy_dirs(struct llshim_readable *r, bool secure)
{
	llshim_readable_add(r, LLSHIM_SYSCONFDIR "/llshim");
	llshim_readable_add(r, LLSHIM_DATADIR "/llshim");
	if (!secure &&
	    llshim_user_config_path(r->user_dir, sizeof(r->user_dir), "") == 0)
		llshim_readable_add(r, r->user_dir);
}
