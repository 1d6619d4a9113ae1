#!/bin/sh
# SPDX-License-Identifier: ISC
# Letters per second (bench/letters.c): one-page letters issued through
# letters_issue, text checked with pdftotext.  Run by make bench, or alone:
#	make build/tequioctl && sh bench/letters.sh [N]
set -eu
cd "$(dirname "$0")/.."
make --no-print-directory -s build/obj/libtequio.a
PKGS="sqlite3 libmagic libsodium libqrencode gnutls libsystemd libheif libjpeg"
mkdir -p build/bench
# shellcheck disable=SC2046 # pkg-config output is word lists
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
    -I. $(pkg-config --cflags $PKGS) \
    -o build/bench/letters bench/letters.c build/obj/libtequio.a \
    $(pkg-config --libs $PKGS) -letpan -lhpdf -lm -lunistring -lytnef
echo "letters: $(nproc) cores, $(uname -m), N=${1:-2000}"
build/bench/letters "${1:-2000}"
