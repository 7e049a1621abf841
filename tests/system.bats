#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# System-wide use (SPEC.md sections 2 and 3, issue 3): per-binary policies in
# /etc/llshim/policy.d, their trust rules, the layers they make with the
# user's policies, secure execution, /etc/ld.so.preload, patchelf's
# --add-needed and the kernel's 16-layer limit.
#
# Tests that need /etc/llshim or /etc/ld.so.preload never touch the real
# /etc: in_etc runs its command in a private mount namespace where an overlay
# shows $UPPER's files over /etc.  That needs root; unprivileged runs skip
# those tests.

# Commands run through sh -c expand their own "$1": single quotes on purpose.
# shellcheck disable=SC2016

load helper
bats_require_minimum_version 1.5.0

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --)

setup() {
	# Canonical, since the shim names programs by their canonical path.
	T=$(realpath "$BATS_TEST_TMPDIR")
	UPPER="$T/etc-upper"
	POLICY_D="$UPPER/llshim/policy.d"
	mkdir -p "$POLICY_D" "$UPPER/llshim/profiles" "$T/bin" "$T/a" "$T/b" "$T/c"
	# The overlay's root is /etc itself: root's, not writable by others.
	chmod 0755 "$UPPER" "$UPPER/llshim" "$POLICY_D" "$UPPER/llshim/profiles" \
		"$T/bin" "$T/a" "$T/b" "$T/c"
	local d
	for d in a b c; do
		echo "$d" >"$T/$d/f"
		chmod 0666 "$T/$d/f" # Landlock, not file modes, must deny.
	done
	# No user policy unless a test writes one.
	export XDG_CONFIG_HOME="$T/config"
}

# in_overlays DIR UPPER [DIR UPPER]... -- CMD...: run CMD in a private mount
# namespace where each DIR shows its UPPER's files over its own.  The real
# directories and the caller's mounts stay untouched; the namespace ends
# with CMD.
in_overlays() {
	local -a mounts=()
	while [[ $1 != -- ]]; do
		mounts+=("$1" "$2" "$(mktemp -d "$T/overlay-work.XXXXXX")")
		shift 2
	done
	shift
	unshare --mount -- sh -c '
		mount --make-rprivate / || exit
		while [ "$1" != -- ]; do
			mount -t overlay llshim-test \
				-o "lowerdir=$1,upperdir=$2,workdir=$3" "$1" || exit
			shift 3
		done
		shift
		exec "$@"' in_overlays "${mounts[@]}" -- "$@"
}

# in_etc UPPER CMD...: CMD where /etc shows UPPER's files over the real /etc.
in_etc() {
	local upper=$1
	shift
	in_overlays /etc "$upper" -- "$@"
}

# prog NAME: a copy of the probe at $T/bin/NAME; echoes its path.
prog() {
	cp "$PROBE" "$T/bin/$1"
	echo "$T/bin/$1"
}

# flat PATH: the policy file name for PATH, AppArmor's way.
flat() {
	local p=${1#/}
	echo "${p//\//.}.conf"
}

# grants PATH...: the text of a policy granting every right on each PATH.
grants() {
	local p sep=""
	printf 'version = 1;\nfs = (\n'
	for p in "$@"; do
		printf '%s\t{ path = "%s"; access = "rw"; }' "$sep" "$p"
		sep=$',\n'
	done
	printf '\n);\n'
}

# sys_policy NAME PATH...: a trusted system policy NAME granting the PATHs.
sys_policy() {
	local name=$1
	shift
	grants "$@" >"$POLICY_D/$name"
	chmod 0644 "$POLICY_D/$name"
}

# user_policy NAME PATH...: a policy in the user's policy.d.
user_policy() {
	local name=$1
	shift
	mkdir -p "$XDG_CONFIG_HOME/llshim/policy.d"
	grants "$@" >"$XDG_CONFIG_HOME/llshim/policy.d/$name"
}

# preload_sys PROG ARGS...: PROG with the shim preloaded, under the overlay.
preload_sys() {
	run in_etc "$UPPER" env LD_PRELOAD="$LLSHIM_LIB" "$@"
}

@test "a system policy named by the flattened path applies; its twin runs free" {
	require_root
	local app twin
	app=$(prog app)
	twin=$(prog twin)
	sys_policy "$(flat "$app")" "$T/a"
	# The flattened name comes first: a lax basename policy is not used.
	sys_policy app.conf "$T/a" "$T/b"
	preload_sys "$app" write_file "$T/a/f"
	assert_success
	preload_sys "$app" write_file "$T/b/f"
	assert_failure 13
	assert_output "probe: write_file: Permission denied (EACCES)"
	preload_sys "$twin" write_file "$T/b/f"
	assert_success
	# Outside the namespace the policy does not exist.
	run_shimmed "$app" write_file "$T/b/f"
	assert_success
}

@test "a system policy named by the basename applies; its twin runs free" {
	require_root
	local app twin
	app=$(prog basenamed)
	twin=$(prog twin)
	sys_policy basenamed.conf "$T/a"
	preload_sys "$app" write_file "$T/a/f"
	assert_success
	preload_sys "$app" write_file "$T/b/f"
	assert_failure 13
	preload_sys "$twin" write_file "$T/b/f"
	assert_success
}

@test "through a symlink the real file's policy applies; one named after the link cannot replace it" {
	require_root
	local real
	real=$(prog real)
	mkdir "$T/links"
	ln -s "$real" "$T/links/alias"
	sys_policy real.conf "$T/a"
	sys_policy alias.conf "$T/a" "$T/b"
	sys_policy "$(flat "$T/links/alias")" "$T/a" "$T/b"
	preload_sys "$T/links/alias" write_file "$T/b/f"
	assert_failure 13
	preload_sys "$T/links/alias" write_file "$T/a/f"
	assert_success
	# Twin: without the real file's policy the link's policies do apply.
	rm "$POLICY_D/real.conf"
	preload_sys "$T/links/alias" write_file "$T/b/f"
	assert_success
	preload_sys "$T/links/alias" write_file "$T/c/f"
	assert_failure 13
}

@test "a system policy writable by group or by others is not trusted" {
	require_root
	local app
	app=$(prog app)
	sys_policy app.conf "$T/a"
	chmod 0664 "$POLICY_D/app.conf"
	preload_sys "$app" write_file "$T/a/f"
	assert_failure 126
	assert_output "llshim: $app: /etc/llshim/policy.d/app.conf: not trusted: writable by group or others"
	chmod 0646 "$POLICY_D/app.conf"
	preload_sys "$app" write_file "$T/a/f"
	assert_failure 126
	assert_output "llshim: $app: /etc/llshim/policy.d/app.conf: not trusted: writable by group or others"
	# Twin: the same file, trusted.
	chmod 0644 "$POLICY_D/app.conf"
	preload_sys "$app" write_file "$T/a/f"
	assert_success
	assert_output ""
}

@test "a system policy not owned by root is not trusted" {
	require_root
	local app
	app=$(prog app)
	sys_policy app.conf "$T/a"
	chown 65534:65534 "$POLICY_D/app.conf"
	preload_sys "$app" write_file "$T/a/f"
	assert_failure 126
	assert_output "llshim: $app: /etc/llshim/policy.d/app.conf: not trusted: not owned by root"
	chown 0:0 "$POLICY_D/app.conf"
	preload_sys "$app" write_file "$T/a/f"
	assert_success
}

@test "a group-writable /etc/llshim makes its policies untrusted" {
	require_root
	local app
	app=$(prog app)
	sys_policy app.conf "$T/a"
	chmod 0775 "$UPPER/llshim"
	preload_sys "$app" write_file "$T/a/f"
	assert_failure 126
	assert_output "llshim: $app: /etc/llshim: not trusted: writable by group or others"
	chmod 0755 "$UPPER/llshim"
	preload_sys "$app" write_file "$T/a/f"
	assert_success
}

@test "a profile in /etc/llshim/profiles not owned by root is not trusted" {
	require_root
	local app
	app=$(prog app)
	grants "$T/a" >"$UPPER/llshim/profiles/site.conf"
	chmod 0644 "$UPPER/llshim/profiles/site.conf"
	printf 'version = 1;\ninclude = ["site"];\n' >"$POLICY_D/app.conf"
	chown 65534:65534 "$UPPER/llshim/profiles/site.conf"
	preload_sys "$app" write_file "$T/a/f"
	assert_failure 126
	assert_output "llshim: $app: /etc/llshim/profiles/site.conf: not trusted: not owned by root"
	# Twin: root's profile is included, and its rules are the policy's.
	chown 0:0 "$UPPER/llshim/profiles/site.conf"
	preload_sys "$app" write_file "$T/a/f"
	assert_success
	preload_sys "$app" write_file "$T/b/f"
	assert_failure 13
}

@test "a system policy symlinked into a tree others can write is not trusted" {
	require_root
	local app
	app=$(prog app)
	# Like /tmp, writable by everyone (sticky or not): anyone could have
	# replaced the file before root's link pointed to it.
	mkdir -m 1777 "$T/elsewhere"
	grants "$T/a" >"$T/elsewhere/app.conf"
	ln -s "$T/elsewhere/app.conf" "$POLICY_D/app.conf"
	preload_sys "$app" write_file "$T/a/f"
	assert_failure 126
	assert_output "llshim: $app: $T/elsewhere: not trusted: writable by group or others"
	# Twin: a link to a file in a trusted tree is followed.
	mkdir -m 0755 "$UPPER/llshim/shared"
	mv "$T/elsewhere/app.conf" "$UPPER/llshim/shared/app.conf"
	ln -sf /etc/llshim/shared/app.conf "$POLICY_D/app.conf"
	preload_sys "$app" write_file "$T/a/f"
	assert_success
	preload_sys "$app" write_file "$T/b/f"
	assert_failure 13
}

# The build's $PREFIX/share, where shipped profiles are installed.
SHARE=/usr/local/share

@test "profiles come from /etc/llshim/profiles first, then \$PREFIX/share; both must be root's" {
	require_root
	local app shared="$T/share-upper"
	app=$(prog app)
	mkdir -p "$shared/llshim/profiles"
	chmod -R 0755 "$shared"
	grants "$T/a" >"$shared/llshim/profiles/site.conf"
	chmod 0644 "$shared/llshim/profiles/site.conf"
	printf 'version = 1;\ninclude = ["site"];\n' >"$POLICY_D/app.conf"
	chmod 0644 "$POLICY_D/app.conf"
	run in_overlays /etc "$UPPER" "$SHARE" "$shared" -- \
		env LD_PRELOAD="$LLSHIM_LIB" "$app" write_file "$T/a/f"
	assert_success
	run in_overlays /etc "$UPPER" "$SHARE" "$shared" -- \
		env LD_PRELOAD="$LLSHIM_LIB" "$app" write_file "$T/b/f"
	assert_failure 13
	# The administrator's profile of the same name wins.
	grants "$T/b" >"$UPPER/llshim/profiles/site.conf"
	chmod 0644 "$UPPER/llshim/profiles/site.conf"
	run in_overlays /etc "$UPPER" "$SHARE" "$shared" -- \
		env LD_PRELOAD="$LLSHIM_LIB" "$app" write_file "$T/b/f"
	assert_success
	run in_overlays /etc "$UPPER" "$SHARE" "$shared" -- \
		env LD_PRELOAD="$LLSHIM_LIB" "$app" write_file "$T/a/f"
	assert_failure 13
	# A shipped profile that is not root's is refused like any other.
	rm "$UPPER/llshim/profiles/site.conf"
	chown 65534:65534 "$shared/llshim/profiles/site.conf"
	run in_overlays /etc "$UPPER" "$SHARE" "$shared" -- \
		env LD_PRELOAD="$LLSHIM_LIB" "$app" write_file "$T/a/f"
	assert_failure 126
	assert_output "llshim: $app: $SHARE/llshim/profiles/site.conf: not trusted: not owned by root"
}

@test "system and user policies are two layers: only what both grant is allowed" {
	require_root
	local app
	app=$(prog layered)
	sys_policy layered.conf "$T/a" "$T/b"
	user_policy layered.conf "$T/b" "$T/c"
	preload_sys "$app" write_file "$T/b/f"
	assert_success
	preload_sys "$app" write_file "$T/a/f"
	assert_failure 13
	preload_sys "$app" write_file "$T/c/f"
	assert_failure 13
	# Twins: each layer alone allows what the other one denied.
	preload_sys env XDG_CONFIG_HOME="$T/empty" "$app" write_file "$T/a/f"
	assert_success
	run_shimmed "$app" write_file "$T/c/f"
	assert_success
}

@test "four sources are four layers: only what every one grants is allowed" {
	require_root
	local app
	app=$(prog layered)
	mkdir -p "$T/d" && echo d >"$T/d/f" && chmod 0666 "$T/d/f"
	sys_policy layered.conf "$T/a" "$T/b" "$T/c" "$T/d"
	user_policy layered.conf "$T/b" "$T/c" "$T/d"
	grants "$T/c" "$T/d" >"$T/explicit.conf"
	preload_sys env LLSHIM_DEBUG=1 LLSHIM_POLICY="$T/explicit.conf" \
		LL_FS_RW="$T/d" "$app" write_file "$T/d/f"
	assert_success
	assert_equal "$(grep -c ': layer ' <<<"$output")" 4
	preload_sys env LLSHIM_POLICY="$T/explicit.conf" LL_FS_RW="$T/d" \
		"$app" write_file "$T/c/f"
	assert_failure 13
	# Twin: without the fourth layer, what the other three grant is allowed.
	preload_sys env LLSHIM_POLICY="$T/explicit.conf" "$app" write_file "$T/c/f"
	assert_success
}

@test "HOME=/ cannot widen a system policy that grants \${HOME} (root)" {
	require_root
	local app twin
	app=$(prog homeapp)
	twin=$(prog twin)
	grants '${HOME}' >"$POLICY_D/homeapp.conf"
	chmod 0644 "$POLICY_D/homeapp.conf"
	# ${HOME} is root's home in the password database, not "/".
	preload_sys env HOME=/ "$app" write_file "$T/b/f"
	assert_failure 13
	preload_sys env HOME=/ "$app" read_dir "$(getent passwd 0 | cut -d: -f6)"
	assert_success
	# Twin: the same text as an explicit policy does take HOME from the
	# environment, and then grants everything.
	cp "$POLICY_D/homeapp.conf" "$T/explicit.conf"
	run_shimmed HOME=/ LLSHIM_POLICY="$T/explicit.conf" "$twin" write_file "$T/b/f"
	assert_success
}

@test "HOME in the environment cannot widen a system policy (nobody)" {
	require_root
	open_test_tmpdir
	local app twin
	app=$(prog homeapp)
	twin=$(prog twin)
	mkdir "$T/home"
	echo old >"$T/home/f"
	chown -R 65534:65534 "$T/home"
	grants '${HOME}' >"$POLICY_D/homeapp.conf"
	chmod 0644 "$POLICY_D/homeapp.conf"
	# nobody's home in passwd is /nonexistent: the rule grants nothing.
	preload_sys "${NOBODY[@]}" env HOME="$T/home" "$app" write_file "$T/home/f"
	assert_failure 13
	# Twin: as nobody's own user policy, the same text uses HOME.
	grants '${HOME}' >"$T/home/user.conf"
	mkdir -p "$XDG_CONFIG_HOME/llshim/policy.d"
	cp "$T/home/user.conf" "$XDG_CONFIG_HOME/llshim/policy.d/twin.conf"
	preload_sys "${NOBODY[@]}" env HOME="$T/home" "$twin" write_file "$T/home/f"
	assert_success
	preload_sys "${NOBODY[@]}" env HOME="$T/home" "$twin" write_file "$T/b/f"
	assert_failure 13
}

@test "root's compiled form of a system policy serves other users; an edit makes it stale" {
	require_root
	open_test_tmpdir
	local app
	app=$(prog shared)
	sys_policy shared.conf "$T/a"
	mkdir "$T/lib"
	cp "$LLSHIM_LIB" "$LLSHIM_BUILD/libllshim-parser.so" "$T/lib/"
	chmod 0755 "$T/lib"
	# Root's start parses the policy and keeps its compiled form in /etc.
	run in_etc "$UPPER" env LD_PRELOAD="$T/lib/libllshim.so" "$app" write_file "$T/a/f"
	assert_success
	run find "$UPPER/llshim/compiled" -name '*.bin' -user 0 -perm 0644
	assert_equal "${#lines[@]}" 1
	# Without the parser, nobody's starts can only use that form.
	rm "$T/lib/libllshim-parser.so"
	run in_etc "$UPPER" env LD_PRELOAD="$T/lib/libllshim.so" "${NOBODY[@]}" \
		"$app" write_file "$T/a/f"
	assert_success
	run in_etc "$UPPER" env LD_PRELOAD="$T/lib/libllshim.so" "${NOBODY[@]}" \
		"$app" write_file "$T/b/f"
	assert_failure 13
	# Twin: once the policy changes, the form is stale and must be parsed.
	sys_policy shared.conf "$T/a" "$T/b"
	run in_etc "$UPPER" env LD_PRELOAD="$T/lib/libllshim.so" "${NOBODY[@]}" \
		"$app" write_file "$T/b/f"
	assert_failure 126
	assert_output --partial "cannot load the policy parser"
}

# Tests below use /etc/ld.so.preload, as an installed system would.
preload_everywhere() {
	echo "$1" >"$UPPER/ld.so.preload"
	chmod 0644 "$UPPER/ld.so.preload"
}

@test "ld.so.preload: a program with a system policy is sandboxed from a shell and under env -i" {
	require_root
	local app
	app=$(prog app)
	preload_everywhere "$LLSHIM_LIB"
	sys_policy app.conf "$T/a"
	run in_etc "$UPPER" sh -c '"$1" write_file "$2"' sh "$app" "$T/b/f"
	assert_failure 13
	run in_etc "$UPPER" sh -c '"$1" write_file "$2"' sh "$app" "$T/a/f"
	assert_success
	run in_etc "$UPPER" env -i "$app" write_file "$T/b/f"
	assert_failure 13
	run in_etc "$UPPER" env -i "$app" write_file "$T/a/f"
	assert_success
	# Twin: the same start without ld.so.preload is not sandboxed.
	rm "$UPPER/ld.so.preload"
	run in_etc "$UPPER" env -i "$app" write_file "$T/b/f"
	assert_success
}

@test "ld.so.preload: a setuid program started by nobody gets its system policy and ignores the environment" {
	require_root
	open_test_tmpdir
	local suid plain
	suid=$(prog suid)
	plain=$(prog plain)
	chown 0:0 "$suid"
	chmod 4755 "$suid"
	echo secret >"$T/a/secret"
	chmod 0600 "$T/a/secret"
	preload_everywhere "$LLSHIM_LIB"
	sys_policy suid.conf "$T/a"

	# setuid works (a root-only file) and the system policy applies.
	run in_etc "$UPPER" "${NOBODY[@]}" "$suid" read_file "$T/a/secret"
	assert_success
	run in_etc "$UPPER" "${NOBODY[@]}" "$suid" write_file "$T/b/f"
	assert_failure 13
	run in_etc "$UPPER" "${NOBODY[@]}" "$plain" read_file "$T/a/secret"
	assert_failure 13

	# Each variable would deny writing a/f to a program in normal mode ...
	printf 'version = 1;\nfs = ( { path = "/usr"; access = "ro"; } );\n' >"$T/narrow.conf"
	user_policy plain.conf /usr
	user_policy suid.conf /usr
	local -a narrowing=(LL_FS_RO=/usr LLSHIM_POLICY="$T/narrow.conf"
		XDG_CONFIG_HOME="$XDG_CONFIG_HOME")
	local v
	for v in "${narrowing[@]}"; do
		run in_etc "$UPPER" "${NOBODY[@]}" env XDG_CONFIG_HOME="$T/empty" "$v" \
			"$plain" write_file "$T/a/f"
		assert_failure 13
		# ... but not to the setuid one, which still may not write b/f.
		run in_etc "$UPPER" "${NOBODY[@]}" env XDG_CONFIG_HOME="$T/empty" "$v" \
			"$suid" write_file "$T/a/f"
		assert_success
		run in_etc "$UPPER" "${NOBODY[@]}" env XDG_CONFIG_HOME="$T/empty" "$v" \
			"$suid" write_file "$T/b/f"
		assert_failure 13
	done
	# A user directory found through HOME is ignored too.
	mkdir -p "$T/home/.config"
	cp -r "$XDG_CONFIG_HOME/llshim" "$T/home/.config/"
	run in_etc "$UPPER" "${NOBODY[@]}" env -u XDG_CONFIG_HOME HOME="$T/home" \
		"$plain" write_file "$T/a/f"
	assert_failure 13
	run in_etc "$UPPER" "${NOBODY[@]}" env -u XDG_CONFIG_HOME HOME="$T/home" \
		"$suid" write_file "$T/a/f"
	assert_success

	# Variables that refuse a normal start are not even read.
	run in_etc "$UPPER" "${NOBODY[@]}" env LLSHIM_POLICY= LL_TCP_CONNECT=80x \
		"$plain" write_file "$T/a/f"
	assert_failure 126
	run in_etc "$UPPER" "${NOBODY[@]}" env LLSHIM_POLICY= LL_TCP_CONNECT=80x \
		"$suid" write_file "$T/a/f"
	assert_success

	# LLSHIM_DEBUG is ignored in secure mode, honoured otherwise.
	run in_etc "$UPPER" "${NOBODY[@]}" env LLSHIM_DEBUG=1 "$suid" write_file "$T/a/f"
	assert_success
	assert_output ""
	sys_policy plain.conf "$T/a"
	run in_etc "$UPPER" "${NOBODY[@]}" env XDG_CONFIG_HOME="$T/empty" LLSHIM_DEBUG=1 \
		"$plain" write_file "$T/a/f"
	assert_success
	assert_output --partial "llshim: $plain: layer 1: /etc/llshim/policy.d/plain.conf: 1 rules;"
}

@test "ld.so.preload: a program without a policy runs untouched" {
	require_root
	local script='env; grep -E "^(NoNewPrivs|Seccomp):" /proc/self/status;
		echo written >"$1/b/new"; cat "$1/b/new"; stat -c "%n %a %s" "$1"/b/*'
	run env -i PATH=/usr/bin:/bin LC_ALL=C sh -c "$script" sh "$T"
	assert_success
	local outside=$output
	rm "$T/b/new"
	preload_everywhere "$LLSHIM_LIB"
	run in_etc "$UPPER" env -i PATH=/usr/bin:/bin LC_ALL=C sh -c "$script" sh "$T"
	assert_success
	assert_output "$outside"
	assert_output --partial "NoNewPrivs:	0"
	# Twin: a policy for grep changes what it reports (the shim always
	# sets no_new_privs), so the comparison can fail.
	rm "$T/b/new"
	printf 'version = 1;\nfs = ( { path = "/proc"; access = "ro"; } );\n' >"$POLICY_D/grep.conf"
	chmod 0644 "$POLICY_D/grep.conf"
	run in_etc "$UPPER" env -i PATH=/usr/bin:/bin LC_ALL=C sh -c "$script" sh "$T"
	assert_success
	assert_output --partial "NoNewPrivs:	1"
}

@test "ld.so.preload: a missing library is reported by glibc and the program runs unsandboxed" {
	require_root
	open_test_tmpdir
	local app suid gone="$T/gone/libllshim.so"
	app=$(prog app)
	suid=$(prog suid)
	chmod 4755 "$suid"
	preload_everywhere "$gone"
	sys_policy app.conf "$T/a"
	sys_policy suid.conf "$T/a"
	local glibc="ERROR: ld.so: object '$gone' from /etc/ld.so.preload cannot be preloaded (cannot open shared object file): ignored."
	# Not fail-closed: this is glibc's behaviour, documented in the README.
	run in_etc "$UPPER" "$app" write_file "$T/b/f"
	assert_success
	assert_output "$glibc"
	# The same for a setuid program (setpriv is preloaded too: two lines).
	run in_etc "$UPPER" "${NOBODY[@]}" "$suid" write_file "$T/b/f"
	assert_success
	assert_line --index 0 "$glibc"
	assert_line --index 1 "$glibc"
	# Twin: with the library in place the same start is denied.
	preload_everywhere "$LLSHIM_LIB"
	run in_etc "$UPPER" "$app" write_file "$T/b/f"
	assert_failure 13
}

@test "patchelf --add-needed: sandboxed without LD_PRELOAD, and no library means no start" {
	require_cmd patchelf
	local app lib="$T/lib"
	mkdir "$lib"
	cp "$LLSHIM_LIB" \
		"$LLSHIM_BUILD/libllshim-parser.so" "$lib/"
	app=$(prog needy)
	# An absolute DT_NEEDED name: found without rpath or LD_LIBRARY_PATH.
	patchelf --add-needed "$lib/libllshim.so" "$app"
	user_policy needy.conf "$T/a"
	run env -u LD_PRELOAD "$app" write_file "$T/a/f"
	assert_success
	run env -u LD_PRELOAD "$app" write_file "$T/b/f"
	assert_failure 13
	# Fail closed: without the library the loader refuses to start it.
	mv "$lib" "$T/lib.gone"
	run -127 env -u LD_PRELOAD "$app" write_file "$T/b/f"
	assert_output "$app: error while loading shared libraries: $lib/libllshim.so: cannot open shared object file: No such file or directory"
	# Twin: the unpatched program is not sandboxed by that policy.
	cp "$PROBE" "$T/bin/needy"
	run env -u LD_PRELOAD "$app" write_file "$T/b/f"
	assert_success
}

@test "patchelf --add-needed with a system policy, under the overlay" {
	require_root
	require_cmd patchelf
	local app
	app=$(prog needy)
	patchelf --add-needed "$LLSHIM_LIB" "$app"
	sys_policy needy.conf "$T/a"
	run in_etc "$UPPER" env -i "$app" write_file "$T/b/f"
	assert_failure 13
	run in_etc "$UPPER" env -i "$app" write_file "$T/a/f"
	assert_success
}

@test "the 17th nested layer is refused: Landlock stacks at most 16" {
	user_config >/dev/null
	# A policy for dash (/bin/sh), applied again at each nested sh start.
	mkdir -p "$XDG_CONFIG_HOME/llshim/policy.d"
	cat >"$XDG_CONFIG_HOME/llshim/policy.d/dash.conf" <<-EOF
		version = 1;
		include = ["base"];
		fs = ( { path = "$T"; access = "ro"; },
		       { path = "$LLSHIM_BUILD"; access = "ro"; } );
	EOF
	# nest.sh N: N nested sh processes, each started by the previous one.
	cat >"$T/nest.sh" <<-'EOF'
		if [ "$1" -gt 1 ]; then
			sh "$0" $(($1 - 1))
		else
			echo "deepest"
		fi
	EOF
	run_shimmed sh "$T/nest.sh" 16
	assert_success
	assert_output "deepest"
	run_shimmed sh "$T/nest.sh" 17
	assert_failure 126
	assert_output "llshim: /usr/bin/dash: $XDG_CONFIG_HOME/llshim/policy.d/dash.conf: cannot enforce: Landlock stacks at most 16 layers and this process already has them all (E2BIG)"
}
