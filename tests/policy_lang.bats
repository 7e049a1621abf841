#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The policy language of SPEC.md section 4, feature by feature, each allowed
# case with its denied twin.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	user_config >/dev/null
	mkdir -p work other
	echo secret >other/file
	echo data >work/file
}

# policy FS_ENTRIES [MORE]: write p.conf granting what a program needs to
# start, the given fs entries, and any further top-level settings.
policy() {
	cat >p.conf <<-EOF
		version = 1;
		fs = (
		$(start_rules)${1:+,
		  $1}
		);
		${2:-}
	EOF
}

probe() {
	run_shimmed LLSHIM_POLICY=p.conf "$PROBE" "$@"
}

@test "ro lets a tree be read but not written" {
	policy "{ path = \"$PWD/work\"; access = \"ro\"; }"
	probe read_file work/file
	assert_success
	probe write_file work/file
	assert_failure 13
}

@test "a path outside every rule is denied" {
	policy "{ path = \"$PWD/work\"; access = \"rw\"; }"
	probe read_file other/file
	assert_failure 13
	probe read_file work/file
	assert_success
}

@test "rox adds execute to ro; ro alone cannot execute" {
	cp /bin/true work/true
	policy "{ path = \"$PWD/work\"; access = \"rox\"; }"
	probe execute work/true
	assert_success
	policy "{ path = \"$PWD/work\"; access = \"ro\"; }"
	probe execute work/true
	assert_failure 13
}

@test "rw writes and creates but does not execute; rwx does" {
	cp /bin/true work/true
	policy "{ path = \"$PWD/work\"; access = \"rw\"; }"
	probe make_reg work/new
	assert_success
	probe write_file work/file
	assert_success
	probe execute work/true
	assert_failure 13
	policy "{ path = \"$PWD/work\"; access = \"rwx\"; }"
	probe execute work/true
	assert_success
}

@test "a list of raw rights grants exactly those rights" {
	policy "{ path = \"$PWD/work\"; access = [\"read_file\"]; }"
	probe read_file work/file
	assert_success
	probe read_dir work
	assert_failure 13
	policy "{ path = \"$PWD/work\"; access = [\"read_file\", \"read_dir\"]; }"
	probe read_dir work
	assert_success
}

@test "a rule on a file keeps only file rights: the file is writable, no sibling can be made" {
	policy "{ path = \"$PWD/work/file\"; access = \"rw\"; }"
	probe write_file work/file
	assert_success
	probe make_reg work/sibling
	assert_failure 13
}

@test "a missing path is skipped and the program still runs" {
	policy "{ path = \"$PWD/absent\"; access = \"rw\"; },
		  { path = \"$PWD/work\"; access = \"ro\"; }"
	probe read_file work/file
	assert_success
	assert_output ""
	probe make_dir absent
	assert_failure 13
}

@test "variables expand from the environment, with defaults" {
	policy "{ path = \"\${LLSHIM_T_WORK}\"; access = \"ro\"; },
		  { path = \"\${LLSHIM_T_UNSET:-$PWD/other}\"; access = \"ro\"; }"
	run_shimmed LLSHIM_T_WORK="$PWD/work" LLSHIM_POLICY=p.conf "$PROBE" read_file work/file
	assert_success
	run_shimmed LLSHIM_T_WORK="$PWD/work" LLSHIM_POLICY=p.conf "$PROBE" read_file other/file
	assert_success
	run_shimmed LLSHIM_T_WORK="$PWD/other" LLSHIM_POLICY=p.conf "$PROBE" read_file work/file
	assert_failure 13
}

@test "a profile's rules join the including policy's rules" {
	local dir="$XDG_CONFIG_HOME/llshim/profiles"
	printf 'version = 1;\nfs = ( { path = "%s"; access = "ro"; } );\n' "$PWD/other" >"$dir/t-other.conf"
	policy "{ path = \"$PWD/work\"; access = \"ro\"; }" 'include = ["t-other"];'
	probe read_file other/file
	assert_success
	probe read_file work/file
	assert_success
	probe write_file other/file
	assert_failure 13
}

@test "includes nest" {
	local dir="$XDG_CONFIG_HOME/llshim/profiles"
	printf 'version = 1;\ninclude = ["t-inner"];\n' >"$dir/t-outer.conf"
	printf 'version = 1;\nfs = ( { path = "%s"; access = "ro"; } );\n' "$PWD/other" >"$dir/t-inner.conf"
	policy "" 'include = ["t-outer"];'
	probe read_file other/file
	assert_success
	probe read_file work/file
	assert_failure 13
}

@test "net connect lists the only ports a program may connect to" {
	require_abi 4
	policy "" 'net = { connect = [1]; };'
	probe connect 2
	assert_failure 13
	# Port 1 is allowed: no server there, so the kernel refuses, not Landlock.
	probe connect 1
	assert_failure 2
	assert_output --partial ECONNREFUSED
}

@test "an empty bind list denies every bind; a listed port binds" {
	require_abi 4
	local port=$((20000 + RANDOM % 20000))
	policy "" 'net = { bind = []; };'
	probe bind "$port"
	assert_failure 13
	policy "" "net = { bind = [$port]; };"
	probe bind "$port"
	assert_success
}

@test "without net, TCP is not restricted" {
	require_abi 4
	local port=$((20000 + RANDOM % 20000))
	policy ""
	probe bind "$port"
	assert_success
}

@test "scope signal stops signals to processes outside the sandbox" {
	require_abi 6
	policy "" 'scope = ["signal"];'
	probe signal $$
	assert_failure 1
	policy ""
	probe signal $$
	assert_success
}

@test "policy and LL_* variables are two layers that intersect" {
	policy "{ path = \"$PWD/work\"; access = \"rw\"; },
		  { path = \"$PWD/other\"; access = \"rw\"; }"
	run_shimmed LLSHIM_POLICY=p.conf LL_FS_RO="/usr:/lib:/lib64:/etc:$LLSHIM_BUILD:$PWD/work" "$PROBE" read_file work/file
	assert_success
	run_shimmed LLSHIM_POLICY=p.conf LL_FS_RO="/usr:/lib:/lib64:/etc:$LLSHIM_BUILD:$PWD/work" "$PROBE" read_file other/file
	assert_failure 13
	run_shimmed LLSHIM_POLICY=p.conf LL_FS_RO="/usr:/lib:/lib64:/etc:$LLSHIM_BUILD:$PWD/work" "$PROBE" write_file work/file
	assert_failure 13
}

@test "LLSHIM_DEBUG=1 prints each layer's summary on stderr" {
	policy "{ path = \"$PWD/work\"; access = \"rw\"; }" 'log = { new_exec = true; };'
	run_shimmed LLSHIM_DEBUG=1 LLSHIM_POLICY=p.conf LL_TCP_CONNECT=443 "$PROBE" read_file work/file
	assert_success
	assert_line --index 0 --regexp '^llshim: .*/build/tests/probe: layer 1: LLSHIM_POLICY=p.conf: 6 rules; handled fs: execute,write_file,read_file,.*; net: none; scoped: none; flags: log_new_exec_on; dropped for ABI [0-9]+: none$'
	assert_line --index 1 --regexp '^llshim: .*: layer 2: LL_\* variables: 1 rules; handled fs: none; net: connect_tcp; scoped: none; flags: none; dropped for ABI [0-9]+: none$'
}

@test "without LLSHIM_DEBUG a sandboxed run prints nothing" {
	policy "{ path = \"$PWD/work\"; access = \"rw\"; }"
	run_shimmed LLSHIM_POLICY=p.conf "$PROBE" read_file work/file
	assert_success
	assert_output ""
}

@test "the policy variable is removed from the sandboxed program's environment" {
	policy ""
	run_shimmed LLSHIM_POLICY=p.conf /usr/bin/env
	assert_success
	refute_line --regexp '^LLSHIM_POLICY='
	assert_line "LD_PRELOAD=$LLSHIM_LIB"
}

@test "descendants still load the shim though the policy does not grant its directory" {
	cat >p.conf <<-EOF
		version = 1;
		fs = (
		  { path = "/usr"; access = "rox"; },
		  { path = "/lib"; access = "rox"; },
		  { path = "/lib64"; access = "rox"; },
		  { path = "/etc/ld.so.cache"; access = "ro"; },
		  { path = "$PWD/work"; access = "ro"; }
		);
	EOF
	run_shimmed LLSHIM_POLICY=p.conf /bin/sh -c "cat work/file"
	assert_success
	assert_output "data"
	# Only the shim's own two files are readable, not their directory.
	run_shimmed LLSHIM_POLICY=p.conf /bin/sh -c "cat '$LLSHIM_BUILD/libllshim-parser.so' | wc -c; cat '$LLSHIM_PROGS/abi' | wc -c"
	assert_success
	assert_line --index 0 --regexp '^[1-9][0-9]*$'
	assert_line --index 1 "cat: $LLSHIM_PROGS/abi: Permission denied"
	assert_line --index 2 "0"
}

@test "bash, which exports its own unsetenv, loses the policy variables too" {
	policy ""
	run_shimmed LLSHIM_POLICY=p.conf LL_TCP_BIND=0 /bin/bash -c 'declare -p LLSHIM_POLICY LL_TCP_BIND; env | grep -c "^LL_\|^LLSHIM_POLICY=" || true'
	assert_success
	assert_line --partial "LLSHIM_POLICY: not found"
	assert_line --partial "LL_TCP_BIND: not found"
	assert_line 0
	# Twin: without the shim bash has both.
	run env LLSHIM_POLICY=p.conf LL_TCP_BIND=0 /bin/bash -c 'declare -p LLSHIM_POLICY LL_TCP_BIND'
	assert_success
}
