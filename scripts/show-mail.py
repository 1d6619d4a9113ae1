#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""Print a mail as a person reads it: the main headers, decoded, and the
text body.  Used by scripts/demo.sh."""
import email
import email.policy
import sys

with open(sys.argv[1], "rb") as f:
    msg = email.message_from_binary_file(f, policy=email.policy.default)
for h in ("From", "To", "Reply-To", "Subject", "In-Reply-To",
          "Auto-Submitted"):
    if msg[h]:
        print(f"{h}: {msg[h]}")
body = msg.get_body(preferencelist=("plain",))
print()
print(body.get_content().rstrip() if body else "(sin texto)")
for part in msg.iter_attachments():
    print(f"[adjunto: {part.get_filename()} ({part.get_content_type()})]")
