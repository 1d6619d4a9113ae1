#!/bin/sh
# SPDX-License-Identifier: ISC
# Parse time of each crafted mail of tests/fixtures/limits (bench/parse.c):
# the inputs that once crashed the parser or made it slow.  Run by make
# bench, or alone:  sh bench/parse.sh
set -eu
cd "$(dirname "$0")/.."
make --no-print-directory -s build/obj/libtequio.a
PKGS="sqlite3 libmagic libsodium libqrencode gnutls libsystemd libheif libjpeg"
mkdir -p build/bench
# shellcheck disable=SC2046 # pkg-config output is word lists
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
    -I. \
    $(pkg-config --cflags $PKGS) -o build/bench/parse bench/parse.c \
    build/obj/libtequio.a $(pkg-config --libs $PKGS) -letpan -lhpdf -lm -lunistring -lytnef
sh tests/fixtures/limits/generate.sh build/bench/limits
build/bench/parse build/bench/limits/*.eml
