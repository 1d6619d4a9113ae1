#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Print, normalised, what one kept bench run decided and sent.

Two builds given the same mail must send the same replies and record the
same rows; only the clock, the random tokens and Message-IDs, and the
harness's own paths differ between runs.  This prints both kinds of
output with those masked, so that bench/same_output.sh can diff two runs
byte for byte (a change to parsing or composing shows up as a diff).

usage: same_output.py HARNESS_DIR   (a run kept with HARNESS_KEEP=1)
"""
import os
import re
import sqlite3
import sys

TOKEN = re.compile(rb"\[SS:([a-z0-9]{8,64})\]|\+([a-z0-9]{8,64})@")
EPOCH = re.compile(rb"\b1[6-9][0-9]{8}\b")
MSGID_RND = re.compile(rb"\.[0-9a-f]{16}@")
PACK = re.compile(rb"pack/[0-9a-f]{2}/[0-9a-f]+\.pack")


def tokens_in(data, found):
    for m in TOKEN.finditer(data):
        found.add(m.group(1) or m.group(2))


def mask_tokens(data, tokens):
    """Each token as T's, even where quoted-printable broke it."""
    for tok in sorted(tokens, key=len, reverse=True):
        soft = rb"(?:=\r?\n)?"
        pat = re.compile(soft.join(re.escape(bytes([c])) for c in tok))
        data = pat.sub(lambda m: re.sub(rb"[a-z0-9]", b"T", m.group(0)),
                       data)
    return data


def normalise(data, root):
    """Masked: the tokens a reply names in its headers, wherever it
    repeats them; each reply and row is masked with its own."""
    tokens = set()
    tokens_in(data, tokens)
    data = data.replace(root.encode(), b"DIR")
    data = mask_tokens(data, tokens)
    data = MSGID_RND.sub(b".RANDOM@", data)
    data = PACK.sub(b"PACK", data)
    data = re.sub(rb"(?m)(^|BLOB\[)Date: [^\r\n]*", rb"\1Date: DATE", data)
    data = re.sub(rb"boundary=\"?[^\"\r\n;]+", b"boundary=B", data)
    data = re.sub(rb"'spool_key_id'\|'[0-9a-f]+'", b"'spool_key_id'|KEY", data)
    return EPOCH.sub(b"EPOCH", data)


def sink_mails(root):
    """The replies at the sink without the sink's own trace headers."""
    out = []
    sink = os.path.join(root, "sink")
    for name in sorted(os.listdir(sink)):
        with open(os.path.join(sink, name), "rb") as f:
            data = f.read()
        head, sep, body = data.partition(b"\n\n")
        keep, skip = [], False
        for line in head.split(b"\n"):
            if line[:1] in (b" ", b"\t"):
                if not skip:
                    keep.append(line)
                continue
            skip = line.startswith((b"X-Client-", b"X-Helo-", b"X-Mail-",
                                    b"X-Rcpt-", b"Received:"))
            if not skip:
                keep.append(line)
        out.append(b"\n".join(keep) + sep + body)
    return out


def db_rows(path):
    rows = []
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for t in tables:
        for r in con.execute('SELECT * FROM "%s"' % t):
            cells = []
            for v in r:
                if isinstance(v, bytes):
                    cells.append(b"BLOB[" + v + b"]")
                else:
                    cells.append(repr(v).encode())
            rows.append(t.encode() + b"|" + b"|".join(cells))
    con.close()
    return rows


def main():
    root = sys.argv[1].rstrip("/")
    mails = sink_mails(root)
    rows = db_rows(os.path.join(root, "run", "tequio.db"))
    mails = sorted(normalise(m, root) for m in mails)
    rows = sorted(normalise(r, root) for r in rows)
    w = sys.stdout.buffer
    for m in mails:
        w.write(b"==== reply\n" + m + b"\n")
    for r in rows:
        w.write(b"==== row " + r + b"\n")


if __name__ == "__main__":
    main()
