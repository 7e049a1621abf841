// SPDX-License-Identifier: MIT
/*
 * A host that reports, as the first thing main() does, the state a preloaded
 * constructor could have disturbed.  tests/hygiene.bats and
 * tests/passthrough.bats compare its report with and without the shim.
 *
 * Usage: hygiene [PROBE_PATH]
 * Environment: HYGIENE_CTOR_FILE=PATH makes the program's own constructor
 * try to read PATH.
 *
 * Output, one key=value per line, in this order:
 *   errno=N             errno at entry to main()
 *   fds=0,1,2           open descriptors (not counting the listing's own)
 *   libconfig_mapped=0|1  a mapping whose name contains "libconfig"
 *   parser_mapped=0|1   a mapping whose name contains "libllshim-parser"
 *   llshim_mappings=N   mappings whose name contains "libllshim"
 *   env=NAME            one line per variable named LL_* or LLSHIM_*
 *   ld_preload=VALUE    or "(unset)"
 *   no_new_privs=0|1    prctl(PR_GET_NO_NEW_PRIVS)
 *   probe=RESULT        open(PROBE_PATH, O_RDONLY): "ok" or the errno name
 *   landlocked=0|1|?    see landlocked() below
 *   ctor_read=RESULT    the constructor's read of HYGIENE_CTOR_FILE
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/*
 * errno as the program's ELF pre-initializers leave it.  .preinit_array runs
 * before the constructors of every shared object, the preloaded shim
 * included, so a shim that clobbers errno shows up as a value other than
 * this one at main().  Not a real errno, so no libc path sets it by chance.
 */
#define HYGIENE_ERRNO_MARK 4321

static void mark_errno(void)
{
	errno = HYGIENE_ERRNO_MARK;
}

__attribute__((section(".preinit_array"),
	       used)) static void (*const preinit)(void) = mark_errno;

/* The program's own constructor's read: "unset", "ok" or an errno name. */
static const char *ctor_read = "unset";

static const char *errno_name_of(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

static const char *try_read(const char *path)
{
	char byte;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno_name_of(errno);
	if (read(fd, &byte, 1) < 0) {
		int err = errno;

		close(fd);
		return errno_name_of(err);
	}
	close(fd);
	return "ok";
}

/*
 * Program constructors run after every shared object's constructor, so the
 * shim's domain must already cover this read.  The save and restore keeps
 * the errno report about the shim, not about us.
 */
__attribute__((constructor)) static void own_constructor(void)
{
	int saved_errno = errno;
	const char *path = getenv("HYGIENE_CTOR_FILE");

	if (path)
		ctor_read = try_read(path);
	errno = saved_errno;
}

static void print_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *entry;
	const char *sep = "";

	if (!dir) {
		printf("fds=error:%s\n", errno_name_of(errno));
		return;
	}
	printf("fds=");
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] == '.' ||
		    atoi(entry->d_name) == dirfd(dir))
			continue;
		printf("%s%s", sep, entry->d_name);
		sep = ",";
	}
	printf("\n");
	closedir(dir);
}

static void print_maps(void)
{
	FILE *maps = fopen("/proc/self/maps", "re");
	char line[4096];
	bool libconfig = false, parser = false;
	unsigned int llshim = 0;

	if (!maps) {
		printf("maps=error:%s\n", errno_name_of(errno));
		return;
	}
	while (fgets(line, sizeof(line), maps)) {
		libconfig |= strstr(line, "libconfig") != NULL;
		parser |= strstr(line, "libllshim-parser") != NULL;
		llshim += strstr(line, "libllshim") != NULL;
	}
	fclose(maps);
	printf("libconfig_mapped=%d\nparser_mapped=%d\nllshim_mappings=%u\n",
	       libconfig, parser, llshim);
}

static void print_policy_env(void)
{
	const char *preload = getenv("LD_PRELOAD");

	for (char **var = environ; *var; var++) {
		if (strncmp(*var, "LL_", 3) && strncmp(*var, "LLSHIM_", 7))
			continue;
		printf("env=%.*s\n", (int)strcspn(*var, "="), *var);
	}
	printf("ld_preload=%s\n", preload ? preload : "(unset)");
}

/*
 * There is no query for "am I in a Landlock domain" (ABI 7), so probe: the
 * test passes a file it owns and can read, which the policy leaves out.
 * EACCES on a file whose permissions allow the read can only come from an
 * LSM, here Landlock.  "?" when no probe path was given.
 */
static const char *landlocked(const char *probe_result)
{
	if (!probe_result)
		return "?";
	return strcmp(probe_result, "EACCES") ? "0" : "1";
}

int main(int argc, char **argv)
{
	int entry_errno = errno;
	const char *probe = NULL;

	printf("errno=%d\n", entry_errno);
	/* Before anything below opens a descriptor of its own. */
	print_fds();
	print_maps();
	print_policy_env();
	printf("no_new_privs=%d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	if (argc > 1)
		probe = try_read(argv[1]);
	printf("probe=%s\n", probe ? probe : "-");
	printf("landlocked=%s\n", landlocked(probe));
	printf("ctor_read=%s\n", ctor_read);
	return 0;
}
