// SPDX-License-Identifier: MIT
/*
 * llshim VERB [ARGS...]: finds the verb, or prints help, usage or the
 * version.  Every usage error ends with status 2 and a usage line.
 */
#include <stdarg.h>
#include <string.h>

#include "cli.h"

struct verb {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage; /* after "usage: llshim " */
	const char *help;  /* what follows the usage line in --help */
};

static const struct verb verbs[] = {
	{ "run", llshim_cmd_run, "run [options] -- CMD [ARGS...]",
	  "Run CMD in a Landlock sandbox.  llshim applies the sandbox\n"
	  "itself before exec, so static binaries and programs that cannot\n"
	  "preload the library stay sandboxed, and starts CMD with\n"
	  "libllshim.so preloaded so that the programs it starts get their\n"
	  "own per-binary policies.\n"
	  "\n"
	  "  --policy FILE   apply a policy file (llshim.conf(5)); each\n"
	  "                  one is its own layer; repeatable\n"
	  "  --ro PATH       read files and list directories beneath PATH\n"
	  "  --rox PATH      --ro and execute\n"
	  "  --rw PATH       --ro and every write right\n"
	  "  --rwx PATH      --rw and execute\n"
	  "  --connect PORT  allow TCP connect to PORT; the first one\n"
	  "                  restricts TCP connect (\"\" allows no port)\n"
	  "  --bind PORT     allow TCP bind to PORT; the first one\n"
	  "                  restricts TCP bind (\"\" allows no port)\n"
	  "  --scope a|s     deny abstract unix sockets (a) or signals (s)\n"
	  "                  towards processes outside the sandbox\n"
	  "  --hard          refuse to run when this kernel lacks anything\n"
	  "                  asked for (compat = \"hard\" for every layer)\n"
	  "  --log           also log denials of programs CMD executes\n"
	  "                  (audit, Landlock ABI 7)\n"
	  "  -h, --help      show this help\n"
	  "\n"
	  "PATH, PORT and --scope options are repeatable and together make\n"
	  "one layer, after the policy files; PORT and --scope values may\n"
	  "be colon-separated lists.  A PATH that does not exist is skipped\n"
	  "with a warning.  The filesystem is restricted when a PATH option\n"
	  "is given, TCP bind or connect when its option is given.  Set\n"
	  "LLSHIM_DEBUG=1 to see the layers.\n"
	  "\n"
	  "Exit status: CMD's own; 1 invalid policy or option value; 2 usage\n"
	  "error; 126 the sandbox could not be applied or CMD could not be\n"
	  "run; 127 CMD not found.\n" },
	{ "check", llshim_cmd_check, "check [--json] FILE...",
	  "Validate policy files and print, for each, the ruleset it makes\n"
	  "on this kernel: every rule with the rights it grants after file\n"
	  "and directory masking, the handled rights, TCP ports, scopes and\n"
	  "flags, what is dropped for this kernel and why, and every missing\n"
	  "path.  A file in the system or the user's policy.d is checked as\n"
	  "the shim would read it there; any other file as LLSHIM_POLICY.\n"
	  "\n"
	  "  --json          print one JSON document instead\n"
	  "  -h, --help      show this help\n"
	  "\n"
	  "Exit status: 0 every file is valid; 1 a file is invalid; 2 usage\n"
	  "error.\n" },
	{ "which", llshim_cmd_which, "which CMD",
	  "Find CMD as a shell would and show which per-binary policies\n"
	  "would apply to it, directory by directory and identity by\n"
	  "identity (the executable, and for a #! script the interpreter\n"
	  "and the script): the names tried in order and the one that\n"
	  "matched.\n"
	  "\n"
	  "  -h, --help      show this help\n"
	  "\n"
	  "Exit status: 0 CMD was found; 1 CMD was not found; 2 usage\n"
	  "error.\n" },
	{ "status", llshim_cmd_status, "status",
	  "Show the kernel's Landlock ABI and errata, the rights it\n"
	  "supports, whether libllshim.so is preloaded system-wide\n"
	  "(/etc/ld.so.preload), and the policy directories with how many\n"
	  "policies each holds.\n"
	  "\n"
	  "  -h, --help      show this help\n"
	  "\n"
	  "Exit status: 0; 2 usage error.\n" },
};

#define VERB_COUNT (sizeof(verbs) / sizeof(verbs[0]))

static const struct verb *find_verb(const char *name)
{
	size_t i;

	for (i = 0; i < VERB_COUNT; i++)
		if (strcmp(verbs[i].name, name) == 0)
			return &verbs[i];
	return NULL;
}

static void usage_lines(FILE *out)
{
	size_t i;

	for (i = 0; i < VERB_COUNT; i++)
		fprintf(out, "%s llshim %s\n",
			i ? "      " : "usage:", verbs[i].usage);
	fprintf(out, "       llshim help [VERB]\n"
		     "       llshim --version\n");
}

static void overall_help(FILE *out)
{
	usage_lines(out);
	fputs("\nRetrofit a Landlock sandbox onto unmodified programs.\n"
	      "\n"
	      "  run      run a command in a sandbox\n"
	      "  check    validate policy files and show their rules\n"
	      "  which    show which per-binary policies apply to a command\n"
	      "  status   show what this kernel and machine support\n"
	      "  help     show the help of a verb\n"
	      "\n"
	      "See llshim(1), llshim.conf(5) and libllshim(8).\n",
	      out);
}

bool llshim_cli_help(const char *verb, FILE *out)
{
	const struct verb *v = verb ? find_verb(verb) : NULL;

	if (!verb) {
		overall_help(out);
		return true;
	}
	if (!v)
		return false;
	fprintf(out, "usage: llshim %s\n\n%s", v->usage, v->help);
	return true;
}

int llshim_cli_usage_error(const char *verb, const char *fmt, ...)
{
	const struct verb *v = verb ? find_verb(verb) : NULL;
	va_list ap;

	fputs("llshim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (v)
		fprintf(stderr, "usage: llshim %s\nTry 'llshim help %s'.\n",
			v->usage, v->name);
	else
		usage_lines(stderr);
	return LLSHIM_EXIT_USAGE;
}

/* llshim help [VERB] */
static int help(int argc, char **argv)
{
	if (argc > 2)
		return llshim_cli_usage_error(NULL, "help: too many arguments");
	if (llshim_cli_help(argc == 2 ? argv[1] : NULL, stdout))
		return LLSHIM_EXIT_OK;
	return llshim_cli_usage_error(NULL, "help: unknown command \"%s\"",
				      argv[1]);
}

int main(int argc, char **argv)
{
	const struct verb *v;

	if (argc < 2)
		return llshim_cli_usage_error(NULL, "no command given");
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("llshim %s\n", LLSHIM_VERSION);
		return LLSHIM_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		overall_help(stdout);
		return LLSHIM_EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0)
		return help(argc - 1, argv + 1);
	v = find_verb(argv[1]);
	if (!v)
		return llshim_cli_usage_error(NULL, "unknown command \"%s\"",
					      argv[1]);
	return v->run(argc - 1, argv + 1);
}
