#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# llshim which: finds a command like a shell, shows its identities and,
# per directory and identity, the policy names tried and the one that
# applies; warns about policies named after a symlink.  Shown with the
# user's policy directory under $BATS_TEST_TMPDIR (never the real /etc).

load helper
bats_require_minimum_version 1.5.0

LLSHIM="$LLSHIM_BUILD/llshim"

setup() {
	T="$BATS_TEST_TMPDIR"
	export XDG_CONFIG_HOME="$T/config"
	POLICY_D="$XDG_CONFIG_HOME/llshim/policy.d"
	mkdir -p "$POLICY_D" "$T/bin"
	unset_policy_env
	cp "$PROBE" "$T/bin/tool"
	TOOL="$(realpath "$T/bin/tool")"
	FLAT_TOOL="$(flat "$TOOL")"
}

# flat PATH: the policy file name of a path ("/usr/bin/x" -> usr.bin.x.conf).
flat() {
	local p=${1#/}
	echo "${p//\//.}.conf"
}

# policy NAME: a policy in the user's policy.d that lets programs start.
policy() {
	cat >"$POLICY_D/$1" <<'EOF'
version = 1;
fs = ( { path = "/usr"; access = "rox"; }, { path = "/lib"; access = "rox"; },
       { path = "/lib64"; access = "rox"; }, { path = "/etc/ld.so.cache"; access = "ro"; } );
EOF
}

# name_line NAME STATE: the line which prints for one candidate name.
name_line() {
	printf '    %-40s %s' "$1" "$2"
}

@test "a binary without a policy: said plainly; with one, the name that applies" {
	run --separate-stderr "$LLSHIM" which "$TOOL"
	assert_success
	assert_line "command: $TOOL"
	assert_line "identity 1: $TOOL"
	assert_line "user policies: $POLICY_D"
	assert_line "$(name_line "$FLAT_TOOL" absent)"
	assert_line "$(name_line tool.conf absent)"
	assert_line "    -> none of these exists"
	assert_line "result: no per-binary policy applies to $TOOL"
	policy tool.conf
	run --separate-stderr "$LLSHIM" which "$TOOL"
	assert_success
	assert_line "$(name_line tool.conf APPLIES)"
	assert_line "    -> layer 1: $POLICY_D/tool.conf"
	assert_line "result: 1 per-binary policy applies, one layer each"
	assert_equal "$stderr" ""
}

@test "the flattened name is tried first: the basename is then not tried" {
	policy "$FLAT_TOOL"
	policy tool.conf
	run "$LLSHIM" which "$TOOL"
	assert_success
	assert_line "$(name_line "$FLAT_TOOL" APPLIES)"
	assert_line "$(name_line tool.conf "not tried")"
	assert_line "    -> layer 1: $POLICY_D/$FLAT_TOOL"
}

@test "a policy named after a symlink applies through it, with a warning" {
	ln -s tool "$T/bin/alias"
	policy alias.conf
	run --separate-stderr "$LLSHIM" which "$T/bin/alias"
	assert_success
	assert_line "identity 1: $TOOL, started as $T/bin/alias"
	assert_line "$(name_line alias.conf "APPLIES (named after the started path)")"
	assert_equal "$stderr" "llshim: warning: alias.conf is named after $T/bin/alias, which resolves to $TOOL: it applies only to starts through that path and is missed when $TOOL is started by its own name or another link; name it after the real file instead"
	# Started by its own name, the symlink's policy is missed.
	run --separate-stderr "$LLSHIM" which "$TOOL"
	assert_line "result: no per-binary policy applies to $TOOL"
}

@test "a symlink cannot swap the real file's policy: no warning then" {
	ln -s tool "$T/bin/alias"
	policy tool.conf
	policy alias.conf
	run --separate-stderr "$LLSHIM" which "$T/bin/alias"
	assert_success
	assert_line "$(name_line tool.conf APPLIES)"
	assert_line "$(name_line alias.conf "not tried (named after the started path)")"
	assert_equal "$stderr" ""
}

@test "a script: the interpreter by its #! name and the script each add a layer" {
	local sh
	sh=$(realpath /bin/sh)
	printf '#!/bin/sh\ncat "$@"\n' >"$T/bin/show"
	chmod +x "$T/bin/show"
	policy show.conf
	policy "$(basename "$sh").conf"
	run --separate-stderr "$LLSHIM" which "$T/bin/show"
	assert_success
	assert_line "script: #!/bin/sh"
	assert_line "identity 1: $sh (the interpreter), started as /bin/sh"
	assert_line "identity 2: $T/bin/show (the script)"
	assert_line "    -> layer 1: $POLICY_D/$(basename "$sh").conf"
	assert_line "    -> layer 2: $POLICY_D/show.conf"
	assert_line "result: 2 per-binary policies apply, one layer each"
	assert_equal "$stderr" ""
}

@test "which agrees with the shim on the layers of a script" {
	printf '#!/bin/sh\ntrue\n' >"$T/bin/show"
	chmod +x "$T/bin/show"
	policy show.conf
	# Named after /bin/sh, the #! line's name: applies, with a warning.
	policy sh.conf
	run --separate-stderr "$LLSHIM" which "$T/bin/show"
	assert_line "    -> layer 1: $POLICY_D/sh.conf"
	assert_line "    -> layer 2: $POLICY_D/show.conf"
	if [[ $(realpath /bin/sh) != /bin/sh ]]; then
		assert_equal "$stderr" "llshim: warning: sh.conf is named after /bin/sh, which resolves to $(realpath /bin/sh): it applies only to starts through that path and is missed when $(realpath /bin/sh) is started by its own name or another link; name it after the real file instead"
	fi
	run_shimmed LLSHIM_DEBUG=1 "$T/bin/show"
	assert_success
	assert_line --regexp "layer 1: $POLICY_D/sh.conf: "
	assert_line --regexp "layer 2: $POLICY_D/show.conf: "
}

@test "a command without a slash is searched along PATH, skipping non-executables" {
	mkdir -p "$T/first"
	echo 'not a program' >"$T/first/tool"
	policy tool.conf
	PATH="$T/first:$T/bin:$PATH" run "$LLSHIM" which tool
	assert_success
	assert_line "command: $T/bin/tool"
	assert_line "    -> layer 1: $POLICY_D/tool.conf"
	PATH="$T/first:$PATH" run "$LLSHIM" which tool
	assert_failure 1
	assert_output "llshim: which: tool: command not found"
}

@test "a command that cannot be found or run: exit 1" {
	run "$LLSHIM" which llshim-no-such-command
	assert_failure 1
	assert_output "llshim: which: llshim-no-such-command: command not found"
	echo data >"$T/plain"
	run "$LLSHIM" which "$T/plain"
	assert_failure 1
	assert_output "llshim: which: $T/plain: command not found"
	printf '#!/nonexistent/interpreter\n' >"$T/bin/broken"
	chmod +x "$T/bin/broken"
	run "$LLSHIM" which "$T/bin/broken"
	assert_failure 1
	assert_output "llshim: which: $T/bin/broken: its #! interpreter does not exist"
}

@test "the environment's own sources are mentioned" {
	run env LLSHIM_POLICY=/x.conf "$LLSHIM" which "$TOOL"
	assert_success
	assert_line "also: LLSHIM_POLICY=/x.conf in this environment adds a layer"
	run env LL_FS_RO=/usr "$LLSHIM" which "$TOOL"
	assert_line "also: the LL_* variables in this environment add a layer"
	run "$LLSHIM" which "$TOOL"
	refute_line --partial "also:"
}

@test "without a user directory, or with none existing, the lookup says so" {
	run env -u XDG_CONFIG_HOME -u HOME "$LLSHIM" which "$TOOL"
	assert_success
	assert_line "user policies: (none) (neither XDG_CONFIG_HOME nor HOME is set)"
	rm -r "$POLICY_D"
	run "$LLSHIM" which "$TOOL"
	assert_line "user policies: $POLICY_D (does not exist)"
	assert_line --regexp "^system policies: /.*/llshim/policy.d"
}

@test "usage: no command or two (exit 2); --help (exit 0)" {
	run "$LLSHIM" which
	assert_failure 2
	assert_line "llshim: which: no command given"
	assert_line "usage: llshim which CMD"
	run "$LLSHIM" which ls cat
	assert_failure 2
	assert_line "llshim: which: one command at a time"
	run "$LLSHIM" which --help
	assert_success
	assert_line --index 0 "usage: llshim which CMD"
	local help=$output
	run "$LLSHIM" help which
	assert_equal "$output" "$help"
}
