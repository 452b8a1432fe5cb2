"""The gettext catalogs OrderDesk ships: one loader for every domain that is translated.

Questions, documents, tracking updates and surveys keep their wording in
`orderdesk/locale/<folder>/LC_MESSAGES/<domain>.mo` (compiled from the .po files a translator
edits). Each area knows its own languages and folder names; this module only finds and loads the compiled catalog, so the
lookup, the fallback and the error for a missing one are the same everywhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


@cache
def catalog(domain: str, *folders: str, required: bool = False) -> NullTranslations:
    """The compiled catalog of `domain` from the first of `folders` (e.g. "zh_CN", "zh") that
    has one. Without one: the msgids themselves (English, the source text), or, when the
    catalog is `required` (a language the area offers), FileNotFoundError: a broken install."""
    found = Translations.load(str(LOCALE_DIR), list(folders), domain)
    if isinstance(found, Translations):
        return found
    if required:
        raise FileNotFoundError(
            f"the {folders[0] if folders else '?'} catalog of domain {domain!r} is missing "
            f"from {LOCALE_DIR}"
        )
    return NullTranslations()


def languages(domain: str) -> tuple[str, ...]:
    """The catalog folders that hold a compiled catalog of `domain`."""
    return tuple(
        sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{domain}.mo"))
    )
