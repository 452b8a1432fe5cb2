"""Scans and photos of purchase orders, through an OCR engine that runs offline.

`rapidocr-onnxruntime` ships the PP-OCRv4 detection, direction and Chinese+Latin recognition
models inside its wheel: nothing is downloaded when it runs. It is the optional extra
`orderdesk[ocr]` (part of `dev`, so CI reads scans); without it a scan is refused with the
command that installs it. A scan a little askew is straightened from the slant of the text boxes
before they are laid out in lines.
"""

from __future__ import annotations

import io
import math
import statistics
from functools import cache
from typing import Any

from orderdesk.adapters.intake.layout import Word, lines_of
from orderdesk.domain.intake.source import IntakeError, Line, Source

MISSING = (
    "reading scans needs the OCR engine, which is not installed: "
    "pip install 'orderdesk[ocr]' (rapidocr-onnxruntime; its models come inside the package)"
)


class OcrMissing(IntakeError):
    """The optional OCR engine is not installed."""


@cache
def engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise OcrMissing(MISSING) from exc
    return RapidOCR()


def ocr_lines(image: Any, file: str, page: int) -> list[Line]:
    """The lines of text in one page image (a PIL image)."""
    import numpy as np

    try:
        reader = engine()
    except OcrMissing as exc:
        raise OcrMissing(f"{file}, page {page}: {exc}") from exc
    try:
        result, _ = reader(np.asarray(image.convert("RGB")))
    except Exception as exc:  # the engine's own failure on this image: name the page
        raise IntakeError(f"{file}, page {page}: the OCR engine could not read it ({exc})") from exc
    boxes = [(b, str(t), float(s)) for b, t, s in (result or []) if str(t).strip()]
    if not boxes:
        return []
    slants = [
        math.atan2(b[1][1] - b[0][1], b[1][0] - b[0][0])
        for b, t, _ in boxes
        if b[1][0] - b[0][0] > 60 and len(t) > 3
    ]
    angle = statistics.median(slants) if slants else 0.0
    cos, sin = math.cos(-angle), math.sin(-angle)

    def turn(p: list[float]) -> tuple[float, float]:
        return p[0] * cos - p[1] * sin, p[0] * sin + p[1] * cos

    words = []
    for box, text, score in boxes:
        pts = [turn(p) for p in box]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        words.append(Word(text, min(xs), max(xs), min(ys), max(ys), score))
    return lines_of(words, file, page, gap=1.2)


def read_image(name: str, data: bytes) -> Source:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise IntakeError(f"{name}: not an image that can be read ({exc})") from exc
    source = Source(name, "scan")
    n = 0
    while True:  # a multi-page TIFF: every frame is a page
        source.lines += ocr_lines(image, name, n + 1)
        n += 1
        try:
            image.seek(n)
        except EOFError:
            break
    return source
