#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The escape matrix: for every Landlock right this kernel supports, the
# operation it guards is denied without the grant and works with it.
#
# Filesystem rights use an explicit policy file (LLSHIM_POLICY) so that one
# raw right can be granted on its own; the "denied" twin grants every other
# right the kernel knows, so that only the right under test is missing.
# TCP and scopes use the LL_* variables.  The probe (tests/progs/probe.c)
# exits 13 on EACCES, 18 on EXDEV, 1 on EPERM.

load helper

# Rights of the policy language, by the ABI that introduced them.
FS_RIGHTS_ABI1=(execute write_file read_file read_dir remove_dir remove_file
	make_char make_dir make_reg make_sock make_fifo make_block make_sym)

setup() {
	T="$BATS_TEST_TMPDIR/t"
	mkdir -p "$T"
	POLICY="$BATS_TEST_TMPDIR/policy.conf"
	# What the probe, its libraries and the shim need to start at all.
	BASE_RO="/usr:/lib:/lib32:/lib64:/etc/ld.so.cache:$LLSHIM_BUILD"
}

teardown() {
	stop_servers
}

# kernel_fs_rights: every filesystem right the running kernel handles.
kernel_fs_rights() {
	local abi
	abi=$(landlock_abi)
	echo "${FS_RIGHTS_ABI1[@]}"
	((abi >= 2)) && echo refer
	((abi >= 3)) && echo truncate
	((abi >= 5)) && echo ioctl_dev
	return 0
}

# all_but RIGHT: the kernel's filesystem rights without RIGHT.
all_but() {
	local r
	for r in $(kernel_fs_rights); do
		[[ $r == "$1" ]] || echo "$r"
	done
}

# write_policy PATH [RIGHT...]: a policy granting the base read-only rules
# plus, on PATH, exactly the listed raw rights.
write_policy() {
	local path=$1 rights="" r
	shift
	for r in "$@"; do
		rights+="${rights:+, }\"$r\""
	done
	cat >"$POLICY" <<EOF
version = 1;
fs = (
	{ path = "/usr"; access = "rox"; },
	{ path = "/lib"; access = "rox"; },
	{ path = "/lib32"; access = "rox"; },
	{ path = "/lib64"; access = "rox"; },
	{ path = "/etc/ld.so.cache"; access = "ro"; },
	{ path = "$LLSHIM_BUILD"; access = "rox"; },
	{ path = "$path"; access = [ $rights ]; }
);
EOF
}

# probe_with PATH "RIGHT..." OP ARGS...: run the probe under a policy that
# grants RIGHTs (space-separated) on PATH.
probe_with() {
	local path=$1 rights=$2
	shift 2
	# shellcheck disable=SC2086 # the rights are a word list on purpose
	write_policy "$path" $rights
	run_shimmed LLSHIM_POLICY="$POLICY" "$PROBE" "$@"
}

# probe_without PATH RIGHT OP ARGS...: every right of this kernel but RIGHT.
probe_without() {
	local path=$1 right=$2
	shift 2
	probe_with "$path" "$(all_but "$right")" "$@"
}

assert_denied() {
	assert_failure 13
	assert_output --partial "probe: $1: Permission denied (EACCES)"
}

assert_allowed() {
	assert_success
	assert_output ""
}

# --- filesystem rights (ABI 1) ---

@test "execute: denied without the right" {
	cp /bin/true "$T/true"
	probe_without "$T" execute execute "$T/true"
	assert_denied execute
}

@test "execute: allowed with execute (and read_file, which execve needs)" {
	cp /bin/true "$T/true"
	probe_with "$T" "execute read_file" execute "$T/true"
	assert_allowed
}

@test "write_file: denied without the right" {
	echo data >"$T/f"
	probe_without "$T" write_file write_file "$T/f"
	assert_denied write_file
}

@test "write_file: allowed with the right" {
	echo data >"$T/f"
	probe_with "$T" write_file write_file "$T/f"
	assert_allowed
}

@test "read_file: denied without the right" {
	echo data >"$T/f"
	probe_without "$T" read_file read_file "$T/f"
	assert_denied read_file
}

@test "read_file: allowed with the right" {
	echo data >"$T/f"
	probe_with "$T" read_file read_file "$T/f"
	assert_allowed
}

@test "read_dir: denied without the right" {
	touch "$T/f"
	probe_without "$T" read_dir read_dir "$T"
	assert_denied read_dir
}

@test "read_dir: allowed with the right" {
	touch "$T/f"
	probe_with "$T" read_dir read_dir "$T"
	assert_allowed
}

@test "remove_dir: denied without the right" {
	mkdir "$T/d"
	probe_without "$T" remove_dir remove_dir "$T/d"
	assert_denied remove_dir
	assert [ -d "$T/d" ]
}

@test "remove_dir: allowed with the right" {
	mkdir "$T/d"
	probe_with "$T" remove_dir remove_dir "$T/d"
	assert_allowed
	assert [ ! -e "$T/d" ]
}

@test "remove_file: denied without the right" {
	touch "$T/f"
	probe_without "$T" remove_file remove_file "$T/f"
	assert_denied remove_file
	assert [ -e "$T/f" ]
}

@test "remove_file: allowed with the right" {
	touch "$T/f"
	probe_with "$T" remove_file remove_file "$T/f"
	assert_allowed
	assert [ ! -e "$T/f" ]
}

@test "make_char: denied without the right" {
	probe_without "$T" make_char make_char "$T/c"
	assert_denied make_char
	assert [ ! -e "$T/c" ]
}

@test "make_char: allowed with the right" {
	require_root
	probe_with "$T" make_char make_char "$T/c"
	assert_allowed
	assert [ -c "$T/c" ]
}

@test "make_dir: denied without the right" {
	probe_without "$T" make_dir make_dir "$T/d"
	assert_denied make_dir
	assert [ ! -e "$T/d" ]
}

@test "make_dir: allowed with the right" {
	probe_with "$T" make_dir make_dir "$T/d"
	assert_allowed
	assert [ -d "$T/d" ]
}

@test "make_reg: denied without the right" {
	probe_without "$T" make_reg make_reg "$T/f"
	assert_denied make_reg
	assert [ ! -e "$T/f" ]
}

# open(O_CREAT) also opens the new file for writing: write_file is needed
# too, but the twin above shows that it is make_reg that decides.
@test "make_reg: allowed with the right (and write_file to open the new file)" {
	probe_with "$T" "make_reg write_file" make_reg "$T/f"
	assert_allowed
	assert [ -f "$T/f" ]
}

@test "make_sock: denied without the right" {
	probe_without "$T" make_sock make_sock "$T/s"
	assert_denied make_sock
	assert [ ! -e "$T/s" ]
}

@test "make_sock: allowed with the right" {
	probe_with "$T" make_sock make_sock "$T/s"
	assert_allowed
	assert [ -S "$T/s" ]
}

@test "make_fifo: denied without the right" {
	probe_without "$T" make_fifo make_fifo "$T/p"
	assert_denied make_fifo
	assert [ ! -e "$T/p" ]
}

@test "make_fifo: allowed with the right" {
	probe_with "$T" make_fifo make_fifo "$T/p"
	assert_allowed
	assert [ -p "$T/p" ]
}

@test "make_block: denied without the right" {
	probe_without "$T" make_block make_block "$T/b"
	assert_denied make_block
	assert [ ! -e "$T/b" ]
}

@test "make_block: allowed with the right" {
	require_root
	probe_with "$T" make_block make_block "$T/b"
	assert_allowed
	assert [ -b "$T/b" ]
}

@test "make_sym: denied without the right" {
	probe_without "$T" make_sym make_sym /etc/passwd "$T/l"
	assert_denied make_sym
	assert [ ! -L "$T/l" ]
}

@test "make_sym: allowed with the right" {
	probe_with "$T" make_sym make_sym /etc/passwd "$T/l"
	assert_allowed
	assert [ -L "$T/l" ]
}

# --- filesystem rights of later ABIs ---

@test "refer (ABI 2): a cross-directory rename is denied (EXDEV) without the right" {
	require_abi 2
	mkdir "$T/a" "$T/b"
	echo data >"$T/a/f"
	probe_without "$T" refer refer "$T/a/f" "$T/b/f"
	assert_failure 18
	assert_output --partial "probe: refer: Invalid cross-device link (EXDEV)"
	assert [ -e "$T/a/f" ]
	assert [ ! -e "$T/b/f" ]
}

@test "refer (ABI 2): allowed with refer plus make_reg and remove_file" {
	require_abi 2
	mkdir "$T/a" "$T/b"
	echo data >"$T/a/f"
	probe_with "$T" "refer make_reg remove_file" refer "$T/a/f" "$T/b/f"
	assert_allowed
	assert [ ! -e "$T/a/f" ]
	assert [ -e "$T/b/f" ]
}

@test "truncate (ABI 3): denied without the right" {
	require_abi 3
	echo data >"$T/f"
	probe_without "$T" truncate truncate "$T/f"
	assert_denied truncate
	assert [ -s "$T/f" ]
}

@test "truncate (ABI 3): allowed with the right" {
	require_abi 3
	echo data >"$T/f"
	probe_with "$T" truncate truncate "$T/f"
	assert_allowed
	assert [ ! -s "$T/f" ]
}

# The rule is on the device file itself: directory-only rights of the
# "denied" twin's list are dropped there, as SPEC section 4 says.
@test "ioctl_dev (ABI 5): denied without the right" {
	require_abi 5
	probe_without /dev/null ioctl_dev ioctl_dev /dev/null
	assert_denied ioctl_dev
}

@test "ioctl_dev (ABI 5): allowed with the right" {
	require_abi 5
	probe_with /dev/null "read_file ioctl_dev" ioctl_dev /dev/null
	assert_allowed
}

# --- the access groups, through LL_* ---

@test "LL_FS_RW on a directory grants every write right" {
	local op
	echo data >"$T/f"
	mkdir "$T/d"
	for op in "write_file $T/f" "make_reg $T/g" "make_dir $T/e" \
		"make_fifo $T/p" "make_sock $T/s" "make_sym x $T/l" \
		"remove_file $T/g" "remove_dir $T/d"; do
		# shellcheck disable=SC2086
		run_shimmed LL_FS_RO="$BASE_RO" LL_FS_RW="$T" "$PROBE" $op
		assert_allowed
	done
	if (($(landlock_abi) >= 3)); then
		run_shimmed LL_FS_RO="$BASE_RO" LL_FS_RW="$T" "$PROBE" truncate "$T/f"
		assert_allowed
	fi
}

@test "LL_FS_RO on a directory denies every write right" {
	local op
	echo data >"$T/f"
	mkdir "$T/d"
	for op in "write_file $T/f" "make_reg $T/g" "make_dir $T/e" \
		"make_fifo $T/p" "make_sock $T/s" "make_sym x $T/l" \
		"remove_file $T/f" "remove_dir $T/d"; do
		# shellcheck disable=SC2086
		run_shimmed LL_FS_RO="$BASE_RO:$T" "$PROBE" $op
		assert_denied "${op%% *}"
	done
	if (($(landlock_abi) >= 3)); then
		run_shimmed LL_FS_RO="$BASE_RO:$T" "$PROBE" truncate "$T/f"
		assert_denied truncate
	fi
	assert [ -s "$T/f" ]
}

# --- TCP (ABI 4) ---

@test "tcp bind (ABI 4): denied on a port LL_TCP_BIND does not list" {
	require_abi 4
	local port other
	port=$(free_port)
	other=$((port == 65535 ? port - 1 : port + 1))
	run_shimmed LL_FS_RO="$BASE_RO" LL_TCP_BIND="$other" "$PROBE" bind "$port"
	assert_denied bind
}

@test "tcp bind (ABI 4): allowed on a port LL_TCP_BIND lists" {
	require_abi 4
	local port other
	port=$(free_port)
	other=$((port == 65535 ? port - 1 : port + 1))
	run_shimmed LL_FS_RO="$BASE_RO" LL_TCP_BIND="$other:$port" "$PROBE" bind "$port"
	assert_allowed
}

@test "tcp connect (ABI 4): denied to a port LL_TCP_CONNECT does not list" {
	require_abi 4
	start_server listen_tcp
	local other=$((SERVED == 65535 ? SERVED - 1 : SERVED + 1))
	run_shimmed LL_FS_RO="$BASE_RO" LL_TCP_CONNECT="$other" "$PROBE" connect "$SERVED"
	assert_denied connect
	# The same connect outside the sandbox works: the denial is Landlock's.
	run "$PROBE" connect "$SERVED"
	assert_allowed
}

@test "tcp connect (ABI 4): allowed to a port LL_TCP_CONNECT lists" {
	require_abi 4
	start_server listen_tcp
	run_shimmed LL_FS_RO="$BASE_RO" LL_TCP_CONNECT="$SERVED" "$PROBE" connect "$SERVED"
	assert_allowed
}

# --- scopes (ABI 6) ---

@test "scope a (ABI 6): connecting to an abstract socket outside the domain is denied" {
	require_abi 6
	start_server listen_abstract "llshim-escape-$$-$RANDOM"
	run_shimmed LL_FS_RO="$BASE_RO" LL_SCOPED=a "$PROBE" abstract_connect "$SERVED"
	assert_failure 1
	assert_output --partial "probe: abstract_connect: Operation not permitted (EPERM)"
}

@test "scope a (ABI 6): allowed when only signals are scoped" {
	require_abi 6
	start_server listen_abstract "llshim-escape-$$-$RANDOM"
	run_shimmed LL_FS_RO="$BASE_RO" LL_SCOPED=s "$PROBE" abstract_connect "$SERVED"
	assert_allowed
}

@test "scope s (ABI 6): signalling a process outside the domain is denied" {
	require_abi 6
	run_shimmed LL_FS_RO="$BASE_RO" LL_SCOPED=s "$PROBE" signal "$$"
	assert_failure 1
	assert_output --partial "probe: signal: Operation not permitted (EPERM)"
}

@test "scope s (ABI 6): allowed when only abstract sockets are scoped" {
	require_abi 6
	run_shimmed LL_FS_RO="$BASE_RO" LL_SCOPED=a "$PROBE" signal "$$"
	assert_allowed
}

@test "scope s (ABI 6): signalling a process inside the same domain still works" {
	require_abi 6
	# sh and its child probe share the domain the shim made for sh; the
	# trailing exit keeps sh from exec'ing the probe in its own place.
	run_shimmed LL_FS_RO="$BASE_RO" LL_SCOPED=s sh -c '"$0" signal $$; exit $?' "$PROBE"
	assert_allowed
}
