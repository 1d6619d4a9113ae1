#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Run a command; print "MS KB RC": its wall time in milliseconds, the
peak resident memory of it and its children in KiB (getrusage), and its
exit status.  stdin/stdout pass through; the figures go to fd 3 when it is
open, else to stderr.

Usage: measure.py COMMAND [ARG...]
"""
import os
import resource
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    t0 = time.monotonic()
    rc = subprocess.call(argv[1:])
    ms = (time.monotonic() - t0) * 1000
    kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    line = "%d %d %d\n" % (round(ms), kb, rc)
    try:
        os.write(3, line.encode())
    except OSError:
        sys.stderr.write(line)


if __name__ == "__main__":
    main(sys.argv)
