#!/bin/sh
# SPDX-License-Identifier: ISC
# The second IMAP connection that moves committed batches (daemon/mover.c)
# while the mailbox loop fetches and applies the next one.
#
# The test holds the dot-lock of the Procesados folder (the lock Dovecot
# takes to give the moved messages their UIDs there), so a MOVE to it
# waits, visibly (Dovecot's process title says "UID MOVE") and for as long
# as the test wants, while a FETCH of the inbox does not need it.  Then:
#   1. overlap: a second batch is fetched and committed while the first
#      batch's MOVE waits, and no third (one batch in the mover's hands);
#      when the lock goes, everything is moved;
#   2. the mover's connection dies mid-MOVE: the main connection moves
#      what it had, in the same pass, each message once;
#   3. Dovecot dies and comes back mid-MOVE: the pass fails, the next one
#      moves every message without processing any again;
#   4. servers without MOVE (COPY + STORE + EXPUNGE, with and without
#      UIDPLUS) on the second connection;
#   5. no second connection (refused at LOGIN, or another inbox): the main
#      connection moves everything;
#   6. SIGTERM while a batch is in the mover's hands: it and the batches
#      committed meanwhile are moved before the daemon exits.
# Nothing here waits a fixed time: each step polls for a condition, with a
# bound.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

N=20
BATCH=5
harness_init
start_sink "$HARNESS_DIR/sink"

# setup NAME: a Dovecot of its own, N unseen messages in its INBOX, a
# configuration fetching BATCH at a time (N/BATCH batches in one pass).
setup() {
	start_dovecot "$HARNESS_DIR/$1"
	write_conf "$HARNESS_DIR/$1/t" mailbox.fetch_batch=$BATCH \
	    mailbox.move_connection=yes
	mkdir -p "$HARNESS_DIR/$1/m"
	s_i=1
	while [ $s_i -le $N ]; do
		mk_mail "$HARNESS_DIR/$1/m/$s_i.eml" \
		    "alumno$s_i@alumnos.utv.edu.mx" "HOLA $1 $s_i" \
		    "Buenos días." "$1-$s_i@test.example"
		s_i=$((s_i + 1))
	done
	deliver_fast "$HARNESS_DIR/$1"/m/*.eml
	# The folder must exist before its lock can be held.
	folder_count Procesados >/dev/null
	LOCK=$DOVECOT_DIR/mail/$DOVECOT_USER/.Procesados/dovecot-uidlist.lock
}

hold_lock() {
	: >"$LOCK" && chown nobody:nogroup "$LOCK"
}

# "PID TITLE" of this Dovecot's imap processes, one per connection (the
# title names the instance, which names the port).
imap_procs() {
	ps -eo pid=,args= | awk -v s="-$DOVECOT_PORT/imap" '
	    { n = length($2) - length(s) }
	    n >= 0 && substr($2, n + 1) == s'
}

# The pid of the one running a UID MOVE (empty if none).
move_pid() {
	imap_procs | awk '/UID MOVE\]$/ { print $1; exit }'
}

records() {
	db "SELECT count(*) FROM message" 2>/dev/null || echo 0
}

start_daemon() {
	setsid "$TEQUIOD" -c "$CONF" --once 2>>"$HARNESS_DIR/$1.log" &
	DAEMON=$!
}

# Every message of this Dovecot moved to Procesados, recorded, answered,
# each exactly once.
all_done_once() {
	check "$1: INBOX empty" eq "$(folder_count INBOX)" 0
	check "$1: every message in Procesados, once" \
	    eq "$(folder_count Procesados)" "$N"
	check "$1: one record per message" eq "$(records)" "$N"
	check "$1: every record marked moved" \
	    eq "$(db "SELECT count(*) FROM message WHERE moved = 1")" "$N"
	check "$1: one reply per message, none twice" \
	    eq "$(db "SELECT count(*) || ' ' || count(DISTINCT cause_msg)
		FROM outbox")" "$N $N"
}

# ------------------------------------------------------------- 1. overlap

DOVECOT_EXTRA="verbose_proctitle = yes" setup overlap
hold_lock
start_daemon overlap
# The main thread fetched and committed batch 2 while batch 1's MOVE was
# held: in the one-connection loop it could not have.
wait_until 800 '[ -n "$(move_pid)" ] && [ "$(records)" -ge $((2 * BATCH)) ]'
check "overlap: batch 2 committed while batch 1's MOVE waits" eq "$?" 0
check "overlap: two connections, the MOVE on one of them" \
    eq "$(imap_procs | wc -l)" 2
check "overlap: nothing moved yet" eq "$(folder_count INBOX)" "$N"
# One job in the mover's hands: the loop waits for it before handing
# batch 2 over, so batch 3, downloaded by then, is not applied.
check "overlap: no third batch ahead of the mover" \
    eq "$(records)" $((2 * BATCH))
rm -f "$LOCK"
wait "$DAEMON"
check "overlap: the pass ends well" eq "$?" 0
all_done_once overlap

# ------------------------------------- 2. the mover's connection dies

DOVECOT_EXTRA="verbose_proctitle = yes" setup cut
hold_lock
start_daemon cut
wait_until 800 '[ -n "$(move_pid)" ] && [ "$(records)" -ge $((2 * BATCH)) ]'
check "cut: MOVE held on the second connection" eq "$?" 0
kill -KILL "$(move_pid)"
rm -f "$LOCK"
wait "$DAEMON"
check "cut: the pass still ends well" eq "$?" 0
check "cut: the main connection took the moves over" \
    grep -q "moving on the main connection" "$HARNESS_DIR/cut.log"
all_done_once cut

# ------------------------------------------- 3. Dovecot dies and returns

DOVECOT_EXTRA="verbose_proctitle = yes" setup restart
hold_lock
start_daemon restart
wait_until 800 '[ -n "$(move_pid)" ] && [ "$(records)" -ge $((2 * BATCH)) ]'
check "restart: MOVE held on the second connection" eq "$?" 0
stop_dovecot
rm -f "$LOCK"
DOVECOT_KEEP_PORT=1 DOVECOT_EXTRA="verbose_proctitle = yes" \
    start_dovecot "$HARNESS_DIR/restart"
wait "$DAEMON"
check "restart: the pass fails (temporary)" eq "$?" 75
check "restart: committed messages still in INBOX" eq "$(folder_count INBOX)" "$N"
tequiod_once 2>>"$HARNESS_DIR/restart.log"
check "restart: the next pass ends well" eq "$?" 0
all_done_once restart

# ------------------------------------------------ 4. servers without MOVE

DOVECOT_EXTRA="imap_capability = IMAP4rev1 IDLE UIDPLUS" setup nomove
tequiod_once 2>>"$HARNESS_DIR/nomove.log"
check "no MOVE: the pass ends well" eq "$?" 0
all_done_once "no MOVE"

DOVECOT_EXTRA="imap_capability = IMAP4rev1" setup bare
tequiod_once 2>>"$HARNESS_DIR/bare.log"
check "bare IMAP4rev1: the pass ends well" eq "$?" 0
all_done_once "bare IMAP4rev1"

# --------------------------------- 5. no second connection for the mover

# A server that takes one connection per user and address: the mover's
# LOGIN is refused and the main connection moves everything.
DOVECOT_EXTRA="mail_max_userip_connections = 1" setup single
tequiod_once 2>>"$HARNESS_DIR/single.log"
check "one connection allowed: the pass ends well" eq "$?" 0
check "one connection allowed: the mover's LOGIN was refused" \
    grep -q "second connection for moving" "$HARNESS_DIR/single.log"
all_done_once "one connection allowed"

# The inbox on the second connection is another one (recreated between
# the two logins: its UIDs are not those handed over): nothing is moved
# there, the main connection moves everything.
setup renumbered
TEQUIO_TEST_FAIL=mover.uidvalidity:1 tequiod_once \
    2>>"$HARNESS_DIR/renumbered.log"
check "other UIDVALIDITY: the pass ends well" eq "$?" 0
check "other UIDVALIDITY: noticed, nothing moved there" \
    grep -q "not moving there" "$HARNESS_DIR/renumbered.log"
all_done_once "other UIDVALIDITY"

# ------------------------------------------------- 6. SIGTERM mid-pass

# The daemon stops while a batch is in the mover's hands and the next is
# committed: every committed batch is moved before it exits, the rest
# waits in INBOX untouched, and the next run answers it, once.
DOVECOT_EXTRA="verbose_proctitle = yes" setup term
hold_lock
setsid "$TEQUIOD" -c "$CONF" 2>>"$HARNESS_DIR/term.log" &
DAEMON=$!
wait_until 800 '[ -n "$(move_pid)" ] && [ "$(records)" -ge $((2 * BATCH)) ]'
check "SIGTERM: MOVE held on the second connection" eq "$?" 0
kill -TERM "$DAEMON"
rm -f "$LOCK"
wait "$DAEMON"
check "SIGTERM: the daemon exits cleanly" eq "$?" 0
done=$(records)
check "SIGTERM: the pass stopped early" test "$done" -lt "$N"
check "SIGTERM: what was committed is moved and recorded so" \
    eq "$(folder_count Procesados) $(db "SELECT count(*) FROM message
	WHERE moved = 1")" "$done $done"
check "SIGTERM: the rest waits in INBOX" \
    eq "$(folder_count INBOX)" $((N - done))
tequiod_once 2>>"$HARNESS_DIR/term.log"
check "SIGTERM: the next run ends well" eq "$?" 0
all_done_once SIGTERM

[ "$T_FAIL" -eq 0 ] || tail -n 40 "$HARNESS_DIR"/*.log
finish
