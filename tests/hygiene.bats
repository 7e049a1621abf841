#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Hygiene with a policy applied (SPEC.md sections 3 and 5): the shim runs
# inside someone else's process and must leave no trace there but the
# domain itself.  build/tests/hygiene reports, at the top of main(), what a
# careless constructor could have changed; each test compares that report
# with a run of the same program without the shim.

# bats sets stderr and stderr_lines in `run --separate-stderr`.
# shellcheck disable=SC2154
load helper

bats_require_minimum_version 1.5.0

setup() {
	[[ -e $LLSHIM_LIB && -x $LLSHIM_PROGS/hygiene ]] ||
		fail "build first: make all test-progs"
	HYGIENE="$LLSHIM_PROGS/hygiene"
	# No user per-binary policy and no stray policy variable from the caller.
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	unset_policy_env
	ALLOWED="$BATS_TEST_TMPDIR/allowed"
	SECRET="$BATS_TEST_TMPDIR/secret"
	mkdir -p "$ALLOWED"
	echo allowed >"$ALLOWED/file"
	echo secret >"$SECRET"
	# The host needs /proc for its report; $SECRET is readable by its
	# owner but outside the policy, so reading it probes the domain.  The
	# missing path is skipped, but only after a failed open() has set
	# errno inside the shim: the errno tests need something to undo.
	MISSING="$BATS_TEST_TMPDIR/missing"
	INLINE=(LL_FS_RO="/proc:$MISSING" LL_FS_RW="$ALLOWED")
	POLICY="$BATS_TEST_TMPDIR/policy.conf"
	cat >"$POLICY" <<-EOF
		version = 1;
		fs = (
		  { path = "/proc"; access = "ro"; },
		  { path = "$MISSING"; access = "ro"; },
		  { path = "$ALLOWED"; access = "rw"; }
		);
	EOF
}

@test "errno at main() is preserved with an inline policy" {
	run_plain "${INLINE[@]}" "$HYGIENE" "$SECRET"
	assert_success
	# The host's .preinit_array sets errno before any constructor.
	assert_equal "$(field errno)" 4321
	run_shim "${INLINE[@]}" "$HYGIENE" "$SECRET"
	assert_success
	assert_equal "$(field landlocked)" 1
	assert_equal "$(field errno)" 4321
	assert_equal "$stderr" ""
}

@test "errno at main() is preserved with a policy file" {
	run_shim LLSHIM_POLICY="$POLICY" "$HYGIENE" "$SECRET"
	assert_success
	assert_equal "$(field landlocked)" 1
	assert_equal "$(field errno)" 4321
	assert_equal "$stderr" ""
}

@test "the same descriptors are open at main() with an inline policy" {
	run_plain "${INLINE[@]}" "$HYGIENE"
	assert_success
	local plain_fds
	plain_fds=$(field fds)
	[[ $plain_fds =~ ^[0-9,]+$ ]] || fail "cannot list descriptors: $plain_fds"
	run_shim "${INLINE[@]}" "$HYGIENE" "$SECRET"
	assert_success
	assert_equal "$(field landlocked)" 1
	assert_equal "$(field fds)" "$plain_fds"
}

# compiled_forms: how many compiled policies the user's directory holds.
compiled_forms() {
	find "$XDG_CONFIG_HOME/llshim/compiled" -name '*.bin' 2>/dev/null | wc -l
}

# The compiled file is read first and closed with the ruleset it becomes.
@test "the same descriptors are open at main() with a policy file, parsed and from its compiled form" {
	mkdir -p "$XDG_CONFIG_HOME"
	run_plain "$HYGIENE"
	assert_success
	local i plain_fds
	plain_fds=$(field fds)
	for i in 1 2; do
		run_shim LLSHIM_POLICY="$POLICY" "$HYGIENE" "$SECRET"
		assert_success
		assert_equal "$(field landlocked)" 1
		assert_equal "$(field fds)" "$plain_fds"
		assert_equal "$(compiled_forms)" 1
	done
}

# Two compiled files are open at once, neither right before its ruleset.
@test "the same descriptors are open at main() with two policy files from their compiled forms" {
	mkdir -p "$XDG_CONFIG_HOME/llshim/policy.d"
	cp "$POLICY" "$XDG_CONFIG_HOME/llshim/policy.d/$(basename "$HYGIENE").conf"
	run_plain "$HYGIENE"
	assert_success
	local i plain_fds
	plain_fds=$(field fds)
	for i in 1 2; do
		run_shim LLSHIM_POLICY="$POLICY" LLSHIM_DEBUG=1 "$HYGIENE" "$SECRET"
		assert_success
		assert_equal "$(field landlocked)" 1
		assert_equal "$(field fds)" "$plain_fds"
		assert_equal "$(compiled_forms)" 2
		assert_equal "$(grep -c ': layer ' <<<"$stderr")" 2
	done
}

# Each layer keeps up to 16 rule descriptors open after its ruleset's and
# closes them with it: two layers, one of more rules than that, and an
# inherited descriptor in the middle of the numbers they get.
@test "the same descriptors are open at main() with two layers, many rules and an inherited one" {
	local i rules=""
	for ((i = 0; i < 20; i++)); do
		mkdir "$BATS_TEST_TMPDIR/d$i"
		rules+="{ path = \"$BATS_TEST_TMPDIR/d$i\"; access = \"ro\"; },"
	done
	cat >"$BATS_TEST_TMPDIR/many.conf" <<-EOF
		version = 1;
		fs = ( $rules
		  { path = "/proc"; access = "ro"; } );
	EOF
	run_plain "$HYGIENE" 7</dev/null
	assert_success
	local plain_fds
	plain_fds=$(field fds)
	[[ $plain_fds == *,7* ]] || fail "descriptor 7 not inherited: $plain_fds"
	# Parsed, then applied from its compiled form.
	mkdir -p "$XDG_CONFIG_HOME"
	for i in 1 2; do
		run_shim LLSHIM_POLICY="$BATS_TEST_TMPDIR/many.conf" \
			"${INLINE[@]}" "$HYGIENE" "$SECRET" 7</dev/null
		assert_success
		assert_equal "$(field landlocked)" 1
		assert_equal "$(field fds)" "$plain_fds"
		assert_equal "$(compiled_forms)" 1
	done
}

@test "no libconfig or parser mapping is left at main() after parsing a policy file" {
	run_shim LLSHIM_POLICY="$POLICY" "$HYGIENE" "$SECRET"
	assert_success
	# The policy was parsed and applied: the file outside it is denied...
	assert_equal "$(field probe)" EACCES
	# ...by a shim that is really loaded...
	(($(field llshim_mappings) > 0)) || fail "libllshim.so is not mapped"
	# ...and the parser it borrowed for that is gone again.
	assert_equal "$(field libconfig_mapped)" 0
	assert_equal "$(field parser_mapped)" 0
	assert_equal "$stderr" ""
}

@test "the report differs from an unshimmed run only where the policy shows" {
	local -a expected_differences=(-e '^llshim_mappings=' -e '^env=' \
		-e '^ld_preload=' -e '^no_new_privs=' -e '^probe=' -e '^landlocked=')
	local plain source
	run_plain HYGIENE_CTOR_FILE="$ALLOWED/file" "$HYGIENE" "$SECRET"
	assert_success
	plain=$(grep -v "${expected_differences[@]}" <<<"$output")
	for source in inline file; do
		if [[ $source == inline ]]; then
			run_shim "${INLINE[@]}" HYGIENE_CTOR_FILE="$ALLOWED/file" \
				"$HYGIENE" "$SECRET"
		else
			run_shim LLSHIM_POLICY="$POLICY" \
				HYGIENE_CTOR_FILE="$ALLOWED/file" "$HYGIENE" "$SECRET"
		fi
		assert_success
		assert_equal "$(field landlocked)" 1
		assert_equal "$(grep -v "${expected_differences[@]}" <<<"$output")" "$plain"
		assert_equal "$stderr" ""
	done
}

@test "the shim writes nothing to stdout or stderr when it applies a policy" {
	run_shim LL_FS_RO=/ true
	assert_success
	assert_equal "$output" ""
	assert_equal "$stderr" ""
	run_shim LLSHIM_POLICY="$POLICY" true
	assert_success
	assert_equal "$output" ""
	assert_equal "$stderr" ""
}

@test "a refusal is one stderr line and nothing on stdout (twin of the silent run)" {
	local true_bin
	true_bin=$(realpath "$(type -P true)")
	run_shim LL_TCP_CONNECT=80x true
	assert_equal "$status" 126
	assert_equal "$output" ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^llshim: $true_bin: "
}

@test "after applying, LL_* and LLSHIM_POLICY are gone and LD_PRELOAD stays" {
	run_shim "${INLINE[@]}" LL_TCP_CONNECT= LL_SCOPED=s \
		LLSHIM_POLICY="$POLICY" "$HYGIENE" "$SECRET"
	assert_success
	assert_equal "$(field landlocked)" 1
	refute_line --regexp '^env=(LL_.*|LLSHIM_POLICY)$'
	assert_equal "$(field ld_preload)" "$LLSHIM_LIB"
	assert_equal "$stderr" ""
	# What a child started by the program inherits, seen by env(1).
	run_shim LL_FS_RO=/ LLSHIM_POLICY="$POLICY" env
	assert_success
	refute_line --regexp '^(LL_[A-Z_]*|LLSHIM_POLICY)='
	assert_line "LD_PRELOAD=$LLSHIM_LIB"
	# Every other variable stays, in its place, LLSHIM_DEBUG included.
	local shimmed plain
	run_shim A_FIRST=1 LL_FS_RO=/ LLSHIM_DEBUG=0 LLSHIM_POLICY="$POLICY" \
		LL_SCOPED=s Z_LAST=2 env
	assert_success
	shimmed=$(grep -v '^LD_PRELOAD=' <<<"$output")
	run_plain A_FIRST=1 LL_FS_RO=/ LLSHIM_DEBUG=0 LLSHIM_POLICY="$POLICY" \
		LL_SCOPED=s Z_LAST=2 env
	plain=$(grep -v -E '^(LL_[A-Z_]*|LLSHIM_POLICY)=' <<<"$output")
	assert_equal "$shimmed" "$plain"
}

@test "without the shim the same variables are still there (twin)" {
	run_plain "${INLINE[@]}" LL_TCP_CONNECT= LL_SCOPED=s \
		LLSHIM_POLICY="$POLICY" "$HYGIENE" "$SECRET"
	assert_success
	assert_equal "$(field landlocked)" 0
	assert_line env=LL_FS_RO
	assert_line env=LL_FS_RW
	assert_line env=LL_TCP_CONNECT
	assert_line env=LL_SCOPED
	assert_line env=LLSHIM_POLICY
	assert_equal "$(field ld_preload)" "(unset)"
}

@test "no_new_privs is set when a policy is applied" {
	run_shim "${INLINE[@]}" "$HYGIENE"
	assert_success
	assert_equal "$(field no_new_privs)" 1
	run_shim LLSHIM_POLICY="$POLICY" "$HYGIENE"
	assert_success
	assert_equal "$(field no_new_privs)" 1
}

@test "the shim's constructor runs before the program's own constructors" {
	run_shim "${INLINE[@]}" HYGIENE_CTOR_FILE="$SECRET" "$HYGIENE"
	assert_success
	assert_equal "$(field ctor_read)" EACCES
	run_shim LLSHIM_POLICY="$POLICY" HYGIENE_CTOR_FILE="$SECRET" "$HYGIENE"
	assert_success
	assert_equal "$(field ctor_read)" EACCES
}

@test "the program's constructor reads what the policy allows, and anything without one (twin)" {
	run_shim "${INLINE[@]}" HYGIENE_CTOR_FILE="$ALLOWED/file" "$HYGIENE"
	assert_success
	assert_equal "$(field ctor_read)" ok
	run_shim LLSHIM_POLICY="$POLICY" HYGIENE_CTOR_FILE="$ALLOWED/file" "$HYGIENE"
	assert_success
	assert_equal "$(field ctor_read)" ok
	run_plain HYGIENE_CTOR_FILE="$SECRET" "$HYGIENE"
	assert_success
	assert_equal "$(field ctor_read)" ok
}

# shim_pages CMD...: run CMD (which prints /proc/self/smaps) and print the
# resident kB of the shim's second executable mapping (its cold code,
# used only when a policy applies) and of the anonymous mapping right
# after its last one (its .bss, the scratch memory of the constructor).
shim_pages() {
	"$@" | awk '
		/^[0-9a-f]+-[0-9a-f]+ / {
			after_shim = (in_shim && NF == 5)
			in_shim = ($6 ~ /libllshim\.so$/)
			what = ""
			if (in_shim && $2 ~ /x/ && ++exec_maps == 2)
				what = "cold"
			if (after_shim)
				what = "bss"
			next
		}
		/^Rss:/ && what != "" { rss[what] = $2; what = "" }
		END { printf "cold code %s kB, bss %s kB\n", rss["cold"], rss["bss"] }'
}

@test "after applying a policy the shim keeps no more pages resident than without one" {
	local plain inline file
	plain=$(shim_pages env LD_PRELOAD="$LLSHIM_LIB" cat /proc/self/smaps)
	[[ $plain == "cold code "[0-9]*" kB, bss "[0-9]*" kB" ]] ||
		fail "cannot read the shim's mappings: $plain"
	inline=$(shim_pages env LD_PRELOAD="$LLSHIM_LIB" LL_FS_RO=/ \
		cat /proc/self/smaps)
	assert_equal "$inline" "$plain"
	# Parsed (the parser was loaded), then from the compiled form.
	file=$(shim_pages env LD_PRELOAD="$LLSHIM_LIB" LLSHIM_POLICY="$POLICY" \
		LL_FS_RO=/ cat /proc/self/smaps)
	assert_equal "$file" "$plain"
	file=$(shim_pages env LD_PRELOAD="$LLSHIM_LIB" LLSHIM_POLICY="$POLICY" \
		LL_FS_RO=/ cat /proc/self/smaps)
	assert_equal "$file" "$plain"
}

# maps_problems CMD...: run CMD (which prints /proc/self/maps) and print
# every mapping that breaks W^X, a writable mapping of the shim's file
# (the loader would have written into its pages), or an executable stack.
maps_problems() {
	"$@" | awk '
		$2 ~ /w/ && $2 ~ /x/ { print "writable and executable: " $0 }
		$6 ~ /libllshim\.so$/ && $2 ~ /w/ { print "writable shim page: " $0 }
		$6 == "[stack]" && $2 != "rw-p" { print "stack: " $0 }
		$6 == "[stack]" { stack = 1 }
		END { if (!stack) print "no [stack] mapping seen" }'
}

@test "with the shim preloaded the stack stays non-executable and no shim page is writable" {
	run maps_problems env LD_PRELOAD="$LLSHIM_LIB" cat /proc/self/maps
	assert_success
	assert_output ""
	run maps_problems env LD_PRELOAD="$LLSHIM_LIB" LL_FS_RO=/ \
		cat /proc/self/maps
	assert_success
	assert_output ""
	run maps_problems env LD_PRELOAD="$LLSHIM_LIB" LLSHIM_POLICY="$POLICY" \
		cat /proc/self/maps
	assert_success
	assert_output ""
}
