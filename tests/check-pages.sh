#!/bin/sh
# SPDX-License-Identifier: MIT
# check-pages.sh LIB: fail when the file-backed part of LIB's writable
# segment (relocated pointers, the dynamic section, any .data) does not
# fit in one page.  The loader writes that part in every process that
# preloads the library; a second page is one more page fault per start
# of every program on the machine, with or without a policy (an
# initialised writable variable of 40 bytes was enough once).
set -eu
lib=$1
page=4096
segments=$(readelf -lW "$lib" | awk '$1 == "LOAD" && $7 ~ /W/ { print $3, $5 }')
if [ -z "$segments" ]; then
	echo "check-pages: $lib: no writable segment found" >&2
	exit 1
fi
echo "$segments" | while read -r vaddr filesz; do
	start=$((vaddr))
	end=$((vaddr + filesz))
	if [ "$end" -gt "$start" ] &&
		[ $((start / page)) -ne $(((end - 1) / page)) ]; then
		printf 'check-pages: %s: the file part of the writable segment (0x%x-0x%x) spans two pages\n' \
			"$lib" "$start" "$end" >&2
		exit 1
	fi
done
echo "check-pages: $lib: the file part of its writable segment fits in one page"
