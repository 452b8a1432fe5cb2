"""Ribbon: Import L/C and Check L/C (the Documents group)."""

from __future__ import annotations

from orderdesk.actions.base import Outcome
from orderdesk.actions.lc import check_lc, import_lc_folder

from .handlers import ButtonContext, handles


@handles("odDocImportLc")
def import_lc_button(ctx: ButtonContext) -> Outcome:
    """The message files in Settings' L/C folder."""
    return import_lc_folder(ctx.register, progress=ctx.progress)


@handles("odDocCheckLc")
def check_lc_button(ctx: ButtonContext) -> Outcome:
    """The credits of the selected orders (or LCs rows), else every open one."""
    return check_lc(ctx.register, progress=ctx.progress)
