// SPDX-License-Identifier: MIT
/* Trust checks on policy files and the directories above them. */
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "trust.h"

static int untrusted(struct llshim_msg *msg, const char *path, const char *why)
{
	llshim_msg_set(msg, path, ": not trusted: ", why);
	return -EPERM;
}

static int check_owner_mode(const struct stat *st, const char *path,
			    enum llshim_trust trust, bool is_dir,
			    struct llshim_msg *msg)
{
	uid_t uid = getuid();

	if (trust == LLSHIM_TRUST_ROOT) {
		if (st->st_uid != 0)
			return untrusted(msg, path, "not owned by root");
		if (st->st_mode & (S_IWGRP | S_IWOTH))
			return untrusted(msg, path,
					 "writable by group or others");
		return 0;
	}
	if (!is_dir && st->st_uid != uid && st->st_uid != 0)
		return untrusted(
		    msg, path, "owned by another user (neither you nor root)");
	if ((st->st_mode & S_IWOTH) && !(is_dir && (st->st_mode & S_ISVTX)))
		return untrusted(msg, path, "writable by others");
	return 0;
}

/*
 * Every directory above @path, up to "/".  Root's files need the whole
 * chain; for the user's files only the directory holding them matters.
 * Each is an input of a compiled policy: a later start sees a change of
 * its owner or mode (or a new directory in its place) without checking.
 */
static int check_parents(const char *path, enum llshim_trust trust,
			 struct llshim_inputs *inputs, struct llshim_msg *msg)
{
	char dir[PATH_MAX];
	struct stat st;
	char *slash;
	size_t len = strlen(path);
	int err;

	if (len >= sizeof(dir))
		return untrusted(msg, path, "path too long to check");
	memcpy(dir, path, len + 1);
	while ((slash = strrchr(dir, '/'))) {
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		if (stat(dir, &st))
			return untrusted(msg, dir, "cannot stat the directory");
		llshim_inputs_add_stat(inputs, LLSHIM_INPUT_DIR, dir, &st);
		err = check_owner_mode(&st, dir, trust, true, msg);
		if (err || trust == LLSHIM_TRUST_USER || slash == dir)
			return err;
	}
	return 0;
}

int llshim_trust_check(int fd, const struct stat *st, const char *path,
		       enum llshim_trust trust, struct llshim_inputs *inputs,
		       struct llshim_msg *msg)
{
	struct llshim_msg proc;
	char real[PATH_MAX];
	ssize_t n;
	int err;

	err = check_owner_mode(st, path, trust, false, msg);
	if (err)
		return err;
	/* The directories above the name used, then above the real file. */
	if (path[0] == '/') {
		err = check_parents(path, trust, inputs, msg);
		if (err)
			return err;
	}
	llshim_msg_set(&proc, "/proc/self/fd/");
	llshim_msg_add_uint(&proc, (uint64_t)fd);
	n = readlink(proc.text, real, sizeof(real) - 1);
	if (n <= 0 || real[0] != '/')
		return untrusted(msg, path, "cannot find where the file is");
	real[n] = '\0';
	return check_parents(real, trust, inputs, msg);
}
