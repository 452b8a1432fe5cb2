"""Test data built once per test run, not once per pytest-xdist worker.

Both workers of `make unit` ask for the same session fixtures (a sample register of 300 orders
costs seconds to generate and write); the first to ask builds it, the other waits on a lock and
reads what was built. This is pytest-xdist's own recipe ("making session-scoped fixtures execute
only once"): the workers' base temp folders share a parent, which is the run's.
"""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock

T = TypeVar("T")


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder all processes of this test run share: pytest's base temp folder, or under
    pytest-xdist its parent (xdist gives each worker `popen-gwN` inside the run's own). Told by
    the folder's name, not by PYTEST_XDIST_WORKER: a pytest started inside a worker (a test of
    the test tiers) inherits that variable, and its base folder's parent is every run's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if base.name.startswith("popen-gw") else base


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], T]
) -> T:
    """A session fixture's value built once per test run rather than once per xdist worker:
    the first worker to ask builds it (into a folder of its own, files included) and pickles
    it; the others wait on the lock and unpickle it. What is built must be read-only to tests
    (the files are shared, as a session fixture's files already are among a worker's tests)."""
    root = run_folder(tmp_path_factory)
    folder, kept = root / f"once-{name}", root / f"once-{name}.pickle"
    with FileLock(str(root / f"once-{name}.lock")):
        if kept.is_file():
            value: T = pickle.loads(kept.read_bytes())
            return value
        shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed left behind
        folder.mkdir()
        value = build(folder)
        kept.write_bytes(pickle.dumps(value, protocol=5))
        return value
