"""A hostile register: hypothesis types control characters, huge strings, extreme dates and
numbers, formulas, error values, right-to-left text and emoji into cells of every table of a
sample register, then runs every action on the command line over it. Each action may refuse (exit
2, a message), may find things (exit 1), but never fails as a bug (exit 3), never shows a
traceback, and never changes a cell of the user's.

Marked `slow`; on CI a few examples, derandomised (the same ones every run). More locally:

    ORDERDESK_FUZZ_EXAMPLES=200 .venv/bin/pytest -q tests/fuzz -p no:cacheprovider
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from orderdesk.cli import main
from orderdesk.sample import SAMPLE_AS_OF
from orderdesk.schema import OWNED_SHEETS, OrderLines, Orders, Table, tables
from tests.register.hostile import replace_in_parts

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("ORDERDESK_FUZZ_EXAMPLES", "3"))

# Control characters cannot go through openpyxl: they are typed as placeholders and put into
# the package as Excel stores them (`_x0007_`).
CONTROLS = ["\x07", "\x00", "\x1b", "\x0b", "\x1f"]


def placeholder(ch: str) -> str:
    return f"⟦{ord(ch):02X}⟧"


plain = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="_⟦⟧"),
    max_size=20,
)
hostile_values = st.one_of(
    st.builds(lambda a, c, b: a + c + b, plain, st.sampled_from(CONTROLS), plain),
    st.integers(32_768, 60_000).map(lambda n: "长" * n),  # past Excel's cell limit
    st.sampled_from([dt.date(9999, 12, 31), dt.datetime(3000, 1, 1, 12, 30), dt.date(1900, 1, 1)]),
    st.sampled_from([1e308, -1e308, 2**63, -(2**63), 1e-300, 0.1 + 0.2, -0.0]),
    st.sampled_from(
        ["=1/0", '=HYPERLINK("http://x","y")', "=SUM(A:A)", "+cmd|' /C calc'!A0", "@SUM(1)"]
    ),
    st.sampled_from(["#DIV/0!", "#N/A", "#REF!"]),
    st.sampled_from(["مرحبا بالعالم", "\u202eevil\u202c", "שלום", "👨‍👩‍👧‍👦🚢", "Ωmega 東京"]),
    plain,
)

USER_TABLES = [t for t in tables() if t.sheet not in OWNED_SHEETS]


def actions(path: Path, out: Path) -> list[list[str]]:
    p = str(path)
    statements = sorted(str(s) for s in path.parent.glob("statement-*"))
    return [
        ["about", p],
        ["validate", p],
        ["questions", p],
        ["kpi", p],
        ["suppliers", "score", p],
        ["quote", "reprice", p],
        ["quote", "verify-log", p],
        ["export", "sheet", p, "--sheet", "Orders", "--out", str(out / "orders.csv")],
        ["export", "settlement", p, "--period", "2026-10", "--out", str(out / "settle.csv")],
        ["sync", "bank", p, *[a for s in statements for a in ("--statement", s)]],
        ["sync", "tracking", p, "--sandbox"],
        ["docs", p, "--all-ready", "--kind", "pi", "--out", str(out / "docs")],
    ]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("fuzz-sample")
    env = {
        "ORDERDESK_TODAY": SAMPLE_AS_OF.isoformat(),
        "ORDERDESK_JOURNAL_DIR": str(folder / "journals"),
        "ORDERDESK_LOCK_WAIT": "5",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    path = folder / "Sample.xlsx"
    code, out = cli(["new-register", str(path), "--sample-orders", "12"])
    assert code == 0, out
    yield path
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def cli(argv: list[str]) -> tuple[int, str]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        code = main(argv)
    return code, buffer.getvalue()


def user_cells(path: Path) -> dict[tuple[str, int, int], Any]:
    """Every cell of the user's columns in the user's tables, as openpyxl reads the file.

    Read-only, and only the user's sheets: openpyxl parses the cells of a sheet only when its
    rows are iterated, so OrderDesk's own sheets (KPI, Issues, Lists …) and the styles of every
    cell are not loaded; the values are those `load_workbook(path)` gives (the same parser)."""
    wb = load_workbook(path, read_only=True)
    try:
        cells: dict[tuple[str, int, int], Any] = {}
        for sheet, owned in _owned_by_sheet().items():
            if sheet not in wb.sheetnames:
                continue
            rows = wb[sheet].iter_rows(values_only=True)
            header = next(rows, ())
            # a column counts when some table on the sheet does not own it (Settings holds many)
            columns = [
                j
                for j, name in enumerate(header)
                if name is not None and any(name not in mine for mine in owned)
            ]
            for r, row in enumerate(rows, start=2):
                for j in columns:
                    value = row[j] if j < len(row) else None
                    if value is not None:
                        cells[(sheet, r, j + 1)] = value
        return cells
    finally:
        wb.close()


def _owned_by_sheet() -> dict[str, list[set[str]]]:
    """Each user sheet's tables, as the headers each owns (OrderDesk's own columns)."""
    out: dict[str, list[set[str]]] = {}
    for table in USER_TABLES:
        out.setdefault(table.sheet, []).append({str(c) for c in table.columns() if c.owned})
    return out


class ReadOnce:
    """`user_cells`, read again only when the file's bytes changed: the cells are a function of
    the bytes, and most of this test's time was openpyxl re-reading a register that an action
    (about, questions, an export) left byte for byte as it was."""

    def __init__(self) -> None:
        self.seen: dict[bytes, dict[tuple[str, int, int], Any]] = {}

    def __call__(self, path: Path) -> dict[tuple[str, int, int], Any]:
        digest = hashlib.sha256(path.read_bytes()).digest()
        if digest not in self.seen:
            self.seen[digest] = user_cells(path)
        return self.seen[digest]


def plant(
    path: Path, picks: list[tuple[type[Table], int, int, Any]]
) -> list[tuple[str, int, int, Any]]:
    """Type the hostile values into the register; returns where they went."""
    wb = load_workbook(path)
    planted = []
    controls: dict[bytes, bytes] = {}
    for table, row_pick, col_pick, value in picks:
        ws = wb[table.sheet]
        header = [c.value for c in ws[1] if c.value is not None]
        if ws.max_row < 2 or not header:
            continue
        row = 2 + row_pick % (ws.max_row - 1)
        col = 1 + col_pick % len(header)
        if isinstance(value, str):
            for ch in CONTROLS:
                if ch in value:
                    value = value.replace(ch, placeholder(ch))
                    controls[placeholder(ch).encode()] = f"_x{ord(ch):04X}_".encode()
        ws.cell(row, col).value = value
        planted.append((table.sheet, row, col, value))
    wb.save(path)
    if controls:
        replace_in_parts(path, controls)
    return planted


picks = st.lists(
    st.tuples(
        st.sampled_from(USER_TABLES),
        st.integers(0, 10_000),
        st.integers(0, 100),
        hostile_values,
    ),
    min_size=len(USER_TABLES) // 2,
    max_size=len(USER_TABLES) * 2,
)


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # each example runs every action: no shrinking
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(chosen=picks, every_table=st.permutations(USER_TABLES))
def test_every_action_survives_a_hostile_register(
    sample: Path, tmp_path_factory: pytest.TempPathFactory, chosen, every_table
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "Hostile.xlsx"
    shutil.copy(sample, path)
    for statement in sample.parent.glob("statement-*"):
        shutil.copy(statement, folder / statement.name)
    # one value in every table at least, then the lists' own picks
    first = [
        (t, i * 7, i * 3, v)
        for i, (t, (_, _, _, v)) in enumerate(zip(every_table, chosen * 9, strict=False))
    ]
    plant(path, [*first, *chosen])
    read = ReadOnce()
    before = read(path)
    for argv in actions(path, folder):
        code, out = cli(argv)
        assert code != 3, f"orderdesk {' '.join(argv[:2])}: exit 3\n{out[-3000:]}"
        assert "Traceback" not in out, out[-3000:]
        after = read(path)
        lost = {k: v for k, v in before.items() if after.get(k) != v}
        assert not lost, (
            f"orderdesk {' '.join(argv[:2])} changed the user's cells: {list(lost)[:5]}"
        )


def test_the_cell_check_sees_a_changed_cell(sample: Path, tmp_path: Path) -> None:
    """The check above can fail: a user's cell changed on one sheet and a date on another
    (openpyxl, as an action that wrote them would leave them) are the cells it reports."""
    path = Path(shutil.copy(sample, tmp_path / "Changed.xlsx"))
    read = ReadOnce()
    before = read(path)
    wb = load_workbook(path)
    orders, lines = wb[Orders.sheet], wb[OrderLines.sheet]
    customer = 1 + [c.value for c in orders[1]].index(Orders.customer)
    qty = 1 + [c.value for c in lines[1]].index(OrderLines.qty)
    orders.cell(3, customer).value = "SOMEONE ELSE"
    lines.cell(2, qty).value = (lines.cell(2, qty).value or 0) + 1
    wb.save(path)
    after = read(path)
    lost = {k for k, v in before.items() if after.get(k) != v}
    assert lost == {(Orders.sheet, 3, customer), (OrderLines.sheet, 2, qty)}
