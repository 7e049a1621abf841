// SPDX-License-Identifier: MIT
/*
 * The constructor, and nothing else: find the policy sources that apply to
 * this program, load them, apply one Landlock layer per source, or refuse
 * to let the program run (SPEC.md sections 2 and 5).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include "resolve.h"
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
	size_t same_as; /* 1 + index of an identical earlier layer, or 0 */
};

struct startup {
	struct layer layers[MAX_LAYERS];
	size_t count;
	struct llshim_parser parser;
	bool secure; /* AT_SECURE: only system policies apply */
	struct llshim_identity ids[LLSHIM_MAX_IDENTITIES];
	int id_count; /* -1 until looked up */
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

static struct layer *new_layer(struct startup *s)
{
	if (s->count == MAX_LAYERS)
		llshim_refuse("more than 16 policy layers: Landlock stacks "
			      "at most 16");
	s->layers[s->count] = (struct layer){ .fd = -1 };
	return &s->layers[s->count++];
}

/* Parses one policy file into a new layer, or refuses. */
static void load_file(struct startup *s, const char *path,
		      enum llshim_policy_kind kind)
{
	static const char *const dirs[] = { LLSHIM_SYSTEM_PROFILES,
					    LLSHIM_SHIPPED_PROFILES, NULL };
	struct llshim_parse_options opt = { kind, dirs, NULL };
	char user_dir[PATH_MAX];
	struct layer *layer;

	/* Only user and explicit policies may include the user's profiles. */
	if (kind != LLSHIM_POLICY_SYSTEM &&
	    llshim_user_config_path(user_dir, sizeof(user_dir), "profiles") ==
		0)
		opt.user_profile_dir = user_dir;
	if (!s->parser.handle && llshim_parser_open(&s->parser, &s->msg))
		llshim_refuse(s->msg.text);
	layer = new_layer(s);
	if (s->parser.parse(path, &opt, &layer->policy, &s->msg))
		llshim_refuse(s->msg.text);
	layer->free = s->parser.free;
}

/*
 * -1 when the directory does not exist.  A system directory that cannot be
 * searched refuses the program (its policies must apply to everyone); a
 * user directory the user cannot search cannot hold the user's policies.
 */
static bool unreachable(int err, enum llshim_policy_kind kind)
{
	return err == ENOENT || err == ENOTDIR ||
	       (kind == LLSHIM_POLICY_USER && err == EACCES);
}

static int open_policy_dir(struct startup *s, const char *dir,
			   enum llshim_policy_kind kind)
{
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0 || unreachable(errno, kind))
		return fd;
	llshim_msg_set(&s->msg, "cannot open the policy directory ", dir);
	llshim_msg_add_errno(&s->msg, errno);
	llshim_refuse(s->msg.text);
}

/* The program's identities, looked up once and only when needed. */
static void identify(struct startup *s)
{
	if (s->id_count < 0)
		s->id_count = llshim_self_identities(s->ids);
}

struct policy_dir {
	const char *path;
	enum llshim_policy_kind kind;
	int fd;
};

static void load_from_dir(struct startup *s, const struct policy_dir *dir,
			  const struct llshim_identity *ids, int count)
{
	char path[PATH_MAX];
	int i, found;

	for (i = 0; i < count; i++) {
		found = llshim_find_policy(dir->fd, dir->path, &ids[i], path,
					   sizeof(path));
		if (found < 0 && unreachable(-found, dir->kind))
			continue;
		if (found < 0) {
			llshim_msg_set(&s->msg, "cannot look up policies in ",
				       dir->path);
			llshim_msg_add_errno(&s->msg, -found);
			llshim_refuse(s->msg.text);
		}
		if (found)
			load_file(s, path, dir->kind);
	}
}

/*
 * Sources 1 and 2: the system's and the user's per-binary policies.  The
 * directories are opened first so that a machine without them pays two
 * failed opens and nothing else.
 */
static void load_per_binary(struct startup *s)
{
	char user_path[PATH_MAX];
	struct policy_dir dirs[2] = {
		{ LLSHIM_SYSTEM_POLICY_DIR, LLSHIM_POLICY_SYSTEM, -1 },
		{ user_path, LLSHIM_POLICY_USER, -1 },
	};
	size_t i;

	dirs[0].fd = open_policy_dir(s, dirs[0].path, dirs[0].kind);
	/* Secure execution: the user's directory is the caller's choice. */
	if (!s->secure && llshim_user_config_path(user_path, sizeof(user_path),
						  "policy.d") == 0)
		dirs[1].fd = open_policy_dir(s, user_path, dirs[1].kind);
	if (dirs[0].fd >= 0 || dirs[1].fd >= 0) {
		identify(s);
		if (s->id_count == 0)
			llshim_refuse("cannot tell which program this is "
				      "(/proc/self/exe and AT_EXECFN "
				      "unreadable), so cannot look up its "
				      "policy");
	}
	for (i = 0; i < 2; i++) {
		if (dirs[i].fd < 0)
			continue;
		load_from_dir(s, &dirs[i], s->ids, s->id_count);
		close(dirs[i].fd);
	}
}

/* Sources 3 and 4, from the environment (never in secure execution). */
static void load_environment(struct startup *s)
{
	const char *explicit_path = getenv(LLSHIM_ENV_POLICY);
	struct layer *layer;
	char **entry;

	if (explicit_path) {
		if (!*explicit_path)
			llshim_refuse(LLSHIM_ENV_POLICY " is set but empty");
		load_file(s, explicit_path, LLSHIM_POLICY_EXPLICIT);
	}
	for (entry = environ; entry && *entry; entry++) {
		if (!llshim_env_is_inline_var(*entry))
			continue;
		layer = new_layer(s);
		if (llshim_parse_env(&layer->policy, &s->msg))
			llshim_refuse(s->msg.text);
		layer->free = llshim_policy_free;
		return;
	}
}

/* Sources in SPEC order; each that yields a policy is one layer. */
static void load_sources(struct startup *s, bool from_environment)
{
	load_per_binary(s);
	if (from_environment)
		load_environment(s);
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

static void allow_read(struct startup *s, struct layer *layer, const char *path)
{
	if (llshim_ruleset_add_path(layer->fd, &layer->plan, path,
				    LLSHIM_FS_READ_FILE, &s->msg))
		llshim_refuse(s->msg.text);
}

/*
 * Files every layer lets the program read, whatever its policy says:
 * - this library and its parser: descendants keep LD_PRELOAD, and without
 *   them every child would print a loader error and lose its own
 *   per-binary policies;
 * - the script an interpreter is running, which it reads after main().
 * None of them reveals anything the program does not already have.
 */
static void allow_own_files(struct startup *s, struct layer *layer)
{
	char parser[PATH_MAX];
	const char *self = llshim_self_path();

	if (self)
		allow_read(s, layer, self);
	if (!llshim_sibling_path(LLSHIM_PARSER_NAME, parser, sizeof(parser)))
		allow_read(s, layer, parser);
	identify(s);
	if (s->id_count == 2)
		allow_read(s, layer, s->ids[1].canonical);
}

/* An identical layer found twice (two identities, two directories) is
 * applied once: the intersection is the same and layers are scarce. */
static size_t earlier_same(const struct startup *s, size_t index)
{
	size_t i;

	for (i = 0; i < index; i++)
		if (!s->layers[i].same_as &&
		    llshim_policy_same(s->layers[i].policy,
				       s->layers[index].policy))
			return i + 1;
	return 0;
}

/* Plans and fills every ruleset before enforcing any: no half domain. */
static void build_layers(struct startup *s, int abi)
{
	struct layer *layer;
	size_t i;
	int err;

	for (i = 0; i < s->count; i++) {
		layer = &s->layers[i];
		layer->same_as = earlier_same(s, i);
		if (layer->same_as)
			continue;
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
		if (err == -E2BIG) {
			llshim_msg_set(&s->msg, layer->policy->source,
				       ": cannot enforce: Landlock stacks at "
				       "most 16 layers and this process "
				       "already has them all (E2BIG)");
			llshim_refuse(s->msg.text);
		}
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
	if (layer->same_as) {
		llshim_msg_add(&msg, "same as layer ");
		llshim_msg_add_uint(&msg, layer->same_as);
		llshim_msg_add(&msg, ", applied once");
		llshim_log(msg.text);
		return;
	}
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
	bool from_environment;

	startup.id_count = -1;
	/* Secure execution: the environment is the caller's (SPEC 3). */
	startup.secure = getauxval(AT_SECURE) != 0;
	from_environment = !startup.secure && environ_names_a_source();
	load_sources(&startup, from_environment);
	if (startup.count) {
		startup.debug = !startup.secure && debug_wanted();
		apply(&startup);
		if (from_environment)
			llshim_env_scrub();
	}
	errno = saved_errno;
}
