// SPDX-License-Identifier: MIT
/*
 * The one output path of the preloaded library.  No stdio: the host may not
 * have set up its streams, may have redirected them, or may depend on their
 * buffers; one write(2) to fd 2 keeps the line whole.
 */
#include <limits.h>

#include "log.h"
#include "sys.h"

/* The program, as the canonical path of its executable. */
static void add_program(struct llshim_msg *line)
{
	char exe[PATH_MAX];
	long n = llshim_sys_readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0) {
		llshim_msg_add(line, "(unknown program)");
		return;
	}
	exe[n] = '\0';
	llshim_msg_add(line, exe);
}

void llshim_log(const char *message)
{
	struct llshim_msg line;

	llshim_msg_set(&line, "llshim: ");
	add_program(&line);
	llshim_msg_add(&line, ": ", message);
	if (line.len == sizeof(line.text) - 1)
		line.text[line.len - 1] = '\n';
	else
		llshim_msg_add(&line, "\n");
	llshim_sys_write_all(2, line.text, line.len);
}

void llshim_refuse(const char *message)
{
	llshim_log(message);
	llshim_sys_exit_group(126);
}
