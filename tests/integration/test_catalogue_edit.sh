#!/bin/sh
# SPDX-License-Identifier: ISC
# The catalogue after publication (issue 11) through a real Dovecot,
# smtp-sink and tequiod --once: convenios issued before terms were kept
# (a database from before migration 22) get their term from the letters
# register and are reminded; an agency whose convenio ended disappears
# from PROGRAMAS, its programs refuse SOLICITUD and their detail, and come
# back when RENOVAR is approved; the owning agency edits a program
# (PROGRAMA <clave> plus fields), nobody else can; with
# [workflow] programs_need_approval = yes a new program and an edit wait
# for a coordinator.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh
ALU=rosa.diaz@alumnos.utv.edu.mx

lifecycle_servers
export TEQUIO_NOW=1795000000	# 2026-11-18, 05:06 in Mexico City (UTC-6,
				# no summer time since 2022: the dates below)

send() {	# send NAME FROM TO SUBJECT BODY [args of mime...]
	sd_name=$1
	shift
	mime "$M/$sd_name.eml" "$@"
	deliver_mail "$M/$sd_name.eml"
	run "$sd_name"
}

# about RCPT TEXT: the new mails to RCPT whose Subject has TEXT.
about() {
	for ab_x in $(cat "$HARNESS_DIR/new"); do
		[ "$(sink_rcpt "$ab_x")" = "$1" ] &&
		    py subject "$ab_x" | grep -qF -- "$2" && echo "$ab_x"
	done
}

# program NAME EXTRA-FIELDS: the agency publishes a program.
program() {
	send "p$N" "$DEP" "$MAILBOX" "PROGRAMA" "Nombre: $1
Vacantes: 2
Horario: lunes a viernes, 9 a 13 h
Lugar: Centro de Salud, Oaxaca de Juárez
Descripción: apoyo en vacunación
$2" "$(ar $DEP)" -- "listado de actividades.pdf=actividades.pdf:application/pdf"
}

# ---- the scene: an agency with its convenio, a student with her letters --
salud_registration "$M/reg.eml" decreto.pdf=decreto.pdf:application/pdf \
    nombramiento.pdf=nombramiento.pdf:application/pdf \
    ine.pdf=ine.pdf:application/pdf domicilio.pdf=domicilio.pdf:application/pdf \
    rfc.pdf=rfc.pdf:application/pdf logo.png=logo.png:image/png
deliver_mail "$M/reg.eml"
run reg
send aprobar "$COORD" "$MAILBOX" "APROBAR $(code_of "$(to $COORD)")" "" \
    "$(ar $COORD)"
check "the convenio runs two years" has \
    "del 18 de noviembre de 2026 al 17 de noviembre de 2028" \
    "$(py pdf "$(to $DEP)" convenio-)"
program "Brigadas de salud" "Carreras: Enfermería, Derecho"
P1=$(db "SELECT id FROM wf_program WHERE name = 'Brigadas de salud'")
check "the program is published" eq \
    "$(db "SELECT state FROM wf_program WHERE id = $P1")" publicado

send alu "$ALU" "$MAILBOX" "REGISTRO" "Matrícula: R2020
Nombre: Rosa Díaz Ávila
Carrera: Derecho
Créditos: 80" "$(ar $ALU)"
ALU_AR=$(ar $ALU)
send pres "$ALU" "$MAILBOX" "PRESENTACIÓN" "" "$ALU_AR"
reply "$(to $COORD)" "$COORD" "APROBAR" "$M/pres-ok.eml"
deliver_mail "$M/pres-ok.eml"
run pres-ok
f=$(to $ALU)
py save "$f" presentacion- "$HARNESS_DIR/presentacion.pdf"
py save "$f" constancia- "$HARNESS_DIR/constancia.pdf"
check "the student has her carta de presentación" test -s \
    "$HARNESS_DIR/presentacion.pdf"

# solicitud NAME PROGRAM: the student applies with the letters we issued.
solicitud() {
	send "$1" "$ALU" "$MAILBOX" "SOLICITUD $2" "" "$ALU_AR" -- \
	    "carta de presentación.pdf=$HARNESS_DIR/presentacion.pdf:application/pdf" \
	    "constancia.pdf=$HARNESS_DIR/constancia.pdf:application/pdf"
}

# ==== 4: a database from before migration 22 ==============================
# The convenio was issued, but its term was never kept (no wf_convenio):
# the schema as it was at version 21 (what migrations 22 and later
# created is dropped: a new migration adds its own DROP here).
db "DROP TABLE wf_convenio; DROP INDEX letter_issued_recipient;
DROP TABLE wf_program_edit; DROP TABLE msg_release; DROP TABLE coordinator_token;
DROP TABLE spool_pack; DROP INDEX message_spool_path;
DROP INDEX outbox_sent_bodies;
ALTER TABLE outbox ADD COLUMN raw BLOB NOT NULL DEFAULT X'';
UPDATE outbox SET raw = coalesce((SELECT raw FROM outbox_body b
  WHERE b.id = outbox.id), X'');
DROP TABLE outbox_body; ALTER TABLE outbox DROP COLUMN raw_len;
CREATE INDEX outbox_sent_bodies ON outbox(sent_at)
  WHERE status = 'sent' AND length(raw) > 0;
DELETE FROM schema_log WHERE version >= 22;
DELETE FROM daemon_state WHERE name = 'convenio.backfill';
PRAGMA user_version = 21" >/dev/null
check "the database is at version 21, with no term" eq \
    "$(db "PRAGMA user_version"):$(db "SELECT count(*) FROM sqlite_schema WHERE name = 'wf_convenio'")" \
    "21:0"
: >"$LOG"
TEQUIO_NOW=1852902000	# 2028-09-18 09:00, 60 days before the last day
run upgrade
check "the upgrade applies migration 25 and on" test "$(db "PRAGMA user_version")" -ge 25
check "the term comes from the convenio letter: two years from its issue" \
    eq "$(db "SELECT date(starts_at, 'unixepoch', '-6 hours') || ' ' || date(ends_at - 1, 'unixepoch', '-6 hours') FROM wf_convenio c JOIN wf_account a ON a.id = c.agency_id WHERE a.email = '$DEP'")" \
    "2026-11-18 2028-11-17"
check "the log says what it did, with the letter's folio" \
    grep -q "term kept from its letter SS-2026-.*last day 17 de noviembre de 2028" \
    "$LOG"
f=$(about $DEP "termina el 17 de noviembre de 2028")
check "and the reminder 60 days before now comes" eq "$(echo "$f" | grep -c .)" 1
check "the step is done once: its flag is gone" eq \
    "$(db "SELECT count(*) FROM daemon_state WHERE name = 'convenio.backfill'")" 0
db "UPDATE wf_convenio SET ends_at = ends_at + 86400" >/dev/null
db "INSERT INTO daemon_state(name, value) VALUES('convenio.backfill', 1)" \
    >/dev/null
run again
check "run again, it leaves a kept term as it is (idempotent)" eq \
    "$(db "SELECT date(ends_at - 1, 'unixepoch', '-6 hours') FROM wf_convenio")" \
    2028-11-18
db "UPDATE wf_convenio SET ends_at = ends_at - 86400" >/dev/null

# ==== 3: the convenio ended: its programs leave the catalogue ===========
TEQUIO_NOW=1858172400	# 2028-11-18 09:00, the day after the last day
send c1 "$ALU" "$MAILBOX" "PROGRAMAS" "" "$ALU_AR"
f=$(to $ALU)
check "PROGRAMAS leaves out the program of an agency whose convenio ended" \
    eval "! py body \"$f\" | grep -q 'Brigadas de salud'"
check "and so does its PDF (there is none: nothing to list)" eq \
    "$(py atts "$f")" ""
send c2 "$ALU" "$MAILBOX" "PROGRAMA $P1" "" "$ALU_AR"
b=$(py body "$(to $ALU)")
check "its detail says why it takes no one" has \
    "el convenio de Secretaría de Salud de Oaxaca con la universidad terminó el 17 de noviembre de 2028" \
    "$b"
check "and what to do: another program, or wait for the renewal" has \
    "Elija otro programa" "$b"
solicitud c3 "$P1"
b=$(py body "$(to $ALU)")
check "SOLICITUD to it is refused, saying why" has \
    "no recibe solicitudes por ahora" "$b"
check "nothing went to the agency" eq "$(about $DEP "" | grep -c .)" 0
check "no application was made" eq \
    "$(db "SELECT count(*) FROM wf_application")" 0

send r1 "$DEP" "$MAILBOX" "RENOVAR" "" "$(ar $DEP)"
send r2 "$COORD" "$MAILBOX" "APROBAR $(code_of "$(to $COORD)")" "" \
    "$(ar $COORD)"
check "the convenio is renewed" has "al 17 de noviembre de 2030" \
    "$(py pdf "$(to $DEP)" convenio-)"
send c4 "$ALU" "$MAILBOX" "PROGRAMAS" "" "$ALU_AR"
check "renewed, the program is back in PROGRAMAS with nothing else done" \
    has "Brigadas de salud" "$(py body "$(to $ALU)")"
solicitud c5 "$P1"
check "and SOLICITUD reaches the agency" eq \
    "$(db "SELECT count(*) FROM wf_application WHERE program_id = $P1")" 1
NOTICE=$(to $DEP)

# ==== 1: the agency edits its program =======================================
# Another student already serves in it (set up in the database: only the
# count of accepted students matters here); the agency accepts Rosa, so
# both places are taken and the program is full.
db "INSERT INTO wf_account(id, role, email, name, state, created, updated) VALUES(90, 'alumno', 'otro@alumnos.utv.edu.mx', 'Otro Alumno', 'en_servicio', $TEQUIO_NOW, $TEQUIO_NOW); INSERT INTO wf_application(student_id, program_id, state, created, updated) VALUES(90, $P1, 'aceptada', $TEQUIO_NOW, $TEQUIO_NOW)" >/dev/null
reply "$NOTICE" "$DEP" "ACEPTAR" "$M/acepta.eml"
deliver_mail "$M/acepta.eml"
run acepta
check "both places taken: the program is full" eq \
    "$(db "SELECT state FROM wf_program WHERE id = $P1")" cubierto

# edit NAME FROM BODY [mime args...]: PROGRAMA <clave> with fields.
edit() {
	ed_name=$1 ed_from=$2 ed_body=$3
	shift 3
	send "$ed_name" "$ed_from" "$MAILBOX" "PROGRAMA $P1" "$ed_body" "$@"
}
snapshot() {
	db "SELECT name, vacantes, horario, lugar, descripcion, state, i.modalidad, i.carreras, i.vigente_hasta FROM wf_program p LEFT JOIN wf_program_info i ON i.program_id = p.id WHERE p.id = $P1"
}
BEFORE=$(snapshot)

edit e1 "$DEP" "Vacantes: 1" "$(ar $DEP)"
b=$(py body "$(to $DEP)")
check "a cupo below the students accepted is refused, with the numbers" has \
    "No podemos dejar el programa $P1 con 1 vacante: ya aceptó a 2 estudiantes que siguen en servicio en él" \
    "$b"
check "and says what to write instead" has "Escriba «Vacantes: 2» o más" "$b"
check "nothing changed" eq "$(snapshot)" "$BEFORE"

edit e2 "$DEP" "Modalidad: a veces
Vigente hasta: 01/01/2020
Horario: sábados" "$(ar $DEP)"
b=$(py body "$(to $DEP)")
check "a bad modality is refused as on publication" has \
    "«Modalidad: a veces» no es una modalidad" "$b"
check "a past Vigente hasta too" has "ya pasó" "$b"
check "the reply says nothing changed and how to retry" has \
    "No cambiamos nada del programa $P1" "$b"
check "not even the valid field in the same mail" eq "$(snapshot)" "$BEFORE"

edit e2b "$DEP" "Horario: sábados" "$(ar $DEP)" -- \
    "listado de actividades.pdf=foto.jpg:image/jpeg"
b=$(py body "$(to $DEP)")
check "a new activities list that is no PDF is refused as on publication" \
    has "No cambiamos nada del programa $P1" "$b"
check "nothing changed with it" eq "$(snapshot)" "$BEFORE"

edit e3 "$DEP" "Horario: lunes a viernes, 9 a 13 h
Lugar: Centro de Salud, Oaxaca de Juárez" "$(ar $DEP)"
check "an edit that changes nothing says so and lists the fields" has \
    "No encontramos nada que cambiar en el programa $P1" "$(py body "$(to $DEP)")"

edit e4 "$DEP" "Vacantes: 3
Horario: lunes a viernes, 8 a 12 h
Modalidad: híbrida
Vigente hasta: 30/06/2029" "$(ar $DEP)" -- \
    "listado de actividades 2029.pdf=actividades.pdf:application/pdf"
f=$(to $DEP)
b=$(py body "$f")
check "the edit is made: the reply counts the changes" has \
    "Modificamos el programa $P1, «Brigadas de salud»: 5 cambios." "$b"
check "and lists each one, before and after" has \
    "Vacantes: antes «2», ahora «3»." "$b"
check "the schedule's change" has \
    "Horario: antes «lunes a viernes, 9 a 13 h», ahora «lunes a viernes, 8 a 12 h»." "$b"
check "the modality's change" has "Modalidad: antes «sin indicar», ahora «híbrida»." "$b"
check "the last day, in words" has \
    "Vigente hasta: antes «sin fecha límite», ahora «30 de junio de 2029»." "$b"
check "the new activities list replaces the old one" has \
    "listado de actividades: antes «listado de actividades.pdf», ahora «listado de actividades 2029.pdf»" "$b"
check "stored: three places, the new schedule and modality" eq \
    "$(db "SELECT vacantes || '|' || horario || '|' || i.modalidad FROM wf_program p JOIN wf_program_info i ON i.program_id = p.id WHERE p.id = $P1")" \
    "3|lunes a viernes, 8 a 12 h|híbrida"
check "a place again: the full program is open again (state table)" eq \
    "$(db "SELECT state FROM wf_program WHERE id = $P1")" publicado
check "the audit keeps the changes" has "Vacantes: 2 → 3" \
    "$(db "SELECT note FROM wf_audit WHERE entity = 'programa' AND event = 'editar_programa'")"
n=$(to $COORD)
check "the coordinators are told, with the changes" has \
    "modificó su programa $P1, «Brigadas de salud». Cambios: Vacantes: 2 → 3" \
    "$(py body "$n")"
check "their notice's Subject has no command word" has \
    "cambios en la oferta de servicio social (clave $P1)" "$(py subject "$n")"
send e5 "$ALU" "$MAILBOX" "PROGRAMA $P1" "" "$ALU_AR"
f=$(to $ALU)
check "students see the new schedule" has "lunes a viernes, 8 a 12 h" \
    "$(py body "$f")"
check "and get the new activities list" eq "$(py atts "$f")" \
    "listado de actividades 2029.pdf"

edit e6 "$DEP" "Vacantes: 2" "$(ar $DEP)"
check "lowering the cupo to the students accepted fills it again" eq \
    "$(db "SELECT vacantes || ' ' || state FROM wf_program WHERE id = $P1")" \
    "2 cubierto"
AFTER=$(snapshot)

# ---- nobody else edits it -------------------------------------------------
OTRA=enlace@cultura.oaxaca.gob.mx
send o1 "$OTRA" "$MAILBOX" "REGISTRO DEPENDENCIA" "Nombre: Secretaría de las Culturas
Tipo: Pública
RFC: SCU960923M89
Representante: Juan Ruiz
Cargo: Director Administrativo
Domicilio: Av. Independencia 5, Oaxaca de Juárez
Teléfono: 951 501 1111" "$(ar $OTRA)" -- decreto.pdf=decreto.pdf:application/pdf \
    nombramiento.pdf=nombramiento.pdf:application/pdf \
    ine.pdf=ine.pdf:application/pdf domicilio.pdf=domicilio.pdf:application/pdf \
    rfc.pdf=rfc.pdf:application/pdf logo.png=logo.png:image/png
send o2 "$COORD" "$MAILBOX" "APROBAR $(code_of "$(to $COORD)")" "" \
    "$(ar $COORD)"
check "the other agency has its convenio" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$OTRA'")" convenio_vigente
edit a1 "$OTRA" "Vacantes: 9
Nombre: Robado" "$(ar $OTRA)"
check "another agency cannot edit it" has \
    "Su dependencia no tiene un programa con la clave $P1" "$(py body "$(to $OTRA)")"
edit a2 "$ALU" "Vacantes: 9" "$ALU_AR"
check "a student's PROGRAMA <clave> with fields is the detail (of a full program: not open), no edit" has \
    "No hay un programa abierto con la clave $P1" "$(py body "$(to $ALU)")"
edit a3 "$DEP" "Vacantes: 9"
check "a forged From (no DKIM pass) is asked to confirm, not obeyed" has \
    "responda" "$(py body "$(to $DEP)")"
send a4 "$DEP" "$MAILBOX" "Re: PROGRAMA $P1" "Vacantes: 9" \
    "In-Reply-To: <nada@utv.edu.mx>"
check "a plain reply without our token is not obeyed either" has \
    "responda" "$(py body "$(to $DEP)")"
check "after every attack the program is as it was" eq "$(snapshot)" "$AFTER"
check "and only the agency's own edits are in the audit" eq \
    "$(db "SELECT count(*) FROM wf_audit WHERE event = 'editar_programa'")" 2

# ---- a closed program is not edited ---------------------------------------
send x1 "$DEP" "$MAILBOX" "CERRAR PROGRAMA $P1" "" "$(ar $DEP)"
edit x2 "$DEP" "Vacantes: 5" "$(ar $DEP)"
b=$(py body "$(to $DEP)")
check "a closed program cannot be edited" has "La dependencia cerró el programa" "$b"
check "the reply says how to publish a new one" has \
    "publique uno nuevo con el asunto PROGRAMA (sin clave)" "$b"
check "and it stays closed with its cupo" eq \
    "$(db "SELECT vacantes || ' ' || state FROM wf_program WHERE id = $P1")" \
    "2 cerrado"

# ==== 2: [workflow] programs_need_approval = yes ============================
printf '[workflow]\nprograms_need_approval = yes\n' >>"$CONF"
program "Taller de lectura" "Carreras: Derecho"
P2=$(db "SELECT id FROM wf_program WHERE name = 'Taller de lectura'")
b=$(py body "$(to $DEP)")
check "with approval, a new program waits for the coordinators" has \
    "Recibimos el programa $P2, «Taller de lectura»: la coordinación lo revisará antes de publicarlo" "$b"
check "the agency is told what comes next" has "Le avisaremos por correo cuando la coordinación decida" "$b"
check "its state says so (state table)" eq \
    "$(db "SELECT state FROM wf_program WHERE id = $P2")" por_aprobar
n=$(to $COORD)
check "the coordinators are told, with a code to decide" has \
    "nueva oferta de servicio social" "$(py subject "$n")"
check "their notice describes the program, not yet published" has \
    "propone el programa $P2, «Taller de lectura»" "$(py body "$n")"
check "and says it waits for them" has \
    "No aparece en el catálogo ni recibe solicitudes hasta que usted lo apruebe" \
    "$(py body "$n")"
check "and carries its activities list to review" eq "$(py atts "$n")" \
    "listado de actividades.pdf"
check "tequioctl pending lists it" has "Programa $P2, «Taller de lectura», de Secretaría de Salud de Oaxaca" \
    "$("$TEQUIOCTL" -c "$CONF" pending 2>&1)"
send w1 "$ALU" "$MAILBOX" "PROGRAMAS" "" "$ALU_AR"
check "it is not in PROGRAMAS before its approval" \
    eval "! py body \"\$(to $ALU)\" | grep -q 'Taller de lectura'"
# Rosa is in service; another student with her letters is the same case.
db "UPDATE wf_account SET state = 'con_presentacion' WHERE email = '$ALU'" >/dev/null
solicitud w3 "$P2"
check "SOLICITUD to it is refused, saying it is not approved" has \
    "no está publicado: la coordinación no lo ha aprobado" "$(py body "$(to $ALU)")"
check "no application to it" eq \
    "$(db "SELECT count(*) FROM wf_application WHERE program_id = $P2")" 0
send w4 "$COORD" "$MAILBOX" "RECHAZAR $(code_of "$n") falta el horario de sábados" "" \
    "$(ar $COORD)"
f=$(about $DEP "no fue aprobada")
check "RECHAZAR: the agency is told, with the reason" has \
    "Motivo: falta el horario de sábados" "$(py body "$f")"
check "and how to go on" has "publíquelo de nuevo con el asunto PROGRAMA (sin clave)" \
    "$(py body "$f")"
check "the program is rejected" eq \
    "$(db "SELECT state FROM wf_program WHERE id = $P2")" rechazado
send w4b "$DEP" "$MAILBOX" "ESTADO" "" "$(ar $DEP)"
check "the agency's ESTADO says where each of its programs stands" has \
    "$P2. Taller de lectura (Secretaría de Salud de Oaxaca). Vacantes disponibles: 2. Horario: lunes a viernes, 9 a 13 h. Lugar: Centro de Salud, Oaxaca de Juárez. La coordinación no aprobó el programa" \
    "$(py body "$(to $DEP)")"

program "Círculo de lectura" "Carreras: Derecho"
P3=$(db "SELECT id FROM wf_program WHERE name = 'Círculo de lectura'")
PCODE=$(code_of "$(to $COORD)")
"$TEQUIOCTL" -c "$CONF" decide "$PCODE" aprobar >/dev/null 2>&1
check "tequioctl decide approves it" eq "$?" 0
run w5
check "approved, it is published" eq \
    "$(db "SELECT state FROM wf_program WHERE id = $P3")" publicado
check "and the agency is told" has "La coordinación aprobó su programa $P3" \
    "$(py body "$(about $DEP "fue aprobada")")"
send w6 "$ALU" "$MAILBOX" "PROGRAMAS" "" "$ALU_AR"
check "now it is in PROGRAMAS" has "Círculo de lectura" "$(py body "$(to $ALU)")"

# An edit with approval on waits; students see the published version.
edit3() {
	ed_name=$1 ed_body=$2
	shift 2
	send "$ed_name" "$DEP" "$MAILBOX" "PROGRAMA $P3" "$ed_body" "$(ar $DEP)" "$@"
}
edit3 w7 "Horario: sábados, 9 a 13 h
Vacantes: 4" -- "honorarios.pdf=honorarios.pdf:application/pdf"
b=$(py body "$(to $DEP)")
check "an edit with approval on waits for the coordinators" has \
    "Recibimos sus cambios al programa $P3, «Círculo de lectura»: Vacantes: 2 → 4; Horario: lunes a viernes, 9 a 13 h → sábados, 9 a 13 h" "$b"
check "and says students see the program as it was" has \
    "mientras tanto los estudiantes ven el programa como estaba" "$b"
n=$(to $COORD)
check "the coordinators get the changes with a code" has \
    "cambios a una oferta de servicio social" "$(py subject "$n")"
check "and the new honorarios to review" eq "$(py atts "$n")" "honorarios.pdf"
check "tequioctl pending shows the changes asked" has \
    "Cambios al programa $P3, «Círculo de lectura», de Secretaría de Salud de Oaxaca: Vacantes: 2 → 4" \
    "$("$TEQUIOCTL" -c "$CONF" pending 2>&1)"
check "the published version is unchanged" eq \
    "$(db "SELECT vacantes || '|' || horario FROM wf_program WHERE id = $P3")" \
    "2|lunes a viernes, 9 a 13 h"
send w8 "$ALU" "$MAILBOX" "PROGRAMA $P3" "" "$ALU_AR"
f=$(to $ALU)
check "students still see the old schedule" has "lunes a viernes, 9 a 13 h" \
    "$(py body "$f")"
check "and no honorarios yet" eq "$(py atts "$f")" "listado de actividades.pdf"
reply "$n" "$COORD" "APROBAR" "$M/w9.eml"
deliver_mail "$M/w9.eml"
run w9
check "APROBAR by a plain reply applies the edit" eq \
    "$(db "SELECT vacantes || '|' || horario FROM wf_program WHERE id = $P3")" \
    "4|sábados, 9 a 13 h"
check "the agency is told the changes were approved" has \
    "La coordinación aprobó los cambios a su programa $P3" \
    "$(py body "$(about $DEP "decisión sobre los cambios")")"
send w10 "$ALU" "$MAILBOX" "PROGRAMA $P3" "" "$ALU_AR"
f=$(to $ALU)
check "students now see the new schedule" has "sábados, 9 a 13 h" "$(py body "$f")"
check "and the honorarios" eq "$(py atts "$f")" \
    "listado de actividades.pdf,honorarios.pdf"

edit3 w11 "Nombre: Club de lectura" -- \
    "listado de actividades.pdf=actividades.pdf:application/pdf"
n=$(to $COORD)
edit3 w11b "Vacantes: 9"
check "a second edit while one waits is refused, naming the first" has \
    "Sus cambios anteriores al programa $P3 (Nombre: Círculo de lectura → Club de lectura" \
    "$(py body "$(to $DEP)")"
check "and opens no second matter" eq "$(about $COORD "" | grep -c .)" 0
send w12 "$COORD" "$MAILBOX" "RECHAZAR $(code_of "$n") el nombre ya existe" "" \
    "$(ar $COORD)"
f=$(about $DEP "decisión sobre los cambios")
check "RECHAZAR of an edit: the agency is told, with the reason" has \
    "el programa sigue como estaba. Motivo: el nombre ya existe" "$(py body "$f")"
check "the program keeps its name" eq \
    "$(db "SELECT name FROM wf_program WHERE id = $P3")" "Círculo de lectura"
check "the rejected edit's document never became the program's" eq \
    "$(db "SELECT count(*) FROM wf_document WHERE ref_id = $P3 AND kind = 'actividades' AND state = 'vigente'")" 1
check "nor stays current aside" eq \
    "$(db "SELECT count(*) FROM wf_document WHERE ref_id < 0 AND state = 'vigente'")" 0
TEQUIO_NOW=1795000000

finish
