// SPDX-License-Identifier: MIT
/*
 * The constructor, and nothing else: find the policy sources that apply to
 * this program, load them, apply one Landlock layer per source, or refuse
 * to let the program run (SPEC.md sections 2 and 5).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "landlock.h"
#include "log.h"
#include "parser.h"
#include "plan.h"
#include "policy.h"
#include "rights.h"
#include "self.h"

/* The kernel stacks at most 16 Landlock layers. */
#define MAX_LAYERS 16

struct layer {
	struct llshim_policy *policy;
	void (*free)(struct llshim_policy *policy); /* its allocator's free */
	struct llshim_plan plan;
	int fd;
	unsigned rule_count;
};

struct startup {
	struct layer layers[MAX_LAYERS];
	size_t count;
	struct llshim_parser parser;
	bool debug;
	struct llshim_msg msg;
};

/* One pass over environ: the pass-through path must stay this cheap. */
static bool environ_names_a_source(void)
{
	static const char policy_var[] = LLSHIM_ENV_POLICY "=";
	char **entry;

	for (entry = environ; entry && *entry; entry++) {
		if ((*entry)[0] != 'L' || (*entry)[1] != 'L')
			continue;
		if (strncmp(*entry, policy_var, sizeof(policy_var) - 1) == 0 ||
		    llshim_env_is_inline_var(*entry))
			return true;
	}
	return false;
}

static bool has_sources(void)
{
	/* Secure execution: the environment is the attacker's (SPEC 3). */
	if (getauxval(AT_SECURE))
		return false;
	return environ_names_a_source();
}

static struct layer *new_layer(struct startup *s)
{
	if (s->count == MAX_LAYERS)
		llshim_refuse("more than 16 policy layers: Landlock stacks "
			      "at most 16");
	s->layers[s->count] = (struct layer){ .fd = -1 };
	return &s->layers[s->count++];
}

static void load_explicit(struct startup *s, const char *path)
{
	char user_dir[4096];
	static const char *const dirs[] = { LLSHIM_SYSTEM_PROFILES,
					    LLSHIM_SHIPPED_PROFILES, NULL };
	struct llshim_parse_options opt = { LLSHIM_POLICY_EXPLICIT, dirs,
					    NULL };
	struct layer *layer;

	if (!*path)
		llshim_refuse(LLSHIM_ENV_POLICY " is set but empty");
	/* Explicit and user policies may also include the user's profiles. */
	if (llshim_user_config_path(user_dir, sizeof(user_dir), "profiles") ==
	    0)
		opt.user_profile_dir = user_dir;
	if (!s->parser.handle && llshim_parser_open(&s->parser, &s->msg))
		llshim_refuse(s->msg.text);
	layer = new_layer(s);
	if (s->parser.parse(path, &opt, &layer->policy, &s->msg))
		llshim_refuse(s->msg.text);
	layer->free = s->parser.free;
}

static void load_inline(struct startup *s)
{
	struct layer *layer = new_layer(s);

	if (llshim_parse_env(&layer->policy, &s->msg))
		llshim_refuse(s->msg.text);
	layer->free = llshim_policy_free;
}

/* Sources in SPEC order; each that yields a policy is one layer. */
static void load_sources(struct startup *s)
{
	const char *explicit_path = getenv(LLSHIM_ENV_POLICY);
	char **entry;

	if (explicit_path)
		load_explicit(s, explicit_path);
	for (entry = environ; entry && *entry; entry++) {
		if (llshim_env_is_inline_var(*entry)) {
			load_inline(s);
			break;
		}
	}
}

static bool any_hard(const struct startup *s)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		if (s->layers[i].policy->compat == LLSHIM_COMPAT_HARD)
			return true;
	return false;
}

static void release(struct startup *s)
{
	size_t i;

	for (i = 0; i < s->count; i++) {
		if (s->layers[i].fd >= 0)
			close(s->layers[i].fd);
		s->layers[i].free(s->layers[i].policy);
	}
	s->count = 0;
	llshim_parser_close(&s->parser);
}

/*
 * Descendants keep LD_PRELOAD, so their loader must read this library (and
 * their own per-binary policies the parser) whatever the policy grants;
 * otherwise every child would print a loader error and run unsandboxed by
 * its own policies.  Reading these two files reveals nothing.
 */
static void allow_own_files(struct startup *s, struct layer *layer)
{
	char parser[4096];
	const char *self = llshim_self_path();

	if (self && llshim_ruleset_add_path(layer->fd, &layer->plan, self,
					    LLSHIM_FS_READ_FILE, &s->msg))
		llshim_refuse(s->msg.text);
	if (!llshim_sibling_path(LLSHIM_PARSER_NAME, parser, sizeof(parser)) &&
	    llshim_ruleset_add_path(layer->fd, &layer->plan, parser,
				    LLSHIM_FS_READ_FILE, &s->msg))
		llshim_refuse(s->msg.text);
}

/* Plans and fills every ruleset before enforcing any: no half domain. */
static void build_layers(struct startup *s, int abi)
{
	struct layer *layer;
	size_t i;
	int err;

	for (i = 0; i < s->count; i++) {
		layer = &s->layers[i];
		err = llshim_plan_layer(layer->policy, abi, &layer->plan,
					&s->msg);
		if (err == -ENOMSG &&
		    layer->policy->compat == LLSHIM_COMPAT_BEST_EFFORT) {
			llshim_msg_add(&s->msg, "; layer skipped");
			llshim_log(s->msg.text);
			continue;
		}
		if (err)
			llshim_refuse(s->msg.text);
		if (llshim_ruleset_build(layer->policy, &layer->plan,
					 &layer->fd, &layer->rule_count,
					 &s->msg))
			llshim_refuse(s->msg.text);
		allow_own_files(s, layer);
	}
}

/* Field 20 of /proc/self/stat, after the parenthesised command name. */
static long count_threads(void)
{
	char buf[1024];
	const char *p;
	ssize_t n;
	int fd, field;

	fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	for (field = 2; p && field < 20; field++)
		p = strchr(p + 1, ' ');
	return p ? strtol(p + 1, NULL, 10) : -1;
}

/* Landlock restricts the calling thread; others need TSYNC (ABI 8). */
static uint32_t thread_flags(int abi)
{
	struct llshim_msg msg;
	long threads = count_threads();

	if (threads == 1)
		return 0;
	if (abi >= 8)
		return LLSHIM_RESTRICT_TSYNC;
	if (threads < 0)
		llshim_refuse("cannot count this process's threads "
			      "(/proc/self/stat unreadable), so cannot know "
			      "that the sandbox covers them all");
	llshim_msg_set(&msg, "");
	llshim_msg_add_uint(&msg, (uint64_t)threads);
	llshim_msg_add(&msg, " threads are already running and this kernel "
			     "(Landlock ABI ");
	llshim_msg_add_uint(&msg, (uint64_t)abi);
	llshim_msg_add(&msg, ") cannot restrict them all (needs ABI 8, TSYNC)");
	llshim_refuse(msg.text);
}

static void enforce_layers(struct startup *s, int abi)
{
	uint32_t extra = thread_flags(abi);
	struct layer *layer;
	size_t i;
	int err;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		llshim_msg_set(&s->msg, "cannot set no_new_privs");
		llshim_msg_add_errno(&s->msg, errno);
		llshim_refuse(s->msg.text);
	}
	for (i = 0; i < s->count; i++) {
		layer = &s->layers[i];
		if (layer->fd < 0)
			continue;
		err = llshim_ruleset_enforce(
		    layer->fd, layer->plan.restrict_flags | extra);
		if (err) {
			llshim_msg_set(&s->msg, layer->policy->source,
				       ": cannot enforce the Landlock ruleset");
			llshim_msg_add_errno(&s->msg, -err);
			llshim_refuse(s->msg.text);
		}
	}
}

static void debug_layer(const struct layer *layer, size_t index)
{
	struct llshim_msg msg;
	const struct llshim_plan *plan = &layer->plan;

	llshim_msg_set(&msg, "layer ");
	llshim_msg_add_uint(&msg, index + 1);
	llshim_msg_add(&msg, ": ", layer->policy->source, ": ");
	if (layer->fd < 0) {
		llshim_msg_add(&msg, "skipped");
		llshim_log(msg.text);
		return;
	}
	llshim_msg_add_uint(&msg, layer->rule_count);
	llshim_msg_add(&msg, " rules; handled fs: ");
	llshim_msg_add_fs_rights(&msg, plan->attr.handled_access_fs);
	llshim_msg_add(&msg, "; net: ");
	llshim_msg_add_net_rights(&msg, plan->attr.handled_access_net);
	llshim_msg_add(&msg, "; scoped: ");
	llshim_msg_add_scopes(&msg, plan->attr.scoped);
	llshim_msg_add(&msg, "; flags: ");
	llshim_msg_add_restrict_flags(&msg, plan->restrict_flags);
	llshim_msg_add(&msg, "; dropped for ABI ");
	llshim_msg_add_uint(&msg, (uint64_t)plan->kernel_abi);
	llshim_msg_add(&msg, ": ");
	llshim_plan_describe_dropped(plan, &msg);
	llshim_log(msg.text);
}

static bool debug_wanted(void)
{
	const char *value = getenv(LLSHIM_ENV_DEBUG);

	return value && strcmp(value, "1") == 0;
}

static void apply(struct startup *s)
{
	size_t i;
	int abi;

	load_sources(s);
	abi = llshim_landlock_abi();
	if (abi < 0) {
		llshim_landlock_explain(abi, &s->msg);
		if (any_hard(s))
			llshim_refuse(s->msg.text);
		llshim_msg_add(&s->msg, "; running unsandboxed");
		llshim_log(s->msg.text);
		release(s);
		return;
	}
	build_layers(s, abi);
	enforce_layers(s, abi);
	if (s->debug)
		for (i = 0; i < s->count; i++)
			debug_layer(&s->layers[i], i);
	release(s);
}

__attribute__((constructor)) static void llshim_init(void)
{
	static struct startup startup;
	int saved_errno = errno;

	if (has_sources()) {
		startup.debug = debug_wanted();
		apply(&startup);
		llshim_env_scrub();
	}
	errno = saved_errno;
}
