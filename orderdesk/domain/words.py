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

# "dollars" is a dozen currencies: an invoice names which (a bank queries "dollars" on a USD
# credit). (language, currency) → the major unit's word as num2words writes it, a qualifier put
# before it, and one put after it (singular, plural) where the language puts adjectives after.
_QUALIFY: dict[tuple[str, str], tuple[str, str, tuple[str, str] | None]] = {
    ("en", "USD"): (r"dollars?", "US ", None),
    ("en", "CAD"): (r"dollars?", "Canadian ", None),
    ("en", "AUD"): (r"dollars?", "Australian ", None),
    ("en", "MXN"): (r"pesos?", "Mexican ", None),
    ("es", "USD"): (r"dólar(?:es)?", "", ("estadounidense", "estadounidenses")),
    ("es", "CAD"): (r"dólar(?:es)?", "", ("canadiense", "canadienses")),
    ("es", "AUD"): (r"dólar(?:es)?", "", ("australiano", "australianos")),
    ("es", "HKD"): (r"dólar(?:es)?", "", ("de Hong Kong", "de Hong Kong")),
    ("es", "SGD"): (r"dólar(?:es)?", "", ("de Singapur", "de Singapur")),
    ("es", "NZD"): (r"dólar(?:es)?", "", ("neozelandés", "neozelandeses")),
    ("es", "MXN"): (r"pesos?", "", ("mexicano", "mexicanos")),
    ("es", "GBP"): (r"libras?", "", ("esterlina", "esterlinas")),
    ("es", "CHF"): (r"francos?", "", ("suizo", "suizos")),
    ("fr", "USD"): (r"dollars?", "", ("américain", "américains")),
    ("fr", "GBP"): (r"livres?", "", ("sterling", "sterling")),
    ("de", "USD"): (r"Dollar", "US-", None),
    ("de", "GBP"): (r"Pfund", "", ("Sterling", "Sterling")),
}


def _qualified(text: str, currency: str, base: str) -> str:
    """The first mention of the currency's major unit made unambiguous ("US dollars")."""
    rule = _QUALIFY.get((base, currency))
    if rule is None:
        return text
    pattern, before, after = rule

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if after is None:
            return f"{before}{word}"
        plural = not re.fullmatch(pattern.replace("(?:es)?", "").replace("s?", ""), word)
        return f"{before}{word} {after[1] if plural else after[0]}"

    return re.sub(rf"\b{pattern}\b", fix, text, count=1)


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
            text = _qualified(text, currency, base)
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
    lang = {"ar": "ar", "ja": "ja", "es": "es", "fr": "fr", "de": "de", "pt": "pt"}.get(base, "en")
    # Babel's names are unambiguous ("Hong Kong dollars", "dollars canadiens"), in the plural.
    name = get_currency_name(currency, count=whole, locale=lang)
    words = num2words(whole, lang=lang)
    if base == "ja":
        text = f"{name}{words}"
        return text + (f" {fraction}/{10**digits}" if fraction else "")
    text = f"{words} {name}"
    if fraction:
        joiner = {"ar": "و", "es": "con", "fr": "et", "de": "und", "pt": "e"}.get(base, "and")
        text += f" {joiner} {fraction}/{10**digits}"
    return text


def _chinese(amount: Decimal, currency: str) -> str:
    """人民币壹仟贰佰叁拾肆元伍角陆分 for CNY; other currencies named in Chinese first."""
    text = cn2an.an2cn(f"{amount:f}", "rmb")
    if currency == "CNY":
        return f"人民币{text}"
    return f"{get_currency_name(currency, locale='zh_Hans_CN')}{text}"
