"""The gettext catalogs of questions, surveys and documents, checked the same way for each: every
language the area offers has its catalog, the template lists every sentence the code marks,
every sentence is translated with its placeholders, and each .mo is its .po compiled by Babel.

Each check returns what is wrong (empty when nothing is) and is run on the shipped catalogs and,
to show it can fail, on a broken copy. What only one area means stays with it: the survey's and
the documents' wording in `tests/aftersales/test_survey_catalogs.py` and
`tests/documents/test_catalogs.py`. Tracking's .mo files are not Babel's bytes (their content is
compared message by message in `tests/tracking/test_domain.py`).
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from orderdesk.domain import questions
from orderdesk.domain.aftersales import feedback
from orderdesk.domain.catalogs import LOCALE_DIR
from orderdesk.domain.documents import i18n

PACKAGE = LOCALE_DIR.parent
PLACEHOLDERS = (re.compile(r"{\w+}"), re.compile(r"%\(\w+\)s"))  # str.format, and %-style


def _marked_in(path: Path) -> set[str]:
    return {msg for _, msg, _, _ in extract_from_file("python", str(path), keywords={"N_": None})}


def _marked_in_documents() -> set[str]:
    """The code's and the templates' sentences, as babel.cfg extracts them."""
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    keywords = {"_": None, "_2": None, "each": None, "N_": None}
    found = extract_from_dir(str(PACKAGE / "domain" / "documents"), method_map, keywords=keywords)
    return {msg for _file, _line, msg, _comments, _ctx in found if isinstance(msg, str)}


@dataclass(frozen=True)
class Domain:
    name: str
    offered: tuple[str, ...]  # the languages the area offers
    folders: Mapping[str, str]  # language → the catalog folder the area loads
    marked: Callable[[], set[str]]  # the sentences the code marks for translation
    steps: str  # the page that says how to extract, update and compile

    def __str__(self) -> str:
        return self.name


DOMAINS = [
    Domain(
        "questions",
        questions.LANGUAGES,
        {"zh-CN": "zh_CN", "es": "es", "de": "de", "fr": "fr"},
        lambda: _marked_in(PACKAGE / "domain" / "questions" / "messages.py"),
        "docs/validation.md",
    ),
    Domain(
        "surveys",
        feedback.LANGUAGES,
        feedback.CATALOGS,
        lambda: _marked_in(PACKAGE / "domain" / "aftersales" / "feedback.py"),
        "docs/after-sales.md",
    ),
    Domain(
        "documents", tuple(i18n.CATALOGS), i18n.CATALOGS, _marked_in_documents, "docs/documents.md"
    ),
]


def _po(locale: Path, folder: str, domain: str) -> Catalog:
    with (locale / folder / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
        return read_po(fh, locale=folder)


def _texts(value: Any) -> tuple[str, ...]:
    """A message's id or translation as its forms (one, or several for a plural)."""
    return tuple(value) if isinstance(value, list | tuple) else (value,)


# --- the checks: each returns what is wrong -----------------------------------------------------


def missing_catalogs(d: Domain, locale: Path) -> list[str]:
    """Every language offered but English (the source) has a catalog folder, and every catalog on
    disk is one the area loads."""
    wrong = []
    if set(d.offered) != {"en", *d.folders}:
        wrong.append(
            f"{d}: languages offered {sorted(d.offered)}, catalogs for {sorted(d.folders)}"
        )
    on_disk = {p.parent.parent.name for p in locale.glob(f"*/LC_MESSAGES/{d}.po")}
    wrong += [f"{d}: no {f}/LC_MESSAGES/{d}.po" for f in sorted(set(d.folders.values()) - on_disk)]
    wrong += [
        f"{d}: {f}/LC_MESSAGES/{d}.po is loaded by no language"
        for f in on_disk - set(d.folders.values())
    ]
    return wrong


def template_gaps(d: Domain, locale: Path) -> list[str]:
    """The template (.pot) lists exactly the sentences the code marks."""
    with (locale / f"{d}.pot").open("rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    marked = d.marked()
    return [
        f"{d}.pot lacks {m!r}: run the pybabel steps in {d.steps}"
        for m in sorted(marked - template)
    ] + [f"{d}.pot lists {m!r}, which the code no longer marks" for m in sorted(template - marked)]


def untranslated(d: Domain, locale: Path) -> list[str]:
    """Each catalog has every marked sentence, translated (not fuzzy), with the same
    placeholders as the English."""
    marked, wrong = d.marked(), []
    for folder in sorted(set(d.folders.values())):
        got = {m.id: m for m in _po(locale, folder, d.name) if m.id}
        if set(got) != marked:
            wrong.append(f"{folder}/{d}.po: not the marked sentences: run the steps in {d.steps}")
        for msgid, m in got.items():
            if not all(_texts(m.string)) or m.fuzzy:
                wrong.append(f"{folder}/{d}.po: {msgid!r} is not translated")
                continue
            for p in PLACEHOLDERS:
                said = [sorted(p.findall(t)) for t in _texts(m.string)]
                if any(s != sorted(p.findall(_texts(msgid)[0])) for s in said):
                    wrong.append(f"{folder}/{d}.po: {msgid!r}: placeholders changed")
    return wrong


def stale_compiled(d: Domain, locale: Path) -> list[str]:
    """Each .mo is its .po as `pybabel compile` writes it."""
    wrong = []
    for folder in sorted(set(d.folders.values())):
        mo = locale / folder / "LC_MESSAGES" / f"{d}.mo"
        compiled = io.BytesIO()
        write_mo(compiled, _po(locale, folder, d.name))
        if not mo.exists() or mo.read_bytes() != compiled.getvalue():
            wrong.append(
                f"{mo.relative_to(locale)} is stale: run pybabel compile -d orderdesk/locale -D {d}"
            )
    return wrong


# --- the catalogs OrderDesk ships -----------------------------------------------------------------


@pytest.mark.parametrize("d", DOMAINS, ids=str)
def test_every_language_offered_has_a_catalog(d: Domain) -> None:
    assert missing_catalogs(d, LOCALE_DIR) == []


@pytest.mark.parametrize("d", DOMAINS, ids=str)
def test_the_template_lists_every_sentence(d: Domain) -> None:
    assert template_gaps(d, LOCALE_DIR) == []


@pytest.mark.parametrize("d", DOMAINS, ids=str)
def test_every_sentence_is_translated_with_its_placeholders(d: Domain) -> None:
    assert untranslated(d, LOCALE_DIR) == []


@pytest.mark.parametrize("d", DOMAINS, ids=str)
def test_the_mo_file_is_compiled_from_the_po_file(d: Domain) -> None:
    assert stale_compiled(d, LOCALE_DIR) == []


# --- the same checks on broken copies -------------------------------------------------------------


def _copy(d: Domain, tmp_path: Path) -> Path:
    """The domain's catalogs, copied (what a test breaks is never the shipped file)."""
    locale = tmp_path / "locale"
    for path in [LOCALE_DIR / f"{d}.pot", *LOCALE_DIR.glob(f"*/LC_MESSAGES/{d}.[mp]o")]:
        target = locale / path.relative_to(LOCALE_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return locale


def _edit_po(locale: Path, folder: str, d: Domain, edit: Callable[[Catalog], None]) -> None:
    catalog = _po(locale, folder, d.name)
    edit(catalog)
    with (locale / folder / "LC_MESSAGES" / f"{d}.po").open("wb") as fh:
        write_po(fh, catalog)


def _first(catalog: Catalog) -> Any:
    return next(m for m in catalog if isinstance(m.id, str) and m.id)


@pytest.mark.parametrize("d", DOMAINS, ids=str)
def test_a_missing_or_fuzzy_translation_is_found(d: Domain, tmp_path: Path) -> None:
    locale = _copy(d, tmp_path)
    folder = d.folders["de"]
    blank: list[str] = []
    fuzzy: list[str] = []

    def forget(catalog: Catalog) -> None:
        first = _first(catalog)
        first.string = ""
        blank.append(first.id)
        second = next(m for m in catalog if m.id and m.id != first.id)
        second.flags.add("fuzzy")
        fuzzy.append(second.id)

    _edit_po(locale, folder, d, forget)
    assert untranslated(d, locale) == [
        f"{folder}/{d}.po: {blank[0]!r} is not translated",
        f"{folder}/{d}.po: {fuzzy[0]!r} is not translated",
    ]
    # the .po changed and was not compiled again: its .mo is stale too
    assert stale_compiled(d, locale) == [
        f"{folder}/LC_MESSAGES/{d}.mo is stale: run pybabel compile -d orderdesk/locale -D {d}"
    ]


@pytest.mark.parametrize("d", [d for d in DOMAINS if d.name != "surveys"], ids=str)
def test_a_lost_placeholder_is_found(d: Domain, tmp_path: Path) -> None:
    """(The survey's sentences have no placeholders.)"""
    locale = _copy(d, tmp_path)
    folder = d.folders["fr"]
    lost: list[str] = []

    def drop(catalog: Catalog) -> None:
        m = next(m for m in catalog if m.id and any(p.search(m.id) for p in PLACEHOLDERS))
        for p in PLACEHOLDERS:
            m.string = p.sub("", m.string)
        lost.append(m.id)

    _edit_po(locale, folder, d, drop)
    assert untranslated(d, locale) == [f"{folder}/{d}.po: {lost[0]!r}: placeholders changed"]


@pytest.mark.parametrize("d", DOMAINS, ids=str)
def test_a_mo_not_compiled_again_is_found(d: Domain, tmp_path: Path) -> None:
    locale = _copy(d, tmp_path)
    folder = d.folders["es"]

    def reword(catalog: Catalog) -> None:
        m = _first(catalog)
        m.string = m.string + " "  # still translated, placeholders kept: only the .mo is behind

    _edit_po(locale, folder, d, reword)
    assert untranslated(d, locale) == []
    assert stale_compiled(d, locale) == [
        f"{folder}/LC_MESSAGES/{d}.mo is stale: run pybabel compile -d orderdesk/locale -D {d}"
    ]
    (locale / folder / "LC_MESSAGES" / f"{d}.mo").unlink()
    assert len(stale_compiled(d, locale)) == 1


@pytest.mark.parametrize("d", DOMAINS, ids=str)
def test_a_language_without_its_catalog_is_found(d: Domain, tmp_path: Path) -> None:
    locale = _copy(d, tmp_path)
    folder = d.folders["de"]
    (locale / folder / "LC_MESSAGES" / f"{d}.po").unlink()
    assert missing_catalogs(d, locale) == [f"{d}: no {folder}/LC_MESSAGES/{d}.po"]
    offered_more = Domain(d.name, (*d.offered, "it"), d.folders, d.marked, d.steps)
    assert len(missing_catalogs(offered_more, _copy(d, tmp_path / "again"))) == 1


@pytest.mark.parametrize("d", DOMAINS, ids=str)
def test_a_sentence_the_template_lacks_is_found(d: Domain, tmp_path: Path) -> None:
    locale = _copy(d, tmp_path)
    with (locale / f"{d}.pot").open("rb") as fh:
        template = read_po(fh)
    gone = _first(template).id
    del template[gone]
    with (locale / f"{d}.pot").open("wb") as fh:
        write_po(fh, template)
    assert template_gaps(d, locale) == [
        f"{d}.pot lacks {gone!r}: run the pybabel steps in {d.steps}"
    ]
