#!/bin/sh
# SPDX-License-Identifier: ISC
# The database on a small tmpfs that fills up while the daemon runs, then
# grows: delivery pauses instead of becoming a mail cannon (the outcome of
# a send that cannot be recorded used to leave the row due, and one reply
# went out tens of thousands of times), the mailbox waits, and once there
# is room every mail is answered exactly once.  Then the file system goes
# read-only: start-up refuses, saying so (exit 78).
#
# To make every write need new space, a reader holds a snapshot while the
# disk is full: SQLite cannot reuse the WAL from its start under a reader,
# so each commit must grow it.  Counts: replies per Message-ID and per
# answered message at the sink (1), messages recorded (20, none twice),
# INBOX left (0).  Needs root (mount).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

if [ "$(id -u)" != 0 ]; then
	echo "test_disk_full: needs root to mount a tmpfs"
	exit 1
fi
harness_init
FS=$HARNESS_DIR/dbfs
mkdir -p "$FS"
mount -t tmpfs -o size=4m,mode=0700 tequio-test-dbfs "$FS" ||
    harness_die "cannot mount a tmpfs on $FS"
# Stop what runs on the tmpfs before unmounting it, then the rest.
trap 'harness_rc=$?; for g in $HARNESS_PGIDS; do stop_group "$g"; done;
    umount "$FS" 2>/dev/null; stop_all; exit $harness_rc' EXIT

start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
stop_sink
write_conf "$HARNESS_DIR/t" smtp.retry_seconds=1
sed -i "s|^database = .*|database = $FS/tequio.db|" "$CONF"
DB=$FS/tequio.db
M=$HARNESS_DIR/mail
mkdir -p "$M"

q() {
	sqlite3 -batch -noheader "$DB" "$1"
}

mail_n() {
	for mn_i in $(seq "$2" "$3"); do
		mk_mail "$M/$1$mn_i.eml" "al$1$mn_i@alumnos.utv.edu.mx" AYUDA "" \
		    "$1-$mn_i@test.example"
		deliver_mail "$M/$1$mn_i.eml"
	done
}

# Ten mails answered while the relay is down: ten replies queued.
mail_n a 1 10
tequiod_once 2>"$HARNESS_DIR/once.log"
check "10 replies queued, none sent" eq \
    "$(q "SELECT count(*) FROM outbox WHERE status = 'queued'")" 10

# A reader pins the WAL; then the disk fills up.
hold='
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN")
c.execute("SELECT count(*) FROM outbox").fetchall()
open(sys.argv[2], "w").close()
for _ in range(4800):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.025)
c.execute("COMMIT")'
/usr/bin/python3 -c "$hold" "$DB" "$HARNESS_DIR/held" "$HARNESS_DIR/release" &
holder=$!
wait_until 400 'test -e "$HARNESS_DIR/held"'
dd if=/dev/zero of="$FS/fill" bs=4096 2>/dev/null
check "the database's file system is full" eq \
    "$(df --output=avail "$FS" | tail -n 1 | tr -d ' ')" 0

# The replies fall due (retry_seconds = 1) and the relay comes back.
due=$(q "SELECT max(next_try) FROM outbox")
wait_until 400 '[ "$(date +%s)" -gt "$due" ]'
start_sink "$HARNESS_DIR/sink"
setsid "$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/daemon.log" &
dpid=$!
harness_track "$dpid"
wait_until 400 'grep -q "connected to" "$HARNESS_DIR/daemon.log"'
mail_n b 1 10
# Several pauses of the delivery thread: 1 + 2 + 4 s.
wait_until 1200 '[ "$(grep -c "delivery paused" "$HARNESS_DIR/daemon.log")" \
    -ge 3 ]'
check "disk full: delivery paused, and says why" \
    grep -q "cannot be claimed (database not writable): not sent" \
    "$HARNESS_DIR/daemon.log"
check "disk full: no mail sent twice" test "$(max_copies Message-ID)" -le 1
full_sent=$(sink_count)
check "disk full: nothing sent without a claim" eq "$full_sent" 0
pauses=$(grep -c "delivery paused" "$HARNESS_DIR/daemon.log")
tries=$(grep -c "cannot be claimed" "$HARNESS_DIR/daemon.log")
check "disk full: one try per pause, no loop ($tries tries, $pauses pauses)" \
    test "$tries" -le $((pauses + 1))
echo "disk full: $full_sent sent, $tries tries, $pauses pauses," \
    "$(wc -l <"$HARNESS_DIR/daemon.log") log lines"

# Room again: the file system grows and the reader lets go.
mount -o remount,size=64m "$FS"
rm -f "$FS/fill"
: >"$HARNESS_DIR/release"
wait "$holder"
# The operator's wake-up (what tequioctl requeue sends) ends the pause.
kill -USR1 "$dpid"
wait_until 2400 '[ "$(sink_count)" -ge 20 ]'
check "after the disk grows: 20 replies" eq "$(sink_count)" 20
check "no Message-ID twice" eq "$(max_copies Message-ID)" 1
check "no message answered twice" eq "$(max_copies In-Reply-To)" 1
wait_until 2400 '[ "$(folder_count INBOX)" -eq 0 ]'
check "no message lost: INBOX empty" eq "$(folder_count INBOX)" 0
check "20 messages recorded once" eq \
    "$(q "SELECT count(*), count(DISTINCT message_id) FROM message")" "20|20"
kill -TERM "$dpid"
wait "$dpid"
check "the daemon stops cleanly" eq "$?" 0

# A read-only database is refused at start-up, saying so.
mount -o remount,ro "$FS"
"$TEQUIOD" -c "$CONF" --once 2>"$HARNESS_DIR/ro.log"
check "read-only database: exit 78" eq "$?" 78
check "read-only database: said so" grep -q "database is read-only" \
    "$HARNESS_DIR/ro.log"
mount -o remount,rw "$FS"

[ "$T_FAIL" -eq 0 ] || { echo "--- logs"; cat "$HARNESS_DIR"/*.log; }
finish
