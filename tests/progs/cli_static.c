// SPDX-License-Identifier: MIT
/*
 * cli_static FILE: print FILE, from a statically linked program (built
 * with -static, see cli.mk): no dynamic loader, so LD_PRELOAD cannot
 * sandbox it and only `llshim run` can.
 *
 * Exits 0 when FILE was printed, 13 when opening it was denied (EACCES),
 * 2 on any other error, 64 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[4096];
	ssize_t n;
	int fd;

	if (argc != 2) {
		fputs("usage: cli_static FILE\n", stderr);
		return 64;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "cli_static: %s: %s\n", argv[1],
			strerror(errno));
		return errno == EACCES ? 13 : 2;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(STDOUT_FILENO, buf, (size_t)n) != n)
			return 2;
	close(fd);
	return n < 0 ? 2 : 0;
}
