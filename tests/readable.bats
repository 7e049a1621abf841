#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# What every layer keeps readable whatever its policy says (SPEC 3): the
# shim, its parser and the policy directories, so that children load the
# shim and find their own policies.  When a rule of the policy already
# lets the program read beneath a directory that holds them, the shim adds
# no rule of its own, but only if the path really lies beneath it: no
# symbolic link and no ".." may lead elsewhere.

load helper

setup() {
	T="$BATS_TEST_TMPDIR"
	mkdir -p "$T/lib" "$T/real" "$T/work"
	cp "$LLSHIM_BUILD/libllshim.so" "$LLSHIM_BUILD/libllshim-parser.so" \
		"$T/real/"
	echo data >"$T/work/file"
	echo secret >"$T/real/secret"
	ln -s "$T/real" "$T/lib/link"
	# Reads beneath $T/lib, which holds only a link to $T/real.
	cat >"$T/p.conf" <<-EOF
		version = 1;
		fs = (
		$(start_rules),
		  { path = "/bin"; access = "rox"; },
		  { path = "$T/lib"; access = "ro"; },
		  { path = "$T/work"; access = "ro"; }
		);
	EOF
}

# child_reads PRELOAD FILE: a shell, and a cat it starts, under the policy
# with PRELOAD as the shim, reading FILE.
child_reads() {
	run env LD_PRELOAD="$1" LLSHIM_POLICY="$T/p.conf" \
		/bin/sh -c "cat '$2'"
}

@test "a shim under a directory the policy reads stays loadable to children" {
	mkdir "$T/lib/direct"
	cp "$T/real/libllshim.so" "$T/real/libllshim-parser.so" "$T/lib/direct/"
	child_reads "$T/lib/direct/libllshim.so" "$T/work/file"
	assert_success
	refute_output --partial "cannot be preloaded"
	assert_output data
}

@test "a shim reached through a symbolic link below such a directory stays loadable" {
	child_reads "$T/lib/link/libllshim.so" "$T/work/file"
	assert_success
	refute_output --partial "cannot be preloaded"
	assert_output data
}

@test "beside that shim, the link's target stays unreadable (twin)" {
	child_reads "$T/lib/link/libllshim.so" "$T/lib/link/secret"
	assert_failure
	refute_output --partial "cannot be preloaded"
	assert_output --partial "secret: Permission denied"
}

@test "a shim reached through .. out of such a directory stays loadable" {
	child_reads "$T/lib/../real/libllshim.so" "$T/work/file"
	assert_success
	refute_output --partial "cannot be preloaded"
	assert_output data
}

@test "beside a shim reached through .., the directory stays unreadable (twin)" {
	child_reads "$T/lib/../real/libllshim.so" "$T/real/secret"
	assert_failure
	refute_output --partial "cannot be preloaded"
	assert_output --partial "secret: Permission denied"
}

@test "a user policy directory reached through a symbolic link stays readable to children" {
	# The child's own policy lives under a config home that is a link
	# out of the directory the parent's policy reads.
	mkdir -p "$T/realcfg/llshim/policy.d"
	ln -s "$T/realcfg" "$T/lib/cfg"
	cat >"$T/realcfg/llshim/policy.d/$(basename "$PROBE").conf" <<-EOF
		version = 1;
		fs = (
		$(start_rules),
		  { path = "$T/work"; access = "ro"; }
		);
	EOF
	run env XDG_CONFIG_HOME="$T/lib/cfg" LD_PRELOAD="$LLSHIM_LIB" \
		LLSHIM_POLICY="$T/p.conf" LLSHIM_DEBUG=1 \
		/bin/sh -c "'$PROBE' read_file '$T/work/file'"
	assert_success
	refute_output --partial "cannot"
	# The parent's layer, then the child's own one.
	assert_equal "$(grep -c ": layer .*$(basename "$PROBE").conf" <<<"$output")" 1
}

# From a policy's compiled form: it remembers which of these paths lay
# beneath its own read rules, so later starts neither look again nor add
# a rule for them; a path it could not prove beneath still gets its rule.

# twice PRELOAD FILE: child_reads once to compile the policy, then again
# from its compiled form, which the assertions see.
twice() {
	child_reads "$1" "$2"
	[[ -n $(find "$XDG_CONFIG_HOME/llshim/compiled" -name '*.bin') ]]
	child_reads "$1" "$2"
}

# looks PRELOAD: the openat2(2) calls of one start under the policy.
looks() {
	strace -qq -e trace=openat2 -E LD_PRELOAD="$1" \
		-E LLSHIM_POLICY="$T/p.conf" "$PROBE" read_file "$T/work/file" \
		2>&1 >/dev/null | grep -c '^openat2(' || true
}

@test "from its compiled form, a shim under a directory the policy reads stays loadable" {
	mkdir "$T/lib/direct"
	cp "$T/real/libllshim.so" "$T/real/libllshim-parser.so" "$T/lib/direct/"
	twice "$T/lib/direct/libllshim.so" "$T/work/file"
	assert_success
	refute_output --partial "cannot be preloaded"
	assert_output data
}

@test "the compiled form spares the look beneath the rules that a first start takes (twin)" {
	require_cmd strace
	mkdir "$T/lib/direct"
	cp "$T/real/libllshim.so" "$T/real/libllshim-parser.so" "$T/lib/direct/"
	# The first start parses and proves the shim and parser beneath.
	[[ $(looks "$T/lib/direct/libllshim.so") -ge 2 ]]
	[[ -n $(find "$XDG_CONFIG_HOME/llshim/compiled" -name '*.bin') ]]
	assert_equal "$(looks "$T/lib/direct/libllshim.so")" 0
}

@test "from its compiled form, a shim reached through a symbolic link still gets its own rule" {
	twice "$T/lib/link/libllshim.so" "$T/work/file"
	assert_success
	refute_output --partial "cannot be preloaded"
	assert_output data
}

@test "from its compiled form, beside that shim the link's target stays unreadable (twin)" {
	twice "$T/lib/link/libllshim.so" "$T/lib/link/secret"
	assert_failure
	refute_output --partial "cannot be preloaded"
	assert_output --partial "secret: Permission denied"
}
