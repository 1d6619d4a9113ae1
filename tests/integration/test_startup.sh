#!/bin/sh
# SPDX-License-Identifier: ISC
# Start-up as an administrator meets it: each configuration mistake of
# issue 13 stops tequiod with exit 78 and a sentence naming what to change
# (TLS mode against the port, STARTTLS not offered, an unknown SMTP URL
# scheme, a list cut by ' ;', the sample officials), errors reach the
# journal as priority 3, tequioctl check-config shows the effective
# configuration, and under systemd's notify protocol the daemon reports
# READY, STATUS with counts, WATCHDOG and STOPPING.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

harness_init
start_dovecot "$HARNESS_DIR/imap" tls
start_sink "$HARNESS_DIR/sink"
T=$HARNESS_DIR/t
write_conf "$T"
BASE=$CONF

# variant NAME SED-SCRIPT: a copy of the base configuration, edited.
variant() {
	mkdir -p "$T/$1"
	sed "$2" "$BASE" >"$T/$1/tequio.conf"
	echo "$T/$1/tequio.conf"
}

# start NAME CONF: tequiod --once; sets RC, ERR (stderr) and SECS.
start() {
	st_t0=$(date +%s)
	"$TEQUIOD" -c "$2" --once >"$T/$1.out" 2>"$T/$1.err"
	RC=$?
	SECS=$(( $(date +%s) - st_t0 ))
	ERR=$(cat "$T/$1.err")
	echo "     ($1: exit $RC after ${SECS} s)"
}

has() {	# has TEXT: ERR contains TEXT
	case $ERR in
	*"$1"*) return 0 ;;
	esac
	echo "     \"$1\" not in: $ERR" >&2
	return 1
}

check "tequiod --help exits 0" sh -c "'$TEQUIOD' --help >/dev/null"
check "tequioctl --help exits 0" sh -c "'$TEQUIOCTL' --help >/dev/null"

# ---- TLS mode against the port, found by talking to the server ----
C=$(variant plain-on-tls "s/^imap_port = .*/imap_port = $DOVECOT_IMAPS_PORT/")
start plain-on-tls "$C"
check "tls = none on an implicit-TLS port: exit 78" eq "$RC" 78
check "... says to set tls = tls" has "port $DOVECOT_IMAPS_PORT speaks TLS from the first byte, but tls = none: set tls = tls"

C=$(variant starttls-without "s/^imap_port = .*/imap_port = $DOVECOT_PORT/; /^imap_password/a tls = starttls")
# The test Dovecot offers STARTTLS; one without TLS does not.
SAVED="$DOVECOT_DIR $DOVECOT_CONF $DOVECOT_PORT"
start_dovecot "$HARNESS_DIR/imap-plain"
sed -i "s/^imap_port = .*/imap_port = $DOVECOT_PORT/" "$C"
start starttls-without "$C"
PLAIN_PORT=$DOVECOT_PORT
set -- $SAVED
DOVECOT_DIR=$1 DOVECOT_CONF=$2 DOVECOT_PORT=$3
check "STARTTLS not offered: exit 78 (not a temporary failure)" eq "$RC" 78
check "... says so and what to use instead" has "tls = starttls, but the server does not offer STARTTLS on port $PLAIN_PORT: use its implicit-TLS port"

# ---- mistakes in the file itself ----
C=$(variant smpt "s|^url = smtp://|url = smpt://|")
start smpt "$C"
check "smpt:// refused at start: exit 78" eq "$RC" 78
check "... naming the key's line" has "tequio.conf:$(grep -n '^url' "$C" | cut -d: -f1): url debe empezar con smtp://"

C=$(variant semicolon "s/^coordinators = .*/coordinators = coordinacion@utv.edu.mx ; jefa@utv.edu.mx/")
start semicolon "$C"
check "'a@x ; b@x' in a list: exit 78" eq "$RC" 78
check "... names the dropped address" has "coordinators: «jefa@utv.edu.mx» viene después de un carácter de comentario"

C=$(variant indented "s/^poll_seconds = .*/    poll_seconds = 1m/")
start indented "$C"
check "an indented bad value names its own key" has "poll_seconds debe ser un número entero"

C=$(variant sample "/^sample_ok = yes/d")
start sample "$C"
check "the sample officials: exit 78" eq "$RC" 78
check "... says what to edit and about sample_ok" has "siguen siendo los de ejemplo"
check "... and about sample_ok" has "sample_ok = yes para una demostración"

# ---- the journal's priorities ----
touch "$T/journal.err"
JS=$(stat -c '%d:%i' "$T/journal.err")
JOURNAL_STREAM=$JS "$TEQUIOD" -c "$C" --once 2>>"$T/journal.err"
check "with stderr as the journal, an error line starts with <3>" \
    grep -q '^<3>tequiod: error: .*sample' "$T/journal.err"
check "without JOURNAL_STREAM no prefix is written" \
    sh -c "! grep -q '^<' '$T/sample.err'"

# ---- check-config ----
"$TEQUIOCTL" -c "$BASE" check-config >"$T/cc.out" 2>&1
RC=$?
ERR=$(cat "$T/cc.out")
check "check-config: exit 0 on a usable configuration" eq "$RC" 0
check "... shows each value with its line" has "imap_port                = $DOVECOT_PORT"
check "... and the defaults as such" has "keep_sent_days           = 30                                       ; por omisión"
check "... and the warnings" has "aviso: [institution] sample_ok = yes"
C=$(variant cc-sample "/^sample_ok = yes/d")
"$TEQUIOCTL" -c "$C" check-config >"$T/cc2.out" 2>&1
RC=$?
ERR=$(cat "$T/cc2.out")
check "check-config: exit 1 with the sample officials" eq "$RC" 1
check "... saying why" has "error: los datos de la institución siguen siendo los de ejemplo"
"$TEQUIOCTL" -c "$T/smpt/tequio.conf" check-config >"$T/cc3.out" 2>&1
RC=$?
check "check-config: exit 1 on an error in the file" eq "$RC" 1

# ---- sd_notify: READY, STATUS, WATCHDOG, STOPPING ----
NOTES=$T/notify.log
NPGID=$(spawn "$T/listener.pid" "$T/listener.out" /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
open(sys.argv[2] + ".bound", "w").close()
while True:
    d = s.recv(4096).decode()
    with open(sys.argv[2], "a") as f:
        f.write(d.replace("\n", " | ") + "\n")
' "$T/notify.sock" "$NOTES")
harness_track "$NPGID"
i=0
while [ ! -e "$NOTES.bound" ] && [ $i -lt 400 ]; do sleep 0.025; i=$((i + 1)); done
mk_mail "$T/m1.eml" "Ana <ana@alumnos.utv.edu.mx>" "AYUDA"
deliver_mail "$T/m1.eml"
DPGID=$(NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=2000000 \
    spawn "$T/tequiod.pid" "$T/tequiod.log" "$TEQUIOD" -c "$BASE")
harness_track "$DPGID"
# Bounded wait: READY, then at least three watchdog pings.
i=0
while [ $i -lt 1200 ]; do
	n=$(grep -c '^WATCHDOG=1' "$NOTES" 2>/dev/null)
	[ "${n:-0}" -ge 3 ] && grep -q '^READY=1' "$NOTES" && break
	sleep 0.025
	i=$((i + 1))
done
check "READY=1 once the mailbox was reached" \
    grep -q '^READY=1 | STATUS=mailbox connected; 1 processed, 0 in quarantine; outbox [01] queued, 0 failed' "$NOTES"
check "WATCHDOG=1 keeps coming while IDLE waits (IDLE bounded by it)" \
    test "$(grep -c '^WATCHDOG=1' "$NOTES")" -ge 3
stop_group "$DPGID"
check "STOPPING=1 on SIGTERM" grep -q '^STOPPING=1' "$NOTES"
check "the daemon logged its stop" grep -q 'stopping on signal' "$T/tequiod.log"
finish
