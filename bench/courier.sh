#!/bin/sh
# SPDX-License-Identifier: ISC
# Benchmark of the delivery side alone (never part of make check): the
# time "tequiod --once" takes, with an empty INBOX, to deliver COURIER_N
# (2000) queued replies with [smtp] connections = each of
# COURIER_WIDTHS (1 2 4), to each relay of COURIER_RELAYS:
#   sink     Postfix's smtp-sink (tests/lib/servers.sh), which writes a
#            file per mail and answers at once;
#   postfix  a private Postfix instance on loopback (needs root; its
#            smtpd queues each mail, fsynced, before it answers; the
#            queue manager then discards it), in COURIER_PF_DIR's file
#            system (/var/tmp: disk).
# COURIER_ROUNDS (5) rounds, the widths in a different order each round,
# the same queued database copied before every run; median and best wall
# time of each.  COURIER_BASE=/path/to/another/tequiod runs that build too
# (without the connections key: a build from before it) as width "base".
# The load (uptime) is printed before and after.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
. tests/lib/servers.sh
TEQUIOD=$ROOT/${BUILD:-build}/tequiod
TEQUIOCTL=$ROOT/${BUILD:-build}/tequioctl
. tests/lib/tequio.sh
PROBE=$ROOT/${BUILD:-build}/san/tools/outbox_probe
N=${COURIER_N:-2000}
ROUNDS=${COURIER_ROUNDS:-5}
WIDTHS=${COURIER_WIDTHS:-1 2 4}
RELAYS=${COURIER_RELAYS:-sink postfix}
PF_DIR=${COURIER_PF_DIR:-/var/tmp}
BASE=${COURIER_BASE:-}
MEASURE="python3 $ROOT/bench/measure.py"

say() { echo "courier: $*" >&2; }

# port_of RELAY
port_of() {
	case $1 in
	sink) echo "$SINK_PORT" ;;
	postfix) echo "$POSTFIX_PORT" ;;
	esac
}

# run_width RELAY WIDTH RESULTS: one timed run from the queued copy.
run_width() {
	d=$HARNESS_DIR/run.$1.$2
	rm -rf "$d"
	if [ "$2" = base ]; then
		SINK_PORT=$(port_of "$1") write_conf "$d"
		bin=$BASE
	else
		SINK_PORT=$(port_of "$1") write_conf "$d" smtp.connections="$2"
		bin=$TEQUIOD
	fi
	cp "$HARNESS_DIR/queued/tequio.db" "$d/tequio.db"
	cp "$HARNESS_DIR/queued/secret.key" "$d/secret.key"
	$MEASURE "$bin" -c "$CONF" --once 2>"$d/log" 3>>"$3"
	sent=$(db "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL")
	[ "$sent" = "$N" ] || say "$1 $2: only $sent sent (see $d/log)"
}

# stats FILE: "median best" of the first column, in ms.
stats() {
	sort -n "$1" | awk '{ t[NR] = $1 } END {
	    m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
	    printf "%d %d\n", m, t[1] }'
}

rotate() {
	echo "$1" | awk -v k="$2" '{ for (i = 0; i < NF; i++)
	    printf "%s%s", $((i + k) % NF + 1), i < NF - 1 ? " " : "\n" }'
}

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
case $RELAYS in
*postfix*)
	PF=$(mktemp -d "$PF_DIR/tequio-courier-pf.XXXXXX") || exit 1
	trap 'harness_rc=$?; stop_all; rm -rf "$PF"; exit $harness_rc' EXIT
	start_postfix "$PF" "relay_domains = alumnos.utv.edu.mx" \
	    "transport_maps = inline:{ alumnos.utv.edu.mx=discard: }" \
	    "smtpd_recipient_restrictions = permit_mynetworks, reject"
	;;
esac
write_conf "$HARNESS_DIR/queued"
"$TEQUIOCTL" -c "$CONF" init >/dev/null 2>&1
"$PROBE" -c "$CONF" queue "$N" >/dev/null 2>&1 || harness_die "queue"
say "$N replies queued; load before: $(uptime)"
widths="$WIDTHS${BASE:+ base}"
r=1
while [ "$r" -le "$ROUNDS" ]; do
	for relay in $RELAYS; do
		for w in $(rotate "$widths" "$r"); do
			run_width "$relay" "$w" "$HARNESS_DIR/res.$relay.$w"
		done
	done
	r=$((r + 1))
done
say "load after: $(uptime)"
printf '%-8s %-6s %10s %10s\n' relay width median_ms best_ms
for relay in $RELAYS; do
	for w in $widths; do
		set -- $(stats "$HARNESS_DIR/res.$relay.$w")
		printf '%-8s %-6s %10s %10s\n' "$relay" "$w" "$1" "$2"
	done
done
