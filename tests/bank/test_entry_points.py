"""The ribbon buttons and the demo steps of the Finance group."""

from __future__ import annotations

import random
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from addin.handlers import ButtonContext, load_all
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli.bank import DEMO_STATEMENTS, _demo_settlement, _demo_sync_bank
from orderdesk.demo import DemoContext, steps
from orderdesk.ports import TableData
from orderdesk.sample.statements import open_amounts, statement_files
from orderdesk.schema import BankEntries, Customers, Invoices, Orders, Settings, Table
from tests.bank.conftest import FILES, trade_rows
from tests.bank.sheets import rows

RIBBON = Path(__file__).parents[2] / "addin" / "ribbon.xml"


def test_ribbon_buttons_are_wired() -> None:
    group = ET.parse(RIBBON).getroot().find(".//{*}group[@id='odGroupFinance']")
    assert group is not None
    assert [b.get("id") for b in group] == ["odSyncBank", "odExportSettlement"]
    handlers = load_all()
    assert {"odSyncBank", "odExportSettlement"} <= set(handlers)


def test_sync_bank_button_reads_the_statement_folder(trade_register: Path) -> None:
    handler = load_all()["odSyncBank"]
    register = FileRegister(trade_register)
    empty = handler(ButtonContext(register=register, selection=None))
    assert empty.summary.startswith("bank sync: no statement files in")
    folder = trade_register.parent / "statements"  # Settings' default, beside the workbook
    folder.mkdir()
    shutil.copy(FILES / "camt053_v02_hsbc.xml", folder)
    shutil.copy(FILES / "mt940_abn_amro.sta", folder)
    outcome = handler(ButtonContext(register=FileRegister(trade_register), selection=None))
    assert outcome.summary.startswith("bank sync: 7 new entries")
    assert len(rows(trade_register, BankEntries)) == 7


def test_export_settlement_button_writes_last_month(
    trade_register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-11-03")
    from orderdesk.cli import main

    main(["sync", "bank", str(trade_register), "--statement", str(FILES / "camt053_v02_hsbc.xml")])
    outcome = load_all()["odExportSettlement"](
        ButtonContext(register=FileRegister(trade_register), selection=None)
    )
    out = trade_register.parent / "Settlement-2026-10.xlsx"
    assert out.exists() and "settlement 2026-10:" in outcome.summary


def test_demo_steps(trade_register: Path, tmp_path: Path) -> None:
    assert [s.order for s in steps() if s.run in (_demo_sync_bank, _demo_settlement)] == [80, 85]
    frames = {t: pd.DataFrame(r, columns=list(t.columns())) for t, r in trade_rows().items()}
    inv = frames[Invoices]
    files, _ = statement_files(
        inv,
        frames[Orders],
        frames[Customers],
        open_amounts(inv),
        pd.Timestamp(2026, 11, 14).date(),
        random.Random(1),
    )
    out = tmp_path / "demo"
    out.mkdir()
    for name in DEMO_STATEMENTS:
        (out / name).write_bytes(files[name])
    ctx = DemoContext(out=out, register=trade_register)
    synced = _demo_sync_bank(ctx)
    assert "new entries" in synced.summary
    sources = {r[BankEntries.source] for r in rows(trade_register, BankEntries)}
    assert sources == {"camt.053.001.08", "MT940", "PSD2"}  # both files and the API sandbox
    exported = _demo_settlement(ctx)
    assert (out / "settlement-2026-11.xlsx").exists() and (out / "settlement-2026-11.csv").exists()
    assert exported.summary.startswith("settlement 2026-11:")


class CountingRegister:
    """A register that counts which tables an action reads (in Excel each read is a call)."""

    def __init__(self, inner: FileRegister) -> None:
        self.inner = inner
        self.reads: Counter[str] = Counter()

    def read(self, table: type[Table]) -> TableData:
        self.reads[table.__name__] += 1
        return self.inner.read(table)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_sync_bank_button_reads_the_settings_once(trade_register: Path) -> None:
    folder = trade_register.parent / "statements"
    folder.mkdir()
    shutil.copy(FILES / "camt053_v02_hsbc.xml", folder)
    register = CountingRegister(FileRegister(trade_register))
    outcome = load_all()["odSyncBank"](ButtonContext(register=register, selection=None))
    assert outcome.summary.startswith("bank sync: 4 new entries")
    # the statement folder, the bank API's settings and the matching policy: one read
    assert register.reads[Settings.__name__] == 1
    assert register.reads[BankEntries.__name__] == 1
