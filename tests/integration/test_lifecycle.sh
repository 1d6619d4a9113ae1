#!/bin/sh
# SPDX-License-Identifier: ISC
# The whole life of one servicio social by e-mail alone, through a real
# Dovecot and smtp-sink and build/san/tequiod --once: an agency registers
# over two mails, the coordinator approves its convenio by code, it
# publishes a program from its personal address; a student registers
# (confirming an unverified first mail), sends a photo, gets the carta de
# presentación, applies, is accepted, is reminded of its first report on
# pinned days (7 days and 1 day before, once, also across a kill -9 of the
# daemon; a late notice the day after), reports 180/360/480 hours (360 before
# 180 is refused), is released and finished.  Every mail that leaves is
# checked: recipient, subject, attachments, and the text of the PDF
# letters (pdftotext).
set -u
if [ "${LIFECYCLE_HELPERS_ONLY:-0}" != 1 ]; then
	cd "$(dirname "$0")/../.." || exit 1
	. tests/lib/servers.sh
	. tests/lib/tequio.sh
fi
FIX=$TEQUIO_ROOT/tests/fixtures/workflow
MAILBOX=servicio.social@utv.edu.mx
DEP=enlace@salud.oaxaca.gob.mx
COORD=coordinacion@utv.edu.mx
ALU=ana.lopez@alumnos.utv.edu.mx

# ---- building mail -------------------------------------------------------

# mime FILE FROM TO SUBJECT BODY [HEADER-LINE...] [-- NAME=FIXTURE:TYPE...]
# A message with the attachments given after "--"; header lines (such as
# Authentication-Results or In-Reply-To) go on top, as a receiving server
# puts its own.
N=0
mime() {
	mi_file=$1 mi_from=$2 mi_to=$3 mi_subj=$4 mi_body=$5
	shift 5
	N=$((N + 1))
	{
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			printf '%s\r\n' "$1"
			shift
		done
		[ $# -gt 0 ] && shift
		printf 'From: %s\r\nTo: %s\r\nSubject: %s\r\n' "$mi_from" \
		    "$mi_to" "$mi_subj"
		printf 'Date: Mon, 23 Nov 2026 10:00:00 -0600\r\n'
		printf 'Message-ID: <lc%d.%s@test.example>\r\n' "$N" "$$"
		printf 'MIME-Version: 1.0\r\n'
		printf 'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
		printf -- '--XX\r\nContent-Type: text/plain; charset=UTF-8\r\n'
		printf 'Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n' "$mi_body"
		for mi_a in "$@"; do
			mi_name=${mi_a%%=*} mi_rest=${mi_a#*=}
			mi_fix=${mi_rest%%:*} mi_type=${mi_rest#*:}
			printf -- '--XX\r\nContent-Type: %s; name="%s"\r\n' \
			    "$mi_type" "$mi_name"
			printf 'Content-Disposition: attachment; filename="%s"\r\n' \
			    "$mi_name"
			printf 'Content-Transfer-Encoding: base64\r\n\r\n'
			case $mi_fix in	# an absolute path: a saved file
			/*) base64 "$mi_fix" ;;
			*) base64 "$FIX/$mi_fix" ;;
			esac | sed 's/$/\r/'
		done
		printf -- '--XX--\r\n'
	} >"$mi_file"
}

# Our MX's verdict for a DKIM-signed mail from the domain of $1, and the
# signature it checked (two header lines: mime writes one argument as is).
ar() {
	printf 'Authentication-Results: mx.utv.edu.mx; dkim=pass header.d=%s; spf=pass smtp.mailfrom=%s\r\n' "${1#*@}" "$1"
	printf 'DKIM-Signature: v=1; a=rsa-sha256; d=%s; s=sel; h=from:to:subject; bh=AAAA; b=BBBB' "${1#*@}"
}

# ---- reading what went out ----------------------------------------------

# run: deliver nothing more, run tequiod --once, and list in $HARNESS_DIR/new
# the sink files that arrived with it.
run() {
	tequiod_once 2>>"$LOG"
	check "tequiod --once exits 0 ($1)" eq "$?" 0
	sink_files | grep -vxF -f "$HARNESS_DIR/seen" >"$HARNESS_DIR/new" ||
	    :
	cat "$HARNESS_DIR/new" >>"$HARNESS_DIR/seen"
}

# py OP FILE [ARG]: read a mail the sink wrote with Python's email package.
#   subject FILE | replyto FILE | msgid FILE | body FILE | atts FILE
#   pdf FILE PREFIX   (the text of the first attachment named PREFIX*)
#   save FILE PREFIX OUT   (that attachment's bytes into OUT)
py() {
	/usr/bin/python3 - "$@" <<'EOF'
import email, email.policy, os, subprocess, sys, tempfile
op, path = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
if op == "subject":
    print(m["Subject"])
elif op == "replyto":
    print(m["Reply-To"].addresses[0].addr_spec)
elif op == "msgid":
    print(m["Message-ID"].strip("<>"))
elif op == "body":
    print(m.get_body(preferencelist=("plain",)).get_content())
elif op == "atts":
    print(",".join(p.get_filename() for p in m.iter_attachments()))
elif op == "save":
    for p in m.iter_attachments():
        if p.get_filename().startswith(sys.argv[3]):
            with open(sys.argv[4], "wb") as out:
                out.write(p.get_payload(decode=True))
            break
    else:
        sys.exit("no attachment " + sys.argv[3])
elif op == "pdf":
    for p in m.iter_attachments():
        if p.get_filename().startswith(sys.argv[3]):
            with tempfile.NamedTemporaryFile(suffix=".pdf") as t:
                t.write(p.get_payload(decode=True))
                t.flush()
                text = subprocess.run(["pdftotext", "-enc", "UTF-8",
                    t.name, "-"], capture_output=True, text=True,
                    check=True).stdout
                # One line: a letter wraps where its layout wants.
                print(" ".join(text.split()))
            break
    else:
        sys.exit("no attachment " + sys.argv[3])
EOF
}

# to RCPT: the one new mail to RCPT (fails the check if not exactly one).
to() {
	to_f=""
	to_n=0
	for to_x in $(cat "$HARNESS_DIR/new"); do
		if [ "$(sink_rcpt "$to_x")" = "$1" ]; then
			to_f=$to_x
			to_n=$((to_n + 1))
		fi
	done
	[ "$to_n" = 1 ] || echo "     $to_n new mails to $1" >&2
	echo "$to_f"
}

# hasi TEXT STRING: has, ignoring ASCII case (letters may set names in
# capitals).
hasi() {
	printf '%s' "$2" | grep -qiF -- "$1" && return 0
	echo "     \"$1\" not in: $(echo "$2" | head -c 600)" >&2
	return 1
}

new_count() {
	grep -c . "$HARNESS_DIR/new"
}

has() {	# has TEXT FILE-OF-TEXT-OR-STRING
	case $2 in
	*"$1"*) return 0 ;;
	esac
	echo "     \"$1\" not in: $(echo "$2" | head -c 600)" >&2
	return 1
}

# reply FILE FROM BODY OUT: answer a mail we sent, as a mail client does:
# to its Reply-To, "Re:" its subject, threaded under its Message-ID.
reply() {
	mime "$4" "$2" "$(py replyto "$1")" "Re: $(py subject "$1")" "$3" \
	    "In-Reply-To: <$(py msgid "$1")>" "References: <$(py msgid "$1")>"
}

# The code in a subject "UTV: decisión pendiente K7Q-3MX, ...".
code_of() {
	py subject "$1" | sed -n 's/.*pendiente \([A-Z0-9]\{3\}-[A-Z0-9]\{3\}\).*/\1/p'
}

personal_of() {
	py body "$1" | grep -o 'servicio\.social+[a-z2-7]*@utv\.edu\.mx' |
	    head -n 1
}

# salud_registration FILE [NAME=FIXTURE:TYPE...]: the Secretaría de Salud's
# REGISTRO DEPENDENCIA, with the documents given (the demo sends all six).
salud_registration() {
	sr_file=$1
	shift
	mime "$sr_file" "Secretaría de Salud <$DEP>" "$MAILBOX" \
	    "REGISTRO DEPENDENCIA" "Nombre: Secretaría de Salud de Oaxaca
Tipo: Pública
RFC: SSO960923M89
Representante: María Pérez Núñez
Cargo: Directora de Recursos Humanos
Domicilio: Av. Juárez 100, Oaxaca de Juárez
Teléfono: 951 501 0000" "$(ar $DEP)" -- "$@"
}

# lifecycle_servers: Dovecot, the sink and a configuration in HARNESS_DIR;
# sets M (mail to send), LOG and an empty list of mail already seen.
lifecycle_servers() {
	harness_init
	start_dovecot "$HARNESS_DIR/imap"
	start_sink "$HARNESS_DIR/sink"
	write_conf "$HARNESS_DIR/t"
	M=$HARNESS_DIR/mail
	mkdir -p "$M"
	: >"$HARNESS_DIR/seen"
	LOG=$HARNESS_DIR/tequiod.log
}

# test_refusals.sh sources this file for the helpers above.
[ "${LIFECYCLE_HELPERS_ONLY:-0}" = 1 ] && return 0

lifecycle_servers

# ==== the agency: registration in two mails ============================
salud_registration "$M/01.eml" \
    "Decreto de creación.pdf=decreto.pdf:application/pdf" \
    "nombramiento.pdf=nombramiento.pdf:application/pdf" \
    "INE representante.pdf=ine.pdf:application/pdf" \
    "logo.png=logo.png:image/png"
deliver_mail "$M/01.eml"
run "registro dependencia"
check "registration: one reply, nothing to others" eq "$(new_count)" 1
f=$(to $DEP)
b=$(py body "$f")
check "registration reply lists what is missing" has "Lo que falta:" "$b"
check "registration reply names the comprobante" \
    has "comprobante de domicilio: falta" "$b"
check "registration reply says DOCUMENTOS" has "DOCUMENTOS" "$b"
check "registration reply subject threads" \
    has "Re: REGISTRO DEPENDENCIA [SS:" "$(py subject "$f")"

mime "$M/02.eml" "$DEP" "$MAILBOX" "DOCUMENTOS" "Van los que faltaban." \
    "$(ar $DEP)" -- \
    "comprobante de domicilio.pdf=domicilio.pdf:application/pdf" \
    "RFC.pdf=rfc.pdf:application/pdf"
deliver_mail "$M/02.eml"
run "documentos"
check "documents: reply and the coordinator's notice" eq "$(new_count)" 2
check "documents reply: under review" has "pasó a revisión" \
    "$(py body "$(to $DEP)")"
n=$(to $COORD)
check "coordinator notice has a code" test -n "$(code_of "$n")"
check "coordinator gets the six documents, identity ones included" eq \
    "$(py atts "$n")" "Decreto de creación.pdf,nombramiento.pdf,INE representante.pdf,comprobante de domicilio.pdf,RFC.pdf,logo.png"
CODE=$(code_of "$n")

# ==== the coordinator approves the convenio by code ======================
mime "$M/03.eml" "$COORD" "$MAILBOX" "APROBAR $CODE" "" "$(ar $COORD)"
deliver_mail "$M/03.eml"
run "aprobar convenio"
check "convenio: reply and the agency's credentials" eq "$(new_count)" 2
f=$(to $COORD)
check "coordinator gets a copy of the convenio" has "convenio-SS-" \
    "$(py atts "$f")"
f=$(to $DEP)
check "agency: convenio authorised" has "convenio autorizado" \
    "$(py subject "$f")"
check "convenio PDF names the agency" hasi "Salud de Oaxaca" \
    "$(py pdf "$f" convenio-)"
DEP_ADDR=$(personal_of "$f")
check "agency got its personal address" test -n "$DEP_ADDR"

# ==== the agency publishes a program from its personal address ==========
mime "$M/04.eml" "$DEP" "$DEP_ADDR" "PROGRAMA" "Nombre: Brigadas de salud
Vacantes: 2
Horario: lunes a viernes, 9 a 13 h
Lugar: Centro de Salud Urbano 1
Descripción: apoyo en vacunación; registro de pacientes" -- \
    "listado de actividades.pdf=actividades.pdf:application/pdf"
deliver_mail "$M/04.eml"
run "programa"
check "program published" has "Publicamos el programa 1" \
    "$(py body "$(to $DEP)")"

# ==== the student: an unverified REGISTRO, then its confirmation =========
mime "$M/05.eml" "Ana López <$ALU>" "$MAILBOX" "Registro" \
    "Matrícula: 2021030456
Nombre: Ana López Ruiz
Carrera: Ingeniería en Sistemas
Créditos: 78%"
deliver_mail "$M/05.eml"
run "registro sin verificar"
CONFIRM=$(to $ALU)
check "unverified REGISTRO asks for confirmation" \
    has "responda a este correo" "$(py body "$CONFIRM")"
check "no account before the confirmation" \
    eq "$(db "SELECT count(*) FROM wf_account WHERE role='alumno'")" 0
reply "$CONFIRM" "$ALU" "CONFIRMAR" "$M/06.eml"
deliver_mail "$M/06.eml"
run "confirmación"
f=$(to $ALU)
check "confirmed: account created" has "Registramos su cuenta de estudiante" \
    "$(py body "$f")"
ALU_ADDR=$(personal_of "$f")
check "student got a personal address" test -n "$ALU_ADDR"

mime "$M/07.eml" "$ALU" "$ALU_ADDR" "FOTO" "" -- "yo.jpg=foto.jpg:image/jpeg"
mime "$M/08.eml" "$ALU" "$ALU_ADDR" "PRESENTACIÓN" ""
deliver_mail "$M/07.eml"
run "foto"
check "photo stored" has "Guardamos su fotografía" "$(py body "$(to $ALU)")"
deliver_mail "$M/08.eml"
run "presentación"
n=$(to $COORD)
check "coordinator asked for the carta de presentación, with the photo" \
    eq "$(py atts "$n")" "yo.jpg"

# The coordinator answers the notice with a plain reply.
reply "$n" "$COORD" "APROBAR" "$M/09.eml"
deliver_mail "$M/09.eml"
run "aprobar presentación"
f=$(to $ALU)
check "student gets carta de presentación and constancia" \
    has "presentacion-SS-2026-000002.pdf,constancia-SS-2026-000003.pdf" \
    "$(py atts "$f")"
check "carta de presentación names the student" has "2021030456" \
    "$(py pdf "$f" presentacion-)"
check "constancia names the career" has "Ingeniería en Sistemas" \
    "$(py pdf "$f" constancia-)"
py save "$f" presentacion- "$HARNESS_DIR/presentacion.pdf"
py save "$f" constancia- "$HARNESS_DIR/constancia.pdf"

# ==== the application and the acceptance =================================
# Self-made letters (issue 8): refused, and nothing reaches the agency.
mime "$M/10f.eml" "$ALU" "$ALU_ADDR" "SOLICITUD 1" "" -- \
    "carta de presentación.pdf=presentacion.pdf:application/pdf" \
    "constancia.pdf=constancia.pdf:application/pdf"
deliver_mail "$M/10f.eml"
run "solicitud con cartas hechas por el alumno"
check "self-made letters: only the refusal" eq "$(new_count)" 1
check "self-made letters: refused" \
    has "no es la carta de presentación que le emitimos" \
    "$(py body "$(to $ALU)")"

# The letters tequio issued, as the student received them.
mime "$M/10.eml" "$ALU" "$ALU_ADDR" "SOLICITUD 1" "" -- \
    "carta de presentación.pdf=$HARNESS_DIR/presentacion.pdf:application/pdf" \
    "constancia.pdf=$HARNESS_DIR/constancia.pdf:application/pdf"
deliver_mail "$M/10.eml"
run "solicitud"
n=$(to $DEP)
check "agency receives the application with the documents" eq \
    "$(py atts "$n")" "carta de presentación.pdf,constancia.pdf,yo.jpg"
reply "$n" "$DEP" "ACEPTAR" "$M/11.eml"
deliver_mail "$M/11.eml"
run "aceptar"
check "acceptance: agency, student and coordinator" eq "$(new_count)" 3
f=$(to $ALU)
check "student gets the carta de aceptación" has "aceptacion-SS-" \
    "$(py atts "$f")"
t=$(py pdf "$f" aceptacion-)
check "carta de aceptación names the program" has "Brigadas de salud" "$t"
check "carta de aceptación lists the activities" \
    has "registro de pacientes" "$t"
check "coordinator gets a copy" has "aceptacion-SS-" \
    "$(py atts "$(to $COORD)")"

# ==== the report calendar, on pinned days =================================
# The 180-hour report is due two months after the acceptance ([calendar]
# reports = bimonthly).  Every day below is 09:00 in Mexico City.
ACCEPTED=$(db "SELECT at FROM wf_audit WHERE entity = 'solicitud' AND
    to_state = 'aceptada' LIMIT 1")
ACC_DAY=$(TZ=America/Mexico_City date -d "@$ACCEPTED" +%F)
DUE=$(TZ=America/Mexico_City date -d "$ACC_DAY + 2 months" +%F)
DUE_ES="$(date -d "$DUE" +%-d) de"
at_day() {	# at_day OFFSET: TEQUIO_NOW at 09:00 of DUE + OFFSET days
	TEQUIO_NOW=$(TZ=America/Mexico_City date -d "$DUE $1 days 09:00" +%s)
	export TEQUIO_NOW
}
reminders_to_alu() {	# how many calendar notices the student has had
	n_rem=0
	for rf in $(cat "$HARNESS_DIR/seen"); do
		[ "$(sink_rcpt "$rf")" = "$ALU" ] || continue
		case $(py subject "$rf") in
		*"$1"*) n_rem=$((n_rem + 1)) ;;
		esac
	done
	echo $n_rem
}
at_day -8
run "ocho días antes"
check "8 days before the due date: no mail" eq "$(new_count)" 0
at_day -7
run "siete días antes"
check "7 days before: one reminder, to the student" eq "$(new_count)" 1
f=$(to $ALU)
check "the reminder names the due date" has "vence el $DUE_ES" \
    "$(py subject "$f")"
check "the reminder gives the exact Subject" \
    has "asunto exactamente «REPORTE 180»" "$(py body "$f")"
at_day -6
run "seis días antes"
check "6 days before: nothing again" eq "$(new_count)" 0

# The day before, the daemon proper (not --once) is killed with -9 as
# soon as the reminder is recorded; a restart must neither lose nor
# repeat it.
at_day -1
KPID=$(spawn "$HARNESS_DIR/kill9.pid" "$LOG" "$TEQUIOD" -c "$CONF")
harness_track "$KPID"
kt=0
until [ "$(db "SELECT count(*) FROM wf_reminder WHERE key LIKE 'rem1.%'")" = 1 ]; do
	kt=$((kt + 1))
	[ $kt -le "$HARNESS_TRIES" ] || break
	sleep 0.025
done
kill -KILL "-$KPID" 2>/dev/null
stop_group "$KPID"
check "the 1-day reminder was recorded before the kill" \
    eq "$(db "SELECT count(*) FROM wf_reminder WHERE key LIKE 'rem1.%'")" 1
run "reinicio tras kill -9"
at_day 0
run "el día del vencimiento"
kt=0
while [ "$(reminders_to_alu recordatorio)" != 2 ] && [ $kt -lt 40 ]; do
	kt=$((kt + 1))
	run "entrega pendiente"
done
check "after kill -9 and restarts: exactly two reminders" \
    eq "$(reminders_to_alu recordatorio)" 2
at_day 1
run "un día después"
check "the day after: one late notice" eq "$(new_count)" 1
check "the late notice says so" has "está atrasado" \
    "$(py subject "$(to $ALU)")"
at_day 2
run "dos días después"
check "no second late notice" eq "$(new_count)" 0

# ==== reports: out of order, then 180, 360, 480 ==========================
mime "$M/12.eml" "$ALU" "$ALU_ADDR" "REPORTE 360" "" -- \
    "reporte.pdf=reporte360.pdf:application/pdf"
deliver_mail "$M/12.eml"
run "reporte 360 antes de 180"
check "360 before 180: only the refusal" eq "$(new_count)" 1
check "360 before 180 explained" has "180 horas aún no se ha entregado" \
    "$(py body "$(to $ALU)")"

i=13
for h in 180 360 480; do
	mime "$M/$i.eml" "$ALU" "$ALU_ADDR" "REPORTE $h" \
	    "Horas: $([ $h = 480 ] && echo 120 || echo 180) horas" -- \
	    "reporte $h.pdf=reporte$h.pdf:application/pdf"
	deliver_mail "$M/$i.eml"
	run "reporte $h"
	check "report $h: student, coordinator, agency" eq "$(new_count)" 3
	check "report $h goes to the agency" has "reporte $h.pdf" \
	    "$(py atts "$(to $DEP)")"
	n=$(to $COORD)
	if [ $h = 480 ]; then
		# LIBERAR before the 480-hour report is accepted.
		mime "$M/l$i.eml" "$DEP" "$DEP_ADDR" "LIBERAR 2021030456" \
		    "Gerente: Luis Gómez
Jefe inmediato: Rosa Díaz"
		deliver_mail "$M/l$i.eml"
		run "liberar antes de aceptar 480"
		check "LIBERAR before 480 is accepted: refused" \
		    has "No se puede emitir la carta de liberación" \
		    "$(py body "$(to $DEP)")"
	fi
	i=$((i + 1))
	mime "$M/$i.eml" "$COORD" "$MAILBOX" "APROBAR $(code_of "$n")" "" \
	    "$(ar $COORD)"
	deliver_mail "$M/$i.eml"
	run "aprobar reporte $h"
	check "report $h accepted, student told" has "aceptó su reporte" \
	    "$(py body "$(to $ALU)")"
	i=$((i + 1))
done

# ==== liberación and finalización ========================================
mime "$M/30.eml" "$COORD" "$MAILBOX" "FINALIZAR 2021030456" "" "$(ar $COORD)"
deliver_mail "$M/30.eml"
run "finalizar antes de liberar"
check "FINALIZAR before the liberación: refused" \
    has "No se puede emitir la carta de finalización" \
    "$(py body "$(to $COORD)")"

# Five months after the acceptance the law does not let the service end
# ([rules] min_months = 6): refused, with the day it will be possible.
ACCEPTED=$(db "SELECT at FROM wf_audit WHERE entity = 'solicitud' AND
    to_state = 'aceptada' LIMIT 1")
TEQUIO_NOW=$((ACCEPTED + 150 * 86400))
export TEQUIO_NOW
mime "$M/l31.eml" "$DEP" "$DEP_ADDR" "LIBERAR 2021030456" \
    "Gerente: Luis Gómez
Jefe inmediato: Rosa Díaz"
deliver_mail "$M/l31.eml"
run "liberar a los cinco meses"
EARLIEST=$(TZ=America/Mexico_City date -d "@$ACCEPTED" +%F)
EARLIEST=$(TZ=America/Mexico_City date -d "$EARLIEST + 6 months" +%-d)
check "LIBERAR at five months: refused with the date" \
    has "podrá concluirse a partir del $EARLIEST de" \
    "$(py body "$(to $DEP)")"

TEQUIO_NOW=$((ACCEPTED + 190 * 86400))
mime "$M/31.eml" "$DEP" "$DEP_ADDR" "LIBERAR 2021030456" \
    "Gerente: Luis Gómez
Jefe inmediato: Rosa Díaz"
deliver_mail "$M/31.eml"
run "liberar"
f=$(to $ALU)
t=$(py pdf "$f" liberacion-)
check "carta de liberación signed by the manager" hasi "Luis G" "$t"
check "carta de liberación signed by the immediate boss" hasi "Rosa D" "$t"
check "carta de liberación states the accepted hours" has "480 horas" "$t"
ACC_ES="$(TZ=America/Mexico_City date -d "@$ACCEPTED" +%-d) de"
check "carta de liberación: the period starts at the acceptance" \
    has "en el periodo comprendido del $ACC_ES" "$t"
LIB_ES="$(TZ=America/Mexico_City date -d "@$TEQUIO_NOW" +%-d) de"
check "carta de liberación: the period ends today (the liberación)" \
    has "al $LIB_ES" "$t"
check "coordinator told to finish" has "FINALIZAR 2021030456" \
    "$(py body "$(to $COORD)")"

mime "$M/32.eml" "$COORD" "$MAILBOX" "FINALIZAR 2021030456" "" "$(ar $COORD)"
deliver_mail "$M/32.eml"
run "finalizar"
f=$(to $ALU)
check "student gets the carta de finalización" \
    has "finalizacion-SS-" "$(py atts "$f")"
check "carta de finalización names the student" has "2021030456" \
    "$(py pdf "$f" finalizacion-)"
check "the service is finished" eq \
    "$(db "SELECT state FROM wf_application WHERE id = 1")" finalizada

# ==== every message handled, the audit complete ==========================
check "INBOX is empty" eq "$(folder_count INBOX)" 0
check "nothing quarantined" eq "$(folder_count Cuarentena)" 0
check "every transition of the application is audited" eq \
    "$(db "SELECT group_concat(to_state) FROM wf_audit WHERE entity='solicitud' AND entity_id=1")" \
    "pendiente,aceptada,liberada,finalizada"
check "audit lines point at received messages" eq \
    "$(db "SELECT count(*) FROM wf_audit a LEFT JOIN message m ON m.id = a.msg_row WHERE m.id IS NULL")" 0
check "nothing left in the outbox" eq \
    "$(db "SELECT count(*) FROM outbox WHERE status <> 'sent'")" 0
check "tequiod logged no error" eq \
    "$(grep -c 'error' "$LOG")" 0
finish
