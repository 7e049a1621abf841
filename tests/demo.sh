#!/bin/sh
# SPDX-License-Identifier: MIT
# make demo: a two-minute tour of llshim from the build tree.  It sandboxes
# an ordinary /bin/sh with a small policy, shows one allowed and one denied
# access, then shows how the shim refuses to run a program whose policy is
# broken.  Exits 0 when everything behaved as expected.
# The sandboxed commands expand their own arguments: single quotes on purpose.
# shellcheck disable=SC2016
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
lib="$top/build/libllshim.so"
if [ ! -f "$lib" ]; then
	echo "demo: $lib is missing; run make first" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/llshim-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

work="$tmp/work"
secret="$tmp/secret.txt"
mkdir "$work"
echo "the password is hunter2" >"$secret"

# The shipped profiles are not installed yet: offer them as the user's own
# (${XDG_CONFIG_HOME}/llshim/profiles), where an explicit policy finds them.
mkdir -p "$tmp/config/llshim/profiles"
cp "$top/policy/profiles/"*.conf "$tmp/config/llshim/profiles/"

failures=0
heading() {
	printf '\n==> %s\n' "$*"
}
# expect WHAT CONDITION: report a step that did not behave as described.
expect() {
	if [ "$2" = yes ]; then
		printf -- '--- as expected: %s\n' "$1"
	else
		printf -- '--- UNEXPECTED: %s\n' "$1"
		failures=$((failures + 1))
	fi
}
# sandboxed POLICY CMD...: run CMD with the shim preloaded and POLICY.
sandboxed() {
	policy=$1
	shift
	env XDG_CONFIG_HOME="$tmp/config" LLSHIM_POLICY="$policy" \
		LD_PRELOAD="$lib" "$@"
}

policy="$tmp/demo.conf"
cat >"$policy" <<EOF
version = 1;
include = ["base"];          # libraries, programs, locale: read-only
fs = (
  { path = "$work"; access = "rw"; },
  # sh's children preload the shim too: let their loader read it.
  { path = "$top/build"; access = "ro"; }
);
EOF

heading "The policy ($policy)"
cat "$policy"
echo "(\"base\" is policy/profiles/base.conf: what any program needs to start.)"
echo "Everything else, including $secret, is out of reach."
echo "(Each command below also runs with XDG_CONFIG_HOME=$tmp/config,"
echo " where this demo copied the profiles; installed, they need no setting.)"

heading "1. Allowed: write a file in the work directory and print it"
echo "\$ LLSHIM_POLICY=$policy LD_PRELOAD=$lib \\"
echo "    sh -c 'echo \"hello from the sandbox\" >$work/hello.txt; cat $work/hello.txt'"
status=0
out=$(sandboxed "$policy" /bin/sh -c \
	'echo "hello from the sandbox" >"$1/hello.txt" && cat "$1/hello.txt"' \
	sh "$work" 2>&1) || status=$?
printf '%s\n' "$out"
echo "(exit status $status)"
if [ "$status" -eq 0 ] && [ "$out" = "hello from the sandbox" ] &&
	[ -f "$work/hello.txt" ]; then
	expect "the file was written and read back" yes
else
	expect "the file was written and read back" no
fi

heading "2. Denied: read a file outside the work directory"
echo "\$ LLSHIM_POLICY=$policy LD_PRELOAD=$lib \\"
echo "    sh -c 'echo started; cat $secret'"
status=0
out=$(sandboxed "$policy" /bin/sh -c 'echo started; cat "$1"' \
	sh "$secret" 2>&1) || status=$?
printf '%s\n' "$out"
echo "(exit status $status)"
case $out in
*hunter2*)
	expect "the secret stayed unreadable" no ;;
*"Permission denied"*)
	if [ "$status" -ne 0 ]; then
		expect "sh ran, cat got \"Permission denied\" (EACCES from Landlock)" yes
	else
		expect "cat failed with a non-zero status" no
	fi ;;
*)
	expect "cat got \"Permission denied\"" no ;;
esac

heading "3. Fail closed: a policy with a typo never runs the program"
broken="$tmp/broken.conf"
cat >"$broken" <<EOF
version = 1;
include = ["base"];
fs = (
  { path = "$work"; access = ["read_file", "wirte_file"]; }
);
EOF
cat "$broken"
echo "\$ LLSHIM_POLICY=$broken LD_PRELOAD=$lib sh -c 'echo this must not run'"
status=0
out=$(sandboxed "$broken" /bin/sh -c 'echo this must not run' 2>&1) ||
	status=$?
printf '%s\n' "$out"
echo "(exit status $status)"
case $out in
*"must not run"*)
	expect "the program did not run" no ;;
llshim:*)
	if [ "$status" -eq 126 ]; then
		expect "one \"llshim: ...\" line and exit status 126" yes
	else
		expect "exit status 126" no
	fi ;;
*)
	expect "one \"llshim: ...\" line" no ;;
esac

echo
if [ "$failures" -ne 0 ]; then
	echo "demo: $failures step(s) did not behave as expected" >&2
	exit 1
fi
echo "demo: all steps behaved as expected"
