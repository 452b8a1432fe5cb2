"""Import PO: customers' purchase orders become orders at stage 'received', each field with its
source and how sure OrderDesk is of it, what it is not sure of left blank and asked.

Read → domain → write. The register is read once (customers, products, what was imported and
learned before); what people corrected since the last import is learned first, so the next
order from that customer reads right; then each file is read (adapters), interpreted (domain)
and, if it names a known customer and holds at least one line, appended as a new order with its
lines, a row on the Intake sheet and one row per field on IntakeFields. Nothing existing is ever
changed: a file already imported (same bytes) or a PO number the customer already has on an
order adds nothing and names that order. One save at the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orderdesk.actions.base import Outcome, stage
from orderdesk.actions.context import RunContext
from orderdesk.adapters.intake import SUFFIXES, read_file
from orderdesk.domain.intake import (
    CustomerRef,
    IntakeError,
    Lesson,
    ProductRef,
    gaps,
    interpret,
    learn,
    questions,
    read_po,
)
from orderdesk.domain.intake import rows as R
from orderdesk.domain.questions import customer_language
from orderdesk.domain.validation.rules.consistency import po_key
from orderdesk.ports import Register
from orderdesk.schema import (
    Customers,
    IntakeFields,
    IntakeLog,
    Learned,
    OrderLines,
    Orders,
    Products,
    Setting,
    Stage,
)


@dataclass
class Run:
    """What one import run knows and has done."""

    register: Register
    today: dt.date
    threshold: float
    customers: list[CustomerRef]
    products: list[ProductRef]
    lessons: list[Lesson]
    own_names: list[str]
    seen: dict[str, str]  # file fingerprint → order id
    pos: dict[tuple[str, str], str] = field(default_factory=dict)  # (customer, PO key) → order
    order_ids: list[str] = field(default_factory=list)
    made: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    lessons_new: list[Lesson] = field(default_factory=list)


def po_folder(ctx: RunContext) -> Path:
    """Settings' PO folder, relative to the workbook's folder."""
    folder = Path(str(ctx.policy.get(Setting.PO_FOLDER) or "purchase orders"))
    return folder if folder.is_absolute() else Path(ctx.register.source).parent / folder


def import_picked(ctx: RunContext, picked: Sequence[Path] | None) -> Outcome:
    """The Import PO button: the files the person picked (None: Excel had no file dialog to
    offer, so the PO folder's new files; an empty pick: the dialog was cancelled)."""
    if picked is None:
        return import_folder(ctx)
    if not picked:
        return Outcome("import PO: no file picked, nothing imported")
    return import_pos(ctx, picked)


def import_folder(ctx: RunContext) -> Outcome:
    """Every purchase order in Settings' PO folder not imported yet."""
    folder = po_folder(ctx)
    files = sorted(
        p for p in (folder.iterdir() if folder.is_dir() else ())
        if p.is_file() and p.suffix.lower() in SUFFIXES
    )  # fmt: skip
    if not files:
        return Outcome(
            f"import PO: no purchase orders in {folder}",
            findings=1,
            details=[f"put the customers' e-mails, PDFs, scans or sheets in {folder}"],
        )
    return import_pos(ctx, files)


def import_pos(ctx: RunContext, files: Sequence[Path]) -> Outcome:
    """Import these purchase order files (see the module's docstring)."""
    run = _start(ctx)
    with stage(ctx.progress, "Reading the purchase orders", len(files)) as bar:
        for path in files:
            _one(run, Path(path))
            bar.advance()
    if run.made or run.lessons_new:
        ctx.register.save()
    return _outcome(run)


def _start(ctx: RunContext) -> Run:
    register, policy = ctx.register, ctx.policy
    orders = register.read(Orders).records()
    run = Run(
        register,
        ctx.today,
        float(policy.decimal(Setting.INTAKE_CONFIDENCE)),
        R.customers_from(register.read(Customers).records()),
        R.products_from(register.read(Products).records()),
        R.lessons_from(register.read(Learned).records()),
        [str(policy.get(Setting.COMPANY_NAME) or "")],
        {
            r["sha256"]: r["order_id"] or ""
            for r in register.read(IntakeLog).records()
            if r["sha256"]
        },
        order_ids=[o["order_id"] for o in orders if o["order_id"]],
    )
    for rec in orders:
        key = po_key(rec["customer_po"])
        if rec["customer"] and key and rec["order_id"]:
            run.pos.setdefault((rec["customer"], key), rec["order_id"])
    _learn(run, orders)
    return run


def _learn(run: Run, orders: list[dict[str, Any]]) -> None:
    """Corrections people made to imported orders since the last run, kept on Learned."""
    fields = [r for r in run.register.read(IntakeFields).records() if r["order_id"]]
    if not fields:
        return
    now: dict[tuple[str, int | None], dict[str, Any]] = {
        (o["order_id"], None): {Orders.order_date: o["order_date"]} for o in orders
    }
    for ln in run.register.read(OrderLines).records():
        now[(ln["order_id"], ln["line_no"])] = {OrderLines.sku: ln["sku"]}
    customers = {o["order_id"]: o["customer"] for o in orders if o["order_id"]}
    run.lessons_new = learn(fields, now, customers, run.lessons)
    if run.lessons_new:
        run.register.append(Learned, R.lesson_rows(run.lessons_new, run.today))
        run.lessons += run.lessons_new


def _one(run: Run, path: Path) -> None:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in run.seen:
            run.already.append(f"{path.name}: imported before as {run.seen[digest]}; nothing added")
            return
        source = read_file(path)
    except IntakeError as exc:
        run.unreadable.append(str(exc))
        return
    except OSError as exc:
        run.unreadable.append(f"{path}: cannot be read ({exc.strerror or exc})")
        return
    po = read_po(source)
    if not po.lines:
        where = " or its attachments" if source.channel == "email" else ""
        run.unreadable.append(
            f"{path.name}: no purchase order in it (no line with a quantity in its "
            f"{len(source.lines)} lines of text{where})"
        )
        return
    got = interpret(po, run.customers, run.products, run.lessons, run.own_names)
    who = got.customer
    if who.id is None:
        rivals = f" ({', '.join(who.rivals)})" if who.rivals else ""
        run.refused.append({"file": path.name, "reason": (
            f"customer unknown: {who.reason}{rivals}; add the customer (name, alias, e-mail or "
            f"VAT No.) on {Customers.sheet}, then import again")})  # fmt: skip
        return
    po_no = got.get(Orders.customer_po)
    key = po_key(po_no.value) if po_no.sure(run.threshold) else None
    if key and (who.id, key) in run.pos:
        made = run.pos[(who.id, key)]
        run.already.append(
            f"{path.name}: PO {po_no.value} of {who.id} is already order {made}; nothing added"
        )
        return
    order_id = R.next_order_id(run.order_ids, run.today.year)
    run.order_ids.append(order_id)
    new = R.new_order(got, order_id, run.threshold, path.name)
    customer = next(c for c in run.customers if c.id == who.id)
    asked = questions(gaps(got, run.threshold), customer_language(customer.language))
    run.register.append(Orders, [new.order])
    run.register.append(OrderLines, new.lines)
    run.register.append(IntakeFields, new.trail)
    run.register.append(IntakeLog, [{
        IntakeLog.sha256: digest, IntakeLog.file: path.name, IntakeLog.channel: source.channel,
        IntakeLog.order_id: order_id, IntakeLog.customer: who.id,
        IntakeLog.customer_po: new.order.get(Orders.customer_po), IntakeLog.fields_read: new.written,
        IntakeLog.fields_blank: new.blank, IntakeLog.questions: "\n".join(asked) or None,
        IntakeLog.imported_at: dt.datetime.now().replace(microsecond=0), IntakeLog.by: run.register.user,
    }])  # fmt: skip
    if key:
        run.pos[(who.id, key)] = order_id
    run.made.append({
        "file": path.name, "order_id": order_id, "customer": who.id, "customer_name": customer.name,
        "customer_match": who.reason, "channel": source.channel, "lines": len(new.lines),
        "questions": asked,
        "fields": [{str(k): (None if v is None else str(v)) for k, v in r.items()} for r in new.trail],
    })  # fmt: skip


def _outcome(run: Run) -> Outcome:
    asked = sum(1 for m in run.made if m["questions"])
    details: list[str] = []
    for m in run.made:
        details.append(
            f"{m['file']} → {m['order_id']} ({m['customer']} {m['customer_name']}, "
            f"{m['lines']} lines, stage {Stage.RECEIVED.value})"
        )
        details += [f"  ? {q}" for q in m["questions"]]
    details += [f"{r['file']}: not imported: {r['reason']}" for r in run.refused]
    details += run.already + [f"unreadable: {u}" for u in run.unreadable]
    details += [
        f"learned: {x.customer} writes '{x.they_write}' for {x.field} {x.means}"
        for x in run.lessons_new
    ]
    n = len(run.made)
    summary = (
        f"import PO: {n} order{'s' if n != 1 else ''} added at stage '{Stage.RECEIVED.value}', "
        f"{asked} with questions for the customer; {len(run.refused)} refused, "
        f"{len(run.unreadable)} unreadable, {len(run.already)} already imported"
    )
    data = {"orders": run.made, "refused": run.refused, "unreadable": run.unreadable,
            "already": run.already, "learned": [x.__dict__ for x in run.lessons_new]}  # fmt: skip
    return Outcome(
        summary, findings=asked + len(run.refused) + len(run.unreadable), details=details, data=data
    )
