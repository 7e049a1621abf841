// SPDX-License-Identifier: MIT
/* Right names and per-ABI masks: the only table of Landlock rights. */
#include "rights.h"
#include "str.h"

/* Names held inline: a pointer would be one more relocation that the
 * loader processes in every process the shim is preloaded into. */
struct right_name {
	char name[24];
	uint64_t bit;
	int abi; /* first ABI version that knows the right */
};

static const struct right_name fs_rights[] = {
	{ "execute", LLSHIM_FS_EXECUTE, 1 },
	{ "write_file", LLSHIM_FS_WRITE_FILE, 1 },
	{ "read_file", LLSHIM_FS_READ_FILE, 1 },
	{ "read_dir", LLSHIM_FS_READ_DIR, 1 },
	{ "remove_dir", LLSHIM_FS_REMOVE_DIR, 1 },
	{ "remove_file", LLSHIM_FS_REMOVE_FILE, 1 },
	{ "make_char", LLSHIM_FS_MAKE_CHAR, 1 },
	{ "make_dir", LLSHIM_FS_MAKE_DIR, 1 },
	{ "make_reg", LLSHIM_FS_MAKE_REG, 1 },
	{ "make_sock", LLSHIM_FS_MAKE_SOCK, 1 },
	{ "make_fifo", LLSHIM_FS_MAKE_FIFO, 1 },
	{ "make_block", LLSHIM_FS_MAKE_BLOCK, 1 },
	{ "make_sym", LLSHIM_FS_MAKE_SYM, 1 },
	{ "refer", LLSHIM_FS_REFER, 2 },
	{ "truncate", LLSHIM_FS_TRUNCATE, 3 },
	{ "ioctl_dev", LLSHIM_FS_IOCTL_DEV, 5 },
	{ "resolve_unix", LLSHIM_FS_RESOLVE_UNIX, 9 },
};

static const struct right_name net_rights[] = {
	{ "bind_tcp", LLSHIM_NET_BIND_TCP, 4 },
	{ "connect_tcp", LLSHIM_NET_CONNECT_TCP, 4 },
};

static const struct right_name scopes[] = {
	{ "abstract_unix_socket", LLSHIM_SCOPE_ABSTRACT_UNIX_SOCKET, 6 },
	{ "signal", LLSHIM_SCOPE_SIGNAL, 6 },
};

static const struct right_name restrict_flags[] = {
	{ "log_same_exec_off", LLSHIM_RESTRICT_LOG_SAME_EXEC_OFF, 7 },
	{ "log_new_exec_on", LLSHIM_RESTRICT_LOG_NEW_EXEC_ON, 7 },
	{ "log_subdomains_off", LLSHIM_RESTRICT_LOG_SUBDOMAINS_OFF, 7 },
	{ "tsync", LLSHIM_RESTRICT_TSYNC, 8 },
};

static const struct right_name groups[] = {
	{ "ro", LLSHIM_GROUP_RO, 1 },
	{ "rox", LLSHIM_GROUP_ROX, 1 },
	{ "rw", LLSHIM_GROUP_RW, 1 },
	{ "rwx", LLSHIM_GROUP_RWX, 1 },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t known_at(const struct right_name *table, size_t n, int abi)
{
	uint64_t known = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i].abi <= abi)
			known |= table[i].bit;
	return known;
}

uint64_t llshim_abi_fs(int abi)
{
	return known_at(fs_rights, COUNT(fs_rights), abi);
}

uint64_t llshim_abi_net(int abi)
{
	return known_at(net_rights, COUNT(net_rights), abi);
}

uint64_t llshim_abi_scoped(int abi)
{
	return known_at(scopes, COUNT(scopes), abi);
}

uint32_t llshim_abi_restrict_flags(int abi)
{
	return (uint32_t)known_at(restrict_flags, COUNT(restrict_flags), abi);
}

int llshim_fs_rights_abi(uint64_t fs)
{
	int abi = 1;
	size_t i;

	for (i = 0; i < COUNT(fs_rights); i++)
		if ((fs & fs_rights[i].bit) && fs_rights[i].abi > abi)
			abi = fs_rights[i].abi;
	return abi;
}

static bool lookup(const struct right_name *table, size_t n, const char *name,
		   size_t len, uint64_t *bit)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (llshim_strlen(table[i].name) == len &&
		    llshim_memeq(table[i].name, name, len)) {
			*bit = table[i].bit;
			return true;
		}
	}
	return false;
}

bool llshim_fs_right_lookup(const char *name, size_t len, uint64_t *right)
{
	return lookup(fs_rights, COUNT(fs_rights), name, len, right);
}

bool llshim_fs_group_lookup(const char *name, uint64_t *rights)
{
	return lookup(groups, COUNT(groups), name, llshim_strlen(name), rights);
}

bool llshim_scope_lookup(const char *name, uint64_t *scope)
{
	return lookup(scopes, COUNT(scopes), name, llshim_strlen(name), scope);
}

static void add_names(struct llshim_msg *msg, const struct right_name *table,
		      size_t n, uint64_t set)
{
	const char *sep = "";
	size_t i;

	if (!set) {
		llshim_msg_add(msg, "none");
		return;
	}
	for (i = 0; i < n; i++) {
		if (set & table[i].bit) {
			llshim_msg_add(msg, sep, table[i].name);
			sep = ",";
		}
	}
}

void llshim_msg_add_fs_rights(struct llshim_msg *msg, uint64_t fs)
{
	add_names(msg, fs_rights, COUNT(fs_rights), fs);
}

void llshim_msg_add_net_rights(struct llshim_msg *msg, uint64_t net)
{
	add_names(msg, net_rights, COUNT(net_rights), net);
}

void llshim_msg_add_scopes(struct llshim_msg *msg, uint64_t scoped)
{
	add_names(msg, scopes, COUNT(scopes), scoped);
}

void llshim_msg_add_restrict_flags(struct llshim_msg *msg, uint32_t flags)
{
	add_names(msg, restrict_flags, COUNT(restrict_flags), flags);
}
