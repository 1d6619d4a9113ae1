#!/bin/sh
# SPDX-License-Identifier: ISC
# The mail pipeline against a real Dovecot and smtp-sink: commands are
# answered once, threaded and marked auto-replied; automatic mail is never
# answered; malformed and oversize mail is quarantined with an explanation;
# a second pass changes nothing; the daily reply cap; --pipe; start-up
# errors; a UIDVALIDITY change; SIGTERM.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
F=tests/fixtures

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
write_conf "$HARNESS_DIR/t"
M=$HARNESS_DIR/mail
mkdir -p "$M"

# --- commands through the whole pipeline --------------------------------
mk_mail "$M/ayuda.eml" ana@alumnos.utv.edu.mx "AYUDA" "" ayuda-1@test.example
mk_mail "$M/estado.eml" beto@alumnos.utv.edu.mx "Re: [UTV] estado" "" \
    estado-1@test.example
mk_mail "$M/raro.eml" carla@gmail.com "Quiero informes" "Hola" \
    raro-1@test.example
for f in ayuda estado raro; do deliver_mail "$M/$f.eml"; done
# Automatic mail: never answered.
for f in autoreply-exchange-es.eml bounce-postfix-es.eml list-mail.eml; do
	deliver_mail "$F/$f"
done
# A loop: our own mail coming back.
mk_mail "$M/loop.eml" servicio.social@utv.edu.mx "Re: AYUDA" "" \
    tq.abc.def@utv.edu.mx
deliver_mail "$M/loop.eml"

tequiod_once 2>"$HARNESS_DIR/once1.log"
check "--once exits 0" eq "$?" 0
check "INBOX is empty" eq "$(folder_count INBOX)" 0
check "all 7 in Procesados" eq "$(folder_count Procesados)" 7
check "3 replies, none to automatic mail" eq "$(sink_count)" 3

r=$(sink_with In-Reply-To ayuda-1@test.example)
check "AYUDA answered once" eq "$(echo "$r" | grep -c .)" 1
check "reply goes to the sender" eq "$(sink_rcpt "$r")" \
    ana@alumnos.utv.edu.mx
check "reply is auto-replied" eq "$(sink_header "$r" Auto-Submitted)" \
    auto-replied
check "reply threads References" \
    grep -q "ayuda-1@test.example" "$r"
check "reply subject is Re: AYUDA and its tag" \
    eq "$(sink_header "$r" Subject | sed 's/ \[SS:[a-z0-9]*\]$//')" "Re: AYUDA"
check "reply carries X-Loop" eq "$(sink_header "$r" X-Loop)" \
    servicio.social@utv.edu.mx
check "From names the institution" eq "$(sink_header "$r" From)" \
    "=?UTF-8?Q?Universidad_Tecnol=C3=B3gica_del_Valle?= <servicio.social@utv.edu.mx>"
r=$(sink_with In-Reply-To raro-1@test.example)
check "unknown command answered" eq "$(echo "$r" | grep -c .)" 1
check "unknown command reply lists AYUDA" grep -q "AYUDA" "$r"
check "automatic mail recorded as ignored" \
    eq "$(db "SELECT count(*) FROM message WHERE outcome='ignored'")" 4

# --- a second pass changes nothing --------------------------------------
tequiod_once 2>>"$HARNESS_DIR/once1.log"
check "second --once sends nothing" eq "$(sink_count)" 3
check "second --once records nothing" \
    eq "$(db "SELECT count(*) FROM message")" 7

# --- the same message again (new UID): recognised, not re-applied --------
deliver_mail "$M/ayuda.eml"
tequiod_once 2>>"$HARNESS_DIR/once1.log"
check "re-delivered message not answered again" eq "$(sink_count)" 3
check "re-delivered message moved out of INBOX" eq "$(folder_count INBOX)" 0

# --- malformed and oversize ---------------------------------------------
deliver_mail "$F/no-header-section.eml"
mk_mail "$M/big.eml" dora@alumnos.utv.edu.mx "AYUDA" \
    "$(head -c 3000 /dev/zero | tr '\0' 'x')" big-1@test.example
write_conf "$HARNESS_DIR/t" limits.max_message_bytes=2048 \
    limits.max_attachment_bytes=1024
deliver_mail "$M/big.eml"
tequiod_once 2>>"$HARNESS_DIR/once1.log"
check "unreadable and oversize mail quarantined" \
    eq "$(folder_count Cuarentena)" 2
r=$(sink_with In-Reply-To big-1@test.example)
check "oversize mail answered from its headers" \
    eq "$(echo "$r" | grep -c .)" 1
check "oversize reply explains the size" body_has "$r" "tamaño máximo"
write_conf "$HARNESS_DIR/t"

# --- the daily cap: 2 replies, one notice, then silence -------------------
write_conf "$HARNESS_DIR/t" limits.max_replies_per_day=2
n0=$(sink_count)
for i in 1 2 3 4; do
	mk_mail "$M/cap$i.eml" eva@alumnos.utv.edu.mx "AYUDA" "" \
	    cap-$i@test.example
	deliver_mail "$M/cap$i.eml"
done
tequiod_once 2>>"$HARNESS_DIR/once1.log"
check "cap: 2 replies and one notice" eq "$(( $(sink_count) - n0 ))" 3
r=$(sink_with In-Reply-To cap-3@test.example)
check "cap: the third reply is the notice" body_has "$r" "máximo diario"
write_conf "$HARNESS_DIR/t"

# --- --pipe ---------------------------------------------------------------
mk_mail "$M/pipe.eml" fer@alumnos.utv.edu.mx "AYUDA" "" pipe-1@test.example
n0=$(sink_count)
"$TEQUIOD" -c "$CONF" --pipe <"$M/pipe.eml" 2>>"$HARNESS_DIR/once1.log"
check "--pipe exits 0" eq "$?" 0
check "--pipe replies" eq "$(( $(sink_count) - n0 ))" 1
chmod 000 "$HARNESS_DIR/t/spool/tmp"
mk_mail "$M/pipe2.eml" fer@alumnos.utv.edu.mx "AYUDA" "" pipe-2@test.example
if [ "$(id -u)" = 0 ]; then
	# root ignores permissions: make the spool a file instead.
	chmod 755 "$HARNESS_DIR/t/spool/tmp"
	mv "$HARNESS_DIR/t/spool/tmp" "$HARNESS_DIR/t/spool/tmp.away"
	: >"$HARNESS_DIR/t/spool/tmp"
fi
"$TEQUIOD" -c "$CONF" --pipe <"$M/pipe2.eml" 2>>"$HARNESS_DIR/once1.log"
check "--pipe exits 75 when it cannot store" eq "$?" 75
rm -f "$HARNESS_DIR/t/spool/tmp"
[ -d "$HARNESS_DIR/t/spool/tmp.away" ] &&
    mv "$HARNESS_DIR/t/spool/tmp.away" "$HARNESS_DIR/t/spool/tmp"
chmod 700 "$HARNESS_DIR/t/spool/tmp"

# --- start-up errors name file and line --------------------------------
printf '[mailbox]\ncolour = blue\n' >>"$CONF"
out=$("$TEQUIOD" -c "$CONF" --once 2>&1)
check "bad key stops start-up" eq "$?" 78
check "error names file:line" \
    sh -c "echo '$out' | grep -q 'tequio.conf:[0-9]*: no hay ninguna clave'"
write_conf "$HARNESS_DIR/t"

# --- UIDVALIDITY change: nothing lost, nothing re-applied ---------------
n0=$(sink_count)
m0=$(db "SELECT count(*) FROM message")
stop_dovecot
# Put every processed message back in INBOX under a new UIDVALIDITY, as a
# restored or migrated server would.
md=$DOVECOT_DIR/mail/$DOVECOT_USER
cp "$md"/.Procesados/cur/* "$md"/.Procesados/new/* "$md"/cur/ 2>/dev/null
chown nobody:nogroup "$md"/cur/*
rm -f "$md"/dovecot-uidlist "$md"/dovecot.index*
start_dovecot "$HARNESS_DIR/imap"
write_conf "$HARNESS_DIR/t"
uv_before=$(db "SELECT uidvalidity FROM mailbox")
check "processed mail is back in INBOX under a new UIDVALIDITY" \
    test "$(folder_count INBOX)" -ge 10
tequiod_once 2>>"$HARNESS_DIR/once1.log"
check "UIDVALIDITY changed" test "$(db "SELECT uidvalidity FROM mailbox")" \
    != "$uv_before"
check "after UIDVALIDITY change nothing answered twice" \
    eq "$(sink_count)" "$n0"
check "after UIDVALIDITY change nothing recorded twice" \
    eq "$(db "SELECT count(*) FROM message")" "$m0"
check "after UIDVALIDITY change INBOX is empty" eq "$(folder_count INBOX)" 0

# --- the daemon: IDLE wake-up and SIGTERM ---------------------------------
n0=$(sink_count)
setsid "$TEQUIOD" -c "$CONF" 2>"$HARNESS_DIR/daemon.log" &
dpid=$!
HARNESS_PGIDS="$HARNESS_PGIDS $dpid"
# Wait (bounded) until it is connected, then deliver.
i=0
until grep -q "connected to" "$HARNESS_DIR/daemon.log" || [ $i -ge 400 ]; do
	i=$((i + 1)); sleep 0.025
done
mk_mail "$M/idle.eml" gil@alumnos.utv.edu.mx "AYUDA" "" idle-1@test.example
deliver_mail "$M/idle.eml"
i=0
until [ "$(sink_count)" -gt "$n0" ] || [ $i -ge 1200 ]; do
	i=$((i + 1)); sleep 0.025
done
check "daemon answers new mail while idling" eq "$(( $(sink_count) - n0 ))" 1

# The server goes away and comes back: the daemon notices, reconnects with
# backoff and answers new mail.
n0=$(sink_count)
stop_dovecot
i=0
until grep -q "reconnecting in" "$HARNESS_DIR/daemon.log" || [ $i -ge 1200 ]; do
	i=$((i + 1)); sleep 0.025
done
check "daemon notices the lost connection" \
    grep -q "reconnecting in" "$HARNESS_DIR/daemon.log"
DOVECOT_KEEP_PORT=1 start_dovecot "$HARNESS_DIR/imap"
mk_mail "$M/back.eml" hugo@alumnos.utv.edu.mx "AYUDA" "" back-1@test.example
deliver_mail "$M/back.eml"
i=0
until [ "$(sink_count)" -gt "$n0" ] || [ $i -ge 2400 ]; do
	i=$((i + 1)); sleep 0.025
done
check "after the outage the daemon reconnects and answers" \
    eq "$(( $(sink_count) - n0 ))" 1
check "and the message left INBOX" eq "$(folder_count INBOX)" 0

# A refusal after the daemon has once connected (here: the server comes
# back with another password) is retried, not fatal: the daemon is still
# there when the server is right again.
n0=$(sink_count)
stop_dovecot
DOVECOT_PASS=otra DOVECOT_KEEP_PORT=1 start_dovecot "$HARNESS_DIR/imap"
i=0
until [ "$(grep -c "reconnecting in" "$HARNESS_DIR/daemon.log")" -ge 3 ] ||
    [ $i -ge 2400 ]; do
	i=$((i + 1)); sleep 0.025
done
check "a refused login after a good one is retried" kill -0 "$dpid"
stop_dovecot
DOVECOT_PASS=secreto DOVECOT_KEEP_PORT=1 start_dovecot "$HARNESS_DIR/imap"
mk_mail "$M/back2.eml" ines@alumnos.utv.edu.mx "AYUDA" "" back-2@test.example
deliver_mail "$M/back2.eml"
i=0
until [ "$(sink_count)" -gt "$n0" ] || [ $i -ge 2400 ]; do
	i=$((i + 1)); sleep 0.025
done
check "and answers once the server is right again" \
    eq "$(( $(sink_count) - n0 ))" 1

# What tequioctl status reports (its output in a file: the relay's error
# may hold quotes).
ST=$HARNESS_DIR/status.txt
"$TEQUIOCTL" -c "$CONF" status >"$ST" 2>&1
rc=$?
check "tequioctl status shows the folders" \
    grep -q 'Procesados *[0-9]* mensajes' "$ST"
check "tequioctl status shows the queue" grep -q 'correos en cola *0' "$ST"
check "tequioctl status: the relay answers" \
    sh -c "grep -A1 'correo saliente' '$ST' | grep -q responde"
check "tequioctl status: exit 0 when all answer" eq "$rc" 0
# The relay down: status says so and exits 1, for a monitoring check.
stop_sink
"$TEQUIOCTL" -c "$CONF" status >"$ST" 2>&1
rc=$?
check "tequioctl status: exit 1 when the relay does not answer" eq "$rc" 1
check "tequioctl status: says the relay is not available" \
    sh -c "grep -A1 'correo saliente' '$ST' | grep -q 'no disponible'"
check "tequioctl status: still shows the mailbox" \
    grep -q 'Procesados *[0-9]* mensajes' "$ST"
start_sink "$SINK_DIR"

kill -TERM "$dpid"
wait "$dpid"
check "SIGTERM: clean exit" eq "$?" 0
check "SIGTERM: logged" grep -q "stopping on signal" "$HARNESS_DIR/daemon.log"

[ "$T_FAIL" -eq 0 ] || { echo "--- logs"; cat "$HARNESS_DIR"/*.log; }
finish
