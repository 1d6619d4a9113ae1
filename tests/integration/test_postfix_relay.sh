#!/bin/sh
# SPDX-License-Identifier: ISC
# Replies through a real Postfix relay that allows two connections per
# client (421 to a third), tequio configured for four, with one recipient
# refused for good (REJECT: 554) and one for now (DEFER: 450) by Postfix's
# own recipient checks; Postfix relays the rest to smtp-sink.  A refused
# connection's mail, never sent, goes over another; the refused mails hold
# nobody else: the other ten reach the sink once each, the 5xx fails at
# once, the 4xx waits its retry time and is tried again then, and nothing
# is sent twice.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
T0=1800000000
TEQUIO_NOW=$T0
export TEQUIO_NOW

if ! command -v postfix >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
	echo "SKIPPED: needs Postfix and root"
	exit 0
fi

harness_init
dovecot_keys_only
start_sink "$HARNESS_DIR/sink"
start_postfix "$HARNESS_DIR/postfix" \
    "relay_domains = alumnos.utv.edu.mx" \
    "transport_maps = inline:{ alumnos.utv.edu.mx=smtp:[127.0.0.1]:$SINK_PORT }" \
    "smtpd_client_connection_count_limit = 2" \
    "smtpd_client_event_limit_exceptions =" \
    "smtpd_recipient_restrictions = check_recipient_access inline:{ alumno3@alumnos.utv.edu.mx=REJECT, alumno7@alumnos.utv.edu.mx=DEFER }, permit_mynetworks, reject"

write_conf "$HARNESS_DIR/t" smtp.connections=4
sed -i "s|^url = .*|url = smtp://127.0.0.1:$POSTFIX_PORT|" "$CONF"
probe queue 12 >/dev/null
check "12 mails: 10 sent, 1 deferred (and 1 failed)" eq "$(probe deliver)" \
    "sent=10 deferred=1"
check "the 5xx failed at once, the 4xx waits" eq "$(probe counts)" \
    "queued=1 sent=10 failed=1"
check "the refusal's words are kept" eq "$(db "SELECT count(*) FROM outbox
    WHERE rcpt = 'alumno3@alumnos.utv.edu.mx' AND last_error LIKE '%554%'
    AND attempts = 1")" 1
check "the deferred one waits retry_seconds" eq "$(db "SELECT next_try - $T0,
    attempts FROM outbox WHERE rcpt = 'alumno7@alumnos.utv.edu.mx'")" "60|1"
wait_until 800 '[ "$(sink_count)" -ge 10 ]'
check "Postfix relayed the ten to the sink, one copy each" eq \
    "$(sink_count) $(max_copies Message-ID)" "10 1"
# At its retry time only the deferred one is tried (and deferred again).
TEQUIO_NOW=$((T0 + 60))
check "at the retry time: the deferred one alone is tried" eq \
    "$(probe deliver)" "sent=0 deferred=1"
check "attempt 2 recorded" eq "$(db "SELECT attempts FROM outbox
    WHERE rcpt = 'alumno7@alumnos.utv.edu.mx'")" 2
check "nothing was sent twice" eq "$(sink_count) $(max_copies Message-ID)" \
    "10 1"

[ "$T_FAIL" -eq 0 ] || { echo "--- logs"; cat "$HARNESS_DIR"/*.log \
    "$POSTFIX_DIR/postfix.log"; }
finish
