#!/bin/sh
# SPDX-License-Identifier: ISC
# The spool durable per batch, not per message (issue 15, item 4), through
# a real Dovecot, smtp-sink and tequiod --once:
#   1. a pass of 60 messages in one batch syncs the spool at most 3 times
#      (the pack and its directory; and spool/pack once, when the spool
#      is made), counted per file by strace; one file per message made
#      that 60 fdatasyncs and up to 60 directory fsyncs (114 on main);
#   2. a pack whose sync, rename or directory sync fails (fault hook)
#      records nothing, answers nothing and moves nothing, and leaves no
#      file; the next pass does it all, once;
#   3. the process dies after the pack is written, before the batch
#      commits (the TEQUIO_TEST_CRASH_ON abort): the next start removes
#      the pack no row points at, stores the messages again and answers
#      each once;
#      and what a killed write left in spool/tmp once an hour old (a
#      younger file, a write under way, stays);
#   4. the same mail twice: its second copy, in a later pack, is recorded
#      nowhere; when that pack is looked at, the copy's bytes are erased
#      and the member beside it still reads;
#   5. the retention (tequioctl purge) erases two purged messages inside
#      their pack (zeros on disk, read as gone) while the third still
#      reads, and removes the pack with its last member.
# Every message recorded reads back through its spool_path (spool_probe).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

PROBE=${SPOOL_PROBE:-$TEQUIO_ROOT/${BUILD:-build}/san/tools/spool_probe}
harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
write_conf "$HARNESS_DIR/t"
export TEQUIO_NOW=1795000000
SPOOL=$HARNESS_DIR/t/spool
KEY=$HARNESS_DIR/t/spool.key
LOG=$HARNESS_DIR/log
M=$HARNESS_DIR/mail
mkdir -p "$M"

# mails PREFIX FIRST LAST: one AYUDA each from a sender of its own,
# delivered in order.
mails() {
	for ml_i in $(seq "$2" "$3"); do
		mk_mail "$M/$1$ml_i.eml" "al$1$ml_i@alumnos.utv.edu.mx" \
		    "AYUDA ${SUBJECT_TAIL:-}" "" "$1-$ml_i@test.example"
	done
	deliver_fast $(for ml_i in $(seq "$2" "$3"); do
	    echo "$M/$1$ml_i.eml"; done)
}
packs() {
	find "$SPOOL/pack" -type f | wc -l
}
recorded() {
	db "SELECT count(*) FROM message"
}
# Every message recorded reads back from the spool.
all_readable() {
	# shellcheck disable=SC2046
	"$PROBE" "$KEY" $(db "SELECT spool_path FROM message") >"$HARNESS_DIR/probe"
}

# ---- 1. syncs per batch ---------------------------------------------------
mails a 1 60
# LeakSanitizer cannot work under ptrace: it would fail the run.
ASAN_OPTIONS=detect_leaks=0 strace -f -y -e trace=fsync,fdatasync \
    -o "$HARNESS_DIR/strace" "$TEQUIOD" -c "$CONF" --once 2>>"$LOG"
rc=$?
check "60 messages: the pass exits 0 ($rc)" eq "$rc" 0
check "60 messages answered" eq "$(sink_count)" 60
check "60 messages recorded" eq "$(recorded)" 60
syncs=$(grep -cE "<$SPOOL(/|>)" "$HARNESS_DIR/strace")
echo "spool syncs for 60 messages in one batch: $syncs"
check "one batch of 60: at most 3 syncs of the spool ($syncs)" \
    test "$syncs" -ge 1 -a "$syncs" -le 3
check "one pack for the batch" eq "$(packs)" 1
check "... recorded" eq "$(db "SELECT count(*) FROM spool_pack")" 1
check "every message reads back from its pack" all_readable
check "nothing left in the spool's tmp" eq "$(ls "$SPOOL/tmp" | wc -l)" 0

# ---- 2. a pack that cannot be made durable --------------------------------
mails b 1 5
sent=$(sink_count)
for fault in spool.fsync:5 spool.rename:18 spool.dirsync:5; do
	TEQUIO_TEST_FAIL=$fault tequiod_once 2>>"$LOG"
	check "$fault: try later (75)" eq "$?" 75
	check "$fault: nothing recorded" eq "$(recorded)" 60
	check "$fault: nothing answered" eq "$(sink_count)" "$sent"
	check "$fault: nothing moved" eq "$(folder_count INBOX)" 5
	check "$fault: no pack left" eq "$(packs)" 1
	check "$fault: nothing left in tmp" eq "$(ls "$SPOOL/tmp" | wc -l)" 0
done
tequiod_once 2>>"$LOG"
check "after the faults: the pass exits 0" eq "$?" 0
check "after the faults: the 5 recorded once" eq "$(recorded)" 65
check "after the faults: the 5 answered once" \
    eq "$(( $(sink_count) - sent ))" 5
check "after the faults: INBOX empty" eq "$(folder_count INBOX)" 0
check "after the faults: two packs" eq "$(packs)" 2
check "the failed packs' rows are gone" \
    eq "$(db "SELECT count(*) FROM spool_pack")" 2
check "every message reads back" all_readable

# ---- 3. dead between the pack and the commit ------------------------------
SUBJECT_TAIL=KABOOM-PACK mails c 1 4
sent=$(sink_count)
TEQUIO_TEST_CRASH_ON=KABOOM-PACK tequiod_once 2>>"$LOG"
rc=$?
check "the process died in the batch ($rc)" test "$rc" -ne 0 -a "$rc" -ne 75
orphan=$(db "SELECT path FROM spool_pack ORDER BY id DESC LIMIT 1")
check "its pack was written" test -f "$orphan"
check "nothing of the batch recorded" eq "$(recorded)" 65
check "nothing of the batch answered" eq "$(sink_count)" "$sent"
check "a pack no message points at" eq \
    "$(db "SELECT count(*) FROM message WHERE spool_path LIKE '$orphan%'")" 0
printf 'sealed' >"$SPOOL/tmp/Lft0vr" && touch -d '2 hours ago' "$SPOOL/tmp/Lft0vr"
printf 'sealed' >"$SPOOL/tmp/Yng0vr"
tequiod_once 2>>"$LOG"
check "the next start: the pass exits 0" eq "$?" 0
check "an hour-old leftover in spool/tmp is removed" test ! -e "$SPOOL/tmp/Lft0vr"
check "a young file in spool/tmp (a write under way) stays" test -f "$SPOOL/tmp/Yng0vr"
rm -f "$SPOOL/tmp/Yng0vr"
check "the orphan pack is removed" test ! -e "$orphan"
check "... and forgotten" \
    eq "$(db "SELECT count(*) FROM spool_pack WHERE path = '$orphan'")" 0
check "the 4 recorded once" eq "$(recorded)" 69
check "the 4 answered once" eq "$(( $(sink_count) - sent ))" 4
check "no reply twice" eq "$(max_copies In-Reply-To)" 1
check "INBOX empty" eq "$(folder_count INBOX)" 0
check "three packs: one per batch that committed" eq "$(packs)" 3
check "every message reads back" all_readable

# ---- 4. the same mail twice -----------------------------------------------
mails d 1 1
deliver_fast "$M/a1.eml"
tequiod_once 2>>"$LOG"
check "the copy: the pass exits 0" eq "$?" 0
check "the copy is not recorded again" eq "$(recorded)" 70
check "the copy is not answered again" eq "$(max_copies In-Reply-To)" 1
DUP=$(db "SELECT path FROM spool_pack ORDER BY id DESC LIMIT 1")
D1=$(db "SELECT spool_path FROM message WHERE message_id = 'd-1@test.example'")
check "the new mail is in the newest pack" eq "${D1%%#*}" "$DUP"
# unreferenced PACK PATH...: bytes of PACK outside its header and the
# members named, and how many of them are not zero.
unreferenced() {
	/usr/bin/python3 - "$@" <<'PY'
import sys
pack, members = sys.argv[1], sys.argv[2:]
data = open(pack, "rb").read()
kept = [False] * len(data)
for i in range(8):
    kept[i] = True
for m in members:
    off, ln = m.rsplit("#", 1)[1].split("+")
    for i in range(int(off), int(off) + int(ln)):
        kept[i] = True
rest = [data[i] for i in range(len(data)) if not kept[i]]
print(len(rest), sum(1 for b in rest if b))
PY
}
set -- $(unreferenced "$DUP" "$D1")
check "the copy was written into the pack" test "$1" -gt 0
check "... and is still there until the pack is looked at" test "$2" -gt 0
size=$(stat -c %s "$DUP")
tequiod_once 2>>"$LOG"
set -- $(unreferenced "$DUP" "$D1")
check "once looked at, the copy's bytes are erased" eq "$2" 0
check "the pack keeps its size (offsets stay)" eq "$(stat -c %s "$DUP")" "$size"
check "the member beside it still reads" all_readable
check "the pack is settled" \
    eq "$(db "SELECT due IS NULL FROM spool_pack WHERE path = '$DUP'")" 1

# ---- 5. the retention inside a pack -----------------------------------------
# Two automatic replies (ignored, kept 30 days) and one AYUDA in one batch.
for i in 1 2; do
	mk_mail "$M/auto$i.eml" "vacaciones$i@alumnos.utv.edu.mx" \
	    "Fuera de la oficina" "" "auto-$i@test.example"
	sed -i 's/^Subject:/Auto-Submitted: auto-replied\r\nSubject:/' \
	    "$M/auto$i.eml"
done
mk_mail "$M/e1.eml" "ale1@alumnos.utv.edu.mx" AYUDA "" "e-1@test.example"
deliver_fast "$M/auto1.eml" "$M/e1.eml" "$M/auto2.eml"
tequiod_once 2>>"$LOG"
check "the batch: the pass exits 0" eq "$?" 0
A1=$(db "SELECT spool_path FROM message WHERE message_id = 'auto-1@test.example'")
A2=$(db "SELECT spool_path FROM message WHERE message_id = 'auto-2@test.example'")
E1=$(db "SELECT spool_path FROM message WHERE message_id = 'e-1@test.example'")
PK=${E1%%#*}
check "the automatic replies are ignored, all three in one pack" eq \
    "$(db "SELECT count(*) FROM message WHERE outcome = 'ignored'") ${A1%%#*} ${A2%%#*}" \
    "2 $PK $PK"
check "all three read" all_readable
TEQUIO_NOW=$((TEQUIO_NOW + 31 * 86400)) "$TEQUIOCTL" -c "$CONF" purge --now \
    >/dev/null 2>>"$LOG"
check "31 days on: the ignored mail is purged, both read as gone" eq \
    "$("$PROBE" "$KEY" "$A1" "$A2" 2>/dev/null | grep -c ': gone$')" 2
check "... the AYUDA beside them still reads" "$PROBE" "$KEY" "$E1"
set -- $(unreferenced "$PK" "$E1")
check "... and their bytes in the pack are zeros ($1 bytes)" \
    test "$1" -gt 0 -a "$2" -eq 0
check "... the pack stays for the AYUDA" test -f "$PK"
# Its own retention ends (as a student's file would): the pack goes.
db "UPDATE message SET purged_at = $TEQUIO_NOW WHERE spool_path = '$E1'"
TEQUIO_NOW=$((TEQUIO_NOW + 32 * 86400)) "$TEQUIOCTL" -c "$CONF" purge --now \
    >/dev/null 2>>"$LOG"
check "the last member purged: the pack file is removed" test ! -e "$PK"
check "... and forgotten" \
    eq "$(db "SELECT count(*) FROM spool_pack WHERE path = '$PK'")" 0
check "... the purged rows keep no path" eq "$(db "SELECT count(*) FROM \
    message WHERE purged_at IS NOT NULL AND spool_path != ''")" 0

[ "$T_FAIL" -eq 0 ] || tail -n 40 "$LOG"
finish
