// SPDX-License-Identifier: MIT
/*
 * A host that exports its own functions under libconfig's names (linked with
 * -rdynamic, see hosts.mk).  If the shim's parser bound to the host's global
 * symbol namespace instead of its own libconfig, one of these would run:
 * each says so on stderr and aborts.
 *
 * Usage: hostcfg_export [--call-host] [FILE...]
 *   --call-host  calls the host's config_init itself (shows the trap works)
 *   FILE...      each is opened and read; one line "FILE: ok|ERRNAME" each
 * Also prints whether the global namespace still resolves config_init to
 * the host's own function and whether any llshim symbol is visible.
 * Exit status: 0 when every FILE was read, 1 otherwise.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void host_called(const char *name)
{
	char line[128];
	int len = snprintf(line, sizeof(line), "HOST %s CALLED\n", name);

	if (write(STDERR_FILENO, line, (size_t)len) < 0)
		_exit(99);
	abort();
}

/*
 * The signatures do not matter: any call is a failure, and this file must
 * not see libconfig.h, whose declarations belong to the real library.
 */
#define HOST_TRAP(name)                                                        \
	void name(void);                                                       \
	void name(void)                                                        \
	{                                                                      \
		host_called(#name);                                            \
	}

HOST_TRAP(config_init)
HOST_TRAP(config_destroy)
HOST_TRAP(config_read)
HOST_TRAP(config_read_string)
HOST_TRAP(config_read_file)
HOST_TRAP(config_lookup)
HOST_TRAP(config_lookup_int)
HOST_TRAP(config_lookup_string)
HOST_TRAP(config_setting_lookup)
HOST_TRAP(config_setting_get_member)
HOST_TRAP(config_setting_get_elem)
HOST_TRAP(config_setting_length)
HOST_TRAP(config_setting_get_int)
HOST_TRAP(config_setting_get_string)
HOST_TRAP(config_setting_get_bool)
HOST_TRAP(config_set_include_dir)

static int read_file(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0 || read(fd, buf, sizeof(buf)) < 0)
		err = errno;
	if (fd >= 0)
		close(fd);
	printf("%s: %s\n", path, err ? strerrorname_np(err) : "ok");
	return err ? 1 : 0;
}

/* What the program sees in its global namespace after the shim ran. */
static void print_namespace(void)
{
	void *own = dlsym(RTLD_DEFAULT, "config_init");

	printf("config_init=%s\n",
	       own == (void *)config_init ? "host" : "other");
	printf("llshim_parser_parse=%s\n",
	       dlsym(RTLD_DEFAULT, "llshim_parser_parse") ? "visible"
							  : "hidden");
}

int main(int argc, char **argv)
{
	int status = 0;
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "--call-host")) {
		config_init();
		i++;
	}
	print_namespace();
	for (; i < argc; i++)
		status |= read_file(argv[i]);
	return status;
}
