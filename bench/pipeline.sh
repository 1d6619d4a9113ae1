#!/bin/sh
# SPDX-License-Identifier: ISC
# Benchmark of the whole pipeline (never part of make check).
#
# 1. BENCH_N (2000) small (~4 KB) messages in a loopback Dovecot: mbsync
#    (isync, FSync yes, its default) pulls them into a Maildir; then, from
#    the same mailbox, "tequiod --once" fetches, parses, records, answers
#    and moves them, and delivers every reply to smtp-sink.  Both are timed
#    in the same run, on the same machine, wall clock.
# 2. Latency with IDLE: a running tequiod, one message delivered at a time;
#    the time from delivery until the reply file appears in the sink, over
#    BENCH_IDLE (20) messages; median and worst printed.
#
# Prints the figures; compares nothing against thresholds.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib/servers.sh
TEQUIOD=$(pwd)/${BUILD:-build}/tequiod
TEQUIOCTL=$(pwd)/${BUILD:-build}/tequioctl
. tests/lib/tequio.sh
N=${BENCH_N:-2000}
NIDLE=${BENCH_IDLE:-20}

now_ms() { date +%s%3N; }

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
write_conf "$HARNESS_DIR/t" limits.max_replies_per_day=100000
M=$HARNESS_DIR/mail
mkdir -p "$M"
filler=$(head -c 3400 /dev/zero | tr '\0' 'x' | fold -w 70)
i=1
while [ $i -le "$N" ]; do
	mk_mail "$M/$i.eml" "alumno$i@alumnos.utv.edu.mx" "AYUDA" \
	    "Hola, necesito ayuda con mi servicio social.
$filler" "bench-$i@test.example"
	i=$((i + 1))
done
deliver_fast "$M"/*.eml
# Let Dovecot index the new mail before either client is timed.
folder_count INBOX >/dev/null
echo "bench: $N messages of $(wc -c <"$M/1.eml") bytes in INBOX"

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
mkdir -p "$HARNESS_DIR/maildir"
t0=$(now_ms)
mbsync -q -c "$HARNESS_DIR/mbsyncrc" bench || echo "bench: mbsync failed"
t1=$(now_ms)
got=$(find "$HARNESS_DIR/maildir/INBOX/cur" "$HARNESS_DIR/maildir/INBOX/new" -type f | wc -l)
mb=$((t1 - t0))
echo "bench: mbsync (FSync yes): $got messages in $mb ms"

t0=$(now_ms)
"$TEQUIOD" -c "$CONF" --once 2>"$HARNESS_DIR/once.log" ||
    echo "bench: tequiod failed"
t1=$(now_ms)
tq=$((t1 - t0))
echo "bench: tequiod --once: $(sink_count) replies in sink," \
    "$(folder_count Procesados) moved, in $tq ms"
awk -v a="$tq" -v b="$mb" -v n="$N" 'BEGIN {
    printf "bench: tequiod/mbsync = %.2f; tequiod %.0f msg/s\n", a / b,
        n * 1000 / a }'

# IDLE latency.
n0=$(sink_count)
setsid "$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/daemon.log" &
dpid=$!
HARNESS_PGIDS="$HARNESS_PGIDS $dpid"
i=0
until grep -q "connected to" "$HARNESS_DIR/daemon.log" || [ $i -ge 400 ]; do
	i=$((i + 1)); sleep 0.025
done
lat=""
k=1
while [ $k -le "$NIDLE" ]; do
	mk_mail "$M/idle$k.eml" "idle$k@alumnos.utv.edu.mx" "AYUDA" "" \
	    "idle-$k@test.example"
	t0=$(now_ms)
	deliver_mail "$M/idle$k.eml"
	w=0
	until [ "$(sink_count)" -gt "$n0" ] || [ $w -ge 3000 ]; do
		w=$((w + 1)); sleep 0.005
	done
	t1=$(now_ms)
	lat="$lat $((t1 - t0))"
	n0=$(sink_count)
	k=$((k + 1))
done
kill -TERM "$dpid"
wait "$dpid" 2>/dev/null
echo "$lat" | tr ' ' '\n' | grep . | sort -n | awk '
    { v[NR] = $1 } END { printf "bench: IDLE delivery-to-reply latency over" \
    " %d messages: median %d ms, worst %d ms\n", NR, v[int((NR + 1) / 2)], v[NR] }'
