"""Registers for a newcomer's mistakes: a small sample, an empty one, and damaged copies.

Each damage is done with openpyxl, as a person would do it in Excel: a sheet deleted, a column
deleted, a header cell cleared. Nothing here is written outside pytest's temporary folders.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from orderdesk.actions.register import new_register
from orderdesk.sample import SAMPLE_AS_OF

SAMPLE_ORDERS, SAMPLE_SEED = 30, 5


@pytest.fixture(autouse=True)
def _quiet_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today pinned to the sample's day; OrderDesk's files outside the workbook (journals, the
    font cache, the add-in's home) go to this test's folder; no carrier or bank keys."""
    monkeypatch.setenv("ORDERDESK_TODAY", SAMPLE_AS_OF.isoformat())
    for var, sub in (
        ("ORDERDESK_HOME", "home"),
        ("ORDERDESK_JOURNAL_DIR", "journals"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(var, str(tmp_path / "_outside" / sub))
    for var in ("ORDERDESK_MAEU_KEY", "ORDERDESK_MSCU_KEY", "ORDERDESK_HLCU_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("ORDERDESK_DHL_KEY", raising=False)


@pytest.fixture(scope="session")
def _sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("newcomer") / "Sample.xlsx"
    new_register(path, sample_orders=SAMPLE_ORDERS, seed=SAMPLE_SEED)
    return path


@pytest.fixture(scope="session")
def _empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("newcomer") / "Empty.xlsx"
    new_register(path)
    return path


@pytest.fixture
def sample(_sample: Path, tmp_path: Path) -> Callable[[str], Path]:
    """A fresh copy of the small sample register, under the given file name."""

    def copy(name: str = "Register.xlsx") -> Path:
        return Path(shutil.copy(_sample, tmp_path / name))

    return copy


@pytest.fixture
def empty(_empty: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(_empty, tmp_path / "Empty.xlsx"))
