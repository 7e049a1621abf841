#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# make install and make uninstall (SPEC.md section 1, issue 3): DESTDIR,
# PREFIX and SYSCONFDIR are honoured, install puts exactly the expected
# files with the expected modes, the installed library works from where it
# was put, and uninstall removes exactly what install put there.
#
# Other test files use build/ at the same time: nothing here may rebuild it.
# The default layout installs build/ as it is (make checks it is up to
# date first); another SYSCONFDIR is compiled into a private build dir.

# The unshare sh -c scripts expand their own "$1": single quotes on purpose.
# shellcheck disable=SC2016

load helper

setup() {
	T=$(realpath "$BATS_TEST_TMPDIR")
	ROOT="$T/root"
}

# make_top ARGS...: make in the source tree, quietly.
make_top() {
	make -s -C "$LLSHIM_TOP" "$@"
}

# Fails unless build/ is up to date: installing must not rebuild it under
# the feet of the tests running in parallel (make test builds it first).
require_built() {
	make_top -q all ||
		fail "build/ is out of date: run make all before this file"
}

# expected_entries PREFIX SYSCONFDIR: every path install should create
# under DESTDIR (directories and files), computed from the source tree.
expected_entries() {
	local prefix=$1 sysconf=$2 f d
	{
		echo "$prefix/lib/llshim/libllshim.so"
		echo "$prefix/lib/llshim/libllshim-parser.so"
		for f in "$LLSHIM_TOP"/policy/profiles/*.conf; do
			echo "$prefix/share/llshim/profiles/${f##*/}"
		done
		for f in "$LLSHIM_TOP"/policy/apps/*.conf; do
			[[ -e $f ]] && echo "$prefix/share/llshim/apps/${f##*/}"
		done
		echo "$prefix/share/llshim/apps"
		# The command, its man pages and its completion (cli/cli.mk).
		echo "$prefix/bin/llshim"
		echo "$prefix/share/man/man1/llshim.1"
		echo "$prefix/share/man/man5/llshim.conf.5"
		echo "$prefix/share/man/man8/libllshim.8"
		echo "$prefix/share/bash-completion/completions/llshim"
		echo "$sysconf/llshim/policy.d"
		echo "$sysconf/llshim/profiles"
	} | while read -r f; do
		# Each entry and every directory above it.
		echo "$f"
		d=${f%/*}
		while [[ -n $d ]]; do
			echo "$d"
			d=${d%/*}
		done
	done | sort -u
}

# installed_entries: what is under $ROOT, as absolute paths inside it.
installed_entries() {
	(cd "$ROOT" && find . -mindepth 1 | sed 's/^\.//' | sort)
}

# assert_modes PREFIX SYSCONFDIR: 0644 files, 0755 llshim directories.
assert_modes() {
	local prefix=$1 sysconf=$2 f
	run find "$ROOT$prefix/lib/llshim" "$ROOT$prefix/share/llshim" \
		"$ROOT$sysconf/llshim" -type f ! -perm 0644
	assert_output ""
	run find "$ROOT$prefix/lib/llshim" "$ROOT$prefix/share/llshim" \
		"$ROOT$sysconf/llshim" -type d ! -perm 0755
	assert_output ""
	for f in "$ROOT$prefix"/lib/llshim/*.so \
		"$ROOT$prefix"/share/man/man?/*llshim* \
		"$ROOT$prefix"/share/bash-completion/completions/llshim; do
		[[ $(stat -c %a "$f") == 644 ]] || fail "$f is not 0644"
	done
	[[ $(stat -c %a "$ROOT$prefix/bin/llshim") == 755 ]] ||
		fail "bin/llshim is not 0755"
}

@test "make install puts exactly the expected files, with modes 0644" {
	require_built
	make_top install DESTDIR="$ROOT"
	run installed_entries
	assert_output "$(expected_entries /usr/local /etc)"
	assert_modes /usr/local /etc
	# The libraries are build/'s, byte for byte.
	cmp "$LLSHIM_LIB" "$ROOT/usr/local/lib/llshim/libllshim.so"
	cmp "$LLSHIM_BUILD/libllshim-parser.so" \
		"$ROOT/usr/local/lib/llshim/libllshim-parser.so"
	# ... and the policies are the tree's.
	run diff -r "$LLSHIM_TOP/policy/profiles" "$ROOT/usr/local/share/llshim/profiles"
	assert_success
}

@test "the installed library enforces inline and file policies from where it was put" {
	require_built
	make_top install DESTDIR="$ROOT"
	local lib="$ROOT/usr/local/lib/llshim/libllshim.so"
	mkdir "$T/work" "$T/other"
	echo data >"$T/work/f"
	echo data >"$T/other/f"
	run env LD_PRELOAD="$lib" LL_FS_RW="$T/work" "$PROBE" write_file "$T/other/f"
	assert_failure 13
	run env LD_PRELOAD="$lib" LL_FS_RW="$T/work" "$PROBE" write_file "$T/work/f"
	assert_success
	assert_output ""
	# A file policy needs the installed parser next to the library.
	printf 'version = 1;\nfs = ( { path = "%s"; access = "rw"; } );\n' "$T/work" >"$T/p.conf"
	run env LD_PRELOAD="$lib" LLSHIM_POLICY="$T/p.conf" "$PROBE" write_file "$T/other/f"
	assert_failure 13
	run env LD_PRELOAD="$lib" LLSHIM_POLICY="$T/p.conf" "$PROBE" write_file "$T/work/f"
	assert_success
	assert_output ""
}

@test "the installed library needs nothing from build/" {
	require_root
	require_built
	make_top install DESTDIR="$ROOT"
	local lib="$ROOT/usr/local/lib/llshim/libllshim.so"
	mkdir "$T/work" "$T/other"
	cp "$PROBE" "$T/probe"
	printf 'version = 1;\nfs = ( { path = "%s"; access = "rw"; } );\n' "$T/work" >"$T/p.conf"
	: >"$T/other/f"
	# build/ hidden under an empty tmpfs, in a private mount namespace.
	run unshare --mount -- sh -c 'mount --make-rprivate / &&
		mount -t tmpfs llshim-test "$1" && shift && exec "$@"' sh \
		"$LLSHIM_BUILD" env LD_PRELOAD="$lib" LLSHIM_POLICY="$T/p.conf" \
		"$T/probe" write_file "$T/other/f"
	assert_failure 13
	assert_output "probe: write_file: Permission denied (EACCES)"
}

@test "make uninstall removes what install put there and keeps an admin's policy" {
	require_built
	make_top install DESTDIR="$ROOT"
	echo 'version = 1;' >"$ROOT/etc/llshim/policy.d/usr.bin.legacy.conf"
	# What root's processes compiled is llshim's cache: it goes too.
	mkdir -m 0755 "$ROOT/etc/llshim/compiled"
	echo compiled >"$ROOT/etc/llshim/compiled/0123456789abcdef.bin"
	make_top uninstall DESTDIR="$ROOT"
	run installed_entries
	# Only directories that are not llshim's stay (they exist on any
	# system), and the administrator's policy with its directories.
	refute_line --regexp 'share/llshim|lib/llshim|etc/llshim/(profiles|compiled)'
	assert_line /etc/llshim/policy.d/usr.bin.legacy.conf
	assert_line /etc/llshim/policy.d
	run find "$ROOT" -type f
	assert_output "$ROOT/etc/llshim/policy.d/usr.bin.legacy.conf"
	# Twin: without it, nothing of llshim remains at all.
	rm "$ROOT/etc/llshim/policy.d/usr.bin.legacy.conf"
	make_top uninstall DESTDIR="$ROOT"
	run installed_entries
	refute_output --partial llshim
	assert_line /usr/local/lib
	run find "$ROOT" -type f
	assert_output ""
}

@test "PREFIX and SYSCONFDIR are honoured, in the layout and in the library" {
	# A private build dir: build/ keeps the default SYSCONFDIR.
	make_top B="$T/build" PREFIX=/opt/x SYSCONFDIR=/opt/etc \
		install DESTDIR="$ROOT"
	run installed_entries
	assert_output "$(expected_entries /opt/x /opt/etc)"
	assert_modes /opt/x /opt/etc
	# The directories the library searches are fixed at build time.
	grep -qF /opt/etc/llshim/policy.d "$ROOT/opt/x/lib/llshim/libllshim.so"
	grep -qF /opt/x/share/llshim/profiles "$ROOT/opt/x/lib/llshim/libllshim.so"
	run grep -cF /etc/llshim/policy.d "$LLSHIM_LIB"
	assert_output 1
	run grep -qF /opt/etc "$LLSHIM_LIB"
	assert_failure
	make_top B="$T/build" PREFIX=/opt/x SYSCONFDIR=/opt/etc \
		uninstall DESTDIR="$ROOT"
	run installed_entries
	refute_output --partial llshim
}

# in_opt LIB CMD...: CMD with LIB preloaded, in a private mount namespace
# where /opt shows $ROOT/opt's files over the real /opt.
in_opt() {
	local lib=$1
	shift
	mkdir -p "$T/opt-work"
	unshare --mount -- sh -c 'mount --make-rprivate / &&
		mount -t overlay llshim-test \
			-o "lowerdir=/opt,upperdir=$1,workdir=$2" /opt &&
		shift 2 && exec "$@"' in_opt "$ROOT/opt" "$T/opt-work" \
		env LD_PRELOAD="$lib" "$@"
}

@test "a library built with SYSCONFDIR=/opt/etc finds its system policies there" {
	require_root
	make_top B="$T/build" PREFIX=/opt/x SYSCONFDIR=/opt/etc \
		install DESTDIR="$ROOT"
	mkdir "$T/work" "$T/other"
	: >"$T/work/f"
	: >"$T/other/f"
	cp "$PROBE" "$T/legacy"
	# An admin's policy for it, from the shipped base profile (found in
	# /opt/x/share/llshim/profiles) plus one directory.
	cat >"$ROOT/opt/etc/llshim/policy.d/legacy.conf" <<-EOF
		version = 1;
		include = ["base"];
		fs = ( { path = "$T/work"; access = "rw"; } );
	EOF
	chmod 0644 "$ROOT/opt/etc/llshim/policy.d/legacy.conf"
	run in_opt /opt/x/lib/llshim/libllshim.so "$T/legacy" write_file "$T/other/f"
	assert_failure 13
	run in_opt /opt/x/lib/llshim/libllshim.so "$T/legacy" write_file "$T/work/f"
	assert_success
	assert_output ""
	# Twin: the default build does not look in /opt/etc.
	run in_opt "$LLSHIM_LIB" "$T/legacy" write_file "$T/other/f"
	assert_success
}
