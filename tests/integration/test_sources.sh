#!/bin/sh
# SPDX-License-Identifier: ISC
# The source tree's own rules, checked on the files git knows: every C
# file, header, shell script and Python script says its licence with an
# SPDX line near its top (LICENSE is ISC), so a file copied out of the
# project still says under what terms.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tequio.sh

missing=""
n=0
files=$(git ls-files -- '*.c' '*.h' '*.sh' '*.py' Makefile 2>/dev/null) ||
    files=$(find . -name '*.[ch]' -o -name '*.sh' -o -name '*.py')
for f in $files; do
	n=$((n + 1))
	head -n 3 "$f" | grep -q 'SPDX-License-Identifier: ISC' ||
	    missing="$missing $f"
done
[ -n "$missing" ] && echo "without an SPDX line:$missing"
check "every one of $n source files carries its SPDX line" [ -z "$missing" ]
finish
