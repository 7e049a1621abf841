// SPDX-License-Identifier: MIT
/*
 * The one output path of the preloaded library.  No stdio: the host may not
 * have set up its streams, may have redirected them, or may depend on their
 * buffers; one write(2) to fd 2 keeps the line whole.
 */
#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include "log.h"

/* The program, as the canonical path of its executable. */
static void add_program(struct llshim_msg *line)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0) {
		llshim_msg_add(line, program_invocation_name);
		return;
	}
	exe[n] = '\0';
	llshim_msg_add(line, exe);
}

void llshim_log(const char *message)
{
	struct llshim_msg line;
	int saved_errno = errno;
	size_t done = 0;
	ssize_t n;

	llshim_msg_set(&line, "llshim: ");
	add_program(&line);
	llshim_msg_add(&line, ": ", message);
	if (line.len == sizeof(line.text) - 1)
		line.text[line.len - 1] = '\n';
	else
		llshim_msg_add(&line, "\n");
	while (done < line.len) {
		n = write(STDERR_FILENO, line.text + done, line.len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	errno = saved_errno;
}

void llshim_refuse(const char *message)
{
	llshim_log(message);
	_exit(126);
}
