#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The shipped per-app policies (policy/apps/*.conf), each applied as is to
# the real program doing its ordinary job, and each with its denied twin:
# the same program under the same policy reaching where the policy's
# header says it may not (another directory, /tmp for curl and openssl, a
# TCP port not listed, a bind).
# ${HOME} in a policy expands from the environment for LLSHIM_POLICY: each
# test's home is a fresh directory under $BATS_TEST_TMPDIR, with the
# shipped profiles in its ~/.config/llshim/profiles.
# Ports: tests that need the port a policy dictates (80 for curl, 8000 for
# the http server) run in a private network namespace, where it is always
# free; every other server takes a free port from the kernel.

# Sandboxed sh -c scripts expand their own "$1": single quotes on purpose.
# shellcheck disable=SC2016

load helper

APPS="$LLSHIM_TOP/policy/apps"
FIX="$LLSHIM_TOP/tests/fixtures/apps"
# The system's Python: the one in PATH may be a pyenv shim.
PY=/usr/bin/python3

setup() {
	unset_policy_env
	# The tests match the programs' messages: English, ASCII quotes.
	export LC_ALL=C
	H="$BATS_TEST_TMPDIR/home"
	T="$BATS_TEST_TMPDIR/tmp"
	mkdir -p "$H" "$T"
	install_profiles "$H/.config/llshim/profiles"
	app_env=(LD_PRELOAD="$LLSHIM_LIB" HOME="$H" XDG_CONFIG_HOME="$H/.config"
		TMPDIR="$T" LC_ALL=C)
	make_outside
}

teardown() {
	local pidfile pid
	# Every server this test started, directly or through netns.sh.
	for pidfile in "$BATS_TEST_TMPDIR"/*.pid; do
		[[ -f $pidfile ]] || continue
		while read -r pid; do
			kill "$pid" 2>/dev/null || true
		done <"$pidfile"
	done
	[[ -z ${OUTSIDE:-} ]] || rm -rf "$OUTSIDE"
}

# make_outside: $OUTSIDE, a directory no shipped policy grants, holding a
# file "secret".  Not under $BATS_TEST_TMPDIR: that is in /tmp, which the
# tmp profile grants.  /run/lock is world-writable like /tmp and no policy
# names it; /dev/shm is the fallback, but python3, the shells and make
# grant it (tests of those call require_outside_shm).
make_outside() {
	local parent
	OUTSIDE=
	for parent in /run/lock /dev/shm; do
		if [[ -d $parent && -w $parent ]]; then
			OUTSIDE=$(mktemp -d "$parent/llshim-apps.XXXXXX") && break
		fi
	done
	[[ -n $OUTSIDE ]] || return 0
	echo "top secret" >"$OUTSIDE/secret"
}

require_outside() {
	[[ -n $OUTSIDE ]] || skip "no world-writable directory outside /tmp and /var/tmp"
}

require_outside_shm() {
	require_outside
	[[ $OUTSIDE != /dev/shm/* ]] ||
		skip "the policy grants /dev/shm and /run/lock is not writable here"
}

# run_app POLICY CMD [ARGS...]: run CMD under policy/apps/POLICY.conf.
run_app() {
	local policy=$1
	shift
	run env "${app_env[@]}" LLSHIM_POLICY="$APPS/$policy.conf" "$@"
}

# The program started normally: the shim refused nothing and every
# descendant's loader could preload the shim again.
assert_clean_start() {
	refute_output --partial "llshim:"
	refute_output --partial "ld.so"
}

# serve_http DIR: an unsandboxed http.server for DIR on a free loopback
# port; sets PORT.
serve_http() {
	local log="$BATS_TEST_TMPDIR/http.log"
	"$PY" -u -m http.server 0 --bind 127.0.0.1 --directory "$1" \
		>"$log" 2>&1 3>&- &
	echo $! >>"$BATS_TEST_TMPDIR/servers.pid"
	wait_for grep -q ' port [0-9]' "$log" || fail "http.server did not start: $(cat "$log")"
	PORT=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$log" | head -n 1)
}

# listen_tcp: something listening on a free loopback port; sets PORT.
listen_tcp() {
	local log="$BATS_TEST_TMPDIR/listen.log"
	"$PY" "$FIX/listen.py" 0 >"$log" 2>&1 3>&- &
	echo $! >>"$BATS_TEST_TMPDIR/servers.pid"
	wait_for grep -q '^[0-9]' "$log" || fail "listen.py did not start: $(cat "$log")"
	PORT=$(head -n 1 "$log")
}

# ns_policy NAME: in_netns's user namespace makes the caller uid 0 and
# shows root's files as owned by the overflow uid, so the shim rightly
# refuses root's policy files there: copy policy/apps/NAME.conf, owned by
# the caller, and echo the copy's path.
ns_policy() {
	cp "$APPS/$1.conf" "$BATS_TEST_TMPDIR/$1.conf"
	echo "$BATS_TEST_TMPDIR/$1.conf"
}

# --- every policy ---

@test "every app policy parses cleanly under the sanitizers" {
	local f
	for f in "$APPS"/*.conf; do
		run env ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:exitcode=98 \
			LLSHIM_T_PROFILES="$PROFILES_SRC" HOME="$H" \
			"$LLSHIM_BUILD/asan/policy_check" "$f"
		assert_success
		refute_output --partial "error:"
		refute_output --partial "Sanitizer"
		refute_output --partial "runtime error"
		assert_line "plan on ABI 7: dropped none"
	done
}

@test "every app policy says what it allows, what it denies and how to install it" {
	local f
	for f in "$APPS"/*.conf; do
		run head -n 1 "$f"
		assert_output "# SPDX-License-Identifier: MIT"
		grep -q '^# Allows: ' "$f" || fail "$f: no '# Allows:' line"
		grep -q '^# Denies: ' "$f" || fail "$f: no '# Denies:' line"
		grep -q 'LLSHIM_POLICY=.*/share/llshim/apps/' "$f" || fail "$f: no way to try it"
		# A per-app policy is a whole policy, not a profile.
		grep -q '^version = 1;$' "$f" || fail "$f: no version"
	done
}

@test "every variable in a shipped policy works in a system policy" {
	# System policies know HOME, USER and UID (SPEC section 3); any other
	# variable needs a default.
	run grep -ohE '\$\{[^}]*\}' "$APPS"/*.conf "$PROFILES_SRC"/*.conf
	assert_success
	local v
	for v in "${lines[@]}"; do
		[[ $v =~ ^\$\{(HOME|USER|UID)\}$ || $v == *:-* ]] ||
			fail "$v cannot be expanded in a system policy"
	done
}

# --- python3 ---

@test "python3: a script works in home and TMPDIR, with a process pool" {
	cat >"$H/job.py" <<-'EOF'
		import mimetypes, multiprocessing, os, tempfile
		notes = os.path.join(os.environ["HOME"], "notes.txt")
		with open(notes, "w") as f:
		    f.write("kept\n")
		with tempfile.NamedTemporaryFile("w", delete=False) as t:
		    t.write("scratch")
		print("tmp", os.path.dirname(t.name) == os.environ["TMPDIR"], open(t.name).read())
		with multiprocessing.Pool(2) as pool:
		    print("pool", pool.map(abs, [-1, -2]))
		print("type", mimetypes.guess_type("index.html")[0])
		print(open(notes).read(), end="")
	EOF
	run_app python3 "$PY" "$H/job.py"
	assert_success
	assert_clean_start
	assert_output "tmp True scratch
pool [1, 2]
type text/html
kept"
}

@test "python3: no reading or writing outside, no TCP connect to an unlisted port" {
	require_outside_shm
	listen_tcp
	cat >"$H/escape.py" <<-'EOF'
		import socket, sys
		print("started", flush=True)
		for path, mode in ((sys.argv[1], "r"), (sys.argv[2], "w")):
		    try:
		        open(path, mode).close()
		        print("opened", path)
		    except OSError as e:
		        print("open", mode, e.errno)
		try:
		    socket.create_connection(("127.0.0.1", int(sys.argv[3])))
		    print("connected")
		except OSError as e:
		    print("connect", e.errno)
	EOF
	run_app python3 "$PY" "$H/escape.py" "$OUTSIDE/secret" "$OUTSIDE/new" "$PORT"
	assert_success
	assert_clean_start
	assert_output "started
open r 13
open w 13
connect 13"
	[[ ! -e $OUTSIDE/new ]]
	# The same script unsandboxed reaches all three.
	run env HOME="$H" "$PY" "$H/escape.py" "$OUTSIDE/secret" "$OUTSIDE/new" "$PORT"
	assert_output "started
opened $OUTSIDE/secret
opened $OUTSIDE/new
connected"
}

@test "python3: urllib fetches a page from a web server on port 80" {
	mkdir "$BATS_TEST_TMPDIR/site"
	echo "hello from port 80" >"$BATS_TEST_TMPDIR/site/index.txt"
	in_netns 80 "$PY" -m http.server 80 --bind 127.0.0.1 --directory "$BATS_TEST_TMPDIR/site" -- \
		env "${app_env[@]}" LLSHIM_POLICY="$(ns_policy python3)" "$PY" -c '
import urllib.request
print(urllib.request.urlopen("http://localhost/index.txt").read().decode(), end="")'
	assert_success
	assert_clean_start
	assert_output --partial "hello from port 80"
}

# --- perl ---

@test "perl: a script writes in home and TMPDIR and reads it back" {
	cat >"$H/job.pl" <<-'EOF'
		use strict;
		use warnings;
		use File::Temp qw(tempfile);
		my $notes = "$ENV{HOME}/notes.txt";
		open(my $out, '>', $notes) or die "open $notes: $!\n";
		print $out "kept\n";
		close($out) or die "close: $!\n";
		my ($fh, $name) = tempfile();
		print $fh "scratch\n";
		close($fh);
		print "tmp ", ($name =~ m{^\Q$ENV{TMPDIR}\E/} ? "yes" : "no: $name"), "\n";
		open(my $in, '<', $notes) or die "open $notes: $!\n";
		print while <$in>;
	EOF
	run_app perl perl "$H/job.pl"
	assert_success
	assert_clean_start
	assert_output "tmp yes
kept"
}

@test "perl: no reading or writing outside, no TCP connect to an unlisted port" {
	require_outside
	listen_tcp
	run_app perl perl -MIO::Socket::INET -e '
		$| = 1;
		print "started\n";
		open(my $in, "<", $ARGV[0]) or print "read: $!\n";
		open(my $out, ">", $ARGV[1]) or print "write: $!\n";
		IO::Socket::INET->new(PeerAddr => "127.0.0.1:$ARGV[2]") or print "connect: $!\n";
	' "$OUTSIDE/secret" "$OUTSIDE/new" "$PORT"
	assert_success
	assert_clean_start
	assert_output "started
read: Permission denied
write: Permission denied
connect: Permission denied"
	[[ ! -e $OUTSIDE/new ]]
}

# --- sh (dash) and bash ---

@test "dash: a pipeline, a temp file and a file in the home directory" {
	run_app dash /bin/sh -c '
		set -e
		cd "$HOME"
		printf "pear\napple\nfig\n" | sort | tr a-z A-Z >fruit
		t=$(mktemp)
		head -n 1 fruit >"$t"
		case $t in "$TMPDIR"/*) echo "tmp ok" ;; esac
		cat "$t" fruit'
	assert_success
	assert_clean_start
	assert_output "tmp ok
APPLE
APPLE
FIG
PEAR"
	[[ $(head -n 1 "$H/fruit") == APPLE ]]
}

@test "dash: cannot read, write or create outside home and temp" {
	require_outside_shm
	run_app dash /bin/sh -c '
		echo started
		cat "$1/secret"
		echo x >"$1/new"
		mkdir "$1/dir"' sh "$OUTSIDE"
	assert_failure 1
	assert_clean_start
	assert_line --index 0 started
	assert_line "cat: $OUTSIDE/secret: Permission denied"
	assert_line --partial "cannot create $OUTSIDE/new: Permission denied"
	assert_line "mkdir: cannot create directory '$OUTSIDE/dir': Permission denied"
	refute_output --partial "top secret"
	[[ ! -e $OUTSIDE/new && ! -e $OUTSIDE/dir ]]
}

@test "bash: a login shell runs a script with children, here-documents and a temp file" {
	cat >"$H/job.bash" <<-'EOF'
		set -euo pipefail
		cd "$HOME"
		words=(pear apple fig)
		printf '%s\n' "${words[@]}" | sort >sorted
		t=$(mktemp)
		cat >"$t" <<END
		$(wc -l <sorted) words
		END
		[[ $t == "$TMPDIR"/* ]] && echo "tmp ok"
		cat "$t" sorted
	EOF
	run_app bash /bin/bash --login "$H/job.bash"
	assert_success
	assert_clean_start
	assert_output "tmp ok
3 words
apple
fig
pear"
	[[ -f $H/sorted ]]
}

@test "bash: cannot read, write or create outside home and temp" {
	require_outside_shm
	run_app bash /bin/bash -c '
		echo started
		cat "$1/secret"
		echo x >"$1/new"
		mkdir "$1/dir"' bash "$OUTSIDE"
	assert_failure 1
	assert_clean_start
	assert_line --index 0 started
	assert_line "cat: $OUTSIDE/secret: Permission denied"
	assert_line --regexp "^bash: (line 4: )?$OUTSIDE/new: Permission denied\$"
	assert_line "mkdir: cannot create directory '$OUTSIDE/dir': Permission denied"
	refute_output --partial "top secret"
	[[ ! -e $OUTSIDE/new && ! -e $OUTSIDE/dir ]]
}

# --- git ---

# The identity git needs to commit; its config files are the policy's own.
git_identity=(GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=tester@example.invalid
	GIT_COMMITTER_NAME=Tester GIT_COMMITTER_EMAIL=tester@example.invalid)

@test "git: init, commit, log and a local clone in the home directory" {
	run_app git env "${git_identity[@]}" /bin/sh -c '
		set -e
		cd "$HOME"
		git init -q -b main repo
		cd repo
		echo hello >greeting
		git add greeting
		git commit -q -m "first commit"
		git log --format=%s
		cd ..
		git clone -q repo copy
		cat copy/greeting
		git -C copy status --porcelain --branch'
	assert_success
	assert_clean_start
	assert_output "first commit
hello
## main...origin/main"
}

@test "git: no repository outside the home directory, neither made nor read" {
	require_outside
	git init -q "$OUTSIDE/theirs"
	run_app git git init -q "$OUTSIDE/repo"
	assert_failure 128
	assert_clean_start
	assert_output "fatal: cannot mkdir $OUTSIDE/repo: Permission denied"
	[[ ! -e $OUTSIDE/repo ]]

	# git cannot read it, so to git it does not exist.
	run_app git git clone -q "$OUTSIDE/theirs" "$H/stolen"
	assert_failure 128
	assert_output "fatal: repository '$OUTSIDE/theirs' does not exist"
	[[ ! -e $H/stolen ]]
	run env HOME="$H" git clone -q "$OUTSIDE/theirs" "$BATS_TEST_TMPDIR/plain"
	assert_success
}

# dumb_http_repo DIR: a repository git can clone from a plain web server.
dumb_http_repo() {
	git init -q -b main "$1/work"
	echo served >"$1/work/file"
	git -C "$1/work" add file
	env "${git_identity[@]}" git -C "$1/work" commit -q -m served
	git clone -q --bare "$1/work" "$1/repo.git"
	git -C "$1/repo.git" update-server-info
}

@test "git: clones over HTTP from a web server on port 80" {
	dumb_http_repo "$BATS_TEST_TMPDIR/site"
	in_netns 80 "$PY" -m http.server 80 --bind 127.0.0.1 --directory "$BATS_TEST_TMPDIR/site" -- \
		env "${app_env[@]}" LLSHIM_POLICY="$(ns_policy git)" /bin/sh -c '
			git clone -q http://localhost/repo.git "$HOME/clone" && cat "$HOME/clone/file"'
	assert_success
	assert_clean_start
	assert_output served
}

@test "git: no clone from a web server on an unlisted port" {
	dumb_http_repo "$BATS_TEST_TMPDIR/site"
	serve_http "$BATS_TEST_TMPDIR/site"
	# git-remote-http, git's child, inherits the domain; curl's trace
	# shows the errno its connect() got.
	run_app git env GIT_TRACE_CURL=1 git clone -q "http://127.0.0.1:$PORT/repo.git" "$H/clone"
	assert_failure 128
	assert_clean_start
	assert_output --partial "Immediate connect fail for 127.0.0.1: Permission denied"
	assert_output --partial "fatal: unable to access 'http://127.0.0.1:$PORT/repo.git/'"
	# Unsandboxed, the same clone works.
	run env HOME="$H" git clone -q "http://127.0.0.1:$PORT/repo.git" "$BATS_TEST_TMPDIR/plain"
	assert_success
}

# --- tar and gzip ---

@test "tar: creates, lists and extracts a compressed archive in the home directory" {
	mkdir -p "$H/src/deep"
	echo alpha >"$H/src/a"
	echo beta >"$H/src/deep/b"
	run_app tar /bin/sh -c '
		set -e
		cd "$HOME"
		tar -czf src.tar.gz src
		tar -tzf src.tar.gz | sort
		mkdir out
		tar -xzf src.tar.gz -C out'
	assert_success
	assert_clean_start
	assert_output "src/
src/a
src/deep/
src/deep/b"
	cmp "$H/src/deep/b" "$H/out/src/deep/b"
}

@test "tar: extracts nothing outside, not even absolute names, archives nothing from outside" {
	require_outside
	mkdir "$H/src"
	echo alpha >"$H/src/a"
	tar -czf "$H/src.tar.gz" -C "$H" src
	run_app tar tar -xzf "$H/src.tar.gz" -C "$OUTSIDE"
	assert_failure 2
	assert_clean_start
	assert_output --partial "tar: $OUTSIDE: Cannot open: Permission denied"
	[[ ! -e $OUTSIDE/src ]]

	# An archive whose member names an absolute path outside (-P keeps it).
	echo planted >"$OUTSIDE/planted"
	tar -cPf "$H/evil.tar" "$OUTSIDE/planted"
	rm "$OUTSIDE/planted"
	run_app tar tar -xPf "$H/evil.tar"
	assert_failure 2
	assert_output --partial "tar: $OUTSIDE/planted: Cannot open: Permission denied"
	[[ ! -e $OUTSIDE/planted ]]

	run_app tar tar -czf "$H/stolen.tar.gz" "$OUTSIDE/secret"
	assert_failure 2
	assert_output --partial "tar: $OUTSIDE/secret: Cannot open: Permission denied"
}

@test "gzip: compresses, decompresses and zcat reads in the home directory" {
	printf 'line %s\n' 1 2 3 >"$H/text"
	cp "$H/text" "$T/text"
	run_app gzip /bin/sh -c '
		set -e
		gzip -9 "$HOME/text"
		zcat "$HOME/text.gz" | wc -l
		gzip -d "$HOME/text.gz"
		gzip "$TMPDIR/text"
		ls "$HOME" "$TMPDIR"'
	assert_success
	assert_clean_start
	assert_output "3
$H:
text

$T:
text.gz"
	[[ $(cat "$H/text") == "line 1
line 2
line 3" ]]
}

@test "gzip: cannot compress or read a file outside" {
	require_outside
	gzip -k "$OUTSIDE/secret"
	run_app gzip gzip "$OUTSIDE/secret"
	assert_failure 1
	assert_clean_start
	assert_output "gzip: $OUTSIDE/secret: Permission denied"
	[[ -f $OUTSIDE/secret ]]

	run_app gzip gzip -dc "$OUTSIDE/secret.gz"
	assert_failure 1
	assert_output "gzip: $OUTSIDE/secret.gz: Permission denied"
	refute_output --partial "top secret"
}

@test "tar and gzip: no TCP at all" {
	listen_tcp
	mkdir "$H/src"
	echo alpha >"$H/src/a"
	tar -czf "$H/src.tar.gz" -C "$H" src
	# Neither opens sockets itself (tar's host:file archives go through
	# rsh), but what tar starts inherits its domain: a --to-command
	# filter that tries to send each member over TCP is refused.
	local send="bash -c 'exec 3<>/dev/tcp/127.0.0.1/$PORT && cat >&3'"
	run_app tar tar -xzf "$H/src.tar.gz" --to-command="$send"
	assert_failure 2
	assert_clean_start
	assert_line "bash: connect: Permission denied"
	assert_line --partial "Child returned status 1"
	run tar -xzf "$H/src.tar.gz" --to-command="$send"
	assert_success
	# The same socket from a process under gzip's policy.
	run_app gzip bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' bash "$PORT"
	assert_failure 1
	assert_line "bash: connect: Permission denied"
}

# --- sqlite3 ---

@test "sqlite3: a WAL database in the home directory, its journal beside it" {
	run_app sqlite3 sqlite3 "$H/test.db" \
		"pragma journal_mode = wal;
		 create table fruit(name text, qty int);
		 insert into fruit values ('apple', 3), ('fig', 5);
		 select name || '=' || qty from fruit order by name;
		 select sum(qty) from fruit;"
	assert_success
	assert_clean_start
	assert_output "wal
apple=3
fig=5
8"
	[[ $(sqlite3 "$H/test.db" 'select count(*) from fruit') == 2 ]]
}

@test "sqlite3: cannot create, open or attach a database outside" {
	require_outside
	sqlite3 "$OUTSIDE/secret.db" "create table t(v); insert into t values ('top secret');"
	run_app sqlite3 sqlite3 "$OUTSIDE/new.db" "create table t(v)"
	assert_failure 1
	assert_clean_start
	assert_output "Error: unable to open database \"$OUTSIDE/new.db\": unable to open database file"
	[[ ! -e $OUTSIDE/new.db ]]

	run_app sqlite3 sqlite3 -bail "$H/test.db" \
		"select 'started'; attach '$OUTSIDE/secret.db' as o; select v from o.t;"
	# SQLITE_CANTOPEN (14).
	assert_failure 14
	assert_line started
	assert_output --partial "unable to open database: $OUTSIDE/secret.db"
	refute_output --partial "top secret"
}

# --- curl ---

@test "curl: downloads from a web server on port 80 into the home directory" {
	require_cmd curl
	mkdir "$BATS_TEST_TMPDIR/site"
	echo "hello from port 80" >"$BATS_TEST_TMPDIR/site/index.txt"
	in_netns 80 "$PY" -m http.server 80 --bind 127.0.0.1 --directory "$BATS_TEST_TMPDIR/site" -- \
		env "${app_env[@]}" LLSHIM_POLICY="$(ns_policy curl)" \
		curl -sS -o "$H/page.txt" -w '%{http_code}\n' http://localhost/index.txt
	assert_success
	assert_clean_start
	assert_output 200
	[[ $(cat "$H/page.txt") == "hello from port 80" ]]
}

@test "curl: no unlisted port, no writing to /tmp, no reading outside" {
	require_cmd curl
	require_outside
	mkdir "$BATS_TEST_TMPDIR/site"
	echo "served" >"$BATS_TEST_TMPDIR/site/index.txt"
	serve_http "$BATS_TEST_TMPDIR/site"
	run_app curl curl -sS -v "http://127.0.0.1:$PORT/index.txt"
	assert_failure 7
	assert_clean_start
	assert_output --partial "Immediate connect fail for 127.0.0.1: Permission denied"
	refute_output --partial "served"
	# The same request unsandboxed.
	run curl -sS "http://127.0.0.1:$PORT/index.txt"
	assert_success
	assert_output served

	# Writing outside the home: /tmp too.
	echo data >"$H/data"
	run_app curl curl -sS -o "$BATS_TEST_TMPDIR/saved" "file://$H/data"
	assert_failure 23
	assert_output --partial "curl: (23) Failure writing output to destination"
	[[ ! -e $BATS_TEST_TMPDIR/saved ]]

	run_app curl curl -sS "file://$OUTSIDE/secret"
	assert_failure 37
	assert_output --partial "curl: (37) Couldn't open file $OUTSIDE/secret"
	refute_output --partial "top secret"
}

# --- openssl ---

@test "openssl: makes a key and a self-signed certificate and hashes a file in the home directory" {
	require_cmd openssl
	echo "signed text" >"$H/doc"
	run_app openssl /bin/sh -c '
		set -e
		cd "$HOME"
		openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-256 -out key.pem 2>/dev/null
		openssl req -x509 -key key.pem -out cert.pem -subj /CN=llshim.test -days 1
		openssl x509 -in cert.pem -noout -subject
		openssl dgst -sha256 -sign key.pem -out doc.sig doc
		openssl x509 -in cert.pem -pubkey -noout >pub.pem
		openssl dgst -sha256 -verify pub.pem -signature doc.sig doc'
	assert_success
	assert_clean_start
	assert_output "subject=CN = llshim.test
Verified OK"
	[[ -s $H/key.pem && -s $H/cert.pem ]]
}

@test "openssl: no key written to /tmp, no file read outside, no s_server, no unlisted port" {
	require_cmd openssl
	require_outside
	run_app openssl openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-256 \
		-out "$BATS_TEST_TMPDIR/key.pem"
	assert_failure
	assert_clean_start
	assert_output --partial "Permission denied"
	[[ ! -s $BATS_TEST_TMPDIR/key.pem ]]

	run_app openssl openssl dgst -sha256 "$OUTSIDE/secret"
	assert_failure
	assert_output --partial "$OUTSIDE/secret: Permission denied"

	# s_server: bind is denied whatever the port (the policy's bind = []).
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$H/k.pem" -out "$H/c.pem" -subj /CN=localhost -days 1 2>/dev/null
	run_app openssl timeout 10 openssl s_server -accept "127.0.0.1:$(free_port)" \
		-cert "$H/c.pem" -key "$H/k.pem" </dev/null
	refute [ "$status" -eq 124 ]
	assert_output --partial "BIO_bind:Permission denied"

	listen_tcp
	run_app openssl openssl s_client -connect "127.0.0.1:$PORT" </dev/null
	assert_failure
	assert_output --partial "BIO_connect:Permission denied"
}

# --- make and gcc ---

# hello_project DIR: a C program, a generated header and a Makefile that
# builds, runs and installs it.
hello_project() {
	mkdir -p "$1"
	cat >"$1/hello.c" <<-'EOF'
		#include <stdio.h>
		#include "greeting.h"

		int main(int argc, char **argv)
		{
			FILE *f;

			puts(GREETING);
			/* Read a file named on the command line, if any. */
			if (argc > 1) {
				f = fopen(argv[1], "r");
				if (!f) {
					perror(argv[1]);
					return 1;
				}
				fclose(f);
				puts("read it");
			}
			return 0;
		}
	EOF
	# <<- strips tabs: recipes start with ">" instead.
	cat >"$1/Makefile" <<-'EOF'
		.RECIPEPREFIX = >
		PREFIX = $(HOME)/.local
		all: hello
		greeting.h:
		> echo '#define GREETING "hello, world"' >$@
		hello: hello.c greeting.h
		> $(CC) -o $@ hello.c
		check: hello
		> ./hello $(READ)
		install: hello
		> install -D hello $(PREFIX)/bin/hello
		.PHONY: all check install
	EOF
}

@test "make: builds a C project, runs its check and installs it in the home directory" {
	hello_project "$H/proj"
	run_app make make -s -C "$H/proj" check install
	assert_success
	assert_clean_start
	assert_output "hello, world"
	[[ -x $H/proj/hello && -x $H/.local/bin/hello ]]
	run "$H/.local/bin/hello"
	assert_output "hello, world"
}

@test "make: the recipes and what they build inherit the domain" {
	require_outside_shm
	hello_project "$H/proj"
	# The program make builds and runs cannot read outside ...
	run_app make make -s -C "$H/proj" check READ="$OUTSIDE/secret"
	assert_failure 2
	assert_clean_start
	assert_line "hello, world"
	assert_line "$OUTSIDE/secret: Permission denied"
	# ... make install cannot write outside ...
	run_app make make -s -C "$H/proj" install PREFIX="$OUTSIDE"
	assert_failure 2
	assert_output --partial "install: cannot create directory '$OUTSIDE/bin': Permission denied"
	[[ ! -e $OUTSIDE/bin ]]
	# ... and a recipe cannot open a TCP connection.
	listen_tcp
	printf 'fetch:\n\tbash -c "exec 3<>/dev/tcp/127.0.0.1/%s"\n' "$PORT" >"$H/proj/net.mk"
	run_app make make -s -C "$H/proj" -f net.mk fetch
	assert_failure 2
	assert_output --partial "/dev/tcp/127.0.0.1/$PORT: Permission denied"
}

# hello_c FILE: hello world in C.
hello_c() {
	printf '#include <stdio.h>\n\nint main(void)\n{\n\tputs("hello, world");\n\treturn 0;\n}\n' >"$1"
}

@test "gcc: compiles and links hello world through cc1, as and collect2" {
	hello_c "$H/hello.c"
	run_app gcc gcc -v -O2 -o "$H/hello" "$H/hello.c"
	assert_success
	assert_clean_start
	# -v lists each program gcc ran, all inside the domain.
	assert_line --regexp '^ /usr/lib/gcc/.*/cc1 '
	assert_line --regexp '^ (/usr/bin/)?as '
	assert_line --regexp '^ /usr/lib/gcc/.*/collect2 '
	# The intermediate assembly went to TMPDIR (the tmp profile).
	assert_output --partial " -o $T/cc"
	run "$H/hello"
	assert_success
	assert_output "hello, world"

	# Compiling and linking apart, from the source's directory.
	run_app gcc /bin/sh -c 'cd "$HOME" && gcc -c hello.c && gcc -o hello2 hello.o'
	assert_success
	assert_output ""
	run "$H/hello2"
	assert_output "hello, world"
}

@test "gcc: no output outside, no header from outside" {
	require_outside
	hello_c "$H/hello.c"
	run_app gcc gcc -o "$OUTSIDE/hello" "$H/hello.c"
	assert_failure 1
	assert_clean_start
	assert_output --partial "cannot open output file $OUTSIDE/hello: Permission denied"
	[[ ! -e $OUTSIDE/hello ]]

	echo '#define SECRET 1' >"$OUTSIDE/secret.h"
	printf '#include "%s"\nint main(void) { return SECRET; }\n' "$OUTSIDE/secret.h" >"$H/leak.c"
	run_app gcc gcc -o "$H/leak" "$H/leak.c"
	assert_failure 1
	assert_output --partial "$OUTSIDE/secret.h: Permission denied"
	[[ ! -e $H/leak ]]
}

# --- a long-running server: python3 -m http.server under http-server.conf ---

@test "http-server: serves public_html on port 8000 to a client outside the sandbox" {
	mkdir -p "$H/public_html/sub"
	echo "public page" >"$H/public_html/index.txt"
	echo "top secret" >"$H/private"
	ln -s ../private "$H/public_html/leak"
	# With python3.conf installed too, as http-server.conf's header
	# promises: the two layers intersect and the server still works.
	install_apps
	in_netns 8000 env "${app_env[@]}" LLSHIM_POLICY="$(ns_policy http-server)" \
		"$PY" -m http.server 8000 --bind 127.0.0.1 --directory "$H/public_html" -- \
		/bin/sh -c '
			"$1" "$2" http://127.0.0.1:8000/index.txt
			"$1" "$2" http://127.0.0.1:8000/ | grep -o "href=\"[^\"]*\""
			"$1" "$2" http://127.0.0.1:8000/leak' sh "$PY" "$FIX/fetch.py"
	assert_success
	assert_clean_start
	assert_output "200
public page
href=\"index.txt\"
href=\"leak\"
href=\"sub/\"
404"
	refute_output --partial "top secret"
}

@test "http-server: the same server on any other port cannot bind" {
	local port
	port=$(free_port)
	mkdir "$H/public_html"
	run_app http-server timeout 10 "$PY" -m http.server "$port" --bind 127.0.0.1 \
		--directory "$H/public_html"
	assert_failure 1
	assert_clean_start
	assert_output --partial "PermissionError: [Errno 13] Permission denied"
}

# --- installed: the user's policy.d, looked up by program name ---

# install_apps: every shipped app policy in the user's policy.d, as an
# administrator would copy them (SPEC section 2); sets PD.
install_apps() {
	PD="$H/.config/llshim/policy.d"
	mkdir -p "$PD"
	cp "$APPS"/*.conf "$PD"/
}

@test "installed by their shipped names, the policies find their programs" {
	install_apps
	local -a cases=(
		"dash /bin/sh -c true"
		"bash bash -c true"
		"python3 /usr/bin/python3 -c pass"
		"perl perl -e 1"
		"git git --version"
		"tar tar --version"
		"gzip gzip --version"
		"sqlite3 sqlite3 -version"
		"make make --version"
		"gcc gcc --version"
	)
	command -v curl >/dev/null && cases+=("curl curl --version")
	command -v openssl >/dev/null && cases+=("openssl openssl version")
	local c name cmd real
	for c in "${cases[@]}"; do
		read -r name cmd <<<"$c"
		# shellcheck disable=SC2086
		run env "${app_env[@]}" LLSHIM_DEBUG=1 $cmd
		assert_success
		real=$(realpath "$(command -v "${cmd%% *}")")
		assert_output --partial "llshim: $real: layer 1: $PD/$name.conf: "
	done
	# The documented misses of names taken from a symlink: a direct start
	# of the versioned file finds no policy and passes through.
	run env "${app_env[@]}" LLSHIM_DEBUG=1 "$(realpath /usr/bin/python3)" -c pass
	assert_success
	assert_output ""
}

@test "installed together: make, its recipe shell, gcc and the built program under their layers" {
	require_outside_shm
	install_apps
	hello_project "$H/proj"
	# The greeting.h recipe has a redirection, so make runs it in /bin/sh
	# (dash.conf); CC=gcc, not cc, so that gcc.conf applies (see its
	# header).  Each adds its own layer to make's domain.
	run env "${app_env[@]}" LLSHIM_DEBUG=1 make -s -C "$H/proj" CC=gcc check
	assert_success
	assert_line --partial "llshim: /usr/bin/make: layer 1: $PD/make.conf: "
	assert_line --partial "llshim: /usr/bin/dash: layer 1: $PD/dash.conf: "
	assert_line --partial "layer 1: $PD/gcc.conf: "
	assert_line "hello, world"
	run env "${app_env[@]}" make -s -C "$H/proj" CC=gcc check READ="$OUTSIDE/secret"
	assert_failure 2
	assert_clean_start
	assert_line "hello, world"
	assert_line "$OUTSIDE/secret: Permission denied"
	# Unsandboxed, the same check reads the file.
	run make -s -C "$H/proj" CC=gcc check READ="$OUTSIDE/secret"
	assert_success
	assert_line "read it"
}

@test "installed: bash's children start in bash's domain, and stay in it" {
	require_outside_shm
	install_apps
	run env "${app_env[@]}" bash --login -c '
		cd
		printf "pear\napple\n" | sort >sorted
		cat sorted
		cat "$1/secret"' bash "$OUTSIDE"
	assert_failure 1
	assert_clean_start
	assert_output "apple
pear
cat: $OUTSIDE/secret: Permission denied"
}

@test "installed: a program with its own policy starts inside another's domain" {
	require_outside
	# The policy directory where no policy reaches, as with
	# /etc/llshim/policy.d: no shipped policy grants /etc/llshim.  gzip,
	# started by tar -z inside tar's domain, must still read its own
	# policy (SPEC section 3: descendants get their own per-binary
	# policies).
	local config="$OUTSIDE/config"
	mkdir -p "$config/llshim/policy.d"
	cp "$APPS/tar.conf" "$APPS/gzip.conf" "$config/llshim/policy.d/"
	install_profiles "$config/llshim/profiles"
	mkdir "$H/src"
	echo alpha >"$H/src/a"
	run env "${app_env[@]}" XDG_CONFIG_HOME="$config" LLSHIM_DEBUG=1 \
		tar -czf "$H/src.tar.gz" -C "$H" src
	assert_success
	assert_line --partial "llshim: /usr/bin/tar: layer 1: $config/llshim/policy.d/tar.conf: "
	assert_line --partial "llshim: /usr/bin/gzip: layer 1: $config/llshim/policy.d/gzip.conf: "
	run tar -tzf "$H/src.tar.gz"
	assert_output "src/
src/a"
}

# --- installed as system policies ---

# as_system CMD...: run CMD with the shim preloaded where every shipped app
# policy is a system policy in /etc/llshim/policy.d, the profiles are in
# /etc/llshim/profiles and root's home in the password database is
# $SYSHOME.  All of it in a private mount namespace with an overlay over
# /etc (root only); the real /etc is never touched.
as_system() {
	[[ $(id -u) == 0 ]] || skip "needs root to mount an overlay over /etc privately"
	local up="$BATS_TEST_TMPDIR/etc-upper" wk="$BATS_TEST_TMPDIR/etc-work"
	mkdir -p "$up/llshim/policy.d" "$up/llshim/profiles" "$wk"
	# Trusted: root's files, not writable by group or others.
	chmod 0755 "$up" "$up/llshim" "$up/llshim/policy.d" "$up/llshim/profiles"
	install -m 0644 "$APPS"/*.conf "$up/llshim/policy.d/"
	install -m 0644 "$PROFILES_SRC"/*.conf "$up/llshim/profiles/"
	awk -F: -v OFS=: -v home="$SYSHOME" '$1 == "root" { $6 = home } 1' \
		/etc/passwd >"$up/passwd"
	chmod 0644 "$up/passwd"
	run unshare --mount -- sh -c '
		mount --make-rprivate / &&
		mount -t overlay llshim-apps -o "lowerdir=/etc,upperdir=$1,workdir=$2" /etc ||
			exit 125
		shift 2
		exec "$@"' as_system "$up" "$wk" env -u XDG_CONFIG_HOME LD_PRELOAD="$LLSHIM_LIB" "$@"
}

@test "as system policies: \${HOME} is the home in passwd, not \$HOME" {
	require_outside
	# Both outside /tmp, which tar's policy grants anyway.
	SYSHOME="$OUTSIDE/home"
	mkdir -p "$SYSHOME" "$OUTSIDE/elsewhere"
	echo data >"$SYSHOME/f"
	as_system HOME="$OUTSIDE/elsewhere" tar -cf "$SYSHOME/a.tar" -C "$SYSHOME" f
	assert_success
	assert_output ""
	[[ -s $SYSHOME/a.tar ]]
	as_system HOME="$OUTSIDE/elsewhere" tar -cf "$OUTSIDE/elsewhere/a.tar" -C "$SYSHOME" f
	assert_failure 2
	assert_output --partial "tar: $OUTSIDE/elsewhere/a.tar: Cannot open: Permission denied"
}

@test "as system policies: tar -z starts sh and gzip, each under its own policy too" {
	require_outside
	SYSHOME="$OUTSIDE/home"
	mkdir -p "$SYSHOME"
	echo data >"$SYSHOME/f"
	# tar runs its compressor through /bin/sh: three system policies.
	# Each child's shim reads its policy inside its parent's domain.
	as_system HOME="$SYSHOME" LLSHIM_DEBUG=1 tar -czf "$SYSHOME/a.tar.gz" -C "$SYSHOME" f
	assert_success
	assert_line --partial "llshim: /usr/bin/tar: layer 1: /etc/llshim/policy.d/tar.conf: "
	assert_line --partial "llshim: /usr/bin/gzip: layer 1: /etc/llshim/policy.d/gzip.conf: "
	run tar -tzf "$SYSHOME/a.tar.gz"
	assert_output f
}
