"""What every action returns, and how it reports progress."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from orderdesk.errors import RegisterError
from orderdesk.schema import Orders


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


class NoSuchOrder(RegisterError):
    """An order asked for by its ID is not in the register: a usage error (exit 2), for every
    command that takes `--order`, before anything is read further or written."""


def known_orders(asked: Iterable[str], known: Iterable[object]) -> list[str]:
    """The orders asked for, as the register spells them (trimmed, any case), in the order
    asked; refused, naming each, when one is not in the Orders sheet."""
    by_name: dict[str, str] = {}
    for value in known:
        if isinstance(value, str) and value.strip():
            by_name.setdefault(value.strip().casefold(), value.strip())
    wanted = list(dict.fromkeys(a.strip() for a in asked if a.strip()))
    unknown = [a for a in wanted if a.casefold() not in by_name]
    if unknown:
        raise NoSuchOrder(
            f"no such order: {', '.join(unknown)} (not in the '{Orders.order_id}' column of the "
            f"{Orders.sheet} sheet); nothing was done"
        )
    return [by_name[a.casefold()] for a in wanted]


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 problem', '2 problems', '0 problems' ('1 entry', '3 entries' with `many`)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
