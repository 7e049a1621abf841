// SPDX-License-Identifier: MIT
/*
 * libthreadlib.so, a DT_NEEDED library of tests/progs/threadhost.c.  Its
 * constructor starts a worker thread that stays alive, blocked on a
 * condition variable.  Constructors of DT_NEEDED libraries run before the
 * preloaded shim's, so the shim finds a process that already has two
 * threads: without LANDLOCK_RESTRICT_SELF_TSYNC (ABI 8) it cannot restrict
 * the worker and must refuse.
 *
 * THREADLIB_NOTHREAD=1 skips the thread: the same host, single-threaded.
 * The worker opens files on request, so a test can see whether the domain
 * covers it too.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

bool threadlib_started(void);
int threadlib_try_open(const char *path);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t request_ready = PTHREAD_COND_INITIALIZER;
static pthread_cond_t answer_ready = PTHREAD_COND_INITIALIZER;
static const char *request;
static bool answered;
static int answer;
static bool started;

static int open_and_close(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* Serves open requests forever; between them it sleeps in the kernel. */
static void *worker(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&lock);
	for (;;) {
		while (!request)
			pthread_cond_wait(&request_ready, &lock);
		answer = open_and_close(request);
		request = NULL;
		answered = true;
		pthread_cond_signal(&answer_ready);
	}
	return NULL;
}

__attribute__((constructor)) static void start_worker(void)
{
	pthread_t thread;

	if (getenv("THREADLIB_NOTHREAD"))
		return;
	if (pthread_create(&thread, NULL, worker, NULL) == 0) {
		pthread_detach(thread);
		started = true;
	}
}

bool threadlib_started(void)
{
	return started;
}

/* Returns 0 or the errno of the worker thread's open(path), -1 without one. */
int threadlib_try_open(const char *path)
{
	int result;

	if (!started)
		return -1;
	pthread_mutex_lock(&lock);
	request = path;
	answered = false;
	pthread_cond_signal(&request_ready);
	while (!answered)
		pthread_cond_wait(&answer_ready, &lock);
	result = answer;
	pthread_mutex_unlock(&lock);
	return result;
}
