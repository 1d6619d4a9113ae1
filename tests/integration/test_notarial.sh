#!/bin/sh
# SPDX-License-Identifier: ISC
# An empresa's acta constitutiva and poder notarial recognised by what
# they say when their file names say nothing ("scan001.pdf"), through a
# real Dovecot, smtp-sink and tequiod --once (issue 11): an OCR text layer
# and kerned, compressed text are read (mail/pdftext.c); a PDF that is
# only notarial fills the notarial document still missing; a PDF that
# says nothing known is not taken, and the reply names what is missing
# and how to name it.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh

lifecycle_servers
export TEQUIO_NOW=1795000000
for k in acta poder notarial nada; do
	python3 tests/tools/notarial_pdf.py "$k" "$M/$k.pdf" ||
	    harness_die "notarial_pdf.py $k"
done

empresa() {	# empresa NAME FROM RFC ATTACHMENTS...
	em_name=$1 em_from=$2 em_rfc=$3
	shift 3
	mime "$M/$em_name.eml" "$em_from" "$MAILBOX" "REGISTRO DEPENDENCIA" \
	    "Nombre: Maderas $em_name, S.A. de C.V.
Tipo: Empresa
RFC: $em_rfc
Representante: Laura Ríos
Cargo: Apoderada legal
Domicilio: Calle Pino 4, Oaxaca de Juárez
Teléfono: 951 222 3344" "$(ar "$em_from")" -- "$@" \
	    "Constancia de situacion fiscal.pdf=rfc.pdf:application/pdf" \
	    "ine.pdf=ine.pdf:application/pdf" \
	    "comprobante de domicilio.pdf=domicilio.pdf:application/pdf" \
	    "logo.png=logo.png:image/png"
	deliver_mail "$M/$em_name.eml"
	run "$em_name"
}
kind_of_file() {	# kind_of_file EMAIL FILENAME
	db "SELECT d.kind FROM wf_document d JOIN wf_account a
	    ON a.id = d.account_id WHERE a.email = '$1' AND d.filename = '$2'"
}

# ---- both by content --------------------------------------------------
E1=rh@maderas1.example
empresa uno "$E1" MSU010101AB1 "scan001.pdf=$M/acta.pdf:application/pdf" \
    "scan002.pdf=$M/poder.pdf:application/pdf"
check "the empresa is complete with two scans" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$E1'")" en_revision
check "scan001.pdf (an OCR layer) is its acta constitutiva" \
    eq "$(kind_of_file "$E1" scan001.pdf)" decreto
check "scan002.pdf (kerned, compressed) is its poder notarial" \
    eq "$(kind_of_file "$E1" scan002.pdf)" nombramiento
b=$(py body "$(to "$E1")")
check "the reply says scan001.pdf was taken as the acta" \
    has "scan001.pdf" "$b"

# ---- only notarial: the notarial document still missing ----------------
E2=rh@maderas2.example
empresa dos "$E2" MSD010101AB2 "scan003.pdf=$M/notarial.pdf:application/pdf" \
    "Poder notarial.pdf=$M/poder.pdf:application/pdf"
check "a PDF only notarial fills the acta, the poder named" eq \
    "$(db "SELECT state FROM wf_account WHERE email = '$E2'")" en_revision
check "scan003.pdf taken as the acta" eq "$(kind_of_file "$E2" scan003.pdf)" \
    decreto

# ---- saying nothing known: refused, naming what is missing -------------
E3=rh@maderas3.example
empresa tres "$E3" MST010101AB3 "scan004.pdf=$M/nada.pdf:application/pdf" \
    "scan005.pdf=$M/poder.pdf:application/pdf"
check "a PDF that says nothing known is not taken" eq \
    "$(kind_of_file "$E3" scan004.pdf)" ""
check "the empresa is not complete" test \
    "$(db "SELECT state FROM wf_account WHERE email = '$E3'")" != en_revision
b=$(py body "$(to "$E3")")
check "the reply says it could not tell, by name nor content" \
    has "ni por el nombre del archivo ni por lo que dice" "$b"
check "... names the document missing and how to name it" \
    has "acta constitutiva («acta-constitutiva.pdf»)" "$b"
check "... and not the poder, which came" \
    eval "! printf '%s' \"\$b\" | grep -q 'poder-notarial.pdf'"
check "no sanitizer report" eval "! grep -q 'AddressSanitizer\|runtime error' '$LOG'"

finish
