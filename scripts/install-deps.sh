#!/bin/sh
# SPDX-License-Identifier: ISC
# Install the Debian 12 packages tequio needs to build, test and demo,
# but only those that are missing (so a second run costs nothing).
set -eu

PKGS="gcc make pkg-config libetpan-dev libsqlite3-dev libmagic-dev
libhpdf-dev libgnutls28-dev libsodium-dev
libqrencode-dev libsystemd-dev libcmocka-dev dovecot-imapd postfix isync poppler-utils
valgrind sqlite3 ca-certificates tzdata openssl python3 perl git debhelper lintian
libunistring-dev libytnef0-dev zlib1g-dev libheif-dev libjpeg-dev clang zip gcovr
strace"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "tequio: missing packages:$missing" >&2
	echo "tequio: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi
echo "tequio: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
