#!/bin/sh
# SPDX-License-Identifier: ISC
# The SMTP client's pipelining (RFC 2920) and its defences, against
# Postfix's smtp-sink and a real Postfix smtpd:
#
# - pipelining is used: the delivery's sendto calls (strace) are about one
#   per mail (MAIL, RCPT and DATA as one group, the body and dot with the
#   next mail's group), where one command at a time costs five;
# - a server that does not offer PIPELINING (smtp-sink -p) gets one
#   command at a time, and every mail exactly once;
# - a recipient refused (554, Postfix's check_recipient_access) in the
#   middle of a pipelined run fails that mail alone, at once; the mails
#   after it go (an RSET clears the refused transaction: Postfix refuses a
#   nested MAIL);
# - a server that hangs up in the middle of a pipelined group (smtp-sink
#   -q .: after the first dot, with the next mail's MAIL, RCPT and DATA
#   already written): nothing unconfirmed counts as sent; all is retried
#   and every mail arrives, the one whose dot went unanswered twice (the
#   server kept it: at least once), the others once;
# - a body line "." or ".x" is dot-stuffed: the message arrives whole and
#   the lines after it never become commands;
# - an envelope address with CR LF (a row altered in the database) never
#   reaches the wire: that mail fails, the other goes;
# - a reply line longer than the client's limit (a server greeting with
#   3000 bytes) is an error that defers the mail, never an overflow.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
T0=1800000000
TEQUIO_NOW=$T0
export TEQUIO_NOW

harness_init
dovecot_keys_only

# strace stops LeakSanitizer (it cannot ptrace a traced process).
traced() {
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=sendto -o "$1" \
	    "$OUTBOX_PROBE" -c "$CONF" deliver 2>>"$HARNESS_DIR/probe.log"
}
# sends FILE: how many sendto calls strace saw (the probe writes its log
# with write, so every sendto is SMTP).
sends() {
	grep -c 'sendto(' "$1"
}
N=20

# Pipelining: about one write per mail on one connection.
start_sink "$HARNESS_DIR/p/sink"
write_conf "$HARNESS_DIR/p" smtp.connections=1
probe queue $N >/dev/null
check "pipelined: $N sent" eq "$(traced "$HARNESS_DIR/p.strace")" \
    "sent=$N deferred=0"
check "pipelined: the sink got $N, one copy each" eq \
    "$(sink_count) $(max_copies Message-ID)" "$N 1"
# EHLO, the first group, one write per mail (body, dot and the next
# group), QUIT: N + 3.  One command at a time would be 5 N.
check "pipelined: at most N + 4 writes for N mails ($(sends \
    "$HARNESS_DIR/p.strace"))" test "$(sends "$HARNESS_DIR/p.strace")" -le \
    $((N + 4))
stop_sink

# No PIPELINING offered: one command at a time, each mail once.
start_sink "$HARNESS_DIR/l/sink" -p
write_conf "$HARNESS_DIR/l" smtp.connections=1
probe queue $N >/dev/null
check "lock-step: $N sent" eq "$(traced "$HARNESS_DIR/l.strace")" \
    "sent=$N deferred=0"
check "lock-step: the sink got $N, one copy each" eq \
    "$(sink_count) $(max_copies Message-ID)" "$N 1"
check "lock-step: MAIL, RCPT, DATA and the body each waited for the \
server ($(sends "$HARNESS_DIR/l.strace") writes)" \
    test "$(sends "$HARNESS_DIR/l.strace")" -ge $((4 * N))
stop_sink

# A server that hangs up after the first dot, the next group written.
start_sink "$HARNESS_DIR/q/sink" -q .
write_conf "$HARNESS_DIR/q" smtp.connections=1
probe queue 3 >/dev/null
check "hang-up mid-group: nothing counted as sent" eq "$(probe deliver)" \
    "sent=0 deferred=3"
check "hang-up mid-group: all three wait, none failed" eq \
    "$(probe counts)" "queued=3 sent=0 failed=0"
check "hang-up mid-group: the sink kept the first one only" eq \
    "$(sink_count)" 1
stop_sink
start_sink "$HARNESS_DIR/q/sink"
check "after the hang-up: all three sent at the retry" eq \
    "$(TEQUIO_NOW=$((T0 + 60)) probe deliver)" "sent=3 deferred=0"
check "after the hang-up: 3 mails, the unanswered one twice, no other" eq \
    "$(sink_count) $(for f in $(sink_files); do sink_header "$f" Message-ID
    done | sort -u | wc -l | tr -d ' ') $(max_copies Message-ID)" "4 3 2"
stop_sink

# Dot-stuffing, and an envelope address that would inject a command.
start_sink "$HARNESS_DIR/d/sink"
write_conf "$HARNESS_DIR/d" smtp.connections=1
probe queue 3 >/dev/null
db "UPDATE outbox_body SET raw = CAST(replace(CAST(raw AS TEXT),
    'Este es un correo', '.' || char(13, 10) || 'QUIT' || char(13, 10) ||
    '..doble' || char(13, 10) || 'Este es un correo') AS BLOB)
    WHERE id = (SELECT id FROM outbox
    WHERE rcpt = 'alumno1@alumnos.utv.edu.mx');
    UPDATE outbox SET raw_len = (SELECT length(raw) FROM outbox_body b
    WHERE b.id = outbox.id) WHERE rcpt = 'alumno1@alumnos.utv.edu.mx'"
db "UPDATE outbox SET rcpt = 'alumno2@alumnos.utv.edu.mx>' ||
    char(13, 10) || 'RCPT TO:<victima@example.org'
    WHERE rcpt = 'alumno2@alumnos.utv.edu.mx'"
check "stuffing and injection: 2 sent" eq "$(probe deliver)" \
    "sent=2 deferred=0"
check "the injected address failed at once, unsent" eq "$(db "SELECT status,
    last_error FROM outbox WHERE rcpt LIKE 'alumno2%'")" \
    "failed|envelope address refused"
check "no command was injected: no mail for victima" eq \
    "$(cat $(sink_files) | grep -c victima)" 0
check "the sink got 2" eq "$(sink_count)" 2
d_file=$(grep -l 'alumno1@' $(sink_files))
check "a body line '.' arrived as '.', whole (not the end of the mail)" \
    sh -c "tr -d '\r' <'$d_file' | grep -qx '\\.'"
check "a body line '..doble' arrived as it was" \
    sh -c "tr -d '\r' <'$d_file' | grep -qx '\\.\\.doble'"
check "and the text after them too" \
    sh -c "tr -d '\r' <'$d_file' | grep -q '^Este es un correo'"
stop_sink

# A reply line longer than the limit: an error, the mail deferred.
start_rogue long 'print $c "220-" . ("x" x 3000) . "\r\n220 ok\r\n";'
wait_greeting "$ROGUE_PORT" 220 || harness_die "the long-line server is mute"
SINK_PORT=$ROGUE_PORT write_conf "$HARNESS_DIR/g" smtp.timeout_seconds=5
probe queue 1 >/dev/null
check "a 3000-byte reply line: deferred" eq "$(probe deliver)" \
    "sent=0 deferred=1"
check "a 3000-byte reply line: the reason says so" eq \
    "$(db "SELECT count(*) FROM outbox
    WHERE last_error LIKE '%line longer than 1000 bytes%'")" 1
stop_group "$ROGUE_PGID"

# A recipient refused in the middle of a pipelined run, by a real Postfix.
if command -v postfix >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	start_sink "$HARNESS_DIR/r/sink"
	start_postfix "$HARNESS_DIR/postfix" \
	    "relay_domains = alumnos.utv.edu.mx" \
	    "transport_maps = inline:{ alumnos.utv.edu.mx=smtp:[127.0.0.1]:$SINK_PORT }" \
	    "smtpd_recipient_restrictions = check_recipient_access inline:{ alumno3@alumnos.utv.edu.mx=REJECT }, permit_mynetworks, reject"
	write_conf "$HARNESS_DIR/r" smtp.connections=1
	sed -i "s|^url = .*|url = smtp://127.0.0.1:$POSTFIX_PORT|" "$CONF"
	probe queue 6 >/dev/null
	check "refused mid-run: the other 5 sent" eq \
	    "$(traced "$HARNESS_DIR/r.strace")" "sent=5 deferred=0"
	check "refused mid-run: the 554 failed at once, alone" eq \
	    "$(db "SELECT rcpt, attempts FROM outbox WHERE status = 'failed'
	    AND last_error LIKE 'RCPT TO refused (server said: 554%'")" \
	    "alumno3@alumnos.utv.edu.mx|1"
	check "refused mid-run: pipelined ($(sends "$HARNESS_DIR/r.strace") \
writes for 6 mails and an RSET)" test "$(sends "$HARNESS_DIR/r.strace")" \
	    -le 11
	wait_until 800 '[ "$(sink_count)" -ge 5 ]'
	check "refused mid-run: Postfix relayed the 5, one copy each" eq \
	    "$(sink_count) $(max_copies Message-ID)" "5 1"
else
	echo "SKIPPED: the Postfix case needs Postfix and root"
fi

[ "$T_FAIL" -eq 0 ] || { echo "--- logs"; cat "$HARNESS_DIR"/probe.log; }
finish
