#!/bin/sh
# SPDX-License-Identifier: ISC
# The coordinators' desk (issue 11) through a real Dovecot, smtp-sink and
# tequiod --once: CSV files that Excel for Windows in Spanish opens right
# (UTF-8 byte-order mark, CRLF, attached as text/csv; charset=utf-8);
# tequioctl export of every table with ISO 8601 dates in the
# institution's zone and a data-protection map of every column;
# eligibility: REGISTRO below [rules] min_credits refused with the rule,
# tequioctl import alumnos (Excel's semicolons, BOM, CRLF, bad rows
# reported by line), registration checked against the roster and letters
# that cite the roster's data, not what was typed; the console:
# tequioctl history (a student's whole file), decide (a matter decided
# without mail, audited as the console), quarantine (what was set aside
# and why, control characters kept off the terminal), resend (a lost
# letter rendered again from the register, byte for byte, and mailed).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh
ALU=luis.mora@alumnos.utv.edu.mx

lifecycle_servers
export TEQUIO_NOW=1795000000
BOM=$(printf '\357\273\277')

send() {	# send NAME FROM TO SUBJECT BODY [args of mime...]
	sd_name=$1
	shift
	mime "$M/$sd_name.eml" "$@"
	deliver_mail "$M/$sd_name.eml"
	run "$sd_name"
}

# starts_with_bom FILE: the file's first three bytes are EF BB BF.
starts_with_bom() {
	[ "$(head -c 3 "$1")" = "$BOM" ]
}

# crlf_only FILE: every line ends in CRLF.
crlf_only() {
	[ "$(grep -c . "$1")" -gt 0 ] &&
	    [ "$(grep -c "$(printf '\r')\$" "$1")" = "$(grep -c '' "$1")" ]
}

# ---- the scene: an agency with its convenio, a student -----------------
salud_registration "$M/reg.eml" decreto.pdf=decreto.pdf:application/pdf \
    nombramiento.pdf=nombramiento.pdf:application/pdf \
    ine.pdf=ine.pdf:application/pdf domicilio.pdf=domicilio.pdf:application/pdf \
    rfc.pdf=rfc.pdf:application/pdf logo.png=logo.png:image/png
deliver_mail "$M/reg.eml"
run reg
CODE=$(code_of "$(to $COORD)")
send aprobar "$COORD" "$MAILBOX" "APROBAR $CODE" "" "$(ar $COORD)"
t=$(py pdf "$(to $DEP)" convenio-)
check "clause OCTAVA: a real term, grammatical" has "estará vigente durante dos años, del 18 de noviembre de 2026 al 17 de noviembre de 2028" "$t"
check "no indefinite term any more" eval "! printf '%s' \"\$t\" | grep -q indefinida"
check "convenio approved" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$DEP'")" convenio_vigente
send alu "$ALU" "$MAILBOX" "REGISTRO" "Matrícula: A1234
Nombre: Luis Mora Núñez
Carrera: Derecho
Créditos: 80" "$(ar $ALU)"

# ==== 1: CSV for Excel in Spanish ==========================================
send repdep "$COORD" "$MAILBOX" "REPORTE DEPENDENCIAS" "" "$(ar $COORD)"
f=$(to $COORD)
check "the report's CSV goes as text/csv with its charset" \
    grep -q "^Content-Type: text/csv; charset=utf-8; name=\"dependencias.csv\"" "$f"
py save "$f" dependencias.csv "$HARNESS_DIR/dep.csv"
check "the mailed CSV starts with the UTF-8 byte-order mark" \
    starts_with_bom "$HARNESS_DIR/dep.csv"
check "the mailed CSV ends every line in CRLF" crlf_only "$HARNESS_DIR/dep.csv"
check "the mailed CSV holds the agency, accents intact" \
    grep -q "Secretaría de Salud de Oaxaca" "$HARNESS_DIR/dep.csv"

"$TEQUIOCTL" -c "$CONF" report alumnos --csv "$HARNESS_DIR/alu.csv" \
    >/dev/null 2>&1
check "tequioctl report --csv starts with the byte-order mark" \
    starts_with_bom "$HARNESS_DIR/alu.csv"

# ==== 1: tequioctl export: every table, ISO dates ===========================
EX=$HARNESS_DIR/export
"$TEQUIOCTL" -c "$CONF" export "$EX" >"$HARNESS_DIR/export.out" 2>&1
check "tequioctl export exits 0" eq "$?" 0
for t in $(db "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"); do
	check "table $t is exported" test -f "$EX/tabla-$t.csv"
done
check "as many table files as tables" eq "$(ls "$EX" | grep -c '^tabla-')" \
    "$(db "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")"
bad=""
for x in "$EX"/*.csv; do
	starts_with_bom "$x" || bad="$bad $(basename "$x")"
	crlf_only "$x" || bad="$bad $(basename "$x")(LF)"
done
check "every exported file has the BOM and CRLF" eq "$bad" ""
# 1795000000 is 2026-11-18 11:06:40 UTC: 05:06:40 in Mexico City.
check "dates are ISO 8601 in the institution's zone, not epochs" \
    grep -q ",2026-11-18T05:06:40-06:00" "$EX/cuentas.csv"
check "no raw epoch left in the accounts file" \
    eval "! grep -q ',1795000000' '$EX/cuentas.csv'"
check "the audit is dated too" \
    grep -q "dependencia,1,registro_dependencia,.*,2026-11-18T05:06:40-06:00" \
    "$EX/bitacora.csv"
check "tabla-wf_account.csv dates its rows" \
    grep -q "2026-11-18T05:06:40-06:00" "$EX/tabla-wf_account.csv"
check "the student's matrícula is in tabla-wf_student.csv" \
    grep -q "A1234,Derecho,80" "$EX/tabla-wf_student.csv"
check "no secret column is exported (token hashes, code MACs, nonces)" \
    eval "! grep -qE 'token_hash|code_mac|nonce|pdf_mac' '$EX'/tabla-*.csv"
check "no whole outgoing message is exported" \
    eval "[ -s '$EX/tabla-outbox_body.csv' ] && ! head -q -n 1 \
    '$EX/tabla-outbox.csv' '$EX/tabla-outbox_body.csv' | tr -d '\r' |
    tr ',' '\n' | grep -qx raw"
check "every column of every file is classified" \
    eval "! grep -q 'sin clasificar' '$EX/datos-personales.csv'"
for x in "$EX"/*.csv; do
	n=$(basename "$x")
	[ "$n" = datos-personales.csv ] && continue
	check "datos-personales.csv matches the header of $n" eq \
	    "$(grep "^$n," "$EX/datos-personales.csv" | cut -d, -f2 | tr '\n' ',')" \
	    "$(head -n 1 "$x" | sed "s/^$BOM//" | tr -d '\r'),"
done

# ==== 2: eligibility ======================================================
LOW=baja.nota@alumnos.utv.edu.mx
send low "$LOW" "$MAILBOX" "REGISTRO" "Matrícula: L2020
Nombre: Lía Soto
Carrera: Derecho
Créditos: 20 %" "$(ar $LOW)"
b=$(py body "$(to $LOW)")
check "REGISTRO at 20 % is refused with the rule" \
    has "al menos el 70 % de los créditos de su carrera" "$b"
check "the refusal says how to go on" has "Cuando alcance el 70 %" "$b"
check "no account for her" eq \
    "$(db "SELECT count(*) FROM wf_account WHERE email = '$LOW'")" 0

ROSA=rosa.diaz@alumnos.utv.edu.mx
printf '\357\273\277Matrícula;Nombre completo;Carrera;Créditos (%%);Correo electrónico\r\nR2020;Rosa Díaz Ávila;Contaduría Pública;88,5;%s\r\nX1;Nadie;Derecho;90;\r\nS3030;Saúl Paz;Derecho;setenta;\r\n' \
    "$ROSA" >"$HARNESS_DIR/padron.csv"
"$TEQUIOCTL" -c "$CONF" import alumnos "$HARNESS_DIR/padron.csv" \
    >"$HARNESS_DIR/import.out" 2>&1
check "import with refused rows exits 1" eq "$?" 1
out=$(cat "$HARNESS_DIR/import.out")
check "the import reports rows taken and refused" \
    has "1 filas tomadas, 2 rechazadas" "$out"
check "a bad matrícula is reported with its line" \
    has "línea 3: la matrícula «X1» no es válida" "$out"
check "bad credits are reported with their line" \
    has "línea 4: los créditos «setenta» no son un porcentaje" "$out"
check "the roster holds the good row, decimal comma read" eq \
    "$(db "SELECT nombre || '|' || carrera || '|' || creditos || '|' || correo FROM roster")" \
    "Rosa Díaz Ávila|Contaduría Pública|88|$ROSA"
printf 'Matrícula,Nombre\n' >"$HARNESS_DIR/short.csv"
"$TEQUIOCTL" -c "$CONF" import alumnos "$HARNESS_DIR/short.csv" \
    >"$HARNESS_DIR/short.out" 2>&1
check "a roster without the career column is refused, naming it" \
    grep -q "falta la columna «carrera»" "$HARNESS_DIR/short.out"

NOTIN=nadie@alumnos.utv.edu.mx
send notin "$NOTIN" "$MAILBOX" "REGISTRO" "Matrícula: Q7777
Nombre: Nadie
Carrera: Derecho
Créditos: 90" "$(ar $NOTIN)"
check "a matrícula not in the roster is refused" \
    has "no aparece en el padrón" "$(py body "$(to $NOTIN)")"
send steal "$NOTIN" "$MAILBOX" "REGISTRO" "Matrícula: R2020
Nombre: Rosa Díaz
Carrera: Derecho
Créditos: 90" "$(ar $NOTIN)"
check "the roster's matrícula from another address is refused" \
    has "con otra dirección de correo" "$(py body "$(to $NOTIN)")"
check "nobody registered R2020" eq \
    "$(db "SELECT count(*) FROM wf_student WHERE matricula = 'R2020'")" 0

send rosa "Rosa Díaz <$ROSA>" "$MAILBOX" "REGISTRO" "Matrícula: r2020
Nombre: Rosa
Carrera: Derecho
Créditos: 99" "$(ar $ROSA)"
f=$(to $ROSA)
check "registered with the roster's data" has "Usamos los datos del padrón" \
    "$(py body "$f")"
ROSA_ADDR=$(personal_of "$f")
mime "$M/rfoto.eml" "$ROSA" "$ROSA_ADDR" "FOTO" "" -- "yo.jpg=foto.jpg:image/jpeg"
deliver_mail "$M/rfoto.eml"
run rfoto
send rpres "$ROSA" "$ROSA_ADDR" "PRESENTACIÓN" ""
reply "$(to $COORD)" "$COORD" "APROBAR" "$M/rapr.eml"
deliver_mail "$M/rapr.eml"
run rapr
f=$(to $ROSA)
t=$(py pdf "$f" constancia-)
check "the constancia cites the roster's career" has "Contaduría Pública" "$t"
check "the constancia cites the roster's credits" has "88 %" "$t"
check "not the career she typed" eval "! printf '%s' \"\$t\" | grep -q Derecho"
check "the carta de presentación cites the roster's name" \
    hasi "Rosa Díaz Ávila" "$(py pdf "$f" presentacion-)"
py save "$f" constancia- "$HARNESS_DIR/constancia.pdf"
CFOLIO=$(db "SELECT folio FROM letter_issued WHERE kind = 'constancia'")

# ==== 3: the console ========================================================
out=$("$TEQUIOCTL" -c "$CONF" history R2020 2>&1)
check "history names the student with the roster's data" \
    has "Matrícula R2020, carrera Contaduría Pública, 88 % de créditos" "$out"
check "history shows the coordinator's decision, who and when" \
    has "decisión        carta de presentación: aprobado por $COORD" "$out"
check "history lists her letters by folio" has "constancia de estudios, folio SS-2026-" "$out"
check "history dates in the institution's zone" \
    has "2026-11-18T05:06:40-06:00" "$out"
check "history by address finds the same file" eq \
    "$("$TEQUIOCTL" -c "$CONF" history "$ROSA" | head -n 1)" \
    "$(echo "$out" | head -n 1)"
"$TEQUIOCTL" -c "$CONF" history NOEXISTE >/dev/null 2>&1
check "history of nobody exits 1" eq "$?" 1

send lfoto "$ALU" "$MAILBOX" "FOTO" "" "$(ar $ALU)" -- "yo.jpg=foto.jpg:image/jpeg"
send lpres "$ALU" "$MAILBOX" "PRESENTACIÓN" "" "$(ar $ALU)"
PCODE=$("$TEQUIOCTL" -c "$CONF" pending | awk 'NR > 1 { print $1 }')
check "the request waits with a code" test -n "$PCODE"
out=$("$TEQUIOCTL" -c "$CONF" decide XXX-XXX aprobar 2>&1)
check "decide with an unknown code exits 1" eq "$?" 1
check "and says so in Spanish" has "No hay ningún asunto con el código" "$out"
"$TEQUIOCTL" -c "$CONF" decide "$PCODE" rechazar >/dev/null 2>&1
check "rechazar without a reason is a usage error" eq "$?" 2
check "nothing decided yet" eq \
    "$(db "SELECT state FROM wf_matter WHERE kind = 'presentacion' AND state = 'abierto'")" abierto
out=$("$TEQUIOCTL" -c "$CONF" decide "$PCODE" rechazar la foto no es del alumno 2>&1)
check "decide rechazar exits 0" eq "$?" 0
check "decide prints what was done" has "petición de carta de presentación fue rechazada" "$out"
check "the matter is decided by the console, with the reason" eq \
    "$(db "SELECT state || '|' || decided_by || '|' || motivo FROM wf_matter WHERE id = (SELECT max(id) FROM wf_matter)")" \
    "rechazado|consola (tequioctl)|la foto no es del alumno"
check "the audit names the console" test \
    "$(db "SELECT count(*) FROM wf_audit WHERE actor = 'consola (tequioctl)'")" -ge 1
run after_decide
check "the student is told, by mail, with the reason" \
    has "la foto no es del alumno" "$(py body "$(to $ALU)")"
"$TEQUIOCTL" -c "$CONF" decide "$PCODE" aprobar >/dev/null 2>&1
check "a decided matter cannot be decided again" eq "$?" 1

printf 'To: %s\r\nSubject: ayuda \033[31mrojo\r\nMessage-ID: <q1@x.example>\r\nDate: Mon, 23 Nov 2026 10:00:00 -0600\r\n\r\nhola\r\n' \
    "$MAILBOX" >"$M/q1.eml"
deliver_mail "$M/q1.eml"
run q1
out=$("$TEQUIOCTL" -c "$CONF" quarantine)
check "quarantine lists the message without a sender, with the reason" \
    has "no readable sender" "$out"
check "quarantine counts what is in the folder" \
    has "1 mensaje(s) en la carpeta" "$out"
QID=$(db "SELECT id FROM message WHERE outcome = 'quarantined'")
# The parser already blanks control characters; the console must not
# trust that of the database (an older tequio, a hand edit).
db "UPDATE message SET subject = 'a' || char(27) || '[2J' WHERE id = $QID" >/dev/null
out=$("$TEQUIOCTL" -c "$CONF" quarantine)
check "no escape sequence from the database reaches the terminal" \
    eval "! printf '%s' \"\$out\" | grep -q \"\$(printf '\\033')\""
out=$("$TEQUIOCTL" -c "$CONF" quarantine show "$QID")
check "quarantine show gives its Message-ID to find it in the mailbox" \
    has "q1@x.example" "$out"
"$TEQUIOCTL" -c "$CONF" quarantine show 99999 >/dev/null 2>&1
check "quarantine show of a message not in quarantine exits 1" eq "$?" 1

# ---- resend: the PDF left the outbox long ago --------------------------
db "DELETE FROM outbox_body WHERE id IN (SELECT id FROM outbox WHERE rcpt = '$ROSA'); UPDATE outbox SET raw_len = 0 WHERE rcpt = '$ROSA'" >/dev/null
out=$("$TEQUIOCTL" -c "$CONF" resend "$CFOLIO" --pdf "$HARNESS_DIR/again.pdf" 2>&1)
check "resend --pdf exits 0" eq "$?" 0
check "the letter rendered again is the one issued, byte for byte" \
    cmp -s "$HARNESS_DIR/again.pdf" "$HARNESS_DIR/constancia.pdf"
check "resend says so" has "idéntica byte a byte" "$out"
"$TEQUIOCTL" -c "$CONF" verify "$CFOLIO" "$HARNESS_DIR/again.pdf" >/dev/null 2>&1
check "and tequioctl verify takes it as genuine" eq "$?" 0
"$TEQUIOCTL" -c "$CONF" resend SS-2026-000001 --pdf "$HARNESS_DIR/conv.pdf" \
    >/dev/null 2>&1
"$TEQUIOCTL" -c "$CONF" verify SS-2026-000001 "$HARNESS_DIR/conv.pdf" \
    >/dev/null 2>&1
check "the convenio comes back with the agency's logo, genuine" eq "$?" 0
"$TEQUIOCTL" -c "$CONF" resend SS-2026-999999 >/dev/null 2>&1
check "resend of a folio never issued exits 1" eq "$?" 1
"$TEQUIOCTL" -c "$CONF" resend "$CFOLIO" >/dev/null 2>&1
check "resend by mail exits 0" eq "$?" 0
run resend
f=$(to $ROSA)
check "the student gets her letter again" has "constancia-$CFOLIO.pdf" \
    "$(py atts "$f")"
check "the mail says it is the same document" \
    has "el mismo folio, el mismo texto y el mismo código" "$(py body "$f")"
py save "$f" constancia- "$HARNESS_DIR/mailed.pdf"
check "the mailed PDF is the one issued" \
    cmp -s "$HARNESS_DIR/mailed.pdf" "$HARNESS_DIR/constancia.pdf"
check "the disclosure is in the access log" eq \
    "$(db "SELECT count(*) FROM access_log WHERE recipient = '$ROSA' AND what LIKE 'carta $CFOLIO reenviada%'")" 1

# ==== 4: the coordinator's desk by mail =====================================
# A finished service (the lifecycle test walks one through; here its rows).
db "INSERT INTO wf_program(id, agency_id, name, vacantes, horario, lugar, descripcion, state, created, updated) VALUES(90, 1, 'Archivo histórico', 1, 'mañanas', 'Centro', 'ordenar', 'cerrado', $TEQUIO_NOW, $TEQUIO_NOW); INSERT INTO wf_application(student_id, program_id, state, created, updated) VALUES(3, 90, 'finalizada', $TEQUIO_NOW, $TEQUIO_NOW)" >/dev/null
send rep1 "$COORD" "$MAILBOX" "REPORTE ALUMNOS" "" "$(ar $COORD)"
py save "$(to $COORD)" alumnos.csv "$HARNESS_DIR/r1.csv"
check "REPORTE ALUMNOS alone: students in service, not the finished" \
    eval "! grep -q R2020 '$HARNESS_DIR/r1.csv'"
send rep2 "$COORD" "$MAILBOX" "REPORTE ALUMNOS todos" "" "$(ar $COORD)"
py save "$(to $COORD)" alumnos.csv "$HARNESS_DIR/r2.csv"
check "REPORTE ALUMNOS todos keeps the finished student" \
    grep -q "R2020,Rosa Díaz Ávila,Contaduría Pública,Archivo histórico" \
    "$HARNESS_DIR/r2.csv"
send rep3 "$COORD" "$MAILBOX" "REPORTE ALUMNOS concluidos" "" "$(ar $COORD)"
f=$(to $COORD)
py save "$f" alumnos.csv "$HARNESS_DIR/r3.csv"
check "REPORTE ALUMNOS concluidos: the finished one" grep -q R2020 \
    "$HARNESS_DIR/r3.csv"
check "its PDF says the filter" has "Concluidos" "$(py pdf "$f" alumnos.pdf)"
send rep4 "$COORD" "$MAILBOX" "REPORTE ALUMNOS egresados" "" "$(ar $COORD)"
b=$(py body "$(to $COORD)")
check "an unknown filter is refused, naming it" has "el filtro «egresados»" "$b"
check "and listing the ones there are" has "todos, en servicio, liberados, concluidos, baja" "$b"
"$TEQUIOCTL" -c "$CONF" report alumnos todos --csv "$HARNESS_DIR/r5.csv" \
    >/dev/null 2>&1
check "tequioctl report alumnos todos keeps her too" grep -q R2020 \
    "$HARNESS_DIR/r5.csv"


send exp1 "$COORD" "$MAILBOX" "EXPEDIENTE r2020 con cartas" "" "$(ar $COORD)"
f=$(to $COORD)
atts=$(py atts "$f")
check "EXPEDIENTE sends the file as PDF and CSV" \
    has "expediente-3.pdf,expediente-3.csv" "$atts"
check "with cartas: her letters, rendered again" \
    has "constancia-$CFOLIO.pdf" "$atts"
t=$(py pdf "$f" expediente-3.pdf)
check "the file names her with the roster's data" \
    has "matrícula R2020 · Contaduría Pública · 88 %" "$t"
check "the file shows the decision with who took it" \
    has "carta de presentación: aprobado por $COORD" "$t"
check "the file of a finished student shows the finished application" \
    has "Archivo histórico» de Secretaría de Salud de Oaxaca: concluida" "$t"
py save "$f" "constancia-$CFOLIO" "$HARNESS_DIR/exp-const.pdf"
check "the attached letter is the one issued" \
    cmp -s "$HARNESS_DIR/exp-const.pdf" "$HARNESS_DIR/constancia.pdf"
check "handing her file over is in the access log" eq \
    "$(db "SELECT count(*) FROM access_log WHERE recipient = '$COORD' AND what = 'expediente' AND account_id = 3")" 1
send exp2 "$COORD" "$MAILBOX" "EXPEDIENTE Z0000" "" "$(ar $COORD)"
check "EXPEDIENTE of nobody says so" \
    has "No encontramos a nadie con la matrícula, el RFC o el correo «Z0000»" \
    "$(py body "$(to $COORD)")"
# A forged From: the coordinator's address without our MX's verdict.
send exp3 "$COORD" "$MAILBOX" "EXPEDIENTE R2020" ""
check "an unverified coordinator gets no one's file" \
    eval "! py atts \"\$(to $COORD)\" | grep -q expediente"
send exp4 "$ALU" "$MAILBOX" "EXPEDIENTE R2020" "" "$(ar $ALU)"
check "a student cannot ask for a file" \
    eval "! py atts \"\$(to $ALU)\" | grep -q expediente"

send est "$COORD" "$MAILBOX" "ESTADÍSTICAS" "" "$(ar $COORD)"
f=$(to $COORD)
py save "$f" estadisticas.csv "$HARNESS_DIR/est.csv"
check "ESTADISTICAS: students by career" \
    grep -q "Alumnos por carrera,Contaduría Pública,1" "$HARNESS_DIR/est.csv"
check "ESTADISTICAS: agencies by state, words not codes" \
    grep -q "Dependencias por estado,convenio vigente,1" "$HARNESS_DIR/est.csv"
check "ESTADISTICAS: decisions" \
    grep -q "Decisiones,carta de presentación: rechazado,1" "$HARNESS_DIR/est.csv"
check "ESTADISTICAS comes as PDF too" has "Estadísticas del servicio social" \
    "$(py pdf "$f" estadisticas.pdf)"

# ==== 5: the catalogue ======================================================
prog() {	# prog NAME BODY-EXTRA: the agency publishes a program
	send "p$N" "$DEP" "$MAILBOX" "PROGRAMA" "Nombre: $1
Vacantes: 2
Horario: lunes a viernes, 9 a 13 h
Lugar: $2
Descripción: apoyo
$3" "$(ar $DEP)" -- "listado de actividades.pdf=actividades.pdf:application/pdf" \
	    "honorarios.pdf=honorarios.pdf:application/pdf"
}
prog "Brigadas de salud" "Centro de Salud, Oaxaca de Juárez" "Carreras: Enfermería, Medicina
Modalidad: presencial
Apoyo económico: no"
check "a new program is announced to the coordinators" \
    has "nueva oferta de servicio social" "$(py subject "$(to $COORD)")"
prog "Asesoría jurídica en línea" "Oaxaca de Juárez" "Carreras: Derecho
Modalidad: remota
Apoyo económico: \$2,000 al mes
Vigente hasta: 30/06/2027"
prog "Archivo municipal" "Tlaxiaco" "Modalidad: híbrida"
P1=$(db "SELECT id FROM wf_program WHERE name = 'Brigadas de salud'")
P2=$(db "SELECT id FROM wf_program WHERE name = 'Asesoría jurídica en línea'")
P3=$(db "SELECT id FROM wf_program WHERE name = 'Archivo municipal'")
check "the three programs are published" test -n "$P1$P2$P3"
prog "Otro" "Etla" "Carreras: Derecho
Modalidad: remota
Apoyo económico: \$2,000 al mes
Vigente hasta: 30/06/2027"
check "the coordinators' notice says careers, modality and support" \
    has "Derecho · remota · \$2,000 al mes · hasta el 30 de junio de 2027" \
    "$(py body "$(to $COORD)")"
prog "Malo" "Etla" "Modalidad: a veces"
check "an unknown modality is refused, saying the three" \
    has "«Modalidad: a veces» no es una modalidad: escriba presencial, remota o híbrida" \
    "$(py body "$(to $DEP)")"
prog "Viejo" "Etla" "Vigente hasta: 01/01/2020"
check "a program offered until a past day is refused" \
    has "ya pasó" "$(py body "$(to $DEP)")"
check "neither was published" eq \
    "$(db "SELECT count(*) FROM wf_program WHERE name IN ('Malo', 'Viejo')")" 0

ROSA_AR=$(ar $ROSA)
send f1 "$ROSA" "$MAILBOX" "PROGRAMAS Derecho remota con apoyo" "" "$ROSA_AR"
f=$(to $ROSA)
b=$(py body "$f")
check "filters understood in plain words" \
    has "Filtros: «derecho», modalidad remota, con apoyo económico." "$b"
check "the remote paid law program is listed" has "Asesoría jurídica en línea" "$b"
check "the nursing program is not" eval "! printf '%s' \"\$b\" | grep -q 'Brigadas'"
check "the hybrid one is not" eval "! printf '%s' \"\$b\" | grep -q 'Archivo municipal'"
check "the catalogue PDF shows the support" has "2,000 al mes" \
    "$(py pdf "$f" programas.pdf)"
send f2 "$ROSA" "$MAILBOX" "PROGRAMAS Derecho" "" "$ROSA_AR"
b=$(py body "$(to $ROSA)")
check "a career keeps programs open to every career" has "Archivo municipal" "$b"
check "and leaves out other careers'" eval "! printf '%s' \"\$b\" | grep -q 'Brigadas'"
send f3 "$ROSA" "$MAILBOX" "PROGRAMAS Tlaxiaco" "" "$ROSA_AR"
b=$(py body "$(to $ROSA)")
check "a place is a filter too" has "Archivo municipal" "$b"
check "a place leaves out programs elsewhere, even open to all careers" \
    eval "! printf '%s' \"\$b\" | grep -q 'Asesoría'"
TEQUIO_NOW=$((TEQUIO_NOW + 300 * 86400))
send f4 "$ROSA" "$MAILBOX" "PROGRAMAS" "" "$ROSA_AR"
check "a program past its last day leaves the catalogue" \
    eval "! py body \"\$(to $ROSA)\" | grep -q 'Asesoría jurídica en línea'"
TEQUIO_NOW=1795000000

send d1 "$ROSA" "$MAILBOX" "PROGRAMA $P2" "" "$ROSA_AR"
f=$(to $ROSA)
check "PROGRAMA <clave>: the detail" has "Carreras, modalidad y apoyo: Derecho · remota" \
    "$(py body "$f")"
check "with the activities and the honorarios attached" eq "$(py atts "$f")" \
    "listado de actividades.pdf,honorarios.pdf"
send d2 "$ROSA" "$MAILBOX" "PROGRAMA 999" "" "$ROSA_AR"
check "PROGRAMA of a program that is not open says so" \
    has "No hay un programa abierto con la clave 999" "$(py body "$(to $ROSA)")"
send d3 "$ROSA" "$MAILBOX" "PROGRAMA" "" "$ROSA_AR"
check "a student's PROGRAMA without a key says what it is for" \
    has "para ver uno, escriba PROGRAMA seguido de su clave" \
    "$(py body "$(to $ROSA)")"

send c1 "$DEP" "$MAILBOX" "CERRAR PROGRAMA $P3" "" "$(ar $DEP)"
check "CERRAR PROGRAMA closes it" has "Cerramos el programa $P3" \
    "$(py body "$(to $DEP)")"
check "the program is closed" eq \
    "$(db "SELECT state FROM wf_program WHERE id = $P3")" cerrado
send c2 "$ROSA" "$MAILBOX" "PROGRAMAS" "" "$ROSA_AR"
check "a closed program leaves the catalogue" \
    eval "! py body \"\$(to $ROSA)\" | grep -q 'Archivo municipal'"
send c3 "$DEP" "$MAILBOX" "CERRAR PROGRAMA $P3" "" "$(ar $DEP)"
check "closing it twice is refused, saying it is closed" \
    has "cerró el programa" "$(py body "$(to $DEP)")"
send c4 "$DEP" "$MAILBOX" "CERRAR PROGRAMA 999" "" "$(ar $DEP)"
check "closing a program that is not its own is refused" \
    has "Su dependencia no tiene un programa con la clave 999" \
    "$(py body "$(to $DEP)")"
send c5 "$ROSA" "$MAILBOX" "CERRAR PROGRAMA $P2" "" "$ROSA_AR"
check "a student cannot close a program" eq \
    "$(db "SELECT state FROM wf_program WHERE id = $P2")" publicado

# ==== 6: empresas ===========================================================
EMP=rh@maderas.example
send emp0 "$EMP" "$MAILBOX" "REGISTRO DEPENDENCIA" "Nombre: Maderas del Sur, S.A. de C.V.
Tipo: cooperativa
RFC: MSU010101AB1
Representante: Laura Ríos
Cargo: Apoderada legal
Domicilio: Calle Pino 4, Oaxaca de Juárez
Teléfono: 951 222 3344" "$(ar $EMP)"
check "an unknown Tipo is refused, naming empresa" \
    has "«Tipo: empresa»" "$(py body "$(to $EMP)")"
send emp1 "$EMP" "$MAILBOX" "REGISTRO DEPENDENCIA" "Nombre: Maderas del Sur, S.A. de C.V.
Tipo: Empresa
RFC: MSU010101AB1
Representante: Laura Ríos
Cargo: Apoderada legal
Domicilio: Calle Pino 4, Oaxaca de Juárez
Teléfono: 951 222 3344" "$(ar $EMP)" -- \
    "Acta constitutiva.pdf=decreto.pdf:application/pdf" \
    "Poder notarial.pdf=nombramiento.pdf:application/pdf" \
    "Constancia de situacion fiscal.pdf=rfc.pdf:application/pdf" \
    "ine.pdf=ine.pdf:application/pdf" \
    "comprobante de domicilio.pdf=domicilio.pdf:application/pdf" \
    "logo.png=logo.png:image/png"
check "an empresa with its own documents is complete" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$EMP'")" en_revision
check "its poder notarial is recognised by name" eq \
    "$(db "SELECT count(*) FROM wf_document d JOIN wf_account a ON a.id = d.account_id WHERE a.email = '$EMP' AND d.kind = 'nombramiento' AND d.filename = 'Poder notarial.pdf'")" 1
ECODE=$(code_of "$(to $COORD)")
send emp2 "$COORD" "$MAILBOX" "APROBAR $ECODE" "" "$(ar $COORD)"
t=$(py pdf "$(to $EMP)" convenio-)
check "the empresa's convenio cites its acta constitutiva" has "acta constitutiva" "$t"
check "and the poder notarial of its representative" has "poder notarial" "$t"
check "and the economic support of its programs" has "apoyo económico" "$t"
check "not a nombramiento" eval "! printf '%s' \"\$t\" | grep -q nombramiento"

# ==== 2: the convenio's end: reminders, refusals, RENOVAR ==================
# Both agencies' convenios run from 18 November 2026 to 17 November 2028.
# about RCPT TEXT: the new mails to RCPT whose Subject has TEXT (other
# jobs, like the report calendar, may write to the same people).
about() {
	for ab_x in $(cat "$HARNESS_DIR/new"); do
		[ "$(sink_rcpt "$ab_x")" = "$1" ] &&
		    py subject "$ab_x" | grep -qF -- "$2" && echo "$ab_x"
	done
}
# jornadas NAME: the agency's PROGRAMA of a new program.
jornadas() {
	send "$1" "$DEP" "$MAILBOX" "PROGRAMA" "Nombre: Jornadas de vacunación
Vacantes: 1
Horario: lunes a viernes, 9 a 13 h
Lugar: Centro de Salud Urbano 2
Descripción: registro de pacientes" "$(ar $DEP)" -- \
    "listado de actividades.pdf=actividades.pdf:application/pdf"
}
TEQUIO_NOW=1852815600	# 2028-09-17 09:00, 61 days before the last day
run ren0
check "no reminder 61 days before" eq "$(about $DEP 'convenio de servicio social termina' | wc -l)" 0
TEQUIO_NOW=1852902000	# 2028-09-18 09:00, 60 days before
run ren1
f=$(about $DEP "termina el 17 de noviembre de 2028")
check "the agency is reminded 60 days before, once" eq "$(echo "$f" | grep -c .)" 1
check "the reminder says how to renew" has "asunto RENOVAR" "$(py body "$f")"
check "the coordinators are told of each agency" eq \
    "$(about $COORD "termina el 17 de noviembre de 2028" | wc -l)" 2
TEQUIO_NOW=$((TEQUIO_NOW + 13 * 3600))
run ren2
check "the reminder goes once" eq "$(about $DEP 'termina el' | wc -l)" 0
TEQUIO_NOW=1858172400	# 2028-11-18 09:00, the day after the last day
jornadas ren3
check "an agency whose convenio ended cannot publish: the day it ended" \
    has "terminó el 17 de noviembre de 2028" "$(py body "$(to $DEP)")"
check "and no program was added" eq \
    "$(db "SELECT count(*) FROM wf_program WHERE name = 'Jornadas de vacunación'")" 0
send ren4 "$DEP" "$MAILBOX" "RENOVAR" "" "$(ar $DEP)"
check "RENOVAR goes to the coordinators" has "Pedimos a la coordinación la renovación" \
    "$(py body "$(to $DEP)")"
RCODE=$(code_of "$(to $COORD)")
send ren5 "$COORD" "$MAILBOX" "APROBAR $RCODE" "" "$(ar $COORD)"
t=$(py pdf "$(to $DEP)" convenio-)
check "APROBAR issues a new convenio with a new term" has \
    "estará vigente durante dos años, del 18 de noviembre de 2028 al 17 de noviembre de 2030" "$t"
jornadas ren6
check "with the new convenio the agency publishes again" has \
    "Publicamos el programa" "$(py body "$(to $DEP)")"
TEQUIO_NOW=1795000000

# ---- check-config -n: only what the file sets -------------------------
out=$("$TEQUIOCTL" -c "$CONF" check-config -n 2>&1)
check "check-config -n shows a key the file sets, with its line" \
    eval "printf '%s' \"\$out\" | grep -q '^address *= servicio.social@utv.edu.mx *; línea'"
check "check-config -n leaves the defaults out" \
    eval "! printf '%s' \"\$out\" | grep -q '; por omisión'"
check "check-config without -n shows them" \
    has "; por omisión" "$("$TEQUIOCTL" -c "$CONF" check-config 2>&1)"

finish
