#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Compiled policies at start-up: a policy file is parsed once and later
# starts apply its compiled form without the parser, but only while every
# input is unchanged and the compiled file is the user's own.  Each test
# proves the parser was not needed by removing it: a start that had to
# parse again is refused (126), never run unsandboxed.

load helper

setup() {
	T="$BATS_TEST_TMPDIR"
	mkdir -p "$T/lib" "$T/data" "$T/other"
	cp "$LLSHIM_LIB" "$LLSHIM_BUILD/libllshim-parser.so" "$T/lib/"
	LIB="$T/lib/libllshim.so"
	COMPILED="$XDG_CONFIG_HOME/llshim/compiled"
	echo data >"$T/data/file"
	echo secret >"$T/other/secret"
	write_policy "$T/p.conf" '{ path = "'"$T"'/data"; access = "ro"; }'
}

# write_policy FILE RULE...: a policy granting the libraries and RULEs.
write_policy() {
	local file=$1 rules=""
	shift
	for r in "$@"; do rules+=", $r"; done
	cat >"$file" <<-EOF
		version = 1;
		fs = (
		$(start_rules)$rules
		);
	EOF
}

# start FILE VAR=value... -- ARGS: the probe under LLSHIM_POLICY=FILE.
start() {
	local file=$1
	shift
	run env LD_PRELOAD="$LIB" LLSHIM_POLICY="$file" "$@" "$PROBE" "${ARGS[@]}"
}

@test "a policy file is compiled once; later starts apply it without the parser" {
	ARGS=(read_file "$T/data/file")
	start "$T/p.conf"
	assert_success
	run find "$COMPILED" -name '*.bin' -perm 0600 -user "$(id -u)"
	assert_equal "${#lines[@]}" 1
	rm "$T/lib/libllshim-parser.so"
	start "$T/p.conf"
	assert_success
	assert_output ""
	# ... and it is the same sandbox.
	ARGS=(read_file "$T/other/secret")
	start "$T/p.conf"
	assert_failure 13
}

@test "an edited policy is parsed again, never applied from its stale compiled form" {
	ARGS=(read_file "$T/other/secret")
	start "$T/p.conf"
	assert_failure 13
	write_policy "$T/p.conf" '{ path = "'"$T"'/other"; access = "ro"; }'
	mv "$T/lib/libllshim-parser.so" "$T/parser.so"
	start "$T/p.conf"
	assert_failure 126
	assert_output --partial "cannot load the policy parser"
	mv "$T/parser.so" "$T/lib/libllshim-parser.so"
	start "$T/p.conf"
	assert_success
	assert_output ""
}

@test "the same size and mtime do not hide an edit (ctime does not lie)" {
	ARGS=(read_file "$T/data/file")
	start "$T/p.conf"
	assert_success
	local stamp
	stamp=$(stat -c %y "$T/p.conf")
	sed -i 's/"ro"; }$/"rw"; }/' "$T/p.conf"
	touch -d "$stamp" "$T/p.conf"
	rm "$T/lib/libllshim-parser.so"
	start "$T/p.conf"
	assert_failure 126
}

@test "a compiled form others could have written is ignored; the user's own is used (twin)" {
	ARGS=(read_file "$T/data/file")
	start "$T/p.conf"
	assert_success
	rm "$T/lib/libllshim-parser.so"
	chmod g+w "$COMPILED"/*.bin
	start "$T/p.conf"
	assert_failure 126
	chmod g-w "$COMPILED"/*.bin
	start "$T/p.conf"
	assert_success
}

@test "a compiled form owned by another user is ignored" {
	require_root "chown to another user"
	ARGS=(read_file "$T/data/file")
	start "$T/p.conf"
	assert_success
	rm "$T/lib/libllshim-parser.so"
	chown 65534 "$COMPILED"/*.bin
	start "$T/p.conf"
	assert_failure 126
}

@test "a damaged compiled form is refused as a whole and parsed again" {
	ARGS=(read_file "$T/data/file")
	start "$T/p.conf"
	assert_success
	local bin
	bin=$(echo "$COMPILED"/*.bin)
	printf 'X' | dd of="$bin" bs=1 seek=40 conv=notrunc status=none
	start "$T/p.conf"
	assert_success
	assert_output ""
	rm "$T/lib/libllshim-parser.so"
	printf 'Y' | dd of="$bin" bs=1 seek=40 conv=notrunc status=none
	start "$T/p.conf"
	assert_failure 126
}

@test "a changed variable the policy expands makes it parsed again; an unrelated one does not" {
	write_policy "$T/v.conf" '{ path = "${DATA_DIR}"; access = "ro"; }'
	ARGS=(read_file "$T/data/file")
	start "$T/v.conf" DATA_DIR="$T/data"
	assert_success
	rm "$T/lib/libllshim-parser.so"
	start "$T/v.conf" DATA_DIR="$T/data" UNRELATED=1
	assert_success
	assert_output ""
	start "$T/v.conf" DATA_DIR="$T/other"
	assert_failure 126
}

@test "a new profile that would now be found first makes the policy parsed again" {
	mkdir -p "$XDG_CONFIG_HOME/llshim/profiles"
	printf 'version = 1;\nfs = ({ path = "%s/data"; access = "ro"; });\n' "$T" \
		>"$XDG_CONFIG_HOME/llshim/profiles/mine.conf"
	write_policy "$T/i.conf"
	sed -i 's/^version = 1;$/version = 1;\ninclude = ["mine"];/' "$T/i.conf"
	ARGS=(read_file "$T/data/file")
	start "$T/i.conf"
	assert_success
	rm "$T/lib/libllshim-parser.so"
	start "$T/i.conf"
	assert_success
	# Editing the profile is a change of an input too.
	printf 'version = 1;\nfs = ({ path = "%s/other"; access = "ro"; });\n' "$T" \
		>"$XDG_CONFIG_HOME/llshim/profiles/mine.conf"
	start "$T/i.conf"
	assert_failure 126
}

@test "a sandboxed program cannot write the compiled forms; it can write what its policy grants (twin)" {
	write_policy "$T/w.conf" '{ path = "'"$T"'/data"; access = "rw"; }'
	ARGS=(read_file "$T/data/file")
	start "$T/w.conf"
	assert_success
	local bin
	bin=$(echo "$COMPILED"/*.bin)
	ARGS=(write_file "$bin")
	start "$T/w.conf"
	assert_failure 13
	echo old >"$T/data/new"
	ARGS=(write_file "$T/data/new")
	start "$T/w.conf"
	assert_success
}

@test "without a policy, or with LL_* only, nothing is written" {
	run env LD_PRELOAD="$LIB" "$PROBE" read_file "$T/data/file"
	assert_success
	run env LD_PRELOAD="$LIB" LL_FS_RO=/usr:/lib:/lib64:/etc/ld.so.cache:"$LLSHIM_PROGS" \
		"$PROBE" read_file "$T/other/secret"
	assert_failure 13
	run find "$XDG_CONFIG_HOME" "$HOME" -mindepth 1
	assert_output ""
}

@test "a policy file is still applied, allowed and denied, when no compiled form can be kept" {
	# A file where the directory would be: nothing can be written.
	export XDG_CONFIG_HOME="$T/data/file/config"
	ARGS=(read_file "$T/other/secret")
	start "$T/p.conf"
	assert_failure 13
	ARGS=(read_file "$T/data/file")
	start "$T/p.conf"
	assert_success
	assert_output ""
}

@test "many first starts at once: every one sandboxed, one compiled form, no temporary file left" {
	ARGS=(read_file "$T/other/secret")
	local i
	for i in $(seq 1 40); do
		env LD_PRELOAD="$LIB" LLSHIM_POLICY="$T/p.conf" "$PROBE" "${ARGS[@]}" \
			>"$T/out.$i" 2>&1 &
	done
	local failed=0 status
	for i in $(seq 1 40); do
		wait -n || status=$?
		[[ ${status:-0} == 13 ]] || failed=$((failed + 1))
		status=
	done
	assert_equal "$failed" 0
	run cat "$T"/out.*
	refute_output --partial llshim
	run find "$COMPILED" -type f
	assert_equal "${#lines[@]}" 1
	assert_output --regexp '\.bin$'
	# Twin: the form they left is sound: it grants what the policy grants.
	rm "$T/lib/libllshim-parser.so"
	ARGS=(read_file "$T/data/file")
	start "$T/p.conf"
	assert_success
}

@test "a policy of 3,000 rules is applied whole, parsed and then compiled" {
	# More than the shim's first block of scratch memory holds.
	local i rules=()
	mkdir "$T/many"
	(cd "$T/many" && seq -f %04g 0 2999 | xargs mkdir)
	echo last >"$T/many/2999/file"
	for ((i = 0; i < 3000; i++)); do
		rules+=("$(printf '{ path = "%s/many/%04d"; access = "ro"; }' "$T" "$i")")
	done
	write_policy "$T/p.conf" "${rules[@]}"
	ARGS=(read_file "$T/many/2999/file")
	start "$T/p.conf" LLSHIM_DEBUG=1
	assert_success
	assert_output --partial ": 3005 rules;"
	rm "$T/lib/libllshim-parser.so"
	start "$T/p.conf" LLSHIM_DEBUG=1
	assert_success
	assert_output --partial ": 3005 rules;"
}

@test "beyond its 3,000 rules the large policy still denies (twin)" {
	local i rules=()
	mkdir "$T/many"
	(cd "$T/many" && seq -f %04g 0 2999 | xargs mkdir)
	for ((i = 0; i < 3000; i++)); do
		rules+=("$(printf '{ path = "%s/many/%04d"; access = "ro"; }' "$T" "$i")")
	done
	write_policy "$T/p.conf" "${rules[@]}"
	ARGS=(read_file "$T/other/secret")
	start "$T/p.conf"
	assert_failure 13
	rm "$T/lib/libllshim-parser.so"
	start "$T/p.conf"
	assert_failure 13
}

# A rule with directory rights ("ro") on a file: its compiled form
# remembers the file, so later starts open it as one at once.
@test "a file given \"ro\" stays readable from its compiled form, and nothing beside it is" {
	echo single >"$T/single"
	write_policy "$T/p.conf" '{ path = "'"$T"'/single"; access = "ro"; }'
	ARGS=(read_file "$T/single")
	start "$T/p.conf"
	assert_success
	rm "$T/lib/libllshim-parser.so"
	start "$T/p.conf"
	assert_success
	ARGS=(read_file "$T/data/file")
	start "$T/p.conf"
	assert_failure 13
}

@test "a file compiled as such that became a directory gets the file rights only, never read_dir" {
	echo single >"$T/single"
	write_policy "$T/p.conf" '{ path = "'"$T"'/single"; access = "ro"; }'
	ARGS=(read_file "$T/single")
	start "$T/p.conf"
	assert_success
	rm "$T/single"
	mkdir "$T/single"
	echo inner >"$T/single/inner"
	# Same policy file, untouched: its compiled form is current.
	rm "$T/lib/libllshim-parser.so"
	ARGS=(read_file "$T/single/inner")
	start "$T/p.conf"
	assert_success
	ARGS=(read_dir "$T/single")
	start "$T/p.conf"
	assert_failure 13
}

@test "a directory given \"ro\" in a fresh parse can be listed (twin)" {
	mkdir "$T/single"
	echo inner >"$T/single/inner"
	write_policy "$T/p.conf" '{ path = "'"$T"'/single"; access = "ro"; }'
	ARGS=(read_dir "$T/single")
	start "$T/p.conf"
	assert_success
	rm "$T/lib/libllshim-parser.so"
	start "$T/p.conf"
	assert_success
}
