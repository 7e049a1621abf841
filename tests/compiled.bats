#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Compiled policies (policy/compiled.h): a policy file is parsed once and
# kept in binary form with everything it was made from; a later start uses
# that form only while all of it is unchanged and only when nobody else
# could have written it.  Driven by build/asan/compiled_check (ASan/UBSan),
# which stores and loads exactly as the shim does, from this test's HOME.
#
# Root's profile directories are compiled in and must not be touched by
# tests: --profile-dirs names two directories of this test instead, which
# start absent, so profiles come from the user's ~/.config/llshim/profiles.

# The namespace scripts expand their own "$1": single quotes on purpose.
# shellcheck disable=SC2016

load helper

CHECK="$LLSHIM_BUILD/asan/compiled_check"

setup() {
	unset_policy_env
	unset XDG_CONFIG_HOME APPDIR OPTDIR
	[[ -x $CHECK ]] || fail "$CHECK is missing: make test-progs"
	export HOME="$BATS_TEST_TMPDIR/home"
	PROFILES="$HOME/.config/llshim/profiles"
	install_profiles "$PROFILES"
	ROOT_PROFILES="$BATS_TEST_TMPDIR/root-profiles"
	DIR="$BATS_TEST_TMPDIR/policies"
	mkdir -p "$DIR"
	POLICY="$DIR/app.conf"
	COMPILED="$HOME/.config/llshim/compiled"
	export APPDIR="$BATS_TEST_TMPDIR/app"
}

# check [ARGS...]: the driver, with the test's root profile directories.
check() {
	"$CHECK" --profile-dirs "$ROOT_PROFILES/etc:$ROOT_PROFILES/share" "$@"
}

# A policy with every feature of the language, and a profile of its own.
write_full_policy() {
	cat >"$PROFILES/extra.conf" <<-'EOF'
		version = 1;
		fs = ( { path = "${APPDIR}/extra"; access = "ro"; } );
		net = { connect = [8443]; };
	EOF
	cat >"$POLICY" <<-'EOF'
		version = 1;
		include = ["base", "tmp", "extra"];
		compat = "hard";
		abi = 6;
		fs = (
			{ path = "${APPDIR}/data"; access = "rw"; },
			{ path = "${OPTDIR:-/opt}"; access = "rox"; },
			{ path = "${HOME}/notes"; access = ["read_file", "write_file"]; },
			{ path = "/etc/hostname"; access = ["read_file"]; required = true; }
		);
		net = { connect = [80, 443]; bind = []; };
		scope = ["abstract_unix_socket", "signal"];
		log = { same_exec = false; new_exec = true; subdomains = false; };
	EOF
}

# store_policy: compile $POLICY (an explicit policy) into $COMPILED.
store_policy() {
	run check store "$POLICY"
	assert_success
	assert_output stored
}

# assert_loads WORD: the compiled form of $POLICY loads as WORD (ok,
# stale, untrusted, none).
assert_loads() {
	run check load "$POLICY"
	if [[ $1 == ok ]]; then
		assert_success
		assert_line --index 0 ok
	else
		assert_failure
		assert_output --regexp "^load: $1 \(-[0-9]+\)$"
	fi
}

@test "a policy with every feature decodes to the same layer" {
	write_full_policy
	run check --explicit "$POLICY"
	assert_success
	assert_output same
	run check --user "$POLICY"
	assert_success
	assert_output same
	# And the least: nothing but the version (TCP not restricted).
	echo 'version = 1;' >"$POLICY"
	run check "$POLICY"
	assert_success
	assert_output same
}

@test "a compiled policy is refused to another user" {
	write_full_policy
	run check --uid 4242 "$POLICY"
	assert_failure
	assert_output "decode: invalid (-22)"
}

@test "a stored policy loads, as what a fresh parse gives" {
	write_full_policy
	store_policy
	run check load "$POLICY"
	assert_success
	assert_output "ok
same"
}

@test "nothing stored, or stored for another kind of policy: none" {
	write_full_policy
	assert_loads none
	run check --user store "$POLICY"
	assert_success
	assert_loads none
}

@test "an edit of the policy that keeps its size and mtime is seen" {
	write_full_policy
	store_policy
	local before
	before=$(stat -c '%i %s %y' "$POLICY")
	cp -p "$POLICY" "$BATS_TEST_TMPDIR/before"
	# In place (sed -i would make a new file), then the old mtime back.
	sed 's/443\]/444]/' "$BATS_TEST_TMPDIR/before" >"$POLICY"
	touch -r "$BATS_TEST_TMPDIR/before" "$POLICY"
	# Only the change time tells the two apart.
	assert_equal "$(stat -c '%i %s %y' "$POLICY")" "$before"
	run cmp -s "$POLICY" "$BATS_TEST_TMPDIR/before"
	assert_failure
	assert_loads stale
}

@test "reading the policy and new files beside it change nothing" {
	write_full_policy
	store_policy
	cat "$POLICY" >/dev/null
	touch "$DIR/other.conf"
	assert_loads ok
}

@test "an edit of an included profile is seen; of another profile, not" {
	write_full_policy
	store_policy
	echo '# unused' >>"$PROFILES/terminal.conf"
	assert_loads ok
	echo '# edited' >>"$PROFILES/extra.conf"
	assert_loads stale
}

@test "a change of the policy directory's mode is seen" {
	write_full_policy
	store_policy
	chmod 0750 "$DIR"
	assert_loads stale
}

@test "a change of the profile directory's mode is seen" {
	write_full_policy
	store_policy
	chmod 0750 "$PROFILES"
	assert_loads stale
}

@test "a profile of higher priority appearing is seen; another profile, not" {
	write_full_policy
	store_policy
	mkdir -p "$ROOT_PROFILES/share"
	echo 'version = 1;' >"$ROOT_PROFILES/share/other.conf"
	assert_loads ok
	echo 'version = 1;' >"$ROOT_PROFILES/share/extra.conf"
	assert_loads stale
}

@test "a profile directory that is a file counts as missing, as in a parse" {
	write_full_policy
	store_policy
	mkdir -p "$ROOT_PROFILES"
	echo 'not a directory' >"$ROOT_PROFILES/etc"
	run check load "$POLICY"
	assert_success
	assert_output "ok
same"
	rm "$ROOT_PROFILES/etc"
	mkdir "$ROOT_PROFILES/etc"
	cp "$PROFILES/base.conf" "$ROOT_PROFILES/etc/"
	assert_loads stale
}

@test "a changed variable the policy uses is seen" {
	write_full_policy
	store_policy
	APPDIR=/elsewhere assert_loads stale
	OPTDIR=/srv assert_loads stale
	unset APPDIR
	assert_loads stale
}

@test "variables the policy does not use change nothing" {
	write_full_policy
	store_policy
	UNRELATED=1 LL_OTHER=x assert_loads ok
}

@test "a compiled file writable by its group is not trusted" {
	write_full_policy
	store_policy
	chmod 0640 "$COMPILED"/*.bin
	assert_loads ok
	chmod 0620 "$COMPILED"/*.bin
	assert_loads untrusted
}

@test "a compiled file of another owner is not trusted" {
	require_root "chown to another user"
	write_full_policy
	store_policy
	chown root "$COMPILED"/*.bin
	assert_loads ok
	chown nobody "$COMPILED"/*.bin
	assert_loads untrusted
}

@test "a compiled directory writable by others is never written into; the user's own file there still loads" {
	write_full_policy
	store_policy
	chmod 0757 "$COMPILED"
	# The file is checked at every start, the directory when writing.
	assert_loads ok
	touch "$POLICY"
	run check store "$POLICY"
	assert_failure
	assert_output "store: untrusted (-1)"
	assert_loads stale
	chmod 0755 "$COMPILED"
	store_policy
	assert_loads ok
}

@test "a compiled file of another policy path is a miss, not that policy" {
	write_full_policy
	store_policy
	cp "$POLICY" "$DIR/other.conf"
	run check store "$DIR/other.conf"
	assert_output stored
	run check path "$DIR/other.conf"
	other_bin=$output
	run check path "$POLICY"
	cp "$output" "$other_bin"
	run check load "$DIR/other.conf"
	assert_output "load: none (-2)"
	assert_loads ok
}

@test "every damaged byte is refused and damage never crashes the reader" {
	write_full_policy
	run check corrupt "$POLICY"
	assert_success
	assert_output --regexp '^clean: [0-9]+ damaged copies, 0 accepted'
}

@test "store makes the compiled directory, private, in the user's own" {
	echo 'version = 1; fs = ( { path = "/usr"; access = "ro"; } );' >"$POLICY"
	rm -rf "$HOME/.config/llshim"
	store_policy
	run stat -c %a "$HOME/.config/llshim" "$COMPILED"
	assert_output "700
700"
	run find "$COMPILED" -type f
	assert_output --regexp "^$COMPILED/[0-9a-f]{16}\.bin$"
	assert_loads ok
}

@test "store creates nothing when the user's config directory is missing" {
	echo 'version = 1; fs = ( { path = "/usr"; access = "ro"; } );' >"$POLICY"
	rm -rf "$HOME/.config"
	run check store "$POLICY"
	assert_failure
	assert_output "store: none (-2)"
	run ls -A "$HOME"
	assert_output ""
}

@test "a failed store leaves no temporary file" {
	write_full_policy
	run check path "$POLICY"
	mkdir -p "$output/blocker"
	run check store "$POLICY"
	assert_failure
	assert_output --partial "store: "
	run find "$COMPILED" -name '*.tmp'
	assert_output ""
	assert_loads untrusted
}

# system_check SCRIPT: run SCRIPT as root in a private mount namespace
# whose /srv is a root-owned tmpfs holding $POLICY as /srv/app.conf: a
# system policy needs root's whole directory chain, which no test
# directory has.
system_check() {
	require_root "a private mount namespace"
	export CHECK
	run unshare -m -- sh -c 'mount --make-rprivate / &&
		mount -t tmpfs -o mode=0755 tmpfs /srv &&
		install -m 0644 "$1" /srv/app.conf && eval "$2"' sh "$POLICY" "$1"
}

@test "a system policy using \${UID} is compiled; one using \${HOME} is not" {
	echo 'version = 1; fs = ( { path = "/run/user/${UID}"; access = "rw"; } );' >"$POLICY"
	system_check '"$CHECK" --system /srv/app.conf'
	assert_success
	assert_output same
	echo 'version = 1; fs = ( { path = "${HOME}/data"; access = "rw"; } );' >"$POLICY"
	system_check '"$CHECK" --system /srv/app.conf
		"$CHECK" --system store /srv/app.conf'
	assert_failure
	assert_output "encode: invalid (-22)
store: invalid (-22)"
}
