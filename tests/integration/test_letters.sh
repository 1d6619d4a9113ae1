#!/bin/sh
# SPDX-License-Identifier: ISC
# Letters through the programs: every kind rendered by tequioctl render
# (no folio used); a bad template and a bad logo stop tequioctl and tequiod
# with file:line; folios unique and gap-free with two writers at once and
# after kill -9; tequioctl verify on a genuine, a tampered and an unknown
# document; VERIFICAR by mail, with and without the PDF attached.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
TOOL=${LETTERS_TOOL:-$TEQUIO_ROOT/${BUILD:-build}/san/tools/letters_tool}
LOGOS=$TEQUIO_ROOT/tests/fixtures/logos

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
write_conf "$HARNESS_DIR/t" "institution.logo=$LOGOS/institucion.png"
T=$HARNESS_DIR/t

# pdf_text FILE: the PDF's text, UTF-8, on stdout.
pdf_text() {
	pdftotext -enc UTF-8 "$1" -
}

# grep_pdf NAME FILE TEXT: a check that the PDF's text contains TEXT.
grep_pdf() {
	check "$1" sh -c 'pdftotext -enc UTF-8 "$1" - | tr "\n" " " |
	    grep -qF -- "$2"' sh "$2" "$3"
}

# --- render: every letter with sample data -------------------------------
for l in presentacion constancia convenio aceptacion baja liberacion \
    finalizacion evaluacion; do
	case $l in
	presentacion) title="CARTA DE PRESENTACIÓN" ;;
	constancia) title="CONSTANCIA DE ESTUDIOS" ;;
	convenio) title="CONVENIO DE COLABORACIÓN EN MATERIA DE SERVICIO" ;;
	aceptacion) title="CARTA DE ACEPTACIÓN" ;;
	baja) title="CARTA DE BAJA DEL SERVICIO SOCIAL" ;;
	liberacion) title="CARTA DE LIBERACIÓN DE SERVICIO SOCIAL" ;;
	finalizacion) title="CARTA DE FINALIZACIÓN DE SERVICIO SOCIAL" ;;
	evaluacion) title="EVALUACIÓN DEL SERVICIO SOCIAL" ;;
	esac
	"$TEQUIOCTL" -c "$CONF" render "$l" --sample "$T/$l.pdf" \
	    --logo "$LOGOS/dependencia.jpg" 2>"$T/render.log"
	check "render $l exits 0" eq "$?" 0
	grep_pdf "render $l: title" "$T/$l.pdf" "$title"
	case $l in
	convenio) who="INSTITUTO MUNICIPAL DE DESARROLLO COMUNITARIO" ;;
	*) who="MARÍA FERNANDA NÚÑEZ GÓMEZ" ;;
	esac
	grep_pdf "render $l: accents" "$T/$l.pdf" "$who"
	grep_pdf "render $l: sample folio, no code" "$T/$l.pdf" \
	    "Folio: SS-0000-000000 · Código de verificación: MUESTRA"
done
check "render used no database" test ! -e "$T/tequio.db"
"$TEQUIOCTL" -c "$CONF" render reply_verificar --sample - >"$T/reply.txt"
check "render of a mail template prints its text" \
    grep -q "RESULTADO: DOCUMENTO AUTÉNTICO" "$T/reply.txt"
"$TEQUIOCTL" -c "$CONF" render diploma --sample "$T/x.pdf" 2>/dev/null
check "render of an unknown letter exits 2" eq "$?" 2

# --- a broken template stops tequioctl and tequiod ----------------------
mkdir -p "$T/bad"
cp templates/*.txt "$T/bad/"
sed 's/{{alumno.carrera}}/{{alumno.carerra}}/' templates/aceptacion.txt \
    >"$T/bad/aceptacion.txt"
line=$(grep -n "alumno.carerra" "$T/bad/aceptacion.txt" | head -n 1 |
    cut -d: -f1)
sed "s|^templates = .*|templates = $T/bad|" "$CONF" >"$T/bad.conf"
"$TEQUIOCTL" -c "$T/bad.conf" render constancia --sample "$T/x.pdf" \
    2>"$T/bad.log"
check "bad template: tequioctl exits 3" eq "$?" 3
check "bad template: file:line: what" grep -qF \
    "$T/bad/aceptacion.txt:$line: variable desconocida {{alumno.carerra}}" \
    "$T/bad.log"
"$TEQUIOD" -c "$T/bad.conf" --once 2>"$T/badd.log"
check "bad template: tequiod does not start" test "$?" -ne 0
check "bad template: tequiod says file:line" grep -qF \
    "aceptacion.txt:$line: variable desconocida" "$T/badd.log"
sed 's/^{{\/if}}$//' templates/presentacion.txt >"$T/bad/presentacion.txt"
cp templates/aceptacion.txt "$T/bad/aceptacion.txt"
"$TEQUIOCTL" -c "$T/bad.conf" render constancia --sample "$T/x.pdf" \
    2>"$T/bad.log"
check "unbalanced if: file:line" grep -q \
    "presentacion.txt:[0-9]*: {{#if .*}} no se cierra" "$T/bad.log"
cp templates/presentacion.txt "$T/bad/presentacion.txt"

# --- a broken sentence of a catalogue stops tequiod too ------------------
sed 's/{{horas}} horas\.$/{{hora}} horas./' templates/mensajes_estado.txt \
    >"$T/bad/mensajes_estado.txt"
line=$(grep -n "{{hora}}" "$T/bad/mensajes_estado.txt" | head -n 1 |
    cut -d: -f1)
"$TEQUIOD" -c "$T/bad.conf" --once 2>"$T/badd.log"
check "bad sentence: tequiod does not start" test "$?" -ne 0
check "bad sentence: tequiod says file:line" grep -qF \
    "mensajes_estado.txt:$line: variable desconocida {{hora}}" "$T/badd.log"
grep -v '^\[estado.reporte_esperar\]$' templates/mensajes_estado.txt |
    sed '/^Espere la revisión de su reporte de/d' \
    >"$T/bad/mensajes_estado.txt"
"$TEQUIOD" -c "$T/bad.conf" --once 2>"$T/badd.log"
check "missing sentence: tequiod does not start" test "$?" -ne 0
check "missing sentence: tequiod names the file and the sentence" grep -qF \
    "mensajes_estado.txt: falta la frase [estado.reporte_esperar]" \
    "$T/badd.log"
cp templates/mensajes_estado.txt "$T/bad/mensajes_estado.txt"

# --- a bad logo: a clear error, no crash --------------------------------
for logo in interlaced.png:entrelazado no_imagen.png:"no es una imagen" \
    badidat.png:"está dañado"; do
	f=${logo%%:*}
	want=${logo#*:}
	sed "s|^logo = .*|logo = $LOGOS/$f|" "$CONF" >"$T/logo.conf"
	"$TEQUIOCTL" -c "$T/logo.conf" render constancia --sample \
	    "$T/x.pdf" 2>"$T/logo.log"
	check "logo $f: exits 3, not a crash" eq "$?" 3
	check "logo $f: says why" grep -q "$f: .*$want" "$T/logo.log"
done

# --- folios: two writers at once ----------------------------------------
"$TOOL" -c "$CONF" issue 150 >"$T/a.out" 2>"$T/a.err" &
pa=$!
"$TOOL" -c "$CONF" issue 150 >"$T/b.out" 2>"$T/b.err" &
pb=$!
wait $pa
ra=$?
wait $pb
rb=$?
check "writer A exits 0" eq "$ra" 0
check "writer B exits 0" eq "$rb" 0
check "both wrote" test -s "$T/a.out" -a -s "$T/b.out"
check "300 distinct folios printed" \
    eq "$(cat "$T/a.out" "$T/b.out" | sort -u | wc -l)" 300
check "300 recorded, numbered 1..300" \
    eq "$(db 'SELECT count(*), count(DISTINCT seq), min(seq), max(seq)
        FROM letter_issued')" "300|300|1|300"
check "counter at 300" eq "$(db 'SELECT sum(last) FROM letter_folio')" 300

# --- folios: kill -9 in the middle --------------------------------------
: >"$T/killed.out"
for round in 1 2 3; do
	: >"$T/k.out"
	"$TOOL" -c "$CONF" issue 1000000 >>"$T/k.out" 2>"$T/k.err" &
	pk=$!
	i=0
	while [ "$(wc -l <"$T/k.out")" -lt 20 ] &&
	    [ $i -lt 4000 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	kill -9 $pk
	wait $pk 2>/dev/null
	cat "$T/k.out" >>"$T/killed.out"
done
check "the killed writer had issued letters" \
    test "$(wc -l <"$T/killed.out")" -ge 60
n=$(db 'SELECT count(*) FROM letter_issued')
check "after kill -9: gap-free, no duplicate" \
    eq "$(db 'SELECT count(DISTINCT seq), min(seq), max(seq)
        FROM letter_issued')" "$n|1|$n"
check "after kill -9: counter = last folio" \
    eq "$(db 'SELECT sum(last) FROM letter_folio')" "$n"
missing=0
for f in $(cat "$T/killed.out"); do
	[ "$(db "SELECT count(*) FROM letter_issued WHERE folio = '$f'")" = 1 ] ||
	    missing=$((missing + 1))
done
check "every folio reported committed is recorded" eq "$missing" 0
"$TOOL" -c "$CONF" issue 5 >"$T/after.out"
check "after the crashes the next folio follows on" \
    eq "$(head -n 1 "$T/after.out" | sed 's/.*-0*//')" $((n + 1))

# --- verify --------------------------------------------------------------
mkdir -p "$T/pdf"
"$TOOL" -c "$CONF" issue 1 aceptacion "$T/pdf" >"$T/v.out"
F=$(cat "$T/v.out")
P=$T/pdf/$F.pdf
grep_pdf "issued letter carries its folio" "$P" "Folio: $F"
"$TEQUIOCTL" -c "$CONF" verify "$F" "$P" >"$T/verify.out" 2>&1
check "verify genuine file exits 0" eq "$?" 0
check "verify says AUTÉNTICO" grep -q "Resultado: *AUTÉNTICO" \
    "$T/verify.out"
check "verify names the document" grep -q "carta de aceptación" \
    "$T/verify.out"
check "verify names the student" grep -q "Begoña Núñez Güemes 0" \
    "$T/verify.out"
check "verify: file identical" grep -q "idéntico al emitido" \
    "$T/verify.out"
cp "$P" "$T/tampered.pdf"
printf 'X' | dd of="$T/tampered.pdf" bs=1 seek=600 conv=notrunc 2>/dev/null
"$TEQUIOCTL" -c "$CONF" verify "$F" "$T/tampered.pdf" >"$T/verify.out" 2>&1
check "verify tampered file exits 1" eq "$?" 1
check "verify says DISTINTO" grep -q "DISTINTO" "$T/verify.out"
"$TEQUIOCTL" -c "$CONF" verify SS-1999-000001 >"$T/verify.out" 2>&1
check "verify unknown folio exits 1" eq "$?" 1
"$TEQUIOCTL" -c "$CONF" verify "no-es-folio" >"$T/verify.out" 2>&1
check "verify malformed folio exits 1" eq "$?" 1
"$TEQUIOCTL" -c "$CONF" verify >/dev/null 2>&1
check "verify without folio exits 2" eq "$?" 2

# --- letters of release 1 -------------------------------------------------
# Release 1 sealed letters with the secret itself, and their summary names
# no "seal"; later letters use a key derived for letters.  reseal FOLIO
# rewrites a letter's row as release 1 wrote it (the HMACs computed here,
# independently of letters/seal.c) and prints its code.
reseal() {
	/usr/bin/python3 - "$(dirname "$CONF")/tequio.db" \
	    "$(dirname "$CONF")/secret.key" "$1" <<'PY'
import hashlib, hmac, sqlite3, sys
db, key, folio = sys.argv[1], open(sys.argv[2], "rb").read(), sys.argv[3]
c = sqlite3.connect(db)
summary, sha = c.execute("SELECT summary, pdf_sha256 FROM letter_issued "
                         "WHERE folio = ?", (folio,)).fetchone()
summary = summary.replace(',"seal":1', '')
def mac(label, a, b):
    return hmac.new(key, ("%s\n%s\n%s" % (label, a, b)).encode(),
                    hashlib.sha256).digest()
bits = int.from_bytes(mac("tequio letter code v1", folio,
                          hashlib.sha256(summary.encode()).hexdigest())[:8],
                      "big")
abc = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
code = "".join(abc[(bits >> (59 - 5 * i)) & 31] for i in range(12))
code = "-".join(code[i:i + 4] for i in range(0, 12, 4))
c.execute("UPDATE letter_issued SET summary = ?, code = ?, pdf_mac = ? "
          "WHERE folio = ?", (summary, code,
          mac("tequio letter pdf v1", folio, sha).hex(), folio))
c.commit()
print(code)
PY
}
"$TOOL" -c "$CONF" issue 1 constancia "$T/pdf" >"$T/old.out"
OLD=$(cat "$T/old.out")
OLD_CODE=$(reseal "$OLD")
check "a letter made as release 1 did has a code" test -n "$OLD_CODE"
"$TEQUIOCTL" -c "$CONF" verify "$OLD" "$T/pdf/$OLD.pdf" >"$T/verify.out" 2>&1
check "verify: a letter of release 1 is genuine" eq "$?" 0
# A new letter whose summary loses its "seal": the code no longer matches.
"$TOOL" -c "$CONF" issue 1 constancia "$T/pdf" >"$T/new.out"
NEW=$(cat "$T/new.out")
db "UPDATE letter_issued SET summary = replace(summary, ',\"seal\":1', '')
    WHERE folio = '$NEW'" >/dev/null
"$TEQUIOCTL" -c "$CONF" verify "$NEW" >"$T/verify.out" 2>&1
check "verify: a new letter made to look old is not genuine" eq "$?" 1

# --- VERIFICAR by mail ----------------------------------------------------
CODE=$(pdf_text "$P" | sed -n \
    's/.*Código de verificación: \([A-Z0-9-]*\).*/\1/p' | head -n 1)
check "the code is printed" test -n "$CODE"

# mail_pdf FILE FROM SUBJECT ID PDF: a message with PDF attached.
mail_pdf() {
	{
		printf 'From: %s\r\nTo: servicio.social@utv.edu.mx\r\n' "$2"
		printf 'Subject: %s\r\nMessage-ID: <%s>\r\n' "$3" "$4"
		printf 'Date: Mon, 23 Nov 2026 10:00:00 -0600\r\n'
		printf 'MIME-Version: 1.0\r\n'
		printf 'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n'
		printf -- '--b0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n'
		printf 'Verifiquen, por favor.\r\n'
		printf -- '--b0\r\nContent-Type: application/pdf; name="carta.pdf"\r\n'
		printf 'Content-Disposition: attachment; filename="carta.pdf"\r\n'
		printf 'Content-Transfer-Encoding: base64\r\n\r\n'
		base64 "$5" | sed 's/$/\r/'
		printf -- '--b0--\r\n'
	} >"$1"
}

M=$HARNESS_DIR/mail
mkdir -p "$M"
mail_pdf "$M/v1.eml" rh@empresa.example "VERIFICAR $F $CODE" v1@test.example \
    "$P"
mail_pdf "$M/v2.eml" rh@empresa.example "VERIFICAR $F" v2@test.example \
    "$T/tampered.pdf"
mk_mail "$M/v3.eml" rh@empresa.example "VERIFICAR SS-2020-000999" "" \
    v3@test.example
mk_mail "$M/v4.eml" rh@empresa.example "verificar" "" v4@test.example
mk_mail "$M/v5.eml" curioso@gmail.com "VERIFICAR $F" "" v5@test.example
mail_pdf "$M/v6.eml" rh@empresa.example "VERIFICAR $OLD $OLD_CODE" \
    v6@test.example "$T/pdf/$OLD.pdf"
for f in v1 v2 v3 v4 v5 v6; do deliver_mail "$M/$f.eml"; done
tequiod_once 2>"$T/once.log"
check "tequiod --once exits 0" eq "$?" 0

# body ID: the decoded reply to message ID.
body() {
	perl -MMIME::QuotedPrint -0777 -ne 'print decode_qp($_)' \
	    "$(sink_with In-Reply-To "$1")"
}
body v1@test.example >"$T/r1.txt"
check "VERIFICAR: authentic" grep -q "RESULTADO: DOCUMENTO AUTÉNTICO" \
    "$T/r1.txt"
check "VERIFICAR: code correct" grep -q "Código de verificación: correcto" \
    "$T/r1.txt"
check "VERIFICAR: attached file identical" \
    grep -q "idéntico al documento emitido" "$T/r1.txt"
check "VERIFICAR: names the student, not the address" \
    sh -c "grep -q 'Begoña Núñez Güemes 0' '$T/r1.txt' &&
        ! grep -q 'begona@alumnos' '$T/r1.txt'"
body v2@test.example >"$T/r2.txt"
check "VERIFICAR tampered: only that the folio exists" \
    grep -q "RESULTADO: EL FOLIO EXISTE" "$T/r2.txt"
check "VERIFICAR tampered: file different" grep -q "DISTINTO" "$T/r2.txt"
check "VERIFICAR tampered: names nobody" \
    sh -c "! grep -q 'Begoña' '$T/r2.txt'"
# Folios are sequential: without the code or the PDF, no names (issue 8).
body v5@test.example >"$T/r5.txt"
check "VERIFICAR without code: the folio exists, and its kind" \
    grep -q "RESULTADO: EL FOLIO EXISTE" "$T/r5.txt"
check "VERIFICAR without code: no name, agency or date" \
    sh -c "! grep -q -e 'Begoña' -e 'Emitido a' -e 'Fecha de emisión' '$T/r5.txt'"
body v6@test.example >"$T/r6.txt"
check "VERIFICAR: a letter of release 1 is authentic" \
    grep -q "RESULTADO: DOCUMENTO AUTÉNTICO" "$T/r6.txt"
check "VERIFICAR: its code is correct" \
    grep -q "Código de verificación: correcto" "$T/r6.txt"
check "VERIFICAR: its file is identical" \
    grep -q "idéntico al documento emitido" "$T/r6.txt"
body v3@test.example >"$T/r3.txt"
check "VERIFICAR unknown folio" grep -q "FOLIO NO ENCONTRADO" "$T/r3.txt"
body v4@test.example >"$T/r4.txt"
check "VERIFICAR without folio explains" \
    grep -q "VERIFICAR SS-2026-000123" "$T/r4.txt"

finish
