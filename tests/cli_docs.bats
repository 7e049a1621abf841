#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The man pages render without a single groff warning and cover what the
# command offers; make install puts them, the command and the bash
# completion in place and uninstall removes exactly those; the completion
# completes verbs, options, policy files and commands.

load helper
bats_require_minimum_version 1.5.0

LLSHIM="$LLSHIM_BUILD/llshim"
MAN_PAGES=(man/llshim.1 man/llshim.conf.5 man/libllshim.8)
COMPLETION="$LLSHIM_TOP/completion/llshim.bash"

setup() {
	T="$BATS_TEST_TMPDIR"
}

# render FILE: man(1) as a user would see it, every groff warning enabled;
# stderr apart.
render() {
	run --separate-stderr env LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
		man --warnings=w -E UTF-8 -l "$1"
}

# assert_clean_page FILE: renders with no warning, fits 80 columns.
assert_clean_page() {
	render "$1"
	assert_success
	assert_equal "$stderr" ""
	assert_line --regexp '^NAME'
	local long
	long=$(awk 'length > 80' <<<"$output")
	assert_equal "$long" ""
	run --separate-stderr groff -man -Tutf8 -ww -z "$1"
	assert_success
	assert_equal "$stderr" ""
}

@test "each man page renders without any warning" {
	require_cmd man groff
	local page
	for page in "${MAN_PAGES[@]}"; do
		assert_clean_page "$LLSHIM_TOP/$page"
	done
}

@test "a page with a roff mistake does fail the check (twin)" {
	require_cmd man groff
	sed 's/^\.SH DESCRIPTION/.SH DESCRIPTION\n.XX unknown macro\n\\q/' \
		"$LLSHIM_TOP/man/llshim.1" >"$T/broken.1"
	render "$T/broken.1"
	assert_line --regexp '^NAME'
	[[ $stderr == *"warning: macro 'XX' not defined"* ]] ||
		fail "no warning for an undefined macro: $stderr"
	run --separate-stderr groff -man -Tutf8 -ww -z "$T/broken.1"
	[[ $stderr == *"warning"* ]] || fail "groff -ww reported nothing"
}

@test "llshim(1) documents every verb, every run option and every exit status" {
	require_cmd man
	render "$LLSHIM_TOP/man/llshim.1"
	local page=$output opt
	for opt in $("$LLSHIM" run --help | grep -o -- '--[a-z]*' | sort -u) --json --version; do
		[[ $page == *"$opt"* ]] || fail "llshim.1 does not mention $opt"
	done
	for opt in "llshim run" "llshim check" "llshim which" "llshim status" \
		126 127 "Usage error"; do
		[[ $page == *"$opt"* ]] || fail "llshim.1 does not mention $opt"
	done
}

@test "llshim.conf(5) documents every key, group, right and scope" {
	require_cmd man
	render "$LLSHIM_TOP/man/llshim.conf.5"
	local page=$output word
	for word in version include compat abi fs net scope log path access \
		required connect bind same_exec new_exec subdomains best-effort hard \
		ro rox rw rwx execute write_file read_file read_dir remove_dir \
		remove_file make_char make_dir make_reg make_sock make_fifo \
		make_block make_sym refer truncate ioctl_dev resolve_unix \
		abstract_unix_socket signal '${VAR:-default}' usr.bin.curl.conf; do
		[[ $page == *"$word"* ]] || fail "llshim.conf.5 does not mention $word"
	done
}

@test "libllshim(8) documents every variable, the lookup, trust and fail-closed exit" {
	require_cmd man
	render "$LLSHIM_TOP/man/libllshim.8"
	local page=$output word
	for word in LL_FS_RO LL_FS_RW LL_TCP_BIND LL_TCP_CONNECT LL_SCOPED \
		LL_FORCE_LOG LLSHIM_POLICY LLSHIM_DEBUG LD_PRELOAD AT_SECURE \
		/etc/ld.so.preload usr.bin.curl.conf 126 "llshim: program: reason" \
		ENOSYS EOPNOTSUPP; do
		[[ $page == *"$word"* ]] || fail "libllshim.8 does not mention $word"
	done
}

@test "make install puts the command, man pages and completion in DESTDIR; uninstall removes them" {
	local dest="$T/dest" prefix=/usr/local
	# Installing must not rebuild build/ under the other tests' feet.
	make -s -q -C "$LLSHIM_TOP" all ||
		fail "build/ is out of date: run make all before this file"
	run make -s -C "$LLSHIM_TOP" install DESTDIR="$dest"
	assert_success
	assert [ -x "$dest$prefix/bin/llshim" ]
	assert [ -f "$dest$prefix/share/man/man1/llshim.1" ]
	assert [ -f "$dest$prefix/share/man/man5/llshim.conf.5" ]
	assert [ -f "$dest$prefix/share/man/man8/libllshim.8" ]
	assert [ -f "$dest$prefix/share/bash-completion/completions/llshim" ]
	assert_equal "$(stat -c %a "$dest$prefix/share/man/man1/llshim.1")" 644
	run "$dest$prefix/bin/llshim" --version
	assert_success
	assert_output "llshim 0.1.0"
	# The installed pages name this build's directories and still render.
	run grep -x '.ds llshim-sysconfdir /etc' "$dest$prefix/share/man/man5/llshim.conf.5"
	assert_success
	if command -v man >/dev/null; then
		assert_clean_page "$dest$prefix/share/man/man8/libllshim.8"
	fi
	run make -s -C "$LLSHIM_TOP" uninstall DESTDIR="$dest"
	assert_success
	run find "$dest" -type f
	assert_output ""
}

# complete WORD...: the completions bash would offer for the command line
# WORD... (the last word is the one being completed), sorted, one a line.
complete_words() {
	run bash -c 'source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_llshim
		printf "%s\n" "${COMPREPLY[@]}" | sort -u' sh "$COMPLETION" "$@"
}

@test "completion: verbs, then each verb's options" {
	run bash -c 'source "$1"; complete -p llshim' sh "$COMPLETION"
	assert_output "complete -F _llshim llshim"
	complete_words llshim ""
	assert_output "$(printf '%s\n' --help --version check help run status which | sort)"
	complete_words llshim ch
	assert_output check
	complete_words llshim run --r
	assert_output "$(printf '%s\n' --ro --rox --rw --rwx)"
	complete_words llshim check --
	assert_output "$(printf '%s\n' --help --json)"
	complete_words llshim run --scope ""
	assert_output "$(printf '%s\n' a s)"
	complete_words llshim run --connect ""
	assert_output ""
	complete_words llshim help w
	assert_output which
	complete_words llshim status ""
	assert_output --help
}

@test "completion: policy files prefer *.conf, for --policy and check" {
	mkdir -p "$T/c/sub"
	touch "$T/c/a.conf" "$T/c/b.txt"
	cd "$T/c"
	complete_words llshim check ""
	assert_output "$(printf '%s\n' a.conf sub)"
	complete_words llshim run --policy ""
	assert_output "$(printf '%s\n' a.conf sub)"
	complete_words llshim run --policy = ""
	assert_output "$(printf '%s\n' a.conf sub)"
	# --ro takes any path: the twin, where b.txt is offered.
	complete_words llshim run --ro ""
	assert_output "$(printf '%s\n' a.conf b.txt sub)"
	# Without a policy file, any file.
	rm a.conf
	rmdir sub
	complete_words llshim check ""
	assert_output b.txt
}

@test "completion: commands after run's -- and for which, then files" {
	mkdir -p "$T/c"
	touch "$T/c/file"
	cd "$T/c"
	complete_words llshim run --ro /usr -- ca
	assert_line cat
	refute_line --partial -- "--"
	complete_words llshim run --ro /usr -- cat f
	assert_output file
	complete_words llshim which ca
	assert_line cat
	complete_words llshim which cat ""
	assert_output ""
}

@test "llshim --version, --help, help VERB; no or unknown verb is a usage error" {
	run "$LLSHIM" --version
	assert_success
	assert_output "llshim 0.1.0"
	run "$LLSHIM" --help
	assert_success
	assert_line --index 0 "usage: llshim run [options] -- CMD [ARGS...]"
	assert_line "  status   show what this kernel and machine support"
	local help=$output
	run "$LLSHIM" help
	assert_success
	assert_equal "$output" "$help"
	run "$LLSHIM"
	assert_failure 2
	assert_line --index 0 "llshim: no command given"
	assert_line "usage: llshim run [options] -- CMD [ARGS...]"
	run "$LLSHIM" frobnicate
	assert_failure 2
	assert_line --index 0 'llshim: unknown command "frobnicate"'
	run "$LLSHIM" help frobnicate
	assert_failure 2
	assert_line --index 0 'llshim: help: unknown command "frobnicate"'
	run "$LLSHIM" help run check
	assert_failure 2
}
