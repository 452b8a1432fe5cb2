"""The short, customer-ready update on a delayed order, in the customer's language.

The wording lives in gettext catalogs (domain "tracking", orderdesk/locale/<lang>/LC_MESSAGES), so
a translator edits a .po file, not code; dates are written the way the customer's locale writes
them (Babel). A language without a catalog gets English.
"""

from __future__ import annotations

import datetime as dt
import gettext

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from orderdesk.domain.catalogs import LOCALE_DIR, catalog
from orderdesk.domain.catalogs import languages as catalog_languages

DOMAIN = "tracking"
__all__ = ["LOCALE_DIR", "customer_update", "languages", "locale_name", "translations"]


def locale_name(language: str | None) -> str:
    """A register language ("zh-CN", "es", " DE ") as a gettext/Babel locale name ("zh_CN")."""
    text = (language or "").strip().replace("-", "_")
    if not text:
        return "en"
    lang, _, region = text.partition("_")
    return f"{lang.lower()}_{region.upper()}" if region else lang.lower()


def translations(language: str | None) -> gettext.NullTranslations:
    name = locale_name(language)
    return catalog(DOMAIN, name, name.split("_")[0])


def _locale(language: str | None) -> Locale:
    try:
        return Locale.parse(locale_name(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def customer_update(
    language: str | None,
    *,
    order_ref: str,
    place: str,
    eta: dt.date,
    promised: dt.date,
    days: int,
) -> str:
    """'Update on your order PO-4711: the goods are now expected in Rotterdam on …' and so on."""
    t = translations(language)
    loc = _locale(language)
    text = t.ngettext(
        "Update on your order {order}: the goods are now expected in {place} on {eta}, "
        "{days} day after the agreed date of {promised}. We are following the shipment closely "
        "and will keep you informed.",
        "Update on your order {order}: the goods are now expected in {place} on {eta}, "
        "{days} days after the agreed date of {promised}. We are following the shipment "
        "closely and will keep you informed.",
        days,
    )
    return text.format(
        order=order_ref,
        place=place,
        eta=format_date(eta, format="long", locale=loc),
        promised=format_date(promised, format="long", locale=loc),
        days=days,
    )


def languages() -> tuple[str, ...]:
    """The languages with a catalog (besides English, the source)."""
    return catalog_languages(DOMAIN)
