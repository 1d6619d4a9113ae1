#!/bin/sh
# SPDX-License-Identifier: ISC
# make demo: a private Dovecot and smtp-sink on loopback, a handful of
# realistic mails in the mailbox, one "tequiod --once", and the replies
# saved as .eml files (with their PDFs extracted) for a person to read.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
OUT=${DEMO_OUT:-$ROOT/demo-out}
. tests/lib/servers.sh
TEQUIOD=$ROOT/${BUILD:-build}/tequiod
TEQUIOCTL=$ROOT/${BUILD:-build}/tequioctl
. tests/lib/tequio.sh

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
write_conf "$HARNESS_DIR/t" \
    institution.logo="$ROOT/tests/fixtures/logos/institucion.png"
M=$HARNESS_DIR/mail
mkdir -p "$M"
echo "demo: Dovecot on 127.0.0.1:$DOVECOT_PORT, smtp-sink on" \
    "127.0.0.1:$SINK_PORT"

mk_mail "$M/1.eml" "Ana López <ana.lopez@alumnos.utv.edu.mx>" "AYUDA" \
    "Hola, ¿cómo empiezo mi servicio social?"
mk_mail "$M/2.eml" "Beto Ruiz <beto.ruiz@alumnos.utv.edu.mx>" "ESTADO" \
    "¿En qué paso voy?"
mk_mail "$M/3.eml" "Carla Díaz <carla.diaz@gmail.com>" \
    "Quiero información del servicio" "Buenas tardes, ¿me pueden informar?"
for f in "$M"/*.eml; do deliver_mail "$f"; done
# An out-of-office reply: it must not be answered.
deliver_mail tests/fixtures/autoreply-exchange-es.eml
echo "demo: 4 mails in INBOX (AYUDA, ESTADO, an unknown request, an" \
    "out-of-office auto-reply)"

if [ -x scripts/demo-lifecycle.sh ]; then
	. scripts/demo-lifecycle.sh
	demo_lifecycle_mails "$M"
fi

"$TEQUIOD" -c "$CONF" --once
echo "demo: tequiod --once exited $?"
if [ -x scripts/demo-lifecycle.sh ]; then
	demo_lifecycle_play
fi

rm -rf "$OUT"
mkdir -p "$OUT/replies"
n=0
for f in $(sink_files); do
	n=$((n + 1))
	to=$(sink_rcpt "$f")
	# smtp-sink prefixes its own X-* lines; drop them for a clean .eml.
	sed '/^X-Mail-Args:/d; /^X-Rcpt-Args:/d' "$f" \
	    >"$OUT/replies/$(printf %02d $n)-$to.eml"
done
/usr/bin/python3 scripts/extract-attachments.py "$OUT/replies" "$OUT/pdf" \
    2>/dev/null || true
echo
echo "demo: INBOX $(folder_count INBOX), Procesados" \
    "$(folder_count Procesados), Cuarentena $(folder_count Cuarentena)"
echo "demo: $n replies saved in $OUT/replies/"
[ -d "$OUT/pdf" ] && echo "demo: their PDF letters in $OUT/pdf/"
echo
"$TEQUIOCTL" -c "$CONF" status 2>/dev/null | sed 's/^/  /'
for f in "$OUT"/replies/*.eml; do
	[ -f "$f" ] || continue
	echo
	echo "==== $(basename "$f")"
	/usr/bin/python3 scripts/show-mail.py "$f" 2>/dev/null || sed -n 1,40p "$f"
done
