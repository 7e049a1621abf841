#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# llshim status: the kernel's Landlock ABI, errata and rights, why
# Landlock is unavailable, the library, /etc/ld.so.preload (seen through a
# private overlay, never the real /etc) and the policy directories.

load helper
bats_require_minimum_version 1.5.0

LLSHIM="$LLSHIM_BUILD/llshim"
NOLANDLOCK="$LLSHIM_PROGS/nolandlock"

setup() {
	T="$BATS_TEST_TMPDIR"
	export XDG_CONFIG_HOME="$T/config"
	unset LD_PRELOAD
	ABI=$(landlock_abi)
}

@test "the kernel's ABI, errata and supported rights" {
	require_abi 1
	run "$LLSHIM" status
	assert_success
	assert_line "llshim 0.1.0"
	assert_line "landlock: ABI $ABI"
	if ((ABI >= 7)); then
		assert_line --regexp '^errata: 0x[0-9a-f]+$'
	else
		assert_line "errata: unknown (the kernel reports them from Landlock ABI 7)"
	fi
	assert_line --regexp '^filesystem rights: execute,write_file,read_file,read_dir,remove_dir,remove_file,make_char,make_dir,make_reg,make_sock,make_fifo,make_block,make_sym'
	if ((ABI >= 4)); then
		assert_line "network rights: bind_tcp,connect_tcp"
	else
		assert_line "network rights: none"
	fi
	if ((ABI >= 6)); then
		assert_line "scopes: abstract_unix_socket,signal"
	fi
	if ((ABI == 7)); then
		assert_line "filesystem rights: execute,write_file,read_file,read_dir,remove_dir,remove_file,make_char,make_dir,make_reg,make_sock,make_fifo,make_block,make_sym,refer,truncate,ioctl_dev"
		assert_line "restrict flags: log_same_exec_off,log_new_exec_on,log_subdomains_off"
		assert_line "not on this kernel: resolve_unix (ABI 9), tsync (ABI 8)"
	fi
}

@test "the errata bitmask is the kernel's" {
	require_abi 7
	local errata
	errata=$(python3 -c 'import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
print(hex(libc.syscall(444, None, 0, 2)))')
	run "$LLSHIM" status
	assert_line "errata: $errata"
}

@test "Landlock not built in (ENOSYS) or disabled at boot (EOPNOTSUPP), with the hint" {
	run "$NOLANDLOCK" ENOSYS "$LLSHIM" status
	assert_success
	assert_line "landlock: unavailable: Landlock is not supported by this kernel (ENOSYS): build it with CONFIG_SECURITY_LANDLOCK=y and \"landlock\" in CONFIG_LSM"
	assert_line "filesystem rights: none"
	run "$NOLANDLOCK" EOPNOTSUPP "$LLSHIM" status
	assert_success
	assert_line "landlock: unavailable: Landlock is disabled at boot (EOPNOTSUPP): add \"landlock\" to the lsm= kernel parameter"
	# The twin: with Landlock, no such line.
	run "$LLSHIM" status
	refute_line --partial "unavailable"
}

@test "the library run preloads, and whether LD_PRELOAD lists one" {
	run "$LLSHIM" status
	assert_line "library: $(realpath "$LLSHIM_LIB")"
	assert_line "this environment: LD_PRELOAD does not list libllshim.so"
	run_shimmed "$LLSHIM" status
	assert_success
	assert_line "this environment: LD_PRELOAD lists $LLSHIM_LIB"
}

@test "the user's policy directory and how many policies it holds" {
	local dir="$XDG_CONFIG_HOME/llshim/policy.d"
	run "$LLSHIM" status
	assert_line "user policies: $dir: does not exist"
	mkdir -p "$dir/dir.conf"
	touch "$dir/a.conf" "$dir/b.conf" "$dir/notes.txt" "$dir/.hidden.conf"
	run "$LLSHIM" status
	assert_line "user policies: $dir: 2 policies"
	rm "$dir/b.conf"
	run "$LLSHIM" status
	assert_line "user policies: $dir: 1 policy"
	run env -u XDG_CONFIG_HOME -u HOME "$LLSHIM" status
	assert_line "user policies: none (neither XDG_CONFIG_HOME nor HOME is set)"
	assert_line --regexp "^system policies: /.*/llshim/policy.d: "
}

# status_with_preload TEXT: llshim status with /etc/ld.so.preload holding
# TEXT, in a private mount namespace over an overlay of /etc.
status_with_preload() {
	require_root
	require_cmd unshare
	local up="$T/upper" work="$T/work"
	mkdir -p "$up" "$work"
	printf '%s\n' "$1" >"$up/ld.so.preload"
	run unshare -m sh -c 'mount --make-rprivate / &&
		mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1,workdir=$2" /etc &&
		"$3" status' sh "$up" "$work" "$LLSHIM"
}

@test "installed system-wide: /etc/ld.so.preload lists libllshim.so" {
	status_with_preload "$LLSHIM_LIB"
	assert_success
	assert_line "system-wide: yes (/etc/ld.so.preload lists $LLSHIM_LIB)"
}

@test "not installed system-wide: /etc/ld.so.preload lists other libraries" {
	status_with_preload "/nonexistent/libother.so"
	assert_line "system-wide: no (/etc/ld.so.preload does not list libllshim.so)"
	if [[ ! -e /etc/ld.so.preload ]]; then
		run "$LLSHIM" status
		assert_line "system-wide: no (/etc/ld.so.preload: does not exist)"
	fi
}

@test "usage: an argument (exit 2); --help (exit 0)" {
	run "$LLSHIM" status now
	assert_failure 2
	assert_line 'llshim: status: unexpected argument "now"'
	assert_line "usage: llshim status"
	run "$LLSHIM" status --help
	assert_success
	assert_line --index 0 "usage: llshim status"
}
