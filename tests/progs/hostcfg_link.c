// SPDX-License-Identifier: MIT
/*
 * A host that links libconfig itself (-lconfig, see hosts.mk) and uses it
 * after the shim ran: the shim's private copy of the parser must neither
 * replace nor break the host's.
 *
 * Usage: hostcfg_link [FILE...]
 *   Parses a built-in string and prints "greeting=<value>".  Then reads
 *   each FILE with config_read_file() and prints "FILE: value=<value>" or
 *   "FILE: <libconfig error>: <errno name>".
 * Exit status: 0 when everything parsed, 1 otherwise.
 */
#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <string.h>

static const char builtin[] = "greeting = \"hello from the host\";\n"
			      "answer = 42;\n";

static int parse_builtin(void)
{
	config_t cfg;
	const char *greeting = NULL;
	int answer = 0;
	int status = 1;

	config_init(&cfg);
	if (!config_read_string(&cfg, builtin)) {
		printf("builtin: line %d: %s\n", config_error_line(&cfg),
		       config_error_text(&cfg));
	} else if (config_lookup_string(&cfg, "greeting", &greeting) &&
		   config_lookup_int(&cfg, "answer", &answer)) {
		printf("greeting=%s\nanswer=%d\n", greeting, answer);
		status = 0;
	}
	config_destroy(&cfg);
	return status;
}

/* libconfig keeps no errno of its own: the open failure's errno survives. */
static int parse_file(const char *path)
{
	config_t cfg;
	const char *value = NULL;
	int status = 1;

	config_init(&cfg);
	errno = 0;
	if (!config_read_file(&cfg, path)) {
		int err = errno;

		printf("%s: %s: %s\n", path, config_error_text(&cfg),
		       err ? strerrorname_np(err) : "-");
	} else if (config_lookup_string(&cfg, "value", &value)) {
		printf("%s: value=%s\n", path, value);
		status = 0;
	} else {
		printf("%s: no value\n", path);
	}
	config_destroy(&cfg);
	return status;
}

int main(int argc, char **argv)
{
	int status = parse_builtin();

	for (int i = 1; i < argc; i++)
		status |= parse_file(argv[i]);
	return status;
}
