/* SPDX-License-Identifier: MIT */
/*
 * The private policy-file parser: libllshim-parser.so, beside libllshim.so,
 * loaded with RTLD_LOCAL | RTLD_DEEPBIND only when a file must be parsed,
 * so that libconfig never binds into the host's symbol namespace and is
 * unmapped again before main().
 */
#ifndef LLSHIM_SHIM_PARSER_H
#define LLSHIM_SHIM_PARSER_H

#include "msg.h"
#include "policy.h"

struct llshim_parser {
	void *handle;
	int (*parse)(const char *path, const struct llshim_parse_options *opt,
		     struct llshim_policy **out, struct llshim_msg *msg);
	/* Policies it returns are freed by it: it may use another malloc. */
	void (*free)(struct llshim_policy *policy);
};

int llshim_parser_open(struct llshim_parser *parser, struct llshim_msg *msg);
void llshim_parser_close(struct llshim_parser *parser);

#endif
