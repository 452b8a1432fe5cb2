"""A corpus of customers' purchase orders for the Import PO accuracy bench, with the truth beside
each: six layouts (a typed PDF table, a letter-style e-mail, the customer's own workbook, an ERP
CSV, a two-page PDF with its table header repeated, a scan of a PDF page with noise and a small
rotation) in English, German, Spanish, French and Chinese, drawn from the sample's customers and
products with a seeded random generator.

`corpus(seed)` → `[CorpusPO]`; each has its file name and bytes, its channel and `truth`: the
order fields and lines (SKU, qty, unit, unit price) a reader should find. Not a sample extension:
the register's sample does not change with it. `python -m orderdesk.sample.intake_corpus OUT`
writes the files and a `truth.json`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from orderdesk.sample.master import CUSTOMER_BY_ID, LOADING, PRODUCTS, Customer, Product

LANGS = ("en", "de", "es", "fr", "zh")
LAYOUTS = ("table-pdf", "letter-email", "customer-xlsx", "erp-csv", "two-page-pdf", "scan")
CUSTOMERS_BY_LANG = {
    "en": ("CU-0001", "CU-0005", "CU-0030", "CU-0007"),
    "de": ("CU-0010", "CU-0011", "CU-0013"),
    "es": ("CU-0016", "CU-0017", "CU-0018"),
    "fr": ("CU-0014", "CU-0015", "CU-0009"),
    "zh": ("CU-0028", "CU-0029"),
}
CNY_PER = {
    "USD": Decimal("7.1"),
    "EUR": Decimal("7.7"),
    "GBP": Decimal("9.0"),
    "JPY": Decimal("0.048"),
}

# How each language labels a purchase order (the words a desk really meets, not our vocab list).
WORDS: dict[str, dict[str, Any]] = {
    "en": {"title": "PURCHASE ORDER", "po": "PO Number", "date": "PO Date", "delivery": "Requested delivery",
           "incoterm": "Terms of delivery", "payment": "Payment terms", "currency": "Currency",
           "ship": "Ship to", "cols": ("Item No.", "Description", "Qty", "Unit", "Unit Price", "Amount"),
           "total": "Total", "page": "Page {n} of {m}", "cont": "(continued)",
           "units": {"PCS": "pcs", "SET": "sets", "PR": "pairs", "KG": "kg", "M": "m", "ROL": "rolls"},
           "hello": "Dear Sir or Madam,", "intro": "Please supply the following:", "bye": "Kind regards,"},
    "de": {"title": "BESTELLUNG", "po": "Bestellnummer", "date": "Bestelldatum", "delivery": "Liefertermin",
           "incoterm": "Lieferbedingung", "payment": "Zahlungsbedingungen", "currency": "Währung",
           "ship": "Lieferanschrift", "cols": ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Einzelpreis", "Betrag"),
           "total": "Summe", "page": "Seite {n} von {m}", "cont": "(Fortsetzung)",
           "units": {"PCS": "Stück", "SET": "Sätze", "PR": "Paar", "KG": "kg", "M": "m", "ROL": "Rollen"},
           "hello": "Sehr geehrte Damen und Herren,", "intro": "wir bestellen hiermit:", "bye": "Mit freundlichen Grüßen"},
    "es": {"title": "PEDIDO", "po": "Número de pedido", "date": "Fecha de pedido", "delivery": "Fecha de entrega",
           "incoterm": "Condiciones de entrega", "payment": "Condiciones de pago", "currency": "Moneda",
           "ship": "Dirección de entrega", "cols": ("Código", "Descripción", "Cantidad", "Unidad", "Precio unit.", "Importe"),
           "total": "Total", "page": "Página {n} de {m}", "cont": "(continuación)",
           "units": {"PCS": "uds", "SET": "juegos", "PR": "pares", "KG": "kg", "M": "metros", "ROL": "rollos"},
           "hello": "Estimados señores:", "intro": "Les rogamos nos suministren:", "bye": "Atentamente,"},
    "fr": {"title": "BON DE COMMANDE", "po": "N° de commande", "date": "Date de commande",
           "delivery": "Date de livraison", "incoterm": "Conditions de livraison",
           "payment": "Conditions de paiement", "currency": "Devise", "ship": "Adresse de livraison",
           "cols": ("Réf.", "Désignation", "Qté", "Unité", "Prix unitaire", "Montant"),
           "total": "Total", "page": "Page {n} sur {m}", "cont": "(suite)",
           "units": {"PCS": "pièces", "SET": "jeux", "PR": "paires", "KG": "kg", "M": "mètres", "ROL": "rouleaux"},
           "hello": "Madame, Monsieur,", "intro": "Veuillez nous livrer :", "bye": "Cordialement,"},
    "zh": {"title": "采购订单", "po": "订单号", "date": "订单日期", "delivery": "交货日期", "incoterm": "贸易术语",
           "payment": "付款方式", "currency": "币种", "ship": "收货地址",
           "cols": ("货号", "品名", "数量", "单位", "单价", "金额"), "total": "合计",
           "page": "第{n}页 共{m}页", "cont": "（续）",
           "units": {"PCS": "个", "SET": "套", "PR": "双", "KG": "公斤", "M": "米", "ROL": "卷"},
           "hello": "您好，", "intro": "我司订购以下货物：", "bye": "此致"},
}  # fmt: skip
PAYMENT_TEXT: dict[str, dict[str, str]] = {
    "en": {"BL": "T/T {d}% deposit, {b}% against copy of B/L", "BS": "T/T {d}% deposit, {b}% before shipment",
           "LC SIGHT": "L/C at sight", "LC 60": "L/C 60 days", "OA": "Open account {n} days", "DP SIGHT": "D/P at sight"},
    "de": {"BL": "{d}% Anzahlung, {b}% gegen Kopie B/L", "BS": "{d}% Anzahlung, {b}% vor Versand",
           "LC SIGHT": "Akkreditiv bei Sicht", "LC 60": "L/C 60 Tage", "OA": "Offene Rechnung {n} Tage", "DP SIGHT": "D/P at sight"},
    "es": {"BL": "{d}% anticipo, {b}% contra copia del B/L", "BS": "{d}% anticipo, {b}% antes del embarque",
           "LC SIGHT": "Carta de crédito a la vista", "LC 60": "L/C 60 días", "OA": "Cuenta abierta {n} días", "DP SIGHT": "D/P at sight"},
    "fr": {"BL": "{d}% acompte, {b}% contre copie B/L", "BS": "{d}% acompte, {b}% avant expédition",
           "LC SIGHT": "Lettre de crédit à vue", "LC 60": "L/C 60 jours", "OA": "Compte ouvert {n} jours", "DP SIGHT": "D/P at sight"},
    "zh": {"BL": "{d}%定金，{b}%提单副本", "BS": "{d}%定金，{b}%发货前", "LC SIGHT": "即期信用证",
           "LC 60": "L/C 60 days", "OA": "Open account {n} days", "DP SIGHT": "D/P at sight"},
}  # fmt: skip


@dataclass
class CorpusPO:
    name: str
    channel: str  # email, pdf, scan, xlsx, csv
    layout: str
    language: str
    data: bytes
    truth: dict[str, Any] = field(default_factory=dict)


@dataclass
class _PO:
    lang: str
    customer: Customer
    po_no: str
    date: dt.date
    delivery: dt.date
    currency: str
    incoterm: str
    place: str
    terms: str
    lines: list[
        tuple[Product, str, int, Decimal]
    ]  # product, what the customer calls it, qty, price

    def truth(self) -> dict[str, Any]:
        return {
            "Customer": self.customer.id, "Customer PO": self.po_no, "Order Date": self.date.isoformat(),
            "Requested Delivery": self.delivery.isoformat(), "Currency": self.currency,
            "Incoterm": self.incoterm, "Named Place": self.place, "Payment Terms": self.terms,
            "lines": [
                {"SKU": p.sku, "Qty": q, "Unit": p.unit, "Unit Price": str(price)}
                for p, _, q, price in self.lines
            ],
        }  # fmt: skip


def _draw(rng: random.Random, lang: str, n_lines: int, own_parts: bool, n: int) -> _PO:
    customer = CUSTOMER_BY_ID[rng.choice(CUSTOMERS_BY_LANG[lang])]
    products = [p for p in PRODUCTS if p.category in customer.categories]
    chosen = rng.sample(products, min(n_lines, len(products)))
    while len(chosen) < n_lines:
        chosen.append(rng.choice(products))
    currency = customer.currency
    lines = []
    for p in chosen:
        price = (Decimal(str(p.cost_cny)) * Decimal("1.25") / CNY_PER[currency]).quantize(
            Decimal("0.01")
        )
        price = max(price, Decimal("0.05"))
        qty = rng.choice((50, 100, 120, 200, 250, 300, 500, 600, 800, 1000, 1200, 1500, 2000, 5000))
        name = p.description_zh if lang == "zh" else p.description
        part = (
            f"{customer.mark.split()[0][:3].upper()}-{rng.randint(10000, 99999)}"
            if own_parts
            else p.sku
        )
        lines.append((p, f"{part}\t{name}", qty, price))
    date = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 300))
    place = {"FOB": LOADING["CN"][1], "FCA": LOADING["CN"][1], "DAP": customer.city}.get(
        customer.incoterm, customer.port_city
    )
    po_no = customer.po_format.format(y=date.year, n=rng.randint(1, 9999) + 100 * n)
    return _PO(lang, customer, po_no, date, date + dt.timedelta(days=rng.randint(45, 95)),
               currency, customer.incoterm, place, customer.terms, lines)  # fmt: skip


# --- how each language writes numbers, dates and terms -------------------------------------------


def _num(lang: str, value: Decimal | int, places: int = 2) -> str:
    text = f"{value:,.{places}f}" if places else f"{value:,}"
    if lang in ("de", "es"):
        return text.replace(",", "§").replace(".", ",").replace("§", ".")
    if lang == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def _date(lang: str, day: dt.date) -> str:
    from babel.dates import format_date

    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    if lang == "de":
        return day.strftime("%d.%m.%Y")
    if lang == "en":
        return format_date(day, "d MMMM y", locale="en_GB")
    if lang == "es":
        return format_date(day, "d 'de' MMMM 'de' y", locale="es")
    return format_date(day, "d MMMM y", locale="fr")


def _terms(lang: str, code: str) -> str:
    words = PAYMENT_TEXT[lang]
    if code.startswith("TT"):
        d, b = code[2:].split()[0].split("-")
        return words[code.split()[1]].format(d=d, b=b)
    if code.startswith("OA"):
        return words["OA"].format(n=code[2:])
    return words.get(code, code)


def _fields(po: _PO) -> list[tuple[str, str]]:
    w = WORDS[po.lang]
    return [
        (w["po"], po.po_no), (w["date"], _date(po.lang, po.date)),
        (w["delivery"], _date(po.lang, po.delivery)), (w["incoterm"], f"{po.incoterm} {po.place}"),
        (w["payment"], _terms(po.lang, po.terms)), (w["currency"], po.currency),
    ]  # fmt: skip


def _ship(po: _PO) -> str:
    return f"{po.customer.name}, {po.customer.address}"


def _rows(po: _PO) -> list[tuple[str, ...]]:
    units = WORDS[po.lang]["units"]
    return [
        (*name.split("\t"), _num(po.lang, q, 0), units.get(p.unit, p.unit), _num(po.lang, price),
         _num(po.lang, price * q))
        for p, name, q, price in po.lines
    ]  # fmt: skip


# --- layouts --------------------------------------------------------------------------------------

Op = tuple[float, float, str, int]  # x, y from the top (points), text, font size


def _pages(po: _PO, per_page: int = 26) -> list[list[Op]]:
    w = WORDS[po.lang]
    xs = (40, 110, 330, 400, 445, 510)
    rows = _rows(po)
    chunks = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    pages: list[list[Op]] = []
    for n, chunk in enumerate(chunks, start=1):
        ops: list[Op] = [(40, 40, po.customer.name, 13), (40, 58, po.customer.address, 8)]
        y = 90.0
        if n == 1:
            ops.append((40, y, w["title"], 12))
            y += 22
            for label, value in _fields(po):
                ops.append((40, y, f"{label}: {value}", 9))
                y += 14
            ops.append((40, y, f"{w['ship']}: {_ship(po)}", 9))
            y += 24
        else:
            ops.append((40, y, f"{w['title']} {po.po_no} {w['cont']}", 10))
            y += 24
        ops += [(x, y, t, 9) for x, t in zip(xs, w["cols"], strict=True)]
        y += 16
        for row in chunk:
            ops += [
                (x, y, t[:40] if i == 1 else t, 8)
                for i, (x, t) in enumerate(zip(xs, row, strict=True))
            ]
            y += 13
        if n == len(chunks):
            total = sum((price * q for _, _, q, price in po.lines), Decimal(0))
            ops.append((400, y + 10, f"{w['total']}: {po.currency} {_num(po.lang, total)}", 9))
        ops.append((40, 800, w["page"].format(n=n, m=len(chunks)), 7))
        pages.append(ops)
    return pages


def _pdf(pages: list[list[Op]], lang: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if lang == "zh":
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        font = "STSong-Light"
    else:
        fonts = Path(__file__).resolve().parents[1] / "adapters" / "fonts"
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(fonts / "DejaVuSans.ttf")))
        font = "DejaVuSans"
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    for ops in pages:
        for x, y, text, size in ops:
            c.setFont(font, size)
            c.drawString(x, A4[1] - y, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def _scan(pages: list[list[Op]], lang: str, rng: random.Random) -> bytes:
    """The first page as a printed page scanned at 150 dpi: grey noise, a tilt under 2°."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    scale = 150 / 72
    img = Image.new("L", (int(595 * scale), int(842 * scale)), 250)
    draw = ImageDraw.Draw(img)
    path = (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
        if lang == "zh"
        else str(Path(__file__).resolve().parents[1] / "adapters" / "fonts" / "DejaVuSans.ttf")
    )
    for x, y, text, size in pages[0]:
        font = ImageFont.truetype(path, int(size * scale))
        draw.text((x * scale, (y - size) * scale), text, font=font, fill=rng.randint(10, 50))
    noise = Image.effect_noise(img.size, 18)
    img = Image.blend(img, noise, 0.12).filter(ImageFilter.GaussianBlur(0.4))
    img = img.rotate(
        rng.uniform(-1.8, 1.8), expand=True, fillcolor=245, resample=Image.Resampling.BICUBIC
    )
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _letter(po: _PO) -> bytes:
    w = WORDS[po.lang]
    units = w["units"]
    body = [w["hello"], "", w["intro"], ""]
    body += [f"{label}: {value}" for label, value in _fields(po)]
    body.append("")
    for i, (p, name, q, price) in enumerate(po.lines, start=1):
        part, desc = name.split("\t")
        qty = f"{_num(po.lang, q, 0)} {units.get(p.unit, p.unit)}"
        if po.lang == "zh":
            body.append(
                f"{i}. {part} {desc}，数量 {qty}，单价 {po.currency} {_num(po.lang, price)}"
            )
        else:
            at = {"en": "at", "de": "zu je", "es": "a", "fr": "à"}[po.lang]
            body.append(f"{i}. {qty} {part} {desc} {at} {po.currency} {_num(po.lang, price)}")
    body += ["", f"{w['ship']}: {_ship(po)}", "", w["bye"], po.customer.contact, po.customer.name]
    msg = EmailMessage()
    msg["From"] = f"{po.customer.contact} <{po.customer.email}>"
    msg["To"] = "sales@ningbo-harbour.example"
    msg["Subject"] = f"{w['title']} {po.po_no}"
    msg["Date"] = "Mon, 02 Mar 2026 09:00:00 +0000"
    msg.set_content("\n".join(body))
    return bytes(msg)


def _sheet_rows(po: _PO) -> list[list[str]]:
    w = WORDS[po.lang]
    out = [[po.customer.name], [po.customer.address], [w["title"]], []]
    out += [[label, value] for label, value in _fields(po)]
    out += [[w["ship"], _ship(po)], [], list(w["cols"])]
    out += [list(r) for r in _rows(po)]
    return out


def _xlsx(po: _PO) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = WORDS[po.lang]["title"][:30]
    for row in _sheet_rows(po):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv(po: _PO) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";" if po.lang in ("de", "es", "fr") else ",")
    for row in _sheet_rows(po):
        writer.writerow(row)
    return buf.getvalue().encode("utf-8")


def corpus(seed: int = 19) -> list[CorpusPO]:
    """Every layout in every language (see the module's docstring)."""
    out = []
    n = 0
    for layout in LAYOUTS:
        for lang in LANGS:
            rng = random.Random(f"{seed}:{layout}:{lang}")
            n += 1
            lines = rng.randint(30, 40) if layout == "two-page-pdf" else rng.randint(2, 5)
            po = _draw(rng, lang, lines, layout in ("customer-xlsx", "erp-csv"), n)
            stem = f"{layout}-{lang}"
            if layout in ("table-pdf", "two-page-pdf"):
                item = CorpusPO(f"{stem}.pdf", "pdf", layout, lang, _pdf(_pages(po), lang))
            elif layout == "scan":
                item = CorpusPO(f"{stem}.png", "scan", layout, lang, _scan(_pages(po), lang, rng))
            elif layout == "letter-email":
                item = CorpusPO(f"{stem}.eml", "email", layout, lang, _letter(po))
            elif layout == "customer-xlsx":
                item = CorpusPO(f"{stem}.xlsx", "xlsx", layout, lang, _xlsx(po))
            else:
                item = CorpusPO(f"{stem}.csv", "csv", layout, lang, _csv(po))
            item.truth = po.truth()
            if layout == "scan":  # a scan is its first page only
                item.truth["lines"] = item.truth["lines"][:26]
            out.append(item)
    return out


def write(folder: Path, seed: int = 19) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    truth = {}
    for item in corpus(seed):
        path = folder / item.name
        path.write_bytes(item.data)
        paths.append(path)
        truth[item.name] = {"channel": item.channel, "layout": item.layout, **item.truth}
    (folder / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return paths


if __name__ == "__main__":  # pragma: no cover
    for p in write(Path(sys.argv[1] if len(sys.argv) > 1 else "intake-corpus")):
        print(p)
