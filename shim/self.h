/* SPDX-License-Identifier: MIT */
/* Where libllshim.so was loaded from, and the files installed beside it. */
#ifndef LLSHIM_SELF_H
#define LLSHIM_SELF_H

#include <stddef.h>

#define LLSHIM_PARSER_NAME "libllshim-parser.so"

/* The path this library was loaded from (as given to the loader). */
const char *llshim_self_path(void);

/* @name in the same directory; 0, -ENOENT or -ENAMETOOLONG. */
int llshim_sibling_path(const char *name, char *buf, size_t size);

#endif
