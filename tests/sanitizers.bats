#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The policy code built with AddressSanitizer, LeakSanitizer and UBSan, run
# over every good and bad fixture policy and LL_* combination: no memory
# error, no leak, no undefined behaviour, and the right verdict for each.

load helper

CHECK="$LLSHIM_BUILD/asan/policy_check"
FIXTURES="$LLSHIM_TOP/tests/fixtures"

setup() {
	export ASAN_OPTIONS=exitcode=99:detect_leaks=1:abort_on_error=0
	export UBSAN_OPTIONS=halt_on_error=1:exitcode=98:print_stacktrace=1
	export LLSHIM_T_PROFILES="$FIXTURES/profiles"
	unset_policy_env
}

@test "every good fixture parses cleanly under the sanitizers" {
	local f
	for f in "$FIXTURES"/policies/good/*.conf; do
		run "$CHECK" "$f"
		assert_success
		refute_output --partial Sanitizer
		refute_output --partial "runtime error"
	done
}

@test "every bad fixture is an error naming a file, cleanly under the sanitizers" {
	local f
	for f in "$FIXTURES"/policies/bad/*.conf; do
		run "$CHECK" "$f"
		assert_failure 1
		assert_output --regexp '^error: [^ ]+\.conf(:[0-9]+)?: '
		refute_output --partial Sanitizer
	done
}

@test "the full fixture yields the expected rules" {
	run "$CHECK" "$FIXTURES/policies/good/full.conf"
	assert_success
	assert_line --partial "fs: /etc/hostname read_file,truncate required"
	assert_line "connect: 80"
	assert_line "connect: 443"
	refute_line "bind: 0"
}

@test "good and bad LL_* variables run cleanly under the sanitizers" {
	run env LL_FS_RO=/usr::/etc: LL_FS_RW= LL_TCP_CONNECT=80:443: LL_TCP_BIND= LL_SCOPED=a:s LL_FORCE_LOG=1 "$CHECK" --env
	assert_success
	assert_line "connect: 443"
	local bad
	for bad in LL_TCP_CONNECT=80x LL_TCP_BIND=65536 LL_TCP_BIND=-1 LL_SCOPED=zz LL_SCOPED=s:s LL_SCOPED=a: LL_FORCE_LOG=2 LL_FORCE_LOG=; do
		run env "$bad" "$CHECK" --env
		assert_failure 1
		assert_output --regexp '^error: LL_'
		refute_output --partial Sanitizer
	done
}
