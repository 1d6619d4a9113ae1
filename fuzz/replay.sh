#!/bin/sh
# SPDX-License-Identifier: ISC
# fuzz/replay.sh - what make check runs: every fuzz target once over its
# seed corpus and over every crash reproducer found so far
# (fuzz/regressions/<target>/), so a fixed crash stays fixed.  Skipped,
# with a line saying so, when clang is not installed.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$TOP/build/fuzz}
if ! command -v "${CC_FUZZ:-clang}" >/dev/null 2>&1; then
	echo "fuzz: clang not installed: corpora not replayed"
	exit 0
fi
CC=${CC_FUZZ:-clang} OUT=$OUT sh "$TOP/fuzz/build.sh"
status=0
for f in "$TOP"/fuzz/fuzz_*.c; do
	t=$(basename "$f" .c)
	set -- "$OUT/${t}_seed_corpus"
	[ -d "$TOP/fuzz/regressions/$t" ] && set -- "$@" \
	    "$TOP/fuzz/regressions/$t"
	files=$(find "$@" -type f | wc -l)
	# -runs=0 over directories replays each file once and stops.
	if "$OUT/$t" -runs=0 -timeout=30 -rss_limit_mb=2048 "$@" \
	    > "$OUT/$t.replay.log" 2>&1; then
		echo "fuzz: $t: $files inputs replayed: ok"
	else
		echo "fuzz: $t: FAILED (see $OUT/$t.replay.log)"
		tail -n 30 "$OUT/$t.replay.log"
		status=1
	fi
done
exit $status
