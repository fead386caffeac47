#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Framebuffer helpers for the video e2e test (runs in the guest).

  fbtool.py pattern FB W H SEED [Y1 Y2]  write the test pattern to lines
                                        Y1..Y2-1 (default all) of FB (XRGB)
  fbtool.py check PPM W H SEED [Y1 Y2]  the capture shows the pattern on
                                        those lines (exit 1 and say where not)
  fbtool.py black PPM Y1 Y2             lines Y1..Y2-1 of the capture are black
  fbtool.py cells PPM ROW N             text row ROW (8x16 cells) holds N equal,
                                        non-blank cells, and nothing after them
  fbtool.py export NAME FILE            send FILE to the host as an artifact
                                        (compressed, base64, on /dev/ttyS1)
"""
import base64
import sys
import zlib


def pixel(x, y, seed):
    """The pattern: every pixel differs from its neighbours in each channel."""
    return ((x * 7 + seed) & 0xff) << 16 | ((y * 13 + seed) & 0xff) << 8 | ((x ^ y) & 0xff)


def row_bytes(w, y, seed):
    out = bytearray(w * 4)
    for x in range(w):
        out[x * 4:x * 4 + 4] = pixel(x, y, seed).to_bytes(4, "little")
    return out


def cmd_pattern(fb, w, h, seed, y1=0, y2=None):
    w, h, seed, y1 = int(w), int(h), int(seed), int(y1)
    y2 = h if y2 is None else int(y2)
    with open(fb, "r+b", buffering=0) as f:
        f.seek(y1 * w * 4)
        f.write(b"".join(row_bytes(w, y, seed) for y in range(y1, y2)))
    return 0


def read_ppm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P6" or fields[3] != b"255":
        sys.exit("%s: not a P6 PPM" % path)
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h * 3]


def rgb(pix, w, x, y):
    i = (y * w + x) * 3
    return pix[i] << 16 | pix[i + 1] << 8 | pix[i + 2]


def cmd_check(ppm, w, h, seed, y1=0, y2=None):
    w, h, seed, y1 = int(w), int(h), int(seed), int(y1)
    y2 = h if y2 is None else int(y2)
    cw, ch, pix = read_ppm(ppm)
    if (cw, ch) != (w, h):
        print("capture is %dx%d, want %dx%d" % (cw, ch, w, h))
        return 1
    bad = [(x, y) for y in range(y1, y2) for x in range(w)
           if rgb(pix, w, x, y) != pixel(x, y, seed)]
    if bad:
        x, y = bad[0]
        print("%d pixels differ, first at %d,%d: %06x, want %06x"
              % (len(bad), x, y, rgb(pix, w, x, y), pixel(x, y, seed)))
        return 1
    return 0


def cmd_black(ppm, y1, y2):
    w, h, pix = read_ppm(ppm)
    lit = [(x, y) for y in range(int(y1), int(y2)) for x in range(w) if rgb(pix, w, x, y)]
    if lit:
        print("%d pixels lit, first at %d,%d" % (len(lit), *lit[0]))
        return 1
    return 0


def cmd_cells(ppm, row, n):
    w, h, pix = read_ppm(ppm)
    row, n = int(row), int(n)

    def cell(c):
        return tuple(rgb(pix, w, c * 8 + x, row * 16 + y) for y in range(16) for x in range(8))

    first = cell(0)
    if not any(first):
        print("cell 0 of row %d is blank" % row)
        return 1
    for c in range(1, n):
        if cell(c) != first:
            print("cell %d of row %d differs from cell 0" % (c, row))
            return 1
    # The cursor may blink in the cell right after the text: skip it.
    for c in range(n + 1, w // 8):
        if any(cell(c)):
            print("cell %d of row %d is not blank" % (c, row))
            return 1
    return 0


def cmd_export(name, path):
    data = base64.b64encode(zlib.compress(open(path, "rb").read(), 9)).decode()
    with open("/dev/ttyS1", "w") as out:
        for i in range(0, len(data), 76):
            out.write("HVX-ARTIFACT %s %s\n" % (name, data[i:i + 76]))
    return 0


COMMANDS = {"pattern": cmd_pattern, "check": cmd_check, "black": cmd_black,
            "cells": cmd_cells, "export": cmd_export}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    sys.exit(COMMANDS[sys.argv[1]](*sys.argv[2:]))
