#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""Save the attachments of every .eml in a folder (the demo's replies) into
another folder, so a person can open the PDF letters."""
import email
import email.policy
import os
import sys

src, dst = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(src)):
    with open(os.path.join(src, name), "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    for part in msg.iter_attachments():
        fn = os.path.basename(part.get_filename() or "adjunto.bin")
        os.makedirs(dst, exist_ok=True)
        with open(os.path.join(dst, name[:2] + "-" + fn), "wb") as out:
            out.write(part.get_payload(decode=True))
