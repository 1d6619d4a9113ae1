#!/bin/sh
# SPDX-License-Identifier: ISC
# The layer rule (HACKING.md, scripts/layers.py): the tree keeps it, and the
# checker catches each kind of breach in a small tree made here, so a
# checker that stopped looking would fail this test.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tequio.sh

out=$(python3 scripts/layers.py .)
rc=$?
[ -n "$out" ] && echo "$out"
check "the source tree keeps the layer rule" [ "$rc" -eq 0 ]

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# fake_tree FILE LINE: a tree of empty folders plus FILE holding LINE.
fake_tree() {
	rm -rf "$tmp/t"
	for d in common config mail store spool mailbox outbox letters \
	    handlers jobs daemon ctl; do
		mkdir -p "$tmp/t/$d"
	done
	: >"$tmp/t/common/util.h"
	: >"$tmp/t/handlers/hutil.h"
	: >"$tmp/t/mail/mime.h"
	: >"$tmp/t/store/store.h"
	: >"$tmp/t/letters/vars_int.h"
	printf '%s\n' "$2" >"$tmp/t/$1"
}
# breach NAME FILE LINE: the checker must refuse this tree.
breach() {
	fake_tree "$2" "$3"
	python3 scripts/layers.py "$tmp/t" >/dev/null
	check "$1" [ $? -eq 1 ]
}
fake_tree mail/mime.c '#include "common/util.h"'
python3 scripts/layers.py "$tmp/t" >/dev/null
check "an include of a lower folder passes" [ $? -eq 0 ]
breach "a lower folder including a higher one is refused" \
    common/util.c '#include "handlers/hutil.h"'
breach "a folder including its peer is refused" \
    mail/mime.c '#include "store/store.h"'
breach "an include without its folder is refused" \
    mail/mime.c '#include "util.h"'
breach "another folder's private header is refused" \
    handlers/hutil.c '#include "letters/vars_int.h"'
fake_tree mail/mime.c '#include "mail/attach.h"'
printf '#include "mail/mime.h"\n' >"$tmp/t/mail/attach.c"
: >"$tmp/t/mail/attach.h"
python3 scripts/layers.py "$tmp/t" >/dev/null
check "two modules including each other are refused" [ $? -eq 1 ]
finish
