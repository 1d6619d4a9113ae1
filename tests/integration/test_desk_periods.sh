#!/bin/sh
# SPDX-License-Identifier: ISC
# The coordinators' desk, second part (issue 11), through a real Dovecot,
# smtp-sink and tequiod --once, the clock driven by TEQUIO_NOW:
# [periods] (refused at start-up with file:line when two overlap or leave
# a gap; REPORTE ALUMNOS and ESTADISTICAS periodo=; letters print the
# period beside the folio, and resend reprints it byte for byte);
# ESTADISTICAS with the median days of each step, late and overdue
# reports per agency, bajas and rejections by reason, its header on every
# page; EXPEDIENTE and tequioctl history without one stored word.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh

lifecycle_servers
JEFA=jefa.servicio@utv.edu.mx
sed -i "s|^coordinators = .*|coordinators = $COORD, $JEFA|" "$CONF"
cat >>"$CONF" <<'EOF'
[periods]
# otoño 2026, primavera y otoño 2027
2026B = 01/08/2026 - 31/01/2027
2027A = 01/02/2027 - 31/07/2027
2027B = 01/08/2027 - 31/01/2028
EOF
T0=1795000000			# 2026-11-18 05:06:40 in Mexico City
at() {				# at DAYS: TEQUIO_NOW that many days after T0
	TEQUIO_NOW=$((T0 + $1 * 86400))
	export TEQUIO_NOW
}
at 0

send() {	# send NAME FROM TO SUBJECT BODY [args of mime...]
	sd_name=$1
	shift
	mime "$M/$sd_name.eml" "$@"
	deliver_mail "$M/$sd_name.eml"
	run "$sd_name"
}

# to_subj RCPT TEXT: the new mail to RCPT whose subject has TEXT (the
# calendar may have written to the same person in the same run).
to_subj() {
	for ts_f in $(cat "$HARNESS_DIR/new"); do
		[ "$(sink_rcpt "$ts_f")" = "$1" ] || continue
		case $(py subject "$ts_f") in
		*"$2"*) echo "$ts_f"; return 0 ;;
		esac
	done
	echo "     no new mail to $1 about \"$2\"" >&2
	echo /dev/null
}

# pdf_page FILE N: the text of page N of a PDF, on one line.
pdf_page() {
	pdftotext -enc UTF-8 -f "$2" -l "$2" "$1" - | tr -s ' \n' '  '
}

# ==== [periods] is checked at start-up ====================================
BAD=$HARNESS_DIR/bad.conf
sed 's|^2027A = .*|2027A = 15/02/2027 - 31/07/2027|' "$CONF" >"$BAD"
out=$("$TEQUIOD" -c "$BAD" --once 2>&1)
check "a gap between two periods stops tequiod" test $? -ne 0
line=$(grep -n '^2027A' "$BAD" | cut -d: -f1)
check "the error names the file and line of the period at fault" \
    has "bad.conf:$line: el periodo 2027A empieza el 15/02/2027 pero 2026B" "$out"
check "and says which day to start it" has "haga empezar 2027A el 01/02/2027" "$out"
sed 's|^2027B = .*|2027B = 31/07/2027 - 31/01/2028|' "$CONF" >"$BAD"
out=$("$TEQUIOCTL" -c "$BAD" check-config 2>&1)
check "overlapping periods are refused by tequioctl too" \
    has "dentro del periodo 2027A" "$out"
sed 's|^2026B = .*|2026B = 01/08/2026 - 31/13/2027|' "$CONF" >"$BAD"
out=$("$TEQUIOD" -c "$BAD" --once 2>&1)
check "a day that does not exist is refused" has "«31/13/2027» no es una fecha" "$out"

out=$("$TEQUIOCTL" -c "$CONF" check-config -n 2>&1)
line=$(grep -n '^2027A' "$CONF" | cut -d: -f1)
check "check-config lists the periods with their lines" \
    has "2027A                    = 01/02/2027 - 31/07/2027                  ; línea $line" "$out"

# ==== the scene: an agency, a program ====================================
salud_registration "$M/reg.eml" decreto.pdf=decreto.pdf:application/pdf \
    nombramiento.pdf=nombramiento.pdf:application/pdf \
    ine.pdf=ine.pdf:application/pdf domicilio.pdf=domicilio.pdf:application/pdf \
    rfc.pdf=rfc.pdf:application/pdf logo.png=logo.png:image/png
deliver_mail "$M/reg.eml"
run reg
send aprobar "$COORD" "$MAILBOX" "APROBAR $(code_of "$(to $COORD)")" "" \
    "$(ar $COORD)"
t=$(py pdf "$(to $DEP)" convenio-)
check "the convenio carries its period beside the folio" \
    has "Folio: SS-2026-000001 · Periodo: 2026B" "$t"
send prog "$DEP" "$MAILBOX" "PROGRAMA" "Nombre: Brigadas de salud
Vacantes: 5
Horario: lunes a viernes, 9 a 13 h
Lugar: Centro de Salud Urbano 1
Descripción: apoyo en vacunación" "$(ar $DEP)" -- \
    "listado de actividades.pdf=actividades.pdf:application/pdf"
PROG=$(db "SELECT id FROM wf_program WHERE name = 'Brigadas de salud'")

# place EMAIL MATRICULA NAME CAREER DAY: registration and letters on DAY,
# application two days later, acceptance three days later; leaves the
# carta de presentación in $HARNESS_DIR/pres-MATRICULA.pdf.
place() {
	pl_s=$1 pl_m=$2
	at "$5"
	send "r$pl_m" "$pl_s" "$MAILBOX" "REGISTRO" "Matrícula: $pl_m
Nombre: $3
Carrera: $4
Créditos: 80" "$(ar $pl_s)"
	personal_of "$(to_subj "$pl_s" "")" >"$HARNESS_DIR/addr-$pl_m"
	send "f$pl_m" "$pl_s" "$MAILBOX" "FOTO" "" "$(ar $pl_s)" -- \
	    "yo.jpg=foto.jpg:image/jpeg"
	send "p$pl_m" "$pl_s" "$MAILBOX" "PRESENTACIÓN" "" "$(ar $pl_s)"
	send "a$pl_m" "$COORD" "$MAILBOX" \
	    "APROBAR $(code_of "$(to_subj $COORD pendiente)")" "" "$(ar $COORD)"
	pl_f=$(to_subj "$pl_s" "")
	py save "$pl_f" presentacion- "$HARNESS_DIR/pres-$pl_m.pdf"
	py save "$pl_f" constancia- "$HARNESS_DIR/const-$pl_m.pdf"
	at $(($5 + 2))
	send "s$pl_m" "$pl_s" "$MAILBOX" "SOLICITUD $PROG" "" "$(ar $pl_s)" -- \
	    "carta de presentación.pdf=$HARNESS_DIR/pres-$pl_m.pdf:application/pdf" \
	    "constancia.pdf=$HARNESS_DIR/const-$pl_m.pdf:application/pdf"
	at $(($5 + 3))
	reply "$(to_subj $DEP "")" "$DEP" "ACEPTAR" "$M/acc$pl_m.eml"
	deliver_mail "$M/acc$pl_m.eml"
	run "aceptar $pl_m"
}

ANA=ana.lopez@alumnos.utv.edu.mx
CIRO=ciro.vela@alumnos.utv.edu.mx
BETO=beto.ruiz@alumnos.utv.edu.mx
place "$ANA" A1001 "Ana López Ruiz" "Derecho" 0
check "Ana is in service" eq "$(db "SELECT state FROM wf_account WHERE email = '$ANA'")" en_servicio
t=$(pdftotext -enc UTF-8 "$HARNESS_DIR/pres-A1001.pdf" - | tr -s ' \n' '  ')
check "the carta de presentación keeps its folio and names its period" \
    has "SS-2026-000002 · Periodo: 2026B" "$t"

# Ana's 180-hour report: due two months after her acceptance (21/01/2027),
# sent on 25/01/2027: late.
at 68
send rep180 "$ANA" "$MAILBOX" "REPORTE 180" "Horas: 180 horas" "$(ar $ANA)" \
    -- "reporte 180.pdf=reporte180.pdf:application/pdf"
send apr180 "$COORD" "$MAILBOX" \
    "APROBAR $(code_of "$(to_subj $COORD pendiente)")" "" "$(ar $COORD)"
check "the 180-hour report is accepted" eq \
    "$(db "SELECT state FROM wf_report WHERE hours = 180")" aceptado

place "$CIRO" C3003 "Ciro Vela Mora" "Contaduría Pública" 103
t=$(pdftotext -enc UTF-8 "$HARNESS_DIR/pres-C3003.pdf" - | tr -s ' \n' '  ')
check "a letter of 2027 says 2027A beside its folio" \
    has "SS-2027-000001 · Periodo: 2027A" "$t"
at 110
send rbeto "$BETO" "$MAILBOX" "REGISTRO" "Matrícula: B2002
Nombre: Beto Ruiz Paz
Carrera: Derecho
Créditos: 75" "$(ar $BETO)"

# ---- resend: the period comes back from the register ------------------
FOLIO=$(db "SELECT folio FROM letter_issued WHERE kind = 'presentacion' AND recipient = '$ANA'")
"$TEQUIOCTL" -c "$CONF" resend "$FOLIO" --pdf "$HARNESS_DIR/again.pdf" \
    >/dev/null 2>&1
check "resend renders Ana's letter byte for byte, period included" \
    cmp -s "$HARNESS_DIR/again.pdf" "$HARNESS_DIR/pres-A1001.pdf"
# Renaming the periods later does not change a letter already issued.
RENAMED=$(dirname "$CONF")/renamed.conf
sed 's|^2026B = |OTONO26 = |' "$CONF" >"$RENAMED"
"$TEQUIOCTL" -c "$RENAMED" resend "$FOLIO" \
    --pdf "$HARNESS_DIR/again2.pdf" >/dev/null 2>&1
check "with the periods renamed, the letter still reads 2026B" \
    cmp -s "$HARNESS_DIR/again2.pdf" "$HARNESS_DIR/pres-A1001.pdf"

# ==== REPORTE ALUMNOS periodo= ==============================================
at 134				# 01/04/2027
run "the calendar's mail of the day, before the requests"
send ra1 "$COORD" "$MAILBOX" "REPORTE ALUMNOS periodo=2026B" "" "$(ar $COORD)"
f=$(to_subj $COORD "REPORTE ALUMNOS")
py save "$f" alumnos.csv "$HARNESS_DIR/ra1.csv"
check "2026B: Ana, whose service ran in it" grep -q "^A1001,.*,2026B" \
    "$HARNESS_DIR/ra1.csv"
check "2026B: not Ciro, who started in 2027A" \
    eval "! grep -q C3003 '$HARNESS_DIR/ra1.csv'"
check "the CSV names the column" grep -q ",Estado,Periodo" "$HARNESS_DIR/ra1.csv"
t=$(py pdf "$f" alumnos.pdf)
check "the PDF says its period and its days" \
    has "Periodo 2026B (del 1 de agosto de 2026 al 31 de enero de 2027)" "$t"
send ra2 "$COORD" "$MAILBOX" "REPORTE ALUMNOS periodo=2027a" "" "$(ar $COORD)"
py save "$(to_subj $COORD "REPORTE ALUMNOS")" alumnos.csv "$HARNESS_DIR/ra2.csv"
check "2027A (any case): Ana, still serving" grep -q "^A1001," "$HARNESS_DIR/ra2.csv"
check "2027A: and Ciro" grep -q "^C3003," "$HARNESS_DIR/ra2.csv"
check "Beto, with no service, is in no list of services" \
    eval "! grep -q B2002 '$HARNESS_DIR/ra2.csv'"
send ra3 "$COORD" "$MAILBOX" "REPORTE ALUMNOS periodo=2027A carrera=contaduria" \
    "" "$(ar $COORD)"
py save "$(to_subj $COORD "REPORTE ALUMNOS")" alumnos.csv "$HARNESS_DIR/ra3.csv"
check "carrera= keeps Ciro (accents and case ignored)" grep -q "^C3003," \
    "$HARNESS_DIR/ra3.csv"
check "carrera= leaves Ana out" eval "! grep -q A1001 '$HARNESS_DIR/ra3.csv'"
send ra4 "$COORD" "$MAILBOX" "REPORTE ALUMNOS periodo=2030Z" "" "$(ar $COORD)"
b=$(py body "$(to_subj $COORD "REPORTE ALUMNOS")")
check "an unknown period is refused, naming it" \
    has "No conocemos el periodo «2030z»" "$b"
check "and listing the institution's" has "2026B, 2027A y 2027B" "$b"
send ra6 "$COORD" "$MAILBOX" "REPORTE ALUMNOS" "" "$(ar $COORD)"
f=$(to_subj $COORD "REPORTE ALUMNOS")
py save "$f" alumnos.csv "$HARNESS_DIR/ra6.csv"
check "today's students: the period of today in each row" \
    grep -q "^C3003,.*,2027A" "$HARNESS_DIR/ra6.csv"
check "and in the PDF's header" \
    has "Periodo en curso: 2027A (del 1 de febrero de 2027 al 31 de julio de 2027)" \
    "$(py pdf "$f" alumnos.pdf)"
send rd1 "$COORD" "$MAILBOX" "REPORTE DEPENDENCIAS" "" "$(ar $COORD)"
f=$(to_subj $COORD "REPORTE DEPENDENCIAS")
py save "$f" dependencias.csv "$HARNESS_DIR/rd1.csv"
check "REPORTE DEPENDENCIAS says the period too" \
    grep -q "^SSO960923M89,.*,2027A" "$HARNESS_DIR/rd1.csv"
check "in its header" has "Periodo en curso: 2027A" "$(py pdf "$f" dependencias.pdf)"
"$TEQUIOCTL" -c "$CONF" report alumnos periodo=2026B \
    --csv "$HARNESS_DIR/ra5.csv" >/dev/null 2>&1
check "tequioctl report takes periodo= too" grep -q "^A1001," "$HARNESS_DIR/ra5.csv"
check "tequioctl report: Ciro is not in 2026B" \
    eval "! grep -q C3003 '$HARNESS_DIR/ra5.csv'"

# ==== ESTADISTICAS ===========================================================
# A rejected application, a baja and forty reasons to fill a second page.
db "INSERT INTO wf_application(student_id, program_id, state, motivo, created, updated) VALUES((SELECT id FROM wf_account WHERE email = '$BETO'), $PROG, 'rechazada', 'No cubre el horario', $TEQUIO_NOW, $TEQUIO_NOW)" >/dev/null
i=1
while [ $i -le 40 ]; do
	db "INSERT INTO wf_matter(kind, entity_id, nonce, state, created, expires, decided_by, motivo, updated) VALUES('presentacion', 1, 'n$i', 'rechazado', $TEQUIO_NOW, $TEQUIO_NOW, '$COORD', 'Motivo de prueba número $i', $TEQUIO_NOW)" >/dev/null || break
	i=$((i + 1))
done
check "forty rejections recorded" eq "$i" 41

send est "$COORD" "$MAILBOX" "ESTADÍSTICAS" "" "$(ar $COORD)"
f=$(to_subj $COORD "ESTAD")
py save "$f" estadisticas.csv "$HARNESS_DIR/est.csv"
py save "$f" estadisticas.pdf "$HARNESS_DIR/est.pdf"
E=$HARNESS_DIR/est.csv
check "states in words: students in service" \
    grep -q "^Alumnos por estado,en servicio,2,todos" "$E"
check "median days from registration to application: 2 services, 2,0" \
    grep -q "^Mediana de días por paso,del registro a la solicitud (2 servicios),\"2,0\",todos" "$E"
check "median days from application to acceptance: 1,0" \
    grep -q "^Mediana de días por paso,de la solicitud a la aceptación (inicio del servicio) (2 servicios),\"1,0\",todos" "$E"
check "median days from acceptance to the 180-hour report: 65,0" \
    grep -q "^Mediana de días por paso,de la aceptación al reporte de 180 horas (1 servicio),\"65,0\",todos" "$E"
check "a report received after its due date, per agency" \
    grep -q "^Reportes entregados después de su fecha,Secretaría de Salud de Oaxaca,1,todos" "$E"
check "a report due and missing today, per agency" \
    grep -q "^Reportes vencidos y sin entregar hoy,Secretaría de Salud de Oaxaca,1,todos" "$E"
check "rejections counted by reason, the agency's in words" \
    grep -q "^Rechazos por motivo,solicitud rechazada por la dependencia: No cubre el horario,1,todos" "$E"
check "the coordination's rejections by reason" \
    grep -q "^Rechazos por motivo,carta de presentación: Motivo de prueba número 7,1,todos" "$E"
check "no stored word among the values" \
    eval "! cut -d, -f2 '$E' | grep -qE '_|^presentacion|rechazada\$'"
pages=$(pdfinfo "$HARNESS_DIR/est.pdf" | awk '/^Pages:/ { print $2 }')
check "the statistics fill more than one page" test "$pages" -ge 2
p2=$(pdf_page "$HARNESS_DIR/est.pdf" 2)
check "page 2 repeats the title" has "Estadísticas del servicio social" "$p2"
check "page 2 repeats the filter" has "Todos los periodos" "$p2"
check "page 2 repeats the date" has "Generado el 1 de abril de 2027" "$p2"
check "page 2 repeats the column headings" has "Grupo Valor Cantidad Periodo" "$p2"

send est2 "$COORD" "$MAILBOX" "ESTADÍSTICAS periodo=2026B" "" "$(ar $COORD)"
f=$(to_subj $COORD "ESTAD")
check "the reply names the period" has "del periodo 2026B" "$(py body "$f")"
py save "$f" estadisticas.csv "$HARNESS_DIR/est2.csv"
py save "$f" estadisticas.pdf "$HARNESS_DIR/est2.pdf"
E=$HARNESS_DIR/est2.csv
check "2026B: one student, Ana" grep -q "^Alumnos por estado,en servicio,1,2026B" "$E"
check "2026B: Beto registered in 2027A is not counted" \
    eval "! grep -q '^Alumnos por estado,registrado' '$E'"
check "2026B: Ana's steps only" \
    grep -q "^Mediana de días por paso,del registro a la solicitud (1 servicio),\"2,0\",2026B" "$E"
check "2026B: decisions taken within its days only" \
    eval "! grep -q 'Motivo de prueba' '$E'"
check "the PDF's header says the period" \
    has "Periodo 2026B (del 1 de agosto de 2026 al 31 de enero de 2027)" \
    "$(pdf_page "$HARNESS_DIR/est2.pdf" 1)"
send est3 "$COORD" "$MAILBOX" "ESTADÍSTICAS periodo=2027A" "" "$(ar $COORD)"
py save "$(to_subj $COORD "ESTAD")" estadisticas.csv "$HARNESS_DIR/est3.csv"
check "2027A: Beto counted by his registration" \
    grep -q "^Alumnos por estado,registrado,1,2027A" "$HARNESS_DIR/est3.csv"
check "2027A: Ana and Ciro in service" \
    grep -q "^Alumnos por estado,en servicio,2,2027A" "$HARNESS_DIR/est3.csv"
send est4 "$COORD" "$MAILBOX" "ESTADÍSTICAS periodo=1999X" "" "$(ar $COORD)"
check "ESTADISTICAS with an unknown period is refused" \
    has "No conocemos el periodo «1999x»" "$(py body "$(to_subj $COORD "ESTAD")")"

# ==== the roster imported again updates registered students ================
printf 'Matrícula;Nombre;Carrera;Créditos;Correo\r\nA1001;Ana López Ruiz de la Cruz;Derecho;82;%s\r\nC3003;Ciro Vela Mora;Contaduría Pública;60;%s\r\nB2002;Beto Ruiz Paz;Derecho;75;%s\r\n' \
    "$ANA" "$CIRO" "$BETO" >"$HARNESS_DIR/padron.csv"
out=$("$TEQUIOCTL" -c "$CONF" import alumnos "$HARNESS_DIR/padron.csv" 2>&1)
check "the import exits 0" eq "$?" 0
check "it counts the registered students it updated" \
    has "Alumnos ya registrados actualizados con el padrón: 2." "$out"
check "it says, by line, what changed for Ana" \
    has "línea 2: A1001 ($ANA) actualizado: nombre «Ana López Ruiz» → «Ana López Ruiz de la Cruz»; créditos 80 % → 82 %" "$out"
check "and for Ciro" has "línea 3: C3003 ($CIRO) actualizado: créditos 80 % → 60 %" "$out"
check "Beto, unchanged, is not reported" eval "! printf '%s' \"\$out\" | grep -q B2002"
check "Ciro below the minimum: flagged, not undone" \
    has "C3003 queda con 60 % de créditos, menos del mínimo de 70 %: su servicio y sus cartas no cambian" "$out"
check "Ana's name is the roster's" eq \
    "$(db "SELECT name FROM wf_account WHERE email = '$ANA'")" "Ana López Ruiz de la Cruz"
check "Ciro's credits are the roster's" eq \
    "$(db "SELECT creditos FROM wf_student WHERE matricula = 'C3003'")" 60
check "Ciro is still in service: a file undoes no placement" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$CIRO'")" en_servicio
check "each change is in the audit, by the console" eq \
    "$(db "SELECT count(*) FROM wf_audit WHERE event = 'padron' AND actor = 'consola (tequioctl)'")" 2
"$TEQUIOCTL" -c "$CONF" resend "$FOLIO" --pdf "$HARNESS_DIR/again3.pdf" \
    >/dev/null 2>&1
check "a letter already issued stays as issued (the old name)" \
    cmp -s "$HARNESS_DIR/again3.pdf" "$HARNESS_DIR/pres-A1001.pdf"
run "the coordinators' notice"
f=$(to_subj $COORD "menos créditos que el mínimo")
b=$(py body "$f")
check "the coordinators are told who fell below the minimum" \
    has "Ciro Vela Mora, matrícula C3003 ($CIRO): 60 % de créditos (tenía 80 %)" "$b"
check "and that nothing was undone" has "Nada cambió en su servicio" "$b"
check "Ana, above the minimum, is not in the notice" \
    eval "! printf '%s' \"\$b\" | grep -q A1001"
out=$("$TEQUIOCTL" -c "$CONF" import alumnos "$HARNESS_DIR/padron.csv" 2>&1)
check "the same file again changes nobody" \
    eval "! printf '%s' \"\$out\" | grep -q 'actualizados'"
run "no second notice"
check "no second notice to the coordinators" eq \
    "$(grep -c . "$HARNESS_DIR/new")" 0

# ==== EXPEDIENTE: no stored word reaches the coordinator ====================
send exp "$COORD" "$MAILBOX" "EXPEDIENTE A1001" "" "$(ar $COORD)"
f=$(to_subj $COORD "EXPEDIENTE")
py save "$f" expediente- "$HARNESS_DIR/exp.pdf"
X=$(pdftotext -enc UTF-8 "$HARNESS_DIR/exp.pdf" - | tr -s ' \n' '  ')
# Stored words that are Spanish words as they are, and may be read.
SPANISH=" alumno dependencia programa solicitud reporte documento asunto
pausa registrado aceptada aceptado rechazada rechazado aprobado abierto
vigente publicado liberada liberado pendiente cerrado baja foto registro
aceptar rechazar liberar finalizar documentos convenio constancia
aprobar abrir "
stored=$(db "SELECT state FROM wf_account UNION SELECT state FROM wf_application
    UNION SELECT state FROM wf_report UNION SELECT state FROM wf_matter
    UNION SELECT kind FROM wf_matter UNION SELECT state FROM wf_document
    UNION SELECT event FROM wf_audit UNION SELECT from_state FROM wf_audit
    UNION SELECT to_state FROM wf_audit UNION SELECT entity FROM wf_audit
    UNION SELECT outcome FROM message UNION SELECT status FROM outbox
    UNION SELECT kind FROM letter_issued")
SPANISH=" $(echo $SPANISH) "
leaked=""
n=0
for w in $stored; do
	n=$((n + 1))
	case $SPANISH in *" $w "*) continue ;; esac
	printf '%s' "$X" | grep -qw -- "$w" && leaked="$leaked $w"
done
check "the stored words were read ($n)" test "$n" -ge 20
check "no stored word in the EXPEDIENTE PDF" eq "$leaked" ""
[ -z "$leaked" ] || printf '%s\n' "$X" >"$HARNESS_DIR/leaked.txt"
check "the file says the state in words" has "en servicio" "$X"
check "an outcome in words" has "atendido" "$X"
check "an event in words" has "aceptar la solicitud (de «espera a la dependencia» a «en servicio»)" "$X"
out=$("$TEQUIOCTL" -c "$CONF" history A1001 2>&1)
leaked=""
for w in $stored; do
	case $SPANISH in *" $w "*) continue ;; esac
	printf '%s' "$out" | grep -v '^Cuenta ' | grep -qw -- "$w" &&
	    leaked="$leaked $w"
done
check "no stored word in tequioctl history" eq "$leaked" ""
check "tequioctl history: the state in words" has "Estado: en servicio" "$out"
check "tequioctl history: the roster's update in words" \
    has "actualizar sus datos con el padrón, por consola (tequioctl) — padrón de Servicios Escolares: nombre «Ana López Ruiz» → «Ana López Ruiz de la Cruz»" "$out"

# ==== coordinators' personal addresses =====================================
# files_sent: how many files the access log says were handed out.
files_sent() {
	db "SELECT count(*) FROM access_log WHERE what = 'expediente'"
}
# file_to NAME FROM TO [HEADERS]: EXPEDIENTE A1001 from FROM to TO;
# GOT is 1 when a file went out, 0 when not.
file_to() {
	eb_before=$(files_sent)
	send "$1" "$2" "$3" "EXPEDIENTE A1001" "" ${4:+"$4"}
	if [ "$(files_sent)" -gt "$eb_before" ]; then GOT=1; else GOT=0; fi
}
send cd1 "$COORD" "$MAILBOX" "NUEVA DIRECCION" "" "$(ar $COORD)"
f=$(to_subj $COORD "nueva dirección personal")
CADDR=$(personal_of "$f")
check "a proven coordinator asks and gets a personal address" test -n "$CADDR"
check "the mail says what it proves" has "prueba que lo escribió usted" \
    "$(py body "$f")"
check "the reply says it was issued" has "Anulamos la dirección personal de $COORD y le enviamos una nueva" \
    "$(py body "$(to_subj $COORD "NUEVA DIRECCION")")"
TOKEN=${CADDR#servicio.social+}
TOKEN=${TOKEN%@*}
check "only the token's hash is stored" eq \
    "$(db "SELECT count(*) FROM coordinator_token WHERE email = '$COORD' AND token_hash != '$TOKEN'")" 1
check "the token is nowhere in the database" \
    eval "! sqlite3 '$(dirname "$CONF")/tequio.db' .dump | grep -qi '$TOKEN'"
file_to cd2 "$COORD" "$CADDR"
check "without DKIM, mail to the personal address proves the coordinator" eq "$GOT" 1
file_to cd3 "$COORD" "$MAILBOX"
check "without DKIM nor the address, nothing is proven" eq "$GOT" 0
file_to cd4 "$JEFA" "$CADDR"
check "attack: another coordinator using it, unproven, gets no file" eq "$GOT" 0
file_to cd5 "$ANA" "$CADDR" "$(ar $ANA)"
check "attack: a student using it gets no file" eq "$GOT" 0
file_to cd6 "intruso@otro.example" "$CADDR"
check "attack: an outsider using it gets no file" eq "$GOT" 0
ANA_ADDR=$(cat "$HARNESS_DIR/addr-A1001")
check "Ana's own personal address is known" test -n "$ANA_ADDR"
file_to cd7 "$COORD" "$ANA_ADDR"
check "attack: a student's address does not prove the coordinator" eq "$GOT" 0
file_to cd8 "$ANA" "$ANA_ADDR"
check "attack: nor does it let the student ask for a file" eq "$GOT" 0
send cd9 "$COORD" "$MAILBOX" "ANULAR DIRECCION" "" "$(ar $COORD)"
check "ANULAR DIRECCION alone revokes the coordinator's own" \
    has "Anulamos la dirección personal de coordinación de $COORD" \
    "$(py body "$(to_subj $COORD "ANULAR DIRECCION")")"
file_to cd10 "$COORD" "$CADDR"
check "the revoked address no longer proves anything" eq "$GOT" 0
send cd11 "$COORD" "$MAILBOX" "NUEVA DIRECCION" "" "$(ar $COORD)"
CADDR2=$(personal_of "$(to_subj $COORD "nueva dirección personal")")
check "reissued: a new address" test -n "$CADDR2" -a "$CADDR2" != "$CADDR"
file_to cd12 "$COORD" "$CADDR2"
check "the new one proves the coordinator" eq "$GOT" 1
file_to cd13 "$COORD" "$CADDR"
check "the old one still does not" eq "$GOT" 0
send cd14 "$JEFA" "$MAILBOX" "ANULAR DIRECCION $COORD" "" "$(ar $JEFA)"
file_to cd15 "$COORD" "$CADDR2"
check "a colleague revokes a leaked address" eq "$GOT" 0
send cd16 "$JEFA" "$MAILBOX" "NUEVA DIRECCION" "" "$(ar $JEFA)"
JADDR=$(personal_of "$(to_subj $JEFA "nueva dirección personal")")
file_to cd17 "$JEFA" "$JADDR"
check "the colleague's own address works" eq "$GOT" 1
sed -i "s|^coordinators = .*|coordinators = $COORD|" "$CONF"
file_to cd18 "$JEFA" "$JADDR"
check "out of [roles] coordinators, the address proves nothing" eq "$GOT" 0
sed -i "s|^coordinators = .*|coordinators = $COORD, $JEFA|" "$CONF"
CADDR3=$("$TEQUIOCTL" -c "$CONF" address reissue "$COORD")
check "tequioctl address reissue gives a coordinator a new one" \
    eq "$(printf '%s' "$CADDR3" | grep -c '^servicio\.social+[a-z2-7]*@utv\.edu\.mx$')" 1
file_to cd19 "$COORD" "$CADDR3"
check "and it proves the coordinator" eq "$GOT" 1
"$TEQUIOCTL" -c "$CONF" address revoke "$COORD" >/dev/null
file_to cd20 "$COORD" "$CADDR3"
check "tequioctl address revoke ends it" eq "$GOT" 0
check "the warning names whose address was used by whom" \
    grep -q "personal address of coordinator <$COORD> used by <$JEFA>" "$LOG"

if [ -n "${DESK_PAGES:-}" ]; then	# the pages as a person sees them
	mkdir -p "$DESK_PAGES"
	pdftoppm -png -r 60 "$HARNESS_DIR/exp.pdf" "$DESK_PAGES/expediente"
	pdftoppm -png -r 60 "$HARNESS_DIR/est.pdf" "$DESK_PAGES/estadisticas"
	pdftoppm -png -r 60 "$HARNESS_DIR/est2.pdf" "$DESK_PAGES/estadisticas-2026B"
	pdftoppm -png -r 60 "$HARNESS_DIR/pres-A1001.pdf" "$DESK_PAGES/presentacion"
fi
finish
