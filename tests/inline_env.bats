#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The inline policy: LL_* variables with the meanings of the kernel's
# samples/landlock/sandboxer.c, driven through real programs.

load helper

setup() {
	T="$BATS_TEST_TMPDIR/t"
	mkdir -p "$T"
	echo secret >"$T/f"
	cp /bin/true "$T/true"
	# What programs, their libraries and the shim need to start at all.
	BASE_RO="/usr:/lib:/lib32:/lib64:/etc/ld.so.cache:$LLSHIM_BUILD"
	NOBODY_DIR=""
}

teardown() {
	stop_servers
	if [[ -n $NOBODY_DIR ]]; then
		rm -rf "$NOBODY_DIR"
	fi
}

assert_denied_probe() {
	assert_failure 13
	assert_output --partial "probe: $1: Permission denied (EACCES)"
}

# assert_refused MESSAGE: the shim refused to start the program with exactly
# "llshim: /usr/bin/echo: MESSAGE" and exit 126; the program never ran.
assert_refused() {
	assert_failure 126
	assert_output "llshim: /usr/bin/echo: $1"
}

# --- LL_FS_RO and LL_FS_RW ---

@test "LL_FS_RO grants reading and executing" {
	run_shimmed LL_FS_RO="$BASE_RO:$T" cat "$T/f"
	assert_success
	assert_output secret
	run_shimmed LL_FS_RO="$BASE_RO:$T" sh -c '"$0"' "$T/true"
	assert_success
	assert_output ""
}

@test "without LL_FS_RO on it, a file can be neither read nor executed" {
	run_shimmed LL_FS_RO="$BASE_RO" cat "$T/f"
	assert_failure
	assert_output --partial "$T/f: Permission denied"
	run_shimmed LL_FS_RO="$BASE_RO" sh -c '"$0"' "$T/true"
	assert_failure 126
	assert_output --partial "Permission denied"
}

@test "LL_FS_RO does not grant writing" {
	run_shimmed LL_FS_RO="$BASE_RO:$T" sh -c 'echo changed >>"$0"' "$T/f"
	assert_failure
	assert_output --partial "Permission denied"
	assert_equal "$(cat "$T/f")" secret
}

@test "LL_FS_RW grants writing, creating and removing" {
	mkdir "$T/old"
	run_shimmed LL_FS_RO="$BASE_RO" LL_FS_RW="$T" sh -c \
		'cd "$0" && echo changed >f && mkdir d && echo new >d/g && rm true && rmdir old' "$T"
	assert_success
	assert_output ""
	assert_equal "$(cat "$T/f")" changed
	assert_equal "$(cat "$T/d/g")" new
	assert [ ! -e "$T/true" ]
	assert [ ! -e "$T/old" ]
}

@test "LL_FS_RO on the same directory grants none of that" {
	mkdir "$T/old"
	local cmd
	for cmd in 'echo changed >f' 'mkdir d' 'echo new >g' 'rm true' 'rmdir old'; do
		run_shimmed LL_FS_RO="$BASE_RO:$T" sh -c 'cd "$0" && '"$cmd" "$T"
		assert_failure
		assert_output --partial "Permission denied"
	done
	assert_equal "$(cat "$T/f")" secret
	assert [ ! -e "$T/d" ]
	assert [ ! -e "$T/g" ]
	assert [ -e "$T/true" ]
	assert [ -d "$T/old" ]
}

@test "LL_FS_RW on a single file allows writing that file" {
	run_shimmed LL_FS_RO="$BASE_RO" LL_FS_RW="$T/f" sh -c 'echo changed >"$0"' "$T/f"
	assert_success
	assert_output ""
	assert_equal "$(cat "$T/f")" changed
}

@test "LL_FS_RW on a single file does not allow creating its siblings" {
	run_shimmed LL_FS_RO="$BASE_RO" LL_FS_RW="$T/f" sh -c 'echo new >"$0"' "$T/g"
	assert_failure
	assert_output --partial "Permission denied"
	assert [ ! -e "$T/g" ]
}

@test "a missing path is skipped: the program runs" {
	run_shimmed LL_FS_RO="$BASE_RO:$T/missing-ro" LL_FS_RW="$T/missing-rw" cat "$T/f"
	assert_failure
	assert_output --partial "$T/f: Permission denied"
	run_shimmed LL_FS_RO="$BASE_RO:$T/missing-ro:$T" LL_FS_RW="$T/missing-rw" cat "$T/f"
	assert_success
	assert_output secret
}

@test "a missing path is skipped: it cannot be created later" {
	run_shimmed LL_FS_RO="$BASE_RO" LL_FS_RW="$T/missing" mkdir "$T/missing"
	assert_failure
	assert_output --partial "Permission denied"
	assert [ ! -e "$T/missing" ]
}

@test "empty list elements are skipped" {
	run_shimmed LL_FS_RO="::$BASE_RO::" LL_FS_RW=":$T:" sh -c 'echo changed >"$0"' "$T/f"
	assert_success
	assert_output ""
	assert_equal "$(cat "$T/f")" changed
}

@test "an empty list element does not mean the current directory" {
	cd "$T"
	run_shimmed LL_FS_RO="$BASE_RO:" LL_FS_RW=":" cat f
	assert_failure
	assert_output --partial "f: Permission denied"
}

@test "LL_FS_RW set but empty is valid: filesystem handled, read-only rules apply" {
	run_shimmed LL_FS_RO="$BASE_RO:$T" LL_FS_RW= cat "$T/f"
	assert_success
	assert_output secret
	run_shimmed LL_FS_RO="$BASE_RO:$T" LL_FS_RW= sh -c 'echo changed >"$0"' "$T/f"
	assert_failure
	assert_output --partial "Permission denied"
}

# --- TCP ---

@test "LL_TCP_CONNECT set but empty denies every connect" {
	require_abi 4
	start_server listen_tcp
	run_shimmed LL_TCP_CONNECT= "$PROBE" connect "$SERVED"
	assert_denied_probe connect
}

@test "LL_TCP_CONNECT=PORT allows connecting to PORT" {
	require_abi 4
	start_server listen_tcp
	run_shimmed LL_TCP_CONNECT="$SERVED" "$PROBE" connect "$SERVED"
	assert_success
	assert_output ""
}

@test "LL_TCP_CONNECT=PORT alone restricts other connects only" {
	require_abi 4
	start_server listen_tcp
	local listed=$((SERVED == 65535 ? SERVED - 1 : SERVED + 1)) bind_port
	bind_port=$(free_port)
	run_shimmed LL_TCP_CONNECT="$listed" "$PROBE" connect "$SERVED"
	assert_denied_probe connect
	# Files stay readable and writable anywhere, binding stays free.
	run_shimmed LL_TCP_CONNECT="$listed" sh -c \
		'cat /etc/passwd >/dev/null && echo changed >"$0" && mkdir "$0.d"' "$T/f"
	assert_success
	assert_output ""
	assert_equal "$(cat "$T/f")" changed
	assert [ -d "$T/f.d" ]
	run_shimmed LL_TCP_CONNECT="$listed" "$PROBE" bind "$bind_port"
	assert_success
}

@test "without LL_TCP_* variables TCP is unrestricted" {
	require_abi 4
	start_server listen_tcp
	local bind_port
	bind_port=$(free_port)
	run_shimmed LL_FS_RO="$BASE_RO" "$PROBE" connect "$SERVED"
	assert_success
	assert_output ""
	run_shimmed LL_FS_RO="$BASE_RO" "$PROBE" bind "$bind_port"
	assert_success
	assert_output ""
}

@test "LL_TCP_BIND alone restricts binding, not connecting" {
	require_abi 4
	start_server listen_tcp
	local bind_port
	bind_port=$(free_port)
	run_shimmed LL_TCP_BIND= "$PROBE" bind "$bind_port"
	assert_denied_probe bind
	run_shimmed LL_TCP_BIND= "$PROBE" connect "$SERVED"
	assert_success
}

# --- LL_SCOPED ---

@test "LL_SCOPED=a scopes abstract unix sockets only" {
	require_abi 6
	start_server listen_abstract "llshim-inline-$$-$RANDOM"
	run_shimmed LL_SCOPED=a "$PROBE" abstract_connect "$SERVED"
	assert_failure 1
	assert_output --partial "Operation not permitted (EPERM)"
	run_shimmed LL_SCOPED=a "$PROBE" signal "$$"
	assert_success
	# No LL_FS_*: the filesystem is untouched.
	run_shimmed LL_SCOPED=a cat "$T/f"
	assert_success
	assert_output secret
}

@test "LL_SCOPED=s scopes signals only" {
	require_abi 6
	start_server listen_abstract "llshim-inline-$$-$RANDOM"
	run_shimmed LL_SCOPED=s "$PROBE" signal "$$"
	assert_failure 1
	assert_output --partial "Operation not permitted (EPERM)"
	run_shimmed LL_SCOPED=s "$PROBE" abstract_connect "$SERVED"
	assert_success
}

@test "LL_SCOPED=a:s scopes both" {
	require_abi 6
	start_server listen_abstract "llshim-inline-$$-$RANDOM"
	run_shimmed LL_SCOPED=a:s "$PROBE" signal "$$"
	assert_failure 1
	run_shimmed LL_SCOPED=a:s "$PROBE" abstract_connect "$SERVED"
	assert_failure 1
	# Outside the sandbox both work.
	run "$PROBE" signal "$$"
	assert_success
	run "$PROBE" abstract_connect "$SERVED"
	assert_success
}

# --- malformed variables: refused, never run unsandboxed ---

@test "LL_TCP_CONNECT=80x is refused" {
	run_shimmed LL_TCP_CONNECT=80x echo PROGRAM-RAN
	assert_refused 'LL_TCP_CONNECT: bad port "80x" (0 to 65535 expected)'
}

@test "LL_TCP_BIND=70000 is refused" {
	run_shimmed LL_TCP_BIND=70000 echo PROGRAM-RAN
	assert_refused 'LL_TCP_BIND: bad port "70000" (0 to 65535 expected)'
}

@test "LL_SCOPED=zz is refused" {
	run_shimmed LL_SCOPED=zz echo PROGRAM-RAN
	assert_refused 'LL_SCOPED: unknown or repeated scope in "zz" (a, s expected)'
}

@test "LL_SCOPED=s:s (a duplicate scope) is refused" {
	run_shimmed LL_SCOPED=s:s echo PROGRAM-RAN
	assert_refused 'LL_SCOPED: unknown or repeated scope in "s:s" (a, s expected)'
}

@test "LL_FORCE_LOG=2 is refused" {
	run_shimmed LL_FORCE_LOG=2 echo PROGRAM-RAN
	assert_refused 'LL_FORCE_LOG: bad value "2" (only "1" is accepted)'
}

@test "well-formed variables of the same kinds are accepted" {
	run_shimmed LL_TCP_CONNECT=80 LL_TCP_BIND=65535 LL_SCOPED=s:a LL_FORCE_LOG=1 \
		echo PROGRAM-RAN
	assert_success
	assert_output PROGRAM-RAN
}

# --- environment and descendants ---

@test "the sandboxed program sees no LL_* nor LLSHIM_POLICY, but keeps LD_PRELOAD" {
	local policy="$BATS_TEST_TMPDIR/p.conf"
	echo 'version = 1;' >"$policy"
	run_shimmed LL_FS_RO="$BASE_RO" LL_FS_RW="$T" LL_TCP_BIND=1 LL_TCP_CONNECT=2 \
		LL_SCOPED=a LL_FORCE_LOG=1 LLSHIM_POLICY="$policy" env
	assert_success
	refute_line --regexp '^LL_'
	refute_line --regexp '^LLSHIM_POLICY='
	assert_line "LD_PRELOAD=$LLSHIM_LIB"
}

@test "without the shim the same variables do reach the program" {
	run env LL_FS_RO="$BASE_RO" LL_SCOPED=a env
	assert_success
	assert_line "LL_FS_RO=$BASE_RO"
	assert_line LL_SCOPED=a
}

@test "descendants inherit the domain" {
	echo public >"$T/public"
	mkdir "$T/secret"
	mv "$T/f" "$T/secret/f"
	run_shimmed LL_FS_RO="$BASE_RO:$T/public" sh -c 'cat "$0"' "$T/secret/f"
	assert_failure
	assert_output --partial "Permission denied"
	run_shimmed LL_FS_RO="$BASE_RO:$T/public" sh -c 'sh -c "cat \"\$0\"" "$0"' "$T/secret/f"
	assert_failure
	assert_output --partial "Permission denied"
	run_shimmed LL_FS_RO="$BASE_RO:$T/public" sh -c 'cat "$0"' "$T/public"
	assert_success
	assert_output public
}

# --- unprivileged: no_new_privs is set by the shim ---

# require_switch_user: as_nobody needs root (CAP_SETUID); an unprivileged
# run of the suite already shows the same things for its own user.
require_switch_user() {
	[[ $(id -u) == 0 ]] || skip "needs root to switch to the nobody user"
}

# nobody_dir: a 0755 directory outside bats' private (0700) run directory,
# with a file nobody may read by DAC and a subdirectory nobody owns.
nobody_dir() {
	require_switch_user
	NOBODY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/llshim-nobody.XXXXXX")
	chmod 0755 "$NOBODY_DIR"
	echo readable >"$NOBODY_DIR/r"
	echo other >"$NOBODY_DIR/o"
	chmod 0644 "$NOBODY_DIR/r" "$NOBODY_DIR/o"
	mkdir "$NOBODY_DIR/w"
	chown 65534:65534 "$NOBODY_DIR/w"
}

@test "as nobody: the shim sets no_new_privs" {
	nobody_dir
	run as_nobody env LL_FS_RO="$BASE_RO:/proc" LD_PRELOAD="$LLSHIM_LIB" \
		grep NoNewPrivs /proc/self/status
	assert_success
	assert_output --regexp '^NoNewPrivs:[[:space:]]+1$'
	run as_nobody grep NoNewPrivs /proc/self/status
	assert_success
	assert_output --regexp '^NoNewPrivs:[[:space:]]+0$'
}

@test "as nobody: LL_FS_RO grants what it lists and denies the rest" {
	nobody_dir
	run as_nobody env LL_FS_RO="$BASE_RO:$NOBODY_DIR/r" LD_PRELOAD="$LLSHIM_LIB" \
		cat "$NOBODY_DIR/r"
	assert_success
	assert_output readable
	run as_nobody env LL_FS_RO="$BASE_RO:$NOBODY_DIR/r" LD_PRELOAD="$LLSHIM_LIB" \
		cat "$NOBODY_DIR/o"
	assert_failure
	assert_output --partial "Permission denied"
}

@test "as nobody: LL_FS_RW grants writing where DAC allows it, LL_FS_RO does not" {
	nobody_dir
	run as_nobody env LL_FS_RO="$BASE_RO" LL_FS_RW="$NOBODY_DIR/w" LD_PRELOAD="$LLSHIM_LIB" \
		sh -c 'echo made >"$0"' "$NOBODY_DIR/w/new"
	assert_success
	assert_output ""
	assert_equal "$(cat "$NOBODY_DIR/w/new")" made
	run as_nobody env LL_FS_RO="$BASE_RO:$NOBODY_DIR/w" LD_PRELOAD="$LLSHIM_LIB" \
		sh -c 'echo made >"$0"' "$NOBODY_DIR/w/other"
	assert_failure
	assert_output --partial "Permission denied"
	assert [ ! -e "$NOBODY_DIR/w/other" ]
}

@test "as nobody: LL_TCP_CONNECT= denies connecting" {
	require_abi 4
	require_switch_user
	start_server listen_tcp
	run as_nobody env LL_TCP_CONNECT= LD_PRELOAD="$LLSHIM_LIB" "$PROBE" connect "$SERVED"
	assert_denied_probe connect
	run as_nobody env LL_TCP_CONNECT="$SERVED" LD_PRELOAD="$LLSHIM_LIB" "$PROBE" connect "$SERVED"
	assert_success
	assert_output ""
}
