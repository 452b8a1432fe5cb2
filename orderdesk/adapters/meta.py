"""OrderDesk's bookkeeping in a workbook: JSON texts in the very hidden `_OrderDesk` sheet.

Kept apart from `xlsx` (openpyxl) so that reading the bookkeeping imports nothing heavy: an
action that only reads (Questions) never loads the writer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_CHUNK = 30000  # below Excel's 32,767 characters per cell


def meta_rows(meta: Mapping[str, Any]) -> list[list[Any]]:
    """The meta sheet's rows (header first): one JSON text per key, in parts below the cell limit.
    Shared by the file adapter (openpyxl) and the live adapter (xlwings)."""
    rows: list[list[Any]] = [["key", "part", "json"]]
    for key in sorted(meta):
        text = json.dumps(meta[key], ensure_ascii=False, sort_keys=True, default=str)
        for part, start in enumerate(range(0, max(len(text), 1), _CHUNK)):
            rows.append([key, part, text[start : start + _CHUNK]])
    return rows


def meta_from_rows(rows: Iterable[Sequence[Any]]) -> dict[str, Any]:
    """The bookkeeping from the meta sheet's rows below the header."""
    parts: dict[str, list[tuple[int, str]]] = {}
    for row in rows:
        if not row or row[0] is None:
            continue
        parts.setdefault(str(row[0]), []).append((int(row[1] or 0), str(row[2] or "")))
    out: dict[str, Any] = {}
    for key, chunks in parts.items():
        try:
            out[key] = json.loads("".join(t for _, t in sorted(chunks)))
        except json.JSONDecodeError:
            continue  # a damaged entry is rebuilt by the next action that owns it
    return out
