"""The digest as a person sees it: headless Chromium renders the preview, and the screenshot is not blank.

Debian's `chromium` is installed by `make test` (the Makefile's `chromium`
target); without it this test fails, it does not skip. The screenshot is
kept as test-artifacts/digest-screenshot.png.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

from reports.digest import write_preview
from tests.conftest import ARTIFACTS

WIDTH, HEIGHT = 900, 1400


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows) of an 8-bit, non-interlaced PNG: enough for a screenshot."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert (depth, interlace) == (8, 0), header
    assert colour in (2, 6), header
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        rows.append(bytes(prev := _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), prev, bpp)))
    return width, height, bpp, rows


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> bytearray:
    """Undo one scanline's PNG filter (RFC 2083 section 6)."""
    if kind == 0:
        return line
    if kind == 2:
        return bytearray((x + b) & 255 for x, b in zip(line, prev, strict=True))
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + a) & 255
        elif kind == 3:
            line[i] = (line[i] + ((a + prev[i]) >> 1)) & 255
        else:
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    return line


def test_digest_renders_in_chromium(corpus_store: tuple[Path, Any], tmp_path: Path) -> None:
    browser = shutil.which("chromium")
    assert browser, "Debian's chromium is needed for this test: run `make chromium` (apt-get install chromium)"
    page = write_preview(corpus_store[0], tmp_path / "digest.html")
    shot = tmp_path / "digest.png"
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            f"--window-size={WIDTH},{HEIGHT}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.exists(), done.stderr[-2000:]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTIFACTS / "digest-screenshot.png")

    width, height, bpp, rows = decode_png(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    colours = Counter(row[i : i + 3] for row in rows[::4] for i in range(0, len(row), bpp * 4))
    assert len(colours) > 50, f"only {len(colours)} colours: the page looks blank"
    _background, share = colours.most_common(1)[0]
    assert share / sum(colours.values()) < 0.9, "one colour covers nearly the whole page"
    dark = sum(n for colour, n in colours.items() if sum(colour) < 200)
    assert dark > 200, "hardly any dark pixels: no text was drawn"
    lum = [sum(colour) / 3 for colour, n in colours.items() for _ in range(n)]
    mean = sum(lum) / len(lum)
    assert sum((v - mean) ** 2 for v in lum) / len(lum) > 100, "no contrast on the page"
