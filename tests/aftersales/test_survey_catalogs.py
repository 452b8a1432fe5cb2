"""The survey's catalogs: every sentence translated, .mo files compiled from the .po files, the
template current, and the forms worded as before the wording moved into gettext."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import orderdesk
from orderdesk.domain.aftersales.feedback import CATALOGS, DOMAIN, LANGUAGES, survey

LOCALE = Path(orderdesk.__file__).parent / "locale"
SOURCE = Path(orderdesk.__file__).parent / "domain" / "aftersales" / "feedback.py"


def _po(folder: str):  # type: ignore[no-untyped-def]  # a babel Catalog
    with open(LOCALE / folder / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as fh:
        return read_po(fh)


def _source_ids() -> set[str]:
    return {msg for _, msg, _, _ in extract_from_file("python", str(SOURCE), keywords={"N_": None})}


def test_every_language_offered_has_a_catalog() -> None:
    on_disk = {p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    assert on_disk == set(CATALOGS.values())
    assert set(LANGUAGES) == {"en", *CATALOGS}


@pytest.mark.parametrize("folder", CATALOGS.values())
def test_the_mo_file_is_compiled_from_the_po_file(folder: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _po(folder))
    committed = (LOCALE / folder / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes()
    assert compiled.getvalue() == committed, f"run: pybabel compile -d orderdesk/locale -D {DOMAIN}"


@pytest.mark.parametrize("folder", CATALOGS.values())
def test_every_sentence_is_translated(folder: str) -> None:
    got = {m.id: m for m in _po(folder) if m.id}
    assert set(got) == _source_ids(), "run pybabel extract and update (docs/after-sales.md)"
    for msgid, m in got.items():
        assert m.string and not m.fuzzy, msgid


def test_the_template_lists_every_sentence() -> None:
    with open(LOCALE / f"{DOMAIN}.pot", "rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    assert template == _source_ids()
    assert len(template) == 8  # six scored questions, the free-text one, the scale


@pytest.mark.parametrize(
    ("language", "first", "last", "scale"),
    [
        (
            "es",
            "¿Qué tan satisfecho está con la calidad de la mercancía?",
            "¿Qué deberíamos mejorar la próxima vez?",
            "1 = muy malo … 5 = excelente",
        ),
        (
            "zh-CN",
            "您对货物质量的满意程度如何？",
            "下次我们应在哪些方面做得更好？",
            "1 = 很差 … 5 = 非常好",
        ),
        (
            "ja",  # no survey in Japanese yet: English
            "How satisfied are you with the quality of the goods?",
            "What should we do better next time?",
            "1 = very poor … 5 = excellent",
        ),
    ],
)
def test_the_survey_reads_from_the_catalog(language, first, last, scale) -> None:
    got = survey(language)
    assert (got.questions[0], got.questions[-1], got.scale_note) == (first, last, scale)
    assert len(got.questions) == 7


def test_a_missing_catalog_is_a_broken_install_not_english(monkeypatch) -> None:
    from orderdesk.domain.aftersales import feedback

    monkeypatch.setitem(feedback.CATALOGS, "es", "xx")  # a folder without the catalog
    with pytest.raises(FileNotFoundError, match="catalog of domain 'surveys' is missing"):
        survey("es")
