// SPDX-License-Identifier: MIT
/*
 * llshim check [--json] FILE...: parse each policy with the shim's parser,
 * plan it for this kernel with the shim's planner, and show the ruleset it
 * makes here: rights granted per rule after file/directory masking, what
 * the layer handles, and what this kernel (or an abi pin) drops and why.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"
#include "landlock.h"
#include "plan.h"
#include "rights.h"

#define VERB "check"

enum rule_state { RULE_DIRECTORY, RULE_FILE, RULE_MISSING };

struct rule_report {
	const struct llshim_fs_rule *rule;
	enum rule_state state;
	int err; /* why it is missing */
	uint64_t granted;
	uint64_t not_for_file; /* directory-only rights on a file */
	uint64_t dropped;      /* not handled by this layer on this kernel */
};

struct report {
	const char *file;
	enum llshim_policy_kind kind;
	struct llshim_policy *policy; /* NULL when it did not parse */
	struct llshim_plan plan;
	bool planned;
	bool skipped; /* best-effort: nothing to restrict here */
	bool valid;
	struct llshim_msg error;
	struct rule_report *rules;
};

struct kernel {
	int abi;	       /* 0 when Landlock is unavailable */
	struct llshim_msg why; /* when unavailable */
};

static const char *kind_name(enum llshim_policy_kind kind)
{
	switch (kind) {
	case LLSHIM_POLICY_SYSTEM:
		return "system";
	case LLSHIM_POLICY_USER:
		return "user";
	case LLSHIM_POLICY_EXPLICIT:
		break;
	}
	return "explicit";
}

static const char *kind_description(enum llshim_policy_kind kind)
{
	switch (kind) {
	case LLSHIM_POLICY_SYSTEM:
		return "system policy (root's policy.d)";
	case LLSHIM_POLICY_USER:
		return "user policy (the user's policy.d)";
	case LLSHIM_POLICY_EXPLICIT:
		break;
	}
	return "explicit policy (as LLSHIM_POLICY or llshim run --policy)";
}

static bool same_dir(const char *real_dir, const char *dir)
{
	char real[PATH_MAX];

	return dir && realpath(dir, real) && strcmp(real, real_dir) == 0;
}

/* A file in a policy.d is read there with that directory's trust rules. */
static enum llshim_policy_kind kind_of(const char *file)
{
	char copy[PATH_MAX], real_dir[PATH_MAX], user[PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", file);
	if (!realpath(dirname(copy), real_dir))
		return LLSHIM_POLICY_EXPLICIT;
	if (same_dir(real_dir, LLSHIM_SYSTEM_POLICY_DIR))
		return LLSHIM_POLICY_SYSTEM;
	if (same_dir(real_dir, llshim_cli_user_policy_dir(user, sizeof(user))))
		return LLSHIM_POLICY_USER;
	return LLSHIM_POLICY_EXPLICIT;
}

/* As the shim: a path the caller cannot reach counts as missing. */
static bool is_missing(int err)
{
	return err == ENOENT || err == ENOTDIR || err == EACCES || err == ELOOP;
}

/* Opens the path as the shim does (O_PATH), to see what it would see. */
static void inspect_rule(struct report *rep, struct rule_report *rr)
{
	const struct llshim_fs_rule *rule = rr->rule;
	uint64_t handled;
	struct stat st;
	int fd = open(rule->path, O_PATH | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st)) {
		rr->state = RULE_MISSING;
		rr->err = errno;
		if (fd >= 0)
			close(fd);
		if (rule->required || !is_missing(rr->err)) {
			rep->valid = false;
			llshim_msg_set(&rep->error, rule->origin, ": ",
				       is_missing(rr->err)
					   ? "required path missing: \""
					   : "cannot open \"",
				       rule->path, "\"");
			llshim_msg_add_errno(&rep->error, rr->err);
			llshim_cli_error("%s", rep->error.text);
		} else {
			llshim_cli_warn("%s: path \"%s\": %s (skipped)",
					rule->origin, rule->path,
					strerror(rr->err));
		}
		return;
	}
	close(fd);
	rr->state = S_ISDIR(st.st_mode) ? RULE_DIRECTORY : RULE_FILE;
	if (!rep->planned)
		return;
	handled = rep->plan.attr.handled_access_fs;
	rr->granted = llshim_plan_rule_access(&rep->plan, rule->access,
					      rr->state == RULE_DIRECTORY);
	rr->dropped = rule->access & ~handled;
	rr->not_for_file = rule->access & handled & ~rr->granted;
}

static void plan_policy(struct report *rep, const struct kernel *k)
{
	int err;

	/* As the shim: no Landlock refuses a hard policy outright. */
	if (!k->abi && rep->policy->compat == LLSHIM_COMPAT_HARD) {
		rep->valid = false;
		llshim_msg_set(&rep->error, rep->file,
			       ": compat = \"hard\" but ", k->why.text);
		llshim_cli_error("%s", rep->error.text);
		return;
	}
	err = llshim_plan_layer(rep->policy, k->abi, &rep->plan, &rep->error);
	if (err == -ENOMSG && rep->policy->compat == LLSHIM_COMPAT_BEST_EFFORT)
		rep->skipped = true;
	else if (err) {
		rep->valid = false;
		llshim_cli_error("%s", rep->error.text);
		return;
	}
	rep->planned = true;
}

static void check_file(struct report *rep, const struct kernel *k)
{
	size_t i;

	rep->valid = true;
	rep->kind = kind_of(rep->file);
	if (llshim_cli_parse_policy(rep->file, rep->kind, &rep->policy,
				    &rep->error)) {
		rep->valid = false;
		llshim_cli_error("%s", rep->error.text);
		return;
	}
	plan_policy(rep, k);
	if (!rep->valid)
		return;
	rep->rules = calloc(rep->policy->fs_count + 1, sizeof(*rep->rules));
	if (!rep->rules) {
		llshim_cli_error("out of memory");
		exit(LLSHIM_EXIT_INVALID);
	}
	for (i = 0; i < rep->policy->fs_count; i++) {
		rep->rules[i].rule = &rep->policy->fs[i];
		inspect_rule(rep, &rep->rules[i]);
	}
}

/* Why a right was dropped: the kernel is too old, or the policy pins. */
static const char *drop_reason(const struct report *rep, int needs,
			       const struct kernel *k, char *buf, size_t size)
{
	if (needs > k->abi && k->abi == 0)
		snprintf(buf, size, "Landlock is unavailable");
	else if (needs > k->abi)
		snprintf(buf, size, "kernel has %d", k->abi);
	else
		snprintf(buf, size, "policy pins abi = %d",
			 rep->policy->abi_pin);
	return buf;
}

struct dropped_set {
	enum llshim_right_set set;
	const char *label; /* for text */
	const char *key;   /* for JSON */
	uint64_t rights;
};

static void dropped_sets(const struct report *rep, struct dropped_set out[4])
{
	out[0] = (struct dropped_set){ LLSHIM_SET_FS, "fs right", "fs",
				       rep->plan.dropped_fs };
	out[1] = (struct dropped_set){ LLSHIM_SET_NET, "net right", "net",
				       rep->plan.dropped_net };
	out[2] = (struct dropped_set){ LLSHIM_SET_SCOPE, "scope", "scope",
				       rep->plan.dropped_scoped };
	out[3] = (struct dropped_set){ LLSHIM_SET_FLAG, "flag", "flag",
				       rep->plan.dropped_flags };
}

/* ---- text ---- */

static void print_ports(const char *label, const struct llshim_port_rules *r)
{
	size_t i;

	printf("  tcp %s: ", label);
	if (!r->handled)
		printf("unrestricted\n");
	else if (!r->count)
		printf("no port allowed\n");
	for (i = 0; r->handled && i < r->count; i++)
		printf("%u%s", r->ports[i], i + 1 < r->count ? "," : "\n");
}

static void print_rule(const struct rule_report *rr)
{
	char names[LLSHIM_MSG_MAX];

	printf("    %s", rr->rule->path);
	if (rr->state == RULE_MISSING) {
		printf(": missing (%s) [%s]\n",
		       rr->rule->required ? "required" : "skipped",
		       rr->rule->origin);
		return;
	}
	printf(" (%s): ", rr->state == RULE_DIRECTORY ? "directory" : "file");
	printf("%s", rr->granted ? llshim_cli_rights(LLSHIM_SET_FS, rr->granted,
						     names, sizeof(names))
				 : "nothing granted (no rule added)");
	if (rr->not_for_file)
		printf("; not for a file: %s",
		       llshim_cli_rights(LLSHIM_SET_FS, rr->not_for_file, names,
					 sizeof(names)));
	if (rr->dropped)
		printf("; dropped for this kernel: %s",
		       llshim_cli_rights(LLSHIM_SET_FS, rr->dropped, names,
					 sizeof(names)));
	printf(" [%s]\n", rr->rule->origin);
}

static void print_dropped(const struct report *rep, const struct kernel *k)
{
	struct dropped_set sets[4];
	char name[64], reason[64];
	uint64_t bit;
	bool any = false;
	int s, needs;

	dropped_sets(rep, sets);
	printf("  dropped for this kernel:");
	for (s = 0; s < 4; s++) {
		for (bit = 1; bit; bit <<= 1) {
			if (!(sets[s].rights & bit))
				continue;
			needs = llshim_cli_right_abi(sets[s].set, bit);
			printf(
			    "\n    %s %s: needs ABI %d, %s", sets[s].label,
			    llshim_cli_right_name(sets[s].set, bit, name,
						  sizeof(name)),
			    needs,
			    drop_reason(rep, needs, k, reason, sizeof(reason)));
			any = true;
		}
	}
	printf("%s\n", any ? "" : " none");
}

static void print_plan(const struct report *rep)
{
	const struct llshim_plan *plan = &rep->plan;
	char names[LLSHIM_MSG_MAX];

	printf("  handled fs: %s\n",
	       llshim_cli_rights(LLSHIM_SET_FS, plan->attr.handled_access_fs,
				 names, sizeof(names)));
	printf("  handled net: %s\n",
	       llshim_cli_rights(LLSHIM_SET_NET, plan->attr.handled_access_net,
				 names, sizeof(names)));
	printf("  scoped: %s\n",
	       llshim_cli_rights(LLSHIM_SET_SCOPE, plan->attr.scoped, names,
				 sizeof(names)));
	printf("  flags: %s\n",
	       llshim_cli_rights(LLSHIM_SET_FLAG, plan->restrict_flags, names,
				 sizeof(names)));
}

static void print_report(const struct report *rep, const struct kernel *k)
{
	const struct llshim_policy *p = rep->policy;
	size_t i;

	printf("%s: %s\n", rep->file, rep->valid ? "valid" : "invalid");
	if (!p || !rep->planned)
		return;
	printf("  checked as: %s\n", kind_description(rep->kind));
	if (k->abi)
		printf("  kernel: Landlock ABI %d\n", k->abi);
	else
		printf("  kernel: %s\n", k->why.text);
	printf("  compat: %s\n",
	       p->compat == LLSHIM_COMPAT_HARD ? "hard" : "best-effort");
	if (p->abi_pin)
		printf("  abi: %d (pinned)\n", p->abi_pin);
	else
		printf("  abi: not pinned (every right the kernel knows)\n");
	if (rep->skipped)
		printf("  layer: skipped: nothing to restrict on this kernel; "
		       "the program would run unsandboxed\n");
	print_plan(rep);
	printf("  rules:%s\n", p->fs_count ? "" : " none");
	for (i = 0; i < p->fs_count; i++)
		print_rule(&rep->rules[i]);
	print_ports("connect", &p->connect);
	print_ports("bind", &p->bind);
	print_dropped(rep, k);
}

/* ---- JSON ---- */

static void json_rights(struct llshim_json *j, const char *key,
			enum llshim_right_set set, uint64_t rights)
{
	char name[64];
	uint64_t bit;

	llshim_json_begin_array(j, key);
	for (bit = 1; bit; bit <<= 1)
		if ((rights & bit) &&
		    llshim_cli_right_name(set, bit, name, sizeof(name)))
			llshim_json_string(j, NULL, name);
	llshim_json_end_array(j);
}

static void json_rule(struct llshim_json *j, const struct rule_report *rr)
{
	static const char *const states[] = { "directory", "file", "missing" };

	llshim_json_begin_object(j, NULL);
	llshim_json_string(j, "path", rr->rule->path);
	llshim_json_string(j, "origin", rr->rule->origin);
	llshim_json_bool(j, "required", rr->rule->required);
	llshim_json_string(j, "type", states[rr->state]);
	llshim_json_string(
	    j, "error", rr->state == RULE_MISSING ? strerror(rr->err) : NULL);
	json_rights(j, "asked", LLSHIM_SET_FS, rr->rule->access);
	json_rights(j, "granted", LLSHIM_SET_FS, rr->granted);
	json_rights(j, "not_for_file", LLSHIM_SET_FS, rr->not_for_file);
	json_rights(j, "dropped", LLSHIM_SET_FS, rr->dropped);
	llshim_json_end_object(j);
}

static void json_ports(struct llshim_json *j, const char *key,
		       const struct llshim_port_rules *r)
{
	size_t i;

	llshim_json_begin_object(j, key);
	llshim_json_bool(j, "handled", r->handled);
	llshim_json_begin_array(j, "ports");
	for (i = 0; i < r->count; i++)
		llshim_json_uint(j, NULL, r->ports[i]);
	llshim_json_end_array(j);
	llshim_json_end_object(j);
}

static void json_dropped(struct llshim_json *j, const struct report *rep,
			 const struct kernel *k)
{
	struct dropped_set sets[4];
	char name[64], reason[64];
	uint64_t bit;
	int s, needs;

	dropped_sets(rep, sets);
	llshim_json_begin_array(j, "dropped");
	for (s = 0; s < 4; s++) {
		for (bit = 1; bit; bit <<= 1) {
			if (!(sets[s].rights & bit))
				continue;
			needs = llshim_cli_right_abi(sets[s].set, bit);
			llshim_json_begin_object(j, NULL);
			llshim_json_string(j, "set", sets[s].key);
			llshim_json_string(j, "name",
					   llshim_cli_right_name(sets[s].set,
								 bit, name,
								 sizeof(name)));
			llshim_json_int(j, "needs_abi", needs);
			llshim_json_string(
			    j, "reason",
			    drop_reason(rep, needs, k, reason, sizeof(reason)));
			llshim_json_end_object(j);
		}
	}
	llshim_json_end_array(j);
}

static void json_plan(struct llshim_json *j, const struct report *rep,
		      const struct kernel *k)
{
	const struct llshim_policy *p = rep->policy;
	size_t i;

	llshim_json_string(j, "compat",
			   p->compat == LLSHIM_COMPAT_HARD ? "hard"
							   : "best-effort");
	if (p->abi_pin)
		llshim_json_int(j, "abi_pin", p->abi_pin);
	else
		llshim_json_string(j, "abi_pin", NULL);
	llshim_json_bool(j, "skipped", rep->skipped);
	llshim_json_begin_object(j, "handled");
	json_rights(j, "fs", LLSHIM_SET_FS, rep->plan.attr.handled_access_fs);
	json_rights(j, "net", LLSHIM_SET_NET,
		    rep->plan.attr.handled_access_net);
	json_rights(j, "scoped", LLSHIM_SET_SCOPE, rep->plan.attr.scoped);
	llshim_json_end_object(j);
	json_rights(j, "flags", LLSHIM_SET_FLAG, rep->plan.restrict_flags);
	llshim_json_begin_array(j, "rules");
	for (i = 0; i < p->fs_count; i++)
		json_rule(j, &rep->rules[i]);
	llshim_json_end_array(j);
	llshim_json_begin_object(j, "net");
	json_ports(j, "connect", &p->connect);
	json_ports(j, "bind", &p->bind);
	llshim_json_end_object(j);
	json_dropped(j, rep, k);
}

static void json_report(struct llshim_json *j, const struct report *rep,
			const struct kernel *k)
{
	llshim_json_begin_object(j, NULL);
	llshim_json_string(j, "file", rep->file);
	llshim_json_string(j, "kind", kind_name(rep->kind));
	llshim_json_bool(j, "valid", rep->valid);
	llshim_json_string(j, "error", rep->valid ? NULL : rep->error.text);
	if (rep->policy && rep->planned)
		json_plan(j, rep, k);
	llshim_json_end_object(j);
}

static void json_kernel(struct llshim_json *j, const struct kernel *k)
{
	llshim_json_begin_object(j, "kernel");
	llshim_json_bool(j, "landlock", k->abi > 0);
	llshim_json_int(j, "abi", k->abi);
	llshim_json_string(j, "error", k->abi ? NULL : k->why.text);
	llshim_json_end_object(j);
}

/* ---- the verb ---- */

static const struct option options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void probe_kernel(struct kernel *k)
{
	int abi = llshim_landlock_abi();

	k->abi = abi > 0 ? abi : 0;
	llshim_msg_clear(&k->why);
	if (abi < 0)
		llshim_landlock_explain(abi, &k->why);
}

static void release(struct report *rep)
{
	free(rep->rules);
	llshim_policy_free(rep->policy);
}

int llshim_cmd_check(int argc, char **argv)
{
	struct llshim_json j;
	struct report rep;
	struct kernel k;
	bool json = false, all_valid = true;
	int opt, status, i;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:hj", options, NULL)) != -1) {
		if (opt == 'j') {
			json = true;
			continue;
		}
		status = llshim_cli_common_option(VERB, opt, argv);
		if (status >= 0)
			return status;
	}
	if (optind == argc)
		return llshim_cli_usage_error(VERB,
					      "check: no policy file given");
	probe_kernel(&k);
	if (json) {
		llshim_json_init(&j, stdout);
		llshim_json_begin_object(&j, NULL);
		json_kernel(&j, &k);
		llshim_json_begin_array(&j, "files");
	}
	for (i = optind; i < argc; i++) {
		rep = (struct report){ .file = argv[i] };
		check_file(&rep, &k);
		all_valid = all_valid && rep.valid;
		if (json)
			json_report(&j, &rep, &k);
		else
			print_report(&rep, &k);
		release(&rep);
	}
	if (json) {
		llshim_json_end_array(&j);
		llshim_json_end_object(&j);
	}
	return all_valid ? LLSHIM_EXIT_OK : LLSHIM_EXIT_INVALID;
}
