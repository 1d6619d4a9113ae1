#!/bin/sh
# SPDX-License-Identifier: ISC
# Students who get unstuck, through a real Dovecot and smtp-sink and
# build/san/tequiod --once on pinned time (TEQUIO_NOW): an application
# withdrawn with CANCELAR SOLICITUD (the agency told), one that expires
# after [rules] application_days business days with no mail received
# (both told), one freed when another student fills the program (told),
# and a baja whose accepted hours go with the student into the next
# service (the carta de baja states them; the next report starts from
# them).  Every state is read back from the database.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh
BETO=beto.ruiz@alumnos.utv.edu.mx

lifecycle_servers
# Wednesday 18 November 2026, 14:13 in Mexico City.
TEQUIO_NOW=1795000000
export TEQUIO_NOW

# send NAME FROM TO SUBJECT BODY [args of mime...]: deliver and run.
send() {
	sd_name=$1
	shift
	mime "$M/$sd_name.eml" "$@"
	deliver_mail "$M/$sd_name.eml"
	run "$sd_name"
}

app_state() {	# app_state ID
	db "SELECT state FROM wf_application WHERE id = $1"
}

# ---- the agency, its convenio and two programs ----------------------------
salud_registration "$M/reg.eml" \
    "decreto.pdf=decreto.pdf:application/pdf" \
    "nombramiento.pdf=nombramiento.pdf:application/pdf" \
    "INE representante.pdf=ine.pdf:application/pdf" \
    "comprobante de domicilio.pdf=domicilio.pdf:application/pdf" \
    "RFC.pdf=rfc.pdf:application/pdf" "logo.png=logo.png:image/png"
deliver_mail "$M/reg.eml"
run "registro dependencia"
send conv "$COORD" "$MAILBOX" "APROBAR $(code_of "$(to $COORD)")" "" \
    "$(ar $COORD)"
DEP_ADDR=$(personal_of "$(to $DEP)")
check "the agency has its convenio" test -n "$DEP_ADDR"
send prog1 "$DEP" "$DEP_ADDR" "PROGRAMA" "Nombre: Brigadas de salud
Vacantes: 1
Horario: lunes a viernes, 9 a 13 h
Lugar: Centro de Salud Urbano 1
Descripción: apoyo en vacunación" -- \
    "listado de actividades.pdf=actividades.pdf:application/pdf"
send prog2 "$DEP" "$DEP_ADDR" "PROGRAMA" "Nombre: Archivo clínico
Vacantes: 3
Horario: lunes a viernes, 14 a 18 h
Lugar: Hospital Civil
Descripción: digitalización de expedientes" -- \
    "listado de actividades.pdf=actividades.pdf:application/pdf"
check "two programs published" eq \
    "$(db "SELECT group_concat(state) FROM wf_program")" "publicado,publicado"

# student EMAIL MATRICULA NAME: registered (verified), with the letters
# tequio issued saved as $HARNESS_DIR/<matrícula>-{p,c}.pdf.
student() {
	send "r$2" "$1" "$MAILBOX" "REGISTRO" "Matrícula: $2
Nombre: $3
Carrera: Enfermería
Créditos: 80" "$(ar "$1")"
	send "p$2" "$1" "$MAILBOX" "PRESENTACION" "" "$(ar "$1")"
	send "a$2" "$COORD" "$MAILBOX" "APROBAR $(code_of "$(to $COORD)")" "" \
	    "$(ar $COORD)"
	st_f=$(to "$1")
	py save "$st_f" presentacion- "$HARNESS_DIR/$2-p.pdf"
	py save "$st_f" constancia- "$HARNESS_DIR/$2-c.pdf"
}

# apply EMAIL MATRICULA PROGRAM NAME: SOLICITUD with the issued letters.
apply() {
	send "$4" "$1" "$MAILBOX" "SOLICITUD $3" "" "$(ar "$1")" -- \
	    "carta de presentación.pdf=$HARNESS_DIR/$2-p.pdf:application/pdf" \
	    "constancia.pdf=$HARNESS_DIR/$2-c.pdf:application/pdf"
}

student "$ALU" 2021030456 "Ana López Ruiz"
student "$BETO" 2021030999 "Beto Ruiz Pérez"

# ==== withdrawn: CANCELAR SOLICITUD ========================================
apply "$ALU" 2021030456 1 sol1
check "application 1 pending" eq "$(app_state 1)" pendiente
send cancel "$ALU" "$MAILBOX" "Cancelar mi solicitud" "" "$(ar $ALU)"
check "withdrawn: the application" eq "$(app_state 1)" retirada
check "withdrawn: the student may apply again" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$ALU'")" \
    con_presentacion
check "withdrawn: student and agency, nobody else" eq "$(new_count)" 2
check "withdrawn: the agency is told it need not answer" \
    has "ya no necesita responderla" "$(py body "$(to $DEP)")"
check "withdrawn: the student's reply says so" \
    has "fue retirada por el alumno" "$(py body "$(to $ALU)")"

# ==== expired: no answer in application_days business days ===============
apply "$ALU" 2021030456 1 sol2
check "application 2 pending" eq "$(app_state 2)" pendiente
# Ten business days after Wednesday 18 November is Wednesday 2
# December; the calendar's tick in --once expires it on the 3rd.
TEQUIO_NOW=$(TZ=America/Mexico_City date -d "2026-12-02 20:00" +%s)
run "el último día hábil"
check "on the tenth business day: still pending" eq "$(app_state 2)" \
    pendiente
check "on the tenth business day: no mail" eq "$(new_count)" 0
TEQUIO_NOW=$(TZ=America/Mexico_City date -d "2026-12-03 09:00" +%s)
run "vence la solicitud"
check "expired: the application" eq "$(app_state 2)" vencida
check "expired: student and agency told, with no mail received" \
    eq "$(new_count)" 2
check "expired: the student hears why and what next" \
    has "venció sin respuesta de la dependencia" "$(py body "$(to $ALU)")"
check "expired: the agency need not answer" \
    has "ya no necesita responderla" "$(py body "$(to $DEP)")"
run "otra pasada"
check "expired: told once" eq "$(new_count)" 0

# ==== a filled program frees the other applicants ========================
apply "$ALU" 2021030456 1 sol3
apply "$BETO" 2021030999 1 sol4
check "two pending applications to the one vacancy" eq \
    "$(app_state 3),$(app_state 4)" "pendiente,pendiente"
send acepta4 "$DEP" "$DEP_ADDR" "ACEPTAR 4" ""
check "Beto accepted" eq "$(app_state 4)" aceptada
check "the program filled" eq \
    "$(db "SELECT state FROM wf_program WHERE id = 1")" cubierto
check "Ana's application freed" eq "$(app_state 3)" sin_vacante
check "Ana is told the program filled" has "el programa cubrió sus vacantes" \
    "$(py body "$(to $ALU)")"
check "the agency's reply names who was told" \
    has "Con el programa lleno, avisamos a Ana López Ruiz" \
    "$(py body "$(to $DEP)")"

# ==== a baja carries the accepted hours into the next service ===========
apply "$ALU" 2021030456 2 sol5
send acepta5 "$DEP" "$DEP_ADDR" "ACEPTAR 5" ""
check "Ana in service in program 2" eq "$(app_state 5)" aceptada
TEQUIO_NOW=$(TZ=America/Mexico_City date -d "2027-02-01 10:00" +%s)
send rep180 "$ALU" "$MAILBOX" "REPORTE 180" "Horas: 180" "$(ar $ALU)" -- \
    "reporte 180.pdf=reporte180.pdf:application/pdf"
send apr180 "$COORD" "$MAILBOX" "APROBAR $(code_of "$(to $COORD)")" "" \
    "$(ar $COORD)"
check "180 hours accepted" eq \
    "$(db "SELECT state FROM wf_report WHERE application_id = 5")" aceptado
send baja "$DEP" "$DEP_ADDR" "BAJA 2021030456 cambio de turno" ""
check "baja asked" eq "$(app_state 5)" baja_solicitada
send aprbaja "$COORD" "$MAILBOX" "APROBAR $(code_of "$(to $COORD)")" "" \
    "$(ar $COORD)"
check "baja approved" eq "$(app_state 5)" baja
f=$(to $ALU)
check "the carta de baja states the hours served" \
    has "180 horas" "$(py pdf "$f" baja-)"
apply "$ALU" 2021030456 2 sol6
send acepta6 "$DEP" "$DEP_ADDR" "ACEPTAR 6" ""
check "a new service" eq "$(app_state 6)" aceptada
send rep180b "$ALU" "$MAILBOX" "REPORTE 180" "Horas: 180" "$(ar $ALU)" -- \
    "reporte 180.pdf=reporte180.pdf:application/pdf"
check "the 180 hours of the first service count" \
    has "Ya tiene 180 horas aceptadas" "$(py body "$(to $ALU)")"
send rep360 "$ALU" "$MAILBOX" "REPORTE 360" "Horas: 180" "$(ar $ALU)" -- \
    "reporte 360.pdf=reporte360.pdf:application/pdf"
check "the next report is the 360-hour one" \
    has "Recibimos su reporte de 360 horas" "$(py body "$(to $ALU)")"
send estado "$ALU" "$MAILBOX" "ESTADO" "" "$(ar $ALU)"
check "ESTADO counts the carried hours" \
    has "Horas de servicio: 180 aceptadas, 180 en revisión" \
    "$(py body "$(to $ALU)")"

check "INBOX is empty" eq "$(folder_count INBOX)" 0
check "nothing quarantined" eq "$(folder_count Cuarentena)" 0
check "tequiod logged no error" eq "$(grep -c 'error' "$LOG")" 0
finish
