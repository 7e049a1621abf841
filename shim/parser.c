// SPDX-License-Identifier: MIT
/* Loading and unloading the private parser object (see parser.h). */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "parser.h"

#define PARSER_NAME "libllshim-parser.so"

/* The parser lives in the directory this library was loaded from. */
static int parser_path(char *path, size_t size, struct llshim_msg *msg)
{
	Dl_info self;
	const char *slash;
	size_t dir_len;

	if (!dladdr((void *)parser_path, &self) || !self.dli_fname) {
		llshim_msg_set(msg, "cannot locate libllshim.so itself", NULL);
		return -ENOENT;
	}
	slash = strrchr(self.dli_fname, '/');
	dir_len = slash ? (size_t)(slash - self.dli_fname) + 1 : 0;
	if (dir_len + sizeof(PARSER_NAME) > size) {
		llshim_msg_set(msg, "path of libllshim.so too long", NULL);
		return -ENAMETOOLONG;
	}
	memcpy(path, self.dli_fname, dir_len);
	memcpy(path + dir_len, PARSER_NAME, sizeof(PARSER_NAME));
	return 0;
}

int llshim_parser_open(struct llshim_parser *parser, struct llshim_msg *msg)
{
	char path[PATH_MAX];
	const char *why;
	int err;

	err = parser_path(path, sizeof(path), msg);
	if (err)
		return err;
	parser->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
	if (!parser->handle) {
		why = dlerror();
		llshim_msg_set(msg, "cannot load the policy parser: ",
			       why ? why : path, NULL);
		return -ENOENT;
	}
	*(void **)&parser->parse = dlsym(parser->handle, "llshim_parser_parse");
	*(void **)&parser->free = dlsym(parser->handle, "llshim_parser_free");
	if (!parser->parse || !parser->free) {
		llshim_msg_set(msg, "the policy parser ", path,
			       " lacks its entry points", NULL);
		llshim_parser_close(parser);
		return -ENOENT;
	}
	return 0;
}

void llshim_parser_close(struct llshim_parser *parser)
{
	if (parser->handle)
		dlclose(parser->handle);
	parser->handle = NULL;
	parser->parse = NULL;
	parser->free = NULL;
}
