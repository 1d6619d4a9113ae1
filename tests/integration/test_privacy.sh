#!/bin/sh
# SPDX-License-Identifier: ISC
# Personal data as the 2025 laws ask (issue 12), through a real Dovecot,
# smtp-sink and tequiod --once: the aviso de privacidad simplificado goes
# with the first reply to every new person (and only the first), the
# integral one answers PRIVACIDAD, registration notes when it was shown;
# identity documents and the raw mail that carried them are sealed in the
# spool, and a spool read without the key holds no plaintext PDF or image
# of them.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh

lifecycle_servers
export TEQUIO_NOW=1795000000
SIMPLE="AVISO DE PRIVACIDAD SIMPLIFICADO"

send() {	# send NAME FROM TO SUBJECT BODY [headers] [-- atts]
	sd_name=$1
	shift
	mime "$M/$sd_name.eml" "$@"
	deliver_mail "$M/$sd_name.eml"
	run "$sd_name"
}

# ---- 1: the aviso on first contact, once per person ------------------------
send first "Ana López <$ALU>" "$MAILBOX" "AYUDA" "Hola." "$(ar $ALU)"
b=$(py body "$(to $ALU)")
check "first reply to a new address carries the simplified aviso" \
    has "$SIMPLE" "$b"
check "the aviso names the ARCO commands" has "CANCELAR MIS DATOS" "$b"
check "the aviso says where the integral one is" has "PRIVACIDAD" "$b"
check "the aviso is recorded as shown, with the time" \
    eq "$(db "SELECT shown_at FROM privacy_notice WHERE address = '$ALU'")" \
    "$TEQUIO_NOW"

send second "Ana López <$ALU>" "$MAILBOX" "ESTADO" "" "$(ar $ALU)"
b=$(py body "$(to $ALU)")
check "second reply: no second aviso" eval "! printf '%s' \"\$b\" | grep -qF '$SIMPLE'"
check "second reply is still the answer" has "ESTADO" "$b"

TAGGED=ana.lopez+x@alumnos.utv.edu.mx
send tagged "Ana López <$TAGGED>" "$MAILBOX" "AYUDA" "" "$(ar $TAGGED)"
b=$(py body "$(to $TAGGED)")
check "a +tag of the same inbox is not a new person" \
    eval "! printf '%s' \"\$b\" | grep -qF '$SIMPLE'"

# ---- 2: PRIVACIDAD answers with the integral aviso -------------------------
send integral "Ana López <$ALU>" "$MAILBOX" "PRIVACIDAD" "" "$(ar $ALU)"
b=$(py body "$(to $ALU)")
check "PRIVACIDAD returns the integral aviso" \
    has "AVISO DE PRIVACIDAD INTEGRAL" "$b"
check "the integral aviso names the responsable" \
    has "Universidad Tecnológica del Valle" "$b"
check "the integral aviso explains cancelación" has "CANCELAR MIS DATOS" "$b"

# ---- 3: registration notes when the aviso was shown -----------------------
TEQUIO_NOW=1795000600
send reg "Ana López <$ALU>" "$MAILBOX" "REGISTRO" "Matrícula: 2021030456
Nombre: Ana López Cruz
Carrera: Ingeniería en Software
Créditos: 75" "$(ar $ALU)"
check "the account records the date the aviso was first shown" \
    eq "$(db "SELECT aviso_shown_at FROM wf_account WHERE email = '$ALU'")" \
    1795000000

NEW=beto.ruiz@alumnos.utv.edu.mx
send reg2 "Beto Ruiz <$NEW>" "$MAILBOX" "REGISTRO" "Matrícula: 2021030999
Nombre: Beto Ruiz
Carrera: Ingeniería en Software
Créditos: 80" "$(ar $NEW)"
check "registering on first contact: the reply carries the aviso" \
    has "$SIMPLE" "$(py body "$(to $NEW)")"
check "registering on first contact: the account has the date" \
    eq "$(db "SELECT aviso_shown_at FROM wf_account WHERE email = '$NEW'")" \
    1795000600


# ---- 4: identity documents sealed at rest ----------------------------------
SPOOL=$HARNESS_DIR/t/spool
KEY=$HARNESS_DIR/t/spool.key
PROBE=${SPOOL_PROBE:-$TEQUIO_ROOT/${BUILD:-build}/san/tools/spool_probe}
# spool_has PATH: the spool still holds what PATH names (a file, or a
# raw message inside a batch's pack, which has no file of its own).
spool_has() {
	"$PROBE" "$KEY" "$1" >/dev/null 2>&1
}
# spool_gone PATH: its bytes are gone (a pack member reads as erased),
# and a pack goes with its last member.
spool_gone() {
	"$PROBE" "$KEY" "$1" 2>/dev/null | grep -q ': gone$' &&
	    test ! -e "${1%%#*}"
}

# plain DIR...: the files holding a PDF, JPEG or PNG in the clear (a
# document is stored whole, so it starts with its signature), or its
# base64 form anywhere (as in a raw message); prints one line per file.
# A short signature is looked for at the start only: three bytes such as
# JPEG's occur by chance in a few hundred kilobytes of ciphertext.
plain() {
	/usr/bin/python3 - "$@" <<'PY'
import os, sys
starts = [b"%PDF", b"\xff\xd8\xff", b"\x89PNG"]
inside = [b"JVBERi0", b"/9j/4", b"iVBORw0KGgo"]
def paths(top):
    if os.path.isfile(top):
        yield top
    for d, _, files in os.walk(top):
        for f in files:
            yield os.path.join(d, f)
for top in sys.argv[1:]:
    for p in paths(top):
        data = open(p, "rb").read()
        if any(data.startswith(s) for s in starts) or \
           any(s in data for s in inside):
            print(p)
PY
}

check "the scanner sees the fixtures in the clear (it can fail)" \
    eq "$(plain "$FIX/ine.pdf" "$FIX/foto.jpg" "$FIX/logo.png" | wc -l)" 3
check "the spool key was created 0600, beside the secret" \
    eq "$(stat -c %a "$KEY" 2>/dev/null)" 600
check "the key file is 32 bytes" eq "$(stat -c %s "$KEY")" 32

# shellcheck disable=SC2046 # one word per attachment
salud_registration "$M/dep.eml" decreto.pdf=decreto.pdf:application/pdf \
    nombramiento.pdf=nombramiento.pdf:application/pdf \
    ine.pdf=ine.pdf:application/pdf domicilio.pdf=domicilio.pdf:application/pdf \
    rfc.pdf=rfc.pdf:application/pdf logo.png=logo.png:image/png
deliver_mail "$M/dep.eml"
run dep
NC=$(to $COORD)
send foto "Ana López <$ALU>" "$MAILBOX" "FOTO" "" "$(ar $ALU)" -- \
    foto.jpg=foto.jpg:image/jpeg
check "the documents were stored" test "$(db "SELECT count(*) FROM wf_document")" -ge 7
check "a spool read without the key: no PDF, JPEG or PNG in the clear" \
    eq "$(plain "$SPOOL" | wc -l)" 0
# The first 8 bytes of each raw message in its pack, distinct, in hex.
check "every raw message starts sealed, inside its pack" eq "$(db \
    "SELECT spool_path FROM message" | /usr/bin/python3 -c '
import sys
seen = set()
for line in sys.stdin:
    pack, at = line.strip().rsplit("#", 1)
    off = int(at.split("+")[0])
    with open(pack, "rb") as f:
        f.seek(off)
        seen.add(f.read(8).hex())
print(" ".join(sorted(seen)))')" "$(printf '\0TQSEAL\1' | od -An -tx1 |
    tr -d ' \n')"

py save "$NC" ine "$HARNESS_DIR/ine.out" 2>/dev/null
check "the coordinator still gets the INE, opened, byte for byte" \
    cmp -s "$HARNESS_DIR/ine.out" "$FIX/ine.pdf"

# ---- 5: a spool kept in the clear by release 1 is sealed at start ---------
INE_PATH=$(db "SELECT path FROM wf_document WHERE kind = 'ine' LIMIT 1")
cp "$FIX/ine.pdf" "$INE_PATH"
db "DELETE FROM meta WHERE key = 'spool_sealed'" >/dev/null
check "an old plain INE is seen in the spool" eq "$(plain "$SPOOL" | wc -l)" 1
send old "Ana López <$ALU>" "$MAILBOX" "ESTADO" "" "$(ar $ALU)"
check "after the start no plain file is left" eq "$(plain "$SPOOL" | wc -l)" 0
check "the sealing is recorded as done" \
    eq "$(db "SELECT value FROM meta WHERE key = 'spool_sealed'")" 1
check "no temporary file is left behind" \
    eq "$(find "$SPOOL/tmp" -type f | wc -l)" 0

# ---- 6: the wrong key, or none, stops start-up -----------------------------
cp "$KEY" "$HARNESS_DIR/key.good"
head -c 32 /dev/urandom >"$KEY"
tequiod_once 2>"$HARNESS_DIR/wrong.log"
check "another key: start-up stops with 78" eq "$?" 78
check "another key: the log says so" \
    grep -q "not the key the spool was sealed with" "$HARNESS_DIR/wrong.log"
rm -f "$KEY"
tequiod_once 2>"$HARNESS_DIR/none.log"
check "no key under a sealed spool: start-up stops with 78" eq "$?" 78
check "no key: none is made up in its place" test ! -e "$KEY"
check "no key: the log says to restore it" \
    grep -q "restore it from your backup" "$HARNESS_DIR/none.log"
cp "$HARNESS_DIR/key.good" "$KEY"
chmod 600 "$KEY"

# ---- 7: retention over pinned time ----------------------------------------
CODE=$(code_of "$NC")
TEQUIO_NOW=1795001000
send aprobar "$COORD" "$MAILBOX" "APROBAR $CODE" "" "$(ar $COORD)"
f=$(to $DEP)
py save "$f" convenio- "$HARNESS_DIR/convenio.pdf"
FOLIO=$(db "SELECT folio FROM letter_issued WHERE kind = 'convenio'")
check "the convenio was issued" test -n "$FOLIO" -a -s "$HARNESS_DIR/convenio.pdf"
DEP_ID=$(db "SELECT id FROM wf_account WHERE email = '$DEP'")
INE_FILE=$(db "SELECT path FROM wf_document WHERE kind = 'ine'")
LOGO_FILE=$(db "SELECT path FROM wf_document WHERE kind = 'logo'")
REG_MSG=$(db "SELECT spool_path FROM message WHERE id = (SELECT msg_row FROM wf_document WHERE kind = 'ine')")
# Mail nobody can answer, quarantined at once.
deliver_mail tests/fixtures/no-header-section.eml
run quarantined
Q_FILE=$(db "SELECT spool_path FROM message WHERE outcome = 'quarantined'")
check "a quarantined message is kept for now" spool_has "$Q_FILE"

# A registration from an unproven sender, never confirmed: kept waiting.
UNC=contacto@unconfirmed.example
mime "$M/unc.eml" "$UNC" "$MAILBOX" "REGISTRO DEPENDENCIA" "Nombre: X" \
    -- ine.pdf=ine.pdf:application/pdf
deliver_mail "$M/unc.eml"
run unconfirmed
UNC_ATT=$(db "SELECT a.path FROM wf_pending_att a JOIN wf_pending p ON p.id = a.pending_id WHERE p.email = '$UNC'")
UNC_MSG=$(db "SELECT spool_path FROM message WHERE from_addr = '$UNC'")
check "an unconfirmed command keeps its attachment, sealed" test -s "$UNC_ATT"
check "the raw messages are kept for now, in packs" eval \
    'spool_has "$REG_MSG" && spool_has "$UNC_MSG" && case $REG_MSG in *.pack#*) ;; *) false ;; esac'

DAY=86400
TEQUIO_NOW=$((1795001000 + 179 * DAY))
out=$("$TEQUIOCTL" -c "$CONF" purge --dry-run)
check "day 179 after the decision: no identity document due" \
    eq "$(printf '%s\n' "$out" | grep -c 'documento de identidad')" 0
check "day 179: quarantined mail past 30 days is due" \
    has "correo sin respuesta o en cuarentena" "$out"
TEQUIO_NOW=$((1795001000 + 181 * DAY))
out=$("$TEQUIOCTL" -c "$CONF" purge --dry-run)
check "day 181: the five identity documents are due" \
    eq "$(printf '%s\n' "$out" | grep -c "documento de identidad.cuenta $DEP_ID")" 5
check "dry run: the INE is still there" test -s "$INE_FILE"
check "dry run: nothing recorded" \
    eq "$(db "SELECT count(*) FROM purge_log")" 0

send daily "Ana López <$ALU>" "$MAILBOX" "ESTADO" "" "$(ar $ALU)"
check "the daily purge removed the INE from the spool" test ! -e "$INE_FILE"
check "and the raw message that carried it" spool_gone "$REG_MSG"
check "and the quarantined mail" spool_gone "$Q_FILE"
check "the logo (not an identity document) stays" test -s "$LOGO_FILE"
check "an expired unconfirmed command's attachment is purged" test ! -e "$UNC_ATT"
check "... and the raw message that carried it" spool_gone "$UNC_MSG"
check "... and the text of the command" \
    eq "$(db "SELECT body || subject FROM wf_pending WHERE email = '$UNC'")" ""
check "the purge is recorded: kind, whose, when" \
    eq "$(db "SELECT count(*) FROM purge_log WHERE kind = 'documento de identidad' AND whose = 'cuenta $DEP_ID' AND at = $TEQUIO_NOW")" 5
check "the record holds no content: no name, no file name" \
    eq "$(db "SELECT count(*) FROM purge_log WHERE what LIKE '%.pdf%' OR whose LIKE '%@%' OR what LIKE '%Pérez%'")" 0
check "purged rows keep no path" \
    eq "$(db "SELECT count(*) FROM wf_document WHERE purged_at IS NOT NULL AND path != ''")" 0
# A crash after the purge was recorded, before the file went: the next
# run removes the file of the row already marked.
db "UPDATE wf_document SET purged_at = $TEQUIO_NOW WHERE kind = 'logo' AND account_id = $DEP_ID"
"$TEQUIOCTL" -c "$CONF" purge --now >/dev/null 2>&1
check "a purge cut short is finished by the next run" test ! -e "$LOGO_FILE"
check "... and its path forgotten" eq "$(db "SELECT path FROM wf_document WHERE kind = 'logo' AND account_id = $DEP_ID")" ""
check "a second purge finds nothing" \
    has "0 elemento(s)" "$("$TEQUIOCTL" -c "$CONF" purge --now)"

mime "$M/verif.eml" "rh@empresa.example" "$MAILBOX" "VERIFICAR $FOLIO" "" \
    -- "convenio.pdf=$HARNESS_DIR/convenio.pdf:application/pdf"
deliver_mail "$M/verif.eml"
run verif
b=$(py body "$(to rh@empresa.example)")
check "after the purge the convenio is still verifiable" \
    has "DOCUMENTO AUTÉNTICO" "$b"
check "and the PDF still matches its hash" has "idéntico al documento emitido" "$b"
check "a VERIFICAR that named the holder is in the access log" eq \
    "$(db "SELECT count(*) FROM access_log WHERE recipient = 'rh@empresa.example' AND what = 'VERIFICAR $FOLIO: nombre del titular' AND account_id = $DEP_ID")" 1

# ---- 8: ARCO by mail --------------------------------------------------------
# date_es T: the day of timestamp T in the institution's zone, as letters
# print it.
date_es() {
	/usr/bin/python3 - "$1" <<'PY'
import sys, datetime, zoneinfo
d = datetime.datetime.fromtimestamp(int(sys.argv[1]),
    zoneinfo.ZoneInfo("America/Mexico_City")).date()
m = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
     "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
print(f"{d.day} de {m[d.month - 1]} de {d.year}")
PY
}

send acceso "Ana López <$ALU>" "$MAILBOX" "MIS DATOS" "" "$(ar $ALU)"
f=$(to $ALU)
check "MIS DATOS: a PDF summary and her photo" \
    eq "$(py atts "$f")" "mis-datos.pdf,foto.jpg"
p=$(py pdf "$f" mis-datos)
check "the summary holds her record" has "2021030456" "$p"
check "the summary lists her documents with their hash" \
    has "$(sha256sum "$FIX/foto.jpg" | cut -c1-20)" "$p"
check "the summary lists the mail she sent" has "Correos recibidos" "$p"
check "the summary lists her ARCO requests" has "Solicitudes ARCO" "$p"
py save "$f" foto "$HARNESS_DIR/foto.out"
check "her photo comes back opened, byte for byte" \
    cmp -s "$HARNESS_DIR/foto.out" "$FIX/foto.jpg"
py save "$f" mis-datos "$HARNESS_DIR/sum.pdf"

send acceso_forged "Ana López <$ALU>" "$MAILBOX" "MIS DATOS" ""
f=$(to $ALU)
check "MIS DATOS from an unproven sender: nothing disclosed" \
    eq "$(py atts "$f")" ""
check "MIS DATOS from an unproven sender: asked to confirm first" \
    has "CONFIRMAR" "$(py body "$f")"

# Too big for one mail: the photo goes in a second one.
PDFSZ=$(stat -c %s "$HARNESS_DIR/sum.pdf")
FOTOSZ=$(stat -c %s "$FIX/foto.jpg")
write_conf "$HARNESS_DIR/t" limits.max_attachment_bytes=1024 \
    limits.max_message_bytes=$(( (PDFSZ + FOTOSZ / 2) * 4 / 3 ))
send split "Ana López <$ALU>" "$MAILBOX" "MIS DATOS" "" "$(ar $ALU)"
check "split: two mails to her" eq "$(grep -c . "$HARNESS_DIR/new")" 2
check "split: the photo travels in the second" \
    eq "$(for x in $(cat "$HARNESS_DIR/new"); do py atts "$x"; done | sort | tr '\n' ' ')" \
    "foto.jpg mis-datos.pdf "
write_conf "$HARNESS_DIR/t"

send rect_empty "Ana López <$ALU>" "$MAILBOX" "RECTIFICAR" "Por favor." "$(ar $ALU)"
check "RECTIFICAR without fields: says how" \
    has "Nombre: María Pérez Núñez" "$(py body "$(to $ALU)")"
send rect "Ana López <$ALU>" "$MAILBOX" "RECTIFICAR" "Nombre: Ana López Cruz de la Torre" "$(ar $ALU)"
b=$(py body "$(to $ALU)")
DUE_AT=$(db "SELECT due FROM arco_request WHERE kind = 'rectificacion'")
DUE=$(date_es "$DUE_AT")
check "RECTIFICAR: the reply gives the legal deadline" has "$DUE" "$b"
check "the deadline is 20 business days: at least 28 calendar days ahead" \
    test "$DUE_AT" -ge $((TEQUIO_NOW + 28 * 86400))
n=$(to $COORD)
check "RECTIFICAR: the coordinators get a matter with a code" \
    test -n "$(code_of "$n")"
RCODE=$(code_of "$n")
send pend "$COORD" "$MAILBOX" "PENDIENTES" "" "$(ar $COORD)"
b=$(py body "$(to $COORD)")
check "PENDIENTES shows the ARCO request with its deadline" \
    has "rectificación de datos de $ALU (plazo legal: $DUE)" "$b"
send op_empty "Ana López <$ALU>" "$MAILBOX" "OPOSICION" "" "$(ar $ALU)"
check "OPOSICION without a motivo: refused, saying how" \
    has "Falta el motivo" "$(py body "$(to $ALU)")"
send op "Ana López <$ALU>" "$MAILBOX" "OPOSICION uso en estadísticas" "" "$(ar $ALU)"
check "OPOSICION: a matter for the coordinators" test -n "$(code_of "$(to $COORD)")"
# Reminders before the legal deadline, one a day per request.
T8=$TEQUIO_NOW
reminders() {
	for x in $(cat "$HARNESS_DIR/new"); do py subject "$x"; done |
	    grep -c "plazo de la solicitud ARCO"
}
TEQUIO_NOW=$((T8 + 2 * DAY))
send early "Ana López <$ALU>" "$MAILBOX" "ESTADO" "" "$(ar $ALU)"
check "no reminder while the deadline is far" eq "$(reminders)" 0
TEQUIO_NOW=$(( $(db "SELECT due FROM arco_request WHERE kind = 'oposicion'") - 2 * DAY ))
send late "Ana López <$ALU>" "$MAILBOX" "ESTADO" "" "$(ar $ALU)"
check "two days before: the coordinator is reminded of both requests" \
    eq "$(reminders)" 2
b=$(py body "$(for x in $(cat "$HARNESS_DIR/new"); do case $(py subject "$x") in *plazo*) echo "$x";; esac; done | head -n 1)")
check "the reminder names the request and its date" has "vence el" "$b"
TEQUIO_NOW=$((TEQUIO_NOW + 3600))
"$TEQUIOD" -c "$CONF" --once 2>>"$LOG"
check "the same day: no second reminder" eq "$(db "SELECT count(*) FROM outbox WHERE message_id LIKE 'tq.arco.%'")" 2
TEQUIO_NOW=$T8
send rect_ok "$COORD" "$MAILBOX" "APROBAR $RCODE" "" "$(ar $COORD)"
check "the requester hears her rectificación was attended" \
    has "atendió su solicitud de rectificación" "$(py body "$(to $ALU)")"
check "the request is marked attended" \
    eq "$(db "SELECT state FROM arco_request WHERE kind = 'rectificacion'")" atendida
check "the rectified name is applied to the account" \
    eq "$(db "SELECT name FROM wf_account WHERE email = '$ALU'")" "Ana López Cruz de la Torre"

send cancel "Ana López <$ALU>" "$MAILBOX" "CANCELAR MIS DATOS" "" "$(ar $ALU)"
check "CANCELAR MIS DATOS: blocked at once" \
    eq "$(db "SELECT blocked_at FROM wf_account WHERE email = '$ALU'")" "$TEQUIO_NOW"
check "CANCELAR MIS DATOS: says what is kept" \
    has "folios de las cartas" "$(py body "$(to $ALU)")"
ALU_ID=$(db "SELECT id FROM wf_account WHERE email = '$ALU'")
BLOCKED=$TEQUIO_NOW
TEQUIO_NOW=$((BLOCKED + 1824 * DAY))
check "a cancelled file waits for its retention" eq \
    "$("$TEQUIOCTL" -c "$CONF" purge --dry-run | grep -c "cuenta $ALU_ID")" 0
TEQUIO_NOW=$((BLOCKED + 1826 * DAY))
check "and is purged when it ends" test \
    "$("$TEQUIOCTL" -c "$CONF" purge --dry-run | grep -c "cuenta $ALU_ID")" -ge 1
TEQUIO_NOW=$BLOCKED

# ---- 9: who sees what --------------------------------------------------------
check "documents mailed to the coordinator are in the access log" \
    test "$(db "SELECT count(*) FROM access_log WHERE recipient = '$COORD' AND what LIKE 'documento %'")" -ge 6
EXT=coord.externa@gmail.com
# agency NAME EMAIL RFC: a complete REGISTRO DEPENDENCIA, verified.
agency() {
	mime "$M/$1.eml" "$1 <$2>" "$MAILBOX" "REGISTRO DEPENDENCIA" "Nombre: $1
Tipo: pública
RFC: $3
Representante: Jorge Ruiz
Cargo: Director
Domicilio: Calle 5 de Mayo 3
Teléfono: 951 111 2233" "$(ar $2)" -- decreto.pdf=decreto.pdf:application/pdf \
	    nombramiento.pdf=nombramiento.pdf:application/pdf \
	    ine.pdf=ine.pdf:application/pdf \
	    domicilio.pdf=domicilio.pdf:application/pdf \
	    rfc.pdf=rfc.pdf:application/pdf logo.png=logo.png:image/png
	deliver_mail "$M/$1.eml"
	run "$1"
}
sed -i "s/^coordinators = .*/coordinators = $COORD, $EXT/" "$CONF"
DEP2=rh@agua.oaxaca.gob.mx
agency agua "$DEP2" CEA850101AB1
n=$(to $COORD)
check "an in-domain coordinator gets the INE" has "ine.pdf" "$(py atts "$n")"
n=$(to $EXT)
check "a coordinator outside the domain gets no identity document" \
    eq "$(py atts "$n")" "decreto.pdf,nombramiento.pdf,logo.png"
b=$(py body "$n")
check "it is listed with its hash instead" \
    has "SHA-256 $(sha256sum "$FIX/ine.pdf" | cut -d' ' -f1)" "$b"
check "and says only the institution's addresses get it" \
    has "Solo se entrega a la coordinación desde una dirección de utv.edu.mx" "$b"
check "nothing held back is in the access log" eq \
    "$(db "SELECT count(*) FROM access_log WHERE recipient = '$EXT' AND what LIKE '%ine%'")" 0

printf '[privacy]\nmail_identity_documents = no\n' >>"$CONF"
DEP3=enlace@cultura.oaxaca.gob.mx
agency cultura "$DEP3" SCU850101AB2
n=$(to $COORD)
check "mail_identity_documents = no: not even in-domain" \
    eq "$(py atts "$n")" "decreto.pdf,nombramiento.pdf,logo.png"
INE_ID=$(db "SELECT d.id FROM wf_document d JOIN wf_account a ON a.id = d.account_id WHERE a.email = '$DEP3' AND d.kind = 'ine'")
check "mail_identity_documents = no: how to ask for it" \
    has "Pídalo con el asunto «DOCUMENTO $INE_ID»" "$(py body "$n")"
send doc "$COORD" "$MAILBOX" "DOCUMENTO $INE_ID" "" "$(ar $COORD)"
f=$(to $COORD)
py save "$f" ine "$HARNESS_DIR/ine2.out" 2>/dev/null
check "DOCUMENTO <id>: the INE, opened, byte for byte" \
    cmp -s "$HARNESS_DIR/ine2.out" "$FIX/ine.pdf"
check "DOCUMENTO <id> is logged" eq "$(db "SELECT count(*) FROM access_log WHERE what LIKE 'documento $INE_ID %DOCUMENTO'")" 1
send doc_ext "$EXT" "$MAILBOX" "DOCUMENTO $INE_ID" "" "$(ar $EXT)"
f=$(to $EXT)
check "DOCUMENTO from outside the domain: refused" eq "$(py atts "$f")" ""
check "DOCUMENTO from outside the domain: says why" \
    has "solo se entregan a la coordinación en una dirección de utv.edu.mx" "$(py body "$f")"
send doc_forged "$COORD" "$MAILBOX" "DOCUMENTO $INE_ID" ""
check "DOCUMENTO from an unproven coordinator: nothing sent" \
    eq "$(py atts "$(to $COORD)")" ""
out=$("$TEQUIOCTL" -c "$CONF" access-log)
check "tequioctl access-log prints the disclosure" \
    has "$COORD	cuenta $(db "SELECT id FROM wf_account WHERE email = '$DEP3'")	documento $INE_ID" "$out"
send acc3 "cultura <$DEP3>" "$MAILBOX" "MIS DATOS" "" "$(ar $DEP3)"
f=$(to $DEP3)
check "MIS DATOS includes who received her data" \
    has "Comunicaciones de sus datos" "$(py pdf "$f" mis-datos)"
check "MIS DATOS returns the agency's own INE" has "ine.pdf" "$(py atts "$f")"
# Two agencies sent the same INE bytes: one file in the spool.  Purging
# one agency's copy must leave the other's.
AGUA_INE=$(db "SELECT d.path FROM wf_document d JOIN wf_account a ON a.id = d.account_id WHERE a.email = '$DEP2' AND d.kind = 'ine'")
check "the same bytes are one spool file" eq "$AGUA_INE" \
    "$(db "SELECT path FROM wf_document WHERE id = $INE_ID")"
db "UPDATE wf_document SET purged_at = $TEQUIO_NOW WHERE path = '$AGUA_INE' AND account_id = (SELECT id FROM wf_account WHERE email = '$DEP2')"
"$TEQUIOCTL" -c "$CONF" purge --now >/dev/null 2>&1
check "a file another live document shares is kept" test -s "$AGUA_INE"
check "... while the purged row lets go of it" eq "$(db "SELECT count(*) FROM wf_document WHERE path = '$AGUA_INE' AND purged_at IS NOT NULL")" 0

# ---- 10: the log carries ids, not names ------------------------------------
send beto_foto "Beto Ruiz Hernández <$NEW>" "$MAILBOX" "FOTO" "" "$(ar $NEW)" \
    -- "Foto de Beto Ruiz Hernández.pdf=ine.pdf:application/pdf"
check "a refused file is explained to its sender by name" \
    has "Foto de Beto Ruiz Hernández.pdf" "$(py body "$(to $NEW)")"
check "the daemon's log holds no file name with a person's name" \
    eval "! grep -q 'Ruiz Hernández' '$LOG'"
check "nor the names written in registration forms" \
    eval "! grep -q 'Pérez Núñez' '$LOG'"

"$TEQUIOCTL" -c "$CONF" export "$HARNESS_DIR/export" >/dev/null
check "tequioctl export marks the personal columns" \
    grep -q '^cuentas.csv,correo,sí,' "$HARNESS_DIR/export/datos-personales.csv"
# The map covers exactly the columns written, file by file.
for x in cuentas solicitudes bitacora; do
	check "datos-personales.csv matches the header of $x.csv" eq \
	    "$(grep "^$x.csv," "$HARNESS_DIR/export/datos-personales.csv" | cut -d, -f2 | tr '\n' ',')" \
	    "$(head -n 1 "$HARNESS_DIR/export/$x.csv" | sed "s/^$(printf '\357\273\277')//" | tr -d '\r'),"
done

# ---- 11: when retention ends, the person's own columns go too --------------
# The agency that holds the convenio cancels as well: its folio must stay
# verifiable after its name and address are gone.
send cancel_dep "$DEP" "$MAILBOX" "CANCELAR MIS DATOS" "" "$(ar $DEP)"
check "the agency's cancelación blocks it" test -n \
    "$(db "SELECT blocked_at FROM wf_account WHERE id = $DEP_ID")"
LETTERS=$(db "SELECT group_concat(folio || pdf_sha256) FROM letter_issued")
TEQUIO_NOW=$((TEQUIO_NOW + 1826 * DAY))
"$TEQUIOCTL" -c "$CONF" purge --now >/dev/null
for id in "$ALU_ID" "$DEP_ID"; do
	check "account $id: the name is suppressed" eq \
	    "$(db "SELECT name FROM wf_account WHERE id = $id")" "titular suprimido"
	check "account $id: no address is left" eq \
	    "$(db "SELECT email FROM wf_account WHERE id = $id")" "suprimido-$id"
	check "account $id: the suppression is in purge_log" eq \
	    "$(db "SELECT count(*) FROM purge_log WHERE kind = 'datos personales' AND whose = 'cuenta $id' AND at = $TEQUIO_NOW")" 1
done
check "no other table keeps their addresses" eq "$(db "SELECT (SELECT count(*) FROM privacy_notice WHERE address IN ('$ALU', '$DEP')) + (SELECT count(*) FROM arco_request WHERE email IN ('$ALU', '$DEP')) + (SELECT count(*) FROM access_log WHERE recipient IN ('$ALU', '$DEP'))")" 0
check "their ARCO requests stay, by account" test \
    "$(db "SELECT count(*) FROM arco_request WHERE account_id = $ALU_ID")" -ge 1
check "the student's matrícula is gone" eq \
    "$(db "SELECT count(*) FROM wf_student WHERE matricula = '2021030456'")" 0
check "the agency's RFC and representative are gone" eq \
    "$(db "SELECT rfc || representante || domicilio || telefono FROM wf_agency WHERE account_id = $DEP_ID")" "suprimido-$DEP_ID"
check "no account row holds the student's names any more" eq \
    "$(db "SELECT count(*) FROM wf_account WHERE name LIKE '%López%' OR email IN ('$ALU', '$DEP')")" 0
check "issued folios and their hashes are untouched" eq \
    "$(db "SELECT group_concat(folio || pdf_sha256) FROM letter_issued")" "$LETTERS"
check "a second purge suppresses nobody twice" eq \
    "$(db "SELECT count(*) FROM purge_log WHERE kind = 'datos personales'")" \
    "$("$TEQUIOCTL" -c "$CONF" purge --now >/dev/null; db "SELECT count(*) FROM purge_log WHERE kind = 'datos personales'")"
mime "$M/verif2.eml" "rh2@empresa.example" "$MAILBOX" "VERIFICAR $FOLIO" "" \
    -- "convenio.pdf=$HARNESS_DIR/convenio.pdf:application/pdf"
deliver_mail "$M/verif2.eml"
run verif2
b=$(py body "$(to rh2@empresa.example)")
check "after the suppression the convenio is still authentic" \
    has "DOCUMENTO AUTÉNTICO" "$b"
check "and the PDF still matches its hash" has "idéntico al documento emitido" "$b"

finish
