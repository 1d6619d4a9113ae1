#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# notarial_pdf.py KIND OUT.pdf - a one-page PDF like those notaries' and
# scanners' software write, whose file name will say nothing: its words
# are in a compressed content stream.  KIND:
#   acta      an OCR text layer (two-byte CIDs that are Unicode, hex) with
#             the title ACTA CONSTITUTIVA
#   poder     kerned literal strings (no space written between words):
#             PODER GENERAL, then the acta of the company it is for
#   notarial  only "escritura pública" and "notario público"
#   nada      a price list
# For tests/integration/test_notarial.sh and the fuzz seeds.
import sys
import zlib


def hexline(text):
    return "<" + "".join("%04X" % ord(c) for c in text) + "> Tj"


def literal(text):
    out = []
    for ch in text.encode("latin-1"):
        if ch in b"()\\":
            out.append("\\" + chr(ch))
        elif ch > 126:
            out.append("\\%03o" % ch)
        else:
            out.append(chr(ch))
    return "(" + "".join(out) + ")"


def kerned(text):
    # Each word apart, moved by a kerning number instead of a space.
    return "[" + " -250 ".join(literal(w) for w in text.split()) + "] TJ"


BODIES = {
    "acta": [hexline("ESCRITURA PÚBLICA NÚMERO 4,512"),
             hexline("ACTA CONSTITUTIVA"),
             hexline("de Maderas del Sur, Sociedad Anónima de Capital "
                     "Variable, ante el notario público número 5")],
    "poder": [kerned("ESCRITURA PÚBLICA NÚMERO 4,890"),
              kerned("PODER GENERAL PARA ACTOS DE ADMINISTRACIÓN"),
              kerned("que otorga Maderas del Sur, S.A. de C.V., cuya acta "
                     "constitutiva consta en la escritura 4,512")],
    "notarial": [literal("Escritura pública número 123") + " Tj",
                 literal("ante el notario público número 5") + " Tj"],
    "nada": [literal("Lista de precios de madera aserrada") + " Tj"],
}


def pdf(kind):
    lines = ["BT /F1 12 Tf 72 720 Td"]
    for text in BODIES[kind]:
        lines.append(text)
        lines.append("0 -16 Td")
    lines.append("ET")
    content = zlib.compress("\n".join(lines).encode("latin-1"))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, xref))
    return bytes(out)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in BODIES:
        sys.exit("usage: notarial_pdf.py acta|poder|notarial|nada OUT.pdf")
    with open(sys.argv[2], "wb") as f:
        f.write(pdf(sys.argv[1]))
