#!/bin/sh
# SPDX-License-Identifier: ISC
# kill -9 at random moments while tequiod works through 200 messages,
# restarting it each time.  Afterwards every message is in exactly one
# folder, has exactly one database record and exactly one queued reply,
# each registration was applied once, and the sink got every reply.
#
# The kill moments are random (seeded, printed) but the assertions are not
# about timing: whatever moment the kill lands on, the end state must be
# the same.  CRASH_SEED reproduces a run.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

N=${CRASH_MESSAGES:-200}
SEED=${CRASH_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
echo "crash test: $N messages, seed $SEED"

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
# Random kill -9 lands on one message alone twice in a row now and then
# (1 run in 9): here every death is a kill, never the message's fault.
# Batches of 7 make each pass many batches, so kills also land while the
# second connection (daemon/mover.c) moves one batch and the next is read.
write_conf "$HARNESS_DIR/t" mailbox.fetch_batch=7 mailbox.move_connection=yes \
    limits.max_process_deaths=1000
M=$HARNESS_DIR/mail
mkdir -p "$M"
i=1
while [ $i -le "$N" ]; do
	MK_VERIFIED=1 mk_mail "$M/$i.eml" "alumno$i@alumnos.utv.edu.mx" "REGISTRO" \
	    "Matrícula: 2026$(printf %04d $i)
Nombre: Alumno Número $i
Carrera: Ingeniería en Sistemas
Créditos: 75" "crash-$i@test.example"
	i=$((i + 1))
done
deliver_fast "$M"/*.eml

# Kill delays in ms, from a seeded generator so a failure can be replayed.
delays=$(awk -v s="$SEED" 'BEGIN { srand(s);
    for (i = 0; i < 60; i++) printf "%d\n", 5 + int(rand() * 250) }')
check "$N messages waiting in INBOX" eq "$(folder_count INBOX)" "$N"
moved() {
	db "SELECT count(*) FROM message WHERE moved = 1" 2>/dev/null || echo 0
}
kills=0
for d in $delays; do
	[ "$(moved)" = "$N" ] && break
	setsid "$TEQUIOD" -c "$CONF" --once 2>>"$HARNESS_DIR/crash.log" &
	pid=$!
	sleep "$(awk -v d="$d" 'BEGIN { printf "%.3f", d / 1000 }')"
	kill -KILL "-$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
done
echo "crash test: $kills kills"
# Then let it finish (and deliver everything still queued).  A reply is
# claimed (its next try set retry_seconds ahead) before it is sent, so one
# whose run was killed in between waits that long before it goes again:
# the final runs look a few hours ahead to see every one go.
later=$(($(date +%s) + 25000))
TEQUIO_NOW=$later tequiod_once 2>>"$HARNESS_DIR/crash.log"
check "final run exits 0" eq "$?" 0
TEQUIO_NOW=$later tequiod_once 2>>"$HARNESS_DIR/crash.log"

check "at least one kill landed" test "$kills" -gt 0
check "INBOX empty" eq "$(folder_count INBOX)" 0
check "every message in exactly one folder" \
    eq "$(( $(folder_count Procesados) + $(folder_count Cuarentena) ))" "$N"
check "one database record per message" \
    eq "$(db "SELECT count(DISTINCT message_id) FROM message")" "$N"
check "no duplicate records" eq "$(db "SELECT count(*) FROM message")" "$N"
check "all records marked moved" \
    eq "$(db "SELECT count(*) FROM message WHERE moved = 1")" "$N"
check "one reply queued per message" \
    eq "$(db "SELECT count(DISTINCT cause_msg) FROM outbox")" "$N"
check "no message has two replies queued" \
    eq "$(db "SELECT count(*) FROM outbox")" "$N"
check "every reply sent" \
    eq "$(db "SELECT count(*) FROM outbox WHERE status = 'sent'")" "$N"
check "each registration applied once" \
    eq "$(db "SELECT count(*) FROM wf_student")" "$N"
check "each registration audited once" \
    eq "$(db "SELECT count(*) FROM wf_audit")" "$N"
# A pack a killed batch wrote before its commit is removed at the next
# start (jobs/packs.h): every pack left holds a message recorded.
orphans=0
for p in $(find "$(dirname "$CONF")/spool/pack" -type f); do
	[ "$(db "SELECT count(*) FROM message WHERE spool_path >= '$p#' AND
	    spool_path < '$p\$'")" -gt 0 ] || orphans=$((orphans + 1))
done
check "no pack left that no message points at" eq "$orphans" 0
# The sink may hold a duplicate when a kill landed after the server took a
# message but before we recorded it as sent: SMTP is at-least-once, and the
# stable Message-ID lets the receiver drop it.  Every reply is there.
got=$(for f in $(sink_files); do sink_header "$f" In-Reply-To; done |
    sort -u | grep -c crash-)
check "the sink has a reply to every message" eq "$got" "$N"
dups=$(( $(sink_count) - got ))
echo "crash test: $dups duplicate deliveries (kill between SMTP and commit)"
# The documented bound (README, "Sent twice"): a kill sends again at most
# the window of mails claimed and not yet recorded (SEND_WINDOW).
WINDOW=$(sed -n 's/^#define SEND_WINDOW[^0-9]*\([0-9][0-9]*\).*/\1/p' \
    outbox/outbox.c)
check "at most one window ($WINDOW mails) sent again per kill" \
    test "$dups" -le $((kills * ${WINDOW:-0}))
ids=$(for f in $(sink_files); do sink_header "$f" Message-ID; done | sort -u |
    grep -c .)
check "duplicates carry the same Message-ID" eq "$ids" "$got"

[ "$T_FAIL" -eq 0 ] || tail -50 "$HARNESS_DIR/crash.log"
finish
