// SPDX-License-Identifier: MIT
/* Variable expansion in policy paths. */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "expand.h"

struct out_buf {
	char *text;
	size_t len;
	size_t size;
};

static int put(struct out_buf *out, const char *s, size_t n)
{
	if (out->len + n >= out->size)
		return -ENAMETOOLONG;
	memcpy(out->text + out->len, s, n);
	out->len += n;
	out->text[out->len] = '\0';
	return 0;
}

static bool is_name_char(char c, bool first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (!first && c >= '0' && c <= '9');
}

/*
 * HOME, USER and UID of the real user, from the kernel and passwd.  A
 * compiled policy can check UID (compiled.h) but not the password
 * database: a policy that used HOME or USER is not compiled.
 */
static const char *system_value(const char *name, char *number, size_t size,
				struct llshim_inputs *inputs)
{
	struct passwd *pw;
	uid_t uid = getuid();
	size_t i = size - 1;

	if (strcmp(name, "UID") == 0) {
		number[i] = '\0';
		do {
			number[--i] = (char)('0' + uid % 10);
			uid /= 10;
		} while (uid && i);
		llshim_inputs_add_var(inputs, name, number + i);
		return number + i;
	}
	if (strcmp(name, "HOME") != 0 && strcmp(name, "USER") != 0)
		return NULL;
	if (inputs)
		inputs->uncacheable = true;
	pw = getpwuid(uid);
	if (!pw)
		return NULL;
	return strcmp(name, "HOME") == 0 ? pw->pw_dir : pw->pw_name;
}

/* Where variables come from: the kind of policy, and its environment;
 * where the values used are recorded. */
struct vars {
	enum llshim_policy_kind kind;
	char *const *env;
	struct llshim_inputs *inputs;
};

static const char *lookup(const char *name, const struct vars *vars,
			  char *number, size_t size)
{
	const char *value;

	if (vars->kind == LLSHIM_POLICY_SYSTEM)
		return system_value(name, number, size, vars->inputs);
	value = llshim_env_lookup(vars->env ? vars->env : environ, name);
	/* Unset too: setting it later changes a ${NAME:-default}. */
	llshim_inputs_add_var(vars->inputs, name, value);
	return value;
}

/* One ${...} starting at @p (past "${"); returns the byte after '}'. */
static const char *expand_one(const char *p, const struct vars *vars,
			      struct out_buf *out, struct llshim_msg *why)
{
	char name[128], number[24];
	const char *value, *close, *deflt = NULL;
	size_t len = 0;

	while (len < sizeof(name) - 1 && is_name_char(p[len], len == 0))
		len++;
	memcpy(name, p, len);
	name[len] = '\0';
	close = strchr(p + len, '}');
	if (!len || !close) {
		llshim_msg_set(why, "bad variable reference \"${");
		llshim_msg_add(why, name,
			       "\": expected ${NAME} or "
			       "${NAME:-default}");
		return NULL;
	}
	if (p[len] == ':' && p[len + 1] == '-')
		deflt = p + len + 2;
	else if (p + len != close) {
		llshim_msg_set(why, "bad variable reference \"${", name,
			       "...\": expected ${NAME} or ${NAME:-default}");
		return NULL;
	}
	value = lookup(name, vars, number, sizeof(number));
	if (value && *value) {
		if (put(out, value, strlen(value)))
			goto too_long;
	} else if (deflt) {
		if (put(out, deflt, (size_t)(close - deflt)))
			goto too_long;
	} else {
		llshim_msg_set(why, "variable ${", name, "} is not set",
			       vars->kind == LLSHIM_POLICY_SYSTEM
				   ? " (system policies know only HOME, USER "
				     "and UID)"
				   : "");
		return NULL;
	}
	return close + 1;
too_long:
	llshim_msg_set(why, "path too long after expanding ${", name, "}");
	return NULL;
}

int llshim_expand(const char *in, enum llshim_policy_kind kind,
		  char *const *env, struct llshim_inputs *inputs, char *out,
		  size_t size, struct llshim_msg *why)
{
	const struct vars vars = { kind, env, inputs };
	struct out_buf buf = { out, 0, size };
	const char *dollar;

	out[0] = '\0';
	while ((dollar = strstr(in, "${"))) {
		if (put(&buf, in, (size_t)(dollar - in))) {
			llshim_msg_set(why, "path too long");
			return -EINVAL;
		}
		in = expand_one(dollar + 2, &vars, &buf, why);
		if (!in)
			return -EINVAL;
	}
	if (put(&buf, in, strlen(in))) {
		llshim_msg_set(why, "path too long");
		return -EINVAL;
	}
	return 0;
}
