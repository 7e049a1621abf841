// SPDX-License-Identifier: MIT
/*
 * rawenv ENTRY... -- CMD [ARGS...]: run CMD with exactly the given
 * environment entries, verbatim: entries without '=', empty ones, very long
 * ones, which env(1) cannot make.  For testing what the shim's front reads.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		;
	if (i >= argc - 1) {
		fprintf(stderr, "usage: rawenv ENTRY... -- CMD [ARGS...]\n");
		return 64;
	}
	argv[i] = NULL;
	execve(argv[i + 1], argv + i + 1, argv + 1);
	perror("rawenv: execve");
	return 127;
}
