#!/usr/bin/env python3
"""Writes an image-folder ZIP of about TARGET_MB megabytes: 50 class folders of 105x105 grey noise PNGs (stored, not
deflated, so the archive is the size asked). Usage: make_zip.py OUT.zip [TARGET_MB=50]"""
import random
import struct
import sys
import zipfile
import zlib

SIDE = 105
CLASSES = 50


def png(rng):
    raw = b"".join(b"\x00" + rng.randbytes(SIDE) for _ in range(SIDE))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIDE, SIDE, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def main():
    out, target = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 50
    rng = random.Random(0)
    written, i = 0, 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        while written < target * 1_000_000:
            data = png(rng)
            z.writestr(f"class{i % CLASSES:02d}/img{i:05d}.png", data)
            written += len(data)
            i += 1
    print(i)


main()
