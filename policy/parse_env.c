// SPDX-License-Identifier: MIT
/*
 * The inline policy: the kernel sample sandboxer's LL_* variables, with the
 * sample's meanings (samples/landlock/sandboxer.c), except that no variable
 * is mandatory: any one of them being set makes a policy.
 */
#include <errno.h>

#include "policy.h"
#include "rights.h"
#include "str.h"

/* Arrays, not pointers: the shim has no relocations (shim/layout.ld.in). */
#define NAME_ROOM 16
#define FITS(name)                                                             \
	_Static_assert(sizeof(name) <= NAME_ROOM, name " is too long")
FITS(LLSHIM_ENV_FS_RO);
FITS(LLSHIM_ENV_FS_RW);
FITS(LLSHIM_ENV_TCP_BIND);
FITS(LLSHIM_ENV_TCP_CONNECT);
FITS(LLSHIM_ENV_SCOPED);
FITS(LLSHIM_ENV_FORCE_LOG);

static const char inline_names[][NAME_ROOM] = {
	LLSHIM_ENV_FS_RO,	LLSHIM_ENV_FS_RW,  LLSHIM_ENV_TCP_BIND,
	LLSHIM_ENV_TCP_CONNECT, LLSHIM_ENV_SCOPED, LLSHIM_ENV_FORCE_LOG,
};

bool llshim_env_is_inline_var(const char *entry)
{
	size_t i, len;

	/* Freestanding: the shim's front calls this for every variable. */
	if (entry[0] != 'L' || entry[1] != 'L' || entry[2] != '_')
		return false;
	for (i = 0; i < sizeof(inline_names) / sizeof(inline_names[0]); i++) {
		len = llshim_strlen(inline_names[i]);
		if (llshim_memeq(entry, inline_names[i], len) &&
		    entry[len] == '=')
			return true;
	}
	return false;
}

/* One pass, keeping the order of the rest, as unsetenv() of each would. */
void llshim_env_scrub(char **env)
{
	static const char policy_var[] = LLSHIM_ENV_POLICY "=";
	char **kept = env;

	for (; env && *env; env++)
		if (!llshim_env_is_inline_var(*env) &&
		    !llshim_memeq(*env, policy_var, sizeof(policy_var) - 1))
			*kept++ = *env;
	if (kept)
		*kept = NULL;
}

/* "NAME: what "value" (hint)", the value cut to a sane length. */
static int bad_value(struct llshim_msg *msg, const char *name, const char *what,
		     const char *value, size_t len, const char *hint)
{
	char shown[128];

	if (len >= sizeof(shown))
		len = sizeof(shown) - 1;
	llshim_memcpy(shown, value, len);
	shown[len] = '\0';
	llshim_msg_set(msg, name, ": ", what, " \"", shown, "\" (", hint, ")");
	return -EINVAL;
}

/* Calls @fn on each colon-separated element of @list (empty ones too). */
static int for_each_element(const char *list,
			    int (*fn)(const char *elem, size_t len, void *ctx),
			    void *ctx)
{
	const char *start = list;
	const char *colon;
	int err;

	for (;;) {
		colon = start + llshim_strcspn(start, ":");
		err = fn(start, (size_t)(colon - start), ctx);
		if (err || !*colon)
			return err;
		start = colon + 1;
	}
}

struct fs_ctx {
	struct llshim_policy *policy;
	const char *name;
	uint64_t access;
};

/* Like the sample: empty elements are skipped, paths are used as given. */
static int add_fs_element(const char *elem, size_t len, void *opaque)
{
	struct fs_ctx *ctx = opaque;

	if (!len)
		return 0;
	return llshim_policy_add_fs(ctx->policy, elem, len, ctx->access, false,
				    ctx->name);
}

static int parse_fs(char *const *env, struct llshim_policy *policy,
		    const char *name, uint64_t access)
{
	const char *value = llshim_env_lookup(env, name);
	struct fs_ctx ctx = { policy, name, access };

	if (!value)
		return 0;
	return for_each_element(value, add_fs_element, &ctx);
}

struct port_ctx {
	struct llshim_port_rules *rules;
	const char *name;
	struct llshim_msg *msg;
};

bool llshim_parse_port(const char *s, size_t len, uint16_t *port)
{
	uint32_t value = 0;
	size_t i;

	if (!len || len > 5)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		value = value * 10 + (uint32_t)(s[i] - '0');
	}
	if (value > 65535)
		return false;
	*port = (uint16_t)value;
	return true;
}

static int add_port_element(const char *elem, size_t len, void *opaque)
{
	struct port_ctx *ctx = opaque;
	uint16_t port;

	if (!len)
		return 0;
	if (!llshim_parse_port(elem, len, &port))
		return bad_value(ctx->msg, ctx->name, "bad port", elem, len,
				 "0 to 65535 expected");
	return llshim_policy_add_port(ctx->rules, port);
}

/* Set, even empty, means handled: an empty list denies every port. */
static int parse_ports(char *const *env, struct llshim_port_rules *rules,
		       const char *name, struct llshim_msg *msg)
{
	const char *value = llshim_env_lookup(env, name);
	struct port_ctx ctx = { rules, name, msg };

	if (!value)
		return 0;
	rules->handled = true;
	return for_each_element(value, add_port_element, &ctx);
}

static int add_scope_element(const char *elem, size_t len, void *opaque)
{
	struct llshim_policy *policy = opaque;
	uint64_t scope = 0;

	if (len == 1 && elem[0] == 'a')
		scope = LLSHIM_SCOPE_ABSTRACT_UNIX_SOCKET;
	else if (len == 1 && elem[0] == 's')
		scope = LLSHIM_SCOPE_SIGNAL;
	if (!scope || (policy->scoped & scope))
		return -EINVAL;
	policy->scoped |= scope;
	return 0;
}

/* "a" and "s", colon-separated, each at most once; empty means none. */
static int parse_scoped(char *const *env, struct llshim_policy *policy,
			struct llshim_msg *msg)
{
	const char *value = llshim_env_lookup(env, LLSHIM_ENV_SCOPED);

	if (!value || !*value)
		return 0;
	if (for_each_element(value, add_scope_element, policy))
		return bad_value(msg, LLSHIM_ENV_SCOPED,
				 "unknown or repeated scope in", value,
				 llshim_strlen(value), "a, s expected");
	return 0;
}

/* Only "1", as in the sample: log denials of programs this one executes. */
static int parse_force_log(char *const *env, struct llshim_policy *policy,
			   struct llshim_msg *msg)
{
	const char *value = llshim_env_lookup(env, LLSHIM_ENV_FORCE_LOG);

	if (!value)
		return 0;
	if (!llshim_streq(value, "1"))
		return bad_value(msg, LLSHIM_ENV_FORCE_LOG, "bad value", value,
				 llshim_strlen(value),
				 "only \"1\" is accepted");
	policy->restrict_flags |= LLSHIM_RESTRICT_LOG_NEW_EXEC_ON;
	return 0;
}

static int parse_all(char *const *env, struct llshim_policy *policy,
		     struct llshim_msg *msg)
{
	int err;

	policy->fs_handled = llshim_env_lookup(env, LLSHIM_ENV_FS_RO) ||
			     llshim_env_lookup(env, LLSHIM_ENV_FS_RW);
	err = parse_fs(env, policy, LLSHIM_ENV_FS_RO, LLSHIM_SAMPLE_RO);
	if (!err)
		err = parse_fs(env, policy, LLSHIM_ENV_FS_RW, LLSHIM_SAMPLE_RW);
	if (!err)
		err = parse_ports(env, &policy->bind, LLSHIM_ENV_TCP_BIND, msg);
	if (!err)
		err = parse_ports(env, &policy->connect, LLSHIM_ENV_TCP_CONNECT,
				  msg);
	if (!err)
		err = parse_scoped(env, policy, msg);
	if (!err)
		err = parse_force_log(env, policy, msg);
	if (err == -ENOMEM)
		llshim_msg_set(msg, "LL_* variables: out of memory");
	return err;
}

int llshim_parse_env(char *const *env, struct llshim_policy **out,
		     struct llshim_msg *msg)
{
	struct llshim_policy *policy = llshim_policy_new("LL_* variables");
	int err;

	if (!policy) {
		llshim_msg_set(msg, "LL_* variables: out of memory");
		return -ENOMEM;
	}
	err = parse_all(env, policy, msg);
	if (!err && !policy->fs_handled && !policy->bind.handled &&
	    !policy->connect.handled && !policy->scoped) {
		llshim_msg_set(
		    msg, "the LL_* variables set restrict nothing (set "
			 "LL_FS_RO, LL_FS_RW, LL_TCP_BIND, LL_TCP_CONNECT "
			 "or LL_SCOPED)");
		err = -EINVAL;
	}
	if (err) {
		llshim_policy_free(policy);
		return err;
	}
	*out = policy;
	return 0;
}
