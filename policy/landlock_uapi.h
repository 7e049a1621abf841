/* SPDX-License-Identifier: MIT */
/*
 * Our own copy of the Landlock user-space interface, ABI 1 to 9.
 *
 * Debian 12's <linux/landlock.h> stops at ABI 2 while the kernels we run on
 * are newer, so every constant and structure we pass to the kernel is defined
 * here, with the ABI version that introduced it.  Values follow
 * include/uapi/linux/landlock.h.
 */
#ifndef LLSHIM_LANDLOCK_UAPI_H
#define LLSHIM_LANDLOCK_UAPI_H

#include <stdint.h>

#define LLSHIM_ABI_LAST 9

/* struct landlock_ruleset_attr: grows with the ABI (8, 16 then 24 bytes). */
struct llshim_ruleset_attr {
	uint64_t handled_access_fs;  /* ABI 1 */
	uint64_t handled_access_net; /* ABI 4 */
	uint64_t scoped;	     /* ABI 6 */
};

/* landlock_create_ruleset() flags. */
#define LLSHIM_CREATE_RULESET_VERSION (1U << 0) /* ABI 1 */
#define LLSHIM_CREATE_RULESET_ERRATA  (1U << 1) /* ABI 7 */

/* enum landlock_rule_type */
#define LLSHIM_RULE_PATH_BENEATH 1 /* ABI 1 */
#define LLSHIM_RULE_NET_PORT	 2 /* ABI 4 */

/* struct landlock_path_beneath_attr: packed, 12 bytes. */
struct llshim_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

/* struct landlock_net_port_attr */
struct llshim_net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};

/* Filesystem rights. */
#define LLSHIM_FS_EXECUTE      (1ULL << 0)  /* ABI 1 */
#define LLSHIM_FS_WRITE_FILE   (1ULL << 1)  /* ABI 1 */
#define LLSHIM_FS_READ_FILE    (1ULL << 2)  /* ABI 1 */
#define LLSHIM_FS_READ_DIR     (1ULL << 3)  /* ABI 1 */
#define LLSHIM_FS_REMOVE_DIR   (1ULL << 4)  /* ABI 1 */
#define LLSHIM_FS_REMOVE_FILE  (1ULL << 5)  /* ABI 1 */
#define LLSHIM_FS_MAKE_CHAR    (1ULL << 6)  /* ABI 1 */
#define LLSHIM_FS_MAKE_DIR     (1ULL << 7)  /* ABI 1 */
#define LLSHIM_FS_MAKE_REG     (1ULL << 8)  /* ABI 1 */
#define LLSHIM_FS_MAKE_SOCK    (1ULL << 9)  /* ABI 1 */
#define LLSHIM_FS_MAKE_FIFO    (1ULL << 10) /* ABI 1 */
#define LLSHIM_FS_MAKE_BLOCK   (1ULL << 11) /* ABI 1 */
#define LLSHIM_FS_MAKE_SYM     (1ULL << 12) /* ABI 1 */
#define LLSHIM_FS_REFER	       (1ULL << 13) /* ABI 2 */
#define LLSHIM_FS_TRUNCATE     (1ULL << 14) /* ABI 3 */
#define LLSHIM_FS_IOCTL_DEV    (1ULL << 15) /* ABI 5 */
#define LLSHIM_FS_RESOLVE_UNIX (1ULL << 16) /* ABI 9 */

/* Rights that make sense on a file that is not a directory. */
#define LLSHIM_FS_FILE_RIGHTS                                                  \
	(LLSHIM_FS_EXECUTE | LLSHIM_FS_WRITE_FILE | LLSHIM_FS_READ_FILE |      \
	 LLSHIM_FS_TRUNCATE | LLSHIM_FS_IOCTL_DEV | LLSHIM_FS_RESOLVE_UNIX)

/* Network rights (ABI 4). */
#define LLSHIM_NET_BIND_TCP    (1ULL << 0)
#define LLSHIM_NET_CONNECT_TCP (1ULL << 1)

/* Scopes (ABI 6). */
#define LLSHIM_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LLSHIM_SCOPE_SIGNAL		  (1ULL << 1)

/* landlock_restrict_self() flags. */
#define LLSHIM_RESTRICT_LOG_SAME_EXEC_OFF  (1U << 0) /* ABI 7 */
#define LLSHIM_RESTRICT_LOG_NEW_EXEC_ON	   (1U << 1) /* ABI 7 */
#define LLSHIM_RESTRICT_LOG_SUBDOMAINS_OFF (1U << 2) /* ABI 7 */
#define LLSHIM_RESTRICT_TSYNC		   (1U << 3) /* ABI 8 */

#define LLSHIM_RESTRICT_LOG_FLAGS                                              \
	(LLSHIM_RESTRICT_LOG_SAME_EXEC_OFF | LLSHIM_RESTRICT_LOG_NEW_EXEC_ON | \
	 LLSHIM_RESTRICT_LOG_SUBDOMAINS_OFF)

#endif
