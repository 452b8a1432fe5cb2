"""Documents for many orders of the sample register, read back as a bank's document checker and
a forwarder read them (issue 17): the arithmetic they print, every container, no planned date
called "shipped", every font embedded, PDF/A identification, phone numbers in Arabic documents in
digit order — over every order at the shipping stages and every deal-stage order, in each
language, not one fixture. The register's facts are read with openpyxl (not OrderDesk's reader),
the PDFs with pypdf and poppler.

A few pages per language are rendered to PNG for a reviewer to look at ($ORDERDESK_SNAPSHOTS;
CI keeps them in build/snapshots/).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from orderdesk.actions.documents import make_documents
from orderdesk.adapters.file_register import FileRegister
from orderdesk.domain.documents.i18n import gettext
from orderdesk.sample.workbooks import FOLDER, SAMPLE
from orderdesk.schema import DocKind, LCs, OrderLines, Orders, Shipments, Stage

from . import pdf_facts as P
from .helpers import flat

TODAY = dt.date(2026, 11, 15)  # the sample's day
# Outside the work tree unless asked for (CI or a reviewer: ORDERDESK_SNAPSHOTS=build/snapshots).
SNAPSHOTS = Path(
    os.environ.get("ORDERDESK_SNAPSHOTS") or Path(tempfile.gettempdir()) / "orderdesk-snapshots"
)


def _sheet(path: Path, sheet: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path, read_only=True, data_only=True)[sheet]
    rows = ws.iter_rows(values_only=True)
    header = [str(h) if h is not None else "" for h in next(rows)]
    return [dict(zip(header, r, strict=False)) for r in rows if any(v is not None for v in r)]


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


@dataclass
class Made:
    order: str
    kind: str
    language: str
    pdf: Path
    text: str  # pypdf, all pages, whitespace-flattened


@dataclass
class Run:
    register: Path
    made: list[Made]
    details: list[str]
    orders: dict[str, dict[str, object]]
    shipments: dict[str, list[dict[str, object]]]
    lcs: dict[str, dict[str, object]]
    lines: dict[str, list[dict[str, object]]]


@pytest.fixture(scope="module")
def sample_docs(tmp_path_factory: pytest.TempPathFactory) -> Run:
    mp = pytest.MonkeyPatch()
    mp.setenv("ORDERDESK_TODAY", TODAY.isoformat())
    try:
        folder = tmp_path_factory.mktemp("sample-docs")
        reg = folder / "Sample.xlsx"
        shutil.copyfile(FOLDER / SAMPLE, reg)
        orders = {str(r[Orders.order_id]): r for r in _sheet(reg, Orders.sheet)}
        shipments: dict[str, list[dict[str, object]]] = defaultdict(list)
        for r in _sheet(reg, Shipments.sheet):
            shipments[str(r[Shipments.order_id])].append(r)
        lcs = {str(r[LCs.order_id]): r for r in _sheet(reg, LCs.sheet)}
        lines: dict[str, list[dict[str, object]]] = defaultdict(list)
        for r in _sheet(reg, OrderLines.sheet):
            lines[str(r[OrderLines.order_id])].append(r)
        stage = {o: Stage.read(r[Orders.stage]) for o, r in orders.items()}
        shipping = [o for o, s in stage.items() if s and Stage.READY_TO_SHIP.rank <= s.rank]
        shipping = [o for o in shipping if stage[o] is not Stage.CLOSED] + [
            o for o in shipping if stage[o] is Stage.CLOSED
        ][::24]
        deal = [o for o, s in stage.items() if s in (Stage.CONFIRMED, Stage.IN_PRODUCTION)]
        made: list[Made] = []
        details: list[str] = []
        out = folder / "out"

        def run(ids: list[str], kinds: tuple[DocKind, ...], lang: str | None = None) -> None:
            o = make_documents(
                FileRegister(reg, user="checker"),
                kinds=kinds,
                order_ids=ids,
                lang=lang,
                out_dir=out,
                workers=2,
            )
            details.extend(o.details)
            for d in o.data.get("documents", []):
                path = Path(d["pdf"])
                made.append(
                    Made(d["order"], d["kind"], d["language"], path, flat(" ".join(P.pages(path))))
                )

        # Each order in its customer's language (the sample has customers writing en, de, es,
        # fr, zh-CN, ar, and pt and ja, which fall back to English), then the bilingual form.
        # Few calls: each reads, validates and saves the 300-order register once.
        run(shipping, (DocKind.CI, DocKind.PL))
        run(deal[::2], (DocKind.PI, DocKind.CONTRACT, DocKind.CONFIRMATION))
        run([*shipping[:2], *deal[1:3]], (DocKind.CI, DocKind.PI), "en+zh-CN")
        return Run(reg, made, details, orders, shipments, lcs, lines)
    finally:
        mp.undo()


def _of(run: Run, kind: str, lang: str | None = None) -> list[Made]:
    return [m for m in run.made if m.kind == kind and (lang is None or m.language == lang)]


def test_many_documents_in_every_language_were_made(sample_docs: Run) -> None:
    langs = {m.language for m in sample_docs.made}
    assert {"en", "de", "es", "fr", "zh-CN", "ar", "en+zh-CN"} <= langs
    assert len({m.order for m in sample_docs.made}) >= 40
    assert len(_of(sample_docs, "ci")) >= 20 and len(_of(sample_docs, "pi")) >= 15


# --- the money block: its balance is what its lines say ------------------------------------------

_MONEY = r"(?:[A-Z]{3}\s)?([0-9][0-9.,\u00a0\u202f ]*[0-9])(?:\s[A-Z]{3})?"


def _block(m: Made) -> tuple[Decimal, Decimal, Decimal] | None:
    """Total, paid and balance as printed, read with Babel's parser for the language."""
    parts = m.language.split("+")
    lang = parts[0]

    def label(message: str) -> str:  # the bilingual form writes each label in both languages
        return " / ".join(gettext(p, message) for p in parts)

    paid_label = label("Less paid to date" if m.kind == "ci" else "Paid to date")
    pattern = (
        re.escape(label("Total"))
        + r"[^0-9]*?"
        + _MONEY
        + r"\s*"
        + re.escape(paid_label)
        + r"\s*−\s*"
        + _MONEY
        + r"\s*"
        + "("
        + re.escape(label("Balance due"))
        + "|"
        + re.escape(label("Paid in excess, to the buyer's credit"))
        + r")\s*"
        + _MONEY
    )
    found = re.search(pattern, m.text)
    if found is None:
        return None
    locale = P.LOCALES[lang]
    total, paid, balance = (
        P.parse_decimal(re.sub(r"[\s\u00a0\u202f]", "", found.group(i)), locale=locale)
        for i in (1, 2, 4)
    )
    credit = found.group(3) != label("Balance due")
    return total, paid, -balance if credit else balance


def test_the_balance_is_the_total_less_what_was_paid(sample_docs: Run) -> None:
    checked = 0
    for m in _of(sample_docs, "ci") + _of(sample_docs, "pi"):
        if m.language == "ar":
            continue  # right-to-left: the text order pypdf gives is the drawing order
        block = _block(m)
        assert block is not None, f"{m.pdf.name}: no total / paid / balance block in {m.text[:300]}"
        total, paid, balance = block
        assert balance == total - paid, f"{m.pdf.name}: {total} − {paid} ≠ {balance}"
        checked += 1
    assert checked >= 25


def test_the_check_of_the_balance_can_fail() -> None:
    text = (
        f"{gettext('de', 'Total')} CFR Rotterdam 28.362,10 EUR "
        f"{gettext('de', 'Less paid to date')} − 0,00 EUR "
        f"{gettext('de', 'Balance due')} 19.853,47 EUR"
    )
    wrong = Made("SO-X", "ci", "de", Path("x.pdf"), text)
    total, paid, balance = _block(wrong) or (Decimal(0),) * 3
    assert balance != total - paid  # the SO-2026-0121: 28,362.10 − 0.00 = 19,853.47


# --- shipments: every container, facts only ------------------------------------------------------


def test_every_container_of_the_shipment_appears(sample_docs: Run) -> None:
    checked = 0
    for m in _of(sample_docs, "ci") + _of(sample_docs, "pl"):
        containers = {
            str(s[Shipments.container_no]).strip()
            for s in sample_docs.shipments.get(m.order, [])
            if s[Shipments.container_no]
        }
        for c in containers:
            assert c in m.text, f"{m.pdf.name}: container {c} missing"
        checked += len(containers) > 1
    assert checked >= 2  # orders shipped in two containers or more were among them


def test_no_date_to_come_is_called_shipped(sample_docs: Run) -> None:
    for m in _of(sample_docs, "ci", "en") + _of(sample_docs, "pl", "en"):
        left = [
            _day(s[Shipments.atd])
            for s in sample_docs.shipments.get(m.order, [])
            if _day(s[Shipments.atd])
        ]
        on_board = re.search(r"Shipped on board (\d{1,2} \w{3} \d{4})", m.text)
        if on_board is None:
            assert not any(d <= TODAY for d in left if d) or not left
            continue
        shown = dt.datetime.strptime(on_board.group(1), "%d %b %Y").date()
        assert shown <= TODAY, f"{m.pdf.name}: {shown} is after {TODAY}"


def test_ports_and_carriers_are_named_not_coded(sample_docs: Run) -> None:
    for m in _of(sample_docs, "ci", "en"):
        order = sample_docs.orders[m.order]
        assert str(order[Orders.port_of_loading]) not in m.text, m.pdf.name
        assert "China" in m.text  # "Ningbo, China"
        for s in sample_docs.shipments.get(m.order, []):
            code = str(s[Shipments.carrier])
            if code in ("MAEU", "MSCU", "HLCU"):  # SCACs, which no carrier's name contains
                assert f" {code} " not in f" {m.text} ", m.pdf.name


# --- fonts and PDF/A ------------------------------------------------------------------------------


def test_every_font_is_embedded(sample_docs: Run) -> None:
    base14 = re.compile(r"/(Helvetica|Times|Courier|Symbol|ZapfDingbats|STSong)", re.I)
    for m in sample_docs.made:
        used = P.fonts(m.pdf)
        assert used and all(f.embedded for f in used), (m.pdf.name, used)
        assert not any(base14.match(f.name) for f in used), (m.pdf.name, used)


def test_poppler_sees_every_font_embedded_too(sample_docs: Run) -> None:
    if P.PDFFONTS is None:
        pytest.skip("poppler's pdffonts is not installed")
    for m in sample_docs.made[::7]:
        out = subprocess.run([P.PDFFONTS, str(m.pdf)], capture_output=True, text=True).stdout
        rows = out.splitlines()[2:]
        assert rows and all(" yes " in r for r in rows), (m.pdf.name, out)


def test_the_font_check_fails_on_a_base_font() -> None:
    """A PDF that names Helvetica without embedding it, made with ReportLab's own canvas."""
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("Times-Roman", 12)
    c.drawString(72, 720, "J apan")
    c.save()
    path = Path(__file__).parent / "_base14.pdf"
    try:
        path.write_bytes(buf.getvalue())
        assert not all(f.embedded for f in P.fonts(path))
    finally:
        path.unlink(missing_ok=True)


def test_documents_identify_as_pdf_a_2b(sample_docs: Run) -> None:
    for m in sample_docs.made[::5]:
        meta = P.xmp(m.pdf)
        assert "<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>B<" in meta
    if P.PDFINFO:
        info = subprocess.run(
            [P.PDFINFO, str(sample_docs.made[0].pdf)], capture_output=True, text=True
        ).stdout
        assert "Metadata Stream: yes" in info and "Encrypted:       no" in info


# --- Arabic ----------------------------------------------------------------------------------------


def _phones(run: Run) -> dict[str, str]:
    customers = {str(r["Customer ID"]): r for r in _sheet(run.register, "Customers")}
    return {
        o: str(customers[str(r[Orders.customer])]["Phone"])
        for o, r in run.orders.items()
        if str(r[Orders.customer]) in customers and customers[str(r[Orders.customer])]["Phone"]
    }


def test_phone_numbers_keep_their_digit_order_in_arabic_documents(sample_docs: Run) -> None:
    if P.PDFTOTEXT is None:
        pytest.skip("poppler's pdftotext is not installed")
    phones = _phones(sample_docs)
    arabic = [m for m in sample_docs.made if m.language == "ar"]
    assert arabic
    checked = 0
    for m in arabic:
        text = P.poppler_text(m.pdf)
        lc = sample_docs.lcs.get(m.order)
        if lc is not None and m.kind != "pl":
            continue  # an L/C order names the buyer as the credit does: no phone to check
        phone = phones[m.order]
        assert phone in text, f"{m.pdf.name}: {phone!r} not in digit order"
        checked += 1
    assert checked >= 3


def test_the_digit_order_check_fails_without_isolation() -> None:
    """The issue's symptom, made on purpose: a phone after Arabic text, no isolate, reads
    '0127 555 11 966+' — the check above would catch it."""
    if P.PDFTOTEXT is None:
        pytest.skip("poppler's pdftotext is not installed")
    from orderdesk.adapters.pdf import html_to_pdf

    html = (
        '<html lang="ar" dir="rtl"><body style="font-family: \'OD Sans\'">'
        "<p>هاتف +966 11 555 0127</p></body></html>"
    )
    path = Path(__file__).parent / "_rtl.pdf"
    try:
        path.write_bytes(html_to_pdf(html).data)
        assert "+966 11 555 0127" not in P.poppler_text(path)
    finally:
        path.unlink(missing_ok=True)


def test_an_lc_order_names_the_buyer_as_the_credit_does(sample_docs: Run) -> None:
    checked = 0
    for m in _of(sample_docs, "ci"):
        lc = sample_docs.lcs.get(m.order)
        if lc is None:
            continue
        applicant = str(lc[LCs.applicant]).splitlines()[0]
        assert str(lc[LCs.lc_no]) in m.text, m.pdf.name
        if m.language != "ar":
            assert applicant in m.text, m.pdf.name
        checked += 1
    assert checked >= 5


# --- what ships -------------------------------------------------------------------------------------


def test_a_ci_prints_the_accepted_quantity_and_says_what_was_ordered(sample_docs: Run) -> None:
    checked = 0
    for m in _of(sample_docs, "ci", "en"):
        for line in sample_docs.lines.get(m.order, []):
            qty, accepted = line[OrderLines.qty], line[OrderLines.accepted_qty]
            if accepted is None or qty is None or accepted >= qty:
                continue
            assert f"ordered {float(qty):,.0f}, {float(accepted):,.0f} ship" in m.text, m.pdf.name
            checked += 1
    assert checked >= 1


# --- snapshots for a reviewer --------------------------------------------------------------------


def test_snapshots_are_rendered_for_review(sample_docs: Run) -> None:
    if P.PDFTOPPM is None:
        pytest.skip("poppler's pdftoppm is not installed")
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SNAPSHOTS.glob("*.png"):  # a page count that changed leaves no stale page behind
        old.unlink()
    per_language: dict[str, int] = defaultdict(int)
    for m in sample_docs.made:
        if per_language[m.language] >= 4:
            continue
        per_language[m.language] += 1
        subprocess.run(
            [P.PDFTOPPM, "-png", "-r", "60", str(m.pdf), str(SNAPSHOTS / m.pdf.stem)], check=True
        )
    pngs = list(SNAPSHOTS.glob("*.png"))
    assert {lang for lang in per_language} >= {"en", "de", "es", "fr", "zh-CN", "ar"}
    assert len(pngs) >= 24
