// SPDX-License-Identifier: MIT
/*
 * nolandlock ENOSYS|EOPNOTSUPP CMD [ARGS...]: run CMD as if Landlock were
 * missing from the kernel.
 *
 * A seccomp filter makes the three Landlock system calls fail with the given
 * errno, which is what a kernel answers when Landlock is not built in
 * (ENOSYS) or built in but not enabled at boot (EOPNOTSUPP, "lsm=" without
 * landlock).  Every other system call is allowed.  The filter and
 * no_new_privs are inherited across execve, so CMD and all its descendants
 * see the same kernel.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Landlock's numbers are the same on every architecture (Linux 5.13). */
#define NR_LANDLOCK_CREATE_RULESET 444
#define NR_LANDLOCK_ADD_RULE	   445
#define NR_LANDLOCK_RESTRICT_SELF  446

#if defined(__x86_64__) && defined(__ILP32__)
#error "x32 is not supported"
#elif defined(__x86_64__)
#define FILTER_ARCH	AUDIT_ARCH_X86_64
/* x32 system calls reach the same table with this bit set. */
#define X32_SYSCALL_BIT 0x40000000U
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define FILTER_ARCH AUDIT_ARCH_RISCV64
#else
#error "unknown architecture: add its AUDIT_ARCH_* here"
#endif

static int parse_errno(const char *name)
{
	if (!strcmp(name, "ENOSYS"))
		return ENOSYS;
	if (!strcmp(name, "EOPNOTSUPP"))
		return EOPNOTSUPP;
	return -1;
}

/*
 * A system call made under another architecture's convention (e.g. i386
 * through int 0x80 on x86_64) has other numbers: kill rather than guess.
 */
static int install_filter(int err)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
#ifdef X32_SYSCALL_BIT
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, ~X32_SYSCALL_BIT),
#endif
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NR_LANDLOCK_CREATE_RULESET,
			 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NR_LANDLOCK_ADD_RULE, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NR_LANDLOCK_RESTRICT_SELF,
			 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K,
			 SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
	};
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};

	/* Lets an unprivileged user install the filter. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	int err;

	if (argc < 3 || (err = parse_errno(argv[1])) < 0) {
		fputs("usage: nolandlock ENOSYS|EOPNOTSUPP CMD [ARGS...]\n",
		      stderr);
		return 2;
	}
	if (install_filter(err) < 0) {
		fprintf(stderr, "nolandlock: seccomp filter: %s\n",
			strerror(errno));
		return 125;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "nolandlock: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
