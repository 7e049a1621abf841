// SPDX-License-Identifier: MIT
/*
 * The policy language (SPEC.md section 4) read with libconfig.  This file is
 * the only user of libconfig; it is built into libllshim-parser.so, which
 * the shim loads privately, and linked directly into the llshim command.
 */
#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiled.h"
#include "expand.h"
#include "policy.h"
#include "rights.h"
#include "trust.h"

struct file_id {
	dev_t dev;
	ino_t ino;
};

struct parser {
	const struct llshim_parse_options *opt;
	struct llshim_policy *policy;
	struct llshim_msg *msg;
	const char *file; /* the file being read, for "file:line" */
	bool top;	  /* the top-level policy, not a profile */
	bool seen_version;
	int depth;
	struct file_id stack[LLSHIM_INCLUDE_MAX_DEPTH + 1];
};

static int parse_path(struct parser *p, const char *path,
		      enum llshim_trust trust, const struct stat *st, int fd);

/* "file:line: " followed by the given strings; returns -EINVAL. */
#define fail(p, where, ...)                                                    \
	fail_at((p), (where), __VA_ARGS__, (const char *)NULL)
static int fail_at(struct parser *p, const config_setting_t *where, ...)
{
	va_list ap;

	llshim_msg_set(p->msg, p->file, ":");
	llshim_msg_add_uint(p->msg,
			    where ? config_setting_source_line(where) : 1);
	llshim_msg_add(p->msg, ": ");
	va_start(ap, where);
	llshim_msg_vadd(p->msg, ap);
	va_end(ap);
	return -EINVAL;
}

static int no_memory(struct parser *p)
{
	llshim_msg_set(p->msg, p->file, ": out of memory");
	return -ENOMEM;
}

static const char *type_name(const config_setting_t *s)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return "an integer";
	case CONFIG_TYPE_FLOAT:
		return "a float";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "a boolean";
	case CONFIG_TYPE_ARRAY:
		return "an array";
	case CONFIG_TYPE_LIST:
		return "a list";
	case CONFIG_TYPE_GROUP:
		return "a group";
	default:
		return "unknown";
	}
}

static int wrong_type(struct parser *p, const config_setting_t *s,
		      const char *key, const char *expected)
{
	return fail(p, s, "\"", key, "\" must be ", expected, ", not ",
		    type_name(s));
}

static bool is_int(const config_setting_t *s)
{
	return config_setting_type(s) == CONFIG_TYPE_INT ||
	       config_setting_type(s) == CONFIG_TYPE_INT64;
}

static bool is_sequence(const config_setting_t *s)
{
	return config_setting_type(s) == CONFIG_TYPE_ARRAY ||
	       config_setting_type(s) == CONFIG_TYPE_LIST;
}

static int parse_version(struct parser *p, const config_setting_t *s)
{
	if (!is_int(s))
		return wrong_type(p, s, "version", "an integer");
	if (config_setting_get_int64(s) != 1)
		return fail(p, s,
			    "unsupported version (only version = 1 "
			    "exists)");
	p->seen_version = true;
	return 0;
}

static int parse_compat(struct parser *p, const config_setting_t *s)
{
	const char *value;

	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return wrong_type(p, s, "compat", "a string");
	value = config_setting_get_string(s);
	if (strcmp(value, "best-effort") == 0)
		p->policy->compat = LLSHIM_COMPAT_BEST_EFFORT;
	else if (strcmp(value, "hard") == 0)
		p->policy->compat = LLSHIM_COMPAT_HARD;
	else
		return fail(p, s, "unknown compat \"", value,
			    "\" (\"best-effort\" or \"hard\")");
	return 0;
}

static int parse_abi(struct parser *p, const config_setting_t *s)
{
	long long abi;

	if (!is_int(s))
		return wrong_type(p, s, "abi", "an integer");
	abi = config_setting_get_int64(s);
	if (abi < 1 || abi > LLSHIM_ABI_LAST)
		return fail(p, s,
			    "abi must be 1 to 9 (the Landlock ABI "
			    "versions llshim knows)");
	p->policy->abi_pin = (int)abi;
	return 0;
}

/* A list of raw right names: ["read_file", "write_file"]. */
static int parse_right_list(struct parser *p, const config_setting_t *s,
			    uint64_t *access)
{
	const config_setting_t *elem;
	const char *name;
	uint64_t right;
	int i;

	if (config_setting_length(s) == 0)
		return fail(p, s, "empty access list: name at least one right");
	for (i = 0; (elem = config_setting_get_elem(s, (unsigned)i)); i++) {
		if (config_setting_type(elem) != CONFIG_TYPE_STRING)
			return wrong_type(p, elem, "access",
					  "a list of strings");
		name = config_setting_get_string(elem);
		if (!llshim_fs_right_lookup(name, strlen(name), &right))
			return fail(p, elem, "unknown right \"", name, "\"");
		*access |= right;
	}
	return 0;
}

static int parse_access(struct parser *p, const config_setting_t *s,
			uint64_t *access)
{
	const char *group;

	*access = 0;
	if (is_sequence(s))
		return parse_right_list(p, s, access);
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return wrong_type(p, s, "access",
				  "a group name or a list of rights");
	group = config_setting_get_string(s);
	if (!llshim_fs_group_lookup(group, access))
		return fail(p, s, "unknown access group \"", group,
			    "\" (ro, rox, rw, rwx, or a list of rights)");
	return 0;
}

static int origin_of(struct parser *p, const config_setting_t *s, char *buf,
		     size_t size)
{
	struct llshim_msg origin;

	llshim_msg_set(&origin, p->file, ":");
	llshim_msg_add_uint(&origin, config_setting_source_line(s));
	if (origin.len >= size)
		return -ENAMETOOLONG;
	memcpy(buf, origin.text, origin.len + 1);
	return 0;
}

static int add_rule(struct parser *p, const config_setting_t *entry,
		    const config_setting_t *path, uint64_t access,
		    bool required)
{
	char expanded[PATH_MAX], origin[PATH_MAX + 16];
	struct llshim_msg why;

	if (llshim_expand(config_setting_get_string(path), p->opt->kind,
			  p->opt->environment, p->policy->inputs, expanded,
			  sizeof(expanded), &why))
		return fail(p, path, why.text);
	if (expanded[0] != '/')
		return fail(p, path, "path \"", expanded, "\" is not absolute");
	if (origin_of(p, entry, origin, sizeof(origin)))
		return no_memory(p);
	if (llshim_policy_add_fs(p->policy, expanded, strlen(expanded), access,
				 required, origin))
		return no_memory(p);
	return 0;
}

/* { path = "..."; access = ...; required = true; } */
static int parse_fs_entry(struct parser *p, const config_setting_t *entry)
{
	const config_setting_t *s, *path = NULL, *access = NULL;
	bool required = false;
	uint64_t rights;
	const char *key;
	int i, err;

	if (config_setting_type(entry) != CONFIG_TYPE_GROUP)
		return wrong_type(p, entry, "fs entry",
				  "a group { path = ...; access = ...; }");
	for (i = 0; (s = config_setting_get_elem(entry, (unsigned)i)); i++) {
		key = config_setting_name(s);
		if (strcmp(key, "path") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_STRING)
				return wrong_type(p, s, "path", "a string");
			path = s;
		} else if (strcmp(key, "access") == 0) {
			access = s;
		} else if (strcmp(key, "required") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_BOOL)
				return wrong_type(p, s, "required",
						  "a boolean");
			required = config_setting_get_bool(s);
		} else {
			return fail(p, s, "unknown key \"", key,
				    "\" in fs entry (path, access, required)");
		}
	}
	if (!path)
		return fail(p, entry, "fs entry without \"path\"");
	if (!access)
		return fail(p, entry, "fs entry without \"access\"");
	err = parse_access(p, access, &rights);
	return err ? err : add_rule(p, entry, path, rights, required);
}

static int parse_fs(struct parser *p, const config_setting_t *s)
{
	const config_setting_t *entry;
	int i, err;

	if (config_setting_type(s) != CONFIG_TYPE_LIST)
		return wrong_type(p, s, "fs", "a list ( {...}, {...} )");
	for (i = 0; (entry = config_setting_get_elem(s, (unsigned)i)); i++) {
		err = parse_fs_entry(p, entry);
		if (err)
			return err;
	}
	return 0;
}

static int parse_ports(struct parser *p, const config_setting_t *s,
		       const char *key, struct llshim_port_rules *rules)
{
	const config_setting_t *elem;
	long long port;
	int i;

	if (!is_sequence(s))
		return wrong_type(p, s, key, "a list of ports");
	rules->handled = true;
	for (i = 0; (elem = config_setting_get_elem(s, (unsigned)i)); i++) {
		if (!is_int(elem))
			return wrong_type(p, elem, key, "a list of ports");
		port = config_setting_get_int64(elem);
		if (port < 0 || port > 65535)
			return fail(p, elem, "bad port in \"", key,
				    "\" (0 to 65535)");
		if (llshim_policy_add_port(rules, (uint16_t)port))
			return no_memory(p);
	}
	return 0;
}

/* net = { connect = [443]; bind = []; }: each key absent = unrestricted. */
static int parse_net(struct parser *p, const config_setting_t *s)
{
	const config_setting_t *elem;
	const char *key;
	int i, err;

	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return wrong_type(p, s, "net", "a group { connect = [...]; }");
	for (i = 0; (elem = config_setting_get_elem(s, (unsigned)i)); i++) {
		key = config_setting_name(elem);
		if (strcmp(key, "connect") == 0)
			err = parse_ports(p, elem, key, &p->policy->connect);
		else if (strcmp(key, "bind") == 0)
			err = parse_ports(p, elem, key, &p->policy->bind);
		else
			err = fail(p, elem, "unknown key \"", key,
				   "\" in net (connect, bind)");
		if (err)
			return err;
	}
	return 0;
}

static int parse_scope(struct parser *p, const config_setting_t *s)
{
	const config_setting_t *elem;
	const char *name;
	uint64_t scope;
	int i;

	if (!is_sequence(s))
		return wrong_type(p, s, "scope", "a list of scope names");
	for (i = 0; (elem = config_setting_get_elem(s, (unsigned)i)); i++) {
		if (config_setting_type(elem) != CONFIG_TYPE_STRING)
			return wrong_type(p, elem, "scope",
					  "a list of scope names");
		name = config_setting_get_string(elem);
		if (!llshim_scope_lookup(name, &scope))
			return fail(p, elem, "unknown scope \"", name,
				    "\" (abstract_unix_socket, signal)");
		p->policy->scoped |= scope;
	}
	return 0;
}

/* log = { same_exec = true; new_exec = false; subdomains = true; } */
static int parse_log(struct parser *p, const config_setting_t *s)
{
	static const struct {
		const char *key;
		bool flag_when; /* the value that sets the flag */
		uint32_t flag;
	} keys[] = {
		{ "same_exec", false, LLSHIM_RESTRICT_LOG_SAME_EXEC_OFF },
		{ "new_exec", true, LLSHIM_RESTRICT_LOG_NEW_EXEC_ON },
		{ "subdomains", false, LLSHIM_RESTRICT_LOG_SUBDOMAINS_OFF },
	};
	const config_setting_t *elem;
	const char *key;
	size_t k;
	int i;

	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return wrong_type(p, s, "log", "a group { new_exec = true; }");
	for (i = 0; (elem = config_setting_get_elem(s, (unsigned)i)); i++) {
		key = config_setting_name(elem);
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (strcmp(key, keys[k].key) == 0)
				break;
		if (k == sizeof(keys) / sizeof(keys[0]))
			return fail(p, elem, "unknown key \"", key,
				    "\" in log (same_exec, new_exec, "
				    "subdomains)");
		if (config_setting_type(elem) != CONFIG_TYPE_BOOL)
			return wrong_type(p, elem, key, "a boolean");
		if (!config_setting_get_bool(elem) == !keys[k].flag_when)
			p->policy->restrict_flags |= keys[k].flag;
		else
			p->policy->restrict_flags &= ~keys[k].flag;
	}
	return 0;
}

/* Profile names are plain names: no path, no hidden files. */
static bool is_profile_name(const char *name)
{
	size_t i;

	if (!name[0] || name[0] == '.')
		return false;
	for (i = 0; name[i]; i++)
		if (!(name[i] == '_' || name[i] == '-' || name[i] == '.' ||
		      (name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return false;
	return i <= NAME_MAX - 5;
}

/*
 * Opens a policy file without blocking (a FIFO must not hang the host) and
 * without a controlling-terminal side effect; -ENOENT when absent.
 */
static int open_policy(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0)
		return -errno;
	if (fstat(fd, st)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/*
 * Opens the first of the profile directories' candidates for @name.  A
 * candidate that is not there (ENOENT, or ENOTDIR for a directory that
 * is a file) is recorded as absent: one that appears later is a new
 * input, and a compiled form of this policy is then stale.
 */
static int open_profile(struct parser *p, const char *name,
			struct llshim_msg *joined, enum llshim_trust *trust,
			struct stat *st)
{
	const char *const *dir;
	int fd;

	*trust = LLSHIM_TRUST_ROOT;
	for (dir = p->opt->profile_dirs; *dir; dir++) {
		llshim_msg_set(joined, *dir, "/", name, ".conf");
		fd = open_policy(joined->text, st);
		if (fd != -ENOENT && fd != -ENOTDIR)
			return fd;
		llshim_inputs_add_absent(p->policy->inputs, joined->text);
	}
	if (!p->opt->user_profile_dir)
		return -ENOENT;
	*trust = LLSHIM_TRUST_USER;
	llshim_msg_set(joined, p->opt->user_profile_dir, "/", name, ".conf");
	fd = open_policy(joined->text, st);
	if (fd == -ENOENT || fd == -ENOTDIR) {
		llshim_inputs_add_absent(p->policy->inputs, joined->text);
		return -ENOENT;
	}
	return fd;
}

static int include_one(struct parser *p, const config_setting_t *s,
		       const char *name)
{
	char path[PATH_MAX];
	struct llshim_msg joined;
	enum llshim_trust trust;
	struct stat st;
	int fd;

	fd = open_profile(p, name, &joined, &trust, &st);
	if (fd == -ENOENT)
		return fail(p, s, "profile \"", name, "\" not found");
	if (fd < 0) {
		fail(p, s, "cannot open profile ", joined.text);
		llshim_msg_add_errno(p->msg, -fd);
		return fd;
	}
	if (joined.len >= sizeof(path)) {
		close(fd);
		return fail(p, s, "profile path too long");
	}
	memcpy(path, joined.text, joined.len + 1);
	return parse_path(p, path, trust, &st, fd);
}

static int parse_include(struct parser *p, const config_setting_t *s)
{
	const config_setting_t *elem;
	const char *name;
	int i, err;

	if (!is_sequence(s))
		return wrong_type(p, s, "include", "a list of profile names");
	for (i = 0; (elem = config_setting_get_elem(s, (unsigned)i)); i++) {
		if (config_setting_type(elem) != CONFIG_TYPE_STRING)
			return wrong_type(p, elem, "include",
					  "a list of profile names");
		name = config_setting_get_string(elem);
		if (!is_profile_name(name))
			return fail(p, elem, "bad profile name \"", name,
				    "\" (letters, digits, '.', '_', '-')");
		if (p->depth >= LLSHIM_INCLUDE_MAX_DEPTH)
			return fail(p, elem, "includes nest deeper than 16");
		err = include_one(p, elem, name);
		if (err)
			return err;
	}
	return 0;
}

typedef int (*key_parser)(struct parser *p, const config_setting_t *s);

static const struct {
	const char *name;
	key_parser parse;
	bool top_only; /* not allowed in a profile */
} top_keys[] = {
	{ "version", parse_version, false },
	{ "include", parse_include, false },
	{ "compat", parse_compat, true },
	{ "abi", parse_abi, true },
	{ "fs", parse_fs, false },
	{ "net", parse_net, false },
	{ "scope", parse_scope, false },
	{ "log", parse_log, true },
};

static int parse_setting(struct parser *p, const config_setting_t *s)
{
	const char *name = config_setting_name(s);
	size_t i;

	for (i = 0; i < sizeof(top_keys) / sizeof(top_keys[0]); i++) {
		if (strcmp(name, top_keys[i].name) != 0)
			continue;
		if (top_keys[i].top_only && !p->top)
			return fail(p, s, "\"", name,
				    "\" is only allowed in a policy, not in "
				    "a profile");
		return top_keys[i].parse(p, s);
	}
	return fail(p, s, "unknown key \"", name,
		    "\" (version, include, compat, abi, fs, net, scope, log)");
}

static int parse_root(struct parser *p, const config_t *cfg)
{
	const config_setting_t *root = config_root_setting(cfg);
	const config_setting_t *s;
	int i, err;

	p->seen_version = false;
	for (i = 0; (s = config_setting_get_elem(root, (unsigned)i)); i++) {
		err = parse_setting(p, s);
		if (err)
			return err;
	}
	if (!p->seen_version)
		return fail(p, NULL, "missing \"version = 1;\"");
	return 0;
}

/* libconfig's own @include would read files no trust check has seen. */
static int reject_at_include(struct parser *p, const char *text)
{
	const char *line = text;
	uint64_t number = 1;

	while (line) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (strncmp(line, "@include", 8) == 0) {
			llshim_msg_set(p->msg, p->file, ":");
			llshim_msg_add_uint(p->msg, number);
			llshim_msg_add(p->msg, ": @include is not allowed; use "
					       "include = [\"profile\"];");
			return -EINVAL;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
		number++;
	}
	return 0;
}

static int parse_text(struct parser *p, const char *text)
{
	config_t cfg;
	int err;

	err = reject_at_include(p, text);
	if (err)
		return err;
	config_init(&cfg);
	if (config_read_string(&cfg, text) != CONFIG_TRUE) {
		llshim_msg_set(p->msg, p->file, ":");
		llshim_msg_add_uint(p->msg, (uint64_t)config_error_line(&cfg));
		llshim_msg_add(p->msg, ": ", config_error_text(&cfg));
		config_destroy(&cfg);
		return -EINVAL;
	}
	err = parse_root(p, &cfg);
	config_destroy(&cfg);
	return err;
}

static int file_error(struct parser *p, const char *path, const char *what,
		      int err)
{
	llshim_msg_set(p->msg, path, ": ", what);
	if (err)
		llshim_msg_add_errno(p->msg, err);
	return err ? -err : -EINVAL;
}

/* A directory, FIFO or device is refused before anything reads it. */
static int check_kind(struct parser *p, const char *path, const struct stat *st)
{
	if (!S_ISREG(st->st_mode))
		return file_error(p, path, "not a regular file", 0);
	if (st->st_size > LLSHIM_POLICY_MAX_BYTES)
		return file_error(p, path, "larger than 1 MiB", 0);
	return 0;
}

/* Reads the whole file: at most 1 MiB, no NUL byte. */
static int read_text(struct parser *p, const char *path, int fd, char **text)
{
	size_t len = 0;
	ssize_t n;
	char *buf;

	buf = malloc(LLSHIM_POLICY_MAX_BYTES + 2);
	if (!buf)
		return no_memory(p);
	while ((n = read(fd, buf + len, LLSHIM_POLICY_MAX_BYTES + 1 - len)) > 0)
		len += (size_t)n;
	if (n < 0 || len > LLSHIM_POLICY_MAX_BYTES || memchr(buf, 0, len)) {
		free(buf);
		if (n < 0)
			return file_error(p, path, "cannot read", errno);
		return file_error(p, path,
				  len > LLSHIM_POLICY_MAX_BYTES
				      ? "larger than 1 MiB"
				      : "contains a NUL byte",
				  0);
	}
	buf[len] = '\0';
	*text = buf;
	return 0;
}

static bool on_stack(const struct parser *p, const struct stat *st)
{
	int i;

	for (i = 0; i < p->depth; i++)
		if (p->stack[i].dev == st->st_dev &&
		    p->stack[i].ino == st->st_ino)
			return true;
	return false;
}

/* Parses one opened file (policy or profile) into p->policy; closes fd. */
static int parse_path(struct parser *p, const char *path,
		      enum llshim_trust trust, const struct stat *st, int fd)
{
	const char *outer_file = p->file;
	bool outer_top = p->top;
	char *text = NULL;
	int err;

	if (on_stack(p, st)) {
		close(fd);
		return file_error(p, path,
				  "include cycle: this file is "
				  "already being included",
				  0);
	}
	err = check_kind(p, path, st);
	if (!err)
		err = llshim_trust_check(fd, st, path, trust, p->policy->inputs,
					 p->msg);
	if (!err)
		err = read_text(p, path, fd, &text);
	close(fd);
	if (err)
		return err;
	/* What was read, as fstat saw it before: a change since is seen. */
	llshim_inputs_add_stat(p->policy->inputs, LLSHIM_INPUT_FILE, path, st);
	p->stack[p->depth++] = (struct file_id){ st->st_dev, st->st_ino };
	p->top = p->depth == 1;
	p->file = path;
	err = parse_text(p, text);
	p->file = outer_file;
	p->top = outer_top;
	p->depth--;
	free(text);
	return err;
}

static struct llshim_policy *new_policy(const char *path,
					const struct llshim_parse_options *opt)
{
	struct llshim_msg source;

	llshim_msg_set(
	    &source,
	    opt->kind == LLSHIM_POLICY_EXPLICIT ? LLSHIM_ENV_POLICY "=" : "",
	    path);
	return llshim_policy_new(source.text);
}

int llshim_parse_file(const char *path, const struct llshim_parse_options *opt,
		      struct llshim_policy **out, struct llshim_msg *msg)
{
	struct parser p = { .opt = opt, .msg = msg, .file = path };
	struct stat st;
	int fd, err;

	p.policy = new_policy(path, opt);
	if (p.policy)
		p.policy->inputs = llshim_inputs_new(opt->kind, path);
	if (!p.policy || !p.policy->inputs) {
		llshim_policy_free(p.policy);
		return no_memory(&p);
	}
	fd = open_policy(path, &st);
	if (fd < 0) {
		err = file_error(&p, path, "cannot open the policy", -fd);
	} else {
		err = parse_path(&p, path,
				 opt->kind == LLSHIM_POLICY_SYSTEM
				     ? LLSHIM_TRUST_ROOT
				     : LLSHIM_TRUST_USER,
				 &st, fd);
	}
	if (err) {
		llshim_policy_free(p.policy);
		return err;
	}
	*out = p.policy;
	return 0;
}

/* The private parser object's two entry points (policy/parser.map). */
__attribute__((visibility("default"))) int
llshim_parser_parse(const char *path, const struct llshim_parse_options *opt,
		    struct llshim_policy **out, struct llshim_msg *msg)
{
	return llshim_parse_file(path, opt, out, msg);
}

__attribute__((visibility("default"))) void
llshim_parser_free(struct llshim_policy *policy)
{
	llshim_policy_free(policy);
}
