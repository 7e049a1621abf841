#!/bin/sh
# SPDX-License-Identifier: MIT
# check-layout.sh LIB: fail when the shim's segments are not laid out as
# shim/layout.ld.in says and the front relies on.
#
# - No writable segment has a file part and there is no relocation: the
#   loader would write into the library's pages in every process that
#   preloads it (a copy-on-write fault, an mprotect for RELRO, and one
#   more mapping), with or without a policy.
# - The dynamic section is read-only (glibc 2.35 and later then leave it
#   as it is), the constructor is DT_INIT, and the stack stays
#   non-executable (PT_GNU_STACK read-write).
# - The front's code is not right before the cold code (its mapping would
#   merge with the cold code's, whose pages the kernel would then map in
#   every process).
# - The last segment is the .bss alone (no file part), and the one before
#   it holds the cold code from llshim_cold_start, ending where the .bss
#   begins: the front drops llshim_cold_start to _end with one madvise
#   after applying a policy.
set -eu
lib=$1
fail() {
	echo "check-layout: $lib: $*" >&2
	exit 1
}
headers=$(readelf -lW "$lib")
# type vaddr filesz memsz flags align, one segment a line ("R E" as "RE").
segments=$(echo "$headers" | awk '$1 ~ /^(LOAD|DYNAMIC|GNU_STACK)$/ {
	flags = $7; for (i = 8; i < NF; i++) flags = flags $i
	print $1, $3, $5, $6, flags, $NF }')
loads=$(echo "$segments" | awk '$1 == "LOAD" { $1 = ""; print substr($0, 2) }')
[ -n "$loads" ] || fail "no loadable segment found"

echo "$loads" | while read -r vaddr filesz _ flags _; do
	case $flags in
	*W*) [ $((filesz)) -eq 0 ] ||
		fail "$(printf 'the writable segment at 0x%x has a file part' $((vaddr)))" ;;
	esac
done
readelf -rW "$lib" | grep -q 'There are no relocations in this file' ||
	fail "it has relocations: $(readelf -rW "$lib" | awk '/R_/ { print $3 }' | sort -u | tr '\n' ' ')"
dynamic_flags=$(echo "$segments" | awk '$1 == "DYNAMIC" { print $5 }')
[ "$dynamic_flags" = R ] || fail "the dynamic section is not read-only ($dynamic_flags)"
stack_flags=$(echo "$segments" | awk '$1 == "GNU_STACK" { print $5 }')
[ "$stack_flags" = RW ] ||
	fail "no read-write PT_GNU_STACK (${stack_flags:-none}): the loader would make the stack executable"
dynamic=$(readelf -dW "$lib")
echo "$dynamic" | grep -q '(INIT) ' || fail "no DT_INIT: the constructor would not run"
if echo "$dynamic" | grep -q '(INIT_ARRAY)'; then
	fail "a DT_INIT_ARRAY: a constructor attribute, which needs a relocation"
fi

count=$(echo "$loads" | wc -l)
[ "$count" -ge 3 ] || fail "$count loadable segments, not the front's, the cold code's and the .bss"
read -r bss_vaddr bss_filesz _ bss_flags _ <<EOT
$(echo "$loads" | tail -n 1)
EOT
read -r cold_vaddr _ cold_memsz cold_flags cold_align <<EOT
$(echo "$loads" | tail -n 2 | head -n 1)
EOT
read -r _ _ _ before_cold_flags _ <<EOT
$(echo "$loads" | tail -n 3 | head -n 1)
EOT
if [ $((bss_filesz)) -ne 0 ] || [ "$bss_flags" != RW ]; then
	fail "the last segment is not the .bss alone"
fi
case $cold_flags in
*E*) ;;
*) fail "the segment before the .bss is not code" ;;
esac
case $before_cold_flags in
*E*) fail "code right before the cold code: their mappings would merge" ;;
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
echo "check-layout: $lib: no writable file data, no relocation; the front, tables, the cold code, then the .bss"
