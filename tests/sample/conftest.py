"""Sample registers written to disk once per test run (whichever xdist worker asks first), and read back as the file adapter
reads them (so the tests see what Validate and every other action will see)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from orderdesk.actions.register import register_tables
from orderdesk.adapters import xlsx
from orderdesk.adapters.file_register import FileRegister
from orderdesk.defaults import policy_rows
from orderdesk.ports import CellIssue
from orderdesk.sample import Sample, generate
from orderdesk.schema import Table, tables
from tests.once import once_per_run


@dataclass
class Written:
    sample: Sample
    path: Path
    frames: dict[type[Table], pd.DataFrame]
    issues: list[CellIssue]


def write_sample(
    folder: Path,
    orders: int,
    seed: int,
    as_of: dt.date | None = None,
    made: tuple[dict[Any, Any], Sample] | None = None,
) -> Written:
    """`made`: what `register_tables(orders, seed)` gave, when a fixture has it already."""
    if made is not None:
        data, sample = made
    elif as_of is None:
        data, sample = register_tables(orders, seed)
    else:  # as `new-register` would, for another sample day
        sample = generate(orders, seed, as_of)
        data = {**policy_rows(), **sample.tables}
    path = folder / f"sample-{orders}-{seed}.xlsx"
    xlsx.new_workbook(data).save(path)
    register = FileRegister(path)
    frames, issues = {}, []
    for table in tables():
        if table.owned_sheet:
            continue
        read = register.read(table)
        frames[table] = read.frame
        issues += read.issues
    return Written(sample, path, frames, issues)


@pytest.fixture(scope="session")
def sample300(
    tmp_path_factory: pytest.TempPathFactory,
    committed_sample_tables: tuple[dict[Any, Any], Sample],
) -> Written:
    """The committed sample's data (300 orders, seed 1), freshly generated and written."""
    return once_per_run(
        tmp_path_factory,
        "sample300",
        lambda f: write_sample(f, 300, 1, made=committed_sample_tables),
    )


@pytest.fixture(scope="session")
def sample120(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """Another size and seed (the demo's size), so nothing holds for seed 1 only."""
    return once_per_run(tmp_path_factory, "sample120", lambda f: write_sample(f, 120, 7))


@pytest.fixture(scope="session")
def sample_earlier(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """A sample for another day: customers, blocks and holidays keep their distance from it."""
    return once_per_run(
        tmp_path_factory, "earlier", lambda f: write_sample(f, 100, 4, dt.date(2025, 12, 31))
    )


@pytest.fixture(params=["sample300", "sample120", "sample_earlier"])
def written(request: pytest.FixtureRequest) -> Written:
    return request.getfixturevalue(request.param)
