#!/bin/sh
# SPDX-License-Identifier: ISC
# The integration path under valgrind (plain build, no sanitizers): one
# --once pass over mail of every kind (commands, attachments, automatic,
# malformed, oversize), then tequioctl status, outbox and quarantine
# release.  Any leak or
# memory error fails.  Not named test_*.sh: "make valgrind" runs it.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
TEQUIOD=$(pwd)/${BUILD:-build}/tequiod
TEQUIOCTL=$(pwd)/${BUILD:-build}/tequioctl
. tests/lib/tequio.sh
CORPUS=${TEQUIO_CORPUS:-$(cd .. && pwd)/shared/corpus}

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
# Batches of 4: the pass has several, so the thread that moves them on a
# second connection (daemon/mover.c) runs under valgrind too.
write_conf "$HARNESS_DIR/t" mailbox.fetch_batch=4 mailbox.move_connection=yes
M=$HARNESS_DIR/mail
mkdir -p "$M"
mk_mail "$M/1.eml" ana@alumnos.utv.edu.mx "AYUDA"
mk_mail "$M/2.eml" coordinacion@utv.edu.mx "PENDIENTES"
mk_mail "$M/3.eml" carla@gmail.com "Hola"
mk_mail "$M/4.eml" beto@alumnos.utv.edu.mx "REGISTRO" "Matrícula: 20260001
Nombre: Beto Pérez
Carrera: Ingeniería Civil
Créditos: 80"
for f in "$M"/*.eml; do deliver_mail "$f"; done
for f in clients/gmail-alternative-dkim.eml attachments/pdf-gmail-2047-filename.eml \
    attachments/image-iphone-photo.eml automatic/dsn-gmail.eml \
    malformed/malformed-base64-attachment.eml malformed/deep-nesting-101-multiparts.eml \
    encodings/rfc2231-continuation-utf8-iso885915.eml; do
	[ -f "$CORPUS/$f" ] && deliver_mail "$CORPUS/$f"
done
[ -d "$CORPUS" ] || echo "valgrind: no external corpus at $CORPUS" \
    "(set TEQUIO_CORPUS): its messages are SKIPPED, the fixtures are used"
# The project's own fixtures of the same kinds, always.
for f in apple-foto.eml gmail-solicitud-2231-single.eml bounce-postfix-es.eml \
    malformed-bad-base64.eml thunderbird-reporte-2231-continuation.eml \
    no-header-section.eml; do
	deliver_mail "tests/fixtures/$f"
done

VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
$VG "$TEQUIOD" -c "$CONF" --once 2>"$HARNESS_DIR/vg-once.log"
check "tequiod --once under valgrind: no errors, no leaks" eq "$?" 0
$VG "$TEQUIOCTL" -c "$CONF" status >/dev/null 2>"$HARNESS_DIR/vg-status.log"
check "tequioctl status under valgrind" eq "$?" 0
$VG "$TEQUIOCTL" -c "$CONF" outbox >/dev/null 2>"$HARNESS_DIR/vg-outbox.log"
check "tequioctl outbox under valgrind" eq "$?" 0
QID=$(db "SELECT id FROM message WHERE outcome = 'quarantined' LIMIT 1")
$VG "$TEQUIOCTL" -c "$CONF" quarantine release "$QID" >/dev/null \
    2>"$HARNESS_DIR/vg-release.log"
check "tequioctl quarantine release under valgrind" eq "$?" 0
check "replies were sent" test "$(sink_count)" -ge 4
[ "$T_FAIL" -eq 0 ] || cat "$HARNESS_DIR"/vg-*.log
finish
