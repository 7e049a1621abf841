// SPDX-License-Identifier: MIT
/*
 * The floor: the least a preloaded library can do to sandbox a program with
 * Landlock before main().  Probe the ABI, set no_new_privs, create a ruleset
 * that handles every filesystem right of ABI 1 to 7 the kernel knows, add a
 * few hard-coded path rules and restrict.  No policy language, no stdio,
 * nothing of llshim's work: its own uapi definitions and libc's system call
 * wrappers (the bare build: the shim's raw stubs, policy/sys.h), so that
 * the benchmark compares llshim with what the kernel makes unavoidable.
 *
 * Built several times.  floor.so has the hard-coded rules only.
 * floor-scaled.so (FLOOR_SCALED) also grants read access to
 * BENCH_FLOOR_COUNT directories named BENCH_FLOOR_DIR/00000,
 * BENCH_FLOOR_DIR/00001, ..., one rule each, for the per-rule cost.
 * floor10.so (FLOOR_TEN) makes the very rules of the benchmark's 10-rule
 * policy file, the two files with their file rights, as a hand-written
 * constructor would: a reference for what llshim adds beyond the rules.
 *
 * Built with FLOOR_BARE (floor-bare.so, floor10-bare.so, with FLOOR_TEN),
 * it is the same constructor as a preloaded library can be at the least:
 * raw system calls instead of libc's (nothing imported, nothing for the
 * loader to bind), no relocation, DT_INIT instead of a constructor
 * attribute's DT_INIT_ARRAY entry, and one segment (floor_bare.ld): the
 * loader maps it with one mmap(2) and writes nothing into it.  A reference
 * for what being a usual library costs the floor, not the floor of the
 * targets.
 *
 * Built with FLOOR_PHASES (floor-phases.so, floor10-phases.so), it also
 * writes the cycles its constructor took to descriptor 3, as the shim's
 * time marks do (shim/phase.h: the first mark and the last), for make
 * bench-phases.
 *
 * Any failure ends the process with status 126: a floor that silently ran
 * unsandboxed would look cheaper than it is, and the harness checks every
 * exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef FLOOR_BARE
#if !defined(__x86_64__) && !defined(__aarch64__)
#error "the bare floor makes raw system calls: x86_64 or aarch64 only"
#endif
/* The shim's raw system call stubs: the same instructions, nothing of
 * llshim's work. */
#include "../../policy/sys.h"

#define floor_call(nr, a, b, c, d)                                             \
	llshim_sys6((nr), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define floor_open(path)     llshim_sys_openat(AT_FDCWD, (path), O_PATH | O_CLOEXEC)
#define floor_close(fd)	     llshim_sys_close(fd)
#define floor_no_new_privs() llshim_sys_prctl(PR_SET_NO_NEW_PRIVS, 1)
#define floor_exit(status)   llshim_sys_exit_group(status)
/* The result of a failed call: it is its own -errno. */
#define floor_errno(ret) (-(ret))
#else
#define floor_call(nr, a, b, c, d) syscall((nr), (a), (b), (c), (d))
#define floor_open(path)	   open((path), O_PATH | O_CLOEXEC)
#define floor_close(fd)		   close(fd)
#define floor_no_new_privs()	   prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
#define floor_exit(status)	   _exit(status)
#define floor_errno(ret)	   errno
#endif

#ifdef FLOOR_PHASES
#include <stdio.h>
#define LLSHIM_PHASES
#include "../../shim/phase.h"

static uint64_t phase_start;

/* After the timed part: what it costs does not count. */
static void phase_report(void)
{
	uint64_t end = llshim_phase_cycles();
	char line[256];
	int i, n = snprintf(line, sizeof(line), "llshim-phases %llu",
			    (unsigned long long)phase_start);

	for (i = 1; i < LLSHIM_PHASE_COUNT - 1; i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " 0");
	n += snprintf(line + n, sizeof(line) - (size_t)n, " %llu\n",
		      (unsigned long long)end);
	if (write(3, line, (size_t)n) != n)
		return;
}
#endif

/* include/uapi/asm-generic/unistd.h: the same numbers on every arch. */
#define FLOOR_SYS_CREATE_RULESET 444
#define FLOOR_SYS_ADD_RULE	 445
#define FLOOR_SYS_RESTRICT_SELF	 446

/* include/uapi/linux/landlock.h */
#define FLOOR_CREATE_RULESET_VERSION (1U << 0)
#define FLOOR_RULE_PATH_BENEATH	     1

#define FS_EXECUTE     (1ULL << 0)
#define FS_WRITE_FILE  (1ULL << 1)
#define FS_READ_FILE   (1ULL << 2)
#define FS_READ_DIR    (1ULL << 3)
#define FS_REMOVE_DIR  (1ULL << 4)
#define FS_REMOVE_FILE (1ULL << 5)
#define FS_MAKE_CHAR   (1ULL << 6)
#define FS_MAKE_DIR    (1ULL << 7)
#define FS_MAKE_REG    (1ULL << 8)
#define FS_MAKE_SOCK   (1ULL << 9)
#define FS_MAKE_FIFO   (1ULL << 10)
#define FS_MAKE_BLOCK  (1ULL << 11)
#define FS_MAKE_SYM    (1ULL << 12)
#define FS_REFER       (1ULL << 13) /* ABI 2 */
#define FS_TRUNCATE    (1ULL << 14) /* ABI 3 */
#define FS_IOCTL_DEV   (1ULL << 15) /* ABI 5 */

#define FS_ABI1                                                                \
	(FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_READ_DIR |             \
	 FS_REMOVE_DIR | FS_REMOVE_FILE | FS_MAKE_CHAR | FS_MAKE_DIR |         \
	 FS_MAKE_REG | FS_MAKE_SOCK | FS_MAKE_FIFO | FS_MAKE_BLOCK |           \
	 FS_MAKE_SYM)

#define ACCESS_RO  (FS_READ_FILE | FS_READ_DIR)
#define ACCESS_ROX (ACCESS_RO | FS_EXECUTE)
#define ACCESS_RW  UINT64_MAX /* masked down to what is handled */

/* Only the filesystem field: ABI 1's 8-byte struct is enough for that. */
struct floor_ruleset_attr {
	uint64_t handled_access_fs;
};

struct floor_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

static const struct floor_rule {
#ifdef FLOOR_BARE
	char path[32]; /* not a pointer: no relocation */
#else
	const char *path;
#endif
	uint64_t access;
} floor_rules[] = {
	{ "/usr", ACCESS_ROX },
	{ "/lib", ACCESS_ROX },
	{ "/lib64", ACCESS_ROX },
	{ "/etc", ACCESS_RO },
	{ "/proc", ACCESS_RO },
	{ "/tmp", ACCESS_RW },
#ifdef FLOOR_TEN
	{ "/var/tmp", ACCESS_RW },
	{ "/dev/null", FS_READ_FILE | FS_WRITE_FILE },
	{ "/dev/urandom", FS_READ_FILE },
	{ "/sys/devices/system/cpu", ACCESS_RO },
#endif
};

static void refuse(void)
{
	floor_exit(126);
}

/* Every fs right of ABI <= 7, minus those this kernel lacks. */
static uint64_t handled_for_abi(long abi)
{
	uint64_t handled = FS_ABI1;

	if (abi >= 2)
		handled |= FS_REFER;
	if (abi >= 3)
		handled |= FS_TRUNCATE;
	if (abi >= 5)
		handled |= FS_IOCTL_DEV;
	return handled;
}

/* A path that does not exist is skipped, as the kernel sample does. */
static void add_path(int ruleset, const char *path, uint64_t access,
		     uint64_t handled, int missing_ok)
{
	struct floor_path_beneath_attr attr = { .allowed_access =
						    access & handled };

	long fd = floor_open(path);

	if (fd < 0) {
		if (missing_ok && floor_errno(fd) == ENOENT)
			return;
		refuse();
	}
	attr.parent_fd = (int32_t)fd;
	if (floor_call(FLOOR_SYS_ADD_RULE, ruleset, FLOOR_RULE_PATH_BENEATH,
		       &attr, 0))
		refuse();
	floor_close(attr.parent_fd);
}

#ifdef FLOOR_SCALED
static unsigned long parse_count(const char *text)
{
	unsigned long count = 0;

	if (!text || !*text)
		refuse();
	for (; *text; text++) {
		if (*text < '0' || *text > '9' || count > 99999)
			refuse();
		count = count * 10 + (unsigned long)(*text - '0');
	}
	if (count > 99999)
		refuse();
	return count;
}

/* The names are built by hand: snprintf costs more than a rule. */
static void add_scaled_rules(int ruleset, uint64_t handled)
{
	const char *dir = getenv("BENCH_FLOOR_DIR");
	unsigned long i, n, count;
	char path[4096];
	size_t len;
	int digit;

	count = parse_count(getenv("BENCH_FLOOR_COUNT"));
	if (!dir || dir[0] != '/')
		refuse();
	len = strlen(dir);
	if (len + 7 > sizeof(path))
		refuse();
	memcpy(path, dir, len);
	path[len] = '/';
	path[len + 6] = '\0';
	for (i = 0; i < count; i++) {
		for (n = i, digit = 5; digit >= 1; digit--, n /= 10)
			path[len + (size_t)digit] = (char)('0' + n % 10);
		add_path(ruleset, path, ACCESS_RO, handled, 0);
	}
}
#endif

#ifdef FLOOR_BARE
/* DT_INIT (bench.mk: -init), called as a constructor is; raw system
 * calls leave errno alone. */
void floor_init(void);
void floor_init(void)
#else
__attribute__((constructor)) static void floor_init(void)
#endif
{
	struct floor_ruleset_attr attr;
#ifndef FLOOR_BARE
	int saved_errno = errno;
#endif
	long abi, ruleset;
	size_t i;

#ifdef FLOOR_PHASES
	phase_start = llshim_phase_cycles();
#endif
	abi = floor_call(FLOOR_SYS_CREATE_RULESET, NULL, 0,
			 FLOOR_CREATE_RULESET_VERSION, 0);
	if (abi < 1)
		refuse();
	attr.handled_access_fs = handled_for_abi(abi);
	if (floor_no_new_privs())
		refuse();
	ruleset =
	    floor_call(FLOOR_SYS_CREATE_RULESET, &attr, sizeof(attr), 0, 0);
	if (ruleset < 0)
		refuse();
	for (i = 0; i < sizeof(floor_rules) / sizeof(floor_rules[0]); i++)
		add_path((int)ruleset, floor_rules[i].path,
			 floor_rules[i].access, attr.handled_access_fs, 1);
#ifdef FLOOR_SCALED
	add_scaled_rules((int)ruleset, attr.handled_access_fs);
#endif
	if (floor_call(FLOOR_SYS_RESTRICT_SELF, ruleset, 0, 0, 0))
		refuse();
	floor_close((int)ruleset);
#ifdef FLOOR_PHASES
	phase_report();
#endif
#ifndef FLOOR_BARE
	errno = saved_errno;
#endif
}
