#!/bin/sh
# SPDX-License-Identifier: ISC
# One "tequiod --once" over BENCH_N (2000) fresh bench messages on tmpfs,
# started under a wrapper, for the figures that do not move with the
# load of a shared machine (never part of make check or make bench):
#
#   sh bench/profile.sh valgrind --tool=callgrind --callgrind-out-file=F
#	then: callgrind_annotate --inclusive=yes F | grep fetcher_sync
#	(the mailbox side; courier.c:run is the delivery thread)
#   sh bench/profile.sh strace -c -f -o F	(system calls, both threads)
#   sh bench/profile.sh perf record -e cpu-clock -g -o F
#
# Without a wrapper: the wall time.  BENCH_MAILS: a folder whose .eml
# files (all of them, in name order) are the mailbox instead of the
# bench mail (bench/same_output.sh over ../shared/corpus).
# BENCH_TMPFS (/dev/shm) as in
# pipeline.sh; BENCH_BIN another tequiod to profile (a build of main);
# BENCH_IMAP_DELAY_MS puts the IMAP server that far away each way
# (bench/delay_proxy.py), as a server on another host would be.
# Prints the run's wall time, moved messages and replies at the sink.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
. tests/lib/servers.sh
TEQUIOD=${BENCH_BIN:-$ROOT/${BUILD:-build}/tequiod}
. tests/lib/tequio.sh
. bench/mails.sh
N=${BENCH_N:-2000}
TMPDIR=${BENCH_TMPFS:-/dev/shm}
harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
if [ -n "${BENCH_IMAP_DELAY_MS:-}" ]; then
	HARNESS_PGIDS="$HARNESS_PGIDS $(spawn "$HARNESS_DIR/delay.pid" \
	    "$HARNESS_DIR/delay.log" /usr/bin/python3 bench/delay_proxy.py \
	    "$HARNESS_DIR/delay.port" "$DOVECOT_PORT" "$BENCH_IMAP_DELAY_MS")"
	wait_until 400 '[ -s "$HARNESS_DIR/delay.port" ]' ||
	    harness_die "bench/delay_proxy.py did not start"
	DOVECOT_PORT=$(cat "$HARNESS_DIR/delay.port")
fi
if [ -n "${BENCH_MAILS:-}" ]; then
	# Real mail instead: every .eml under BENCH_MAILS, in name order.
	mkdir -p "$HARNESS_DIR/mail"
	i=100000
	find "$BENCH_MAILS" -name '*.eml' | sort | while read -r f; do
		i=$((i + 1))
		cp "$f" "$HARNESS_DIR/mail/$i.eml"
	done
else
	make_mails "$HARNESS_DIR/mail" 1 "$N"
fi
write_conf "$HARNESS_DIR/run" limits.max_replies_per_day=100000
deliver_fast "$HARNESS_DIR"/mail/*.eml
folder_count INBOX >/dev/null
sync
t0=$(date +%s%3N)
"$@" "$TEQUIOD" -c "$CONF" --once 2>"$HARNESS_DIR/run/log"
rc=$?
t1=$(date +%s%3N)
echo "profile: rc $rc, $((t1 - t0)) ms, $(folder_count Procesados) moved," \
    "$(sink_count) replies, load $(cut -d' ' -f1 /proc/loadavg)"
