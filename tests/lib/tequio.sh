# SPDX-License-Identifier: ISC
# tests/lib/tequio.sh - running tequio in integration tests.  Source after
# tests/lib/servers.sh, once start_dovecot and start_sink have run.
#
#	write_conf DIR [extra ini lines...]	# DIR/tequio.conf for the servers
#	tequiod_once				# build/san/tequiod --once
#	mk_mail FILE FROM SUBJECT [BODY]	# a plain test message
#	sink_header FILE NAME			# a header of a received reply
#	check NAME CONDITION...			# count passes and failures
#	finish					# "N passed, M failed"; exit status
#	probe ARGS...				# the delivery tool on $CONF
#	dovecot_keys_only			# [mailbox] keys, no Dovecot
#
# TEQUIOD/TEQUIOCTL may point at other builds (valgrind uses the plain one),
# OUTBOX_PROBE at another build of tests/tools/outbox_probe.

# Scripts cd to the repository root before sourcing this file.
TEQUIO_ROOT=${TEQUIO_ROOT:-$(pwd)}
TEQUIOD=${TEQUIOD:-$TEQUIO_ROOT/${BUILD:-build}/san/tequiod}
TEQUIOCTL=${TEQUIOCTL:-$TEQUIO_ROOT/${BUILD:-build}/san/tequioctl}
OUTBOX_PROBE=${OUTBOX_PROBE:-$TEQUIO_ROOT/${BUILD:-build}/san/tools/outbox_probe}
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
T_PASS=0
T_FAIL=0

# write_conf DIR [LINE...]: a configuration for the servers started here.
# Extra lines are "section.key=value" and override the defaults below.
write_conf() {
	wc_dir=$1
	shift
	mkdir -p "$wc_dir"
	CONF=$wc_dir/tequio.conf
	{
		echo "[institution]"
		echo "name = Universidad Tecnológica del Valle"
		echo "short_name = UTV"
		echo "city = Oaxaca de Juárez"
		echo "sample_ok = yes"
		conf_get institution logo "" "$@"
		echo "[mailbox]"
		echo "address = servicio.social@utv.edu.mx"
		echo "imap_host = 127.0.0.1"
		echo "imap_port = $DOVECOT_PORT"
		echo "imap_user = $DOVECOT_USER"
		echo "imap_password = $DOVECOT_PASS"
		conf_get mailbox idle yes "$@"
		conf_get mailbox poll_seconds 60 "$@"
		conf_get mailbox fetch_batch 100 "$@"
		conf_get mailbox move_connection "" "$@"
		conf_get mailbox idle_restart_seconds "" "$@"
		echo "[smtp]"
		echo "url = smtp://127.0.0.1:$SINK_PORT"
		conf_get smtp retry_seconds 60 "$@"
		conf_get smtp timeout_seconds "" "$@"
		conf_get smtp connections "" "$@"
		echo "[roles]"
		echo "coordinators = coordinacion@utv.edu.mx"
		echo "student_domains = alumnos.utv.edu.mx"
		conf_get roles coordinator_names "" "$@"
		echo "[storage]"
		echo "database = tequio.db"
		echo "spool = spool"
		echo "templates = $TEQUIO_ROOT/templates"
		echo "[security]"
		echo "secret_file = secret.key"
		echo "trusted_authserv_id = mx.utv.edu.mx"
		conf_get security require_verified_sender yes "$@"
		echo "[limits]"
		conf_get limits max_message_bytes 26214400 "$@"
		conf_get limits max_attachment_bytes 10485760 "$@"
		conf_get limits max_replies_per_day 20 "$@"
		conf_get limits max_unknown_replies_per_hour "" "$@"
		conf_get limits max_temporary_failures "" "$@"
		conf_get limits max_process_deaths "" "$@"
		# Alerts add mail to the sink: only the tests of alerts want it.
		echo "[alerts]"
		conf_get alerts enabled no "$@"
		conf_get alerts to "" "$@"
		conf_get alerts unreachable_minutes "" "$@"
	} >"$CONF"
	export CONF
}

# conf_get SECTION KEY DEFAULT LINE...: print "KEY = value", taking the
# value from a "SECTION.KEY=value" argument when there is one.
conf_get() {
	cg_sec=$1 cg_key=$2 cg_val=$3
	shift 3
	for cg_a in "$@"; do
		case $cg_a in
		"$cg_sec.$cg_key="*) cg_val=${cg_a#*=} ;;
		esac
	done
	[ -n "$cg_val" ] && echo "$cg_key = $cg_val"
	return 0
}

tequiod_once() {
	"$TEQUIOD" -c "$CONF" --once "$@"
}

# mk_mail FILE FROM SUBJECT [BODY [MESSAGE-ID]]
# With MK_VERIFIED=1 the message carries the Authentication-Results our
# trusted MX (mx.utv.edu.mx) would add for a DKIM-signed mail from FROM's
# domain, so the sender counts as verified.
mk_mail() {
	mm_id=${5:-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')@test.example}
	mm_addr=$(echo "$2" | sed 's/.*<\(.*\)>.*/\1/')
	{
		printf 'Return-Path: <%s>\r\n' "$mm_addr"
		if [ "${MK_VERIFIED:-0}" = 1 ]; then
			printf 'Authentication-Results: mx.utv.edu.mx;\r\n'
			printf '\tdkim=pass header.d=%s;\r\n' "${mm_addr#*@}"
			printf '\tspf=pass smtp.mailfrom=%s\r\n' "$mm_addr"
			printf 'DKIM-Signature: v=1; a=rsa-sha256; d=%s; s=sel; h=from; bh=AAAA; b=BBBB\r\n' "${mm_addr#*@}"
		fi
		printf 'From: %s\r\n' "$2"
		printf 'To: servicio.social@utv.edu.mx\r\n'
		printf 'Subject: %s\r\n' "$3"
		printf 'Date: Mon, 23 Nov 2026 10:00:00 -0600\r\n'
		printf 'Message-ID: <%s>\r\n' "$mm_id"
		printf 'MIME-Version: 1.0\r\n'
		printf 'Content-Type: text/plain; charset=UTF-8\r\n'
		printf 'Content-Transfer-Encoding: 8bit\r\n\r\n'
		printf '%s\r\n' "${4:-Buenos días.}"
	} >"$1"
}

# sink_header FILE NAME: the first NAME: header of a file the sink wrote,
# unfolded (continuation lines joined).
sink_header() {
	sed -n '/^\r\{0,1\}$/q; p' "$1" | tr -d '\r' | awk -v n="$2" '
	    /^[ \t]/ { if (found && !done) { sub(/^[ \t]+/, " "); val = val $0 }
			next }
	    found { done = 1 }
	    !done && tolower(substr($0, 1, length(n) + 1)) == tolower(n ":") {
		found = 1; val = $0; sub(/^[^:]*: ?/, "", val) }
	    END { if (found) print val }'
}

# sink_body FILE: the decoded text of a mail the sink received.
sink_body() {
	/usr/bin/python3 "$TEQUIO_ROOT/scripts/show-mail.py" "$1"
}

# body_has FILE TEXT: the decoded text of FILE contains TEXT.
body_has() {
	sink_body "$1" | grep -q -- "$2" && return 0
	echo "     \"$2\" not in the body of $1" >&2
	return 1
}

# sink_to FILE: the recipient smtp-sink recorded for FILE.
sink_rcpt() {
	sed -n 's/^X-Rcpt-Args: *<\([^>]*\)>.*/\1/p' "$1" | head -n 1
}

# sink_with HEADER VALUE: the sink files whose HEADER contains VALUE.
sink_with() {
	for sw_f in $(sink_files); do
		case $(sink_header "$sw_f" "$1") in
		*"$2"*) echo "$sw_f" ;;
		esac
	done
}

# db SQL: run a query on the test database (read-only use).
db() {
	sqlite3 -batch -noheader "$(dirname "$CONF")/tequio.db" "$1"
}

# wait_until TRIES CMD: eval CMD (anew each time, so $(...) in single
# quotes is looked at again) every 25 ms until it succeeds, at most TRIES
# times; 1 if it never did.
wait_until() {
	wu_i=0 wu_max=$1
	shift
	until eval "$@"; do
		wu_i=$((wu_i + 1))
		[ "$wu_i" -ge "$wu_max" ] && return 1
		sleep 0.025
	done
}

# max_copies HEADER: the most sink files sharing one value of HEADER
# (Message-ID: copies of one mail; In-Reply-To: answers to one message).
max_copies() {
	for mc_f in $(sink_files); do
		sink_header "$mc_f" "$1"
	done | sort | uniq -c | awk 'BEGIN { m = 0 } $1 > m { m = $1 }
	    END { print m }'
}

check() {
	ck_name=$1
	shift
	if "$@"; then
		T_PASS=$((T_PASS + 1))
		echo "ok   $ck_name"
	else
		T_FAIL=$((T_FAIL + 1))
		echo "FAIL $ck_name"
	fi
}

# eq A B: numeric or string equality, saying what differed.
eq() {
	[ "$1" = "$2" ] && return 0
	echo "     got \"$1\", expected \"$2\"" >&2
	return 1
}

finish() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}

# probe ARGS...: the delivery tool (tests/tools/outbox_probe: queue,
# deliver, status...) on $CONF, its log appended to HARNESS_DIR/probe.log.
probe() {
	"$OUTBOX_PROBE" -c "$CONF" "$@" 2>>"$HARNESS_DIR/probe.log"
}

# dovecot_keys_only: the [mailbox] values write_conf needs, for a test of
# delivery alone that starts no Dovecot (nothing connects to them).
dovecot_keys_only() {
	DOVECOT_PORT=143 DOVECOT_USER=servicio.social DOVECOT_PASS=secreto
}
