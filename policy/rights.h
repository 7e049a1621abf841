/* SPDX-License-Identifier: MIT */
/*
 * Names of Landlock rights and what each ABI version knows, shared by the
 * parsers (names to bits), the planner (ABI masks) and debug output.
 */
#ifndef LLSHIM_RIGHTS_H
#define LLSHIM_RIGHTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "landlock_uapi.h"
#include "msg.h"

/* Access groups of the policy language (SPEC.md section 4). */
#define LLSHIM_GROUP_RO	 (LLSHIM_FS_READ_FILE | LLSHIM_FS_READ_DIR)
#define LLSHIM_GROUP_ROX (LLSHIM_GROUP_RO | LLSHIM_FS_EXECUTE)
#define LLSHIM_GROUP_RW                                                        \
	(LLSHIM_GROUP_RO | LLSHIM_FS_WRITE_FILE | LLSHIM_FS_TRUNCATE |         \
	 LLSHIM_FS_IOCTL_DEV | LLSHIM_FS_REMOVE_DIR | LLSHIM_FS_REMOVE_FILE |  \
	 LLSHIM_FS_MAKE_CHAR | LLSHIM_FS_MAKE_DIR | LLSHIM_FS_MAKE_REG |       \
	 LLSHIM_FS_MAKE_SOCK | LLSHIM_FS_MAKE_FIFO | LLSHIM_FS_MAKE_BLOCK |    \
	 LLSHIM_FS_MAKE_SYM | LLSHIM_FS_REFER)
#define LLSHIM_GROUP_RWX (LLSHIM_GROUP_RW | LLSHIM_FS_EXECUTE)

/* The kernel sample's LL_FS_RO and LL_FS_RW grants. */
#define LLSHIM_SAMPLE_RO                                                       \
	(LLSHIM_FS_EXECUTE | LLSHIM_FS_READ_FILE | LLSHIM_FS_READ_DIR)
#define LLSHIM_SAMPLE_RW (LLSHIM_GROUP_RWX | LLSHIM_FS_RESOLVE_UNIX)

/* What Landlock ABI version @abi knows (0 for none). */
uint64_t llshim_abi_fs(int abi);
uint64_t llshim_abi_net(int abi);
uint64_t llshim_abi_scoped(int abi);
uint32_t llshim_abi_restrict_flags(int abi);
/* The oldest ABI that knows every right of @fs (1 for none). */
int llshim_fs_rights_abi(uint64_t fs);

/* Name lookups; false when unknown.  @len counts the name's bytes. */
bool llshim_fs_right_lookup(const char *name, size_t len, uint64_t *right);
bool llshim_fs_group_lookup(const char *name, uint64_t *rights);
bool llshim_scope_lookup(const char *name, uint64_t *scope);

/* Appends the names of the rights in a set, comma-separated, or "none". */
void llshim_msg_add_fs_rights(struct llshim_msg *msg, uint64_t fs);
void llshim_msg_add_net_rights(struct llshim_msg *msg, uint64_t net);
void llshim_msg_add_scopes(struct llshim_msg *msg, uint64_t scoped);
void llshim_msg_add_restrict_flags(struct llshim_msg *msg, uint32_t flags);

#endif
