"""Write a document in a language: one jinja2 template per kind, one shared layout, autoescape on.

Labels and sentences come from the gettext catalog of the document's language; the bilingual
form (en + zh-CN) writes each label in both, English first, and each clause twice. Values —
numbers, dates, amounts — are formatted once, in the primary language's locale, except inside
sentences, which are formatted for the language they are in.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from orderdesk.domain.documents import i18n
from orderdesk.domain.documents.content import TITLE
from orderdesk.domain.documents.i18n import Language, Money, Phrase
from orderdesk.domain.documents.i18n import msg as N_
from orderdesk.domain.documents.models import Document
from orderdesk.domain.words import amount_in_words

TEMPLATES = Path(__file__).with_name("templates")
AMOUNT_IN_WORDS = N_("Amount in words")


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every value from the register is text, never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _joined(lang: Language, sep: Markup) -> Callable[..., Markup]:
    def tr(message: str, **params: Any) -> Markup:
        return sep.join(
            Markup(
                i18n.translate(p, message, params, escape=lambda s: str(escape(s)))
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
                Markup(i18n.translate(p, message, params, escape=lambda s: str(escape(s))))
                if params
                else escape(i18n.translate(p, message)),
            )
            for p in lang.parts
        ]

    return tr


def render_html(doc: Document, lang: Language) -> str:
    """The document as a self-contained HTML page (the PDF is made from the same page)."""
    primary = lang.primary

    def country(code: str) -> str:
        return i18n.country(code, primary) if code else ""

    def phrase(p: Phrase | None) -> Markup:
        """A sentence in each language of the document, one block each (Chinese wraps anywhere)."""
        if p is None:
            return Markup("")
        parts = _each(lang)(p)
        if len(parts) == 1 and not wrap(parts[0][0]):
            return parts[0][1]
        return Markup("").join(
            Markup('<div class="{}">{}</div>').format(wrap(code), text) for code, text in parts
        )

    def wrap(code: str) -> str:
        """The class that lets a block of Chinese break between any two characters."""
        return "zh" if code == "zh-CN" else ""

    def words(m: Money | None) -> list[tuple[str, str]]:
        """[(label, words)]: "Amount in words: …", and in Chinese the capital amount (大写)."""
        if m is None:
            return []
        return [
            (i18n.translate(p, AMOUNT_IN_WORDS), amount_in_words(m.amount, m.currency, p))
            for p in lang.parts
        ]

    env = environment()
    template = env.get_template(f"{doc.kind.value}.html")
    return template.render(
        doc=doc,
        lang=lang,
        title=TITLE[doc.kind],
        _=_joined(lang, Markup(" / ")),
        _2=_joined(lang, Markup("<br/>")),
        each=_each(lang),
        phrase=phrase,
        words=words,
        money=lambda m: i18n.money(m, primary),
        amount=lambda v: i18n.amount(v, doc.currency or None, primary),
        qty=lambda v: i18n.quantity(v, primary),
        num=lambda v, d=0: i18n.number(v, primary, d),
        date=lambda d: i18n.date(d, primary),
        pct=lambda v: i18n.percent(v, primary),
        country=country,
        zip=zip,
        wrap=wrap,
        lines_of=lambda text: [x.strip() for x in (text or "").splitlines() if x.strip()],
    )
