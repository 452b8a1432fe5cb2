"""The ribbon's actions through the live adapter make block calls, never a call per cell: on a
register three times as large, Validate, Refresh KPIs and Score suppliers make (about) the same
number of value reads, writes and format calls, while the cells they move grow with the data.
(Fills are read and set a multi-area range at a time: those calls follow the marks, not the
rows, and are counted apart; tests/addin/test_live_register.py checks how few they are.)"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orderdesk_addin
import pytest

from orderdesk.actions.register import register_tables
from orderdesk.adapters import register_file

from .fake_excel import FakeBook

ACTIONS = ("odValidate", "odRefreshKpis", "odScoreSuppliers")
BLOCK_CALLS = ("read", "write", "format", "used_range")


def _calls(tmp_path: Path, orders: int, button: str) -> tuple[Counter[str], Counter[str]]:
    path = tmp_path / f"register-{orders}.xlsx"
    if not path.exists():
        register_file.write_register(path, register_tables(orders, 1)[0])
    book = FakeBook.from_xlsx(path)
    assert orderdesk_addin.run(button, book=book) is not None, book.app.alerts
    return book.calls, book.cells


@pytest.fixture(scope="module")
def measured(
    tmp_path_factory,
) -> dict[str, tuple[Counter[str], Counter[str], Counter[str], Counter[str]]]:
    tmp = tmp_path_factory.mktemp("live")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ORDERDESK_TODAY", "2026-11-15")
        for button in ACTIONS:
            small_calls, small_cells = _calls(tmp, 30, button)
            large_calls, large_cells = _calls(tmp, 90, button)
            out[button] = (small_calls, small_cells, large_calls, large_cells)
    return out


@pytest.mark.parametrize("button", ACTIONS)
def test_calls_do_not_grow_with_the_rows(measured, button: str) -> None:
    small_calls, small_cells, large_calls, large_cells = measured[button]
    for kind in BLOCK_CALLS:
        assert large_calls[kind] <= small_calls[kind] + 3, (kind, small_calls, large_calls)
    assert large_cells["read"] > 1.5 * small_cells["read"], (small_cells, large_cells)  # it grew


def test_a_call_per_cell_would_be_seen(tmp_path: Path) -> None:
    """The check above can fail: writing a column cell by cell shows as many calls as rows."""
    book = FakeBook.from_xlsx(_small(tmp_path))
    sheet = book.sheets["Orders"]
    for row in range(2, 12):
        sheet.range((row, 1)).value = f"SO-{row}"
    assert book.calls["write"] == 10 and book.cells["write"] == 10


def _small(tmp_path: Path) -> Path:
    path = tmp_path / "small.xlsx"
    register_file.write_register(path, register_tables(0, 1)[0])
    return path
