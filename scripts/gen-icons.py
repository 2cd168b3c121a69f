#!/usr/bin/env python3
"""Draw the JobHunter app icon (a briefcase on a rounded blue square) as RGBA PNGs.

Standard library only (zlib + struct). Writes icons/32x32.png, icons/128x128.png,
icons/128x128@2x.png and icons/icon.png (512x512). Run from the repo root:

    python3 scripts/gen-icons.py
"""
import os
import struct
import zlib

SIZES = {"32x32.png": 32, "128x128.png": 128, "128x128@2x.png": 256, "icon.png": 512}
SS = 4  # supersampling per axis, for anti-aliased edges


def rounded_rect(x, y, x0, y0, x1, y1, r):
    """True when (x, y) lies in the rectangle [x0,x1]x[y0,y1] with corner radius r."""
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def sample(u, v):
    """Colour (r, g, b, a) of the icon at unit coordinates (u, v), both in [0, 1]."""
    if not rounded_rect(u, v, 0.02, 0.02, 0.98, 0.98, 0.2):
        return (0, 0, 0, 0)
    # background: diagonal gradient, indigo to teal
    t = (u + v) / 2
    bg = (
        int(49 + (20 - 49) * t),
        int(70 + (160 - 70) * t),
        int(200 + (170 - 200) * t),
        255,
    )
    white = (255, 255, 255, 255)
    # handle: a rounded ring above the case
    in_handle_outer = rounded_rect(u, v, 0.37, 0.20, 0.63, 0.40, 0.07)
    in_handle_inner = rounded_rect(u, v, 0.43, 0.26, 0.57, 0.40, 0.03)
    if in_handle_outer and not in_handle_inner:
        return white
    # case body
    if rounded_rect(u, v, 0.18, 0.34, 0.82, 0.80, 0.07):
        # a band across the body and a clasp in the middle
        if rounded_rect(u, v, 0.45, 0.47, 0.55, 0.59, 0.02):
            return white
        if 0.51 <= v <= 0.55:
            return bg
        return white
    return bg


def render(size):
    rows = []
    n = SS * SS
    for py in range(size):
        row = bytearray([0])  # filter type 0 (None)
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    r, g, b, a = sample((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            if acc[3] == 0:
                row += bytes(4)
            else:
                row += bytes(
                    [acc[0] // acc[3], acc[1] // acc[3], acc[2] // acc[3], acc[3] // n]
                )
        rows.append(bytes(row))
    return b"".join(rows)


def png(size, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "icons")
    os.makedirs(out, exist_ok=True)
    for name, size in SIZES.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(png(size, render(size)))
        print(f"icons/{name} ({size}x{size})")


if __name__ == "__main__":
    main()
