#!/bin/sh
# SPDX-License-Identifier: ISC
# Install the Debian package on this machine as an administrator would,
# and use it: apt-get install ./tequio_*.deb, find the tequio user, its
# 0700 directories, a 0640 configuration and a unit that is not enabled;
# see tequiod refuse the sample configuration; configure it for loopback
# test servers, check it, run it as the tequio user, get a reply; purge.
#
#   sh tests/package/install-deb.sh [PACKAGE.deb]      (as root; slow)
#
# Without an argument the package is built from a clone of HEAD.  Not part
# of "make check": it changes the machine (a user, /etc/tequio), and it
# refuses to run where tequio is already installed.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/servers.sh
. tests/lib/tequio.sh

[ "$(id -u)" = 0 ] || harness_die "run as root"
if dpkg-query -W tequio >/dev/null 2>&1 || [ -e /var/lib/tequio ] ||
    [ -e /etc/tequio ] || getent passwd tequio >/dev/null; then
	harness_die "tequio is already on this machine: not touching it"
fi
harness_init
ROOT=$(pwd)
DEB=${1:-}
if [ -z "$DEB" ]; then
	git clone -q "$ROOT" "$HARNESS_DIR/src/tequio"
	t0=$(date +%s)
	(cd "$HARNESS_DIR/src/tequio" && dpkg-buildpackage -us -uc -b) \
	    >"$HARNESS_DIR/build.log" 2>&1 || harness_die "the build failed"
	echo "     (dpkg-buildpackage: $(( $(date +%s) - t0 )) s)"
	DEB=$(ls "$HARNESS_DIR"/src/tequio_*_amd64.deb)
fi
cleanup() {
	apt-get purge -y -qq tequio >/dev/null 2>&1
	rm -rf /var/lib/tequio /var/spool/tequio /etc/tequio
	getent passwd tequio >/dev/null && deluser --quiet --system tequio \
	    >/dev/null 2>&1
	getent group tequio >/dev/null && delgroup --quiet --system tequio \
	    >/dev/null 2>&1
	stop_all
}
trap 'rc=$?; cleanup; exit $rc' EXIT

t0=$(date +%s)
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB" \
    >"$HARNESS_DIR/apt.log" 2>&1
rc=$?
echo "     (apt-get install: exit $rc, $(( $(date +%s) - t0 )) s)"
check "apt-get install ./tequio_*.deb" eq "$rc" 0
check "tequio is a system user without a login shell" sh -c \
    'getent passwd tequio | awk -F: "{ exit !(\$3 < 1000 && \$7 ~ /nologin|false/) }"'
check "/var/lib/tequio is tequio:tequio 0700" \
    eq "$(stat -c '%U:%G %a' /var/lib/tequio)" "tequio:tequio 700"
check "/var/spool/tequio is tequio:tequio 0700" \
    eq "$(stat -c '%U:%G %a' /var/spool/tequio)" "tequio:tequio 700"
check "/etc/tequio/tequio.conf is root:tequio 0640" \
    eq "$(stat -c '%U:%G %a' /etc/tequio/tequio.conf)" "root:tequio 640"
check "the unit is installed" test -f /lib/systemd/system/tequiod.service
check "the unit is not enabled" test ! -e \
    /etc/systemd/system/multi-user.target.wants/tequiod.service
if command -v systemd-analyze >/dev/null; then
	check "systemd-analyze verify of the installed unit" \
	    systemd-analyze verify --man=no /lib/systemd/system/tequiod.service
fi
check "man tequio.conf is installed" test -f /usr/share/man/man5/tequio.conf.5.gz

# The administrator's first try: the shipped configuration is refused.
runuser -u tequio -- /usr/sbin/tequiod -c /etc/tequio/tequio.conf --once \
    >"$HARNESS_DIR/first.out" 2>&1
check "the shipped configuration does not start (exit 78)" eq "$?" 78
check "... first for the missing logo" grep -q "logo.png" \
    "$HARNESS_DIR/first.out"
sed -i 's|^logo = .*|logo =|' /etc/tequio/tequio.conf
runuser -u tequio -- /usr/sbin/tequiod -c /etc/tequio/tequio.conf --once \
    >"$HARNESS_DIR/second.out" 2>&1
check "without a logo, still exit 78" eq "$?" 78
check "... for the sample officials" grep -q "siguen siendo los de ejemplo" \
    "$HARNESS_DIR/second.out"

# Configure it for loopback servers, with the institution's own data.
start_dovecot "$HARNESS_DIR/imap"
start_sink "$HARNESS_DIR/sink"
cp -r /usr/share/tequio/templates /etc/tequio/templates
sed -i 's/^institucion.representante: .*/institucion.representante: Dra. Rosa Méndez Ruiz/;
    s/^coordinacion.nombre: .*/coordinacion.nombre: Lic. Juan Pérez Soto/;
    s/^institucion.domicilio: .*/institucion.domicilio: Av. Universidad 1, Oaxaca/;
    s/^institucion.telefono: .*/institucion.telefono: Tel. 951 000 0000/' \
    /etc/tequio/templates/institucion.txt
sed -i "s/^name = .*/name = Instituto de Pruebas del Valle/;
    s/^imap_port = .*/imap_port = $DOVECOT_PORT/;
    s/^imap_user = .*/imap_user = $DOVECOT_USER/;
    s/^imap_password = .*/imap_password = $DOVECOT_PASS/;
    s|^url = .*|url = smtp://127.0.0.1:$SINK_PORT|;
    s|^; templates = .*|templates = /etc/tequio/templates|" \
    /etc/tequio/tequio.conf
tequioctl -c /etc/tequio/tequio.conf check-config >"$HARNESS_DIR/cc.out" 2>&1
check "tequioctl check-config accepts the edited configuration" eq "$?" 0
grep '^warning\|^error\|^ok' "$HARNESS_DIR/cc.out" | sed 's/^/     /'
mk_mail "$HARNESS_DIR/m.eml" "Ana <ana@alumnos.utv.edu.mx>" "AYUDA"
deliver_mail "$HARNESS_DIR/m.eml"
runuser -u tequio -- /usr/sbin/tequiod -c /etc/tequio/tequio.conf --once \
    >"$HARNESS_DIR/run.out" 2>&1
check "tequiod --once as the tequio user exits 0" eq "$?" 0
n_ana=0 n_digest=0
for f in $(sink_files); do
	[ "$(sink_rcpt "$f")" = ana@alumnos.utv.edu.mx ] && n_ana=$((n_ana + 1))
	case $(sink_header "$f" Subject) in
	"Resumen diario"*) n_digest=$((n_digest + 1)) ;;
	esac
done
check "one reply reached the relay" eq "$n_ana" 1
check "the first daily digest went to both coordinators" eq "$n_digest" 2
check "the database is the tequio user's" \
    eq "$(stat -c %U /var/lib/tequio/tequio.db)" tequio
check "the secret was created 0600" \
    eq "$(stat -c '%U %a' /var/lib/tequio/secret.key)" "tequio 600"

t0=$(date +%s)
apt-get purge -y -qq tequio >"$HARNESS_DIR/purge.log" 2>&1
check "apt-get purge tequio" eq "$?" 0
echo "     (apt-get purge: $(( $(date +%s) - t0 )) s)"
check "the binaries are gone" test ! -e /usr/sbin/tequiod
check "the records stay after purge (README: Upgrading)" \
    test -f /var/lib/tequio/tequio.db
finish
