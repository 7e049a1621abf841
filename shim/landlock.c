// SPDX-License-Identifier: MIT
/* Raw Landlock system calls and ruleset construction (uapi: landlock.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "landlock.h"
#include "landlock_uapi.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif
#ifndef SYS_landlock_add_rule
#define SYS_landlock_add_rule 445
#endif
#ifndef SYS_landlock_restrict_self
#define SYS_landlock_restrict_self 446
#endif

static int create_ruleset(const struct llshim_ruleset_attr *attr, size_t size,
			  uint32_t flags)
{
	long ret = syscall(SYS_landlock_create_ruleset, attr, size, flags);

	return ret < 0 ? -errno : (int)ret;
}

static int add_rule(int fd, int type, const void *attr)
{
	return syscall(SYS_landlock_add_rule, fd, type, attr, 0) ? -errno : 0;
}

int llshim_ruleset_enforce(int fd, uint32_t flags)
{
	return syscall(SYS_landlock_restrict_self, fd, flags) ? -errno : 0;
}

int llshim_landlock_abi(void)
{
	return create_ruleset(NULL, 0, LLSHIM_CREATE_RULESET_VERSION);
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

/* A path the caller cannot reach counts as missing: granting it is moot. */
static bool is_missing(int err)
{
	return err == -ENOENT || err == -ENOTDIR || err == -EACCES ||
	       err == -ELOOP;
}

static int rule_error(const struct llshim_fs_rule *rule, const char *what,
		      int err, struct llshim_msg *msg)
{
	llshim_msg_set(msg, rule->origin, ": ", what, " \"", rule->path, "\"");
	llshim_msg_add_errno(msg, -err);
	return err;
}

/*
 * Opens a rule's path; for a rule with directory-only rights, learns
 * whether it is a directory by asking for one first (one system call for
 * the common case, instead of an open and an fstat).
 */
static int open_rule_path(const struct llshim_fs_rule *rule, bool *is_dir)
{
	int fd;

	*is_dir = false;
	if (rule->access & ~LLSHIM_FS_FILE_RIGHTS) {
		fd = open(rule->path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			*is_dir = true;
			return fd;
		}
		if (errno != ENOTDIR)
			return -errno;
	}
	fd = open(rule->path, O_PATH | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Directory-only rights are dropped on other files. */
static int add_path_rule(int ruleset, const struct llshim_fs_rule *rule,
			 const struct llshim_plan *plan, unsigned *count,
			 struct llshim_msg *msg)
{
	struct llshim_path_beneath_attr attr;
	bool is_dir;
	int err = 0;

	attr.parent_fd = open_rule_path(rule, &is_dir);
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
		err = add_rule(ruleset, LLSHIM_RULE_PATH_BENEATH, &attr);
		if (err)
			rule_error(rule, "cannot add a rule for", err, msg);
		else
			(*count)++;
	}
	close(attr.parent_fd);
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
		err = add_rule(ruleset, LLSHIM_RULE_NET_PORT, &attr);
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

static int fill_ruleset(int fd, const struct llshim_policy *policy,
			const struct llshim_plan *plan, unsigned *count,
			struct llshim_msg *msg)
{
	size_t i;
	int err = 0;

	if (plan->attr.handled_access_fs)
		for (i = 0; i < policy->fs_count && !err; i++)
			err =
			    add_path_rule(fd, &policy->fs[i], plan, count, msg);
	if (!err)
		err = add_port_rules(fd, &policy->bind, LLSHIM_NET_BIND_TCP,
				     plan, count, msg);
	if (!err)
		err = add_port_rules(fd, &policy->connect,
				     LLSHIM_NET_CONNECT_TCP, plan, count, msg);
	return err;
}

int llshim_ruleset_add_path(int fd, const struct llshim_plan *plan,
			    const char *path, uint64_t access,
			    struct llshim_msg *msg)
{
	static char origin[] = "llshim";
	char copy[PATH_MAX];
	struct llshim_fs_rule rule = { copy, access, false, origin };
	unsigned count = 0;
	size_t len = strlen(path);

	if (len >= sizeof(copy))
		return 0; /* no such path can be opened anyway */
	memcpy(copy, path, len + 1);
	return add_path_rule(fd, &rule, plan, &count, msg);
}

int llshim_ruleset_build(const struct llshim_policy *policy,
			 const struct llshim_plan *plan, int *fd,
			 unsigned *rule_count, struct llshim_msg *msg)
{
	int err;

	*rule_count = 0;
	*fd = create_ruleset(&plan->attr, plan->attr_size, 0);
	if (*fd < 0) {
		err = *fd;
		llshim_msg_set(msg, policy->source,
			       ": cannot create a Landlock ruleset");
		llshim_msg_add_errno(msg, -err);
		return err;
	}
	err = fill_ruleset(*fd, policy, plan, rule_count, msg);
	if (err) {
		close(*fd);
		*fd = -1;
	}
	return err;
}
