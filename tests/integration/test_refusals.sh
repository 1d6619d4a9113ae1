#!/bin/sh
# SPDX-License-Identifier: ISC
# Each command's refusals through a real Dovecot, smtp-sink and tequiod
# --once: the wrong role, an unverified sender (kept until confirmed), a
# forged Authentication-Results, commands out of order, missing and
# disguised documents, an unknown program, matrícula or code, an expired
# and a reused code.  Every refused message is answered once, with the
# reason, and changes nothing: the states are read back from the database.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh
DEP=rh@agua.oaxaca.gob.mx
ALU=luis.mora@alumnos.utv.edu.mx

lifecycle_servers
export TEQUIO_NOW=1795000000

# send NAME FROM TO SUBJECT BODY [args of mime...]: deliver and run.
send() {
	sd_name=$1
	shift
	mime "$M/$sd_name.eml" "$@"
	deliver_mail "$M/$sd_name.eml"
	run "$sd_name"
}

state_of() {	# state_of EMAIL
	db "SELECT state FROM wf_account WHERE email = '$1'"
}

# ---- setting the scene: an agency under review, a registered student ----
send reg "$DEP" "$MAILBOX" "REGISTRO DEPENDENCIA" "Nombre: Comisión del Agua
Tipo: pública
RFC: CEA850101AB1
Representante: Jorge Ruiz
Cargo: Director
Domicilio: Calle 5 de Mayo 3
Teléfono: 951 111 2233" "$(ar $DEP)" -- \
    "decreto.pdf=decreto.pdf:application/pdf" \
    "nombramiento.pdf=nombramiento.pdf:application/pdf" \
    "ine.pdf=ine.pdf:application/pdf" \
    "domicilio.pdf=domicilio.pdf:application/pdf" \
    "rfc.pdf=rfc.pdf:application/pdf" "logo.png=logo.png:image/png"
CODE=$(code_of "$(to $COORD)")
check "agency under review with a code" test -n "$CODE"
send alu "$ALU" "$MAILBOX" "REGISTRO" "Matrícula: A1234
Nombre: Luis Mora
Carrera: Derecho
Créditos: 80" "$(ar $ALU)"
check "student registered" eq "$(state_of $ALU)" registrado
out=$("$TEQUIOCTL" -c "$CONF" pending 2>&1)
check "tequioctl pending shows the code and the matter" \
    has "$CODE" "$(echo "$out" | grep "Convenio con Comisión del Agua")"
check "tequioctl accounts lists both" eq \
    "$("$TEQUIOCTL" -c "$CONF" accounts | cut -f 2,3 | sort | tr '\n' ' ')" \
    "alumno	$ALU dependencia	$DEP "
"$TEQUIOCTL" -c "$CONF" export "$HARNESS_DIR/export" >/dev/null
check "tequioctl export writes the audit" \
    grep -q 'dependencia,1,registro_dependencia' \
    "$HARNESS_DIR/export/bitacora.csv"

# ---- the wrong role ---------------------------------------------------
send role1 "$ALU" "$MAILBOX" "APROBAR $CODE" "" "$(ar $ALU)"
check "student cannot APROBAR" has "El comando APROBAR es para la coordinación" \
    "$(py body "$(to $ALU)")"
send role2 "$DEP" "$MAILBOX" "REPORTE 180" "" "$(ar $DEP)"
check "agency cannot hand in a student report" has "es para estudiantes" \
    "$(py body "$(to $DEP)")"
send role3 "pepe@gmail.com" "$MAILBOX" "REGISTRO" "Matrícula: 1"
check "REGISTRO only from a student address" \
    has "correo institucional de alumno" "$(py body "$(to pepe@gmail.com)")"
check "wrong roles changed nothing" eq "$(state_of $DEP)" en_revision

# ---- a forged Authentication-Results ----------------------------------
# Our MX puts its verdict (no signature) on top; the sender had written a
# "pass" claiming our id into the message before it reached us.
send forged "$COORD" "$MAILBOX" "APROBAR $CODE" "" \
    "Authentication-Results: mx.utv.edu.mx; dkim=none; spf=softfail smtp.mailfrom=utv.edu.mx" \
    "Received: from evil.example by mx.utv.edu.mx; Mon, 23 Nov 2026 10:00:00 -0600" \
    "Authentication-Results: mx.utv.edu.mx; dkim=pass header.d=utv.edu.mx"
check "forged results: only the confirmation request" eq "$(new_count)" 1
f=$(to $COORD)
check "forged results: not believed" has "No pudimos comprobar" \
    "$(py body "$f")"
check "forged results: the convenio is still under review" \
    eq "$(state_of $DEP)" en_revision
send forged2 "$COORD" "$MAILBOX" "APROBAR $CODE" "" \
    "Authentication-Results: mx.gmail.com; dkim=pass header.d=utv.edu.mx"
check "another server's pass is not ours" has "No pudimos comprobar" \
    "$(py body "$(to $COORD)")"

# ---- unknown code, malformed code, expired code ----------------------
send code1 "$COORD" "$MAILBOX" "APROBAR AAA-AAA" "" "$(ar $COORD)"
check "unknown code" has "No hay ningún asunto con el código AAA-AAA" \
    "$(py body "$(to $COORD)")"
send code2 "$COORD" "$MAILBOX" "RECHAZAR $CODE" "" "$(ar $COORD)"
check "RECHAZAR without a reason" has "Falta el motivo" \
    "$(py body "$(to $COORD)")"
TEQUIO_NOW=1797800000	# 32 days later
send code3 "$COORD" "$MAILBOX" "APROBAR $CODE" "" "$(ar $COORD)"
b=$(py body "$(to $COORD)")
check "expired code refused" has "venció" "$b"
check "expired code: the agency is still under review" \
    eq "$(state_of $DEP)" en_revision
NEW=$(echo "$b" | sed -n 's/.*su nuevo código es \([A-Z0-9-]\{7\}\).*/\1/p' |
    head -n 1)
check "a fresh code is given" test -n "$NEW"
send code4 "$COORD" "$MAILBOX" "aprobar $NEW" "" "$(ar $COORD)"
check "the fresh code approves" has "Emitimos el convenio" \
    "$(py body "$(to $COORD)")"
check "convenio approved" eq "$(state_of $DEP)" convenio_vigente
send code5 "$COORD" "$MAILBOX" "RECHAZAR $NEW tarde" "" "$(ar $COORD)"
check "a used code is refused" has "ya fue aprobado" \
    "$(py body "$(to $COORD)")"
check "a used code sends nothing else" eq "$(new_count)" 1
DEP_ADDR=$(personal_of "$(grep -l "convenio autorizado" $(cat "$HARNESS_DIR/seen") /dev/null | head -n 1)")

# ---- out of order ------------------------------------------------------
send order0 "$ALU" "$MAILBOX" "PRESENTACION" "" "$(ar $ALU)"
check "PRESENTACION goes to the coordinator" eq "$(new_count)" 2
send order1 "$ALU" "$MAILBOX" "PRESENTACION" "" "$(ar $ALU)"
check "PRESENTACION again while it is reviewed: refused" \
    has "No se puede pedir la carta de presentación ahora" \
    "$(py body "$(to $ALU)")"
check "the second PRESENTACION bothers nobody else" eq "$(new_count)" 1
send order2 "$ALU" "$MAILBOX" "REPORTE 180" "" "$(ar $ALU)" -- \
    "reporte.pdf=reporte180.pdf:application/pdf"
check "REPORTE before any service" has "No se puede recibir ese reporte" \
    "$(py body "$(to $ALU)")"
send order3 "$COORD" "$MAILBOX" "FINALIZAR A1234" "" "$(ar $COORD)"
check "FINALIZAR with no application" has "no tiene ninguna solicitud" \
    "$(py body "$(to $COORD)")"
send order4 "$DEP" "$MAILBOX" "REGISTRO DEPENDENCIA" "Nombre: otra" \
    "$(ar $DEP)"
check "registering twice" has "No se puede registrar la dependencia" \
    "$(py body "$(to $DEP)")"
check "out-of-order commands changed nothing" eq "$(state_of $ALU)" \
    presentacion_pendiente

# ---- documents: missing, disguised, unknown --------------------------
send doc1 "$DEP" "$MAILBOX" "PROGRAMA" "Nombre: Vigilancia
Vacantes: 1
Horario: 9 a 13
Lugar: Oficina
Descripción: recorridos" "$(ar $DEP)"
check "PROGRAMA without the listado de actividades" \
    has "no publicamos el programa" "$(py body "$(to $DEP)")"
send doc2 "$DEP" "$MAILBOX" "DOCUMENTOS" "" "$(ar $DEP)" -- \
    "ine.pdf=texto_como.pdf:application/pdf"
check "a text file named ine.pdf is refused naming what it is" \
    has "El archivo «ine.pdf» no es válido como INE del representante: es texto" \
    "$(py body "$(to $DEP)")"
send doc3 "$ALU" "$MAILBOX" "FOTO" "" "$(ar $ALU)" -- \
    "foto.jpg=constancia.pdf:image/jpeg"
check "a PDF named foto.jpg is refused" has "es documento PDF" \
    "$(py body "$(to $ALU)")"
send doc4 "$DEP" "$MAILBOX" "DOCUMENTOS" "" "$(ar $DEP)" -- \
    "varios.pdf=constancia.pdf:application/pdf"
check "an unrecognised document is named" \
    has "- varios.pdf: documento PDF; no supimos qué documento es" \
    "$(py body "$(to $DEP)")"
check "no program was published" \
    eq "$(db "SELECT count(*) FROM wf_program")" 0

# ---- unknown program, matrícula, agency --------------------------------
send unk1 "$ALU" "$MAILBOX" "SOLICITUD 99" "" "$(ar $ALU)"
check "unknown program" has "No hay ningún programa con la clave 99" \
    "$(py body "$(to $ALU)")"
send unk2 "$DEP" "$DEP_ADDR" "BAJA 0000 no se presenta" ""
check "unknown matrícula" \
    has "No hay ningún alumno registrado con la matrícula 0000" \
    "$(py body "$(to $DEP)")"
send unk3 "$COORD" "$MAILBOX" "SOLICITAR REPORTE XAXX010101000" "" \
    "$(ar $COORD)"
check "unknown agency" has "No hay ninguna dependencia registrada" \
    "$(py body "$(to $COORD)")"

# ---- an unverified agency command waits for confirmation ---------------
send unv "$DEP" "$MAILBOX" "DOCUMENTOS" "" -- "logo.png=logo.png:image/png"
check "unverified DOCUMENTOS kept" has "sin ejecutarlo" \
    "$(py body "$(to $DEP)")"
check "no document stored before the confirmation" \
    eq "$(db "SELECT count(*) FROM wf_document WHERE kind='logo'")" 1

# ---- every message answered once, none quarantined --------------------
check "INBOX is empty" eq "$(folder_count INBOX)" 0
check "nothing quarantined" eq "$(folder_count Cuarentena)" 0
check "one reply per message" eq \
    "$(db "SELECT count(*) FROM message")" \
    "$(db "SELECT count(DISTINCT cause_msg) FROM outbox")"
finish
