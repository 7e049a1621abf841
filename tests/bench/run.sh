#!/bin/bash
# SPDX-License-Identifier: MIT
# run.sh BUILD_DIR: the driver of `make bench` (see tests/bench/README.md).
# Sets up the fixtures in a temporary directory, then measures start-up time
# (spawnbench), its scaling with the number of rules, user-space
# instructions (stepcount) and memory at main() (memprobe), checks the
# targets of issue 5 and writes results.md, results.json and scaling.png.
# A missed target prints FAIL but is not an error; a harness failure is.
set -euo pipefail
export LC_ALL=C

die() {
	echo "bench: error: $*" >&2
	exit 1
}

say() {
	echo "bench: [$((SECONDS - started)) s] $*" >&2
}

started=$SECONDS
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
top=$(pwd -P)
build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd -P)
bin=$build/bench
ret0=$bin/ret0
memprobe=$bin/memprobe
for f in "$build/libllshim.so" "$build/libllshim-parser.so" "$ret0" "$memprobe" \
	"$bin/spawnbench" "$bin/stepcount" "$bin/empty.so" "$bin/floor.so" \
	"$bin/floor-scaled.so" "$bin/floor10.so" "$bin/floor-bare.so" \
	"$bin/floor10-bare.so"; do
	[[ -e $f ]] || die "$f is missing (make all bench-progs)"
done

abi=$("$bin/spawnbench" -a)
((abi >= 1)) || die "this kernel has no Landlock (ABI $abi): nothing to measure"

quick=${BENCH_QUICK:-0}
[[ $quick == 1 ]] || quick=0
rounds=${BENCH_ROUNDS:-}
[[ -z $rounds || $rounds =~ ^[1-9][0-9]*$ ]] ||
	die "BENCH_ROUNDS must be a positive number, not '$rounds'"
if ((quick)); then
	rounds=${rounds:-100}
	warmup=5
	mem_runs=100
	step_runs=1
	step_names=(base empty pass)
	results=$build/bench/results-quick
else
	rounds=${rounds:-2000}
	warmup=20
	mem_runs=1000
	step_runs=2
	step_names=(base empty floor floor10 pass pass1000 env file10)
	results=$top/tests/bench/results
fi
scale_rounds=$((rounds / 5 < 10 ? 10 : rounds / 5))
scale_counts=(1 10 100 1000 10000)
mkdir -p "$results"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/llshim-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Every start gets this environment plus its variant's variables, and an
# empty HOME: no policy of the user running the benchmark can interfere.
# It has a ~/.config, as a user's home does, for llshim to keep compiled
# policies in (the first start of each variant compiles, during warm-up).
mkdir -p "$tmp/home/.config"
base_env=(PATH=/usr/local/bin:/usr/bin:/bin "HOME=$tmp/home")
# shellcheck source=tests/bench/fixtures.sh
. "$top/tests/bench/fixtures.sh"

# ---------------------------------------------------------------- fixtures

# scaled_policy N: the floor's rules and N directories of $tmp/d, read-only.
scaled_policy() {
	{
		printf 'version = 1;\nfs = (\n'
		floor_rules
		awk -v n="$1" -v d="$tmp/d" 'BEGIN {
			for (i = 0; i < n; i++)
				printf ",\n\t{ path = \"%s/%05d\"; access = \"ro\"; }", d, i
		}'
		printf '\n);\n'
	} >"$tmp/s$1.conf"
}

# dirs_list N: the same N directories, colon-separated.
dirs_list() {
	awk -v n="$1" -v d="$tmp/d" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "%s%s/%05d", (i ? ":" : ""), d, i
	}'
}

# unrelated_policies DIR: 1,000 valid policies for programs that do not
# exist, so that a lookup that scanned the directory would show.
unrelated_policies() {
	mkdir -p "$1"
	awk -v dir="$1" 'BEGIN {
		for (i = 0; i < 1000; i++) {
			f = sprintf("%s/opt.vendor%04d.bin.tool.conf", dir, i)
			printf "version = 1;\nfs = ( { path = \"/opt/vendor%04d\"; access = \"rox\"; } );\n", i > f
			close(f)
		}
	}'
}

# policy_name PATH: AppArmor's file name for a program (SPEC section 2).
policy_name() {
	local path=${1#/}
	printf '%s.conf\n' "${path//\//.}"
}

say "setting up fixtures in $tmp"
write_policy10 "$tmp/p10.conf"
mkdir "$tmp/d"
(cd "$tmp/d" && seq -f %05g 0 $((scale_counts[-1] - 1)) | xargs mkdir)
for n in "${scale_counts[@]}"; do
	scaled_policy "$n"
done
xdg_unrelated=$tmp/xdg-unrelated
xdg_empty=$tmp/xdg-empty
mkdir -p "$xdg_empty/llshim/policy.d"
unrelated_policies "$xdg_unrelated/llshim/policy.d"
# The per-binary user policy, for both programs, among the same 1,000.
xdg_user=$tmp/xdg-user
unrelated_policies "$xdg_user/llshim/policy.d"
mkdir -p "$xdg_user/llshim/profiles"
cp "$top"/policy/profiles/*.conf "$xdg_user/llshim/profiles/"
for prog in "$ret0" "$memprobe"; do
	cat >"$xdg_user/llshim/policy.d/$(policy_name "$(readlink -f "$prog")")" <<-EOF
		version = 1;
		include = ["base"];
		fs = ( { path = "$bin"; access = "rox"; } );
	EOF
done

# Measure a snapshot: the library may be rebuilt while the benchmark runs
# (a relinked file read half-written makes the loader skip the preload).
# The parser and the command are found next to the library and so are
# copied along.  A copy is checked by starting a program through it.
snapshot() {
	local attempt

	mkdir -p "$tmp/lib"
	for attempt in 1 2 3 4 5; do
		cp "$build/libllshim.so" "$build/libllshim-parser.so" "$tmp/lib/"
		have_run=0
		if [[ -x $build/llshim ]]; then
			cp "$build/llshim" "$tmp/lib/"
			have_run=1
		fi
		if env -i "${base_env[@]}" LLSHIM_POLICY="$tmp/p10.conf" \
			LD_PRELOAD="$tmp/lib/libllshim.so" "$ret0" \
			2>"$tmp/snapshot.err" && [[ ! -s $tmp/snapshot.err ]]; then
			return 0
		fi
		say "the library does not work yet (attempt $attempt): $(head -n 1 "$tmp/snapshot.err")"
		sleep 3
	done
	die "cannot use $build/libllshim.so: $(head -n 1 "$tmp/snapshot.err")"
}
snapshot
lib=$tmp/lib/libllshim.so
llshim=$tmp/lib/llshim
lib_sum=$(sha256sum "$lib" | cut -c1-16)
lib_commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)

# Per-binary lookup is new: say so when this shim does not apply the file.
user_note=-
if ! env -i "${base_env[@]}" XDG_CONFIG_HOME="$xdg_user" LLSHIM_DEBUG=1 \
	LD_PRELOAD="$lib" "$ret0" 2>"$tmp/user.err"; then
	say "the per-binary variant fails: $(head -n 1 "$tmp/user.err")"
fi
if ! grep -q ': layer ' "$tmp/user.err"; then
	user_note="policy not applied (lookup not available): measures pass-through"
	say "per-binary lookup is not available in this build: $user_note"
fi

# ---------------------------------------------------------------- variants

# row NAME FLAGS LABEL NOTE WORD...: one spawnbench SPEC line.
row() {
	local IFS=$'\t'
	printf '%s\n' "$*"
}

# main_spec PROGRAM: the start-up variants, for ret0 or memprobe.
main_spec() {
	local prog=$1 tool

	row base - "no preload (baseline)" - "$prog"
	row empty - "empty preloaded library" - "LD_PRELOAD=$bin/empty.so" "$prog"
	row floor - "floor: minimal Landlock constructor, 6 rules" - \
		"LD_PRELOAD=$bin/floor.so" "$prog"
	row floor10 - "floor with the 10-rule policy file's own rules" \
		"reference for file10, not a target" \
		"LD_PRELOAD=$bin/floor10.so" "$prog"
	row floor-bare - "floor without libc or relocation (one segment), 6 rules" \
		"reference, not a target" "LD_PRELOAD=$bin/floor-bare.so" "$prog"
	row floor10-bare - "floor without libc or relocation, the 10-rule file's rules" \
		"reference, not a target" "LD_PRELOAD=$bin/floor10-bare.so" "$prog"
	row pass - "llshim pass-through (no policy)" - "LD_PRELOAD=$lib" "$prog"
	row pass0 - "llshim pass-through, empty user policy directory" - \
		"XDG_CONFIG_HOME=$xdg_empty" "LD_PRELOAD=$lib" "$prog"
	row pass1000 - "llshim pass-through, 1,000 unrelated user policies" - \
		"XDG_CONFIG_HOME=$xdg_unrelated" "LD_PRELOAD=$lib" "$prog"
	row env - "llshim, LL_FS_RO/LL_FS_RW (the floor's 6 paths)" - \
		"LL_FS_RO=$floor_ro" "LL_FS_RW=$floor_rw" "LD_PRELOAD=$lib" "$prog"
	row file10 - "llshim, 10-rule policy file (LLSHIM_POLICY)" - \
		"LLSHIM_POLICY=$tmp/p10.conf" "LD_PRELOAD=$lib" "$prog"
	row user - "llshim, per-binary user policy including base" \
		"$user_note" "XDG_CONFIG_HOME=$xdg_user" "LD_PRELOAD=$lib" "$prog"
	if ((have_run)); then
		# It applies the sandbox before execve(): the program's own
		# directory must be allowed too.
		row run - "llshim run, the floor's 6 paths and the program's directory" - \
			"$llshim" run --rox /usr --rox /lib --rox /lib64 \
			--ro /etc --ro /proc --rw /tmp --rox "$bin" -- "$prog"
	else
		row run skip "llshim run" "not built ($build/llshim is missing)"
	fi
	if tool=$(command -v bwrap); then
		row bwrap optional \
			"bubblewrap: --ro-bind / / --dev /dev --bind /tmp /tmp" \
			- "$tool" --ro-bind / / --dev /dev --bind /tmp /tmp \
			-- "$prog"
	else
		row bwrap skip "bubblewrap" \
			"not installed (Debian package bubblewrap)"
	fi
	if tool=$(command -v firejail); then
		row firejail optional "firejail --quiet --noprofile" - \
			"$tool" --quiet --noprofile "$prog"
	else
		row firejail skip "firejail" \
			"not installed (Debian package firejail)"
	fi
}

# LL_FS_RO of the scaling run is one environment string: the kernel refuses
# an execve() with a string longer than MAX_ARG_STRLEN (32 pages).
page_kb=$(($(getconf PAGESIZE) / 1024))
max_arg_strlen=$((32 * page_kb * 1024))

scaling_spec() {
	local n value

	row base - "no preload (baseline)" - "$ret0"
	for n in "${scale_counts[@]}"; do
		row "floor-$n" - "floor, $n added rules" - \
			"BENCH_FLOOR_DIR=$tmp/d" "BENCH_FLOOR_COUNT=$n" \
			"LD_PRELOAD=$bin/floor-scaled.so" "$ret0"
		row "file-$n" - "llshim policy file, $n added rules" - \
			"LLSHIM_POLICY=$tmp/s$n.conf" "LD_PRELOAD=$lib" "$ret0"
		value="LL_FS_RO=$floor_ro:$(dirs_list "$n")"
		if ((${#value} < max_arg_strlen)); then
			row "env-$n" - "llshim LL_FS_RO, $n added rules" - \
				"$value" "LL_FS_RW=$floor_rw" "LD_PRELOAD=$lib" \
				"$ret0"
		else
			row "env-$n" skip "llshim LL_FS_RO, $n added rules" \
				"not possible: LL_FS_RO would be ${#value} bytes, over the kernel's $max_arg_strlen-byte limit on one environment string (MAX_ARG_STRLEN)"
		fi
	done
}

main_spec "$ret0" >"$tmp/main.spec"
main_spec "$memprobe" >"$tmp/mem.spec"
scaling_spec >"$tmp/scaling.spec"

# spec_words SPEC NAME: the variant's words (variables, program, args), one
# a line; nothing for a skipped variant.
spec_words() {
	awk -F'\t' -v name="$2" '$1 == name && $2 !~ /skip/ {
		for (i = 5; i <= NF; i++)
			print $i
	}' "$1"
}

# tsv_field TSV NAME COLUMN: one figure of spawnbench's summary.
tsv_field() {
	awk -F'\t' -v name="$2" -v col="$3" 'NR == 1 {
		for (i = 1; i <= NF; i++)
			if ($i == col)
				c = i
	}
	$1 == name { print $c }' "$1"
}

# ---------------------------------------------------------------- start-up

say "start-up: $rounds rounds after $warmup warm-up rounds"
"$bin/spawnbench" -r "$rounds" -w "$warmup" -m "$tmp/main.md" \
	-j "$tmp/main.json" -t "$tmp/main.tsv" "$tmp/main.spec" ||
	die "spawnbench failed on the start-up variants"

say "scaling: $scale_rounds rounds with ${scale_counts[*]} added rules"
"$bin/spawnbench" -r "$scale_rounds" -w 3 -m "$tmp/scaling.md" \
	-j "$tmp/scaling.json" -t "$tmp/scaling.tsv" "$tmp/scaling.spec" ||
	die "spawnbench failed on the scaling variants"

# A failure of a variant the comparison rests on is a harness error.
for name in empty floor; do
	[[ $(tsv_field "$tmp/main.tsv" "$name" status) == ok ]] ||
		die "the $name variant failed: see $tmp/main.md"
done

# ------------------------------------------------------------ instructions

# count_instructions NAME: stepcount's figure for the variant, or "error".
count_instructions() {
	local -a words
	local i count counts=()

	mapfile -t words < <(spec_words "$tmp/main.spec" "$1")
	# The static counter goes between the variables and the program.
	for ((i = 0; i < step_runs; i++)); do
		if ! count=$(env -i "${base_env[@]}" "${words[@]:0:${#words[@]}-1}" \
			"$bin/stepcount" "${words[-1]}" </dev/null \
			2>"$tmp/step.err") || [[ -s $tmp/step.err ]]; then
			echo "error: $(head -n 1 "$tmp/step.err")"
			return
		fi
		counts+=("${count#instructions }")
	done
	printf '%s\n' "${counts[@]}" | sort -n | uniq | paste -sd/
}

# icount NAME: the variant's count (the higher if two runs differed), or
# nothing when it was not counted.
icount() {
	local value=${instructions[$1]:-}

	[[ $value =~ ^[0-9]+(/[0-9]+)?$ ]] && echo "${value##*/}"
}

declare -A instructions
for name in "${step_names[@]}"; do
	say "instructions: $name"
	instructions[$name]=$(count_instructions "$name")
	icount "$name" >/dev/null ||
		say "instructions of $name: ${instructions[$name]}"
done

# ------------------------------------------------------------------ memory

# median: of the numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) print "";
		else if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2
	}'
}

# mean_kb: the mean of the numbers on stdin, to the nearest kB.
mean_kb() {
	awk '{ sum += $1 } END { if (NR) printf "%d\n", sum / NR + 0.5 }'
}

# se_kb: the standard error of that mean, in kB with one decimal.
se_kb() {
	awk '{ v[NR] = $1; sum += $1 } END {
		if (NR < 2) { print "0.0"; exit }
		m = sum / NR
		for (i = 1; i <= NR; i++) ss += (v[i] - m) ^ 2
		printf "%.1f\n", sqrt(ss / (NR - 1) / NR)
	}'
}

declare -A rss rss_se anon filekb maps landlocked mem_error
mem_names=()
probe_memory() {
	local name=$1 i out=$tmp/mem-$1
	local -a words

	mapfile -t words < <(spec_words "$tmp/mem.spec" "$name")
	((${#words[@]})) || return 0
	mem_names+=("$name")
	: >"$out.all"
	for ((i = 0; i < mem_runs; i++)); do
		# Silent on success: a loader that cannot preload says so.
		if ! env -i "${base_env[@]}" "${words[@]}" </dev/null \
			>"$out" 2>"$out.err" || [[ -s $out.err ]]; then
			mem_error[$name]="$(head -n 1 "$out.err")"
			[[ -n ${mem_error[$name]} ]] || mem_error[$name]="failed"
			return 0
		fi
		cat "$out" >>"$out.all"
	done
	if (($(grep -c '^landlocked ' "$out.all") != mem_runs)); then
		mem_error[$name]="incomplete report"
		return 0
	fi
	rss[$name]=$(awk '$1 == "rss_kb" { print $2 }' "$out.all" | mean_kb)
	rss_se[$name]=$(awk '$1 == "rss_kb" { print $2 }' "$out.all" | se_kb)
	anon[$name]=$(awk '$1 == "anon_kb" { print $2 }' "$out.all" | mean_kb)
	filekb[$name]=$(awk '$1 == "file_kb" { print $2 }' "$out.all" | mean_kb)
	maps[$name]=$(awk '$1 == "maps" { print $2 }' "$out.all" | median)
	landlocked[$name]=$(awk '$1 == "landlocked" { print $2 }' "$out")
	awk '$1 == "map" { print $2 }' "$out" | sort -u >"$out.files"
}

say "memory at main(): $mem_runs runs per variant"
while IFS=$'\t' read -r name _; do
	probe_memory "$name"
done <"$tmp/mem.spec"
[[ -n ${rss[base]:-} ]] || die "memprobe failed without a preload: ${mem_error[base]:-}"

# extra_files NAME: the files NAME maps that the baseline does not.
extra_files() {
	[[ -f $tmp/mem-$1.files ]] || return 0
	comm -13 "$tmp/mem-base.files" "$tmp/mem-$1.files"
}

# ----------------------------------------------------------------- scaling

# Per series: the median start time at each count, the least-squares
# slope over all counts and the per-rule cost from 1 to 1,000 rules.
: >"$tmp/scaling.dat"
for n in "${scale_counts[@]}"; do
	line=$n
	for series in floor file env; do
		value='?'
		if [[ $(tsv_field "$tmp/scaling.tsv" "$series-$n" status) == ok ]]; then
			value=$(tsv_field "$tmp/scaling.tsv" "$series-$n" median)
		fi
		line+=" $value"
	done
	echo "$line" >>"$tmp/scaling.dat"
done

# fit COLUMN: "slope_us per_rule_1000_us" of one series of scaling.dat.
fit() {
	awk -v c="$1" '$c != "?" {
		n++; sx += $1; sy += $c; sxx += $1 * $1; sxy += $1 * $c
		t[$1] = $c
	}
	END {
		slope = n > 1 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0
		at1000 = (1 in t && 1000 in t) ? (t[1000] - t[1]) / 999 : -1
		printf "%.4f %.4f\n", slope * 1000, at1000 * 1000
	}' "$tmp/scaling.dat"
}
read -r floor_slope floor_1000 < <(fit 2)
read -r file_slope file_1000 < <(fit 3)
read -r env_slope env_1000 < <(fit 4)

plot_note=
if command -v gnuplot >/dev/null; then
	base_median=$(tsv_field "$tmp/scaling.tsv" base median)
	gnuplot <<-EOF || plot_note="gnuplot failed"
		set terminal pngcairo size 900,600 font "sans,10" noenhanced
		set output "$results/scaling.png"
		set title "Start of a tiny program against the number of path rules"
		set xlabel "added path rules (beyond 6 base rules)"
		set ylabel "median start time (ms)"
		set logscale xy
		set grid
		set key top left
		set datafile missing "?"
		set xrange [0.7:15000]
		set yrange [0.2:*]
		plot "$tmp/scaling.dat" using 1:2 with linespoints lw 2 pt 7 \
			title sprintf("floor (%.2f us/rule)", $floor_slope), \
		     "" using 1:3 with linespoints lw 2 pt 5 \
			title sprintf("llshim policy file (%.2f us/rule)", $file_slope), \
		     "" using 1:4 with linespoints lw 2 pt 9 \
			title sprintf("llshim LL_FS_RO (%.2f us/rule)", $env_slope), \
		     $base_median with lines dt 2 lc rgb "gray40" \
			title "no preload"
	EOF
else
	plot_note="gnuplot is not installed (Debian package gnuplot-nox): no plot"
	say "$plot_note"
fi

# ----------------------------------------------------------------- targets

targets=()
verdicts=()
# target PASS|FAIL TEXT
target() {
	verdicts+=("$1")
	targets+=("$2")
}

# calc FORMAT EXPR: an awk computation.
calc() {
	awk "BEGIN { printf \"$1\", $2 }"
}

# check EXPR TEXT: PASS when the awk expression holds.
check() {
	if awk "BEGIN { exit !($1) }"; then
		target PASS "$2"
	else
		target FAIL "$2"
	fi
}

# med NAME: the variant's median start time; fails when it did not run.
med() {
	[[ $(tsv_field "$tmp/main.tsv" "$1" status) == ok ]] &&
		tsv_field "$tmp/main.tsv" "$1" median
}

empty_med=$(med empty)
base_med=$(med base)
floor_med=$(med floor)
floor_added=$(calc %.4f "$floor_med - $base_med")
for name in pass pass1000; do
	if value=$(med "$name"); then
		check "$value <= 1.05 * $empty_med" \
			"$name: pass-through start $(calc %.3f "$value") ms is $(calc %+.1f%% "($value / $empty_med - 1) * 100") over the empty preload's $(calc %.3f "$empty_med") ms (target: at most +5%)"
	else
		target FAIL "$name: the pass-through variant did not run"
	fi
done
if value=$(med file10); then
	added=$(calc %.4f "$value - $base_med")
	same=""
	if value10=$(med floor10); then
		added10=$(calc %.4f "$value10 - $base_med")
		same="; $(calc %.2fx "$added / $added10") the $(calc %.3f "$added10") ms of a floor making the same 10 rules"
	fi
	check "$added <= 1.5 * $floor_added" \
		"file10: the 10-rule policy file adds $(calc %.3f "$added") ms, $(calc %.2fx "$added / $floor_added") the floor's $(calc %.3f "$floor_added") ms (target: at most 1.5x)$same"
else
	target FAIL "file10: the 10-rule policy file variant did not run"
fi
for series in file env; do
	var=${series}_1000
	cost=${!var}
	if awk "BEGIN { exit !($cost >= 0 && $floor_1000 > 0) }"; then
		check "$cost <= 1.2 * $floor_1000" \
			"scaling-$series: per-rule cost from 1 to 1,000 rules $(calc %.2f "$cost") us, $(calc %.2fx "$cost / $floor_1000") the floor's $(calc %.2f "$floor_1000") us (target: at most 1.2x)"
	else
		target FAIL "scaling-$series: no measurement at 1 and 1,000 rules"
	fi
done
for name in pass pass1000; do
	[[ -n ${instructions[$name]:-} ]] || continue
	if count=$(icount "$name") && empty_count=$(icount empty); then
		added=$((count - empty_count))
		check "$added <= 3000" \
			"instructions-$name: pass-through adds $added user instructions over the empty preload (target: at most 3000)"
	else
		target FAIL "instructions-$name: not counted ($name: ${instructions[$name]}, empty: ${instructions[empty]})"
	fi
done
for name in pass pass1000; do
	if [[ -n ${mem_error[$name]:-} ]]; then
		target FAIL "maps-$name: memprobe failed: ${mem_error[$name]}"
		continue
	fi
	extra=$(extra_files "$name" | paste -sd' ')
	if [[ $extra == "$lib" ]]; then
		target PASS "maps-$name: pass-through maps nothing but libllshim.so beyond the baseline"
	else
		target FAIL "maps-$name: pass-through maps more than libllshim.so beyond the baseline: $extra"
	fi
done
enforcing=(env file10)
[[ $user_note == - ]] && enforcing+=(user)
((have_run)) && enforcing+=(run)
for name in "${enforcing[@]}"; do
	if [[ -n ${mem_error[$name]:-} ]]; then
		target FAIL "parser-$name: memprobe failed: ${mem_error[$name]}"
		continue
	fi
	left=$(grep -E 'libllshim-parser|libconfig' "$tmp/mem-$name.files" |
		paste -sd' ' || true)
	if [[ -z $left ]]; then
		target PASS "parser-$name: neither libllshim-parser nor libconfig is mapped at main()"
	else
		target FAIL "parser-$name: still mapped at main(): $left"
	fi
done
# Both are preloaded libraries: what their work adds is measured over the
# empty preload.  RSS counts whole pages, so the floor's figure counts as
# at least one page: a floor that adds nothing must not demand the
# impossible of llshim.
if [[ -n ${rss[floor]:-} && -n ${rss[empty]:-} ]]; then
	floor_rss=$((rss[floor] - rss[empty]))
	floor_ref=$((floor_rss < page_kb ? page_kb : floor_rss))
	for name in "${enforcing[@]}"; do
		[[ -n ${rss[$name]:-} ]] || continue
		added=$((rss[$name] - rss[empty]))
		check "$added <= 2 * $floor_ref" \
			"rss-$name: adds $added kB of resident memory over the empty preload ($((anon[$name] - anon[empty])) kB of it anonymous), $(calc %.1fx "$added / $floor_ref") the floor's $floor_rss kB ($((anon[floor] - anon[empty])) kB anonymous) (target: at most 2x, the floor counted as at least $page_kb kB)"
	done
else
	target FAIL "rss: memprobe failed with the floor or the empty preload"
fi

# ----------------------------------------------------------------- reports

machine_facts
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
elapsed=$((SECONDS - started))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# json_str: a JSON string literal of $1.
json_str() {
	local s=${1//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/ }
	printf '"%s"' "$s"
}

# json_num: a number, or null.
json_num() {
	if [[ $1 =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; then
		printf '%s' "$1"
	else
		printf null
	fi
}

label_of() {
	awk -F'\t' -v name="$1" '$1 == name { print $3 }' "$tmp/main.spec"
}

instruction_rows() {
	local name count base_count empty_count

	base_count=$(icount base) || base_count=
	empty_count=$(icount empty) || empty_count=
	echo "| Variant | User instructions | Added over baseline | Added over empty preload |"
	echo "|---|--:|--:|--:|"
	for name in "${step_names[@]}"; do
		if count=$(icount "$name") && [[ -n $base_count ]]; then
			printf '| %s | %s | %+d | %s |\n' "$(label_of "$name")" \
				"${instructions[$name]}" $((count - base_count)) \
				"$([[ -n $empty_count ]] && printf '%+d' $((count - empty_count)))"
		else
			printf '| %s | %s | | |\n' "$(label_of "$name")" "$count"
		fi
	done
}

memory_rows() {
	local name extra

	echo "| Variant | VmRSS (kB, mean ± standard error) | Added over baseline (kB) | Added over empty preload (kB) | RssAnon (kB) | RssFile (kB) | Mappings | Added mappings | Landlocked | Files mapped beyond the baseline |"
	echo "|---|--:|--:|--:|--:|--:|--:|--:|:-:|---|"
	for name in "${mem_names[@]}"; do
		if [[ -n ${mem_error[$name]:-} ]]; then
			printf '| %s | **error** | | | | | | | | %s |\n' \
				"$(label_of "$name")" "${mem_error[$name]//|/\\|}"
			continue
		fi
		extra=$(extra_files "$name" | sed "s|^$top/||; s|^$tmp/lib/||" |
			paste -sd' ')
		printf '| %s | %s | %+d | %s | %s | %s | %s | %+d | %s | %s |\n' \
			"$(label_of "$name")" "${rss[$name]} ± ${rss_se[$name]}" \
			$((rss[$name] - rss[base])) \
			"$([[ -n ${rss[empty]:-} ]] && printf %+d $((rss[$name] - rss[empty])))" \
			"${anon[$name]}" \
			"${filekb[$name]}" "${maps[$name]}" \
			$((maps[$name] - maps[base])) \
			"$( ((landlocked[$name])) && echo yes || echo no)" \
			"${extra:-none}"
	done
}

# ms VALUE: a time for a table, n/a when not measured.
ms() {
	if [[ $1 == '?' ]]; then
		echo n/a
	else
		calc %.3f "$1"
	fi
}

scaling_rows() {
	local n floor file env

	echo "| Added rules | Floor (ms) | llshim policy file (ms) | llshim LL_FS_RO (ms) |"
	echo "|--:|--:|--:|--:|"
	while read -r n floor file env; do
		printf '| %s | %s | %s | %s |\n' "$n" "$(ms "$floor")" \
			"$(ms "$file")" "$(ms "$env")"
	done <"$tmp/scaling.dat"
	echo
	echo "| Series | Per rule, least-squares slope (us) | Per rule from 1 to 1,000 rules (us) | Ratio to the floor at 1,000 |"
	echo "|---|--:|--:|--:|"
	printf '| floor | %.2f | %.2f | 1.00 |\n' "$floor_slope" "$floor_1000"
	printf '| llshim policy file | %.2f | %.2f | %.2f |\n' "$file_slope" \
		"$file_1000" "$(awk "BEGIN { print $file_1000 / $floor_1000 }")"
	printf '| llshim LL_FS_RO | %.2f | %.2f | %.2f |\n' "$env_slope" \
		"$env_1000" "$(awk "BEGIN { print $env_1000 / $floor_1000 }")"
}

target_lines() {
	local i
	for i in "${!targets[@]}"; do
		echo "${verdicts[$i]} ${targets[$i]}"
	done
}

{
	cat <<-EOF
		# llshim start-up benchmark results

		Written by \`make bench$( ((quick)) && echo ' BENCH_QUICK=1')\` (tests/bench/run.sh); see tests/bench/README.md for what each
		variant means and how to read the numbers.

		$(machine_rows)
		| Landlock ABI | $abi |
		| llshim measured | libllshim.so sha256 $lib_sum..., tree at commit $lib_commit plus any uncommitted changes |
		| Date | $date |
		| Load average (1, 5, 15 min) | $load_start at the start, $load_end at the end |
		| Rounds | $rounds start-up rounds after $warmup warm-up rounds; $scale_rounds scaling rounds |
		| Run time | ${elapsed} s |

		## Start-up time of a tiny program

		Program: \`int main(void){return 0;}\`, dynamically linked; every
		round starts every variant once in a new random order; times are
		posix_spawn() to waitpid().  "Added" is the median minus the baseline's median.

	EOF
	cat "$tmp/main.md"
	cat <<-EOF

		## Targets (issue 5)

		\`\`\`
	EOF
	target_lines
	cat <<-EOF
		\`\`\`

		## Scaling with the number of path rules

		Median start time with 6 base rules plus N read-only directory rules
		(the floor reads N from its environment, llshim from a policy file or
		LL_FS_RO).

	EOF
	scaling_rows
	echo
	if [[ -s $results/scaling.png && -z $plot_note ]]; then
		echo "![start time against rules](scaling.png)"
	else
		echo "No plot: $plot_note"
	fi
	cat <<-EOF

		## User-space instructions per start

		Counted by single-stepping with ptrace (tests/bench/stepcount.c),
		address space randomisation off; two runs that differ are shown as
		low/high.

	EOF
	instruction_rows
	cat <<-EOF

		## Memory at main()

		Read by the program itself (tests/bench/memprobe.c) from
		/proc/self/status and /proc/self/maps; the mean of $mem_runs runs,
		with address space randomisation on.  The kernel maps a file's
		cached pages in 64 kB windows around each page touched, so where
		libc lands moves its RssFile by tens of kB: with randomisation off,
		each variant would get one fixed placement, set by the size of
		the library it preloads, and be favoured or penalised by it; over
		random placements that effect averages out alike for every
		variant.  "Landlocked" means /var, which no variant grants, was
		denied.

	EOF
	memory_rows
} >"$results/results.md"

{
	printf '{\n"machine": {"kernel": %s, "distribution": %s, "glibc": %s, "cpu": %s, "cores": %s, "memory": %s, "landlock_abi": %s, "date": %s, "loadavg_start": %s, "loadavg_end": %s, "libllshim_sha256_prefix": %s, "commit": %s},\n' \
		"$(json_str "$kernel")" "$(json_str "$distro")" "$(json_str "$libc")" \
		"$(json_str "$cpu")" "$cores" "$(json_str "$mem_total")" \
		"$abi" "$(json_str "$date")" "$(json_str "$load_start")" \
		"$(json_str "$load_end")" "$(json_str "$lib_sum")" \
		"$(json_str "$lib_commit")"
	printf '"settings": {"rounds": %s, "warmup": %s, "scaling_rounds": %s, "memory_runs": %s, "instruction_runs": %s, "quick": %s, "run_seconds": %s},\n' \
		"$rounds" "$warmup" "$scale_rounds" "$mem_runs" "$step_runs" \
		"$( ((quick)) && echo true || echo false)" "$elapsed"
	printf '"startup": '
	cat "$tmp/main.json"
	printf ',\n"scaling": {"unit": "ms", "points": ['
	sep=
	while read -r n floor file env; do
		printf '%s\n  {"rules": %s, "floor": %s, "llshim_file": %s, "llshim_env": %s}' \
			"$sep" "$n" "$(json_num "$floor")" "$(json_num "$file")" \
			"$(json_num "$env")"
		sep=,
	done <"$tmp/scaling.dat"
	printf '],\n "per_rule_us": {"floor": {"slope": %s, "from_1_to_1000": %s}, "llshim_file": {"slope": %s, "from_1_to_1000": %s}, "llshim_env": {"slope": %s, "from_1_to_1000": %s}},\n "runs": ' \
		"$floor_slope" "$floor_1000" "$file_slope" "$file_1000" \
		"$env_slope" "$env_1000"
	cat "$tmp/scaling.json"
	printf '},\n"instructions": ['
	sep=
	for name in "${step_names[@]}"; do
		value=${instructions[$name]}
		[[ $value =~ ^[0-9]+$ ]] || value=$(json_str "$value")
		printf '%s\n  {"name": %s, "instructions": %s}' "$sep" \
			"$(json_str "$name")" "$value"
		sep=,
	done
	printf '],\n"memory": ['
	sep=
	for name in "${mem_names[@]}"; do
		printf '%s\n  {"name": %s' "$sep" "$(json_str "$name")"
		sep=,
		if [[ -n ${mem_error[$name]:-} ]]; then
			printf ', "error": %s}' "$(json_str "${mem_error[$name]}")"
			continue
		fi
		printf ', "rss_kb": %s, "rss_standard_error_kb": %s, "added_rss_kb": %s, "added_rss_over_empty_kb": %s, "anon_kb": %s, "file_kb": %s, "maps": %s, "added_maps": %s, "landlocked": %s, "extra_files": [' \
			"${rss[$name]}" "${rss_se[$name]}" $((rss[$name] - rss[base])) \
			"$(json_num "$([[ -n ${rss[empty]:-} ]] && echo $((rss[$name] - rss[empty])))")" \
			"${anon[$name]}" "${filekb[$name]}" "${maps[$name]}" \
			$((maps[$name] - maps[base])) \
			"$( ((landlocked[$name])) && echo true || echo false)"
		extra_files "$name" | while read -r f; do json_str "$f"; echo; done |
			paste -sd, | tr -d '\n'
		printf ']}'
	done
	printf '],\n"targets": ['
	sep=
	for i in "${!targets[@]}"; do
		printf '%s\n  {"status": "%s", "text": %s}' "$sep" \
			"${verdicts[$i]}" "$(json_str "${targets[$i]}")"
		sep=,
	done
	printf '\n]}\n'
} >"$results/results.json"

echo
cat "$tmp/main.md"
echo
target_lines
say "results in $results (${elapsed} s)"
