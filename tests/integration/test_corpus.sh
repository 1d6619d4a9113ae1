#!/bin/sh
# SPDX-License-Identifier: ISC
# Every message of the shared corpus (117 real-world mails: clients,
# attachments, encodings, forwards, bounces and auto-replies, malformed)
# through the sanitized daemon and a real Dovecot: none crashes it, each
# ends in exactly one folder with one record, and the automatic ones
# (bounces, auto-replies, reports, list mail) get no answer at all.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
CORPUS=${TEQUIO_CORPUS:-$(cd .. && pwd)/shared/corpus}
if [ ! -d "$CORPUS/automatic" ]; then
	echo "SKIPPED: no external corpus at $CORPUS (set TEQUIO_CORPUS)"
	exit 0
fi

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
write_conf "$HARNESS_DIR/t" limits.max_replies_per_day=1000

# 1. The automatic mail, and the list mail among the clients' mail.
n_auto=0
for f in "$CORPUS"/automatic/*.eml "$CORPUS"/clients/yahoo-mail-list-post.eml \
    "$CORPUS"/clients/github-notification.eml; do
	deliver_mail "$f"
	n_auto=$((n_auto + 1))
done
tequiod_once 2>"$HARNESS_DIR/auto.log"
check "--once over automatic mail exits 0" eq "$?" 0
check "all $n_auto automatic mails left INBOX" eq "$(folder_count INBOX)" 0
check "no automatic mail answered" eq "$(sink_count)" 0
check "every automatic mail recorded as ignored" \
    eq "$(db "SELECT count(*) FROM message WHERE outcome = 'ignored'")" \
    "$n_auto"
check "nothing queued for them" eq "$(db "SELECT count(*) FROM outbox")" 0

# 2. Everything else.
n_rest=0
for f in "$CORPUS"/*/*.eml; do
	case $f in
	*/automatic/*|*/yahoo-mail-list-post.eml|*/github-notification.eml)
		continue ;;
	esac
	deliver_mail "$f"
	n_rest=$((n_rest + 1))
done
tequiod_once 2>"$HARNESS_DIR/rest.log"
check "--once over the rest of the corpus exits 0" eq "$?" 0
check "no sanitizer report" sh -c "! grep -q 'Sanitizer' \
    '$HARNESS_DIR/auto.log' '$HARNESS_DIR/rest.log'"
check "INBOX empty" eq "$(folder_count INBOX)" 0
total=$((n_auto + n_rest))
check "every message in exactly one folder" \
    eq "$(( $(folder_count Procesados) + $(folder_count Cuarentena) ))" \
    "$total"
# Fixture authors made some files from one another and kept the
# Message-ID and From: tequio takes such a pair for one mail delivered
# twice (SPEC 4: Message-ID identifies a message) and records it once.
identities=$(/usr/bin/python3 - "$CORPUS" <<'PY'
import email.utils, glob, sys
keys = set()
for path in glob.glob(sys.argv[1] + "/*/*.eml"):
    with open(path, "rb") as f:
        head = f.read().replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    msg = email.message_from_bytes(head + b"\n\n")
    mid = " ".join(str(msg.get("Message-ID", "")).split()).strip("<>")
    addr = email.utils.parseaddr(str(msg.get("From", "")))[1].lower()
    keys.add((mid, addr) if mid else path)
print(len(keys))
PY
)
check "one record per distinct mail ($identities of $total files)" \
    eq "$(db "SELECT count(*) FROM message")" "$identities"
check "at most one reply per message" \
    eq "$(db "SELECT count(*) FROM outbox")" \
    "$(db "SELECT count(DISTINCT cause_msg) FROM outbox")"
check "no reply to anything ignored" \
    eq "$(db "SELECT count(*) FROM outbox o JOIN message m ON m.id = o.cause_msg WHERE m.outcome = 'ignored'")" 0
check "every queued reply delivered" \
    eq "$(db "SELECT count(*) FROM outbox WHERE status != 'sent'")" 0
echo "corpus: $n_auto automatic, $n_rest others:" \
    "$(db "SELECT outcome || '=' || count(*) FROM message GROUP BY outcome" |
    tr '\n' ' ')"
[ "$T_FAIL" -eq 0 ] || { grep "already processed" "$HARNESS_DIR/rest.log"; db "SELECT id, from_addr, message_id, subject FROM message WHERE id IN (4,36,49,60,79,89)"; }
finish
