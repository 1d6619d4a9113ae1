#!/bin/sh
# SPDX-License-Identifier: ISC
# The outbox against Postfix's smtp-sink: while the server is down replies
# wait (one attempt each, none failed); when it is back every reply is
# delivered exactly once with its own Message-ID; a 5xx refusal fails a
# mail at once and "tequioctl requeue" gives it another chance; a 4xx
# refusal is retried; a reply lost after the server received it is sent
# again with the same Message-ID (SMTP is at-least-once; the stable id
# lets the receiver drop the copy).
#
# Time is pinned with TEQUIO_NOW so the backoff is exact and no test
# sleeps.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
T0=1800000000

harness_init
# No Dovecot here: the configuration needs its keys, not the server.
dovecot_keys_only

at() {
	TEQUIO_NOW=$1
	export TEQUIO_NOW
}

# The Message-IDs the sink received, one a line, without <>, sorted.
sink_ids() {
	for si_f in $(sink_files); do
		sink_header "$si_f" Message-ID
	done | tr -d '<>' | sort
}

# --- outage: queued while the sink is down, delivered when it is back ---
start_sink "$HARNESS_DIR/sink"
stop_sink
write_conf "$HARNESS_DIR/outage" smtp.retry_seconds=60
at $T0
check "20 mails queued" eq "$(probe queue 20; probe counts)" \
    "queued=20 sent=0 failed=0"
check "sink down: nothing sent, all deferred" eq "$(probe deliver)" \
    "sent=0 deferred=20"
check "all still queued, none failed" eq "$(probe counts)" \
    "queued=20 sent=0 failed=0"
check "each tried once" eq \
    "$(db "SELECT count(*) FROM outbox WHERE attempts = 1")" 20
check "each due again after 60 s" eq \
    "$(db "SELECT count(*) FROM outbox WHERE next_try = $((T0 + 60))")" 20
check "the reason is recorded" eq \
    "$(db "SELECT count(*) FROM outbox WHERE last_error = ''")" 0
if [ -x "$TEQUIOCTL" ]; then
	check "tequioctl outbox lists them" eq \
	    "$("$TEQUIOCTL" -c "$CONF" outbox | grep -c 'en cola')" 20
fi

at $((T0 + 59))
start_sink "$HARNESS_DIR/sink"
check "before the backoff nothing is tried" eq "$(probe deliver)" \
    "sent=0 deferred=0"
check "sink got nothing yet" eq "$(sink_count)" 0

at $((T0 + 60))
check "sink back: all 20 sent" eq "$(probe deliver)" "sent=20 deferred=0"
check "sink received exactly 20" eq "$(sink_count)" 20
check "20 distinct Message-IDs" eq "$(sink_ids | uniq | wc -l | tr -d ' ')" 20
check "the Message-IDs are the queued ones" eq "$(sink_ids)" \
    "$(db "SELECT message_id FROM outbox ORDER BY message_id" | sort)"
check "envelope sender is our address" eq \
    "$(grep -l '^X-Mail-Args: <servicio.social@utv.edu.mx>' \
    $(sink_files) | wc -l | tr -d ' ')" 20
at $((T0 + 100000))
check "deliver again: nothing twice" eq "$(probe deliver)" \
    "sent=0 deferred=0"
check "sink still has 20" eq "$(sink_count)" 20
check "all marked sent" eq "$(probe counts)" "queued=0 sent=20 failed=0"
stop_sink

# --- 5xx: failed at once; requeue gives another series -------------------
start_sink "$HARNESS_DIR/sink5" -f RCPT
write_conf "$HARNESS_DIR/perm"
at $T0
probe queue 3 >/dev/null
check "5xx: nothing sent or deferred" eq "$(probe deliver)" \
    "sent=0 deferred=0"
check "5xx: all failed after one attempt" eq "$(probe counts)" \
    "queued=0 sent=0 failed=3"
check "5xx: the reply code is recorded" eq \
    "$(db "SELECT count(*) FROM outbox WHERE last_error LIKE '%5__%'
    AND attempts = 1")" 3
if [ -x "$TEQUIOCTL" ]; then
	check "tequioctl outbox failed lists them" eq \
	    "$("$TEQUIOCTL" -c "$CONF" outbox failed | grep -c fallido)" 3
	stop_sink
	start_sink "$HARNESS_DIR/sink5"
	"$TEQUIOCTL" -c "$CONF" requeue all >/dev/null
	check "requeue all: queued again" eq "$(probe counts)" \
	    "queued=3 sent=0 failed=0"
	check "requeued mail goes out" eq "$(probe deliver)" \
	    "sent=3 deferred=0"
fi
stop_sink

# --- 4xx: retried, then delivered ----------------------------------------
start_sink "$HARNESS_DIR/sink4" -r DATA
write_conf "$HARNESS_DIR/temp" smtp.retry_seconds=300
at $T0
probe queue 3 >/dev/null
check "4xx: all deferred" eq "$(probe deliver)" "sent=0 deferred=3"
check "4xx: still queued, none failed" eq "$(probe counts)" \
    "queued=3 sent=0 failed=0"
check "4xx: due after 300 s" eq \
    "$(db "SELECT count(*) FROM outbox WHERE next_try = $((T0 + 300))")" 3
at $((T0 + 300))
check "4xx again: deferred again" eq "$(probe deliver)" "sent=0 deferred=3"
check "4xx: backoff doubles to 600 s" eq \
    "$(db "SELECT count(*) FROM outbox WHERE attempts = 2
    AND next_try = $((T0 + 900))")" 3
stop_sink
start_sink "$HARNESS_DIR/sink4"
at $((T0 + 900))
check "4xx over: all sent" eq "$(probe deliver)" "sent=3 deferred=0"
check "4xx over: sink received 3" eq "$(sink_count)" 3
stop_sink

# --- reply lost after the final dot: resent with the same Message-ID ------
start_sink "$HARNESS_DIR/sinkq" -q .
write_conf "$HARNESS_DIR/lost"
at $T0
probe queue 1 >/dev/null
check "no answer after the dot: deferred" eq "$(probe deliver)" \
    "sent=0 deferred=1"
stop_sink
start_sink "$HARNESS_DIR/sinkq"
at $((T0 + 60))
check "then sent" eq "$(probe deliver)" "sent=1 deferred=0"
check "the server saw it twice" eq "$(sink_count)" 2
check "both copies carry one Message-ID" eq \
    "$(sink_ids | uniq | wc -l | tr -d ' ')" 1
stop_sink

finish
