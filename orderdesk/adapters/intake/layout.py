"""Words with positions → lines of cells: what a PDF page and an OCR engine give, laid out as a
person reads them (top to bottom; within a line, runs of words a wide gap separates)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from orderdesk.domain.intake.source import Cell, Line, Where


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float = 1.0


def lines_of(words: Iterable[Word], file: str, page: int, gap: float = 1.6) -> list[Line]:
    """Group words into lines (their vertical middles within half a line height) and a line into
    cells (a gap wider than `gap` × the line's height starts a new cell)."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        mid = (w.top + w.bottom) / 2
        if rows:
            last = rows[-1]
            lmid = sum((x.top + x.bottom) / 2 for x in last) / len(last)
            height = max(x.bottom - x.top for x in last)
            if abs(mid - lmid) <= max(height, w.bottom - w.top) * 0.5:
                last.append(w)
                continue
        rows.append([w])
    out: list[Line] = []
    for n, row in enumerate(rows, start=1):
        row.sort(key=lambda w: w.x0)
        height = max(w.bottom - w.top for w in row) or 1.0
        where = Where(file, page, n)
        cells: list[list[Word]] = [[row[0]]]
        for w in row[1:]:
            if w.x0 - cells[-1][-1].x1 > gap * height:
                cells.append([w])
            else:
                cells[-1].append(w)
        out.append(
            Line(
                tuple(
                    Cell(
                        " ".join(w.text for w in c),
                        c[0].x0,
                        c[-1].x1,
                        where,
                        min(w.confidence for w in c),
                    )
                    for c in cells
                )
            )
        )
    return out
