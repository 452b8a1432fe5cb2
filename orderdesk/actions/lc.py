"""Letters of credit: Import L/C (MT700 / 701 / 707 files into the LCs and LCAmendments sheets)
and Check L/C (what OrderDesk would present, against each credit, on the LCCheck sheet with the
presentation planner). One function per ribbon button and CLI command; the rules are in
`orderdesk.domain.lc`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from orderdesk.actions import documents as A
from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress, known_orders, stage
from orderdesk.domain.documents import content as K
from orderdesk.domain.documents.models import Document
from orderdesk.domain.kpi.bands import STATE_COLOURS, State
from orderdesk.domain.lc import checks as Ch
from orderdesk.domain.lc.messages import AmendmentMessage, amend, amendments_for, read_file
from orderdesk.domain.lc.model import Credit
from orderdesk.domain.lc.planner import plan
from orderdesk.domain.lc.rows import credit_of, row_of
from orderdesk.domain.lc.swift import LcMessageError
from orderdesk.domain.reference.payment_terms import Instrument, payment_term
from orderdesk.errors import OrderDeskError
from orderdesk.ports import Block, Register, SheetContent, TableData, today
from orderdesk.schema import (
    Customers,
    DocKind,
    LCAmendments,
    LCDiscrepancies,
    LCPlan,
    LCs,
    Orders,
    Setting,
    Shipments,
    Stage,
)
from orderdesk.settings import load_policy

SUFFIXES = (".txt", ".fin", ".mt", ".swift", ".700", ".707", ".prt")
_EARLY = "not yet at its stage"
SEVERITY_FILL = {"discrepancy": "FFC7CE", "risk": "FFEB9C", "note": "DDEBF7"}


class LcImportError(OrderDeskError):
    """An L/C file that cannot be read, or an option that cannot be acted on."""


# --- Import L/C ------------------------------------------------------------------------------------


def lc_folder(register: Register) -> Path:
    """Settings' L/C folder, relative to the workbook's folder."""
    folder = Path(str(load_policy(register).get(Setting.LC_FOLDER) or "letters-of-credit"))
    return folder if folder.is_absolute() else Path(register.source).parent / folder


def lc_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def import_lc_folder(register: Register, progress: Progress = NO_PROGRESS) -> Outcome:
    """The Import L/C button: every message file in the L/C folder (each credit and amendment
    once: those already on the register are left as they are)."""
    folder = lc_folder(register)
    files = lc_files(folder)
    if not files:
        return Outcome(
            f"import L/C: no message files in {folder}",
            details=[
                f"put the MT700 / MT707 text the bank sent ({', '.join(SUFFIXES)}) in {folder}, "
                "or type a credit that came as a PDF on the LCs sheet"
            ],
        )
    return import_lc(register, files, progress=progress)


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LcImportError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@dataclass
class _Import:
    new: list[tuple[Credit, str]] = field(default_factory=list)  # credit, order
    amended: dict[str, tuple[Credit, int]] = field(default_factory=dict)  # lc_no → credit, row
    log: list[dict[Any, Any]] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    findings: int = 0
    skipped: int = 0


def import_lc(
    register: Register,
    files: Sequence[Path],
    *,
    order_id: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> Outcome:
    """Read every file first (a malformed message refuses the whole run, naming file, line and
    tag: nothing is written), then add each new credit to the LCs sheet linked to its order,
    apply each MT707 to its credit in number order (kept on LCAmendments), and save once."""
    reads = []
    with stage(progress, "Reading L/C messages", len(files)) as bar:
        for path in files:
            reads.append(read_file(_text(Path(path)), Path(path).name))
            bar.advance()
    credits = [c for r in reads for c in r.credits]
    pending = [a for r in reads for a in r.amendments]
    if order_id and len(credits) != 1:
        raise LcImportError(
            f"--order names one order, but the files hold {len(credits)} credits: import them "
            "one at a time with --order, or without it"
        )
    lcs = register.read(LCs)
    orders = register.read(Orders)
    customers = register.read(Customers)
    known = {str(r[LCs.lc_no.attr]).strip().upper(): r for r in lcs.records() if r[LCs.lc_no.attr]}
    done = _applied(register.read(LCAmendments))
    job = _Import()
    for credit in credits:
        if credit.number.upper() in known:
            job.skipped += 1
            job.details.append(
                f"{credit.source}: credit {credit.number} is already on the LCs sheet"
            )
            continue
        target = _order_for(credit, orders, customers, lcs, order_id)
        if isinstance(target, str) and target.startswith("?"):
            job.findings += 1
            job.details.append(
                f"{credit.source}: credit {credit.number} not imported: {target[1:]}"
            )
            continue
        for am in amendments_for(credit, pending):
            credit = amend(credit, am)
            job.log.append(_log_row(credit, am))
        job.new.append((credit, str(target)))
        job.details.append(
            f"{credit.source}: credit {credit.number} for {target}, {credit.currency} "
            f"{credit.amount:,.2f}, expires {credit.expiry_date.isoformat()}"
            + (f", {len(credit.amendments)} amendment(s) applied" if credit.amendments else "")
        )
    new_numbers = {c.number.upper() for c, _ in job.new}
    _amend_known(job, pending, known, done, new_numbers, lcs)
    if job.new:
        register.append(LCs, [row_of(c, o) for c, o in job.new])
    if job.amended:
        owned = [c for c in LCs.owned_columns()]
        register.update(
            LCs,
            {
                (lc_no,): {c: v for c, v in row_of(credit, "").items() if c in owned}
                for lc_no, (credit, _) in job.amended.items()
            },
        )
    if job.log:
        register.append(LCAmendments, job.log)
    if job.new or job.amended or job.log:
        register.save()
    n, m = len(job.new), len(job.log)
    summary = f"imported {n} credit{'s' if n != 1 else ''} and {m} amendment{'s' if m != 1 else ''}"
    if job.skipped:
        summary += f"; {job.skipped} already on the register"
    if job.findings:
        summary += f"; {job.findings} not imported (see below)"
    return Outcome(
        summary,
        findings=job.findings,
        details=job.details,
        data={
            "credits": [{"lc": c.number, "order": o} for c, o in job.new],
            "amendments": [
                {"lc": r[LCAmendments.lc_no], "number": r[LCAmendments.number]} for r in job.log
            ],
        },
    )


def _applied(data: TableData) -> set[tuple[str, int]]:
    f = data.frame
    if f.empty:
        return set()
    return {
        (str(lc).strip().upper(), int(n))
        for lc, n in zip(f[LCAmendments.lc_no], f[LCAmendments.number], strict=True)
        if isinstance(lc, str) and pd.notna(n)
    }


def _amend_known(
    job: _Import,
    pending: list[AmendmentMessage],
    known: dict[str, dict[str, Any]],
    done: set[tuple[str, int]],
    new_numbers: set[str],
    lcs: TableData,
) -> None:
    """Amendments of credits already on the register, in number order; one already applied is
    left alone (a file imported twice changes nothing)."""
    for am in sorted(pending, key=lambda a: a.number):
        refs = [r.upper() for r in am.references]
        if any(r in new_numbers for r in refs):
            continue  # applied above, with its credit
        lc_no = next((r for r in refs if r in known), None)
        if lc_no is None:
            job.findings += 1
            job.details.append(
                f"{am.source}: amendment {am.number} of credit {' / '.join(am.references)} not "
                "applied: the credit is not on the LCs sheet (import its MT700 first)"
            )
            continue
        if (lc_no, am.number) in done:
            job.skipped += 1
            job.details.append(f"{am.source}: amendment {am.number} of {lc_no} is already applied")
            continue
        if lc_no in job.amended:
            credit, row = job.amended[lc_no]
        else:
            rec = known[lc_no]
            typed, problems = credit_of(rec)
            row = int(rec["row"])
            if typed is None:
                p = problems[0]
                raise LcImportError(
                    f"{lcs.ref(p.row, p.column)}: {p.problem}; the credit cannot be amended until "
                    "it is corrected. Nothing was imported."
                )
            credit = typed
        credit = amend(credit, am)
        job.amended[lc_no] = (credit, row)
        job.log.append(_log_row(credit, am))
        job.details.append(
            f"{am.source}: amendment {am.number} of {credit.number} applied: "
            + "; ".join(credit.amendments[-1].changes)
        )


def _log_row(credit: Credit, am: AmendmentMessage) -> dict[Any, Any]:
    last = credit.amendments[-1]
    return {
        LCAmendments.lc_no: credit.number,
        LCAmendments.number: last.number,
        LCAmendments.date: last.date,
        LCAmendments.purpose: last.purpose,
        LCAmendments.changes: "\n".join(last.changes),
        LCAmendments.source: am.source,
        LCAmendments.imported_at: dt.datetime.now().replace(microsecond=0),
    }


def _order_for(
    credit: Credit,
    orders: TableData,
    customers: TableData,
    lcs: TableData,
    given: str | None,
) -> str:
    """The order a credit pays for: the one named, else the order its text names (45A's
    "PROFORMA INVOICE NO. PI-SO-…", the order number, the customer's PO), else the one L/C order
    of the applicant for that currency and amount that has no credit yet. "?why" when unsure."""
    f = orders.frame
    ids = f[Orders.order_id].astype("string").str.strip()
    if given:
        hit = ids[ids.str.upper() == given.strip().upper()]
        if hit.empty:
            raise LcImportError(f"{Orders.sheet}: no order {given!r} (--order)")
        return str(hit.iloc[0])
    text = f"{credit.goods}\n{credit.conditions}\n{credit.documents_required}".upper()
    named = [str(o) for o in ids.dropna() if str(o).upper() in text]
    if len(set(named)) == 1:
        return named[0]
    po = f[Orders.customer_po].astype("string").str.strip().str.upper()
    by_po = [
        str(o)
        for o, p in zip(ids, po, strict=True)
        if isinstance(p, str) and len(p) >= 4 and p in text
    ]
    if len(set(by_po)) == 1:
        return by_po[0]
    with_lc = set(lcs.frame[LCs.order_id].astype("string").str.strip().dropna())
    applicant = Ch._fold(credit.applicant.splitlines()[0] if credit.applicant else "")
    names: dict[str, str] = {}
    for r in customers.records():
        for n in [r[Customers.name.attr] or "", *(r[Customers.aliases.attr] or "").split(";")]:
            if n.strip():
                names[Ch._fold(n)] = str(r[Customers.customer_id.attr])
    customer = names.get(applicant)
    candidates = []
    for rec in orders.records():
        oid = str(rec[Orders.order_id.attr] or "")
        term = payment_term(rec[Orders.payment_terms.attr])
        if not oid or oid in with_lc or term is None or term.instrument is not Instrument.LC:
            continue
        if customer and rec[Orders.customer.attr] != customer:
            continue
        if str(rec[Orders.currency.attr] or "").upper() != credit.currency:
            continue
        total = rec[Orders.order_total.attr]
        if total is not None and credit.minimum() <= total * 1 <= credit.maximum() * 1:
            candidates.append(oid)
    if len(candidates) == 1 and customer:
        return candidates[0]
    why = (
        "no order on L/C terms matches its applicant, currency and amount"
        if not candidates
        else f"it could pay for {', '.join(candidates[:4])}"
    )
    return f"?{why}; name the order with --order (or type the credit on the LCs sheet)"


# --- Check L/C ---------------------------------------------------------------------------------


@dataclass
class _Checked:
    rows: list[dict[Any, Any]] = field(default_factory=list)
    plans: list[dict[Any, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in Ch.Severity})
    details: list[str] = field(default_factory=list)
    credits: int = 0


def check_lc(
    register: Register,
    *,
    order_ids: Sequence[str] | None = None,
    progress: Progress = NO_PROGRESS,
) -> Outcome:
    """Check each credit on the LCs sheet (or those of the orders named or selected) against the
    CI, PL and PI OrderDesk would print and the order's Shipments; write the LCCheck sheet
    (discrepancies, risks and notes, then the presentation planner) and save."""
    run = A.open_run(register)
    policy = run.policy
    named = known_orders(order_ids or (), run.orders.frame[Orders.order_id])  # or: no such order
    wanted = {o.upper() for o in named} or _selected(register)
    by_order = run.orders.frame.groupby(
        run.orders.frame[Orders.order_id].astype("string").str.strip(), sort=False
    ).groups
    amber = int(policy.get(Setting.LC_AMBER_DAYS))
    red = int(policy.get(Setting.LC_RED_DAYS))
    now = today()
    out = _Checked()
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
    with stage(progress, "Checking L/Cs", len(records)) as bar:
        for rec in records:
            _check_one(run, rec, by_order, now, amber, red, out)
            bar.advance()
    register.write_sheet(_sheet(out, now, register.user))
    register.save()
    c = out.counts
    summary = (
        f"checked {out.credits} letter{'s' if out.credits != 1 else ''} of credit: "
        f"{c['discrepancy']} discrepanc{'ies' if c['discrepancy'] != 1 else 'y'}, "
        f"{c['risk']} risk{'s' if c['risk'] != 1 else ''}, {c['note']} note"
        f"{'s' if c['note'] != 1 else ''} (LCCheck sheet)"
    )
    return Outcome(
        summary,
        findings=c["discrepancy"],
        details=out.details,
        data={
            "discrepancies": [
                {str(k): (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()}
                for r in out.rows
            ],
            "planner": [
                {str(k): (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()}
                for r in out.plans
            ],
        },
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


def _check_one(
    run: Any,
    rec: dict[str, Any],
    by_order: Any,
    now: dt.date,
    amber: int,
    red: int,
    out: _Checked,
) -> None:
    lc_no = str(rec[LCs.lc_no.attr] or "")
    order_id = str(rec[LCs.order_id.attr] or "").strip()
    credit, problems = credit_of(rec)
    out.credits += 1
    if credit is None:
        for p in problems:
            _row_unusable(
                out,
                order_id,
                lc_no,
                f"{p.tag} {p.column}".strip(),
                "" if p.value is None else str(p.value),
                f"{run.lcs.ref(p.row, p.column)}: {p.problem}; "
                "the credit is not checked until it is corrected",
            )
        return
    if order_id not in by_order:
        _row_unusable(
            out,
            order_id,
            lc_no,
            "Order ID",
            order_id,
            f"{run.lcs.ref(rec['row'], LCs.order_id)}: no such order on the {Orders.sheet} sheet",
        )
        return
    docs: dict[DocKind, Document | None] = {}
    refused: dict[str, list[str]] = {}
    early: dict[str, str] = {}
    # The PI is not built: the credit names it by its number, PI-<order>, and the CI carries
    # every figure the PI would.
    # One gathering of the order's facts serves both (the CI's include the shipment, as the PL's).
    facts = A.order_facts(run, order_id, DocKind.CI, by_order)
    for kind in (DocKind.CI, DocKind.PL):
        docs[kind], why = _would_print(run, kind, facts)
        if why and why[0] == _EARLY:
            # Before its stage a blank it will need is a note for later, not a risk now.
            early[K.PREFIX[kind]] = f"from stage {K.READY_AT[kind][0].value!r} on" + "".join(
                f"; still needed: {w}" for w in why[1:3]
            )
        elif why:
            refused[K.PREFIX[kind]] = [w for w in why if w != _EARLY]
    ci = docs[DocKind.CI]
    order = facts.order
    legs = [_leg(r) for r in A.facts_of(run).shipments.get(order_id, [])]
    shipped = ci.shipment.shipped_on if ci is not None and ci.shipment else None
    if shipped is None and not legs:
        s = order.get(Orders.shipped_on.attr)
        shipped = s if s is not None and s <= now else None
    planned = max((x.etd for x in legs if x.etd), default=None) or order.get(
        Orders.promised_ship.attr
    )
    presented = rec.get(LCs.presented_on.attr)
    pres = Ch.Presentation(
        ci=ci,
        pl=docs[DocKind.PL],
        refused=refused,
        early=early,
        legs=legs,
        on_board=shipped,
        planned=planned,
        presented_on=presented,
        order_pod=str(order.get(Orders.port_of_discharge.attr) or "").upper(),
        seller_name=run.company.name,
        seller_address=run.company.address,
        today=now,
    )
    for d in Ch.check(credit, pres):
        _add(out, order_id, lc_no, d)
    stage_ = Stage.read(order.get(Orders.stage.attr))
    if presented is None and stage_ is not Stage.CANCELLED:
        planned = plan(credit, order_id, shipped, now, amber, red)
        out.plans.append(
            {
                LCPlan.lc_no: planned.lc_no,
                LCPlan.order_id: planned.order_id,
                LCPlan.latest_shipment: planned.latest_shipment,
                LCPlan.on_board: planned.on_board,
                LCPlan.last_presentation: planned.last_presentation,
                LCPlan.expiry: planned.expiry,
                LCPlan.days_left: planned.days_left,
                LCPlan.state: planned.state,
                LCPlan.what_next: planned.what_next,
            }
        )


def _would_print(run: Any, kind: DocKind, facts: K.OrderFacts) -> tuple[Document | None, list[str]]:
    """The document as OrderDesk would print it now, and why it would be refused (its stage, a
    blank it needs, a Validate error); a refused one is read as a draft, so its figures are
    still checked."""
    built = K.build(kind, facts, run.company, version=1, issue_date=today())
    if built.document is not None:
        return built.document, []
    # Too early for its stage is no problem of the credit's: said apart from what stops it.
    why = [_EARLY if p.column == Orders.stage else A._where(run, p) for p in built.problems]
    draft = K.build(kind, replace(facts, draft=True), run.company, version=1, issue_date=today())
    return draft.document, why


def _leg(r: dict[str, Any]) -> Ch.Leg:
    def s(col: Any) -> str:
        v = r.get(col.attr)
        return "" if v is None else str(v).strip()

    return Ch.Leg(
        mode=s(Shipments.mode).lower(),
        bl_no=s(Shipments.bl_no),
        container=s(Shipments.container_no).upper(),
        vessel=s(Shipments.vessel),
        port_of_loading=s(Shipments.port_of_loading).upper(),
        port_of_discharge=s(Shipments.port_of_discharge).upper(),
        atd=r.get(Shipments.atd.attr),
        etd=r.get(Shipments.etd.attr),
    )


def _row_unusable(
    out: _Checked, order_id: str, lc_no: str, field: str, value: str, why: str
) -> None:
    """A discrepancy on the LCs row itself: the credit cannot be checked as typed."""
    d = Ch.Discrepancy("LCs sheet", field, value, "", "", Ch.Severity.DISCREPANCY, why)
    _add(out, order_id, lc_no, d)


def _add(out: _Checked, order_id: str, lc_no: str, d: Ch.Discrepancy) -> None:
    out.counts[d.severity.value] += 1
    out.rows.append(
        {
            LCDiscrepancies.order_id: order_id,
            LCDiscrepancies.lc_no: lc_no,
            LCDiscrepancies.severity: d.severity.value,
            LCDiscrepancies.document: d.document,
            LCDiscrepancies.field: d.field,
            LCDiscrepancies.lc_says: d.lc_says,
            LCDiscrepancies.document_says: d.document_says,
            LCDiscrepancies.article: d.article,
            LCDiscrepancies.note: d.note,
        }
    )
    if d.severity is not Ch.Severity.NOTE:
        says = f"L/C: {_short(d.lc_says)}; {d.document}: {_short(d.document_says)}"
        out.details.append(
            f"{order_id} {lc_no} {d.severity.value}: {d.field} — {says} ({d.article or 'LCs sheet'})"
            + (
                f" {d.note}"
                if d.severity is Ch.Severity.DISCREPANCY and d.document == "LCs sheet"
                else ""
            )
        )


def _short(text: str) -> str:
    one = " ".join(str(text).split())
    return one if len(one) <= 70 else one[:67] + "…"


def _sheet(out: _Checked, now: dt.date, user: str) -> SheetContent:
    order = {s.value: i for i, s in enumerate(Ch.Severity)}
    rows = sorted(
        out.rows,
        key=lambda r: (order[r[LCDiscrepancies.severity]], str(r[LCDiscrepancies.order_id])),
    )
    frame = pd.DataFrame(rows, columns=list(LCDiscrepancies.columns()))
    by_days_left: list[dict[Any, Any]] = sorted(out.plans, key=lambda r: r[LCPlan.days_left])
    plans = pd.DataFrame(by_days_left, columns=list(LCPlan.columns()))
    c = out.counts
    notes = [
        f"{out.credits} credit{'s' if out.credits != 1 else ''} checked on {now.isoformat()} by "
        f"{user}: {c['discrepancy']} discrepancies (a bank would refuse), {c['risk']} risks (act "
        f"before presenting), {c['note']} notes (by hand).",
        "Articles: UCP 600 and ISBP 745. This sheet is rewritten by Check L/C.",
    ]
    header_row = 1 + 1 + len(notes) + 1
    cols = list(LCDiscrepancies.columns())
    sev = chr(ord("A") + cols.index(LCDiscrepancies.severity))
    marks = {
        f"{sev}{header_row + i}": SEVERITY_FILL[r[LCDiscrepancies.severity]]
        for i, r in enumerate(rows, start=1)
    }
    # The planner sits below the findings (as the adapters lay blocks out: two blank rows and
    # its title between them).
    plan_header = header_row + max(len(rows), 1) + 4
    st = chr(ord("A") + list(LCPlan.columns()).index(LCPlan.state))
    marks.update(
        {
            f"{st}{plan_header + i}": STATE_COLOURS[State(r)]
            for i, r in enumerate(plans[LCPlan.state], start=1)
        }
    )
    blocks = [
        Block(
            LCDiscrepancies.table_name,
            frame,
            widths={str(c): c.width for c in LCDiscrepancies.columns()},
        ),
        Block(
            LCPlan.table_name,
            plans,
            title=f"Presentation planner ({len(plans)} open credit{'s' if len(plans) != 1 else ''})",
            formats={str(c): c.number_format for c in LCPlan.columns()},
        ),
    ]
    return SheetContent(
        LCDiscrepancies.sheet, blocks, heading="L/C check", notes=notes, marks=marks
    )


__all__ = ["LcImportError", "LcMessageError", "check_lc", "import_lc", "import_lc_folder"]
