#!/bin/sh
# SPDX-License-Identifier: ISC
# The README's Postfix example for --pipe, the low-latency mode, against
# a real Postfix: the two master.cf lines are taken from README.md as
# they are written (only the user, the program's path and the
# configuration's path are this machine's), a private Postfix instance on
# a free loopback port routes servicio.social@utv.edu.mx to that service,
# and a message submitted to it over SMTP must come out of tequiod's
# outbox as a reply in smtp-sink.  Then the same message again: recognised,
# not answered twice.  SKIPPED when Postfix is not installed or this is
# not root (a Postfix instance and the pipe's user=nobody need root).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

if ! command -v postfix >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
	echo "SKIPPED: needs Postfix and root"
	exit 0
fi

# The example, word for word from the README.
example=$(awk '/^  # \/etc\/postfix\/master.cf$/ { on = 1; next }
    on && /^  #/ { exit } on { sub(/^  /, ""); print }' README.md)
harness_init
check "the README has the master.cf example" test -n "$example"

start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
write_conf "$HARNESS_DIR/t"
chown -R nobody:nogroup "$HARNESS_DIR/t"

PF=$HARNESS_DIR/postfix
mkdir -p "$PF/queue" "$PF/data"
chown postfix "$PF/data"
PF_PORT=$(free_port) || harness_die "no free port"
cat >"$PF/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.utv.edu.mx
mydomain = utv.edu.mx
mydestination =
relay_domains = utv.edu.mx
transport_maps = inline:{ servicio.social@utv.edu.mx=tequio: }
recipient_delimiter = +
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_recipient_restrictions = permit_mynetworks, reject
maillog_file = $PF/postfix.log
maillog_file_prefixes = $PF
syslog_name = postfix-tequio-test-$$
multi_instance_enable = no
EOF
{
	echo "127.0.0.1:$PF_PORT inet n - n - - smtpd"
	for s in "pickup unix n - n 60 1 pickup" \
	    "cleanup unix n - n - 0 cleanup" "qmgr unix n - n 300 1 qmgr" \
	    "rewrite unix - - n - - trivial-rewrite" \
	    "bounce unix - - n - 0 bounce" "defer unix - - n - 0 bounce" \
	    "trace unix - - n - 0 bounce" "verify unix - - n - 1 verify" \
	    "flush unix n - n 1000? 0 flush" "proxymap unix - - n - - proxymap" \
	    "smtp unix - - n - - smtp" "error unix - - n - - error" \
	    "retry unix - - n - - error" "discard unix - - n - - discard" \
	    "anvil unix - - n - 1 anvil" "scache unix - - n - 1 scache" \
	    "postlog unix-dgram n - n - 1 postlogd"; do
		echo "$s"
	done
	echo "$example" | sed -e "s|user=tequio|user=nobody|" \
	    -e "s|/usr/local/sbin/tequiod|$TEQUIOD|" \
	    -e "s|/etc/tequio/tequio.conf|$CONF|"
} >"$PF/master.cf"

postfix -c "$PF" start >"$PF/start.log" 2>&1 ||
    { cat "$PF/start.log" >&2; harness_die "postfix start"; }
# Stopped at exit with the rest (postfix stop waits for its master).
trap 'harness_rc=$?; postfix -c "$PF" stop >/dev/null 2>&1; stop_all;
    exit $harness_rc' EXIT
wait_greeting "$PF_PORT" 220 || harness_die "postfix did not greet"

mk_mail "$HARNESS_DIR/m.eml" "ana@alumnos.utv.edu.mx" "AYUDA" \
    "Hola, ¿cómo me registro?" "pipe-1@test.example"
submit() {
	curl -s --url "smtp://127.0.0.1:$PF_PORT" \
	    --mail-from ana@alumnos.utv.edu.mx \
	    --mail-rcpt servicio.social@utv.edu.mx -T "$HARNESS_DIR/m.eml"
}
check "Postfix takes the message" submit
wait_until 800 '[ "$(sink_count)" -ge 1 ]'
check "the reply left through the pipe transport" eq "$(sink_count)" 1
f=$(sink_files | head -1)
# smtp-sink creates the file before the mail is in it: under load the
# header was read from an empty file.
wait_until 400 '[ -n "$(sink_header "$f" In-Reply-To)" ]'
check "it answers the message" eq "$(sink_header "$f" In-Reply-To)" \
    "<pipe-1@test.example>"
check "to its sender" eq "$(sink_rcpt "$f")" "ana@alumnos.utv.edu.mx"
wait_until 400 'grep -q "relay=tequio, .*status=sent" "$PF/postfix.log"'
check "Postfix logged the delivery to tequio" \
    grep -q "relay=tequio, .*status=sent (delivered via tequio" \
    "$PF/postfix.log"

# The same message delivered again: recorded once, answered once.
check "Postfix takes it again" submit
wait_until 400 '[ "$(grep -c "status=sent (delivered via tequio" \
    "$PF/postfix.log")" -ge 2 ]'
check "the second delivery went through the pipe too" eq \
    "$(grep -c "status=sent (delivered via tequio" "$PF/postfix.log")" 2
check "one record, one reply" eq \
    "$(db "SELECT count(*) FROM message") $(sink_count)" "1 1"
finish
