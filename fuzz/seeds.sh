#!/bin/sh
# SPDX-License-Identifier: ISC
# fuzz/seeds.sh OUT - seed corpora for the fuzz targets, made from the
# test fixtures and templates: OUT/fuzz_<name>_seed_corpus/ and, when zip
# is installed, OUT/fuzz_<name>_seed_corpus.zip (what OSS-Fuzz looks for).
set -eu

OUT=$1
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"

fresh() {
	rm -rf "$OUT/$1_seed_corpus"
	mkdir -p "$OUT/$1_seed_corpus"
}

# Whole mails: every fixture, the workflow ones and the parser attacks
# (generated: several are megabytes).
fresh fuzz_message
sh tests/fixtures/limits/generate.sh "$OUT/limits"
for m in tests/fixtures/*.eml tests/fixtures/workflow/*.eml \
    "$OUT"/limits/*.eml; do
	[ -f "$m" ] || continue
	cp "$m" "$OUT/fuzz_message_seed_corpus/$(basename "$m")"
done

# Header helpers: every header line of every fixture, once per helper
# (the first byte picks the helper, see fuzz_headers.c).
fresh fuzz_headers
n=0
for m in tests/fixtures/*.eml; do
	sed -n '/^\r\{0,1\}$/q;p' "$m" | sed -n 's/^[A-Za-z-]*:[ \t]*//p' |
	    head -n 40 > "$OUT/values.tmp"
	while IFS= read -r value; do
		for sel in 0 1 2 3 4 5; do
			n=$((n + 1))
			{ printf "\\$(printf %03o "$sel")"; printf '%s' "$value"; } \
			    > "$OUT/fuzz_headers_seed_corpus/h$n"
		done
	done < "$OUT/values.tmp"
	n=$((n + 1))
	{ printf '\005'; cat "$m"; } > "$OUT/fuzz_headers_seed_corpus/h$n"
done
rm -f "$OUT/values.tmp"

# Templates: "name\n" then the source; and people's values (0xff first).
fresh fuzz_template
for t in templates/*.txt; do
	name=$(basename "$t" .txt)
	{ printf '%s\n' "$name"; cat "$t"; } \
	    > "$OUT/fuzz_template_seed_corpus/$name"
done
for v in 'María Núñez Güemes' 'Anacleto Gutiérrez de la Concepción' \
    'Xochiquetzalcuauhtemocmoctezumaixtlilxochitlnezahualcoyotlchimalpopoca'; do
	n=$((n + 1))
	{ printf '\377'; printf '%s' "$v"; } \
	    > "$OUT/fuzz_template_seed_corpus/v$n"
done

# PDFs: the fixtures' documents, and a compressed acta and poder.
fresh fuzz_pdftext
for f in tests/fixtures/workflow/*.pdf; do
	cp "$f" "$OUT/fuzz_pdftext_seed_corpus/$(basename "$f")"
done
python3 tests/tools/notarial_pdf.py acta \
    "$OUT/fuzz_pdftext_seed_corpus/acta.pdf"
python3 tests/tools/notarial_pdf.py poder \
    "$OUT/fuzz_pdftext_seed_corpus/poder.pdf"

# SMTP server replies, reads cut at 0xff (see fuzz_smtp.c): two mails
# pipelined, lock-step, refusals with an RSET and a 421, and (0xfe first)
# logins with AUTH PLAIN and AUTH LOGIN.
fresh fuzz_smtp
printf '220 hola ESMTP\r\n\377250-mx\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n\377250 a\r\n250 b\r\n354 go\r\n\377250 queued\r\n250 a\r\n250 b\r\n354 go\r\n\377250 queued\r\n' \
    > "$OUT/fuzz_smtp_seed_corpus/pipelined"
printf '220 hola\r\n\377250 mx\r\n\377250 a\r\n\377250 b\r\n\377354 go\r\n\377250 queued\r\n\377250 a\r\n\377550 no\r\n\377250 reset\r\n\377' \
    > "$OUT/fuzz_smtp_seed_corpus/lockstep"
printf '220 hola\r\n\377250-mx\r\n250 PIPELINING\r\n\377250 a\r\n550 no\r\n554 no rcpt\r\n\377250 reset\r\n250 a\r\n250 b\r\n354 go\r\n\377421 bye\r\n' \
    > "$OUT/fuzz_smtp_seed_corpus/refused"
printf '\376220 hola\r\n\377250-mx\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n\377235 ok\r\n\377250 a\r\n250 b\r\n354 go\r\n\377250 queued\r\n' \
    > "$OUT/fuzz_smtp_seed_corpus/auth_plain"
printf '\376220 hola\r\n\377250-mx\r\n250 AUTH=LOGIN\r\n\377334 VXNlcm5hbWU6\r\n\377334 UGFzc3dvcmQ6\r\n\377235 ok\r\n\377250 a\r\n\377250 b\r\n\377354 go\r\n\377250 queued\r\n' \
    > "$OUT/fuzz_smtp_seed_corpus/auth_login"

if command -v zip >/dev/null 2>&1; then
	for d in "$OUT"/*_seed_corpus; do
		rm -f "$d.zip"
		(cd "$d" && zip -q -r "$d.zip" .)
	done
fi
