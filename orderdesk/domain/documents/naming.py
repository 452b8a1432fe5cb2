"""File names for documents that are safe whatever an order id contains.

Order ids are typed by people: "SO/1", "../../x", "CON", "订单 7", "a:b*c?" all occur or could.
A file name keeps letters and digits of any script, "-", "_" and "."; everything else becomes
"_", leading dots and spaces go (no hidden files, no "..") and Windows' reserved device names
(CON, PRN, AUX, NUL, COM1…, LPT1…, with or without an extension) get a "_" in front. When anything had to change, a short hash
of the original id is added, so "SO/1" and "SO_1" never share a file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import pandas as pd

from orderdesk.schema import DocKind, Documents

_UNSAFE = re.compile(r"[^\w.-]", re.UNICODE)
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.I)
MAX_STEM = 80


def safe_part(text: str) -> str:
    """One path component made from free text; never empty, never a path."""
    raw = unicodedata.normalize("NFC", str(text))
    name = _UNSAFE.sub("_", raw)
    name = re.sub(r"\.{2,}", "_", name).strip(" ._") or "_"
    if _RESERVED.match(name):
        name = f"_{name}"  # "NUL.txt" is the device too: the stem itself must change
    if len(name.encode("utf-8")) > MAX_STEM:
        name = name.encode("utf-8")[:MAX_STEM].decode("utf-8", "ignore")
    if name != raw:
        name = f"{name}-{hashlib.sha256(raw.encode('utf-8')).hexdigest()[:6]}"
    return name


def document_file_stem(prefix: str, order_id: str, version: int, language: str) -> str:
    """'PI_SO-2026-0001_v2_es': kind, order, version and language, in that order."""
    lang = safe_part(language.replace("+", "-"))
    return f"{safe_part(prefix)}_{safe_part(order_id)}_v{int(version)}_{lang}"


def version_for(content: str, known: Iterable[tuple[int, str]]) -> int:
    """The version a document with this content has: the one recorded for the same content
    (`known`: version, content; in whatever language, or made earlier in the run), else one
    more than the last."""
    known = list(known)
    same = [v for v, c in known if c == content]
    if same:
        return max(same)
    return max((v for v, _ in known), default=0) + 1


def recorded_versions(
    documents: pd.DataFrame, order_id: str, kind: DocKind
) -> list[tuple[int, str]]:
    """(version, content) of the documents of this order and kind the Documents sheet records,
    ids and kinds compared as typed (spaces around them and the kind's case aside); a row
    without a version is no version, a row without content is an empty content."""
    if documents.empty:
        return []
    mine = documents[
        (documents[Documents.order_id].astype("string").str.strip() == order_id)
        & (documents[Documents.kind].astype("string").str.strip().str.lower() == kind.value)
    ]
    contents = mine.get(Documents.content)
    known: list[tuple[int, str]] = []
    for r in mine.index:
        v: Any = mine.at[r, Documents.version]  # a whole number, or NA where blank
        if not pd.isna(v):
            c = contents.at[r] if contents is not None else None
            known.append((int(v), c if isinstance(c, str) else ""))
    return known
