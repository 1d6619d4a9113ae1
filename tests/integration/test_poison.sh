#!/bin/sh
# SPDX-License-Identifier: ISC
# Poison mail through a real Dovecot, smtp-sink and tequiod --once (issue
# 7, items 1, 3 and 10): mail that fails the same way every time must be
# set aside, answered once, and never hold up the mail behind it.
#   - the crafted parser attacks (tests/fixtures/limits) in one batch
#     between good mails: the good ones answered, the attacks over a limit
#     quarantined with a reply naming the limit, the rest answered;
#   - a stored document deleted from the spool: the command that needs it
#     fails every time, so its message is quarantined with a reply (and
#     the log line "quarantined:"), the mail behind it answered;
#   - a second pass finds nothing to do and sends nothing (no loop).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh
ALU=luis.mora@alumnos.utv.edu.mx

lifecycle_servers
export TEQUIO_NOW=1795000000

# count_to RCPT: how many of the new mails go to RCPT.
count_to() {
	ct_n=0
	for ct_f in $(cat "$HARNESS_DIR/new"); do
		[ "$(sink_rcpt "$ct_f")" = "$1" ] && ct_n=$((ct_n + 1))
	done
	echo "$ct_n"
}

# ---- the parser attacks between good mails, one batch ---------------
sh tests/fixtures/limits/generate.sh "$M/limits"
mime "$M/good1.eml" "uno@alumnos.utv.edu.mx" "$MAILBOX" "AYUDA" ""
deliver_mail "$M/good1.eml"
# Each attack from its own sender: an unknown sender gets one reply a day
# (handlers/caps.h), and each attack must be seen to be answered.
for f in "$M"/limits/*.eml; do
	n=$(basename "$f" .eml)
	sed "1,/^From:/s/ana@alumnos\.example\.mx/$n@alumnos.example.mx/" \
	    "$f" >"$f.from"
	deliver_mail "$f.from"
done
mime "$M/good2.eml" "dos@alumnos.utv.edu.mx" "$MAILBOX" "AYUDA" ""
deliver_mail "$M/good2.eml"
ATTACKS=$(ls "$M"/limits/*.eml | wc -l)
start=$(date +%s)
run "crafted mail"
echo "     (the batch of $ATTACKS attacks and 2 good mails took $(( $(date +%s) - start )) s under ASan)"
check "good mail before the attacks answered" eq "$(count_to uno@alumnos.utv.edu.mx)" 1
check "good mail after the attacks answered" eq "$(count_to dos@alumnos.utv.edu.mx)" 1
check "every attack answered once" eq "$(for f in "$M"/limits/*.eml; do
	count_to "$(basename "$f" .eml)@alumnos.example.mx"; done |
	grep -c '^1$')" "$ATTACKS"
check "INBOX empty" eq "$(folder_count INBOX)" 0
# Over a limit: nested multiparts (two spellings), nested rfc822, nested
# comments.  Parsed in linear time and answered: the rest.
check "the four over a limit quarantined" eq "$(folder_count Cuarentena)" 4
check "quarantined with the limit in the record" eq "$(db "SELECT count(*)
    FROM message WHERE outcome = 'quarantined' AND (note LIKE
    '%niveles anidados%' OR note LIKE '%paréntesis%')")" 4
nested=$(to nested-multipart-cfws@alumnos.example.mx)
check "the reply names what was wrong" has "demasiados niveles anidados" \
    "$(py body "$nested")"

# ---- a stored document deleted from the spool -------------------------
send() {	# send NAME FROM SUBJECT BODY [args of mime...]: deliver and run
	sd_name=$1 sd_from=$2 sd_subj=$3 sd_body=$4
	shift 4
	mime "$M/$sd_name.eml" "$sd_from" "$MAILBOX" "$sd_subj" "$sd_body" "$@"
	deliver_mail "$M/$sd_name.eml"
	run "$sd_name"
}
send alu "$ALU" "REGISTRO" "Matrícula: A1234
Nombre: Luis Mora
Carrera: Derecho
Créditos: 80" "$(ar $ALU)"
send foto "$ALU" "FOTO" "" "$(ar $ALU)" -- "yo.jpg=foto.jpg:image/jpeg"
check "photo stored" has "Guardamos su fotografía" "$(py body "$(to $ALU)")"
photo=$(db "SELECT path FROM wf_document WHERE kind = 'foto'")
check "the photo is in the spool" test -f "$photo"
rm -f "$photo"

mime "$M/pres.eml" "$ALU" "$MAILBOX" "PRESENTACION" "" "$(ar $ALU)"
mime "$M/good3.eml" "tres@alumnos.utv.edu.mx" "$MAILBOX" "AYUDA" ""
deliver_mail "$M/pres.eml"
deliver_mail "$M/good3.eml"
q0=$(folder_count Cuarentena)
run "presentación without its photo"
check "the mail behind it answered" eq "$(count_to tres@alumnos.utv.edu.mx)" 1
check "the sender told once" eq "$(count_to $ALU)" 1
check "the reply says a person will look at it" \
    has "No pudimos procesar su mensaje" "$(py body "$(to $ALU)")"
check "nothing went to the coordinator" eq "$(count_to $COORD)" 0
check "the message quarantined" eq "$(folder_count Cuarentena)" $((q0 + 1))
check "the log says why" grep -q \
    "msg [0-9]*: uid [0-9]*: quarantined: .*No such file or directory" "$LOG"
check "the student's state did not move" eq "$(db "SELECT state FROM
    wf_account WHERE email = '$ALU'")" registrado
check "INBOX empty" eq "$(folder_count INBOX)" 0

# ---- nothing loops ----------------------------------------------------
run "second pass"
check "a second pass sends nothing" eq "$(new_count)" 0
check "every message recorded once" eq "$(db "SELECT count(*) FROM message")" \
    "$(db "SELECT count(DISTINCT sha256) FROM message")"
finish
