#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Real programs doing real work under the shipped "base" profile plus one
# read-write work directory.  Each allowed case has a denied twin: the same
# program, started the same way, reaching into a sibling directory the
# policy does not name, gets "Permission denied" while still running.

# Sandboxed sh -c scripts expand their own "$1": single quotes on purpose.
# shellcheck disable=SC2016

load helper

setup() {
	user_config >/dev/null
	# The tests match the programs' messages: English, ASCII quotes.
	export LC_ALL=C
	WORK="$BATS_TEST_TMPDIR/work"
	OUTSIDE="$BATS_TEST_TMPDIR/outside"
	mkdir -p "$WORK" "$OUTSIDE"
	echo "top secret" >"$OUTSIDE/secret"
	POLICY="$BATS_TEST_TMPDIR/policy.conf"
	# The build directory is readable because descendants of the sandboxed
	# program (sh's children, git's helpers) keep LD_PRELOAD and their
	# loader must open libllshim.so again; an installed shim lives under
	# /usr/local/lib, which base already covers.
	cat >"$POLICY" <<-EOF
		version = 1;
		include = ["base"];
		fs = (
			{ path = "$WORK"; access = "rw"; },
			{ path = "$LLSHIM_BUILD"; access = "ro"; }
		);
	EOF
	# git warns about every config file it may not read: its HOME is the
	# work directory, /etc/gitconfig (not in base) is skipped, and the
	# commit test moves XDG_CONFIG_HOME there too once the shim has used
	# it to find the profiles.
	git_env=(HOME="$WORK" GIT_CONFIG_NOSYSTEM=1
		GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=tester@example.invalid
		GIT_COMMITTER_NAME=Tester GIT_COMMITTER_EMAIL=tester@example.invalid)
}

# The program started normally: the shim refused nothing and every
# descendant's loader could preload the shim again.
assert_clean_start() {
	refute_output --partial "llshim:"
	refute_output --partial "ld.so"
}

@test "python3 writes and reads back a file in the work directory" {
	require_cmd /usr/bin/python3
	cat >"$WORK/write.py" <<-'EOF'
		import sys
		print("started")
		with open(sys.argv[1], "w") as f:
		    f.write("written by python\n")
		with open(sys.argv[1]) as f:
		    print(f.read(), end="")
	EOF
	run_shimmed LLSHIM_POLICY="$POLICY" /usr/bin/python3 "$WORK/write.py" "$WORK/out.txt"
	assert_success
	assert_clean_start
	assert_output "started
written by python"
	[[ $(cat "$WORK/out.txt") == "written by python" ]]
}

@test "python3 cannot write or read outside the work directory" {
	require_cmd /usr/bin/python3
	cat >"$WORK/escape.py" <<-'EOF'
		import sys
		print("started", flush=True)
		for path, mode in ((sys.argv[1], "r"), (sys.argv[2], "w")):
		    try:
		        open(path, mode).close()
		        print("opened", path)
		    except PermissionError as e:
		        print("denied", mode, e.errno)
	EOF
	run_shimmed LLSHIM_POLICY="$POLICY" /usr/bin/python3 "$WORK/escape.py" \
		"$OUTSIDE/secret" "$OUTSIDE/new.txt"
	assert_success
	assert_clean_start
	assert_output "started
denied r 13
denied w 13"
	[[ ! -e $OUTSIDE/new.txt ]]

	# Uncaught, the user sees Python's own error and exit status 1.
	run_shimmed LLSHIM_POLICY="$POLICY" /usr/bin/python3 -c \
		'import sys; open(sys.argv[1], "w")' "$OUTSIDE/new.txt"
	assert_failure 1
	assert_output --partial "PermissionError: [Errno 13] Permission denied: '$OUTSIDE/new.txt'"
}

@test "perl writes and reads back a file in the work directory" {
	require_cmd perl
	cat >"$WORK/write.pl" <<-'EOF'
		use strict;
		use warnings;
		use POSIX qw(strftime);
		$| = 1;
		print "started\n";
		open(my $out, '>', $ARGV[0]) or die "open $ARGV[0]: $!\n";
		print $out "written by perl\n";
		close($out) or die "close: $!\n";
		open(my $in, '<', $ARGV[0]) or die "open $ARGV[0]: $!\n";
		print while <$in>;
	EOF
	run_shimmed LLSHIM_POLICY="$POLICY" perl "$WORK/write.pl" "$WORK/out.txt"
	assert_success
	assert_clean_start
	assert_output "started
written by perl"
	[[ $(cat "$WORK/out.txt") == "written by perl" ]]
}

@test "perl cannot write or read outside the work directory" {
	require_cmd perl
	run_shimmed LLSHIM_POLICY="$POLICY" perl -e '
		$| = 1;
		print "started\n";
		open(my $in, "<", $ARGV[0]) or print "read: $!\n";
		open(my $out, ">", $ARGV[1]) or die "write: $!\n";
	' "$OUTSIDE/secret" "$OUTSIDE/new.txt"
	# die exits with errno: EACCES is 13.
	assert_failure 13
	assert_clean_start
	assert_output "started
read: Permission denied
write: Permission denied"
	[[ ! -e $OUTSIDE/new.txt ]]
}

@test "sh runs a pipeline that writes a file in the work directory" {
	run_shimmed LLSHIM_POLICY="$POLICY" /bin/sh -c \
		'printf "pear\napple\nfig\n" | sort | tr a-z A-Z >"$1/fruit" && cat "$1/fruit"' \
		sh "$WORK"
	assert_success
	assert_clean_start
	assert_output "APPLE
FIG
PEAR"
	[[ $(head -n 1 "$WORK/fruit") == APPLE ]]
}

@test "sh cannot redirect into or read from outside the work directory" {
	run_shimmed LLSHIM_POLICY="$POLICY" /bin/sh -c \
		'echo started; cat "$2/secret"; printf "pear\n" | sort >"$2/fruit"' \
		sh "$WORK" "$OUTSIDE"
	assert_failure 2
	assert_clean_start
	assert_line --index 0 started
	assert_output --partial "cat: $OUTSIDE/secret: Permission denied"
	assert_output --partial "cannot create $OUTSIDE/fruit: Permission denied"
	refute_output --partial "top secret"
	[[ ! -e $OUTSIDE/fruit ]]
}

@test "coreutils copy, sort, count, move and remove in the work directory" {
	printf '3\n1\n2\n' >"$WORK/numbers"
	run_shimmed LLSHIM_POLICY="$POLICY" /bin/sh -c '
		set -e
		cd "$1"
		cp numbers copy
		sort -n -o sorted copy
		wc -l <sorted
		mkdir -p dir/sub
		mv sorted dir/sub/
		ln -s dir/sub/sorted link
		rm copy
		cat link | tr "\n" " "
		ls' sh "$WORK"
	assert_success
	assert_clean_start
	assert_output "3
1 2 3 dir
link
numbers"
	[[ -f $WORK/dir/sub/sorted && ! -e $WORK/copy ]]
}

@test "coreutils cannot copy out of or into a directory outside the policy" {
	printf '3\n1\n2\n' >"$WORK/numbers"
	run_shimmed LLSHIM_POLICY="$POLICY" cp "$WORK/numbers" "$OUTSIDE/numbers"
	assert_failure 1
	assert_clean_start
	assert_output "cp: cannot create regular file '$OUTSIDE/numbers': Permission denied"
	[[ ! -e $OUTSIDE/numbers ]]

	run_shimmed LLSHIM_POLICY="$POLICY" cp "$OUTSIDE/secret" "$WORK/stolen"
	assert_failure 1
	assert_output "cp: cannot open '$OUTSIDE/secret' for reading: Permission denied"
	[[ ! -e $WORK/stolen ]]

	# sort and wc run fine on what they may read and fail on the rest.
	run_shimmed LLSHIM_POLICY="$POLICY" wc -l "$WORK/numbers" "$OUTSIDE/secret"
	assert_failure 1
	assert_line --partial "3 $WORK/numbers"
	assert_line "wc: $OUTSIDE/secret: Permission denied"
	run_shimmed LLSHIM_POLICY="$POLICY" sort -o "$OUTSIDE/sorted" "$WORK/numbers"
	assert_failure 2
	assert_output --partial "sort: open failed: $OUTSIDE/sorted: Permission denied"
}

@test "tar and gzip create and extract an archive in the work directory" {
	mkdir -p "$WORK/src/deep"
	echo alpha >"$WORK/src/a"
	echo beta >"$WORK/src/deep/b"
	run_shimmed LLSHIM_POLICY="$POLICY" /bin/sh -c '
		set -e
		cd "$1"
		tar -czf src.tar.gz src
		mkdir out
		tar -xzf src.tar.gz -C out
		cat out/src/a out/src/deep/b
		gzip -9 out/src/a
		gzip -dc out/src/a.gz
		tar -tzf src.tar.gz | sort' sh "$WORK"
	assert_success
	assert_clean_start
	assert_output "alpha
beta
alpha
src/
src/a
src/deep/
src/deep/b"
	[[ -f $WORK/out/src/a.gz && ! -e $WORK/out/src/a ]]
	cmp "$WORK/src/deep/b" "$WORK/out/src/deep/b"
}

@test "tar and gzip cannot extract or compress outside the work directory" {
	mkdir -p "$WORK/src"
	echo alpha >"$WORK/src/a"
	tar -czf "$WORK/src.tar.gz" -C "$WORK" src

	run_shimmed LLSHIM_POLICY="$POLICY" tar -xzf "$WORK/src.tar.gz" -C "$OUTSIDE"
	assert_failure 2
	assert_clean_start
	assert_output --partial "tar: $OUTSIDE: Cannot open: Permission denied"
	[[ ! -e $OUTSIDE/src ]]

	run_shimmed LLSHIM_POLICY="$POLICY" tar -czf "$WORK/stolen.tar.gz" -C "$OUTSIDE" secret
	assert_failure 2
	assert_output --partial "Permission denied"

	run_shimmed LLSHIM_POLICY="$POLICY" gzip -k "$OUTSIDE/secret"
	assert_failure 1
	assert_output "gzip: $OUTSIDE/secret: Permission denied"
	[[ ! -e $OUTSIDE/secret.gz ]]
}


@test "git inits, adds and commits in the work directory" {
	require_cmd git
	run_shimmed LLSHIM_POLICY="$POLICY" "${git_env[@]}" /bin/sh -c '
		set -e
		export XDG_CONFIG_HOME="$HOME/.config"
		cd "$1"
		git init -q repo
		cd repo
		echo hello >greeting
		git add greeting
		git commit -q -m "first commit"
		git log --format=%s
		git status --porcelain
		git ls-files' sh "$WORK"
	assert_success
	assert_clean_start
	assert_output "first commit
greeting"
	[[ -d $WORK/repo/.git/objects ]]
}

@test "git cannot create a repository outside the work directory" {
	require_cmd git
	run_shimmed LLSHIM_POLICY="$POLICY" "${git_env[@]}" \
		git init -q "$OUTSIDE/repo"
	assert_failure 128
	assert_clean_start
	assert_output "fatal: cannot mkdir $OUTSIDE/repo: Permission denied"
	[[ ! -e $OUTSIDE/repo ]]

	run_shimmed LLSHIM_POLICY="$POLICY" "${git_env[@]}" \
		git --version
	assert_success
	assert_output --partial "git version"
}

@test "sqlite3 creates a database, inserts and selects in the work directory" {
	require_cmd sqlite3
	run_shimmed LLSHIM_POLICY="$POLICY" HOME="$WORK" sqlite3 "$WORK/test.db" \
		"create table fruit(name text, qty int);
		 insert into fruit values ('apple', 3), ('fig', 5);
		 select name || '=' || qty from fruit order by name;
		 select sum(qty) from fruit;"
	assert_success
	assert_clean_start
	assert_output "apple=3
fig=5
8"
	[[ $(sqlite3 "$WORK/test.db" 'select count(*) from fruit') == 2 ]]
}

@test "sqlite3 cannot create or read a database outside the work directory" {
	require_cmd sqlite3
	sqlite3 "$OUTSIDE/secret.db" "create table t(v); insert into t values ('top secret');"
	run_shimmed LLSHIM_POLICY="$POLICY" HOME="$WORK" sqlite3 "$OUTSIDE/new.db" \
		"create table t(v)"
	assert_failure 1
	assert_clean_start
	assert_output "Error: unable to open database \"$OUTSIDE/new.db\": unable to open database file"
	[[ ! -e $OUTSIDE/new.db ]]

	# Started on an allowed database, it runs the first statement, then
	# fails to attach the one outside.
	run_shimmed LLSHIM_POLICY="$POLICY" HOME="$WORK" sqlite3 -bail "$WORK/test.db" \
		"select 'started'; attach '$OUTSIDE/secret.db' as o; select v from o.t;"
	# sqlite3 exits with SQLITE_CANTOPEN (14).
	assert_failure 14
	assert_line started
	assert_output --partial "unable to open database: $OUTSIDE/secret.db"
	refute_output --partial "top secret"
}

# write_policy FILE INCLUDES: a policy that only includes profiles.
write_policy() {
	cat >"$1" <<-EOF
		version = 1;
		include = [$2];
		fs = ( { path = "$LLSHIM_BUILD"; access = "ro"; } );
	EOF
}

@test "base lets every process read its own /proc/self and use /dev/null" {
	write_policy "$POLICY" '"base"'
	# cat is a child of sh: /proc/self is a different pid for it, which a
	# rule on the shim's own /proc/self would not cover.
	run_shimmed LLSHIM_POLICY="$POLICY" /bin/sh -c '
		echo discarded >/dev/null
		head -c 16 /dev/urandom | wc -c
		grep "^Name:" /proc/self/status
		sh -c "cat /proc/self/comm; true"
		date -u -d @0 +%Y'
	assert_success
	assert_clean_start
	assert_output "16
Name:	grep
cat
1970"
}

@test "base alone grants no write: not /proc, /dev/zero, a temp dir or the tree" {
	write_policy "$POLICY" '"base"'
	run_shimmed LLSHIM_POLICY="$POLICY" TMPDIR="$BATS_TEST_TMPDIR" /bin/sh -c '
		echo started
		echo renamed >/proc/self/comm
		echo x >/dev/zero
		echo x >"$1/new"
		mkdir "$1/dir"
		echo x >"$TMPDIR/new"' sh "$OUTSIDE"
	assert_failure
	assert_clean_start
	assert_line --index 0 started
	assert_line --partial "cannot create /proc/self/comm: Permission denied"
	assert_line --partial "cannot create /dev/zero: Permission denied"
	assert_line --partial "cannot create $OUTSIDE/new: Permission denied"
	assert_line "mkdir: cannot create directory '$OUTSIDE/dir': Permission denied"
	assert_line --partial "cannot create $BATS_TEST_TMPDIR/new: Permission denied"
	[[ ! -e $OUTSIDE/new && ! -e $OUTSIDE/dir && ! -e $BATS_TEST_TMPDIR/new ]]
}

@test "tmp lets mktemp create files in \$TMPDIR" {
	write_policy "$POLICY" '"base", "tmp"'
	mkdir "$BATS_TEST_TMPDIR/private"
	run_shimmed LLSHIM_POLICY="$POLICY" TMPDIR="$BATS_TEST_TMPDIR/private" \
		/bin/sh -c 'f=$(mktemp) && echo scratch >"$f" && cat "$f" && mktemp -d'
	assert_success
	assert_clean_start
	assert_line --index 0 scratch
	assert_line --index 1 --partial "$BATS_TEST_TMPDIR/private/tmp."
	[[ -d ${lines[1]} ]]
}

@test "without tmp, mktemp in \$TMPDIR is denied" {
	write_policy "$POLICY" '"base"'
	mkdir "$BATS_TEST_TMPDIR/private"
	run_shimmed LLSHIM_POLICY="$POLICY" TMPDIR="$BATS_TEST_TMPDIR/private" \
		/bin/sh -c 'echo started; mktemp'
	assert_failure 1
	assert_clean_start
	assert_line --index 0 started
	assert_line --index 1 --regexp "^mktemp: failed to create file via template .*: Permission denied$"
	[[ -z $(ls -A "$BATS_TEST_TMPDIR/private") ]]
}
