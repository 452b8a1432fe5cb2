"""Shared fixtures: registers on disk or in memory, built from the schema; the fast tier.

`make check` runs the tests not marked `slow`: the hook below marks what needs LibreOffice, the
demo, a big register or fuzzing (`SLOW` names the rest, with why), and what the last `make costs`
found dearer than `tests.costs.FAST_BUDGET`, so a developer gets an answer in under a minute;
`make test` (CI) runs everything. Both spread the tests over the cores (pytest-xdist). Tests write
only under temporary directories: hypothesis keeps its files in the system's temp directory, not
in the work tree."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from orderdesk.adapters import xlsx
from orderdesk.adapters.memory_register import MemoryRegister
from orderdesk.defaults import policy_rows
from orderdesk.schema import Column, Table
from tests import costs
from tests.costs import pytest_addoption, pytest_configure  # noqa: F401 (`make costs`)
from tests.once import once_per_run, run_folder

Rows = Sequence[Mapping[Column, Any]]

# Hypothesis keeps its example database (failing examples are replayed first on the next run) and
# a cache of the constants in our code under its home directory: `.hypothesis/` in the current
# directory unless told otherwise. Told: the temp directory (or the user's own choice).
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "orderdesk-hypothesis")
# Tests spread over processes (`make unit`, `make check`: pytest-xdist) or on CI keep no example
# database: workers would write one directory at once, and CI starts from nothing anyway.
if os.environ.get("PYTEST_XDIST_WORKER") or os.environ.get("CI"):
    settings.register_profile("shared", database=None)
    settings.load_profile("shared")

# Slow for what they do rather than for what they need: big registers, whole-sample runs,
# the demo's steps. (Tests that need LibreOffice, and the fuzz suite, are marked by the hook.)
SLOW: dict[str, str] = {
    # node id (or its start: a module, a test without its parameters) → why
    "tests/addin/test_vba_grammar.py::test_the_shipped_module_parses_on_each_platform": (
        "every shipped module, xlwings' own included, through a pure-Python ANTLR parser, x3"
    ),
    "tests/addin/test_live_scale.py": "every button on registers of two sizes",
    "tests/register/test_part_writer.py::test_every_action_saves_what_the_openpyxl_writer_saves": (
        "every action, saved by both writers"
    ),
    "tests/register/test_part_writer.py::test_the_comparison_sees": "the check above, broken",
    "tests/register/test_part_writer_property.py": "random edits saved by both writers",
    "tests/documents/test_sample_facts.py": "documents for some 40 sample orders in six languages",
    "tests/documents/test_issue17.py::test_two_processes_on_a_cold_font_cache": "two processes",
    "tests/sample/test_workbooks.py::test_make_workbooks_writes_both": "regenerates the samples",
    "tests/validation/test_sample.py::test_validate_finds_exactly_the_planted_problems": "big registers",
    "tests/lc/test_check.py::test_each_planted_discrepancy_is_found": "the whole sample",
    "tests/quotes/test_log.py::test_one_changed_character_in_any_column_is_named": (
        "a save per column"
    ),
}

# Session fixtures that write a sample register of 100-300 orders (tests/sample/conftest.py):
# cheap tests share them, but the first to ask pays seconds, so they all go to `make test`.
BIG_SAMPLES = frozenset({"sample300", "sample120", "sample_earlier", "written"})


def _is_slow(item: pytest.Item, measured: dict[str, float]) -> bool:
    if any(m.name == "slow" for m in item.iter_markers()):
        return True
    for mark in item.iter_markers("skipif"):  # `tests.libreoffice.needs_soffice`
        if "soffice" in str(mark.kwargs.get("reason", "")):
            return True
    name = item.nodeid.split("[")[0]
    if "demo" in name.lower() or any(name.startswith(s) for s in SLOW):
        return True
    if BIG_SAMPLES.intersection(getattr(item, "fixturenames", ())):
        return True  # the samples cost 4-8 s each to write, once per worker
    # What the last `make costs` found dearer than the fast tier's budget (tests/costs.py).
    return costs.over_budget(item.nodeid, measured) is not None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    measured = costs.read()
    for item in items:
        if _is_slow(item, measured):
            item.add_marker(pytest.mark.slow)


def _fingerprint(tables: Mapping[type[Table], Any]) -> str | None:
    """What a register is written from, as a key: the same tables give the same bytes (the
    writer's timestamps are fixed). None when a value cannot be pickled (then nothing is kept)."""
    try:
        flat = pickle.dumps([(t.__name__, rows) for t, rows in tables.items()], protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.sha256(flat).hexdigest()


@pytest.fixture(scope="session")
def _drawn_registers(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Each distinct register `make_register` is asked for, drawn once per test run (openpyxl
    takes a quarter of a second per register; many tests ask for the same few) and kept
    read-only in a folder all xdist workers share; each test gets its own copy."""
    folder = run_folder(tmp_path_factory) / "registers"
    folder.mkdir(exist_ok=True)

    def draw(tables: Mapping[type[Table], Any], to: Path) -> Path:
        key = _fingerprint(tables)
        if key is None:
            xlsx.new_workbook(tables).save(to)
            return to
        kept = folder / f"{key}.xlsx"
        if not kept.is_file():
            # Written aside and renamed: a worker drawing the same register at the same moment
            # never copies half a file (at worst both draw it, and the bytes are the same).
            aside = folder / f".{key}.{os.getpid()}.xlsx"
            xlsx.new_workbook(tables).save(aside)
            os.replace(aside, kept)
        shutil.copyfile(kept, to)
        return to

    return draw


@pytest.fixture(scope="session")
def committed_sample_tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[Any, Any], Any]:
    """`register_tables(SAMPLE_ORDERS, SAMPLE_SEED)`: the committed sample's tables and its
    `Sample`, freshly generated (seconds) once per test run for the tests that compare with it."""
    from orderdesk.sample.workbooks import SAMPLE_ORDERS, SAMPLE_SEED, register_tables

    return once_per_run(
        tmp_path_factory,
        "committed-sample-tables",
        lambda _folder: register_tables(SAMPLE_ORDERS, SAMPLE_SEED),
    )


@pytest.fixture(scope="session")
def sample80_seed5(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """`generate(80, seed=5)`, once per test run: the sample the determinism and quote-history
    tests read (each reads it only; generating it takes seconds)."""
    from orderdesk.sample import generate

    return once_per_run(tmp_path_factory, "sample80-seed5", lambda _folder: generate(80, seed=5))


@pytest.fixture(scope="session")
def demo_sample_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """`new_register(folder / "SampleRegister.xlsx", sample_orders=120, seed=1)`, the demo's
    sample, once per test run: the folder (workbook, its journal, the statement files written
    beside it) and the `Sample` it was written from (the answer keys). Tests copy the folder."""
    import orderdesk.sample
    from orderdesk.actions.register import new_register

    def build(folder: Path) -> tuple[Path, Any]:
        real, made = orderdesk.sample.generate, []

        def generate_and_keep(*args: Any, **kwargs: Any) -> Any:
            made.append(real(*args, **kwargs))
            return made[-1]

        with pytest.MonkeyPatch.context() as mp:  # the very sample new_register writes
            mp.setattr(orderdesk.sample, "generate", generate_and_keep)
            new_register(folder / "SampleRegister.xlsx", sample_orders=120, seed=1)
        (sample,) = made
        return folder, sample

    return once_per_run(tmp_path_factory, "demo-sample", build)


@pytest.fixture
def make_register(tmp_path: Path, _drawn_registers: Callable[..., Path]) -> Callable[..., Path]:
    """Write a register with the default policy plus the given rows; returns its path (a fresh
    file per call, copied from the session's drawing of the same tables).

    make_register({Orders: [{Orders.order_id: "SO-1", ...}], Customers: [...]}, name="r.xlsx")
    """

    def make(data: Mapping[type[Table], Rows] | None = None, name: str = "Register.xlsx") -> Path:
        tables: dict[type[Table], Any] = dict(policy_rows())
        tables.update(data or {})
        return _drawn_registers(tables, tmp_path / name)

    return make


@pytest.fixture
def memory_register() -> Callable[..., MemoryRegister]:
    """`make_register`'s twin without a file, for tests of rules and actions rather than of the
    workbook format: the same tables (default policy plus the given rows), read the same way.

    memory_register({Orders: [...]}, name="r.xlsx", selection=..., user=...)
    """

    def make(
        data: Mapping[type[Table], Rows] | None = None, name: str = "Register.xlsx", **kw: Any
    ) -> MemoryRegister:
        tables: dict[type[Table], Any] = dict(policy_rows())
        tables.update(data or {})
        return MemoryRegister(tables, source=f"memory:{name}", **kw)

    return make
