// SPDX-License-Identifier: MIT
/*
 * phases [-r RUNS] [-w WARMUP] [-c COOLER] [NAME=VALUE...] PROGRAM [ARG...]
 *
 * Starts PROGRAM RUNS times (after WARMUP starts not counted) with the
 * instrumented shim of `make bench-phases` preloaded by the caller's
 * LD_PRELOAD among the NAME=VALUE words, reads the line of cycle counts the
 * shim writes to descriptor 3 (shim/phase.h) and prints, per phase in their
 * order, the median time since the previous phase that ran, in
 * microseconds, as "phase<TAB>us" lines ("-" for a phase that did not run
 * in every start), then "total<TAB>us".  The cycle
 * counter is calibrated against CLOCK_MONOTONIC over the whole run.
 * With -c, the program COOLER (an absolute path, no arguments) runs before
 * each start, untimed: one that sweeps memory leaves the caches cold.
 * Exits 1 when a start fails, writes to stderr or reports no marks.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The shim's own cycle counter, llshim_phase_cycles(). */
#define LLSHIM_PHASES
#include "../../shim/phase.h"

/* The names of enum llshim_phase, in its order. */
static const char *const phase_names[] = {
	"enter",    "dirs",  "lookup", "start",	  "libc",    "sources", "probe",
	"readable", "build", "store",  "enforce", "release", "scrub",	"pages",
};
_Static_assert(sizeof(phase_names) / sizeof(phase_names[0]) ==
		   LLSHIM_PHASE_COUNT,
	       "one name per phase");

extern char **environ;

static void die(const char *what)
{
	fprintf(stderr, "phases: %s\n", what);
	exit(1);
}

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* This environment plus the leading NAME=VALUE words. */
static char **variant_env(char **words, int count)
{
	size_t n = 0, i;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + (size_t)count + 1, sizeof(*env));
	if (!env)
		die("out of memory");
	for (i = 0; i < n; i++)
		env[i] = environ[i];
	for (i = 0; i < (size_t)count; i++)
		env[n + i] = words[i];
	return env;
}

/* COOLER, run to its end: a failure is the harness's. */
static void run_cooler(char *cooler)
{
	char *argv[] = { cooler, NULL };
	int status;
	pid_t pid;

	if (posix_spawn(&pid, cooler, NULL, NULL, argv, environ))
		die("cannot start the cooler");
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid failed");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("the cooler failed");
}

/* One start; its marks into @marks.  Its stderr must stay empty. */
static void run_once(char **argv, char **env, uint64_t *marks)
{
	posix_spawn_file_actions_t fa;
	int marks_pipe[2], err_pipe[2], status;
	char line[1024], errbuf[256];
	ssize_t len;
	pid_t pid;
	char *p, *end;
	int i;

	if (pipe(marks_pipe) || pipe(err_pipe))
		die("pipe failed");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, marks_pipe[1], 3);
	posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, env))
		die("cannot start the program");
	posix_spawn_file_actions_destroy(&fa);
	close(marks_pipe[1]);
	close(err_pipe[1]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid failed");
	len = read(err_pipe[0], errbuf, sizeof(errbuf) - 1);
	if (len > 0) {
		errbuf[len] = '\0';
		fprintf(stderr, "phases: the program wrote: %s", errbuf);
		exit(1);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("the program did not exit with 0");
	len = read(marks_pipe[0], line, sizeof(line) - 1);
	close(marks_pipe[0]);
	close(err_pipe[0]);
	if (len <= 0 || strncmp(line, "llshim-phases ", 14))
		die("no marks on descriptor 3: is the shim of make "
		    "bench-phases preloaded?");
	line[len] = '\0';
	p = line + 14;
	for (i = 0; i < LLSHIM_PHASE_COUNT; i++) {
		errno = 0;
		marks[i] = strtoull(p, &end, 10);
		if (errno || end == p)
			die("a line of marks that does not parse");
		p = end;
	}
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), compare_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	int runs = 400, warmup = 10, opt, vars, r, i, prev;
	uint64_t(*marks)[LLSHIM_PHASE_COUNT], c0, spent;
	char *cooler = NULL;
	double t0, per_us, *v;
	char **env;

	while ((opt = getopt(argc, argv, "+r:w:c:")) != -1) {
		if (opt == 'r')
			runs = atoi(optarg);
		else if (opt == 'w')
			warmup = atoi(optarg);
		else if (opt == 'c' && optarg[0] == '/')
			cooler = optarg;
		else
			return 2;
	}
	if (runs < 1 || warmup < 0 || optind >= argc)
		die("usage: phases [-r RUNS] [-w WARMUP] [-c COOLER] "
		    "[NAME=VALUE...] PROGRAM [ARG...]");
	for (vars = 0;
	     optind + vars < argc && strchr(argv[optind + vars], '=');)
		vars++;
	if (optind + vars >= argc || argv[optind + vars][0] != '/')
		die("the program must be an absolute path");
	env = variant_env(argv + optind, vars);
	marks = calloc((size_t)runs, sizeof(*marks));
	v = calloc((size_t)runs, sizeof(*v));
	if (!marks || !v)
		die("out of memory");
	for (r = 0; r < warmup; r++)
		run_once(argv + optind + vars, env, marks[0]);
	t0 = now_us();
	c0 = llshim_phase_cycles();
	for (r = 0; r < runs; r++) {
		if (cooler)
			run_cooler(cooler);
		run_once(argv + optind + vars, env, marks[r]);
	}
	spent = llshim_phase_cycles() - c0;
	per_us = (double)spent / (now_us() - t0);
	/* A phase counts when every start reached it. */
	for (prev = 0, i = 1; i < LLSHIM_PHASE_COUNT; i++) {
		for (r = 0; r < runs && marks[r][i] && marks[r][prev]; r++)
			v[r] = (double)(marks[r][i] - marks[r][prev]) / per_us;
		if (r < runs) {
			printf("%s\t-\n", phase_names[i]);
			continue;
		}
		printf("%s\t%.2f\n", phase_names[i], median(v, runs));
		prev = i;
	}
	for (r = 0; r < runs; r++)
		v[r] = (double)(marks[r][prev] - marks[r][0]) / per_us;
	printf("total\t%.2f\n", median(v, runs));
	return 0;
}
