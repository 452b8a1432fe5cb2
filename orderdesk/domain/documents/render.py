"""Write a document in a language: one jinja2 template per kind, one shared layout, autoescape on.

Labels and sentences come from the gettext catalog of the document's language; the bilingual
form (en + zh-CN) writes each label in both, English first, and each clause twice. Values —
numbers, dates, amounts — are formatted once, in the primary language's locale, except inside
sentences, which are formatted for the language they are in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from orderdesk.domain.documents import i18n
from orderdesk.domain.documents.clauses import lc_sentences
from orderdesk.domain.documents.content import TITLE
from orderdesk.domain.documents.i18n import Language, Money, Phrase
from orderdesk.domain.documents.i18n import msg as N_
from orderdesk.domain.documents.letters import Letter
from orderdesk.domain.documents.models import Document, Line, Party
from orderdesk.domain.words import amount_in_words

TEMPLATES = Path(__file__).with_name("templates")
AMOUNT_IN_WORDS = N_("Amount in words")
PREVAILS = N_(
    "This contract is made in English and Chinese, both texts being authentic; in case of any discrepancy between them, the English text prevails."
)

# Unicode bidirectional isolates (UAX #9): a value from the register is set apart from the text
# around it, its direction taken from its own first strong letter (FSI), so that "+966 11 555
# 0127" after an Arabic name keeps its digit order, and "Co., Ltd." in an Arabic document keeps
# its full stop at its end. The PDF engine runs the bidirectional algorithm per line and draws no
# glyph for these marks; the HTML carries them for browsers, which do the same.
FSI, PDI = "\u2068", "\u2069"
_RTL_TEXT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


_TOKEN = re.compile(r"[\w%#-]*")  # "rtl", "37", "alt", "SO-2026-0157": attribute-like tokens


def isolate(text: str, rtl_document: bool) -> str:
    """`text` as one bidi isolate where direction matters: right-to-left text in any document,
    and in a right-to-left document any value with spaces or punctuation. Single tokens (the
    templates' attribute values, codes) stay as they are."""
    if _RTL_TEXT.search(text) or (rtl_document and not _TOKEN.fullmatch(text)):
        return f"{FSI}{text}{PDI}"
    return text


def direction(text: str) -> str:
    """The direction of a block of text by its first strong letter (HTML's dir="auto")."""
    for ch in text:
        if _RTL_TEXT.match(ch):
            return "rtl"
        if ch.isalpha():
            return "ltr"
    return "ltr"


@cache
def environment(rtl: bool = False) -> Environment:
    def finalize(value: Any) -> Any:
        if isinstance(value, str) and not isinstance(value, Markup):
            return isolate(value, rtl)
        return value

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every value from the register is text, never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )
    return env


def _param_escape(lang: str) -> Callable[[str], str]:
    rtl = lang in i18n.RTL
    return lambda s: str(escape(isolate(s, rtl)))


def _joined(lang: Language, sep: Markup) -> Callable[..., Markup]:
    def tr(message: str, **params: Any) -> Markup:
        return sep.join(
            Markup(
                i18n.translate(p, message, params, escape=_param_escape(p))
                if params
                else escape(i18n.translate(p, message))
            )
            for p in lang.parts
        )

    return tr


def _each(lang: Language) -> Callable[..., list[tuple[str, Markup]]]:
    """A sentence in every language of the document: [(lang, text)]."""

    def tr(message: str | Phrase, **params: Any) -> list[tuple[str, Markup]]:
        if isinstance(message, Phrase):
            params = {**message.params, **params}
            message = message.message
        return [
            (
                p,
                Markup(i18n.translate(p, message, params, escape=_param_escape(p)))
                if params
                else escape(i18n.translate(p, message)),
            )
            for p in lang.parts
        ]

    return tr


# Other ways an address names its country than the country's name in a language.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("USA", "U.S.A.", "U.S."),
    "GB": ("UK", "U.K.", "Great Britain", "England", "Scotland", "Wales"),
    "AE": ("UAE", "U.A.E."),
    "CN": ("PRC", "P.R.C.", "P.R. China", "PR China"),
    "KR": ("Korea",),
    "NL": ("Holland",),
}
_TRANSLATED_IN = ("en", "de", "fr", "es", "zh-CN", "ar")


def address_names_country(address: str, code: str) -> bool:
    """Whether the address's last part already names the country, so it is not printed twice
    ("… 50739 Köln, Deutschland" and then "Germany")."""
    from babel import Locale
    from babel.languages import get_official_languages

    if not address.strip() or not code:
        return False
    last = re.split(r"[,،，\n]", address.strip())[-1].casefold()
    names = {i18n.country(code, lang) for lang in _TRANSLATED_IN}
    for lang in get_official_languages(code.upper()):
        try:
            names.add(str(Locale.parse(lang).territories.get(code.upper()) or ""))
        except Exception:  # a language Babel has no locale data for
            continue
    names.update(_COUNTRY_ALIASES.get(code.upper(), ()))
    return any(n and n.casefold() in last for n in names)


class _Filters:
    """The template's helpers for one document in one language."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self.primary = lang.primary

    def country(self, code: str) -> str:
        return i18n.country(code, self.primary) if code else ""

    def phrase(self, p: Phrase | None) -> Markup:
        """A sentence in each language of the document, one block each (Chinese wraps anywhere)."""
        if p is None:
            return Markup("")
        parts = _each(self.lang)(p)
        if len(parts) == 1 and not self.wrap(parts[0][0]):
            return parts[0][1]
        return Markup("").join(
            Markup('<div class="{}">{}</div>').format(self.wrap(code), text) for code, text in parts
        )

    @staticmethod
    def wrap(code: str) -> str:
        """The class that lets a block of Chinese break between any two characters."""
        return "zh" if code == "zh-CN" else ""

    def words(self, m: Money | None) -> list[tuple[str, str]]:
        """[(label, words)]: "Amount in words: …", and in Chinese the capital amount (大写)."""
        if m is None:
            return []
        return [
            (i18n.translate(p, AMOUNT_IN_WORDS), amount_in_words(m.amount, m.currency, p))
            for p in self.lang.parts
        ]

    def country_of(self, p: Party) -> str:
        """The party's country, unless the address already ends with it."""
        if not p.country or address_names_country(p.address, p.country):
            return ""
        return self.country(p.country)

    def description(self, line: Line) -> str:
        """A Chinese document describes the goods in Chinese where Products has the words."""
        if self.primary == "zh-CN" and line.description_zh:
            return line.description_zh
        return line.description

    def description_2(self, line: Line) -> str:
        """On the bilingual form, the Chinese description under the English one."""
        if self.lang.bilingual and line.description_zh and line.description_zh != line.description:
            return line.description_zh
        return ""

    def unit(self, code: str) -> Markup:
        return Markup(" / ").join(escape(i18n.unit(code, p)) for p in self.lang.parts)

    def port(self, code: str) -> Markup | str:
        """ "Ningbo, China"; in a right-to-left document the Latin name is a unit of its own,
        so that it is read first."""
        if not code:
            return ""
        text = i18n.port(code, self.primary)
        if not self.lang.rtl or text == code:
            return text
        name, sep, land = text.partition("، ")
        return Markup("{}{}{}").format(isolate(name, True), sep, land)

    def colon(self) -> Markup:
        return escape(i18n.colon(self.primary))

    def dir_attr(self, text: str) -> Markup:
        return (
            Markup(' dir="rtl"') if not self.lang.rtl and direction(text) == "rtl" else Markup("")
        )


def render_html(doc: Document, lang: Language) -> str:
    """The document as a self-contained HTML page (the PDF is made from the same page)."""
    primary = lang.primary
    f = _Filters(lang)
    env = environment(lang.rtl)
    template = env.get_template(f"{doc.kind.value}.html")
    return template.render(
        doc=doc,
        lang=lang,
        title=TITLE[doc.kind],
        _=_joined(lang, Markup(" / ")),
        _2=_joined(lang, Markup("<br/>")),
        each=_each(lang),
        phrase=f.phrase,
        words=f.words,
        money=lambda m: i18n.money(m, primary),
        amount=lambda v: i18n.amount(v, doc.currency or None, primary),
        qty=lambda v: i18n.quantity(v, primary),
        num=lambda v, d=0: i18n.number(v, primary, d),
        date=lambda d: i18n.date(d, primary),
        pct=lambda v: i18n.percent(v, primary),
        country=f.country,
        country_of=f.country_of,
        credit=lambda m: Money(-m.amount, m.currency),
        port=f.port,
        unit=f.unit,
        colon=f.colon,
        description=f.description,
        description_2=f.description_2,
        lc_sentences=lc_sentences,
        prevails=PREVAILS,
        dir_attr=f.dir_attr,
        zip=zip,
        wrap=f.wrap,
        lines_of=lambda text: [x.strip() for x in (text or "").splitlines() if x.strip()],
    )


def render_letter(letter: Letter, lang: Language) -> str:
    """A letter about a complaint as a self-contained HTML page, on the documents' letterhead."""
    primary = lang.primary
    f = _Filters(lang)
    return (
        environment(lang.rtl)
        .get_template("letter.html")
        .render(
            doc=letter,
            lang=lang,
            title=letter.title,
            _=_joined(lang, Markup(" / ")),
            _2=_joined(lang, Markup("<br/>")),
            phrase=f.phrase,
            money=lambda m: i18n.money(m, primary),
            date=lambda d: i18n.date(d, primary),
            moment=lambda m: i18n.moment(m, primary),
            country_of=f.country_of,
            colon=f.colon,
            dir_attr=f.dir_attr,
            lines_of=lambda text: [x.strip() for x in (text or "").splitlines() if x.strip()],
        )
    )
