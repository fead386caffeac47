# SPDX-License-Identifier: GPL-2.0
"""ptptool.py DEV: how far the PTP clock DEV is ahead of CLOCK_REALTIME, in
whole seconds, or "error ERRNO" when reading it fails."""
import os
import sys
import time

fd = os.open(sys.argv[1], os.O_RDONLY)
clock = ((~fd) << 3) | 3  # FD_TO_CLOCKID
try:
    print(round(time.clock_gettime(clock) - time.time()))
except OSError as e:
    print("error", e.errno)
