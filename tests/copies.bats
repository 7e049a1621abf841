#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Two copies of libllshim.so in one process (say /etc/ld.so.preload's and
# an LD_PRELOAD one): exactly one applies the policies, root's first.

load helper

setup() {
	T="$BATS_TEST_TMPDIR"
	mkdir -p "$T/copy" "$T/work"
	cp "$LLSHIM_BUILD/libllshim.so" \
		"$LLSHIM_BUILD/libllshim-parser.so" "$T/copy/"
	COPY="$T/copy/libllshim.so"
	echo data >"$T/work/file"
	echo secret >"$T/secret"
	cat >"$T/p.conf" <<-EOF
		version = 1;
		fs = (
		$(start_rules),
		  { path = "$T/work"; access = "ro"; }
		);
	EOF
}

@test "two copies apply the policy once and stay readable to children" {
	run env LD_PRELOAD="$LLSHIM_LIB $COPY" LLSHIM_POLICY="$T/p.conf" LLSHIM_DEBUG=1 \
		/bin/sh -c "cat '$T/work/file'"
	assert_success
	assert_equal "$(grep -c ': layer ' <<<"$output")" 1
	refute_output --partial "ERROR: ld.so"
	assert_line data
}

@test "two copies still sandbox (twin)" {
	run env LD_PRELOAD="$LLSHIM_LIB $COPY" LLSHIM_POLICY="$T/p.conf" \
		/bin/sh -c "cat '$T/secret'"
	assert_failure
	assert_output --partial "secret: Permission denied"
}

@test "root's copy is elected over an earlier one others may write" {
	[[ $(stat -c %u "$LLSHIM_LIB") == 0 ]] ||
		skip "the build's libllshim.so must be root's for this case"
	# The writable copy comes first but cannot parse (no parser beside
	# it): had it been elected, the program would be refused.
	rm "$T/copy/libllshim-parser.so"
	chmod 0666 "$COPY"
	run env LD_PRELOAD="$COPY $LLSHIM_LIB" LLSHIM_POLICY="$T/p.conf" \
		"$PROBE" read_file "$T/work/file"
	assert_success
	assert_output ""
}

@test "among root's copies the first in load order is elected (twin)" {
	rm "$T/copy/libllshim-parser.so"
	run env LD_PRELOAD="$COPY $LLSHIM_LIB" LLSHIM_POLICY="$T/p.conf" \
		"$PROBE" read_file "$T/work/file"
	if [[ $(stat -c %u "$LLSHIM_LIB") == 0 && $(id -u) == 0 ]]; then
		# Both are root's: the first in load order acts and fails.
		assert_failure 126
		assert_output --partial "cannot load the policy parser"
	else
		skip "both copies must be root's for this case"
	fi
}
