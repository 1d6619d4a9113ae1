#!/bin/sh
# SPDX-License-Identifier: ISC
# One daemon per configuration, the secret, the database's files, readers:
#   - a second tequiod (daemon, --once, --pipe) on a configuration whose
#     daemon runs exits 75 with a line naming the running one, and changes
#     nothing; two --once started together answer each mail once;
#   - the database, its -wal and -shm and the lock file are mode 0600;
#   - a deleted secret under an existing database stops start-up (exit
#     78, saying why) and is not replaced; tequioctl init refuses to
#     replace it unless told --new-secret;
#   - tequioctl's listings work while another process holds the
#     database's write lock, and on a database they may only read.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
write_conf "$HARNESS_DIR/t"
T=$HARNESS_DIR/t
M=$HARNESS_DIR/mail
mkdir -p "$M"

mail_n() {
	for mn_i in $(seq "$2" "$3"); do
		mk_mail "$M/$1$mn_i.eml" "al$1$mn_i@alumnos.utv.edu.mx" AYUDA "" \
		    "$1-$mn_i@test.example"
		deliver_mail "$M/$1$mn_i.eml"
	done
}

# --- two --once at the same moment: every mail answered once ------------
mail_n a 1 30
"$TEQUIOD" -c "$CONF" --once 2>"$HARNESS_DIR/once1.log" &
p1=$!
"$TEQUIOD" -c "$CONF" --once 2>"$HARNESS_DIR/once2.log" &
p2=$!
wait "$p1"; r1=$?
wait "$p2"; r2=$?
check "two --once: each exits 0 or 75" \
    sh -c "case '$r1 $r2' in '0 0'|'0 75'|'75 0') exit 0;; esac; exit 1"
check "two --once: 30 answers" eq "$(sink_count)" 30
check "two --once: no mail answered twice" eq "$(max_copies In-Reply-To)" 1
check "two --once: no Message-ID sent twice" eq "$(max_copies Message-ID)" 1

# --- files are private ----------------------------------------------------
check "the database is 0600" eq "$(stat -c %a "$T/tequio.db")" 600
check "the lock file is 0600" eq "$(stat -c %a "$T/tequio.db.lock")" 600

# --- a second tequiod while the daemon runs ------------------------------
setsid "$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/daemon.log" &
dpid=$!
harness_track "$dpid"
wait_until 400 'grep -q "connected to" "$HARNESS_DIR/daemon.log"'
check "while it runs, -wal and -shm are 0600" eq \
    "$(stat -c %a "$T/tequio.db-wal" "$T/tequio.db-shm" | tr '\n' ' ')" \
    "600 600 "
mail_n b 1 5
"$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/second.log"
check "a second daemon exits 75" eq "$?" 75
check "and says which one runs" grep -q \
    "another tequiod (pid $dpid) is already running" "$HARNESS_DIR/second.log"
"$TEQUIOD" -c "$CONF" --once 2>>"$HARNESS_DIR/second.log"
check "--once while the daemon runs exits 75" eq "$?" 75
mk_mail "$M/pipe.eml" pipe@alumnos.utv.edu.mx AYUDA "" pipe-1@test.example
"$TEQUIOD" -c "$CONF" --pipe <"$M/pipe.eml" 2>>"$HARNESS_DIR/second.log"
check "--pipe while the daemon runs exits 75 (the MTA retries)" eq "$?" 75
wait_until 800 '[ "$(sink_count)" -ge 35 ]'
check "the daemon answers the 5 new mails" eq "$(sink_count)" 35
check "nothing answered twice" eq "$(max_copies In-Reply-To)" 1
check "the --pipe mail was not taken" eq \
    "$(db "SELECT count(*) FROM message WHERE message_id LIKE 'pipe-1%'")" 0

# --- readers while someone holds the write lock --------------------------
# hold_lock DB LOCKED UNLOCK: take DB's write lock, touch LOCKED, keep the
# lock until UNLOCK exists (at most 30 s).
hold_lock='
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=1)
c.execute("BEGIN IMMEDIATE")
c.execute("UPDATE meta SET value = value WHERE key = \"barrier\"")
open(sys.argv[2], "w").close()
for _ in range(1200):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.025)
c.execute("ROLLBACK")'
/usr/bin/python3 -c "$hold_lock" "$T/tequio.db" "$HARNESS_DIR/locked" \
    "$HARNESS_DIR/unlock" &
holder=$!
wait_until 400 'test -e "$HARNESS_DIR/locked"'
for cmd in status outbox "outbox sent" pending accounts \
    "export $HARNESS_DIR/export"; do
	# shellcheck disable=SC2086 # cmd is a command and its arguments
	timeout 5 "$TEQUIOCTL" -c "$CONF" $cmd >"$HARNESS_DIR/ctl.out" \
	    2>&1
	check "tequioctl $cmd works while the write lock is held" eq "$?" 0
done
check "tequioctl outbox sent lists the 35 replies" test \
    "$(timeout 5 "$TEQUIOCTL" -c "$CONF" outbox sent | grep -c enviado)" \
    -eq 35
: >"$HARNESS_DIR/unlock"
wait "$holder"

kill -TERM "$dpid"
wait "$dpid"
check "the daemon stops cleanly" eq "$?" 0

# A reader never writes: on a first-release database (schema 1, not yet
# migrated by a tequiod) with the write lock held elsewhere, the listings
# work and the schema stays as it was (a reader that migrated would wait
# for the lock, then change the database under the old daemon).
write_conf "$HARNESS_DIR/v1"
sqlite3 "$HARNESS_DIR/v1/tequio.db" <tests/fixtures/db/schema-v1.sql
sqlite3 "$HARNESS_DIR/v1/tequio.db" "PRAGMA journal_mode=WAL" >/dev/null
rm -f "$HARNESS_DIR/unlock" "$HARNESS_DIR/locked"
/usr/bin/python3 -c "$hold_lock" "$HARNESS_DIR/v1/tequio.db" \
    "$HARNESS_DIR/locked" "$HARNESS_DIR/unlock" &
holder=$!
wait_until 400 'test -e "$HARNESS_DIR/locked"'
timeout 5 "$TEQUIOCTL" -c "$CONF" outbox sent >"$HARNESS_DIR/ctl.out" 2>&1
check "schema-1 database, write lock held: tequioctl outbox works" eq "$?" 0
check "and lists the first release's sent mail" grep -q enviado \
    "$HARNESS_DIR/ctl.out"
: >"$HARNESS_DIR/unlock"
wait "$holder"
check "the reader left the schema version alone" eq \
    "$(sqlite3 "$HARNESS_DIR/v1/tequio.db" "PRAGMA user_version")" 0
write_conf "$HARNESS_DIR/t"

# --- the secret ------------------------------------------------------------
cp "$T/secret.key" "$HARNESS_DIR/secret.backup"
rm "$T/secret.key"
"$TEQUIOD" -c "$CONF" --once 2>"$HARNESS_DIR/secret.log"
check "a missing secret under an existing database: exit 78" eq "$?" 78
check "it says why and what to do" grep -q \
    "secret is missing but the database .* exists: restore" \
    "$HARNESS_DIR/secret.log"
check "no new secret was made" test ! -e "$T/secret.key"
"$TEQUIOCTL" -c "$CONF" init >"$HARNESS_DIR/init.out" 2>&1
check "tequioctl init will not replace it unasked (exit 1)" eq "$?" 1
check "and still no new secret" test ! -e "$T/secret.key"
"$TEQUIOCTL" -c "$CONF" init --new-secret >>"$HARNESS_DIR/init.out" 2>&1
check "init --new-secret makes one" test -s "$T/secret.key"
check "a different one" sh -c "! cmp -s '$T/secret.key' \
    '$HARNESS_DIR/secret.backup'"
check "mode 0600" eq "$(stat -c %a "$T/secret.key")" 600
cp "$HARNESS_DIR/secret.backup" "$T/secret.key"
"$TEQUIOD" -c "$CONF" --once 2>>"$HARNESS_DIR/secret.log"
check "with the secret restored it starts again" eq "$?" 0

# A new configuration: tequioctl init makes the database and secret.
write_conf "$HARNESS_DIR/fresh"
"$TEQUIOCTL" -c "$CONF" init >/dev/null 2>&1
check "init on a new configuration: database and secret" \
    test -s "$HARNESS_DIR/fresh/tequio.db" -a -s "$HARNESS_DIR/fresh/secret.key"
"$TEQUIOD" -c "$CONF" --once 2>/dev/null
check "and tequiod starts on them" eq "$?" 0

[ "$T_FAIL" -eq 0 ] || { echo "--- logs"; cat "$HARNESS_DIR"/*.log; }
finish
