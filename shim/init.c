// SPDX-License-Identifier: MIT
/*
 * The core's entry, and nothing else: given what the front found (front.h),
 * load the policy sources that apply to this program, apply one Landlock
 * layer per source, or refuse to let the program run (SPEC.md 2 and 5).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "elect.h"
#include "front.h"
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
	const struct llshim_front *front;
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
		s->elected =
		    llshim_self_elected(s->front->note, s->copies,
					LLSHIM_MAX_COPIES, &s->copy_count);
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

/* The program's identities: the front's, or looked up now if it had
 * no policy directory to search. */
static void identify(struct startup *s)
{
	int i;

	if (s->id_count >= 0)
		return;
	if (s->front->id_count >= 0) {
		for (i = 0; i < s->front->id_count; i++)
			s->ids[i] = s->front->ids[i];
		s->id_count = s->front->id_count;
		return;
	}
	s->id_count =
	    llshim_self_identities((const char *)getauxval(AT_EXECFN), s->ids);
}

/* Sources 1 and 2: the per-binary policies the front found. */
static void load_per_binary(struct startup *s)
{
	const struct llshim_front *f = s->front;
	int i;

	if (f->lookup_error == -ENOENT && f->id_count == 0)
		llshim_refuse("cannot tell which program this is "
			      "(/proc/self/exe and AT_EXECFN unreadable), so "
			      "cannot look up its policy");
	if (f->lookup_error) {
		llshim_msg_set(&s->msg, "cannot look up policies in ",
			       f->lookup_dir);
		llshim_msg_add_errno(&s->msg, -f->lookup_error);
		llshim_refuse(s->msg.text);
	}
	for (i = 0; i < f->found_count; i++)
		load_file(s, f->found[i].path, f->found[i].kind);
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
/*
 * Whether the program was started as a #! script.  The front's identities
 * say so when it looked them up; otherwise the started file's first line
 * does, which spares a binary the first use of /proc/self (about 20 us).
 */
static bool running_a_script(const struct startup *s)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	char interpreter[PATH_MAX];

	if (s->front->id_count >= 0)
		return s->front->id_count == 2;
	return execfn && llshim_shebang_interpreter(execfn, interpreter,
						    sizeof(interpreter));
}

static void always_readable(struct startup *s, struct llshim_readable *r)
{
	size_t i;

	llshim_readable_clear(r);
	for (i = 0; i < s->copy_count; i++)
		llshim_readable_add_copy(r, s->copies[i], strlen(s->copies[i]));
	llshim_readable_add_policy_dirs(r, s->secure);
	if (running_a_script(s)) {
		identify(s);
		if (s->id_count == 2)
			llshim_readable_add(r, s->ids[1].canonical);
	}
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

__attribute__((visibility("default"))) void
llshim_core_start(const struct llshim_front *front)
{
	static struct startup startup;
	int saved_errno = errno;

	if (front->version != LLSHIM_FRONT_VERSION)
		llshim_refuse("libllshim.so and libllshim-core.so are from "
			      "different builds");
	startup.front = front;
	startup.id_count = -1;
	startup.elected = -1;
	startup.secure = front->secure;
	load_sources(&startup, front->env_source);
	if (startup.count) {
		startup.debug = !startup.secure && debug_wanted();
		apply(&startup);
		if (front->env_source)
			llshim_env_scrub();
	}
	errno = saved_errno;
}
