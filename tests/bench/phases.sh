#!/bin/bash
# SPDX-License-Identifier: MIT
# phases.sh BUILD_DIR PHASES_BUILD_DIR: the driver of `make bench-phases`.
# Starts the benchmark's tiny program under the instrumented shim
# (shim/phase.h) and under the floors built to report the same way, warm
# and with cold caches, and writes to tests/bench/results/phases.md the
# median time of each phase of the shim's constructor and of each whole
# constructor.  PHASES_RUNS=N sets the starts per variant (default 400).
# The variants' words are read through a name reference (measure()):
# shellcheck disable=SC2034
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
	"$bin/phases" "$bin/cooler" "$bin/floor-phases.so" "$bin/floor10-phases.so"; do
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

base=(PATH=/usr/local/bin:/usr/bin:/bin "HOME=$tmp/home")
shim=("LD_PRELOAD=$tmp/lib/libllshim.so")
words_pass=("${shim[@]}")
words_env=("${shim[@]}" "LL_FS_RO=$floor_ro" "LL_FS_RW=$floor_rw")
words_file10=("${shim[@]}" "LLSHIM_POLICY=$tmp/p10.conf")
# A configuration directory that does not exist: nothing is written.
words_parsed=("${words_file10[@]}" "XDG_CONFIG_HOME=$tmp/missing")
words_floor=("LD_PRELOAD=$bin/floor-phases.so")
words_floor10=("LD_PRELOAD=$bin/floor10-phases.so")

declare -A us
phase_order=()

# measure NAME KEY [-c COOLER]: the variant words_NAME, its medians stored
# under KEY.
measure() {
	local name=$1 key=$2 phase value out
	shift 2
	declare -n words="words_$name"
	echo "bench-phases: $key, $runs starts" >&2
	out=$(env -i "$bin/phases" -r "$runs" "$@" "${base[@]}" "${words[@]}" \
		"$bin/ret0") || die "the $key variant failed"
	phase_order=()
	while IFS=$'\t' read -r phase value; do
		phase_order+=("$phase")
		[[ $value == - ]] || us[$key,$phase]=$value
	done <<<"$out"
}

cold=(-c "$bin/cooler")
for name in pass env file10 parsed floor floor10; do
	measure "$name" "$name"
done
for name in env file10 floor floor10; do
	measure "$name" "$name-cold" "${cold[@]}"
done

# row LABEL KEY...: one table row of those medians.
row() {
	local label=$1 key
	shift
	printf '| %s |' "$label"
	for key; do printf ' %s |' "${us[$key]:-—}"; done
	printf '\n'
}

# minus A B: A - B, two decimals.
minus() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'
}

machine_facts
results=$top/tests/bench/results
mkdir -p "$results"
{
	cat <<-EOF
		# Where the constructor spends its time

		Written by \`make bench-phases\` (tests/bench/phases.sh); see
		tests/bench/README.md.  Median microseconds over $runs starts of the
		benchmark's tiny program per variant (after 10 not counted), one
		variant after the other.  The shim is a build with time marks
		(shim/phase.h), otherwise the same code as the one installed; the
		floors (tests/bench/floor.c) report their whole constructor the same
		way.  "Cold caches": before each start, tests/bench/cooler.c writes
		to every cache line of 64 MiB.

		$(machine_rows)
		| llshim measured | tree at commit $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown) plus any uncommitted changes |
		| Date | $(date -u +%Y-%m-%dT%H:%M:%SZ) |

		## Whole constructors

		| Constructor | Warm caches | Cold caches |
		|---|--:|--:|
	EOF
	row "floor, 6 rules" floor,total floor-cold,total
	row "floor making the 10-rule policy's own rules" floor10,total floor10-cold,total
	row "llshim, LL_FS_RO/LL_FS_RW (the floor's 6 paths)" env,total env-cold,total
	row "llshim, 10-rule policy file, compiled form current" file10,total file10-cold,total
	printf '| llshim with the 10-rule file less the floor making its rules | %s | %s |\n' \
		"$(minus "${us[file10,total]}" "${us[floor10,total]}")" \
		"$(minus "${us[file10-cold,total]}" "${us[floor10-cold,total]}")"
	cat <<-'EOF'

		## The shim's constructor, phase by phase

		Each phase is the time since the previous one that ran.

	EOF
	printf '| Phase (ends when) | pass-through (no policy) | LL_FS_RO/LL_FS_RW, 6 paths | 10-rule file, compiled form | the same, cold caches | 10-rule file, parsed (no compiled form can be kept) |\n'
	printf '|---|--:|--:|--:|--:|--:|\n'
	for phase in "${phase_order[@]}"; do
		[[ $phase == enter ]] && continue
		row "$phase" "pass,$phase" "env,$phase" "file10,$phase" \
			"file10-cold,$phase" "parsed,$phase"
	done
	cat <<-'EOF'

		Phases: dirs, the system's and the user's policy directories opened;
		lookup, the auxiliary vector read and, when a policy directory
		exists, the program named and its policy files found; start, the
		code that applies policies reached and its start-up record taken (a
		page fault for each); libc, libc's few functions found; sources,
		every source loaded (one copy of the shim elected, the compiled form
		read and its inputs checked, or the parser loaded and the file
		parsed); probe, the Landlock ABI; readable, the paths every layer
		keeps readable listed; build, each ruleset made and its rules added;
		store, compiled forms written; enforce, no_new_privs and
		landlock_restrict_self; release, descriptors and the parser closed;
		scrub, the environment scrubbed; pages, the code and scratch pages
		given back (madvise).  total, from the front's first instruction to
		its last mark.
	EOF
} >"$results/phases.md"
echo "bench-phases: wrote $results/phases.md" >&2
cat "$results/phases.md"
