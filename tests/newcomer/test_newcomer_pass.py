"""A scripted newcomer (issue 23, "How it will be checked"): every `orderdesk` command, run with
wrong arguments and on registers damaged the ways people damage them, finds no internal error
(exit 3) and no message with a Python repr in it; a refused command leaves the workbook's bytes
as they were.

Each case runs the command in-process, as `orderdesk …` on a terminal would, and reads what a
user reads: exit code, stdout and stderr, and the file on disk.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import typer

from orderdesk.cli import app, load_commands, main
from tests.newcomer.conftest import (
    clear_header,
    delete_column,
    delete_sheet,
    not_a_register,
)
from tests.newcomer.test_readme import GROUPS  # a group's command is two words

# What a Python internal looks like when it leaks into a message.
REPR = re.compile(
    r"np\.\w+\(|\bnan\b|\bNaT\b|Timestamp\(|\bb'|\bb\"|Traceback|object at 0x|!\?\d|\bdtype\b"
    r"|\[Errno|\w+Error:|\bNone\b|Faults\(|<[\w.]+ '"
)

R, FILE, DIR, NEW, MISSING = "{R}", "{FILE}", "{DIR}", "{NEW}", "{MISSING}"
ORDER = "{ORDER}"  # an order of the sample register

# Every command on a register, as a newcomer first tries it. `serves` never returns on a usable
# register (it runs a server until Ctrl-C): it is run only where it must be refused.
ON_A_REGISTER: list[list[str]] = [
    ["about", R],
    ["intake", R],  # the PO folder of Settings, not there yet
    ["validate", R],
    ["questions", R],
    ["docs", R, "--order", ORDER, "--kind", "pi", "--out", NEW],
    ["lc", "import", R],  # the L/C folder of Settings, not there yet
    ["lc", "check", R],
    ["kpi", R, "--png", f"{NEW}.png"],
    ["kpi", "pivots", R],  # pivots (issue 25)
    ["kpi", "refresh", R],  # the same as `kpi R`
    ["suppliers", "score", R],
    ["sync", "tracking", R, "--sandbox"],
    ["sync", "bank", R, "--api", "--sandbox"],
    ["sync", "bank", R, "--statement", FILE],
    ["quote", "price", R],
    ["quote", "reprice", R],
    ["quote", "diff", R, "--quote", "Q-NOPE"],
    ["quote", "approve", R, "--quote", "Q-NOPE"],
    ["quote", "reject", R, "--quote", "Q-NOPE", "-m", "too cheap"],
    ["quote", "revise", R, "--quote", "Q-NOPE", "--set", "Payment Terms=TT30-70"],
    ["quote", "verify-log", R],
    ["export", "settlement", R, "--period", "2026-10", "--out", f"{NEW}.csv"],
    ["export", "sheet", R, "--sheet", "Orders", "--out", f"{NEW}.csv"],
    # logistics (issue 22)
    ["logistics", "plan", R],
    ["logistics", "quotes", R],
    # execution (issue 20)
    ["execution", "feasibility", R],
    ["execution", "plan", R],
    ["execution", "tasks", R],
    ["execution", "exception", R],
    ["calendar", R, "--out", f"{NEW}.ics"],
    # after-sales (issue 21)
    ["aftersales", "complaints", R],
    ["aftersales", "review", R],
    ["aftersales", "five-why", R],
    ["aftersales", "survey", R, "--out", NEW],
    ["aftersales", "import-surveys", R],  # the Surveys folder: none came back yet
    ["aftersales", "lessons", R, "--text", "glaze cracks"],
    ["aftersales", "letter", R, "--complaint", "CP-2026-006", "--kind", "resolution", "--out", NEW],
]
SERVES = ["sandbox", R]
# The carriers' real APIs: no carrier key is set (conftest), so no call leaves this machine;
# each shipment is reported as not tracked ("no key"), which is the answer a newcomer gets.
LIVE_TRACKING = ["sync", "tracking", R]

# Wrong arguments, on the good sample register (or none).
WRONG: list[list[str]] = [
    ["intake", R, MISSING],
    ["intake", R, FILE],  # a note, not a purchase order
    ["intake", R, DIR],
    ["validate", R, "--order", "SO-NOPE"],
    ["questions", R, "--order", "SO-NOPE"],
    ["docs", R, "--order", "SO-NOPE"],
    ["docs", R],
    ["docs", R, "--order", ORDER, "--all-ready"],
    ["docs", R, "--order", ORDER, "--kind", "invoice"],
    ["docs", R, "--order", ORDER, "--lang", "klingon"],
    ["docs", R, "--order", ORDER, "--kind", "pi", "--out", FILE],
    ["docs", R, "--order", ORDER, "--kind", "pi", "--out", "/dev/null"],
    ["lc", "import", R, FILE],  # a note, not a SWIFT message
    ["lc", "import", R, MISSING],
    ["lc", "import", R, "--order", ORDER],  # --order without the credit's file
    ["lc", "check", R, "--order", "SO-NOPE"],
    ["kpi", R, "--from", "last month"],
    ["kpi", R, "--from", "2026-12-01", "--to", "2026-01-01"],
    ["kpi", R, "--png", DIR],
    ["suppliers", "score", R, "--period", "fortnight"],
    ["aftersales", "import-surveys", R, "--file", FILE],  # a note, not a survey
    ["aftersales", "lessons", R, "--complaint", "C-NOPE"],
    ["aftersales", "letter", R, "--complaint", "C-NOPE", "--kind", "acknowledgement"],
    [
        "aftersales",
        "letter",
        R,
        "--complaint",
        "CP-2026-010",
        "--kind",
        "resolution",
    ],  # no settlement
    ["aftersales", "letter", R, "--complaint", "CP-2026-006", "--kind", "thanks"],
    ["quote", "reject", R, "--quote", "Q-NOPE"],
    ["quote", "price", R, "--quote", "Q-NOPE"],
    ["quote", "diff", R, "--quote", "Q-NOPE", "--from", "two"],
    ["sync", "tracking", R, "--fault", "dhl:status=500"],
    ["sync", "tracking", R, "--sandbox", "--fault", "dhl:nope=1"],
    ["sync", "tracking", R, "--sandbox", "--fault", "fedex:status=500"],
    ["sync", "bank", R],
    ["sync", "bank", R, "--sandbox"],
    ["sync", "bank", R, "--statement", MISSING],
    ["sync", "bank", R, "--statement", DIR],
    ["sync", "bank", R, "--api"],
    ["sync", "bank", R, "--api", "--sandbox", "--from", "yesterday"],
    ["export", "settlement", R, "--period", "2026-13", "--out", f"{NEW}.csv"],
    ["export", "settlement", R, "--period", "2026-10", "--format", "pdf", "--out", f"{NEW}.pdf"],
    ["export", "settlement", R, "--period", "2026-10", "--out", DIR],
    ["export", "sheet", R, "--sheet", "Ordres", "--out", f"{NEW}.csv"],
    ["export", "sheet", R, "--sheet", "Orders", "--out", f"{FILE}/orders.csv"],
    # logistics (issue 22)
    ["logistics", "plan", R, "--order", "SO-NOPE"],
    ["logistics", "quotes", R, "--order", "SO-NOPE"],
    ["logistics", "import", R, FILE],  # a note, not a quote
    ["logistics", "import", R, MISSING],
    ["logistics", "import", R],
    ["sandbox", R, "--port", "70000"],
    ["sandbox", R, "--fault", "x"],
    ["validate", MISSING],
    ["validate", DIR],
    ["validate", FILE],
    ["new-register", R],
    ["new-register", f"{NEW}.txt"],
    ["new-register", f"{NEW}.xlsx", "--sample-orders", "-1"],
    ["demo", "--orders", "5"],
    ["demo", "--out", FILE],
    ["demo", "--out", DIR],
    ["addin", "build", "--out", f"{FILE}/OrderDesk.xlam"],
    ["addin", "generate", "--out", DIR],  # it takes no --out (it writes the add-in's sources)
    ["addin", "picture", "--out", DIR],
    ["addin", "install"],
    ["addin", "uninstall"],
    # execution (issue 20)
    ["execution", "feasibility", R, "--order", "SO-NOPE"],
    ["execution", "plan", R, "--order", "SO-NOPE"],
    ["execution", "exception", R, "--order", ORDER, "--class", "weather", "--severity", "low"],
    ["execution", "exception", R, "--class", "quality"],
    ["calendar", R, "--out", DIR],
    ["no-such-command"],
    [],
]


def _leaves(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    subs = getattr(command, "commands", None)
    if subs is None:
        yield path
        return
    for name, sub in subs.items():
        yield from _leaves(sub, (*path, name))


def _command(argv: list[str]) -> tuple[str, ...]:
    return tuple(argv[:2]) if argv[:1] and argv[0] in GROUPS else tuple(argv[:1])


def test_the_pass_tries_every_command() -> None:
    """A new command gets its line here, or this fails (the pass would not try it)."""
    tried = {_command(a) for a in [*ON_A_REGISTER, SERVES, *WRONG]}
    leaves = set(_leaves(_all_commands()))
    assert leaves - tried == set()


# --- the registers ----------------------------------------------------------------------------


@dataclass
class Place:
    """The files one case may use, in a folder of its own."""

    folder: Path
    register: Path

    def argv(self, template: list[str], order: str) -> list[str]:
        mine = self.folder / "mine.txt"
        mine.write_text("a note that is not a statement, a workbook or a folder\n")
        (self.folder / "a folder").mkdir(exist_ok=True)
        (self.folder / "a folder" / "keep.txt").write_text("keep me")
        subs = {
            R: str(self.register),
            FILE: str(mine),
            DIR: str(self.folder / "a folder"),
            NEW: str(self.folder / "out" / "new"),
            MISSING: str(self.folder / "missing.xlsx"),
            ORDER: order,
        }
        out = []
        for word in template:
            for key, value in subs.items():
                word = word.replace(key, value)
            out.append(word)
        return out


def _broken(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04 this zip was cut off when the e-mail was saved")
    return path


def _locked(path: Path) -> Path:
    (path.parent / f"~${path.name}").write_text("clerk")  # Excel's owner file: open elsewhere
    return path


DAMAGES: dict[str, Callable[[Path], Path]] = {
    "sample": lambda p: p,
    "not a register": not_a_register,
    "broken file": _broken,
    "no Orders sheet": lambda p: delete_sheet(p, "Orders"),
    "no Shipments sheet": lambda p: delete_sheet(p, "Shipments"),
    "no Settings sheet": lambda p: delete_sheet(p, "Settings"),
    "OrderLines without Order ID": lambda p: delete_column(p, "OrderLines", "Order ID"),
    "OrderLines without Qty": lambda p: delete_column(p, "OrderLines", "Qty"),
    "Orders with a blank header": lambda p: clear_header(p, "Orders", "Incoterm"),
    "open in Excel": lambda p: p,  # + its lock file, beside each copy (see _place)
}
# Registers no command may act on: each one refuses them, naming the workbook.
REFUSED = {"not a register", "broken file", "no Orders sheet"}


@pytest.fixture(scope="module")
def order(_sample: Path) -> str:
    return str(openpyxl.load_workbook(_sample, read_only=True)["Orders"]["A2"].value)


@pytest.fixture(scope="module")
def damaged(_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The sample with one damage done to it, once per damage (each case gets a copy)."""
    made: dict[str, Path] = {}

    def get(damage: str) -> Path:
        if damage not in made:
            folder = tmp_path_factory.mktemp("damaged")
            made[damage] = DAMAGES[damage](Path(shutil.copy(_sample, folder / "Register.xlsx")))
        return made[damage]

    return get


def _place(folder: Path, source: Path, damage: str) -> Place:
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(shutil.copy(source, folder / "Register.xlsx"))
    if damage == "open in Excel":  # the lock file sits beside the workbook
        _locked(path)
    return Place(folder, path)


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _check(capsys: pytest.CaptureFixture[str], argv: list[str], register: Path) -> tuple[int, str]:
    before = _digest(register)
    code = main(argv)
    said = capsys.readouterr()
    text = said.out + said.err
    where = f"orderdesk {' '.join(argv)}"
    assert code in (0, 1, 2), f"{where}: exit {code}\n{text}"
    leak = REPR.search(text)
    assert leak is None, f"{where}: a Python internal in the output ({leak.group()!r}):\n{text}"
    if code == 2:
        assert _digest(register) == before, f"{where}: refused, but the workbook changed"
    return code, " ".join(text.split())


# --- the pass ---------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_every_command_on_a_damaged_register(
    damaged: Callable[[str], Path],
    order: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: str,
) -> None:
    cases = [*ON_A_REGISTER, LIVE_TRACKING, *([SERVES] if damage in REFUSED else [])]
    for i, template in enumerate(cases):
        place = _place(tmp_path / f"case{i}", damaged(damage), damage)
        argv = place.argv(template, order)
        code, said = _check(capsys, argv, place.register)
        if damage in REFUSED:
            assert code == 2 and place.register.name in said, (argv, said)


def test_every_command_on_an_empty_register(
    _empty: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty register works with every command (nothing to report, or nothing asked for)."""
    for i, template in enumerate([*ON_A_REGISTER, LIVE_TRACKING]):
        folder = tmp_path / f"case{i}"
        folder.mkdir()
        place = Place(folder, Path(shutil.copy(_empty, folder / "Empty.xlsx")))
        argv = place.argv(template, "SO-2026-0001")
        code, said = _check(capsys, argv, place.register)
        if "docs" in argv or "Q-NOPE" in argv or "--statement" in argv or "letter" in argv:
            # No such order, quote or complaint; a note given as a bank statement: each named
            # as such.
            assert code == 2, (argv, said)
        else:
            assert code in (0, 1), (argv, said)


@pytest.mark.parametrize("template", WRONG, ids=lambda a: " ".join(a)[:60] or "(nothing)")
def test_wrong_arguments(
    _sample: Path,
    order: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    template: list[str],
) -> None:
    place = _place(tmp_path, _sample, "sample")
    argv = place.argv(template, order)
    code, said = _check(capsys, argv, place.register)
    if template not in (["addin", "install"], ["addin", "uninstall"]):
        assert code == 2, (argv, said)  # each is a mistake, and is refused as one
    assert (tmp_path / "a folder" / "keep.txt").read_text() == "keep me"
    assert (tmp_path / "mine.txt").exists()


@pytest.mark.parametrize(
    "leaked",
    [
        "OrderLines!?319 (Qty) is np.float64(nan)",  # issue 23's own examples …
        "Orders!?114",
        "exists.txt: neither camt nor MT940 (it starts with b'x')",
        "fault on x: Faults(status=None, fail_first=0)",
        "FileExistsError: [Errno 17] File exists: '/dev/null'",
        "Traceback (most recent call last):",
        "Standing: None",
    ],
)
def test_the_repr_check_sees_what_leaked_before(leaked: str) -> None:
    """The pass's leak check is not vacuous: it catches each message the newcomer saw."""
    assert REPR.search(leaked)


@pytest.mark.parametrize(
    "clean",
    [
        "sheet 'OrderLines' has no 'Order ID' header, so OrderDesk cannot find its table",
        "no such order: SO-NOPE (not in the 'Order ID' column of the Orders sheet)",
        "OrderLines!H2 (Qty): 'abc' is not a number (expected a number)",
    ],
)
def test_the_repr_check_passes_plain_words(clean: str) -> None:
    assert not REPR.search(clean)


def _all_commands() -> object:
    """The CLI with every area's module imported (it imports them only when a command runs)."""
    load_commands()
    return typer.main.get_command(app)
