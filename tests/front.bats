#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The front (libllshim.so) and the core it loads: when the core cannot be
# loaded for a program that has a policy, the program is refused, never run
# unsandboxed.

load helper

setup() {
	T="$BATS_TEST_TMPDIR"
	mkdir -p "$T/lib"
	cp "$LLSHIM_LIB" "$LLSHIM_BUILD/libllshim-core.so" \
		"$LLSHIM_BUILD/libllshim-parser.so" "$T/lib/"
	echo secret >"$T/secret"
}

@test "a front without its core refuses a program that has a policy" {
	rm "$T/lib/libllshim-core.so"
	run env LD_PRELOAD="$T/lib/libllshim.so" LL_FS_RO=/usr "$PROBE" read_file "$T/secret"
	assert_failure 126
	assert_output --regexp "^llshim: $PROBE: cannot load the shim's core: .*libllshim-core.so: cannot open shared object file"
}

@test "a front without its core leaves a program without a policy alone (twin)" {
	rm "$T/lib/libllshim-core.so"
	run env LD_PRELOAD="$T/lib/libllshim.so" "$PROBE" read_file "$T/secret"
	assert_success
	assert_output ""
}

@test "a program without DT_DEBUG and with a policy is refused, not run unsandboxed" {
	require_cmd python3
	cp "$PROBE" "$T/nodebug"
	/usr/bin/python3 "$LLSHIM_TOP/tests/fixtures/elf/hide_dt_debug.py" "$T/nodebug"
	run "$T/nodebug" read_file "$T/secret"
	assert_success
	run env LD_PRELOAD="$LLSHIM_LIB" LL_FS_RO=/usr "$T/nodebug" read_file "$T/secret"
	assert_failure 126
	assert_output "llshim: $T/nodebug: cannot load the shim's core: dlsym not found among the loaded objects"
}

@test "the same program with DT_DEBUG is sandboxed by the same policy (twin)" {
	cp "$PROBE" "$T/withdebug"
	run env LD_PRELOAD="$LLSHIM_LIB" LL_FS_RO=/usr "$T/withdebug" read_file "$T/secret"
	assert_failure 13
}

# odd_entries: environment entries no well-formed environment has.
odd_entries() {
	ODD=("" "L" "LL" "LL_" "LLSHIM_POLICY" "HOME" "HOME=" "HOME=relative/dir"
		"XDG_CONFIG_HOME=" "XDG_CONFIG_HOME=relative"
		"HOME=/$(printf 'a%.0s' {1..5000})" "=value" "LL_FS_RO")
}

@test "odd environment entries leave a program without a policy untouched" {
	odd_entries
	run "$LLSHIM_PROGS/rawenv" "${ODD[@]}" "LD_PRELOAD=$LLSHIM_LIB" -- \
		"$PROBE" read_file "$T/secret"
	assert_success
	assert_output ""
}

@test "odd environment entries do not stop a policy from applying (twin)" {
	odd_entries
	run "$LLSHIM_PROGS/rawenv" "${ODD[@]}" "LD_PRELOAD=$LLSHIM_LIB" \
		"LL_FS_RO=/usr:/lib:/lib64:/etc/ld.so.cache" -- \
		"$PROBE" read_file "$T/secret"
	assert_failure 13
}
