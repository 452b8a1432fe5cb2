"""Amounts in words, as trade documents write them, in the customer's language.

num2words covers the European languages (its Arabic currency mode assumes riyal and its Japanese
has none, so those are composed from the number in words and Babel's currency name); Chinese
amounts are written in capital numerals (大写) with cn2an, as banks and invoices require.
"""

from __future__ import annotations

import re
from decimal import Decimal

import cn2an
from babel.numbers import get_currency_name
from num2words import num2words

from orderdesk.domain.reference.codes import minor_units
from orderdesk.domain.trade import TradeError, money

_NUM2WORDS = {"en": "en", "es": "es", "de": "de", "fr": "fr", "pt": "pt"}
_ONLY = {"en": "only", "es": "", "de": "", "fr": "", "pt": ""}
# num2words says "…dollars, zero cents"; an invoice says "…dollars only".
_ZERO_CENTS = re.compile(r"(,| con| und| et| e) (zero|cero|null|zéro) [^\s]+$")
# Every language here writes amounts below this (cn2an stops at 16 digits).
TOO_LARGE = Decimal(10) ** 15


def base_language(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def amount_in_words(amount: Decimal, currency: str, lang: str = "en") -> str:
    """'one thousand, two hundred and thirty-four dollars, fifty-six cents only' and the like."""
    currency = currency.upper()
    if abs(amount) >= TOO_LARGE:
        raise TradeError(f"{amount:,.0f} is too large to write in words")
    amount = money(amount, currency)
    base = base_language(lang)
    if base == "zh":
        return _chinese(amount, currency)
    if amount < 0:
        raise TradeError("amounts in words are for amounts of 0 or more")
    if base in _NUM2WORDS:
        try:
            text = num2words(amount, lang=_NUM2WORDS[base], to="currency", currency=currency)
        except (NotImplementedError, TypeError):
            text = _composed(amount, currency, base)
        if amount == amount.to_integral_value():
            text = _ZERO_CENTS.sub("", text)
        tail = _ONLY.get(base, "")
        return f"{text} {tail}".strip()
    return _composed(amount, currency, base if base in ("ar", "ja") else "en")


def _composed(amount: Decimal, currency: str, base: str) -> str:
    whole = int(amount)
    digits = minor_units(currency)
    fraction = int((amount - whole) * (10**digits)) if digits else 0
    lang = {"ar": "ar", "ja": "ja"}.get(base, "en")
    name = get_currency_name(currency, locale=lang if lang != "en" else "en")
    words = num2words(whole, lang=lang)
    if base == "ja":
        text = f"{name}{words}"
        return text + (f" {fraction}/{10**digits}" if fraction else "")
    text = f"{words} {name}"
    if fraction:
        text += f" {'و' if base == 'ar' else 'and'} {fraction}/{10**digits}"
    return text


def _chinese(amount: Decimal, currency: str) -> str:
    """人民币壹仟贰佰叁拾肆元伍角陆分 for CNY; other currencies named in Chinese first."""
    text = cn2an.an2cn(f"{amount:f}", "rmb")
    if currency == "CNY":
        return f"人民币{text}"
    return f"{get_currency_name(currency, locale='zh_Hans_CN')}{text}"
