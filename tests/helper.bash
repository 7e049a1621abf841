# SPDX-License-Identifier: MIT
# Common helpers for the bats suite: load with `load helper`.

bats_load_library bats-support
bats_load_library bats-assert

LLSHIM_TOP="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
LLSHIM_BUILD="${LLSHIM_BUILD:-$LLSHIM_TOP/build}"
LLSHIM_LIB="$LLSHIM_BUILD/libllshim.so"
LLSHIM_PROGS="$LLSHIM_BUILD/tests"
PROBE="$LLSHIM_PROGS/probe"
PROFILES_SRC="$LLSHIM_TOP/policy/profiles"
export LLSHIM_TOP LLSHIM_BUILD LLSHIM_LIB LLSHIM_PROGS PROBE PROFILES_SRC

# Each test gets its own home and XDG config home: the shim keeps compiled
# policies under ${XDG_CONFIG_HOME:-$HOME/.config}/llshim, and no test may
# write the real user's files.  (bats runs this for every test.)
if [[ -n ${BATS_TEST_TMPDIR:-} ]]; then
	export HOME="$BATS_TEST_TMPDIR/test-home"
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	mkdir -p "$HOME" "$XDG_CONFIG_HOME"
fi

# run_shimmed [VAR=value...] CMD [ARGS...]: run CMD with libllshim.so
# preloaded and the given variables set, through bats' `run`.
run_shimmed() {
	local -a vars=()
	while [[ $# -gt 0 && $1 == *=* ]]; do
		vars+=("$1")
		shift
	done
	run env "${vars[@]}" LD_PRELOAD="$LLSHIM_LIB" "$@"
}

# start_rules: the fs entries of a policy (libconfig) that let a dynamically
# linked program start: its libraries, the loader's cache and build/.  Use
# as "$(start_rules)", followed by ", more entries" if any.
start_rules() {
	printf '  { path = "%s"; access = "rox"; },\n' /usr /lib /lib64
	printf '  { path = "/etc/ld.so.cache"; access = "ro"; },\n'
	printf '  { path = "%s"; access = "rox"; }\n' "$LLSHIM_BUILD"
}

# landlock_abi: the running kernel's Landlock ABI (0 when unavailable).
landlock_abi() {
	"$LLSHIM_PROGS/abi"
}

# strict_skip REASON: skip, except under LLSHIM_TEST_STRICT=1 (CI), where a
# skip would hide a missing dependency and so is a failure.
strict_skip() {
	if [[ ${LLSHIM_TEST_STRICT:-0} == 1 ]]; then
		fail "LLSHIM_TEST_STRICT=1 forbids this skip: $1"
	fi
	skip "$1"
}

# require_abi N: skip when the kernel's Landlock ABI is older than N.  A
# kernel that has the feature never skips, so strict mode loses nothing.
require_abi() {
	local abi
	abi=$(landlock_abi)
	if ((abi < $1)); then
		skip "needs Landlock ABI $1, this kernel has ABI $abi"
	fi
}

# require_cmd CMD...: the test needs these programs.
require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || strict_skip "$c is not installed"
	done
}

# require_root [WHY]: for what only root may do even without Landlock
# (mknod of devices, mount namespaces); an unprivileged run skips these,
# not their denied twins.
require_root() {
	[[ $(id -u) == 0 ]] || skip "needs root (${1:-CAP_MKNOD for the allowed case})"
}

# as_nobody CMD...: run CMD as an unprivileged throwaway identity (as is,
# when the suite already runs as that identity).
as_nobody() {
	if [[ $(id -u) == 65534 ]]; then
		"$@"
		return
	fi
	setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
}

# install_profiles DIR: copy the shipped profiles to a user profile dir so
# that explicit policies can include them from the build tree.
install_profiles() {
	mkdir -p "$1"
	cp "$PROFILES_SRC"/*.conf "$1"/
}

# user_config: make $BATS_TEST_TMPDIR/config the user's XDG config home with
# the shipped profiles, and echo it.
user_config() {
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	install_profiles "$XDG_CONFIG_HOME/llshim/profiles"
	echo "$XDG_CONFIG_HOME"
}

# wait_for CMD...: poll CMD until it succeeds, for at most 5 seconds.
wait_for() {
	local i
	for ((i = 0; i < 500; i++)); do
		"$@" && return 0
		sleep 0.01
	done
	return 1
}

# open_test_tmpdir: let other users (as_nobody) reach $BATS_TEST_TMPDIR;
# bats makes its run directory private.  Only search rights are added.
open_test_tmpdir() {
	chmod o+x "$BATS_RUN_TMPDIR" "$BATS_RUN_TMPDIR/test" "$BATS_TEST_TMPDIR"
}

# unset_policy_env: the caller's own policy variables must not reach tests.
unset_policy_env() {
	unset LLSHIM_POLICY LLSHIM_DEBUG LL_FS_RO LL_FS_RW LL_TCP_BIND \
		LL_TCP_CONNECT LL_SCOPED LL_FORCE_LOG
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# start_server OP [ARG]: a probe server outside any sandbox (it ends by
# itself within seconds); sets SERVED to what it printed once listening.
# stop_servers, from teardown, ends those still running.
SERVER_PIDS=()
start_server() {
	local out="$BATS_TEST_TMPDIR/server.$RANDOM"
	"$PROBE" "$@" >"$out" 3>&- &
	SERVER_PIDS+=("$!")
	wait_for test -s "$out" || fail "probe $* did not start"
	# shellcheck disable=SC2034 # read by the test files
	SERVED=$(<"$out")
}

stop_servers() {
	local pid
	for pid in "${SERVER_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	SERVER_PIDS=()
}

# run_plain [VAR=value...] CMD [ARGS...]: run without the shim, stderr
# apart (run --separate-stderr: the file needs bats_require_minimum_version
# 1.5.0).
run_plain() {
	run --separate-stderr env "$@"
}

# run_shim [VAR=value...] CMD [ARGS...]: the same with the shim preloaded.
run_shim() {
	run --separate-stderr env LD_PRELOAD="$LLSHIM_LIB" "$@"
	# Shown only when the test fails.
	# shellcheck disable=SC2154 # set by bats' run
	echo "# status=$status stderr: $stderr"
}

# field KEY [TEXT]: the value of KEY= in TEXT (default: $output).
field() {
	sed -n "s/^$1=//p" <<<"${2-$output}"
}

# in_netns PORT SERVER... -- CLIENT...: tests/fixtures/apps/netns.sh in a
# private network namespace, through bats' run.  Root needs only a network
# namespace; any other user gets one inside a user namespace, where binding
# port 80 works too.
in_netns() {
	local -a ns=(-n)
	[[ $(id -u) == 0 ]] || ns=(-r -n)
	unshare "${ns[@]}" true 2>/dev/null ||
		skip "needs a private network namespace: unshare ${ns[*]} is not permitted here"
	run unshare "${ns[@]}" bash "$LLSHIM_TOP/tests/fixtures/apps/netns.sh" \
		"$BATS_TEST_TMPDIR/netns.pid" "$@"
}
