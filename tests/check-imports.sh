#!/bin/sh
# SPDX-License-Identifier: MIT
# check-imports.sh LIB [SYMBOL...]: fail when LIB needs any dynamic symbol
# other than the given ones (weak symbols the toolchain adds aside): each
# import of the front is bound at load in every process on the machine.
set -eu
lib=$1
shift
allowed=" $* "
bad=
for sym in $(nm -D --undefined-only "$lib" | awk '$1 != "w" { print $2 }' | sed 's/@.*//'); do
	case "$allowed" in
	*" $sym "*) ;;
	*) bad="$bad $sym" ;;
	esac
done
if [ -n "$bad" ]; then
	echo "check-imports: $lib imports more than it should:$bad" >&2
	exit 1
fi
echo "check-imports: $lib imports only:$*"
