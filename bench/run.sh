#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench: every benchmark, one after the other.  Figures only.
set -u
cd "$(dirname "$0")/.." || exit 1
for b in bench/pipeline.sh bench/letters.sh bench/parse.sh; do
	[ -f "$b" ] || continue
	echo "=== $b"
	sh "$b"
done
