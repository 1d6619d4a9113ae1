#!/bin/sh
# SPDX-License-Identifier: ISC
# fuzz/run.sh SECONDS [TARGET...] - run the fuzz targets built by
# fuzz/build.sh, each for SECONDS, one after the other.  The corpus grows
# in build/fuzz/corpus/<target> (kept between runs, never committed);
# crashes land in build/fuzz/artifacts/<target>/.  A crash worth keeping
# becomes a file in fuzz/regressions/<target>/, which make check replays.
# Inputs stay under 64 KB (the megabyte seeds are kept to their start):
# the limits are about structure, which fits in that.
# FUZZ_FLAGS adds libFuzzer options (e.g. "-fork=1 -ignore_crashes=1").
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$TOP/build/fuzz}
SECONDS_EACH=${1:-60}
shift || true
targets=${*:-$(cd "$TOP/fuzz" && ls fuzz_*.c | sed 's/\.c$//')}
status=0

for t in $targets; do
	corpus=$OUT/corpus/$t
	mkdir -p "$corpus" "$OUT/artifacts/$t"
	echo "== $t: ${SECONDS_EACH}s"
	# libFuzzer stops on a corpus folder that does not exist, and only
	# some targets have reproducers yet.
	regressions=$TOP/fuzz/regressions/$t
	[ -d "$regressions" ] || regressions=
	# shellcheck disable=SC2086
	"$OUT/$t" ${FUZZ_FLAGS:-} -max_total_time="$SECONDS_EACH" \
	    -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	    -print_final_stats=1 \
	    -artifact_prefix="$OUT/artifacts/$t/" "$corpus" \
	    "$OUT/${t}_seed_corpus" $regressions || status=1
done
exit $status
