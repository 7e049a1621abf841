#!/bin/sh
# SPDX-License-Identifier: MIT
# check-layout.sh LIB: fail when the shim's segments are not laid out as
# the front relies on (Makefile: cold.ld).
#
# - The file part of a writable segment (relocated pointers, the dynamic
#   section, any .data) fits in one page: the loader writes it in every
#   process that preloads the library, and a second page is one more page
#   fault per start of every program, with or without a policy (an
#   initialised writable variable of 40 bytes was enough once).
# - The last segment is the .bss alone (no file part), and the one before
#   it holds the cold code from llshim_cold_start, ending where the .bss
#   begins: the front drops llshim_cold_start to _end with one madvise
#   after applying a policy, which must never reach the file's writable
#   data (it would undo the loader's relocations).
set -eu
lib=$1
page=4096
fail() {
	echo "check-layout: $lib: $*" >&2
	exit 1
}
# vaddr filesz memsz flags align, one segment a line ("R E" as "RE").
segments=$(readelf -lW "$lib" |
	awk '$1 == "LOAD" { print $3, $5, $6, $7 ($8 == "E" ? "E" : ""), $NF }')
[ -n "$segments" ] || fail "no loadable segment found"
echo "$segments" | while read -r vaddr filesz _ flags _; do
	case $flags in *W*) ;; *) continue ;; esac
	start=$((vaddr))
	end=$((vaddr + filesz))
	if [ "$end" -gt "$start" ] &&
		[ $((start / page)) -ne $(((end - 1) / page)) ]; then
		fail "$(printf 'the file part of a writable segment (0x%x-0x%x) spans two pages' "$start" "$end")"
	fi
done
read -r bss_vaddr bss_filesz _ bss_flags _ <<EOT
$(echo "$segments" | tail -n 1)
EOT
read -r cold_vaddr _ cold_memsz cold_flags cold_align <<EOT
$(echo "$segments" | tail -n 2 | head -n 1)
EOT
if [ $((bss_filesz)) -ne 0 ] || [ "$bss_flags" != RW ]; then
	fail "the last segment is not the .bss alone"
fi
case $cold_flags in
*E*) ;;
*) fail "the segment before the .bss is not code" ;;
esac
# The segments' own alignment (64 kB on some arm64 builds), not 4 kB.
align=$((cold_align))
cold_end=$(((cold_vaddr + cold_memsz + align - 1) / align * align))
[ "$cold_end" -eq $((bss_vaddr)) ] ||
	fail "$(printf 'the cold code ends at 0x%x, the .bss begins at 0x%x' "$cold_end" $((bss_vaddr)))"
symbol=$(nm "$lib" | awk '$3 == "llshim_cold_start" { print $1 }')
[ -n "$symbol" ] || fail "no llshim_cold_start symbol"
[ $((0x$symbol)) -eq $((cold_vaddr)) ] ||
	fail "llshim_cold_start is not where the cold code's segment begins"
echo "check-layout: $lib: one page of writable file data; the cold code, then the .bss"
