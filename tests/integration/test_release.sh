#!/bin/sh
# SPDX-License-Identifier: ISC
# tequioctl quarantine release against a real Dovecot and smtp-sink (issue
# 11): a released message goes back to INBOX and tequiod answers it
# exactly once; a message whose cause persists (still oversize, still
# unreadable) goes back to the quarantine with its reason, and stays there
# (no loop); a release killed (kill -9) after forgetting the record or
# after the move neither loses the message nor answers it twice; a second
# release of the same message and an unknown number are refused; a copy
# deleted from the quarantine is taken from the spool; the audit names
# the console; the never-twice guarantee holds for a message already
# answered.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
F=tests/fixtures

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
SMALL=limits.max_message_bytes=2048
write_conf "$HARNESS_DIR/t" "$SMALL" limits.max_attachment_bytes=1024
M=$HARNESS_DIR/mail
mkdir -p "$M"
big="$(head -c 3000 /dev/zero | tr '\0' 'x')"

for i in 1 2 3 4 5; do
	mk_mail "$M/big$i.eml" "alumno$i@alumnos.utv.edu.mx" "AYUDA" "$big" \
	    "big-$i@test.example"
	deliver_mail "$M/big$i.eml"
done
mk_mail "$M/ok.eml" ana@alumnos.utv.edu.mx "AYUDA" "" ok-1@test.example
deliver_mail "$M/ok.eml"
deliver_mail "$F/no-header-section.eml"
tequiod_once 2>"$HARNESS_DIR/once.log"
check "five oversize and one unreadable message quarantined" \
    eq "$(folder_count Cuarentena)" 6
check "the ordinary message answered" \
    eq "$(sink_with In-Reply-To ok-1@test.example | grep -c .)" 1

qid() {	# the row of the live quarantined record of Message-ID $1
	db "SELECT id FROM message WHERE message_id = '$1'
	    AND outcome = 'quarantined'"
}
replies() {
	sink_with In-Reply-To "$1" | grep -c .
}
release() {
	"$TEQUIOCTL" -c "$CONF" quarantine release "$@" \
	    >"$HARNESS_DIR/rel.out" 2>"$HARNESS_DIR/rel.err"
}

# ---- refusals ---------------------------------------------------------
release 99999
check "an unknown number is refused (exit 1)" eq "$?" 1
check "... saying it is not in quarantine" \
    grep -q "no está en cuarentena" "$HARNESS_DIR/rel.err"
release abc
check "a number that is not one is a usage error (exit 2)" eq "$?" 2
OK_ID=$(db "SELECT id FROM message WHERE message_id = 'ok-1@test.example'")
release "$OK_ID"
check "an answered message is not in quarantine: refused" eq "$?" 1
check "... and its record is kept (never twice)" \
    eq "$(db "SELECT sha256 NOT LIKE 'liberado:%' FROM message
    WHERE id = $OK_ID")" 1

# ---- the cause persists: back to the quarantine, once -------------------
B4=$(qid big-4@test.example)
release "$B4"
check "release of a still oversize message exits 0" eq "$?" 0
check "... it is back in INBOX" eq "$(folder_count INBOX)" 1
check "... and no longer listed as quarantined" \
    sh -c "! '$TEQUIOCTL' -c '$CONF' quarantine | grep -q '^$B4 '"
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "still oversize: back in the quarantine" \
    eq "$(folder_count Cuarentena)" 6
check "... INBOX empty" eq "$(folder_count INBOX)" 0
N4=$(qid big-4@test.example)
check "... a new record, with its reason" \
    eq "$(db "SELECT note LIKE '%max_message_bytes%' OR note LIKE '%tamaño%'
    OR note LIKE '%oversize%' FROM message WHERE id = '$N4'")" 1
check "... the new record is another row" test "$N4" != "$B4"
r4=$(replies big-4@test.example)
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "... and it stays there: no loop" eq "$(folder_count Cuarentena)" 6
check "... no more mail about it" eq "$(replies big-4@test.example)" "$r4"
release "$B4"
check "a second release of the same number is refused (exit 1)" eq "$?" 1
check "... saying it was released" grep -q "ya fue liberado" \
    "$HARNESS_DIR/rel.err"

# An unreadable message has no Message-ID: found by its bytes.
NH=$(db "SELECT id FROM message WHERE outcome = 'quarantined'
    AND message_id = '' AND sha256 NOT LIKE 'liberado:%'")
release "$NH"
check "release of the unreadable message (no Message-ID) exits 0" eq "$?" 0
check "... moved back to INBOX" eq "$(folder_count INBOX)" 1
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "... and quarantined again" eq "$(folder_count Cuarentena)" 6

# ---- the cause is gone: answered exactly once ---------------------------
write_conf "$HARNESS_DIR/t"
B1=$(qid big-1@test.example)
check "before the release: one reply (the size)" \
    eq "$(replies big-1@test.example)" 1
release "$B1"
check "release exits 0" eq "$?" 0
check "... says where the message went" \
    grep -q "de vuelta en el buzón de entrada" "$HARNESS_DIR/rel.out"
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "released message answered" eq "$(replies big-1@test.example)" 2
check "... in Procesados now" eq "$(db "SELECT count(*) FROM message
    WHERE message_id = 'big-1@test.example' AND outcome = 'processed'")" 1
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "... exactly once" eq "$(replies big-1@test.example)" 2
check "the release is audited as the console" \
    eq "$(db "SELECT actor FROM wf_audit WHERE entity = 'mensaje'
    AND entity_id = $B1 AND event = 'liberar'")" "consola (tequioctl)"

# ---- kill -9 after the record is forgotten, before the move ------------
B2=$(qid big-2@test.example)
TEQUIO_TEST_FAIL=quarantine.release.move:9 release "$B2"
check "release killed after step 1 (kill -9)" eq "$?" 137
check "... the message is still in the quarantine" \
    eq "$(folder_count INBOX)" 0
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "... and not answered meanwhile" eq "$(replies big-2@test.example)" 1
release "$B2"
check "the release run again finishes (exit 0)" eq "$?" 0
tequiod_once 2>>"$HARNESS_DIR/once.log"
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "... answered exactly once" eq "$(replies big-2@test.example)" 2

# ---- kill -9 after the move, before it is marked done -------------------
B3=$(qid big-3@test.example)
TEQUIO_TEST_FAIL=quarantine.release.finish:9 release "$B3"
check "release killed after the move (kill -9)" eq "$?" 137
check "... the message is in INBOX" eq "$(folder_count INBOX)" 1
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "... answered" eq "$(replies big-3@test.example)" 2
release "$B3"
check "the release run again exits 0" eq "$?" 0
check "... knowing tequiod read it again (nothing moved)" \
    grep -q "tequiod ya lo leyó de nuevo" "$HARNESS_DIR/rel.out"
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "... still answered exactly once" eq "$(replies big-3@test.example)" 2
release "$B3"
check "... and now refused as released" eq "$?" 1

# ---- the quarantine's copy deleted: the spool's bytes -------------------
# A whole message the daemon set aside: unreadable again, it proves the
# copy came back from the spool (byte for byte: the same SHA-256).
NH2=$(db "SELECT id FROM message WHERE outcome = 'quarantined'
    AND message_id = '' AND sha256 NOT LIKE 'liberado:%'")
SHA=$(db "SELECT sha256 FROM message WHERE id = $NH2")
n_q=$(folder_count Cuarentena)
# Delete exactly the unreadable message: the one without Message-ID.
for u in $(doveadm -c "$DOVECOT_CONF" -f flow fetch -u "$DOVECOT_USER" \
    "uid hdr.message-id" mailbox Cuarentena |
    awk '/hdr.message-id=$/ { sub(/uid=/, "", $1); print $1 }'); do
	doveadm -c "$DOVECOT_CONF" expunge -u "$DOVECOT_USER" \
	    mailbox Cuarentena uid "$u"
done
check "the unreadable message's copy deleted from the quarantine" \
    eq "$(folder_count Cuarentena)" "$((n_q - 1))"
release "$NH2"
check "release without the quarantine copy exits 0" eq "$?" 0
check "... copied from the spool" grep -q "copiado del depósito" \
    "$HARNESS_DIR/rel.out"
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "... read again: the same bytes, quarantined again" \
    eq "$(db "SELECT count(*) FROM message WHERE sha256 = '$SHA'
    AND outcome = 'quarantined'")" 1

# ---- never twice for what was answered ---------------------------------
n=$(sink_count)
deliver_mail "$M/ok.eml"
deliver_mail "$M/big1.eml"
tequiod_once 2>>"$HARNESS_DIR/once.log"
check "an answered message delivered again is not answered again" \
    eq "$(sink_count)" "$n"
check "status counts what is in the quarantine folder" \
    eq "$("$TEQUIOCTL" -c "$CONF" status | sed -n 's/^  en cuarentena *//p')" \
    "$(folder_count Cuarentena)"
"$TEQUIOCTL" -c "$CONF" status >/dev/null 2>&1
check "status exits 0 with the mailbox reachable" eq "$?" 0
stop_dovecot
"$TEQUIOCTL" -c "$CONF" status >"$HARNESS_DIR/st.out" 2>&1
check "status exits 1 when the mailbox cannot be reached" eq "$?" 1
check "... saying so" grep -q "no disponible" "$HARNESS_DIR/st.out"
check "no sanitizer report" sh -c "! grep -q 'ERROR: AddressSanitizer\|runtime error' '$HARNESS_DIR/once.log' '$HARNESS_DIR/rel.err'"

finish
