"""The words purchase orders use, in English, German, Spanish, French and Chinese.

Labels are matched case-insensitively and with spaces optional (an OCR engine often drops the
space between two words), longest label first, so "Delivery date" is never read as "Date".
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from orderdesk.schema import OrderLines, Orders

# Order fields, by the register column they fill.
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    Orders.customer_po: (
        "purchase order number", "purchase order no", "purchase order #", "po number", "po no",
        "p.o. no", "p.o. number", "po #", "order number", "order no", "our order no",
        "bestellnummer", "bestell-nr", "bestellnr", "bestellung nr", "unsere bestellnummer",
        "número de pedido", "numero de pedido", "nº de pedido", "n.º de pedido", "pedido nº",
        "pedido n.º", "orden de compra nº", "orden de compra n.º", "nº pedido",
        "numéro de commande", "n° de commande", "no de commande", "bon de commande n°",
        "commande n°", "n° commande",
        "采购订单号", "订单号", "订单编号", "采购单号",
    ),
    Orders.order_date: (
        "order date", "po date", "date of order", "date",
        "bestelldatum", "datum",
        "fecha de pedido", "fecha del pedido", "fecha",
        "date de commande", "date de la commande",
        "订单日期", "下单日期", "日期",
    ),
    Orders.requested_delivery: (
        "requested delivery date", "requested delivery", "required delivery date",
        "delivery date", "required by", "deliver by",
        "gewünschter liefertermin", "wunschliefertermin", "liefertermin", "lieferdatum",
        "fecha de entrega solicitada", "fecha de entrega", "entrega solicitada",
        "date de livraison souhaitée", "date de livraison", "livraison souhaitée",
        "要求交货日期", "交货日期", "交货期", "交期",
    ),
    Orders.currency: ("currency", "währung", "moneda", "divisa", "devise", "币种", "货币"),
    Orders.incoterm: (
        "incoterms 2020", "incoterm", "incoterms", "terms of delivery", "delivery terms",
        "lieferbedingungen", "lieferbedingung", "condiciones de entrega", "condición de entrega",
        "conditions de livraison", "贸易术语", "价格条款", "交货条款",
    ),
    Orders.payment_terms: (
        "payment terms", "terms of payment", "zahlungsbedingungen", "zahlungsbedingung",
        "condiciones de pago", "forma de pago", "conditions de paiement",
        "modalités de paiement", "付款方式", "付款条件", "支付方式",
    ),
    Orders.ship_to: (
        "ship to", "ship-to", "deliver to", "delivery address", "consignee",
        "lieferadresse", "lieferanschrift", "warenempfänger",
        "dirección de entrega", "direccion de entrega", "enviar a", "consignatario",
        "adresse de livraison", "livrer à", "destinataire",
        "收货地址", "收货人", "送货地址",
    ),
    Orders.order_total: (
        "total amount", "order total", "grand total", "total",
        "gesamtbetrag", "gesamtsumme", "summe",
        "importe total", "total del pedido", "total",
        "montant total", "total commande",
        "订单总额", "总金额", "合计", "总计",
    ),
}  # fmt: skip

# Who sent it: the customer's name follows one of these, or heads the letter.
BUYER_LABELS: tuple[str, ...] = (
    "buyer", "customer", "bill to", "invoice to", "from", "käufer", "kunde", "besteller",
    "rechnungsadresse", "comprador", "cliente", "facturar a", "acheteur", "client",
    "facturer à", "买方", "客户", "采购方",
)  # fmt: skip
VAT_LABELS: tuple[str, ...] = (
    "vat no", "vat number", "vat", "ust-idnr", "ust-id", "uid", "nif", "cif/nif", "n° tva",
    "tva intracommunautaire", "tva", "税号",
)  # fmt: skip

# Columns of the table of lines, by the OrderLines column they fill ("part" is the customer's
# own part number or our SKU, read as such; "amount" checks quantity times price).
PART, AMOUNT, LINE_NO = "part", "amount", "line"
COLUMN_LABELS: dict[str, tuple[str, ...]] = {
    PART: (
        "item no", "item number", "item code", "item", "part no", "part number", "part #",
        "article no", "art. no", "sku", "your item no", "your ref", "product code", "code",
        "artikelnummer", "artikel-nr", "art.-nr", "artikelnr", "ihre art.-nr", "artikel",
        "código", "codigo", "referencia", "ref.", "artículo",
        "référence", "réf.", "réf", "code article", "article",
        "货号", "物料编号", "物料号", "产品编号", "型号", "编号",
    ),
    OrderLines.description: (
        "description", "product", "goods", "bezeichnung", "beschreibung",
        "artikelbezeichnung", "descripción", "descripcion", "producto", "désignation",
        "designation", "libellé", "品名", "产品名称", "描述", "名称",
    ),
    OrderLines.qty: (
        "quantity", "qty", "menge", "anzahl", "cantidad", "cant.", "quantité", "qté", "数量",
    ),
    OrderLines.unit: ("unit", "uom", "einheit", "me", "unidad", "ud.", "unité", "单位"),
    OrderLines.unit_price: (
        "unit price", "price/unit", "price per unit", "price", "einzelpreis", "stückpreis",
        "preis", "precio unitario", "precio unit.", "precio", "prix unitaire", "p.u.",
        "prix", "单价",
    ),
    AMOUNT: (
        "amount", "line total", "total", "value", "betrag", "gesamtpreis", "gesamt", "importe",
        "total línea", "montant", "金额", "总价", "小计",
    ),
    LINE_NO: ("pos.", "pos", "line", "no.", "#", "nr.", "línea", "ligne", "n°", "序号", "行号"),
}  # fmt: skip

# Lines after the table that end it.
TOTAL_WORDS: tuple[str, ...] = (
    "total", "subtotal", "sub-total", "summe", "gesamt", "zwischensumme", "importe total",
    "montant total", "total ht", "合计", "总计", "小计",
)  # fmt: skip

# Units as customers write them → the register's units.
UNIT_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("pcs", "pc", "pce", "pces", "piece", "pieces", "ea", "each", "stück", "stuck", "stk", "st",
         "ud", "uds", "unidad", "unidades", "pza", "pzas", "pieza", "piezas", "pièce", "pièces",
         "个", "件", "只", "支", "片"),
        "PCS",
    ),
    **dict.fromkeys(
        ("set", "sets", "satz", "sätze", "sets", "juego", "juegos", "jeu", "jeux", "套"), "SET"
    ),
    **dict.fromkeys(("pr", "pair", "pairs", "paar", "par", "pares", "paire", "paires", "双", "副"), "PR"),
    **dict.fromkeys(("dz", "doz", "dozen", "dutzend", "docena", "docenas", "douzaine", "打"), "DZ"),
    **dict.fromkeys(("ctn", "ctns", "carton", "cartons", "karton", "kartons", "caja", "cajas", "箱"), "CTN"),
    **dict.fromkeys(("kg", "kgs", "kilo", "kilos", "公斤", "千克"), "KG"),
    **dict.fromkeys(("m", "meter", "meters", "metre", "metres", "metro", "metros", "mètre", "mètres", "米"), "M"),
    **dict.fromkeys(("roll", "rolls", "rol", "rolle", "rollen", "rollo", "rollos", "rouleau", "rouleaux", "卷"), "ROL"),
}  # fmt: skip

UNIT_WORDS.update(
    {
        "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c)): u
        for w, u in list(UNIT_WORDS.items())
    }
)

# Currency words and signs → ISO 4217.
CURRENCY_WORDS: dict[str, str] = {
    "$": "USD", "us$": "USD", "usd": "USD", "美元": "USD", "dollars": "USD", "dólares": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "欧元": "EUR",
    "£": "GBP", "gbp": "GBP", "英镑": "GBP",
    "¥": "CNY", "rmb": "CNY", "cny": "CNY", "人民币": "CNY", "元": "CNY",
    "jpy": "JPY", "日元": "JPY", "chf": "CHF", "aud": "AUD", "cad": "CAD",
}  # fmt: skip

# Loose payment-term words in other languages, said in English so the register's reader of
# payment terms (`orderdesk.domain.reference.payment_terms`) understands them.
PAYMENT_WORDS: tuple[tuple[str, str], ...] = (
    ("anzahlung", "deposit"), ("anticipo", "deposit"), ("acompte", "deposit"),
    ("定金", "deposit"), ("预付", "deposit"), ("订金", "deposit"),
    ("kopie des konnossements", "copy of b/l"), ("kopie b/l", "copy of b/l"),
    ("copia del b/l", "copy of b/l"), ("copia de b/l", "copy of b/l"),
    ("copie du b/l", "copy of b/l"), ("copie b/l", "copy of b/l"), ("提单副本", "copy of b/l"),
    ("vor versand", "before shipment"), ("antes del embarque", "before shipment"),
    ("avant expédition", "before shipment"), ("avant embarquement", "before shipment"),
    ("发货前", "before shipment"), ("出货前", "before shipment"),
    ("akkreditiv bei sicht", "l/c at sight"), ("carta de crédito a la vista", "l/c at sight"),
    ("lettre de crédit à vue", "l/c at sight"), ("即期信用证", "l/c at sight"),
    ("tage", "days"), ("días", "days"), ("jours", "days"), ("天", " days"),
    ("offene rechnung", "open account"), ("cuenta abierta", "open account"),
    ("compte ouvert", "open account"), ("赊账", "open account"),
    ("restzahlung", "balance"), ("saldo", "balance"), ("solde", "balance"), ("余款", "balance"),
    ("gegen", "against"), ("contra", "against"), ("contre", "against"),
)  # fmt: skip


def fold(text: str) -> str:
    """Text as labels are compared: NFKC (full-width forms), case-folded, one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a set of labels, longest first, spaces optional, not inside a word."""
    parts = []
    # Each label also without its accents: OCR and plain-ASCII systems drop them (Wahrung, Qte).
    bare = {
        "".join(ch for ch in unicodedata.normalize("NFKD", x) if not unicodedata.combining(ch))
        for x in labels
    }
    for label in sorted(set(labels) | bare, key=len, reverse=True):
        body = r"\s*".join(re.escape(ch) for ch in label.replace(" ", ""))
        head = r"(?<![a-z0-9à-ÿ])" if label[0].isascii() and label[0].isalnum() else ""
        tail = r"(?![a-zà-ÿ])" if label[-1].isascii() and label[-1].isalpha() else ""
        parts.append(f"{head}{body}{tail}")
    return re.compile("|".join(parts))
