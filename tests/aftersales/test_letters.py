"""Complaint letters: `orderdesk aftersales letter` on a register file, the PDF read back with
pypdf as the customer's reader would (dates, amounts and wording in Spanish, Chinese and
English), refusals that name the cell and write nothing, the same file for the same letter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import orderdesk_addin
import pytest
from openpyxl import load_workbook

from orderdesk.schema import Complaints, Customers, FiveWhys, Orders, Setting, Settings
from tests.addin.fake_excel import FakeBook
from tests.aftersales.test_cli import run
from tests.documents.helpers import flat, pdf_text

FRIDAY_1730 = dt.datetime(2026, 11, 27, 17, 30)
CUSTOMERS = {
    "es": {
        Customers.customer_id: "CU-ES",
        Customers.name: "Cocinas del Sur S.L.",
        Customers.country: "ES",
        Customers.language: "es",
        Customers.contact: "María García",
        Customers.address: "Calle de Colón 12\n46004 Valencia",
    },
    "zh-CN": {
        Customers.customer_id: "CU-CN",
        Customers.name: "上海东方家居用品有限公司",
        Customers.country: "CN",
        Customers.language: "zh-CN",
        Customers.contact: "王芳",
        Customers.address: "上海市浦东新区张江路88号",
    },
    "en": {
        Customers.customer_id: "CU-US",
        Customers.name: "Lakeside Kitchens Inc.",
        Customers.country: "US",
        Customers.language: "en",
        Customers.address: "400 Lake Shore Drive\nChicago, IL 60611",
    },
}
CURRENCY = {"es": "EUR", "zh-CN": "CNY", "en": "USD"}


def register(
    make_register, lang: str, five_why: bool = True, settings: list | None = None, **cells: object
) -> Path:
    """One order of a customer writing `lang`, one damage complaint on it (C-1)."""
    customer = CUSTOMERS[lang]
    complaint = {
        Complaints.complaint_id: "C-1",
        Complaints.order_id: "SO-1",
        Complaints.sku: "KW-100",
        Complaints.date: FRIDAY_1730.date(),
        Complaints.complaint_class: "damage",
        Complaints.received: FRIDAY_1730,
        Complaints.acknowledged: dt.datetime(2026, 11, 30, 9, 15),
        Complaints.proposed: dt.datetime(2026, 12, 1, 11, 0),
        Complaints.owner: "Li Wei",
        Complaints.order_lines: "1, 3",
        Complaints.claim_amount: Decimal("1250.50"),
        Complaints.settlement: "credit note",
    }
    currency = cells.pop("currency", CURRENCY[lang])
    complaint.update({getattr(Complaints, k): v for k, v in cells.items()})
    tables: dict = {
        Customers: [customer],
        Orders: [
            {
                Orders.order_id: "SO-1",
                Orders.customer: customer[Customers.customer_id],
                Orders.currency: currency,
                Orders.customer_po: "PO-77",
            }
        ],
        Complaints: [complaint],
    }
    if settings:
        tables[Settings] = settings
    if five_why:
        tables[FiveWhys] = [
            {
                FiveWhys.record_id: "5W-1",
                FiveWhys.complaint_id: "C-1",
                FiveWhys.order_id: "SO-1",
                FiveWhys.date: dt.date(2026, 11, 30),
                FiveWhys.problem: "pots dented on arrival",
                FiveWhys.why_1: "cartons crushed in the container",
                FiveWhys.why_2: "cartons too weak to be stacked five high",
                FiveWhys.root_cause: "material",
                FiveWhys.corrective: "five-ply cartons from December",
                FiveWhys.preventive: "a stacking test for every new carton",
            }
        ]
    return make_register(tables)


def letter(capsys, path: Path, kind: str, *more: str) -> tuple[int, str, str]:
    return run(capsys, "aftersales", "letter", path, "--complaint", "C-1", "--kind", kind, *more)


def documents(path: Path) -> list[Path]:
    folder = path.parent / "Documents"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_acknowledgement_in_spanish_says_when_a_solution_comes(make_register, capsys) -> None:
    path = register(make_register, "es")
    code, _, err = letter(capsys, path, "acknowledgement")
    assert code == 0, err
    assert [p.name for p in documents(path)] == ["ACK_C-1_v1_es.pdf"]
    text = flat(pdf_text(documents(path)[0]))
    assert "Acuse de recibo de reclamación" in text
    assert "Ningbo Harbour Trading Co., Ltd." in text  # the letterhead (Settings)
    assert "Cocinas del Sur S.L." in text and "A/A María García" in text
    assert "Fecha: 30 nov 2026" in text  # dated the day it was acknowledged
    assert "Estimado/a María García:" in text
    assert "recibida el 27 nov 2026 17:30" in text
    assert "acusamos recibo" in text and "con el número C-1" in text
    assert "Li Wei se ocupa de su reclamación" in text
    assert "Daños" in text and "1, 3 (KW-100)" in text and "PO-77" in text
    # Friday 17:30 + 24 business hours of 9–18, Monday to Friday: Wednesday 14:30
    assert "una solución a más tardar el 2 dic 2026 14:30" in text


def test_the_solution_date_follows_the_company_calendar(make_register, capsys) -> None:
    holiday = [{Settings.key: Setting.HOLIDAYS.key, Settings.value: "2026-11-30"}]
    path = register(make_register, "es", settings=holiday)
    code, _, err = letter(capsys, path, "acknowledgement")
    assert code == 0, err
    text = flat(pdf_text(documents(path)[0]))
    assert "a más tardar el 3 dic 2026 14:30" in text  # Monday off: a day later


def test_resolution_in_chinese_states_settlement_cause_and_action(make_register, capsys) -> None:
    path = register(make_register, "zh-CN")
    code, _, err = letter(capsys, path, "resolution")
    assert code == 0, err
    assert [p.name for p in documents(path)] == ["RES_C-1_v1_zh-CN.pdf"]
    text = flat(pdf_text(documents(path)[0]))
    assert "投诉处理结果函" in text
    assert "尊敬的王芳：" in text
    assert "日期： 2026年12月1日" in text  # the day the solution was proposed
    assert "收到时间：2026年11月27日 17:30" in text
    assert "贷项通知单" in text and "货物损坏" in text
    assert "开具金额为CNY 1,250.50的贷项通知单" in text
    assert "根本原因（材料）：cartons too weak to be stacked five high" in text
    assert "纠正措施：five-ply cartons from December" in text
    assert "预防措施：a stacking test for every new carton" in text
    assert "顺颂商祺" in text


def test_resolution_in_english_without_a_five_why_has_no_root_cause(make_register, capsys) -> None:
    path = register(make_register, "en", five_why=False, settlement="discount")
    code, _, err = letter(capsys, path, "resolution")
    assert code == 0, err
    text = flat(pdf_text(documents(path)[0]))
    assert "Resolution of Complaint" in text
    assert "Dear Sir or Madam," in text  # no contact on the Customers sheet
    assert "we grant you a discount of USD 1,250.50 on order SO-1" in text
    assert "Root cause" not in text and "Corrective action" not in text


def test_the_spanish_amount_is_written_the_spanish_way(make_register, capsys) -> None:
    path = register(make_register, "es", settlement="replacement")
    code, _, err = letter(capsys, path, "resolution")
    assert code == 0, err
    text = flat(pdf_text(documents(path)[0]))
    assert "por un valor de 1.250,50 EUR" in text
    assert "Causa raíz (Materiales): cartons too weak" in text


@pytest.mark.parametrize(
    ("cells", "complaint", "message"),
    [
        (
            {"settlement": None},
            "C-1",
            "Complaints!S2 (Settlement) is blank: a resolution letter states the settlement",
        ),
        (
            {"settlement": "discount", "claim_amount": None},
            "C-1",
            "Complaints!R2 (Claim Amount) is blank: a discount states its amount",
        ),
        ({}, "C-9", "Complaints: no complaint 'C-9' in column Complaint ID"),
        (
            {"order_id": "SO-9"},
            "C-1",
            "Complaints!B2 (Order ID): 'SO-9' is not an order in the Orders sheet",
        ),
        (
            {"currency": None},
            "C-1",
            "Orders!F2 (Currency) is blank: the settlement's amount is in the order's currency",
        ),
    ],
)
def test_refused_letters_name_the_cell_and_write_nothing(
    make_register, capsys, cells, complaint, message
) -> None:
    path = register(make_register, "en", **cells)
    before = path.read_bytes()
    code, _, err = run(
        capsys, "aftersales", "letter", path, "--complaint", complaint, "--kind", "resolution"
    )
    assert code == 2
    assert message in err and "nothing was written" in err
    assert documents(path) == []
    assert path.read_bytes() == before


def test_a_replacement_needs_no_amount(make_register, capsys) -> None:
    path = register(make_register, "en", settlement="replacement", claim_amount=None)
    code, _, err = letter(capsys, path, "resolution")
    assert code == 0, err
    text = flat(pdf_text(documents(path)[0]))
    assert "we will replace the goods concerned at our cost." in text


def test_same_letter_same_file_a_changed_one_the_next_version(make_register, capsys) -> None:
    path = register(make_register, "en")
    assert letter(capsys, path, "resolution")[0] == 0
    first = documents(path)[0].read_bytes()
    code, out, _ = letter(capsys, path, "resolution")
    assert code == 0 and "already written, unchanged" in out
    assert [p.name for p in documents(path)] == ["RES_C-1_v1_en.pdf"]
    assert documents(path)[0].read_bytes() == first

    wb = load_workbook(path)  # the desk types the agreed amount in Excel
    ws = wb[Complaints.sheet]
    column = next(c.column_letter for c in ws[1] if c.value == Complaints.claim_amount)
    ws[f"{column}2"] = 980
    wb.save(path)
    assert letter(capsys, path, "resolution")[0] == 0
    names = [p.name for p in documents(path)]
    assert names == ["RES_C-1_v1_en.pdf", "RES_C-1_v2_en.pdf"]
    assert documents(path)[0].read_bytes() == first  # the letter sent stays as it was
    assert "USD 980.00" in flat(pdf_text(documents(path)[1]))


def test_letter_buttons_act_on_the_complaint_under_the_cursor(make_register) -> None:
    path = register(make_register, "zh-CN")
    book = FakeBook.from_xlsx(path)
    book.fullname = str(path)  # where Excel has it: the Documents folder is beside it
    book.selection = book.sheets[Complaints.sheet].range("B2")
    outcome = orderdesk_addin.run("odResolutionLetter", book=book)
    assert outcome is not None, book.app.alerts
    assert Path(outcome.data["pdf"]) == path.parent / "Documents" / "RES_C-1_v1_zh-CN.pdf"
    assert "贷项通知单" in pdf_text(Path(outcome.data["pdf"]))

    book.selection = book.sheets[Orders.sheet].range("A2")
    outcome = orderdesk_addin.run("odAckLetter", book=book)
    assert outcome is not None
    assert outcome.summary.startswith("Select a complaint")


def test_a_complaint_without_a_class_is_named_by_its_cause(make_register, capsys) -> None:
    path = register(make_register, "en", complaint_class=None, cause="packaging")
    code, _, err = letter(capsys, path, "acknowledgement")
    assert code == 0, err
    text = flat(pdf_text(documents(path)[0]))
    assert "Complaint class Damage" in text  # the Cause's class, as on the SLA clock
    assert "we received on 27 Nov 2026 17:30" in text
    assert "propose a solution to you by 2 Dec 2026 14:30 at the latest" in text
