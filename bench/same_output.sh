#!/bin/sh
# SPDX-License-Identifier: ISC
# Do two builds send and record exactly the same for the bench mail?
#
#   sh bench/same_output.sh OTHER_TEQUIOD [THIS_TEQUIOD]
#
# Runs bench/profile.sh (BENCH_N messages, 2000 by default) once with
# each binary, keeps both runs, and diffs what bench/same_output.py
# prints for them: every reply the sink caught and every database row,
# with dates, tokens, Message-IDs and paths masked.  Exits 0 and says
# "same" when there is no difference; otherwise shows the diff.  For
# changes that must not change a byte of what tequio decides or sends
# (issue 15's CPU work).  BENCH_MAILS=../shared/corpus: the same over
# real-world mail (see bench/profile.sh).
set -u
cd "$(dirname "$0")/.." || exit 1
OTHER=$1
THIS=${2:-$(pwd)/${BUILD:-build}/tequiod}
OUT=$(mktemp -d "${TMPDIR:-/tmp}/same_output.XXXXXX") || exit 1
run() {
	HARNESS_KEEP=1 BENCH_BIN=$1 sh bench/profile.sh >"$OUT/$2.log" 2>&1
	dir=$(sed -n 's/^harness: kept //p' "$OUT/$2.log")
	[ -n "$dir" ] || { cat "$OUT/$2.log"; exit 1; }
	python3 bench/same_output.py "$dir" >"$OUT/$2.txt" || exit 1
	grep '^profile:' "$OUT/$2.log"
	rm -rf "$dir"
}
run "$OTHER" other
run "$THIS" this
if cmp -s "$OUT/other.txt" "$OUT/this.txt"; then
	echo "same: $(grep -c '^==== reply' "$OUT/this.txt") replies," \
	    "$(grep -c '^==== row' "$OUT/this.txt") rows"
	rm -rf "$OUT"
	exit 0
fi
diff "$OUT/other.txt" "$OUT/this.txt" | head -40
echo "DIFFERENT (kept in $OUT)"
exit 1
