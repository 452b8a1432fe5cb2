"""Letters of credit: Import L/C (MT700 / 701 / 707 files into the LCs and LCAmendments sheets)
and Check L/C (what OrderDesk would present, against each credit, on the LCCheck sheet with the
presentation planner). One function per ribbon button and CLI command; the rules are in
`orderdesk.domain.lc`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from orderdesk.actions import documents_book as A
from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress, known_orders, stage
from orderdesk.actions.context import RunContext
from orderdesk.actions.lc_import import (
    SUFFIXES,
    LcImportError,
    import_lc,
    import_lc_folder,
    lc_files,
    lc_folder,
)
from orderdesk.domain.lc import checks as Ch
from orderdesk.domain.lc import report as R
from orderdesk.domain.lc.planner import plan
from orderdesk.domain.lc.presentation import presentation
from orderdesk.domain.lc.rows import credit_of
from orderdesk.domain.lc.swift import LcMessageError
from orderdesk.ports import Register
from orderdesk.schema import (
    DocKind,
    LCs,
    Orders,
    Setting,
    Stage,
)


def check_lc(
    register: Register,
    *,
    order_ids: Sequence[str] | None = None,
    progress: Progress = NO_PROGRESS,
    ctx: RunContext | None = None,
) -> Outcome:
    """Check each credit on the LCs sheet (or those of the orders named or selected) against the
    CI and PL OrderDesk would print and the order's Shipments; write the LCCheck sheet
    (discrepancies, risks and notes, then the presentation planner) and save."""
    ctx = ctx or RunContext.of(register, progress=progress)
    run = A.open_run(register, ctx=ctx)
    named = known_orders(order_ids or (), run.orders.frame[Orders.order_id])  # or: no such order
    wanted = {o.upper() for o in named} or _selected(register)
    stages = dict(
        zip(
            run.orders.frame[Orders.order_id].astype("string").str.strip().str.upper(),
            run.orders.frame[Orders.stage].map(Stage.read),
            strict=True,
        )
    )
    records = [
        r
        for r in run.lcs.records()
        if (str(r[LCs.order_id.attr] or "").strip().upper() in wanted)
        or (not wanted and _open_credit(r, stages))
    ]
    out = R.Report()
    bands = (int(run.policy.get(Setting.LC_AMBER_DAYS)), int(run.policy.get(Setting.LC_RED_DAYS)))
    with stage(progress, "Checking L/Cs", len(records)) as bar:
        for rec in records:
            _check_one(run, rec, out, bands)
            bar.advance()
    register.write_sheet(R.sheet(out, ctx.today, register.user))
    register.save()
    return Outcome(
        out.summary(), findings=out.counts["discrepancy"], details=out.details, data=out.data()
    )


_DONE = (Stage.INVOICED, Stage.CLOSED, Stage.CANCELLED)


def _open_credit(rec: dict[str, Any], stages: dict[str, Stage | None]) -> bool:
    """A credit still to present under: no Presented On, and its order not yet invoiced, closed
    or cancelled (an invoiced L/C order has been presented; name it with --order to check it)."""
    if rec.get(LCs.presented_on.attr) is not None:
        return False
    return stages.get(str(rec[LCs.order_id.attr] or "").strip().upper()) not in _DONE


def _selected(register: Register) -> set[str]:
    picked = register.selection()
    if picked is None or picked.single_cell or picked.table not in (Orders, LCs):
        return set()
    if picked.table is Orders:
        return {str(k[0]).strip().upper() for k in picked.keys if k and k[0] is not None}
    lcs = register.read(LCs).frame
    chosen = {str(k[0]).strip().upper() for k in picked.keys if k and k[0] is not None}
    mine = lcs[lcs[LCs.lc_no].astype("string").str.strip().str.upper().isin(chosen)]
    return set(mine[LCs.order_id].astype("string").str.strip().str.upper().dropna())


def _check_one(run: A._Run, rec: dict[str, Any], out: R.Report, bands: tuple[int, int]) -> None:
    lc_no = str(rec[LCs.lc_no.attr] or "")
    order_id = str(rec[LCs.order_id.attr] or "").strip()
    credit, problems = credit_of(rec)
    out.credits += 1
    for p in problems if credit is None else ():
        out.unusable(
            order_id,
            lc_no,
            f"{p.tag} {p.column}".strip(),
            "" if p.value is None else str(p.value),
            f"{run.lcs.ref(p.row, p.column)}: {p.problem}; "
            "the credit is not checked until it is corrected",
        )
    facts = A.facts_of(run)
    if credit is None:
        return
    if order_id not in facts.orders:
        where = run.lcs.ref(rec["row"], LCs.order_id)
        why = f"{where}: no such order on the {Orders.sheet} sheet"
        out.unusable(order_id, lc_no, "Order ID", order_id, why)
        return
    order = A.order_facts(run, order_id, DocKind.CI)  # the CI's facts include the shipment
    now = run.ctx.today
    pres = presentation(
        order,
        facts.shipments.get(order_id, []),
        run.company,
        presented_on=rec.get(LCs.presented_on.attr),
        today=now,
        where=lambda p: A._where(run, p),
    )
    for d in Ch.check(credit, pres):
        out.add(order_id, lc_no, d)
    if pres.presented_on is None and order.stage is not Stage.CANCELLED:
        out.plan(plan(credit, order_id, pres.on_board, now, *bands))


__all__ = [
    "SUFFIXES",
    "LcImportError",
    "LcMessageError",
    "check_lc",
    "import_lc",
    "import_lc_folder",
    "lc_files",
    "lc_folder",
]
