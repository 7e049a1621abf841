// SPDX-License-Identifier: MIT
/*
 * compiled_check [KIND] [--profile-dirs A:B] [--uid N] [MODE] FILE: drive
 * compiled policies (policy/compiled.h) under AddressSanitizer and UBSan.
 *
 * KIND is --system, --user or --explicit (the default).  FILE is parsed as
 * the shim parses it: root's profile directories (LLSHIM_SYSTEM_PROFILES,
 * LLSHIM_SHIPPED_PROFILES, or --profile-dirs for tests, which cannot write
 * those), then the user's, and this process's environment.  MODE:
 *
 *   (none)   parse, encode, decode (as --uid N, default getuid()); print
 *            "same" when the decoded layer equals the parsed one, sources
 *            and rule origins included, else "different"
 *   store    parse, then store the compiled form; print "stored"
 *   load     load the compiled form; print "ok" and, on a second line,
 *            whether it equals a fresh parse ("same", "different", or
 *            "parse: <why>")
 *   corrupt  decode the encoded bytes with each byte changed in turn,
 *            every truncation, and random damage: decode must refuse
 *            each (print "clean"), and, with the trailing sum made right
 *            again, return an error or a policy, never crash
 *   path     print the file that holds the compiled form
 *
 * Failures print "<step>: <word> (-<errno>)", word one of none (ENOENT),
 * stale (ESTALE), untrusted (EPERM), invalid (EINVAL) or strerror's text,
 * and exit 1.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiled.h"
#include "policy.h"

struct options {
	enum llshim_policy_kind kind;
	const char *profile_dirs[8];
	uint32_t uid;
	const char *mode;
	const char *file;
};

static const char *word(int err)
{
	switch (-err) {
	case ENOENT:
		return "none";
	case ESTALE:
		return "stale";
	case EPERM:
		return "untrusted";
	case EINVAL:
		return "invalid";
	default:
		return strerror(-err);
	}
}

static int failed(const char *step, int err)
{
	printf("%s: %s (%d)\n", step, word(err), err);
	return 1;
}

/* The file parsed as the shim parses it. */
static int parse(const struct options *o, struct llshim_policy **out,
		 struct llshim_msg *msg)
{
	char user_dir[4096];
	struct llshim_parse_options opt = { o->kind, o->profile_dirs, NULL,
					    environ };

	if (o->kind != LLSHIM_POLICY_SYSTEM &&
	    llshim_user_config_path(user_dir, sizeof(user_dir), "profiles") ==
		0)
		opt.user_profile_dir = user_dir;
	return llshim_parse_file(o->file, &opt, out, msg);
}

/* Two NULL-terminated lists of strings (NULL: empty) are equal. */
static bool same_list(const char *const *a, const char *const *b)
{
	for (; a && *a; a++, b++)
		if (!b || !*b || strcmp(*a, *b) != 0)
			return false;
	return !b || !*b;
}

/* llshim_policy_same, and where each rule came from too. */
static bool identical(const struct llshim_policy *a,
		      const struct llshim_policy *b)
{
	size_t i;

	if (!llshim_policy_same(a, b) || strcmp(a->source, b->source) != 0 ||
	    !same_list(a->beneath, b->beneath))
		return false;
	for (i = 0; i < a->fs_count; i++)
		if (strcmp(a->fs[i].origin, b->fs[i].origin) != 0)
			return false;
	return true;
}

/* What the shim found beneath the rules, as it lends it to a store. */
static const char *beneath[] = { "/usr/lib/llshim/libllshim.so", "/etc/llshim",
				 NULL };

static int round_trip(const struct options *o, struct llshim_policy *parsed)
{
	struct llshim_policy *decoded;
	size_t len;
	void *buf;
	int err;

	parsed->beneath = beneath;
	err = llshim_compiled_encode(parsed, getuid(), &buf, &len);
	if (err) {
		parsed->beneath = NULL;
		return failed("encode", err);
	}
	err = llshim_compiled_decode(buf, len, o->uid, environ, &decoded);
	free(buf);
	if (err)
		return failed("decode", err);
	if (decoded->inputs) {
		printf("decoded policy has inputs\n");
		llshim_policy_free(decoded);
		return 1;
	}
	printf("%s\n", identical(parsed, decoded) ? "same" : "different");
	err = !identical(parsed, decoded);
	parsed->beneath = NULL;
	llshim_policy_free(decoded);
	return err;
}

static int load(const struct options *o)
{
	struct llshim_policy *loaded, *parsed;
	struct llshim_msg msg;
	int err;

	err = llshim_compiled_load(o->kind, o->file, (uint32_t)getuid(),
				   environ, &loaded, NULL);
	if (err)
		return failed("load", err);
	printf("ok\n");
	if (parse(o, &parsed, &msg)) {
		printf("parse: %s\n", msg.text);
	} else {
		printf("%s\n",
		       identical(parsed, loaded) ? "same" : "different");
		llshim_policy_free(parsed);
	}
	llshim_policy_free(loaded);
	return 0;
}

/* The format's trailing sum made right again, so that damage can also
 * reach the reader behind it. */
static void fix_sum(unsigned char *bytes, size_t len)
{
	llshim_compiled_seal(bytes, len);
}

/* One damaged copy: an error or a policy, nothing else; true when it
 * decoded. */
static bool try_decode(const struct options *o, const unsigned char *bytes,
		       size_t len)
{
	struct llshim_policy *policy = NULL;
	/* A copy of exactly @len bytes: ASan sees a read past its end. */
	unsigned char *copy = malloc(len ? len : 1);
	int err;

	if (!copy)
		abort();
	memcpy(copy, bytes, len);
	err = llshim_compiled_decode(copy, len, o->uid, environ, &policy);
	free(copy);
	if (err == 0) {
		if (!policy || policy->inputs)
			abort();
		llshim_policy_free(policy);
		return true;
	}
	if (err != -EINVAL && err != -ESTALE && err != -ENOMEM) {
		printf("decode returned %d\n", err);
		abort();
	}
	return false;
}

/* @bytes with 1 to 4 random changes, some of them 32-bit extremes (the
 * counts and lengths). */
static void damage(unsigned char *bytes, size_t len)
{
	size_t n = 1 + (size_t)rand() % 4, i;

	while (n--) {
		i = (size_t)rand() % len;
		if (rand() % 2 && i + 4 <= len)
			memcpy(bytes + i,
			       rand() % 2 ? "\xff\xff\xff\xff"
					  : "\xff\xff\xff\x7f",
			       4);
		else
			bytes[i] = (unsigned char)rand();
	}
}

/*
 * Every byte changed and every truncation must be refused (the sum);
 * then, with the sum made right again, damage reaches the reader, which
 * must return an error or a policy.
 */
static int corrupt(const struct options *o, struct llshim_policy *parsed)
{
	static const unsigned char changes[] = { 0xff, 0x01, 0x80 };
	unsigned long decodes = 0, accepted = 0, summed = 0;
	unsigned char *bytes, *damaged;
	size_t len, i, c, k;
	void *buf;
	int err;

	err = llshim_compiled_encode(parsed, getuid(), &buf, &len);
	if (err)
		return failed("encode", err);
	bytes = buf;
	damaged = malloc(len);
	if (!damaged)
		abort();
	for (i = 0; i < len; i++) {
		for (c = 0; c < sizeof(changes); c++, decodes++) {
			memcpy(damaged, bytes, len);
			damaged[i] ^= changes[c];
			accepted += try_decode(o, damaged, len);
			fix_sum(damaged, len);
			summed += try_decode(o, damaged, len);
		}
	}
	for (i = 0; i < len; i++, decodes++) {
		accepted += try_decode(o, bytes, i);
		memcpy(damaged, bytes, i);
		fix_sum(damaged, i);
		summed += try_decode(o, damaged, i);
	}
	srand(1);
	for (k = 0; k < 2000; k++, decodes++) {
		memcpy(damaged, bytes, len);
		damage(damaged, len);
		/* A change can write what was there: no damage then. */
		if (memcmp(damaged, bytes, len) != 0)
			accepted += try_decode(o, damaged, len);
		fix_sum(damaged, len);
		summed += try_decode(o, damaged, len);
	}
	free(damaged);
	/* Unharmed, it still decodes. */
	if (!try_decode(o, bytes, len)) {
		free(buf);
		printf("the undamaged bytes do not decode\n");
		return 1;
	}
	free(buf);
	printf("%s: %lu damaged copies, %lu accepted; %lu accepted with the "
	       "sum made right\n",
	       accepted ? "damage accepted" : "clean", decodes, accepted,
	       summed);
	return accepted != 0;
}

static int print_path(const struct options *o)
{
	char path[4096 + 64];
	int err = llshim_compiled_path(o->kind, o->file, getuid(), environ,
				       path, sizeof(path));

	if (err)
		return failed("path", err);
	printf("%s\n", path);
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: compiled_check [--system|--user|--explicit] "
		"[--profile-dirs A:B] [--uid N] [store|load|corrupt|path] "
		"FILE\n");
	return 2;
}

/* A:B into o->profile_dirs (the string is argv's, split in place). */
static int split_dirs(struct options *o, char *list)
{
	size_t n = 0;
	char *dir;

	for (dir = strtok(list, ":"); dir; dir = strtok(NULL, ":")) {
		if (n + 1 ==
		    sizeof(o->profile_dirs) / sizeof(o->profile_dirs[0]))
			return -1;
		o->profile_dirs[n++] = dir;
	}
	o->profile_dirs[n] = NULL;
	return 0;
}

static int parse_args(struct options *o, int argc, char **argv)
{
	int i;

	o->kind = LLSHIM_POLICY_EXPLICIT;
	o->profile_dirs[0] = LLSHIM_SYSTEM_PROFILES;
	o->profile_dirs[1] = LLSHIM_SHIPPED_PROFILES;
	o->profile_dirs[2] = NULL;
	o->uid = getuid();
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(argv[i], "--system") == 0)
			o->kind = LLSHIM_POLICY_SYSTEM;
		else if (strcmp(argv[i], "--user") == 0)
			o->kind = LLSHIM_POLICY_USER;
		else if (strcmp(argv[i], "--explicit") == 0)
			o->kind = LLSHIM_POLICY_EXPLICIT;
		else if (strcmp(argv[i], "--profile-dirs") == 0 && value &&
			 split_dirs(o, argv[++i]) == 0)
			continue;
		else if (strcmp(argv[i], "--uid") == 0 && value)
			o->uid = (uint32_t)strtoul(argv[++i], NULL, 10);
		else
			return -1;
	}
	if (argc - i == 2)
		o->mode = argv[i++];
	else if (argc - i != 1)
		return -1;
	o->file = argv[i];
	return 0;
}

int main(int argc, char **argv)
{
	struct llshim_policy *parsed;
	struct options o = { 0 };
	struct llshim_msg msg;
	int status, err;

	if (parse_args(&o, argc, argv))
		return usage();
	if (o.mode && strcmp(o.mode, "load") == 0)
		return load(&o);
	if (o.mode && strcmp(o.mode, "path") == 0)
		return print_path(&o);
	if (parse(&o, &parsed, &msg)) {
		printf("parse: %s\n", msg.text);
		return 1;
	}
	if (!o.mode) {
		status = round_trip(&o, parsed);
	} else if (strcmp(o.mode, "corrupt") == 0) {
		status = corrupt(&o, parsed);
	} else if (strcmp(o.mode, "store") == 0) {
		err = llshim_compiled_store(o.kind, o.file, environ, parsed);
		status = err ? failed("store", err) : 0;
		if (!err)
			printf("stored\n");
	} else {
		status = usage();
	}
	llshim_policy_free(parsed);
	return status;
}
