"""One loader for the gettext catalogs of questions, documents, tracking and surveys: checked against
the .po files as Babel's own reader reads them (not against our loader's output)."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from orderdesk.domain.catalogs import LOCALE_DIR, catalog, languages

DOMAINS = ("questions", "documents", "tracking", "surveys")


def po_file(domain: str, folder: str) -> Catalog:
    with (LOCALE_DIR / folder / "LC_MESSAGES" / f"{domain}.po").open("rb") as f:
        return read_po(f)


def translated(domain: str, folder: str) -> dict[str, str]:
    """msgid → msgstr of the .po file a translator edits (plain messages with a translation)."""
    po = po_file(domain, folder)
    return {m.id: m.string for m in po if isinstance(m.id, str) and m.id and m.string}


def plural_forms(domain: str, folder: str) -> dict[tuple[str, str], tuple[str, ...]]:
    """(singular, plural) → the translated forms, for messages that depend on a count."""
    po = po_file(domain, folder)
    return {
        (m.id[0], m.id[1]): tuple(m.string) for m in po if isinstance(m.id, tuple) and any(m.string)
    }


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_language_of_a_domain_loads_what_its_po_file_says(domain: str) -> None:
    offered = languages(domain)
    assert offered == tuple(
        sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{domain}.po"))
    )
    assert "de" in offered
    for folder in offered:
        t = catalog(domain, folder, required=True)
        expected = translated(domain, folder)
        plurals = plural_forms(domain, folder)
        assert expected or plurals, f"{folder}/{domain}.po has no translations"
        assert {k: t.gettext(k) for k in expected} == expected
        for (one, many), forms in plurals.items():
            assert {t.ngettext(one, many, n) for n in (1, 2, 5, 11, 100)} <= set(forms)


def test_the_first_folder_with_a_catalog_is_used() -> None:
    (one, many), forms = next(iter(plural_forms("tracking", "de").items()))
    assert catalog("tracking", "de_AT", "de").ngettext(one, many, 1) == forms[0]
    assert catalog("tracking", "xx", "de").ngettext(one, many, 3) == forms[1]
    assert catalog("tracking", "xx").ngettext(one, many, 3) == many


def test_no_catalog_gives_the_english_source_or_a_clear_error_when_required() -> None:
    msgid = next(iter(translated("questions", "de")))
    assert catalog("questions", "xx").gettext(msgid) == msgid
    with pytest.raises(FileNotFoundError, match="the xx catalog of domain 'questions' is missing"):
        catalog("questions", "xx", required=True)
