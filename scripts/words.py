#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
#
# words.py - how many Spanish sentences are still written in C: string
# literals with two words or more, outside comments and log_*() calls;
# say()'s "name=%x" value lists do not count (templates/README.md,
# issue 14).  Usage: python3 scripts/words.py handlers/*.c
import re, sys
lit = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
words = re.compile(r'[a-záéíóúñ]{2,}[,.:;]? [a-záéíóúñ]{2,}', re.I)
names = re.compile(r'^( ?[a-z_.0-9]+=%[.0-9]*[lz]*[sduf] ?)+$')
total = 0
for f in sys.argv[1:]:
    src = open(f, encoding='utf-8').read()
    src = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), src, flags=re.S)
    src = re.sub(r'log_(info|warn|err|debug)\((?:[^;]|"(?:[^"\\]|\\.)*")*;', '', src)
    n = sum(1 for m in lit.finditer(src)
            if words.search(m.group(1)) and not names.match(m.group(1)))
    if n:
        print(n, f)
    total += n
print(total, 'total')
