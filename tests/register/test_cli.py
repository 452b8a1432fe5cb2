"""The `orderdesk` command: its help, --json everywhere, exit codes, and new-register."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import typer

from orderdesk.cli import app, load_commands, main
from orderdesk.schema import SHEET_ORDER, Lists, Orders, tables


def _leaves(command, path=()):
    if hasattr(command, "commands"):  # a group (sync, export …): its commands are the leaves
        for name, sub in command.commands.items():
            yield from _leaves(sub, (*path, name))
    else:
        yield path, command


def test_help_lists_the_commands() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "orderdesk", "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert "new-register" in proc.stdout and "demo" in proc.stdout


def test_every_command_takes_json() -> None:
    load_commands()  # every command module, as `orderdesk --help` lists them
    leaves = list(_leaves(typer.main.get_command(app)))
    assert len(leaves) >= 2
    lacking = [
        " ".join(p) for p, cmd in leaves if not any("--json" in prm.opts for prm in cmd.params)
    ]
    assert lacking == []


def test_bad_usage_and_unreadable_input_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-register"]) == 2  # missing argument
    assert main(["no-such-command"]) == 2
    target = tmp_path / "r.xlsx"
    assert main(["new-register", str(target)]) == 0
    assert main(["new-register", str(target)]) == 2  # exists, no --force
    assert "exists" in capsys.readouterr().err


def test_new_register_has_every_sheet_table_and_dropdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "OrderRegister.xlsx"
    assert main(["new-register", str(target), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["path"] == str(target)
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[: len(SHEET_ORDER)] == list(SHEET_ORDER)
    assert wb["Lists"].sheet_state == "hidden"
    for t in tables():
        assert t.table_name in wb[t.sheet].tables, t
    orders = wb[Orders.sheet]
    assert orders.freeze_panes == "A2"
    formulas = {dv.formula1 for dv in orders.data_validations.dataValidation}
    assert f"={Lists.INCOTERMS.defined_name}" in formulas
    assert f"={Lists.CURRENCIES.defined_name}" in formulas
    name = wb.defined_names[Lists.INCOTERMS.defined_name]
    sheet, cells = next(iter(name.destinations))
    values = [c.value for row in wb[sheet][cells] for c in row]
    assert values == ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"]
    hints = {dv.prompt for dv in orders.data_validations.dataValidation if dv.prompt}
    assert any("UN/LOCODE" in h for h in hints)


# --- start-up: an area is imported only when its command runs -------------------------------

_PROBE = """
import json, sys
from orderdesk.cli import load_commands, main
code = main(sys.argv[1:])
heavy = ["pandas", "openpyxl", "matplotlib", "xhtml2pdf", "orderdesk.actions.bank",
         "orderdesk.actions.kpi", "orderdesk.actions.documents", "orderdesk.cli.bank"]
loaded = [m for m in heavy if m in sys.modules]
load_commands()  # what importing every area would bring (the check can see it)
print(json.dumps({"code": code, "loaded": loaded,
                  "eager": [m for m in heavy if m in sys.modules]}))
"""


def _imports(*args: str) -> dict:

    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=300
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_help_imports_no_area() -> None:
    got = _imports("--help")
    assert got["code"] == 0
    assert got["loaded"] == []
    assert "pandas" in got["eager"] and "orderdesk.actions.bank" in got["eager"]


def test_questions_imports_only_what_it_needs(tmp_path: Path) -> None:
    from orderdesk.sample.workbooks import FOLDER, SAMPLE

    got = _imports("questions", str(FOLDER / SAMPLE), "--order", "SO-2026-0001")
    assert got["code"] in (0, 1)
    assert got["loaded"] == ["pandas"]  # no writer, no charts, no PDF engine, no other area


_EAGER_HELP = """
from orderdesk.cli import app, load_commands
load_commands()
app(args=["--help"], prog_name="orderdesk")
"""


def _stdout(*args: str) -> str:
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_lazy_help_is_the_help_of_every_command_module() -> None:
    # Each in a fresh interpreter: Typer lists commands in the order their modules were
    # imported, and other tests in this process import some of them first.
    lazy = _stdout("-m", "orderdesk", "--help")
    eager = _stdout("-c", _EAGER_HELP)
    assert lazy == eager and "validate" in lazy and "suppliers" in lazy
