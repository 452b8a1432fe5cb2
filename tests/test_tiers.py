"""The two test tiers as a developer meets them: `make check` (`-m "not slow"`) leaves out what
needs LibreOffice or the demo and keeps the rest; and a test run writes nothing where it runs
(hypothesis' files go to the temp directory). Run through pytest itself, as `make` does."""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from orderdesk.schema import Orders

ROOT = Path(__file__).resolve().parents[1]


def _pytest(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _collected(*args: str) -> set[str]:
    out = _pytest("--collect-only", "-q", *args)
    return {line.split("[")[0] for line in out.splitlines() if "::" in line}


@pytest.mark.slow  # runs pytest twice: on CI, not in the fast tier it checks
def test_the_fast_tier_leaves_out_libreoffice_and_the_demo() -> None:
    sheet = str(ROOT / "tests" / "kpi" / "test_sheet.py")
    everything = _collected(sheet)
    fast = _collected("-m", "not slow", sheet)
    lo = "tests/kpi/test_sheet.py::test_libreoffice_opens_the_kpi_sheet_with_its_charts"
    demo = "tests/kpi/test_sheet.py::test_demo_steps_score_suppliers_and_refresh_kpis_with_a_png"
    assert {lo, demo} <= everything
    assert lo not in fast and demo not in fast
    # The rest stays in the fast tier, but for what costs more than its budget.
    from tests import costs

    measured = costs.read()
    dear = {n.split("[")[0] for n in measured if costs.over_budget(n, measured)}
    assert fast == everything - {lo, demo} - dear


@pytest.mark.slow  # runs pytest three times
def test_a_run_writes_nothing_where_it_runs(tmp_path: Path) -> None:
    values = str(ROOT / "tests" / "register" / "test_values.py")  # hypothesis properties
    ours, spread, bare = tmp_path / "ours", tmp_path / "spread", tmp_path / "bare"
    for folder in (ours, spread, bare):
        folder.mkdir()
    _pytest("-q", values, cwd=ours)
    assert list(ours.iterdir()) == []
    # Nor on two workers, as `make check` and `make test` run.
    _pytest("-q", "-n", "2", values, cwd=spread)
    assert list(spread.iterdir()) == []
    # Without our conftest, hypothesis writes `.hypothesis/` where it runs: the check sees that.
    _pytest("-q", "--noconftest", values, cwd=bare)
    assert [p.name for p in bare.iterdir()] == [".hypothesis"]


def _names_a_test(entry: str) -> bool:
    """A `SLOW` entry names a test module, or a test function (or the start of its name) in it."""
    module, _, test = entry.partition("::")
    names = _test_functions(module)
    if names is None:
        return False
    return not test or any(n.startswith(test) for n in names)


@functools.cache
def _test_functions(module: str) -> tuple[str, ...] | None:
    path = ROOT / module
    if not path.is_file():
        return None
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return tuple(
        n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
    )


def test_every_slow_entry_names_a_test() -> None:
    from tests.conftest import SLOW

    assert [e for e in SLOW if not _names_a_test(e)] == []
    # A renamed test would leave its entry behind, and the check says so.
    assert not _names_a_test("tests/kpi/test_sheet.py::test_no_such_test")
    assert not _names_a_test("tests/kpi/test_no_such_module.py")


def test_make_register_gives_each_call_its_own_copy(
    make_register: Callable[..., Path], tmp_path: Path
) -> None:
    """`make_register` draws each distinct register once per session and copies it: a test sees
    its own rows, in a file of its own that no other test's edits reach."""
    one = {Orders: [{Orders.order_id: "SO-1", Orders.customer: "CU-1"}]}
    first = make_register(one, name="first.xlsx")
    again = make_register(one, name="again.xlsx")
    other = make_register({Orders: [{Orders.order_id: "SO-2", Orders.customer: "CU-2"}]})
    assert first != again and first.read_bytes() == again.read_bytes()
    assert _order_ids(first) == ["SO-1"] and _order_ids(other) == ["SO-2"]
    # An edit of one copy reaches neither the other nor the next test's copy.
    wb = openpyxl.load_workbook(first)
    wb[Orders.sheet]["A2"] = "SO-9"
    wb.save(first)
    assert _order_ids(first) == ["SO-9"]
    assert _order_ids(again) == ["SO-1"]
    assert _order_ids(make_register(one, name="third.xlsx")) == ["SO-1"]


def _order_ids(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path, read_only=True)[Orders.sheet]
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    col = header.index(Orders.order_id)
    return [r[col] for r in ws.iter_rows(min_row=2, values_only=True) if r[col] is not None]


def test_a_test_dearer_than_the_budget_is_slow_and_a_new_one_is_not() -> None:
    from tests import costs

    measured = {"tests/x/test_a.py::test_dear[1]": 2.04, "tests/x/test_a.py::test_cheap": 0.01}
    assert costs.over_budget("tests/x/test_a.py::test_dear[1]", measured) == "costs 2.0 s of CPU"
    assert costs.over_budget("tests/x/test_a.py::test_cheap", measured) is None
    assert costs.over_budget("tests/x/test_a.py::test_new", measured) is None


def test_costs_are_written_and_read_back(tmp_path: Path) -> None:
    from tests import costs

    measured = {"tests/b.py::test_b": 2.5, "tests/a.py::test_a[x-y]": 0.25}
    costs.write(measured, tmp_path / "costs.tsv")
    assert costs.read(tmp_path / "costs.tsv") == measured
    assert costs.read(tmp_path / "missing.tsv") == {}


def test_every_recorded_cost_names_a_test() -> None:
    from tests import costs

    recorded = {n.split("[")[0] for n in costs.read()}
    assert recorded, "tests/costs.tsv is missing: `make costs` writes it"
    stale = sorted(n for n in recorded if not _names_a_test(n))
    # A renamed or removed test leaves its line behind: `make costs` writes the file anew.
    assert stale == [], stale


@pytest.mark.slow  # runs pytest
def test_make_costs_records_what_a_test_costs(tmp_path: Path) -> None:
    """The recorder counts CPU, a child process's included: a test that burns half a second in a
    second Python costs at least that; one that sleeps costs next to nothing."""
    from tests import costs

    (tmp_path / "test_spend.py").write_text(
        "import subprocess, sys, time\n"
        "def test_burns_in_a_child():\n"
        "    subprocess.run([sys.executable, '-c', 'import time\\nt = time.process_time()\\n"
        "while time.process_time() - t < 0.6: pass'], check=True)\n"
        "def test_sleeps():\n"
        "    time.sleep(0.6)\n",
        encoding="utf-8",
    )
    out = tmp_path / "costs.tsv"
    _pytest("-q", "-p", "tests.costs", f"--record-costs={out}", str(tmp_path / "test_spend.py"))
    spent = {n.split("::")[-1]: s for n, s in costs.read(out).items()}
    assert spent.keys() == {"test_burns_in_a_child", "test_sleeps"}
    assert spent["test_burns_in_a_child"] >= 0.6 > costs.FAST_BUDGET
    assert spent["test_sleeps"] < 0.2 < costs.FAST_BUDGET


def test_every_big_sample_named_is_a_fixture() -> None:
    """The fixtures whose users leave the fast tier exist (a renamed one would let its users back
    in, each paying seconds), and a name that is not one is seen."""
    from tests.conftest import BIG_SAMPLES

    source = (ROOT / "tests" / "sample" / "conftest.py").read_text(encoding="utf-8")
    defined = {n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)}
    assert defined >= BIG_SAMPLES, BIG_SAMPLES - defined
    assert "sample9000" not in defined
