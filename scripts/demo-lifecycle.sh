#!/bin/sh
# SPDX-License-Identifier: ISC
# demo-lifecycle.sh - the whole life of one servicio social for "make demo"
# (scripts/demo.sh sources this file): an agency registers and gets its
# convenio, publishes a program; a student registers, gets the carta de
# presentación, applies, is accepted, reports 180/360/480 hours, is
# released and finished.  Each step is one "tequiod --once"; the answers
# the next step needs (codes, personal addresses, reply tokens) are read
# from the mail the sink received, as a person would read them.
#
# Uses the mail helpers of tests/integration/test_lifecycle.sh.

LIFECYCLE_HELPERS_ONLY=1
. "$ROOT/tests/integration/test_lifecycle.sh"

# demo_lifecycle_mails DIR: the first mail (the agency's registration).
demo_lifecycle_mails() {
	M=$1
	: >"$HARNESS_DIR/seen"
	salud_registration "$M/lc01.eml" \
	    "Decreto de creación.pdf=decreto.pdf:application/pdf" \
	    "nombramiento.pdf=nombramiento.pdf:application/pdf" \
	    "INE representante.pdf=ine.pdf:application/pdf" \
	    "comprobante de domicilio.pdf=domicilio.pdf:application/pdf" \
	    "RFC.pdf=rfc.pdf:application/pdf" "logo.png=logo.png:image/png"
	deliver_mail "$M/lc01.eml"
	echo "demo: plus an agency's REGISTRO DEPENDENCIA with its six documents"
}

# One step: deliver FILE, run tequiod once, note the new mail.
demo_step() {
	deliver_mail "$1"
	"$TEQUIOD" -c "$CONF" --once 2>>"$HARNESS_DIR/demo.log"
	sink_files | grep -vxF -f "$HARNESS_DIR/seen" >"$HARNESS_DIR/new" || :
	cat "$HARNESS_DIR/new" >>"$HARNESS_DIR/seen"
	echo "demo: $2"
}

demo_lifecycle_play() {
	sink_files | grep -vxF -f "$HARNESS_DIR/seen" >"$HARNESS_DIR/new" || :
	cat "$HARNESS_DIR/new" >>"$HARNESS_DIR/seen"
	code=$(code_of "$(to $COORD)")
	mime "$M/lc02.eml" "$COORD" "$MAILBOX" "APROBAR $code" "" \
	    "$(ar $COORD)"
	demo_step "$M/lc02.eml" "the coordinator approves the convenio ($code)"
	dep_addr=$(personal_of "$(to $DEP)")
	mime "$M/lc03.eml" "$DEP" "$dep_addr" "PROGRAMA" \
	    "Nombre: Brigadas de salud comunitaria
Vacantes: 2
Horario: lunes a viernes, 9 a 13 h
Lugar: Centro de Salud Urbano 1
Descripción: apoyo en campañas de vacunación; registro de pacientes; pláticas de prevención" -- \
	    "listado de actividades.pdf=actividades.pdf:application/pdf"
	demo_step "$M/lc03.eml" "the agency publishes a program"
	mime "$M/lc04.eml" "Ana López <$ALU>" "$MAILBOX" "Registro" \
	    "Matrícula: 2021030456
Nombre: Ana López Ruiz
Carrera: Ingeniería en Sistemas
Créditos: 78%"
	demo_step "$M/lc04.eml" "a student writes REGISTRO (unverified)"
	reply "$(to $ALU)" "$ALU" "CONFIRMAR" "$M/lc05.eml"
	demo_step "$M/lc05.eml" "she confirms by replying"
	alu_addr=$(personal_of "$(to $ALU)")
	mime "$M/lc06.eml" "$ALU" "$alu_addr" "FOTO" "" -- \
	    "yo.jpg=foto.jpg:image/jpeg"
	demo_step "$M/lc06.eml" "she sends her photo"
	mime "$M/lc07.eml" "$ALU" "$alu_addr" "PRESENTACIÓN" ""
	demo_step "$M/lc07.eml" "she asks for her carta de presentación"
	reply "$(to $COORD)" "$COORD" "APROBAR" "$M/lc08.eml"
	demo_step "$M/lc08.eml" "the coordinator replies APROBAR"
	mime "$M/lc09.eml" "$ALU" "$alu_addr" "SOLICITUD 1" "" -- \
	    "carta de presentación.pdf=presentacion.pdf:application/pdf" \
	    "constancia.pdf=constancia.pdf:application/pdf"
	demo_step "$M/lc09.eml" "she applies to program 1"
	reply "$(to $DEP)" "$DEP" "ACEPTAR" "$M/lc10.eml"
	demo_step "$M/lc10.eml" "the agency replies ACEPTAR"
	i=11
	for h in 180 360 480; do
		mime "$M/lc$i.eml" "$ALU" "$alu_addr" "REPORTE $h" "" -- \
		    "reporte $h.pdf=reporte$h.pdf:application/pdf"
		demo_step "$M/lc$i.eml" "she hands in her $h-hour report"
		i=$((i + 1))
		mime "$M/lc$i.eml" "$COORD" "$MAILBOX" \
		    "APROBAR $(code_of "$(to $COORD)")" "" "$(ar $COORD)"
		demo_step "$M/lc$i.eml" "the coordinator accepts it"
		i=$((i + 1))
	done
	mime "$M/lc20.eml" "$DEP" "$dep_addr" "LIBERAR 2021030456" \
	    "Gerente: Luis Gómez
Jefe inmediato: Rosa Díaz"
	demo_step "$M/lc20.eml" "the agency releases her (carta de liberación)"
	mime "$M/lc21.eml" "$COORD" "$MAILBOX" "FINALIZAR 2021030456" "" \
	    "$(ar $COORD)"
	demo_step "$M/lc21.eml" "the coordinator finishes it (carta de finalización)"
}
