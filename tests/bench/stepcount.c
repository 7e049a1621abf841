// SPDX-License-Identifier: MIT
/*
 * stepcount PROGRAM [ARG...]: the number of user-space instructions
 * PROGRAM executes from its execve() to its exit, counted by single-stepping
 * it with ptrace.  Exact and repeatable where the VM exposes no performance
 * counters and where valgrind does not know the Landlock syscalls.
 *
 * Link it statically: the loader then ignores an LD_PRELOAD in this
 * program's environment, which so reaches only the traced program.  Address
 * space randomisation is turned off for the child so that two runs take the
 * same paths.  The child's stdout goes to /dev/null, its stderr is ours.
 * Prints "instructions N"; exits 1 when the program does not exit with 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static void start_child(char **argv)
{
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (null < 0 || dup2(null, STDOUT_FILENO) < 0)
		_exit(127);
	if (personality(PER_LINUX | ADDR_NO_RANDOMIZE) < 0)
		_exit(127);
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		_exit(127);
	execv(argv[0], argv);
	fprintf(stderr, "stepcount: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int wait_child(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0) {
		if (errno != EINTR) {
			perror("stepcount: waitpid");
			return -1;
		}
	}
	return 0;
}

/* Steps until the child exits; signals other than the step trap pass on. */
static int count_steps(pid_t pid, unsigned long long *steps)
{
	int status, signal_to_pass = 0;

	*steps = 0;
	for (;;) {
		if (ptrace(PTRACE_SINGLESTEP, pid, NULL,
			   (void *)(long)signal_to_pass)) {
			perror("stepcount: PTRACE_SINGLESTEP");
			return -1;
		}
		if (wait_child(pid, &status))
			return -1;
		if (!WIFSTOPPED(status))
			return status;
		if (WSTOPSIG(status) == SIGTRAP) {
			(*steps)++;
			signal_to_pass = 0;
		} else {
			signal_to_pass = WSTOPSIG(status);
		}
	}
}

int main(int argc, char **argv)
{
	unsigned long long steps;
	int status;
	pid_t pid;

	if (argc < 2 || argv[1][0] != '/') {
		fprintf(stderr,
			"usage: stepcount /ABSOLUTE/PROGRAM [ARG...]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("stepcount: fork");
		return 1;
	}
	if (pid == 0)
		start_child(argv + 1);
	/* The first stop is the SIGTRAP that follows a traced execve(). */
	if (wait_child(pid, &status))
		return 1;
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP) {
		fprintf(stderr, "stepcount: %s did not start\n", argv[1]);
		return 1;
	}
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_EXITKILL)) {
		perror("stepcount: PTRACE_SETOPTIONS");
		return 1;
	}
	status = count_steps(pid, &steps);
	if (status < 0)
		return 1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "stepcount: %s ended with %s %d\n", argv[1],
			WIFEXITED(status) ? "exit status" : "signal",
			WIFEXITED(status) ? WEXITSTATUS(status)
					  : WTERMSIG(status));
		return 1;
	}
	printf("instructions %llu\n", steps);
	return 0;
}
