// SPDX-License-Identifier: MIT
/*
 * Per-binary policy lookup: identities, candidate names, first match.
 * Freestanding (raw system calls, no libc): the shim's front runs it in
 * every process of a machine where llshim is installed (see sys.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>

#include <sys/stat.h>

#include "resolve.h"
#include "str.h"
#include "sys.h"

#define copy(dst, size, src) llshim_strcpy((dst), (size), (src))

/* "/proc/self/fd/N" */
static void fd_path(int fd, char buf[32])
{
	static const char prefix[] = "/proc/self/fd/";
	char digits[12];
	size_t n = 0, i = sizeof(prefix) - 1;

	do {
		digits[n++] = (char)('0' + fd % 10);
		fd /= 10;
	} while (fd && n < sizeof(digits));
	llshim_memcpy(buf, prefix, i);
	while (n)
		buf[i++] = digits[--n];
	buf[i] = '\0';
}

/* Like realpath(3): the file @path names, with every symlink resolved. */
static bool resolve_path(const char *path, char *out, size_t size)
{
	char proc[32];
	long n;
	int fd = llshim_sys_openat(AT_FDCWD, path, O_PATH | O_CLOEXEC);

	if (fd < 0)
		return false;
	fd_path(fd, proc);
	n = llshim_sys_readlink(proc, out, size - 1);
	llshim_sys_close(fd);
	if (n <= 0 || out[0] != '/')
		return false;
	out[n] = '\0';
	return true;
}

/*
 * @path made absolute against the working directory, lexically: "." and
 * empty components dropped, ".." taking one back.  This is the name the
 * program was started by, not a resolved one.
 */
static bool make_absolute(const char *path, char *out, size_t size,
			  char joined[2 * PATH_MAX])
{
	const char *p;
	size_t len = 0, n;

	if (path[0] == '/') {
		if (!copy(joined, 2 * PATH_MAX, path))
			return false;
	} else {
		if (llshim_sys_getcwd(joined, PATH_MAX) <= 0 ||
		    joined[0] != '/')
			return false;
		n = llshim_strlen(joined);
		joined[n++] = '/';
		if (!copy(joined + n, 2 * PATH_MAX - n, path))
			return false;
	}
	for (p = joined; *p;) {
		while (*p == '/')
			p++;
		n = llshim_strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.')) {
			p += n;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (len > 0 && out[--len] != '/')
				;
			p += n;
			continue;
		}
		if (len + 1 + n >= size)
			return false;
		out[len++] = '/';
		llshim_memcpy(out + len, p, n);
		len += n;
		p += n;
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	return true;
}

bool llshim_shebang_interpreter(const char *script, char *out, size_t size)
{
	char head[256];
	size_t n;
	long got;
	char *start;
	int fd = llshim_sys_openat(
	    AT_FDCWD, script, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0)
		return false;
	got = llshim_sys_read(fd, head, sizeof(head) - 1);
	llshim_sys_close(fd);
	if (got < 3 || head[0] != '#' || head[1] != '!')
		return false;
	head[got] = '\0';
	start = head + 2;
	start += llshim_strspn(start, " \t");
	n = llshim_strcspn(start, " \t\n");
	if (n == 0 || n >= size || start[0] != '/')
		return false;
	llshim_memcpy(out, start, n);
	out[n] = '\0';
	return true;
}

static void set_identity(struct llshim_identity *id, const char *canonical,
			 const char *started)
{
	copy(id->canonical, sizeof(id->canonical), canonical);
	id->started[0] = '\0';
	if (started && !llshim_streq(started, canonical))
		copy(id->started, sizeof(id->started), started);
}

static int identities_in(const char *exe, const char *execfn,
			 struct llshim_identity ids[LLSHIM_MAX_IDENTITIES],
			 struct llshim_resolve_room *room)
{
	/* The room is scratch space: each buffer is written before read. */
	// cppcheck-suppress ctuuninitvar
	char *started = room->started, *real = room->real;
	char *interpreter = room->interpreter;

	if (!execfn ||
	    !make_absolute(execfn, started, PATH_MAX, room->joined) ||
	    llshim_streq(started, exe)) {
		set_identity(&ids[0], exe, NULL);
		return 1;
	}
	/* Cheap case first: started by its own canonical path. */
	if (!resolve_path(started, real, PATH_MAX) || llshim_streq(real, exe)) {
		set_identity(&ids[0], exe, started);
		return 1;
	}
	/* A script: the interpreter, as its #! line names it, and the script.
	 */
	set_identity(&ids[0], exe,
		     llshim_shebang_interpreter(real, interpreter, PATH_MAX)
			 ? interpreter
			 : NULL);
	set_identity(&ids[1], real, started);
	return 2;
}

int llshim_identities(const char *exe, const char *execfn,
		      struct llshim_identity ids[LLSHIM_MAX_IDENTITIES])
{
	struct llshim_resolve_room room;

	return identities_in(exe, execfn, ids, &room);
}

/* Root's, and nobody else may change what is in it. */
static bool trusted_dir(const struct stat *st)
{
	return S_ISDIR(st->st_mode) && st->st_uid == 0 &&
	       !(st->st_mode & (S_IWGRP | S_IWOTH));
}

/* @out's last component dropped ("/a/b" -> "/a", "/a" -> ""). */
static void drop_last(char *out, size_t *len)
{
	while (*len > 0 && out[--*len] != '/')
		;
	out[*len] = '\0';
}

/* The link at @out, followed by what remains of the path: into @work. */
static bool follow(char *out, size_t *len, const char *rest, char *work,
		   size_t size, char target[PATH_MAX])
{
	long n = llshim_sys_readlink(out, target, PATH_MAX - 1);
	size_t rest_len = llshim_strlen(rest);

	if (n <= 0 || (size_t)n + 1 + rest_len >= size)
		return false;
	target[n] = '\0';
	llshim_memcpy(work, target, (size_t)n);
	work[n] = '/';
	llshim_memcpy(work + n + 1, rest, rest_len + 1);
	if (target[0] == '/')
		*len = 0;
	else
		drop_last(out, len);
	out[*len] = '\0';
	return true;
}

/*
 * realpath() of the absolute @path by lstat and readlink, without /proc,
 * and only if every directory it looks into is root's and not writable by
 * group or others: then nobody but root can have changed what the path
 * names since the program was started, and the result is as good as
 * /proc/self/exe (whose first use costs a process about 20 us).
 */
static bool resolve_trusted(const char *path, char *out, size_t size,
			    struct llshim_resolve_room *room)
{
	char(*work)[PATH_MAX] = room->work;
	struct stat st;
	const char *p;
	size_t len = 0, n;
	int links = 0, w = 0;

	if (path[0] != '/' || llshim_strlen(path) >= PATH_MAX ||
	    llshim_sys_lstat("/", &st) || !trusted_dir(&st))
		return false;
	out[0] = '\0';
	/* The path itself until a link: the work buffers hold what a link
	 * leads to, so a start without links touches neither. */
	for (p = path;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		if (len && !S_ISDIR(st.st_mode))
			return false; /* a component below a file */
		if (len && !trusted_dir(&st))
			return false;
		n = llshim_strcspn(p, "/");
		if ((n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.')) {
			p += n;
			if (n == 1)
				continue;
			/* Up to a directory already found trusted. */
			drop_last(out, &len);
			if (llshim_sys_lstat(len ? out : "/", &st))
				return false;
			continue;
		}
		if (len + 1 + n >= size)
			return false;
		out[len++] = '/';
		llshim_memcpy(out + len, p, n);
		len += n;
		out[len] = '\0';
		p += n;
		if (llshim_sys_lstat(out, &st))
			return false;
		if (S_ISLNK(st.st_mode)) {
			if (++links > 40 || !follow(out, &len, p, work[!w],
						    PATH_MAX, room->target))
				return false;
			w = !w;
			p = work[w];
			/* Continue from the directory holding the link. */
			if (len &&
			    (llshim_sys_lstat(out, &st) || !trusted_dir(&st)))
				return false;
			if (!len &&
			    (llshim_sys_lstat("/", &st) || !trusted_dir(&st)))
				return false;
		}
	}
	return len > 0 && S_ISREG(st.st_mode);
}

/* An ELF executable of this machine: started directly, not by binfmt. */
static bool native_elf(const char *path)
{
#if defined(__x86_64__)
	static const unsigned machine = 62; /* EM_X86_64 */
#elif defined(__aarch64__)
	static const unsigned machine = 183; /* EM_AARCH64 */
#else
	static const unsigned machine = 0; /* unknown: always use /proc */
#endif
	unsigned char head[20];
	int fd = llshim_sys_openat(
	    AT_FDCWD, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	long got;

	if (fd < 0)
		return false;
	got = llshim_sys_read(fd, head, sizeof(head));
	llshim_sys_close(fd);
	return machine && got == (long)sizeof(head) &&
	       llshim_memeq(head, "\177ELF", 4) &&
	       (unsigned)(head[18] | head[19] << 8) == machine;
}

bool llshim_maybe_binfmt(int argc, char *const *argv, const char *execfn)
{
	int i;

	for (i = 1; execfn && i < argc && i <= 9; i++)
		if (argv[i] && llshim_streq(argv[i], execfn))
			return true;
	return false;
}

/*
 * @s made "", written only if it is not already: the page of a string
 * never used stays untouched (the shim's are fresh zero pages).
 */
static void set_empty(char *s)
{
	if (s[0])
		s[0] = '\0';
}

int llshim_self_identities(const char *execfn, bool maybe_binfmt,
			   struct llshim_identity ids[LLSHIM_MAX_IDENTITIES],
			   struct llshim_resolve_room *room)
{
	/* Read straight into place: no page more than needed is touched. */
	char *exe = ids[0].canonical;
	long n;

	/* A native program started by a path only root can change; its
	 * header is read only when its arguments leave a doubt. */
	if (execfn && resolve_trusted(execfn, exe, PATH_MAX, room) &&
	    (!maybe_binfmt || native_elf(exe))) {
		set_empty(ids[0].started);
		if (!llshim_streq(execfn, exe) &&
		    (!make_absolute(execfn, ids[0].started, PATH_MAX,
				    room->joined) ||
		     llshim_streq(ids[0].started, exe)))
			set_empty(ids[0].started);
		return 1;
	}
	n = llshim_sys_readlink("/proc/self/exe", exe, PATH_MAX - 1);

	if (n > 0 && exe[0] == '/') {
		exe[n] = '\0';
		/* The common case: started by its own canonical path. */
		if (execfn && llshim_streq(execfn, exe)) {
			set_empty(ids[0].started);
			return 1;
		}
		return identities_in(exe, execfn, ids, room);
	}
	/* Without /proc, the started path resolved names the program. */
	if (!execfn || !resolve_path(execfn, exe, PATH_MAX))
		return 0;
	set_empty(ids[0].started);
	return 1;
}

/* "/usr/bin/curl" -> "usr.bin.curl.conf"; false when it cannot be named. */
static bool flattened_name(const char *path, char *name)
{
	size_t i, len = llshim_strlen(path);

	if (len < 2 || len - 1 + sizeof(".conf") > NAME_MAX + 1)
		return false;
	for (i = 1; i < len; i++)
		name[i - 1] = path[i] == '/' ? '.' : path[i];
	llshim_memcpy(name + len - 1, ".conf", sizeof(".conf"));
	return true;
}

static bool base_name(const char *path, char *name)
{
	const char *base = llshim_strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = llshim_strlen(base);
	if (!len || len + sizeof(".conf") > NAME_MAX + 1)
		return false;
	llshim_memcpy(name, base, len);
	llshim_memcpy(name + len, ".conf", sizeof(".conf"));
	return true;
}

static size_t add_name(char names[LLSHIM_MAX_NAMES][NAME_MAX + 1], size_t count,
		       bool ok)
{
	size_t i;

	if (!ok)
		return count;
	for (i = 0; i < count; i++)
		if (llshim_streq(names[i], names[count]))
			return count;
	return count + 1;
}

size_t llshim_policy_names(const struct llshim_identity *id,
			   char names[LLSHIM_MAX_NAMES][NAME_MAX + 1])
{
	size_t count = 0;

	count =
	    add_name(names, count, flattened_name(id->canonical, names[count]));
	count = add_name(names, count, base_name(id->canonical, names[count]));
	if (!id->started[0])
		return count;
	count =
	    add_name(names, count, flattened_name(id->started, names[count]));
	return add_name(names, count, base_name(id->started, names[count]));
}

int llshim_find_policy(int dirfd, const char *dir,
		       const struct llshim_identity *id, char *path,
		       size_t size)
{
	char names[LLSHIM_MAX_NAMES][NAME_MAX + 1];
	size_t i, count = llshim_policy_names(id, names);
	size_t dir_len = llshim_strlen(dir), name_len;

	for (i = 0; i < count; i++) {
		/* O_PATH: existence only; the parser opens and checks it. */
		int fd = llshim_sys_openat(dirfd, names[i], O_PATH | O_CLOEXEC);

		if (fd == -ENOENT)
			continue;
		if (fd < 0)
			return fd;
		llshim_sys_close(fd);
		name_len = llshim_strlen(names[i]);
		if (dir_len + 1 + name_len >= size)
			return -ENAMETOOLONG;
		llshim_memcpy(path, dir, dir_len);
		path[dir_len] = '/';
		llshim_memcpy(path + dir_len + 1, names[i], name_len + 1);
		return 1;
	}
	return 0;
}
