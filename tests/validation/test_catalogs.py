"""The question catalogs: every sentence translated, placeholders kept, .mo files up to date."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import orderdesk
from orderdesk.domain.questions import DOMAIN, LANGUAGES

LOCALE = Path(orderdesk.__file__).parent / "locale"
SOURCE = Path(orderdesk.__file__).parent / "domain" / "questions" / "messages.py"
CATALOGS = {"es": "es", "de": "de", "fr": "fr", "zh-CN": "zh_CN"}


def _po(folder: str):  # type: ignore[no-untyped-def]
    with open(LOCALE / folder / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as fh:
        return read_po(fh)


def _source_ids() -> set[str]:
    return {msg for _, msg, _, _ in extract_from_file("python", str(SOURCE), keywords={"N_": None})}


def test_every_language_offered_has_a_catalog() -> None:
    assert set(LANGUAGES) == {"en", *CATALOGS}


@pytest.mark.parametrize("folder", CATALOGS.values())
def test_the_mo_file_is_compiled_from_the_po_file(folder: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _po(folder))
    committed = (LOCALE / folder / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes()
    assert compiled.getvalue() == committed, f"run: pybabel compile -d orderdesk/locale -D {DOMAIN}"


@pytest.mark.parametrize("folder", CATALOGS.values())
def test_every_sentence_is_translated_with_its_placeholders(folder: str) -> None:
    catalog = _po(folder)
    wanted = _source_ids()
    got = {m.id: m for m in catalog if m.id}
    assert set(got) == wanted, "run pybabel extract and update (docs/validation.md)"
    for msgid, m in got.items():
        assert m.string and not m.fuzzy, msgid
        assert sorted(re.findall(r"{\w+}", m.string)) == sorted(re.findall(r"{\w+}", msgid)), msgid


def test_the_template_lists_every_sentence() -> None:
    with open(LOCALE / f"{DOMAIN}.pot", "rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    assert template == _source_ids()
