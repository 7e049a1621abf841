#!/bin/bash
# SPDX-License-Identifier: MIT
# phases.sh BUILD_DIR PHASES_BUILD_DIR: the driver of `make bench-phases`.
# Starts the benchmark's tiny program under the instrumented shim
# (shim/phase.h) in a few variants and writes, to
# tests/bench/results/phases.md, the median time of each phase of the
# constructor.  PHASES_RUNS=N sets the starts per variant (default 400).
set -euo pipefail
export LC_ALL=C

die() {
	echo "bench-phases: error: $*" >&2
	exit 1
}

top=$(pwd -P)
build=$(cd "${1:?usage: phases.sh BUILD_DIR PHASES_BUILD_DIR}" && pwd -P)
phased=$(cd "${2:?usage: phases.sh BUILD_DIR PHASES_BUILD_DIR}" && pwd -P)
bin=$build/bench
runs=${PHASES_RUNS:-400}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "PHASES_RUNS must be a positive number, not '$runs'"
for f in "$phased/libllshim.so" "$phased/libllshim-parser.so" "$bin/ret0" \
	"$bin/phases"; do
	[[ -e $f ]] || die "$f is missing (make bench-phases builds it)"
done
# shellcheck source=tests/bench/fixtures.sh
. "$top/tests/bench/fixtures.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/llshim-phases.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
# Copies, under the policy's /tmp rule, so that their paths cost nothing
# more to keep readable: the same as in make bench.
mkdir -p "$tmp/lib" "$tmp/home/.config"
cp "$phased/libllshim.so" "$phased/libllshim-parser.so" "$tmp/lib/"
write_policy10 "$tmp/p10.conf"

base=(PATH=/usr/local/bin:/usr/bin:/bin "HOME=$tmp/home" "LD_PRELOAD=$tmp/lib/libllshim.so")
names=(pass env file10 parsed)
labels=("pass-through (no policy)"
	"LL_FS_RO/LL_FS_RW, the floor's 6 paths"
	"10-rule policy file, compiled form current"
	"10-rule policy file, parsed (no compiled form can be kept)")
words_pass=()
words_env=("LL_FS_RO=$floor_ro" "LL_FS_RW=$floor_rw")
words_file10=("LLSHIM_POLICY=$tmp/p10.conf")
# A configuration directory that does not exist: nothing is written.
words_parsed=("LLSHIM_POLICY=$tmp/p10.conf" "XDG_CONFIG_HOME=$tmp/missing")

declare -A us
for name in "${names[@]}"; do
	declare -n words="words_$name"
	echo "bench-phases: $name, $runs starts" >&2
	out=$(env -i "$bin/phases" -r "$runs" "${base[@]}" "${words[@]}" "$bin/ret0") ||
		die "the $name variant failed"
	phase_order=()
	while IFS=$'\t' read -r phase value; do
		phase_order+=("$phase")
		[[ $value == - ]] || us[$name,$phase]=$value
	done <<<"$out"
	unset -n words
done

machine_facts
results=$top/tests/bench/results
mkdir -p "$results"
{
	cat <<-EOF
		# Where the constructor spends its time

		Written by \`make bench-phases\` (tests/bench/phases.sh); see
		tests/bench/README.md.  Median microseconds of each phase of the
		shim's constructor over $runs starts of the benchmark's tiny program
		per variant (after 10 not counted), one variant after the other, so
		with warm caches; each phase is the time since the previous one that
		ran.  The shim is a build with time marks (shim/phase.h), otherwise
		the same code as the one installed.

		| Machine | |
		|---|---|
		| Kernel | $kernel |
		| Distribution | $distro, glibc $libc |
		| CPU | $cpu |
		| Cores | $cores |
		| Memory | $mem_total |
		| llshim measured | tree at commit $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown) plus any uncommitted changes |
		| Date | $(date -u +%Y-%m-%dT%H:%M:%SZ) |

	EOF
	printf '| Phase (ends when) |'
	for i in "${!names[@]}"; do printf ' %s |' "${labels[$i]}"; done
	printf '\n|---|'
	for _ in "${names[@]}"; do printf -- '--:|'; done
	printf '\n'
	for phase in "${phase_order[@]}"; do
		printf '| %s |' "$phase"
		for name in "${names[@]}"; do
			printf ' %s |' "${us[$name,$phase]:-—}"
		done
		printf '\n'
	done
	cat <<-'EOF'

		Phases: dirs, the system's and the user's policy directories opened;
		lookup, the auxiliary vector read and, when a policy directory
		exists, the program named and its policy files found; start, the code that applies policies reached
		and its start-up record taken (a page fault for each); libc, libc's
		few functions found; sources, every source loaded (one copy of the
		shim elected, the compiled form read and its inputs checked, or the
		parser loaded and the file parsed); probe, the Landlock ABI;
		readable, the paths every layer keeps readable listed; build, each
		ruleset made and its rules added; store, compiled forms written;
		enforce, no_new_privs and landlock_restrict_self; release,
		descriptors and the parser closed; scrub, the environment scrubbed;
		pages, the code and scratch pages given back (madvise).  total, from
		the front's first instruction to its last mark.
	EOF
} >"$results/phases.md"
echo "bench-phases: wrote $results/phases.md" >&2
cat "$results/phases.md"
