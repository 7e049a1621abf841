/* SPDX-License-Identifier: MIT */
/*
 * The private policy-file parser: libllshim-parser.so, beside libllshim.so,
 * loaded with RTLD_LOCAL | RTLD_DEEPBIND only when a file must be parsed
 * (no compiled form of it is usable), so that libconfig never binds into
 * the host's symbol namespace and is unmapped again before main().
 */
#ifndef LLSHIM_SHIM_PARSER_H
#define LLSHIM_SHIM_PARSER_H

#include "libc.h"
#include "msg.h"
#include "policy.h"

#define LLSHIM_PARSER_NAME "libllshim-parser.so"

struct llshim_parser {
	struct llshim_libc *libc;
	void *handle;
	int (*parse)(const char *path, const struct llshim_parse_options *opt,
		     struct llshim_policy **out, struct llshim_msg *msg);
	/* Policies it returns are freed by it: it uses libc's malloc. */
	void (*free)(struct llshim_policy *policy);
};

/* Loads the parser beside the library holding @self; 0 or -errno, msg set. */
int llshim_parser_open(struct llshim_parser *parser, struct llshim_libc *libc,
		       const void *self, struct llshim_msg *msg);
void llshim_parser_close(struct llshim_parser *parser);

#endif
