"""The survey's wording from its catalog: the forms worded as before the wording moved into
gettext, and a missing catalog is a broken install. That the catalogs are complete, compiled and
current is checked for every domain in `tests/i18n/test_catalogs.py`."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

import orderdesk
from orderdesk.domain.aftersales.feedback import survey

SOURCE = Path(orderdesk.__file__).parent / "domain" / "aftersales" / "feedback.py"


def test_the_survey_has_eight_sentences() -> None:
    marked = extract_from_file("python", str(SOURCE), keywords={"N_": None})
    assert len({msg for _, msg, _, _ in marked}) == 8  # six scored, the free-text one, the scale


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
