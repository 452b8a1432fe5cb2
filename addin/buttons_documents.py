"""Ribbon: the Documents menu. Each button makes one kind (or every kind that fits the order's
stage) for the order rows selected on the Orders sheet, into a Documents folder beside the
workbook."""

from __future__ import annotations

from orderdesk.actions.base import Outcome
from orderdesk.actions.documents import ALL_KINDS, make_documents
from orderdesk.schema import DocKind

from .handlers import ButtonContext, handles


def _make(
    ctx: ButtonContext, kinds: tuple[DocKind, ...], *, fitting: bool = False, draft: bool = False
) -> Outcome:
    order_ids = None
    if ctx.selection is not None and ctx.selection.keys:
        order_ids = [str(k[0]) for k in ctx.selection.keys if k and k[0] is not None]
    return make_documents(
        ctx.register,
        kinds=kinds,
        order_ids=order_ids,
        fitting_stage=fitting,
        draft=draft,
        progress=ctx.progress,
    )


@handles("odDocPI")
def proforma(ctx: ButtonContext) -> Outcome:
    return _make(ctx, (DocKind.PI,))


@handles("odDocCI")
def commercial_invoice(ctx: ButtonContext) -> Outcome:
    return _make(ctx, (DocKind.CI,))


@handles("odDocPL")
def packing_list(ctx: ButtonContext) -> Outcome:
    return _make(ctx, (DocKind.PL,))


@handles("odDocConfirmation")
def confirmation(ctx: ButtonContext) -> Outcome:
    return _make(ctx, (DocKind.CONFIRMATION,))


@handles("odDocContract")
def contract(ctx: ButtonContext) -> Outcome:
    return _make(ctx, (DocKind.CONTRACT,))


@handles("odDocAll")
def all_that_fit(ctx: ButtonContext) -> Outcome:
    return _make(ctx, ALL_KINDS, fitting=True)


@handles("odDocDraft")
def drafts(ctx: ButtonContext) -> Outcome:
    """`orderdesk docs --draft`: every kind, whatever the order's stage, marked DRAFT."""
    return _make(ctx, ALL_KINDS, draft=True)


@handles("odDocAllReady")
def all_ready(ctx: ButtonContext) -> Outcome:
    return make_documents(ctx.register, all_ready=True, progress=ctx.progress)
