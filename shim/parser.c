// SPDX-License-Identifier: MIT
/* Loading and unloading the private parser object (see parser.h). */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "parser.h"
#include "self.h"

int llshim_parser_open(struct llshim_parser *parser, struct llshim_msg *msg)
{
	char path[PATH_MAX];
	const char *why;
	int err;

	err = llshim_sibling_path(LLSHIM_PARSER_NAME, path, sizeof(path));
	if (err) {
		llshim_msg_set(msg, "cannot locate the policy parser");
		llshim_msg_add_errno(msg, -err);
		return err;
	}
	parser->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
	if (!parser->handle) {
		why = dlerror();
		llshim_msg_set(
		    msg, "cannot load the policy parser: ", why ? why : path);
		return -ENOENT;
	}
	*(void **)&parser->parse = dlsym(parser->handle, "llshim_parser_parse");
	*(void **)&parser->free = dlsym(parser->handle, "llshim_parser_free");
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
		dlclose(parser->handle);
	parser->handle = NULL;
	parser->parse = NULL;
	parser->free = NULL;
}
