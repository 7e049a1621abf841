/* SPDX-License-Identifier: MIT */
/*
 * Raw system calls, for code that must not call libc: the front of the
 * shim runs in every process of a machine, and each libc function it
 * imported would be bound at load (-z now) and fault libc pages in, in
 * every start.  Each returns the kernel's result: >= 0, or -errno; errno
 * itself is never touched.  x86_64 and aarch64 are done inline; other
 * architectures go through libc's syscall().
 */
#ifndef LLSHIM_SYS_H
#define LLSHIM_SYS_H

#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
static inline long llshim_sys6(long n, long a, long b, long c, long d, long e,
			       long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
static inline long llshim_sys6(long n, long a, long b, long c, long d, long e,
			       long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc 0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}
#else
#include <errno.h>
#include <unistd.h>
static inline long llshim_sys6(long n, long a, long b, long c, long d, long e,
			       long f)
{
	int saved = errno;
	long ret = syscall(n, a, b, c, d, e, f);

	if (ret < 0)
		ret = -errno;
	errno = saved;
	return ret;
}
#endif

static inline int llshim_sys_openat(int dirfd, const char *path, int flags)
{
	return (int)llshim_sys6(SYS_openat, dirfd, (long)path, flags, 0, 0, 0);
}

static inline int llshim_sys_close(int fd)
{
	return (int)llshim_sys6(SYS_close, fd, 0, 0, 0, 0, 0);
}

static inline long llshim_sys_read(int fd, void *buf, size_t size)
{
	return llshim_sys6(SYS_read, fd, (long)buf, (long)size, 0, 0, 0);
}

static inline long llshim_sys_readlink(const char *path, char *buf, size_t size)
{
	return llshim_sys6(SYS_readlinkat, AT_FDCWD, (long)path, (long)buf,
			   (long)size, 0, 0);
}

/* lstat(2): the link itself, not what it points to. */
static inline int llshim_sys_lstat(const char *path, struct stat *st)
{
	return (int)llshim_sys6(SYS_newfstatat, AT_FDCWD, (long)path, (long)st,
				AT_SYMLINK_NOFOLLOW, 0, 0);
}

static inline long llshim_sys_getcwd(char *buf, size_t size)
{
	return llshim_sys6(SYS_getcwd, (long)buf, (long)size, 0, 0, 0, 0);
}

static inline long llshim_sys_write(int fd, const void *buf, size_t size)
{
	return llshim_sys6(SYS_write, fd, (long)buf, (long)size, 0, 0, 0);
}

__attribute__((noreturn)) static inline void llshim_sys_exit_group(int status)
{
	for (;;)
		llshim_sys6(SYS_exit_group, status, 0, 0, 0, 0, 0);
}

#endif
