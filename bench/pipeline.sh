#!/bin/sh
# SPDX-License-Identifier: ISC
# Benchmark of the whole pipeline (make bench; never part of make check).
# Prints figures, side by side; compares nothing against thresholds.
#
# 1. BENCH_N (2000) small (~4 KB) messages in a loopback Dovecot, on disk
#    (BENCH_DISK, /var/tmp) and on tmpfs (BENCH_TMPFS, /dev/shm): mbsync
#    (isync, FSync yes, its default) pulls them into a Maildir, and
#    "tequiod --once" fetches, parses, records, answers and moves them and
#    delivers every reply to smtp-sink.  BENCH_ROUNDS (5) rounds, the
#    clients in a different order each round, the mailbox refilled before
#    each run; median and best wall time of each.
# 2. The same 2000 messages into a database that already holds 1,000,
#    10,000 and 50,000 earlier messages, each answered (BENCH_HISTORY),
#    BENCH_HISTORY_ROUNDS (3) rounds each, on tmpfs (BENCH_HISTORY_DIR):
#    the time must not grow with history.
# 3. Peak resident memory of tequiod over BENCH_RSS_N (10,000) messages.
# 4. Latency from delivery to reply in the sink, BENCH_LATENCY (20)
#    messages one at a time: a running tequiod woken by IMAP IDLE, and
#    tequiod --pipe started per message as an MTA's pipe transport does.
#
# BENCH_PARTS="disk tmpfs history memory latency" chooses the parts.
# BENCH_BASE=/path/to/another/tequiod runs that build too, interleaved in
# the same rounds (a build of main, to measure a change before and after
# on the same machine at the same load).  The load (uptime) is printed
# before and after: on a shared machine the figures move with it.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
. tests/lib/servers.sh
TEQUIOD=$ROOT/${BUILD:-build}/tequiod
TEQUIOCTL=$ROOT/${BUILD:-build}/tequioctl
. tests/lib/tequio.sh
. bench/mails.sh
N=${BENCH_N:-2000}
ROUNDS=${BENCH_ROUNDS:-5}
HISTORY=${BENCH_HISTORY:-1000 10000 50000}
HROUNDS=${BENCH_HISTORY_ROUNDS:-3}
NRSS=${BENCH_RSS_N:-10000}
NLAT=${BENCH_LATENCY:-20}
DISK=${BENCH_DISK:-/var/tmp}
TMPFS=${BENCH_TMPFS:-/dev/shm}
BASE=${BENCH_BASE:-}
MEASURE="python3 $ROOT/bench/measure.py"
RES=$(mktemp -d "${TMPDIR:-/tmp}/tequio-bench-results.XXXXXX") || exit 1
CLIENTS="mbsync tequiod${BASE:+ base}"

now_ms() { date +%s%3N; }
say() { echo "bench: $*" >&2; }

bin_of() {
	case $1 in
	base) echo "$BASE" ;;
	*) echo "$TEQUIOD" ;;
	esac
}


empty_folders() {
	for f in INBOX Procesados Cuarentena; do
		doveadm -c "$DOVECOT_CONF" expunge -u "$DOVECOT_USER" \
		    mailbox "$f" all 2>/dev/null
	done
}

# refill DIR: empty every folder, then put DIR's messages in INBOX and let
# Dovecot index them before anything is timed.  Then everything written so
# far goes to the disk (a database copied for the history part too): with
# ext4's ordered data, the timed program's first fsync would otherwise
# wait for it.
refill() {
	empty_folders
	deliver_fast "$1"/*.eml
	folder_count INBOX >/dev/null
	sync
}

write_mbsyncrc() {
	cat >"$HARNESS_DIR/mbsyncrc" <<EOT
IMAPAccount bench
Host 127.0.0.1
Port $DOVECOT_PORT
User $DOVECOT_USER
Pass $DOVECOT_PASS
SSLType None
AuthMechs LOGIN

IMAPStore far
Account bench

MaildirStore near
Path $HARNESS_DIR/maildir/
Inbox $HARNESS_DIR/maildir/INBOX

Channel bench
Far :far:
Near :near:
Patterns INBOX
Sync Pull
Create Near
# Keep mbsync's state with this run's Maildir, not in ~/.mbsync.
SyncState *
EOT
}

# run_client CLIENT RESULTS TAG: one timed run; "ms kb" appended to RESULTS.
run_client() {
	case $1 in
	mbsync)
		rm -rf "$HARNESS_DIR/maildir"
		mkdir -p "$HARNESS_DIR/maildir"
		$MEASURE mbsync -q -c "$HARNESS_DIR/mbsyncrc" bench \
		    3>>"$2" || say "mbsync failed"
		;;
	*)
		write_conf "$HARNESS_DIR/$1.$3" \
		    limits.max_replies_per_day=100000
		$MEASURE "$(bin_of "$1")" -c "$CONF" --once \
		    2>"$HARNESS_DIR/$1.$3/log" 3>>"$2"
		moved=$(folder_count Procesados)
		[ "$moved" = "$(wc -l <"$HARNESS_DIR/mail.count")" ] ||
		    say "$1: only $moved moved (see $HARNESS_DIR/$1.$3/log)"
		;;
	esac
}

# rotate "a b c" K: the words turned K places.
rotate() {
	echo "$1" | awk -v k="$2" '{ for (i = 0; i < NF; i++)
	    printf "%s%s", $((i + k) % NF + 1), i + 1 < NF ? " " : "\n" }'
}

# Part 1 on one file system: $1 label, $2 directory.
versus() {
	(
	TMPDIR=$2
	harness_init
	start_dovecot "$HARNESS_DIR/imap"
	start_sink "$HARNESS_DIR/sink"
	make_mails "$HARNESS_DIR/mail" 1 "$N"
	seq 1 "$N" >"$HARNESS_DIR/mail.count"
	write_mbsyncrc
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		for c in $(rotate "$CLIENTS" "$r"); do
			refill "$HARNESS_DIR/mail"
			run_client "$c" "$RES/$1.$c" "$r"
		done
		r=$((r + 1))
	done
	)
}

# fill_history DB H: H earlier messages, each answered, the reply sent
# (its bytes kept: within keep_sent_days), 40 s apart before now.  The
# bytes are in outbox.raw before migration 28 (a BENCH_BASE of then) and
# in outbox_body after it.
fill_history() {
	if [ "$(sqlite3 "$1" "SELECT count(*) FROM pragma_table_info('outbox')
	    WHERE name = 'raw'")" = 1 ]; then
		fh_raw="raw" fh_bytes="zeroblob(2500)," fh_body=""
	else
		fh_raw="raw_len" fh_bytes="2500,"
		fh_body="INSERT INTO outbox_body(id, raw)
		    SELECT id, zeroblob(2500) FROM outbox
		    WHERE message_id LIKE 'tq.hist.%';"
	fi
	sqlite3 -batch "$1" >/dev/null <<EOF
PRAGMA synchronous=OFF;
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $2)
INSERT INTO message(uidvalidity, uid, message_id, sha256, spool_path,
    from_addr, subject, command, outcome, folder, note, moved, received_at)
SELECT 1, i, 'hist-' || i || '@test.example', printf('%064d', i), '',
    'hist' || (i % 5000) || '@alumnos.utv.edu.mx', 'AYUDA', 'AYUDA',
    'processed', 'Procesados', '', 1, unixepoch() - ($2 - i) * 40 - 3600
FROM k;
INSERT INTO outbox(message_id, rcpt, subject, $fh_raw, status, attempts,
    next_try, created, sent_at, cause_msg)
SELECT 'tq.hist.' || id || '@utv.edu.mx', from_addr, 'Re: AYUDA',
    $fh_bytes 'sent', 1, received_at, received_at, received_at, id
FROM message WHERE uidvalidity = 1;
$fh_body
PRAGMA wal_checkpoint(TRUNCATE);
EOF
}

# Part 2, on tmpfs unless BENCH_HISTORY_DIR says otherwise: what grows
# with history is CPU and page-cache work, which the disk's noise on a
# shared machine hides.
history() {
	(
	TMPDIR=${BENCH_HISTORY_DIR:-$TMPFS}
	harness_init
	start_dovecot "$HARNESS_DIR/imap"
	start_sink "$HARNESS_DIR/sink"
	make_mails "$HARNESS_DIR/mail" 1 "$N"
	seq 1 "$N" >"$HARNESS_DIR/mail.count"
	for h in $HISTORY; do
		for c in tequiod${BASE:+ base}; do
			# The database as this build makes it, then the history.
			t=$HARNESS_DIR/tmpl.$c.$h
			write_conf "$t" limits.max_replies_per_day=100000
			empty_folders
			"$(bin_of "$c")" -c "$CONF" --once 2>"$t/log" ||
			    say "$c: cannot make the database"
			fill_history "$t/tequio.db" "$h"
		done
	done
	# The first run on a machine pays for its cold caches: one unmeasured
	# run, then the sizes in a rotating order in every round, so none of
	# them is always first (measured first, 1k looked slower than 50k).
	history_run "$(echo $HISTORY | cut -d' ' -f1)" tequiod warm /dev/null
	r=1
	while [ "$r" -le "$HROUNDS" ]; do
		for h in $(rotate "$HISTORY" "$r"); do
			for c in $(rotate "tequiod${BASE:+ base}" "$r"); do
				history_run "$h" "$c" "$r" \
				    "$RES/history.$h.$c"
			done
		done
		r=$((r + 1))
	done
	)
}

# history_run H CLIENT ROUND OUT: N messages on a copy of the database
# with history H, the measure appended to OUT.
history_run() {
	d=$HARNESS_DIR/$2.h$1.$3
	rm -rf "$d"
	cp -r "$HARNESS_DIR/tmpl.$2.$1" "$d"
	sed -i "s|$HARNESS_DIR/tmpl.$2.$1|$d|g" "$d/tequio.conf"
	refill "$HARNESS_DIR/mail"
	$MEASURE "$(bin_of "$2")" -c "$d/tequio.conf" --once 2>"$d/log" \
	    3>>"$4"
	rm -rf "$d"
}

# Part 3, on tmpfs.
memory() {
	(
	TMPDIR=$TMPFS
	harness_init
	start_dovecot "$HARNESS_DIR/imap"
	start_sink "$HARNESS_DIR/sink"
	make_mails "$HARNESS_DIR/mail" 1 "$NRSS"
	seq 1 "$NRSS" >"$HARNESS_DIR/mail.count"
	for c in tequiod${BASE:+ base}; do
		refill "$HARNESS_DIR/mail"
		run_client "$c" "$RES/rss.$c" rss
	done
	)
}

# wait_sink N: until the sink holds more than N files (at most 15 s).
wait_sink() {
	w=0
	until [ "$(sink_count)" -gt "$1" ] || [ $w -ge 3000 ]; do
		w=$((w + 1)); sleep 0.005
	done
}

# Part 4, on disk.
latency() {
	(
	TMPDIR=$DISK
	harness_init
	start_dovecot "$HARNESS_DIR/imap"
	start_sink "$HARNESS_DIR/sink"
	write_conf "$HARNESS_DIR/lat" limits.max_replies_per_day=100000
	M=$HARNESS_DIR/mail
	mkdir -p "$M"
	"$TEQUIOD" -c "$CONF" --once 2>/dev/null
	setsid "$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/daemon.log" &
	dpid=$!
	HARNESS_PGIDS="$HARNESS_PGIDS $dpid"
	i=0
	until grep -q "connected to" "$HARNESS_DIR/daemon.log" ||
	    [ $i -ge 400 ]; do
		i=$((i + 1)); sleep 0.025
	done
	k=1
	while [ $k -le "$NLAT" ]; do
		mk_mail "$M/idle$k.eml" "idle$k@alumnos.utv.edu.mx" "AYUDA" "" \
		    "idle-$k@test.example"
		n0=$(sink_count)
		t0=$(now_ms)
		deliver_mail "$M/idle$k.eml"
		wait_sink "$n0"
		echo $(($(now_ms) - t0)) >>"$RES/latency.idle"
		k=$((k + 1))
	done
	kill -TERM "$dpid"
	wait "$dpid" 2>/dev/null
	k=1
	while [ $k -le "$NLAT" ]; do
		mk_mail "$M/pipe$k.eml" "pipe$k@alumnos.utv.edu.mx" "AYUDA" "" \
		    "pipe-$k@test.example"
		n0=$(sink_count)
		t0=$(now_ms)
		"$TEQUIOD" -c "$CONF" --pipe <"$M/pipe$k.eml" \
		    2>>"$HARNESS_DIR/pipe.log" || say "--pipe failed"
		wait_sink "$n0"
		echo $(($(now_ms) - t0)) >>"$RES/latency.pipe"
		k=$((k + 1))
	done
	)
}

# summary FILE: "median M ms, best B ms" of the first column (and the
# peak of the second as RSS).
summary() {
	[ -s "$1" ] || { echo "-"; return; }
	sort -n "$1" | awk '{ v[NR] = $1; if ($2 > kb) kb = $2 }
	    END { printf "median %5d ms, best %5d ms", v[int((NR + 1) / 2)],
	    v[1]; if (kb > 0) printf ", peak RSS %.1f MB", kb / 1024 }'
}

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

ratio() {
	awk -v a="$(median "$1")" -v b="$(median "$2")" \
	    'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

# part NAME: 0 when BENCH_PARTS (default all) names it.
part() {
	case " ${BENCH_PARTS:-disk tmpfs history memory latency} " in
	*" $1 "*) say "$1"; return 0 ;;
	esac
	return 1
}

echo "bench: load before: $(uptime)"
part disk && versus disk "$DISK"
part tmpfs && versus tmpfs "$TMPFS"
part history && history
part memory && memory
part latency && latency
echo "bench: load after: $(uptime)"
echo
# Only the parts that ran are summed up (BENCH_PARTS).
if part disk || part tmpfs; then
	echo "== $N messages (3.9 KB each), $ROUNDS rounds: wall time, mbsync to a Maildir, tequiod --once from fetch to every reply in the sink"
	for fs in disk tmpfs; do
		part "$fs" || continue
		for c in $CLIENTS; do
			printf '%-6s %-8s %s\n' "$fs" "$c" "$(summary "$RES/$fs.$c")"
		done
		printf '%-6s tequiod/mbsync (medians): %s' "$fs" \
		    "$(ratio "$RES/$fs.tequiod" "$RES/$fs.mbsync")"
		[ -n "$BASE" ] && printf ', base/mbsync: %s' \
		    "$(ratio "$RES/$fs.base" "$RES/$fs.mbsync")"
		echo
	done
	echo
fi
if part history; then
	echo "== $N messages on top of a history of earlier messages (${BENCH_HISTORY_DIR:-$TMPFS}), $HROUNDS rounds"
	for h in $HISTORY; do
		for c in tequiod${BASE:+ base}; do
			printf 'history %6d %-8s %s\n' "$h" "$c" \
			    "$(summary "$RES/history.$h.$c")"
		done
	done
	first=$(echo "$HISTORY" | awk '{ print $1 }')
	last=$(echo "$HISTORY" | awk '{ print $NF }')
	for c in tequiod${BASE:+ base}; do
		printf 'history %s: %s/%s medians = %s\n' "$c" "$last" "$first" \
		    "$(ratio "$RES/history.$last.$c" "$RES/history.$first.$c")"
	done
	echo
fi
if part memory; then
	echo "== peak RSS over $NRSS messages (tmpfs)"
	for c in tequiod${BASE:+ base}; do
		printf '%-8s %s\n' "$c" "$(summary "$RES/rss.$c")"
	done
	echo
fi
if part latency; then
	echo "== latency from delivery to reply at the sink, $NLAT messages (disk)"
	for l in idle pipe; do
		[ -s "$RES/latency.$l" ] || continue
		printf '%-6s median %d ms, worst %d ms\n' \
		    "$([ $l = idle ] && echo IDLE || echo --pipe)" \
		    "$(median "$RES/latency.$l")" \
		    "$(sort -n "$RES/latency.$l" | tail -1)"
	done
fi
rm -rf "$RES"
