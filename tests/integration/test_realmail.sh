#!/bin/sh
# SPDX-License-Identifier: ISC
# Mail as people really write it (issue 9), through a real Dovecot,
# smtp-sink and tequiod --once: the fixtures in tests/fixtures/ shaped
# like Gmail, Outlook (desktop, 365, Android, Outlook.com), iPhone, Apple
# Mail and Thunderbird output, delivered as our MX would (its
# Authentication-Results on top), replies carrying the real token of the
# mail they answer.  One agency and one student go from registration to
# a report sent again after its rejection; each step checks the reply the
# person gets and the state in the database.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh
FX=$TEQUIO_ROOT/tests/fixtures
DEP=rh@turismo.oaxaca.gob.mx
ALU=valeria.cruz@alumnos.utv.edu.mx
TOK=k3m9q2w7x4z8b5n6r1t0y2u4	# the token written in the reply fixtures

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
# 60000 bytes per file: the Apple Mail scan (72 KB) is over it
write_conf "$HARNESS_DIR/t" "limits.max_attachment_bytes=60000" \
    "roles.coordinator_names=coordinacion@utv.edu.mx: Mtra. Adriana Sánchez Olivera"
M=$HARNESS_DIR/mail
FX_TMP=$HARNESS_DIR/fixtures
mkdir -p "$M" "$FX_TMP"
: >"$HARNESS_DIR/seen"
LOG=$HARNESS_DIR/tequiod.log
export TEQUIO_NOW=1795000000

# token_of FILE: the token of a mail we sent (from its Reply-To).
token_of() {
	py replyto "$1" | sed -n 's/^servicio\.social+\([a-z0-9]*\)@.*/\1/p'
}

# fixture NAME FROM [TOKEN [CODE]]: deliver tests/fixtures/NAME.eml with
# our MX's verdict for FROM on top (FROM "-": none), TOKEN in place of
# the fixture's and CODE in place of its RFD-74R; then run tequiod.
fixture() {
	fx_out=$M/$1.eml
	{
		[ "$2" != - ] && printf '%s\r\n' "$(ar "$2")"
		sed -e "s/$TOK/${3:-$TOK}/g" -e "s/RFD-74R/${4:-RFD-74R}/g" \
		    "${FXDIR:-$FX}/$1.eml"
	} >"$fx_out"
	deliver_mail "$fx_out"
	run "$1"
}

not_has() {	# not_has TEXT STRING
	case $2 in
	*"$1"*)
		echo "     \"$1\" found in: $(echo "$2" | head -c 600)" >&2
		return 1 ;;
	esac
	return 0
}

# swap_att FILE NAME=PATH...: in FILE, the base64 body of the part whose
# filename is NAME becomes PATH's bytes; every other byte stays.
swap_att() {
	/usr/bin/python3 - "$@" <<'PY'
import base64, re, sys
path = sys.argv[1]
raw = open(path, "rb").read().decode("latin-1")
for arg in sys.argv[2:]:
    name, new = arg.split("=", 1)
    name = name.encode("utf-8").decode("latin-1")
    data = base64.b64encode(open(new, "rb").read()).decode()
    lines = "\r\n".join(data[i:i + 76] for i in range(0, len(data), 76))
    pat = re.compile('(filename="' + re.escape(name) +
        '"[^\r]*\r\n(?:[^\r]+\r\n)*\r\n)[A-Za-z0-9+/=\r\n]+?(\r\n--)')
    raw, n = pat.subn(lambda m: m.group(1) + lines + m.group(2), raw, 1)
    if n != 1:
        sys.exit("no part named " + name)
open(path, "wb").write(raw.encode("latin-1"))
PY
}

body_to() {
	py body "$(to "$1")"
}

# ==== item 2: a reply with the missing file is DOCUMENTOS ==============
mime "$M/reg.eml" "María Elena Jiménez Ruiz <$DEP>" "$MAILBOX" \
    "REGISTRO DEPENDENCIA" "Nombre: Secretaría de Turismo de Oaxaca
Tipo: pública
RFC: STO850101AB1
Representante: María Elena Jiménez Ruiz
Cargo: Directora de Recursos Humanos
Domicilio: Av. Juárez 703, Oaxaca de Juárez
Teléfono: 951 502 1200" "$(ar $DEP)" -- \
    "decreto.pdf=decreto.pdf:application/pdf" \
    "nombramiento.pdf=nombramiento.pdf:application/pdf" \
    "INE representante.pdf=ine.pdf:application/pdf" \
    "rfc.pdf=rfc.pdf:application/pdf" "logo.png=logo.png:image/png"
deliver_mail "$M/reg.eml"
run "registro sin comprobante"
f=$(to $DEP)
b=$(py body "$f")
check "registration: the comprobante is missing" \
    has "comprobante de domicilio: falta" "$b"
check "no Estimado(a): the representative by name and post" \
    has "María Elena Jiménez Ruiz
Directora de Recursos Humanos, Secretaría de Turismo de Oaxaca

Buen día:" "$b"

fixture gmail-reply-faltan-documentos "$DEP" "$(token_of "$f")"
check "reply with the missing file: a reply and the coordinator's notice" \
    eq "$(new_count)" 2
b=$(body_to $DEP)
check "the reply is read as DOCUMENTOS" \
    has "Recibimos su mensaje con el comando DOCUMENTOS." "$b"
check "not told «faltan documentos» after sending the missing one" \
    not_has "Lo que falta" "$b"
check "the file is named with what was done with it" has \
    "- Comprobante de domicilio.pdf: documento PDF; lo tomamos como comprobante de domicilio y lo guardamos." "$b"
check "the agency is greeted by its representative's name and post" has \
    "María Elena Jiménez Ruiz
Directora de Recursos Humanos, Secretaría de Turismo de Oaxaca

Buen día:" "$b"
check "agency under review" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$DEP'")" en_revision
n=$(to $COORD)
check "the coordinator is greeted by the configured name" \
    has "Buen día, Mtra. Adriana Sánchez Olivera:" "$(py body "$n")"
CODE=$(code_of "$n")

# ==== item 3: the INE's two sides are both kept ========================
fixture outlookcom-ine-dos-lados "$DEP"
b=$(body_to $DEP)
check "INE front and back: both named" has "INE reverso.png: imagen PNG; lo tomamos como el otro lado de la INE del representante y lo guardamos." "$b"
check "INE front and back: both current" eq "$(db "SELECT group_concat(filename, '|') FROM (SELECT filename FROM wf_document WHERE kind = 'ine' AND state = 'vigente' ORDER BY ref_id)")" \
    "INE frente.jpg|INE reverso.png"

# ==== item 1: "Aprobar RFD-74R, gracias" (Outlook 365) =================
fixture outlook365-aprobar-gracias "$COORD" "$TOK" "$CODE"
check "APROBAR with courtesy after the code: convenio approved" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$DEP'")" \
    convenio_vigente
f=$(to $DEP)
DEP_ADDR=$(personal_of "$f")
check "the agency got its personal address" test -n "$DEP_ADDR"

mime "$M/prog.eml" "$DEP" "$DEP_ADDR" "PROGRAMA" "Nombre: Guías de turismo comunitario
Vacantes: 2
Horario: lunes a viernes, 9 a 13 h
Lugar: Centro Histórico
Descripción: recorridos guiados; atención a visitantes" -- \
    "listado de actividades.pdf=actividades.pdf:application/pdf"
deliver_mail "$M/prog.eml"
run "programa"
check "program 1 published" has "Publicamos el programa 1" "$(body_to $DEP)"

# ==== item 5: the matrícula as typed becomes one spelling ===============
mime "$M/alu.eml" "Valeria Cruz Santiago <$ALU>" "$MAILBOX" "Registro" \
    "Matrícula: s2102 3456
Nombre: Valeria Cruz Santiago
Carrera: Turismo
Créditos: 75" "$(ar $ALU)"
deliver_mail "$M/alu.eml"
run "registro alumna"
check "matrícula stored without spaces, in capitals" eq \
    "$(db "SELECT matricula FROM wf_student")" S21023456
check "no gendered word for the student" not_has "alumno" "$(body_to $ALU)"

# ==== item 3: a pasted photo (Gmail) and a HEIC photo (iPhone) ==========
fixture gmail-foto-inline "$ALU"
b=$(body_to $ALU)
check "pasted photo: stored" has "Guardamos su fotografía" "$b"
check "pasted photo: named" has "- IMG_20261123_094512.jpg: imagen JPEG; lo tomamos como foto de perfil y lo guardamos." "$b"
fixture apple-foto-dos "$ALU"
b=$(body_to $ALU)
check "two photos: one verdict, the first kept" has "Guardamos su fotografía" "$b"
check "two photos: no refusal" not_has "No hicimos ningún cambio" "$b"
check "two photos: says which was kept and why" has "- IMG_0102.png: imagen PNG; no lo usamos: ya tomamos «IMG_0101.jpeg» como foto de perfil, que va en un solo archivo; si el bueno es este, envíelo solo." "$b"
fixture iphone-foto-heic "$ALU"
b=$(body_to $ALU)
check "HEIC photo: accepted" has "Guardamos su fotografía" "$b"
check "HEIC photo: named in words" has "foto de iPhone (HEIC), que convertimos a JPEG" "$b"
check "HEIC photo: stored as JPEG" eq "$(db "SELECT magic_type FROM wf_document WHERE kind = 'foto' AND state = 'vigente'")" image/jpeg

# ==== item 1: NFD intent phrase; an ambiguous and a greeted reply =======
fixture apple-presentacion-nfd "$ALU"
check "NFD «Solicitud de carta de presentación» is PRESENTACION" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$ALU'")" \
    presentacion_pendiente
n=$(to $COORD)
fixture outlook-android-reply-ambigua "$COORD" "$(token_of "$n")"
check "ambiguous answer: only the question" eq "$(new_count)" 1
check "ambiguous answer: one question back" \
    has "¿Lo aprueba o lo rechaza?" "$(body_to $COORD)"
check "ambiguous answer changed nothing" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$ALU'")" \
    presentacion_pendiente
fixture iphone-reply-aprobado "$COORD" "$(token_of "$n")"
check "«Buenas tardes: Aprobado, gracias.» approves" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$ALU'")" \
    con_presentacion
f=$(to $ALU)
py save "$f" presentacion- "$HARNESS_DIR/presentacion.pdf"
py save "$f" constancia- "$HARNESS_DIR/constancia.pdf"

# ==== item 1: "Solicitud al programa 1"; "Aceptado." from the agency ====
# the letters as the student received them (issue 8 checks they are ours)
cp "$FX/outlook-solicitud-al-programa.eml" "$FX_TMP/"
swap_att "$FX_TMP/outlook-solicitud-al-programa.eml" \
    "Carta de presentación.pdf=$HARNESS_DIR/presentacion.pdf" \
    "Constancia de estudios.pdf=$HARNESS_DIR/constancia.pdf"
FXDIR=$FX_TMP
fixture outlook-solicitud-al-programa "$ALU"
FXDIR=
check "«Solicitud al programa 1» applies to program 1" eq \
    "$(db "SELECT program_id FROM wf_application")" 1
n=$(to $DEP)
fixture thunderbird-reply-aceptado "$DEP" "$(token_of "$n")"
check "«Buenos días: Aceptado.» accepts" eq \
    "$(db "SELECT state FROM wf_application")" aceptada
check "what follows «Aceptado.» is no argument" has \
    "Recibimos su mensaje con el comando ACEPTAR." "$(body_to $DEP)"
ACEP=$(to $ALU)

# ==== items 1 and 4: "Reporte de 180 horas" with an extra file ==========
fixture gmail-reporte-de-180-horas "$ALU"
b=$(body_to $ALU)
check "«Reporte de 180 horas» is REPORTE 180" \
    has "Recibimos su mensaje con el comando REPORTE 180." "$b"
check "report taken" has "Lo que hicimos:" "$b"
check "one verdict: no «we changed nothing» beside it" \
    not_has "No hicimos ningún cambio" "$b"
check "the extra file is named, not refused" has "- evidencias.pdf: documento PDF; no lo necesitábamos para este comando; no lo guardamos." "$b"
n=$(to $COORD)

# A file in a reply to another of our mails is no report: the one under
# review stays.
mime "$M/firmada.eml" "$ALU" "$(py replyto "$ACEP")" "Re: $(py subject "$ACEP")" \
    "Adjunto la carta firmada." "In-Reply-To: <$(py msgid "$ACEP")>" -- \
    "carta firmada.pdf=presentacion.pdf:application/pdf"
deliver_mail "$M/firmada.eml"
run "carta firmada"
check "a signed letter in reply to the acceptance replaces no report" eq \
    "$(db "SELECT filename FROM wf_document WHERE kind = 'reporte' AND state = 'vigente'")" \
    "Reporte 180 Valeria Cruz.pdf"
b=$(body_to $ALU)
check "a reply with no command says so, not a Subject with our tag" \
    has "Su correo responde a uno nuestro, pero no dice qué necesita" "$b"
check "and the file is accounted for" has \
    "- carta firmada.pdf: documento PDF; no lo guardamos, porque no supimos para qué lo envía." "$b"
check "the tag is never shown" not_has "[SS:" "$b"

# ==== item 2: the corrected report in winmail.dat, as a reply ==========
mime "$M/rech.eml" "$COORD" "$MAILBOX" \
    "RECHAZAR $(code_of "$n") faltan las firmas" "" "$(ar $COORD)"
deliver_mail "$M/rech.eml"
run "rechazar reporte"
r=$(to $ALU)
check "report rejected" eq "$(db "SELECT state FROM wf_report")" rechazado
fixture outlook-winmail-reporte-reenviado "$ALU" "$(token_of "$r")"
b=$(body_to $ALU)
check "a reply to the rejection with the file is the report again" \
    eq "$(db "SELECT state FROM wf_report")" en_revision
check "read as REPORTE 180" \
    has "Recibimos su mensaje con el comando REPORTE 180." "$b"
check "the report inside winmail.dat is named" has "- Reporte 180 corregido.pdf (dentro de «winmail.dat»): documento PDF; lo tomamos como reporte de actividades y lo guardamos." "$b"
check "winmail.dat in words" has "- winmail.dat: archivo winmail.dat de Outlook; lo abrimos: traía 1 archivo, en esta lista." "$b"

# ==== item 1: a coordinator's "Aceptado." is APROBAR ====================
reply "$(to $COORD)" "$COORD" "Buen día:

Aceptado." "$M/acep.eml"
deliver_mail "$M/acep.eml"
run "aceptado de la coordinación"
check "«Aceptado.» from the coordinator accepts the report" \
    eq "$(db "SELECT state FROM wf_report")" aceptado

# ==== item 6: a report out of order says what to do next ===============
mime "$M/480.eml" "$ALU" "$MAILBOX" "Reporte final de 480 horas" "" \
    "$(ar $ALU)" -- "reporte 480.pdf=reporte480.pdf:application/pdf"
deliver_mail "$M/480.eml"
run "reporte 480 antes de 360"
check "480 before 360: the next step names the 360-hour report" has \
    "Siguiente paso: Envíe primero su reporte de 360 horas, con el asunto REPORTE 360" \
    "$(body_to $ALU)"

# ==== item 1: two hour counts are a question, not a guess ===============
mime "$M/dos.eml" "$ALU" "$MAILBOX" "Reporte 180 y 360" "" "$(ar $ALU)" -- \
    "reporte.pdf=reporte360.pdf:application/pdf"
deliver_mail "$M/dos.eml"
run "reporte 180 y 360"
check "two hour counts: one question" has \
    "¿De cuántas horas es el reporte que envía: de 180 o de 360?" \
    "$(body_to $ALU)"
check "two hour counts: the file waits for the answer" has \
    "- reporte.pdf: documento PDF; no lo guardamos todavía: envíelo de nuevo con su respuesta." \
    "$(py body "$(to $ALU)")"
check "two hour counts: nothing stored" eq \
    "$(db "SELECT count(*) FROM wf_report")" 1

# ==== item 3: a file over the limit is named with its size ==============
fixture apple-reporte-demasiado-grande "$ALU"
b=$(body_to $ALU)
check "oversize: the file, its size and the limit" has "No recibimos «Reporte 360 escaneado.pdf»: pesa 72 KB y el máximo por archivo es 58 KB." "$b"
check "oversize: what to do" has "redúzcalo" "$b"
check "oversize: logged" grep -q "Reporte 360 escaneado.pdf.*73748 bytes.*over max_attachment_bytes" "$LOG"

# ==== item 5: a registered student from a personal address =============
fixture gmail-personal-registered-student -
b=$(body_to valecruz.98@gmail.com)
check "told to write from the institutional address" \
    has "Escríbanos desde su correo institucional va…@alumnos.utv.edu.mx" "$b"
check "not told to REGISTRO again" not_has "asunto REGISTRO" "$b"

# ==== item 3: a forwarded message's attachment =========================
fixture thunderbird-forward-rfc-adjunto "$DEP"
check "the RFC inside the forwarded message replaces the old one" eq \
    "$(db "SELECT filename FROM wf_document WHERE kind = 'rfc' AND state = 'vigente'")" \
    "RFC SECTUR 2026.pdf"

# ==== every reply: no Estimado(a), no MIME type, one verdict ============
for f in $(cat "$HARNESS_DIR/seen"); do
	b=$(py body "$f")
	case $b in
	*"Estimado(a)"*) check "no Estimado(a) in $f" false ;;
	*application/*|*image/*) check "no MIME type in $f" false ;;
	esac
	case $b in
	*"Lo que hicimos:"*"No hicimos ningún cambio"*)
		check "one verdict in $f" false ;;
	esac
done
check "INBOX is empty" eq "$(folder_count INBOX)" 0
check "nothing quarantined" eq "$(folder_count Cuarentena)" 0
finish
