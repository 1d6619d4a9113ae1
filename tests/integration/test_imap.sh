#!/bin/sh
# SPDX-License-Identifier: ISC
# test_imap.sh - mailbox/imap.c against a real Dovecot, through
# tests/tools/imap_probe: listing by UID and size, fetching byte for byte
# without setting \Seen, moving (with MOVE, with COPY + UID EXPUNGE, with
# COPY + EXPUNGE), creating folders with non-ASCII names, IDLE and polling,
# STARTTLS and implicit TLS with certificate and host name verification,
# and how failures are reported (exit 2 fatal, 3 retry).
#
# Run from anywhere: sh tests/integration/test_imap.sh (after make tools).
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PROBE=${IMAP_PROBE:-$ROOT/${BUILD:-build}/san/tools/imap_probe}
. "$ROOT/tests/lib/servers.sh"

passed=0
failed=0

ok() {
	passed=$((passed + 1))
	echo "ok - $1"
}

not_ok() {
	failed=$((failed + 1))
	echo "not ok - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'
	return 0
}

# expect NAME WANTED GOT
expect() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "wanted: $2
got:    $3"
	fi
}

# A tequio.conf for the probe.  conf FILE HOST PORT TLS [EXTRA [mailbox] LINES]
conf() {
	cat >"$1" <<EOF
[institution]
name = Universidad Tecnológica del Valle

[mailbox]
address = servicio.social@utv.edu.mx
imap_host = $2
imap_port = $3
imap_user = servicio.social
imap_password = secreto
tls = $4
${5:-}

[storage]
database = tequio.db
spool = spool

[security]
secret_file = secret.key
EOF
}

# probe CONF ARGS...: run the probe; stdout in $out, stderr in $errout,
# exit status in $rc.
probe() {
	probe_conf=$1
	shift
	out=$("$PROBE" -c "$probe_conf" "$@" 2>"$T/stderr")
	rc=$?
	errout=$(cat "$T/stderr")
}

# A message of about SIZE bytes with CRLF line ends, so that RFC822.SIZE
# equals the file size.  make_msg FILE SUBJECT BODYLINES
make_msg() {
	mm_id=$(basename "$1")
	{
		printf 'From: Ana López <ana.lopez@alumnos.utv.edu.mx>\r\n'
		printf 'To: servicio.social@utv.edu.mx\r\n'
		printf 'Subject: %s\r\n' "$2"
		printf 'Message-ID: <%s@test.utv.edu.mx>\r\n' "$mm_id"
		printf 'MIME-Version: 1.0\r\n'
		printf 'Content-Type: text/plain; charset=utf-8\r\n'
		printf '\r\n'
		i=0
		while [ "$i" -lt "$3" ]; do
			printf 'Línea %d, con acentos: áéíóú ñ.\r\n' "$i"
			i=$((i + 1))
		done
	} >"$1"
}

size_of() {
	wc -c <"$1" | tr -d ' '
}

# wait_for_line FILE TEXT: until FILE has a line TEXT (bounded: 20 s).
wait_for_line() {
	wfl_i=0
	while ! grep -qx "$2" "$1" 2>/dev/null; do
		wfl_i=$((wfl_i + 1))
		[ "$wfl_i" -le 800 ] || return 1
		sleep 0.025
	done
}

if [ ! -x "$PROBE" ]; then
	echo "test_imap: $PROBE is missing: run make tools" >&2
	exit 1
fi
harness_init
T=$HARNESS_DIR

# ---------------------------------------------------------------- plain

start_dovecot "$T/plain"
C=$T/plain.conf
conf "$C" 127.0.0.1 "$DOVECOT_PORT" none

probe "$C" info
expect "info: IDLE and MOVE seen" "idle 1
move 1" "$(echo "$out" | sed 1d)"
case $(echo "$out" | sed -n 's/^uidvalidity //p') in
'' | 0) not_ok "info: UIDVALIDITY" "$out" ;;
*) ok "info: UIDVALIDITY" ;;
esac

probe "$C" list
expect "list on an empty inbox" "0:" "$rc:$out"

make_msg "$T/m1.eml" "AYUDA" 3
make_msg "$T/m2.eml" "ESTADO de mi trámite" 40
make_msg "$T/m3.eml" "Un mensaje grande" 20000
for i in 1 2 3; do
	deliver_mail "$T/plain" "$T/m$i.eml"
done

probe "$C" list
expect "list: every UID with its RFC822.SIZE" "1 $(size_of "$T/m1.eml")
2 $(size_of "$T/m2.eml")
3 $(size_of "$T/m3.eml")" "$out"

probe "$C" list 1
expect "list after UID 1" "2 $(size_of "$T/m2.eml")
3 $(size_of "$T/m3.eml")" "$out"

# "UID FETCH 4:*" returns the last message although its UID is 3.
probe "$C" list 3
expect "list after the last UID is empty" "0:" "$rc:$out"
probe "$C" list 99
expect "list after a UID beyond the last is empty" "0:" "$rc:$out"

"$PROBE" -c "$C" fetch 2 >"$T/f2.eml" 2>"$T/stderr"
if cmp -s "$T/f2.eml" "$T/m2.eml"; then
	ok "fetch: the bytes delivered"
else
	not_ok "fetch: the bytes delivered" "$(cat "$T/stderr")"
fi

mkdir "$T/out"
probe "$C" -o "$T/out" fetch 3 1 2 1 77
expect "fetch of a set: each message once, unknown UIDs skipped" \
    "fetched 1 $(size_of "$T/m1.eml")
fetched 2 $(size_of "$T/m2.eml")
fetched 3 $(size_of "$T/m3.eml")" "$out"
same=yes
for i in 1 2 3; do
	cmp -s "$T/out/$i.eml" "$T/m$i.eml" || same=no
done
expect "fetch of a set: identical bytes, large message included" yes "$same"

seen=$(doveadm -c "$DOVECOT_CONF" -f flow fetch -u servicio.social flags \
    mailbox INBOX | grep -c Seen)
expect "fetch uses BODY.PEEK: nothing became \\Seen" 0 "$seen"

"$PROBE" -c "$C" header 1 >"$T/h1" 2>"$T/stderr"
sed '/^\r$/q' "$T/m1.eml" >"$T/h1.want"
if cmp -s "$T/h1" "$T/h1.want"; then
	ok "header: the header section up to the blank line"
else
	not_ok "header: the header section up to the blank line" \
	    "$(od -c "$T/h1" | head -5)"
fi

probe "$C" move 1 Procesados
expect "move to Procesados" "0:moved" "$rc:$out"
probe "$C" move 2 Cuarentena
expect "move to Cuarentena" "0:moved" "$rc:$out"
expect "folders after moving (INBOX Procesados Cuarentena)" "1 1 1" \
    "$(folder_count INBOX) $(folder_count Procesados) \
$(folder_count Cuarentena)"
probe "$C" count Procesados
expect "count through IMAP STATUS" "0:1" "$rc:$out"
probe "$C" list
expect "list after moving" "3 $(size_of "$T/m3.eml")" "$out"
probe "$C" move 1 Procesados
expect "moving a UID that is gone is not an error" "0:moved" "$rc:$out"

# Folders tequio must create itself, with names that need modified UTF-7.
conf "$T/utf7.conf" 127.0.0.1 "$DOVECOT_PORT" none \
    "processed = Respondidos & atendidos ✓ 📬
quarantine = Revisión manual"
probe "$T/utf7.conf" move 3 "Revisión manual"
expect "folders created, move to a non-ASCII folder" "0:moved" "$rc:$out"
expect "the folder has its UTF-8 name on the server" 1 \
    "$(folder_count "Revisión manual")"
probe "$T/utf7.conf" count "Respondidos & atendidos ✓ 📬"
expect "the processed folder was created (&, BMP, beyond BMP)" "0:0 0" \
    "$rc:$out $(folder_count "Respondidos & atendidos ✓ 📬")"
probe "$T/utf7.conf" count "No existe"
expect "STATUS of a missing folder: retry" 3 "$rc"

# IDLE: the probe says "waiting", then a message arrives.
make_msg "$T/m4.eml" "Llega durante IDLE" 2
"$PROBE" -c "$C" wait 60 >"$T/wait.out" 2>"$T/wait.err" &
wpid=$!
if wait_for_line "$T/wait.out" waiting; then
	deliver_mail "$T/plain" "$T/m4.eml"
fi
wait "$wpid"
expect "IDLE wakes up when mail arrives" "0:waiting
woke 1" "$?:$(cat "$T/wait.out")"

# A caught signal (SIGHUP) during IDLE does not cost the session.
make_msg "$T/m6.eml" "Llega tras un SIGHUP" 2
"$PROBE" -c "$C" wait 60 >"$T/hup.out" 2>"$T/hup.err" &
wpid=$!
if wait_for_line "$T/hup.out" waiting; then
	kill -HUP "$wpid"
	deliver_mail "$T/plain" "$T/m6.eml"
fi
wait "$wpid"
expect "IDLE goes on after a caught SIGHUP" "0:waiting
woke 1" "$?:$(cat "$T/hup.out")"

probe "$C" wait 1
expect "IDLE with nothing new times out" "0:waiting
woke 0" "$rc:$out"

# SIGTERM during IDLE: the probe sets the stop flag and imap_wait returns
# (at once; the KILL after 20 s only keeps a broken build from hanging).
timeout -s KILL 20 "$PROBE" -c "$C" wait 600 >"$T/stop.out" 2>&1 &
wpid=$!
wait_for_line "$T/stop.out" waiting && kill -TERM "$wpid"
wait "$wpid"
expect "IDLE returns when asked to stop" "0:waiting
woke 0" "$?:$(cat "$T/stop.out")"

# Polling when idle = no: NOOP after the sleep reports the new message.
conf "$T/poll.conf" 127.0.0.1 "$DOVECOT_PORT" none "idle = no"
probe "$T/poll.conf" info
expect "idle = no turns IDLE off" "idle 0" "$(echo "$out" | sed -n 2p)"
make_msg "$T/m5.eml" "Llega durante la espera" 2
"$PROBE" -c "$T/poll.conf" wait 3 >"$T/poll.out" 2>"$T/poll.err" &
wpid=$!
if wait_for_line "$T/poll.out" waiting; then
	deliver_mail "$T/plain" "$T/m5.eml"
fi
wait "$wpid"
expect "polling: NOOP sees the new message" "0:waiting
woke 1" "$?:$(cat "$T/poll.out")"

# Failures.
conf "$T/badpass.conf" 127.0.0.1 "$DOVECOT_PORT" none
sed -i 's/^imap_password = .*/imap_password = equivocada/' "$T/badpass.conf"
probe "$T/badpass.conf" list
case "$rc:$errout" in
2:*LOGIN*) ok "wrong password: fatal, says LOGIN" ;;
*) not_ok "wrong password: fatal, says LOGIN" "$rc: $errout" ;;
esac

dead_port=$(free_port)
conf "$T/down.conf" 127.0.0.1 "$dead_port" none
probe "$T/down.conf" list
expect "server down: retry" 3 "$rc"

# ---------------------------------------------- servers without MOVE, IDLE

DOVECOT_EXTRA="imap_capability = IMAP4rev1 IDLE UIDPLUS" \
    start_dovecot "$T/nomove"
conf "$T/nomove.conf" 127.0.0.1 "$DOVECOT_PORT" none
for i in 1 2; do
	deliver_mail "$T/nomove" "$T/m$i.eml"
done
probe "$T/nomove.conf" info
expect "without MOVE: imap_has_move is 0" "move 0" \
    "$(echo "$out" | sed -n 3p)"
probe "$T/nomove.conf" move 1 Procesados
expect "without MOVE: COPY + UID EXPUNGE" "0:moved 1 1" \
    "$rc:$out $(folder_count INBOX) $(folder_count Procesados)"

DOVECOT_EXTRA="imap_capability = IMAP4rev1" start_dovecot "$T/bare"
conf "$T/bare.conf" 127.0.0.1 "$DOVECOT_PORT" none
for i in 1 2; do
	deliver_mail "$T/bare" "$T/m$i.eml"
done
probe "$T/bare.conf" info
expect "bare IMAP4rev1: no IDLE, no MOVE" "idle 0
move 0" "$(echo "$out" | sed 1d)"
probe "$T/bare.conf" move 2 Cuarentena
expect "without UIDPLUS: COPY + EXPUNGE" "0:moved 1 1" \
    "$rc:$out $(folder_count INBOX) $(folder_count Cuarentena)"
probe "$T/bare.conf" list
expect "without UIDPLUS: the other message stays" \
    "1 $(size_of "$T/m1.eml")" "$out"

# ---------------------------------------------------------------- TLS

start_dovecot "$T/tls" tls
CA=$DOVECOT_CA
deliver_mail "$T/tls" "$T/m1.eml"
want="1 $(size_of "$T/m1.eml")"

conf "$T/s1.conf" localhost "$DOVECOT_PORT" starttls "tls_ca_file = $CA"
probe "$T/s1.conf" list
expect "STARTTLS, test CA, name localhost" "0:$want" "$rc:$out"

conf "$T/s2.conf" 127.0.0.1 "$DOVECOT_PORT" starttls "tls_ca_file = $CA"
probe "$T/s2.conf" list
expect "STARTTLS, test CA, IP address 127.0.0.1" "0:$want" "$rc:$out"

conf "$T/t1.conf" localhost "$DOVECOT_IMAPS_PORT" tls "tls_ca_file = $CA"
probe "$T/t1.conf" list
expect "implicit TLS, test CA" "0:$want" "$rc:$out"

conf "$T/t2.conf" localhost "$DOVECOT_IMAPS_PORT" tls
probe "$T/t2.conf" list
case "$rc:$errout" in
2:*"not trusted"*) ok "implicit TLS without the CA: certificate refused" ;;
*) not_ok "implicit TLS without the CA: certificate refused" \
    "$rc: $errout" ;;
esac

conf "$T/s3.conf" localhost "$DOVECOT_PORT" starttls
probe "$T/s3.conf" list
case "$rc:$errout" in
2:*"not trusted"*) ok "STARTTLS without the CA: certificate refused" ;;
*) not_ok "STARTTLS without the CA: certificate refused" "$rc: $errout" ;;
esac

conf "$T/t3.conf" localhost "$DOVECOT_IMAPS_PORT" tls "tls_verify = no"
probe "$T/t3.conf" list
expect "tls_verify = no accepts the unknown CA" "0:$want" "$rc:$out"

conf "$T/t4.conf" localhost "$DOVECOT_PORT" tls "tls_ca_file = $CA"
probe "$T/t4.conf" list
expect "tls = tls on the plain port: fatal" 2 "$rc"

conf "$T/t5.conf" localhost "$DOVECOT_IMAPS_PORT" tls \
    "tls_ca_file = $T/m1.eml"
probe "$T/t5.conf" list
case "$rc:$errout" in
2:*tls_ca_file*) ok "a tls_ca_file with no certificate: fatal" ;;
*) not_ok "a tls_ca_file with no certificate: fatal" "$rc: $errout" ;;
esac

# A certificate for another name, from the same CA.
DOVECOT_TLS_NAMES="DNS:mail.example.org" start_dovecot "$T/other" tls
conf "$T/n1.conf" 127.0.0.1 "$DOVECOT_IMAPS_PORT" tls \
    "tls_ca_file = $DOVECOT_CA"
probe "$T/n1.conf" list
case "$rc:$errout" in
2:*"not valid for the name 127.0.0.1"*)
	ok "certificate for another host, IP address: refused" ;;
*) not_ok "certificate for another host, IP address: refused" \
    "$rc: $errout" ;;
esac
conf "$T/n2.conf" localhost "$DOVECOT_PORT" starttls \
    "tls_ca_file = $DOVECOT_CA"
probe "$T/n2.conf" list
case "$rc:$errout" in
2:*"not valid for the name localhost"*)
	ok "certificate for another host, name: refused" ;;
*) not_ok "certificate for another host, name: refused" "$rc: $errout" ;;
esac

# An expired certificate, and one not meant for servers.
DOVECOT_TLS_DAYS=-1 start_dovecot "$T/expired" tls
conf "$T/e1.conf" localhost "$DOVECOT_IMAPS_PORT" tls \
    "tls_ca_file = $DOVECOT_CA"
probe "$T/e1.conf" list
case "$rc:$errout" in
2:*expired*) ok "expired certificate: refused" ;;
*) not_ok "expired certificate: refused" "$rc: $errout" ;;
esac
DOVECOT_TLS_EKU=clientAuth start_dovecot "$T/client" tls
conf "$T/e2.conf" localhost "$DOVECOT_IMAPS_PORT" tls \
    "tls_ca_file = $DOVECOT_CA"
probe "$T/e2.conf" list
case "$rc:$errout" in
2:*"not trusted"*) ok "certificate for clients only: refused" ;;
*) not_ok "certificate for clients only: refused" "$rc: $errout" ;;
esac

# ------------------------------------------------------- a large inbox

# The listing asks for sizes LIST_CHUNK (1000) UIDs at a time, so that
# libetpan never holds one FETCH response for the whole inbox (issue 15:
# 2.5 MB of heap at 10,000 messages): across the chunks' edges every UID
# comes once, in order, with its size, and a gap (messages moved away)
# is skipped.
start_dovecot "$T/many"
conf "$T/many.conf" 127.0.0.1 "$DOVECOT_PORT" none
make_msg "$T/small.eml" "AYUDA" 1
S=$(size_of "$T/small.eml")
set --
i=0
while [ "$i" -lt 2300 ]; do
	set -- "$@" "$T/small.eml"
	i=$((i + 1))
done
deliver_fast "$T/many" "$@"
set --
doveadm -c "$DOVECOT_CONF" expunge -u servicio.social mailbox INBOX \
    uid 1000:1100
probe "$T/many.conf" list
expect "large inbox: every UID once, in order" "0:2199:2199" \
    "$rc:$(echo "$out" | wc -l | tr -d ' '):$(echo "$out" |
    awk '$1 > prev { n++ } { prev = $1 } END { print n + 0 }')"
expect "large inbox: the gap skipped, each with its size" \
    "1 $S|999 $S|1101 $S|2300 $S|0" \
    "$(echo "$out" | sed -n '1p;999p;1000p;$p' | tr '\n' '|')$(echo "$out" |
    awk -v s="$S" '$2 != s' | wc -l | tr -d ' ')"
probe "$T/many.conf" list 2000
expect "large inbox: the UIDs after 2000" "300:2001 $S:2300 $S" \
    "$(echo "$out" | wc -l | tr -d ' '):$(echo "$out" | sed -n '1p'):$(echo "$out" | sed -n '$p')"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
