#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The shipped profiles home-read, network-client, locale and terminal, each
# proven by what a program sees with the profile and without it.  (base
# and tmp are exercised in programs.bats.)  Policies here include the
# profiles by name from the user's profile directory, as a user would.

# Sandboxed sh -c scripts expand their own "$1": single quotes on purpose.
# on_pty rewrites bats' $output in the test's own subshell.
# shellcheck disable=SC2016,SC2030,SC2031

load helper

FIX="$LLSHIM_TOP/tests/fixtures/apps"
PY=/usr/bin/python3

setup() {
	unset_policy_env
	export LC_ALL=C
	H="$BATS_TEST_TMPDIR/home"
	OUTSIDE="$BATS_TEST_TMPDIR/outside"
	mkdir -p "$H" "$OUTSIDE"
	echo "top secret" >"$OUTSIDE/secret"
	install_profiles "$H/.config/llshim/profiles"
	POLICY="$BATS_TEST_TMPDIR/policy.conf"
	prof_env=(LD_PRELOAD="$LLSHIM_LIB" HOME="$H" XDG_CONFIG_HOME="$H/.config"
		LLSHIM_POLICY="$POLICY" LC_ALL=C)
}

teardown() {
	local pidfile pid
	# Every server this test started through netns.sh.
	for pidfile in "$BATS_TEST_TMPDIR"/*.pid; do
		[[ -f $pidfile ]] || continue
		while read -r pid; do
			kill "$pid" 2>/dev/null || true
		done <"$pidfile"
	done
}

# policy_with INCLUDES [EXTRA]: write $POLICY including the quoted,
# comma-separated profile names, plus EXTRA settings.
policy_with() {
	printf 'version = 1;\ninclude = [%s];\n%s\n' "$1" "${2:-}" >"$POLICY"
}

# run_prof CMD [ARGS...]: run CMD under $POLICY with the test's home.
run_prof() {
	run env "${prof_env[@]}" "$@"
}

assert_clean_start() {
	refute_output --partial "llshim:"
	refute_output --partial "ld.so"
}

@test "every profile parses cleanly under the sanitizers, included as a profile" {
	local f name
	for f in "$PROFILES_SRC"/*.conf; do
		name=$(basename "$f" .conf)
		# Included, not parsed alone: a profile may not hold compat,
		# abi or log, which only an include checks.
		policy_with "\"$name\""
		run env ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:exitcode=98 \
			LLSHIM_T_PROFILES="$PROFILES_SRC" HOME="$H" \
			"$LLSHIM_BUILD/asan/policy_check" "$POLICY"
		assert_success
		refute_output --partial "error:"
		refute_output --partial "Sanitizer"
		refute_output --partial "runtime error"
		assert_output --partial "($PROFILES_SRC/$name.conf:"
		# And each alone, as the file it is.
		run env LLSHIM_T_PROFILES="$PROFILES_SRC" HOME="$H" \
			"$LLSHIM_BUILD/asan/policy_check" "$f"
		assert_success
		refute_output --partial "error:"
	done
}

# --- home-read ---

@test "home-read: the home directory can be listed and read" {
	policy_with '"base", "home-read"'
	mkdir "$H/docs"
	echo "my notes" >"$H/docs/notes"
	run_prof /bin/sh -c 'ls "$HOME/docs" && cat "$HOME/docs/notes" && wc -c <"$HOME/docs/notes"'
	assert_success
	assert_clean_start
	assert_output "notes
my notes
9"
}

@test "home-read: nothing in the home can be written, removed or run, nothing outside read" {
	policy_with '"base", "home-read"'
	echo "my notes" >"$H/notes"
	printf '#!/bin/sh\necho ran\n' >"$H/run.sh"
	chmod +x "$H/run.sh"
	run_prof /bin/sh -c '
		echo started
		echo x >>"$HOME/notes"
		echo x >"$HOME/new"
		mkdir "$HOME/dir"
		rm "$HOME/notes"
		"$HOME/run.sh"
		cat "$1/secret"' sh "$OUTSIDE"
	assert_failure 1
	assert_clean_start
	assert_line --index 0 started
	assert_line --partial "cannot create $H/notes: Permission denied"
	assert_line --partial "cannot create $H/new: Permission denied"
	assert_line "mkdir: cannot create directory '$H/dir': Permission denied"
	assert_line "rm: cannot remove '$H/notes': Permission denied"
	assert_line --partial "$H/run.sh: Permission denied"
	assert_line "cat: $OUTSIDE/secret: Permission denied"
	refute_output --partial ran
	[[ $(cat "$H/notes") == "my notes" && ! -e $H/new && ! -e $H/dir ]]
}

# --- network-client ---

# What a network client does first: resolve a name, load the TLS trust
# store, connect.  Prints one line per step.
NET_CLIENT='
import socket, ssl, sys
try:
    addr = socket.getaddrinfo("localhost", "https", socket.AF_INET, socket.SOCK_STREAM)[0][4]
    print("resolved localhost", addr)
except OSError as e:
    print("resolve failed", e.errno)
ctx = ssl.create_default_context()
print("trusted CAs", "some" if ctx.cert_store_stats()["x509_ca"] else "none")
for port in sys.argv[1:]:
    try:
        socket.create_connection(("127.0.0.1", int(port))).close()
        print("connect", port, "ok")
    except OSError as e:
        print("connect", port, "errno", e.errno)
'

# require_trust_store: the machine has CA certificates where OpenSSL looks.
require_trust_store() {
	"$PY" -c 'import ssl, sys; sys.exit(not ssl.create_default_context().cert_store_stats()["x509_ca"])' ||
		skip "no CA certificates installed (Debian: ca-certificates)"
}

@test "network-client: resolves names, loads the trust store, connects to 53, 80 and 443" {
	require_trust_store
	policy_with '"base", "network-client"'
	in_netns 443 "$PY" "$FIX/listen.py" 443 53 80 -- \
		env "${prof_env[@]}" "$PY" -c "$NET_CLIENT" 53 80 443
	assert_success
	assert_clean_start
	assert_output "resolved localhost ('127.0.0.1', 443)
trusted CAs some
connect 53 ok
connect 80 ok
connect 443 ok"
}

@test "network-client: no other port; without it, no name and no trust store" {
	require_trust_store
	policy_with '"base", "network-client"'
	# 8080 stands for any port not listed; in the private network
	# namespace nothing else can hold it.
	in_netns 443 "$PY" "$FIX/listen.py" 443 8080 -- \
		env "${prof_env[@]}" "$PY" -c "$NET_CLIENT" 443 8080
	assert_success
	assert_clean_start
	assert_line "connect 443 ok"
	assert_line "connect 8080 errno 13"

	# The same ports granted without the profile: the resolver cannot
	# read /etc/hosts (nor resolv.conf), OpenSSL finds no CA.
	policy_with '"base"' 'net = { connect = [53, 80, 443]; };'
	in_netns 443 "$PY" "$FIX/listen.py" 443 -- \
		env "${prof_env[@]}" "$PY" -c "$NET_CLIENT" 443
	assert_success
	assert_clean_start
	assert_line --regexp '^resolve failed -?[0-9]+$'
	assert_line "trusted CAs none"
	assert_line "connect 443 ok"
}

# --- locale ---

# A translation that is there on a Debian system with coreutils: German.
require_german_coreutils() {
	[[ -d /usr/lib/locale/C.utf8 ]] || skip "no C.UTF-8 locale in /usr/lib/locale"
	[[ -f /usr/share/locale/de/LC_MESSAGES/coreutils.mo ]] ||
		skip "no German translation of coreutils installed"
}

@test "locale: alone it lets ls speak German and locale list C.UTF-8" {
	require_german_coreutils
	policy_with '"locale"'
	# LANGUAGE picks the catalogue; C.UTF-8 makes gettext honour it.
	run_prof LANGUAGE=de LC_ALL=C.UTF-8 ls /nonexistent
	assert_failure 2
	assert_clean_start
	assert_output "ls: Zugriff auf '/nonexistent' nicht möglich: Datei oder Verzeichnis nicht gefunden"
	run_prof locale -a
	assert_success
	assert_line C.utf8
}

@test "locale: without it ls falls back to English and only C and POSIX exist" {
	require_german_coreutils
	# A policy that handles the filesystem and grants nothing.
	printf 'version = 1;\n' >"$POLICY"
	run_prof LANGUAGE=de LC_ALL=C.UTF-8 ls /nonexistent
	assert_failure 2
	assert_clean_start
	assert_output "ls: cannot access '/nonexistent': No such file or directory"
	run_prof locale -a
	assert_success
	assert_output "C
POSIX"
}

@test "locale: adds the system's default locale setting that base lacks" {
	[[ -f /etc/default/locale ]] || skip "no /etc/default/locale here"
	policy_with '"base", "locale"'
	run_prof cat /etc/default/locale
	assert_success
	assert_clean_start
	policy_with '"base"'
	run_prof cat /etc/default/locale
	assert_failure 1
	assert_output "cat: /etc/default/locale: Permission denied"
}

# --- terminal ---

# on_pty CMD: run the shell command CMD on a fresh pseudo-terminal
# (script(1)), with $POLICY applied to it; output with CR LF turned to LF.
on_pty() {
	local cmd
	printf -v cmd '%q ' env "${prof_env[@]}" /bin/sh -c "$1"
	run script -qec "$cmd" /dev/null </dev/null
	output=${output//$'\r'/}
	mapfile -t lines <<<"$output"
}

@test "terminal: a program opens its terminal by name, writes to it and sets it" {
	require_cmd script
	policy_with '"base", "terminal"'
	on_pty 't=$(tty); echo "written to $t" >"$t" && stty -F "$t" -echo && echo "stty ok"'
	assert_success
	assert_clean_start
	assert_line --regexp '^written to /dev/pts/[0-9]+$'
	assert_line "stty ok"
}

@test "terminal: without it, the terminal cannot be opened by name" {
	require_cmd script
	policy_with '"base"'
	on_pty 't=$(tty); echo "written to $t" >"$t"; stty -F "$t" -echo && echo "stty ok"'
	assert_failure 1
	assert_clean_start
	assert_line --regexp '^(/bin/)?sh: 1: cannot create /dev/pts/[0-9]+: Permission denied$'
	assert_line --regexp '^stty: /dev/pts/[0-9]+: Permission denied$'
	refute_line "stty ok"
}

@test "terminal: the user's own terminfo entries are found, only with it" {
	require_cmd tic tput
	printf 'llshimterm|terminal for the llshim tests,\n\tcolors#42, cols#99, lines#33,\n' \
		>"$BATS_TEST_TMPDIR/llshimterm.ti"
	tic -o "$H/.terminfo" "$BATS_TEST_TMPDIR/llshimterm.ti"
	policy_with '"base", "terminal"'
	run_prof TERM=llshimterm tput colors
	assert_success
	assert_clean_start
	assert_output 42
	policy_with '"base"'
	run_prof TERM=llshimterm tput colors
	assert_failure 3
	assert_output 'tput: unknown terminal "llshimterm"'
}
