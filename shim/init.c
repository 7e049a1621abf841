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
#include <unistd.h>

#include "elect.h"
#include "landlock.h"
#include "layers.h"
#include "log.h"
#include "parser.h"
#include "plan.h"
#include "policy.h"
#include "resolve.h"
#include "rights.h"
#include "readable.h"
#include "self.h"

struct startup {
	struct llshim_layer layers[LLSHIM_MAX_LAYERS];
	size_t count;
	struct llshim_parser parser;
	bool secure; /* AT_SECURE: only system policies apply */
	struct llshim_identity ids[LLSHIM_MAX_IDENTITIES];
	int id_count; /* -1 until looked up */
	int elected;  /* -1 until decided, then whether this copy acts */
	const char *copies[LLSHIM_MAX_COPIES]; /* every loaded libllshim.so */
	size_t copy_count;
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

static struct llshim_layer *new_layer(struct startup *s)
{
	if (s->count == LLSHIM_MAX_LAYERS)
		llshim_refuse("more than 16 policy layers: Landlock stacks "
			      "at most 16");
	s->layers[s->count] = (struct llshim_layer){ .fd = -1 };
	return &s->layers[s->count++];
}

/* Decided once, and only when there is something to apply. */
static bool elected(struct startup *s)
{
	if (s->elected < 0)
		s->elected = llshim_self_elected(s->copies, LLSHIM_MAX_COPIES,
						 &s->copy_count);
	return s->elected;
}

/* Parses one policy file into a new layer, or refuses. */
static void load_file(struct startup *s, const char *path,
		      enum llshim_policy_kind kind)
{
	static const char *const dirs[] = { LLSHIM_SYSTEM_PROFILES,
					    LLSHIM_SHIPPED_PROFILES, NULL };
	struct llshim_parse_options opt = { kind, dirs, NULL, environ };
	char user_dir[PATH_MAX];
	struct llshim_layer *layer;

	if (!elected(s))
		return;
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
	const char *explicit_path = llshim_getenv(LLSHIM_ENV_POLICY);
	struct llshim_layer *layer;
	char **entry;

	if (!elected(s))
		return;
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
	llshim_layers_release(s->layers, s->count);
	s->count = 0;
	llshim_parser_close(&s->parser);
}

/* What every layer keeps readable (readable.h), for this process. */
static void always_readable(struct startup *s, struct llshim_readable *r)
{
	size_t i;

	llshim_readable_clear(r);
	for (i = 0; i < s->copy_count; i++)
		llshim_readable_add_copy(r, s->copies[i], strlen(s->copies[i]));
	llshim_readable_add_policy_dirs(r, s->secure);
	identify(s);
	if (s->id_count == 2)
		llshim_readable_add(r, s->ids[1].canonical);
}

static void debug_layers(const struct startup *s)
{
	struct llshim_msg msg;
	size_t i;

	for (i = 0; i < s->count; i++) {
		llshim_layer_describe(&s->layers[i], i, &msg);
		llshim_log(msg.text);
	}
}

static bool debug_wanted(void)
{
	const char *value = llshim_getenv(LLSHIM_ENV_DEBUG);

	return value && strcmp(value, "1") == 0;
}

static void apply(struct startup *s)
{
	static struct llshim_readable readable;
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
	always_readable(s, &readable);
	if (llshim_layers_build(s->layers, s->count, abi, readable.files,
				llshim_log, &s->msg) ||
	    llshim_layers_enforce(s->layers, s->count, abi, &s->msg))
		llshim_refuse(s->msg.text);
	if (s->debug)
		debug_layers(s);
	release(s);
}

__attribute__((constructor)) static void llshim_init(void)
{
	static struct startup startup;
	int saved_errno = errno;
	bool from_environment;

	startup.id_count = -1;
	startup.elected = -1;
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
