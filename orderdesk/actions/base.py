"""What every action returns, and how it reports progress."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass
class Outcome:
    """The result of an action: a one-line summary, the findings count (exit code 1 when > 0),
    detail lines for a person, and data for `--json`."""

    summary: str
    findings: int = 0
    details: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "findings": self.findings,
            "details": self.details,
            **self.data,
        }


class Progress(Protocol):
    """Progress of long work: the terminal shows a bar, Excel its status bar."""

    def start(self, label: str, total: int | None = None) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def done(self) -> None: ...


class NoProgress:
    def start(self, label: str, total: int | None = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


NO_PROGRESS = NoProgress()


@contextmanager
def stage(progress: Progress, label: str, total: int | None = None) -> Iterator[Progress]:
    progress.start(label, total)
    try:
        yield progress
    finally:
        progress.done()


# --- what every action says the same way ------------------------------------------------------


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 problem', '2 problems', '0 problems' ('1 entry', '3 entries' with `many`)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
