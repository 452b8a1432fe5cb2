"""Documents made from a register file: what the PDFs say, the Documents sheet, the files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from orderdesk.actions.base import NoSuchOrder
from orderdesk.actions.documents import DocumentsUsage, make_documents
from orderdesk.adapters.file_register import FileRegister
from orderdesk.adapters.pdf import iter_fonts_in
from orderdesk.cli import main
from orderdesk.schema import DocKind

from .helpers import documents_rows, flat, made_pdf, make, pdf_text

_make, _pdf = make, made_pdf


def test_proforma_in_spanish_has_the_totals_words_and_deposit(trade_register, tmp_path):
    reg = trade_register()
    outcome = _make(reg, tmp_path / "out", "SO-2026-0042")
    assert outcome.findings == 0, outcome.details
    text = flat(pdf_text(_pdf(outcome, DocKind.PI, "SO-2026-0042")))
    assert "Factura proforma" in text
    assert "PI-SO-2026-0042" in text
    # Spanish number format, code after the amount; 8,450.00 + 3,100.00 + 4,579.00 = 16,129.00
    assert "16.129,00 USD" in text
    assert "8.450,00" in text and "4.579,00" in text
    # Nothing paid yet: the balance is the total, and the deposit the terms ask for is a line
    # of its own (30 % of 16,129.00), never subtracted from it.
    assert "Pagado hasta la fecha − 0,00 USD Saldo pendiente 16.129,00 USD" in text
    assert "Anticipo del 30 % según las condiciones de pago 4.838,70 USD" in text
    assert "Válida hasta" in text  # a proforma invoice says how long it holds
    assert "dieciséis mil ciento veintinueve" in text  # the total in words, in Spanish
    assert "732393" in text and "Origen" in text  # HS code and country of origin per line
    assert "FOB Ningbo" in text
    assert "Bank of China, Ningbo Branch" in text and "BKCHCNBJ92A" in text


def test_chinese_commercial_invoice_embeds_a_cjk_font_and_says_it_in_chinese(
    trade_register, tmp_path
):
    reg = trade_register()
    outcome = _make(reg, tmp_path / "out", "SO-2026-0043", kinds=(DocKind.CI,))
    assert outcome.findings == 0, outcome.details
    pdf = _pdf(outcome, DocKind.CI, "SO-2026-0043")
    text = flat(pdf_text(pdf))
    assert "商业发票" in text
    assert "CNY 11,100.00" in text  # 200 × 55.50
    assert "人民币壹万壹仟壹佰元整" in text  # the capital amount banks require
    assert "减：已付款" in text and "CNY 3,330.00" in text  # the deposit invoice was paid
    assert "CNY 7,770.00" in text  # balance 11,100.00 − 3,330.00
    assert "兹证明上述货物原产于中国" in text
    fonts = dict(iter_fonts_in(pdf.read_bytes()))
    cjk = [name for name, embedded in fonts.items() if "CJK" in name.upper() and embedded]
    assert cjk, f"no embedded CJK font in {fonts}"


def test_packing_list_numbers_cartons_without_overlap_and_sums_weights(trade_register, tmp_path):
    reg = trade_register()
    # SO-0042 is only confirmed: a packing list before "ready to ship" is a draft
    outcome = _make(
        reg, tmp_path / "out", "SO-2026-0042", kinds=(DocKind.PL,), lang="en", draft=True
    )
    assert outcome.findings == 0, outcome.details
    text = flat(pdf_text(_pdf(outcome, DocKind.PL, "SO-2026-0042")))
    assert "Packing List" in text and "DRAFT" in text
    for rng in ("1–84", "85–134", "135–159"):
        assert rng in text
    assert "last carton: 4 pcs" in text and "last carton: 50 pcs" in text
    assert (
        "Total: 159 cartons, net weight 2,723.00 kg, gross weight 2,980.00 kg, volume 7.550 m³."
        in text
    )
    assert "COCINAS DEL SUR" in text  # shipping marks
    assert "8.45" not in text  # a packing list shows no prices


def test_contract_clauses_follow_customer_and_product_type(trade_register, tmp_path):
    reg = trade_register()
    outcome = _make(
        reg, tmp_path / "out", "SO-2026-0042", "SO-2026-0045", kinds=(DocKind.CONTRACT,), lang="en"
    )
    assert outcome.findings == 0, outcome.details
    new_std = flat(pdf_text(_pdf(outcome, DocKind.CONTRACT, "SO-2026-0042")))
    repeat_custom = flat(pdf_text(_pdf(outcome, DocKind.CONTRACT, "SO-2026-0045")))
    assert "third-party pre-shipment inspection" in new_std  # a new customer
    assert "seller's final inspection report" not in new_std
    assert "ISO 2859-1 AQL 2.5" in new_std  # standard product: sampling standard
    assert "pre-production sample" not in new_std and "Tooling" not in new_std
    # SO-0045: the customer's type is blank but it ordered before? no: first order → new; the
    # product is custom → approved sample and tooling clauses
    assert "signed pre-production sample" in repeat_custom
    assert "moulds remain the buyer's property" in repeat_custom
    # payment, penalty (0.5 %/day, cap 5 % of 16,129.00 = 806.45), arbitration, force majeure
    assert (
        "T/T, 30% deposit (USD 4,838.70) on order, balance of USD 11,290.30 before shipment"
        in new_std
    )
    assert "0.5% of the contract value for each day of delay" in new_std
    assert "not more than 5% of the contract value (USD 806.45)" in new_std
    assert "Institute Cargo Clauses" not in new_std  # FOB: the buyer insures
    assert "To be covered by the Buyer." in new_std
    assert "Institute Cargo Clauses (A)" in repeat_custom  # CIP: all risks
    assert (
        "China International Economic and Trade Arbitration Commission (CIETAC), Shanghai"
        in new_std
    )
    assert "Force majeure" in new_std
    assert "Latest date of shipment: 5 Nov 2026" in new_std


def test_repeat_customer_gets_the_repeat_inspection_clause(trade_register, tmp_path):
    from .conftest import line, order

    reg = trade_register(
        extra_orders=[
            order(
                "SO-2026-0047",
                "CU-DE",
                "confirmed",
                order_date=__import__("datetime").date(2026, 10, 1),
            )
        ],
        extra_lines=[line("SO-2026-0047", 1, "KW-100", 10, 8.0)],
    )
    outcome = _make(reg, tmp_path / "out", "SO-2026-0047", kinds=(DocKind.CONTRACT,), lang="en")
    text = flat(pdf_text(_pdf(outcome, DocKind.CONTRACT, "SO-2026-0047")))
    # CU-DE has no customer type but ordered SO-2026-0045 earlier: a repeat customer
    assert "seller's final inspection report" in text
    assert "third-party pre-shipment inspection" not in text


def test_confirmation_lists_what_is_still_missing(trade_register, tmp_path):
    reg = trade_register()
    outcome = _make(reg, tmp_path / "out", "SO-2026-0044", kinds=(DocKind.CONFIRMATION,), lang="en")
    assert outcome.findings == 0, outcome.details
    text = flat(pdf_text(_pdf(outcome, DocKind.CONFIRMATION, "SO-2026-0044")))
    assert "Order Confirmation" in text
    # Validate's completeness questions for the order as it will stand at ready to ship
    assert "Still to be confirmed" in text
    assert "missing the shipping marks and the preferred forwarder" in text
    assert "letter of credit" in text and "Emirates NBD" in text
    assert "Please sign this confirmation" in text


def test_arabic_customer_name_is_drawn_with_real_glyphs(trade_register, tmp_path):
    from orderdesk.adapters.pdf import html_to_pdf
    from orderdesk.domain.documents.i18n import language
    from orderdesk.domain.documents.render import render_html

    reg = trade_register()
    outcome = _make(reg, tmp_path / "out", "SO-2026-0044", kinds=(DocKind.PI,))
    pdf = _pdf(outcome, DocKind.PI, "SO-2026-0044")
    fonts = dict(iter_fonts_in(pdf.read_bytes()))
    assert any("DejaVu" in f and emb for f, emb in fonts.items()), fonts
    text = pdf_text(pdf)
    arabic = [c for c in text if "\u0600" <= c <= "\u06ff" or "\ufe70" <= c <= "\ufeff"]
    assert len(arabic) >= 15  # the name's letters, joined (presentation forms) and present
    html = Path(str(pdf).replace(".pdf", ".html")).read_text(encoding="utf-8")
    assert "شركة الخليج للتجارة العامة" in html  # the HTML keeps the logical text
    # and nothing of the page fell back to a font without the glyphs
    again = html_to_pdf(html)
    assert not [w for w in again.warnings if "can draw" in w], again.warnings
    del language, render_html


def test_bilingual_form_writes_english_and_chinese(trade_register, tmp_path):
    reg = trade_register()
    outcome = _make(reg, tmp_path / "out", "SO-2026-0042", kinds=(DocKind.PI,), lang="en+zh-CN")
    text = flat(pdf_text(_pdf(outcome, DocKind.PI, "SO-2026-0042")))
    assert "Proforma Invoice" in text and "形式发票" in text
    assert "sixteen thousand, one hundred and twenty-nine US dollars" in text
    assert "美元壹万陆仟壹佰贰拾玖元整" in text
    assert documents_rows(reg)[0]["language"] == "en+zh-CN"


def test_each_document_is_recorded_with_version_hash_and_who(trade_register, tmp_path):
    reg = trade_register()
    out = tmp_path / "out"
    _make(reg, out, "SO-2026-0042", kinds=(DocKind.PI, DocKind.CONTRACT))
    # the same content in German is the same revision; a changed order is the next
    german = _make(reg, out, "SO-2026-0042", kinds=(DocKind.PI,), lang="de")
    _change_order(reg, "SO-2026-0042", customer_po="PO-0042-B")
    second = _make(reg, out, "SO-2026-0042", kinds=(DocKind.PI,), lang="de")
    rows = documents_rows(reg)
    assert [(r["kind"], r["version"], r["language"]) for r in rows] == [
        ("pi", 1, "es"),
        ("contract", 1, "es"),
        ("pi", 1, "de"),
        ("pi", 2, "de"),
    ]
    assert "Rev." not in flat(pdf_text(_pdf(german, DocKind.PI, "SO-2026-0042")))
    for r in rows:
        path = reg.parent / r["path"] if not Path(r["path"]).is_absolute() else Path(r["path"])
        assert hashlib.sha256(path.read_bytes()).hexdigest() == r["sha256"]
        assert r["by"] == "tester" and r["at"] is not None and r["order_id"] == "SO-2026-0042"
    assert "Rev. 2" in flat(pdf_text(_pdf(second, DocKind.PI, "SO-2026-0042")))
    assert "Proforma-Rechnung" in flat(pdf_text(_pdf(second, DocKind.PI, "SO-2026-0042")))


def _change_order(reg: Path, order_id: str, **values) -> None:
    """Type new values into an order's row, as a person does in Excel."""
    import openpyxl

    from orderdesk.schema import Orders

    wb = openpyxl.load_workbook(reg)
    ws = wb[Orders.sheet]
    header = {c.value: c.column for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == order_id)
    for attr, value in values.items():
        ws.cell(row, header[str(getattr(Orders, attr))]).value = value
    wb.save(reg)


def test_a_document_missing_what_it_needs_is_not_made_and_the_cell_is_named(
    trade_register, tmp_path
):
    reg = trade_register()
    outcome = _make(reg, tmp_path / "out", "SO-2026-0046", kinds=(DocKind.CI, DocKind.PL))
    assert outcome.findings == 1
    problem = next(d for d in outcome.details if "not made" in d)
    assert "ci" in problem and "OrderLines!" in problem and "(HS Code)" in problem
    kinds = [d["kind"] for d in outcome.data["documents"]]
    assert kinds == ["pl"]  # the packing list needs no HS code


def test_all_ready_makes_what_fits_each_stage_once(trade_register, tmp_path):
    reg = trade_register()
    first = make_documents(FileRegister(reg), all_ready=True, out_dir=tmp_path / "out")
    made = sorted((d["order"], d["kind"]) for d in first.data["documents"])
    deal = ("confirmation", "contract", "pi")
    expected = sorted(
        [(o, k) for o in ("SO-2026-0042", "SO-2026-0044", "SO-2026-0045") for k in deal]
        + [("SO-2026-0043", "ci"), ("SO-2026-0043", "pl"), ("SO-2026-0046", "pl")]
    )
    assert made == expected  # SO-0046's CI lacks an HS code: reported, not made
    assert first.findings == 1
    again = make_documents(FileRegister(reg), all_ready=True, out_dir=tmp_path / "out")
    assert again.data.get("documents", []) == [] or again.summary.startswith("made 0")
    assert len(documents_rows(reg)) == len(expected)


@pytest.mark.parametrize("order_id", ["../../x", "SO/1", "CON", "..\\..\\win", "订单-7", "a:b*c?"])
def test_order_ids_never_write_outside_the_output_folder(trade_register, tmp_path, order_id):
    from .conftest import line, order

    reg = trade_register(
        extra_orders=[order(order_id, "CU-ES", "confirmed")],
        extra_lines=[line(order_id, 1, "KW-100", 10, 8.0)],
    )
    out = tmp_path / "deep" / "out"
    outcome = _make(reg, out, order_id, kinds=(DocKind.PI,))
    assert outcome.findings == 0, outcome.details
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".pdf", ".html")]
    assert written and all(p.parent == out.resolve() for p in written), written
    assert order_id in flat(pdf_text(written[0] if written[0].suffix == ".pdf" else written[1]))


def test_unknown_language_or_order_is_reported(trade_register, tmp_path):
    reg = trade_register()
    with pytest.raises(DocumentsUsage, match="no documents in 'xx'"):
        _make(reg, tmp_path, "SO-2026-0042", lang="xx")
    with pytest.raises(NoSuchOrder, match="no such order: SO-NOPE"):
        _make(reg, tmp_path, "SO-NOPE")


def test_cli_docs_command(trade_register, tmp_path, capsys):
    reg = trade_register()
    out = tmp_path / "cli-out"
    code = main(
        [
            "docs",
            str(reg),
            "--order",
            "SO-2026-0042",
            "--kind",
            "pi",
            "--lang",
            "fr",
            "--out",
            str(out),
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    pdf = Path(data["documents"][0]["pdf"])
    assert pdf.parent == out.resolve() and pdf.name == "PI_SO-2026-0042_v1_fr.pdf"
    assert "Facture proforma" in flat(pdf_text(pdf))
    assert main(["docs", str(reg), "--order", "SO-2026-0042", "--kind", "invoice"]) == 2
    assert main(["docs", str(reg), "--all-ready", "--kind", "pl", "--out", str(out)]) == 0


def _with_setting(key: str, value: str):
    from orderdesk.defaults import policy_rows
    from orderdesk.schema import Settings

    rows = [dict(r) for r in policy_rows()[Settings]]
    for r in rows:
        if r[Settings.key] == key:
            r[Settings.value] = value
    return {Settings: rows}


def test_company_logo_goes_into_the_header_and_a_missing_one_is_named(make_register, tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    from orderdesk.schema import Customers, Invoices, OrderLines, Orders, Products, Setting

    from . import conftest as C

    Image.new("RGB", (240, 80), (18, 53, 91)).save(tmp_path / "logo.png")
    base = {
        Customers: C.CUSTOMERS,
        Products: C.PRODUCTS,
        Orders: C.ORDERS,
        OrderLines: C.LINES,
        Invoices: C.INVOICES,
    }
    reg = make_register(
        {**base, **_with_setting(Setting.COMPANY_LOGO.key, "logo.png")}, name="withlogo.xlsx"
    )
    outcome = _make(reg, tmp_path / "out", "SO-2026-0042")
    assert outcome.findings == 0, outcome.details
    page = PdfReader(_pdf(outcome, DocKind.PI, "SO-2026-0042")).pages[0]
    xobjects = page["/Resources"].get("/XObject") or {}
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
    html = (
        _pdf(outcome, DocKind.PI, "SO-2026-0042").with_suffix(".html").read_text(encoding="utf-8")
    )
    assert 'src="data:image/png;base64,' in html  # the HTML carries its logo with it

    reg2 = make_register(
        {**base, **_with_setting(Setting.COMPANY_LOGO.key, "nowhere.png")}, name="nologo.xlsx"
    )
    missing = _make(reg2, tmp_path / "out2", "SO-2026-0042")
    assert missing.findings == 1 and missing.data["documents"]  # made, without the logo
    assert any("Settings!" in d and "nowhere.png" in d for d in missing.details)


def test_several_processes_make_the_same_documents(trade_register, tmp_path):
    one = trade_register(name="one.xlsx")
    two = trade_register(name="two.xlsx")
    a = make_documents(FileRegister(one), all_ready=True, out_dir=tmp_path / "a", workers=1)
    b = make_documents(FileRegister(two), all_ready=True, out_dir=tmp_path / "b", workers=2)
    key = lambda o: sorted((d["order"], d["kind"], d["sha256"]) for d in o.data["documents"])  # noqa: E731
    assert len(a.data["documents"]) >= 4 and key(a) == key(b)


def test_characters_no_font_can_draw_are_reported(trade_register, tmp_path):
    from .conftest import line, order

    reg = trade_register(
        extra_orders=[order("SO-2026-0050", "CU-ES", "confirmed", customer_po="ใบสั่งซื้อ 7")],
        extra_lines=[line("SO-2026-0050", 1, "KW-100", 10, 8.0)],
    )
    outcome = _make(reg, tmp_path / "out", "SO-2026-0050", lang="en")
    # a document with boxes in it is not made nor recorded: the next run makes it
    assert outcome.findings == 1 and not outcome.data["documents"]
    assert any("not made" in d and "U+0E" in d and "boxes" in d for d in outcome.details)
    assert documents_rows(reg) == [] and not list((tmp_path / "out").glob("*.pdf"))


def test_confirmation_asks_in_the_documents_language(trade_register, tmp_path):
    reg = trade_register()
    es = _make(reg, tmp_path / "es", "SO-2026-0044", kinds=(DocKind.CONFIRMATION,), lang="es")
    text = flat(pdf_text(_pdf(es, DocKind.CONFIRMATION, "SO-2026-0044")))
    assert "las marcas de embarque" in text
    both = _make(
        reg, tmp_path / "bi", "SO-2026-0044", kinds=(DocKind.CONFIRMATION,), lang="en+zh-CN"
    )
    text = flat(pdf_text(_pdf(both, DocKind.CONFIRMATION, "SO-2026-0044")))
    assert "missing the shipping marks" in text and "此订单尚缺" in text
