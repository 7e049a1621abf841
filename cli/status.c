// SPDX-License-Identifier: MIT
/*
 * llshim status: what this kernel's Landlock supports, and how llshim is
 * set up on this machine and for this user.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"
#include "landlock.h"
#include "landlock_uapi.h"
#include "rights.h"

#define VERB	     "status"
#define PRELOAD_FILE "/etc/ld.so.preload"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif

static const struct option options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The errata bitmask (ABI 7): fixes of this kernel's Landlock. */
static void print_errata(int abi)
{
	long errata;

	if (abi < 7) {
		printf("errata: unknown (the kernel reports them from "
		       "Landlock ABI 7)\n");
		return;
	}
	errata = syscall(SYS_landlock_create_ruleset, NULL, 0,
			 LLSHIM_CREATE_RULESET_ERRATA);
	if (errata < 0)
		printf("errata: cannot query: %s\n", strerror(errno));
	else
		printf("errata: 0x%lx\n", errata);
}

/* What llshim knows that this kernel does not, with the ABI it needs. */
static void print_missing(int abi)
{
	static const struct {
		enum llshim_right_set set;
		uint64_t (*known)(int abi);
	} sets[] = {
		{ LLSHIM_SET_FS, llshim_abi_fs },
		{ LLSHIM_SET_NET, llshim_abi_net },
		{ LLSHIM_SET_SCOPE, llshim_abi_scoped },
	};
	const char *sep = "";
	char name[64];
	uint64_t lacking, bit;
	size_t s;

	printf("not on this kernel:");
	for (s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
		lacking = sets[s].known(LLSHIM_ABI_LAST) & ~sets[s].known(abi);
		for (bit = 1; bit; bit <<= 1) {
			if (!(lacking & bit))
				continue;
			printf("%s %s (ABI %d)", sep,
			       llshim_cli_right_name(sets[s].set, bit, name,
						     sizeof(name)),
			       llshim_cli_right_abi(sets[s].set, bit));
			sep = ",";
		}
	}
	lacking = llshim_abi_restrict_flags(LLSHIM_ABI_LAST) &
		  ~llshim_abi_restrict_flags(abi);
	for (bit = 1; bit <= UINT32_MAX; bit <<= 1) {
		if (!(lacking & bit))
			continue;
		printf("%s %s (ABI %d)", sep,
		       llshim_cli_right_name(LLSHIM_SET_FLAG, bit, name,
					     sizeof(name)),
		       llshim_cli_right_abi(LLSHIM_SET_FLAG, bit));
		sep = ",";
	}
	printf("%s\n", *sep ? "" : " nothing llshim knows of");
}

static void print_rights(int abi)
{
	char names[LLSHIM_MSG_MAX];

	printf("filesystem rights: %s\n",
	       llshim_cli_rights(LLSHIM_SET_FS, llshim_abi_fs(abi), names,
				 sizeof(names)));
	printf("network rights: %s\n",
	       llshim_cli_rights(LLSHIM_SET_NET, llshim_abi_net(abi), names,
				 sizeof(names)));
	printf("scopes: %s\n",
	       llshim_cli_rights(LLSHIM_SET_SCOPE, llshim_abi_scoped(abi),
				 names, sizeof(names)));
	printf("restrict flags: %s\n",
	       llshim_cli_rights(LLSHIM_SET_FLAG,
				 llshim_abi_restrict_flags(abi), names,
				 sizeof(names)));
	print_missing(abi);
}

static void print_landlock(void)
{
	struct llshim_msg why;
	int abi = llshim_landlock_abi();

	if (abi < 0) {
		llshim_landlock_explain(abi, &why);
		printf("landlock: unavailable: %s\n", why.text);
		abi = 0;
	} else {
		printf("landlock: ABI %d\n", abi);
	}
	print_errata(abi);
	print_rights(abi);
}

/* The first entry of a preload list that is a libllshim.so, or NULL. */
static const char *find_library(char *list, const char *separators)
{
	const char *base;
	char *entry, *save = NULL;

	for (entry = strtok_r(list, separators, &save); entry;
	     entry = strtok_r(NULL, separators, &save)) {
		base = strrchr(entry, '/');
		if (strcmp(base ? base + 1 : entry, LLSHIM_LIB_NAME) == 0)
			return entry;
	}
	return NULL;
}

/* ld.so reads /etc/ld.so.preload for every program, setuid ones too. */
static void print_system_wide(void)
{
	char text[4096];
	const char *entry;
	ssize_t n;
	int fd = open(PRELOAD_FILE, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		printf("system-wide: no (%s: %s)\n", PRELOAD_FILE,
		       errno == ENOENT ? "does not exist" : strerror(errno));
		return;
	}
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0) {
		printf("system-wide: unknown (%s: %s)\n", PRELOAD_FILE,
		       strerror(errno));
		return;
	}
	text[n] = '\0';
	/* ld.so splits the file at whitespace and colons. */
	entry = find_library(text, " \t\n:");
	if (entry)
		printf("system-wide: yes (%s lists %s)\n", PRELOAD_FILE, entry);
	else
		printf("system-wide: no (%s does not list %s)\n", PRELOAD_FILE,
		       LLSHIM_LIB_NAME);
}

static void print_environment(void)
{
	const char *preload = getenv("LD_PRELOAD");
	char *copy = preload ? strdup(preload) : NULL;
	const char *entry = copy ? find_library(copy, " :") : NULL;

	if (entry)
		printf("this environment: LD_PRELOAD lists %s\n", entry);
	else
		printf("this environment: LD_PRELOAD does not list %s\n",
		       LLSHIM_LIB_NAME);
	free(copy);
}

static void print_library(void)
{
	char lib[PATH_MAX];

	if (llshim_cli_library(lib, sizeof(lib)) == 0)
		printf("library: %s\n", lib);
	else
		printf("library: not found (beside llshim, or %s/llshim/%s)\n",
		       LLSHIM_LIBDIR, LLSHIM_LIB_NAME);
}

static bool is_policy_name(const char *name)
{
	size_t len = strlen(name);

	return len > 5 && name[0] != '.' &&
	       strcmp(name + len - 5, ".conf") == 0;
}

/* How many policy files a policy.d holds. */
static void print_policy_dir(const char *label, const char *dir)
{
	struct dirent *entry;
	struct stat st;
	unsigned count = 0;
	DIR *d;

	if (!dir) {
		printf("%s policies: none (neither XDG_CONFIG_HOME nor HOME "
		       "is set)\n",
		       label);
		return;
	}
	d = opendir(dir);
	if (!d) {
		printf("%s policies: %s: %s\n", label, dir,
		       errno == ENOENT ? "does not exist" : strerror(errno));
		return;
	}
	while ((entry = readdir(d)))
		if (is_policy_name(entry->d_name) &&
		    fstatat(dirfd(d), entry->d_name, &st, 0) == 0 &&
		    S_ISREG(st.st_mode))
			count++;
	closedir(d);
	printf("%s policies: %s: %u polic%s\n", label, dir, count,
	       count == 1 ? "y" : "ies");
}

int llshim_cmd_status(int argc, char **argv)
{
	char user_dir[PATH_MAX];
	int opt, status;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
		status = llshim_cli_common_option(VERB, opt, argv);
		if (status >= 0)
			return status;
	}
	if (optind < argc)
		return llshim_cli_usage_error(
		    VERB, "status: unexpected argument \"%s\"", argv[optind]);
	printf("llshim %s\n", LLSHIM_VERSION);
	print_landlock();
	print_library();
	print_system_wide();
	print_environment();
	print_policy_dir("system", LLSHIM_SYSTEM_POLICY_DIR);
	print_policy_dir(
	    "user", llshim_cli_user_policy_dir(user_dir, sizeof(user_dir)));
	return LLSHIM_EXIT_OK;
}
