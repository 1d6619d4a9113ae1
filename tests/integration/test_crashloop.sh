#!/bin/sh
# SPDX-License-Identifier: ISC
# A message that kills the process, through a real Dovecot, smtp-sink and
# tequiod --once restarted as a service manager would (issue 7, item 1).
# Nothing records such a death by itself: without the in-progress marks
# (store/store_inflight.h) every restart takes the same batch and dies
# again, and nobody behind the message is ever answered.
#   - a crashing message between two good ones, one batch: the daemon dies
#     a bounded number of times (the batch, then [limits]
#     max_process_deaths, by default 2, with the message alone), then quarantines it unread with one reply; the
#     good mail before and after is answered exactly once; nothing lost,
#     nothing recorded twice; a further pass sends nothing;
#   - the same through --pipe, where the MTA retries after the crash.
# The crash is the sanitizer build's test hook: TEQUIO_TEST_CRASH_ON makes
# pipeline_apply abort() on a Subject containing it (never compiled into
# the installed programs: Makefile, SAN_FLAGS).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh
LIFECYCLE_HELPERS_ONLY=1
. tests/integration/test_lifecycle.sh

lifecycle_servers
export TEQUIO_NOW=1795000000
TRIGGER=KABOOM-7

# count_to RCPT: how many different mails (by Message-ID) of the new ones
# go to RCPT.  A death while a reply was being sent may send it again, with
# the same Message-ID (SMTP is at-least-once, see the README).
count_to() {
	for ct_f in $(cat "$HARNESS_DIR/new"); do
		[ "$(sink_rcpt "$ct_f")" = "$1" ] &&
		    sink_header "$ct_f" Message-ID
	done | sort -u | grep -c .
}

# A reply is claimed (its next try set retry_seconds ahead) before it is
# sent: one whose process died in between goes at the next try.  Look that
# far ahead, so every queued reply goes.
flush_retries() {
	TEQUIO_NOW=$((TEQUIO_NOW + 3600)) tequiod_once 2>>"$LOG"
	check "a later run exits 0 ($1)" eq "$?" 0
}

# restarts MAX CMD...: run CMD until it exits 0, at most MAX times, as a
# service manager restarts a daemon that died; DEATHS gets the deaths.
restarts() {
	rs_max=$1
	shift
	DEATHS=0
	while [ "$DEATHS" -lt "$rs_max" ]; do
		"$@" 2>>"$LOG" && return 0
		DEATHS=$((DEATHS + 1))
	done
	return 1
}

# ---- a crashing message between good ones, one batch ----------------
mime "$M/good1.eml" "uno@alumnos.utv.edu.mx" "$MAILBOX" "AYUDA" ""
mime "$M/crash.eml" "tres@alumnos.utv.edu.mx" "$MAILBOX" "AYUDA $TRIGGER" ""
mime "$M/good2.eml" "dos@alumnos.utv.edu.mx" "$MAILBOX" "AYUDA" ""
for f in good1 crash good2; do deliver_mail "$M/$f.eml"; done

export TEQUIO_TEST_CRASH_ON=$TRIGGER
restarts 8 tequiod_once
check "the daemon runs again after a bounded number of deaths" eq "$?" 0
# The batch, then the message alone max_process_deaths (2) times.
check "it died 3 times, no more" eq "$DEATHS" 3
flush_retries "batch"
sink_files | grep -vxF -f "$HARNESS_DIR/seen" >"$HARNESS_DIR/new" || :
cat "$HARNESS_DIR/new" >>"$HARNESS_DIR/seen"
check "good mail before it answered once" eq \
    "$(count_to uno@alumnos.utv.edu.mx)" 1
check "good mail after it answered once" eq \
    "$(count_to dos@alumnos.utv.edu.mx)" 1
check "its sender told once" eq "$(count_to tres@alumnos.utv.edu.mx)" 1
check "the reply says a person will look at it" has \
    "No pudimos procesar su mensaje «AYUDA $TRIGGER»" \
    "$(py body "$(to tres@alumnos.utv.edu.mx)")"
check "the log says why" grep -q \
    "msg [0-9]*: uid [0-9]*: quarantined: the process died on it 2 times" \
    "$LOG"
check "it is in the quarantine" eq "$(folder_count Cuarentena)" 1
check "INBOX empty" eq "$(folder_count INBOX)" 0
check "three messages recorded, once each" eq \
    "$(db "SELECT count(DISTINCT sha256) || '/' || count(*) FROM message")" 3/3
check "recorded quarantined" eq "$(db "SELECT outcome FROM message
    WHERE from_addr = 'tres@alumnos.utv.edu.mx'")" quarantined
check "no mark left" eq "$(db "SELECT count(*) FROM msg_inflight")" 0

run "a pass after"
check "a further pass sends nothing" eq "$(new_count)" 0

# ---- the same through --pipe ------------------------------------------
mime "$M/pipe.eml" "cuatro@alumnos.utv.edu.mx" "$MAILBOX" "AYUDA $TRIGGER" ""
pipe_in() { "$TEQUIOD" -c "$CONF" --pipe <"$1"; }
restarts 8 pipe_in "$M/pipe.eml"
check "--pipe: delivered after a bounded number of deaths" eq "$?" 0
check "--pipe: it died 2 times, no more" eq "$DEATHS" 2
flush_retries "--pipe"
sink_files | grep -vxF -f "$HARNESS_DIR/seen" >"$HARNESS_DIR/new" || :
cat "$HARNESS_DIR/new" >>"$HARNESS_DIR/seen"
check "--pipe: its sender told once" eq \
    "$(count_to cuatro@alumnos.utv.edu.mx)" 1
check "--pipe: recorded quarantined" eq "$(db "SELECT outcome FROM message
    WHERE from_addr = 'cuatro@alumnos.utv.edu.mx'")" quarantined

# A good message through --pipe costs no death and leaves no mark.
unset TEQUIO_TEST_CRASH_ON
mime "$M/pipe2.eml" "cinco@alumnos.utv.edu.mx" "$MAILBOX" "AYUDA" ""
pipe_in "$M/pipe2.eml" 2>>"$LOG"
check "--pipe: good mail accepted" eq "$?" 0
check "--pipe: no mark left" eq "$(db "SELECT count(*) FROM msg_inflight")" 0
finish
