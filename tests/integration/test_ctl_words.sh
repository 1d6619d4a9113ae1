#!/bin/sh
# SPDX-License-Identifier: ISC
# tequioctl speaks one language (issue 11): every command's wrong use
# answers "uso:" with its synopsis, in Spanish words but with the command
# names and flags as SPEC writes them; an unknown command is named in
# Spanish; check-config annotates its lines in Spanish; and tequioctl(8)
# has an entry for every command --help lists, so the two cannot drift.
# No server is needed: only a configuration to load.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

harness_init
DOVECOT_PORT=1 DOVECOT_USER=nadie DOVECOT_PASS=nada SINK_PORT=1
write_conf "$HARNESS_DIR/t"
OUT=$HARNESS_DIR/out ERR=$HARNESS_DIR/err

cmds=$("$TEQUIOCTL" --help | sed -n 's/^  \([a-z-]*\).*/\1/p')
check "--help lists the commands under «órdenes:»" \
    sh -c "'$TEQUIOCTL' --help | grep -q '^órdenes:\$'"
check "--help lists the 20 commands" eq "$(echo "$cmds" | grep -c .)" 20
for c in $cmds; do
	"$TEQUIOCTL" -c "$CONF" "$c" a b c d e >"$OUT" 2>"$ERR"
	rc=$?
	check "$c used wrong: exit 2" eq "$rc" 2
	check "$c used wrong: «uso: tequioctl ...$c»" \
	    grep -q "^uso: tequioctl .*$c" "$ERR"
	check "$c used wrong: no English" \
	    sh -c "! grep -q -i -E 'usage|unknown|cannot|FILE|DIR\\b|EMAIL|LETTER' '$ERR' '$OUT'"
	check "tequioctl(8) has an entry for $c" \
	    grep -q "^\\.It Cm $c\\b" man/tequioctl.8
done

"$TEQUIOCTL" -c "$CONF" ninguna >"$OUT" 2>"$ERR"
check "an unknown command: exit 2" eq "$?" 2
check "... named in Spanish" grep -q "no hay ninguna orden «ninguna»" "$ERR"

"$TEQUIOCTL" -c "$CONF" check-config >"$OUT" 2>&1
check "check-config: the line a key came from, in Spanish" \
    grep -q '^address .*; línea [0-9]' "$OUT"
check "... and the defaults" grep -q '; por omisión$' "$OUT"
check "... warnings as «aviso:»" grep -q '^aviso: \[institution\] sample_ok' \
    "$OUT"
check "... no English annotation" \
    sh -c "! grep -q -E '; (line|default)|^(warning|ok):|would (start|refuse)' '$OUT'"
check "... the verdict in Spanish" grep -q -E \
    '^(bien: tequiod arrancaría|tequiod no arrancaría)' "$OUT"

finish
