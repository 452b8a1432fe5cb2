"""What a statement file gives: its booked entries, what was left out, and the errors it can raise."""

from __future__ import annotations

from dataclasses import dataclass, field

from orderdesk.domain.payments.entries import BankEntry
from orderdesk.errors import OrderDeskError


class StatementError(OrderDeskError):
    """A statement file that cannot be imported; the message names the file and the line or
    element. Raised before anything is written: a broken file imports nothing. `file` and `line`
    say the same for a program (`--json`)."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.file = file
        self.line = line


@dataclass
class Statement:
    name: str  # the file name
    format: str  # "camt.053.001.08", "MT940" …
    entries: list[BankEntry]
    skipped: list[str] = field(default_factory=list)  # entries not booked (pending, info)
    ids: str = ""  # the statements' own ids
    notes: list[str] = field(default_factory=list)  # what was read leniently, and where
