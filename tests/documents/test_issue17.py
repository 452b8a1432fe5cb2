"""Issue 17's defects and issue 23's items 7 and 8, each re-run on a register that has it.

The small trade register (conftest) is changed cell by cell where a defect needs it: a
container failing its check digit, an order at an earlier stage, a duplicated PO, a DAP order,
a locked workbook. Each test reads the PDF back (pypdf) or the Documents sheet.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from orderdesk.cli import main
from orderdesk.ports import WorkbookLocked
from orderdesk.schema import DocKind, LCs, Shipments

from . import pdf_facts as P
from .conftest import CUSTOMERS, INVOICES, LINES, ORDERS, PRODUCTS, line, order
from .helpers import documents_rows, flat, made_pdf, make, pdf_text

D = dt.date


_make = make


def _text(outcome, kind: DocKind, order_id: str) -> str:
    return flat(pdf_text(made_pdf(outcome, kind, order_id)))


@pytest.fixture
def register(make_register):
    """The trade register plus what a defect needs: shipments, an L/C, more orders."""

    def make(**extra) -> Path:
        from orderdesk.schema import Customers, Invoices, OrderLines, Orders, Products

        data = {
            Customers: CUSTOMERS,
            Products: PRODUCTS,
            Orders: [*ORDERS, *extra.pop("orders", [])],
            OrderLines: [*LINES, *extra.pop("lines", [])],
            Invoices: INVOICES,
        }
        data.update(extra.pop("tables", {}))
        return make_register(data)

    return make


def _shipment(sid: str, oid: str, container: str, **kw) -> dict:
    row = {
        Shipments.shipment_id: sid,
        Shipments.order_id: oid,
        Shipments.mode: "ocean",
        Shipments.carrier: "HLCU",
        Shipments.bl_no: "HLCUNB2611000",
        Shipments.container_no: container,
        Shipments.port_of_loading: "CNNGB",
        Shipments.port_of_discharge: "CNSHA",
    }
    row.update({getattr(Shipments, k): v for k, v in kw.items()})
    return row


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-11-15")


# --- 2, 3: shipment facts ---------------------------------------------------------------------


def test_two_containers_both_printed_and_a_planned_date_is_not_shipped(register, tmp_path):
    reg = register(
        tables={
            Shipments: [
                _shipment("SH-1", "SO-2026-0043", "MSCU5919178", etd=D(2026, 11, 20)),
                _shipment("SH-2", "SO-2026-0043", "MEDU6033555", etd=D(2026, 11, 20)),
            ]
        }
    )
    out = _make(reg, tmp_path / "out", "SO-2026-0043", kinds=(DocKind.CI, DocKind.PL), lang="en")
    assert out.findings == 0, out.details
    for kind in (DocKind.CI, DocKind.PL):
        text = _text(out, kind, "SO-2026-0043")
        assert "MSCU5919178" in text and "MEDU6033555" in text
        assert "Shipped on board" not in text and "20 Nov 2026" not in text  # only planned
        assert "Hapag-Lloyd" in text and "HLCU " not in text


def test_the_actual_on_board_date_is_printed_once_it_has_come(register, tmp_path):
    reg = register(
        tables={Shipments: [_shipment("SH-1", "SO-2026-0043", "MSCU5919178", atd=D(2026, 11, 9))]}
    )
    out = _make(reg, tmp_path / "out", "SO-2026-0043", kinds=(DocKind.CI,), lang="en")
    assert "Shipped on board 9 Nov 2026" in _text(out, DocKind.CI, "SO-2026-0043")


def test_a_container_failing_its_check_digit_is_refused_with_validates_words(register, tmp_path):
    bad = "MSCU5919179"  # the check digit of MSCU591917 is 8
    reg = register(tables={Shipments: [_shipment("SH-1", "SO-2026-0043", bad)]})
    out = _make(reg, tmp_path / "out", "SO-2026-0043", kinds=(DocKind.CI, DocKind.PL))
    assert not out.data["documents"] and out.findings == 2
    for d in (d for d in out.details if "not made" in d):
        assert "CONTAINER-CHECK" in d and bad in d and "Shipments" in d
    good = register(tables={Shipments: [_shipment("SH-1", "SO-2026-0043", "MSCU5919178")]})
    assert _make(good, tmp_path / "o2", "SO-2026-0043", kinds=(DocKind.CI,)).findings == 0


# --- 4: the stage table ---------------------------------------------------------------------------


def test_a_ci_before_ready_to_ship_is_refused_and_a_draft_says_so_on_every_page(register, tmp_path):
    many = [line("SO-2026-0045", n, "KW-100", 10, 8.45) for n in range(2, 60)]
    reg = register(lines=many)  # SO-0045 is in production; 59 lines: several pages
    refused = _make(reg, tmp_path / "a", "SO-2026-0045", kinds=(DocKind.CI,), lang="en")
    assert not refused.data["documents"]
    assert any("'in production'" in d and "ready to ship" in d for d in refused.details)
    drafted = _make(reg, tmp_path / "b", "SO-2026-0045", kinds=(DocKind.CI,), draft=True)
    pdf = Path(drafted.data["documents"][0]["pdf"])
    pages = P.pages(pdf)
    assert len(pages) >= 2 and all("ENTWURF" in p for p in pages)  # DRAFT, in German
    assert documents_rows(reg)[-1]["draft"] is True
    assert main(["docs", str(reg), "--order", "SO-2026-0045", "--kind", "pl"]) == 1


# --- 5: Arabic and the L/C's names ---------------------------------------------------------------


def test_an_arabic_document_keeps_the_phone_in_digit_order(register, tmp_path):
    if P.PDFTOTEXT is None:
        pytest.skip("poppler's pdftotext is not installed")
    customers = [dict(c) for c in CUSTOMERS]
    customers[2]["Phone"] = "+971 4 555 0163"
    from orderdesk.schema import Customers

    reg = register(
        tables={Customers: customers},
        orders=[order("SO-2026-0060", "CU-AE", "confirmed", payment_terms="TT30-70 BS")],
        lines=[line("SO-2026-0060", 1, "KW-100", 10, 8.0)],
    )
    out = _make(reg, tmp_path / "out", "SO-2026-0060", kinds=(DocKind.PI,))
    assert out.data["documents"][0]["language"] == "ar"
    import unicodedata

    text = P.poppler_text(Path(out.data["documents"][0]["pdf"]))
    assert "+971 4 555 0163" in text
    # joined letters (presentation forms), which read back as the word once decomposed
    assert "فاتورة" not in text and "فاتورة" in unicodedata.normalize("NFKC", text)


def test_an_lc_order_prints_the_credit_and_its_applicant(register, tmp_path):
    lc = {
        LCs.lc_no: "EBIL26LC00007",
        LCs.order_id: "SO-2026-0044",
        LCs.issue_date: D(2026, 9, 8),
        LCs.expiry_date: D(2026, 11, 20),
        LCs.expiry_place: "CHINA",
        LCs.issuing_bank: "Emirates NBD",
        LCs.issuing_bic: "EBILAEAD",
        LCs.applicant: "GULF GENERAL TRADING CO LLC\nDEIRA, DUBAI, UNITED ARAB EMIRATES",
        LCs.currency: "USD",
        LCs.amount: 1200.0,
        LCs.partial_shipments: "NOT ALLOWED",
        LCs.transhipment: "ALLOWED",
        LCs.latest_shipment: D(2026, 11, 5),
        LCs.presentation_days: 15,
    }
    reg = register(tables={LCs: [lc]})
    out = _make(reg, tmp_path / "out", "SO-2026-0044", kinds=(DocKind.PI,), lang="en")
    text = _text(out, DocKind.PI, "SO-2026-0044")
    assert "GULF GENERAL TRADING CO LLC" in text and "شركة" not in text
    assert "L/C No. EBIL26LC00007" in text and "Emirates NBD (EBILAEAD)" in text
    assert "expires on 20 Nov 2026 in CHINA" in text and "within 15 days" in text
    assert "Partial shipments: not allowed. Transhipment: allowed." in text
    assert "UCP 600" in text


def test_a_contract_for_an_lc_not_yet_open_says_when_and_how(register, tmp_path):
    reg = register()
    out = _make(reg, tmp_path / "out", "SO-2026-0044", kinds=(DocKind.CONTRACT,), lang="en")
    text = _text(out, DocKind.CONTRACT, "SO-2026-0044")
    # order date 1 Sep 2026 + 15 days; latest shipment 5 Nov + 15 days; 21 days to present
    assert "not later than 16 Sep 2026" in text
    assert "expires on 20 Nov 2026" in text and "within 21 days" in text
    assert "UCP 600" in text and "Partial shipments: allowed" in text


def test_malformed_lc_fields_are_named_by_validate(register, capsys):
    lc = {
        LCs.lc_no: "/BAD//NO",
        LCs.order_id: "SO-2026-0044",
        LCs.issue_date: D(2026, 9, 8),
        LCs.expiry_date: D(2026, 9, 1),
        LCs.currency: "USX",
        LCs.amount: 0.0,
        LCs.partial_shipments: "MAYBE",
        LCs.latest_shipment: D(2026, 11, 5),
    }
    reg = register(tables={LCs: [lc]})
    assert main(["validate", str(reg), "--json"]) == 1
    import json

    found = json.loads(capsys.readouterr().out)["issues"]
    rules = {(f["rule"], f["column"]) for f in found if f["sheet"] == LCs.sheet}
    assert {
        ("LC-NUMBER", "L/C No"),
        ("LC-DATES", "Expiry Date"),
        ("LC-DATES", "Latest Shipment"),
        ("CURRENCY-UNKNOWN", "Currency"),
        ("LC-AMOUNT", "Amount"),
        ("LC-OPTION", "Partial Shipments"),
    } <= rules


# --- 6: the contract --------------------------------------------------------------------------


def test_d_terms_insurance_claims_at_the_named_place_law_and_language(register, tmp_path):
    reg = register(
        orders=[order("SO-2026-0061", "CU-DE", "confirmed", incoterm="DAP", named_place="Köln")],
        lines=[line("SO-2026-0061", 1, "KW-100", 10, 8.0)],
    )
    out = _make(reg, tmp_path / "a", "SO-2026-0061", kinds=(DocKind.CONTRACT,), lang="en")
    text = _text(out, DocKind.CONTRACT, "SO-2026-0061")
    assert "The Seller bears the risk" in text and "delivered at Köln" in text
    assert "To be covered by the Buyer" not in text
    assert "arrival at Köln" in text and "arrival at the port of destination" not in text
    assert "CISG" in text and "law of the People's Republic of China" in text
    bilingual = _make(
        reg, tmp_path / "b", "SO-2026-0042", kinds=(DocKind.CONTRACT,), lang="en+zh-CN"
    )
    both = _text(bilingual, DocKind.CONTRACT, "SO-2026-0042")
    assert "the English text prevails" in both and "以英文文本为准" in both
    assert "预付款" in both and "定金" not in both  # art. 586: a 30 % 定金 is above the 20 % cap


# --- 7: one source of questions ------------------------------------------------------------------


def test_the_confirmation_asks_what_orderdesk_questions_asks(register, tmp_path, capsys):
    import json

    reg = register(
        orders=[order("SO-2026-0062", "CU-ES", "confirmed", customer_po="PO-0042")],
        lines=[line("SO-2026-0062", 1, "KW-100", 10, 8.0)],
    )  # the same customer PO as SO-2026-0042
    assert main(["questions", str(reg), "--order", "SO-2026-0062", "--json"]) == 1
    asked = json.loads(capsys.readouterr().out)["questions"][0]["questions"]
    po = [q for q in asked if "PO-0042" in q]
    assert po
    out = _make(reg, tmp_path / "o", "SO-2026-0062", kinds=(DocKind.CONFIRMATION,), lang="es")
    text = _text(out, DocKind.CONFIRMATION, "SO-2026-0062")
    assert flat(po[0]) in text
    assert "Nothing: we have everything" not in text


# --- 8, 11, 13, 15: PI validity, versions, locale, what ships ---------------------------------


def test_locale_details(register, tmp_path):
    reg = register()
    de = _text(_make(reg, tmp_path / "de", "SO-2026-0042", kinds=(DocKind.CONTRACT,), lang="de"),
               DocKind.CONTRACT, "SO-2026-0042")  # fmt: skip
    assert "AQL 2,5" in de and "Stk." in de
    fr = _text(_make(reg, tmp_path / "fr", "SO-2026-0042", lang="fr"), DocKind.PI, "SO-2026-0042")
    html = next((tmp_path / "fr").glob("*.html")).read_text(encoding="utf-8")
    assert "Date\u00a0:" in html and "Date:" not in html
    assert "pcs" in fr
    es = _text(_make(reg, tmp_path / "es", "SO-2026-0043", kinds=(DocKind.CI,), lang="es"),
               DocKind.CI, "SO-2026-0043")  # fmt: skip
    assert "el país de origen de las mercancías arriba descritas es China" in es
    assert "juegos" in es  # SET
    en = _text(_make(reg, tmp_path / "en", "SO-2026-0042", lang="en"), DocKind.PI, "SO-2026-0042")
    assert "1 Sep 2026" in en and "Sept" not in en
    assert "Valid until: 15 Dec 2026" in en  # 30 days from 15 Nov 2026
    assert en.count("Spain") == 3  # buyer, consignee (addresses without it), port of discharge


def test_an_address_that_ends_with_its_country_does_not_get_it_twice(register, tmp_path):
    from orderdesk.schema import Customers

    customers = [dict(c) for c in CUSTOMERS]
    customers[0][Customers.address] = "Calle de Colón 12, 46004 Valencia, España"
    reg = register(tables={Customers: customers})
    out = _make(reg, tmp_path / "en", "SO-2026-0042", lang="en")
    en = _text(out, DocKind.PI, "SO-2026-0042")
    assert "Valencia, España" in en
    assert en.count("Spain") == 2  # the consignee's country and the port: not the buyer's


def test_what_ships_is_printed_with_the_ordered_quantity_beside_it(register, tmp_path):
    reg = register(
        lines=[
            line(
                "SO-2026-0063",
                1,
                "KW-100",
                576,
                8.45,
                accepted_qty=575,
                carton_qty=12,
                cartons=48,
                net_kg=800,
                gross_kg=880,
                cbm=2.0,
            )
        ],
        orders=[order("SO-2026-0063", "CU-ES", "ready to ship")],
    )
    out = _make(reg, tmp_path / "o", "SO-2026-0063", kinds=(DocKind.CI, DocKind.PL), lang="en")
    assert out.findings == 0, out.details
    ci, pl = (_text(out, k, "SO-2026-0063") for k in (DocKind.CI, DocKind.PL))
    assert "ordered 576, 575 ship" in ci and "4,858.75" in ci  # 575 × 8.45
    assert "575 pcs" in pl and "48" in pl  # 575 / 12 → still 48 cartons


# --- issue 23, item 7: a locked workbook -----------------------------------------------------------


def test_a_locked_workbook_gets_no_documents_and_no_half_run(register, tmp_path, capsys):
    reg = register()
    lock = reg.parent / f"~${reg.name}"
    lock.write_text("someone")
    out = tmp_path / "out"
    with pytest.raises(WorkbookLocked, match="nothing was written"):
        _make(reg, out, "SO-2026-0042", kinds=(DocKind.PI, DocKind.CONTRACT))
    assert not [p for p in out.rglob("*") if p.is_file()]  # no PDF, no HTML, no leftovers
    assert main(["docs", str(reg), "--order", "SO-2026-0042", "--out", str(out)]) == 2
    assert "nothing was written" in flat(capsys.readouterr().err)
    lock.unlink()
    assert _make(reg, out, "SO-2026-0042").data["documents"]
    assert len(documents_rows(reg)) == 1


# --- issue 23, item 8: a cold font cache, two processes at once ------------------------------------

_CHILD = """
import sys
from pathlib import Path
from orderdesk.adapters.pdf import html_to_pdf
html = '<html><body style="font-family: \\'OD Sans\\', \\'OD CJK\\'">东方 橋 東京 宁波</body></html>'
pdf = html_to_pdf(html)
Path(sys.argv[1]).write_bytes(pdf.data)
print("|".join(w for w in pdf.warnings if "can draw" in w))
"""


def test_two_processes_on_a_cold_font_cache_both_draw_every_character(tmp_path):
    from orderdesk.adapters.pdf import candidate_files

    if not candidate_files():
        pytest.skip("no Chinese font on this computer")
    env = {**os.environ, "ORDERDESK_CACHE": str(tmp_path / "cache")}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(tmp_path / f"{i}.pdf")],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in (1, 2)
    ]
    for child in children:
        missing, _ = child.communicate(timeout=600)
        assert child.returncode == 0 and not missing.strip(), missing
    for i in (1, 2):
        text = "".join(P.pages(tmp_path / f"{i}.pdf"))
        assert "橋" in text and "東" in text and "宁" in text
    assert len(list((tmp_path / "cache" / "fonts").glob("*.ttf"))) >= 1


# --- 9: blocks kept together across page breaks ---------------------------------------------------


def test_totals_bank_details_and_signature_never_fall_apart(register, tmp_path):
    """Orders long enough to end near a page break, at every length in a range: the totals and
    the balance share a page, the bank details table is not split, and the signature block is
    never alone on a page."""
    ids = [f"SO-2026-07{n:02d}" for n in range(16, 40, 3)]
    reg = register(
        orders=[order(i, "CU-ES", "confirmed") for i in ids],
        lines=[line(i, k, "KW-100", 10 + k, 8.45) for i in ids for k in range(1, int(i[-2:]) + 1)],
    )
    out = _make(reg, tmp_path / "o", *ids, kinds=(DocKind.PI,), lang="en")
    assert out.findings == 0, out.details
    multi_page = 0
    for d in out.data["documents"]:
        pages = [flat(p) for p in P.pages(Path(d["pdf"]))]
        multi_page += len(pages) > 1

        def page_of(text: str, pages=pages) -> int:
            return next(n for n, p in enumerate(pages) if text in p)

        assert page_of("Balance due") == page_of("Paid to date") == page_of("Total FOB")
        assert page_of("Beneficiary") == page_of("SWIFT / BIC")
        signed = pages[page_of("Authorised signature")]
        body = signed.split("Page ", 1)[-1]  # the footer comes first in the text of a page
        assert "Bank details" in body or "Amount in words" in body, d["pdf"]
    assert multi_page >= 4


def test_the_page_check_fails_when_a_signature_stands_alone():
    pages = [
        "... Bank details Beneficiary ... SWIFT / BIC",
        "PI-1 · Page 2 / 2 For and on behalf of",
    ]
    signed = pages[1].split("Page ", 1)[-1]
    assert not ("Bank details" in signed or "Amount in words" in signed)
