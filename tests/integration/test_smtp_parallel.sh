#!/bin/sh
# SPDX-License-Identifier: ISC
# Several SMTP connections at once when the queue is long ([smtp]
# connections), against Postfix's smtp-sink, and the guarantees that must
# survive them:
#
# - a long queue opens as many connections as configured, a short one
#   opens one: counted as the daemon's established sockets to the sink
#   once everything is delivered (smtp.c keeps them open for the next mail),
#   so nothing here depends on timing;
# - a relay that serves one client at a time (smtp-sink -m 1: the second
#   connection gets no greeting) costs that connection's timeout once, and
#   its mail goes over the connection that works: nothing deferred, one
#   copy each;
# - SIGTERM while two connections are stuck: claimed mail not handed to
#   a connection gets its attempt back;
# - kill -9 while four connections are sending, after the window of
#   claimed mail (SEND_WINDOW in outbox/outbox.c) was recorded and refilled
#   at least once: afterwards every mail reached the sink, and at most one
#   window went twice.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
WINDOW=$(sed -n 's/^#define SEND_WINDOW[^0-9]*\([0-9][0-9]*\).*/\1/p' \
    outbox/outbox.c)
T0=1800000000
TEQUIO_NOW=$T0
export TEQUIO_NOW

harness_init
start_dovecot "$HARNESS_DIR/imap"

# Established connections from here to the sink (the sink's side of each
# is not counted: only sockets whose peer port is the sink's).
sink_connections() {
	ss -Htn state established "( dport = :$SINK_PORT )" | wc -l |
	    tr -d ' '
}

# daemon_delivers NAME COUNT CONNECTIONS: queue COUNT mails, start the
# daemon with [smtp] connections = CONNECTIONS, wait until the sink has
# them all; leaves DPID running.
daemon_delivers() {
	start_sink "$HARNESS_DIR/$1/sink"
	write_conf "$HARNESS_DIR/$1" smtp.connections="$3"
	"$TEQUIOCTL" -c "$CONF" init >/dev/null 2>&1
	probe queue "$2" >/dev/null
	setsid "$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/$1.log" &
	DPID=$!
	harness_track "$DPID"
	DD_COUNT=$2
	wait_until 800 '[ "$(sink_count)" -ge "$DD_COUNT" ]'
}

stop_daemon() {
	kill -TERM "$DPID"
	wait "$DPID"
}

daemon_delivers long 12 3
check "long queue: 12 mails delivered, one copy each" eq \
    "$(sink_count) $(max_copies Message-ID)" "12 1"
check "long queue: three connections at once" eq "$(sink_connections)" 3
stop_daemon
check "long queue: the daemon stops cleanly" eq "$?" 0
stop_sink

daemon_delivers short 3 4
check "short queue: 3 mails delivered" eq "$(sink_count)" 3
check "short queue: one connection" eq "$(sink_connections)" 1
stop_daemon
stop_sink

# One client at a time: the second connection waits unanswered in the
# sink's backlog until its deadline; its mail was never sent, so the
# first connection takes it.
start_sink "$HARNESS_DIR/one/sink" -m 1
write_conf "$HARNESS_DIR/one" smtp.connections=2 smtp.timeout_seconds=3
probe queue 6 >/dev/null
check "one client at a time: every mail sent, none deferred" eq \
    "$(probe deliver)" "sent=6 deferred=0"
check "one client at a time: the sink got 6, one copy each" eq \
    "$(sink_count) $(max_copies Message-ID)" "6 1"
check "one client at a time: the log says so" \
    grep -q "did not serve a connection" "$HARNESS_DIR/probe.log"
stop_sink

# SIGTERM while two connections wait for a greeting that never comes
# (the sink waits ten minutes before it): the daemon stops within
# seconds, the two mails in flight keep their attempt, the six claimed
# and never handed to a connection get theirs back and are due at once.
SINK_GREETING= start_sink "$HARNESS_DIR/mute/sink" -W CONNECT:600
write_conf "$HARNESS_DIR/mute" smtp.connections=2 smtp.timeout_seconds=3600
"$TEQUIOCTL" -c "$CONF" init >/dev/null 2>&1
probe queue 8 >/dev/null
setsid "$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/mute.log" &
DPID=$!
harness_track "$DPID"
wait_until 800 '[ "$(sink_connections)" -ge 2 ]'
check "mute sink: two connections wait for it" eq "$(sink_connections)" 2
kill -TERM "$DPID"
i=0
while kill -0 "$DPID" 2>/dev/null && [ $i -lt 400 ]; do
	i=$((i + 1)); sleep 0.025
done
check "SIGTERM: stopped within 10 s" sh -c "! kill -0 $DPID 2>/dev/null"
wait "$DPID"
check "SIGTERM: exit 0" eq "$?" 0
check "SIGTERM: all 8 still queued" eq "$(probe counts)" \
    "queued=8 sent=0 failed=0"
check "SIGTERM: 2 tried, 6 given back and due" eq \
    "$(db "SELECT sum(attempts = 1), sum(attempts = 0 AND next_try <= $T0)
    FROM outbox")" "2|6"
stop_sink

# kill -9 in the middle of a parallel send.  The sink waits 1 s before
# answering each DATA, so the mails go four a second over four
# connections, and the kill lands in the middle whatever the machine's
# speed: it waits until outcomes were recorded (the window was refilled)
# and the sink has more copies than were recorded.
N=$((WINDOW + 40))
start_sink "$HARNESS_DIR/kill/sink" -w 1
write_conf "$HARNESS_DIR/kill" smtp.connections=4
"$TEQUIOCTL" -c "$CONF" init >/dev/null 2>&1
probe queue "$N" >/dev/null
setsid "$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/kill.log" &
DPID=$!
harness_track "$DPID"
kill_sent() {
	db "SELECT count(*) FROM outbox WHERE status = 'sent'"
}
wait_until 1600 '[ "$(kill_sent)" -ge 16 ] &&
    [ "$(sink_count)" -gt "$(kill_sent)" ]'
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
check "killed in the middle: some recorded, not everything sent" \
    test "$(kill_sent)" -ge 16 -a "$(sink_count)" -lt "$N"
check "killed in the middle: never more than a window unrecorded" \
    test "$(db "SELECT count(*) FROM outbox WHERE status = 'queued' AND
    attempts = 1")" -le "$WINDOW"
# The rest goes to a sink that answers at once (same port).  Claimed mail
# waits its retry time (60 s): look an hour ahead.
stop_sink
start_sink "$HARNESS_DIR/kill/sink"
TEQUIO_NOW=$((T0 + 3600)) probe deliver >/dev/null
check "after the kill: nothing is left queued or failed" eq \
    "$(probe counts)" "queued=0 sent=$N failed=0"
check "after the kill: every mail reached the sink" eq \
    "$(for f in $(sink_files); do sink_header "$f" Message-ID; done |
    sort -u | wc -l | tr -d ' ')" "$N"
check "after the kill: at most one window ($WINDOW) sent twice" \
    test "$(sink_count)" -le $((N + WINDOW))
stop_sink

[ "$T_FAIL" -eq 0 ] || { echo "--- logs"; cat "$HARNESS_DIR"/*.log; }
finish
