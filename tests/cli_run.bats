#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# llshim run: every option allows what it names and nothing else (each
# allowed case has its denied twin), static binaries stay sandboxed,
# descendants keep their per-binary policies, and every exit status.

load helper
bats_require_minimum_version 1.5.0

LLSHIM="$LLSHIM_BUILD/llshim"
NOLANDLOCK="$LLSHIM_PROGS/nolandlock"
STATIC="$LLSHIM_PROGS/cli_static"

setup() {
	T="$BATS_TEST_TMPDIR/t"
	mkdir -p "$T/dir"
	echo secret >"$T/secret"
	unset_policy_env LD_PRELOAD
	# No per-binary policy of the real user's may interfere.
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	# What dynamic programs need to start: only paths that exist, so that
	# run prints no warning.
	BASE=()
	local p
	for p in /usr /lib /lib32 /lib64; do
		[[ -e $p ]] && BASE+=(--rox "$p")
	done
	BASE+=(--ro /etc/ld.so.cache --rox "$LLSHIM_PROGS")
}

teardown() {
	stop_servers
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

# --- filesystem options ---

@test "--ro allows reading a file; without it the read is denied" {
	run "$LLSHIM" run "${BASE[@]}" --ro "$T/secret" -- cat "$T/secret"
	assert_success
	assert_output secret
	run "$LLSHIM" run "${BASE[@]}" -- cat "$T/secret"
	assert_failure 1
	assert_output "cat: $T/secret: Permission denied"
}

@test "--ro allows listing a directory but not writing in it" {
	touch "$T/dir/listed"
	run "$LLSHIM" run "${BASE[@]}" --ro "$T/dir" -- ls "$T/dir"
	assert_success
	assert_output listed
	run "$LLSHIM" run "${BASE[@]}" --ro "$T/dir" -- "$PROBE" make_reg "$T/dir/new"
	assert_failure 13
	assert_output --partial "Permission denied (EACCES)"
	assert [ ! -e "$T/dir/new" ]
}

@test "--rw allows creating and writing files; --ro does not" {
	run "$LLSHIM" run "${BASE[@]}" --rw "$T/dir" -- sh -c "echo x >'$T/dir/f'"
	assert_success
	assert [ "$(cat "$T/dir/f")" = x ]
	run "$LLSHIM" run "${BASE[@]}" --ro "$T/dir" -- sh -c "echo y >'$T/dir/f'"
	assert_failure
	assert_output --partial "Permission denied"
	assert [ "$(cat "$T/dir/f")" = x ]
}

@test "--rox allows executing beneath a path; --ro does not (exit 126)" {
	cp "$STATIC" "$T/dir/prog"
	run "$LLSHIM" run "${BASE[@]}" --rox "$T/dir" --ro "$T/secret" -- "$T/dir/prog" "$T/secret"
	assert_success
	assert_output secret
	run "$LLSHIM" run "${BASE[@]}" --ro "$T/dir" --ro "$T/secret" -- "$T/dir/prog" "$T/secret"
	assert_failure 126
	assert_output "llshim: cannot run \"$T/dir/prog\": Permission denied"
}

@test "--rwx allows writing and executing; --rw does not execute" {
	cp "$STATIC" "$T/prog"
	BASE+=(--ro "$T/prog" --ro "$T/secret")
	run "$LLSHIM" run "${BASE[@]}" --rwx "$T/dir" -- sh -c \
		"cat '$T/prog' >'$T/dir/p' && chmod +x '$T/dir/p' && '$T/dir/p' '$T/secret'"
	assert_success
	assert_output secret
	rm "$T/dir/p"
	run "$LLSHIM" run "${BASE[@]}" --rw "$T/dir" -- sh -c \
		"cat '$T/prog' >'$T/dir/p' && chmod +x '$T/dir/p' && '$T/dir/p' '$T/secret'"
	assert_failure 126
	assert_output --partial "Permission denied"
}

@test "a missing PATH is skipped with a warning and grants nothing" {
	run "$LLSHIM" run "${BASE[@]}" --ro "$T/nothing" -- cat "$T/secret"
	assert_failure 1
	assert_line "llshim: warning: --ro \"$T/nothing\": No such file or directory (skipped)"
	assert_line "cat: $T/secret: Permission denied"
}

# --- a static binary: only run can sandbox it ---

@test "a static binary stays sandboxed under run" {
	run "$LLSHIM" run --rox "$LLSHIM_PROGS" -- "$STATIC" "$T/secret"
	assert_failure 13
	assert_output "cli_static: $T/secret: Permission denied"
	run "$LLSHIM" run --rox "$LLSHIM_PROGS" --ro "$T/secret" -- "$STATIC" "$T/secret"
	assert_success
	assert_output secret
}

@test "the same static binary reads freely without run, even with LD_PRELOAD" {
	run "$STATIC" "$T/secret"
	assert_success
	assert_output secret
	# The loader never runs for it, so the preloaded shim cannot act.
	run_shimmed LL_FS_RO=/usr "$STATIC" "$T/secret"
	assert_success
	assert_output secret
}

# --- network and scopes ---

@test "--connect allows the listed port and denies every other" {
	require_abi 4
	start_server listen_tcp
	local other=$((SERVED == 65535 ? SERVED - 1 : SERVED + 1))
	run "$LLSHIM" run "${BASE[@]}" --connect "$SERVED" -- "$PROBE" connect "$SERVED"
	assert_success
	assert_output ""
	run "$LLSHIM" run "${BASE[@]}" --connect "$other" -- "$PROBE" connect "$SERVED"
	assert_failure 13
	assert_output --partial "probe: connect: Permission denied (EACCES)"
}

@test "--connect with an empty value denies every port; a colon list allows each" {
	require_abi 4
	start_server listen_tcp
	run "$LLSHIM" run "${BASE[@]}" --connect "" -- "$PROBE" connect "$SERVED"
	assert_failure 13
	run "$LLSHIM" run "${BASE[@]}" --connect "1:$SERVED" -- "$PROBE" connect "$SERVED"
	assert_success
}

@test "--bind allows the listed port and denies every other" {
	require_abi 4
	local port other
	port=$(free_port)
	other=$((port == 65535 ? port - 1 : port + 1))
	run "$LLSHIM" run "${BASE[@]}" --bind "$port" -- "$PROBE" bind "$port"
	assert_success
	run "$LLSHIM" run "${BASE[@]}" --bind "$other" -- "$PROBE" bind "$port"
	assert_failure 13
	assert_output --partial "probe: bind: Permission denied (EACCES)"
}

@test "--connect alone restricts only TCP connect, not the filesystem" {
	require_abi 4
	run "$LLSHIM" run --connect 1 -- cat "$T/secret"
	assert_success
	assert_output secret
	start_server listen_tcp
	run "$LLSHIM" run --connect 1 -- "$PROBE" connect "$SERVED"
	assert_failure 13
}

@test "--scope s denies signals to processes outside; without it they work" {
	require_abi 6
	run "$LLSHIM" run "${BASE[@]}" --scope s -- "$PROBE" signal "$$"
	assert_failure 1
	assert_output --partial "probe: signal: Operation not permitted (EPERM)"
	run "$LLSHIM" run "${BASE[@]}" --scope a -- "$PROBE" signal "$$"
	assert_success
}

@test "--scope a denies abstract unix sockets outside; --scope s does not" {
	require_abi 6
	start_server listen_abstract "llshim-cli-$$-$RANDOM"
	run "$LLSHIM" run "${BASE[@]}" --scope a -- "$PROBE" abstract_connect "$SERVED"
	assert_failure 1
	assert_output --partial "Operation not permitted (EPERM)"
	run "$LLSHIM" run "${BASE[@]}" --scope s -- "$PROBE" abstract_connect "$SERVED"
	assert_success
}

@test "--scope accepts a:s and the policy language's names" {
	require_abi 6
	run env LLSHIM_DEBUG=1 "$LLSHIM" run --scope a:s -- true
	assert_success
	assert_output --partial "scoped: abstract_unix_socket,signal;"
	run env LLSHIM_DEBUG=1 "$LLSHIM" run --scope signal -- true
	assert_success
	assert_output --partial "scoped: signal;"
}

# --- policy files and layers ---

@test "--policy applies a policy file; without its rule the read is denied" {
	user_config >/dev/null
	policy "$T/p.conf" 'include = ["base"];' \
		"fs = ( { path = \"$T/secret\"; access = \"ro\"; } );"
	run "$LLSHIM" run --policy "$T/p.conf" -- cat "$T/secret"
	assert_success
	assert_output secret
	policy "$T/p.conf" 'include = ["base"];'
	run "$LLSHIM" run --policy "$T/p.conf" -- cat "$T/secret"
	assert_failure 1
	assert_output "cat: $T/secret: Permission denied"
}

@test "each --policy is its own layer: layers intersect" {
	user_config >/dev/null
	echo other >"$T/other"
	policy "$T/a.conf" 'include = ["base"];' \
		"fs = ( { path = \"$T/secret\"; access = \"ro\"; }, { path = \"$T/other\"; access = \"ro\"; } );"
	policy "$T/b.conf" 'include = ["base"];' \
		"fs = ( { path = \"$T/secret\"; access = \"ro\"; } );"
	run "$LLSHIM" run --policy "$T/a.conf" --policy "$T/b.conf" -- cat "$T/secret"
	assert_success
	run "$LLSHIM" run --policy "$T/a.conf" --policy "$T/b.conf" -- cat "$T/other"
	assert_failure 1
	assert_output "cat: $T/other: Permission denied"
	run "$LLSHIM" run --policy "$T/a.conf" -- cat "$T/other"
	assert_success
}

@test "the rule options are one more layer after the policy files" {
	user_config >/dev/null
	policy "$T/p.conf" 'include = ["base"];' \
		"fs = ( { path = \"$T/secret\"; access = \"ro\"; } );"
	run env LLSHIM_DEBUG=1 "$LLSHIM" run --policy "$T/p.conf" "${BASE[@]}" -- cat "$T/secret"
	assert_failure 1
	assert_line --regexp "^llshim: run: layer 1: $T/p.conf: [0-9]+ rules;"
	assert_line --regexp "^llshim: run: layer 2: command-line options: [0-9]+ rules;"
	assert_line "cat: $T/secret: Permission denied"
}

@test "an invalid policy file: exit 1, file:line message, command not run" {
	policy "$T/bad.conf" 'fs = ( { path = "/usr"; access = ["wirte_file"]; } );'
	run "$LLSHIM" run --policy "$T/bad.conf" -- touch "$T/ran"
	assert_failure 1
	assert_output "llshim: $T/bad.conf:2: unknown right \"wirte_file\""
	assert [ ! -e "$T/ran" ]
	run "$LLSHIM" run --policy "$T/missing.conf" -- touch "$T/ran"
	assert_failure 1
	assert_output --partial "llshim: $T/missing.conf: cannot open the policy"
	assert [ ! -e "$T/ran" ]
}

# --- --hard and --log ---

@test "--hard refuses what this kernel lacks (126); best effort runs" {
	if (($(landlock_abi) >= 9)); then
		skip "this kernel has ABI 9: nothing of abi = 9 is lacking"
	fi
	policy "$T/p9.conf" 'abi = 9;' "fs = ( { path = \"/\"; access = \"rox\"; } );"
	run "$LLSHIM" run --hard --policy "$T/p9.conf" -- touch "$T/ran"
	assert_failure 126
	assert_output "llshim: $T/p9.conf: compat = \"hard\" but this kernel (Landlock ABI $(landlock_abi)) lacks fs rights resolve_unix"
	assert [ ! -e "$T/ran" ]
	run "$LLSHIM" run --policy "$T/p9.conf" -- cat "$T/secret"
	assert_success
	assert_output secret
}

@test "--log asks to log new execs; without it no flag is set" {
	require_abi 7
	run env LLSHIM_DEBUG=1 "$LLSHIM" run --log --scope s -- true
	assert_success
	assert_output --partial "flags: log_new_exec_on;"
	run env LLSHIM_DEBUG=1 "$LLSHIM" run --scope s -- true
	assert_success
	assert_output --partial "flags: none;"
}

# --- without Landlock ---

@test "without Landlock: best effort warns once and runs unsandboxed; --hard refuses" {
	run --separate-stderr "$NOLANDLOCK" ENOSYS "$LLSHIM" run --ro /usr -- cat "$T/secret"
	assert_success
	assert_output secret
	assert_equal "$stderr" "llshim: warning: Landlock is not supported by this kernel (ENOSYS): build it with CONFIG_SECURITY_LANDLOCK=y and \"landlock\" in CONFIG_LSM; running unsandboxed"
	run "$NOLANDLOCK" EOPNOTSUPP "$LLSHIM" run --hard --ro /usr -- cat "$T/secret"
	assert_failure 126
	assert_output "llshim: Landlock is disabled at boot (EOPNOTSUPP): add \"landlock\" to the lsm= kernel parameter"
}

# --- the preload for descendants ---

@test "LD_PRELOAD is set to the library, put in front, never twice" {
	local lib
	lib=$(realpath "$LLSHIM_LIB")
	run --separate-stderr "$LLSHIM" run --scope s -- printenv LD_PRELOAD
	assert_success
	assert_output "$lib"
	run --separate-stderr env LD_PRELOAD=/nonexistent/other.so "$LLSHIM" run --scope s -- printenv LD_PRELOAD
	assert_success
	assert_output "$lib:/nonexistent/other.so"
	run --separate-stderr env LD_PRELOAD="/nonexistent/a.so $lib" "$LLSHIM" run --scope s -- printenv LD_PRELOAD
	assert_success
	assert_output "/nonexistent/a.so $lib"
}

@test "descendants get their per-binary policies (the library loads inside the sandbox)" {
	mkdir -p "$XDG_CONFIG_HOME/llshim/policy.d" "$T/bin"
	cp "$PROBE" "$T/bin/tool"
	# The run layer lets tool read the secret and grants neither the build
	# directory holding libllshim.so nor the user's policy directory: run
	# makes both readable, as the shim does, for descendants.
	local -a layer=()
	local p
	for p in /usr /lib /lib32 /lib64; do
		[[ -e $p ]] && layer+=(--rox "$p")
	done
	layer+=(--ro /etc/ld.so.cache --rox "$T/bin" --ro "$T/secret")
	run "$LLSHIM" run "${layer[@]}" -- "$T/bin/tool" read_file "$T/secret"
	assert_success
	assert_output ""
	# tool's own policy grants the secret nothing: the shim in tool applies it.
	policy "$XDG_CONFIG_HOME/llshim/policy.d/tool.conf" \
		'fs = ( { path = "/usr"; access = "rox"; }, { path = "/lib"; access = "rox"; } );'
	run "$LLSHIM" run "${layer[@]}" -- "$T/bin/tool" read_file "$T/secret"
	assert_failure 13
	assert_output "probe: read_file: Permission denied (EACCES)"
}

@test "another libllshim.so in LD_PRELOAD stays loadable inside; another library does not" {
	mkdir -p "$T/copy" "$T/other"
	cp "$LLSHIM_LIB" \
		"$LLSHIM_BUILD/libllshim-parser.so" "$T/copy/"
	cp "$LLSHIM_LIB" "$T/other/libnotllshim.so"
	# Neither directory is granted by the layer.
	run --separate-stderr env LD_PRELOAD="$T/copy/libllshim.so" \
		"$LLSHIM" run "${BASE[@]}" -- sh -c 'echo started'
	assert_success
	assert_output started
	assert_equal "$stderr" ""
	# The twin: a library that is not llshim's is not made readable.
	run --separate-stderr env LD_PRELOAD="$T/other/libnotllshim.so" \
		"$LLSHIM" run "${BASE[@]}" -- sh -c 'echo started'
	assert_success
	assert_output started
	[[ $stderr == *"libnotllshim.so"*"cannot be preloaded"* ]] ||
		fail "ld.so loaded an ungranted library: $stderr"
}

# --- exit statuses ---

@test "the command's own exit status is run's" {
	run "$LLSHIM" run "${BASE[@]}" -- sh -c 'exit 42'
	assert_failure 42
	run "$LLSHIM" run "${BASE[@]}" -- true
	assert_success
}

@test "a command that does not exist: 127" {
	run -127 "$LLSHIM" run --scope s -- llshim-no-such-command
	assert_failure 127
	assert_output "llshim: cannot run \"llshim-no-such-command\": No such file or directory"
}

@test "a command that cannot be executed: 126" {
	run "$LLSHIM" run --scope s -- "$T/secret"
	assert_failure 126
	assert_output "llshim: cannot run \"$T/secret\": Permission denied"
}

@test "bad option values: exit 1 with the option named" {
	run "$LLSHIM" run --connect 80x -- true
	assert_failure 1
	assert_output 'llshim: --connect: bad port "80x" (0 to 65535 expected)'
	run "$LLSHIM" run --bind 65536 -- true
	assert_failure 1
	assert_output 'llshim: --bind: bad port "65536" (0 to 65535 expected)'
	run "$LLSHIM" run --scope x -- true
	assert_failure 1
	assert_output 'llshim: --scope: unknown scope "x" (a, s, abstract_unix_socket or signal expected)'
	run "$LLSHIM" run --ro "" -- true
	assert_failure 1
	assert_output 'llshim: --ro: empty path'
}

@test "usage errors: exit 2 with a usage line" {
	run "$LLSHIM" run --ro /usr
	assert_failure 2
	assert_line "llshim: run: no command given"
	assert_line "usage: llshim run [options] -- CMD [ARGS...]"
	run "$LLSHIM" run -- true
	assert_failure 2
	assert_line --partial "llshim: run: nothing to apply"
	run "$LLSHIM" run --log -- true
	assert_failure 2
	assert_line --partial "llshim: run: nothing to apply"
	run "$LLSHIM" run --frobnicate -- true
	assert_failure 2
	assert_line 'llshim: run: unknown option "--frobnicate"'
	run "$LLSHIM" run --ro
	assert_failure 2
	assert_line "llshim: --ro: missing argument"
}

@test "run --help and llshim help run print the same help" {
	run "$LLSHIM" run --help
	assert_success
	assert_line --index 0 "usage: llshim run [options] -- CMD [ARGS...]"
	assert_line --partial "--policy FILE"
	local help=$output
	run "$LLSHIM" help run
	assert_success
	assert_equal "$output" "$help"
}
