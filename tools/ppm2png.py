#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Convert a binary PPM (P6, maxval 255) to a PNG, with the standard library only.

    ppm2png.py in.ppm out.png

Made for hvx_sim's screen captures (/sys/kernel/debug/hvx_sim/screen-<relid>.ppm).
"""
import struct
import sys
import zlib


def read_ppm(data):
    """Return (width, height, rgb bytes) of a P6 image; ValueError if it is not one."""
    fields, pos = [], 0
    while len(fields) < 4:
        while pos < len(data) and data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":  # a comment, to the end of the line
            while pos < len(data) and data[pos:pos + 1] not in (b"\n", b"\r"):
                pos += 1
            continue
        start = pos
        while pos < len(data) and not data[pos:pos + 1].isspace():
            pos += 1
        if start == pos:
            raise ValueError("truncated header")
        fields.append(data[start:pos])
    pos += 1  # the one whitespace byte before the pixels
    if fields[0] != b"P6":
        raise ValueError("not a binary PPM (P6)")
    try:
        width, height, maxval = (int(f) for f in fields[1:])
    except ValueError:
        raise ValueError("bad width, height or maxval") from None
    if width < 1 or height < 1 or maxval != 255:
        raise ValueError("only 8-bit images of at least 1x1 pixel")
    rgb = data[pos:pos + width * height * 3]
    if len(rgb) != width * height * 3:
        raise ValueError("fewer pixels than the header says")
    return width, height, rgb


def chunk(kind, body):
    """A PNG chunk: length, type, data, CRC of type and data."""
    return (struct.pack(">I", len(body)) + kind + body +
            struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))


def png(width, height, rgb):
    """A truecolour 8-bit PNG, each row with filter 0 (none)."""
    stride = width * 3
    raw = b"".join(b"\0" + rgb[y * stride:(y + 1) * stride] for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: ppm2png.py in.ppm out.png\n")
        return 2
    with open(argv[1], "rb") as f:
        data = f.read()
    try:
        width, height, rgb = read_ppm(data)
    except ValueError as e:
        sys.stderr.write(f"ppm2png.py: {argv[1]}: {e}\n")
        return 1
    with open(argv[2], "wb") as f:
        f.write(png(width, height, rgb))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
