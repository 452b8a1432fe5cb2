"""docs/sample-data.md lists the committed sample's planted and messy records: keep it true."""

from __future__ import annotations

import re
from pathlib import Path

from tests.sample.conftest import Written

DOC = Path(__file__).resolve().parents[2] / "docs" / "sample-data.md"


def _table_after(heading: str) -> list[list[str]]:
    """The rows of the first table under a heading (without its header and --- lines)."""
    lines = DOC.read_text(encoding="utf-8").split(heading, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    block = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        block.append([cell.strip() for cell in line.strip("|").split("|")])
    return block[2:]


def _key(record: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p for p in record.split(" / "))


def test_planted_table_is_the_committed_samples(sample300: Written) -> None:
    documented = {
        (row[0].split(" ")[0], row[1], _key(row[2]), row[3])
        for row in _table_after("## Planted problems")
    }
    actual = {(p.rule, p.sheet, p.key, str(p.column)) for p in sample300.sample.planted}
    assert documented == actual


def test_messy_table_is_the_committed_samples(sample300: Written) -> None:
    documented = {
        (row[0], _key(row[1]), row[2], re.search(r"`([^`]*)`", row[3]).group(1))  # type: ignore[union-attr]
        for row in _table_after("## Messy cells")
    }
    actual = {(m.sheet, m.key, str(m.column), m.raw) for m in sample300.sample.messy}
    assert documented == actual
