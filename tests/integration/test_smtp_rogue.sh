#!/bin/sh
# SPDX-License-Identifier: ISC
# The SMTP client (outbox/smtp.c) against servers that break the protocol
# in ways no real server does on purpose, but a broken or hostile one may:
# replies that do not match the commands in flight (a 250 where DATA wants
# 354, a reply to the final dot before the dot was written, a reply said
# twice, shifting every later one), and malformed reply lines (NUL bytes,
# an empty line, "2500", a code that changes mid-reply, a line split
# across reads, a huge multi-line EHLO).  The rule checked: nothing is
# counted as sent unless the server accepted its final dot after the dot
# went out; whatever else happens the mail is deferred (at least once),
# and the client (built with ASan and UBSan) neither crashes nor hangs.
# With TLS (IO::Socket::SSL, the test CA): AUTH PLAIN named late on a long
# AUTH line is found; STARTTLS stripped from EHLO with a user configured
# stops before any other command, as does a refused STARTTLS; an expired
# certificate, one for another name and a stalled handshake defer the
# mail.
#
# Each server is a start_rogue perl script reading our commands line by
# line; the replies it prints in one write arrive together on loopback
# (the pauses that split replies across reads decide only where they are
# split: every split must give the same outcome).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
T0=1800000000
TEQUIO_NOW=$T0
export TEQUIO_NOW

harness_init
dovecot_keys_only

# Perl for every rogue: $upto->(RE) reads our lines until one matches RE.
LIB='my $upto = sub { my $re = shift; while (defined(my $l = <$c>)) {
	return 1 if $l =~ $re } return 0 };
print $c "220 rogue ESMTP\r\n";
$upto->(qr/^EHLO/i) or return;
print $c "250-rogue\r\n250 PIPELINING\r\n";'

n=0
# rogue NAME MAILS PERL COUNTS [WHY]: MAILS mails through a server running
# LIB then PERL for each connection; the delivery must end cleanly (no
# sanitizer report), the outbox's counts must be COUNTS, and one mail's
# last error must contain WHY (default: out of step; "-": no check).
rogue() {
	n=$((n + 1))
	start_rogue "r$n" "$LIB $3"
	SINK_PORT=$ROGUE_PORT write_conf "$HARNESS_DIR/c$n" \
	    smtp.timeout_seconds=5 smtp.connections=1
	probe queue "$2" >/dev/null
	timeout 60 "$OUTBOX_PROBE" -c "$CONF" deliver >"$HARNESS_DIR/c$n/deliver.out" \
	    2>>"$HARNESS_DIR/probe.log"
	check "$1: the delivery ends cleanly" eq "$?" 0
	check "$1: $4" eq "$(probe counts)" "$4"
	[ "${5:-}" = - ] ||
	    check "$1: the reason is ${5:-out of step}" eq "$(db "SELECT
	    count(*) FROM outbox WHERE last_error LIKE '%${5:-out of step}%'")" 1
	stop_group "$ROGUE_PGID"
}

D1="queued=1 sent=0 failed=0"

# DATA answered 250, not 354: the message never went, so it is not sent.
rogue "250 to DATA" 1 '$upto->(qr/^DATA/i);
print $c "250 mail ok\r\n250 rcpt ok\r\n250 data ok?\r\n"; $upto->(qr/^QUIT/)' \
    "$D1"

# The 250 for the dot comes with the 354, before the body was written.
rogue "250 for the dot before the dot" 1 '$upto->(qr/^DATA/i);
print $c "250 a\r\n250 b\r\n354 go\r\n250 queued before the dot\r\n";
$upto->(qr/^QUIT/)' "$D1"

# The first mail's dot answered twice: every later reply is one off, and
# the second mail's DATA gets the 250 of its RCPT.  The first is sent, the
# second deferred.
rogue "a reply said twice" 2 '$upto->(qr/^DATA/i);
print $c "250 a\r\n250 b\r\n354 go\r\n"; $upto->(qr/^\.\r?$/);
print $c "250 queued\r\n250 queued again\r\n"; $upto->(qr/^DATA/i);
print $c "250 a\r\n250 b\r\n354 go\r\n"; $upto->(qr/^\.\r?$/);
print $c "250 queued\r\n"; $upto->(qr/^QUIT/)' "queued=1 sent=1 failed=0"

S1="queued=0 sent=1 failed=0"
# One good transaction after LIB, its replies in $R (MAIL RCPT DATA) and
# $DOT, as PERL for rogue.
good='$upto->(qr/^DATA/i); print $c $R; $upto->(qr/^\.\r?$/); print $c $DOT;
$upto->(qr/^QUIT/)'
ok3='my $R = "250 a\r\n250 b\r\n354 go\r\n"; my $DOT = "250 queued\r\n";'

# Malformed replies end the connection: the mail is deferred.
rogue "an empty reply line" 1 'my $R = "\r\n"; my $DOT = ""; '"$good" \
    "$D1" "not SMTP"
rogue "a 4-digit code" 1 'my $R = "2500 ok\r\n"; my $DOT = ""; '"$good" \
    "$D1" "not SMTP"
rogue "a code that changes mid-reply" 1 \
    'my $R = "250-a\r\n251 b\r\n"; my $DOT = ""; '"$good" "$D1" \
    "changes its code"
rogue "NUL in place of a code" 1 'my $R = "\0\0\0 ok\r\n"; my $DOT = "";
'"$good" "$D1" "not SMTP"
# A reply before its command was written (right behind the EHLO reply).
rogue "a reply before MAIL" 1 'print $c "250 unasked\r\n"; '"$ok3 $good" \
    "$D1" -

# Odd but well-formed: NUL bytes and 8-bit bytes in the text, bare LF,
# lines split across reads, a multi-line reply longer than the read
# buffer, a 3-digit code alone: the mail goes.
rogue "NUL, 8-bit bytes and bare LF in replies" 1 \
    'my $R = "250 a\0b\xff\n250-b\0\n250 b\n354 go\n";
my $DOT = "250 \0\0\xe9t\xe9\n"; '"$good" "$S1" -
rogue "replies split across reads" 1 '$upto->(qr/^DATA/i);
for my $part ("25", "0 a\r", "\n250 b\r\n3", "54 go\r\n") {
	print $c $part; select(undef, undef, undef, 0.05) }
$upto->(qr/^\.\r?$/); print $c "250"; select(undef, undef, undef, 0.05);
print $c "\r\n"; $upto->(qr/^QUIT/)' "$S1" -
rogue "a 40 kB multi-line reply" 1 \
    'my $R = ("250-" . ("x" x 900) . "\r\n") x 45 . "250 a\r\n" .
    "250 b\r\n354 go\r\n"; my $DOT = "250\r\n"; '"$good" "$S1" -

# The final dot answered 221 (goodbye), not 250: not an acceptance.
rogue "221 to the dot" 1 'my $R = "250 a\r\n250 b\r\n354 go\r\n";
my $DOT = "221 bye\r\n"; '"$good" "$D1" "unasked"
# 354 never comes: the whole-message deadline ends the wait.
rogue "354 never comes" 1 '$upto->(qr/^DATA/i);
print $c "250 a\r\n250 b\r\n"; $upto->(qr/^QUIT/)' "$D1" "timed out"
# The reply to MAIL trickled a byte every 0.2 s: bytes keep coming, but the
# deadline is for the whole message (a per-read timeout would wait for
# the line limit, 200 s, and the test's 60 s bound).
rogue "a trickled reply" 1 'local $SIG{PIPE} = "IGNORE";
for (1 .. 1000) { print $c "x" or last; select(undef, undef, undef, 0.2) }' \
    "$D1" "timed out"

# ---- TLS and login ----
make_test_ca "$HARNESS_DIR/tls" "DNS:localhost,IP:127.0.0.1" ||
    harness_die "cannot make the test CA (openssl)"
make_test_ca "$HARNESS_DIR/other" "DNS:mail.example.org" ||
    harness_die "cannot make the second test CA (openssl)"
# tls_conf URL: the last rogue's configuration with URL, our account and
# the test CA (CA_DIR's, tls/ by default).
tls_conf() {
	sed -i "s|^url = .*|url = $1|" "$CONF"
	sed -i "/^\[smtp\]/a user = servicio.social\npassword = secreto" "$CONF"
	sed -i "/^\[mailbox\]/a tls_ca_file = ${CA_DIR:-$HARNESS_DIR/tls}/ca.pem" "$CONF"
}
# TLS from the first byte with DIR's server certificate, for a rogue.
wrap() {
	printf 'use IO::Socket::SSL; IO::Socket::SSL->start_SSL($c,
	SSL_server => 1, SSL_cert_file => "%s/server.pem",
	SSL_key_file => "%s/server.key") or return; $c->autoflush(1);' "$1" "$1"
}
# The login the rogues take: AUTH PLAIN for our account, then mail.
LOGIN='$upto->(qr/^AUTH PLAIN /i) or return;
print $c ($l =~ /^AUTH PLAIN AHNlcnZpY2lvLnNvY2lhbABzZWNyZXRv\r?$/ ?
    "235 ok\r\n" : "535 no\r\n");'
# tls_rogue NAME SCHEME PERL COUNTS WHY: as rogue, with TLS and login.
tls_rogue() {
	n=$((n + 1))
	start_rogue "r$n" "$2"
	SINK_PORT=$ROGUE_PORT write_conf "$HARNESS_DIR/c$n" \
	    smtp.timeout_seconds=3 smtp.connections=1
	tls_conf "$3://127.0.0.1:$ROGUE_PORT"
	probe queue 1 >/dev/null
	probe deliver >"$HARNESS_DIR/c$n/deliver.out"
	check "$1: the delivery ends cleanly" eq "$?" 0
	check "$1: $4" eq "$(probe counts)" "$4"
	[ "$5" = - ] || check "$1: the reason is $5" eq "$(db "SELECT
	    count(*) FROM outbox WHERE last_error LIKE '%$5%'")" 1
	stop_group "$ROGUE_PGID"
}
greet='my $l; my $upto = sub { my $re = shift; while (defined($l = <$c>)) {
	print STDERR $l; return 1 if $l =~ $re } return 0 };
print $c "220 rogue ESMTP\r\n"; $upto->(qr/^EHLO/i) or return;'

# AUTH PLAIN offered after 58 bytes of other mechanisms (a Dovecot or a
# provider listing many): the login is AUTH PLAIN, and the mail goes.
tls_rogue "PLAIN late on a long AUTH line" "$(wrap "$HARNESS_DIR/tls") $greet
print \$c \"250-rogue\r\n250-PIPELINING\r\n250 AUTH SCRAM-SHA-256-PLUS \" .
    \"SCRAM-SHA-256 SCRAM-SHA-1-PLUS SCRAM-SHA-1 CRAM-MD5 PLAIN\r\n\";
$LOGIN $ok3 $good" smtps "$S1" -

# STARTTLS stripped from the EHLO reply (a man in the middle): with a
# user configured nothing more is said, the password least of all.
tls_rogue "STARTTLS stripped" "$greet
print \$c \"250-rogue\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n\";
\$upto->(qr/^QUIT/)" smtp "$D1" "never sent in clear"
check "STARTTLS stripped: only EHLO was said" eq \
    "$(grep -c -v '^EHLO' "$HARNESS_DIR/r$n.log")" 0

# STARTTLS offered, then refused: nothing more is said in clear.
tls_rogue "STARTTLS refused" "$greet
print \$c \"250-rogue\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n\";
\$upto->(qr/^STARTTLS/i); print \$c \"454 TLS not available\r\n\";
\$upto->(qr/^QUIT/)" smtp "$D1" "STARTTLS refused"
check "STARTTLS refused: no login, no mail" eq \
    "$(grep -c -v -E '^(EHLO|STARTTLS|QUIT)' "$HARNESS_DIR/r$n.log")" 0

# An expired certificate from a CA we trust.
DOVECOT_TLS_DAYS=-1 make_test_ca "$HARNESS_DIR/expired" \
    "DNS:localhost,IP:127.0.0.1" || harness_die "cannot make the expired CA"
CA_DIR=$HARNESS_DIR/expired tls_rogue "an expired certificate" \
    "$(wrap "$HARNESS_DIR/expired") $greet" smtps "$D1" "expired"

# A certificate for another name, from a CA we trust.
CA_DIR=$HARNESS_DIR/other tls_rogue "a certificate for another name" \
    "$(wrap "$HARNESS_DIR/other") $greet" smtps "$D1" \
    "not valid for the name 127.0.0.1: use a name the certificate lists (in imap_host, or in the url of [smtp])"

# A TLS server that accepts and never answers the handshake.
tls_rogue "a stalled TLS handshake" "" smtps "$D1" \
    "waiting for the TLS handshake"

[ "$T_FAIL" -eq 0 ] || { echo "--- logs"; cat "$HARNESS_DIR"/*.log; }
finish
