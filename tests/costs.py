"""What each test costs, in CPU seconds, for the fast tier (`make check`) to leave out the dear ones.

`make costs` runs the whole suite in one process with `--record-costs tests/costs.tsv`: a test's
cost is the CPU time of its setup, call and teardown, the processes it started and waited for
included (LibreOffice, a CLI run, a second Python). CPU, not wall time: the machine is shared, and
a busy neighbour stretches the wall clock but not the CPU a test needs. A module's or session's
fixture is paid by the first test that asks for it, as it is in a run.

tests/conftest.py marks as slow a test that costs more than `FAST_BUDGET`; a test not in the file
(a new one) counts as cheap until the next `make costs`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FILE = Path(__file__).with_name("costs.tsv")
FAST_BUDGET = 0.3  # CPU seconds: at most this much a test, or it runs in `make test` only

_HEADER = (
    "# CPU seconds per test (setup, call, teardown; child processes included), written by\n"
    "# `make costs`. tests/conftest.py leaves a test out of `make check` above FAST_BUDGET.\n"
)


def cpu() -> float:
    """This process's CPU time and that of its finished children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def read(path: Path = FILE) -> dict[str, float]:
    """node id → CPU seconds, as last recorded (nothing when the file is missing)."""
    if not path.is_file():
        return {}
    costs: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            seconds, _, nodeid = line.partition("\t")
            costs[nodeid] = float(seconds)
    return costs


def write(costs: dict[str, float], path: Path = FILE) -> None:
    lines = [f"{costs[n]:.2f}\t{n}\n" for n in sorted(costs)]
    path.write_text(_HEADER + "".join(lines), encoding="utf-8")


def over_budget(nodeid: str, costs: dict[str, float], budget: float = FAST_BUDGET) -> str | None:
    """Why a test is slow by its measured cost, or None."""
    seconds = costs.get(nodeid)
    return None if seconds is None or seconds <= budget else f"costs {seconds:.1f} s of CPU"


class Recorder:
    """A pytest plugin: each test's CPU seconds, written when the session ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.costs: dict[str, float] = {}
        self._started: dict[str, float] = {}

    @pytest.hookimpl
    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self._started[nodeid] = cpu()

    @pytest.hookimpl
    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        self.costs[nodeid] = cpu() - self._started.pop(nodeid)

    @pytest.hookimpl
    def pytest_sessionfinish(self) -> None:
        if self.costs:
            write(self.costs, self.path)


# Hooks: tests/conftest.py takes them in; `-p tests.costs` loads them where that conftest is not.
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--record-costs",
        metavar="PATH",
        help="write each test's CPU seconds to PATH (`make costs`: tests/costs.tsv)",
    )


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--record-costs")
    if path:
        config.pluginmanager.register(Recorder(Path(path)), "orderdesk-costs")
