#!/bin/sh
# SPDX-License-Identifier: ISC
# The repository on its own, as someone who clones it gets it: a clone of
# the current commit into an empty directory (no ../shared beside it),
# where "make demo" works; "make install PREFIX=... DESTDIR=..." installs
# everything with that PREFIX's paths (rebuilt when PREFIX changes); the
# unit passes "systemd-analyze verify" and is at least as strict as
# Debian's postfix unit; "dpkg-buildpackage -us -uc -b" gives a package
# with the right contents, a conffile and nothing enabled, and lintian
# finds no error in it.  Tools that are missing are reported as SKIPPED.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

harness_init
W=$HARNESS_DIR/empty
mkdir -p "$W"
git clone -q "$(pwd)" "$W/tequio" && git -C "$W/tequio" checkout -q \
    "$(git rev-parse HEAD)"
check "a clone of the current commit" test -f "$W/tequio/Makefile"
cd "$W/tequio" || exit 1
unset TEQUIO_CORPUS BUILD

t0=$(date +%s)
make demo >"$W/demo.log" 2>&1
rc=$?
echo "     (make demo in the clone: exit $rc, $(( $(date +%s) - t0 )) s)"
check "make demo passes with nothing beside the clone" eq "$rc" 0
check "... and saved the replies" grep -q "replies saved in" "$W/demo.log"
[ "$rc" = 0 ] || tail -20 "$W/demo.log"

# ---- make install with another PREFIX ----
D=$W/dest
make install PREFIX=/opt/tq DESTDIR="$D" >"$W/install.log" 2>&1
check "make install PREFIX=/opt/tq DESTDIR=... exits 0" eq "$?" 0
for f in sbin/tequiod sbin/tequioctl share/tequio/templates/institucion.txt \
    share/tequio/tequio.conf.example share/man/man5/tequio.conf.5 \
    share/man/man8/tequiod.8 share/man/man8/tequioctl.8 \
    lib/systemd/system/tequiod.service; do
	check "installed: \$PREFIX/$f" test -f "$D/opt/tq/$f"
done
UNIT=$D/opt/tq/lib/systemd/system/tequiod.service
check "the unit runs \$PREFIX/sbin/tequiod" \
    grep -q '^ExecStart=/opt/tq/sbin/tequiod -c /etc/tequio/tequio.conf$' "$UNIT"
# The templates default follows PREFIX: the objects were rebuilt.
cat >"$W/noprefix.conf" <<EOC
[institution]
name = X
[mailbox]
address = a@b.mx
imap_user = a
[storage]
database = db
spool = spool
[security]
secret_file = secret
EOC
"$D/opt/tq/sbin/tequioctl" -c "$W/noprefix.conf" check-config \
    >"$W/cc.out" 2>&1
check "the installed tequioctl defaults to \$PREFIX's templates" \
    grep -q '^templates *= /opt/tq/share/tequio/templates *; por omisión' "$W/cc.out"

# ---- the unit ----
if command -v systemd-analyze >/dev/null; then
	sed "s|^ExecStart=/opt/tq/sbin/|ExecStart=$D/opt/tq/sbin/|" "$UNIT" \
	    >"$W/tequiod.service"
	systemd-analyze verify --man=no "$W/tequiod.service" \
	    >"$W/verify.out" 2>&1
	check "systemd-analyze verify: no complaint" eq "$?:$(cat "$W/verify.out")" "0:"
	ours=$(systemd-analyze security --offline=true "$W/tequiod.service" \
	    2>/dev/null | sed -n 's/.*exposure level for .*: \([0-9.]*\) .*/\1/p')
	echo "     (systemd-analyze security: tequiod.service $ours)"
	PF=/lib/systemd/system/postfix@.service
	if [ -f "$PF" ]; then
		theirs=$(systemd-analyze security --offline=true "$PF" \
		    2>/dev/null | sed -n 's/.*exposure level for .*: \([0-9.]*\) .*/\1/p')
		echo "     (systemd-analyze security: postfix@.service $theirs)"
		check "exposure no higher than Debian's postfix unit" \
		    awk -v a="$ours" -v b="$theirs" 'BEGIN { exit !(a != "" && a <= b) }'
	fi
	check "exposure rated OK (below 2.0)" \
	    awk -v a="$ours" 'BEGIN { exit !(a != "" && a < 2.0) }'
else
	echo "SKIPPED: systemd-analyze not installed (apt-get install systemd)"
fi

# ---- the Debian package ----
if command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null; then
	t0=$(date +%s)
	dpkg-buildpackage -us -uc -b >"$W/deb.log" 2>&1
	rc=$?
	echo "     (dpkg-buildpackage: exit $rc, $(( $(date +%s) - t0 )) s)"
	check "dpkg-buildpackage -us -uc -b exits 0" eq "$rc" 0
	DEB=$(ls "$W"/tequio_*_amd64.deb 2>/dev/null | head -n 1)
	check "it built tequio_VERSION_amd64.deb" test -f "$DEB"
	dpkg-deb --contents "$DEB" >"$W/contents" 2>&1
	for f in ./usr/sbin/tequiod ./usr/sbin/tequioctl \
	    ./lib/systemd/system/tequiod.service ./etc/tequio/tequio.conf \
	    ./usr/share/tequio/templates/institucion.txt \
	    ./usr/share/man/man5/tequio.conf.5.gz \
	    ./usr/share/man/man8/tequioctl.8.gz ./usr/share/doc/tequio/copyright; do
		check "the package holds $f" grep -q " $f\$" "$W/contents"
	done
	dpkg-deb -e "$DEB" "$W/control"
	check "/etc/tequio/tequio.conf is a conffile" \
	    grep -qx /etc/tequio/tequio.conf "$W/control/conffiles"
	dpkg-deb -f "$DEB" Depends >"$W/depends"
	check "it depends on the runtime libraries and adduser" \
	    grep -q 'libetpan20.*adduser' "$W/depends"
	check "the postinst creates the tequio system user" \
	    grep -q 'adduser --system' "$W/control/postinst"
	check "the postinst starts nothing" \
	    sh -c "! grep -q 'deb-systemd-invoke' '$W/control/postinst'"
	# dh_installsystemd --no-enable: enabled again only if it was before.
	check "the postinst enables only what the admin had enabled" awk '
	    /was-enabled/ { guard = 1 } /^\tfi$/ { guard = 0 }
	    /deb-systemd-helper enable/ && !guard { bad = 1 }
	    END { exit bad }' "$W/control/postinst"
	dpkg-deb --fsys-tarfile "$DEB" | tar -xO ./lib/systemd/system/tequiod.service \
	    >"$W/deb.service"
	check "the packaged unit runs /usr/sbin/tequiod" \
	    grep -q '^ExecStart=/usr/sbin/tequiod ' "$W/deb.service"
	if command -v lintian >/dev/null; then
		lintian "$W"/tequio_*_amd64.changes >"$W/lintian.out" 2>&1
		echo "     (lintian: $(grep -c '^E:' "$W/lintian.out") errors," \
		    "$(grep -c '^W:' "$W/lintian.out") warnings)"
		check "lintian: no errors" sh -c "! grep -q '^E:' '$W/lintian.out'"
		grep '^[EW]:' "$W/lintian.out" | sed 's/^/     /'
	else
		echo "SKIPPED: lintian not installed"
	fi
else
	echo "SKIPPED: the package build (apt-get install debhelper dpkg-dev)"
fi
finish
