"""A purchase order as the readers hand it over: lines of cells, each cell with where it sits.

Every channel comes down to the same shape. A PDF page gives lines of words (cells are the word
runs a wide gap separates), a scan gives the boxes the OCR engine found, a spreadsheet gives its
rows (cells are its cells), an e-mail gives its lines of text and then its attachments. The
extraction reads this shape only, so a rule about a label or a column works on every channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orderdesk.errors import OrderDeskError

CHANNELS = ("email", "pdf", "scan", "xlsx", "csv")


class IntakeError(OrderDeskError):
    """A purchase order file that cannot be read; the message names the file (page, line)."""


@dataclass(frozen=True)
class Where:
    """Where a piece of text was read: file (an attachment inside an e-mail is `mail.eml › po.pdf`),
    then page and line, or sheet and cell."""

    file: str
    page: int | None = None
    line: int | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file} {self.cell}"
        parts = [self.file]
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Cell:
    """One run of text with its horizontal extent (points, pixels or a column number) and how
    sure the reader is of it (1.0 for text a file carries; the OCR engine's score for a scan)."""

    text: str
    x0: float
    x1: float
    where: Where
    confidence: float = 1.0

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Line:
    cells: tuple[Cell, ...]

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)

    @property
    def where(self) -> Where:
        return self.cells[0].where

    @property
    def confidence(self) -> float:
        return min((c.confidence for c in self.cells), default=1.0)


@dataclass
class Source:
    """One file as read: its lines in reading order, the channel it came through, and for an
    e-mail the sender's address (it names the customer as surely as a VAT number)."""

    name: str
    channel: str
    lines: list[Line] = field(default_factory=list)
    sender: str | None = None

    def text_lines(self) -> list[str]:
        return [line.text for line in self.lines]


def line_of(texts: list[str], where: Where, confidence: float = 1.0, *, start: float = 0.0) -> Line:
    """A line of cells laid out one unit apart (spreadsheet columns, text split on tabs)."""
    return Line(
        tuple(
            Cell(t, start + i, start + i + 1, where, confidence) for i, t in enumerate(texts) if t
        )
    )
