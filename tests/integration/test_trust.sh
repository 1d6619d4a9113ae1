#!/bin/sh
# SPDX-License-Identifier: ISC
# Trust by mail (issue 8), through a real Dovecot, smtp-sink and tequiod
# --once: every attack of the review is sent as a real message and must
# change nothing; the legitimate flows beside them still work.  Each
# check names the attack it shows.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh
DEP2=rh@agua.oaxaca.gob.mx
ALU2=luis.mora@alumnos.utv.edu.mx
OTRO=jefe.compras@utv.edu.mx

lifecycle_servers
export TEQUIO_NOW=1795000000

send() {	# send NAME FROM TO SUBJECT BODY [headers] [-- atts]
	sd_name=$1
	shift
	mime "$M/$sd_name.eml" "$@"
	deliver_mail "$M/$sd_name.eml"
	run "$sd_name"
}

state_of() {
	db "SELECT state FROM wf_account WHERE email = '$1'"
}

# What tequiod decided about the last message: "verified=yes" or "=no".
last_verdict() {
	grep -o 'verified=[a-z]*' "$LOG" | tail -n 1
}

all_docs() {
	echo "decreto.pdf=decreto.pdf:application/pdf" \
	    "nombramiento.pdf=nombramiento.pdf:application/pdf" \
	    "ine.pdf=ine.pdf:application/pdf" \
	    "domicilio.pdf=domicilio.pdf:application/pdf" \
	    "rfc.pdf=rfc.pdf:application/pdf" "logo.png=logo.png:image/png"
}

# ---- two matters waiting for the coordinator ----------------------------
# shellcheck disable=SC2046 # one word per attachment
send regA "$DEP" "$MAILBOX" "REGISTRO DEPENDENCIA" "Nombre: Secretaría de Salud
Tipo: pública
RFC: SSO960923M89
Representante: María Pérez
Cargo: Directora
Domicilio: Av. Juárez 100
Teléfono: 951 501 0000" "$(ar $DEP)" -- $(all_docs)
NA=$(to $COORD)
CODE_A=$(code_of "$NA")
# shellcheck disable=SC2046
send regB "$DEP2" "$MAILBOX" "REGISTRO DEPENDENCIA" "Nombre: Comisión del Agua
Tipo: pública
RFC: CEA850101AB1
Representante: Jorge Ruiz
Cargo: Director
Domicilio: Calle 5 de Mayo 3
Teléfono: 951 111 2233" "$(ar $DEP2)" -- $(all_docs)
NB=$(to $COORD)
CODE_B=$(code_of "$NB")
check "two matters with codes" test -n "$CODE_A" -a -n "$CODE_B"
check "every notice to the coordinators shows the sender's address" \
    has "$DEP2" "$(py body "$NB")"

# ---- 4: a code typed in reply to another matter's notice ------------------
reply "$NB" "$COORD" "APROBAR $CODE_A" "$M/cross.eml"
deliver_mail "$M/cross.eml"
run cross
b=$(py body "$(to $COORD)")
check "code of A in reply to B: refused, naming both" \
    has "pero usted responde al aviso de" "$b"
check "code of A in reply to B: A not approved" eq "$(state_of $DEP)" \
    en_revision
check "code of A in reply to B: B not approved" eq "$(state_of $DEP2)" \
    en_revision

# ---- 4: wrong codes are limited per sender --------------------------------
for i in A C D E F; do
	mime "$M/wrong$i.eml" "$COORD" "$MAILBOX" "APROBAR AAA-AA$i" "" \
	    "$(ar $COORD)"
	deliver_mail "$M/wrong$i.eml"
done
run wrong5
send wrong6 "$COORD" "$MAILBOX" "APROBAR $CODE_A" "" "$(ar $COORD)"
check "after five wrong codes the sixth is not looked up" \
    has "demasiados" "$(py body "$(to $COORD)")"
check "wrong-code limit: A not approved" eq "$(state_of $DEP)" en_revision

# ---- 1: a forged coordinator command is never sent for confirmation -----
send forgedfin "$COORD" "$MAILBOX" "FINALIZAR 2021030456" ""
f=$(to $COORD)
check "forged FINALIZAR: refused, not kept" \
    has "No ejecutamos el comando FINALIZAR ni lo guardamos" "$(py body "$f")"
check "forged FINALIZAR: nothing kept for confirmation" \
    eq "$(db "SELECT count(*) FROM wf_pending")" 0

# ---- 1: any answer but CONFIRMAR cancels; a denial is reported ----------
send unv1 "$ALU" "$MAILBOX" "REGISTRO" "Matrícula: 2021030456
Nombre: Ana López Ruiz
Carrera: Ingeniería en Sistemas
Créditos: 78%"
reply "$(to $ALU)" "$ALU" "No reconozco este comando, NO lo ejecuten" \
    "$M/deny.eml"
deliver_mail "$M/deny.eml"
run deny
check "denied confirmation: no account" \
    eq "$(db "SELECT count(*) FROM wf_account WHERE email='$ALU'")" 0
check "denied confirmation: the coordinators hear of a forgery" \
    has "posible suplantación" "$(py subject "$(to $COORD)")"
send unv2 "$ALU2" "$MAILBOX" "REGISTRO" "Matrícula: 2021030999
Nombre: Luis Mora
Carrera: Derecho
Créditos: 80"
reply "$(to $ALU2)" "$ALU2" "" "$M/empty.eml"
deliver_mail "$M/empty.eml"
run empty
check "empty answer to a confirmation: cancelled" \
    has "Cancelamos el comando" "$(py body "$(to $ALU2)")"
check "empty answer: no account" \
    eq "$(db "SELECT count(*) FROM wf_account WHERE email='$ALU2'")" 0

# ---- 2: a forwarded notice's token grants only its decision --------------
TOKADDR=$(py replyto "$NA")
send fwdtok "$COORD" "$TOKADDR" "FINALIZAR 2021030456" ""
check "matter token used for FINALIZAR: refused" \
    has "No ejecutamos el comando FINALIZAR" "$(py body "$(to $COORD)")"
send fwdtok2 "$COORD" "$TOKADDR" "APROBAR $CODE_B" ""
check "matter token of A used with the code of B: B not approved" \
    eq "$(state_of $DEP2)" en_revision

send fwdtok3 "$COORD" "$TOKADDR" "APROBAR" "" \
    "Authentication-Results: mx.utv.edu.mx; dmarc=fail header.from=utv.edu.mx"
check "a genuine token does not verify when the MX says From failed" \
    eq "$(state_of $DEP)" en_revision

# ---- 3: Authentication-Results as a real MX writes them ---------------
sig="DKIM-Signature: v=1; a=rsa-sha256; d=utv.edu.mx; s=sel; h=from; bh=A; b=B"
send arfail "$COORD" "$MAILBOX" "APROBAR $CODE_B" "" \
    "Authentication-Results: mx.utv.edu.mx; dkim=fail header.d=utv.edu.mx" \
    "Authentication-Results: mx.utv.edu.mx; dkim=pass header.d=utv.edu.mx" \
    "$sig"
check "MX fail directly above a forged pass: not verified" \
    eq "$(last_verdict)" verified=no
send arquote "$COORD" "$MAILBOX" "APROBAR $CODE_B" "" \
    "Authentication-Results: mx.utv.edu.mx; dkim=fail reason=\"x; dkim=pass header.d=utv.edu.mx\" header.d=utv.edu.mx" \
    "$sig"
check "a ';' inside a quoted string is no second result" \
    eq "$(last_verdict)" verified=no
send arreplay "$OTRO" "$MAILBOX" "hola" "" "$(ar $OTRO)" \
    "From: $COORD" "Subject: APROBAR $CODE_B"
check "DKIM replay with a second From and Subject on top: not verified" \
    eq "$(last_verdict)" verified=no
send arspf "$COORD" "$MAILBOX" "APROBAR $CODE_B" "" \
    "Return-Path: <ana@alumnos.utv.edu.mx>" \
    "Authentication-Results: mx.utv.edu.mx; spf=pass smtp.mailfrom=utv.edu.mx; dmarc=pass header.from=utv.edu.mx"
check "spf pass for another envelope, relaxed dmarc pass: not verified" \
    eq "$(last_verdict)" verified=no
send arnosig "$COORD" "$MAILBOX" "APROBAR $CODE_B" "" \
    "Authentication-Results: mx.utv.edu.mx; dkim=pass header.d=utv.edu.mx"
check "dkim=pass with no DKIM-Signature of that domain: not verified" \
    eq "$(last_verdict)" verified=no
send ardup "$COORD" "$MAILBOX" "APROBAR $CODE_B" "" "$(ar $COORD)" \
    "To: $MAILBOX"
check "a duplicated To makes the message unverified" \
    eq "$(last_verdict)" verified=no
check "after every forged header: B still under review" \
    eq "$(state_of $DEP2)" en_revision

# ---- 8: caps that cannot be turned against people ------------------------
write_conf "$HARNESS_DIR/t" limits.max_replies_per_day=3
TEQUIO_NOW=$((TEQUIO_NOW + 86400))	# a new day: counters start at zero
for i in 1 2 3 4 5; do
	mime "$M/cap$i.eml" "$COORD" "$MAILBOX" "PENDIENTES" ""
	deliver_mail "$M/cap$i.eml"
done
run capforged
send capreal "$COORD" "$MAILBOX" "PENDIENTES" "" "$(ar $COORD)"
check "forged mail does not use up the coordinator's verified replies" \
    has "$CODE_B" "$(py body "$(to $COORD)")"
for a in victima+1@gmail.com victima+2@gmail.com V.ictima@gmail.com; do
	mime "$M/refl-$a.eml" "COMPRE YA barato <$a>" "$MAILBOX" \
	    "COMPRE YA pastillas baratas" "texto"
	deliver_mail "$M/refl-$a.eml"
done
run reflect
check "one reply for three spellings of one Gmail inbox" eq "$(new_count)" 1
f=$(head -n 1 "$HARNESS_DIR/new")
check "the reply to an unknown sender echoes no Subject" \
    eq "$(py subject "$f" | grep -c "COMPRE")" 0
check "the reply to an unknown sender echoes no display name" \
    eq "$(py body "$f" | grep -c "COMPRE")" 0

# Three an hour; the Gmail reply above was the first of this hour.
write_conf "$HARNESS_DIR/t" limits.max_replies_per_day=3 \
    limits.max_unknown_replies_per_hour=3
for a in uno dos tres; do
	mk_mail "$M/hour-$a.eml" "$a@desconocido.example" "hola" "texto"
	deliver_mail "$M/hour-$a.eml"
done
run hourly
check "at most max_unknown_replies_per_hour replies to unknown senders" \
    eq "$(new_count)" 2
write_conf "$HARNESS_DIR/t" limits.max_replies_per_day=3

# ---- 3: the legitimate MX layout: ours above its Received, split ---------
send arsplit "$COORD" "$MAILBOX" "APROBAR $CODE_B" "" \
    "Authentication-Results: mx.utv.edu.mx; spf=none smtp.mailfrom=utv.edu.mx" \
    "Received-SPF: none" \
    "Authentication-Results: mx.utv.edu.mx; dkim=pass header.d=utv.edu.mx" \
    "Received: from mail.utv.edu.mx by mx.utv.edu.mx; Mon, 23 Nov 2026 10:00:00 -0600" \
    "$sig"
check "two A-R headers of our MX split by another header: verified" \
    eq "$(last_verdict)" verified=yes
check "...and the convenio is approved" \
    eq "$(state_of $DEP2)" convenio_vigente

DEP2_ADDR=$(personal_of "$(to $DEP2)")
write_conf "$HARNESS_DIR/t"	# the default cap again

# ---- 10: a personal address revoked and reissued -------------------------
send pa1 "$DEP2" "$DEP2_ADDR" "ESTADO" ""
check "the personal address verifies its account" \
    eq "$(last_verdict)" verified=yes
"$TEQUIOCTL" -c "$CONF" address revoke "$DEP2" >/dev/null
check "tequioctl address revoke exits 0" eq "$?" 0
send pa2 "$DEP2" "$DEP2_ADDR" "ESTADO" ""
check "a revoked personal address stops working at once" \
    eq "$(last_verdict)" verified=no
NEW_ADDR=$("$TEQUIOCTL" -c "$CONF" address reissue "$DEP2")
check "tequioctl address reissue prints a new address" \
    has "servicio.social+" "$NEW_ADDR"
send pa3 "$DEP2" "$NEW_ADDR" "ESTADO" ""
check "the reissued address verifies" eq "$(last_verdict)" verified=yes
send pa4 "$DEP2" "$DEP2_ADDR" "ESTADO" ""
check "the old address still does not" eq "$(last_verdict)" verified=no
send pa5 "$COORD" "$MAILBOX" "ANULAR DIRECCION $DEP2" "" "$(ar $COORD)"
send pa6 "$DEP2" "$NEW_ADDR" "ESTADO" ""
check "ANULAR DIRECCION by mail: the address stops at once" \
    eq "$(last_verdict)" verified=no
send pa7 "$COORD" "$MAILBOX" "NUEVA DIRECCION $DEP2" "" "$(ar $COORD)"
MAIL_ADDR=$(personal_of "$(to $DEP2)")
check "NUEVA DIRECCION by mail: the account gets a new address" \
    test -n "$MAIL_ADDR" -a "$MAIL_ADDR" != "$NEW_ADDR"
send pa8 "$DEP2" "$MAIL_ADDR" "ESTADO" ""
check "the address sent by mail verifies" eq "$(last_verdict)" verified=yes

# ---- 10: rotating the token keys kills tokens and codes, not folios ------
FOLIO=$(db "SELECT folio FROM letter_issued ORDER BY rowid LIMIT 1")
"$TEQUIOCTL" -c "$CONF" rotate tokens >/dev/null
check "tequioctl rotate tokens exits 0" eq "$?" 0
reply "$NA" "$COORD" "APROBAR" "$M/oldtok.eml"
deliver_mail "$M/oldtok.eml"
run oldtok
check "after rotation a notice's token decides nothing" \
    eq "$(state_of $DEP)" en_revision
send oldcode "$COORD" "$MAILBOX" "APROBAR $CODE_A" "" "$(ar $COORD)"
check "after rotation the old code is dead" eq "$(state_of $DEP)" en_revision
send pend "$COORD" "$MAILBOX" "PENDIENTES" "" "$(ar $COORD)"
NEWCODE=$(py body "$(to $COORD)" | sed -n 's/^- \([A-Z0-9]\{3\}-[A-Z0-9]\{3\}\): Convenio con Secretar.*/\1/p')
check "PENDIENTES shows a new code" test -n "$NEWCODE" -a "$NEWCODE" != "$CODE_A"
send newcode "$COORD" "$MAILBOX" "APROBAR $NEWCODE" "" "$(ar $COORD)"
check "the new code approves" eq "$(state_of $DEP)" convenio_vigente
"$TEQUIOCTL" -c "$CONF" verify "$FOLIO" >/dev/null
check "a folio issued before the rotation is still genuine" eq "$?" 0

# ---- 6: VERIFICAR look-ups are limited per sender -------------------------
i=0
while [ $i -lt 21 ]; do
	i=$((i + 1))
	mk_mail "$M/ver$i.eml" "curioso@gmail.com" "VERIFICAR SS-2026-00000$((i % 9 + 1))"
	deliver_mail "$M/ver$i.eml"
done
run verificar
check "the 21st VERIFICAR of the day is not looked up" eq \
    "$(for f in $(cat "$HARNESS_DIR/new"); do py body "$f"; done | grep -c "verificaciones enviadas desde su dirección")" 1

# ---- 9: direction overrides never reach the register ----------------------
send bidi "$ALU" "$MAILBOX" "REGISTRO" "Matrícula: 2021030456
Nombre: Ana $(printf '\342\200\256')zeróL$(printf '\342\200\254') Ruiz
Carrera: Derecho
Créditos: 80" "$(ar $ALU)"
check "a name loses its bidi override before it is stored" eq \
    "$(db "SELECT name FROM wf_account WHERE email = '$ALU'")" "Ana zeróL Ruiz"

# ---- 9: a name typed by mail is defused in every CSV ----------------------
send csvname "$ALU2" "$MAILBOX" "REGISTRO" "Matrícula: 2021030777
Nombre: -1+HYPERLINK(\"http://x.example\")
Carrera: Derecho
Créditos: 80" "$(ar $ALU2)"
"$TEQUIOCTL" -c "$CONF" export "$HARNESS_DIR/export" >/dev/null
check "tequioctl export defuses a name that starts with -" \
    grep -q "'-1+HYPERLINK" "$HARNESS_DIR/export/cuentas.csv"

# ---- 7: a matrícula claimed from a second address -------------------------
# ALU holds 2021030456 now; the real owner writes from her own address.
REAL=ana.lopez.ruiz@alumnos.utv.edu.mx
send squat "$REAL" "$MAILBOX" "REGISTRO" "Matrícula: 2021030456
Nombre: Ana López Ruiz
Carrera: Ingeniería en Sistemas
Créditos: 78%" "$(ar $REAL)"
check "a claimed matrícula registers nothing" \
    eq "$(db "SELECT count(*) FROM wf_account WHERE email='$REAL'")" 0
check "the claimant is told the coordinators will decide" \
    has "Enviamos el caso a la coordinación" "$(py body "$(to $REAL)")"
SQ=$(to $COORD)
check "the coordinators' matter shows both addresses" \
    sh -c 'case "$1" in *"$2"*"$3"*) exit 0 ;; esac; exit 1' sh \
    "$(py body "$SQ")" "$ALU" "$REAL"
check "the holder is told" has "reclama su matrícula" \
    "$(py subject "$(to $ALU)")"
reply "$SQ" "$COORD" "APROBAR" "$M/squat-ok.eml"
deliver_mail "$M/squat-ok.eml"
run squatok
check "approved: the holder is suspended" eq "$(state_of $ALU)" suspendida
check "approved: the holder's personal address is revoked" eq \
    "$(db "SELECT token_hash IS NULL FROM wf_account WHERE email='$ALU'")" 1
check "approved: the claimant is told to register" \
    has "Envíe de nuevo" "$(py body "$(to $REAL)")"
send squat2 "$REAL" "$MAILBOX" "REGISTRO" "Matrícula: 2021030456
Nombre: Ana López Ruiz
Carrera: Ingeniería en Sistemas
Créditos: 78%" "$(ar $REAL)"
check "the real owner now registers her matrícula" eq \
    "$(db "SELECT s.matricula FROM wf_student s JOIN wf_account a ON a.id = s.account_id WHERE a.email='$REAL'")" 2021030456

check "INBOX is empty" eq "$(folder_count INBOX)" 0
finish
