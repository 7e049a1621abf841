// SPDX-License-Identifier: MIT
/*
 * Where compiled policies live and who may have written them (compiled.h).
 * Freestanding, like compiled.c: the shim's front loads them.
 *
 * A compiled policy is as strong as the policy it was made from, so the
 * file and its directory must be the user's own (root's for system
 * policies) and writable by nobody else, exactly as a policy file must.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>

#include "alloc.h"
#include "compiled.h"
#include "policy.h"
#include "str.h"
#include "sys.h"

#define SYSTEM_DIR LLSHIM_SYSCONFDIR "/llshim/compiled"
/* "<16 hex digits>.bin" and, while it is written, ".<pid>.tmp" after it. */
#define NAME_BYTES 20
#define TEMP_BYTES (NAME_BYTES + 1 + 10 + 4)
#define FILE_BYTES (PATH_MAX + 1 + NAME_BYTES)

/* The directory of compiled policies of @kind into @buf. */
static int compiled_dir(enum llshim_policy_kind kind, char *const *env,
			char *buf, size_t size)
{
	if (kind == LLSHIM_POLICY_SYSTEM)
		return llshim_strcpy(buf, size, SYSTEM_DIR) ? 0 : -ENAMETOOLONG;
	return llshim_user_config_path_in(env, buf, size, "compiled");
}

/*
 * "<16 hex digits>.bin" (NAME_BYTES + 1 bytes) for (kind, uid, path); the
 * uid only for the user's and explicit policies: root's compiled form of a
 * system policy serves every user (compiled.c checks its ${UID}).
 */
static void file_name(enum llshim_policy_kind kind, uint32_t uid,
		      const char *path, char *name)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t keyed = kind == LLSHIM_POLICY_SYSTEM ? 0 : uid;
	unsigned char key[5] = { (unsigned char)kind, (unsigned char)keyed,
				 (unsigned char)(keyed >> 8),
				 (unsigned char)(keyed >> 16),
				 (unsigned char)(keyed >> 24) };
	uint64_t hash = LLSHIM_FNV1A_START;
	int i;

	hash = llshim_fnv1a(hash, key, sizeof(key));
	hash = llshim_fnv1a(hash, path, llshim_strlen(path));
	for (i = 15; i >= 0; i--) {
		name[i] = hex[hash & 0xf];
		hash >>= 4;
	}
	llshim_memcpy(name + 16, ".bin", 5);
}

/* @dir "/" @name into @buf. */
static int join(char *buf, size_t size, const char *dir, const char *name)
{
	size_t dir_len = llshim_strlen(dir), name_len = llshim_strlen(name);

	if (dir_len + 1 + name_len >= size)
		return -ENAMETOOLONG;
	if (buf != dir)
		llshim_memcpy(buf, dir, dir_len);
	buf[dir_len] = '/';
	llshim_memcpy(buf + dir_len + 1, name, name_len + 1);
	return 0;
}

/*
 * The directory (PATH_MAX bytes) and the file (FILE_BYTES) of @path;
 * @dir may be @file, which then ends up holding only the file.
 */
static int locate(enum llshim_policy_kind kind, const char *path, uint32_t uid,
		  char *const *env, char *dir, char *file)
{
	char name[NAME_BYTES + 1];
	int err = compiled_dir(kind, env, dir, PATH_MAX);

	if (err)
		return err;
	file_name(kind, uid, path, name);
	return join(file, FILE_BYTES, dir, name);
}

int llshim_compiled_path(enum llshim_policy_kind kind, const char *path,
			 uint32_t uid, char *const *env, char *buf, size_t size)
{
	char dir[PATH_MAX], file[FILE_BYTES];
	int err = locate(kind, path, uid, env, dir, file);

	if (err)
		return err;
	return llshim_strcpy(buf, size, file) ? 0 : -ENAMETOOLONG;
}

/* Who must own the compiled policies of @kind. */
static uint32_t owner_of(enum llshim_policy_kind kind, uint32_t uid)
{
	return kind == LLSHIM_POLICY_SYSTEM ? 0 : uid;
}

/* Owned by @owner and writable by nobody else; -EPERM otherwise. */
static int trusted(const struct stat *st, uint32_t owner)
{
	if (st->st_uid != owner || (st->st_mode & (S_IWGRP | S_IWOTH)))
		return -EPERM;
	return 0;
}

static int check_dir(const char *dir, uint32_t owner)
{
	struct stat st;
	int err = llshim_sys_stat(dir, &st);

	if (err)
		return err;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	return trusted(&st, owner);
}

/* The whole of @fd, @size bytes, into a new buffer. */
static int read_all(int fd, size_t size, void **out)
{
	unsigned char *buf = llshim_alloc_bytes(size);
	size_t len = 0;
	long n;

	if (!buf)
		return -ENOMEM;
	while (len < size) {
		n = llshim_sys_read(fd, buf + len, size - len);
		if (n == -EINTR)
			continue;
		if (n <= 0) {
			llshim_free(buf);
			/* Shorter than fstat said: changing under us. */
			return n < 0 ? (int)n : -EINVAL;
		}
		len += (size_t)n;
	}
	*out = buf;
	return 0;
}

/* The trusted compiled file @file, open, and its size. */
static int open_compiled(const char *file, uint32_t owner, size_t *size)
{
	struct stat st;
	int fd, err;

	/* O_NONBLOCK: a FIFO put there must not hang the program. */
	fd = llshim_sys_openat(AT_FDCWD, file,
			       O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
				   O_NOCTTY);
	if (fd < 0)
		return fd == -ELOOP ? -EPERM : fd;
	err = llshim_sys_fstat(fd, &st);
	if (!err && !S_ISREG(st.st_mode))
		err = -EPERM;
	if (!err)
		err = trusted(&st, owner);
	if (!err && (st.st_size <= 0 || st.st_size > LLSHIM_COMPILED_MAX_BYTES))
		err = -EINVAL;
	if (err) {
		llshim_sys_close(fd);
		return err;
	}
	*size = (size_t)st.st_size;
	return fd;
}

/*
 * The directory is checked when writing, not at every start: the file
 * itself must be the owner's and writable by nobody else, is opened
 * without following a link, and its bytes name the kind, path, user and
 * build they are for and every input they were made from.  Whoever else
 * could write the directory could only remove or rename the owner's
 * files there: a miss, or the form of another policy (which names that
 * other path), never a policy that is not this one as it is now.
 */
int llshim_compiled_load(enum llshim_policy_kind kind, const char *path,
			 uint32_t uid, char *const *env,
			 struct llshim_policy **out, int *held)
{
	/* Not on the stack: in the shim this is arena memory, gone at main(),
	 * where a stack page would stay resident in the host. */
	char *file = llshim_alloc(FILE_BYTES);
	size_t len = 0;
	void *buf = NULL;
	int fd, err;

	if (!file)
		return -ENOMEM;
	err = locate(kind, path, uid, env, file, file);
	fd = err ? err : open_compiled(file, owner_of(kind, uid), &len);
	/* Freed first: the arena then reads the file into the same pages. */
	llshim_free(file);
	if (fd < 0)
		return fd;
	err = read_all(fd, len, &buf);
	if (!err) {
		err = llshim_compiled_match(buf, len, kind, path);
		if (err)
			llshim_free(buf);
	}
	if (!err)
		err = llshim_compiled_adopt(buf, len, uid, env, out);
	if (err || !held)
		llshim_sys_close(fd);
	else
		*held = fd;
	return err;
}

/*
 * The directory to write into, made when missing: the user's with 0700,
 * and its parent ${XDG_CONFIG_HOME:-$HOME/.config}/llshim too when only
 * that is missing; root's with 0755 inside an existing $SYSCONFDIR/llshim.
 */
static int make_dir(enum llshim_policy_kind kind, const char *dir)
{
	char parent[PATH_MAX];
	const char *slash;
	int err;

	err = llshim_sys_mkdir(dir, kind == LLSHIM_POLICY_SYSTEM ? 0755 : 0700);
	if (err != -ENOENT || kind == LLSHIM_POLICY_SYSTEM)
		return err == -EEXIST ? 0 : err;
	slash = llshim_strrchr(dir, '/');
	if (!slash || slash == dir || (size_t)(slash - dir) >= sizeof(parent))
		return -ENOENT;
	llshim_memcpy(parent, dir, (size_t)(slash - dir));
	parent[slash - dir] = '\0';
	/* Fails with ENOENT, as it should, where the XDG directory is
	 * missing: that one is not ours to make. */
	err = llshim_sys_mkdir(parent, 0700);
	if (err && err != -EEXIST)
		return err;
	err = llshim_sys_mkdir(dir, 0700);
	return err == -EEXIST ? 0 : err;
}

/* "<name>.<pid>.tmp" into @buf (TEMP_BYTES + 1). */
static void temp_name(const char *name, char *buf)
{
	char digits[11], *p = digits + sizeof(digits) - 1;
	unsigned pid = (unsigned)llshim_sys_getpid();
	size_t len = llshim_strlen(name), n;

	*p = '\0';
	do {
		*--p = (char)('0' + pid % 10);
		pid /= 10;
	} while (pid);
	n = llshim_strlen(p);
	llshim_memcpy(buf, name, len);
	buf[len] = '.';
	llshim_memcpy(buf + len + 1, p, n);
	llshim_memcpy(buf + len + 1 + n, ".tmp", 5);
}

static int open_temp(const char *temp, unsigned mode)
{
	int flags = O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW;
	int fd = llshim_sys_openat_mode(AT_FDCWD, temp, flags, mode);

	/* Left by a process of the same pid that died writing it: in our
	 * own directory, nobody else can have put it there. */
	if (fd == -EEXIST && !llshim_sys_unlink(temp))
		fd = llshim_sys_openat_mode(AT_FDCWD, temp, flags, mode);
	return fd;
}

/* @buf into @file, atomically: a reader sees the old file or the new. */
static int write_file(const char *file, const void *buf, size_t len,
		      unsigned mode)
{
	char temp[FILE_BYTES + TEMP_BYTES - NAME_BYTES];
	int fd, err;

	if (llshim_strlen(file) + TEMP_BYTES - NAME_BYTES >= sizeof(temp))
		return -ENAMETOOLONG;
	temp_name(file, temp);
	fd = open_temp(temp, mode);
	if (fd < 0)
		return fd;
	err = llshim_sys_write_all(fd, buf, len);
	if (llshim_sys_close(fd) && !err)
		err = -EIO;
	if (!err)
		err = llshim_sys_rename(temp, file);
	if (err)
		llshim_sys_unlink(temp);
	return err;
}

int llshim_compiled_store(enum llshim_policy_kind kind, const char *path,
			  char *const *env, const struct llshim_policy *policy)
{
	char dir[PATH_MAX], file[FILE_BYTES];
	uint32_t uid = llshim_sys_getuid(), owner = owner_of(kind, uid);
	size_t len;
	void *buf = NULL;
	int err;

	/* A set-user-ID program must not write as its owner what its caller
	 * chose; root's directory is root's alone. */
	if (uid != llshim_sys_geteuid() ||
	    (kind == LLSHIM_POLICY_SYSTEM && uid != 0))
		return -EPERM;
	if (!policy->inputs || policy->inputs->uncacheable ||
	    policy->inputs->kind != kind ||
	    !llshim_streq(policy->inputs->path, path))
		return -EINVAL;
	err = locate(kind, path, uid, env, dir, file);
	if (err)
		return err;
	err = llshim_compiled_encode(policy, uid, &buf, &len);
	if (err)
		return err;
	err = make_dir(kind, dir);
	if (!err)
		err = check_dir(dir, owner);
	if (!err)
		err = write_file(file, buf, len,
				 kind == LLSHIM_POLICY_SYSTEM ? 0644 : 0600);
	llshim_free(buf);
	return err;
}
