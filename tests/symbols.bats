#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Symbol hygiene (SPEC.md section 5): no symbol of the shim or of libconfig
# enters the host's namespace.  The shim parses policy files with a private
# parser object (libllshim-parser.so, the only object linked with
# -lconfig) that it opens RTLD_LOCAL | RTLD_DEEPBIND and closes again, so a
# host with its own config_* functions, or its own libconfig, is undisturbed.

# bats sets stderr and stderr_lines in `run --separate-stderr`.
# shellcheck disable=SC2154
load helper

bats_require_minimum_version 1.5.0

setup() {
	[[ -e $LLSHIM_LIB && -x $LLSHIM_PROGS/hostcfg_export && -x $LLSHIM_PROGS/hostcfg_link ]] ||
		fail "build first: make all test-progs"
	PARSER="$LLSHIM_BUILD/libllshim-parser.so"
	EXPORT_HOST="$LLSHIM_PROGS/hostcfg_export"
	LINK_HOST="$LLSHIM_PROGS/hostcfg_link"
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	unset_policy_env
	ALLOWED="$BATS_TEST_TMPDIR/allowed"
	DENIED="$BATS_TEST_TMPDIR/denied"
	mkdir -p "$ALLOWED" "$DENIED"
	echo 'value = "allowed";' >"$ALLOWED/app.conf"
	echo 'value = "denied";' >"$DENIED/app.conf"
	POLICY="$BATS_TEST_TMPDIR/policy.conf"
	cat >"$POLICY" <<-EOF
		version = 1;
		fs = ( { path = "$ALLOWED"; access = "ro"; } );
	EOF
}

# defined_exports LIB: the dynamic symbols LIB defines, but _init/_fini.
defined_exports() {
	nm -D --defined-only "$1" 2>&1 | awk '$3 != "_init" && $3 != "_fini" && !/no symbols/ { print $3 }'
}

@test "libllshim.so exports nothing but _init and _fini" {
	require_cmd nm
	run defined_exports "$LLSHIM_LIB"
	assert_success
	assert_output ""
}

@test "libllshim.so, loaded into every process, imports nothing either" {
	require_cmd nm readelf
	run nm -D --undefined-only "$LLSHIM_LIB"
	refute_output --regexp ' U '
	run readelf -d "$LLSHIM_LIB"
	refute_output --partial NEEDED
}

@test "the export check sees the parser object's entry points (twin)" {
	require_cmd nm
	run defined_exports "$PARSER"
	assert_success
	assert_line llshim_parser_parse
}

@test "only the private parser object links libconfig" {
	require_cmd readelf
	run readelf -d "$LLSHIM_LIB"
	assert_success
	refute_output --partial libconfig
	run readelf -d "$PARSER"
	assert_success
	assert_output --regexp 'NEEDED.*libconfig'
}

@test "a host's trap functions abort when called (twin of the next tests)" {
	run --separate-stderr "$EXPORT_HOST" --call-host
	assert_equal "$status" 134
	assert_equal "$stderr" "HOST config_init CALLED"
}

@test "a host exporting config_* is untouched while the shim parses with libconfig" {
	run_shim LLSHIM_POLICY="$POLICY" "$EXPORT_HOST" "$ALLOWED/app.conf"
	assert_success
	assert_equal "$stderr" ""
	assert_line "$ALLOWED/app.conf: ok"
	# The host's namespace still resolves the names to its own functions.
	assert_line config_init=host
	assert_line llshim_parser_parse=hidden
}

@test "the parsed policy is enforced in a host exporting config_*" {
	run_shim LLSHIM_POLICY="$POLICY" "$EXPORT_HOST" "$DENIED/app.conf"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_line "$DENIED/app.conf: EACCES"
}

@test "a broken policy file is reported by libconfig, not by the host's config_*" {
	local bad="$BATS_TEST_TMPDIR/bad.conf" prog
	prog=$(realpath "$EXPORT_HOST")
	printf 'version = 1;\nfs = ( { path = ; } );\n' >"$bad"
	run_shim LLSHIM_POLICY="$bad" "$EXPORT_HOST" "$ALLOWED/app.conf"
	assert_equal "$status" 126
	assert_equal "$output" ""
	[[ $stderr != *HOST* ]] || fail "the host's function was called: $stderr"
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^llshim: $prog: .*bad\.conf:2"
}

@test "a host exporting config_* runs as usual in pass-through" {
	run_shim "$EXPORT_HOST" "$ALLOWED/app.conf" "$DENIED/app.conf"
	assert_success
	assert_equal "$stderr" ""
	assert_line "$DENIED/app.conf: ok"
	assert_line config_init=host
}

@test "a host linking libconfig keeps using it under a policy file" {
	run_shim LLSHIM_POLICY="$POLICY" "$LINK_HOST" "$ALLOWED/app.conf"
	assert_success
	assert_equal "$stderr" ""
	assert_line "greeting=hello from the host"
	assert_line answer=42
	assert_line "$ALLOWED/app.conf: value=allowed"
}

@test "a host linking libconfig cannot read outside the policy file's rules (twin)" {
	run_shim LLSHIM_POLICY="$POLICY" "$LINK_HOST" "$DENIED/app.conf"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_line "greeting=hello from the host"
	assert_line "$DENIED/app.conf: file I/O error: EACCES"
}

@test "a host linking libconfig runs as usual in pass-through" {
	run_shim "$LINK_HOST" "$ALLOWED/app.conf" "$DENIED/app.conf"
	assert_success
	assert_equal "$stderr" ""
	assert_line "greeting=hello from the host"
	assert_line "$DENIED/app.conf: value=denied"
}

# stdio_imports FILE: the stdio and exit functions FILE imports.
stdio_imports() {
	nm -D --undefined-only "$1" |
		grep -E ' (printf|fprintf|vfprintf|puts|fputs|fwrite|fopen|fflush|perror|stdout|stderr|exit|atexit)(@|$)' || true
}

@test "the parser, run inside the host, imports no stdio and no exit()" {
	require_cmd nm
	run stdio_imports "$LLSHIM_BUILD/libllshim-parser.so"
	assert_output ""
}

@test "the stdio check sees the command's stdio (twin)" {
	require_cmd nm
	run stdio_imports "$LLSHIM_BUILD/llshim"
	assert_output --partial printf
}
