"""Purchase orders written by hand for the tests, in several layouts and languages, each with
the order it must become. Independent of the corpus generator (orderdesk/sample/intake_corpus.py):
the layouts, labels and wording here were typed for these tests."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

GERMAN_MAIL = """\
Sehr geehrte Damen und Herren,

hiermit bestellen wir:

Bestellnummer: 4500012345
Bestelldatum: 07.03.2026
Liefertermin: 15.05.2026
Lieferbedingung: CIF Hamburg
Zahlungsbedingungen: 30% Anzahlung, 70% gegen Kopie B/L
Währung: EUR

Pos   Art.-Nr.    Bezeichnung                               Menge     Einheit   Einzelpreis   Betrag
1     KW-2001     Stainless steel stock pot 24 cm with lid  1.200     PCS       8,45          10.140,00
2     KW-2004     Chef's knife 8"                           500       PCS       3,20          1.600,00

Summe: 11.740,00 EUR

Lieferadresse:
Müller & Söhne Haushaltswaren GmbH
Robert-Perthel-Straße 48
50739 Köln, Deutschland

Mit freundlichen Grüßen
Jürgen Weiß
"""
GERMAN_ORDER = {
    "Customer": "CU-DE", "Customer PO": "4500012345", "Order Date": dt.date(2026, 3, 7),
    "Requested Delivery": dt.date(2026, 5, 15), "Incoterm": "CIF", "Named Place": "Hamburg",
    "Payment Terms": "TT30-70 BL", "Currency": "EUR", "Ship-to Country": "DE",
    "Stage": "received",
}  # fmt: skip
GERMAN_LINES = [("KW-2001", 1200, "PCS", 8.45), ("KW-2004", 500, "PCS", 3.2)]

CHINESE_LETTER = """\
陈先生您好，

我司确认以下订单，请安排生产：

订单号：FY20260318
订单日期：2026年3月18日
交货日期：2026年5月30日
贸易术语：CFR Singapore
付款方式：30%定金，70%提单副本
币种：USD

1. HW-1001 不锈钢合页 4寸，数量 2,000 个，单价 USD 0.98
2. 可调光LED台灯，数量 300 个，单价 USD 7.60

收货地址：新加坡 裕廊 先驱路 21号 #04-15, Singapore

陈志强
新加坡丰源贸易私人有限公司
"""
CHINESE_ORDER = {
    "Customer": "CU-SG", "Customer PO": "FY20260318", "Order Date": dt.date(2026, 3, 18),
    "Requested Delivery": dt.date(2026, 5, 30), "Incoterm": "CFR", "Named Place": "Singapore",
    "Payment Terms": "TT30-70 BL", "Currency": "USD",
}  # fmt: skip
CHINESE_LINES = [("HW-1001", 2000, "PCS", 0.98), ("LI-6005", 300, "PCS", 7.6)]

# An ERP export: semicolons, decimal commas, a header block then the lines.
SPANISH_CSV = """\
Comprador;Distribuciones Iberia Hogar S.A.;;;;
NIF;ESB42206417;;;;
Número de pedido;PED-2026-0417;;;;
Fecha de pedido;2026-04-02;;;;
Fecha de entrega;2026-06-20;;;;
Condiciones de entrega;CIF Valencia;;;;
Condiciones de pago;T/T 30% anticipo, 70% contra copia del B/L;;;;
Moneda;EUR;;;;
;;;;;
Código;Descripción;Cantidad;Unidad;Precio unitario;Importe
TX-3003;Cotton terry bath towel 70×140 cm;1.500;PCS;2,35;3.525,00
LI-6001;LED bulb A60 9 W E27;4.000;PCS;0,62;2.480,00
;;;;Total;6.005,00
"""
SPANISH_ORDER = {
    "Customer": "CU-ES", "Customer PO": "PED-2026-0417", "Order Date": dt.date(2026, 4, 2),
    "Requested Delivery": dt.date(2026, 6, 20), "Incoterm": "CIF", "Named Place": "Valencia",
    "Payment Terms": "TT30-70 BL", "Currency": "EUR",
}  # fmt: skip
SPANISH_LINES = [("TX-3003", 1500, "PCS", 2.35), ("LI-6001", 4000, "PCS", 0.62)]


def french_workbook() -> bytes:
    """The customer's own sheet: a logo line, labels in A with values in B, lines below."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Commande"
    ws.append(["ÉCLAIRAGES DUBOIS SAS — Bon de commande"])
    ws.append([])
    ws.append(["Numéro de commande", "ED00731"])
    ws.append(["Date de commande", dt.datetime(2026, 2, 11)])
    ws.append(["Date de livraison souhaitée", dt.datetime(2026, 4, 30)])
    ws.append(["Conditions de livraison", "CFR Antwerp"])
    ws.append(["Conditions de paiement", "DP SIGHT"])
    ws.append(["Devise", "EUR"])
    ws.append(
        [
            "Adresse de livraison",
            "Éclairages Dubois SAS, 45 avenue de la République, 59110 La Madeleine, France",
        ]
    )
    ws.append([])
    ws.append(["Réf.", "Désignation", "Qté", "Unité", "Prix unitaire", "Montant"])
    ws.append(["LI-6001", "LED bulb A60 9 W E27", 6000, "PCS", 0.61, 3660])
    ws.append(["LI-6005", "Dimmable LED desk lamp", 250, "PCS", 7.9, 1975])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


FRENCH_ORDER = {
    "Customer": "CU-FR", "Customer PO": "ED00731", "Order Date": dt.date(2026, 2, 11),
    "Requested Delivery": dt.date(2026, 4, 30), "Incoterm": "CFR", "Named Place": "Antwerp",
    "Payment Terms": "DP SIGHT", "Currency": "EUR", "Ship-to Country": "FR",
}  # fmt: skip
FRENCH_LINES = [("LI-6001", 6000, "PCS", 0.61), ("LI-6005", 250, "PCS", 7.9)]


def english_pdf() -> bytes:
    """A typed PDF purchase order, two pages, the table header repeated on the second."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    # Times, not Helvetica: the documents adapter maps the name "Helvetica" to the wider DejaVu
    # Sans for the whole process, and an earlier test's PDF would make this one's columns overlap.
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Times-Bold", 14)
    c.drawString(50, 800, "Lakeshore Home Goods Inc.")
    c.setFont("Times-Roman", 10)
    c.drawString(50, 785, "2150 W Fulton St, Chicago, IL 60612, USA")
    c.drawString(50, 755, "PURCHASE ORDER")
    c.drawString(50, 735, "PO Number: 4500098765")
    c.drawString(300, 735, "PO Date: March 9, 2026")
    c.drawString(50, 720, "Delivery date: 2026-05-04")
    c.drawString(50, 705, "Terms of delivery: FOB Ningbo")
    c.drawString(50, 690, "Payment terms: T/T 30% deposit, 70% against copy of B/L")
    c.drawString(50, 675, "Currency: USD")
    c.drawString(
        50, 660, "Ship to: Lakeshore Home Goods Inc., 2150 W Fulton St, Chicago, IL 60612, USA"
    )

    def header(y: float) -> None:
        for x, text in ((50, "Item No."), (130, "Description"), (360, "Qty"), (410, "Unit"),
                        (460, "Unit Price"), (530, "Amount")):  # fmt: skip
            c.drawString(x, y, text)

    def row(y: float, values: tuple[str, ...]) -> None:
        for x, text in zip((50, 130, 360, 410, 460, 530), values, strict=True):
            c.drawString(x, y, text)

    header(630)
    row(
        612,
        ("KW-2001", "Stainless steel stock pot 24 cm with lid", "600", "PCS", "8.90", "5,340.00"),
    )
    row(596, ("HW-1001", 'Stainless steel butt hinge 4"', "10,000", "PCS", "0.95", "9,500.00"))
    c.drawString(50, 60, "Page 1 of 2")
    c.showPage()
    c.setFont("Times-Roman", 10)
    c.drawString(50, 800, "Purchase order 4500098765 (continued)")
    header(770)
    row(752, ("EL-4001", "USB-C PD charger 20 W", "1,200", "PCS", "3.15", "3,780.00"))
    c.drawString(460, 720, "Total: USD 18,620.00")
    c.drawString(50, 60, "Page 2 of 2")
    c.save()
    return buf.getvalue()


ENGLISH_ORDER = {
    "Customer": "CU-US", "Customer PO": "4500098765", "Order Date": dt.date(2026, 3, 9),
    "Requested Delivery": dt.date(2026, 5, 4), "Incoterm": "FOB", "Named Place": "Ningbo",
    "Payment Terms": "TT30-70 BL", "Currency": "USD", "Ship-to Country": "US",
}  # fmt: skip
ENGLISH_LINES = [
    ("KW-2001", 600, "PCS", 8.9), ("HW-1001", 10000, "PCS", 0.95), ("EL-4001", 1200, "PCS", 3.15)
]  # fmt: skip


def mail(
    sender: str, subject: str, body: str, attachments: dict[str, bytes] | None = None
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "sales@ningbo-harbour.example"
    msg["Subject"] = subject
    msg.set_content(body)
    for name, data in (attachments or {}).items():
        kind = ("application", "pdf") if name.endswith(".pdf") else ("application", "octet-stream")
        msg.add_attachment(data, maintype=kind[0], subtype=kind[1], filename=name)
    return bytes(msg)


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def money(x: float) -> Decimal:
    return Decimal(str(x))
