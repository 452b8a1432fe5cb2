"""Same seed, same data — on any machine and hash seed; and other areas extend the sample through
the extension registry without touching the generator."""

from __future__ import annotations

import hashlib
import os
import pkgutil
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import orderdesk.sample as sample_pkg
from orderdesk.actions.register import new_register
from orderdesk.sample import EXTENSIONS, Extension, Sample, generate, load_extensions
from orderdesk.schema import Complaints, OrderLines, Orders

DIGEST = """
import hashlib, sys
from orderdesk.sample import generate
s = generate(80, seed=5)
h = hashlib.sha256()
for table, frame in s.tables.items():
    h.update(table.sheet.encode())
    h.update(frame.to_csv(index=False).encode())
h.update(repr([p.as_dict() for p in s.planted]).encode())
h.update(repr([m.as_dict() for m in s.messy]).encode())
print(h.hexdigest())
"""


def _digest(sample: Sample) -> str:
    h = hashlib.sha256()
    for table, frame in sample.tables.items():
        h.update(table.sheet.encode())
        h.update(frame.to_csv(index=False).encode())
    h.update(repr([p.as_dict() for p in sample.planted]).encode())
    h.update(repr([m.as_dict() for m in sample.messy]).encode())
    return h.hexdigest()


def test_same_seed_same_data_whatever_the_hash_seed(sample80_seed5: Sample) -> None:
    """Two interpreters with other hash seeds give the data this test run generated (conftest:
    `generate(80, seed=5)`, in whichever process of the run asked first)."""
    # Both interpreters at once: each is a separate process with its own hash seed either way.
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", DIGEST],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for hash_seed in ("1", "4242")
    ]
    runs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        runs.append(out.strip())
    assert runs[0] == runs[1] == _digest(sample80_seed5)


def test_another_seed_gives_other_data(sample80_seed5: Sample) -> None:
    a, b = sample80_seed5, generate(80, seed=6)
    assert _digest(a) != _digest(b)
    assert not a.tables[Orders][Orders.order_date].equals(b.tables[Orders][Orders.order_date])


def test_the_sample_day_is_fixed_not_today() -> None:
    """Nothing depends on the clock: the data is dated from `as_of`."""
    import datetime as dt

    sample = generate(40, seed=3, as_of=dt.date(2025, 6, 30))
    assert sample.tables[Orders][Orders.order_date].max() <= pd.Timestamp(2025, 6, 30)


def test_new_register_twice_gives_the_same_workbook_values(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    outcomes, values = [], []
    for name in ("a.xlsx", "b.xlsx"):
        outcome = new_register(tmp_path / name, sample_orders=60, seed=7)
        outcomes.append(outcome)
        book = CalamineWorkbook.from_path(str(tmp_path / name))
        values.append({s: book.get_sheet_by_name(s).to_python() for s in book.sheet_names})
    assert values[0] == values[1]
    assert outcomes[0].data["planted"] == outcomes[1].data["planted"]
    assert {p["rule"] for p in outcomes[0].data["planted"]} >= {"HS-UNKNOWN", "CREDIT-LIMIT"}


@pytest.fixture
def registry() -> Iterator[dict[str, Extension]]:
    """The real registry with every package extension loaded (so none registers for the first
    time during the test); whatever the test registers is removed afterwards."""
    load_extensions()
    before = dict(EXTENSIONS)
    yield EXTENSIONS
    EXTENSIONS.clear()
    EXTENSIONS.update(before)


def test_generate_imports_every_module_of_the_package() -> None:
    load_extensions()
    names = {m.name for m in pkgutil.walk_packages(sample_pkg.__path__, "orderdesk.sample.")}
    assert names <= set(sys.modules)


def test_extensions_run_in_order_each_with_its_own_generator(
    registry: dict[str, Extension], tmp_path: Path
) -> None:
    seen: list[tuple[str, float]] = []

    def statements(sample: Sample, rng: random.Random) -> None:
        # Extensions see clean, typed values: the messy cells are typed in afterwards.
        assert sample.frame(OrderLines)[OrderLines.unit_price].dtype == "float64"
        assert sample.messy == []
        seen.append(("statements", rng.random()))
        sample.files["statements/2026-11.txt"] = b"statement"

    def complaint(sample: Sample, rng: random.Random) -> None:
        seen.append(("complaint", rng.random()))
        first = sample.frame(Orders)[Orders.order_id].iloc[0]
        sample.append(
            Complaints,
            [{Complaints.complaint_id: "CP-TEST-1", Complaints.order_id: first,
              Complaints.date: sample.as_of, Complaints.cause: "other"}],
        )  # fmt: skip

    sample_pkg.extension(20, name="test.statements")(statements)
    sample_pkg.extension(10, name="test.complaint")(complaint)

    sample = generate(40, seed=3)
    assert [name for name, _ in seen] == ["complaint", "statements"]
    assert "CP-TEST-1" in set(sample.tables[Complaints][Complaints.complaint_id])
    assert sample.messy  # typed in after the extensions
    first_draws = dict(seen)

    # Same seed, same draws; and one extension leaving does not change what the other draws.
    seen.clear()
    del registry["test.complaint"]
    again = generate(40, seed=3)
    assert dict(seen) == {"statements": first_draws["statements"]}
    assert "CP-TEST-1" not in set(again.tables[Complaints][Complaints.complaint_id])

    # Extra files land beside the register.
    outcome = new_register(tmp_path / "Register.xlsx", sample_orders=40, seed=3)
    assert (tmp_path / "statements" / "2026-11.txt").read_bytes() == b"statement"
    assert any("2026-11.txt" in line for line in outcome.details)
