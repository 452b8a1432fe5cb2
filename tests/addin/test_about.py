"""About / Check setup, on a register file (its CLI twin) and what it reports."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from orderdesk.actions.about import about
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli import main
from orderdesk.defaults import policy_rows
from orderdesk.schema import OWNED_SHEETS, Setting, Settings, tables

N = sum(t.sheet not in OWNED_SHEETS for t in tables())  # the tables a register holds


def test_a_new_register_checks_out(make_register, capsys):
    path = make_register()
    assert main(["about", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{N} of {N} register tables found, settings readable" in out
    assert f"register: {path}" in out


def test_a_missing_table_and_an_unreadable_setting_are_named(make_register, capsys):
    rows = policy_rows()
    for row in rows[Settings]:
        if row[Settings.key] == Setting.FX_BUFFER.key:
            row[Settings.value] = "a bit"
    path = make_register(rows)
    wb = load_workbook(path)
    del wb["Complaints"]
    wb.save(path)
    outcome = about(FileRegister(path))
    assert outcome.findings == 2
    assert f"{N - 1} of {N} register tables found, 2 problems" in outcome.summary
    assert "Complaints: the Customer complaints table is missing" in outcome.details
    bad = next(d for d in outcome.details if "fx buffer" in d)
    assert "Settings!B" in bad and "'a bit'" in bad
    assert main(["about", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["tables_found"] == N - 1 and data["versions"]["xlwings"] == "0.37.8"
