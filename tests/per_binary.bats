#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Per-binary policy lookup (SPEC.md section 2), shown with the user's
# policy directory: names, identities, scripts, symlinks, layers, cost.

load helper

setup() {
	T="$BATS_TEST_TMPDIR"
	export XDG_CONFIG_HOME="$T/config"
	POLICY_D="$XDG_CONFIG_HOME/llshim/policy.d"
	mkdir -p "$POLICY_D" "$T/bin"
	unset_policy_env
	cp "$PROBE" "$T/bin/tool"
	TOOL="$(realpath "$T/bin/tool")"
	echo a >"$T/secret-a"
	echo b >"$T/secret-b"
}

# flat PATH: the policy file name of a path ("/usr/bin/x" -> usr.bin.x.conf).
flat() {
	local p=${1#/}
	echo "${p//\//.}.conf"
}

# policy NAME [PATH...]: a policy letting a program start and read PATHs.
policy() {
	local name=$1 p
	shift
	{
		echo 'version = 1;'
		echo 'fs = ('
		echo '  { path = "/usr"; access = "rox"; },'
		echo '  { path = "/lib"; access = "rox"; },'
		echo '  { path = "/lib64"; access = "rox"; },'
		for p in "$@"; do
			echo "  { path = \"$p\"; access = \"ro\"; },"
		done
		echo '  { path = "/etc/ld.so.cache"; access = "ro"; }'
		echo ');'
	} >"$POLICY_D/$name"
}

@test "a policy named after the flattened canonical path applies" {
	policy "$(flat "$TOOL")"
	run_shimmed "$TOOL" read_file "$T/secret-a"
	assert_failure 13
	rm "$POLICY_D/$(flat "$TOOL")"
	run_shimmed "$TOOL" read_file "$T/secret-a"
	assert_success
}

@test "a policy named after the basename applies" {
	policy tool.conf
	run_shimmed "$TOOL" read_file "$T/secret-a"
	assert_failure 13
	policy other-tool.conf
	rm "$POLICY_D/tool.conf"
	run_shimmed "$TOOL" read_file "$T/secret-a"
	assert_success
}

@test "the flattened name comes before the basename: only the first applies" {
	policy "$(flat "$TOOL")" "$T/secret-a"
	policy tool.conf "$T/secret-b"
	run_shimmed "$TOOL" read_file "$T/secret-a"
	assert_success
	run_shimmed "$TOOL" read_file "$T/secret-b"
	assert_failure 13
}

@test "a symlink with a laxer policy cannot replace the real file's policy" {
	ln -s tool "$T/bin/alias"
	policy tool.conf
	policy alias.conf "$T/secret-a"
	run_shimmed "$T/bin/alias" read_file "$T/secret-a"
	assert_failure 13
	run_shimmed LLSHIM_DEBUG=1 "$T/bin/alias" read_file /dev/null
	assert_output --partial "layer 1: $POLICY_D/tool.conf:"
}

@test "a program started through a symlink gets the symlink's policy when its own has none" {
	ln -s tool "$T/bin/alias"
	policy alias.conf
	run_shimmed "$T/bin/alias" read_file "$T/secret-a"
	assert_failure 13
	# The symlink's policy is not the real file's: started directly, none.
	run_shimmed "$TOOL" read_file "$T/secret-a"
	assert_success
}

@test "the started path's flattened name matches a start through a symlinked directory" {
	ln -s bin "$T/linked"
	policy "$(flat "$T/linked/tool")"
	run_shimmed "$T/linked/tool" read_file "$T/secret-a"
	assert_failure 13
	run_shimmed "$T/bin/tool" read_file "$T/secret-a"
	assert_success
}

@test "a relative start is named by its absolute path" {
	policy "$(flat "$TOOL")"
	cd "$T/bin"
	run_shimmed ./tool read_file "$T/secret-a"
	assert_failure 13
}

@test "a script and its interpreter each add a layer: they intersect" {
	printf '#!/bin/sh\ncat "$@"\n' >"$T/bin/show"
	chmod +x "$T/bin/show"
	policy show.conf "$T/secret-a" "$T/secret-b"
	# The interpreter's policy by the name the #! line uses (/bin/sh).
	policy sh.conf "$T/secret-a"
	run_shimmed LLSHIM_DEBUG=1 "$T/bin/show" "$T/secret-a"
	assert_success
	assert_line --regexp "^llshim: /usr/bin/dash: layer 1: $POLICY_D/sh.conf: "
	assert_line --regexp "^llshim: /usr/bin/dash: layer 2: $POLICY_D/show.conf: "
	assert_line a
	run_shimmed "$T/bin/show" "$T/secret-b"
	assert_failure
	assert_output --partial "secret-b: Permission denied"
}

@test "a script's own policy applies when its interpreter has none" {
	printf '#!/bin/sh\ncat "$@"\n' >"$T/bin/show"
	chmod +x "$T/bin/show"
	policy show.conf "$T/secret-a"
	run_shimmed "$T/bin/show" "$T/secret-b"
	assert_failure
	assert_output --partial "Permission denied"
	run_shimmed "$T/bin/show" "$T/secret-a"
	assert_success
	assert_output a
}

@test "identical layers found for two identities are applied once" {
	printf '#!/bin/sh\ncat "$@"\n' >"$T/bin/show"
	chmod +x "$T/bin/show"
	policy show.conf "$T/secret-a"
	cp "$POLICY_D/show.conf" "$POLICY_D/sh.conf"
	run_shimmed LLSHIM_DEBUG=1 "$T/bin/show" "$T/secret-a"
	assert_success
	assert_line --partial "layer 2: $POLICY_D/show.conf: same as layer 1, applied once"
}

@test "user and explicit policies are separate layers" {
	policy tool.conf "$T/secret-a" "$T/secret-b"
	policy explicit.conf "$T/secret-b"
	mv "$POLICY_D/explicit.conf" "$T/explicit.conf"
	run_shimmed LLSHIM_POLICY="$T/explicit.conf" "$TOOL" read_file "$T/secret-a"
	assert_failure 13
	run_shimmed LLSHIM_POLICY="$T/explicit.conf" "$TOOL" read_file "$T/secret-b"
	assert_success
}

@test "a program with no policy in an existing policy directory runs untouched" {
	policy some-other-program.conf
	run_shimmed LLSHIM_DEBUG=1 "$TOOL" read_file "$T/secret-a"
	assert_success
	assert_output ""
}

@test "a user policy writable by others is refused" {
	policy tool.conf
	chmod 666 "$POLICY_D/tool.conf"
	run_shimmed "$TOOL" read_file "$T/secret-a"
	assert_failure 126
	assert_output "llshim: $TOOL: $POLICY_D/tool.conf: not trusted: writable by others"
}

@test "a user policy owned by another user is refused" {
	require_root "to give a file to another user"
	policy tool.conf
	chown 65534 "$POLICY_D/tool.conf"
	run_shimmed "$TOOL" read_file "$T/secret-a"
	assert_failure 126
	assert_output "llshim: $TOOL: $POLICY_D/tool.conf: not trusted: owned by another user (neither you nor root)"
}

@test "an error in a per-binary policy refuses the program with file and line" {
	printf 'version = 1;\nfs = ( { path = "/usr"; access = "rox!"; } );\n' >"$POLICY_D/tool.conf"
	run_shimmed "$TOOL" read_file "$T/secret-a"
	assert_failure 126
	assert_output "llshim: $TOOL: $POLICY_D/tool.conf:2: unknown access group \"rox!\" (ro, rox, rw, rwx, or a list of rights)"
}

# lookups CMD...: the shim's system calls on policy.d while CMD starts.
lookups() {
	strace -f -qq -e trace=openat,open,getdents64,getdents "$@" 2>&1 >/dev/null |
		grep -E "policy\.d|getdents" || true
}

@test "lookup cost does not depend on how many files the directory holds" {
	require_cmd strace
	policy tool.conf
	local few many
	# The first start compiles the policy; both counts are of later ones.
	run_shimmed "$TOOL" read_file /dev/null
	few=$(lookups env LD_PRELOAD="$LLSHIM_LIB" "$TOOL" read_file /dev/null | wc -l)
	seq 1 10000 | sed 's/$/.conf/' | (cd "$POLICY_D" && xargs touch)
	[ "$(find "$POLICY_D" -type f | wc -l)" -eq 10001 ]
	many=$(lookups env LD_PRELOAD="$LLSHIM_LIB" "$TOOL" read_file /dev/null | wc -l)
	assert_equal "$many" "$few"
	run lookups env LD_PRELOAD="$LLSHIM_LIB" "$TOOL" read_file /dev/null
	refute_output --partial getdents
	# And the policy still applies among 10,000 others.
	run_shimmed "$TOOL" read_file "$T/secret-a"
	assert_failure 13
}

@test "a sandboxed interpreter may read the script it runs, and no other" {
	printf '#!/bin/sh\necho running\ncat "$@"\n' >"$T/bin/show"
	cp "$T/bin/show" "$T/bin/other"
	chmod +x "$T/bin/show"
	run_shimmed LL_FS_RO=/usr:/lib:/lib64:/etc/ld.so.cache "$T/bin/show" "$T/bin/other"
	assert_failure
	assert_line --index 0 running
	assert_line --index 1 "cat: $T/bin/other: Permission denied"
}

@test "without a policy directory, a script may still read itself: plain, with an argument, nested" {
	# No policy.d: the shim tells a script from the kernel's arguments and
	# the started file's first line, not from the program's identities.
	rm -r "$XDG_CONFIG_HOME/llshim"
	local ro=/usr:/lib:/lib64:/etc/ld.so.cache
	printf '#!/bin/sh\nhead -n 1 "$0"\n' >"$T/bin/plain"
	printf '#!/bin/sh -e\nhead -n 1 "$0"\n' >"$T/bin/witharg"
	# Nested: outer's interpreter is itself a script, which the policy
	# grants; outer is the started file, readable whatever the policy says.
	mkdir "$T/granted"
	printf '#!/bin/sh\nhead -n 1 "$1"\n' >"$T/granted/inner"
	printf '#!%s\n' "$T/granted/inner" >"$T/bin/outer"
	chmod +x "$T/bin/plain" "$T/bin/witharg" "$T/granted/inner" "$T/bin/outer"
	run_shimmed LL_FS_RO="$ro" "$T/bin/plain"
	assert_success
	assert_output '#!/bin/sh'
	run_shimmed LL_FS_RO="$ro" "$T/bin/witharg"
	assert_success
	assert_output '#!/bin/sh -e'
	run_shimmed LL_FS_RO="$ro:$T/granted" "$T/bin/outer"
	assert_success
	assert_output "#!$T/granted/inner"
	# Twin: the same interpreter may not read a script it was not started as.
	run_shimmed LL_FS_RO="$ro:$T/granted" /bin/sh "$T/granted/inner" "$T/bin/plain"
	assert_failure
	assert_output --partial "Permission denied"
}

@test "a program given its own path as an argument is still named by its file" {
	# Its arguments look like a binfmt interpreter's, so the shim reads
	# its header to be sure; the policy applies the same either way.
	policy tool.conf
	run_shimmed "$TOOL" read_file "$TOOL"
	assert_failure 13
	policy tool.conf "$T/bin"
	run_shimmed "$TOOL" read_file "$TOOL"
	assert_success
}

@test "a child finds and applies its own policy inside its parent's sandbox" {
	# The parent's policy grants neither the policy directory nor /proc.
	policy tool.conf
	run_shimmed LL_FS_RO="/usr:/lib:/lib64:/etc/ld.so.cache:$T/bin:$T/secret-a" \
		/bin/sh -c "cat '$T/secret-a'; '$TOOL' read_file '$T/secret-a'"
	assert_failure 13
	assert_line --index 0 a
	assert_line --index 1 --partial "probe: read_file: Permission denied"
	# Twin: without its own policy the child reads what the parent allows.
	rm "$POLICY_D/tool.conf"
	run_shimmed LL_FS_RO="/usr:/lib:/lib64:/etc/ld.so.cache:$T/bin:$T/secret-a" \
		/bin/sh -c "'$TOOL' read_file '$T/secret-a'"
	assert_success
}

@test "a system program started through symlinked paths gets its real file's policy first" {
	# /bin/sh: /bin and sh are symlinks, resolved without /proc since
	# every directory on the way is root's (/usr/bin/dash on Debian).
	local real
	real=$(realpath /bin/sh)
	[[ $real != /bin/sh ]] || skip "/bin/sh is not a symlink here"
	policy sh.conf
	run_shimmed /bin/sh -c "cat '$T/secret-a'"
	assert_failure
	assert_output --partial "Permission denied"
	# The real file's name wins over the started one's.
	policy "${real##*/}.conf" "$T/secret-a"
	run_shimmed /bin/sh -c "cat '$T/secret-a'"
	assert_success
	assert_output a
}

@test "a symlink in a directory others may write still names the real program" {
	ln -s /usr/bin/cat "$T/bin/kitty"
	policy cat.conf
	run_shimmed "$T/bin/kitty" "$T/secret-a"
	assert_failure
	assert_output --partial "Permission denied"
	rm "$POLICY_D/cat.conf"
	run_shimmed "$T/bin/kitty" "$T/secret-a"
	assert_success
	assert_output a
}
