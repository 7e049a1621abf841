// SPDX-License-Identifier: MIT
/* Finding this library's own files through the loader (dladdr). */
#include <dlfcn.h>
#include <errno.h>
#include <string.h>

#include "self.h"

const char *llshim_self_path(void)
{
	Dl_info self;

	if (!dladdr((void *)llshim_self_path, &self))
		return NULL;
	return self.dli_fname;
}

int llshim_sibling_path(const char *name, char *buf, size_t size)
{
	const char *self = llshim_self_path();
	const char *slash;
	size_t dir_len, name_len = strlen(name);

	if (!self)
		return -ENOENT;
	slash = strrchr(self, '/');
	dir_len = slash ? (size_t)(slash - self) + 1 : 0;
	if (dir_len + name_len >= size)
		return -ENAMETOOLONG;
	memcpy(buf, self, dir_len);
	memcpy(buf + dir_len, name, name_len + 1);
	return 0;
}
