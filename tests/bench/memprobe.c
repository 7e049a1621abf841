// SPDX-License-Identifier: MIT
/*
 * memprobe: the tiny program of the start-up benchmark, but reporting what
 * the start left behind at main(): resident memory (/proc/self/status),
 * the mappings (/proc/self/maps) and whether a Landlock domain denies it
 * /var, a directory no sandbox variant of the benchmark grants.
 *
 * Both files are read whole before anything is printed, so that stdio's
 * buffer is not part of the figures.  Output, one item a line:
 *   rss_kb N, anon_kb N, file_kb N, maps N, landlocked 0|1,
 *   then "map PATH" for every mapping backed by a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char status_text[16384];
static char maps_text[262144];

/* 0 on success, else an errno value; the text is NUL-terminated. */
static int read_whole(const char *path, char *buf, size_t size)
{
	size_t used = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	while (used < size - 1) {
		n = read(fd, buf + used, size - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	buf[used] = '\0';
	return used == size - 1 ? EFBIG : 0;
}

static long status_kb(const char *key)
{
	const char *line = strstr(status_text, key);

	return line ? strtol(line + strlen(key), NULL, 10) : -1;
}

/* The pathname is the sixth field of a maps line, when there is one. */
static const char *map_path(const char *line)
{
	const char *p = line;
	int field;

	for (field = 1; field < 6; field++) {
		p = strchr(p, ' ');
		if (!p)
			return NULL;
		while (*p == ' ')
			p++;
	}
	return *p == '/' ? p : NULL;
}

static int print_maps(void)
{
	char *line, *next;
	const char *path;
	int count = 0;

	for (line = maps_text; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		count++;
		path = map_path(line);
		if (path)
			printf("map %s\n", path);
	}
	return count;
}

static int landlocked(void)
{
	int fd = open("/var", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno == EACCES;
}

int main(void)
{
	int err, maps, denied;

	err = read_whole("/proc/self/status", status_text, sizeof(status_text));
	if (err) {
		fprintf(stderr, "memprobe: /proc/self/status: %s\n",
			strerror(err));
		return 1;
	}
	err = read_whole("/proc/self/maps", maps_text, sizeof(maps_text));
	if (err) {
		fprintf(stderr, "memprobe: /proc/self/maps: %s\n",
			strerror(err));
		return 1;
	}
	denied = landlocked();
	printf("rss_kb %ld\nanon_kb %ld\nfile_kb %ld\n", status_kb("VmRSS:"),
	       status_kb("RssAnon:"), status_kb("RssFile:"));
	maps = print_maps();
	printf("maps %d\nlandlocked %d\n", maps, denied);
	return fflush(stdout) ? 1 : 0;
}
