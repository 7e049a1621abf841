// SPDX-License-Identifier: MIT
/*
 * probe OP ARGS...: perform one operation, one per Landlock right, and report
 * how it went, so that tests can check each right on its own.
 *
 * Success prints nothing and exits 0.  Failure prints
 * "probe: OP: <strerror> (<ERRNO NAME>)" to stderr and exits with a status
 * that tells the errno class apart without parsing:
 *   13 EACCES (Landlock's denial), 18 EXDEV (denied refer), 1 EPERM (scopes),
 *   2 anything else, 64 usage error.
 *
 * ioctl_dev: the probe opens the device read-only and asks it TCGETS.
 * Landlock checks LANDLOCK_ACCESS_FS_IOCTL_DEV (ABI 5) in its file_ioctl
 * hook for any command it does not itself treat as harmless (FIOCLEX,
 * FIONBIO, FIGETBSZ, ... are always allowed, FIONREAD is not).  Without a
 * denial, TCGETS on /dev/null reaches the memory driver, which has no
 * ioctl and answers ENOTTY; under a denial the hook answers EACCES first.
 * So ENOTTY counts as success here: the device was reached.
 *
 * Helpers for servers outside the sandbox, each alive at most
 * SERVER_LIFETIME seconds:
 *   listen_tcp        listen on 127.0.0.1:<free port>, print the port
 *   listen_abstract N listen on the abstract unix socket "\0N", print N
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define EXIT_USAGE	64
#define SERVER_LIFETIME 10

extern char **environ;

struct operation {
	const char *name;
	int argc; /* arguments after OP */
	int (*run)(char **argv);
};

/* Returns 0 or the errno of the failed call. */
static int fail_errno(void)
{
	return errno ? errno : EIO;
}

static int op_execute(char **argv)
{
	int pipefd[2], child_errno = 0, status;
	pid_t pid;
	ssize_t n;

	/* The child's exec error travels back through a close-on-exec pipe. */
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return fail_errno();
	pid = fork();
	if (pid < 0)
		return fail_errno();
	if (pid == 0) {
		char *const child_argv[] = { argv[0], NULL };

		close(pipefd[0]);
		execve(argv[0], child_argv, environ);
		child_errno = errno;
		if (write(pipefd[1], &child_errno, sizeof(child_errno)) < 0)
			_exit(127);
		_exit(127);
	}
	close(pipefd[1]);
	do
		n = read(pipefd[0], &child_errno, sizeof(child_errno));
	while (n < 0 && errno == EINTR);
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) < 0)
		return fail_errno();
	if (n == sizeof(child_errno))
		return child_errno;
	/* Exec worked, but a refused program (exit 126) is not a success. */
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "probe: execute: %s exited with status %d\n",
			argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return ECHILD;
	}
	return 0;
}

static int open_close(const char *path, int flags, mode_t mode)
{
	int fd = open(path, flags | O_CLOEXEC, mode);

	if (fd < 0)
		return fail_errno();
	close(fd);
	return 0;
}

static int op_read_file(char **argv)
{
	return open_close(argv[0], O_RDONLY, 0);
}

/* No O_TRUNC: that would also need LANDLOCK_ACCESS_FS_TRUNCATE (ABI 3). */
static int op_write_file(char **argv)
{
	return open_close(argv[0], O_WRONLY, 0);
}

static int op_read_dir(char **argv)
{
	DIR *dir = opendir(argv[0]);

	if (!dir)
		return fail_errno();
	errno = 0;
	while (readdir(dir))
		;
	closedir(dir);
	return errno;
}

static int op_remove_dir(char **argv)
{
	return rmdir(argv[0]) < 0 ? fail_errno() : 0;
}

static int op_remove_file(char **argv)
{
	return unlink(argv[0]) < 0 ? fail_errno() : 0;
}

static int make_node(const char *path, mode_t mode, dev_t dev)
{
	return mknod(path, mode, dev) < 0 ? fail_errno() : 0;
}

/* The device numbers of /dev/null and /dev/loop0: real, harmless nodes. */
static int op_make_char(char **argv)
{
	return make_node(argv[0], S_IFCHR | 0600, makedev(1, 3));
}

static int op_make_block(char **argv)
{
	return make_node(argv[0], S_IFBLK | 0600, makedev(7, 0));
}

static int op_make_dir(char **argv)
{
	return mkdir(argv[0], 0755) < 0 ? fail_errno() : 0;
}

/*
 * Like any program creating a file: the new file is opened for writing, so
 * Landlock checks write_file on it after make_reg on its directory.
 */
static int op_make_reg(char **argv)
{
	return open_close(argv[0], O_WRONLY | O_CREAT | O_EXCL, 0644);
}

/* Fills a unix socket address; abstract names get the leading NUL. */
static int unix_address(struct sockaddr_un *addr, const char *name,
			bool abstract, socklen_t *len)
{
	size_t name_len = strlen(name);
	size_t offset = abstract ? 1 : 0;

	if (name_len + offset >= sizeof(addr->sun_path))
		return ENAMETOOLONG;
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	memcpy(addr->sun_path + offset, name, name_len);
	*len = offsetof(struct sockaddr_un, sun_path) + offset + name_len;
	return 0;
}

/* A stream socket bound (make_sock) or connected to a unix address. */
static int unix_socket(const char *name, bool abstract, bool do_connect)
{
	struct sockaddr_un addr;
	socklen_t len;
	int fd, err;

	err = unix_address(&addr, name, abstract, &len);
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail_errno();
	if (do_connect)
		err = connect(fd, (struct sockaddr *)&addr, len);
	else
		err = bind(fd, (struct sockaddr *)&addr, len);
	err = err < 0 ? fail_errno() : 0;
	close(fd);
	return err;
}

static int op_make_sock(char **argv)
{
	return unix_socket(argv[0], false, false);
}

static int op_make_fifo(char **argv)
{
	return mkfifo(argv[0], 0600) < 0 ? fail_errno() : 0;
}

static int op_make_sym(char **argv)
{
	return symlink(argv[0], argv[1]) < 0 ? fail_errno() : 0;
}

/* rename(2) across directories: LANDLOCK_ACCESS_FS_REFER (ABI 2). */
static int op_refer(char **argv)
{
	return rename(argv[0], argv[1]) < 0 ? fail_errno() : 0;
}

static int op_truncate(char **argv)
{
	return truncate(argv[0], 0) < 0 ? fail_errno() : 0;
}

static int op_ioctl_dev(char **argv)
{
	struct termios tio;
	int fd, err = 0;

	fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail_errno();
	/* ENOTTY means the device itself answered: see the head comment. */
	if (ioctl(fd, TCGETS, &tio) < 0 && errno != ENOTTY)
		err = fail_errno();
	close(fd);
	return err;
}

static int parse_port(const char *text, uint16_t *port)
{
	char *end;
	unsigned long value;

	errno = 0;
	value = strtoul(text, &end, 10);
	if (errno || end == text || *end || value > 65535)
		return EINVAL;
	*port = (uint16_t)value;
	return 0;
}

static void loopback_address(struct sockaddr_in *addr, uint16_t port)
{
	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_port = htons(port);
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/* Calls bind or connect on a fresh TCP socket to 127.0.0.1:PORT. */
static int tcp_call(const char *port_text, bool do_connect)
{
	struct sockaddr_in addr;
	uint16_t port;
	int fd, err, ret;

	err = parse_port(port_text, &port);
	if (err)
		return err;
	loopback_address(&addr, port);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail_errno();
	if (do_connect)
		ret = connect(fd, (struct sockaddr *)&addr, sizeof(addr));
	else
		ret = bind(fd, (struct sockaddr *)&addr, sizeof(addr));
	err = ret < 0 ? fail_errno() : 0;
	close(fd);
	return err;
}

static int op_bind(char **argv)
{
	return tcp_call(argv[0], false);
}

static int op_connect(char **argv)
{
	return tcp_call(argv[0], true);
}

/* Signal 0 checks permission only: LANDLOCK_SCOPE_SIGNAL (ABI 6). */
static int op_signal(char **argv)
{
	char *end;
	long pid;

	errno = 0;
	pid = strtol(argv[0], &end, 10);
	if (errno || end == argv[0] || *end || pid <= 0)
		return EINVAL;
	return kill((pid_t)pid, 0) < 0 ? fail_errno() : 0;
}

/* LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (ABI 6). */
static int op_abstract_connect(char **argv)
{
	return unix_socket(argv[0], true, true);
}

/*
 * Serves until SERVER_LIFETIME runs out, accepting and dropping clients, so
 * a test that forgets to kill it still cannot leave it running.
 */
static int serve(int fd)
{
	alarm(SERVER_LIFETIME);
	for (;;) {
		int client = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

		if (client >= 0)
			close(client);
		else if (errno != EINTR && errno != ECONNABORTED)
			return fail_errno();
	}
}

static int op_listen_tcp(char **argv)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);
	int fd;

	(void)argv;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail_errno();
	loopback_address(&addr, 0);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&addr, &len) < 0)
		return fail_errno();
	/* Listen before printing: a reader of the port may connect at once. */
	if (listen(fd, 16) < 0)
		return fail_errno();
	printf("%u\n", ntohs(addr.sin_port));
	fflush(stdout);
	return serve(fd);
}

static int op_listen_abstract(char **argv)
{
	struct sockaddr_un addr;
	socklen_t len;
	int fd, err;

	err = unix_address(&addr, argv[0], true, &len);
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail_errno();
	if (bind(fd, (struct sockaddr *)&addr, len) < 0 || listen(fd, 16) < 0)
		return fail_errno();
	printf("%s\n", argv[0]);
	fflush(stdout);
	return serve(fd);
}

static const struct operation operations[] = {
	{ "execute", 1, op_execute },
	{ "read_file", 1, op_read_file },
	{ "write_file", 1, op_write_file },
	{ "read_dir", 1, op_read_dir },
	{ "remove_dir", 1, op_remove_dir },
	{ "remove_file", 1, op_remove_file },
	{ "make_char", 1, op_make_char },
	{ "make_block", 1, op_make_block },
	{ "make_dir", 1, op_make_dir },
	{ "make_reg", 1, op_make_reg },
	{ "make_sock", 1, op_make_sock },
	{ "make_fifo", 1, op_make_fifo },
	{ "make_sym", 2, op_make_sym },
	{ "refer", 2, op_refer },
	{ "truncate", 1, op_truncate },
	{ "ioctl_dev", 1, op_ioctl_dev },
	{ "bind", 1, op_bind },
	{ "connect", 1, op_connect },
	{ "signal", 1, op_signal },
	{ "abstract_connect", 1, op_abstract_connect },
	{ "listen_tcp", 0, op_listen_tcp },
	{ "listen_abstract", 1, op_listen_abstract },
};

static int exit_status(int err)
{
	switch (err) {
	case EACCES:
		return 13;
	case EXDEV:
		return 18;
	case EPERM:
		return 1;
	default:
		return 2;
	}
}

static int usage(void)
{
	size_t i;

	fputs("usage: probe OP ARGS...\noperations:", stderr);
	for (i = 0; i < sizeof(operations) / sizeof(operations[0]); i++)
		fprintf(stderr, " %s", operations[i].name);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const struct operation *op = NULL;
	size_t i;
	int err;

	if (argc < 2)
		return usage();
	for (i = 0; i < sizeof(operations) / sizeof(operations[0]); i++)
		if (!strcmp(argv[1], operations[i].name))
			op = &operations[i];
	if (!op || argc - 2 != op->argc)
		return usage();
	err = op->run(argv + 2);
	if (!err)
		return 0;
	fprintf(stderr, "probe: %s: %s (%s)\n", op->name, strerror(err),
		strerrorname_np(err) ? strerrorname_np(err) : "?");
	return exit_status(err);
}
