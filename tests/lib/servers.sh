# SPDX-License-Identifier: ISC
# tests/lib/servers.sh - private test servers for tequio's integration
# tests, the demo and the benchmark.  Source it from a POSIX sh script:
#
#	. tests/lib/servers.sh
#	harness_init				# temp dir + cleanup trap
#	start_dovecot "$HARNESS_DIR/imap"	# or: start_dovecot DIR tls
#	start_sink "$HARNESS_DIR/sink"
#	deliver_mail "$HARNESS_DIR/imap" msg.eml
#	... run tequiod against 127.0.0.1:$DOVECOT_PORT / $SINK_PORT ...
#	folder_count Procesados; sink_count
#
# Every server listens on 127.0.0.1 only, on a free port, and is started
# with setsid so that it leads its own process group; it is stopped by
# killing that group (never by process name).  harness_init installs a trap
# that stops everything started and removes the temp dir on exit, ^C or
# TERM; set HARNESS_KEEP=1 to keep the dir for a post-mortem.  Waits poll
# (every 25 ms, at most HARNESS_TRIES times) instead of sleeping blindly.
#
# Functions:
#	harness_init		make HARNESS_DIR, install the cleanup trap
#	free_port		print a free TCP port on 127.0.0.1
#	start_dovecot DIR [tls]	private Dovecot keeping everything in DIR
#	stop_dovecot		stop the last one started
#	deliver_mail [DIR] FILE [FOLDER]  store FILE unseen (doveadm save)
#	deliver_fast [DIR] FILE...	  many files straight into the maildir
#	folder_count [DIR] FOLDER	  messages in FOLDER
#	folder_subjects [DIR] FOLDER	  their Subject lines, in UID order
#	start_sink DIR [smtp-sink flags]  SMTP sink writing a file per mail;
#				called again after stop_sink with the same
#				DIR it listens on the same port (outages)
#	stop_sink		stop it
#	sink_files [DIR]	the files received, one path a line
#	sink_count [DIR]	how many
#	start_postfix DIR [main.cf lines]  a private Postfix (root only)
#	stop_postfix		stop it
#	start_rogue NAME PERL	a misbehaving server on a free port, for the
#				faults no real server makes (ROGUE_PORT,
#				ROGUE_PGID)
#	harness_track PGID	stop this process group too at the end (for
#				a program the test starts with setsid itself)
#	stop_all		stop everything, remove HARNESS_DIR (the trap)
# DIR arguments in brackets default to the last Dovecot or sink started.
#
# Needs: dovecot, doveadm, smtp-sink (postfix), openssl (TLS mode only),
# and perl, which Debian always has (perl-base is Essential), for the
# socket chores sh cannot do: finding a free port and reading a greeting.
#
# Exported after start_dovecot:
#	DOVECOT_DIR DOVECOT_CONF DOVECOT_PORT DOVECOT_PGID DOVECOT_USER
#	DOVECOT_PASS, and with tls: DOVECOT_IMAPS_PORT DOVECOT_CA
# Exported after start_sink:
#	SINK_DIR SINK_PORT SINK_PGID
# Exported after start_postfix:
#	POSTFIX_DIR POSTFIX_PORT, and with POSTFIX_SMTPS=1 set before it:
#	POSTFIX_SMTPS_PORT (a second smtpd speaking TLS from the first byte;
#	POSTFIX_SMTPS_OPTS adds "-o name=value" words to that service)
#
# The account is DOVECOT_USER/DOVECOT_PASS (servicio.social/secreto unless
# set before start_dovecot).  The folders Procesados and Cuarentena exist
# from the start.  In TLS mode Dovecot offers STARTTLS on DOVECOT_PORT and
# implicit TLS on DOVECOT_IMAPS_PORT, with a certificate for
# DOVECOT_TLS_NAMES (default "DNS:localhost,IP:127.0.0.1"; a subjectAltName
# list) signed by a throwaway CA written to $DIR/tls/ca.pem (DOVECOT_CA).
# For tests of verification, DOVECOT_TLS_DAYS sets the certificate's days
# of validity (-1: expired yesterday) and DOVECOT_TLS_EKU its extended key
# usage (default serverAuth).
# DOVECOT_EXTRA, when set, is appended to the configuration as is, e.g.
# "imap_capability = IMAP4rev1 UIDPLUS" for a server without MOVE or IDLE.

HARNESS_DIR=${HARNESS_DIR:-}
HARNESS_PGIDS=
HARNESS_TRIES=${HARNESS_TRIES:-400}	# x 25 ms: at most 10 s per wait

harness_log() {
	echo "harness: $*" >&2
}

harness_die() {
	harness_log "$*"
	exit 1
}

# Make HARNESS_DIR (0755: Dovecot's unprivileged processes must traverse
# it) and arrange for everything to be stopped and removed on exit.
harness_init() {
	HARNESS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tequio-test.XXXXXX") ||
	    harness_die "cannot make a temp dir"
	chmod 755 "$HARNESS_DIR"
	export HARNESS_DIR
	# shellcheck disable=SC2154 # harness_rc is set inside the trap
	trap 'harness_rc=$?; stop_all; exit $harness_rc' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

harness_track() {
	HARNESS_PGIDS="$HARNESS_PGIDS $1"
}

# start_rogue NAME PERL: a TCP server on a free 127.0.0.1 port that runs
# the perl code PERL for each connection it accepts, one at a time, with
# the client's socket (autoflushed) in $c, and keeps every connection
# open until it is stopped: a server that never answers (PERL empty), or
# one that says what no real server would.  Sets ROGUE_PORT, ROGUE_PGID;
# stop_group "$ROGUE_PGID" stops it, stop_all anyway.
start_rogue() {
	ROGUE_PORT=$(free_port) || harness_die "no free port"
	ROGUE_PGID=$(spawn "$HARNESS_DIR/$1.pid" "$HARNESS_DIR/$1.log" perl \
	    -MIO::Socket::INET -e '
	my ($port, $name, $code) = @ARGV;
	my $s = IO::Socket::INET->new(Listen => 16, ReuseAddr => 1,
	    LocalAddr => "127.0.0.1", LocalPort => $port, Proto => "tcp")
	    or die "$name: $!\n";
	my $serve = eval "sub { my \$c = shift; $code }" or die "$name: $@";
	my @held;
	while (my $c = $s->accept) {
		$c->autoflush(1);
		push @held, $c;
		$serve->($c);
	}' "$ROGUE_PORT" "$1" "$2") || exit 1
	harness_track "$ROGUE_PGID"
}

# Print a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
	perl -MIO::Socket::INET -e '
	    my $s = IO::Socket::INET->new(Listen => 1, ReuseAddr => 1,
		LocalAddr => "127.0.0.1", LocalPort => 0, Proto => "tcp")
		or die "free_port: $!\n";
	    print $s->sockport, "\n";'
}

# wait_greeting PORT PREFIX: poll 127.0.0.1:PORT until a connection is
# accepted and the first line starts with PREFIX (an empty PREFIX: until
# a connection is accepted), for at most HARNESS_TRIES attempts 25 ms
# apart.
wait_greeting() {
	perl -MIO::Socket::INET -MIO::Select -e '
	    my ($port, $prefix, $tries) = @ARGV;
	    for (1 .. $tries) {
		my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1",
		    PeerPort => $port, Proto => "tcp", Timeout => 2);
		if ($s) {
		    exit 0 if $prefix eq "";
		    my $line;
		    $line = <$s> if IO::Select->new($s)->can_read(2);
		    exit 0 if defined $line && index($line, $prefix) == 0;
		    close $s;
		}
		select(undef, undef, undef, 0.025);
	    }
	    exit 1;' "$1" "$2" "$HARNESS_TRIES"
}

# spawn PIDFILE LOGFILE CMD ARGS...: run CMD in a new session (so a new
# process group) in the background.  The inner sh records its own pid,
# which is then the group id whether or not setsid had to fork, and execs
# the command.  Prints the pgid; being run in $(...), it cannot record it
# in HARNESS_PGIDS itself: the caller does.
spawn() {
	spawn_pidfile=$1 spawn_log=$2
	shift 2
	rm -f "$spawn_pidfile"
	# shellcheck disable=SC2016 # expanded by the inner sh
	setsid sh -c 'echo $$ > "$0"; exec "$@"' "$spawn_pidfile" "$@" \
	    </dev/null >>"$spawn_log" 2>&1 &
	spawn_i=0
	while [ ! -s "$spawn_pidfile" ]; do
		spawn_i=$((spawn_i + 1))
		[ "$spawn_i" -le "$HARNESS_TRIES" ] ||
		    harness_die "spawn: $1 did not start"
		sleep 0.025
	done
	cat "$spawn_pidfile"
}

# group_alive PGID: true while a process of the group still runs.  Not
# "kill -0 -PGID": that also counts zombies, and the servers, started from
# $(...) subshells, are reaped by init whenever init gets round to it.
group_alive() {
	perl -e '
	    opendir(my $d, "/proc") or exit 1;
	    for my $p (grep { /^[0-9]+$/ } readdir $d) {
		open(my $f, "<", "/proc/$p/stat") or next;
		my $st = <$f>;
		next unless defined $st && $st =~ /.*\) (\S) -?\d+ (\d+) /;
		exit 0 if $2 == $ARGV[0] && $1 ne "Z" && $1 ne "X";
	    }
	    exit 1;' "$1"
}

# stop_group PGID: TERM the whole group, wait (bounded) until it is gone,
# KILL it if it lingers.
# (dash's kill takes no "--": a negative pid right after the signal is
# read as a group.)  Anything but a pgid > 1 is ignored: "kill -TERM -1"
# would signal every process we may signal.
stop_group() {
	case $1 in
	'' | *[!0-9]* | 0 | 1)
		return 0
		;;
	esac
	if kill -TERM "-$1" 2>/dev/null; then
		stop_i=0
		while group_alive "$1"; do
			stop_i=$((stop_i + 1))
			if [ "$stop_i" -gt "$HARNESS_TRIES" ]; then
				kill -KILL "-$1" 2>/dev/null
				break
			fi
			sleep 0.025
		done
	fi
	stop_rest=
	for stop_g in $HARNESS_PGIDS; do
		[ "$stop_g" = "$1" ] || stop_rest="$stop_rest $stop_g"
	done
	HARNESS_PGIDS=$stop_rest
}

# Stop every server started here and remove the temp dir.  Safe to call
# twice (the EXIT trap runs after an INT or TERM trap).
stop_all() {
	stop_postfix
	for stop_all_g in $HARNESS_PGIDS; do
		stop_group "$stop_all_g"
	done
	HARNESS_PGIDS=
	if [ -n "$HARNESS_DIR" ] && [ -d "$HARNESS_DIR" ]; then
		if [ "${HARNESS_KEEP:-0}" = 1 ]; then
			harness_log "kept $HARNESS_DIR"
		else
			rm -rf "$HARNESS_DIR"
		fi
	fi
	HARNESS_DIR=
}

# ---------------------------------------------------------------- Dovecot

# make_test_ca DIR NAMES: a throwaway CA and a server certificate for the
# subjectAltName list NAMES, in DIR/ca.pem, DIR/server.pem, DIR/server.key
# (DOVECOT_TLS_DAYS and DOVECOT_TLS_EKU as above).
make_test_ca() {
	mkdir -p "$1" || return 1
	cat >"$1/server.ext" <<EOF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = ${DOVECOT_TLS_EKU:-serverAuth}
subjectAltName = $2
EOF
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -nodes -keyout "$1/ca.key" -out "$1/ca.pem" -days 2 \
	    -subj "/O=tequio tests/CN=tequio test CA" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" \
	    >/dev/null 2>&1 &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	    -keyout "$1/server.key" -out "$1/server.csr" \
	    -subj "/O=tequio tests/CN=tequio test server" >/dev/null 2>&1 &&
	openssl x509 -req -in "$1/server.csr" -CA "$1/ca.pem" \
	    -CAkey "$1/ca.key" -CAcreateserial -days "${DOVECOT_TLS_DAYS:-2}" \
	    -extfile "$1/server.ext" -out "$1/server.pem" >/dev/null 2>&1
}

# write_dovecot_conf DIR PORT IMAPS_PORT TLS
write_dovecot_conf() {
	if [ "$4" = tls ]; then
		wdc_ssl="ssl = yes
ssl_cert = <$1/tls/server.pem
ssl_key = <$1/tls/server.key
ssl_dh = </usr/share/dovecot/dh.pem"
	else
		wdc_ssl="ssl = no"
	fi
	wdc_extra=${DOVECOT_EXTRA:-}
	cat >"$1/dovecot.conf" <<EOF
# Written by tests/lib/servers.sh: a private, throwaway Dovecot.
instance_name = tequio-test-$$-$(basename "$1")-$2
base_dir = $1/run
state_dir = $1/state
log_path = $1/dovecot.log
info_log_path = $1/dovecot.log
protocols = imap
listen = 127.0.0.1
$wdc_ssl
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN $1/passwd
}
userdb {
  driver = passwd-file
  args = $1/passwd
  default_fields = uid=nobody gid=nogroup home=$1/home/%u
}
mail_location = maildir:$1/mail/%u
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 65534
mail_fsync = never
namespace inbox {
  inbox = yes
  mailbox Procesados {
    auto = create
  }
  mailbox Cuarentena {
    auto = create
  }
}
$wdc_extra
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $2
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $3
  }
}
EOF
}

# start_dovecot DIR [tls]: configure and start a Dovecot keeping all of its
# state in DIR, and wait until it greets.
start_dovecot() {
	DOVECOT_DIR=${1:-$HARNESS_DIR/imap}
	sd_tls=${2:-}
	DOVECOT_USER=${DOVECOT_USER:-servicio.social}
	DOVECOT_PASS=${DOVECOT_PASS:-secreto}
	mkdir -p "$DOVECOT_DIR/run" "$DOVECOT_DIR/state" \
	    "$DOVECOT_DIR/mail" "$DOVECOT_DIR/home" ||
	    harness_die "cannot make $DOVECOT_DIR"
	chmod 755 "$DOVECOT_DIR"
	chown nobody:nogroup "$DOVECOT_DIR/mail" "$DOVECOT_DIR/home"
	printf '%s:{PLAIN}%s::::::\n' "$DOVECOT_USER" "$DOVECOT_PASS" \
	    >"$DOVECOT_DIR/passwd"
	# DOVECOT_KEEP_PORT=1 restarts on the same port (outage tests).
	if [ -z "${DOVECOT_KEEP_PORT:-}" ] || [ -z "${DOVECOT_PORT:-}" ]; then
		DOVECOT_PORT=$(free_port) || harness_die "no free port"
	fi
	DOVECOT_IMAPS_PORT=0
	DOVECOT_CA=
	if [ "$sd_tls" = tls ]; then
		make_test_ca "$DOVECOT_DIR/tls" \
		    "${DOVECOT_TLS_NAMES:-DNS:localhost,IP:127.0.0.1}" ||
		    harness_die "cannot make the test CA (openssl)"
		DOVECOT_CA=$DOVECOT_DIR/tls/ca.pem
		DOVECOT_IMAPS_PORT=$(free_port) || harness_die "no free port"
	fi
	write_dovecot_conf "$DOVECOT_DIR" "$DOVECOT_PORT" \
	    "$DOVECOT_IMAPS_PORT" "$sd_tls"
	DOVECOT_CONF=$DOVECOT_DIR/dovecot.conf
	DOVECOT_PGID=$(spawn "$DOVECOT_DIR/dovecot.pid" \
	    "$DOVECOT_DIR/dovecot.out" dovecot -c "$DOVECOT_CONF" -F) ||
	    exit 1
	HARNESS_PGIDS="$HARNESS_PGIDS $DOVECOT_PGID"
	if ! wait_greeting "$DOVECOT_PORT" "* OK"; then
		cat "$DOVECOT_DIR/dovecot.out" "$DOVECOT_DIR/dovecot.log" \
		    >&2 2>/dev/null
		harness_die "dovecot did not greet on port $DOVECOT_PORT"
	fi
	export DOVECOT_DIR DOVECOT_CONF DOVECOT_PORT DOVECOT_IMAPS_PORT \
	    DOVECOT_PGID DOVECOT_USER DOVECOT_PASS DOVECOT_CA
}

stop_dovecot() {
	stop_group "${DOVECOT_PGID:-}"
	DOVECOT_PGID=
}

# The conf of the Dovecot in DIR when $1 is such a DIR, else the last
# started one.  Sets dv_conf and dv_shift (how many arguments DIR took).
dovecot_conf_arg() {
	if [ -d "$1" ] && [ -f "$1/dovecot.conf" ]; then
		dv_conf=$1/dovecot.conf
		dv_shift=1
	else
		dv_conf=${DOVECOT_CONF:?start_dovecot first}
		dv_shift=0
	fi
}

# deliver_mail [DIR] FILE [FOLDER]: store FILE, unseen, in FOLDER (INBOX).
# Works whether or not the server is running.
deliver_mail() {
	dovecot_conf_arg "$1"
	shift "$dv_shift"
	doveadm -c "$dv_conf" save -u "$DOVECOT_USER" -m "${2:-INBOX}" \
	    <"$1" || harness_die "deliver_mail: doveadm save $1 failed"
}

# deliver_fast [DIR] FILE...: put many messages straight into the INBOX
# maildir (write in tmp/, rename into new/, as any MDA does); Dovecot sees
# them at its next sync.  For the benchmark: one perl, not a process per
# message.
deliver_fast() {
	dovecot_conf_arg "$1"
	shift "$dv_shift"
	df_md=$(dirname "$dv_conf")/mail/$DOVECOT_USER
	perl -e '
	    use strict;
	    my $md = shift @ARGV;
	    my $uid = (getpwnam("nobody"))[2];
	    my $gid = (getgrnam("nogroup"))[2];
	    for my $d ($md, "$md/tmp", "$md/new", "$md/cur") {
		-d $d or mkdir($d, 0700) or die "$d: $!\n";
		chown($uid, $gid, $d) or die "$d: $!\n";
	    }
	    my $n = 0;
	    for my $f (@ARGV) {
		$n++;
		my $name = time() . ".M${n}P$$.tequio-test";
		open(my $in, "<:raw", $f) or die "$f: $!\n";
		local $/;
		my $data = <$in>;
		close $in;
		open(my $out, ">:raw", "$md/tmp/$name") or die "$name: $!\n";
		print $out $data or die "$name: $!\n";
		close $out or die "$name: $!\n";
		chown($uid, $gid, "$md/tmp/$name") or die "$name: $!\n";
		rename("$md/tmp/$name", "$md/new/$name") or die "$name: $!\n";
	    }' "$df_md" "$@" || harness_die "deliver_fast failed"
}

# folder_count [DIR] FOLDER: print how many messages FOLDER holds.
folder_count() {
	dovecot_conf_arg "$1"
	shift "$dv_shift"
	doveadm -c "$dv_conf" -f flow mailbox status -u "$DOVECOT_USER" \
	    messages "$1" | sed -n 's/.*messages=\([0-9]*\).*/\1/p'
}

# folder_subjects [DIR] FOLDER: the Subject of each message, one a line,
# in UID order.
folder_subjects() {
	dovecot_conf_arg "$1"
	shift "$dv_shift"
	doveadm -c "$dv_conf" -f flow fetch -u "$DOVECOT_USER" hdr.subject \
	    mailbox "$1" | sed 's/^hdr\.subject=//'
}

# ---------------------------------------------------------------- smtp-sink

# start_sink DIR [smtp-sink flags...]: start an SMTP sink that writes each
# message it receives as a file in DIR.  On a restart (SINK_PORT already
# set and DIR the same) it reuses the port, for outage tests.
start_sink() {
	ss_dir=${1:-$HARNESS_DIR/sink}
	if [ $# -gt 0 ]; then
		shift
	fi
	if [ "$ss_dir" != "${SINK_DIR:-}" ] || [ -z "${SINK_PORT:-}" ]; then
		SINK_PORT=$(free_port) || harness_die "no free port"
	fi
	SINK_DIR=$ss_dir
	mkdir -p "$SINK_DIR" || harness_die "cannot make $SINK_DIR"
	chown nobody:nogroup "$SINK_DIR"
	SINK_PGID=$(spawn "$SINK_DIR.pid" "$SINK_DIR.log" smtp-sink \
	    -u nobody -d "$SINK_DIR/%Y%m%d%H%M%S." "$@" \
	    "127.0.0.1:$SINK_PORT" 100) || exit 1
	HARNESS_PGIDS="$HARNESS_PGIDS $SINK_PGID"
	# SINK_GREETING="" for a sink told to refuse or drop the greeting.
	wait_greeting "$SINK_PORT" "${SINK_GREETING-220}" ||
	    harness_die "smtp-sink did not greet on port $SINK_PORT"
	export SINK_DIR SINK_PORT SINK_PGID
}

stop_sink() {
	stop_group "${SINK_PGID:-}"
	SINK_PGID=
}

# The files the sink wrote, one path a line (in name order, which is the
# second they arrived in, not a reliable order within a second).
sink_files() {
	find "${1:-${SINK_DIR:?start_sink first}}" -type f | sort
}

sink_count() {
	sink_files "$@" | wc -l | tr -d ' '
}

# ---------------------------------------------------------------- Postfix

# start_postfix DIR [LINE...]: a private Postfix instance keeping its queue
# and log (DIR/postfix.log) in DIR, its smtpd on a free loopback port,
# relaying from 127.0.0.0/8 (mynetworks) to the domains the extra main.cf
# LINEs name (relay_domains, transport_maps, smtpd_recipient_restrictions).
# Needs root (Postfix's own users).
# stop_all stops it.
start_postfix() {
	POSTFIX_DIR=$1
	shift
	mkdir -p "$POSTFIX_DIR/queue" "$POSTFIX_DIR/data" ||
	    harness_die "cannot make $POSTFIX_DIR"
	chmod 755 "$POSTFIX_DIR"
	chown postfix "$POSTFIX_DIR/data"
	POSTFIX_PORT=$(free_port) || harness_die "no free port"
	POSTFIX_SMTPS_PORT=0
	if [ -n "${POSTFIX_SMTPS:-}" ]; then
		POSTFIX_SMTPS_PORT=$(free_port) || harness_die "no free port"
	fi
	{
		cat <<EOF
compatibility_level = 3.6
queue_directory = $POSTFIX_DIR/queue
data_directory = $POSTFIX_DIR/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.utv.edu.mx
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
maillog_file = $POSTFIX_DIR/postfix.log
maillog_file_prefixes = $POSTFIX_DIR
syslog_name = postfix-tequio-test-$$
multi_instance_enable = no
EOF
		for sp_line in "$@"; do
			echo "$sp_line"
		done
	} >"$POSTFIX_DIR/main.cf"
	{
		echo "127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd"
		[ "$POSTFIX_SMTPS_PORT" = 0 ] ||
		    echo "127.0.0.1:$POSTFIX_SMTPS_PORT inet n - n - - smtpd" \
		    "-o smtpd_tls_wrappermode=yes ${POSTFIX_SMTPS_OPTS:-}"
		for sp_s in "pickup unix n - n 60 1 pickup" \
		    "cleanup unix n - n - 0 cleanup" \
		    "qmgr unix n - n 300 1 qmgr" \
		    "rewrite unix - - n - - trivial-rewrite" \
		    "bounce unix - - n - 0 bounce" \
		    "defer unix - - n - 0 bounce" \
		    "trace unix - - n - 0 bounce" \
		    "verify unix - - n - 1 verify" \
		    "flush unix n - n 1000? 0 flush" \
		    "proxymap unix - - n - - proxymap" \
		    "smtp unix - - n - - smtp" "error unix - - n - - error" \
		    "retry unix - - n - - error" \
		    "discard unix - - n - - discard" \
		    "anvil unix - - n - 1 anvil" \
		    "scache unix - - n - 1 scache" \
		    "postlog unix-dgram n - n - 1 postlogd" \
		    "tlsmgr unix - - n 1000? 1 tlsmgr"; do
			echo "$sp_s"
		done
	} >"$POSTFIX_DIR/master.cf"
	postfix -c "$POSTFIX_DIR" start >"$POSTFIX_DIR/start.log" 2>&1 || {
		cat "$POSTFIX_DIR/start.log" "$POSTFIX_DIR/postfix.log" >&2
		harness_die "postfix did not start"
	}
	wait_greeting "$POSTFIX_PORT" 220 ||
	    harness_die "postfix did not greet on port $POSTFIX_PORT"
	export POSTFIX_DIR POSTFIX_PORT POSTFIX_SMTPS_PORT
}

stop_postfix() {
	[ -n "${POSTFIX_DIR:-}" ] || return 0
	postfix -c "$POSTFIX_DIR" stop >/dev/null 2>&1
	POSTFIX_DIR=
}
