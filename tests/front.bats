#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# libllshim.so and the parser object it loads for policy files: when the
# parser cannot be loaded for a policy file that must be parsed, the
# program is refused, never run unsandboxed; policies that need no parser
# (LL_*) apply without it.

load helper

setup() {
	T="$BATS_TEST_TMPDIR"
	mkdir -p "$T/lib"
	cp "$LLSHIM_LIB" "$LLSHIM_BUILD/libllshim-parser.so" "$T/lib/"
	echo secret >"$T/secret"
	printf 'version = 1;\nfs = ({ path = "/usr"; access = "rox"; });\n' >"$T/p.conf"
	# No compiled form can be kept: every start must parse.
	export HOME="$T/home" XDG_CONFIG_HOME="$T/nowhere/config"
}

@test "a shim without its parser refuses a program whose policy file must be parsed" {
	rm "$T/lib/libllshim-parser.so"
	run env LD_PRELOAD="$T/lib/libllshim.so" LLSHIM_POLICY="$T/p.conf" "$PROBE" read_file "$T/secret"
	assert_failure 126
	assert_output --regexp "^llshim: $PROBE: cannot load the policy parser: .*libllshim-parser.so: cannot open shared object file"
}

@test "a shim without its parser still applies LL_* and leaves a program without a policy alone (twins)" {
	rm "$T/lib/libllshim-parser.so"
	run env LD_PRELOAD="$T/lib/libllshim.so" LL_FS_RO=/usr "$PROBE" read_file "$T/secret"
	assert_failure 13
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
	assert_output "llshim: $T/nodebug: cannot find the loader's functions (dlsym, dl_iterate_phdr, environ) among the loaded objects, so cannot apply the policy"
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
