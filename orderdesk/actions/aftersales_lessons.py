"""Lessons (ribbon: After-sales → Lessons; CLI: `orderdesk aftersales lessons`).

Reads the Lessons sheet and the complaint or order asked about (its products, class, texts) and
lists the five lessons most like it; writes nothing.
"""

from __future__ import annotations

import pandas as pd

from orderdesk.actions.base import Outcome, known_orders
from orderdesk.actions.context import RunContext
from orderdesk.domain.aftersales import lessons as L
from orderdesk.domain.aftersales.complaints import class_of
from orderdesk.errors import RegisterError
from orderdesk.schema import Complaints, Lessons, OrderLines, Orders, Products


class NoSuchComplaint(RegisterError):
    """A complaint asked for by its ID is not in the Complaints sheet (exit 2)."""


def _text(*values: object) -> str:
    return " ".join(str(v) for v in values if isinstance(v, str) and v.strip())


def _lessons(frame: pd.DataFrame) -> list[L.Lesson]:
    out = []
    for _, r in frame.iterrows():
        if not isinstance(r[Lessons.lesson_id], str):
            continue
        out.append(
            L.Lesson(
                r[Lessons.lesson_id],
                _text(r[Lessons.title_text], r[Lessons.situation], r[Lessons.what_worked])
                + " "
                + _text(r[Lessons.tags]).replace(";", " "),
                _text(r[Lessons.sku]),
                _text(r[Lessons.complaint_class]),
            )
        )
    return out


def _product_text(ctx: RunContext, skus: set[str]) -> str:
    products = ctx.register.read(Products).frame
    hit = products[products[Products.sku].isin(skus)]
    return _text(*hit[Products.description], *hit[Products.description_zh])


def _complaint_query(ctx: RunContext, complaint: str) -> L.Query:
    frame = ctx.register.read(Complaints).frame
    ids = (
        frame[Complaints.complaint_id]
        .astype("object")
        .map(lambda v: v.strip().casefold() if isinstance(v, str) else None)
    )
    rows = frame[ids == complaint.strip().casefold()]
    if rows.empty:
        raise NoSuchComplaint(
            f"no such complaint: {complaint} (not in the '{Complaints.complaint_id}' column of the "
            f"{Complaints.sheet} sheet); nothing was done"
        )
    r = rows.iloc[0]
    sku = _text(r[Complaints.sku])
    return L.Query(
        _text(r[Complaints.description], r[Complaints.resolution])
        + " "
        + _product_text(ctx, {sku}),
        frozenset({sku} - {""}),
        frozenset({class_of(r[Complaints.complaint_class], r[Complaints.cause])} - {""}),
    )


def _order_query(ctx: RunContext, order: str) -> L.Query:
    orders = ctx.register.read(Orders).frame
    (oid,) = known_orders([order], orders[Orders.order_id])
    lines = ctx.register.read(OrderLines).frame
    skus = {s for s in lines.loc[lines[OrderLines.order_id] == oid, OrderLines.sku] if s}
    comp = ctx.register.read(Complaints).frame
    comp = comp[comp[Complaints.order_id] == oid]
    classes = {
        class_of(k, c)
        for k, c in zip(comp[Complaints.complaint_class], comp[Complaints.cause], strict=True)
    }
    return L.Query(
        _text(*comp[Complaints.description]) + " " + _product_text(ctx, skus),
        frozenset(s for s in skus if isinstance(s, str)),
        frozenset(classes - {""}),
    )


def find_lessons(
    ctx: RunContext,
    *,
    complaint: str | None = None,
    order: str | None = None,
    text: str | None = None,
) -> Outcome:
    """The five lessons most like a complaint, an order, or a text; writes nothing."""
    if complaint:
        query, about = _complaint_query(ctx, complaint), f"complaint {complaint}"
    elif order:
        query, about = _order_query(ctx, order), f"order {order}"
    else:
        query, about = L.Query(text or ""), f"'{text or ''}'"
    data = ctx.register.read(Lessons)
    pool = _lessons(data.frame)
    titles = dict(zip(data.frame[Lessons.lesson_id], data.frame[Lessons.title_text], strict=True))
    found = L.search(pool, query)
    details = [
        f"{i}. {m.lesson_id} {titles.get(m.lesson_id, '')} (score {m.score:.2f}: "
        + ", ".join(
            [w for w, on in (("same product", m.same_product), ("same class", m.same_class)) if on]
            + [f"text {m.text:.2f}"]
        )
        + ")"
        for i, m in enumerate(found, start=1)
    ]
    return Outcome(
        f"{len(found)} of {len(pool)} lesson(s) like {about}",
        details=details,
        data={
            "lessons": [
                {"lesson": m.lesson_id, "score": round(m.score, 4), "text": round(m.text, 4)}
                for m in found
            ]
        },
    )
