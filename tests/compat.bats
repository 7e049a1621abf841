#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Compatibility: a kernel without Landlock (simulated with a seccomp filter,
# tests/progs/nolandlock.c), and ABI pins older or newer than the kernel.

load helper
bats_require_minimum_version 1.5.0

NOLANDLOCK="$LLSHIM_PROGS/nolandlock"

setup() {
	T="$BATS_TEST_TMPDIR/t"
	mkdir -p "$T"
	echo secret >"$T/f"
	POLICY="$BATS_TEST_TMPDIR/policy.conf"
	BASE_RO="/usr:/lib:/lib32:/lib64:/etc/ld.so.cache:$LLSHIM_BUILD"
	EXTRA_RULE=""
}

# run_without_landlock ERRNO [VAR=value...] CMD [ARGS...]: like run_shimmed,
# on a kernel whose Landlock calls fail with ERRNO.  The filter goes on
# first, so the shim only ever runs inside CMD.  Stderr is kept apart.
run_without_landlock() {
	local err=$1
	local -a vars=()
	shift
	while [[ $# -gt 0 && $1 == *=* ]]; do
		vars+=("$1")
		shift
	done
	run --separate-stderr "$NOLANDLOCK" "$err" \
		env "${vars[@]}" LD_PRELOAD="$LLSHIM_LIB" "$@"
}

# write_policy [LINE...]: a policy file with these top-level settings and
# read-only rules that let programs run but not read $T, plus $EXTRA_RULE.
write_policy() {
	{
		echo 'version = 1;'
		printf '%s\n' "$@"
		cat <<EOF
fs = (
	{ path = "/usr"; access = "rox"; },
	{ path = "/lib"; access = "rox"; },
	{ path = "/lib32"; access = "rox"; },
	{ path = "/lib64"; access = "rox"; },
	{ path = "/etc/ld.so.cache"; access = "ro"; },
	{ path = "$LLSHIM_BUILD"; access = "rox"; }${EXTRA_RULE:+,
	$EXTRA_RULE}
);
EOF
	} >"$POLICY"
}

# assert_one_warning: exactly one stderr line, from llshim.
assert_one_warning() {
	assert_equal "${#stderr_lines[@]}" 1
	[[ ${stderr_lines[0]} == "llshim: "* ]] ||
		fail "not an llshim line: ${stderr_lines[0]}"
}

# --- the simulation itself ---

@test "nolandlock makes the Landlock calls fail as asked" {
	run "$NOLANDLOCK" ENOSYS "$LLSHIM_PROGS/abi"
	assert_success
	assert_output 0
	run "$NOLANDLOCK" EOPNOTSUPP "$LLSHIM_PROGS/abi"
	assert_success
	assert_output 0
	run "$LLSHIM_PROGS/abi"
	assert_success
	refute_output 0
}

@test "with Landlock, the same policies do sandbox (twin of the tests below)" {
	run_shimmed LL_FS_RO="$BASE_RO" cat "$T/f"
	assert_failure
	assert_output --partial "Permission denied"
	write_policy
	run_shimmed LLSHIM_POLICY="$POLICY" cat "$T/f"
	assert_failure
	assert_output --partial "Permission denied"
}

# --- Landlock unavailable, best effort ---

@test "ENOSYS, inline policy: one warning, then the program runs unsandboxed" {
	run_without_landlock ENOSYS LL_FS_RO="$BASE_RO" cat "$T/f"
	assert_success
	assert_output secret
	assert_one_warning
	[[ ${stderr,,} == *"not supported"* || ${stderr,,} == *"not built"* ]] ||
		fail "ENOSYS warning does not say Landlock is not built in: $stderr"
}

@test "EOPNOTSUPP, inline policy: one warning, then the program runs unsandboxed" {
	run_without_landlock EOPNOTSUPP LL_FS_RO="$BASE_RO" cat "$T/f"
	assert_success
	assert_output secret
	assert_one_warning
	[[ ${stderr,,} == *disabled* ]] ||
		fail "EOPNOTSUPP warning does not say Landlock is disabled: $stderr"
}

@test "ENOSYS and EOPNOTSUPP warnings differ" {
	local enosys
	run_without_landlock ENOSYS LL_FS_RO="$BASE_RO" true
	assert_success
	enosys=$stderr
	run_without_landlock EOPNOTSUPP LL_FS_RO="$BASE_RO" true
	assert_success
	[[ $enosys != "$stderr" ]] || fail "same warning for both: $stderr"
}

@test "ENOSYS, best-effort policy file (the default): one warning, runs" {
	write_policy
	run_without_landlock ENOSYS LLSHIM_POLICY="$POLICY" cat "$T/f"
	assert_success
	assert_output secret
	assert_one_warning
}

@test "EOPNOTSUPP, explicit compat = \"best-effort\": one warning, runs" {
	write_policy 'compat = "best-effort";'
	run_without_landlock EOPNOTSUPP LLSHIM_POLICY="$POLICY" cat "$T/f"
	assert_success
	assert_output secret
	assert_one_warning
}

@test "the warning is not repeated by descendants" {
	run_without_landlock ENOSYS LL_FS_RO="$BASE_RO" sh -c 'cat "$0"' "$T/f"
	assert_success
	assert_output secret
	assert_one_warning
}

# --- Landlock unavailable, hard ---

@test "ENOSYS, compat = \"hard\": refused with a message" {
	write_policy 'compat = "hard";'
	run_without_landlock ENOSYS LLSHIM_POLICY="$POLICY" cat "$T/f"
	assert_failure 126
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" '^llshim: /usr/bin/cat: '
	[[ ${stderr,,} == *"not supported"* || ${stderr,,} == *"not built"* ]] ||
		fail "message does not say Landlock is not built in: $stderr"
}

@test "EOPNOTSUPP, compat = \"hard\": refused with a message" {
	write_policy 'compat = "hard";'
	run_without_landlock EOPNOTSUPP LLSHIM_POLICY="$POLICY" cat "$T/f"
	assert_failure 126
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" '^llshim: /usr/bin/cat: '
	[[ ${stderr,,} == *disabled* ]] ||
		fail "message does not say Landlock is disabled: $stderr"
}

@test "compat = \"hard\" with Landlock available runs sandboxed" {
	write_policy 'compat = "hard";'
	run_shimmed LLSHIM_POLICY="$POLICY" cat /etc/ld.so.cache
	assert_success
	run_shimmed LLSHIM_POLICY="$POLICY" cat "$T/f"
	assert_failure 1
	assert_output --partial "Permission denied"
}

# --- ABI pins ---

# write_truncate_policy [LINE...]: everything a file needs on $T but truncate.
write_truncate_policy() {
	EXTRA_RULE="{ path = \"$T\"; access = [\"read_file\", \"write_file\"]; }"
	write_policy "$@"
}

@test "abi = 2 (best effort): truncate (ABI 3) is not handled, so it is allowed" {
	require_abi 3
	write_truncate_policy 'abi = 2;'
	run_shimmed LLSHIM_POLICY="$POLICY" "$PROBE" truncate "$T/f"
	assert_success
	assert_output ""
	assert [ ! -s "$T/f" ]
}

@test "without the pin, the same policy denies truncate" {
	require_abi 3
	write_truncate_policy
	run_shimmed LLSHIM_POLICY="$POLICY" "$PROBE" truncate "$T/f"
	assert_failure 13
	assert_output --partial "probe: truncate: Permission denied (EACCES)"
	assert [ -s "$T/f" ]
	# The rule itself is in force: writing is allowed.
	run_shimmed LLSHIM_POLICY="$POLICY" "$PROBE" write_file "$T/f"
	assert_success
}

# Pinning an ABI newer than the kernel asks for rights it lacks.
@test "abi = 9 with compat = \"hard\" on an older kernel is refused" {
	(($(landlock_abi) < 9)) || skip "this kernel has Landlock ABI 9"
	write_policy 'abi = 9;' 'compat = "hard";'
	run_shimmed LLSHIM_POLICY="$POLICY" echo PROGRAM-RAN
	assert_failure 126
	assert_equal "${#lines[@]}" 1
	assert_line --index 0 --regexp '^llshim: /usr/bin/echo: '
	[[ ${output,,} == *abi* ]] || fail "the message does not name the ABI: $output"
	refute_output --partial PROGRAM-RAN
}

@test "abi = 9 in best effort on an older kernel runs, sandboxed" {
	(($(landlock_abi) < 9)) || skip "this kernel has Landlock ABI 9"
	write_policy 'abi = 9;'
	run_shimmed LLSHIM_POLICY="$POLICY" echo PROGRAM-RAN
	assert_success
	assert_output PROGRAM-RAN
	run_shimmed LLSHIM_POLICY="$POLICY" cat "$T/f"
	assert_failure 1
	assert_output --partial "Permission denied"
}
