#!/bin/sh
# SPDX-License-Identifier: ISC
# Run every cmocka unit-test binary given as arguments (built with ASan and
# UBSan) from the repository root, and print one closing line
# "N passed, M failed" counting binaries.
set -u
cd "$(dirname "$0")/.." || exit 1
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# The external corpus of real mail adds tests when present (the team's
# layout keeps it in ../shared/corpus); the project's own fixtures suffice.
export TEQUIO_CORPUS="${TEQUIO_CORPUS:-$(cd .. && pwd)/shared/corpus}"
[ -d "$TEQUIO_CORPUS" ] || echo "unit: no external corpus at" \
    "$TEQUIO_CORPUS (set TEQUIO_CORPUS): its tests are SKIPPED"
passed=0
failed=0
failures=""
for t in "$@"; do
	name=$(basename "$t")
	if "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures="$failures $name"
	fi
done
[ -n "$failures" ] && echo "unit: failed:$failures"
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
