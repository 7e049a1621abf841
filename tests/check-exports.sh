#!/bin/sh
# SPDX-License-Identifier: MIT
# check-exports.sh LIB [SYMBOL...]: fail when LIB exports any dynamic symbol
# other than the given ones (and the loader's _init/_fini).
set -eu
lib=$1
shift
allowed=" _init _fini $* "
bad=
for sym in $(nm -D --defined-only "$lib" | awk '{ print $3 }'); do
	case "$allowed" in
	*" $sym "*) ;;
	*) bad="$bad $sym" ;;
	esac
done
if [ -n "$bad" ]; then
	echo "check-exports: $lib exports unexpected symbols:$bad" >&2
	exit 1
fi
echo "check-exports: $lib exports only what it should"
