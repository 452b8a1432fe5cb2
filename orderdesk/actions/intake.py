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
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress, stage
from orderdesk.adapters.intake import SUFFIXES, read_file
from orderdesk.domain.intake import (
    CustomerRef,
    Imported,
    IntakeError,
    Lesson,
    ProductRef,
    gaps,
    interpret,
    learn,
    questions,
    read_po,
)
from orderdesk.domain.questions import customer_language
from orderdesk.domain.validation.rules.consistency import po_key
from orderdesk.ports import Register, today
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
from orderdesk.settings import load_policy

_ID = re.compile(r"^SO-(\d{4})-(\d+)$")
# The order's columns Import PO fills from the purchase order, in the order they are listed.
ORDER_FIELDS = (
    Orders.customer_po, Orders.order_date, Orders.currency, Orders.incoterm, Orders.named_place,
    Orders.payment_terms, Orders.requested_delivery, Orders.ship_to, Orders.ship_to_country,
    Orders.order_total,
)  # fmt: skip
LINE_FIELDS = (
    OrderLines.sku, OrderLines.description, OrderLines.qty, OrderLines.unit,
    OrderLines.unit_price, OrderLines.amount,
)  # fmt: skip


@dataclass
class Run:
    """What one import run knows and has done."""

    register: Register
    threshold: float
    customers: list[CustomerRef]
    products: list[ProductRef]
    lessons: list[Lesson]
    own_names: list[str]
    seen: dict[str, str]  # file fingerprint → order id
    pos: dict[tuple[str, str], str]  # (customer, PO key) → order id
    order_ids: list[str]
    made: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    lessons_new: list[Lesson] = field(default_factory=list)


def po_folder(register: Register) -> Path:
    """Settings' PO folder, relative to the workbook's folder."""
    folder = Path(str(load_policy(register).get(Setting.PO_FOLDER) or "purchase orders"))
    return folder if folder.is_absolute() else Path(register.source).parent / folder


def po_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def import_folder(register: Register, progress: Progress = NO_PROGRESS) -> Outcome:
    """The Import PO button: every purchase order in Settings' PO folder not imported yet."""
    folder = po_folder(register)
    files = po_files(folder)
    if not files:
        return Outcome(
            f"import PO: no purchase orders in {folder}",
            findings=1,
            details=[f"put the customers' e-mails, PDFs, scans or sheets in {folder}"],
        )
    return import_pos(register, files, progress=progress)


def import_pos(
    register: Register, files: Sequence[Path], *, progress: Progress = NO_PROGRESS
) -> Outcome:
    """Import these purchase order files (see the module's docstring)."""
    run = _start(register)
    with stage(progress, "Reading the purchase orders", len(files)) as bar:
        for path in files:
            _one(run, Path(path))
            bar.advance()
    if run.made or run.lessons_new:
        register.save()
    return _outcome(run)


def _start(register: Register) -> Run:
    policy = load_policy(register)
    customers = register.read(Customers).records()
    products = register.read(Products).records()
    orders = register.read(Orders)
    log = register.read(IntakeLog).records()
    learned = register.read(Learned).records()
    run = Run(
        register,
        float(policy.decimal(Setting.INTAKE_CONFIDENCE)),
        [
            CustomerRef(
                c["customer_id"],
                c["name"] or "",
                tuple(a.strip() for a in (c["aliases"] or "").split(";") if a.strip()),
                c["email"],
                c["vat_no"],
                c["country"],
                c["language"],
                c["currency"],
            )
            for c in customers
            if c["customer_id"]
        ],
        [
            ProductRef(p["sku"], p["description"] or "", p["description_zh"], p["unit"])
            for p in products
            if p["sku"]
        ],
        [
            Lesson(r["customer"], r["field"], r["they_write"], r["means"])
            for r in learned
            if r["customer"] and r["field"] and r["they_write"] and r["means"]
        ],
        [str(policy.get(Setting.COMPANY_NAME) or "")],
        {r["sha256"]: r["order_id"] or "" for r in log if r["sha256"]},
        {},
        [str(x) for x in orders.frame[Orders.order_id].dropna()],
    )
    for rec in orders.records():
        key = po_key(rec["customer_po"])
        if rec["customer"] and key and rec["order_id"]:
            run.pos.setdefault((rec["customer"], key), rec["order_id"])
    run.lessons_new = _learn(run, orders.records())
    return run


def _learn(run: Run, orders: list[dict[str, Any]]) -> list[Lesson]:
    """Corrections people made to imported orders since the last run, kept on Learned."""
    fields = [r for r in run.register.read(IntakeFields).records() if r["order_id"]]
    if not fields:
        return []
    now: dict[tuple[str, int | None], dict[str, Any]] = {
        (o["order_id"], None): {Orders.order_date: o["order_date"]} for o in orders
    }
    for ln in run.register.read(OrderLines).records():
        now[(ln["order_id"], ln["line_no"])] = {OrderLines.sku: ln["sku"]}
    customers = {o["order_id"]: o["customer"] for o in orders if o["order_id"]}
    new = learn(fields, now, customers, run.lessons)
    if new:
        run.register.append(Learned, [
            {Learned.customer: x.customer, Learned.field: x.field, Learned.they_write: x.they_write,
             Learned.means: x.means, Learned.learned_on: today()}
            for x in new
        ])  # fmt: skip
        run.lessons += new
    return new


def _one(run: Run, path: Path) -> None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        run.unreadable.append(f"{path}: cannot be read ({exc.strerror or exc})")
        return
    digest = hashlib.sha256(data).hexdigest()
    if digest in run.seen:
        run.already.append(
            f"{path.name}: imported before as {run.seen[digest] or 'nothing'}; nothing added"
        )
        return
    try:
        source = read_file(path)
    except IntakeError as exc:
        run.unreadable.append(str(exc))
        return
    po = read_po(source)
    if not po.lines:
        run.unreadable.append(
            f"{path.name}: no purchase order in it (no line with a quantity in its "
            f"{len(source.lines)} lines of text{' or its attachments' if source.channel == 'email' else ''})"
        )
        return
    got = interpret(po, run.customers, run.products, run.lessons, run.own_names)
    if got.customer.id is None:
        rivals = f" ({', '.join(got.customer.rivals)})" if got.customer.rivals else ""
        run.refused.append(
            {
                "file": path.name,
                "reason": f"customer unknown: {got.customer.reason}{rivals}; add the customer (name, alias, e-mail or VAT No.) on {Customers.sheet}, then import again",
            }
        )
        return
    po_no = got.get(Orders.customer_po)
    key = po_key(po_no.value) if po_no.sure(run.threshold) else None
    if key and (got.customer.id, key) in run.pos:
        run.already.append(
            f"{path.name}: PO {po_no.value} of {got.customer.id} is already order {run.pos[(got.customer.id, key)]}; nothing added"
        )
        return
    _write(run, path, digest, got, source.channel)
    if key:
        run.pos[(got.customer.id, key)] = run.made[-1]["order_id"]


def _next_id(run: Run) -> str:
    year = today().year
    numbers = [int(m[2]) for o in run.order_ids if (m := _ID.match(o)) and int(m[1]) == year]
    order_id = f"SO-{year}-{max(numbers, default=0) + 1:04d}"
    run.order_ids.append(order_id)
    return order_id


def _write(run: Run, path: Path, digest: str, got: Imported, channel: str) -> None:
    t = run.threshold
    order_id = _next_id(run)
    customer = next(c for c in run.customers if c.id == got.customer.id)
    order: dict[Any, Any] = {Orders.order_id: order_id, Orders.customer: customer.id,
                             Orders.stage: Stage.RECEIVED.value, Orders.source_file: path.name}  # fmt: skip
    trail: list[dict[Any, Any]] = []
    for col in ORDER_FIELDS:
        v = got.fields.get(col)
        if v is None:
            continue
        if v.sure(t):
            order[col] = v.value
        trail.append(_trail(order_id, None, col, v.read, v.value if v.sure(t) else None, v))
    lines = []
    for n, line in enumerate(got.lines, start=1):
        row: dict[Any, Any] = {OrderLines.order_id: order_id, OrderLines.line_no: n}
        for col in LINE_FIELDS:
            v = line.get(col)
            if v.sure(t):
                row[col] = v.value
            if v.read or v.value is not None:
                read = (line.part or v.read) if col == OrderLines.sku else v.read
                trail.append(_trail(order_id, n, col, read, row.get(col), v))
        lines.append(row)
    asked = questions(gaps(got, t), customer_language(customer.language))
    written = sum(1 for r in trail if r[IntakeFields.written] not in (None, ""))
    run.register.append(Orders, [order])
    run.register.append(OrderLines, lines)
    run.register.append(IntakeFields, trail)
    run.register.append(IntakeLog, [{
        IntakeLog.sha256: digest, IntakeLog.file: path.name, IntakeLog.channel: channel,
        IntakeLog.order_id: order_id, IntakeLog.customer: customer.id,
        IntakeLog.customer_po: order.get(Orders.customer_po), IntakeLog.fields_read: written,
        IntakeLog.fields_blank: len(trail) - written, IntakeLog.questions: "\n".join(asked) or None,
        IntakeLog.imported_at: dt.datetime.now().replace(microsecond=0), IntakeLog.by: run.register.user,
    }])  # fmt: skip
    run.made.append({
        "file": path.name, "order_id": order_id, "customer": customer.id,
        "customer_name": customer.name, "customer_match": got.customer.reason,
        "channel": channel, "lines": len(lines), "questions": asked,
        "fields": [{str(k): (str(v) if v is not None else None) for k, v in r.items()} for r in trail],
    })  # fmt: skip


def _trail(
    order_id: str, line: int | None, col: str, read: str, written: Any, v: Any
) -> dict[Any, Any]:
    shown = written.isoformat() if isinstance(written, dt.date) else written
    return {IntakeFields.order_id: order_id, IntakeFields.line_no: line, IntakeFields.field: str(col),
            IntakeFields.read: read or None, IntakeFields.written: None if shown is None else str(shown),
            IntakeFields.confidence: round(v.confidence, 3), IntakeFields.source: str(v.where) if v.where else None}  # fmt: skip


def _outcome(run: Run) -> Outcome:
    asked = sum(1 for m in run.made if m["questions"])
    details: list[str] = []
    for m in run.made:
        details.append(
            f"{m['file']} → {m['order_id']} ({m['customer']} {m['customer_name']}, {m['lines']} lines, stage {Stage.RECEIVED.value})"
        )
        details += [f"  ? {q}" for q in m["questions"]]
    details += [f"{r['file']}: not imported: {r['reason']}" for r in run.refused]
    details += run.already + [f"unreadable: {u}" for u in run.unreadable]
    details += [
        f"learned: {x.customer} writes '{x.they_write}' for {x.field} {x.means}"
        for x in run.lessons_new
    ]
    summary = (
        f"import PO: {len(run.made)} order{'s' if len(run.made) != 1 else ''} added at stage "
        f"'{Stage.RECEIVED.value}', {asked} with questions for the customer; "
        f"{len(run.refused)} refused, {len(run.unreadable)} unreadable, {len(run.already)} already imported"
    )
    return Outcome(
        summary,
        findings=asked + len(run.refused) + len(run.unreadable),
        details=details,
        data={
            "orders": run.made,
            "refused": run.refused,
            "unreadable": run.unreadable,
            "already": run.already,
            "learned": [x.__dict__ for x in run.lessons_new],
        },
    )
