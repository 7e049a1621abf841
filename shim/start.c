// SPDX-License-Identifier: MIT
/*
 * Once the front (front.c) has found that some policy applies: load the
 * policy sources, apply one Landlock layer per source, or refuse to let
 * the program run (SPEC.md 2 and 5).  Still inside the host before its
 * main(): memory comes from the arena, libc's few functions from libc.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>

#include "alloc.h"
#include "arena.h"
#include "compiled.h"
#include "elect.h"
#include "front.h"
#include "landlock.h"
#include "layers.h"
#include "libc.h"
#include "log.h"
#include "parser.h"
#include "phase.h"
#include "plan.h"
#include "policy.h"
#include "resolve.h"
#include "rights.h"
#include "readable.h"
#include "str.h"

struct startup {
	const struct llshim_front *front;
	struct llshim_libc libc;
	char **env; /* libc's live environment */
	/* Grown as sources yield layers: most starts have one or two. */
	struct llshim_layer *layers;
	size_t count, capacity;
	struct llshim_parser parser;
	bool secure;  /* AT_SECURE: only system policies apply */
	int id_count; /* -1 until looked up, in front->lookup->ids */
	int elected;  /* -1 until decided, then whether this copy acts */
	const char *copies[LLSHIM_MAX_COPIES]; /* every loaded libllshim.so */
	size_t copy_count;
	bool debug;
	/* The policy files parsed in this start, to keep their compiled
	 * forms once their layers are built (store_compiled()). */
	struct parsed {
		const char *path;
		enum llshim_policy_kind kind;
		size_t layer;
	} parsed[LLSHIM_MAX_LAYERS];
	size_t parsed_count;
	/* Written only on the way to a failure or a warning: kept apart, in
	 * memory a successful start never touches (llshim_alloc_far). */
	struct llshim_msg *msg;
	/* Allocated last (see apply()): only its first bytes are used. */
	struct llshim_readable *readable;
};

static struct llshim_layer *new_layer(struct startup *s)
{
	struct llshim_layer *grown;

	if (s->count == LLSHIM_MAX_LAYERS)
		llshim_refuse("more than 16 policy layers: Landlock stacks "
			      "at most 16");
	if (s->count == s->capacity) {
		s->capacity = s->capacity ? 2 * s->capacity : 2;
		grown =
		    llshim_realloc(s->layers, s->capacity * sizeof(*s->layers));
		if (!grown)
			llshim_refuse("out of memory");
		s->layers = grown;
	}
	s->layers[s->count] = LLSHIM_LAYER_INIT;
	return &s->layers[s->count++];
}

/* Decided once, and only when there is something to apply. */
static bool elected(struct startup *s)
{
	if (s->elected < 0)
		s->elected =
		    llshim_self_elected(&s->libc, s->front->note, s->copies,
					LLSHIM_MAX_COPIES, &s->copy_count);
	return s->elected;
}

/*
 * Parses one policy file into @layer, or refuses; its compiled form is
 * kept once the layer is built (store_compiled()).
 */
static void parse_file(struct startup *s, const char *path,
		       enum llshim_policy_kind kind, struct llshim_layer *layer)
{
	/* On the stack: a static table of pointers would be relocated. */
	const char *const dirs[] = { LLSHIM_SYSTEM_PROFILES,
				     LLSHIM_SHIPPED_PROFILES, NULL };
	struct llshim_parse_options opt = { kind, dirs, NULL, s->env };
	char user_dir[PATH_MAX];

	/* Only user and explicit policies may include the user's profiles. */
	if (kind != LLSHIM_POLICY_SYSTEM &&
	    llshim_user_config_path_in(s->env, user_dir, sizeof(user_dir),
				       "profiles") == 0)
		opt.user_profile_dir = user_dir;
	if (!s->parser.handle &&
	    llshim_parser_open(&s->parser, &s->libc,
			       (const void *)s->front->note, s->msg))
		llshim_refuse(s->msg->text);
	if (s->parser.parse(path, &opt, &layer->policy, s->msg))
		llshim_refuse(s->msg->text);
	layer->free = s->parser.free;
	s->parsed[s->parsed_count++] =
	    (struct parsed){ path, kind, (size_t)(layer - s->layers) };
}

/* One policy file as a new layer: its compiled form while it is current. */
static void load_file(struct startup *s, const char *path,
		      enum llshim_policy_kind kind)
{
	struct llshim_layer *layer;

	if (!elected(s))
		return;
	layer = new_layer(s);
	if (llshim_compiled_load(kind, path, s->front->uid, s->env,
				 &layer->policy, &layer->held_fd) == 0) {
		layer->free = llshim_policy_free;
		return;
	}
	layer->policy = NULL;
	parse_file(s, path, kind, layer);
}

/* The program's identities: the front's, or looked up now if it had
 * no policy directory to search. */
static void identify(struct startup *s)
{
	if (s->id_count >= 0)
		return;
	if (s->front->id_count >= 0) {
		s->id_count = s->front->id_count;
		return;
	}
	s->id_count = llshim_self_identities(
	    s->front->execfn, s->front->maybe_binfmt, s->front->lookup->ids,
	    &s->front->lookup->room);
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
		llshim_msg_set(s->msg, "cannot look up policies in ",
			       f->lookup_dir);
		llshim_msg_add_errno(s->msg, -f->lookup_error);
		llshim_refuse(s->msg->text);
	}
	for (i = 0; i < f->found_count; i++)
		load_file(s, f->lookup->found[i].path,
			  f->lookup->found[i].kind);
}

/* Sources 3 and 4, from the environment (never in secure execution). */
static void load_environment(struct startup *s)
{
	const char *explicit_path =
	    llshim_env_lookup(s->env, LLSHIM_ENV_POLICY);
	struct llshim_layer *layer;
	char **entry;

	if (!elected(s))
		return;
	if (explicit_path) {
		if (!*explicit_path)
			llshim_refuse(LLSHIM_ENV_POLICY " is set but empty");
		load_file(s, explicit_path, LLSHIM_POLICY_EXPLICIT);
	}
	for (entry = s->env; entry && *entry; entry++) {
		if (!llshim_env_is_inline_var(*entry))
			continue;
		layer = new_layer(s);
		if (llshim_parse_env(s->env, &layer->policy, s->msg))
			llshim_refuse(s->msg->text);
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

/*
 * Whether the program was started as a #! script.  The front's identities
 * say so when it looked them up; otherwise its arguments do, or, when they
 * leave a doubt (llshim_maybe_binfmt), the started file's first line:
 * either spares a binary the first use of /proc/self (about 20 us).
 */
static bool running_a_script(const struct startup *s)
{
	const char *execfn = s->front->execfn;
	char interpreter[PATH_MAX];

	if (s->front->id_count >= 0)
		return s->front->id_count == 2;
	return execfn && s->front->maybe_binfmt &&
	       llshim_shebang_interpreter(execfn, interpreter,
					  sizeof(interpreter));
}

/* What every layer keeps readable (readable.h), for this process. */
static void always_readable(struct startup *s, struct llshim_readable *r)
{
	size_t i;

	llshim_readable_clear(r);
	for (i = 0; i < s->copy_count; i++)
		llshim_readable_add_copy(r, s->copies[i],
					 llshim_strlen(s->copies[i]));
	llshim_readable_add_policy_dirs(r, s->env, s->secure);
	if (running_a_script(s)) {
		identify(s);
		if (s->id_count == 2)
			llshim_readable_add(r,
					    s->front->lookup->ids[1].canonical);
	}
}

/*
 * The compiled form of each policy file parsed in this start, for the
 * next start (failing to keep one is no error: it is only slower), with
 * the always-readable paths its rules were found to cover: their check
 * needs the built ruleset's descriptors, so this comes after the build
 * and, like every write, only on the way to running the program.
 */
static void store_compiled(struct startup *s)
{
	const char *const *files = s->readable->files;
	struct llshim_layer *layer;
	const char **beneath;
	size_t i, j, n;

	for (i = 0; i < s->parsed_count; i++) {
		layer = &s->layers[s->parsed[i].layer];
		beneath =
		    llshim_alloc((s->readable->count + 1) * sizeof(*beneath));
		if (!beneath)
			return;
		for (j = n = 0; files[j]; j++)
			if (layer->beneath & ((uint32_t)1 << j))
				beneath[n++] = files[j];
		beneath[n] = NULL;
		layer->policy->beneath = beneath;
		llshim_compiled_store(s->parsed[i].kind, s->parsed[i].path,
				      s->env, layer->policy);
		layer->policy->beneath = NULL;
		llshim_free(beneath);
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

static bool debug_wanted(const struct startup *s)
{
	const char *value = llshim_env_lookup(s->env, LLSHIM_ENV_DEBUG);

	return value && llshim_streq(value, "1");
}

/*
 * glibc knows no thread but this one.  A thread made with a raw clone(2)
 * escapes its notice, but only code that ran before the shim, unsandboxed
 * anyway, can have made one (README, "Limits").
 */
static bool single_threaded(const struct startup *s)
{
	return s->libc.single_threaded && *s->libc.single_threaded;
}

static void apply(struct startup *s)
{
	int abi;

	abi = llshim_landlock_abi();
	llshim_phase(LLSHIM_PHASE_PROBE);
	if (abi < 0) {
		llshim_landlock_explain(abi, s->msg);
		if (any_hard(s))
			llshim_refuse(s->msg->text);
		llshim_msg_add(s->msg, "; running unsandboxed");
		llshim_log(s->msg->text);
		release(s);
		return;
	}
	/* Not zeroed: llshim_readable_clear() sets what is read. */
	s->readable = llshim_alloc_bytes(sizeof(*s->readable));
	if (!s->readable)
		llshim_refuse("out of memory");
	always_readable(s, s->readable);
	llshim_phase(LLSHIM_PHASE_READABLE);
	if (llshim_layers_build(s->layers, s->count, abi, s->readable->files,
				llshim_log, s->msg))
		llshim_refuse(s->msg->text);
	llshim_phase(LLSHIM_PHASE_BUILD);
	store_compiled(s);
	llshim_phase(LLSHIM_PHASE_STORE);
	if (llshim_layers_enforce(s->layers, s->count, abi, single_threaded(s),
				  s->msg))
		llshim_refuse(s->msg->text);
	llshim_phase(LLSHIM_PHASE_ENFORCE);
	if (s->debug)
		debug_layers(s);
	release(s);
	llshim_phase(LLSHIM_PHASE_RELEASE);
}

/* The live environment and libc's few functions, or refuse. */
static void find_libc(struct startup *s)
{
	if (!llshim_libc_find(s->front->phdr, s->front->phnum, &s->libc))
		llshim_refuse("cannot find the loader's functions (dlsym, "
			      "dl_iterate_phdr, environ) among the loaded "
			      "objects, so cannot apply the policy");
	s->env = *s->libc.environ;
}

static void start(struct startup *s)
{
	int *errno_at, saved_errno;

	find_libc(s);
	llshim_phase(LLSHIM_PHASE_LIBC);
	/* The raw system calls leave errno alone; libc's functions do not. */
	errno_at = s->libc.errno_location();
	saved_errno = *errno_at;
	s->id_count = -1;
	s->elected = -1;
	s->parsed_count = 0;
	s->secure = s->front->secure;
	load_sources(s, s->front->env_source);
	llshim_phase(LLSHIM_PHASE_SOURCES);
	if (s->count) {
		s->debug = !s->secure && debug_wanted(s);
		apply(s);
		if (s->front->env_source)
			llshim_env_scrub(s->env);
		llshim_phase(LLSHIM_PHASE_SCRUB);
	}
	*errno_at = saved_errno;
}

void llshim_start(const struct llshim_front *front)
{
	struct startup *s;

	llshim_arena_begin();
	s = llshim_alloc(sizeof(*s));
	if (s)
		s->msg = llshim_alloc_far(sizeof(*s->msg));
	if (!s || !s->msg)
		llshim_refuse("out of memory");
	s->front = front;
	llshim_phase(LLSHIM_PHASE_START);
	start(s);
	llshim_arena_release();
}
