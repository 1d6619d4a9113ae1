#!/bin/sh
# SPDX-License-Identifier: ISC
# fuzz/build.sh - build the libFuzzer targets fuzz/fuzz_*.c and their seed
# corpora.  Usable as OSS-Fuzz's build.sh (it honours CC, CFLAGS,
# LIB_FUZZING_ENGINE, SRC, OUT and WORK) and on its own, where it builds
# with clang, ASan and UBSan into build/fuzz:
#
#   sh fuzz/build.sh                 # -> build/fuzz/fuzz_<name>
#                                    #    build/fuzz/fuzz_<name>_seed_corpus/
#                                    #    (and .zip when zip is installed)
#
# The seeds come from tests/fixtures at build time, so they follow the
# fixtures and no generated corpus is ever committed.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
: "${CC:=clang}"
: "${CFLAGS:=-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
: "${OUT:=$TOP/build/fuzz}"
: "${WORK:=$OUT/work}"
JOBS=${JOBS:-1}

mkdir -p "$OUT" "$WORK/obj"
cd "$TOP"

PKGS="sqlite3 libmagic libsodium libqrencode gnutls libheif libjpeg zlib"
PKG_CFLAGS=$(pkg-config --cflags $PKGS)
PKG_LIBS="$(pkg-config --libs $PKGS) -letpan -lhpdf -lm -lunistring -lytnef"
INC="-I."
# The project's warnings, minus what only clang says about code gcc builds
# cleanly: the programs are built and checked with gcc.
WARN="-Wall -Wextra -Werror -Wno-unused-command-line-argument -Wno-string-concatenation"
FLAGS="-std=c11 -pthread -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 $WARN $INC $PKG_CFLAGS -DTEQUIO_DATADIR=\"/usr/share/tequio\" -DTEQUIO_SYSCONFDIR=\"/etc/tequio\""

# The library: every module file except the two programs' mains.
objs=""
MODULES="common config mail store spool mailbox outbox letters handlers jobs daemon"
for src in $(for m in $MODULES; do echo "$m"/*.c; done); do
	case "$src" in daemon/tequiod.c) continue ;; esac
	obj="$WORK/obj/$(echo "$src" | tr / _).o"
	if [ ! -e "$obj" ] || [ "$src" -nt "$obj" ] ||
	    [ -n "$(find $MODULES \
	    \( -name '*.h' -o -name '*.def' \) -newer "$obj" 2>/dev/null | head -n 1)" ]; then
		# shellcheck disable=SC2086
		$CC $FLAGS $CFLAGS -c -o "$obj" "$src"
	fi
	objs="$objs $obj"
done
rm -f "$WORK/libtequio_fuzz.a"
# shellcheck disable=SC2086
ar rcs "$WORK/libtequio_fuzz.a" $objs

for f in fuzz/fuzz_*.c; do
	name=$(basename "$f" .c)
	# shellcheck disable=SC2086
	$CC $FLAGS $CFLAGS $LIB_FUZZING_ENGINE -o "$OUT/$name" "$f" \
	    "$WORK/libtequio_fuzz.a" -pthread $PKG_LIBS
done

sh fuzz/seeds.sh "$OUT"
