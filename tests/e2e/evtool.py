# SPDX-License-Identifier: GPL-2.0
"""Input events for the e2e tests (Debian's python3 inside the test guest).

  evtool.py find PATTERN          the /dev/input/eventN whose sysfs path
                                  contains PATTERN (a VMBus device GUID)
  evtool.py read DEV N READY      print N events as "type code value" (EV_KEY,
                                  EV_REL, EV_ABS only), touching READY once
                                  the device is open; exit 1 after 10 s
  evtool.py write DEV TYPE CODE VALUE   send one event (and a SYN_REPORT)
"""
import glob
import os
import select
import struct
import sys
import time

EVENT = struct.Struct("llHHi")  # struct input_event on 64-bit
EV_SYN, EV_KEY, EV_REL, EV_ABS = 0, 1, 2, 3


def find(pattern):
    for sysdir in sorted(glob.glob("/sys/class/input/event*")):
        if pattern in os.path.realpath(sysdir):
            print("/dev/input/" + os.path.basename(sysdir))
            return 0
    return 1


def read(dev, count, ready):
    fd = os.open(dev, os.O_RDONLY | os.O_NONBLOCK)
    open(ready, "w").close()
    deadline = time.monotonic() + 10
    seen = 0
    buf = b""
    while seen < count:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            print("timeout after %d events" % seen, file=sys.stderr)
            return 1
        buf += os.read(fd, EVENT.size * 64)
        while len(buf) >= EVENT.size and seen < count:
            _, _, etype, code, value = EVENT.unpack_from(buf)
            buf = buf[EVENT.size:]
            if etype in (EV_KEY, EV_REL, EV_ABS):
                print(etype, code, value, flush=True)
                seen += 1
    return 0


def write(dev, etype, code, value):
    fd = os.open(dev, os.O_WRONLY)
    os.write(fd, EVENT.pack(0, 0, etype, code, value) + EVENT.pack(0, 0, EV_SYN, 0, 0))
    os.close(fd)
    return 0


def main(argv):
    if argv[1:2] == ["find"] and len(argv) == 3:
        return find(argv[2])
    if argv[1:2] == ["read"] and len(argv) == 5:
        return read(argv[2], int(argv[3]), argv[4])
    if argv[1:2] == ["write"] and len(argv) == 6:
        return write(argv[2], *(int(a, 0) for a in argv[3:]))
    print(__doc__, file=sys.stderr)
    return 2


sys.exit(main(sys.argv))
