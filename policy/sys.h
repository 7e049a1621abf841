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

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/mman.h>
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

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

/* close_range(2), Linux 5.9: every descriptor from @first to @last. */
static inline int llshim_sys_close_range(int first, int last)
{
	return (int)llshim_sys6(SYS_close_range, first, last, 0, 0, 0, 0);
}

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

/* include/uapi/linux/openat2.h (Linux 5.6) */
struct llshim_open_how {
	unsigned long long flags;
	unsigned long long mode;
	unsigned long long resolve;
};

#define LLSHIM_RESOLVE_NO_MAGICLINKS 0x02
#define LLSHIM_RESOLVE_NO_SYMLINKS   0x04
#define LLSHIM_RESOLVE_BENEATH	     0x08

/*
 * openat2(2) of @path strictly beneath @dirfd: no "..", absolute path or
 * symbolic link on the way out of it.
 */
static inline int llshim_sys_openat_beneath(int dirfd, const char *path,
					    int flags)
{
	struct llshim_open_how how = { (unsigned long long)flags, 0,
				       LLSHIM_RESOLVE_BENEATH |
					   LLSHIM_RESOLVE_NO_SYMLINKS |
					   LLSHIM_RESOLVE_NO_MAGICLINKS };

	return (int)llshim_sys6(SYS_openat2, dirfd, (long)path, (long)&how,
				sizeof(how), 0, 0);
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

static inline int llshim_sys_openat_mode(int dirfd, const char *path, int flags,
					 unsigned mode)
{
	return (int)llshim_sys6(SYS_openat, dirfd, (long)path, flags, mode, 0,
				0);
}

/* stat(2): follows symbolic links, as open(2) does. */
static inline int llshim_sys_stat(const char *path, struct stat *st)
{
	return (int)llshim_sys6(SYS_newfstatat, AT_FDCWD, (long)path, (long)st,
				0, 0, 0);
}

static inline int llshim_sys_fstat(int fd, struct stat *st)
{
	return (int)llshim_sys6(SYS_fstat, fd, (long)st, 0, 0, 0, 0);
}

static inline int llshim_sys_mkdir(const char *path, unsigned mode)
{
	return (int)llshim_sys6(SYS_mkdirat, AT_FDCWD, (long)path, mode, 0, 0,
				0);
}

static inline int llshim_sys_rename(const char *from, const char *to)
{
	return (int)llshim_sys6(SYS_renameat, AT_FDCWD, (long)from, AT_FDCWD,
				(long)to, 0, 0);
}

static inline int llshim_sys_unlink(const char *path)
{
	return (int)llshim_sys6(SYS_unlinkat, AT_FDCWD, (long)path, 0, 0, 0, 0);
}

static inline unsigned llshim_sys_getuid(void)
{
	return (unsigned)llshim_sys6(SYS_getuid, 0, 0, 0, 0, 0, 0);
}

static inline unsigned llshim_sys_geteuid(void)
{
	return (unsigned)llshim_sys6(SYS_geteuid, 0, 0, 0, 0, 0, 0);
}

static inline int llshim_sys_getpid(void)
{
	return (int)llshim_sys6(SYS_getpid, 0, 0, 0, 0, 0, 0);
}

static inline void *llshim_sys_mmap(size_t size)
{
	long ret = llshim_sys6(SYS_mmap, 0, (long)size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return ret < 0 && ret > -4096 ? NULL : (void *)ret;
}

static inline int llshim_sys_munmap(void *addr, size_t size)
{
	return (int)llshim_sys6(SYS_munmap, (long)addr, (long)size, 0, 0, 0, 0);
}

static inline int llshim_sys_madvise(void *addr, size_t size, int advice)
{
	return (int)llshim_sys6(SYS_madvise, (long)addr, (long)size, advice, 0,
				0, 0);
}

/*
 * MADV_DONTNEED on the whole pages from @from up to @to, each end rounded
 * up to a page of @page_size bytes (0: unknown, nothing is done): a page
 * that @from only ends in is kept.  Private pages are zero (anonymous) or
 * the file's again when next touched.
 */
static inline void llshim_sys_drop_pages(const void *from, const void *to,
					 size_t page_size)
{
	size_t mask = page_size - 1;
	size_t start = ((size_t)from + mask) & ~mask;
	size_t end = ((size_t)to + mask) & ~mask;

	if (page_size && start < end)
		llshim_sys_madvise((void *)start, end - start, MADV_DONTNEED);
}

static inline int llshim_sys_prctl(int option, unsigned long arg)
{
	return (int)llshim_sys6(SYS_prctl, option, (long)arg, 0, 0, 0, 0);
}

/* Landlock (uapi: linux/landlock.h; x86_64 and aarch64 share numbers). */
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif
#ifndef SYS_landlock_add_rule
#define SYS_landlock_add_rule 445
#endif
#ifndef SYS_landlock_restrict_self
#define SYS_landlock_restrict_self 446
#endif

static inline int llshim_sys_landlock_create_ruleset(const void *attr,
						     size_t size,
						     unsigned flags)
{
	return (int)llshim_sys6(SYS_landlock_create_ruleset, (long)attr,
				(long)size, flags, 0, 0, 0);
}

static inline int llshim_sys_landlock_add_rule(int fd, int type,
					       const void *attr)
{
	return (int)llshim_sys6(SYS_landlock_add_rule, fd, type, (long)attr, 0,
				0, 0);
}

static inline int llshim_sys_landlock_restrict_self(int fd, unsigned flags)
{
	return (int)llshim_sys6(SYS_landlock_restrict_self, fd, flags, 0, 0, 0,
				0);
}

/* The whole buffer, retrying short writes and EINTR; 0 or -errno. */
static inline int llshim_sys_write_all(int fd, const void *buf, size_t size)
{
	const char *p = buf;
	long n;

	while (size) {
		n = llshim_sys_write(fd, p, size);
		if (n == -EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? (int)n : -EIO;
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

__attribute__((noreturn)) static inline void llshim_sys_exit_group(int status)
{
	for (;;)
		llshim_sys6(SYS_exit_group, status, 0, 0, 0, 0, 0);
}

#endif
