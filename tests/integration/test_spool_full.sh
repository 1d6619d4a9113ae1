#!/bin/sh
# SPDX-License-Identifier: ISC
# A spool on a small tmpfs that fills up, then grows (issue 7, items 1 and
# 10), through a real Dovecot, smtp-sink and tequiod --once.  Counts what
# matters: messages lost (0), effects applied twice (0), replies sent more
# than once (0), and the mail processed once space returns.
#   1. full: nothing can be spooled; every message stays in INBOX, nothing
#      is recorded or answered, --once says "try later" (75);
#   2. room for the raw mails but not for a registration's documents: the
#      mails before it are answered, it stays in INBOX with its temporary
#      failure counted in the database;
#   3. the tmpfs grows: it is processed once, documents stored once, the
#      count forgotten; another pass does nothing;
#   4. full again with [limits] max_temporary_failures = 3: a mail that
#      fails three times is quarantined with a reply on the fourth pass
#      instead of being retried forever.
# Needs root (mount); skipped with a line saying so otherwise.
set -u
cd "$(dirname "$0")/../.." || exit 1
if [ "$(id -u)" != 0 ]; then
	echo "skipped: mounting a tmpfs needs root"
	exit 0
fi
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh

lifecycle_servers
write_conf "$HARNESS_DIR/t" limits.max_temporary_failures=3
SPOOL=$HARNESS_DIR/t/spool
mkdir -p "$SPOOL"
mount -t tmpfs -o size=1m tequio-test-spool "$SPOOL" ||
    harness_die "cannot mount a tmpfs on $SPOOL"
# Unmounted before the harness removes its directory.
trap 'harness_rc=$?; umount "$SPOOL" 2>/dev/null; stop_all; exit $harness_rc' EXIT
export TEQUIO_NOW=1795000000

count_to() {	# count_to RCPT: how many of the new mails go to RCPT
	ct_n=0
	for ct_f in $(cat "$HARNESS_DIR/new"); do
		[ "$(sink_rcpt "$ct_f")" = "$1" ] && ct_n=$((ct_n + 1))
	done
	echo "$ct_n"
}

# fill LEAVE: take all the free space on the spool but LEAVE pages (4 KB).
fill() {
	rm -f "$SPOOL/filler"
	fl_avail=$(df -B4096 --output=avail "$SPOOL" | tail -n 1)
	dd if=/dev/zero of="$SPOOL/filler" bs=4096 \
	    count=$((fl_avail - $1)) 2>/dev/null
	sync
}

# once NAME: run tequiod --once, which may say 0 or 75 (try later), never
# anything else (a crash, a sanitizer report).
once() {
	tequiod_once 2>>"$LOG"
	on_rc=$?
	check "tequiod --once exits 0 or 75 ($1)" test "$on_rc" = 0 -o \
	    "$on_rc" = 75
	sink_files | grep -vxF -f "$HARNESS_DIR/seen" >"$HARNESS_DIR/new" ||
	    :
	cat "$HARNESS_DIR/new" >>"$HARNESS_DIR/seen"
}

run "empty inbox (makes the spool)"

# ---- 1. full ------------------------------------------------------------
mime "$M/a1.eml" "uno@alumnos.utv.edu.mx" "$MAILBOX" "AYUDA" ""
mime "$M/a2.eml" "dos@alumnos.utv.edu.mx" "$MAILBOX" "AYUDA" ""
salud_registration "$M/reg.eml" \
    "Decreto de creación.pdf=decreto.pdf:application/pdf" \
    "nombramiento.pdf=nombramiento.pdf:application/pdf" \
    "INE representante.pdf=ine.pdf:application/pdf" \
    "logo.png=logo.png:image/png"
for f in a1 a2 reg; do deliver_mail "$M/$f.eml"; done
fill 0
once "spool full"
check "full: --once says try later" eq "$on_rc" 75
check "full: nothing answered" eq "$(new_count)" 0
check "full: every message still in INBOX" eq "$(folder_count INBOX)" 3
check "full: nothing recorded" eq "$(db "SELECT count(*) FROM message")" 0
check "full: the log says why" grep -q "No space left on device" "$LOG"

# ---- 2. room for the raw mails, not for the documents ------------------
pages() {	# pages FILE...: the 4 KB pages the files take on a tmpfs
	for pg_f in "$@"; do
		echo $(( ($(wc -c <"$pg_f") + 4095) / 4096 ))
	done | awk '{ n += $1 } END { print n }'
}
fill "$(pages "$M/a1.eml" "$M/a2.eml" "$M/reg.eml")"
once "room for mail, not documents"
check "documents: the mails before it answered" eq \
    "$(count_to uno@alumnos.utv.edu.mx) $(count_to dos@alumnos.utv.edu.mx)" \
    "1 1"
check "documents: the registration not answered" eq "$(count_to $DEP)" 0
check "documents: the registration still in INBOX" eq \
    "$(folder_count INBOX)" 1
check "documents: no agency yet" eq \
    "$(db "SELECT count(*) FROM wf_account WHERE role = 'dependencia'")" 0
check "documents: its failure counted" eq \
    "$(db "SELECT failures FROM msg_failure")" 1

# ---- 3. the spool grows ---------------------------------------------------
mount -o remount,size=16m "$SPOOL"
once "the spool grew"
check "grown: the registration answered once" eq "$(count_to $DEP)" 1
check "grown: INBOX empty" eq "$(folder_count INBOX)" 0
check "grown: one agency" eq \
    "$(db "SELECT count(*) FROM wf_account WHERE role = 'dependencia'")" 1
check "grown: its four documents stored once" eq \
    "$(db "SELECT count(*) FROM wf_document")" 4
check "grown: each document is in the spool" eq "$(for p in $(db \
    "SELECT path FROM wf_document"); do test -s "$p" && echo y; done |
    wc -l)" 4
check "grown: the failure count forgotten" eq \
    "$(db "SELECT count(*) FROM msg_failure")" 0
check "grown: three messages, each recorded once" eq \
    "$(db "SELECT count(*) || ' ' || count(DISTINCT sha256) FROM message")" \
    "3 3"
once "nothing left"
check "a pass after that sends nothing" eq "$(new_count)" 0

# ---- 4. a message that keeps failing is set aside -----------------------
mime "$M/docs.eml" "$DEP" "$MAILBOX" "DOCUMENTOS" "Van los que faltaban." \
    "$(ar $DEP)" -- \
    "comprobante de domicilio.pdf=domicilio.pdf:application/pdf"
deliver_mail "$M/docs.eml"
fill "$(pages "$M/docs.eml")"
for i in 1 2 3; do
	once "failing pass $i"
	check "failing pass $i: nothing sent" eq "$(new_count)" 0
done
check "three failures counted" eq "$(db "SELECT failures FROM msg_failure")" 3
check "still in INBOX" eq "$(folder_count INBOX)" 1
once "fourth pass"
check "fourth pass: the sender told once" eq "$(count_to $DEP)" 1
check "fourth pass: the reply says a person will look at it" \
    has "No pudimos procesar su mensaje" "$(py body "$(to $DEP)")"
check "fourth pass: quarantined" eq "$(folder_count Cuarentena)" 1
check "fourth pass: INBOX empty" eq "$(folder_count INBOX)" 0
check "fourth pass: the log says why" grep -q \
    "quarantined: failed 3 times" "$LOG"
check "fourth pass: the document was not stored" eq \
    "$(db "SELECT count(*) FROM wf_document")" 4
rm -f "$SPOOL/filler"
once "after the quarantine"
check "nothing more is sent" eq "$(new_count)" 0
check "no reply went out twice" eq \
    "$(for f in $(sink_files); do sink_header "$f" Message-ID; done |
    sort | uniq -d | wc -l)" 0
[ "$T_FAIL" -gt 0 ] && tail -n 30 "$LOG"
finish
