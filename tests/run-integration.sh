#!/bin/sh
# SPDX-License-Identifier: ISC
# Run every tests/integration/test_*.sh (each starts its own Dovecot and
# smtp-sink on free loopback ports and stops them by process group), then
# print one closing line "N passed, M failed" counting scripts.
# TESTS="a b" runs only those (names without test_ and .sh).
set -u
cd "$(dirname "$0")/.." || exit 1
passed=0
failed=0
failures=""
if [ -n "${TESTS:-}" ]; then
	list=""
	for t in $TESTS; do list="$list tests/integration/test_$t.sh"; done
else
	list=$(ls tests/integration/test_*.sh 2>/dev/null)
fi
for t in $list; do
	name=$(basename "$t" .sh)
	echo "=== $name"
	start=$(date +%s)
	if sh "$t"; then
		passed=$((passed + 1))
		echo "=== $name: ok ($(( $(date +%s) - start )) s)"
	else
		failed=$((failed + 1))
		failures="$failures $name"
		echo "=== $name: FAILED ($(( $(date +%s) - start )) s)"
	fi
done
[ -n "$failures" ] && echo "integration: failed:$failures"
echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
