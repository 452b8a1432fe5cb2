"""What Import PO is not sure of is left blank and asked, in the customer's language; what it
cannot read is refused with the file (and page or line) named; nothing is ever half written."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from orderdesk.schema import IntakeLog, Learned, OrderLines, Orders, Setting
from tests.intake import pos as P
from tests.intake.conftest import rows, run, set_setting

# A German letter whose date reads two ways and whose one product we do not know by its name.
DOUBTFUL = (
    P.GERMAN_MAIL.replace("Bestelldatum: 07.03.2026", "Bestelldatum: 03/04/2026")
    .replace("Liefertermin: 15.05.2026\n", "")
    .replace(
        "2     KW-2004     Chef's knife 8\"                           500",
        "2     MS-77812    Fleischgabel Edelstahl                    500",
    )
)


def test_a_doubtful_field_is_blank_and_asked_in_the_customers_language(
    register: Path, tmp_path: Path
) -> None:
    po = P.write(tmp_path, "po.eml", P.mail("j.weiss@mueller-soehne.de", "Bestellung", DOUBTFUL))
    code, result, _ = run(register, po)
    assert code == 1
    order = rows(register, Orders)[-1]
    assert order["Order Date"] is None and order["Requested Delivery"] is None
    assert order["Customer PO"] == "4500012345"  # what is sure is written
    lines = [ln for ln in rows(register, OrderLines) if ln["Order ID"] == order["Order ID"]]
    assert [ln["SKU"] for ln in lines] == ["KW-2001", None]
    assert lines[1]["Qty"] == 500 and lines[1]["Description"] == "Fleischgabel Edelstahl"
    assert result["orders"][0]["questions"] == [
        "Bitte teilen Sie uns für diese Bestellung noch den gewünschten Liefertermin mit.",
        "Ihre Angabe „03/04/2026“ für das Datum Ihrer Bestellung können wir leider nicht "
        "zuordnen. Bitte bestätigen Sie sie uns noch einmal.",
        "Position 2 (MS-77812 Fleischgabel Edelstahl): Ihre Angabe „MS-77812“ für das Produkt "
        "können wir leider nicht zuordnen. Bitte bestätigen Sie sie uns noch einmal.",
    ]


def test_the_threshold_in_settings_decides_what_is_sure(register: Path, tmp_path: Path) -> None:
    # The negative case of the test above: with the bar at 40 % the coin-toss date is written.
    set_setting(register, Setting.INTAKE_CONFIDENCE.key, 0.4)
    po = P.write(tmp_path, "po.eml", P.mail("j.weiss@mueller-soehne.de", "Bestellung", DOUBTFUL))
    run(register, po)
    assert rows(register, Orders)[-1]["Order Date"] is not None


def test_a_correction_is_learned_and_the_next_order_reads_right(
    register: Path, tmp_path: Path
) -> None:
    po = P.write(tmp_path, "po.eml", P.mail("j.weiss@mueller-soehne.de", "Bestellung", DOUBTFUL))
    run(register, po)
    order_id = rows(register, Orders)[-1]["Order ID"]
    # A person sets the product of line 2 and the order date (3 April, read day-first).
    wb = load_workbook(register)
    ws = wb[OrderLines.sheet]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index("Order ID")].value == order_id and row[head.index("Line")].value == 2:
            row[head.index("SKU")].value = "KW-2004"
    ws = wb[Orders.sheet]
    head = [c.value for c in ws[1]]
    import datetime as dt

    for row in ws.iter_rows(min_row=2):
        if row[head.index("Order ID")].value == order_id:
            row[head.index("Order Date")].value = dt.date(2026, 4, 3)
    wb.save(register)
    second = DOUBTFUL.replace("4500012345", "4500012399")
    _code, _result, _ = run(
        register, P.write(tmp_path, "po2.eml", P.mail("j.weiss@mueller-soehne.de", "B", second))
    )
    learned = {(r["Field"], r["They Write"], r["Means"]) for r in rows(register, Learned)}
    assert ("SKU", "MS-77812", "KW-2004") in learned
    assert ("Date Order", "03/04/2026", "DMY") in learned
    order = rows(register, Orders)[-1]
    assert order["Customer PO"] == "4500012399"
    assert order["Order Date"].date() == dt.date(2026, 4, 3)
    lines = [ln for ln in rows(register, OrderLines) if ln["Order ID"] == order["Order ID"]]
    assert [ln["SKU"] for ln in lines] == ["KW-2001", "KW-2004"]


def test_an_unknown_customer_is_refused_whole(register: Path, tmp_path: Path) -> None:
    text = P.GERMAN_MAIL.replace("Müller & Söhne Haushaltswaren GmbH", "Schmidt Küchen KG")
    po = P.write(tmp_path, "fremd.eml", P.mail("einkauf@schmidt-kuechen.example", "B", text))
    before = len(rows(register, Orders))
    code, result, _ = run(register, po)
    assert code == 1
    assert len(rows(register, Orders)) == before and rows(register, OrderLines) == []
    assert result["refused"][0]["file"] == "fremd.eml"
    assert "customer unknown" in result["refused"][0]["reason"]


def test_two_customers_that_fit_alike_are_not_guessed_between(
    make_register, tmp_path: Path
) -> None:
    from orderdesk.schema import Customers, Products
    from tests.intake.conftest import CUSTOMERS, PRODUCTS

    twin = {**CUSTOMERS[0], Customers.customer_id: "CU-DE2", Customers.email: "x@other.example",
            Customers.vat_no: None}  # fmt: skip
    path = make_register(
        {
            Customers: [
                {**CUSTOMERS[0], Customers.email: "y@else.example", Customers.vat_no: None},
                twin,
            ],
            Products: PRODUCTS,
        }
    )
    po = P.write(tmp_path, "po.eml", P.mail("weiss@gmail.com", "Bestellung", P.GERMAN_MAIL))
    code, result, _ = run(path, po)
    assert code == 1 and rows(path, Orders) == []
    assert "CU-DE" in result["refused"][0]["reason"] and "CU-DE2" in result["refused"][0]["reason"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.pdf", b"%PDF-1.7\nthis is not a pdf at all"),
        ("broken.msg", b"not an Outlook message"),
        ("broken.png", b"\x89PNG\r\n\x1a\n truncated"),
        ("broken.xlsx", b"PK\x03\x04 truncated"),
        ("empty.csv", b""),
        ("notes.docx", b"PK\x03\x04"),
    ],
)
def test_unreadable_files_exit_2_naming_the_file(
    register: Path, tmp_path: Path, name: str, data: bytes
) -> None:
    broken = P.write(tmp_path, name, data)
    code, _result, err = run(register, broken)
    assert code == 2 and f"orderdesk: {name}: " in err
    assert rows(register, IntakeLog) == [] and rows(register, Orders) == []


def test_a_password_protected_pdf_is_refused(register: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(P.english_pdf())).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    code, _, err = run(register, P.write(tmp_path, "locked.pdf", buf.getvalue()))
    assert code == 2 and "locked.pdf" in err and "password" in err
    assert rows(register, Orders) == []


def test_an_email_with_no_po_is_refused(register: Path, tmp_path: Path) -> None:
    hello = P.mail(
        "j.weiss@mueller-soehne.de",
        "Termin",
        "Guten Tag,\n\nkönnen wir nächste Woche telefonieren?\n\nJürgen Weiß\n",
    )
    code, _, err = run(register, P.write(tmp_path, "hallo.eml", hello))
    assert code == 2 and "hallo.eml: no purchase order in it" in err
    assert rows(register, Orders) == []


def test_one_bad_file_does_not_stop_the_good_ones(register: Path, tmp_path: Path) -> None:
    good = P.write(tmp_path, "c.xlsx", P.french_workbook())
    bad = P.write(tmp_path, "x.xlsx", b"PK\x03\x04 truncated")
    code, _result, err = run(register, bad, good)
    assert code == 2 and "x.xlsx" in err
    assert [o["Source File"] for o in rows(register, Orders)] == ["c.xlsx"]
