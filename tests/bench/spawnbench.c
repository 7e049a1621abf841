// SPDX-License-Identifier: MIT
/*
 * spawnbench: interleaved start-up latency of several variants of a command.
 *
 *   spawnbench [-r ROUNDS] [-w WARMUP] [-s SEED] [-m FILE.md] [-j FILE.json]
 *              [-t FILE.tsv] SPEC
 *   spawnbench -a      print the kernel's Landlock ABI (0: none)
 *
 * Every round starts each variant once, in a freshly shuffled order, so that
 * drift on a noisy machine (frequency, cache, a neighbour's load) hits every
 * variant alike.  One start is posix_spawn() to waitpid(), timed with
 * CLOCK_MONOTONIC, with stdin and stdout on /dev/null and stderr kept in
 * a memory file per variant.
 *
 * SPEC has one variant a line, fields separated by tabs:
 *   NAME  FLAGS  LABEL  NOTE  WORD...
 * FLAGS is "-" or a comma-separated list of "optional" (a variant that fails
 * its first start is skipped, not an error) and "skip" (not run; NOTE says
 * why).  NOTE is "-" for none.  The leading WORDs of the form NAME=VALUE are
 * added to this program's environment for the variant; the next word is the
 * absolute path of the program and the rest its arguments.  The first line
 * is the baseline.  Lines starting with '#' are comments.
 *
 * Every start's status is checked: a variant whose start fails is reported
 * as an error with the reason and is not timed any further.  So is one that
 * writes to stderr: all variants are silent when they work, and a loader
 * that cannot preload a library says so and runs the program without it,
 * which would time the wrong thing.  Exit status 0 when the baseline ran,
 * 1 on a harness error, 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_VARIANTS 64

enum variant_state { VARIANT_OK, VARIANT_ERROR, VARIANT_SKIPPED };

struct stats {
	double mean, median, min, max, stddev;
};

struct variant {
	char *name, *label, *note;
	bool optional;
	char **argv; /* NULL-terminated */
	char **envp; /* NULL-terminated */
	enum variant_state state;
	char reason[512];
	int stderr_fd;	 /* a memfd collecting the stderr of every start */
	double *samples; /* milliseconds */
	size_t count;
	struct stats stats;
};

struct bench {
	struct variant variants[MAX_VARIANTS];
	size_t count;
	unsigned long rounds, warmup;
	uint64_t seed, rng;
	int null_fd; /* /dev/null, for stdin and stdout */
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		perror("spawnbench");
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p) {
		perror("spawnbench");
		exit(1);
	}
	return p;
}

/* xorshift64*: good enough to shuffle, and reproducible from -s. */
static uint64_t next_random(struct bench *b)
{
	b->rng ^= b->rng >> 12;
	b->rng ^= b->rng << 25;
	b->rng ^= b->rng >> 27;
	return b->rng * 0x2545F4914F6CDD1DULL;
}

static bool is_assignment(const char *word)
{
	const char *p = word;

	if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
	      *p == '_'))
		return false;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
	       (*p >= '0' && *p <= '9') || *p == '_')
		p++;
	return *p == '=';
}

/* Our environment, with each assignment replacing a same-named entry. */
static char **build_envp(char **assignments, size_t count)
{
	extern char **environ;
	size_t n = 0, i, j, name_len;
	char **envp;

	while (environ[n])
		n++;
	envp = xcalloc(n + count + 1, sizeof(*envp));
	for (i = 0; i < n; i++)
		envp[i] = environ[i];
	for (j = 0; j < count; j++) {
		name_len =
		    (size_t)(strchr(assignments[j], '=') - assignments[j]) + 1;
		for (i = 0; i < n; i++)
			if (strncmp(envp[i], assignments[j], name_len) == 0)
				break;
		envp[i] = assignments[j];
		if (i == n)
			n++;
	}
	envp[n] = NULL;
	return envp;
}

static char *next_field(char **cursor)
{
	char *field = *cursor, *tab;

	if (!field)
		return NULL;
	tab = strchr(field, '\t');
	if (tab) {
		*tab = '\0';
		*cursor = tab + 1;
	} else {
		*cursor = NULL;
	}
	return field;
}

static int parse_flags(struct variant *v, char *flags)
{
	char *flag, *save = NULL;

	if (strcmp(flags, "-") == 0)
		return 0;
	for (flag = strtok_r(flags, ",", &save); flag;
	     flag = strtok_r(NULL, ",", &save)) {
		if (strcmp(flag, "optional") == 0)
			v->optional = true;
		else if (strcmp(flag, "skip") == 0)
			v->state = VARIANT_SKIPPED;
		else
			return -1;
	}
	return 0;
}

/* One SPEC line; the line's storage is kept by the variant. */
static int parse_variant(struct variant *v, char *line)
{
	char *cursor = line, *flags, *word, **words;
	size_t count = 0, envc = 0;

	v->name = next_field(&cursor);
	flags = next_field(&cursor);
	v->label = next_field(&cursor);
	v->note = next_field(&cursor);
	if (!v->name || !*v->name || !flags || !v->label || !v->note)
		return -1;
	if (strcmp(v->note, "-") == 0)
		v->note = NULL;
	if (parse_flags(v, flags))
		return -1;
	words = xcalloc(strlen(cursor ? cursor : "") + 2, sizeof(*words));
	while ((word = next_field(&cursor)))
		if (*word)
			words[count++] = word;
	while (envc < count && is_assignment(words[envc]))
		envc++;
	if (v->state == VARIANT_SKIPPED) {
		snprintf(v->reason, sizeof(v->reason), "%s",
			 v->note ? v->note : "skipped");
		v->note = NULL;
		return 0;
	}
	if (envc == count || words[envc][0] != '/')
		return -1;
	v->envp = build_envp(words, envc);
	v->argv = words + envc;
	return 0;
}

static int read_spec(struct bench *b, const char *path)
{
	size_t size = 0, lineno = 0;
	char *line = NULL;
	ssize_t len;
	FILE *spec;

	spec = fopen(path, "re");
	if (!spec) {
		fprintf(stderr, "spawnbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &size, spec)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (b->count == MAX_VARIANTS ||
		    parse_variant(&b->variants[b->count], xstrdup(line))) {
			fprintf(stderr, "spawnbench: %s:%zu: bad variant\n",
				path, lineno);
			free(line);
			fclose(spec);
			return -1;
		}
		b->count++;
	}
	free(line);
	fclose(spec);
	if (b->count == 0 || b->variants[0].state != VARIANT_OK) {
		fprintf(stderr, "spawnbench: %s: no baseline\n", path);
		return -1;
	}
	return 0;
}

static double elapsed_ms(const struct timespec *t0, const struct timespec *t1)
{
	return (double)(t1->tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1->tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * One start.  Returns 0 and the wait status, or an errno value when the
 * harness itself could not spawn or wait.
 */
static int spawn_once(const struct bench *b, const struct variant *v,
		      int stderr_fd, double *ms, int *status)
{
	posix_spawn_file_actions_t actions;
	struct timespec t0, t1;
	pid_t pid;
	int err;

	err = posix_spawn_file_actions_init(&actions);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&actions, b->null_fd, 0);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&actions, b->null_fd, 1);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&actions, stderr_fd, 2);
	if (err)
		return err;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = posix_spawn(&pid, v->argv[0], &actions, NULL, v->argv, v->envp);
	if (!err) {
		while (waitpid(pid, status, 0) < 0) {
			if (errno != EINTR) {
				err = errno;
				break;
			}
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	posix_spawn_file_actions_destroy(&actions);
	*ms = elapsed_ms(&t0, &t1);
	return err;
}

static void describe_status(char *buf, size_t size, int status)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "wait status %#x", status);
}

/* The first line the variant wrote to stderr, if any. */
static void read_stderr(const struct variant *v, char *buf, size_t size)
{
	ssize_t n = pread(v->stderr_fd, buf, size - 1, 0);
	char *p;

	buf[n > 0 ? n : 0] = '\0';
	for (p = buf; *p; p++) {
		if (*p == '\n') {
			*p = '\0';
			break;
		}
		if ((unsigned char)*p < ' ')
			*p = ' ';
	}
}

/* After a successful start: anything on stderr makes the variant wrong. */
static bool wrote_stderr(struct variant *v, const char *when)
{
	char message[256];
	struct stat st;

	if (fstat(v->stderr_fd, &st) || st.st_size == 0)
		return false;
	read_stderr(v, message, sizeof(message));
	snprintf(v->reason, sizeof(v->reason), "wrote to stderr %s: %s", when,
		 message);
	return true;
}

/* The first start of each variant: does it work at all? */
static void probe_variant(struct bench *b, struct variant *v)
{
	char what[64], message[256];
	int err, status;
	double ms;

	err = spawn_once(b, v, v->stderr_fd, &ms, &status);
	if (err) {
		snprintf(v->reason, sizeof(v->reason), "cannot start %s: %s",
			 v->argv[0], strerror(err));
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		describe_status(what, sizeof(what), status);
		read_stderr(v, message, sizeof(message));
		snprintf(v->reason, sizeof(v->reason), "%s%s%s", what,
			 *message ? ": " : "", message);
	} else if (!wrote_stderr(v, "when it first started")) {
		return;
	}
	v->state = v->optional ? VARIANT_SKIPPED : VARIANT_ERROR;
}

static void shuffle(struct bench *b, size_t *order, size_t n)
{
	size_t i, j, tmp;

	for (i = n - 1; i > 0; i--) {
		j = (size_t)(next_random(b) % (i + 1));
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
}

static void run_one(struct bench *b, struct variant *v, unsigned long round,
		    bool timed)
{
	char what[64], message[256];
	int err, status;
	double ms;

	err = spawn_once(b, v, v->stderr_fd, &ms, &status);
	if (err) {
		snprintf(v->reason, sizeof(v->reason), "round %lu: %s", round,
			 strerror(err));
		v->state = VARIANT_ERROR;
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		describe_status(what, sizeof(what), status);
		read_stderr(v, message, sizeof(message));
		snprintf(v->reason, sizeof(v->reason),
			 "%s in round %lu after %zu good starts%s%s", what,
			 round, v->count, *message ? ": " : "", message);
		v->state = VARIANT_ERROR;
	} else if (timed) {
		v->samples[v->count++] = ms;
	}
}

static void run_rounds(struct bench *b)
{
	size_t order[MAX_VARIANTS], i;
	unsigned long round, total = b->warmup + b->rounds, step;

	for (i = 0; i < b->count; i++) {
		order[i] = i;
		b->variants[i].samples =
		    xcalloc(b->rounds, sizeof(*b->variants[i].samples));
	}
	step = total / 10 ? total / 10 : 1;
	for (round = 0; round < total; round++) {
		if (round % step == 0)
			fprintf(stderr, "spawnbench: round %lu/%lu\n", round,
				total);
		shuffle(b, order, b->count);
		for (i = 0; i < b->count; i++) {
			struct variant *v = &b->variants[order[i]];

			if (v->state == VARIANT_OK)
				run_one(b, v, round, round >= b->warmup);
		}
	}
	for (i = 0; i < b->count; i++)
		if (b->variants[i].state == VARIANT_OK &&
		    wrote_stderr(&b->variants[i], "during the timed rounds"))
			b->variants[i].state = VARIANT_ERROR;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void compute_stats(struct variant *v)
{
	struct stats *s = &v->stats;
	double sum = 0, square_sum = 0;
	size_t i, n = v->count;

	if (n == 0)
		return;
	qsort(v->samples, n, sizeof(*v->samples), compare_double);
	for (i = 0; i < n; i++)
		sum += v->samples[i];
	s->mean = sum / (double)n;
	for (i = 0; i < n; i++)
		square_sum +=
		    (v->samples[i] - s->mean) * (v->samples[i] - s->mean);
	s->stddev = n > 1 ? sqrt(square_sum / (double)(n - 1)) : 0;
	s->median = n % 2 ? v->samples[n / 2]
			  : (v->samples[n / 2 - 1] + v->samples[n / 2]) / 2;
	s->min = v->samples[0];
	s->max = v->samples[n - 1];
}

static const char *state_name(enum variant_state state)
{
	switch (state) {
	case VARIANT_OK:
		return "ok";
	case VARIANT_ERROR:
		return "error";
	default:
		return "skipped";
	}
}

static bool timed(const struct variant *v)
{
	return v->state == VARIANT_OK && v->count > 0;
}

static void write_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < ' ')
			fprintf(out, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void write_json(const struct bench *b, FILE *out)
{
	const struct stats *base = &b->variants[0].stats;
	const struct variant *v;
	size_t i;

	fprintf(out,
		"{\"rounds\": %lu, \"warmup\": %lu, \"seed\": %llu, "
		"\"unit\": \"ms\", \"baseline\": ",
		b->rounds, b->warmup, (unsigned long long)b->seed);
	write_json_string(out, b->variants[0].name);
	fprintf(out, ", \"variants\": [");
	for (i = 0; i < b->count; i++) {
		v = &b->variants[i];
		fprintf(out, "%s\n  {\"name\": ", i ? "," : "");
		write_json_string(out, v->name);
		fprintf(out, ", \"label\": ");
		write_json_string(out, v->label);
		fprintf(out, ", \"status\": \"%s\"", state_name(v->state));
		if (v->note) {
			fprintf(out, ", \"note\": ");
			write_json_string(out, v->note);
		}
		if (v->state != VARIANT_OK) {
			fprintf(out, ", \"reason\": ");
			write_json_string(out, v->reason);
		}
		if (timed(v))
			fprintf(out,
				", \"runs\": %zu, \"mean\": %.6f, "
				"\"median\": %.6f, \"min\": %.6f, "
				"\"max\": %.6f, \"stddev\": %.6f, "
				"\"ratio_mean\": %.4f, \"ratio_median\": %.4f, "
				"\"added_median\": %.6f",
				v->count, v->stats.mean, v->stats.median,
				v->stats.min, v->stats.max, v->stats.stddev,
				v->stats.mean / base->mean,
				v->stats.median / base->median,
				v->stats.median - base->median);
		fputc('}', out);
	}
	fprintf(out, "\n]}\n");
}

static void write_markdown_text(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void write_markdown(const struct bench *b, FILE *out)
{
	const struct stats *base = &b->variants[0].stats;
	const struct variant *v;
	size_t i;

	fprintf(out, "| Variant | Mean (ms) | Median (ms) | Min (ms) | "
		     "Stddev (ms) | Mean / baseline | Median / baseline | "
		     "Added, median (ms) | "
		     "Note |\n");
	fprintf(out, "|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
	for (i = 0; i < b->count; i++) {
		v = &b->variants[i];
		fputs("| ", out);
		write_markdown_text(out, v->label);
		if (timed(v))
			fprintf(
			    out,
			    " | %.3f | %.3f | %.3f | %.3f | %.2fx | %.2fx | "
			    "%+.3f | ",
			    v->stats.mean, v->stats.median, v->stats.min,
			    v->stats.stddev, v->stats.mean / base->mean,
			    v->stats.median / base->median,
			    v->stats.median - base->median);
		else
			fprintf(out, " | %s | | | | | | | ",
				v->state == VARIANT_ERROR ? "**error**"
							  : "skipped");
		write_markdown_text(out, v->state == VARIANT_OK ? v->note
								: v->reason);
		if (v->state == VARIANT_SKIPPED && v->note) {
			fputs("; ", out);
			write_markdown_text(out, v->note);
		}
		fputs(" |\n", out);
	}
}

static void write_tsv(const struct bench *b, FILE *out)
{
	const struct variant *v;
	size_t i;

	fprintf(out, "name\tstatus\tmean\tmedian\tmin\tmax\tstddev\truns\n");
	for (i = 0; i < b->count; i++) {
		v = &b->variants[i];
		fprintf(out, "%s\t%s\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%zu\n",
			v->name, state_name(v->state), v->stats.mean,
			v->stats.median, v->stats.min, v->stats.max,
			v->stats.stddev, v->count);
	}
}

static int write_output(const struct bench *b, const char *path,
			void (*writer)(const struct bench *, FILE *))
{
	FILE *out;

	if (!path)
		return 0;
	out = fopen(path, "we");
	if (!out) {
		fprintf(stderr, "spawnbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	writer(b, out);
	if (fclose(out)) {
		fprintf(stderr, "spawnbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int print_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, 1U << 0);

	printf("%ld\n", abi < 0 ? 0 : abi);
	return 0;
}

static int open_files(struct bench *b)
{
	size_t i;

	b->null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (b->null_fd < 0) {
		perror("spawnbench: /dev/null");
		return -1;
	}
	for (i = 0; i < b->count; i++) {
		b->variants[i].stderr_fd = memfd_create("stderr", MFD_CLOEXEC);
		if (b->variants[i].stderr_fd < 0) {
			perror("spawnbench: memfd_create");
			return -1;
		}
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: spawnbench [-r ROUNDS] [-w WARMUP] [-s SEED] "
			"[-m MD] [-j JSON] [-t TSV] SPEC\n"
			"       spawnbench -a\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *md = NULL, *json = NULL, *tsv = NULL;
	static struct bench b = { .rounds = 1000, .warmup = 20 };
	size_t i;
	int opt;

	while ((opt = getopt(argc, argv, "ar:w:s:m:j:t:")) != -1) {
		switch (opt) {
		case 'a':
			return print_abi();
		case 'r':
			b.rounds = strtoul(optarg, NULL, 10);
			break;
		case 'w':
			b.warmup = strtoul(optarg, NULL, 10);
			break;
		case 's':
			b.seed = strtoull(optarg, NULL, 10);
			break;
		case 'm':
			md = optarg;
			break;
		case 'j':
			json = optarg;
			break;
		case 't':
			tsv = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1 || b.rounds == 0)
		usage();
	if (!b.seed)
		b.seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	b.rng = b.seed ? b.seed : 1;
	if (read_spec(&b, argv[optind]) || open_files(&b))
		return 1;
	for (i = 0; i < b.count; i++)
		if (b.variants[i].state == VARIANT_OK)
			probe_variant(&b, &b.variants[i]);
	if (b.variants[0].state != VARIANT_OK) {
		fprintf(stderr, "spawnbench: baseline %s: %s\n",
			b.variants[0].name, b.variants[0].reason);
		return 1;
	}
	run_rounds(&b);
	for (i = 0; i < b.count; i++) {
		compute_stats(&b.variants[i]);
		if (b.variants[i].state != VARIANT_OK)
			fprintf(stderr, "spawnbench: %s: %s: %s\n",
				b.variants[i].name,
				state_name(b.variants[i].state),
				b.variants[i].reason);
	}
	if (!timed(&b.variants[0])) {
		fprintf(stderr, "spawnbench: the baseline failed: %s\n",
			b.variants[0].reason);
		return 1;
	}
	if (write_output(&b, md, write_markdown) ||
	    write_output(&b, json, write_json) ||
	    write_output(&b, tsv, write_tsv))
		return 1;
	return 0;
}
