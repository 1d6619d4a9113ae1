#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The layer rule of the source tree (HACKING.md), checked on every C file.

Folders are ordered by the flow of mail: a file may include headers of its
own folder and of folders below it, never of one above or beside it.  Every
include of a project header names its folder ("mail/message.h"), so a
header's place is visible where it is used.  And no two modules (a .c with
its .h) include each other: such a pair is one module cut in two, or a
cycle that makes neither testable alone.  A header named *_int.h or
*_internal.h is private to its folder: its implementation's details,
shared by that folder's files only, so it may include its public header.

Exit 0 when the tree keeps the rule; otherwise one line per breach, exit 1.
"""
import os
import re
import sys

# Rank of each folder: lower ranks are below.  Same rank: peers, which may
# not include each other (each stands on what is below it only).
RANK = {
    "common": 0,
    "config": 1,
    "mail": 2, "store": 2, "spool": 2,
    "mailbox": 3, "outbox": 3, "letters": 3,
    "handlers": 4,
    "jobs": 5,
    "daemon": 6, "ctl": 6,
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def sources(root):
    for folder in sorted(RANK):
        path = os.path.join(root, folder)
        for name in sorted(os.listdir(path)):
            if name.endswith((".c", ".h")):
                yield folder, name


def includes(root, folder, name):
    with open(os.path.join(root, folder, name), encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                yield lineno, m.group(1)


def main(root):
    errors = []
    uses = {}  # module "folder/base" -> set of modules it includes
    for folder, name in sources(root):
        here = "%s/%s" % (folder, name)
        module = here.rsplit(".", 1)[0]
        for lineno, inc in includes(root, folder, name):
            where = "%s:%d" % (here, lineno)
            parts = inc.split("/")
            if len(parts) != 2 or parts[0] not in RANK:
                errors.append('%s: include "%s" does not name its folder'
                              % (where, inc))
                continue
            if not os.path.exists(os.path.join(root, inc)):
                errors.append('%s: "%s" does not exist' % (where, inc))
                continue
            target = parts[0]
            private = inc.endswith(("_int.h", "_internal.h"))
            if private and target != folder:
                errors.append('%s: "%s" is private to %s/'
                              % (where, inc, target))
            if target != folder and RANK[target] >= RANK[folder]:
                errors.append('%s: %s/ includes "%s", which is %s it'
                              % (where, folder, inc,
                                 "beside" if RANK[target] == RANK[folder]
                                 else "above"))
            other = inc.rsplit(".", 1)[0]
            if other != module and not private and \
                    not here.endswith(("_int.h", "_internal.h")):
                uses.setdefault(module, set()).add(other)
    for a in sorted(uses):
        for b in sorted(uses[a]):
            if a < b and a in uses.get(b, ()):
                errors.append("%s and %s include each other" % (a, b))
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
