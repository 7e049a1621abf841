#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# llshim check: valid and invalid policies, the effective ruleset on this
# kernel (file/directory masking, handled rights, ports, scopes, flags),
# what is dropped and why, missing paths, and the JSON output.

load helper
bats_require_minimum_version 1.5.0

LLSHIM="$LLSHIM_BUILD/llshim"
NOLANDLOCK="$LLSHIM_PROGS/nolandlock"

setup() {
	T="$BATS_TEST_TMPDIR/t"
	mkdir -p "$T/dir"
	echo data >"$T/file"
	P="$T/p.conf"
	unset LLSHIM_POLICY LLSHIM_DEBUG
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	ABI=$(landlock_abi)
}

# policy FILE [LINE...]: a policy file with these lines after the version.
policy() {
	local file=$1
	shift
	{
		echo 'version = 1;'
		printf '%s\n' "$@"
	} >"$file"
}

# json EXPR: evaluate a Python expression on the JSON in $output (as d).
json() {
	python3 -c 'import json, sys
d = json.loads(sys.stdin.read())
print(eval(sys.argv[1]))' "$1" <<<"$output"
}

@test "a valid policy: exit 0 and the rules as this kernel applies them" {
	policy "$P" "fs = (" \
		"  { path = \"$T/dir\"; access = \"ro\"; }," \
		"  { path = \"$T/file\"; access = \"rw\"; }" \
		");"
	run --separate-stderr "$LLSHIM" check "$P"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 "$P: valid"
	assert_line "  checked as: explicit policy (as LLSHIM_POLICY or llshim run --policy)"
	assert_line "  kernel: Landlock ABI $ABI"
	assert_line "  compat: best-effort"
	assert_line "  abi: not pinned (every right the kernel knows)"
	assert_line --regexp '^  handled fs: execute,write_file,read_file,read_dir,.*,make_sym'
	assert_line "    $T/dir (directory): read_file,read_dir [$P:3]"
	assert_line "  handled net: none"
	assert_line "  tcp connect: unrestricted"
	assert_line "  dropped for this kernel: none"
}

@test "a rule on a file keeps only the file rights; the same rule on a directory keeps all" {
	require_abi 3
	policy "$P" "fs = ( { path = \"$T/file\"; access = [\"read_file\", \"read_dir\", \"truncate\"]; } );"
	run "$LLSHIM" check "$P"
	assert_success
	assert_line "    $T/file (file): read_file,truncate; not for a file: read_dir [$P:2]"
	policy "$P" "fs = ( { path = \"$T/dir\"; access = [\"read_file\", \"read_dir\", \"truncate\"]; } );"
	run "$LLSHIM" check "$P"
	assert_success
	assert_line "    $T/dir (directory): read_file,read_dir,truncate [$P:2]"
}

@test "a missing path is reported and warned about; an existing one is not" {
	policy "$P" "fs = ( { path = \"$T/nothing\"; access = \"ro\"; } );"
	run --separate-stderr "$LLSHIM" check "$P"
	assert_success
	assert_line "    $T/nothing: missing (skipped) [$P:2]"
	assert_equal "$stderr" "llshim: warning: $P:2: path \"$T/nothing\": No such file or directory (skipped)"
	policy "$P" "fs = ( { path = \"$T/file\"; access = \"ro\"; } );"
	run --separate-stderr "$LLSHIM" check "$P"
	assert_success
	assert_equal "$stderr" ""
	refute_output --partial missing
}

@test "a required path that is missing makes the policy invalid" {
	policy "$P" "fs = ( { path = \"$T/nothing\"; access = \"ro\"; required = true; } );"
	run --separate-stderr "$LLSHIM" check "$P"
	assert_failure 1
	assert_equal "$stderr" "llshim: $P:2: required path missing: \"$T/nothing\": No such file or directory"
	assert_line --index 0 "$P: invalid"
	assert_line "    $T/nothing: missing (required) [$P:2]"
	policy "$P" "fs = ( { path = \"$T/file\"; access = \"ro\"; required = true; } );"
	run "$LLSHIM" check "$P"
	assert_success
}

@test "an invalid policy: exit 1, file:line: message on stderr" {
	policy "$P" 'fs = (' '  { path = "/usr"; access = ["wirte_file"]; }' ');'
	run --separate-stderr "$LLSHIM" check "$P"
	assert_failure 1
	assert_output "$P: invalid"
	assert_equal "$stderr" "llshim: $P:3: unknown right \"wirte_file\""
	policy "$P" 'net = { connect = "443"; };'
	run --separate-stderr "$LLSHIM" check "$P"
	assert_failure 1
	assert_equal "$stderr" "llshim: $P:2: \"connect\" must be a list of ports, not a string"
}

@test "several files: exit 1 when any is invalid, 0 when all are valid" {
	policy "$T/good.conf"
	policy "$T/bad.conf" 'bogus = 1;'
	run --separate-stderr "$LLSHIM" check "$T/good.conf" "$T/bad.conf"
	assert_failure 1
	assert_line "$T/good.conf: valid"
	assert_line "$T/bad.conf: invalid"
	run --separate-stderr "$LLSHIM" check "$T/good.conf" "$T/good.conf"
	assert_success
}

@test "files that cannot be trusted or read are invalid" {
	policy "$P"
	chmod o+w "$P"
	run --separate-stderr "$LLSHIM" check "$P"
	assert_failure 1
	assert_equal "$stderr" "llshim: $P: not trusted: writable by others"
	run --separate-stderr "$LLSHIM" check "$T/missing.conf"
	assert_failure 1
	assert_equal "$stderr" "llshim: $T/missing.conf: cannot open the policy: No such file or directory"
	run --separate-stderr "$LLSHIM" check "$T/dir"
	assert_failure 1
	assert_equal "$stderr" "llshim: $T/dir: not a regular file"
}

@test "abi = 9 on an older kernel, best effort: valid, resolve_unix dropped and why" {
	((ABI < 9)) || skip "this kernel has ABI 9"
	policy "$P" 'abi = 9;' "fs = ( { path = \"$T/dir\"; access = [\"read_dir\", \"resolve_unix\"]; } );"
	run --separate-stderr "$LLSHIM" check "$P"
	assert_success
	assert_line --index 0 "$P: valid"
	assert_line "  abi: 9 (pinned)"
	assert_line "    $T/dir (directory): read_dir; dropped for this kernel: resolve_unix [$P:3]"
	assert_line "  dropped for this kernel:"
	assert_line "    fs right resolve_unix: needs ABI 9, kernel has $ABI"
	refute_line --regexp '^  handled fs: .*resolve_unix'
}

@test "abi = 9 with compat = hard on an older kernel: invalid, with the reason" {
	((ABI < 9)) || skip "this kernel has ABI 9"
	policy "$P" 'abi = 9;' 'compat = "hard";'
	run --separate-stderr "$LLSHIM" check "$P"
	assert_failure 1
	assert_output "$P: invalid"
	assert_equal "$stderr" "llshim: $P: compat = \"hard\" but this kernel (Landlock ABI $ABI) lacks fs rights resolve_unix"
	# The twin: the same hard policy pinned to this kernel's ABI is valid.
	policy "$P" "abi = $ABI;" 'compat = "hard";'
	run "$LLSHIM" check "$P"
	assert_success
}

@test "a pin below the kernel drops newer rights, naming the pin" {
	require_abi 5
	policy "$P" 'abi = 3;' "fs = ( { path = \"$T/dir\"; access = [\"read_dir\", \"ioctl_dev\"]; } );"
	run "$LLSHIM" check "$P"
	assert_success
	assert_line "    fs right ioctl_dev: needs ABI 5, policy pins abi = 3"
	refute_line --regexp '^  handled fs: .*ioctl_dev'
	policy "$P" "fs = ( { path = \"$T/dir\"; access = [\"read_dir\", \"ioctl_dev\"]; } );"
	run "$LLSHIM" check "$P"
	assert_line --regexp '^  handled fs: .*ioctl_dev'
	assert_line "  dropped for this kernel: none"
}

@test "net ports, scopes and log flags are shown; absent ones are unrestricted" {
	require_abi 7
	policy "$P" 'net = { connect = [443, 80]; bind = []; };' \
		'scope = ["signal"];' 'log = { new_exec = true; };'
	run "$LLSHIM" check "$P"
	assert_success
	assert_line "  handled net: bind_tcp,connect_tcp"
	assert_line "  tcp connect: 443,80"
	assert_line "  tcp bind: no port allowed"
	assert_line "  scoped: signal"
	assert_line "  flags: log_new_exec_on"
	policy "$P"
	run "$LLSHIM" check "$P"
	assert_line "  handled net: none"
	assert_line "  tcp bind: unrestricted"
	assert_line "  scoped: none"
	assert_line "  flags: none"
}

@test "profiles are merged and their rules name the profile's line" {
	local config
	config=$(user_config)
	policy "$config/llshim/profiles/mine.conf" "fs = ( { path = \"$T/file\"; access = \"ro\"; } );"
	policy "$P" 'include = ["mine"];'
	run "$LLSHIM" check "$P"
	assert_success
	assert_line "    $T/file (file): read_file; not for a file: read_dir [$config/llshim/profiles/mine.conf:2]"
	policy "$P" 'include = ["nope"];'
	run --separate-stderr "$LLSHIM" check "$P"
	assert_failure 1
	assert_equal "$stderr" "llshim: $P:2: profile \"nope\" not found"
}

@test "a file in the user's policy.d is checked as a user policy" {
	mkdir -p "$XDG_CONFIG_HOME/llshim/policy.d"
	policy "$XDG_CONFIG_HOME/llshim/policy.d/tool.conf"
	run "$LLSHIM" check "$XDG_CONFIG_HOME/llshim/policy.d/tool.conf"
	assert_success
	assert_line "  checked as: user policy (the user's policy.d)"
	policy "$P"
	run "$LLSHIM" check "$P"
	assert_line --partial "  checked as: explicit policy"
}

@test "--json: the same report as one JSON document" {
	require_abi 4
	policy "$P" "fs = ( { path = \"$T/file\"; access = \"ro\"; }, { path = \"$T/nothing\"; access = \"rw\"; } );" \
		'net = { connect = [443]; };'
	run --separate-stderr "$LLSHIM" check --json "$P"
	assert_success
	assert_equal "$(json 'd["kernel"]["abi"]')" "$ABI"
	assert_equal "$(json 'd["files"][0]["valid"]')" True
	assert_equal "$(json 'd["files"][0]["kind"]')" explicit
	assert_equal "$(json 'd["files"][0]["rules"][0]["type"]')" file
	assert_equal "$(json 'd["files"][0]["rules"][0]["granted"]')" "['read_file']"
	assert_equal "$(json 'd["files"][0]["rules"][0]["not_for_file"]')" "['read_dir']"
	assert_equal "$(json 'd["files"][0]["rules"][1]["type"]')" missing
	assert_equal "$(json 'd["files"][0]["net"]["connect"]')" "{'handled': True, 'ports': [443]}"
	assert_equal "$(json 'd["files"][0]["net"]["bind"]["handled"]')" False
	assert_equal "$(json 'd["files"][0]["handled"]["net"]')" "['connect_tcp']"
	# The warning still goes to stderr, apart from the document.
	assert_equal "$stderr" "llshim: warning: $P:2: path \"$T/nothing\": No such file or directory (skipped)"
}

@test "--json: invalid files and dropped rights" {
	((ABI < 9)) || skip "this kernel has ABI 9"
	policy "$T/bad.conf" 'fs = 3;'
	policy "$T/p9.conf" 'abi = 9;'
	run --separate-stderr "$LLSHIM" check --json "$T/bad.conf" "$T/p9.conf"
	assert_failure 1
	assert_equal "$(json 'd["files"][0]["valid"]')" False
	assert_equal "$(json 'd["files"][0]["error"]')" "$T/bad.conf:2: \"fs\" must be a list ( {...}, {...} ), not an integer"
	assert_equal "$(json 'd["files"][1]["valid"]')" True
	assert_equal "$(json 'd["files"][1]["dropped"]')" \
		"[{'set': 'fs', 'name': 'resolve_unix', 'needs_abi': 9, 'reason': 'kernel has $ABI'}]"
}

@test "--json escapes quotes, backslashes, control bytes and non-UTF-8 bytes" {
	# libconfig's escapes: the path holds " \ TAB NEWLINE 0x01 and 0xff.
	policy "$P" "fs = ( { path = \"$T/a\\\"b\\\\c\\td\\ne\\x01f\\xffg\"; access = \"ro\"; } );"
	run --separate-stderr "$LLSHIM" check --json "$P"
	assert_success
	assert_equal "$(json 'ascii(d["files"][0]["rules"][0]["path"])')" \
		"'$T/a\"b\\\\c\\td\\ne\\x01f\\xffg'"
	[[ $output != *$'\t'* ]] || fail "a raw tab in the JSON output"
}

@test "without Landlock: best effort is valid but would run unsandboxed; hard is invalid" {
	policy "$P" "fs = ( { path = \"$T/dir\"; access = \"ro\"; } );"
	run --separate-stderr "$NOLANDLOCK" ENOSYS "$LLSHIM" check "$P"
	assert_success
	assert_line "  kernel: Landlock is not supported by this kernel (ENOSYS): build it with CONFIG_SECURITY_LANDLOCK=y and \"landlock\" in CONFIG_LSM"
	assert_line "  layer: skipped: nothing to restrict on this kernel; the program would run unsandboxed"
	assert_line "    fs right read_dir: needs ABI 1, Landlock is unavailable"
	policy "$P" 'compat = "hard";'
	run --separate-stderr "$NOLANDLOCK" EOPNOTSUPP "$LLSHIM" check "$P"
	assert_failure 1
	assert_equal "$stderr" "llshim: $P: compat = \"hard\" but Landlock is disabled at boot (EOPNOTSUPP): add \"landlock\" to the lsm= kernel parameter"
}

@test "usage: no file, unknown option (exit 2); --help (exit 0)" {
	run "$LLSHIM" check
	assert_failure 2
	assert_line "llshim: check: no policy file given"
	assert_line "usage: llshim check [--json] FILE..."
	run "$LLSHIM" check --yaml "$P"
	assert_failure 2
	assert_line 'llshim: check: unknown option "--yaml"'
	run "$LLSHIM" check --help
	assert_success
	assert_line --index 0 "usage: llshim check [--json] FILE..."
	local help=$output
	run "$LLSHIM" help check
	assert_equal "$output" "$help"
}

@test "the command is clean under AddressSanitizer, LeakSanitizer and UBSan" {
	local asan="$LLSHIM_BUILD/asan/llshim" fixtures="$LLSHIM_TOP/tests/fixtures/policies"
	export ASAN_OPTIONS=exitcode=99:detect_leaks=1:abort_on_error=0
	export UBSAN_OPTIONS=halt_on_error=1:exitcode=98:print_stacktrace=1
	policy "$P" "fs = ( { path = \"$T/file\"; access = \"rw\"; }, { path = \"$T/nothing\"; access = \"ro\"; } );"
	run "$asan" check "$P" "$fixtures"/good/*.conf "$fixtures"/bad/*.conf
	assert_failure 1
	refute_output --partial Sanitizer
	refute_output --partial "runtime error"
	run "$asan" check --json "$P" "$fixtures"/bad/*.conf
	assert_failure 1
	refute_output --partial Sanitizer
	run "$asan" check "$P"
	assert_success
	run "$asan" which sh
	assert_success
	refute_output --partial Sanitizer
	run "$asan" status
	assert_success
	refute_output --partial Sanitizer
	run "$asan" run --policy "$fixtures/bad/01.conf" --connect 80x -- true
	assert_failure 1
	refute_output --partial Sanitizer
}
