"""What crashed in a newcomer's first hour (issue 23): each now a plain answer.

Every check runs the `orderdesk` command as a user would and looks at what the user sees: the
exit code, the message, and the files (a refused command leaves every file as it was).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from orderdesk.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    said = capsys.readouterr()
    return code, " ".join((said.out + said.err).split())  # the terminal's line wrapping undone


@pytest.mark.parametrize("sandbox", [False, True])
def test_an_empty_register_syncs_tracking(
    empty: Path, capsys: pytest.CaptureFixture[str], sandbox: bool
) -> None:
    code, said = _run(capsys, "sync", "tracking", empty, *(["--sandbox"] if sandbox else []))
    assert (code, said) == (0, "tracked 0 of 0 shipment(s), 0 new event(s), 0 order(s) delayed")


def test_an_output_that_cannot_be_written_is_refused_by_name(
    sample: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = sample("Register.xlsx")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    a_folder = tmp_path / "a folder"
    a_folder.mkdir()
    cases = [
        (["docs", register, "--all-ready", "--kind", "pi", "--out", a_file], f"{a_file}:"),
        (["docs", register, "--all-ready", "--kind", "pi", "--out", "/dev/null"], "/dev/null:"),
        (["kpi", register, "--png", a_folder], f"{a_folder}: cannot be written (it is a folder)"),
        (
            ["export", "sheet", register, "--sheet", "Orders", "--out", a_file / "x.csv"],
            f"{a_file} is a file, not a folder",
        ),
        (
            ["export", "settlement", register, "--period", "2026-10", "--out", a_folder],
            "it is a folder",
        ),
    ]
    for argv, named in cases:
        code, said = _run(capsys, *argv)
        assert code == 2 and named in said, (argv, said)
    assert a_file.read_text() == "mine" and list(a_folder.iterdir()) == []


def test_demo_replaces_only_a_folder_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`orderdesk demo --out .` once meant `rm -rf .`: it now refuses a folder it did not make."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "offer.docx").write_text("a week's work")
    code, said = _run(capsys, "demo", "--out", work)
    assert code == 2 and "not empty and no demo made it" in said
    code, said = _run(capsys, "demo", "--out", work / "offer.docx")
    assert code == 2 and "this is a file" in said
    assert [p.name for p in work.iterdir()] == ["offer.docx"]


ORDER_COMMANDS = [["validate"], ["questions"], ["docs", "--kind", "pi"], ["lc check"]]


@pytest.mark.parametrize("argv", ORDER_COMMANDS, ids=lambda a: a[0])
def test_an_unknown_order_is_one_rule_for_every_command(
    sample: Callable[[str], Path], capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """`docs` once exited 1 ("no documents made: no orders"), validate and questions 2."""
    path = sample("Register.xlsx")
    before = path.read_bytes()
    code, said = _run(
        capsys, *argv[0].split(), path, *argv[1:], "--order", "SO-NOPE", "--order", "so-x"
    )
    assert code == 2
    assert "no such order: SO-NOPE, so-x (not in the 'Order ID' column of the Orders sheet)" in said
    assert path.read_bytes() == before


def test_an_order_id_is_matched_as_typed_loosely(
    sample: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    path = sample("Register.xlsx")
    first = openpyxl.load_workbook(path, read_only=True)["Orders"]["A2"].value
    code, said = _run(capsys, "questions", path, "--order", f" {first.lower()} ")
    assert code in (0, 1) and f"1 order ({first})" in said


def test_help_says_what_each_exit_code_means(capsys: pytest.CaptureFixture[str]) -> None:
    code, said = _run(capsys, "--help")
    assert code == 0
    for line in (
        "0 done, nothing to report",
        "1 done, with findings to look at",
        "2 nothing done: bad usage, or input that cannot be used",
        "3 an internal error: a bug",
    ):
        assert line in said
    code, said = _run(capsys, "kpi", "--help")
    assert "Exit code 1 when a KPI is red." in said
