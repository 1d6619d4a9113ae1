#!/bin/sh
# SPDX-License-Identifier: ISC
# The delivery thread keeps the relay busy while another connection holds
# the database's write lock (the mailbox side applying a batch, or
# tequioctl), against Postfix's smtp-sink:
#
# - it claims a whole window of mail (SEND_WINDOW in outbox/outbox.c)
#   before the first one is sent, in one commit: the sink is stopped
#   (SIGSTOP; the kernel still accepts the connections, no greeting comes)
#   so nothing finishes, and the claimed rows are counted;
# - the test then holds a write transaction open (sqlite3, BEGIN
#   IMMEDIATE) and lets the sink go on: every claimed mail reaches the sink
#   while the lock is held, and none of their outcomes is recorded yet (a
#   courier that records each group before sending the next stops after
#   the first group);
# - once the lock is released, within the busy limit (10 s), the outcomes
#   are recorded and the rest of the queue goes: every mail once, no
#   database error.
# Nothing here depends on timing: every step waits for a state (bounded).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
WINDOW=$(sed -n 's/^#define SEND_WINDOW[^0-9]*\([0-9][0-9]*\).*/\1/p' \
    outbox/outbox.c)
N=$((WINDOW + 36))
T0=1800000000
TEQUIO_NOW=$T0
export TEQUIO_NOW

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
write_conf "$HARNESS_DIR/t" smtp.connections=2 smtp.timeout_seconds=60
DB=$HARNESS_DIR/t/tequio.db
"$TEQUIOCTL" -c "$CONF" init >/dev/null 2>&1
probe queue "$N" >/dev/null
check "the window is read from outbox.c" test "${WINDOW:-0}" -gt 16

claimed() {
	db "SELECT count(*) FROM outbox WHERE status = 'queued' AND
	    attempts = 1"
}
recorded() {
	db "SELECT count(*) FROM outbox WHERE status <> 'queued'"
}

kill -STOP "-$SINK_PGID"
setsid "$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/daemon.log" &
DPID=$!
harness_track "$DPID"
wait_until 400 '[ "$(claimed)" -ge "$WINDOW" ]'
check "a whole window claimed before anything was sent" eq \
    "$(claimed) $(sink_count)" "$WINDOW 0"

# Hold the write lock from another process, as the mailbox side does
# while it applies a batch.
mkfifo "$HARNESS_DIR/lock.in"
sqlite3 -batch "$DB" >"$HARNESS_DIR/lock.out" 2>&1 \
    <"$HARNESS_DIR/lock.in" &
LPID=$!
exec 3>"$HARNESS_DIR/lock.in"
printf '.timeout 5000\nBEGIN IMMEDIATE;\nSELECT %s;\n' "'locked'" >&3
wait_until 400 'grep -q locked "$HARNESS_DIR/lock.out"'
check "the test holds the write lock" grep -q locked "$HARNESS_DIR/lock.out"

kill -CONT "-$SINK_PGID"
wait_until 400 '[ "$(sink_count)" -ge "$WINDOW" ]'
check "lock held: the claimed mails reach the sink" eq "$(sink_count)" \
    "$WINDOW"
check "lock held: no outcome recorded yet" eq "$(recorded)" 0
check "lock held: nothing more claimed" eq "$(claimed)" "$WINDOW"

printf 'COMMIT;\n' >&3
exec 3>&-
wait "$LPID"
check "the lock is released" eq "$?" 0
wait_until 400 '[ "$(recorded)" -ge "$N" ]'
check "released: every outcome recorded" eq \
    "$(db "SELECT count(*) FROM outbox WHERE status = 'sent'")" "$N"
check "released: the sink has every mail once" eq \
    "$(sink_count) $(max_copies Message-ID)" "$N 1"
check "no database error: the wait stayed within the busy limit" \
    sh -c "! grep -q 'database' '$HARNESS_DIR/daemon.log'"
kill -TERM "$DPID"
wait "$DPID"
check "the daemon stops cleanly" eq "$?" 0

[ "$T_FAIL" -eq 0 ] || { echo "--- logs"; cat "$HARNESS_DIR"/*.log; }
finish
