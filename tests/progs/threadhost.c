// SPDX-License-Identifier: MIT
/*
 * A host linked against libthreadlib.so (see hosts.mk), whose constructor
 * starts a second thread before the preloaded shim's constructor runs.
 *
 * Usage: threadhost [FILE...]
 * Prints "threads=N" (entries of /proc/self/task at main()), then for each
 * FILE "main FILE: ok|ERRNAME" and, when the worker exists,
 * "thread FILE: ok|ERRNAME": the result of open() in each thread.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

bool threadlib_started(void);
int threadlib_try_open(const char *path);

static const char *result_name(int err)
{
	return err ? strerrorname_np(err) : "ok";
}

static void print_threads(void)
{
	DIR *dir = opendir("/proc/self/task");
	struct dirent *entry;
	int threads = 0;

	if (!dir) {
		printf("threads=error:%s\n", strerrorname_np(errno));
		return;
	}
	while ((entry = readdir(dir)))
		threads += entry->d_name[0] != '.';
	closedir(dir);
	printf("threads=%d\n", threads);
}

static int open_here(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	print_threads();
	for (int i = 1; i < argc; i++) {
		printf("main %s: %s\n", argv[i],
		       result_name(open_here(argv[i])));
		if (threadlib_started())
			printf("thread %s: %s\n", argv[i],
			       result_name(threadlib_try_open(argv[i])));
	}
	return 0;
}
