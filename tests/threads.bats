#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Threads (SPEC.md section 5): landlock_restrict_self() restricts only the
# calling thread unless LANDLOCK_RESTRICT_SELF_TSYNC (ABI 8) is passed.
# build/tests/threadhost links libthreadlib.so, whose constructor starts a
# thread before the preloaded shim's constructor runs, so the shim meets a
# process with two threads: it must cover both (ABI 8) or refuse.

# bats sets stderr and stderr_lines in `run --separate-stderr`.
# shellcheck disable=SC2154
load helper

bats_require_minimum_version 1.5.0

setup() {
	[[ -e $LLSHIM_LIB && -x $LLSHIM_PROGS/threadhost ]] ||
		fail "build first: make all test-progs"
	HOST="$LLSHIM_PROGS/threadhost"
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	unset_policy_env
	unset THREADLIB_NOTHREAD
	ALLOWED="$BATS_TEST_TMPDIR/allowed"
	SECRET="$BATS_TEST_TMPDIR/secret"
	mkdir -p "$ALLOWED"
	echo allowed >"$ALLOWED/file"
	echo secret >"$SECRET"
	# /proc for the host's thread count.
	INLINE=(LL_FS_RO="/proc:$ALLOWED")
	POLICY="$BATS_TEST_TMPDIR/policy.conf"
	cat >"$POLICY" <<-EOF
		version = 1;
		fs = (
		  { path = "/proc"; access = "ro"; },
		  { path = "$ALLOWED"; access = "ro"; }
		);
	EOF
}

# require_no_tsync: the refusal is the expected behaviour only without
# LANDLOCK_RESTRICT_SELF_TSYNC; newer kernels are covered by the ABI 8 test.
require_no_tsync() {
	local abi
	abi=$(landlock_abi)
	if ((abi >= 8)); then
		skip "this kernel has TSYNC (ABI $abi): see the ABI 8 test"
	fi
}

# assert_thread_refusal: exit 126 before main(), one line naming threads.
assert_thread_refusal() {
	local prog
	prog=$(realpath "$HOST")
	assert_equal "$status" 126
	assert_equal "$output" ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^llshim: $prog: .*[Tt]hread"
}

@test "without a policy the two-threaded host runs" {
	run_shim "$HOST" "$SECRET"
	assert_success
	assert_equal "$stderr" ""
	assert_line threads=2
	assert_line "main $SECRET: ok"
	assert_line "thread $SECRET: ok"
}

@test "an inline policy refuses a multi-threaded process without TSYNC" {
	require_no_tsync
	run_shim "${INLINE[@]}" "$HOST" "$SECRET"
	assert_thread_refusal
}

@test "a policy file refuses a multi-threaded process without TSYNC" {
	require_no_tsync
	run_shim LLSHIM_POLICY="$POLICY" "$HOST" "$SECRET"
	assert_thread_refusal
}

@test "the same host single-threaded runs under the same policies (twin)" {
	run_shim THREADLIB_NOTHREAD=1 "${INLINE[@]}" "$HOST" "$ALLOWED/file" "$SECRET"
	assert_success
	assert_equal "$stderr" ""
	assert_line threads=1
	assert_line "main $ALLOWED/file: ok"
	assert_line "main $SECRET: EACCES"
	run_shim THREADLIB_NOTHREAD=1 LLSHIM_POLICY="$POLICY" "$HOST" "$ALLOWED/file" "$SECRET"
	assert_success
	assert_equal "$stderr" ""
	assert_line threads=1
	assert_line "main $SECRET: EACCES"
}

@test "with TSYNC (ABI 8) the host runs and its other thread is restricted too" {
	require_abi 8
	run_shim "${INLINE[@]}" "$HOST" "$ALLOWED/file" "$SECRET"
	assert_success
	assert_equal "$stderr" ""
	assert_line threads=2
	assert_line "main $ALLOWED/file: ok"
	assert_line "thread $ALLOWED/file: ok"
	assert_line "main $SECRET: EACCES"
	assert_line "thread $SECRET: EACCES"
}
