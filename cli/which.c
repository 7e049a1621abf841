// SPDX-License-Identifier: MIT
/*
 * llshim which CMD: find CMD as a shell would, work out the identities the
 * shim would see when it starts (policy/resolve.c), and show, directory by
 * directory and identity by identity, the policy names tried and the one
 * that applies: the same lookup as the constructor's, explained.
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
#include "resolve.h"

#define VERB "which"

static const struct option options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static bool is_executable_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

/*
 * The path a shell would pass to execve(): CMD itself when it holds a
 * '/', else the first executable DIR/CMD along PATH (an empty entry is
 * the working directory).  The result is what AT_EXECFN will be.
 */
static bool find_command(const char *cmd, char *out, size_t size)
{
	const char *path = getenv("PATH");
	const char *dir;
	size_t len;

	if (strchr(cmd, '/')) {
		snprintf(out, size, "%s", cmd);
		return is_executable_file(out);
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (dir = path;; dir += len + 1) {
		len = strcspn(dir, ":");
		if (len == 0)
			snprintf(out, size, "%s", cmd);
		else
			snprintf(out, size, "%.*s/%s", (int)len, dir, cmd);
		if (is_executable_file(out))
			return true;
		if (!dir[len])
			return false;
	}
}

struct target {
	char started[PATH_MAX];	    /* what execve() would get */
	char interpreter[PATH_MAX]; /* the #! line's, or "" */
	char exe[PATH_MAX];	    /* what /proc/self/exe would be */
	struct llshim_identity ids[LLSHIM_MAX_IDENTITIES];
	int id_count;
};

/* -ENOENT when the #! interpreter cannot be found. */
static int identify(struct target *t)
{
	char real[PATH_MAX];

	if (!realpath(t->started, real))
		return -errno;
	t->interpreter[0] = '\0';
	if (llshim_shebang_interpreter(real, t->interpreter,
				       sizeof(t->interpreter))) {
		/* The kernel runs the interpreter: it is /proc/self/exe. */
		if (!realpath(t->interpreter, t->exe))
			return -ENOENT;
	} else {
		memcpy(t->exe, real, sizeof(real));
	}
	t->id_count = llshim_identities(t->exe, t->started, t->ids);
	return 0;
}

static void print_identities(const struct target *t)
{
	const struct llshim_identity *id;
	int i;

	for (i = 0; i < t->id_count; i++) {
		id = &t->ids[i];
		printf("identity %d: %s", i + 1, id->canonical);
		if (t->id_count == 2)
			printf(i == 0 ? " (the interpreter)" : " (the script)");
		if (id->started[0])
			printf(", started as %s", id->started);
		printf("\n");
	}
}

/* How many of an identity's names are its real file's (not a symlink's). */
static size_t real_name_count(const struct llshim_identity *id)
{
	char names[LLSHIM_MAX_NAMES][NAME_MAX + 1];
	struct llshim_identity real = *id;

	real.started[0] = '\0';
	return llshim_policy_names(&real, names);
}

struct lookup {
	const char *dir;
	const char *label; /* "system" or "user" */
	int fd;
	bool is_system;
	int layers; /* policies found so far, all directories */
};

static void warn_symlink_name(const struct llshim_identity *id,
			      const char *name)
{
	llshim_cli_warn("%s is named after %s, which resolves to %s: it "
			"applies only to starts through that path and is "
			"missed when %s is started by its own name or "
			"another link; name it after the real file instead",
			name, id->started, id->canonical, id->canonical);
}

/* One identity in one directory: every name, and which one applies. */
static void look_up_identity(struct lookup *l, const struct llshim_identity *id,
			     int index)
{
	char names[LLSHIM_MAX_NAMES][NAME_MAX + 1];
	char found[PATH_MAX];
	size_t i, count = llshim_policy_names(id, names);
	size_t real = real_name_count(id);
	int match = llshim_find_policy(l->fd, l->dir, id, found, sizeof(found));
	bool matched = false;
	const char *state;

	printf("  identity %d, %s:\n", index + 1, id->canonical);
	if (match < 0) {
		printf("    cannot look up: %s (%s)\n", strerror(-match),
		       l->is_system ? "the shim refuses to start the program"
				    : "the shim skips this directory");
		return;
	}
	for (i = 0; i < count; i++) {
		if (matched)
			state = "not tried";
		else if (match &&
			 strcmp(strrchr(found, '/') + 1, names[i]) == 0)
			state = "APPLIES";
		else
			state = "absent";
		printf("    %-40s %s%s\n", names[i], state,
		       i >= real ? " (named after the started path)" : "");
		if (matched || strcmp(state, "APPLIES") != 0)
			continue;
		matched = true;
		l->layers++;
		printf("    -> layer %d: %s\n", l->layers, found);
		if (i >= real)
			warn_symlink_name(id, names[i]);
	}
	if (!match)
		printf("    -> none of these exists\n");
}

static void look_up_dir(struct lookup *l, const struct target *t)
{
	int i;

	printf("%s policies: %s", l->label, l->dir ? l->dir : "(none)");
	if (!l->dir) {
		printf(" (neither XDG_CONFIG_HOME nor HOME is set)\n");
		return;
	}
	l->fd = open(l->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (l->fd < 0) {
		printf(" (%s)\n",
		       errno == ENOENT ? "does not exist" : strerror(errno));
		return;
	}
	printf("\n");
	for (i = 0; i < t->id_count; i++)
		look_up_identity(l, &t->ids[i], i);
	close(l->fd);
}

static void print_environment(void)
{
	const char *explicit_policy = getenv(LLSHIM_ENV_POLICY);
	char **entry;

	if (explicit_policy)
		printf("also: %s=%s in this environment adds a layer\n",
		       LLSHIM_ENV_POLICY, explicit_policy);
	for (entry = environ; entry && *entry; entry++) {
		if (llshim_env_is_inline_var(*entry)) {
			printf("also: the LL_* variables in this environment "
			       "add a layer\n");
			return;
		}
	}
}

static int explain(const char *cmd)
{
	static struct target t;
	char user_dir[PATH_MAX];
	struct lookup dirs[2] = {
		{ LLSHIM_SYSTEM_POLICY_DIR, "system", -1, true, 0 },
		{ llshim_cli_user_policy_dir(user_dir, sizeof(user_dir)),
		  "user", -1, false, 0 },
	};
	int err, i, layers = 0;

	if (!find_command(cmd, t.started, sizeof(t.started))) {
		llshim_cli_error("which: %s: command not found", cmd);
		return LLSHIM_EXIT_INVALID;
	}
	err = identify(&t);
	if (err) {
		llshim_cli_error("which: %s: %s", t.started,
				 err == -ENOENT && t.interpreter[0]
				     ? "its #! interpreter does not exist"
				     : strerror(-err));
		return LLSHIM_EXIT_INVALID;
	}
	printf("command: %s\n", t.started);
	if (t.interpreter[0])
		printf("script: #!%s\n", t.interpreter);
	if (t.interpreter[0] && strcmp(basename(t.interpreter), "env") == 0)
		printf("note: env then starts the interpreter it names with "
		       "another exec, which gets its own per-binary policy "
		       "too (see llshim which on it)\n");
	print_identities(&t);
	for (i = 0; i < 2; i++) {
		dirs[i].layers = layers;
		look_up_dir(&dirs[i], &t);
		layers = dirs[i].layers;
	}
	if (layers)
		printf("result: %d per-binary polic%s appl%s, one layer each\n",
		       layers, layers == 1 ? "y" : "ies",
		       layers == 1 ? "ies" : "y");
	else
		printf("result: no per-binary policy applies to %s\n",
		       t.ids[0].canonical);
	print_environment();
	return LLSHIM_EXIT_OK;
}

int llshim_cmd_which(int argc, char **argv)
{
	int opt, status;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
		status = llshim_cli_common_option(VERB, opt, argv);
		if (status >= 0)
			return status;
	}
	if (optind == argc)
		return llshim_cli_usage_error(VERB, "which: no command given");
	if (optind + 1 < argc)
		return llshim_cli_usage_error(VERB,
					      "which: one command at a time");
	return explain(argv[optind]);
}
