// SPDX-License-Identifier: MIT
/*
 * llshim run [options] -- CMD [ARGS...]: apply the layers in this process,
 * with the shim's own builder (shim/layers.c), then exec CMD with
 * libllshim.so preloaded.  Applying before exec is what keeps a static
 * binary, or a program whose preload fails, inside the sandbox; the
 * preload is what gives the programs CMD starts their per-binary policies.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "elect.h"
#include "landlock.h"
#include "layers.h"
#include "readable.h"
#include "rights.h"

#define VERB "run"

enum {
	OPT_POLICY = 256,
	OPT_RO,
	OPT_ROX,
	OPT_RW,
	OPT_RWX,
	OPT_CONNECT,
	OPT_BIND,
	OPT_SCOPE,
	OPT_HARD,
	OPT_LOG,
};

static const struct option options[] = {
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "ro", required_argument, NULL, OPT_RO },
	{ "rox", required_argument, NULL, OPT_ROX },
	{ "rw", required_argument, NULL, OPT_RW },
	{ "rwx", required_argument, NULL, OPT_RWX },
	{ "connect", required_argument, NULL, OPT_CONNECT },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "hard", no_argument, NULL, OPT_HARD },
	{ "log", no_argument, NULL, OPT_LOG },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct run {
	struct llshim_layer layers[LLSHIM_MAX_LAYERS];
	size_t count;
	const char *policy_files[LLSHIM_MAX_LAYERS];
	size_t policy_count;
	/* The rule options' layer, made on the first one. */
	struct llshim_policy *options;
	bool hard;
	bool log;
	char library[PATH_MAX];
	struct llshim_msg msg;
};

/*
 * What every layer keeps readable, as in the constructor (readable.h):
 * every libllshim.so its descendants will load (ours, any other in
 * LD_PRELOAD or /etc/ld.so.preload) with its parser, and the policy and
 * profile directories.
 */
struct readable {
	struct llshim_readable list;
	char preload_file[4096];
};

/* The options' layer, created with nothing handled yet. */
static struct llshim_policy *options_layer(struct run *r)
{
	if (r->options)
		return r->options;
	r->options = llshim_policy_new("command-line options");
	if (!r->options) {
		llshim_cli_error("out of memory");
		exit(LLSHIM_EXIT_INVALID);
	}
	r->options->fs_handled = false;
	return r->options;
}

/* Like a missing path in a policy, a missing PATH only narrows access. */
static int add_path(struct run *r, const char *option, const char *path,
		    uint64_t access)
{
	struct llshim_policy *policy = options_layer(r);
	struct stat st;

	if (!*path) {
		llshim_cli_error("%s: empty path", option);
		return LLSHIM_EXIT_INVALID;
	}
	if (stat(path, &st))
		llshim_cli_warn("%s \"%s\": %s (skipped)", option, path,
				strerror(errno));
	policy->fs_handled = true;
	if (llshim_policy_add_fs(policy, path, strlen(path), access, false,
				 option)) {
		llshim_cli_error("out of memory");
		return LLSHIM_EXIT_INVALID;
	}
	return -1;
}

/* PORT[:PORT...]; set but empty allows no port, like LL_TCP_*=. */
static int add_ports(struct llshim_port_rules *rules, const char *option,
		     const char *list)
{
	const char *elem = list;
	uint16_t port;
	size_t len;

	rules->handled = true;
	for (; *elem; elem += len + (elem[len] == ':')) {
		len = strcspn(elem, ":");
		if (!len)
			continue; /* empty elements are skipped, as in LL_* */
		if (!llshim_parse_port(elem, len, &port)) {
			llshim_cli_error("%s: bad port \"%.*s\" (0 to 65535 "
					 "expected)",
					 option, (int)len, elem);
			return LLSHIM_EXIT_INVALID;
		}
		if (llshim_policy_add_port(rules, port)) {
			llshim_cli_error("out of memory");
			return LLSHIM_EXIT_INVALID;
		}
	}
	return -1;
}

/* "a", "s" as LL_SCOPED, or the policy language's names. */
static int add_scopes(struct run *r, const char *list)
{
	const char *elem = list;
	char name[32];
	uint64_t scope;
	size_t len;

	do {
		len = strcspn(elem, ":");
		snprintf(name, sizeof(name), "%.*s", (int)len, elem);
		if (strcmp(name, "a") == 0)
			scope = LLSHIM_SCOPE_ABSTRACT_UNIX_SOCKET;
		else if (strcmp(name, "s") == 0)
			scope = LLSHIM_SCOPE_SIGNAL;
		else if (len >= sizeof(name) ||
			 !llshim_scope_lookup(name, &scope)) {
			llshim_cli_error("--scope: unknown scope \"%.*s\" (a, "
					 "s, abstract_unix_socket or signal "
					 "expected)",
					 (int)len, elem);
			return LLSHIM_EXIT_INVALID;
		}
		options_layer(r)->scoped |= scope;
		elem += len + (elem[len] == ':');
	} while (*elem);
	return -1;
}

static int add_policy_file(struct run *r, const char *path)
{
	if (!*path) {
		llshim_cli_error("--policy: empty file name");
		return LLSHIM_EXIT_INVALID;
	}
	if (r->policy_count == LLSHIM_MAX_LAYERS) {
		llshim_cli_error("more than 16 layers: Landlock stacks at "
				 "most 16");
		return LLSHIM_EXIT_INVALID;
	}
	r->policy_files[r->policy_count++] = path;
	return -1;
}

static int one_option(struct run *r, int opt, char **argv)
{
	switch (opt) {
	case OPT_POLICY:
		return add_policy_file(r, optarg);
	case OPT_RO:
		return add_path(r, "--ro", optarg, LLSHIM_GROUP_RO);
	case OPT_ROX:
		return add_path(r, "--rox", optarg, LLSHIM_GROUP_ROX);
	case OPT_RW:
		return add_path(r, "--rw", optarg, LLSHIM_GROUP_RW);
	case OPT_RWX:
		return add_path(r, "--rwx", optarg, LLSHIM_GROUP_RWX);
	case OPT_CONNECT:
		return add_ports(&options_layer(r)->connect, "--connect",
				 optarg);
	case OPT_BIND:
		return add_ports(&options_layer(r)->bind, "--bind", optarg);
	case OPT_SCOPE:
		return add_scopes(r, optarg);
	case OPT_HARD:
		r->hard = true;
		return -1;
	case OPT_LOG:
		r->log = true;
		return -1;
	default:
		return llshim_cli_common_option(VERB, opt, argv);
	}
}

static struct llshim_layer *new_layer(struct run *r)
{
	r->layers[r->count] = LLSHIM_LAYER_INIT;
	return &r->layers[r->count++];
}

/*
 * Layers in SPEC order: the policy files (explicit sources), then the
 * rule options (the inline source).  --hard and --log apply to all.
 */
static int load_layers(struct run *r)
{
	struct llshim_layer *layer;
	size_t i;

	for (i = 0; i < r->policy_count; i++) {
		layer = new_layer(r);
		layer->free = llshim_policy_free;
		if (llshim_cli_parse_policy(r->policy_files[i],
					    LLSHIM_POLICY_EXPLICIT,
					    &layer->policy, &r->msg)) {
			llshim_cli_error("%s", r->msg.text);
			return LLSHIM_EXIT_INVALID;
		}
	}
	if (r->options) {
		if (r->count == LLSHIM_MAX_LAYERS) {
			llshim_cli_error("more than 16 layers: Landlock "
					 "stacks at most 16");
			return LLSHIM_EXIT_INVALID;
		}
		layer = new_layer(r);
		layer->free = llshim_policy_free;
		layer->policy = r->options;
		r->options = NULL;
	}
	for (i = 0; i < r->count; i++) {
		if (r->hard)
			r->layers[i].policy->compat = LLSHIM_COMPAT_HARD;
		if (r->log)
			r->layers[i].policy->restrict_flags |=
			    LLSHIM_RESTRICT_LOG_NEW_EXEC_ON;
	}
	return -1;
}

static void warn_line(const char *message)
{
	llshim_cli_warn("%s", message);
}

static bool any_hard(const struct run *r)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (r->layers[i].policy->compat == LLSHIM_COMPAT_HARD)
			return true;
	return false;
}

static void debug_layers(const struct run *r)
{
	const char *debug = getenv(LLSHIM_ENV_DEBUG);
	struct llshim_msg line;
	size_t i;

	if (!debug || strcmp(debug, "1") != 0)
		return;
	for (i = 0; i < r->count; i++) {
		llshim_layer_describe(&r->layers[i], i, &line);
		llshim_cli_error("run: %s", line.text);
	}
}

/* Every libllshim.so in a preload list (entries split at @separators). */
static void add_listed_copies(struct readable *rd, const char *list,
			      const char *separators)
{
	const char *entry, *base;
	size_t len;

	for (entry = list; entry && *entry; entry += len) {
		entry += strspn(entry, separators);
		len = strcspn(entry, separators);
		base = memrchr(entry, '/', len);
		base = base ? base + 1 : entry;
		if (len &&
		    (size_t)(entry + len - base) == strlen(LLSHIM_LIB_NAME) &&
		    memcmp(base, LLSHIM_LIB_NAME, strlen(LLSHIM_LIB_NAME)) == 0)
			llshim_readable_add_copy(&rd->list, entry, len);
	}
}

static void read_preload_file(struct readable *rd)
{
	ssize_t n = -1;
	int fd = open("/etc/ld.so.preload", O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd >= 0) {
		n = read(fd, rd->preload_file, sizeof(rd->preload_file) - 1);
		close(fd);
	}
	rd->preload_file[n > 0 ? n : 0] = '\0';
}

static const char *const *always_readable(const struct run *r,
					  struct readable *rd)
{
	llshim_readable_clear(&rd->list);
	llshim_readable_add_copy(&rd->list, r->library, strlen(r->library));
	add_listed_copies(rd, getenv("LD_PRELOAD"), " :");
	read_preload_file(rd);
	add_listed_copies(rd, rd->preload_file, " \t\n:");
	llshim_readable_add_policy_dirs(&rd->list, environ, false);
	return rd->list.files;
}

/* Builds every layer, then enforces them all, as the constructor does. */
static int apply(struct run *r)
{
	static struct readable readable;
	int abi = llshim_landlock_abi();

	if (abi < 0) {
		llshim_landlock_explain(abi, &r->msg);
		if (any_hard(r)) {
			llshim_cli_error("%s", r->msg.text);
			return LLSHIM_EXIT_REFUSED;
		}
		llshim_cli_warn("%s; running unsandboxed", r->msg.text);
		return -1;
	}
	if (llshim_layers_build(r->layers, r->count, abi,
				always_readable(r, &readable), warn_line,
				&r->msg) ||
	    llshim_layers_enforce(r->layers, r->count, abi, false, &r->msg)) {
		llshim_cli_error("%s", r->msg.text);
		return LLSHIM_EXIT_REFUSED;
	}
	debug_layers(r);
	return -1;
}

/* Whether @elem, one LD_PRELOAD entry, names the library @lib. */
static bool same_library(const char *elem, size_t len, const char *lib)
{
	char copy[PATH_MAX], real[PATH_MAX];

	if (len >= sizeof(copy))
		return false;
	memcpy(copy, elem, len);
	copy[len] = '\0';
	return strcmp(copy, lib) == 0 ||
	       (realpath(copy, real) && strcmp(real, lib) == 0);
}

/* Prepends the library to LD_PRELOAD, unless it is already there. */
static int set_preload(const char *lib)
{
	const char *old = getenv("LD_PRELOAD");
	const char *elem;
	char *value;
	size_t len;
	int err;

	/* ld.so separates LD_PRELOAD entries with spaces or colons. */
	for (elem = old; elem && *elem; elem += len) {
		elem += strspn(elem, " :");
		len = strcspn(elem, " :");
		if (len && same_library(elem, len, lib))
			return 0;
	}
	if (!old || !old[strspn(old, " :")])
		return setenv("LD_PRELOAD", lib, 1) ? -errno : 0;
	if (asprintf(&value, "%s:%s", lib, old) < 0)
		return -ENOMEM;
	err = setenv("LD_PRELOAD", value, 1) ? -errno : 0;
	free(value);
	return err;
}

/* Like env(1): 127 when CMD does not exist, 126 when it cannot run. */
static int exec_command(char **command)
{
	int err;

	execvp(command[0], command);
	err = errno;
	llshim_cli_error("cannot run \"%s\": %s", command[0], strerror(err));
	return err == ENOENT || err == ENOTDIR ? LLSHIM_EXIT_NOT_FOUND
					       : LLSHIM_EXIT_REFUSED;
}

static int parse_options(struct run *r, int argc, char **argv)
{
	int opt, status;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
		status = one_option(r, opt, argv);
		if (status >= 0)
			return status;
	}
	if (optind == argc)
		return llshim_cli_usage_error(VERB, "run: no command given");
	if (!r->policy_count && !r->options)
		return llshim_cli_usage_error(
		    VERB, "run: nothing to apply: give --policy FILE or a "
			  "rule option (--ro, --rox, --rw, --rwx, --connect, "
			  "--bind, --scope)");
	return -1;
}

int llshim_cmd_run(int argc, char **argv)
{
	static struct run r;
	int status = parse_options(&r, argc, argv);

	if (status < 0)
		status = load_layers(&r);
	if (status < 0 && llshim_cli_library(r.library, sizeof(r.library))) {
		llshim_cli_error("cannot find %s beside llshim or in %s/llshim",
				 LLSHIM_LIB_NAME, LLSHIM_LIBDIR);
		status = LLSHIM_EXIT_REFUSED;
	}
	if (status < 0)
		status = apply(&r);
	llshim_layers_release(r.layers, r.count);
	llshim_policy_free(r.options);
	if (status >= 0)
		return status;
	status = set_preload(r.library);
	if (status) {
		llshim_cli_error("cannot set LD_PRELOAD: %s",
				 strerror(-status));
		return LLSHIM_EXIT_REFUSED;
	}
	return exec_command(argv + optind);
}
