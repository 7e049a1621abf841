// SPDX-License-Identifier: MIT
/* Loading and unloading the private parser object (see parser.h). */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>

#include "parser.h"
#include "str.h"

/* LLSHIM_PARSER_NAME in the directory of the object holding @self. */
static int parser_path(const struct llshim_libc *libc, const void *self,
		       char *buf, size_t size)
{
	const char *slash;
	size_t dir_len;
	Dl_info info;

	if (!libc->dladdr(self, &info) || !info.dli_fname)
		return -ENOENT;
	slash = llshim_strrchr(info.dli_fname, '/');
	dir_len = slash ? (size_t)(slash - info.dli_fname) + 1 : 0;
	if (dir_len + sizeof(LLSHIM_PARSER_NAME) > size)
		return -ENAMETOOLONG;
	llshim_memcpy(buf, info.dli_fname, dir_len);
	llshim_memcpy(buf + dir_len, LLSHIM_PARSER_NAME,
		      sizeof(LLSHIM_PARSER_NAME));
	return 0;
}

int llshim_parser_open(struct llshim_parser *parser, struct llshim_libc *libc,
		       const void *self, struct llshim_msg *msg)
{
	char path[PATH_MAX];
	const char *why;
	int err;

	parser->libc = libc;
	if (!llshim_libc_find_loader(libc)) {
		llshim_msg_set(msg, "cannot load the policy parser: dlopen "
				    "not found among the loaded objects");
		return -ENOENT;
	}
	err = parser_path(libc, self, path, sizeof(path));
	if (err) {
		llshim_msg_set(msg, "cannot locate the policy parser");
		llshim_msg_add_errno(msg, -err);
		return err;
	}
	parser->handle =
	    libc->dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
	if (!parser->handle) {
		why = libc->dlerror();
		llshim_msg_set(
		    msg, "cannot load the policy parser: ", why ? why : path);
		return -ENOENT;
	}
	*(void **)&parser->parse =
	    libc->dlsym(parser->handle, "llshim_parser_parse");
	*(void **)&parser->free =
	    libc->dlsym(parser->handle, "llshim_parser_free");
	if (!parser->parse || !parser->free) {
		llshim_msg_set(msg, "the policy parser ", path,
			       " lacks its entry points");
		llshim_parser_close(parser);
		return -ENOENT;
	}
	return 0;
}

void llshim_parser_close(struct llshim_parser *parser)
{
	if (parser->handle)
		parser->libc->dlclose(parser->handle);
	parser->handle = NULL;
	parser->parse = NULL;
	parser->free = NULL;
}
