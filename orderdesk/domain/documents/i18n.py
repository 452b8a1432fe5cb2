"""The languages documents are written in, their message catalogs, and locale formatting.

One template per document kind, translated through gettext catalogs (domain "documents") under
`orderdesk/locale/<ll_CC>/LC_MESSAGES/`. A document's language is a code as the Customers sheet
holds it ("en", "zh-CN", "es" …) or the bilingual form "en+zh-CN" that Chinese exporters use: every
label and clause in English and Chinese, values written once.

Numbers, dates and currencies follow the first language's locale with Babel. Amounts carry the ISO
code rather than a symbol ("USD 12,345.60", "12.345,60 USD"): "$" is several currencies.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations

from orderdesk.domain.catalogs import LOCALE_DIR as LOCALE_DIR  # where the catalogs are, for tests
from orderdesk.domain.catalogs import catalog
from orderdesk.domain.reference.codes import minor_units
from orderdesk.domain.words import amount_in_words
from orderdesk.errors import OrderDeskError

DOMAIN = "documents"

# Document language → catalog folder and Babel locale used for formatting. English documents
# use British conventions (15 Oct 2026): day-month order reads unambiguously to every customer.
CATALOGS: dict[str, str] = {
    "en": "en",
    "zh-CN": "zh_CN",
    "es": "es",
    "de": "de",
    "fr": "fr",
    "ar": "ar",
}
FORMAT_LOCALE: dict[str, str] = {
    "en": "en_GB",
    "zh-CN": "zh_Hans_CN",
    "es": "es_ES",
    "de": "de_DE",
    "fr": "fr_FR",
    "ar": "ar_AE",  # Western digits, as Gulf trade documents write amounts
}
RTL = frozenset({"ar"})  # written right to left: the page is laid out from the right
# Dates as trade documents write them: day, month in words, year. Babel's "medium" for English
# says "16 Sept 2026" (CLDR's newer abbreviation); Arabic's medium is all digits.
_DATE_FORMAT = {"en": "d MMM y", "ar": "d MMMM y"}
BILINGUAL = "en+zh-CN"
DEFAULT = "en"


def msg(text: str) -> str:
    """Mark a message for extraction into the catalog; translated where it is shown."""
    return text


N_ = msg

# The register's units, as each language writes them on a document (the catalog translates
# the English abbreviation). Keyed by the code in the Unit column.
UNIT_NAMES: dict[str, str] = {
    "PCS": N_("pcs"),
    "SET": N_("sets"),
    "PR": N_("pairs"),
    "DZ": N_("doz."),
    "CTN": N_("ctns"),
    "KG": N_("kg"),
    "T": N_("t"),
    "M": N_("m"),
    "M2": N_("m²"),
    "M3": N_("m³"),
    "L": N_("l"),
    "ROL": N_("rolls"),
}


@dataclass(frozen=True)
class Language:
    """What a document is written in: one language, or English with Chinese beside it."""

    code: str  # as recorded in the Documents sheet: "de", "zh-CN", "en+zh-CN"
    parts: tuple[str, ...]  # the catalog languages, primary first

    @property
    def primary(self) -> str:
        return self.parts[0]

    @property
    def bilingual(self) -> bool:
        return len(self.parts) > 1

    @property
    def html_lang(self) -> str:
        return self.primary

    @property
    def rtl(self) -> bool:
        return self.primary in RTL


class UnknownLanguage(OrderDeskError, ValueError):
    """A language code OrderDesk has no catalogue for."""


def _norm(code: str) -> str:
    raw = code.strip().replace("_", "-")
    low = raw.lower()
    for known in CATALOGS:
        if low == known.lower():
            return known
    if low in ("zh", "zh-hans", "zh-hans-cn", "cn", "chinese"):
        return "zh-CN"
    return low


def language(code: str | None) -> Language:
    """Read a language code as a person writes it ("zh_CN", "ZH-cn", "en + zh-CN", "DE")."""
    text = (code or DEFAULT).strip() or DEFAULT
    parts = tuple(_norm(p) for p in text.replace("/", "+").split("+") if p.strip())
    unknown = [p for p in parts if p not in CATALOGS]
    if unknown or not parts or len(parts) > 2:
        raise UnknownLanguage(
            f"no documents in {text!r}: use one of {', '.join([*CATALOGS, BILINGUAL])}"
        )
    if len(parts) == 2 and set(parts) != {"en", "zh-CN"}:
        raise UnknownLanguage(f"the bilingual form is {BILINGUAL}, not {text!r}")
    if len(parts) == 2:
        parts = ("en", "zh-CN")
    code_out = BILINGUAL if len(parts) == 2 else parts[0]
    return Language(code_out, parts)


def customer_language(code: str | None) -> tuple[Language, str | None]:
    """The customer's language if documents exist in it; else English, and a note saying so."""
    if code is None or not str(code).strip():
        return language(DEFAULT), None
    try:
        return language(str(code)), None
    except UnknownLanguage:
        return language(DEFAULT), f"no catalog for language {code!r}; written in English"


def translations(lang: str) -> NullTranslations:
    if lang == "en":
        return NullTranslations()  # the msgids are the English text
    return catalog(DOMAIN, CATALOGS[lang], required=True)


def gettext(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


# --- values, formatted per locale ----------------------------------------------------------


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Percent:
    value: Decimal  # a fraction: 0.3 is 30 %


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str = ""


@dataclass(frozen=True)
class Text:
    """A value that is itself a catalog message (a clause parameter, a label)."""

    message: str


@dataclass(frozen=True)
class Port:
    """A port by its UN/LOCODE, written as its name and country ("Ningbo, China")."""

    code: str


@dataclass(frozen=True)
class Standard:
    """A standard's reference with a decimal in it ("ISO 2859-1 AQL 2.5"): the number follows
    the language's decimal sign (AQL 2,5 in German, French, Spanish)."""

    text: str


@dataclass(frozen=True)
class Countries:
    """Country codes, written as the language names them ("China", "中国", "Chine")."""

    codes: tuple[str, ...]


@dataclass(frozen=True)
class Moment:
    """A date and a time of day (a complaint received at 17:30): the date as the language
    writes it, the time on the 24-hour clock every trade letter reads."""

    at: dt.datetime


@dataclass(frozen=True)
class Phrase:
    """A sentence in the catalog with its parameters (Money, Percent, dates, Text, Phrase …)."""

    message: str
    params: Mapping[str, Any] = field(default_factory=dict)


def locale_of(lang: str) -> Locale:
    return Locale.parse(FORMAT_LOCALE[lang])


def number(value: Decimal | float | int | None, lang: str, digits: int = 0) -> str:
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(Decimal(str(value)), format=pattern, locale=locale_of(lang))


def quantity(value: Decimal | float | int | None, lang: str, max_digits: int = 3) -> str:
    """A quantity as typed: 1,000 or 12.5, never 1,000.000."""
    if value is None:
        return ""
    pattern = "#,##0." + "#" * max_digits
    return format_decimal(Decimal(str(value)), format=pattern, locale=locale_of(lang))


def amount(value: Decimal | None, currency: str | None, lang: str) -> str:
    """An amount to the currency's minor unit, no currency shown (table cells)."""
    if value is None:
        return ""
    digits = minor_units(currency) if currency else 2
    return number(value, lang, digits)


def money(value: Money | None, lang: str) -> str:
    """USD 12,345.60 / 12.345,60 USD, the code where the locale puts its currency sign."""
    if value is None:
        return ""
    num = amount(value.amount, value.currency, lang)
    pattern = locale_of(lang).currency_formats["standard"].pattern
    return (
        f"{value.currency} {num}" if pattern.lstrip().startswith("¤") else f"{num} {value.currency}"
    )


def percent(value: Percent | Decimal | None, lang: str) -> str:
    if value is None:
        return ""
    v = value.value if isinstance(value, Percent) else value
    loc = locale_of(lang)
    # The locale's own pattern (30 % in Spanish and German, 30% in English and Chinese), with
    # room for a rate like 0.5 %.
    fmt = loc.percent_formats[None].pattern.replace("#,##0", "#,##0.##", 1)
    return format_percent(v, format=fmt, locale=loc)


def date(value: dt.date | None, lang: str) -> str:
    if value is None:
        return ""
    text = format_date(value, format=_DATE_FORMAT.get(lang, "medium"), locale=locale_of(lang))
    return text.replace("Sept", "Sep") if lang == "en" else text


def moment(value: Moment | None, lang: str) -> str:
    if value is None:
        return ""
    return f"{date(value.at.date(), lang)} {value.at:%H:%M}"


def port(code: str, lang: str) -> str:
    """ "Ningbo, China": the UN/LOCODE name and the country in `lang` (the code if unknown)."""
    from orderdesk.domain.reference.transport import PORTS, port_country

    key = code.strip().upper().replace(" ", "")
    if key not in PORTS:
        return code
    sep = "，" if lang == "zh-CN" else "، " if lang == "ar" else ", "
    return f"{PORTS[key]}{sep}{country(port_country(key), lang)}"


def decimal_text(text: str, lang: str) -> str:
    """Decimals inside a reference ("AQL 2.5") with the language's decimal sign."""
    sign = locale_of(lang).number_symbols.get("latn", {}).get("decimal", ".")
    if sign == ".":
        return text
    return re.sub(r"(?<=\d)\.(?=\d)", sign, text)


def unit(code: str, lang: str) -> str:
    """A unit of the register (PCS, SET …) as the language writes it on a document."""
    return gettext(lang, UNIT_NAMES[code]) if code in UNIT_NAMES else code


def colon(lang: str) -> str:
    """The colon after a label: French puts a non-breaking space before it, Chinese uses the
    full-width colon."""
    return {"fr": "\u00a0:", "zh-CN": "：", "ar": ":"}.get(lang, ":")


def country(code: str, lang: str) -> str:
    """A country's name in `lang` (Babel's CLDR names), the code itself if unknown."""
    if not code:
        return ""
    return str(locale_of(lang).territories.get(code.upper()) or code)


def words(value: Money, lang: str) -> str:
    return amount_in_words(value.amount, value.currency, lang)


def show(value: Any, lang: str) -> str:
    """Any parameter of a message, written for `lang`."""
    if isinstance(value, Money):
        return money(value, lang)
    if isinstance(value, Percent):
        return percent(value, lang)
    if isinstance(value, Quantity):
        return f"{quantity(value.value, lang)} {value.unit}".strip()
    if isinstance(value, Text):
        return gettext(lang, value.message)
    if isinstance(value, Phrase):
        return translate(lang, value.message, value.params)
    if isinstance(value, Port):
        return port(value.code, lang)
    if isinstance(value, Moment):
        return moment(value, lang)
    if isinstance(value, Standard):
        return decimal_text(gettext(lang, value.text), lang)
    if isinstance(value, Countries):
        sep = "、" if lang == "zh-CN" else ", "
        return sep.join(country(c, lang) for c in value.codes)
    if isinstance(value, dt.date):
        return date(value, lang)
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return quantity(value, lang)
    return "" if value is None else str(value)


def translate(
    lang: str,
    message: str,
    params: Mapping[str, Any] | None = None,
    escape: Callable[[str], str] = str,
) -> str:
    """A message in `lang` with its `%(name)s` parameters filled in, each shown for `lang`."""
    text = gettext(lang, message)
    if not params:
        return text
    return text % {k: escape(show(v, lang)) for k, v in params.items()}
