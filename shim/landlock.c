// SPDX-License-Identifier: MIT
/* Raw Landlock system calls and ruleset construction (uapi: landlock.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>

#include "landlock.h"
#include "landlock_uapi.h"
#include "str.h"
#include "sys.h"

int llshim_ruleset_enforce(int fd, uint32_t flags)
{
	return llshim_sys_landlock_restrict_self(fd, flags);
}

int llshim_landlock_abi(void)
{
	return llshim_sys_landlock_create_ruleset(
	    NULL, 0, LLSHIM_CREATE_RULESET_VERSION);
}

void llshim_landlock_explain(int err, struct llshim_msg *msg)
{
	if (err == -ENOSYS)
		llshim_msg_set(
		    msg, "Landlock is not supported by this kernel "
			 "(ENOSYS): build it with CONFIG_SECURITY_LANDLOCK=y "
			 "and \"landlock\" in CONFIG_LSM");
	else if (err == -EOPNOTSUPP)
		llshim_msg_set(msg,
			       "Landlock is disabled at boot (EOPNOTSUPP): add "
			       "\"landlock\" to the lsm= kernel parameter");
	else {
		llshim_msg_set(msg, "cannot query the Landlock ABI");
		llshim_msg_add_errno(msg, -err);
	}
}

/*
 * The O_PATH descriptors of a layer's rules, closed together: a run of
 * consecutive numbers (the usual case) in one close_range(2) instead of
 * one close(2) per rule.  Only numbers this code opened are ever closed.
 * Bounded, so a long policy never nears the descriptor limit.
 */
#define BATCH_MAX 64
/*
 * At most this many rule descriptors right after the ruleset's own stay
 * open until the ruleset is closed, all in one close_range(2): a small
 * policy's layer costs one close in all.  Bounded, so 16 layers keep at
 * most 16 * (KEPT_MAX + 1) descriptors open at once.
 */
#define KEPT_MAX 16

/*
 * A directory rule of this layer granting read_file, while its descriptor
 * is open: the files beneath it need no read_file rule of their own.
 */
struct reader {
	const char *path;
	size_t len; /* without trailing slashes */
	int fd;
};

struct fd_batch {
	int fds[BATCH_MAX];
	size_t count;
	struct reader readers[BATCH_MAX];
	size_t reader_count;
};

static void sort_fds(int *fds, size_t n)
{
	size_t i, j;
	int fd;

	for (i = 1; i < n; i++) {
		fd = fds[i];
		for (j = i; j > 0 && fds[j - 1] > fd; j--)
			fds[j] = fds[j - 1];
		fds[j] = fd;
	}
}

static void close_run(int first, int last)
{
	int fd;

	if (first == last || llshim_sys_close_range(first, last) != 0)
		for (fd = first; fd <= last; fd++)
			llshim_sys_close(fd);
}

/* Closes @count sorted descriptors, a run of consecutive ones at a time. */
static void close_sorted(const int *fds, size_t count)
{
	size_t i, start = 0;

	for (i = 1; i <= count; i++) {
		if (i < count && fds[i] == fds[i - 1] + 1)
			continue;
		close_run(fds[start], fds[i - 1]);
		start = i;
	}
}

static void batch_close(struct fd_batch *b)
{
	sort_fds(b->fds, b->count);
	close_sorted(b->fds, b->count);
	b->count = 0;
	b->reader_count = 0;
}

/*
 * Closes the batch but for the run of at most KEPT_MAX descriptors that
 * follows @ruleset's, which llshim_ruleset_close() closes with it.
 * Returns the last descriptor of that run, or @ruleset.
 */
static int batch_close_after(struct fd_batch *b, int ruleset)
{
	size_t kept = 0;

	sort_fds(b->fds, b->count);
	while (kept < b->count && kept < KEPT_MAX &&
	       b->fds[kept] == ruleset + 1 + (int)kept)
		kept++;
	close_sorted(b->fds + kept, b->count - kept);
	b->count = 0;
	b->reader_count = 0;
	return kept ? b->fds[kept - 1] : ruleset;
}

void llshim_ruleset_close(int fd, int last)
{
	close_run(fd, last);
}

static void batch_add(struct fd_batch *b, int fd)
{
	if (b->count == BATCH_MAX)
		batch_close(b);
	b->fds[b->count++] = fd;
}

static void batch_add_reader(struct fd_batch *b, const char *path, int fd)
{
	size_t len = llshim_strlen(path);

	while (len && path[len - 1] == '/')
		len--;
	b->readers[b->reader_count++] = (struct reader){ path, len, fd };
}

/* @path is @r's path or lies below it: *rest is what follows, or "". */
static bool path_below(const char *path, const struct reader *r,
		       const char **rest)
{
	if (!llshim_memeq(path, r->path, r->len) ||
	    (path[r->len] != '/' && path[r->len] != '\0'))
		return false;
	for (*rest = path + r->len; **rest == '/'; (*rest)++)
		;
	return true;
}

/*
 * Whether @path needs no read_file rule: an open directory rule that
 * grants read_file is a prefix of it, and the rest of it is reached from
 * there without "..", an absolute or a symbolic link (openat2's
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), so a later open(@path) ends
 * beneath that rule too; or it does not exist there, and so would be
 * skipped anyway.  One system call instead of an open and an add_rule:
 * the shim and the policy directories usually lie under /usr and /etc.
 */
static bool already_readable(struct fd_batch *b, const char *path)
{
	const char *rest;
	size_t i;
	int fd;

	if (path[0] != '/')
		return false;
	for (i = 0; i < b->reader_count; i++) {
		if (!path_below(path, &b->readers[i], &rest))
			continue;
		if (!*rest)
			return true;
		fd = llshim_sys_openat_beneath(b->readers[i].fd, rest,
					       O_PATH | O_CLOEXEC);
		if (fd == -ENOENT)
			return true;
		if (fd >= 0) {
			batch_add(b, fd);
			return true;
		}
	}
	return false;
}

/* One path rule, from a policy or granted beyond it. */
struct path_rule {
	const char *path;
	uint64_t access;
	bool required;
	bool not_dir; /* llshim_fs_rule's */
	const char *origin;
};

/* A path the caller cannot reach counts as missing: granting it is moot. */
static bool is_missing(int err)
{
	return err == -ENOENT || err == -ENOTDIR || err == -EACCES ||
	       err == -ELOOP;
}

static int rule_error(const struct path_rule *rule, const char *what, int err,
		      struct llshim_msg *msg)
{
	llshim_msg_set(msg, rule->origin, ": ", what, " \"", rule->path, "\"");
	llshim_msg_add_errno(msg, -err);
	return err;
}

/*
 * Opens a rule's path; for a rule with directory-only rights, learns
 * whether it is a directory by asking for one first (one system call for
 * the common case, instead of an open and an fstat), unless its compiled
 * form says it was no directory.
 */
static int open_rule_path(const struct path_rule *rule, bool *is_dir)
{
	int fd;

	*is_dir = false;
	if ((rule->access & ~LLSHIM_FS_FILE_RIGHTS) && !rule->not_dir) {
		fd = llshim_sys_openat(AT_FDCWD, rule->path,
				       O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			*is_dir = true;
			return fd;
		}
		if (fd != -ENOTDIR)
			return fd;
	}
	return llshim_sys_openat(AT_FDCWD, rule->path, O_PATH | O_CLOEXEC);
}

/* Directory-only rights are dropped on other files. */
static int add_path_rule(int ruleset, const struct path_rule *rule,
			 const struct llshim_plan *plan, unsigned *count,
			 struct fd_batch *batch, struct llshim_msg *msg)
{
	struct llshim_path_beneath_attr attr;
	bool is_dir;
	int err = 0;

	attr.parent_fd = open_rule_path(rule, &is_dir);
	if (attr.parent_fd == -EMFILE && batch->count) {
		batch_close(batch);
		attr.parent_fd = open_rule_path(rule, &is_dir);
	}
	if (attr.parent_fd < 0) {
		err = attr.parent_fd;
		if (is_missing(err) && !rule->required)
			return 0;
		return rule_error(rule,
				  rule->required && is_missing(err)
				      ? "required path missing:"
				      : "cannot open",
				  err, msg);
	}
	attr.allowed_access =
	    llshim_plan_rule_access(plan, rule->access, is_dir);
	if (attr.allowed_access) {
		err = llshim_sys_landlock_add_rule(
		    ruleset, LLSHIM_RULE_PATH_BENEATH, &attr);
		if (err)
			rule_error(rule, "cannot add a rule for", err, msg);
		else
			(*count)++;
	}
	batch_add(batch, attr.parent_fd);
	if (!err && is_dir && rule->path[0] == '/' &&
	    (attr.allowed_access & LLSHIM_FS_READ_FILE))
		batch_add_reader(batch, rule->path, attr.parent_fd);
	return err;
}

static int add_port_rules(int ruleset, const struct llshim_port_rules *rules,
			  uint64_t right, const struct llshim_plan *plan,
			  unsigned *count, struct llshim_msg *msg)
{
	struct llshim_net_port_attr attr = { .allowed_access = right };
	size_t i;
	int err;

	if (!(plan->attr.handled_access_net & right))
		return 0;
	for (i = 0; i < rules->count; i++) {
		attr.port = rules->ports[i];
		err = llshim_sys_landlock_add_rule(ruleset,
						   LLSHIM_RULE_NET_PORT, &attr);
		if (err) {
			llshim_msg_set(msg, "cannot add a rule for port ");
			llshim_msg_add_uint(msg, attr.port);
			llshim_msg_add_errno(msg, -err);
			return err;
		}
		(*count)++;
	}
	return 0;
}

/* Whether @path is one of the NULL-terminated @paths (NULL: none). */
static bool listed(const char *const *paths, const char *path)
{
	for (; paths && *paths; paths++)
		if (llshim_streq(*paths, path))
			return true;
	return false;
}

static int fill_ruleset(int fd, const struct llshim_policy *policy,
			const struct llshim_plan *plan,
			const char *const *always_readable, int *last,
			unsigned *count, uint32_t *beneath,
			struct llshim_msg *msg)
{
	const struct llshim_fs_rule *fs;
	struct path_rule rule;
	struct fd_batch batch;
	unsigned beyond = 0;
	size_t i;
	int err = 0;

	batch.count = 0;
	batch.reader_count = 0;
	for (i = 0;
	     plan->attr.handled_access_fs && i < policy->fs_count && !err;
	     i++) {
		fs = &policy->fs[i];
		rule = (struct path_rule){ fs->path, fs->access, fs->required,
					   fs->not_dir, fs->origin };
		err = add_path_rule(fd, &rule, plan, count, &batch, msg);
	}
	/* Granted beyond the policy: not counted among its rules. */
	rule = (struct path_rule){ NULL, LLSHIM_FS_READ_FILE, false, false,
				   "llshim" };
	for (i = 0; !err && always_readable && always_readable[i]; i++) {
		/* Known from the compiled form, or found now. */
		if (listed(policy->beneath, always_readable[i]) ||
		    already_readable(&batch, always_readable[i])) {
			if (i < 32)
				*beneath |= (uint32_t)1 << i;
			continue;
		}
		rule.path = always_readable[i];
		err = add_path_rule(fd, &rule, plan, &beyond, &batch, msg);
	}
	*last = batch_close_after(&batch, fd);
	if (!err)
		err = add_port_rules(fd, &policy->bind, LLSHIM_NET_BIND_TCP,
				     plan, count, msg);
	if (!err)
		err = add_port_rules(fd, &policy->connect,
				     LLSHIM_NET_CONNECT_TCP, plan, count, msg);
	return err;
}

int llshim_ruleset_build(const struct llshim_policy *policy,
			 const struct llshim_plan *plan,
			 const char *const *always_readable, int *fd, int *last,
			 unsigned *rule_count, uint32_t *beneath,
			 struct llshim_msg *msg)
{
	int err;

	*rule_count = 0;
	*beneath = 0;
	*fd =
	    llshim_sys_landlock_create_ruleset(&plan->attr, plan->attr_size, 0);
	if (*fd < 0) {
		err = *fd;
		llshim_msg_set(msg, policy->source,
			       ": cannot create a Landlock ruleset");
		llshim_msg_add_errno(msg, -err);
		return err;
	}
	err = fill_ruleset(*fd, policy, plan, always_readable, last, rule_count,
			   beneath, msg);
	if (err) {
		llshim_ruleset_close(*fd, *last);
		*fd = -1;
	}
	return err;
}
