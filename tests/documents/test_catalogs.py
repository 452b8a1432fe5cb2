"""The documents' wording: trade terms as a clerk words them, languages as people type them,
amounts and dates per locale. That the catalogs are complete, compiled and current is checked
for every domain in `tests/i18n/test_catalogs.py`."""

from __future__ import annotations

import pytest

from orderdesk.domain.documents import i18n


@pytest.mark.parametrize(
    ("lang", "message", "expected"),
    [
        ("es", "Proforma Invoice", "Factura proforma"),
        ("es", "Commercial Invoice", "Factura comercial"),
        ("de", "Commercial Invoice", "Handelsrechnung"),
        ("de", "Packing List", "Packliste"),
        ("de", "Order Confirmation", "Auftragsbestätigung"),
        ("fr", "Packing List", "Liste de colisage"),
        ("fr", "Proforma Invoice", "Facture proforma"),
        ("zh-CN", "Packing List", "装箱单"),
        ("zh-CN", "Commercial Invoice", "商业发票"),
        ("zh-CN", "Shipping marks", "唛头"),
        ("zh-CN", "Sales Contract", "销售合同"),
    ],
)
def test_trade_terms_read_as_a_native_clerk_writes_them(lang, message, expected):
    assert i18n.gettext(lang, message) == expected


def test_language_codes_as_people_type_them():
    assert i18n.language("ZH_cn").code == "zh-CN"
    assert i18n.language("zh-CN + en").code == "en+zh-CN"
    assert i18n.language(None).code == "en"
    with pytest.raises(i18n.UnknownLanguage):
        i18n.language("de+fr")
    lang, note = i18n.customer_language("pt")
    assert lang.code == "en" and "pt" in (note or "")


def test_amounts_and_dates_per_locale():
    import datetime as dt
    from decimal import Decimal

    m = i18n.Money(Decimal("12345.6"), "EUR")
    assert i18n.money(m, "en") == "EUR 12,345.60"
    assert i18n.money(m, "de") == "12.345,60 EUR"
    assert i18n.money(i18n.Money(Decimal("1234"), "JPY"), "en") == "JPY 1,234"  # no minor unit
    assert i18n.date(dt.date(2026, 10, 15), "zh-CN") == "2026年10月15日"
    assert i18n.date(dt.date(2026, 10, 15), "de") == "15.10.2026"
    assert i18n.percent(Decimal("0.005"), "en") == "0.5%"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "sixteen thousand, one hundred and twenty-nine US dollars only"),
        ("es", "dieciséis mil ciento veintinueve dólares estadounidenses"),
        ("de", "sechzehntausendeinhundertneunundzwanzig US-Dollar"),
        ("fr", "seize mille cent vingt-neuf dollars américains"),
    ],
)
def test_a_whole_amount_in_words_has_no_zero_cents(lang, expected):
    from decimal import Decimal

    from orderdesk.domain.words import amount_in_words

    assert amount_in_words(Decimal("16129.00"), "USD", lang) == expected
    assert "cincuenta" in amount_in_words(
        Decimal("2500.50"), "EUR", "es"
    )  # cents stay when there are some
