#!/bin/sh
# SPDX-License-Identifier: ISC
# Transport security and login of the SMTP client (outbox/smtp.c) against
# a real Postfix smtpd offering STARTTLS with a certificate this test
# makes (a throwaway CA), implicit TLS on a second port
# (smtpd_tls_wrappermode), and SMTP AUTH through the test Dovecot's auth
# service (smtpd_sasl_type = dovecot), relaying to smtp-sink:
#
# - smtp:// without a user: plain, as documented (no STARTTLS attempted:
#   a loopback Postfix's self-signed certificate would fail verification);
# - smtp:// with a user: STARTTLS, the certificate verified against
#   tls_ca_file, then AUTH PLAIN: Postfix logs the SASL login and the TLS
#   session;
# - a wrong password: deferred, and Postfix accepted nothing;
# - smtps:// on the wrapper-mode port: TLS from the first byte, then AUTH
#   LOGIN (that port's SASL is a second Dovecot offering only LOGIN);
# - a certificate from another authority (tls_ca_file names the wrong CA),
#   over STARTTLS and over smtps://: deferred with the reason, and nothing
#   reached Postfix;
# - a server that slips a reply after its STARTTLS 220, before TLS
#   (command injection): refused;
# - tequioctl status's relay probe (connect, TLS, login, NOOP) answers
#   through TLS and login, and says why with the wrong CA.
# Postfix's own log is the witness: "client=" is written when its smtpd
# accepts a MAIL FROM (a queue file exists), "sasl_username=" on a login.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
T0=1800000000
TEQUIO_NOW=$T0
export TEQUIO_NOW

if ! command -v postfix >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
	echo "SKIPPED: needs Postfix and root"
	exit 0
fi

harness_init
# Dovecot's auth service answers Postfix's SASL questions for the one
# account of the test Dovecot (servicio.social / secreto).
DOVECOT_EXTRA="service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}"
AUTH_LISTENER=$DOVECOT_EXTRA
# A second Dovecot whose auth offers only LOGIN: the smtps port's SASL.
DOVECOT_EXTRA="$AUTH_LISTENER
auth_mechanisms = login"
start_dovecot "$HARNESS_DIR/login"
LOGIN_ONLY_AUTH=$DOVECOT_DIR/run/auth-postfix
DOVECOT_EXTRA=$AUTH_LISTENER
start_dovecot "$HARNESS_DIR/imap"
make_test_ca "$HARNESS_DIR/tls" "DNS:localhost,IP:127.0.0.1" ||
    harness_die "cannot make the test CA (openssl)"
make_test_ca "$HARNESS_DIR/other" "DNS:localhost,IP:127.0.0.1" ||
    harness_die "cannot make the second test CA (openssl)"
start_sink "$HARNESS_DIR/sink"
POSTFIX_SMTPS=1
POSTFIX_SMTPS_OPTS="-o smtpd_sasl_path=$LOGIN_ONLY_AUTH"
start_postfix "$HARNESS_DIR/postfix" \
    "relay_domains = alumnos.utv.edu.mx" \
    "transport_maps = inline:{ alumnos.utv.edu.mx=smtp:[127.0.0.1]:$SINK_PORT }" \
    "smtpd_tls_security_level = may" \
    "smtpd_tls_cert_file = $HARNESS_DIR/tls/server.pem" \
    "smtpd_tls_key_file = $HARNESS_DIR/tls/server.key" \
    "smtpd_tls_loglevel = 1" \
    "smtpd_tls_auth_only = yes" \
    "smtpd_sasl_auth_enable = yes" \
    "smtpd_sasl_type = dovecot" \
    "smtpd_sasl_path = $DOVECOT_DIR/run/auth-postfix" \
    "smtpd_recipient_restrictions = permit_sasl_authenticated, permit_mynetworks, reject"
PFLOG=$HARNESS_DIR/postfix/postfix.log

# pflog PATTERN: how many lines of Postfix's log match.
pflog() {
	grep -c -- "$1" "$PFLOG" 2>/dev/null || true
}
n=0
# setup URL [USER PASSWORD [CA]]: a fresh configuration and database.
setup() {
	n=$((n + 1))
	write_conf "$HARNESS_DIR/c$n" smtp.timeout_seconds=10
	sed -i "s|^url = .*|url = $1|" "$CONF"
	if [ -n "${2:-}" ]; then
		sed -i "/^\[smtp\]/a user = $2\npassword = $3" "$CONF"
	fi
	if [ -n "${4:-}" ]; then
		sed -i "/^\[mailbox\]/a tls_ca_file = $4" "$CONF"
	fi
}
# deferred_for NAME N PATTERN: N mails queued and delivered: all deferred,
# each with a last_error LIKE PATTERN.
deferred_for() {
	probe queue "$2" >/dev/null
	check "$1: deferred" eq "$(probe deliver)" "sent=0 deferred=$2"
	check "$1: the reason says why" eq "$(db "SELECT count(*) FROM outbox
	    WHERE last_error LIKE '$3'")" "$2"
}
STARTTLS_URL=smtp://127.0.0.1:$POSTFIX_PORT
SMTPS_URL=smtps://127.0.0.1:$POSTFIX_SMTPS_PORT
CA=$HARNESS_DIR/tls/ca.pem
WRONG_CA=$HARNESS_DIR/other/ca.pem

# No user: plain SMTP, no STARTTLS.
setup "$STARTTLS_URL"
probe queue 2 >/dev/null
check "no user: both sent in plain" eq "$(probe deliver)" "sent=2 deferred=0"
wait_until 800 '[ "$(pflog "client=localhost")" -ge 2 ]'
check "no user: Postfix took 2, no TLS session" eq \
    "$(pflog "client=localhost") $(pflog "TLS connection established")" "2 0"

# The wrong authority, over STARTTLS and over smtps: nothing is sent.
setup "$STARTTLS_URL" servicio.social secreto "$WRONG_CA"
deferred_for "STARTTLS, wrong CA" 2 '%certificate is not trusted%'
check "STARTTLS, wrong CA: the status probe says why" \
    sh -c "'$TEQUIOCTL' -c '$CONF' status 2>/dev/null |
    grep -q 'no disponible: TLS: the server certificate is not trusted'"
setup "$SMTPS_URL" servicio.social secreto "$WRONG_CA"
deferred_for "smtps, wrong CA" 2 '%certificate is not trusted%'

# A wrong password: refused at AUTH, nothing sent.
setup "$STARTTLS_URL" servicio.social equivocada "$CA"
deferred_for "wrong password" 1 'login (AUTH) refused (server said: 535%'

# STARTTLS, the right authority, AUTH PLAIN.
setup "$STARTTLS_URL" servicio.social secreto "$CA"
probe queue 3 >/dev/null
check "STARTTLS + AUTH: all sent" eq "$(probe deliver)" "sent=3 deferred=0"
check "STARTTLS + AUTH: the status probe answers" \
    sh -c "'$TEQUIOCTL' -c '$CONF' status 2>/dev/null | grep -q '^  responde'"
wait_until 800 '[ "$(pflog "client=localhost")" -ge 5 ]'

# Implicit TLS on the wrapper-mode port, AUTH LOGIN (PLAIN not offered).
setup "$SMTPS_URL" servicio.social secreto "$CA"
probe queue 2 >/dev/null
check "smtps + AUTH: all sent" eq "$(probe deliver)" "sent=2 deferred=0"
check "smtps + AUTH: the status probe answers" \
    sh -c "'$TEQUIOCTL' -c '$CONF' status 2>/dev/null | grep -q '^  responde'"
wait_until 800 '[ "$(pflog "client=localhost")" -ge 7 ]'

# STARTTLS command injection: a server that answers STARTTLS with its
# 220 and, in the same packet, a line meant to be read as said inside
# TLS.  Nothing read in clear may count once TLS starts: the connection
# is refused, the mail deferred.
start_rogue inject '
	print $c "220 inj ESMTP\r\n";
	while (my $l = <$c>) {
		if ($l =~ /^EHLO/i) {
			print $c "250-inj\r\n250-PIPELINING\r\n250 STARTTLS\r\n";
		} elsif ($l =~ /^STARTTLS/i) {
			print $c "220 go ahead\r\n250 injected\r\n";
		} else {
			print $c "250 ok\r\n";
		}
	}'
wait_greeting "$ROGUE_PORT" 220 || harness_die "the injecting server is mute"
setup "smtp://127.0.0.1:$ROGUE_PORT" servicio.social secreto "$CA"
deferred_for "STARTTLS injection" 1 '%data before the TLS handshake%'
stop_group "$ROGUE_PGID"

# Postfix's account: 2 plain + 3 STARTTLS + 2 smtps accepted, nothing
# else (the wrong CA and the wrong password sent no MAIL FROM); a login
# for each authenticated mail session and probe (5 logins at least: two
# connections may carry a run) and TLS under each.
check "Postfix accepted exactly the 7 good mails" eq \
    "$(pflog "client=localhost")" 7
check "the STARTTLS mails came over AUTH PLAIN, the smtps ones LOGIN" eq \
    "$(pflog "sasl_method=PLAIN, sasl_username=servicio.social") $(pflog \
    "sasl_method=LOGIN, sasl_username=servicio.social")" "3 2"
check "TLS sessions were established" \
    test "$(pflog "TLS connection established")" -ge 4
wait_until 800 '[ "$(sink_count)" -ge 7 ]'
check "the sink got the 7, one copy each" eq \
    "$(sink_count) $(max_copies Message-ID)" "7 1"

[ "$T_FAIL" -eq 0 ] || { echo "--- logs"; cat "$HARNESS_DIR"/probe.log \
    "$PFLOG"; }
finish
