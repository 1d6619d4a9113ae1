#!/bin/sh
# SPDX-License-Identifier: ISC
# tequioctl quarantine release of messages whose Message-ID a hostile
# sender shaped (issue 11 review): the release looks the quarantined copy
# up by Message-ID (UID SEARCH HEADER), so a Message-ID that IMAP cannot
# carry in a quoted string (8-bit bytes, a value longer than Dovecot's
# command line) must not make the release fail for ever; quotes and
# backslashes must reach Dovecot escaped; and a decoy whose Message-ID
# contains the victim's must never be moved in its place (the SHA-256
# decides), through a real Dovecot.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
write_conf "$HARNESS_DIR/t" limits.max_message_bytes=2048 \
    limits.max_attachment_bytes=1024
M=$HARNESS_DIR/mail
mkdir -p "$M"
big="$(head -c 3000 /dev/zero | tr '\0' 'x')"
long="$(head -c 70000 /dev/zero | tr '\0' 'l')"

n=0
for id in "ñandú-1@test.example" 'q"uo\te-2@test.example' \
    "$long-3@test.example" "victim-4@test.example"; do
	n=$((n + 1))
	mk_mail "$M/m$n.eml" "alumno$n@alumnos.utv.edu.mx" "AYUDA" "$big" "$id"
	deliver_mail "$M/m$n.eml"
done
# The decoy: another sender, a Message-ID that contains the victim's.
mk_mail "$M/decoy.eml" intruso@example.org "AYUDA" "$big DECOY" \
    "x-victim-4@test.example"
deliver_mail "$M/decoy.eml"
tequiod_once 2>"$HARNESS_DIR/once.log"
check "five oversize messages quarantined" eq "$(folder_count Cuarentena)" 5

row() {	# the row of alumno$1's quarantined message
	db "SELECT id FROM message WHERE from_addr =
	    'alumno$1@alumnos.utv.edu.mx' AND outcome = 'quarantined'"
}
release() {
	"$TEQUIOCTL" -c "$CONF" quarantine release "$@" \
	    >"$HARNESS_DIR/rel.out" 2>>"$HARNESS_DIR/rel.err"
}
inbox_from() {
	doveadm -c "$DOVECOT_CONF" -f flow fetch -u "$DOVECOT_USER" \
	    hdr.from mailbox INBOX | grep -c "$1"
}

i=0
for what in "an 8-bit Message-ID" "quotes and a backslash" \
    "a 70 KB Message-ID" "a decoy's Message-ID containing it"; do
	i=$((i + 1))
	R=$(row $i)
	release "$R"
	check "release of a message with $what exits 0" eq "$?" 0
	check "... that message is back in INBOX" eq "$(inbox_from alumno$i@)" 1
	check "... and only it" eq "$(folder_count INBOX)" 1
	tequiod_once 2>>"$HARNESS_DIR/once.log"
	check "... read again (still oversize: quarantined anew)" \
	    eq "$(folder_count INBOX)" 0
done
# A release interrupted after forgetting the record (kill -9), and
# meanwhile the same sender sends another message with the quarantined
# one's Message-ID (anyone writes his own Message-ID): that message is
# not the released one, which must still come back when the release is
# run again, not be taken for read already and left in the quarantine.
mk_mail "$M/m5.eml" alumno5@alumnos.utv.edu.mx "AYUDA" "$big" same-5@test.example
deliver_mail "$M/m5.eml"
tequiod_once 2>>"$HARNESS_DIR/once.log"
R=$(row 5)
TEQUIO_TEST_FAIL=quarantine.release.move:9 release "$R"
check "release killed after step 1 (kill -9)" eq "$?" 137
mk_mail "$M/m5b.eml" alumno5@alumnos.utv.edu.mx "AYUDA" "otro" same-5@test.example
deliver_mail "$M/m5b.eml"
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "the other message with that Message-ID is read (and answered)" \
    eq "$(db "SELECT count(*) FROM message WHERE message_id =
    'same-5@test.example' AND outcome = 'processed'")" 1
release "$R"
check "the release run again exits 0" eq "$?" 0
check "... the released message is back in INBOX" \
    eq "$(inbox_from alumno5@)" 1
check "... not left in the quarantine" \
    grep -q "de vuelta en el buzón de entrada" "$HARNESS_DIR/rel.out"

# A Message-ID with CR LF never comes from mail (the header parser turns
# them into spaces), but libetpan sends a quoted string as it is: were
# one ever stored, the release must not send a second command with it.
mk_mail "$M/m6.eml" alumno6@alumnos.utv.edu.mx "AYUDA" "$big" crlf-6@test.example
deliver_mail "$M/m6.eml"
tequiod_once 2>>"$HARNESS_DIR/once.log"
R=$(row 6)
db "UPDATE message SET message_id = 'crlf-6' || char(13, 10) ||
    'A9 CREATE Pwned' || char(13, 10) || 'A10 NOOP' WHERE id = $R"
release "$R"
check "release of a message whose stored Message-ID has CR LF exits 0" \
    eq "$?" 0
check "... it is back in INBOX" eq "$(inbox_from alumno6@)" 1
check "... and no command rode in it" sh -c "! doveadm -c '$DOVECOT_CONF' \
    mailbox list -u '$DOVECOT_USER' | grep -q Pwned"

check "the decoy stayed in the quarantine" eq "$(db "SELECT count(*) FROM
    message WHERE from_addr = 'intruso@example.org'
    AND sha256 NOT LIKE 'liberado:%'")" 1
check "no sanitizer report" sh -c "! grep -q 'ERROR: AddressSanitizer\|runtime error' '$HARNESS_DIR/once.log' '$HARNESS_DIR/rel.err'"

finish
