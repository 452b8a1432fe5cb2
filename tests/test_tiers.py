"""The two test tiers as a developer meets them: `make check` (`-m "not slow"`) leaves out what
needs LibreOffice or the demo and keeps the rest; and a test run writes nothing where it runs
(hypothesis' files go to the temp directory). Run through pytest itself, as `make` does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# Four runs of pytest of their own: on CI (`make test`), not in the fast tier they check.
pytestmark = pytest.mark.slow

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


def test_the_fast_tier_leaves_out_libreoffice_and_the_demo() -> None:
    sheet = str(ROOT / "tests" / "kpi" / "test_sheet.py")
    everything = _collected(sheet)
    fast = _collected("-m", "not slow", sheet)
    lo = "tests/kpi/test_sheet.py::test_libreoffice_opens_the_kpi_sheet_with_its_charts"
    demo = "tests/kpi/test_sheet.py::test_demo_steps_score_suppliers_and_refresh_kpis_with_a_png"
    assert {lo, demo} <= everything
    assert lo not in fast and demo not in fast
    # The rest stays in the fast tier.
    assert fast == everything - {lo, demo}


def test_a_run_writes_nothing_where_it_runs(tmp_path: Path) -> None:
    values = str(ROOT / "tests" / "register" / "test_values.py")  # hypothesis properties
    ours, bare = tmp_path / "ours", tmp_path / "bare"
    ours.mkdir()
    bare.mkdir()
    _pytest("-q", values, cwd=ours)
    assert list(ours.iterdir()) == []
    # Without our conftest, hypothesis writes `.hypothesis/` where it runs: the check sees that.
    _pytest("-q", "--noconftest", values, cwd=bare)
    assert [p.name for p in bare.iterdir()] == [".hypothesis"]
