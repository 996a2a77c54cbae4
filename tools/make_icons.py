"""Draw the app icons (PNG) with the standard library only.

Run after changing the design: ``python tools/make_icons.py``. The PNGs are
committed; the manifest and the service worker reference them.
"""
import struct
import zlib
from pathlib import Path

BRAND = (11, 93, 75)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "portal" / "static" / "icons"


def inside_heart(x: float, y: float) -> bool:
    # The classic heart curve; y grows upwards.
    return (x * x + y * y - 1) ** 3 - x * x * y ** 3 <= 0


def inside_rounded(x: float, y: float, radius: float) -> bool:
    dx, dy = max(abs(x) - (1 - radius), 0), max(abs(y) - (1 - radius), 0)
    return dx * dx + dy * dy <= radius * radius


def draw(size: int, heart_scale: float, rounded: bool) -> bytes:
    rows, samples = [], 3
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            cover = heart = 0
            for sy in range(samples):
                for sx in range(samples):
                    x = ((px + (sx + 0.5) / samples) / size) * 2 - 1
                    y = 1 - ((py + (sy + 0.5) / samples) / size) * 2
                    if not rounded or inside_rounded(x, y, 0.22):
                        cover += 1
                        if inside_heart(x / heart_scale, (y + 0.05) / heart_scale):
                            heart += 1
            total = samples * samples
            alpha = round(255 * cover / total)
            mix = heart / cover if cover else 0
            colour = [round(b * (1 - mix) + w * mix) for b, w in zip(BRAND, WHITE, strict=True)]
            row += bytes(colour + [alpha])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def ico(png: bytes, size: int) -> bytes:
    """A one-image .ico holding a PNG, as browsers asking /favicon.ico expect."""
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png


if __name__ == "__main__":
    (OUT / "favicon.ico").write_bytes(ico(draw(32, 0.55, rounded=True), 32))
    (OUT / "icon-192.png").write_bytes(draw(192, 0.55, rounded=True))
    (OUT / "icon-512.png").write_bytes(draw(512, 0.55, rounded=True))
    # Maskable: full-bleed background, the heart inside the 80% safe zone.
    (OUT / "icon-maskable-512.png").write_bytes(draw(512, 0.42, rounded=False))
    print("Wrote icons to", OUT)
