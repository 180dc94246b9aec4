#!/usr/bin/env python3
"""Compile time of the generated code against the document's size, ours and NSwag's, from compile-cost.csv.

Writes compile-cost.png beside this script with the standard library only (a small rasteriser and a 3x5 pixel font):
this machine has no plotting package. The CSV has the columns document,document_mb,ours_s,nswag_s (nswag_s empty when
NSwag cannot read the document), as measured by `VoiceAi.Generators.Timing -- 1 --compile 3` in one run.
"""
import csv
import os
import struct
import zlib

FONT = {  # 3x5 glyphs, rows top to bottom, bits left to right
    "0": "111101101101111", "1": "010110010010111", "2": "111001111100111", "3": "111001111001111",
    "4": "101101111001001", "5": "111100111001111", "6": "111100111101111", "7": "111001010010010",
    "8": "111101111101111", "9": "111101111001111", "A": "010101111101101", "B": "110101110101110",
    "C": "011100100100011", "D": "110101101101110", "E": "111100110100111", "F": "111100110100100",
    "G": "011100101101011", "H": "101101111101101", "I": "111010010010111", "J": "001001001101010",
    "K": "101101110101101", "L": "100100100100111", "M": "101111111101101", "N": "110101101101101",
    "O": "010101101101010", "P": "110101110100100", "Q": "010101101110011", "R": "110101110101101",
    "S": "011100010001110", "T": "111010010010010", "U": "101101101101111", "V": "101101101101010",
    "W": "101101111111101", "X": "101101010101101", "Y": "101101010010010", "Z": "111001010100111",
    ".": "000000000000010", "-": "000000111000000", "(": "010100100100010", ")": "010001001001010",
    " ": "000000000000000", ",": "000000000010100", "/": "001001010100100", ":": "000010000010000",
}

here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(here, "compile-cost.csv"))))
W, H, LEFT, BOTTOM, TOP, RIGHT = 800, 480, 80, 70, 50, 190
pixels = bytearray(b"\xff" * (W * H * 3))


def dot(px, py, colour):
    if 0 <= px < W and 0 <= py < H:
        i = (py * W + px) * 3
        pixels[i:i + 3] = bytes(colour)


def line(x0, y0, x1, y1, colour, thick=1):
    steps = int(max(abs(x1 - x0), abs(y1 - y0), 1))
    for s in range(steps + 1):
        px, py = x0 + (x1 - x0) * s / steps, y0 + (y1 - y0) * s / steps
        for dx in range(-(thick // 2), thick - thick // 2):
            for dy in range(-(thick // 2), thick - thick // 2):
                dot(int(px) + dx, int(py) + dy, colour)


def disc(cx, cy, r, colour):
    for dx in range(-r, r + 1):
        for dy in range(-r, r + 1):
            if dx * dx + dy * dy <= r * r:
                dot(int(cx) + dx, int(cy) + dy, colour)


def text(tx, ty, value, colour=(0, 0, 0), scale=2):
    for n, ch in enumerate(value.upper()):
        glyph = FONT.get(ch, FONT[" "])
        for k, bit in enumerate(glyph):
            if bit == "1":
                for sx in range(scale):
                    for sy in range(scale):
                        dot(tx + n * 4 * scale + (k % 3) * scale + sx, ty + (k // 3) * scale + sy, colour)


max_x = max(float(r["document_mb"]) for r in rows) * 1.1
max_y = max(max(float(r["ours_s"]), float(r["nswag_s"] or 0)) for r in rows) * 1.2
X = lambda v: LEFT + (W - LEFT - RIGHT) * v / max_x
Y = lambda v: H - BOTTOM - (H - TOP - BOTTOM) * v / max_y

text(LEFT, 16, "Compile time of the generated client vs document size", scale=3)
for i in range(0, int(max_y) + 1, 5):
    line(LEFT, Y(i), W - RIGHT, Y(i), (225, 225, 225))
    text(LEFT - 30, int(Y(i)) - 5, str(i))
for i in range(0, int(max_x) + 1, 2):
    text(int(X(i)) - 4, H - BOTTOM + 10, str(i))
line(LEFT, Y(0), W - RIGHT, Y(0), (0, 0, 0), 2)
line(LEFT, Y(0), LEFT, TOP, (0, 0, 0), 2)
text(LEFT + 150, H - 30, "document size (MB)")
text(8, TOP - 16, "compile (s)")

for column, colour, label, offset in (("ours_s", (31, 119, 180), "VoiceAi.Generators", 0), ("nswag_s", (214, 39, 40), "NSwag 14.8", 24)):
    points = sorted((float(r["document_mb"]), float(r[column]), r["document"]) for r in rows if r[column])
    for (a, b, _), (c, d, _) in zip(points, points[1:]):
        line(X(a), Y(b), X(c), Y(d), colour, 3)
    for a, b, name in points:
        disc(X(a), Y(b), 5, colour)
        text(int(X(a)) + 8, int(Y(b)) - 16, f"{name} {b:.1f} s", colour)
    disc(W - RIGHT + 24, TOP + 40 + offset, 6, colour)
    text(W - RIGHT + 36, TOP + 35 + offset, label, colour)

raw = b"".join(b"\x00" + bytes(pixels[y * W * 3:(y + 1) * W * 3]) for y in range(H))
chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open(os.path.join(here, "compile-cost.png"), "wb").write(png)
