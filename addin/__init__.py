"""The Excel add-in's Python side (import name `orderdesk_addin`): what the ribbon calls.

`run(button_id)` is the one entry point of every ribbon button (see excel.py); `build.py` makes
OrderDesk.xlam from the sources in this folder.
"""

from __future__ import annotations

from typing import Any


def run(button_id: str, *, book: Any = None) -> Any:
    """Run a ribbon button's action on the calling workbook (called by the add-in's VBA)."""
    from .excel import run as run_button

    return run_button(button_id, book=book)
