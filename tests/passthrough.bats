#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# No policy source, no sandbox (SPEC.md section 2): preloaded without LL_*,
# LLSHIM_POLICY or a per-binary policy, a program runs exactly as without
# llshim.  Every test also shows the shim was loaded, and each "works" has a
# twin where a policy makes the same thing fail.

# bats sets stderr and stderr_lines in `run --separate-stderr`.
# shellcheck disable=SC2154
load helper

bats_require_minimum_version 1.5.0

setup() {
	[[ -e $LLSHIM_LIB && -x $LLSHIM_PROGS/hygiene ]] ||
		fail "build first: make all test-progs"
	HYGIENE="$LLSHIM_PROGS/hygiene"
	# An empty user config and no policy variable: no source at all.
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	mkdir -p "$XDG_CONFIG_HOME"
	unset_policy_env
	TARGET="$BATS_TEST_TMPDIR/anywhere/file"
	mkdir -p "${TARGET%/*}"
	PROBE_FILE="$BATS_TEST_TMPDIR/probe-me"
	echo data >"$PROBE_FILE"
	# shellcheck disable=SC2016 # $1 is for the sh that runs it
	WRITE='echo written >"$1"'
}

# The host's report without the lines that name the shim itself.
without_shim_lines() {
	grep -v -e '^llshim_mappings=' -e '^ld_preload=' <<<"$output"
}

@test "output, stderr and exit status are unchanged" {
	local script='echo out; echo err >&2; exit 7'
	run_plain sh -c "$script"
	assert_equal "$status" 7
	assert_equal "$output" out
	assert_equal "$stderr" err
	run_shim sh -c "$script"
	assert_equal "$status" 7
	assert_equal "$output" out
	assert_equal "$stderr" err
}

@test "the environment is unchanged apart from LD_PRELOAD" {
	local plain
	run_plain env
	assert_success
	plain=$(sort <<<"$output")
	run_shim env
	assert_success
	assert_line "LD_PRELOAD=$LLSHIM_LIB"
	assert_equal "$(grep -v '^LD_PRELOAD=' <<<"$output" | sort)" "$plain"
	assert_equal "$stderr" ""
}

@test "errno, descriptors, mappings and privileges at main() are unchanged" {
	local plain
	run_plain "$HYGIENE" "$PROBE_FILE"
	assert_success
	plain=$(without_shim_lines)
	run_shim "$HYGIENE" "$PROBE_FILE"
	assert_success
	assert_equal "$stderr" ""
	# The shim is loaded, so the run tests something...
	(($(field llshim_mappings) > 0)) || fail "libllshim.so is not mapped"
	assert_equal "$(field ld_preload)" "$LLSHIM_LIB"
	# ...and nothing else differs, field by field.
	assert_equal "$(without_shim_lines)" "$plain"
	assert_equal "$(field errno)" 4321
	assert_equal "$(field libconfig_mapped)" 0
	assert_equal "$(field parser_mapped)" 0
	assert_equal "$(field no_new_privs)" 0
	assert_equal "$(field landlocked)" 0
}

@test "no_new_privs is set once a policy applies (twin)" {
	run_shim LL_FS_RO=/proc "$HYGIENE" "$PROBE_FILE"
	assert_success
	assert_equal "$(field no_new_privs)" 1
	assert_equal "$(field landlocked)" 1
}

@test "a file write anywhere still works" {
	run_shim sh -c "$WRITE" sh "$TARGET"
	assert_success
	assert_equal "$output" ""
	assert_equal "$stderr" ""
	assert_equal "$(cat "$TARGET")" written
}

@test "the same write is denied under an inline policy (twin)" {
	run_shim LL_FS_RO=/ sh -c "$WRITE" sh "$TARGET"
	assert_failure
	assert_regex "$stderr" "$TARGET.*Permission denied"
	[[ ! -e $TARGET ]] || fail "$TARGET was created"
}

@test "the same write is denied under a policy file (twin)" {
	local policy="$BATS_TEST_TMPDIR/policy.conf"
	cat >"$policy" <<-'EOF'
		version = 1;
		fs = ( { path = "/"; access = "rox"; } );
	EOF
	run_shim LLSHIM_POLICY="$policy" sh -c "$WRITE" sh "$TARGET"
	assert_failure
	assert_regex "$stderr" "$TARGET.*Permission denied"
	[[ ! -e $TARGET ]] || fail "$TARGET was created"
}

@test "LLSHIM_DEBUG=1 alone is not a policy source" {
	local plain
	run_plain LLSHIM_DEBUG=1 "$HYGIENE" "$PROBE_FILE"
	assert_success
	plain=$(without_shim_lines)
	run_shim LLSHIM_DEBUG=1 "$HYGIENE" "$PROBE_FILE"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(without_shim_lines)" "$plain"
	assert_equal "$(field no_new_privs)" 0
	run_shim LLSHIM_DEBUG=1 sh -c "$WRITE" sh "$TARGET"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(cat "$TARGET")" written
}

@test "LLSHIM_DEBUG=1 with a policy variable does sandbox (twin)" {
	run_shim LLSHIM_DEBUG=1 LL_FS_RO=/ sh -c "$WRITE" sh "$TARGET"
	assert_failure
	assert_regex "$stderr" "$TARGET.*Permission denied"
	[[ ! -e $TARGET ]] || fail "$TARGET was created"
}
