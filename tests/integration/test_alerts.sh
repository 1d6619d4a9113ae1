#!/bin/sh
# SPDX-License-Identifier: ISC
# Alerts through a real Dovecot and smtp-sink, on the TEQUIO_NOW clock:
# the daily digest at start and again the next day; mail moved to
# quarantine, mail that failed, a relay and a mailbox unreachable for
# longer than unreachable_minutes each give one alert to [alerts] to, and
# never a second of the same kind on the same day.  The periodic jobs keep
# their last run in the database, so separate --once runs share them.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

harness_init
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
write_conf "$HARNESS_DIR/t" alerts.enabled=yes alerts.to=guardia@utv.edu.mx \
    alerts.unreachable_minutes=30 smtp.retry_seconds=60
M=$HARNESS_DIR/mail
mkdir -p "$M"
T0=1795000000

run_at() {	# run_at SECONDS-AFTER-T0: one tequiod --once at that time
	TEQUIO_NOW=$((T0 + $1)) tequiod_once 2>>"$HARNESS_DIR/once.log"
}
alerts_of() {	# alerts_of KIND: alert mails to guardia of that kind
	for f in $(sink_files); do
		[ "$(sink_rcpt "$f")" = guardia@utv.edu.mx ] || continue
		case $(sink_header "$f" Message-ID) in
		*"tq.alert.$1."*) echo "$f" ;;
		esac
	done | wc -l | tr -d ' '
}

run_at 0
check "at start: the digest" eq "$(alerts_of resumen)" 1
f=$(sink_with Subject "Resumen diario")
check "... with its subject" test -n "$f"
check "... and the counts, in Spanish" body_has "$f" "Estado actual:"

# ---- quarantine ----
deliver_mail tests/fixtures/no-header-section.eml
run_at 60
check "quarantine grew, but the check is not due yet (every 5 min)" \
    eq "$(alerts_of cuarentena)" 0
run_at 400
check "quarantine grew: one alert" eq "$(alerts_of cuarentena)" 1
f=$(sink_with Subject "Cuarentena")
check "... saying how many" body_has "$f" "Se movieron 1 mensaje(s)"
deliver_mail tests/fixtures/malformed-no-from.eml
run_at 800
check "it grew again the same day: no second alert" \
    eq "$(alerts_of cuarentena)" 1
check "... but the count was seen" \
    eq "$(db "SELECT value FROM daemon_state WHERE name = 'seen.quarantined'")" 2

# ---- the relay unreachable ----
stop_sink
mk_mail "$M/a.eml" "Ana <ana@alumnos.utv.edu.mx>" "AYUDA"
deliver_mail "$M/a.eml"
run_at 900
check "relay down: the reply waits" \
    eq "$(db "SELECT count(*) FROM outbox WHERE status = 'queued' AND attempts > 0")" 1
run_at 1500
check "down 10 minutes (threshold 30): no alert yet" \
    eq "$(db "SELECT count(*) FROM outbox WHERE message_id LIKE 'tq.alert.relevo.%'")" 0
run_at 2800
check "down 31 minutes: the relay alert is queued" \
    eq "$(db "SELECT count(*) FROM outbox WHERE message_id LIKE 'tq.alert.relevo.%'")" 1
start_sink "$HARNESS_DIR/sink"
run_at 9000
check "relay back: the alert arrives" eq "$(alerts_of relevo)" 1
check "... naming when it began" body_has "$(sink_with Subject 'no responde')" \
    "Hay correos en espera desde el"

# ---- mail that failed ----
stop_sink
start_sink "$HARNESS_DIR/sink" -f RCPT
mk_mail "$M/b.eml" "Beto <beto@alumnos.utv.edu.mx>" "AYUDA"
deliver_mail "$M/b.eml"
# 100 s after the last run the alerts job is not due, so the reply fails
# while the relay refuses and the alert waits for the relay to be back.
run_at 9100
check "a 5xx refusal: the reply failed" \
    eq "$(db "SELECT count(*) FROM outbox WHERE status = 'failed'")" 1
stop_sink
start_sink "$HARNESS_DIR/sink"
run_at 9800
check "failed mail: one alert" eq "$(alerts_of fallidos)" 1
check "... telling how to send it again" \
    body_has "$(sink_with Subject 'no se pudieron entregar')" "tequioctl requeue all"

# ---- the mailbox unreachable ----
stop_dovecot
run_at 10000
check "mailbox down: --once exits 75" eq "$?" 75
check "... and the outage is recorded" \
    eq "$(db "SELECT value FROM daemon_state WHERE name = 'mailbox.down_since'")" $((T0 + 10000))
run_at 12000
check "down 33 minutes: one alert, delivered" eq "$(alerts_of buzon)" 1
run_at 12400
check "still down: no second alert the same day" eq "$(alerts_of buzon)" 1
DOVECOT_KEEP_PORT=1 start_dovecot "$HARNESS_DIR/imap"
run_at 12800
check "mailbox back: the outage is forgotten" \
    eq "$(db "SELECT count(*) FROM daemon_state WHERE name = 'mailbox.down_since'")" 0

# ---- the next day ----
check "one digest on the first day" eq "$(alerts_of resumen)" 1
run_at 86500
check "the next day: a second digest" eq "$(alerts_of resumen)" 2
check "the periodic jobs' last runs are in the database" \
    eq "$(db "SELECT group_concat(name || '=' || (value - $T0), ' ') FROM (SELECT * FROM daemon_state WHERE name LIKE 'periodic.alerts.%' ORDER BY name)")" \
    "periodic.alerts.check=86500 periodic.alerts.digest=86500"
finish
