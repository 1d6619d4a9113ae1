#!/bin/sh
# SPDX-License-Identifier: ISC
# The SMTP fault matrix against Postfix's smtp-sink, using its own fault
# options at every stage of a transaction: -f (5xx), -r (4xx), -q (hang up
# without a reply) and -Q (421 and hang up) on CONNECT, EHLO, MAIL, RCPT,
# DATA and the final dot; a server that answers every step slowly (the
# deadline is for the whole transaction, not per step); a server that
# accepts the connection and never says a word, and SIGTERM while the
# daemon is stuck on it; two processes delivering one outbox; and
# "tequioctl requeue" waking the running daemon's delivery at once.
#
# Each case counts what matters: the rows' final state (a 5xx about the
# message fails at once, everything else is retried), and how many copies
# the sink kept of each Message-ID.  smtp-sink writes its dump before it
# answers the final dot, so a refusal or hang-up after the dot leaves one
# copy there: that is the server's copy, not a resend.  Time is pinned
# with TEQUIO_NOW, so backoffs are exact.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
T0=1800000000
TEQUIO_NOW=$T0
export TEQUIO_NOW

harness_init
dovecot_keys_only

n=0
# fault NAME "SINK FLAGS" COUNTS COPIES: one mail through a faulty sink.
fault() {
	n=$((n + 1))
	case $2 in
	*CONNECT*) SINK_GREETING= start_sink "$HARNESS_DIR/c$n/sink" $2 ;;
	*) start_sink "$HARNESS_DIR/c$n/sink" $2 ;;
	esac
	write_conf "$HARNESS_DIR/c$n" smtp.timeout_seconds=10
	probe queue 1 >/dev/null
	probe deliver >/dev/null
	check "$1: $3" eq "$(probe counts)" "$3"
	check "$1: the sink kept $4" eq "$(sink_count)" "$4"
	stop_sink
}

F="queued=0 sent=0 failed=1"	# failed at once
D="queued=1 sent=0 failed=0"	# deferred, to be retried
S="queued=0 sent=1 failed=0"

# A 5xx about the message fails it at once; a 5xx greeting or EHLO is the
# server refusing us, not this message: retried.
fault "5xx greeting" "-f CONNECT" "$D" 0
fault "5xx EHLO" "-f EHLO,HELO" "$D" 0
fault "5xx MAIL" "-f MAIL" "$F" 0
fault "5xx RCPT" "-f RCPT" "$F" 0
fault "5xx DATA" "-f DATA" "$F" 0
fault "5xx after the dot (552-like)" "-f ." "$F" 1
check "5xx after the dot: the code is recorded" eq \
    "$(db "SELECT count(*) FROM outbox WHERE last_error LIKE '%500%'
    AND attempts = 1")" 1
for stage in CONNECT EHLO,HELO MAIL RCPT DATA .; do
	fault "4xx $stage" "-r $stage" "$D" "$([ $stage = . ] && echo 1 ||
	    echo 0)"
	fault "hang-up at $stage" "-q $stage" "$D" "$([ $stage = . ] &&
	    echo 1 || echo 0)"
	fault "421 at $stage" "-Q $stage" "$D" "$([ $stage = . ] &&
	    echo 1 || echo 0)"
done
check "a deferred row waits retry_seconds" eq \
    "$(db "SELECT next_try - $T0 FROM outbox")" 60

# The ambiguous end: the server took the mail and hung up before saying
# so.  The retry sends it again with the same Message-ID (at least once).
start_sink "$HARNESS_DIR/c$n/sink"
TEQUIO_NOW=$((T0 + 60)) probe deliver >/dev/null
check "after a hang-up at the dot: sent on retry" eq "$(probe counts)" "$S"
check "the sink holds 2 copies of one Message-ID" eq \
    "$(sink_count) $(max_copies Message-ID)" "2 2"
stop_sink

# Every step answered in 2 s, under the 3 s... per step, but the whole
# transaction takes 8 s: the deadline is for the whole message.
n=$((n + 1))
start_sink "$HARNESS_DIR/c$n/sink" -W MAIL:2 -W RCPT:2 -W DATA:2 -W .:2
write_conf "$HARNESS_DIR/c$n" smtp.timeout_seconds=5
probe queue 1 >/dev/null
probe deliver >/dev/null
check "slow at every step: deferred by the whole-message deadline" eq \
    "$(probe counts)" "$D"
check "slow at every step: the reason is the timeout" eq \
    "$(db "SELECT count(*) FROM outbox WHERE last_error LIKE '%timed out%'")" 1
stop_sink

# A server that accepts the connection and never answers.
n=$((n + 1))
start_rogue mute ''
mute_port=$ROGUE_PORT mute_pgid=$ROGUE_PGID
SINK_PORT=$mute_port write_conf "$HARNESS_DIR/c$n" smtp.timeout_seconds=3
probe queue 3 >/dev/null
check "mute server: every mail deferred, one timeout for all" eq \
    "$(probe deliver)" "sent=0 deferred=3"
check "mute server: nothing failed" eq "$(probe counts)" \
    "queued=3 sent=0 failed=0"

# SIGTERM while the daemon's delivery is stuck on the mute server with a
# one-hour deadline: it stops within seconds, exit 0, nothing lost.
start_dovecot "$HARNESS_DIR/imap"
n=$((n + 1))
SINK_PORT=$mute_port write_conf "$HARNESS_DIR/c$n" smtp.timeout_seconds=3600
"$TEQUIOCTL" -c "$CONF" init >/dev/null
probe queue 2 >/dev/null
setsid "$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/term.log" &
dpid=$!
harness_track "$dpid"
# The delivery thread is inside a transfer once its group (both mails:
# groups of up to 16) is claimed.
wait_until 800 '[ "$(db "SELECT count(*) FROM outbox WHERE attempts = 1")" \
    -ge 1 ]'
check "the daemon is sending to the mute server" eq \
    "$(db "SELECT count(*) FROM outbox WHERE attempts >= 1")" 2
kill -TERM "$dpid"
i=0
while kill -0 "$dpid" 2>/dev/null && [ $i -lt 400 ]; do
	i=$((i + 1)); sleep 0.025
done
check "SIGTERM during a stuck transfer: stopped within 10 s" \
    sh -c "! kill -0 $dpid 2>/dev/null"
wait "$dpid"
check "SIGTERM: exit 0" eq "$?" 0
check "SIGTERM: both mails still queued" eq "$(probe counts)" \
    "queued=2 sent=0 failed=0"
# The second mail of the group was claimed but never tried: its attempt
# is given back and it is due at once, not after a backoff.
check "SIGTERM: the untried mail keeps its attempts and is due" eq \
    "$(db "SELECT attempts, next_try <= $T0 FROM outbox
	  ORDER BY attempts LIMIT 1")" "0|1"
stop_group "$mute_pgid"

# Two processes deliver one outbox at once (what two daemons on one
# configuration did): every row is claimed before it is sent, so each
# mail reaches the sink once.
n=$((n + 1))
start_sink "$HARNESS_DIR/c$n/sink" -w 1
write_conf "$HARNESS_DIR/c$n"
probe queue 6 >/dev/null
probe deliver >"$HARNESS_DIR/d1.out" &
p1=$!
probe deliver >"$HARNESS_DIR/d2.out" &
p2=$!
wait "$p1" "$p2"
check "two deliverers: 6 mails sent in all" eq "$(probe counts)" \
    "queued=0 sent=6 failed=0"
check "two deliverers: the sink got 6, one copy each" eq \
    "$(sink_count) $(max_copies Message-ID)" "6 1"
check "two deliverers: both took part or one did all" eq \
    "$(cat "$HARNESS_DIR/d1.out" "$HARNESS_DIR/d2.out" |
    sed 's/sent=\([0-9]*\).*/\1/' | awk '{ s += $1 } END { print s }')" 6
stop_sink

# tequioctl requeue wakes the running daemon's delivery: failed mail goes
# out at once, not at the thread's next look at the queue (60 s).
n=$((n + 1))
start_sink "$HARNESS_DIR/c$n/sink" -f RCPT
write_conf "$HARNESS_DIR/c$n"
"$TEQUIOCTL" -c "$CONF" init >/dev/null
probe queue 2 >/dev/null
setsid "$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/requeue.log" &
dpid=$!
harness_track "$dpid"
wait_until 800 '[ "$(probe counts)" = "queued=0 sent=0 failed=2" ]'
check "5xx: both failed in the running daemon" eq "$(probe counts)" \
    "queued=0 sent=0 failed=2"
stop_sink
start_sink "$HARNESS_DIR/c$n/sink"
out=$("$TEQUIOCTL" -c "$CONF" requeue all)
check "requeue says the daemon sends them now" \
    sh -c "echo '$out' | grep -q 'los envía ahora'"
wait_until 800 '[ "$(sink_count)" -eq 2 ]'
check "requeued mail is delivered at once (within 20 s)" eq \
    "$(sink_count) $(max_copies Message-ID)" "2 1"
kill -TERM "$dpid"
wait "$dpid"
check "and the daemon stops cleanly" eq "$?" 0

[ "$T_FAIL" -eq 0 ] || { echo "--- logs"; cat "$HARNESS_DIR"/*.log; }
finish
